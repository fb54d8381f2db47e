# shellcheck shell=bash
# Prerequisites: Debian packages, a JDK >= 21, Maven 3.9, Chromium, small tools.
# Sourced by ./hearth, which sets the paths, ports and versions used here; defines functions only.

APT_UPDATED=
apt_install() { # package...
  if ! is_root || ! command -v apt-get >/dev/null; then
    die "missing: $* — install it (on Debian: sudo apt-get install $*) or run ./hearth as root on Debian"
  fi
  if [ -z "$APT_UPDATED" ]; then
    say "installing: apt-get update"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >>"$LOGS/apt.log" 2>&1 9>&- \
      || { log_tail "$LOGS/apt.log"; die "apt-get update failed"; }
    APT_UPDATED=1
  fi
  say "installing: $* (apt-get, log $LOGS/apt.log)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >>"$LOGS/apt.log" 2>&1 9>&- \
    || { log_tail "$LOGS/apt.log"; die "apt-get install $* failed"; }
}

need_cmd() { # command package
  command -v "$1" >/dev/null || apt_install "$2"
}

jdk_feature() { # java-home -> feature version (21, 25, …) or nothing
  local home=$1 v=
  [ -x "$home/bin/java" ] || return 0
  [ -f "$home/release" ] && v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release")
  [ -n "$v" ] || v=$("$home/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/.*java.specification.version = \([0-9]*\).*/\1/p')
  echo "$v"
}

# The newest JDK >= 21: Temurin installs first, then $JAVA_HOME, then the java on PATH.
JDK=
choose_jdk() {
  [ -n "$JDK" ] && return 0
  local home v best="" best_v=0 seen=()
  for home in /usr/lib/jvm/temurin-*; do
    [ -d "$home" ] || continue
    v=$(jdk_feature "$home"); seen+=("$home=${v:-?}")
    if [ "${v:-0}" -ge 21 ] && [ "$v" -gt "$best_v" ]; then best=$home best_v=$v; fi
  done
  if [ -z "$best" ]; then
    local candidates=()
    [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
    command -v java >/dev/null && candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
    for home in ${candidates[@]+"${candidates[@]}"}; do
      v=$(jdk_feature "$home"); seen+=("$home=${v:-?}")
      if [ "${v:-0}" -ge 21 ]; then best=$home best_v=$v; break; fi
    done
  fi
  [ -n "$best" ] || die "no JDK >= 21 found (looked at: ${seen[*]:-nothing}). Install one (e.g. Temurin 21 or 25 under /usr/lib/jvm) or set JAVA_HOME to it."
  JDK=$best
  export JAVA_HOME=$JDK PATH=$JDK/bin:$PATH
}

# Maven 3.9 from Maven Central, once (Debian 12's 3.8.7 is too old for Quarkus' plugin).
ensure_maven() {
  [ -x "$MVN" ] && return 0
  choose_jdk
  local boot; boot=$(command -v mvn || true)
  if [ -z "$boot" ]; then apt_install maven; boot=$(command -v mvn); fi
  say "installing: Maven $MAVEN_VERSION from Maven Central into $HEARTH_CACHE/maven"
  local tmp; tmp=$(mktemp -d)
  "$boot" -B -q "$DEPENDENCY_PLUGIN:copy" -Dartifact="org.apache.maven:apache-maven:$MAVEN_VERSION:tar.gz:bin" \
    -DoutputDirectory="$tmp" >>"$LOGS/maven-bootstrap.log" 2>&1 \
    || { log_tail "$LOGS/maven-bootstrap.log"; die "failed to fetch Maven $MAVEN_VERSION with $boot"; }
  mkdir -p "$HEARTH_CACHE/maven"
  tar -xzf "$tmp/apache-maven-$MAVEN_VERSION-bin.tar.gz" -C "$HEARTH_CACHE/maven"
  rm -rf "$tmp"
}

mvn_run() { ensure_maven; choose_jdk; "$MVN" "$@"; }

ensure_chromium() {
  if [ -x /usr/bin/chromium ]; then say "Chromium: $(/usr/bin/chromium --version 2>/dev/null || echo present)"; return 0; fi
  apt_install chromium fonts-liberation
  say "Chromium: $(/usr/bin/chromium --version 2>/dev/null)"
}

# schemathesis (PyPI, pinned) in a venv of its own under the cache: the API fuzzing test
# (platform-backend's SchemathesisIT) runs $SCHEMATHESIS against the test app's /q/openapi.
SCHEMATHESIS_VERSION=4.32.5
SCHEMATHESIS_VENV=$HEARTH_CACHE/schemathesis/$SCHEMATHESIS_VERSION
SCHEMATHESIS=$SCHEMATHESIS_VENV/bin/schemathesis
ensure_schemathesis() {
  [ -x "$SCHEMATHESIS" ] && return 0
  need_cmd python3 python3
  python3 -c 'import venv, ensurepip' 2>/dev/null || apt_install python3-venv
  say "installing: schemathesis $SCHEMATHESIS_VERSION (PyPI) into $SCHEMATHESIS_VENV"
  rm -rf "$SCHEMATHESIS_VENV.tmp"
  python3 -m venv "$SCHEMATHESIS_VENV.tmp" >>"$LOGS/schemathesis-install.log" 2>&1 \
    && "$SCHEMATHESIS_VENV.tmp/bin/pip" install -q "schemathesis==$SCHEMATHESIS_VERSION" >>"$LOGS/schemathesis-install.log" 2>&1 \
    || { log_tail "$LOGS/schemathesis-install.log"; die "installing schemathesis $SCHEMATHESIS_VERSION failed"; }
  # A venv's scripts name its absolute path: build it under .tmp, then move it and fix the paths.
  mv "$SCHEMATHESIS_VENV.tmp" "$SCHEMATHESIS_VENV"
  grep -rlF "$SCHEMATHESIS_VENV.tmp" "$SCHEMATHESIS_VENV/bin" | xargs -r sed -i "s|$SCHEMATHESIS_VENV.tmp|$SCHEMATHESIS_VENV|g"
  "$SCHEMATHESIS" --version >/dev/null || die "schemathesis in $SCHEMATHESIS_VENV does not run"
}

ensure_tools() {
  need_cmd curl curl
  need_cmd flock util-linux
  need_cmd jq jq   # the README's automation example reads JSON with it
  need_cmd ip iproute2   # LaptopSystemIT makes a network namespace and a veth pair
  need_cmd iptables-restore iptables   # the agent confines cluster networks (docs/security.md)
  need_cmd nsenter util-linux          # HostJoinSystemIT starts a second dockerd in a namespace
  # The container node (docs/container-node.md): pause.c and runc's cgo need gcc, and runc needs
  # libseccomp, or kubelet's pods (which ask for seccomp profiles) cannot start.
  need_cmd gcc gcc
  # pause is linked -static: libc.a, which gcc only recommends (and apt_install leaves recommends out).
  dpkg -s libc6-dev >/dev/null 2>&1 || apt_install libc6-dev
  need_cmd pkg-config pkg-config
  pkg-config --exists libseccomp || apt_install libseccomp-dev
}
