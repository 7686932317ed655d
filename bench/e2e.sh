#!/usr/bin/env bash
# bench/run e2e: the README's first command end to end: `./run --once` (the embedded API server, the
# IPAM service on Liberty, the document's objects and, as root, the lab with three announcers on Liberty,
# curl to every VIP, section 4.3 and a link-down failover). Prints its METRIC lines: e2e_up_s (API
# server start to every EXTERNAL-IP) and, as root, e2e_failover_ms; plus e2e_total_s for the whole run.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
[ "${1:-}" = "--quick" ] && shift   # one run either way
free_port() { local p; while :; do p=$((20000 + RANDOM % 20000)); (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }; done; }
out=$(mktemp)
trap 'rm -f "$out"' EXIT
start=$(date +%s%N)
rc=0
HTTP_PORT=$(free_port) DNS_PORT=$(free_port) "$ROOT/run" --once > "$out" 2>&1 || rc=$?
end=$(date +%s%N)
grep -v '^METRIC' "$out" >&2
[ "$rc" = 0 ] || { echo "e2e: ./run --once failed (exit $rc)" >&2; exit "$rc"; }
grep '^METRIC' "$out"
awk -v ns=$((end - start)) 'BEGIN { printf "METRIC e2e_total_s=%.1f s\n", ns / 1e9 }'
