# The lanes of `npm test` (sourced by scripts/test.sh), from E2E_BROKERS and TEST_LANES: one line per
# lane, `name|E2E_BROKERS|PostgreSQL|settings|Jest projects`, PostgreSQL being `main` (the machine's)
# or a cluster of the lane's own, `<name>:<port>`.
#
# One lane by default. With TEST_LANES=2, Kafka and SNS/SQS share a lane and RabbitMQ has the other,
# with the projects that need no broker and the two that run on RabbitMQ only (bench, generator), so
# that both take about as long. The first runs on a PostgreSQL cluster of its own, since the fault
# suites stop and start theirs, and leaves the suites that need no broker to the other lane
# (BROKER_FREE_SUITES=skip). On 2 cores, side by side is slower than one after the other: each lane's
# heavy suites starve the other's (a RabbitMQ cluster suite took 730 s beside the Kafka and SNS/SQS
# dead letters, 250 s alone).

BROKER_PROJECTS="e2e faults hostile dead-letters conformance cluster"
ALL_PROJECTS="unit database $BROKER_PROJECTS bench generator"
SIDE_LANE_BROKERS=kafka,sqs
SIDE_LANE_POSTGRES_NAME=side_lane
SIDE_LANE_POSTGRES_PORT=5433

# A comma-separated list of brokers, and the brokers wanted -> those of the list wanted, comma-separated.
brokers_among() {
  tr ',' '\n' <<<"$1" | grep -xF -f <(tr ',' '\n' <<<"$2") | paste -sd, - || true
}

test_lanes() {
  local tested="${E2E_BROKERS:-kafka,rabbitmq,sqs}" side main
  side="$(brokers_among "$tested" "$SIDE_LANE_BROKERS")"
  main="$(brokers_among "$tested" rabbitmq)"
  if [[ "${TEST_LANES:-1}" == 2 && -n "$side" && -n "$main" ]]; then
    local port=$SIDE_LANE_POSTGRES_PORT name=$SIDE_LANE_POSTGRES_NAME
    echo "${side//,/-}|$side|$name:$port|BROKER_FREE_SUITES=skip TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:$port/test TEST_POSTGRES_CLUSTER=$name|$BROKER_PROJECTS"
    echo "$main|$main|main||$ALL_PROJECTS"
  else
    echo "all|$tested|main||$ALL_PROJECTS"
  fi
}
