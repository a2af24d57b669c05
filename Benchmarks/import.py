#!/usr/bin/env python3
"""Import benchmark: a full import of the shipped dataset with the release build, against the
sqlite3 shell's .import of the same five CSV files, measured in the same run.

    python3 Benchmarks/import.py [RUNS]

Each run starts from a new, empty database file. `consort import` is timed as a whole command:
process start, schema creation, reading and checking every row, planning, writing every
practice, group, membership and list size in one transaction, and the audit entry. The sqlite3
shell only copies the CSV rows into untyped tables, with no checks: a floor for the I/O.
"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, ".build", "release", "consort")
DATA = os.path.join(ROOT, "data")
RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 5
FILES = ["regions", "stps", "ccgs", "pcns", "practices"]

if not os.access(BIN, os.X_OK):
    subprocess.run(["swift", "build", "-c", "release", "--product", "consort"], cwd=ROOT, check=True)
if not shutil.which("sqlite3"):
    sys.exit("sqlite3 is not installed: apt-get install sqlite3")


def timed(command, env=None):
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start


consort, shell = [], []
with tempfile.TemporaryDirectory() as tmp:
    for i in range(RUNS):
        db = os.path.join(tmp, f"consort-{i}.sqlite")
        env = dict(os.environ, CONSORT_SQLITE_PATH=db, DATABASE_URL="", CONSORT_LOG_LEVEL="error")
        consort.append(timed([BIN, "import", DATA], env))
        raw = os.path.join(tmp, f"shell-{i}.sqlite")
        shell.append(timed(["sqlite3", raw, ".mode csv"] + [f".import {os.path.join(DATA, f + '.csv')} {f}" for f in FILES]))

print(f"runs: {RUNS}; machine: {os.cpu_count()} cores; sqlite3 {subprocess.run(['sqlite3', '--version'], capture_output=True, text=True).stdout.split()[0]}")
print(f"{'command':<44}{'median s':>10}{'min s':>10}")
print(f"{'consort import data/ (6,527 practices)':<44}{statistics.median(consort):>10.3f}{min(consort):>10.3f}")
print(f"{'sqlite3 .import of the same 5 CSV files':<44}{statistics.median(shell):>10.3f}{min(shell):>10.3f}")
print(f"ratio (consort / sqlite3 shell, medians): {statistics.median(consort) / statistics.median(shell):.1f}")
