# shellcheck shell=bash
# Output, waiting, pid files and the lock.
# Sourced by ./hearth, which sets the paths, ports and versions used here; defines functions only.

say()  { printf 'hearth: %s\n' "$*"; }
warn() { printf 'hearth: warning: %s\n' "$*" >&2; }
die()  { printf 'hearth: error: %s\n' "$*" >&2; exit 1; }

# Every step logs its duration, so CI can see where its 45 minutes go.
# Not for use under "||" or "if": bash ignores set -e inside those, and a failing step must stop here.
timed() { # label command...
  local label=$1 t0=$SECONDS; shift
  say "==> $label"
  "$@"
  say "<== $label: $((SECONDS - t0)) s"
}

# Polls a condition until it holds; gives up at the timeout, or at once when the process that
# should make it true has died (its pid file given), so a crash is reported, not waited out.
wait_for() { # what timeout-seconds pidfile|- command...
  local what=$1 timeout=$2 pidfile=$3; shift 3
  local deadline=$((SECONDS + timeout))
  until "$@"; do
    if [ "$pidfile" != - ] && ! pid_alive "$pidfile"; then
      warn "gave up waiting for $what: its process exited"; return 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      warn "gave up waiting for $what after $timeout s"; return 1
    fi
    sleep 1
  done
}

is_root() { [ "$(id -u)" -eq 0 ]; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
http_ok() { curl -fsS -o /dev/null --max-time 3 "$1" 2>/dev/null; }

pid_of() { cat "$RUN/$1.pid" 2>/dev/null || true; }
# Alive and still the program we started: after a reboot the pid may belong to something else.
pid_alive() { # pidfile-name
  local pid word; pid=$(pid_of "$1")
  case $1 in keycloak) word=keycloak ;; backend) word=quarkus-run.jar ;; *) word=$1 ;; esac
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$word"
}

# Stops a process group this script started with setsid (its pid is the group id), politely first.
stop_started() { # name what
  local name=$1 what=$2 pid; pid=$(pid_of "$name")
  if ! pid_alive "$name"; then
    rm -f "$RUN/$name.pid"; say "$what: not running (nothing of ours to stop)"; return 0
  fi
  say "$what: stopping (pid $pid)"
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + 30))
  while kill -0 "$pid" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.5; done
  if kill -0 "$pid" 2>/dev/null; then
    warn "$what did not stop within 30 s; killing it"
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$RUN/$name.pid"
}

log_tail() { # logfile
  printf -- '----- last lines of %s -----\n' "$1" >&2
  tail -n 40 "$1" >&2 2>/dev/null || true
  printf -- '-----\n' >&2
}

prepare_state() {
  mkdir -p "$LOGS" "$RUN" 2>/dev/null || die "cannot create $HEARTH_STATE; set HEARTH_STATE to a writable directory"
}

# Serialises the commands that start and stop services: two engineers (or a test and a shell)
# running ./hearth at once must not both start a Keycloak. Every long-lived process started under
# the lock gets "9>&-", or it would inherit the lock and hold it for its whole life.
take_lock() {
  exec 9>"$RUN/hearth.lock"
  flock -w 900 9 || die "another ./hearth is still running (lock $RUN/hearth.lock)"
}
