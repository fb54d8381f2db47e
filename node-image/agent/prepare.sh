#!/usr/bin/env bash
# Fills the agent image's build context: the worker-agent fast-jar and a jlink runtime (../quarkus-runtime.sh).
set -euo pipefail
exec "$(cd "$(dirname "$0")" && pwd)/../quarkus-runtime.sh" worker-agent "$1"
