#!/usr/bin/env bash
# Exports node images into the image store the backend serves to joining hosts (hearth.images.store-dir;
# docs/operations.md "Adding a host"). Reads the "<role>=<image ref>" lines build-images.sh prints:
#   node-image/build-images.sh | node-image/export-images.sh <store-dir>
# Each image is saved once per image id (`docker save`) to blobs/sha256/<hex of the tarball>; the
# index lists "<role> <ref> <image id> sha256:<hex> <bytes>" per role and is replaced atomically, so
# the backend always serves a complete set. Tarballs no longer listed are removed.
set -euo pipefail
store=${1:?usage: export-images.sh <store-dir> <role=ref lines on stdin>}
mkdir -p "$store/blobs/sha256"
exec 9>"$store/.lock"
flock 9
index=$store/index
new=$(mktemp "$store/index.XXXX")
trap 'rm -f "$new" "$store"/blobs/sha256/*.part' EXIT
while IFS='=' read -r role ref; do
  [ -n "$role" ] && [ -n "$ref" ] || continue
  id=$(docker image inspect -f '{{.Id}}' "$ref")
  # The tarball of this very image, if an earlier export (or an earlier role of this one) made it.
  known=("$new"); [ -f "$index" ] && known+=("$index")
  line=$(awk -v i="$id" '$3 == i { print; exit }' "${known[@]}")
  if [ -n "$line" ] && [ -f "$store/blobs/sha256/$(echo "$line" | awk '{ sub("sha256:", "", $4); print $4 }')" ]; then
    echo "$line" | awk -v role="$role" -v ref="$ref" '{ $1 = role; $2 = ref; print }' >>"$new"
    continue
  fi
  part=$(mktemp "$store/blobs/sha256/XXXX.part")
  echo "export-images: saving $role ($ref)" >&2
  docker save -o "$part" "$ref"
  chmod 644 "$part"
  hex=$(sha256sum "$part" | cut -d' ' -f1)
  mv "$part" "$store/blobs/sha256/$hex"
  echo "$role $ref $id sha256:$hex $(stat -c %s "$store/blobs/sha256/$hex")" >>"$new"
done
chmod 644 "$new"
mv "$new" "$index"
# Only what the index lists stays.
for blob in "$store"/blobs/sha256/*; do
  [ -f "$blob" ] || continue
  grep -q "sha256:$(basename "$blob") " "$index" || rm -f "$blob"
done
cat "$index"
