#!/usr/bin/env bash
# Stop the brokers that up.sh started (npm run brokers:down). Brokers that up.sh found
# already running were reused, not started, so they are left alone. Safe when nothing runs.
# --cluster stops the three-node clusters of `up.sh --cluster` instead.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

down_kafka() {
  local pidfile="$STATE_DIR/kafka/kafka.pid" pid
  if ! pid_alive "$pidfile" kafka.Kafka; then
    rm -f "$pidfile"
    log "kafka: not started by up.sh, nothing to stop"
    return
  fi
  log "kafka: stopping pid $(cat "$pidfile") ..."
  # SIGTERM = controlled shutdown: flushes logs so the next start needs no recovery.
  stop_pid "$pidfile" kafka.Kafka kafka
  log "kafka: stopped"
}

down_rabbitmq() {
  local marker="$STATE_DIR/rabbitmq.started" port
  if [[ ! -f "$marker" ]]; then
    log "rabbitmq: not started by up.sh, nothing to stop"
    return
  fi
  port="$(cat "$marker")"
  log "rabbitmq: stopping ..."
  rabbitmqctl -q stop || log "rabbitmq: rabbitmqctl stop failed (already stopped?)"
  local deadline=$((SECONDS + 30))
  while port_open 127.0.0.1 "${port:-5672}" && ((SECONDS < deadline)); do sleep 1; done
  rm -f "$marker"
  log "rabbitmq: stopped"
}

down_sqs() {
  local pidfile="$STATE_DIR/sqs/emulator.pid" pid
  if ! pid_alive "$pidfile" sqs/emulator.mjs; then
    rm -f "$pidfile"
    log "sqs: not started by up.sh, nothing to stop"
    return
  fi
  pid="$(cat "$pidfile")"
  log "sqs: stopping the emulator (pid $pid; it keeps nothing) ..."
  kill -CONT "$pid" 2>/dev/null || true # a fault test may have left it frozen
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + 10))
  while kill -0 "$pid" 2>/dev/null; do
    if ((SECONDS >= deadline)); then
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.2
  done
  rm -f "$pidfile"
  log "sqs: stopped"
}

# shellcheck source=cluster.sh
source "$BROKERS_SCRIPT_DIR/cluster.sh"

cluster="$(cluster_option "$@")"

brokers="$(selected_brokers)" # in an assignment so an unknown name stops the script
for broker in $brokers; do
  if $cluster; then
    [[ "$broker" == sqs ]] || "down_${broker}_cluster"
  else
    "down_$broker"
  fi
done
