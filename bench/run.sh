#!/usr/bin/env bash
# Benchmark harness: IPC throughput and ping-pong RTT, run several times with
# the cases interleaved (so drift on a shared machine hits every case alike),
# then the median of each case and its ratio to the raw C baseline.
#
# Each case is a pair of processes on one aeron directory in /dev/shm: the
# receiving side (subscriber or pong) starts the embedded C media driver with
# the settings below, the sending side (publisher or ping) connects to it.
# Programs print one "RESULT key=value ..." line.
#
# Implementations: "c" is the raw C baseline in bench/c (bench/build.sh).
# "go" programs of the same shape and flags live in bench/cmd/<role> and are
# built into bench/build/go_<role>; a case whose program is missing is
# skipped with a note.
#
# Settings (environment): RUNS, THREADING (dedicated|shared|sharednetwork),
# IDLE (driver idle strategy), TERM_LENGTH, SIZES, COUNT, PINGS, WARMUP,
# FRAGMENT_LIMIT, RECV_SECS, PRETOUCH (1, the default: every client maps its
# log buffers with their pages populated, so that no message pays the page
# fault of its page's first touch; 0: pages are mapped on first touch). A
# failed run is reported on stderr and leaves its case with fewer samples.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-5}
THREADING=${THREADING:-shared}
IDLE=${IDLE:-}
TERM_LENGTH=${TERM_LENGTH:-16m}
SIZES=${SIZES:-"32 1024"}
COUNT=${COUNT:-10000000}
PINGS=${PINGS:-100000}
WARMUP=${WARMUP:-20000}
PRETOUCH=${PRETOUCH:-1}
FRAGMENT_LIMIT=${FRAGMENT_LIMIT:-20}
# the receiving side (it hosts the driver) gives up only after this long, so
# that a sender slowed down by a busy machine is not cut off
RECV_SECS=${RECV_SECS:-180}
BUILD=bench/build

bash bench/build.sh >/dev/null

# ---- Go programs (bench/cmd/<role>, same flags as the C ones) ----------------
go_roles=()
for role in ipc_pub ipc_sub ping pong; do
  if [ -d "bench/cmd/$role" ]; then
    go build -o "$BUILD/go_$role" "./bench/cmd/$role"
    go_roles+=("$role")
  fi
done
if [ ${#go_roles[@]} -lt 4 ]; then
  echo "note: Go programs missing under bench/cmd (have: ${go_roles[*]:-none}); their cases are skipped" >&2
fi

prog() { # impl role -> path, or empty when it does not exist
  local p="$BUILD/$1_$2"
  [ -x "$p" ] && echo "$p" || true
}

common_flags=(-t "$THREADING" -T "$TERM_LENGTH" -f "$FRAGMENT_LIMIT")
[ -n "$IDLE" ] && common_flags+=(-I "$IDLE")
[ "$PRETOUCH" = 1 ] && common_flags+=(-p)

results=$(mktemp)
logdir=$(mktemp -d)
bg_pid=""
cleanup() {
  if [ -n "$bg_pid" ]; then kill "$bg_pid" 2>/dev/null || true; fi
  rm -rf "$logdir"
}
trap cleanup EXIT

# run_pair name receiver sender recv-args... -- send-args...
# Starts the receiver (hosting the driver), waits for READY, runs the sender,
# waits for the receiver; appends "name<TAB>RESULT-line" for both to $results.
run_pair() {
  local name=$1 recv=$2 send=$3
  shift 3
  local recv_args=() send_args=()
  while [ "$1" != "--" ]; do recv_args+=("$1"); shift; done
  shift
  send_args=("$@")
  local dir="/dev/shm/aerongo-bench-$$-$RANDOM"
  local rlog="$logdir/recv.log" slog="$logdir/send.log"
  "$recv" -d "$dir" -e "${common_flags[@]}" "${recv_args[@]}" >"$rlog" 2>&1 &
  bg_pid=$!
  for _ in $(seq 200); do
    grep -q READY "$rlog" 2>/dev/null && break
    kill -0 "$bg_pid" 2>/dev/null || break
    sleep 0.05
  done
  if ! "$send" -d "$dir" "${common_flags[@]}" "${send_args[@]}" >"$slog" 2>&1; then
    echo "$name: sender failed:" >&2; cat "$slog" >&2
  fi
  if ! wait "$bg_pid"; then
    echo "$name: receiver failed:" >&2; cat "$rlog" >&2
  fi
  bg_pid=""
  rm -rf "$dir"
  grep -h '^RESULT' "$rlog" "$slog" | sed "s/^/$name\t/" >>"$results" || true
}

# cases: name kind sender-impl receiver-impl size
cases=()
for size in $SIZES; do
  for pair in c/c go/c c/go go/go; do
    cases+=("tput-$size-pub:${pair%/*}-sub:${pair#*/} tput ${pair%/*} ${pair#*/} $size")
  done
done
for pair in c/c go/go go/c c/go; do
  cases+=("rtt-32-ping:${pair%/*}-pong:${pair#*/} rtt ${pair%/*} ${pair#*/} 32")
done

echo "runs=$RUNS threading=$THREADING idle=${IDLE:-default} term=$TERM_LENGTH count=$COUNT pings=$PINGS warmup=$WARMUP fragment_limit=$FRAGMENT_LIMIT pretouch=$PRETOUCH" >&2
for run in $(seq "$RUNS"); do
  for c in "${cases[@]}"; do
    read -r name kind simpl rimpl size <<<"$c"
    if [ "$kind" = tput ]; then
      s=$(prog "$simpl" ipc_pub); r=$(prog "$rimpl" ipc_sub)
      [ -n "$s" ] && [ -n "$r" ] || continue
      run_pair "$name" "$r" "$s" -s "$size" -n "$COUNT" -D "$RECV_SECS" -- -s "$size" -n "$COUNT"
    else
      s=$(prog "$simpl" ping); r=$(prog "$rimpl" pong)
      [ -n "$s" ] && [ -n "$r" ] || continue
      run_pair "$name" "$r" "$s" -s "$size" -n "$PINGS" -w "$WARMUP" -D "$RECV_SECS" -- -s "$size" -n "$PINGS" -w "$WARMUP"
    fi
    echo "run $run: $name done" >&2
  done
done

# medians and ratios: throughput of the publisher (pub rows) and the
# subscriber (sub rows), RTT percentiles of the ping
awk -F'\t' '
function val(line, key,   i, n, kv, parts) {
  n = split(line, parts, " ")
  for (i = 1; i <= n; i++) { split(parts[i], kv, "="); if (kv[1] == key) return kv[2] + 0 }
  return ""
}
function median(key,   n, i, j, t, a) {
  n = split(samples[key], a, " ")
  for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
  if (n == 0) return ""
  return (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
function add(key, v) { if (v != "") { samples[key] = samples[key] " " v; if (!(key in seen)) { seen[key] = 1; order[++nkeys] = key } } }
{
  name = $1; line = $2
  role = val(line, "role") ; split(line, w, " "); for (i in w) if (w[i] ~ /^role=/) role = substr(w[i], 6)
  if (role == "pub") add(name "|pub msgs/s", val(line, "msgs_per_sec"))
  if (role == "sub") add(name "|sub msgs/s", val(line, "msgs_per_sec"))
  if (role == "ping") { add(name "|p50 ns", val(line, "p50_ns")); add(name "|p90 ns", val(line, "p90_ns")); add(name "|p99 ns", val(line, "p99_ns")); add(name "|p99.9 ns", val(line, "p999_ns")) }
}
END {
  printf "%-34s %-12s %14s %8s %s\n", "case", "metric", "median", "vs C", "samples"
  for (k = 1; k <= nkeys; k++) {
    key = order[k]; split(key, p, "|"); name = p[1]; metric = p[2]
    m = median(key)
    base = name; sub(/pub:[a-z]+-sub:[a-z]+/, "pub:c-sub:c", base); sub(/ping:[a-z]+-pong:[a-z]+/, "ping:c-pong:c", base)
    bm = median(base "|" metric)
    ratio = (bm != "" && bm + 0 > 0) ? sprintf("%.3f", m / bm) : "-"
    printf "%-34s %-12s %14.0f %8s %s\n", name, metric, m, ratio, samples[key]
  }
}' "$results"
rm -f "$results"
