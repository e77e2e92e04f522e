#!/usr/bin/env bash
# Measures RocketJMS against ActiveMQ Classic 6.2.0 and ActiveMQ Artemis 2.40.0 on this machine with
# `bin/rocketjms perf`, brokers alternated, each broker in its own JVM (same heap as the client) on loopback with
# a fresh data directory per run. See README, "Compared with ActiveMQ Artemis and ActiveMQ Classic".
#
# Build first (from the checkout's root):
#   mvn -B -DskipTests package && mvn -B -Pperf-peers -pl perf-peers/activemq-classic,perf-peers/artemis -am package -DskipTests
#
# usage: perf/compare.sh [--warmup S] [--duration S] [--runs N] [--scenarios "S1 S2 S3 S4 S5"]
#                        [--brokers "rocketjms activemq artemis-default artemis-tuned"] [--s5-count N]
#                        [--fc-backlog N (maxDestinationBacklog of the broker "rocketjms-fc": RocketJMS with producer
#                         flow control, BLOCK; add it to --brokers to measure it alongside)]
#                        [--s5-tx-batch N (the fill's transacted batch, 0 = one sync send per message)]
#                        [--heap SIZE] [--data DIR] [--out DIR]
# Needs bash, java and python3 (for the medians table). Results: one JSON per run and summary.md in --out.
# Broker keys for the RocketJMS brokers only (e.g. to compare a setting): ROCKETJMS_BROKER_ARGS="-DsendMessageOnIoThread=false".
# JVM flags for the perf tool's JVM (every provider), e.g. ROCKETJMS_CLIENT_ARGS="-Drocketjms.syncSendsOnCallerThread=false".
# JVM flags for the ActiveMQ and Artemis broker JVMs, e.g. PEER_JAVA_OPTS="-XX:+AlwaysPreTouch" (bin/rocketjms's own
# default, which the perf tool's JVM gets too) to measure the peers with the heap pre-touched as well.
set -euo pipefail

here="$(cd -P "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
home="$(cd -P "$here/.." && pwd)"

warmup=10
duration=20
runs=3
scenarios="S1 S2 S3 S4 S5"
brokers="rocketjms activemq artemis-default artemis-tuned"
s5_count=10000000
s5_tx_batch=100
fc_backlog=10000
heap=1g
data_root="${TMPDIR:-/tmp}/rocketjms-compare"
out="$here/results/$(date -u +%Y%m%d-%H%M%S)"

while [ $# -gt 0 ]; do
  case "$1" in
    --warmup) warmup="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --scenarios) scenarios="$2"; shift 2 ;;
    --brokers) brokers="$2"; shift 2 ;;
    --s5-count) s5_count="$2"; shift 2 ;;
    --s5-tx-batch) s5_tx_batch="$2"; shift 2 ;;
    --fc-backlog) fc_backlog="$2"; shift 2 ;;
    --heap) heap="$2"; shift 2 ;;
    --data) data_root="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
    *) echo "compare.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done

for d in "$home/examples/target/lib" "$home/broker/target/lib" \
         "$home/perf-peers/activemq-classic/target/lib" "$home/perf-peers/artemis/target/lib"; do
  if [ ! -d "$d" ]; then
    echo "compare.sh: $d is missing; build first (see the top of $0)" >&2
    exit 1
  fi
done

mkdir -p "$out/logs" "$data_root"
log() { echo "[$(date -u +%H:%M:%S)] $*" | tee -a "$out/compare.log"; }

examples_cp="$(ls "$home"/examples/target/rocketjms-examples-*.jar | grep -v -e sources -e javadoc -e tests | head -1):$home/examples/target/lib/*"

# ---- machine and disk, measured in this run ---------------------------------------------------------------------
cores="$(nproc)"
log "machine: $cores cores, $(awk '/MemTotal/ {printf "%.0f GiB RAM", $2/1048576}' /proc/meminfo), $(uname -sr), $(java -version 2>&1 | head -1)"
log "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
disk="$(java -cp "$examples_cp" org.rocketjms.examples.perf.DiskProbe --dir "$data_root/probe" --seconds 5 --mb 512)"
log "disk ($data_root): $disk"
fsyncs="$(echo "$disk" | sed -E 's/.*fdatasync\/s=([0-9]+).*/\1/')"
# artemis create derives journal-buffer-timeout from a sync test: one buffer flush per measured sync
tuned_timeout_ns=$(( 1000000000 / (fsyncs > 0 ? fsyncs : 1) ))
log "artemis-tuned journal buffer timeout: $tuned_timeout_ns ns"
# the floor any broker has here: S1's and S4's work done by a bare loopback program (see RoundTripFloor's javadoc)
floor="$(java -cp "$examples_cp" org.rocketjms.examples.perf.RoundTripFloor --dir "$data_root/probe" --seconds 5 \
  --size 1024 --rate 1000)"
log "floor: $floor"
echo "cores=$cores $disk artemisTunedTimeoutNs=$tuned_timeout_ns warmup=$warmup duration=$duration runs=$runs heap=$heap peerJavaOpts=\"${PEER_JAVA_OPTS:-}\" rocketjmsBrokerArgs=\"${ROCKETJMS_BROKER_ARGS:-}\" clientArgs=\"${ROCKETJMS_CLIENT_ARGS:-}\"" \
  > "$out/machine.txt"
echo "floor: $floor" >> "$out/machine.txt"

# ---- brokers ----------------------------------------------------------------------------------------------------
broker_pid=""
broker_data=""

start_broker() { # name, log file, [heap]
  local name="$1" blog="$2" bheap="${3:-$heap}"
  broker_data="$data_root/$name-data"
  rm -rf "$broker_data"
  mkdir -p "$broker_data"
  case "$name" in
    rocketjms|rocketjms-fc)
      local fc=""
      [ "$name" = "rocketjms-fc" ] && fc="-DmaxDestinationBacklog=$fc_backlog"
      # shellcheck disable=SC2086
      JAVA_OPTS="-Xms$bheap -Xmx$bheap" "$home/bin/rocketjms" standalone --data "$broker_data" \
        --namesrv-port 19876 --broker-port 20911 $fc ${ROCKETJMS_BROKER_ARGS:-} > "$blog" 2>&1 &
      ;;
    activemq)
      # shellcheck disable=SC2086
      java "-Xms$bheap" "-Xmx$bheap" ${PEER_JAVA_OPTS:-} -cp "$home/perf-peers/activemq-classic/target/classes:$home/perf-peers/activemq-classic/target/lib/*" \
        org.rocketjms.perfpeers.activemq.ActiveMqClassicBroker --data "$broker_data" --port 61616 > "$blog" 2>&1 &
      ;;
    artemis-default)
      # shellcheck disable=SC2086
      java "-Xms$bheap" "-Xmx$bheap" ${PEER_JAVA_OPTS:-} -cp "$home/perf-peers/artemis/target/classes:$home/perf-peers/artemis/target/lib/*" \
        org.rocketjms.perfpeers.artemis.ArtemisBroker --data "$broker_data" --port 61617 > "$blog" 2>&1 &
      ;;
    artemis-tuned)
      # shellcheck disable=SC2086
      java "-Xms$bheap" "-Xmx$bheap" ${PEER_JAVA_OPTS:-} -cp "$home/perf-peers/artemis/target/classes:$home/perf-peers/artemis/target/lib/*" \
        org.rocketjms.perfpeers.artemis.ArtemisBroker --data "$broker_data" --port 61617 \
        --journal-buffer-timeout-ns "$tuned_timeout_ns" > "$blog" 2>&1 &
      ;;
    *) echo "compare.sh: unknown broker '$name'" >&2; exit 2 ;;
  esac
  broker_pid=$!
  for _ in $(seq 1 120); do
    if grep -q "started" "$blog"; then
      return 0
    fi
    if ! kill -0 "$broker_pid" 2>/dev/null; then
      echo "compare.sh: $name exited during start; see $blog" >&2
      exit 1
    fi
    sleep 0.5
  done
  echo "compare.sh: $name did not start within 60 s; see $blog" >&2
  exit 1
}

stop_broker() {
  if [ -n "$broker_pid" ]; then
    kill -TERM "$broker_pid" 2>/dev/null || true
    for _ in $(seq 1 60); do
      kill -0 "$broker_pid" 2>/dev/null || break
      sleep 0.5
    done
    if kill -0 "$broker_pid" 2>/dev/null; then
      log "broker $broker_pid did not stop on SIGTERM within 30 s: SIGKILL"
      kill -KILL "$broker_pid" 2>/dev/null || true
    fi
    wait "$broker_pid" 2>/dev/null || true
    broker_pid=""
  fi
  if [ -n "$broker_data" ]; then
    rm -rf "$broker_data"
    broker_data=""
  fi
}
trap stop_broker EXIT

jndi_of() {
  case "$1" in
    rocketjms|rocketjms-fc) echo "$here/peers/rocketjms.jndi.properties" ;;
    activemq) echo "$here/peers/activemq-classic.jndi.properties" ;;
    artemis-*) echo "$here/peers/artemis.jndi.properties" ;;
  esac
}

client_cp_of() {
  case "$1" in
    rocketjms|rocketjms-fc) echo "" ;;
    activemq) echo "$home/perf-peers/activemq-classic/target/lib/*" ;;
    artemis-*) echo "$home/perf-peers/artemis/target/lib/*" ;;
  esac
}

perf() { # broker, json, args...
  local b="$1" json="$2"
  shift 2
  ROCKETJMS_PERF_CP="$(client_cp_of "$b")" JAVA_OPTS="-Xms$heap -Xmx$heap ${ROCKETJMS_CLIENT_ARGS:-}" "$home/bin/rocketjms" perf \
    --jndi "$(jndi_of "$b")" --destination jndi:perfQueue --json "$json" "$@"
}

scenario_args() {
  case "$1" in
    S1) echo "--producers 1 --consumers 0" ;;
    S2) echo "--producers 4 --consumers 4" ;;
    S3) echo "--producers 4 --consumers 4 --non-persistent" ;;
    S4) echo "--producers 1 --consumers 1 --rate 1000" ;;
  esac
}

# ---- S1..S4: runs outermost, then scenarios, then brokers, so brokers alternate -----------------------------------
for run in $(seq 1 "$runs"); do
  for s in $scenarios; do
    [ "$s" = "S5" ] && continue
    for b in $brokers; do
      # flow control only matters where consumers keep up with producers or not: S1 has no consumer (the limit would
      # only stop its producer) and S4's producer runs at a fixed rate below the consumer's
      if [ "$b" = rocketjms-fc ] && { [ "$s" = S1 ] || [ "$s" = S4 ]; }; then
        continue
      fi
      name="$s-$b-run$run"
      log "$name: start"
      start_broker "$b" "$out/logs/$name-broker.log"
      # shellcheck disable=SC2046
      if ! perf "$b" "$out/$name.json" --warmup "$warmup" --duration "$duration" $(scenario_args "$s") \
          > "$out/logs/$name-perf.log" 2>&1; then
        log "$name: perf FAILED (see logs/$name-perf.log)"
      fi
      stop_broker
      log "$name: $(grep -E '^  (sent|received|backlog|send latency|end-to-end)' "$out/logs/$name-perf.log" | tr -s ' ' | paste -sd';')"
    done
  done
done

# ---- S5: RocketJMS only, broker heap 512 MiB: deep backlog on one queue, then drain ------------------------------
if [[ " $scenarios " == *" S5 "* ]]; then
  log "S5: count $s5_count, broker -Xmx512m"
  start_broker rocketjms "$out/logs/S5-broker.log" 512m
  url="rocketjms://127.0.0.1:19876"
  p() { JAVA_OPTS="-Xms$heap -Xmx$heap" "$home/bin/rocketjms" perf --url "$url" "$@"; }
  # the receive rate of 4 consumers while 4 producers keep the queue near empty
  p --destination queue://perf.empty --producers 4 --consumers 4 --warmup "$warmup" --duration "$duration" \
    --json "$out/S5-empty.json" > "$out/logs/S5-empty-perf.log" 2>&1 || log "S5 empty-queue run FAILED"
  # the broker's heap while the backlog is built and drained: jstat samples every 2 s (used = S0U+S1U+EU+OU, KiB)
  jstat -gc "$broker_pid" 2000 > "$out/logs/S5-jstat.log" 2>&1 &
  jstat_pid=$!
  # fill: 4 producers, no consumer, PERSISTENT; transacted batches of --s5-tx-batch (each commit is one forced
  # write), so 10 million messages take minutes rather than the hour 4 synchronous producers would need
  fill_tx=()
  [ "$s5_tx_batch" -gt 0 ] && fill_tx=(--tx-batch "$s5_tx_batch")
  p --destination queue://perf.backlog --producers 4 --consumers 0 --count "$s5_count" --idle-timeout 120 \
    ${fill_tx[@]+"${fill_tx[@]}"} --json "$out/S5-fill.json" > "$out/logs/S5-fill-perf.log" 2>&1 || log "S5 fill FAILED"
  log "S5 data dir after fill: $(du -sh "$broker_data" | cut -f1)"
  p --destination queue://perf.backlog --producers 0 --consumers 4 --count "$s5_count" --idle-timeout 120 \
    --json "$out/S5-drain.json" > "$out/logs/S5-drain-perf.log" 2>&1 || log "S5 drain FAILED"
  kill "$jstat_pid" 2>/dev/null || true
  wait "$jstat_pid" 2>/dev/null || true
  if grep -q OutOfMemoryError "$out/logs/S5-broker.log"; then
    log "S5: the broker ran out of heap (see S5-broker.log)"
  fi
  awk 'NR > 1 && $1 ~ /^[0-9.]+$/ { u = $3 + $4 + $6 + $8; if (u > max) max = u; if ($8 > oldmax) oldmax = $8; \
       ygc = $13; fgc = $15 } END { printf "S5 broker heap: max used %.0f MiB, max old gen %.0f MiB, %d young / %d full GCs\n", \
       max / 1024, oldmax / 1024, ygc, fgc }' "$out/logs/S5-jstat.log" | tee "$out/S5-heap.txt" | while read -r l; do log "$l"; done
  stop_broker
fi

log "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 "$here/summarize.py" "$out" | tee "$out/summary.md"
