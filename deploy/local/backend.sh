# shellcheck shell=bash
# Build, node images, and the backend on the portal port.
# Sourced by ./hearth, which sets the paths, ports and versions used here; defines functions only.

# What a build is made from, by content: every pom.xml, every file under a module's src/, the db/
# migrations. A checkout, rebase or touch that changes no byte leaves the hash, and so the build, alone.
source_hash() {
  if git -C "$ROOT" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    git -C "$ROOT" ls-files -z -co --exclude-standard -- pom.xml '*/pom.xml' '*/src/*' 'db/*' \
      | (cd "$ROOT" && xargs -0 -r sha256sum 2>/dev/null)
  else
    (cd "$ROOT" && find . \( -name .git -o -name target -o -name node_modules \) -prune -o -type f \
      \( -name pom.xml -o -path '*/src/*' -o -path './db/*' \) -print0 | sort -z | xargs -0 -r sha256sum)
  fi | sha256sum | cut -d' ' -f1
}

# Rebuilds when the sources differ from those of the last successful build (or there is none).
build_needed() {
  [ -f "$BACKEND_JAR" ] && [ -f "$RUN/build.stamp" ] || return 0
  [ "$(cat "$RUN/build.stamp")" != "$(source_hash)" ]
}

build() {
  local hash; hash=$(source_hash)
  say "building: mvn -B -DskipTests install (log $LOGS/build.log)"
  if ! mvn_run -B -DskipTests install -f "$ROOT/pom.xml" >"$LOGS/build.log" 2>&1; then
    log_tail "$LOGS/build.log"; die "build failed (full log: $LOGS/build.log)"
  fi
  echo "$hash" >"$RUN/build.stamp"
}

backend_ready() { http_ok "$PORTAL_URL/q/health/ready"; }

# Where the backend listens and what it calls its public URL; a change restarts it.
backend_address() { echo "$LISTEN_HOST $PORTAL_PUBLIC_URL"; }

start_backend() {
  if pid_alive backend; then
    if [ "$BACKEND_JAR" -nt "$RUN/backend.pid" ]; then
      say "backend: a newer build exists; restarting"; stop_started backend backend
    elif [ "$(cat "$RUN/backend.address" 2>/dev/null || echo "127.0.0.1 $PORTAL_URL")" != "$(backend_address)" ]; then
      say "backend: its public address changed; restarting"; stop_started backend backend
    else
      wait_for "the backend" 120 backend backend_ready || { log_tail "$LOGS/backend.log"; die "backend is not ready"; }
      say "backend: already running on $PORTAL_URL"; return 0
    fi
  fi
  port_open "$PORTAL_PORT" && die "port $PORTAL_PORT is taken by something this script did not start"
  [ -f "$BACKEND_JAR" ] || die "$BACKEND_JAR is missing; run ./hearth build"
  # Made by ensure_secrets (deploy/local/agent.sh): the kubeconfig key, and the token the backend
  # enrols the host "local" with, so the local agent needs no manual enrolment.
  local kubeconfig_key host_token
  kubeconfig_key=$(cat "$SECRETS/kubeconfig-key"); host_token=$(cat "$SECRETS/local-host-token")
  choose_jdk
  # Class data sharing: restarts after a crash map the classes instead of loading them (backend-jvm.sh).
  local cds; mapfile -t cds < <(backend_cds_flags "$RUN/backend.jsa")
  (
    cd "$HEARTH_STATE"
    export QUARKUS_HTTP_HOST=$LISTEN_HOST QUARKUS_HTTP_PORT=$PORTAL_PORT HEARTH_PUBLIC_URL=$PORTAL_PUBLIC_URL \
      QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://127.0.0.1:$PG_PORT/hearth \
      QUARKUS_DATASOURCE_USERNAME=hearth QUARKUS_DATASOURCE_PASSWORD=hearth \
      QUARKUS_OIDC_AUTH_SERVER_URL=$KC_URL/realms/hearth QUARKUS_OIDC_CLIENT_ID=hearth-portal \
      QUARKUS_OIDC_CREDENTIALS_SECRET=hearth-portal-dev-secret \
      HEARTH_KUBECONFIG_KEY=$kubeconfig_key HEARTH_LOCAL_HOST_TOKEN=$host_token \
      HEARTH_IMAGES_STORE_DIR=$IMAGE_STORE
    # Under the supervisor: a crashed backend is started again within seconds (docs/operations.md).
    exec setsid "$ROOT/deploy/local/supervise.sh" backend "$JDK/bin/java" -Xmx512m "${cds[@]}" -jar "$BACKEND_JAR" \
      >>"$LOGS/backend.log" 2>&1 </dev/null
  ) 9>&- &
  echo $! >"$RUN/backend.pid"
  backend_address >"$RUN/backend.address"
  say "backend: starting (pid $!, log $LOGS/backend.log)"
  wait_for "the backend's /q/health/ready" 180 backend backend_ready \
    || { log_tail "$LOGS/backend.log"; die "the backend did not become ready"; }
}

images() {
  local script=$ROOT/node-image/build-images.sh
  [ -x "$script" ] || die "$script does not exist yet"
  ensure_docker
  # The script prints "<role>=<image ref>" lines; the local agent is started with those refs.
  "$script" | tee "$RUN/images.env.tmp"
  mv "$RUN/images.env.tmp" "$RUN/images.env"
  # The same images, saved once per image id into the store the backend serves to hosts that join
  # with the Hosts page's command (docs/operations.md "Adding a host").
  "$ROOT/node-image/export-images.sh" "$IMAGE_STORE" <"$RUN/images.env" >/dev/null
}

# The backend's container image (hearth/platform-backend) for a Kubernetes install (deploy/helm/hearth);
# ./hearth up runs the backend as a process and needs none.
backend_image() {
  ensure_docker; ensure_maven; choose_jdk
  MVN=$MVN JAVA_HOME=$JDK "$ROOT/node-image/build-images.sh" backend
}
