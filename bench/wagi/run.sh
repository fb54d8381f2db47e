#!/bin/sh
# Web apps (issue 14): the hello handler of wasm-node/src/test/resources/wasm/wagi.c at the node
# (WagiBench: WagiApp, compiled module, one instance per request, HTTP on loopback, 1 and 4 clients)
# and under wasmtime (PyPI `wasmtime`, one instance per request, no HTTP) in the same run; then through the
# portal URL beside the node reached over the network (system-tests WebAppsBench).
# usage: bench/wagi/run.sh [requests per client]   (from the repository root)
set -eu
cd "$(dirname "$0")/../.."
REQUESTS=${1:-2000}
./hearth mvn -q -pl wasm-node -am test -Dtest=WagiBench -Dsurefire.failIfNoSpecifiedTests=false -Djacoco.skip=true \
    -Dbench.requests="$REQUESTS" 2>&1 | grep '^BENCH' || true
grep -h '^BENCH' wasm-node/target/surefire-reports/*WagiBench-output.txt 2>/dev/null || true
python3 -c 'import wasmtime' 2>/dev/null || python3 -m pip install -q wasmtime
python3 bench/wagi/wasmtime_per_request.py wasm-node/src/test/resources/wasm/wagi.wasm "$REQUESTS"
# Through the portal URL (backend -> tunnel over the agent channel -> agent -> node) and at the node's pod
# IP from the host, in one system stack (system-tests' WebAppsBench; its own database, registry, cluster;
# bounded to 15 min). Needs `./hearth services`; set PORTAL=0 to skip it.
if [ "${PORTAL:-1}" = 1 ]; then
    flock /tmp/hearth-lock-system ./hearth mvn -q -pl system-tests -am verify -Dtest=WebAppsBench \
        -Dsurefire.failIfNoSpecifiedTests=false -Djacoco.skip=true -Dbench.portal.requests="${PORTAL_REQUESTS:-200}" \
        2>&1 | grep '^BENCH' || echo "portal bench: no result (see system-tests/target/surefire-reports)"
fi
