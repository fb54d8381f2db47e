#!/usr/bin/env bash
# Makes Hearth's base image and prints its reference. Uses debian:bookworm-slim when the engine
# already has it (an operator may `docker pull` it where pulls work); otherwise builds a minimal
# bookworm root file system with debootstrap and `docker import`s it. Hearth never pulls by itself:
# on its hosts the only network is the package mirror. The debootstrap tarball is cached, keyed by
# its inputs, so a second build is only an import (or nothing, when the image exists).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cache_root=${HEARTH_CACHE:-$HOME/.cache/hearth}
suite=bookworm
mirror=${HEARTH_DEBIAN_MIRROR:-http://deb.debian.org/debian}

if [ -z "${HEARTH_BASE_FROM_DEBOOTSTRAP:-}" ] && docker image inspect debian:bookworm-slim >/dev/null 2>&1; then
  echo debian:bookworm-slim; exit 0
fi
key=$( (echo "$suite $mirror"; cat "$0") | sha256sum | cut -c1-12)
ref="hearth/base:$suite-$key"
if docker image inspect "$ref" >/dev/null 2>&1; then echo "$ref"; exit 0; fi

tarball="$cache_root/base/$suite-$key.tar"
if [ ! -f "$tarball" ]; then
  command -v debootstrap >/dev/null || {
    [ "$(id -u)" = 0 ] || { echo "build-base-image: debootstrap missing; run as root or: apt-get install debootstrap" >&2; exit 1; }
    # A fresh machine has no package lists yet: update them once when the install cannot find it.
    apt-get install -y -q debootstrap >&2 || { apt-get update -q >&2 && apt-get install -y -q debootstrap >&2; }; }
  rootfs=$(mktemp -d)
  trap 'rm -rf "$rootfs"' EXIT
  echo "build-base-image: debootstrap $suite from $mirror (first time only)" >&2
  debootstrap --variant=minbase "$suite" "$rootfs" "$mirror" >&2
  # Keep the image small and apt usable inside docker build, as the Debian images do.
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/*
  printf 'Types: deb\nURIs: %s\nSuites: %s %s-updates\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
    "$mirror" "$suite" "$suite" > "$rootfs/etc/apt/sources.list.d/debian.sources"
  rm -f "$rootfs/etc/apt/sources.list"
  mkdir -p "$(dirname "$tarball")"
  tar -C "$rootfs" --numeric-owner -cf "$tarball.tmp" . && mv "$tarball.tmp" "$tarball"
fi
docker import --change 'CMD ["/bin/bash"]' --change "LABEL dev.hearth.inputs-hash=$key" "$tarball" "$ref" >&2
echo "$ref"
