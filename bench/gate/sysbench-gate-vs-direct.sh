#!/usr/bin/env bash
# sysbench straight against MariaDB vs through the Tessera gate, over the same data.
# Brings up real MariaDB + one tablet (unsharded keyspace sbtest) + the gate with the harness in
# ./harness (or takes DIRECT_PORT/GATE_PORT from the environment), then runs oltp_point_select and
# oltp_read_only at 1 and 16 threads (after a warm-up), direct then gate, one after the other, and prints QPS, p95
# latency and gate/direct ratios; plus a 1-thread point-select median run for the added latency.
# Usage: bench/gate/sysbench-gate-vs-direct.sh [seconds per run, default 10] [rows, default 10000]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
secs="${1:-10}"
rows="${2:-10000}"
harness_pid=""
cleanup() {
  exec 3>&- 2>/dev/null || true  # closing the harness's stdin makes it stop everything it started
  if [ -n "$harness_pid" ]; then
    for _ in $(seq 1 60); do kill -0 "$harness_pid" 2>/dev/null || break; sleep 0.5; done
    kill "$harness_pid" 2>/dev/null || true
  fi
  [ -n "${work:-}" ] && rm -rf "$work"
}
trap cleanup EXIT

if [ -z "${DIRECT_PORT:-}" ] || [ -z "${GATE_PORT:-}" ]; then
  echo "building the harness..." >&2
  dotnet build -c Release "$here/harness" -nologo -v quiet -clp:ErrorsOnly\;NoSummary >&2
  work="$(mktemp -d)"
  mkfifo "$work/in"
  dotnet "$here/harness/bin/Release/net10.0/GateBenchHarness.dll" "$rows" <"$work/in" >"$work/out" 2>"$work/err" &
  harness_pid=$!
  exec 3>"$work/in"
  echo "starting MariaDB + tablet + gate, loading $rows rows..." >&2
  for _ in $(seq 1 240); do
    grep -q GATE_PORT "$work/out" 2>/dev/null && break
    kill -0 "$harness_pid" 2>/dev/null || { cat "$work/err" >&2; exit 1; }
    sleep 0.5
  done
  eval "$(grep GATE_PORT "$work/out")"
fi
DIRECT_DB="${DIRECT_DB:-vt_sbtest}"; GATE_DB="${GATE_DB:-sbtest}"
DIRECT_USER="${DIRECT_USER:-bench}"; GATE_USER="${GATE_USER:-root}"
echo "direct MariaDB :$DIRECT_PORT/$DIRECT_DB   gate :$GATE_PORT/$GATE_DB   ${secs}s per run, $rows rows" >&2

# run <port> <db> <user> <workload> <threads> <percentile> -> "qps latency_ms errors"
run() {
  local out
  out="$(sysbench "$4" --mysql-host=127.0.0.1 --mysql-port="$1" --mysql-db="$2" --mysql-user="$3" \
    --tables=1 --table-size="$rows" --db-ps-mode=auto --threads="$5" --time="$secs" --percentile="$6" run)"
  awk '/queries:/ && !/performed/ { gsub(/\(/, "", $3); qps = $3 }
       /ignored errors:/ { errs = $3 }
       /percentile:/ { lat = $3 }
       END { printf "%s %s %s\n", qps, lat, errs }' <<<"$out"
}

# Warm up both sides first (the gate's JIT tiers up and its pools fill; MariaDB's buffer pool loads).
for workload in oltp_point_select oltp_read_only; do
  secs=5 run "$DIRECT_PORT" "$DIRECT_DB" "$DIRECT_USER" "$workload" 16 95 >/dev/null
  secs=5 run "$GATE_PORT" "$GATE_DB" "$GATE_USER" "$workload" 16 95 >/dev/null
done

printf "%-18s %7s | %12s %9s | %12s %9s | %9s %9s\n" workload threads "direct QPS" "p95 ms" "gate QPS" "p95 ms" "QPS ratio" "p95 ratio"
for workload in oltp_point_select oltp_read_only; do
  for threads in 1 16; do
    read -r dq dl de < <(run "$DIRECT_PORT" "$DIRECT_DB" "$DIRECT_USER" "$workload" "$threads" 95)
    read -r gq gl ge < <(run "$GATE_PORT" "$GATE_DB" "$GATE_USER" "$workload" "$threads" 95)
    printf "%-18s %7s | %12s %9s | %12s %9s | %9.2f %9.2f   (errors direct %s, gate %s)\n" \
      "$workload" "$threads" "$dq" "$dl" "$gq" "$gl" "$(bc -l <<<"$gq/$dq")" "$(bc -l <<<"$gl/$dl")" "$de" "$ge"
  done
done

read -r _ dm _ < <(run "$DIRECT_PORT" "$DIRECT_DB" "$DIRECT_USER" oltp_point_select 1 50)
read -r _ gm _ < <(run "$GATE_PORT" "$GATE_DB" "$GATE_USER" oltp_point_select 1 50)
printf "point_select 1 thread median: direct %s ms, gate %s ms, added %.0f us\n" "$dm" "$gm" "$(bc -l <<<"($gm-$dm)*1000")"
