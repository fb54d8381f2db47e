#!/usr/bin/env bash
# Builds the pinned upstream Kubernetes + etcd multi-call binary (kube/) with the Go toolchain and
# caches it outside the repository, keyed by the module's inputs and the Go version, so a second
# run is a cache hit. Prints the path of the cached binary on stdout.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cache_root=${HEARTH_CACHE:-$HOME/.cache/hearth}
command -v go >/dev/null || { for g in /usr/local/go/bin/go /usr/lib/go/bin/go; do [ -x "$g" ] && PATH=$(dirname "$g"):$PATH && break; done; }
command -v go >/dev/null || { echo "build-kube: no Go toolchain found; install Go >= 1.26 (e.g. apt-get install golang-1.2x) and retry" >&2; exit 1; }

kube_version=$(awk '$1=="k8s.io/kubernetes" {print $2; exit}' "$here/kube/go.mod")
key=$( (cat "$here/kube/go.mod" "$here/kube/go.sum" "$here/kube/main.go"; go version) | sha256sum | cut -c1-16)
out="$cache_root/kube/$kube_version-$key"
if [ -x "$out/hearth-kube" ]; then echo "$out/hearth-kube"; exit 0; fi

mkdir -p "$out.tmp"
major_minor=${kube_version#v}; major=${major_minor%%.*}; minor=${major_minor#*.}; minor=${minor%%.*}
ldflags="-s -w"
for pkg in k8s.io/client-go/pkg/version k8s.io/component-base/version; do
  ldflags+=" -X $pkg.gitVersion=$kube_version -X $pkg.gitMajor=$major -X $pkg.gitMinor=$minor"
  ldflags+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z"
done
echo "build-kube: compiling Kubernetes $kube_version + etcd (first time only; ~15-25 min on 2 cores)" >&2
start=$(date +%s)
(cd "$here/kube" && CGO_ENABLED=0 GOFLAGS=-mod=mod go build -trimpath -ldflags "$ldflags" -o "$out.tmp/hearth-kube" .)
echo "build-kube: built in $(( $(date +%s) - start )) s, $(du -h "$out.tmp/hearth-kube" | cut -f1)" >&2
rm -rf "$out" && mv "$out.tmp" "$out"
echo "$out/hearth-kube"
