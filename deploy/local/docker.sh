# shellcheck shell=bash
# The Docker engine: reuse one that answers; as root, install and start dockerd.
# Sourced by ./hearth, which sets the paths, ports and versions used here; defines functions only.

docker_ok() { timeout 10 docker info >/dev/null 2>&1; }

ensure_docker() {
  if command -v docker >/dev/null && docker_ok; then
    if pid_alive dockerd; then say "Docker engine: already running (started by hearth)"
    else say "Docker engine: already running"; fi
    return 0
  fi
  if ! is_root; then
    die "the Docker engine does not answer ('docker info' fails). Start it (e.g. 'sudo systemctl start docker'), make sure your user may use it (group 'docker'), or run ./hearth as root"
  fi
  { command -v dockerd >/dev/null && command -v docker >/dev/null; } || apt_install docker.io
  # The package's own init script may already have started one.
  docker_ok && { say "Docker engine: running (started by its package)"; return 0; }
  if ! pid_alive dockerd; then
    local stale; stale=$(cat /var/run/docker.pid 2>/dev/null || true)
    if [ -n "$stale" ] && ! kill -0 "$stale" 2>/dev/null; then rm -f /var/run/docker.pid; fi
    setsid dockerd >>"$LOGS/dockerd.log" 2>&1 </dev/null 9>&- &
    echo $! >"$RUN/dockerd.pid"
    say "Docker engine: starting dockerd (pid $!, log $LOGS/dockerd.log)"
  fi
  wait_for "the Docker engine" 90 dockerd docker_ok \
    || { log_tail "$LOGS/dockerd.log"; die "dockerd did not answer 'docker info' within 90 s"; }
  say "Docker engine: ready"
}
