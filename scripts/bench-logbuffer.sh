#!/usr/bin/env bash
# Go data path against Aeron's C client, in one process on a live embedded
# driver (transport/internal/aeronc, logbuffer_views_test.go), with the
# cases interleaved RUNS times; prints the median of each metric and the
# Go/C ratio. Also the appender and reader loops on the same C memory
# (logbuffer_bench_test.go). Settings: RUNS, IPC_COUNT, PINGS.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-5}
IPC_COUNT=${IPC_COUNT:-10000000}
PINGS=${PINGS:-100000}
bin=$(mktemp -d)/aeronc.test
trap 'rm -rf "$(dirname "$bin")"' EXIT
go test -c -o "$bin" ./transport/internal/aeronc/

cases=(
  "LiveIPC/size=32/C$ ${IPC_COUNT}x"
  "LiveIPC/size=32/Go$ ${IPC_COUNT}x"
  "LiveIPC/size=1024/C$ $((IPC_COUNT / 4))x"
  "LiveIPC/size=1024/Go$ $((IPC_COUNT / 4))x"
  "LivePingPong/size=32/C$ ${PINGS}x"
  "LivePingPong/size=32/Go$ ${PINGS}x"
  "Offer/size=32/exclusive=false/C$ 20000000x"
  "Offer/size=32/exclusive=false/Go$ 20000000x"
  "Offer/size=32/exclusive=true/C$ 20000000x"
  "Offer/size=32/exclusive=true/Go$ 20000000x"
  "Poll/size=32/C$ 50000000x"
  "Poll/size=32/Go$ 50000000x"
)
out=$(mktemp)
for run in $(seq "$RUNS"); do
  for c in "${cases[@]}"; do
    read -r pattern benchtime <<<"$c"
    (cd transport/internal/aeronc && "$bin" -test.run '^$' -test.bench "^Benchmark${pattern}" -test.benchtime "$benchtime" -test.benchmem) |
      grep '^Benchmark' >>"$out" || echo "run $run: $pattern failed" >&2
  done
  echo "run $run done" >&2
done

# every "value unit" pair after the iteration count is a metric
awk '
{
  name = $1; sub(/-[0-9]+$/, "", name)
  for (i = 3; i + 1 <= NF; i += 2) {
    key = name "|" $(i + 1)
    if (!(key in seen)) { seen[key] = 1; order[++n] = key }
    vals[key] = vals[key] " " $i
  }
}
function median(s,   a, m, i, j, t) {
  m = split(s, a, " ")
  for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
  return (m % 2) ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2
}
END {
  printf "%-52s %-10s %14s %8s  %s\n", "benchmark", "metric", "median", "Go/C", "samples"
  for (k = 1; k <= n; k++) {
    key = order[k]; split(key, p, "|")
    if (p[2] == "B/op" || p[2] == "MB/s") continue
    med = median(vals[key]); ratio = "-"
    if (p[1] ~ /\/Go$/) {
      ckey = p[1]; sub(/\/Go$/, "/C", ckey); ckey = ckey "|" p[2]
      if (ckey in vals) { cm = median(vals[ckey]); if (cm + 0 > 0) ratio = sprintf("%.3f", med / cm) }
    }
    printf "%-52s %-10s %14.2f %8s %s\n", p[1], p[2], med, ratio, vals[key]
  }
}' "$out"
rm -f "$out"
