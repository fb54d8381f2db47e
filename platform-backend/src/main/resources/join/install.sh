#!/bin/sh
# Makes this machine a Hearth host (docs/operations.md, "Adding a host"). Run as root on Debian 12:
#   curl -fsSL @HEARTH_URL@/agent/v1/install.sh | HEARTH_JOIN_TOKEN=hha_... sh
# The Hosts page shows this command, with the token, right after enrolment.
#
# What it does, each step skipped when already done (running it again is safe, and is how a host
# is upgraded to the images the platform serves now):
#   1. keeps the token in a root-only file ($HEARTH_CONFIG_DIR/agent.env); curl reads it from a
#      root-only header file, so it is never an argument any process list shows;
#   2. installs the Docker engine from Debian (docker.io) if there is none;
#   3. asks the platform which host the token is for and which images to load;
#   4. fetches each image the engine lacks as a `docker save` tarball, checks its SHA-256 against
#      the digest the platform named, loads it, and checks the loaded image's id;
#   5. runs the worker agent from its image: as the systemd service hearth-agent (restarted on
#      failure, started at boot after Docker) or, without systemd, as a container with Docker's
#      restart policy, which the engine restarts at its own start — either way it survives a reboot
#      and reconnects by itself.
# No Go, Maven or Java runs here; the images are built once, on the platform's machine.
#
# Settings (environment), for unusual layouts and tests:
#   HEARTH_URL                 the portal's public URL (default: the one this script was served from)
#   HEARTH_ADVERTISE_ADDRESS   the address kubeconfigs name for this host's clusters (default: the
#                              address this machine reaches the portal from)
#   HEARTH_CONFIG_DIR          default /etc/hearth
#   HEARTH_DOCKER_SOCKET       default /var/run/docker.sock (the engine to use; its host network is the agent's)
#   HEARTH_SERVICE             systemd | docker (default: systemd when it runs, else docker)
#   HEARTH_AGENT_CONTAINER     the agent container's name (default hearth-agent)
set -eu

HEARTH_URL=${HEARTH_URL:-@HEARTH_URL@}
HEARTH_URL=${HEARTH_URL%/}
CONFIG=${HEARTH_CONFIG_DIR:-/etc/hearth}
SOCKET=${HEARTH_DOCKER_SOCKET:-/var/run/docker.sock}
AGENT=${HEARTH_AGENT_CONTAINER:-hearth-agent}
export DOCKER_HOST="unix://$SOCKET"

say() { echo "hearth-install: $*" >&2; }
die() { say "error: $*"; exit 1; }

[ "$(id -u)" = 0 ] || die "run as root (it installs packages, loads images and a service)"
[ -n "${HEARTH_JOIN_TOKEN:-}" ] || die "HEARTH_JOIN_TOKEN is not set; copy the whole command the Hosts page showed"
case $HEARTH_JOIN_TOKEN in hha_*) ;; *) die "HEARTH_JOIN_TOKEN is not a host token (they start with hha_)" ;; esac

# 1. The token, root-only, from here on.
umask 077
mkdir -p "$CONFIG"
chmod 700 "$CONFIG"
printf 'Authorization: Bearer %s\n' "$HEARTH_JOIN_TOKEN" >"$CONFIG/auth-header"
fetch() { # url file
  curl -fsS --retry 3 --retry-delay 2 -H "@$CONFIG/auth-header" -o "$2" "$1"
}

# 2. The Docker engine.
if ! command -v docker >/dev/null 2>&1; then
  command -v apt-get >/dev/null 2>&1 || die "no docker and no apt-get: install a Docker engine, then run this again"
  say "installing the Docker engine from Debian (docker.io)"
  DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q docker.io >&2
fi
service=${HEARTH_SERVICE:-}
if [ -z "$service" ]; then
  if [ -d /run/systemd/system ]; then service=systemd; else service=docker; fi
fi
if [ "$service" = systemd ]; then
  systemctl enable --now docker.service >&2
fi
tries=0
until docker info >/dev/null 2>&1; do
  tries=$((tries + 1))
  [ "$tries" -le 60 ] || die "the Docker engine at $SOCKET does not answer 'docker info'"
  sleep 1
done

# 3. Which host this token is, and the images it needs.
join=$CONFIG/join.txt
fetch "$HEARTH_URL/agent/v1/join" "$join.part" \
  || die "the portal at $HEARTH_URL refused the token or is unreachable (is the host retired, or the token mistyped?)"
mv "$join.part" "$join"
host=$(awk '$1 == "host" { print $2 }' "$join")
[ -n "$host" ] || die "the portal's answer names no host: $(head -c 300 "$join")"
say "joining as host '$host' of $HEARTH_URL"

# 4. Images: fetched only when the engine lacks that image id; verified twice (tarball, image id).
cache=$CONFIG/images
mkdir -p "$cache"
: >"$CONFIG/images.env.part"
awk '$1 == "image"' "$join" | while read -r _ role ref id digest bytes; do
  if [ "$(docker image inspect -f '{{.Id}}' "$ref" 2>/dev/null || true)" = "$id" ]; then
    say "$role: $ref is already loaded"
  else
    hex=${digest#sha256:}
    say "$role: fetching $ref ($((bytes / 1048576)) MiB, $digest)"
    fetch "$HEARTH_URL/agent/v1/images/$digest" "$cache/$hex.part" || die "fetching $digest failed"
    echo "$hex  $cache/$hex.part" | sha256sum -c --status \
      || { rm -f "$cache/$hex.part"; die "$role: the tarball's SHA-256 is not $digest; nothing was loaded"; }
    docker load -q -i "$cache/$hex.part" >&2
    rm -f "$cache/$hex.part"
    loaded=$(docker image inspect -f '{{.Id}}' "$ref" 2>/dev/null || true)
    [ "$loaded" = "$id" ] || die "$role: loading $digest gave image $loaded, not $id"
  fi
  echo "$role=$ref" >>"$CONFIG/images.env.part"
done
mv "$CONFIG/images.env.part" "$CONFIG/images.env"
ref_of() { sed -n "s/^$1=//p" "$CONFIG/images.env"; }
agent_image=$(ref_of agent)
[ -n "$agent_image" ] || die "the portal serves no agent image; run node-image/export-images.sh on the platform's machine"
[ -n "$(ref_of control-plane)" ] && [ -n "$(ref_of registry)" ] || die "the portal serves no control-plane or registry image"

# 5. The agent's settings (root-only: they hold the token) and its service.
address=${HEARTH_ADVERTISE_ADDRESS:-}
if [ -z "$address" ]; then
  portal_host=$(echo "$HEARTH_URL" | sed -E 's#^[a-z]+://(\[[^]]*\]|[^/:]*).*#\1#; s#^\[##; s#\]$##')
  portal_ip=$(getent ahosts "$portal_host" | awk '{ print $1; exit }')
  [ -n "$portal_ip" ] && address=$(ip route get "$portal_ip" 2>/dev/null | sed -n 's/.* src \([^ ]*\).*/\1/p' | head -n 1)
  [ -n "$address" ] || die "cannot tell this machine's address towards $portal_host; set HEARTH_ADVERTISE_ADDRESS"
fi
cat >"$CONFIG/agent.env.part" <<EOF
HEARTH_AGENT_HOST_ID=$host
HEARTH_AGENT_BACKEND_URL=$HEARTH_URL
HEARTH_AGENT_TOKEN=$HEARTH_JOIN_TOKEN
HEARTH_AGENT_ADVERTISE_ADDRESS=$address
HEARTH_AGENT_IMAGES_CONTROL_PLANE=$(ref_of control-plane)
HEARTH_AGENT_IMAGES_REGISTRY=$(ref_of registry)
HEARTH_AGENT_IMAGES_WASI_NODE=$(ref_of wasm-node)
HEARTH_AGENT_IMAGES_BUILDER=$(ref_of builder)
HEARTH_AGENT_IMAGES_ENDPOINT=$(ref_of endpoint)
HEARTH_AGENT_IMAGES_TOOLBOX=$(ref_of toolbox)
HEARTH_AGENT_BUILD_CACHE_DIR=/var/lib/hearth-agent/build-cache
QUARKUS_HTTP_HOST=127.0.0.1
EOF
mv "$CONFIG/agent.env.part" "$CONFIG/agent.env"

# The agent shares the engine's network namespace (host network): it reaches the control planes it
# starts on their loopback ports, and the portal as this machine does. It drives the engine through
# its socket, which makes it as powerful as root here — the same trust as the agent installed by hand.
# NET_ADMIN lets it keep the iptables rules that confine cluster networks to themselves (docs/security.md,
# "Participant's cluster and the host's network"): without them a participant's cluster reaches this
# machine's services and everything this machine reaches.
run_args="--name $AGENT --network host --cap-add NET_ADMIN --env-file $CONFIG/agent.env -v $SOCKET:/var/run/docker.sock
  -v hearth-agent-data:/var/lib/hearth-agent --label dev.hearth.role=agent"
docker rm -f "$AGENT" >/dev/null 2>&1 || true
if [ "$service" = systemd ]; then
  docker_cli=$(command -v docker)
  cat >/etc/systemd/system/hearth-agent.service <<EOF
[Unit]
Description=Hearth worker agent (host $host of $HEARTH_URL)
Documentation=$HEARTH_URL
After=docker.service network-online.target
Wants=network-online.target
Requires=docker.service

[Service]
Environment=DOCKER_HOST=unix://$SOCKET
ExecStartPre=-$docker_cli rm -f $AGENT
ExecStart=$docker_cli run --rm $(echo "$run_args" | tr '\n' ' ') $agent_image
ExecStop=$docker_cli stop -t 20 $AGENT
Restart=always
RestartSec=5

[Install]
WantedBy=multi-user.target
EOF
  systemctl daemon-reload
  systemctl enable hearth-agent.service >&2
  systemctl restart hearth-agent.service
  say "the agent runs as the systemd service hearth-agent (journalctl -u hearth-agent)"
else
  # shellcheck disable=SC2086 # run_args is split on purpose; none of its parts holds a space
  docker run -d --restart unless-stopped $run_args "$agent_image" >/dev/null
  say "the agent runs as the container $AGENT, restarted by Docker (docker logs -f $AGENT)"
fi

# Done when the agent says it is connected; the Hosts page shows the host Online from then on.
tries=0
until docker logs "$AGENT" 2>&1 | grep -q "connected to the backend"; do
  tries=$((tries + 1))
  if [ "$tries" -gt 120 ]; then
    docker logs --tail 30 "$AGENT" >&2 || true
    die "the agent did not connect to $HEARTH_URL within 120 s (its log is above)"
  fi
  sleep 1
done
say "host '$host' is connected to $HEARTH_URL"
