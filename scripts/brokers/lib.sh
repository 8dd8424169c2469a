# Shared helpers for up.sh / down.sh. Sourced, not executed.
# shellcheck shell=bash

BROKERS_SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$BROKERS_SCRIPT_DIR/../.." && pwd)"
# Everything we download or create lives here (gitignored), so a `rm -rf .brokers` resets it all.
STATE_DIR="$REPO_ROOT/.brokers"
KNOWN_BROKERS="kafka rabbitmq sqs"

log() { printf '%s\n' "$*"; }
# die_with <exit status> <message...>: for a failure a caller tells apart by its status.
die_with() {
  local status="$1"
  shift
  printf 'error: %s\n' "$*" >&2
  exit "$status"
}
die() { die_with 1 "$@"; }

# Which brokers to act on: BROKERS (comma list) wins, else BROKER, else E2E_BROKERS (the brokers the
# tests run on), else all of them.
selected_brokers() {
  local list
  if [[ -n "${BROKERS:-}" ]]; then list="$BROKERS"
  elif [[ -n "${BROKER:-}" ]]; then list="$BROKER"
  elif [[ -n "${E2E_BROKERS:-}" ]]; then list="$E2E_BROKERS"
  else list="${KNOWN_BROKERS// /,}"; fi
  local name out=()
  IFS=',' read -r -a names <<<"$list"
  for name in "${names[@]}"; do
    name="${name//[[:space:]]/}"
    [[ -z "$name" ]] && continue
    [[ " $KNOWN_BROKERS " == *" $name "* ]] || die "unknown broker '$name' (known: ${KNOWN_BROKERS// /, })"
    out+=("$name")
  done
  printf '%s\n' "${out[@]}"
}

# The scripts' one option: --cluster (true) or none (false); anything else stops the script.
cluster_option() {
  local arg cluster=false
  for arg in "$@"; do
    case "$arg" in
      --cluster) cluster=true ;;
      *) die "unknown option '$arg' (known: --cluster)" ;;
    esac
  done
  echo "$cluster"
}

# True if something accepts TCP connections on host:port. Uses bash's /dev/tcp (no nc needed).
port_open() {
  timeout 2 bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null
}

is_local_host() { [[ "$1" == 127.0.0.1 || "$1" == localhost ]]; }

# "amqp://u:p@host:5672/vhost" or "http://host:4566" -> "host 5672" (default port given as $2).
url_host_port() {
  local rest="${1#*://}"
  rest="${rest##*@}"
  rest="${rest%%/*}"
  rest="${rest%%\?*}"
  local host="${rest%%:*}" port="$2"
  [[ "$rest" == *:* ]] && port="${rest##*:}"
  printf '%s %s\n' "${host:-127.0.0.1}" "$port"
}

# True if pid file exists and names a live process whose command line contains $2.
pid_alive() {
  local pidfile="$1" pattern="$2" pid
  [[ -f "$pidfile" ]] || return 1
  pid="$(cat "$pidfile")"
  [[ -n "$pid" && -r "/proc/$pid/cmdline" ]] || return 1
  # Guards against a recycled pid belonging to some unrelated process.
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "$pattern"
}

# True if the process is stopped by a signal (SIGSTOP: state T in /proc/<pid>/status): alive and holding
# its ports, so a TCP connect still succeeds, yet it answers nothing until SIGCONT. Asks the kernel, not
# the process, which could not answer.
pid_stalled() {
  local state
  state="$(sed -n 's/^State:[[:space:]]*\([A-Za-z]\).*/\1/p' "/proc/$1/status" 2>/dev/null)"
  [[ "$state" == T ]]
}

# True if process $1's command line contains $2 and its environment holds the entry $3 (NAME=value):
# which process this is, read from /proc without asking it (a stalled process answers nothing).
pid_matches() {
  tr '\0' ' ' 2>/dev/null <"/proc/$1/cmdline" | grep -qF -- "$2" &&
    tr '\0' '\n' 2>/dev/null <"/proc/$1/environ" | grep -qxF -- "$3"
}

# The pids of the processes that pid_matches $1 and $2: how to find one that left no pid file.
pids_matching() {
  local dir
  for dir in /proc/[0-9]*; do
    pid_matches "${dir#/proc/}" "$1" "$2" && echo "${dir#/proc/}"
  done
  return 0
}

# Stops the process of a pid file (SIGTERM: a controlled shutdown), killing it after 60 s; $3 names it in the log.
stop_pid() {
  local pidfile="$1" pattern="$2" name="$3" pid
  pid_alive "$pidfile" "$pattern" || { rm -f "$pidfile"; return; }
  pid="$(cat "$pidfile")"
  kill -TERM "$pid" 2>/dev/null || true
  # A stalled process acts on the SIGTERM only once resumed.
  if pid_stalled "$pid"; then log "$name: stalled (state T), resumed to stop"; kill -CONT "$pid" 2>/dev/null || true; fi
  local deadline=$((SECONDS + 60))
  while kill -0 "$pid" 2>/dev/null; do
    ((SECONDS < deadline)) || { log "$name: still running after 60s, killing"; kill -KILL "$pid" 2>/dev/null || true; break; }
    sleep 1
  done
  rm -f "$pidfile"
}
