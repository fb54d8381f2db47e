#!/usr/bin/env bash
# Builds Hearth's node images when their inputs changed, and prints "<role>=<image ref>" lines.
# Each image is tagged with a hash of everything that goes into it (Dockerfile, scripts, the
# Kubernetes binary, the base image), so an unchanged image is found by tag and not rebuilt.
# Arguments, when given, name the roles to build (e.g. `build-images.sh registry` for a test that needs
# only the registry); without any, every node image role is built. The backend's container image,
# role `backend` (hearth/platform-backend, tagged <version>-<inputs hash> and <version>), is built only
# when named: hosts never need it, and it needs a Maven package first (`./hearth images`).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
roles=" $* "
named() { [[ "$roles" == *" $1 "* ]]; }
want() { [ "$roles" = "  " ] || named "$1"; }
base=$("$here/base/build-base-image.sh")
base_id=$(docker image inspect --format '{{.Id}}' "$base")

build() { # role context-dir tag-prefix [file-to-add...]; the image is hearth/<role> unless $image_repo says otherwise
  local role=$1 dir=$2 prefix=$3; shift 3
  local key ref ctx
  key=$( (echo "$base_id"; cat "$dir"/*; for f in "$@"; do sha256sum "$f" | cut -d' ' -f1; done) | sha256sum | cut -c1-12)
  ref="${image_repo:-hearth/$role}:$prefix$key"
  if ! docker image inspect "$ref" >/dev/null 2>&1; then
    ctx=$(mktemp -d); cp -a "$dir"/. "$ctx"/; for f in "$@"; do cp "$f" "$ctx"/; done
    # A role may fill its context with what a Dockerfile cannot make (wasm-node: a jlink runtime).
    if [ -x "$dir/prepare.sh" ]; then "$dir/prepare.sh" "$ctx" || { rm -rf "$ctx"; exit 1; }; fi
    echo "build-images: building $ref" >&2
    DOCKER_BUILDKIT=0 docker build -q --build-arg "BASE_IMAGE=$base" --label "dev.hearth.inputs-hash=$key" \
      --label "dev.hearth.image-role=$role" -t "$ref" "$ctx" >&2
    rm -rf "$ctx"
    # Superseded builds of this role are found by label and removed, but the three newest stay:
    # several checkouts (worktrees, a running ./hearth up, a test run) may each build their own
    # sources' image at once, and must not delete the one another is about to start. One still used
    # by a container stays too (docker refuses), and goes on a later build.
    docker image ls -q --filter "label=dev.hearth.image-role=$role" | awk '!seen[$0]++' | tail -n +4 | while read -r old; do
      [ "$old" = "$(docker image inspect -f '{{.Id}}' "$ref" | cut -c8-19)" ] || docker rmi "$old" >/dev/null 2>&1 || true
    done
  fi
  echo "$role=$ref"
}

if want control-plane; then
  kube=$("$here/build-kube.sh")
  kube_version=$(awk '$1=="k8s.io/kubernetes" {print $2; exit}' "$here/kube/go.mod")
  build control-plane "$here/control-plane" "$kube_version-" "$kube"
fi
if want registry; then
  filter=$("$here/build-registry-filter.sh")
  build registry "$here/registry" "" "$filter"
fi
if want wasm-node; then
  # Keyed by the node's sources (not its jar, whose bytes change with every build): unchanged sources
  # find the image by tag, and Maven and jlink do not run at all.
  sources=$(mktemp -d)/wasm-node-sources.sha256
  (cd "$here/.." && find pom.xml kit/pom.xml kit/src/main wasm-node/pom.xml wasm-node/src/main -type f | LC_ALL=C sort | xargs sha256sum) >"$sources"
  build wasm-node "$here/wasm-node" "" "$sources"
  rm -rf "$(dirname "$sources")"
fi
if want builder; then build builder "$here/builder" ""; fi
if want agent; then
  # The worker agent, for hosts that join with one command (docs/operations.md "Adding a host"); keyed
  # by its sources like wasm-node, so unchanged sources find the image by tag without Maven or jlink.
  sources=$(mktemp -d)/agent-sources.sha256
  (cd "$here/.." && find pom.xml kit/pom.xml kit/src/main agent-protocol/pom.xml agent-protocol/src/main worker-agent/pom.xml worker-agent/src/main \
    -type f | LC_ALL=C sort | xargs sha256sum) >"$sources"
  build agent "$here/agent" "" "$sources"
  rm -rf "$(dirname "$sources")"
fi
if want endpoint; then build endpoint "$here/endpoint" ""; fi
# The container node's pod sandbox (docs/container-node.md): only when named, until a node uses it.
if named pause; then
  pause=$("$here/build-pause.sh")
  build pause "$here/pause" "" "$pause"
fi
if want toolbox; then
  # The terminal's container: the control plane's kubectl (same pinned build), the cached Helm and ORAS builds.
  kube=$("$here/build-kube.sh")
  helm=$("$here/build-helm.sh")
  oras=$("$here/build-oras.sh")
  build toolbox "$here/toolbox" "" "$kube" "$helm" "$oras"
fi

# A Quarkus service of this repository for a Kubernetes install, keyed by its sources and its reactor dependencies' (not by its
# jar, whose bytes change with every build), tagged also by the project version alone (the chart's
# default tag, its appVersion), which moves to the newest build.
build_service() { # role maven-module source-path...
  local role=$1 module=$2; shift 2
  local version sources line
  version=$(sed -n '0,/<version>/s|.*<version>\(.*\)</version>.*|\1|p' "$here/../pom.xml")
  sources=$(mktemp -d)/$role-sources.sha256
  (cd "$here/.." && find pom.xml "$@" -type f | LC_ALL=C sort | xargs sha256sum) >"$sources"
  line=$(image_repo=hearth/$module build "$role" "$here/$role" "$version-" "$sources" "$here/quarkus-runtime.sh")
  rm -rf "$(dirname "$sources")"
  docker tag "${line#*=}" "hearth/$module:$version" >&2
  echo "$line"
}
if named backend; then
  build_service backend platform-backend agent-protocol/pom.xml agent-protocol/src/main web-ui/pom.xml web-ui/src/main \
    db platform-backend/pom.xml platform-backend/src/main
fi
