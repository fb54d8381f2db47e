#!/bin/sh
# Rebuilds the test modules from their sources — only those whose inputs changed since the committed
# .wasm was made (modules.sha256 records each module's input hash), so a run costs a few sha256sums and
# needs no toolchain. The .wasm files are committed so the tests need none either; run this after
# editing a source (the tests read the committed files). Prints each module's path.
#
#   probe     one WASI capability per command (args, env, files, links, exit codes, traps)
#   flood     N MB of log lines on stdout
#   hostile   the attacker's module of the security tests (fill, links, writes through views)
#   wagi      a WAGI web app (CGI over WASI): echo, status + header, redirect, endless loop, 100 MB flood
#   wagi-rs   (Rust) the same app's GET, POST echo and status + header
#   sa-token  (Rust) checks a projected volume's files and its token's audience, watches it rewritten
#
# Toolchain: Debian 12's clang, lld, wasi-libc, libclang-rt-14-dev-wasm32 and wabt, installed here
# when a rebuild needs it:
#   apt-get install clang lld wasi-libc libclang-rt-14-dev-wasm32 wabt
# and for the Rust module Debian's rustc with its wasm32-wasi standard library (/usr/bin/rustc on
# purpose: a rustup toolchain earlier on PATH usually lacks the target):
#   apt-get install rustc libstd-rust-dev-wasm32
# usage: build.sh [--force | --check]   (--check: build nothing, exit 1 naming each stale module;
# TestModulesTest runs it, so a source edited without rebuilding its module fails the build)
set -eu
cd "$(dirname "$0")"
CFLAGS="--target=wasm32-wasi -Os -Wall -Wextra -Werror -Wl,--strip-all"
STAMPS=modules.sha256
force= check= stale=
[ "${1:-}" = "--force" ] && force=1
[ "${1:-}" = "--check" ] && check=1
touch "$STAMPS"

fresh() { # module.wasm hash -> true if built from these inputs
    [ -z "$force" ] && [ -s "$1" ] && grep -qx "$2  $1" "$STAMPS"
}
record() { # module.wasm hash
    grep -v "  $1\$" "$STAMPS" >"$STAMPS.new" || true
    echo "$2  $1" >>"$STAMPS.new"
    LC_ALL=C sort -k2 "$STAMPS.new" >"$STAMPS"
    rm -f "$STAMPS.new"
}
rust_toolchain() {
    [ -x /usr/bin/rustc ] && [ -d /usr/lib/rustlib/wasm32-wasi ] && return 0
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "build.sh: installing rustc, libstd-rust-dev-wasm32" >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q rustc libstd-rust-dev-wasm32 >&2
    else
        echo "build.sh: needs apt-get install rustc libstd-rust-dev-wasm32" >&2
        exit 1
    fi
}
toolchain() {
    command -v clang >/dev/null && command -v wat2wasm >/dev/null && [ -d /usr/include/wasm32-wasi ] && return 0
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "build.sh: installing clang, lld, wasi-libc, libclang-rt-14-dev-wasm32, wabt" >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q clang lld wasi-libc libclang-rt-14-dev-wasm32 wabt >&2
    else
        echo "build.sh: needs apt-get install clang lld wasi-libc libclang-rt-14-dev-wasm32 wabt" >&2
        exit 1
    fi
}
build() { # source output command...
    src=$1 out=$2
    shift 2
    hash=$( { echo "$*"; cat "$src"; } | sha256sum | cut -c1-64)
    if [ -n "$check" ]; then
        fresh "$out" "$hash" || { echo "build.sh: $out is stale: rebuild it with build.sh" >&2; stale=1; }
        echo "$PWD/$out"
        return 0
    fi
    if ! fresh "$out" "$hash"; then
        case $1 in /usr/bin/rustc) rust_toolchain ;; *) toolchain ;; esac
        echo "build.sh: building $out" >&2
        "$@"
        record "$out" "$hash"
    fi
    echo "$PWD/$out"
}

for module in probe flood hostile wagi; do
    build $module.c $module.wasm clang $CFLAGS -o $module.wasm $module.c
done
for module in imports-env no-start; do
    build $module.wat $module.wasm wat2wasm $module.wat -o $module.wasm
done
build sa-token/main.rs sa-token.wasm /usr/bin/rustc --edition 2021 --target wasm32-wasi -C opt-level=2 -C strip=symbols \
    -o sa-token.wasm sa-token/main.rs
build wagi-rs/main.rs wagi-rs.wasm /usr/bin/rustc --edition 2021 --target wasm32-wasi -C opt-level=2 -C strip=symbols \
    -o wagi-rs.wasm wagi-rs/main.rs
[ -z "$stale" ]
