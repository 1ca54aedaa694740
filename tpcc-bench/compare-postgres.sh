#!/usr/bin/env bash
# tpcc-bench/compare-postgres.sh [W] [T] [S] — TPC-C side by side: `tpcc run --load` with W warehouses
# (default 1), T terminals (default 4) for S seconds (default 60) against a local 3-node Basalt cluster
# (3 node processes on 127.0.0.1, 8 ranges, 3 replicas each), then against PostgreSQL on this machine
# (a private cluster: its own data directory, fsync and synchronous commit on, loopback only), one
# after the other so that they never share the CPU; prints both result lines and the ratios.
# Installs PostgreSQL from the Debian packages if it is missing. Leaves nothing running.
#
# Environment: TPCC_ARGS adds options to both runs (e.g. "--warmup 10 --isolation read-committed");
# TPCC_REPORT_DIR=DIR writes each run's report to DIR/basalt and DIR/postgresql;
# BASALT_MVN_ARGS is passed to the build bin/basalt runs when the project is not built yet.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
warehouses="${1:-1}"
terminals="${2:-4}"
seconds="${3:-60}"
extra="${TPCC_ARGS:-}"
basalt="$here/bin/basalt"
"$basalt" tpcc --help >/dev/null   # builds the project if needed
"$basalt" --help >/dev/null

if ! command -v initdb >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  echo "compare: installing PostgreSQL (apt-get install postgresql)..." >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null
fi
initdb_path="$(command -v initdb 2>/dev/null || ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -1)"
pgbin="$(dirname "$(readlink -f "$initdb_path")")"

root="$(mktemp -d /tmp/tpcc-compare-XXXX)"
pids=()
stop_basalt() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  pids=()
}
cleanup() {
  stop_basalt
  if [[ -f "$root/pg/postmaster.pid" ]]; then
    runuser -u postgres -- "$pgbin/pg_ctl" -D "$root/pg" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$root"
}
trap cleanup EXIT

# A loopback port nothing listens on now (ports are picked, then bound by the server a moment later).
free_port() {
  local port
  for _ in $(seq 1 100); do
    port=$((20000 + RANDOM % 30000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  echo "compare: no free loopback port found" >&2
  exit 1
}

report_args() {
  if [[ -n "${TPCC_REPORT_DIR:-}" ]]; then echo "--report $TPCC_REPORT_DIR/$1"; fi
}

# Basalt: three node processes, like `basalt demo` does, then 8 ranges with 3 replicas each.
hosts=()
for i in 1 2 3; do
  port="$(free_port)"
  raft="$(free_port)"
  join=""
  [[ $i -gt 1 ]] && join="--join ${hosts[0]}"
  "$basalt" start --node-id "$i" --listen "127.0.0.1:$port" --raft-listen "127.0.0.1:$raft" --data "$root/n$i" $join \
    >"$root/n$i.out" 2>&1 &
  pids+=($!)
  hosts+=("127.0.0.1:$port")
done
for _ in $(seq 1 90); do
  "$basalt" status --host "${hosts[0]}" >/dev/null 2>&1 && break
  sleep 1
done
"$basalt" init --host "${hosts[0]}" --ranges 8 --no-users >/dev/null
# Terminal i connects through node i mod 3 (the other nodes follow as fallbacks in its URL).
urls=()
for i in 0 1 2; do
  urls+=(--url "jdbc:basalt://${hosts[$i]},${hosts[$(((i + 1) % 3))]},${hosts[$(((i + 2) % 3))]}/")
done

echo "== basalt (3 nodes, 3 replicas, terminals spread over the nodes): W=$warehouses T=$terminals S=$seconds"
# shellcheck disable=SC2046,SC2086
"$basalt" tpcc run "${urls[@]}" --warehouses "$warehouses" --terminals "$terminals" --seconds "$seconds" --load \
  $(report_args basalt) $extra | tee "$root/basalt.txt" | grep -E '^(load: done|run:|tpcc:|consistency:|errors:)' || true
stop_basalt

# PostgreSQL: its own data directory, fsync and synchronous commit on (the defaults), loopback only.
pgport="$(free_port)"
mkdir -p "$root/pg" && chown postgres "$root" "$root/pg"
runuser -u postgres -- "$pgbin/initdb" -D "$root/pg" -A trust -U postgres >/dev/null
runuser -u postgres -- "$pgbin/pg_ctl" -D "$root/pg" -l "$root/pg.log" -w \
  -o "-p $pgport -k $root -h 127.0.0.1 -c fsync=on -c synchronous_commit=on -c max_connections=$((terminals + 50))" start >/dev/null

echo "== postgresql $("$pgbin/postgres" --version | awk '{print $3}') (1 server, fsync on): W=$warehouses T=$terminals S=$seconds"
# shellcheck disable=SC2046,SC2086
"$basalt" tpcc run --url "jdbc:postgresql://127.0.0.1:$pgport/postgres?user=postgres" --warehouses "$warehouses" \
  --terminals "$terminals" --seconds "$seconds" --load $(report_args postgresql) $extra \
  | tee "$root/pg.txt" | grep -E '^(load: done|run:|tpcc:|consistency:|errors:)' || true

b="$(grep '^tpcc:' "$root/basalt.txt" | tail -1 || true)"
p="$(grep '^tpcc:' "$root/pg.txt" | tail -1 || true)"
if [[ -z "$b" || -z "$p" ]]; then
  echo "compare: a run did not finish (no tpcc: line); see the output above" >&2
  exit 1
fi
field() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<"$1"; }
echo "== basalt / postgresql"
echo "basalt:     $b"
echo "postgresql: $p"
for f in tpmc neworder_per_min p50_ms p99_ms; do
  awk -v f="$f" -v b="$(field "$b" "$f")" -v p="$(field "$p" "$f")" \
    'BEGIN { printf "%s basalt=%s postgresql=%s ratio=%.3f\n", f, b, p, (p > 0 ? b / p : 0) }'
done
[[ "$(field "$b" consistency)" == OK && "$(field "$p" consistency)" == OK ]]
