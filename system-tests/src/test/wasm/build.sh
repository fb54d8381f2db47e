#!/bin/sh
# Builds the WASI demo modules of the system tests and bench/wasm-pods from their Rust sources — only
# those whose inputs changed since the committed .wasm was made (modules.sha256 records each module's
# input hash), so a normal run costs a few sha256sums and needs no toolchain. Prints each module's path.
#
#   hello-world-rust  Krustlet's hello-world-rust demo (stdout, stderr, env, args, ConfigMap volume)
#   exit-3            exits with status 3
#   endless-loop      spins forever after one line
#   memory-grow       grows memory 4 MiB at a time up to 1 GiB
#   log-flood         100 MB on stdout
#   ticker            `tick <n> <unix-nanos>` every interval ms (args: count, interval, delay), for log-follow tests
#   malformed         the first 4 KiB of hello-world-rust.wasm, as an interrupted upload leaves it
#
# Toolchain: Debian 12's rustc and its wasm32-wasi standard library (the target is `wasm32-wasi` in
# rustc 1.63; newer rustc calls it `wasm32-wasip1`), installed here when a rebuild needs it:
#   apt-get install rustc libstd-rust-dev-wasm32
# /usr/bin/rustc on purpose: a rustup toolchain earlier on PATH usually lacks the target.
# usage: build.sh [--force]
set -eu
cd "$(dirname "$0")"
RUSTC=/usr/bin/rustc
FLAGS="--edition 2021 --target wasm32-wasi -C opt-level=2 -C strip=symbols"
MODULES="hello-world-rust exit-3 endless-loop memory-grow log-flood ticker"
STAMPS=modules.sha256
force=
[ "${1:-}" = "--force" ] && force=1
touch "$STAMPS"

stamp_of() { # module -> the hash of its inputs
    { echo "$FLAGS"; cat "$1/main.rs"; } | sha256sum | cut -c1-64
}
fresh() { # module hash -> true if module.wasm was built from these inputs
    [ -z "$force" ] && [ -s "$1.wasm" ] && grep -qx "$2  $1.wasm" "$STAMPS"
}
record() { # module hash
    grep -v "  $1.wasm\$" "$STAMPS" >"$STAMPS.new" || true
    echo "$2  $1.wasm" >>"$STAMPS.new"
    LC_ALL=C sort -k2 "$STAMPS.new" >"$STAMPS"
    rm -f "$STAMPS.new"
}
toolchain() {
    [ -x "$RUSTC" ] && [ -d /usr/lib/rustlib/wasm32-wasi ] && return 0
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "build.sh: installing rustc and libstd-rust-dev-wasm32" >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q rustc libstd-rust-dev-wasm32 >&2
    else
        echo "build.sh: needs Debian's rustc for wasm32-wasi: apt-get install rustc libstd-rust-dev-wasm32" >&2
        exit 1
    fi
}

for module in $MODULES; do
    hash=$(stamp_of "$module")
    if ! fresh "$module" "$hash"; then
        toolchain
        echo "build.sh: building $module.wasm" >&2
        "$RUSTC" $FLAGS "$module/main.rs" -o "$module.wasm.tmp"
        chmod 644 "$module.wasm.tmp"
        mv "$module.wasm.tmp" "$module.wasm"
        record "$module" "$hash"
    fi
    echo "$PWD/$module.wasm"
done

hash=$( { echo malformed; sha256sum hello-world-rust.wasm; } | sha256sum | cut -c1-64)
if ! fresh malformed "$hash"; then
    head -c 4096 hello-world-rust.wasm >malformed.wasm
    record malformed "$hash"
fi
echo "$PWD/malformed.wasm"
