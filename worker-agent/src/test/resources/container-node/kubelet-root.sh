#!/bin/bash
# Stage one of a kubelet node for ContainerNodeKubeletIT (docs/container-node.md, "Kubelet in the node"),
# run by ContainerNodeIsolation.INIT as root of the node's user namespace: a root of the node's own
# making, so that the only cgroup mounts kubelet and runc find are the node's delegated hierarchies
# (Docker's read-only ones, rooted at the node container's own cgroup, stay behind in the old root).
set -eu
mount --make-rprivate /
new=/tmp/node-root
mkdir -p "$new" && mount -t tmpfs -o size=1200m node-root "$new"
for d in usr etc opt; do mkdir -p "$new/$d"; mount --rbind "/$d" "$new/$d"; done
for l in bin sbin lib lib64; do if [ -L "/$l" ]; then cp -P "/$l" "$new/$l"; fi; done
mkdir -p "$new/proc" "$new/sys" "$new/dev" "$new/tmp" "$new/run" "$new/var/lib" "$new/var/log" "$new/root"
mount --rbind /dev "$new/dev"
# A pid namespace of the node's own, so it can mount its proc.
exec unshare --pid --fork --kill-child bash /opt/hearth-test/kubelet-pivot.sh "$new"
