#!/usr/bin/env bash
# Builds the registry's read-side filter (registry-filter/: Go, standard library only, so nothing is
# fetched) after its unit tests pass, and caches the binary outside the repository, keyed by its
# sources, this script and the Go version, so a second run is a cache hit. Prints the binary's path on
# stdout; build-images.sh puts it into the registry image.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cache_root=${HEARTH_CACHE:-$HOME/.cache/hearth}
command -v go >/dev/null || { for g in /usr/local/go/bin/go /usr/lib/go/bin/go; do [ -x "$g" ] && PATH=$(dirname "$g"):$PATH && break; done; }
command -v go >/dev/null || { echo "build-registry-filter: no Go toolchain found; install Go >= 1.26 and retry" >&2; exit 1; }

src="$here/registry-filter"
key=$( (cd "$src" && LC_ALL=C ls go.mod *.go | xargs cat; cat "$here/build-registry-filter.sh"; go version) | sha256sum | cut -c1-16)
out="$cache_root/registry-filter/$key"
if [ -x "$out/hearth-registry-filter" ]; then echo "$out/hearth-registry-filter"; exit 0; fi

mkdir -p "$cache_root/registry-filter"
exec 8>"$cache_root/registry-filter/.build.lock"
flock 8
if [ -x "$out/hearth-registry-filter" ]; then echo "$out/hearth-registry-filter"; exit 0; fi
rm -rf "$out.tmp" && mkdir -p "$out.tmp"
# GOFLAGS cleared and no network needed: the module has no dependencies. Its tests run first, so an
# image never carries a filter whose checks failed.
(cd "$src" && export GOFLAGS= CGO_ENABLED=0 && go vet ./... >&2 && go test -count=1 ./... >&2 \
  && go build -trimpath -ldflags "-s -w" -o "$out.tmp/hearth-registry-filter" .)
rm -rf "$out" && mv "$out.tmp" "$out"
echo "$out/hearth-registry-filter"
