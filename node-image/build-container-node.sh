#!/usr/bin/env bash
# Builds the container node's runtime binaries (docs/container-node.md, "The image") from the Go module
# proxy at pinned versions: containerd, its runc shim and its ctr client (to look inside a node), runc,
# and the CNI plugins the node's bridge network needs (bridge, host-local, loopback, portmap). Cached
# outside the repository, keyed by the pins, this script and the Go version, so a second run is a cache
# hit. Prints the cache directory.
# kubelet and kube-proxy are not built here: they join the multi-call binary (kube/, build-kube.sh).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cache_root=${HEARTH_CACHE:-$HOME/.cache/hearth}
command -v go >/dev/null || { for g in /usr/local/go/bin/go /usr/lib/go/bin/go; do [ -x "$g" ] && PATH=$(dirname "$g"):$PATH && break; done; }
command -v go >/dev/null || { echo "build-container-node: no Go toolchain found; install Go >= 1.26 and retry" >&2; exit 1; }

containerd=github.com/containerd/containerd/v2@v2.4.2
runc=github.com/opencontainers/runc@v1.5.3
cni=github.com/containernetworking/plugins@v1.10.0

# runc is built with the seccomp tag when Debian's libseccomp-dev is installed, so pods' RuntimeDefault
# profiles apply (without it, runc refuses any container that has a profile); the choice is in the key.
runc_tags=""
if pkg-config --exists libseccomp 2>/dev/null; then runc_tags=seccomp; fi
key=$( (cat "$here/build-container-node.sh"; go version; echo "runc-tags=$runc_tags") | sha256sum | cut -c1-16)
out="$cache_root/container-node/$key"
if [ -x "$out/bin/runc" ]; then echo "$out"; exit 0; fi

mkdir -p "$cache_root/container-node"
exec 8>"$cache_root/container-node/.build.lock"
flock 8
if [ -x "$out/bin/runc" ]; then echo "$out"; exit 0; fi
rm -rf "$out.tmp" && mkdir -p "$out.tmp/bin"
start=$(date +%s)
# go install pkg@version builds each module with its own go.mod and go.sum, exactly as released.
export GOBIN="$out.tmp/bin" GOFLAGS=-trimpath
CGO_ENABLED=0 go install -ldflags "-s -w -X github.com/containerd/containerd/v2/version.Version=${containerd#*@}" \
  "${containerd%@*}/cmd/containerd@${containerd#*@}" \
  "${containerd%@*}/cmd/containerd-shim-runc-v2@${containerd#*@}" \
  "${containerd%@*}/cmd/ctr@${containerd#*@}" >&2
CGO_ENABLED=0 go install -ldflags "-s -w" \
  "${cni%@*}/plugins/main/bridge@${cni#*@}" \
  "${cni%@*}/plugins/main/loopback@${cni#*@}" \
  "${cni%@*}/plugins/ipam/host-local@${cni#*@}" \
  "${cni%@*}/plugins/meta/portmap@${cni#*@}" >&2
# runc needs cgo for its nsenter preamble (C that runs before the Go runtime).
CGO_ENABLED=1 go install -tags "$runc_tags" -ldflags "-s -w -X main.version=${runc#*@}" "${runc%@*}@${runc#*@}" >&2
echo "runc-tags=$runc_tags" > "$out.tmp/BUILD-INFO"
echo "build-container-node: built in $(( $(date +%s) - start )) s" >&2
rm -rf "$out" && mv "$out.tmp" "$out"
echo "$out"
