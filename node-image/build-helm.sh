#!/usr/bin/env bash
# Builds the pinned upstream Helm CLI from the Go module proxy (`go install helm.sh/helm/v4/cmd/helm@<version>`:
# the module is checked against the Go checksum database, its dependencies against its own go.sum) and
# caches it outside the repository, keyed by the version, this script and the Go version, so a second
# run is a cache hit. Prints the path of the cached binary on stdout. The tests use it to lint, render
# and install deploy/helm/hearth (system-tests HelmChartSystemIT).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cache_root=${HEARTH_CACHE:-$HOME/.cache/hearth}
command -v go >/dev/null || { for g in /usr/local/go/bin/go /usr/lib/go/bin/go; do [ -x "$g" ] && PATH=$(dirname "$g"):$PATH && break; done; }
command -v go >/dev/null || { echo "build-helm: no Go toolchain found; install Go >= 1.26 (e.g. apt-get install golang-1.2x) and retry" >&2; exit 1; }

# Helm 4.3 is built against the Kubernetes 1.37 client libraries, which speak to the 1.36 API servers
# Hearth's clusters run (client-go supports one minor version of skew either way).
helm_version=v4.3.2
key=$( (echo "$helm_version"; cat "$here/build-helm.sh"; go version) | sha256sum | cut -c1-16)
out="$cache_root/helm/$helm_version-$key"
if [ -x "$out/helm" ]; then echo "$out/helm"; exit 0; fi

mkdir -p "$out.tmp"
echo "build-helm: compiling Helm $helm_version (first time only; ~3-6 min on 2 cores)" >&2
start=$(date +%s)
# The same flags as Helm's own Makefile; GOFLAGS is cleared because `go install module@version`
# accepts no -mod setting.
GOFLAGS= CGO_ENABLED=0 GOBIN="$out.tmp" go install -trimpath \
  -ldflags "-s -w -X helm.sh/helm/v4/internal/version.version=$helm_version -X helm.sh/helm/v4/internal/version.gitTreeState=clean" \
  "helm.sh/helm/v4/cmd/helm@$helm_version"
echo "build-helm: built in $(( $(date +%s) - start )) s, $(du -h "$out.tmp/helm" | cut -f1)" >&2
rm -rf "$out" && mv "$out.tmp" "$out"
echo "$out/helm"
