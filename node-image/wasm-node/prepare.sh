#!/usr/bin/env bash
# Fills a wasm-node image build context: dist/lib (the wasm-node jar and its runtime dependencies, by
# Maven) and dist/runtime (a Java runtime made by jlink with only the modules jdeps finds in them).
# build-images.sh runs it, and only when no image exists for the current sources.
#   JAVA_HOME: a JDK >= 21 (default: the newest /usr/lib/jvm/temurin-*); MVN: Maven 3.9 (default: the
#   one ./hearth installs under $HEARTH_CACHE).
set -euo pipefail
ctx=$1
repo=$(cd "$(dirname "$0")/../.." && pwd)
if [ -z "${JAVA_HOME:-}" ] || [ ! -x "$JAVA_HOME/bin/jlink" ]; then
  JAVA_HOME=$(ls -d /usr/lib/jvm/temurin-*-jdk* 2>/dev/null | sort -V | tail -n 1)
fi
[ -x "${JAVA_HOME:-}/bin/jlink" ] || { echo "prepare wasm-node: no JDK with jlink (set JAVA_HOME)" >&2; exit 1; }
export JAVA_HOME
mvn=${MVN:-${HEARTH_CACHE:-$HOME/.cache/hearth}/maven/apache-maven-3.9.16/bin/mvn}
[ -x "$mvn" ] || mvn=$(command -v mvn || true)
[ -n "$mvn" ] || { echo "prepare wasm-node: no Maven (set MVN, or run ./hearth build once)" >&2; exit 1; }

lib=$ctx/dist/lib
mkdir -p "$lib"
echo "prepare wasm-node: packaging the jar and its dependencies" >&2
# One reactor run: the node's sibling modules (kit) resolve from the reactor, not from a local repository
# nobody installed them in; each module copies its runtime dependencies into the same folder.
"$mvn" -B -q -f "$repo/pom.xml" -pl wasm-node -am -Dmaven.test.skip=true package dependency:copy-dependencies \
  -DincludeScope=runtime -DoutputDirectory="$lib" >&2
# Not the -tests jar a normal build leaves beside it (system-tests uses it; the node does not).
find "$repo/wasm-node/target" -maxdepth 1 -name 'wasm-node-*.jar' ! -name '*-tests.jar' -exec cp {} "$lib"/ \;

# jdeps lists the JDK modules the jars use; the rest are what it cannot see: elliptic-curve TLS
# (the cluster's certificates) and sun.misc.Unsafe for the HTTP client's Netty.
modules=$("$JAVA_HOME/bin/jdeps" --ignore-missing-deps --print-module-deps --multi-release 21 \
  --class-path "$lib/*" "$lib"/wasm-node-*.jar)
extra=jdk.crypto.ec,jdk.unsupported
echo "prepare wasm-node: jlink --add-modules $modules,$extra" >&2
"$JAVA_HOME/bin/jlink" --add-modules "$modules,$extra" --strip-debug --no-man-pages --no-header-files \
  --compress=zip-6 --output "$ctx/dist/runtime" >&2
