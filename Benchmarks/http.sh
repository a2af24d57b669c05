#!/usr/bin/env bash
# HTTP benchmark: the release build serving all of England from SQLite (or PostgreSQL when
# DATABASE_URL is set), loaded by wrk on loopback at 50 concurrent connections. Prints
# requests per second and the 99th-percentile latency for each route, with a trivial route of
# the same server (the stylesheet, no database) as the ceiling.
#
#   Benchmarks/http.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-10}
bin=.build/release/consort
[ -x "$bin" ] || swift build -c release --product consort
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }

work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export CONSORT_LOG_LEVEL=warning
[ -n "${DATABASE_URL:-}" ] || export CONSORT_SQLITE_PATH="$work/bench.sqlite"
"$bin" serve --port "$port" > "$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 1; done
base="http://127.0.0.1:$port"

# Every practice code and every group page, for a run of varied URLs.
python3 - "$base" > "$work/urls.lua" <<'PY'
import csv, sys
base = sys.argv[1]
codes = [r["practice_code"] for r in csv.DictReader(open("data/practices.csv"))]
groups = [r["ccg_code"] for r in csv.DictReader(open("data/ccgs.csv"))] + [r["pcn_code"] for r in csv.DictReader(open("data/pcns.csv"))]
urls = [f"/practices?q={c}" for c in codes] + [f"/groups/{g}" for g in groups]
print("urls = {" + ",".join(f'"{u}"' for u in urls) + "}")
print("counter = 0")
print("request = function() counter = counter + 1; return wrk.format('GET', urls[(counter * 7919) % #urls + 1]) end")
PY

routes=(
  "/static/consort.css|trivial route (stylesheet, no database): ceiling"
  "/health|health (one indexed query)"
  "/practices?q=surgery|practice search page, 'surgery' (1,003 matches, 50 shown)"
  "/practices?q=TS18|practice search page by postcode district"
  "/api/v1/practices?q=medical|practice search, JSON"
  "/groups/16C|consortium page, NHS Tees Valley CCG (81 practices)"
  "/groups/U89141|network page, STOCKTON PCN"
  "/groups/Y63|region page, North East and Yorkshire (1,004 practices)"
  "/networks|list of all 1,254 PCNs (100 shown)"
)
printf '%-62s %12s %10s %10s\n' "route" "requests/s" "p50 ms" "p99 ms"
run() {
    local url=$1 label=$2 script=${3:-}
    curl -sf "$base$url" >/dev/null   # warm: the first request at a date builds the registry view
    local out
    if [ -n "$script" ]; then
        out=$(wrk -t2 -c50 -d"${duration}s" --latency -s "$script" "$base" 2>&1)
    else
        out=$(wrk -t2 -c50 -d"${duration}s" --latency "$base$url" 2>&1)
    fi
    local rps p50 p99 errors
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
    p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
    errors=$(grep -E "Non-2xx|Socket errors" <<<"$out" || true)
    to_ms() { python3 -c "import sys; v=sys.argv[1]; print(f'{float(v[:-2])/1000:.2f}' if v.endswith('us') else f'{float(v[:-2]):.2f}' if v.endswith('ms') else f'{float(v[:-1])*1000:.2f}')" "$1"; }
    printf '%-62s %12s %10s %10s %s\n' "$label" "$rps" "$(to_ms "$p50")" "$(to_ms "$p99")" "$errors"
}
for entry in "${routes[@]}"; do run "${entry%%|*}" "${entry#*|}"; done
run "/" "varied: all 6,527 practice searches and 1,360 group pages" "$work/urls.lua"
