#!/bin/bash
# A container node's runtime for ContainerNodeRuntimeIT: what the node image's entry point will do
# (docs/container-node.md), run by ContainerNodeIsolation.INIT as root of the node's user namespace.
# containerd's content and snapshots go on a tmpfs: overlayfs refuses an upper directory on the
# container's own overlay root (the node image will give it a volume).
set -eu
export PATH=/opt/hearth-node/bin:$PATH
mount -t tmpfs -o size=16m run /run
mkdir -p /tmp/node/root /tmp/node/state /tmp/node/fifo
mount -t tmpfs -o size=768m containerd /tmp/node/root
cat > /tmp/node/config.toml <<TOML
version = 3
root = "/tmp/node/root"
state = "/tmp/node/state"
[grpc]
  address = "/tmp/node/containerd.sock"
TOML
exec containerd --config /tmp/node/config.toml
