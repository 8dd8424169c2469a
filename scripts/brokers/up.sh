#!/usr/bin/env bash
# Start the message brokers locally without Docker (npm run brokers:up).
#   BROKERS=kafka,rabbitmq,sqs (default all three), BROKER=kafka or E2E_BROKERS selects which.
#   --cluster starts three-node Kafka and RabbitMQ clusters instead, beside the single nodes (cluster.sh).
#   A broker that already accepts connections is reused, never restarted.
#   Whatever this script starts is recorded under .brokers/ so down.sh stops only that.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

KAFKA_VERSION="${KAFKA_VERSION:-4.1.1}"
KAFKA_DIR="$STATE_DIR/kafka"
KAFKA_LIBS="$KAFKA_DIR/libs"
# Fixed: with a --standalone (dynamic) quorum the controller endpoint is stored in the metadata log.
KAFKA_CONTROLLER_PORT=9093

# ---------------------------------------------------------------- RabbitMQ

up_rabbitmq() {
  local host port
  read -r host port < <(url_host_port "${RABBITMQ_URL:-amqp://guest:guest@127.0.0.1:5672}" 5672)
  if port_open "$host" "$port"; then
    log "rabbitmq: already running on $host:$port (reused)"
    return
  fi
  is_local_host "$host" || die "rabbitmq: $host:$port does not accept connections and is not local, so there is nothing to start"
  command -v rabbitmq-server >/dev/null ||
    die "rabbitmq: rabbitmq-server not found: install Debian package rabbitmq-server, or use \`docker compose up\`"

  log "rabbitmq: starting rabbitmq-server on port $port ..."
  local start=$SECONDS deadline=$((SECONDS + 60))
  RABBITMQ_NODE_PORT="$port" rabbitmq-server -detached
  # Recorded before waiting, so down.sh can clean up even if startup times out.
  echo "$port" >"$STATE_DIR/rabbitmq.started"

  until port_open "$host" "$port"; do
    ((SECONDS < deadline)) || die "rabbitmq: port $port not open after 60s (see /var/log/rabbitmq/)"
    sleep 1
  done
  # The AMQP port opens before all plugins/vhosts are ready; ask the node itself.
  if command -v rabbitmqctl >/dev/null; then
    rabbitmqctl -q -t $((deadline - SECONDS > 1 ? deadline - SECONDS : 1)) await_startup ||
      die "rabbitmq: node did not finish booting (see /var/log/rabbitmq/)"
  fi
  if command -v rabbitmq-diagnostics >/dev/null; then
    rabbitmq-diagnostics -q check_port_connectivity >/dev/null ||
      die "rabbitmq: check_port_connectivity failed (see /var/log/rabbitmq/)"
  fi
  log "rabbitmq: started on $host:$port in $((SECONDS - start))s"
}

# One user per service, allowed only its own queues and event types (scripts/brokers/rabbitmq/).
# Runs on every up, reused broker or not: creating them again changes nothing, and updates permissions.
provision_rabbitmq_users() {
  local host _port
  read -r host _port < <(url_host_port "${RABBITMQ_URL:-amqp://guest:guest@127.0.0.1:5672}" 5672)
  if ! is_local_host "$host" || ! command -v rabbitmqctl >/dev/null || ! rabbitmqctl -q status >/dev/null 2>&1; then
    log "rabbitmq: no local node that rabbitmqctl can manage, so the service users were not created here" \
      "(docker-compose.yml's broker defines them itself)"
    return
  fi
  [[ -d "$REPO_ROOT/node_modules/tsx" ]] || die "rabbitmq: node_modules is missing: run \`npm ci\` first"
  (cd "$REPO_ROOT" && node --import tsx scripts/brokers/rabbitmq/provision-users.ts) ||
    die "rabbitmq: could not create the service users (see above)"
}

# ---------------------------------------------------------------- Kafka

# Runs a Kafka main class with our jars and log config (tools log at WARN to keep output clean).
kafka_java() {
  java -Dlog4j2.configurationFile="$KAFKA_DIR/log4j2.properties" -cp "$KAFKA_LIBS/*" "$@"
}

require_java17() {
  local hint="install Debian packages openjdk-17-jre-headless and maven, or use \`docker compose up\`"
  command -v java >/dev/null || die "kafka: java not found: $hint"
  local v major
  v="$(java -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n1)"
  major="${v%%.*}"
  [[ "$major" == 1 ]] && major="$(cut -d. -f2 <<<"$v")" # "1.8.0" style
  [[ "$major" =~ ^[0-9]+$ ]] && ((major >= 17)) || die "kafka: Java 17+ required, found '$v': $hint"
}

# Jars come only from Maven Central, via scripts/brokers/kafka/pom.xml; downloaded once per version.
fetch_kafka_jars() {
  if [[ "$(cat "$KAFKA_LIBS/.version" 2>/dev/null)" == "$KAFKA_VERSION" ]]; then
    return
  fi
  command -v mvn >/dev/null ||
    die "kafka: mvn not found: install Debian packages openjdk-17-jre-headless and maven, or use \`docker compose up\`"
  log "kafka: downloading Apache Kafka $KAFKA_VERSION jars from Maven Central ..."
  # A reused single node leaves no .brokers/kafka behind; the cluster still needs its jars there.
  mkdir -p "$KAFKA_DIR"
  # Download into a temp dir and swap, so an interrupted download is never mistaken for a cache.
  local tmp="$KAFKA_DIR/libs.tmp"
  rm -rf "$tmp"
  # Output goes to a file (Debian's mvn prints colour codes even with -q); shown only on failure.
  mvn -q -B -f "$BROKERS_SCRIPT_DIR/kafka/pom.xml" dependency:copy-dependencies \
    -Dkafka.version="$KAFKA_VERSION" -DincludeScope=runtime -DoutputDirectory="$tmp" \
    >"$KAFKA_DIR/mvn.log" 2>&1 || {
    cat "$KAFKA_DIR/mvn.log" >&2
    die "kafka: Maven could not fetch org.apache.kafka:kafka_2.13:$KAFKA_VERSION"
  }
  echo "$KAFKA_VERSION" >"$tmp/.version"
  rm -rf "$KAFKA_LIBS"
  mv "$tmp" "$KAFKA_LIBS"
}

write_kafka_config() {
  local port="$1"
  write_kafka_log_config
  # Regenerated every time (cheap), so edits here take effect on the next start.
  cat >"$KAFKA_DIR/server.properties" <<PROPS
# Generated by scripts/brokers/up.sh -- single-node KRaft broker+controller for local development.
process.roles=broker,controller
node.id=1
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$port
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
# Dynamic quorum, matching 'StorageTool format --standalone'.
controller.quorum.bootstrap.servers=127.0.0.1:$KAFKA_CONTROLLER_PORT
log.dirs=$KAFKA_DIR/data
# One broker: internal topics cannot have more than one replica.
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
# Consumers in tests/demos should get partitions immediately, not after 3s.
group.initial.rebalance.delay.ms=0
num.partitions=3
auto.create.topics.enable=true
PROPS
}

write_kafka_log_config() {
  mkdir -p "$KAFKA_DIR"
  # Server logs at INFO to stdout (redirected to server.log); tools pass -Dkafka.log.level=WARN.
  cat >"$KAFKA_DIR/log4j2.properties" <<'PROPS'
# Generated by scripts/brokers/up.sh
appender.out.type = Console
appender.out.name = out
appender.out.layout.type = PatternLayout
appender.out.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = ${sys:kafka.log.level:-INFO}
rootLogger.appenderRef.out.ref = out
logger.request.name = kafka.request.logger
logger.request.level = WARN
PROPS
}

format_kafka_storage() {
  [[ -f "$KAFKA_DIR/data/meta.properties" ]] && return # already formatted: keep topics and offsets
  local id
  id="$(kafka_java -Dkafka.log.level=WARN kafka.tools.StorageTool random-uuid | grep -E '^[A-Za-z0-9_-]{22}$' | tail -n1)"
  [[ -n "$id" ]] || die "kafka: could not generate a cluster id"
  log "kafka: formatting storage (cluster id $id)"
  kafka_java -Dkafka.log.level=WARN kafka.tools.StorageTool format --standalone -t "$id" \
    -c "$KAFKA_DIR/server.properties" >"$KAFKA_DIR/format.log" 2>&1 || {
    cat "$KAFKA_DIR/format.log" >&2
    die "kafka: storage format failed"
  }
}

# True once the broker really serves clients. An open port is not enough: right after start the
# group coordinator and the producer-id allocator are still loading, and kafkajs logs ERRORs
# (while retrying) for the first consumer group / idempotent producer. So probe exactly those.
kafka_ready() {
  local addr="$1"
  if [[ -d "$REPO_ROOT/node_modules/kafkajs" ]]; then
    node --input-type=commonjs -e '
      const { Kafka, logLevel } = require(process.argv[1]);
      const kafka = new Kafka({ clientId: "brokers-up", brokers: [process.argv[2]],
        logLevel: logLevel.NOTHING, connectionTimeout: 2000, retry: { retries: 0 } });
      const admin = kafka.admin();
      // kafkajs refuses an idempotent producer with retries: 0.
      const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, retry: { retries: 1 } });
      setTimeout(() => process.exit(1), 10000).unref(); // one probe must not eat the whole deadline
      (async () => {
        await admin.connect();
        await admin.listTopics();
        await admin.describeGroups(["brokers-up-probe"]); // needs the group coordinator
        await producer.connect(); // idempotent: needs InitProducerId
        await Promise.all([admin.disconnect(), producer.disconnect()]);
      })().then(() => process.exit(0), () => process.exit(1));
    ' "$REPO_ROOT/node_modules/kafkajs" "$addr" >/dev/null 2>&1
  else
    timeout 30 java -Dlog4j2.configurationFile="$KAFKA_DIR/log4j2.properties" -Dkafka.log.level=ERROR \
      -cp "$KAFKA_LIBS/*" org.apache.kafka.tools.TopicCommand --bootstrap-server "$addr" --list >/dev/null 2>&1
  fi
}

kafka_fail() {
  # The root cause is often far above the tail (Kafka dumps its whole config after it).
  grep -m1 ' ERROR ' "$KAFKA_DIR/server.log" | sed 's/^/kafka: first error: /' >&2 || true
  log "kafka: $1 -- last 30 lines of .brokers/kafka/server.log:" >&2
  tail -n 30 "$KAFKA_DIR/server.log" >&2 || true
  exit 1
}

up_kafka() {
  local first host port
  first="${KAFKA_BROKERS:-127.0.0.1:9092}"
  first="${first%%,*}"
  host="${first%%:*}"
  port="${first##*:}"
  [[ "$first" == *:* ]] || port=9092
  if port_open "$host" "$port"; then
    log "kafka: already running on $host:$port (reused)"
    return
  fi
  is_local_host "$host" || die "kafka: $host:$port does not accept connections and is not local, so there is nothing to start"

  local start=$SECONDS
  mkdir -p "$KAFKA_DIR"
  # A previous up.sh may have started it and been interrupted while it was still booting.
  if ! pid_alive "$KAFKA_DIR/kafka.pid" kafka.Kafka; then
    rm -f "$KAFKA_DIR/kafka.pid"
    require_java17
    ! port_open 127.0.0.1 "$KAFKA_CONTROLLER_PORT" ||
      die "kafka: controller port 127.0.0.1:$KAFKA_CONTROLLER_PORT is already in use by another process"
    fetch_kafka_jars
    write_kafka_config "$port"
    format_kafka_storage
    log "kafka: starting Apache Kafka $KAFKA_VERSION (KRaft) on 127.0.0.1:$port ..."
    [[ -f "$KAFKA_DIR/server.log" ]] && mv "$KAFKA_DIR/server.log" "$KAFKA_DIR/server.log.1"
    # setsid: own session, so it outlives this script and npm's process group.
    nohup setsid java -Xms512m -Xmx1g -XX:+UseG1GC -Djava.awt.headless=true \
      -Dlog4j2.configurationFile="$KAFKA_DIR/log4j2.properties" \
      -cp "$KAFKA_LIBS/*" kafka.Kafka "$KAFKA_DIR/server.properties" \
      >"$KAFKA_DIR/server.log" 2>&1 </dev/null &
    echo $! >"$KAFKA_DIR/kafka.pid"
  fi

  local deadline=$((SECONDS + 90))
  until port_open "$host" "$port" && kafka_ready "$host:$port"; do
    sleep 1
    pid_alive "$KAFKA_DIR/kafka.pid" kafka.Kafka || kafka_fail "process exited during startup"
    ((SECONDS < deadline)) || kafka_fail "not serving clients after 90s"
  done
  log "kafka: started on $host:$port in $((SECONDS - start))s (pid $(cat "$KAFKA_DIR/kafka.pid"), log .brokers/kafka/server.log)"
}

# ---------------------------------------------------------------- SNS/SQS (emulator)

SQS_DIR="$STATE_DIR/sqs"

# fauxqs, an in-memory SNS/SQS emulator from the npm registry (a devDependency), run by sqs/emulator.mjs.
up_sqs() {
  local endpoint="${AWS_ENDPOINT_URL-http://127.0.0.1:4566}" host port
  if [[ -z "$endpoint" ]]; then
    log "sqs: AWS_ENDPOINT_URL is empty, so the services use AWS itself: nothing to start"
    return
  fi
  read -r host port < <(url_host_port "$endpoint" 4566)
  if port_open "$host" "$port"; then
    log "sqs: already running on $host:$port (reused)"
    return
  fi
  is_local_host "$host" || die "sqs: $host:$port does not accept connections and is not local, so there is nothing to start"
  [[ -f "$REPO_ROOT/node_modules/fauxqs/package.json" ]] ||
    die "sqs: the emulator (npm package fauxqs) is not installed: run \`npm ci\`, or use \`docker compose up\`"

  local start=$SECONDS
  mkdir -p "$SQS_DIR"
  if ! pid_alive "$SQS_DIR/emulator.pid" sqs/emulator.mjs; then
    log "sqs: starting the SNS/SQS emulator (fauxqs, in memory) on 127.0.0.1:$port ..."
    # setsid: own session, so it outlives this script and npm's process group.
    FAUXQS_PORT="$port" nohup setsid node "$BROKERS_SCRIPT_DIR/sqs/emulator.mjs" \
      >"$SQS_DIR/emulator.log" 2>&1 </dev/null &
    echo $! >"$SQS_DIR/emulator.pid"
  fi
  local deadline=$((SECONDS + 30))
  until sqs_ready "$host" "$port"; do
    pid_alive "$SQS_DIR/emulator.pid" sqs/emulator.mjs || {
      cat "$SQS_DIR/emulator.log" >&2
      die "sqs: the emulator exited during startup"
    }
    ((SECONDS < deadline)) || die "sqs: the emulator does not answer after 30s (see .brokers/sqs/emulator.log)"
    sleep 0.2
  done
  log "sqs: started on $host:$port in $((SECONDS - start))s (pid $(cat "$SQS_DIR/emulator.pid"), log .brokers/sqs/emulator.log)"
}

sqs_ready() {
  node -e 'fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' \
    "http://$1:$2/health" 2>/dev/null
}

# ---------------------------------------------------------------- main

# shellcheck source=cluster.sh
source "$BROKERS_SCRIPT_DIR/cluster.sh"

cluster="$(cluster_option "$@")"

brokers="$(selected_brokers)" # in an assignment so an unknown name stops the script
mkdir -p "$STATE_DIR"
for broker in $brokers; do
  if $cluster; then
    case "$broker" in
      sqs) log "sqs: the emulator is one process; on AWS, SQS is replicated for you" ;;
      *) "up_${broker}_cluster" ;;
    esac
  else
    "up_$broker"
    [[ "$broker" != rabbitmq ]] || provision_rabbitmq_users
  fi
done
