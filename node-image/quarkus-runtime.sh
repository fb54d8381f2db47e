#!/usr/bin/env bash
# Fills the image build context of one of Hearth's Quarkus services (the backend): dist/app (the
# module's Quarkus fast-jar, target/quarkus-app, packaged by Maven) and dist/runtime (a Java runtime
# made by jlink, as node-image/wasm-node/prepare.sh makes the WASI node's). build-images.sh runs it
# through the role's prepare.sh, and only when no image exists for the current sources.
#   usage: quarkus-runtime.sh <maven module> <context dir>
#   JAVA_HOME: a JDK >= 21 (default: the newest /usr/lib/jvm/temurin-*); MVN: Maven 3.9 (default: the
#   one ./hearth installs under $HEARTH_CACHE).
set -euo pipefail
module=$1 ctx=$2
repo=$(cd "$(dirname "$0")/.." && pwd)
if [ -z "${JAVA_HOME:-}" ] || [ ! -x "$JAVA_HOME/bin/jlink" ]; then
  JAVA_HOME=$(ls -d /usr/lib/jvm/temurin-*-jdk* 2>/dev/null | sort -V | tail -n 1)
fi
[ -x "${JAVA_HOME:-}/bin/jlink" ] || { echo "prepare $module: no JDK with jlink (set JAVA_HOME)" >&2; exit 1; }
export JAVA_HOME
mvn=${MVN:-${HEARTH_CACHE:-$HOME/.cache/hearth}/maven/apache-maven-3.9.16/bin/mvn}
[ -x "$mvn" ] || mvn=$(command -v mvn || true)
[ -n "$mvn" ] || { echo "prepare $module: no Maven (set MVN, or run ./hearth build once)" >&2; exit 1; }

echo "prepare $module: packaging the Quarkus application" >&2
"$mvn" -B -q -f "$repo/pom.xml" -pl "$module" -am -Dmaven.test.skip=true package >&2
mkdir -p "$ctx/dist"
cp -a "$repo/$module/target/quarkus-app" "$ctx/dist/app"

# Not jdeps' list, unlike the WASI node: Quarkus and its extensions load much through reflection and
# ServiceLoader (JDBC, JMX metrics, JNDI, zip file systems), which jdeps cannot see. The Java SE
# modules plus the few JDK ones those need are the safe set; debug data, man pages and headers go.
modules=java.se,jdk.unsupported,jdk.crypto.ec,jdk.management,jdk.naming.dns,jdk.zipfs
echo "prepare $module: jlink --add-modules $modules" >&2
"$JAVA_HOME/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
  --compress=zip-6 --output "$ctx/dist/runtime" >&2
