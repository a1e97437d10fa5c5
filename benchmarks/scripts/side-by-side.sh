#!/usr/bin/env bash
# Osprey vs Apache RocketMQ 5.3.1 on this machine, measured by the shared harness's RmqBench (stock client 5.3.1).
# One broker pair runs at a time; each scenario runs Osprey and RocketMQ back to back, and the order alternates
# from one scenario to the next, so compare the two figures of one pair (the machine is shared and noisy).
#
#   benchmarks/scripts/side-by-side.sh ROUNDS [OUT]      (default: 2 rounds, results appended to OUT)
#
# Env: BENCH        the built harness (a copy of ../shared/bench after 'mvn -q -B package'), default /tmp/osprey-bench
#      OSPREY_HOME  the Osprey distribution, default server/target/osprey-<version> of this checkout
#      DURATION (20) WARMUP (8) seconds; SCENARIOS (default "async 1 1,async 4 4,sync 1 1,sync 4 4")
# Osprey gets the heap of the harness's RocketMQ broker (1g) and the same 128 MiB CommitLog segments; its
# NameServer listens on 9877 and its broker on 10921, RocketMQ's on 9876 and 10911.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${1:-2}
OUT=${2:-/tmp/bench-data/side-by-side.txt}
BENCH=${BENCH:-/tmp/osprey-bench}
OSPREY_HOME=${OSPREY_HOME:-$(ls -d server/target/osprey-*/ | head -1)}
DURATION=${DURATION:-20}
WARMUP=${WARMUP:-8}
SCENARIOS=${SCENARIOS:-async 1 1,async 4 4,sync 1 1,sync 4 4}
DATA=/tmp/bench-data
mkdir -p "$DATA/logs"

rmq() { # label namesrv producers consumers
  "$BENCH/scripts/bench.sh" rmq --namesrv "$2" --producers "$3" --consumers "$4" --size 1024 \
    --duration "$DURATION" --warmup-seconds "$WARMUP" --label "$1" > "$DATA/logs/last-run.txt" 2>&1 || true
  grep '^RESULT' "$DATA/logs/last-run.txt" | tee -a "$OUT" || echo "no RESULT from $1, see $DATA/logs/last-run.txt"
}

osprey() { # flush producers consumers round
  local mode=ASYNC_FLUSH; [ "$1" = sync ] && mode=SYNC_FLUSH
  rm -rf "$DATA/osprey"
  JAVA_OPTS="-Xms1g -Xmx1g -XX:MaxDirectMemorySize=1g" "$OSPREY_HOME/bin/osprey" standalone \
    -D storePathRootDir="$DATA/osprey" -D flushDiskType=$mode -D commitLogSegmentBytes=134217728 \
    -D namesrv.listenPort=9877 -D listenPort=10921 -D brokerIP1=127.0.0.1 > "$DATA/logs/osprey.log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 120); do grep -q "Broker .* ready" "$DATA/logs/osprey.log" && break; sleep 0.5; done
  rmq "osprey-$1-$2x$3-r$4" 127.0.0.1:9877 "$2" "$3"
  kill "$pid"; wait "$pid" || true
}

rocketmq() { # flush producers consumers round
  "$BENCH/scripts/bench.sh" start-rocketmq "$1" > /dev/null
  rmq "rocketmq-$1-$2x$3-r$4" 127.0.0.1:9876 "$2" "$3"
  "$BENCH/scripts/bench.sh" stop-rocketmq
}

IFS=, read -ra list <<< "$SCENARIOS"
for round in $(seq 1 "$ROUNDS"); do
  for i in "${!list[@]}"; do
    read -r flush p c <<< "${list[$i]}"
    # who goes first alternates by scenario and by round, so each scenario runs in both orders
    if [ $(( (round + i) % 2 )) = 1 ]; then osprey $flush $p $c $round; rocketmq $flush $p $c $round
    else rocketmq $flush $p $c $round; osprey $flush $p $c $round; fi
  done
done
