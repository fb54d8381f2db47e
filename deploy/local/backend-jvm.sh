# shellcheck shell=bash
# JVM flags for the backend's process, shared by ./hearth (deploy/local/backend.sh) and bench/recovery.
# Defines functions only.

# Class data sharing (JDK >= 19): the JVM maps the classes an earlier run of the same build loaded from
# an archive instead of reading, parsing and verifying them again; under the supervisor this is most of
# what a restart after a crash costs (docs/BENCHMARKS.md, "Recovery"). -XX:+AutoCreateSharedArchive
# writes the archive when a run without a usable one ends normally (not after kill -9), and writes it
# again when the jar changed, so a rebuild never runs against a stale archive.
backend_cds_flags() { # <archive file>
  printf '%s\n' "-XX:SharedArchiveFile=$1" -XX:+AutoCreateSharedArchive
}
