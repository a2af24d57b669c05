#!/usr/bin/env python3
"""Assurance benchmark: `consort check` of all of England under each shipped policy (every
level the policy sets), release build, straight from the shipped dataset directory.

    python3 Benchmarks/check.py [RUNS]

Prints, per policy, the whole command's wall time and its own split between reading the
dataset and checking (which includes building the practices' Delaunay neighbourhood graph).
As a reference measured in the same run: scipy's Qhull Delaunay triangulation of the same
5,939 practice locations, the one step of the check with a well-known optimised implementation.
"""
import csv
import os
import re
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, ".build", "release", "consort")
DATA = os.path.join(ROOT, "data")
RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 5
POLICIES = ["gp-consortia-2010", "ccg-2013", "pcn-2019", "enhanced-access-2022"]

if not os.access(BIN, os.X_OK):
    subprocess.run(["swift", "build", "-c", "release", "--product", "consort"], cwd=ROOT, check=True)

print(f"runs: {RUNS}; machine: {os.cpu_count()} cores")
print(f"{'policy':<24}{'wall median s':>15}{'read s':>10}{'check s':>10}{'blocking':>10}{'advisory':>10}")
for policy in POLICIES:
    walls, reads, checks = [], [], []
    for _ in range(RUNS):
        start = time.perf_counter()
        out = subprocess.run([BIN, "check", "--policy", policy, "--data", DATA], cwd=ROOT, capture_output=True, text=True,
                             env=dict(os.environ, CONSORT_LOG_LEVEL="error"))
        walls.append(time.perf_counter() - start)
        m = re.search(r"Read the dataset in ([0-9.]+) s; checked in ([0-9.]+) s", out.stdout)
        reads.append(float(m.group(1)))
        checks.append(float(m.group(2)))
        result = re.search(r"Result: (?:no blocking|(\d+) blocking findings).*?(\d+) advisory", out.stdout)
    blocking = result.group(1) or "0"
    print(f"{policy:<24}{statistics.median(walls):>15.3f}{statistics.median(reads):>10.3f}{statistics.median(checks):>10.3f}{blocking:>10}{result.group(2):>10}")

try:
    import numpy as np
    from scipy.spatial import Delaunay
    points = sorted({(int(r["easting"]), int(r["northing"])) for r in csv.DictReader(open(os.path.join(DATA, "practices.csv")))})
    array = np.array(points, dtype=float)
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        Delaunay(array)
        times.append(time.perf_counter() - start)
    print(f"reference: scipy Delaunay of the same {len(points):,} locations: median {statistics.median(times):.4f} s")
except ImportError:
    print("reference skipped: pip install numpy scipy")
