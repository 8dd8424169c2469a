#!/usr/bin/env bash
# npm test: the whole suite, as CI runs it. Lint, type check, build, the brokers, then every Jest project,
# ending with one line per project with how long its files ran.
#
# E2E_BROKERS narrows the run (E2E_BROKERS=rabbitmq npm test). Extra arguments run one Jest run with
# them (npm test -- --selectProjects e2e faults). TEST_LANES=2 runs the broker suites in two lanes side
# by side (scripts/test/lanes.sh), each on its own brokers and PostgreSQL; on 2 cores that is slower
# than one after the other, so it is not the default. Each lane's lines carry its name; logs are in
# .test-logs/.
set -euo pipefail
cd "$(dirname "$0")/.."

started=$SECONDS
E2E_BROKERS="${E2E_BROKERS:-kafka,rabbitmq,sqs}"
export E2E_BROKERS
LOGS=.test-logs
mkdir -p "$LOGS"
# The brokers start while the code is checked and built: neither needs the other, and a JVM's start
# is mostly waiting.
BROKERS="$E2E_BROKERS" bash scripts/brokers/up.sh >"$LOGS/brokers-up.log" 2>&1 &
brokers_up=$!
npm run lint
npx tsc --noEmit -p tsconfig.json
npm run build
brokers_status=0
wait "$brokers_up" || brokers_status=$?
cat "$LOGS/brokers-up.log"
if ((brokers_status != 0)); then exit "$brokers_status"; fi

export NODE_OPTIONS=--experimental-vm-modules
# --forceExit: once the last test has run, a client still retrying a broker that a fault suite stopped
# must not hold the run open (Jest otherwise waits for it, minutes after the last test).
JEST=(npx jest --runInBand --verbose --forceExit)
if (($# > 0)); then
  exec "${JEST[@]}" "$@"
fi

# shellcheck source=test/lanes.sh
source scripts/test/lanes.sh
mapfile -t plan < <(test_lanes)

if ((${#plan[@]} == 1)); then
  IFS='|' read -r name brokers _postgres _settings projects <<<"${plan[0]}"
  status=0
  # shellcheck disable=SC2086 # projects is a list of words
  E2E_BROKERS="$brokers" "${JEST[@]}" --selectProjects $projects 2>&1 | tee "$LOGS/$name.log" || status=$?
  echo "npm test: $(((SECONDS - started) / 60))m$(((SECONDS - started) % 60))s in all"
  exit "$status"
fi

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
    env "${settings[@]}" "${JEST[@]}" "$@" >"$LOGS/$name.log" 2>&1 || status=$?
    echo "lane $name: exit $status after $(((SECONDS - start) / 60))m$(((SECONDS - start) % 60))s" >>"$LOGS/$name.log"
    exit "$status"
  ) &
  pids+=($!)
  # Streams the lane's log as it grows, each line marked with the lane.
  tail -n +1 -F --pid=$! "$LOGS/$name.log" 2>/dev/null | sed -u "s/^/[$name] /" &
}

for lane in "${plan[@]}"; do
  IFS='|' read -r name brokers postgres settings projects <<<"$lane"
  if [[ "$postgres" != main ]]; then bash scripts/test/lane-postgres.sh "${postgres%:*}" "${postgres#*:}"; fi
  # shellcheck disable=SC2086 # settings and projects are lists of words
  run_lane "$name" E2E_BROKERS="$brokers" $settings -- --selectProjects $projects
done

failed=0
for pid in "${pids[@]}"; do
  wait "$pid" || failed=1
done
sleep 1 # the last lines through tail

echo
echo "npm test: $(((SECONDS - started) / 60))m$(((SECONDS - started) % 60))s in all"
for name in "${lanes[@]}"; do
  sed -n '/^Time per Jest project:/,/^$/p; /^lane /p' "$LOGS/$name.log" | sed "s/^/[$name] /"
done
exit "$failed"
