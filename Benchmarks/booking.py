#!/usr/bin/env python3
"""Booking load test: many simultaneous attempts at the same hub appointments.

Starts the release build on a fresh database (SQLite, or with --postgres a temporary PostgreSQL
cluster), loads the shipped data, opens a hub for WIDNES PCN (U79408) with 100 appointment slots
a week ahead, and fires ATTEMPTS booking requests at once over loopback (ATTEMPTS / 100 for each
slot), each as a practice manager of a member practice with an API token. Checks that exactly
100 bookings were made and every other attempt got a clear 409, then prints bookings per second
(all attempts over the wall time) and the latency percentiles of the attempts.

Usage: python3 Benchmarks/booking.py [--postgres] [--attempts 1000] [--threads 200]
       (needs a release build: swift build -c release --product consort)
"""
import argparse
import datetime
import glob
import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def start_postgres(work):
    """A throwaway cluster on a free port, run as the postgres user (its binaries refuse root)."""
    pg_bin = sorted(glob.glob("/usr/lib/postgresql/*/bin"))[-1]
    data = os.path.join(work, "pg")
    os.makedirs(data)
    shutil.chown(work, "postgres")
    shutil.chown(data, "postgres")
    subprocess.run(["runuser", "-u", "postgres", "--", f"{pg_bin}/initdb", "-D", data, "-A", "trust", "-U", "postgres"],
                   check=True, capture_output=True)
    port = free_port()
    subprocess.run(["runuser", "-u", "postgres", "--", f"{pg_bin}/pg_ctl", "-D", data, "-l", os.path.join(work, "pg.log"), "-w",
                    "-o", f"-c listen_addresses=127.0.0.1 -p {port} -k {work} -c max_connections=300", "start"],
                   check=True, capture_output=True)
    stop = lambda: subprocess.run(["runuser", "-u", "postgres", "--", f"{pg_bin}/pg_ctl", "-D", data, "-m", "fast", "stop"], capture_output=True)
    return f"postgres://postgres@127.0.0.1:{port}/postgres", stop


def request(port, method, path, body, token):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    started = time.perf_counter()
    conn.request(method, path, json.dumps(body) if body is not None else None, headers)
    response = conn.getresponse()
    text = response.read().decode()
    elapsed = time.perf_counter() - started
    conn.close()
    return response.status, text, elapsed


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--postgres", action="store_true")
    ap.add_argument("--attempts", type=int, default=1000)
    ap.add_argument("--threads", type=int, default=200, help="requests in flight at once")
    ap.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "consort"))
    args = ap.parse_args()
    work = tempfile.mkdtemp()
    env = dict(os.environ, CONSORT_LOG_LEVEL="warning", CONSORT_DATA_DIR=os.path.join(ROOT, "data"))
    stop_pg = None
    if args.postgres:
        env["DATABASE_URL"], stop_pg = start_postgres(work)
    else:
        env["CONSORT_SQLITE_PATH"] = os.path.join(work, "bench.sqlite")
        env.pop("DATABASE_URL", None)
    port = free_port()
    server = subprocess.Popen([args.binary, "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(120):
            try:
                if request(port, "GET", "/health", None, "")[0] == 200:
                    break
            except OSError:
                time.sleep(0.5)
        tokens = {}
        for user, role in [("bench-admin", "administrator"), ("bench-pm", "practice-manager:N81011")]:
            subprocess.run([args.binary, "user", "create", "--username", user, "--role", role, "--password-stdin"],
                           input="a long benchmark password\n", env=env, check=True, capture_output=True, text=True)
            tokens[user] = subprocess.run([args.binary, "user", "token", user, "--label", "load test"], env=env, check=True,
                                          capture_output=True, text=True).stdout.strip().splitlines()[-1]
        admin, pm = tokens["bench-admin"], tokens["bench-pm"]
        status, text, _ = request(port, "POST", "/api/v1/hubs", {"group": "U79408", "name": "Load test hub"}, admin)
        assert status == 201, text
        hub = json.loads(text)["id"]
        day = (datetime.date.today() + datetime.timedelta(days=7)).isoformat()
        slots = []
        for room in range(1, 6):   # five rooms, 18:00-20:00, 6-minute appointments: 100 slots
            status, text, _ = request(port, "POST", f"/api/v1/hubs/{hub}/sessions",
                                      {"day": day, "start": "18:00", "end": "20:00", "room": str(room), "role": "gp", "appointmentMinutes": 6}, admin)
            assert status == 201, text
            slots += json.loads(text)["slots"]
        assert len(slots) == 100
        patient = {"nhsNumber": "9434765919", "name": "Demo load-test patient", "contact": "demo", "practice": "N81011"}
        barrier = threading.Barrier(min(args.threads, args.attempts))

        def attempt(i):
            try:
                barrier.wait(timeout=30)
            except threading.BrokenBarrierError:
                pass
            return request(port, "POST", f"/api/v1/hub-slots/{slots[i % 100]}/bookings", patient, pm)

        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=args.threads) as pool:
            results = list(pool.map(attempt, range(args.attempts)))
        wall = time.perf_counter() - started
        created = sum(1 for s, _, _ in results if s == 201)
        refused = sum(1 for s, t, _ in results if s == 409 and "just been booked" in t)
        other = [(s, t[:200]) for s, t, _ in results if s not in (201, 409)]
        latencies = sorted(e for _, _, e in results)
        pct = lambda p: latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000
        status, text, _ = request(port, "GET", f"/api/v1/hubs/{hub}/slots?day={day}", None, pm)
        booked = json.loads(text)["slots"]
        print(f"{'PostgreSQL' if args.postgres else 'SQLite'}: {args.attempts} attempts at 100 slots, {args.threads} in flight, {os.cpu_count()} cores")
        print(f"  bookings made: {created}; clear refusals (409): {refused}; other answers: {len(other)} {other[:3]}")
        print(f"  slots shown booked: {sum(1 for s in booked if s['booked'])} of {len(booked)}")
        print(f"  wall {wall:.2f} s; {args.attempts / wall:.0f} attempts/s ({created / wall:.0f} bookings/s); latency p50 {pct(0.5):.1f} ms, p99 {pct(0.99):.1f} ms, max {latencies[-1] * 1000:.1f} ms")
        # Reference in the same run: as many /health requests (one indexed read), as many in flight.
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=args.threads) as pool:
            health = sorted(e for _, _, e in pool.map(lambda _: request(port, "GET", "/health", None, ""), range(args.attempts)))
        ref_wall = time.perf_counter() - started
        print(f"  reference, GET /health the same way: {args.attempts / ref_wall:.0f} requests/s; p99 {health[min(len(health) - 1, int(0.99 * len(health)))] * 1000:.1f} ms")
        ok = created == 100 and refused == args.attempts - 100 and not other
        print("  result: " + ("exactly 100 bookings and a clear refusal for every other attempt" if ok else "FAILED"))
        sys.exit(0 if ok else 1)
    finally:
        server.terminate()
        server.wait()
        if stop_pg:
            stop_pg()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
