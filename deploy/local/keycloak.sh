# shellcheck shell=bash
# Keycloak: the real server from Maven Central, realm hearth from the repo.
# Sourced by ./hearth, which sets the paths, ports and versions used here; defines functions only.

ensure_keycloak_dist() {
  [ -x "$KC_HOME/bin/kc.sh" ] && return 0
  say "installing: Keycloak $KEYCLOAK_VERSION from Maven Central into $KC_HOME"
  local tmp; tmp=$(mktemp -d)
  mvn_run -B -q "$DEPENDENCY_PLUGIN:copy" -Dartifact="org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:tar.gz" \
    -DoutputDirectory="$tmp" || die "failed to fetch org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION"
  mkdir -p "$tmp/x"
  tar -xzf "$tmp/keycloak-quarkus-dist-$KEYCLOAK_VERSION.tar.gz" -C "$tmp/x" --strip-components=1
  mkdir -p "$(dirname "$KC_HOME")"; rm -rf "$KC_HOME"; mv "$tmp/x" "$KC_HOME"; rm -rf "$tmp"
}

keycloak_ready() { http_ok "$KC_URL/realms/hearth/.well-known/openid-configuration"; }

# The realm as imported: the repo's file, plus — with an advertise address — the portal's public URL
# among hearth-portal's redirect URIs and web origins (the file names localhost only).
realm_json() {
  if [ -n "$ADVERTISE" ]; then
    jq --arg url "$PORTAL_PUBLIC_URL" \
      '(.clients[] | select(.clientId == "hearth-portal")) |= (.redirectUris += [$url + "/*"] | .webOrigins += [$url])' \
      "$REALM_FILE"
  else
    cat "$REALM_FILE"
  fi
}
realm_hash() { realm_json | sha256sum | cut -c1-64; }

# Keycloak's address options (hostname v2): its public URL fixes the frontend URLs and the tokens'
# issuer; with an advertise address it listens on every address and answers back-channel requests
# (the backend's, on localhost) with back-channel URLs of the address they came to.
keycloak_address_args() {
  printf '%s\n' "--http-host=$LISTEN_HOST" "--hostname=$KC_PUBLIC_URL"
  [ -n "$ADVERTISE" ] && echo "--hostname-backchannel-dynamic=true"
  return 0
}

# Keycloak's admin API via its bootstrap admin; prints the HTTP status.
kc_admin() { # method path [curl args...]
  local method=$1 path=$2 token; shift 2
  token=$(curl -fsS --max-time 10 -d grant_type=password -d client_id=admin-cli -d username=kcadmin -d password=kcadmin \
    "$KC_URL/realms/master/protocol/openid-connect/token" | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
  [ -n "$token" ] || die "cannot log in to Keycloak's master realm as kcadmin"
  curl -sS --max-time 60 -o "$LOGS/keycloak-admin.out" -w '%{http_code}' -X "$method" \
    -H "Authorization: Bearer $token" "$@" "$KC_URL/admin$path"
}

# --import-realm only imports a realm that does not exist yet, so an edited realm JSON is applied by
# deleting the realm and creating it again from the file (users and sessions in it are dev data).
reconcile_realm() {
  local want have status; want=$(realm_hash); have=$(cat "$KC_STATE/realm.sha256" 2>/dev/null || true)
  [ "$want" = "$have" ] && return 0
  say "Keycloak: $REALM_FILE changed since the last import; re-importing realm hearth"
  status=$(kc_admin DELETE /realms/hearth)
  case $status in 204|404) ;; *) die "deleting realm hearth failed: HTTP $status $(cat "$LOGS/keycloak-admin.out")";; esac
  status=$(realm_json | kc_admin POST /realms -H 'Content-Type: application/json' --data-binary @-)
  [ "$status" = 201 ] || die "importing realm hearth failed: HTTP $status $(cat "$LOGS/keycloak-admin.out")"
  echo "$want" >"$KC_STATE/realm.sha256"
}

ensure_keycloak() {
  # Started with other address options (HEARTH_ADVERTISE_ADDRESS changed): `up` starts it again with
  # these; `test` and `services` leave a running Keycloak alone (others' tests may be using it) and warn.
  # No record: started before addresses were recorded, with the loopback defaults.
  local had; had=$(cat "$KC_STATE/address-args" 2>/dev/null || printf '%s\n' "--http-host=127.0.0.1" "--hostname=$KC_URL")
  if pid_alive keycloak && [ "$had" != "$(keycloak_address_args)" ]; then
    if [ -n "${HEARTH_APPLY_ADDRESS:-}" ]; then
      say "Keycloak: its public address changed; restarting"
      stop_started keycloak Keycloak
    else
      warn "Keycloak runs with other address options ($(echo "$had" | tr '\n' ' ')); ./hearth up applies HEARTH_ADVERTISE_ADDRESS"
    fi
  fi
  if pid_alive keycloak || keycloak_ready; then
    if ! keycloak_ready; then
      say "Keycloak: starting (pid $(pid_of keycloak)); waiting"
      wait_for "Keycloak" 300 keycloak keycloak_ready || { log_tail "$LOGS/keycloak.log"; die "Keycloak did not become ready"; }
    fi
    pid_alive keycloak || warn "Keycloak on :$KC_PORT was not started by this script; using it as it is"
    pid_alive keycloak && reconcile_realm
    say "Keycloak: already running on $KC_URL"
    return 0
  fi
  port_open "$KC_PORT" && die "port $KC_PORT is taken by something that is not Keycloak's realm hearth"

  ensure_keycloak_dist; choose_jdk
  # Keycloak keeps everything it writes (H2 database, import dir, tmp) under <home>/data; pointing
  # that at the state dir keeps the cached distribution free of running state.
  mkdir -p "$KC_STATE/data/import"
  if [ -d "$KC_HOME/data" ] && [ ! -L "$KC_HOME/data" ]; then
    die "$KC_HOME/data is a real directory (Keycloak was run from the cache by hand); move it away"
  fi
  ln -sfn "$KC_STATE/data" "$KC_HOME/data"
  realm_json >"$KC_STATE/data/import/hearth-realm.json"
  local fresh=; [ -d "$KC_STATE/data/h2" ] || fresh=1

  local t0=$SECONDS address_args=()
  mapfile -t address_args < <(keycloak_address_args)
  KC_BOOTSTRAP_ADMIN_USERNAME=kcadmin KC_BOOTSTRAP_ADMIN_PASSWORD=kcadmin \
  JAVA_OPTS_KC_HEAP="-Xms64m -Xmx512m" \
    setsid "$KC_HOME/bin/kc.sh" start-dev --http-port="$KC_PORT" "${address_args[@]}" \
      --import-realm >>"$LOGS/keycloak.log" 2>&1 </dev/null 9>&- &
  echo $! >"$RUN/keycloak.pid"
  keycloak_address_args >"$KC_STATE/address-args"
  say "Keycloak: starting $KEYCLOAK_VERSION (pid $!, log $LOGS/keycloak.log)"
  wait_for "Keycloak realm hearth at $KC_URL" 300 keycloak keycloak_ready \
    || { log_tail "$LOGS/keycloak.log"; die "Keycloak did not become ready within 300 s"; }
  # A fresh database has just imported the current file; an old one may hold an older realm.
  [ -n "$fresh" ] && realm_hash >"$KC_STATE/realm.sha256"
  reconcile_realm
  say "Keycloak: ready on $KC_PUBLIC_URL in $((SECONDS - t0)) s, $(rss_mib keycloak) MiB resident"
}

# Resident memory of a process group this script started (kc.sh plus its JVM).
rss_mib() { # pidfile-name
  local pid; pid=$(pid_of "$1")
  [ -n "$pid" ] || { echo 0; return; }
  ps -o rss= -g "$pid" 2>/dev/null | awk '{ s += $1 } END { printf "%d", s / 1024 }'
}
