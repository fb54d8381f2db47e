#!/bin/sh
# Rebuilds the test modules from their sources. Needs Debian 12's clang, lld, wasi-libc,
# libclang-rt-14-dev-wasm32 and wabt:
#   apt-get install clang lld wasi-libc libclang-rt-14-dev-wasm32 wabt
# and, for the Rust module sa-token, Debian's rustc with its wasm32-wasi standard library:
#   apt-get install rustc libstd-rust-dev-wasm32
# (/usr/bin/rustc on purpose: a rustup toolchain earlier on PATH usually lacks the target).
# The .wasm files are committed so the tests need no toolchain; rerun this after editing a source.
set -eu
cd "$(dirname "$0")"
clang --target=wasm32-wasi -Os -Wall -Wextra -Werror -Wl,--strip-all -o probe.wasm probe.c
clang --target=wasm32-wasi -Os -Wall -Wextra -Werror -Wl,--strip-all -o flood.wasm flood.c
wat2wasm imports-env.wat -o imports-env.wasm
wat2wasm no-start.wat -o no-start.wasm
/usr/bin/rustc --edition 2021 --target wasm32-wasi -C opt-level=2 -C strip=symbols -o sa-token.wasm sa-token/main.rs
chmod 644 sa-token.wasm
