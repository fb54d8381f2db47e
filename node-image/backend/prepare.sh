#!/usr/bin/env bash
# Fills the backend image's build context: the platform-backend fast-jar and a jlink runtime (../quarkus-runtime.sh).
set -euo pipefail
exec "$(cd "$(dirname "$0")" && pwd)/../quarkus-runtime.sh" platform-backend "$1"
