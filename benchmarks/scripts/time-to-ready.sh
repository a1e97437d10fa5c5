#!/bin/sh
# Time from launching `bin/osprey standalone` to its ready lines, in milliseconds.
#
#   benchmarks/scripts/time-to-ready.sh empty [runs]      a fresh, empty data folder every run (default 10 runs)
#   benchmarks/scripts/time-to-ready.sh recovery [runs]   restart after SIGKILL of a store holding ~1 GiB of
#                                                         CommitLog (default 3 runs)
#
# empty: each run starts the distribution on a new temporary folder with free ports, waits for
#   "Osprey Broker ... ready on", stops it with SIGTERM and removes the folder.
# recovery: starts the distribution once, fills its CommitLog with FillCommitLog.java (raw SEND_MESSAGE,
#   ASYNC_FLUSH, BODY_BYTES bodies, up to FILL_BYTES) and SIGKILLs it; keeps that killed store and, for each
#   run, restarts on a fresh copy of it (the page cache is warm, as after a process crash, not a power cut).
#   Every run prints where its time went, from the arrival of the server's own log lines: launch → broker port
#   bound → CommitLog recovered (tail scan, zero check) → store opened (consume queues, re-dispatch) → ready.
#   PROFILE=1 also records each restart with JFR and prints the main thread's samples by store method.
#
# Environment: OSPREY_HOME (default: this checkout's server/target/osprey-*), WORK (scratch folder, default
# /tmp/osprey-time-to-ready, emptied first), KILLED_STORE (recovery: restart on copies of this store, killed by
# an earlier run, instead of filling one; keep it outside WORK), FILL_BYTES (default 1 GiB minus 16 MiB: one full default segment,
# the most the tail scan can have to read), BODY_BYTES (default 1024), JAVA_HOME, JAVA_OPTS (as bin/osprey).
# Output: one line per run, then
#   RESULT mode=<empty|recovery> runs=N ready_median_ms=… ready_min_ms=… ready_max_ms=… namesrv_median_ms=…
# Needs GNU date (%N) and mkfifo. Run nothing else on the machine if you can; its load moves these figures.

set -u
here=$(cd "$(dirname "$0")" && pwd -P)
mode=${1:-empty}
case "$mode" in
  empty) runs=${2:-10} ;;
  recovery) runs=${2:-3} ;;
  *) echo "usage: $0 empty|recovery [runs]" >&2; exit 2 ;;
esac
if [ -z "${OSPREY_HOME:-}" ]; then
  for candidate in "$here"/../../server/target/osprey-*/; do
    [ -x "$candidate/bin/osprey" ] && OSPREY_HOME=$(cd "$candidate" && pwd -P)
  done
fi
if [ -z "${OSPREY_HOME:-}" ] || [ ! -x "$OSPREY_HOME/bin/osprey" ]; then
  echo "time-to-ready: no distribution; build it (mvn -q -B package -DskipTests -pl server -am) or set OSPREY_HOME" >&2
  exit 1
fi
if [ -n "${JAVA_HOME:-}" ]; then JAVA="$JAVA_HOME/bin/java"; else JAVA=java; fi
WORK=${WORK:-/tmp/osprey-time-to-ready}
FILL_BYTES=${FILL_BYTES:-$(( (1 << 30) - (16 << 20) ))}
BODY_BYTES=${BODY_BYTES:-1024}
PROFILE=${PROFILE:-0}
rm -rf "$WORK" && mkdir -p "$WORK" || exit 1

pid=""
drain=""
cleanup() {
  [ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null
  [ -n "$drain" ] && kill "$drain" 2>/dev/null
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM

now_ms() {
  echo $(( $(date +%s%N) / 1000000 ))
}

# launch <data dir> <log file> [-D key=value ...]: starts the server, reads its output until the broker's ready
# line; sets pid, ready_ms, namesrv_ms, broker_addr and the phase marks (ms since launch, -1 if never seen)
launch() {
  data=$1 log=$2
  shift 2
  fifo="$WORK/out.fifo"
  rm -f "$fifo" && mkfifo "$fifo" || exit 1
  ready_ms=-1 namesrv_ms=-1 bound_ms=-1 recovered_ms=-1 opened_ms=-1 broker_addr=""
  started=$(now_ms)
  "$OSPREY_HOME/bin/osprey" standalone -D storePathRootDir="$data" -D namesrv.listenPort=0 -D listenPort=0 "$@" \
    >"$fifo" 2>&1 &
  pid=$!
  exec 3<"$fifo"
  while IFS= read -r line <&3; do
    printf '%s\n' "$line" >>"$log"
    case "$line" in
      *"broker listening on "*) bound_ms=$(( $(now_ms) - started )) ;;
      *"CommitLog recovery: "*) recovered_ms=$(( $(now_ms) - started )) ;;
      *"Store opened at "*) opened_ms=$(( $(now_ms) - started )) ;;
      "Osprey NameServer ready on "*) namesrv_ms=$(( $(now_ms) - started )) ;;
      "Osprey Broker "*" ready on "*)
        ready_ms=$(( $(now_ms) - started ))
        broker_addr=${line##* ready on }
        break ;;
    esac
  done
  # keep reading, so that the server never blocks on a full pipe while it runs and stops
  cat <&3 >>"$log" &
  drain=$!
  exec 3<&-
  if [ "$ready_ms" -lt 0 ]; then
    echo "time-to-ready: the server did not get ready; its output is in $log" >&2
    exit 1
  fi
}

# stop <signal>: stops the launched server and waits for it
stop() {
  kill "-$1" "$pid"
  wait "$pid" 2>/dev/null
  wait "$drain" 2>/dev/null
  pid="" drain=""
}

stats() { # stats <file>: "median min max" of the numbers in the file, one a line
  sort -n "$1" | awk '{ v[NR] = $1 } END { printf "%d %d %d", v[int((NR + 1) / 2)], v[1], v[NR] }'
}

# the main thread's JFR samples of one recording, by start-up phase: the first frame (innermost first) that
# names a phase decides. Java samples count 10 ms, native ones (file reads, ...) 20 ms (JFR's "profile" periods).
profile_summary() {
  jfr="${JAVA_HOME:+$JAVA_HOME/bin/}jfr"
  "$jfr" print --stack-depth 128 --events jdk.ExecutionSample,jdk.NativeMethodSample "$1" | awk '
    function phase_of(frame) {
      if (frame ~ /CommitLogRecovery\.nonZeroBytesAfter/) return "CommitLog zero check after the valid end"
      if (frame ~ /SegmentScan\.scan|CommitLogRecovery\.checkTail/) return "CommitLog tail scan (frames, CRC)"
      if (frame ~ /ConsumeQueueTable\.(open|truncateAhead|advanceMin)|MessageStore\.lagging/) return "consume queues: open, cut back"
      if (frame ~ /ReputService\.dispatchAll/) return "re-dispatch from the checkpoint"
      if (frame ~ /MessageStore\.open/) return "rest of the store open"
      if (frame ~ /broker\.Broker\.start/) return "rest of the broker start"
      return ""
    }
    /^jdk\.(ExecutionSample|NativeMethodSample) \{/ { weight = ($1 == "jdk.ExecutionSample") ? 10 : 20; main = 0; phase = ""; next }
    /sampledThread = "main"/ { main = 1; next }
    main && phase == "" && /^ +[a-zA-Z_$][a-zA-Z0-9_$.]*\(/ { phase = phase_of($1) }
    /^}/ { if (main) ms[phase == "" ? "launcher, NameServer, JVM" : phase] += weight; main = 0 }
    END { for (p in ms) printf "%6d ms  %s\n", ms[p], p }' | sort -rn
}

: >"$WORK/ready.ms"
: >"$WORK/namesrv.ms"
echo "distribution: $OSPREY_HOME"
echo "host: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"

if [ "$mode" = empty ]; then
  i=1
  while [ "$i" -le "$runs" ]; do
    launch "$WORK/empty-$i" "$WORK/empty-$i.log"
    stop TERM
    rm -rf "$WORK/empty-$i"
    echo "run $i: NameServer ready ${namesrv_ms} ms, Broker ready ${ready_ms} ms (bound ${bound_ms}, store opened ${opened_ms})"
    echo "$ready_ms" >>"$WORK/ready.ms"
    echo "$namesrv_ms" >>"$WORK/namesrv.ms"
    i=$((i + 1))
  done
else
  if [ -n "${KILLED_STORE:-}" ]; then
    killed=$KILLED_STORE
    echo "restarting on copies of the store SIGKILLed earlier: $killed"
  else
    killed="$WORK/killed-store"
    launch "$killed" "$WORK/fill.log"
    echo "filling the CommitLog of the broker at $broker_addr to $FILL_BYTES bytes with $BODY_BYTES-byte bodies..."
    "$JAVA" -cp "$OSPREY_HOME/lib/*" "$here/FillCommitLog.java" "$broker_addr" "$FILL_BYTES" "$BODY_BYTES" \
      | tee "$WORK/fill.result" || exit 1
    stop KILL
    echo "SIGKILLed (KILLED_STORE=$killed reruns on it without filling again)"
  fi
  echo "store: $(du -sh --apparent-size "$killed/commitlog" | cut -f1) of CommitLog files," \
    "$(du -sh "$killed/commitlog" | cut -f1) on disk, $(du -sh "$killed/consumequeue" | cut -f1) of consume queues"
  i=1
  while [ "$i" -le "$runs" ]; do
    rm -rf "$WORK/restart" && cp -a --sparse=always "$killed" "$WORK/restart" || exit 1
    java_opts=${JAVA_OPTS:-}
    if [ "$PROFILE" = 1 ]; then
      export JAVA_OPTS="$java_opts -XX:StartFlightRecording=filename=$WORK/restart-$i.jfr,settings=profile"
    fi
    launch "$WORK/restart" "$WORK/restart-$i.log"
    JAVA_OPTS=$java_opts
    stop TERM
    echo "run $i: Broker ready ${ready_ms} ms: port bound at ${bound_ms}, CommitLog recovered at ${recovered_ms}" \
      "(+$((recovered_ms - bound_ms))), store opened at ${opened_ms} (+$((opened_ms - recovered_ms)))," \
      "ready (+$((ready_ms - opened_ms)))"
    grep -h "CommitLog recovery: \|Store opened at \|Consume queue.*checkpoint\|rebuilding" "$WORK/restart-$i.log" \
      | sed 's/^/    /'
    if [ "$PROFILE" = 1 ]; then
      echo "    main thread, sampled by JFR, by phase (approximate):"
      profile_summary "$WORK/restart-$i.jfr" | sed 's/^/      /'
    fi
    echo "$ready_ms" >>"$WORK/ready.ms"
    echo "$namesrv_ms" >>"$WORK/namesrv.ms"
    i=$((i + 1))
  done
fi

set -- $(stats "$WORK/ready.ms")
ready_stats="ready_median_ms=$1 ready_min_ms=$2 ready_max_ms=$3"
set -- $(stats "$WORK/namesrv.ms")
echo "RESULT mode=$mode runs=$runs $ready_stats namesrv_median_ms=$1"
