#!/usr/bin/env bash
# Osprey's JMS provider vs Apache ActiveMQ Artemis 2.38 on this machine, both measured by the shared harness's
# provider-neutral JmsBench (JNDI + jakarta.jms only) and by selector-backlog (benchmarks/, also JNDI only).
# One broker runs at a time, each on a fresh store; each scenario runs Osprey and Artemis back to back and the
# order alternates from one scenario and one round to the next, so compare the two figures of one pair.
#
#   benchmarks/scripts/jms-vs-artemis.sh ROUNDS [OUT]      (default: 1 round, RESULT lines appended to OUT)
#
# Env: BENCH        the built harness (a copy of ../shared/bench after 'mvn -q -B package'), default /tmp/osprey-bench
#      OSPREY_HOME  the Osprey distribution, default server/target/osprey-<version> of this checkout (its client
#                   jars come from provider/target and protocol/target of the same checkout: run 'mvn package' first)
#      DURATION (15) WARMUP (5) seconds; SCENARIOS (see below; "none" = only the selector run);
#      BACKLOG (1000000, 0 = no selector run)
# Artemis: the harness's embedded broker, journal synced on every durable send and commit (its defaults, the
# ASYNCIO journal when libaio is installed). Osprey: standalone, SYNC_FLUSH, the same 1g heap.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${1:-1}
OUT=${2:-/tmp/bench-data/jms-vs-artemis.txt}
BENCH=${BENCH:-/tmp/osprey-bench}
OSPREY_HOME=${OSPREY_HOME:-$(ls -d server/target/osprey-*/ | head -1)}
DURATION=${DURATION:-15}
WARMUP=${WARMUP:-5}
BACKLOG=${BACKLOG:-1000000}
# label|JmsBench options
SCENARIOS=${SCENARIOS:-"queue-persistent-1x1|--producers 1 --consumers 1;\
queue-persistent-4x4|--producers 4 --consumers 4;\
queue-nonpersistent-4x4|--producers 4 --consumers 4 --delivery non-persistent;\
topic-persistent-1x4|--mode topic --producers 1 --consumers 4;\
queue-tx10-4x4|--producers 4 --consumers 4 --tx-batch 10"}
DATA=/tmp/bench-data
mkdir -p "$DATA/logs"
version=$(basename "$OSPREY_HOME" | sed 's/^osprey-//')
OSPREY_CP="$PWD/provider/target/osprey-jms-$version.jar:$PWD/protocol/target/osprey-protocol-$version.jar"
for jar in "$OSPREY_HOME"/lib/netty-*.jar "$OSPREY_HOME"/lib/jackson-*.jar "$OSPREY_HOME"/lib/slf4j-api-*.jar; do
  OSPREY_CP="$OSPREY_CP:$jar"
done
TOOLS_CP="$PWD/benchmarks/target/classes:$(ls ~/.m2/repository/info/picocli/picocli/4.7.7/picocli-4.7.7.jar)"
OSPREY_JNDI=$DATA/osprey-jndi.properties
cat > "$OSPREY_JNDI" <<EOF
java.naming.factory.initial=io.osprey.mq.jms.jndi.OspreyInitialContextFactory
connectionFactory.ConnectionFactory=osprey://127.0.0.1:9877
queue.benchQueue=benchQueue
topic.benchTopic=benchTopic
EOF

start_osprey() {
  rm -rf "$DATA/osprey"
  JAVA_OPTS="-Xms1g -Xmx1g -XX:MaxDirectMemorySize=1g" "$OSPREY_HOME/bin/osprey" standalone \
    -D storePathRootDir="$DATA/osprey" -D flushDiskType=SYNC_FLUSH -D commitLogSegmentBytes=134217728 \
    -D namesrv.listenPort=9877 -D listenPort=10921 -D brokerIP1=127.0.0.1 > "$DATA/logs/osprey.log" 2>&1 &
  OSPREY_PID=$!
  for _ in $(seq 1 120); do grep -q "Broker .* ready" "$DATA/logs/osprey.log" && return; sleep 0.5; done
  echo "Osprey did not start, see $DATA/logs/osprey.log" >&2; exit 1
}
stop_osprey() { kill "$OSPREY_PID"; wait "$OSPREY_PID" || true; }
start_artemis() { "$BENCH/scripts/bench.sh" start-artemis > "$DATA/logs/artemis-start.txt"; }
stop_artemis() { "$BENCH/scripts/bench.sh" stop-artemis; }

record() { # label log
  grep '^RESULT' "$2" | sed "s/^RESULT /RESULT broker=$1 /" | tee -a "$OUT" || echo "no RESULT from $1, see $2"
}

jms() { # broker label options...
  local broker=$1 label=$2; shift 2
  local cp="$BENCH/jms/target/bench-jms.jar" jndi="$BENCH/config/artemis-jndi.properties"
  # Osprey's client first, so that its own Netty is used rather than the copy the harness jar bundles
  [ "$broker" = osprey ] && cp="$OSPREY_CP:$cp" && jndi=$OSPREY_JNDI
  java -Xms1g -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" bench.jms.JmsBench --jndi "$jndi" \
    --size 1024 --duration "$DURATION" --warmup-seconds "$WARMUP" --label "$label" "$@" \
    > "$DATA/logs/last-run.txt" 2>&1 || true
  record "$broker" "$DATA/logs/last-run.txt"
}

selector() { # broker label
  local broker=$1 cp="$BENCH/jms/target/bench-jms.jar:$TOOLS_CP" jndi="$BENCH/config/artemis-jndi.properties"
  [ "$broker" = osprey ] && cp="$OSPREY_CP:$cp" && jndi=$OSPREY_JNDI
  java -Xms1g -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" \
    io.osprey.mq.bench.jms.SelectorBacklogBench --jndi "$jndi" --backlog "$BACKLOG" --timeout 900 --label "$2" \
    > "$DATA/logs/last-run.txt" 2>&1 || true
  record "$broker" "$DATA/logs/last-run.txt"
}

run_on() { # broker what label [options...]
  local broker=$1 what=$2; shift 2
  if [ "$broker" = osprey ]; then start_osprey; else start_artemis; fi
  "$what" "$broker" "$@"
  if [ "$broker" = osprey ]; then stop_osprey; else stop_artemis; fi
}

list=()
[ "$SCENARIOS" = none ] || IFS=';' read -ra list <<< "$SCENARIOS"
for round in $(seq 1 "$ROUNDS"); do
  for i in "${!list[@]}"; do
    label=${list[$i]%%|*}; options=${list[$i]#*|}
    # shellcheck disable=SC2086
    if [ $(( (round + i) % 2 )) = 1 ]; then
      run_on osprey jms "$label-r$round" $options; run_on artemis jms "$label-r$round" $options
    else
      run_on artemis jms "$label-r$round" $options; run_on osprey jms "$label-r$round" $options
    fi
  done
  if [ "$BACKLOG" -gt 0 ]; then
    if [ $(( round % 2 )) = 1 ]; then run_on osprey selector "selector-r$round"; run_on artemis selector "selector-r$round"
    else run_on artemis selector "selector-r$round"; run_on osprey selector "selector-r$round"; fi
  fi
done
