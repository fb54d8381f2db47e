#!/bin/sh
# Rebuilds the modules-package test modules (Debian 12: clang, lld, wasi-libc, libclang-rt-14-dev-wasm32,
# wabt). The .wasm files are committed so the tests need no toolchain; rerun this after editing a source.
set -eu
cd "$(dirname "$0")"
clang --target=wasm32-wasi -O2 -Wall -Wextra -Werror -Wl,--strip-all -o cpu.wasm cpu.c
wat2wasm grow.wat -o grow.wasm
wat2wasm big-start.wat -o big-start.wasm
