#!/usr/bin/env python3
"""Does the server stay responsive while people count large ballot files?

Starts the release server on a new SQLite file, makes COUNTERS administrator accounts, and has
them all paste the same large ballot file (40 candidates, 3 seats, distinct rankings; about
700 kB) into /elections/count with Meek's method at the same moment, twice each. Meanwhile
/health is asked every 20 ms. Prints /health's latency while the counts run against the same
measure with the server idle, in the same run, and what each count answered.

Usage: python3 Benchmarks/health.py [--consort .build/release/consort] [--counters 8]
       (needs a release build: swift build -c release --product consort)
"""
import argparse
import http.cookiejar
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request


def ballot_file(seed=7, candidates=40, lines=9_000):
    rng = random.Random(seed)
    out = [f"{candidates} 3"]
    for _ in range(lines):
        ranking = rng.sample(range(1, candidates + 1), rng.randint(5, candidates))
        out.append("1 " + " ".join(map(str, ranking)) + " 0")
    out.append("0")
    out.append(" ".join(f'"Candidate {i}"' for i in range(1, candidates + 1)) + ' "Health bench"')
    return "\n".join(out) + "\n"


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Client:
    def __init__(self, base):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path):
        with self.opener.open(self.base + path, timeout=600) as r:
            return r.status, r.read().decode()

    def post(self, path, fields, encoded=b""):
        """Posts `fields` and, already encoded (so that the client spends its time once), `encoded`."""
        page = self.get(path)[1]
        token = re.search(r'name="_csrf" value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode(list(fields.items()) + [("_csrf", token)]).encode() + encoded
        try:
            with self.opener.open(self.base + path, data=data, timeout=600) as r:
                return r.status, r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode()


def health_times(base, stop, out):
    while not stop.is_set():
        started = time.perf_counter()
        with urllib.request.urlopen(base + "/health", timeout=60) as r:
            r.read()
        out.append((time.perf_counter() - started) * 1000)
        time.sleep(0.02)


def summary(times):
    times = sorted(times)
    p95 = times[int(0.95 * (len(times) - 1))]
    return f"{len(times)} requests: median {statistics.median(times):.1f} ms, 95th {p95:.1f} ms, max {times[-1]:.1f} ms"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--consort", default=".build/release/consort")
    parser.add_argument("--counters", type=int, default=8)
    args = parser.parse_args()
    work = tempfile.mkdtemp()
    env = dict(os.environ, CONSORT_SQLITE_PATH=f"{work}/health.sqlite", CONSORT_AUDIT_KEY_FILE=f"{work}/audit.key",
               CONSORT_AUDIT_CHECKPOINTS=f"{work}/audit.checkpoints", CONSORT_LOG_LEVEL="error")
    env.pop("CONSORT_DATA_DIR", None)
    password = "a long benchmark passphrase"
    for i in range(args.counters):
        subprocess.run([args.consort, "user", "create", "--username", f"counter-{i}", "--role", "administrator",
                        "--password-stdin"], input=f"{password}\n", env=env, check=True, capture_output=True, text=True)
    port = free_port()
    server = subprocess.Popen([args.consort, "serve", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(base + "/health", timeout=1).read()
                break
            except OSError:
                time.sleep(0.5)
        text = ballot_file()
        encoded = b"&" + urllib.parse.urlencode({"ballots": text}).encode()
        print(f"ballot file: {len(text.encode()) // 1024} kB; {args.counters} counters, twice each, at once; "
              f"{os.cpu_count()} cores")
        clients = []
        for i in range(args.counters):
            c = Client(base)
            c.post("/login", {"username": f"counter-{i}", "password": password})
            clients.append(c)
        idle = []
        stop = threading.Event()
        t = threading.Thread(target=health_times, args=(base, stop, idle))
        t.start()
        time.sleep(3)
        stop.set()
        t.join()
        busy = []
        stop = threading.Event()
        t = threading.Thread(target=health_times, args=(base, stop, busy))
        answers = []

        def count(c):
            for _ in range(2):
                started = time.perf_counter()
                status, _ = c.post("/elections/count", {"method": "meek"}, encoded)
                answers.append((status, time.perf_counter() - started))

        workers = [threading.Thread(target=count, args=(c,)) for c in clients]
        t.start()
        started = time.perf_counter()
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        elapsed = time.perf_counter() - started
        stop.set()
        t.join()
        print(f"/health, idle (reference): {summary(idle)}")
        print(f"/health, while the counts ran ({elapsed:.1f} s): {summary(busy)}")
        by_status = {}
        for status, seconds in answers:
            by_status.setdefault(status, []).append(seconds)
        for status, times in sorted(by_status.items()):
            print(f"counts answered {status}: {len(times)}, median {statistics.median(times):.1f} s")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    sys.exit(main())
