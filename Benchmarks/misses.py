#!/usr/bin/env python3
"""Pages rendered from scratch: each URL asked once (a miss of the page cache), of this build's
release server and another build's, alternating which is asked first; prints the mean time per
page of each kind for both. The last kind asks the summary at 30 dates not asked before, so
each builds that date's registry view from the database.

    python3 Benchmarks/misses.py BASELINE_BINARY [OFFSET]

OFFSET picks another slice of practices and groups, so that a second run asks new URLs."""
import csv
import datetime
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if len(sys.argv) < 2:
    sys.exit(__doc__)
offset = int(sys.argv[2]) if len(sys.argv) > 2 else 0


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


work = tempfile.mkdtemp()
servers = {}
for name, binary in [("this build", os.path.join(root, ".build/release/consort")), ("baseline", sys.argv[1])]:
    port = free_port()
    env = dict(os.environ, CONSORT_LOG_LEVEL="warning", CONSORT_DATA_DIR=os.path.join(root, "data"),
               CONSORT_SQLITE_PATH=os.path.join(work, name.replace(" ", "-") + ".sqlite"))
    proc = subprocess.Popen([binary, "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    servers[name] = (proc, f"http://127.0.0.1:{port}")
try:
    for _, base in servers.values():
        for _ in range(180):
            try:
                urllib.request.urlopen(base + "/health").read()
                break
            except OSError:
                time.sleep(1)
        urllib.request.urlopen(base + "/").read()  # builds today's registry view

    def column(file, name):
        return [r[name] for r in csv.DictReader(open(os.path.join(root, "data", file)))]

    codes, ccgs, pcns = column("practices.csv", "practice_code"), column("ccgs.csv", "ccg_code"), column(
        "pcns.csv", "pcn_code")
    kinds = {
        "practice search": [f"/practices?q={c}" for c in codes[offset:offset + 300]],
        "practice page": [f"/practices/{c}" for c in codes[offset + 300:offset + 600]],
        "consortium page": [f"/groups/{g}" for g in ccgs[(offset // 10) % len(ccgs):][:100]],
        "network page": [f"/groups/{g}" for g in pcns[offset:offset + 300]],
        # A date not asked before: the registry view of that date is built from the database.
        "registry view of a new date": [
            "/api/v1/summary?date=" + (datetime.date(2022, 1, 2) + datetime.timedelta(days=offset + i)).isoformat()
            for i in range(30)
        ],
    }
    print(f"{'page (mean ms, each URL asked once)':40} {'n':>4} {'this build':>11} {'baseline':>9}")
    for kind, urls in kinds.items():
        total = {name: 0.0 for name in servers}
        for i, url in enumerate(urls):
            order = list(servers) if i % 2 == 0 else list(reversed(servers))
            for name in order:
                start = time.perf_counter()
                urllib.request.urlopen(servers[name][1] + url).read()
                total[name] += time.perf_counter() - start
        n = len(urls)
        if n == 0:
            continue
        print(f"{kind:40} {n:4} {1000 * total['this build'] / n:11.2f} {1000 * total['baseline'] / n:9.2f}")
finally:
    for proc, _ in servers.values():
        proc.terminate()
