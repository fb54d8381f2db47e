#!/usr/bin/env bash
# Fills the agent image's build context: dist/app (worker-agent's packaged Quarkus app, by Maven) and
# dist/runtime (a Java runtime made by jlink). build-images.sh runs it, and only when no image exists
# for the current sources.
#   JAVA_HOME: a JDK >= 21 (default: the newest /usr/lib/jvm/temurin-*); MVN: Maven 3.9 (default: the
#   one ./hearth installs under $HEARTH_CACHE).
set -euo pipefail
ctx=$1
repo=$(cd "$(dirname "$0")/../.." && pwd)
if [ -z "${JAVA_HOME:-}" ] || [ ! -x "$JAVA_HOME/bin/jlink" ]; then
  JAVA_HOME=$(ls -d /usr/lib/jvm/temurin-*-jdk* 2>/dev/null | sort -V | tail -n 1)
fi
[ -x "${JAVA_HOME:-}/bin/jlink" ] || { echo "prepare agent: no JDK with jlink (set JAVA_HOME)" >&2; exit 1; }
export JAVA_HOME
mvn=${MVN:-${HEARTH_CACHE:-$HOME/.cache/hearth}/maven/apache-maven-3.9.16/bin/mvn}
[ -x "$mvn" ] || mvn=$(command -v mvn || true)
[ -n "$mvn" ] || { echo "prepare agent: no Maven (set MVN, or run ./hearth build once)" >&2; exit 1; }

echo "prepare agent: packaging worker-agent" >&2
"$mvn" -B -q -f "$repo/pom.xml" -pl worker-agent -am -Dmaven.test.skip=true package >&2
mkdir -p "$ctx/dist"
cp -a "$repo/worker-agent/target/quarkus-app" "$ctx/dist/app"

# The whole Java SE set rather than what jdeps finds: Quarkus loads much by reflection and service
# loaders that jdeps cannot see, and a missing module would fail at run time on a host, far from here.
# Plus elliptic-curve TLS (cluster certificates), sun.misc.Unsafe (Netty) and DNS naming.
modules=java.se,jdk.crypto.ec,jdk.unsupported,jdk.naming.dns,jdk.zipfs
echo "prepare agent: jlink --add-modules $modules" >&2
"$JAVA_HOME/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
  --compress=zip-6 --output "$ctx/dist/runtime" >&2
