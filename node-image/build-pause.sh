#!/usr/bin/env bash
# Compiles the container node's pause binary from its C source in the pinned Kubernetes module
# (build/pause/linux/pause.c, as upstream's build/pause/Makefile does: -Os -static) with the host's gcc,
# and caches it outside the repository keyed by the module version, this script and the compiler, so a
# second run is a cache hit. Prints the binary's path; build-images.sh puts it into the pause image.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cache_root=${HEARTH_CACHE:-$HOME/.cache/hearth}
command -v go >/dev/null || { for g in /usr/local/go/bin/go /usr/lib/go/bin/go; do [ -x "$g" ] && PATH=$(dirname "$g"):$PATH && break; done; }
command -v gcc >/dev/null || { echo "build-pause: gcc is missing; apt-get install gcc libc6-dev" >&2; exit 1; }

kube_version=$(awk '$1=="k8s.io/kubernetes" {print $2; exit}' "$here/kube/go.mod")
# The tag upstream's Makefile gives this pause.c (TAG ?= …), so the binary reports the same version.
key=$( (echo "$kube_version"; cat "$here/build-pause.sh"; gcc --version | head -1) | sha256sum | cut -c1-16)
out="$cache_root/pause/$key"
if [ -x "$out/pause" ]; then echo "$out/pause"; exit 0; fi
src=$(cd "$here/kube" && GOFLAGS=-mod=mod go mod download -json "k8s.io/kubernetes@$kube_version" | awk -F'"' '$2=="Dir" {print $4}')
tag=$(awk '$1=="TAG" {print $3; exit}' "$src/build/pause/Makefile")
mkdir -p "$out.tmp"
gcc -Os -Wall -Werror -static -DVERSION="v$tag-hearth" -o "$out.tmp/pause" "$src/build/pause/linux/pause.c"
strip "$out.tmp/pause"
rm -rf "$out" && mv "$out.tmp" "$out"
echo "$out/pause"
