#!/usr/bin/env bash
# Keeps one service running: starts it, and starts it again within a second or two whenever it exits
# without having been asked to stop (a crash, kill -9, an out-of-memory kill). ./hearth starts this
# under setsid and keeps this script's pid in $RUN/<name>.pid, so stopping the process group stops
# both; SIGTERM here is "stop", passed on to the service.
# usage: supervise.sh <name> <command...>   (the service's output goes where this script's goes)
set -uo pipefail
name=$1; shift
child=
stopping=
trap 'stopping=1; [ -n "$child" ] && kill -TERM "$child" 2>/dev/null' TERM INT
quick_exits=0
while :; do
  started=$SECONDS
  "$@" &
  child=$!
  # wait returns early when a signal arrives; wait again until the service has really exited.
  while :; do wait "$child"; rc=$?; kill -0 "$child" 2>/dev/null || break; done
  child=
  [ -n "$stopping" ] && exit 0
  # A service that dies at once again and again (bad config, port taken) is retried more slowly.
  if [ $((SECONDS - started)) -lt 10 ]; then quick_exits=$((quick_exits + 1)); else quick_exits=0; fi
  delay=1; [ "$quick_exits" -ge 3 ] && delay=10
  printf 'hearth supervisor: %s exited (status %s) at %s; starting it again in %s s\n' \
    "$name" "$rc" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$delay"
  sleep "$delay" & wait $! 2>/dev/null
  [ -n "$stopping" ] && exit 0
done
