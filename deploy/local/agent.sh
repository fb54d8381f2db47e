# shellcheck shell=bash
# The local worker agent: one per machine, serving the host "local" that the backend enrols from
# configuration. Sourced by ./hearth, which sets the paths and ports used here; defines functions only.

# Made once and kept in the state directory: the local host's agent token (the backend enrols the
# host "local" with it at start-up) and the key kubeconfigs are encrypted with at rest (docs/agent-channel.md).
ensure_secrets() {
  (umask 077; mkdir -p "$SECRETS")
  if [ ! -s "$SECRETS/local-host-token" ]; then
    (umask 077; printf 'hha_%s\n' "$(head -c 400 /dev/urandom | tr -dc 'A-Za-z0-9' | head -c 40)" >"$SECRETS/local-host-token")
  fi
  if [ ! -s "$SECRETS/kubeconfig-key" ]; then
    (umask 077; head -c 32 /dev/urandom | base64 >"$SECRETS/kubeconfig-key")
  fi
}

# The image ref node-image/build-images.sh printed last for a role (kept by images()).
image_ref() { # role
  sed -n "s/^$1=//p" "$RUN/images.env" 2>/dev/null | tail -n 1
}

agent_ready() { http_ok "$AGENT_URL/q/health/ready"; }

# Only this start's lines count: the log is appended to across runs.
AGENT_LOG_START=0
agent_connected() { tail -c "+$((AGENT_LOG_START + 1))" "$LOGS/agent.log" 2>/dev/null | grep -q "connected to the backend"; }

start_agent() {
  if pid_alive agent; then
    if [ "$AGENT_JAR" -nt "$RUN/agent.pid" ] || [ "$RUN/images.env" -nt "$RUN/agent.pid" ]; then
      say "agent: a newer build or image exists; restarting"; stop_started agent agent
    elif [ "$(cat "$RUN/agent.address" 2>/dev/null || echo 127.0.0.1)" != "${ADVERTISE:-127.0.0.1}" ]; then
      # Clusters made before keep the address their kubeconfigs name; new ones get the new one.
      say "agent: the advertise address changed; restarting"; stop_started agent agent
    else
      say "agent: already running (health $AGENT_URL/q/health)"; return 0
    fi
  fi
  port_open "$AGENT_PORT" && die "port $AGENT_PORT is taken by something this script did not start"
  [ -f "$AGENT_JAR" ] || die "$AGENT_JAR is missing; run ./hearth build"
  local control_plane registry wasi_node builder endpoint toolbox host_token
  control_plane=$(image_ref control-plane); registry=$(image_ref registry)
  # The host's cluster endpoint (HAProxy, node-image/endpoint): every cluster on one port, routed by SNI.
  endpoint=$(image_ref endpoint)
  # Empty when no WASI node image was built: clusters then say they have no WASI node.
  wasi_node=$(image_ref wasm-node)
  # Empty when no builder image was built: builds then fail saying the host has none.
  builder=$(image_ref builder)
  # Empty when no toolbox image was built: terminals are then refused saying the host has none.
  toolbox=$(image_ref toolbox)
  if [ -z "$control_plane" ] || [ -z "$registry" ]; then
    die "no node image refs in $RUN/images.env; run ./hearth images"
  fi
  host_token=$(cat "$SECRETS/local-host-token")
  # The agent confines cluster networks with iptables, which needs root (docs/security.md, "Participant's
  # cluster and the host's network"); a non-root developer's machine runs without, and is told so.
  confine=true
  if [ "$(id -u)" != 0 ]; then
    confine=false
    say "agent: not root, so cluster networks are NOT confined (they reach this machine's services); fine for a single-user development machine only"
  fi
  choose_jdk
  AGENT_LOG_START=$(stat -c %s "$LOGS/agent.log" 2>/dev/null || echo 0)
  (
    cd "$HEARTH_STATE" || exit 1
    # Under the supervisor, like the backend: restarted within seconds after a crash.
    exec setsid "$ROOT/deploy/local/supervise.sh" agent env QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT="$AGENT_PORT" \
      HEARTH_AGENT_HOST_ID=local HEARTH_AGENT_BACKEND_URL="$PORTAL_URL" HEARTH_AGENT_TOKEN="$host_token" \
      HEARTH_AGENT_IMAGES_CONTROL_PLANE="$control_plane" HEARTH_AGENT_IMAGES_REGISTRY="$registry" \
      HEARTH_AGENT_IMAGES_WASI_NODE="$wasi_node" HEARTH_AGENT_IMAGES_BUILDER="$builder" \
      HEARTH_AGENT_IMAGES_ENDPOINT="$endpoint" HEARTH_AGENT_IMAGES_TOOLBOX="$toolbox" HEARTH_AGENT_ADVERTISE_ADDRESS="${ADVERTISE:-127.0.0.1}" \
      HEARTH_AGENT_NETWORK_CONFINE="$confine" \
      "$JDK/bin/java" -Xmx256m -jar "$AGENT_JAR" >>"$LOGS/agent.log" 2>&1 </dev/null
  ) 9>&- &
  echo $! >"$RUN/agent.pid"
  echo "${ADVERTISE:-127.0.0.1}" >"$RUN/agent.address"
  say "agent: starting (pid $!, log $LOGS/agent.log)"
  wait_for "the agent's /q/health/ready" 120 agent agent_ready \
    || { log_tail "$LOGS/agent.log"; die "the agent did not become ready"; }
  wait_for "the agent to connect to the backend" 60 agent agent_connected \
    || { log_tail "$LOGS/agent.log"; die "the agent did not connect to the backend"; }
}
