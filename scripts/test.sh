#!/usr/bin/env bash
# npm test: the whole suite, as CI runs it. Lint, type check, build, the brokers, then every Jest project.
#
# The broker suites run in two lanes side by side, one for Kafka and one for RabbitMQ and SNS/SQS
# (scripts/test/lanes.sh): each lane has its own brokers and its own PostgreSQL cluster, because the
# fault suites stop and start both, and no two suites ever share a queue. Each lane's lines carry its
# name; its whole log is in .test-logs/. The run ends with each Jest project's time in each lane.
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

# shellcheck source=test/lanes.sh
source scripts/test/lanes.sh

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
  # --forceExit: once a lane's last test has run, a client still retrying a broker that a fault suite
  # stopped must not hold the lane open (Jest otherwise waits for it, minutes after the last test).
  (
    start=$SECONDS
    status=0
    env "${settings[@]}" npx jest --runInBand --verbose --forceExit "$@" >"$LOGS/$name.log" 2>&1 || status=$?
    echo "lane $name: exit $status after $(((SECONDS - start) / 60))m$(((SECONDS - start) % 60))s" >>"$LOGS/$name.log"
    exit "$status"
  ) &
  pids+=($!)
  # Streams the lane's log as it grows, each line marked with the lane.
  tail -n +1 -F --pid=$! "$LOGS/$name.log" 2>/dev/null | sed -u "s/^/[$name] /" &
}

# The plan on its own descriptor: nothing a lane starts reads it from stdin.
while IFS='|' read -r -u 3 name brokers postgres settings projects; do
  if [[ "$postgres" != main ]]; then bash scripts/test/lane-postgres.sh "${postgres%:*}" "${postgres#*:}"; fi
  # shellcheck disable=SC2086 # settings and projects are lists of words
  run_lane "$name" E2E_BROKERS="$brokers" $settings -- --selectProjects $projects
done 3< <(test_lanes)

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
