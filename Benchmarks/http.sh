#!/usr/bin/env bash
# HTTP benchmark: the release build serving all of England from SQLite (or PostgreSQL when
# DATABASE_URL is set), loaded by wrk on loopback at 50 concurrent connections. Prints
# requests per second and the 50th and 99th-percentile latency for each route, with a trivial
# route of the same server (the stylesheet, no database) as the ceiling.
#
#   Benchmarks/http.sh [SECONDS]
#   Benchmarks/http.sh --against OTHER_BINARY [SECONDS] [ROUNDS]
#
# With --against, a second server (another build of consort, e.g. the previous release) serves
# the same data from its own SQLite file, and each route is measured on both in alternating
# bursts of SECONDS (default 3), ROUNDS times (default 5); the medians are printed side by side,
# so that drift in a shared machine's speed falls on both alike.
set -euo pipefail
cd "$(dirname "$0")/.."
against=""
if [ "${1:-}" = "--against" ]; then
    against=$(realpath "$2"); shift 2
    duration=${1:-3}; rounds=${2:-5}
else
    duration=${1:-10}; rounds=1
fi
bin=.build/release/consort
[ -x "$bin" ] || swift build -c release --product consort
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }

work=$(mktemp -d)
# The servers' pids go to a file: `start` runs in a command substitution (a subshell), where
# appending to an array would be lost and the servers left running.
trap 'kill $(cat "$work/pids" 2>/dev/null) 2>/dev/null; rm -rf "$work"' EXIT
export CONSORT_LOG_LEVEL=warning CONSORT_DATA_DIR="$PWD/data"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
# start NAME BINARY: serves on a free port; prints the base URL.
start() {
    local port; port=$(free_port)
    if [ -z "${DATABASE_URL:-}" ]; then
        CONSORT_SQLITE_PATH="$work/$1.sqlite" "$2" serve --port "$port" > "$work/$1.log" 2>&1 &
    else
        "$2" serve --port "$port" > "$work/$1.log" 2>&1 &
    fi
    echo $! >> "$work/pids"
    for _ in $(seq 1 180); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 1; done
    echo "http://127.0.0.1:$port"
}
bases=("$(start this "$PWD/$bin")")
names=("this build")
if [ -n "$against" ]; then
    [ -z "${DATABASE_URL:-}" ] || { echo "--against needs SQLite (two servers on one database would share a cache)"; exit 1; }
    bases+=("$(start baseline "$against")")
    names+=("baseline")
fi

# Every practice code and every group page, for a run of varied URLs.
python3 - > "$work/urls.lua" <<'PY'
import csv
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
  "/|varied: all 6,527 practice searches and 1,360 group pages|$work/urls.lua"
)

# measure BASE URL [SCRIPT]: one wrk burst; prints "requests/s p50-ms p99-ms errors".
measure() {
    local out
    if [ -n "${3:-}" ]; then
        out=$(wrk -t2 -c50 -d"${duration}s" --latency -s "$3" "$1" 2>&1)
    else
        out=$(wrk -t2 -c50 -d"${duration}s" --latency "$1$2" 2>&1)
    fi
    python3 - "$out" <<'PY'
import re, sys
out = sys.argv[1]
def ms(v):
    n, unit = re.match(r"([\d.]+)(\w+)", v).groups()
    return float(n) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
rps = float(re.search(r"Requests/sec:\s*([\d.]+)", out).group(1))
p50 = ms(re.search(r"\s50%\s+(\S+)", out).group(1))
p99 = ms(re.search(r"\s99%\s+(\S+)", out).group(1))
errors = "errors" if re.search(r"Non-2xx|Socket errors", out) else ""
print(f"{rps:.0f} {p50:.2f} {p99:.2f} {errors}")
PY
}
median() { python3 -c 'import statistics, sys; print(f"{statistics.median(map(float, sys.argv[1:])):.2f}".rstrip("0").rstrip("."))' "$@"; }

# Cold renders first, before anything warms the page cache: every group page fetched once from
# each server in turn (one request at a time), after one request builds the day's registry view.
pairs=(); for i in "${!bases[@]}"; do pairs+=("${names[$i]}|${bases[$i]}"); done
python3 - "${pairs[@]}" <<'PY'
import csv, statistics, sys, time, urllib.request
label = dict(reversed(p.split("|", 1)) for p in sys.argv[1:])
bases = list(label)
groups = [r["ccg_code"] for r in csv.DictReader(open("data/ccgs.csv"))] + [r["pcn_code"] for r in csv.DictReader(open("data/pcns.csv"))]
for b in bases: urllib.request.urlopen(b + "/").read()
times = {b: [] for b in bases}
sizes = {b: [] for b in bases}
for k, g in enumerate(groups):
    for b in (bases if k % 2 == 0 else bases[::-1]):
        t = time.perf_counter(); body = urllib.request.urlopen(f"{b}/groups/{g}").read()
        times[b].append((time.perf_counter() - t) * 1000); sizes[b].append(len(body))
print(f"cold: the first render of each of {len(groups):,} group pages (ms: median, p90, p99, max; KB: median, max)")
for b in bases:
    t = sorted(times[b]); q = lambda p: t[min(len(t) - 1, int(p * len(t)))]
    print(f"  {label[b]:>12}: {statistics.median(t):.1f} {q(0.9):.1f} {q(0.99):.1f} {t[-1]:.1f}; "
          f"{statistics.median(sizes[b]) / 1000:.1f} {max(sizes[b]) / 1000:.1f}")
PY

header="%-60s"; for n in "${names[@]}"; do header+=" %24s"; done
printf "$header\n" "route (requests/s, p50 ms, p99 ms; median of $rounds)" "${names[@]}"
for entry in "${routes[@]}"; do
    IFS='|' read -r url label script <<<"$entry"
    for base in "${bases[@]}"; do curl -sf "$base$url" >/dev/null || true; done   # warm: builds the date's view
    declare -A rps=() p50=() p99=()
    for round in $(seq 1 "$rounds"); do
        for i in "${!bases[@]}"; do
            # Alternate which server goes first, so neither always follows the other's burst.
            j=$(( (i + round) % ${#bases[@]} ))
            read -r r a b e <<<"$(measure "${bases[$j]}" "$url" "$script")"
            rps[$j]+="$r "; p50[$j]+="$a "; p99[$j]+="$b "
            [ -z "$e" ] || echo "  ${names[$j]}: $url answered errors" >&2
        done
    done
    line=$(printf "%-60s" "$label")
    for i in "${!bases[@]}"; do
        line+=$(printf " %24s" "$(median ${rps[$i]}) $(median ${p50[$i]}) $(median ${p99[$i]})")
    done
    echo "$line"
    unset rps p50 p99
done
