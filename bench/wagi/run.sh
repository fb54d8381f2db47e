#!/bin/sh
# Web apps (issue 14): the hello handler of wasm-node/src/test/resources/wasm/wagi.c at the node
# (WagiBench: WagiApp, compiled module, one instance per request, HTTP on loopback, 1 and 4 clients)
# and under wasmtime (PyPI `wasmtime`, one instance per request, no HTTP) in the same run.
# usage: bench/wagi/run.sh [requests per client]   (from the repository root)
set -eu
cd "$(dirname "$0")/../.."
REQUESTS=${1:-2000}
./hearth mvn -q -pl wasm-node -am test -Dtest=WagiBench -Dsurefire.failIfNoSpecifiedTests=false -Djacoco.skip=true \
    -Dbench.requests="$REQUESTS" 2>&1 | grep '^BENCH' || true
grep -h '^BENCH' wasm-node/target/surefire-reports/*WagiBench-output.txt 2>/dev/null || true
python3 -c 'import wasmtime' 2>/dev/null || python3 -m pip install -q wasmtime
python3 bench/wagi/wasmtime_per_request.py wasm-node/src/test/resources/wasm/wagi.wasm "$REQUESTS"
