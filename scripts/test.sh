#!/usr/bin/env bash
# npm test: the whole suite, as CI runs it. Lint, type check, build, the brokers, then every Jest project.
#
# The broker suites run in two lanes side by side, one for Kafka and one for RabbitMQ and SNS/SQS:
# each lane has its own brokers and its own PostgreSQL cluster, because the fault suites stop and
# start both, and no two suites ever share a queue. Each lane prints its lines with its name in front.
# E2E_BROKERS narrows the run (E2E_BROKERS=rabbitmq npm test); extra arguments run one plain Jest run
# with them instead of the lanes (npm test -- --selectProjects e2e).
set -euo pipefail
cd "$(dirname "$0")/.."

started=$SECONDS
npm run lint
npx tsc --noEmit -p tsconfig.json
npm run build
E2E_BROKERS="${E2E_BROKERS:-kafka,rabbitmq,sqs}"
export E2E_BROKERS
BROKERS="$E2E_BROKERS" bash scripts/brokers/up.sh

export NODE_OPTIONS=--experimental-vm-modules
if (($# > 0)); then
  exec npx jest --runInBand "$@"
fi

BROKER_PROJECTS=(e2e faults hostile dead-letters conformance cluster)
# kafka,rabbitmq,sqs -> the lane's own brokers among them, comma-separated (empty when none).
among_tested() { tr ',' '\n' <<<"$E2E_BROKERS" | grep -xF -f <(tr ',' '\n' <<<"$1") | paste -sd, - || true; }

LOGS=.test-logs
mkdir -p "$LOGS"
lanes=() pids=()
# run_lane <name> <env assignments...> -- <jest arguments...>
run_lane() {
  local name="$1" settings=()
  shift
  while [[ "$1" != -- ]]; do settings+=("$1") && shift; done
  shift
  lanes+=("$name")
  (
    start=$SECONDS
    status=0
    env "${settings[@]}" npx jest --runInBand "$@" >"$LOGS/$name.log" 2>&1 || status=$?
    echo "lane $name: exit $status after $(((SECONDS - start) / 60))m$(((SECONDS - start) % 60))s" >>"$LOGS/$name.log"
    exit "$status"
  ) &
  pids+=($!)
  # Streams the lane's log as it grows, each line marked with the lane.
  tail -n +1 -F --pid=$! "$LOGS/$name.log" 2>/dev/null | sed -u "s/^/[$name] /" &
}

kafka="$(among_tested kafka)"
others="$(among_tested rabbitmq,sqs)"
ALL_PROJECTS=(unit database "${BROKER_PROJECTS[@]}" bench generator)
if [[ -n "$kafka" && -n "$others" ]]; then
  bash scripts/test/lane-postgres.sh kafka_lane 5433
  run_lane kafka E2E_BROKERS="$kafka" BROKER_FREE_SUITES=skip \
    TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5433/test TEST_POSTGRES_CLUSTER=kafka_lane \
    -- --selectProjects "${BROKER_PROJECTS[@]}"
  run_lane rabbitmq-sqs E2E_BROKERS="$others" -- --selectProjects "${ALL_PROJECTS[@]}"
else
  run_lane all E2E_BROKERS="$E2E_BROKERS" -- --selectProjects "${ALL_PROJECTS[@]}"
fi

failed=0
for i in "${!pids[@]}"; do
  wait "${pids[$i]}" || failed=1
done
sleep 1 # the last lines through tail

echo
echo "npm test: $(((SECONDS - started) / 60))m$(((SECONDS - started) % 60))s in all"
for name in "${lanes[@]}"; do
  sed -n '/^Time per Jest project:/,/^$/p; /^lane /p' "$LOGS/$name.log" | sed "s/^/[$name] /"
done
exit "$failed"
