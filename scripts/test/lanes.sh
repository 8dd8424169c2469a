# The lanes `npm test` runs side by side (sourced by scripts/test.sh), from E2E_BROKERS: one line per
# lane, `name|E2E_BROKERS|PostgreSQL|settings|Jest projects`, PostgreSQL being `main` (the machine's)
# or a cluster of the lane's own, `<name>:<port>`.
#
# Kafka gets a lane of its own: its suites, its cluster's above all, take about as long as RabbitMQ's
# and SNS/SQS's together. It runs on a PostgreSQL cluster of its own, since the fault suites stop and
# start theirs, and leaves the suites that need no broker to the other lane (BROKER_FREE_SUITES=skip).

BROKER_PROJECTS="e2e faults hostile dead-letters conformance cluster"
ALL_PROJECTS="unit database $BROKER_PROJECTS bench generator"
KAFKA_LANE_POSTGRES_NAME=kafka_lane
KAFKA_LANE_POSTGRES_PORT=5433

# A comma-separated list of brokers, and the brokers wanted -> those of the list wanted, comma-separated.
brokers_among() {
  tr ',' '\n' <<<"$1" | grep -xF -f <(tr ',' '\n' <<<"$2") | paste -sd, - || true
}

test_lanes() {
  local tested="${E2E_BROKERS:-kafka,rabbitmq,sqs}" kafka others
  kafka="$(brokers_among "$tested" kafka)"
  others="$(brokers_among "$tested" rabbitmq,sqs)"
  if [[ -n "$kafka" && -n "$others" ]]; then
    local port=$KAFKA_LANE_POSTGRES_PORT name=$KAFKA_LANE_POSTGRES_NAME
    echo "kafka|$kafka|$name:$port|BROKER_FREE_SUITES=skip TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:$port/test TEST_POSTGRES_CLUSTER=$name|$BROKER_PROJECTS"
    echo "rabbitmq-sqs|$others|main||$ALL_PROJECTS"
  else
    echo "all|$tested|main||$ALL_PROJECTS"
  fi
}
