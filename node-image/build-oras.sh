#!/usr/bin/env bash
# Builds the pinned ORAS CLI from the Go module proxy (`go install oras.land/oras/cmd/oras@<version>`: the
# module is checked against the Go checksum database, its dependencies against its own go.sum) and caches
# it outside the repository, keyed by the version, this script and the Go version, so a second run is a
# cache hit. Prints the path of the cached binary on stdout. It goes into the terminal's toolbox image
# (node-image/toolbox), so a participant can push and pull the guided demo's wasm artifacts by hand.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cache_root=${HEARTH_CACHE:-$HOME/.cache/hearth}
command -v go >/dev/null || { for g in /usr/local/go/bin/go /usr/lib/go/bin/go; do [ -x "$g" ] && PATH=$(dirname "$g"):$PATH && break; done; }
command -v go >/dev/null || { echo "build-oras: no Go toolchain found; install Go >= 1.26 (e.g. apt-get install golang-1.2x) and retry" >&2; exit 1; }

oras_version=v1.3.6
key=$( (echo "$oras_version"; cat "$here/build-oras.sh"; go version) | sha256sum | cut -c1-16)
out="$cache_root/oras/$oras_version-$key"
if [ -x "$out/oras" ]; then echo "$out/oras"; exit 0; fi

mkdir -p "$out.tmp"
echo "build-oras: compiling ORAS $oras_version (first time only; about a minute on 2 cores)" >&2
start=$(date +%s)
# The flags of ORAS's own Makefile (version stamped, tree clean); GOFLAGS is cleared because
# `go install module@version` accepts no -mod setting.
GOFLAGS= CGO_ENABLED=0 GOBIN="$out.tmp" go install -trimpath \
  -ldflags "-s -w -X oras.land/oras/internal/version.Version=${oras_version#v} -X oras.land/oras/internal/version.BuildMetadata= -X oras.land/oras/internal/version.GitTreeState=clean" \
  "oras.land/oras/cmd/oras@$oras_version"
echo "build-oras: built in $(( $(date +%s) - start )) s, $(du -h "$out.tmp/oras" | cut -f1)" >&2
rm -rf "$out" && mv "$out.tmp" "$out"
echo "$out/oras"
