#!/bin/bash
# Stage two: pid 1 of the node's pid namespace mounts proc, a read-only sysfs (the node's network
# namespace is its own), its delegated cgroups, then pivots into the new root and starts kubelet.
set -eu
new=$1
mount -t proc proc "$new/proc"
mount -t sysfs -o ro sysfs "$new/sys"
mount -t tmpfs -o size=1m cgroup "$new/sys/fs/cgroup"
for c in /sys/fs/cgroup/*; do
  if [ -d "$c" ] && [ "$(stat -f -c %T "$c")" = cgroupfs ]; then
    mkdir -p "$new$c" && mount --bind "$c" "$new$c"
  fi
done
for d in tmp run var/lib var/log; do mount -t tmpfs -o size=900m "node-$(basename $d)" "$new/$d"; done
cd "$new" && mkdir old && pivot_root . old && umount -l /old && rmdir /old && cd /
exec bash /opt/hearth-test/kubelet.sh
