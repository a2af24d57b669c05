#!/usr/bin/env python3
"""Finance benchmark: a year's spend simulated 10,000 times for every CCG in England at once
(the shipped dataset: 106 CCGs, about 61.5 million patients), release build.

    python3 Benchmarks/simulate.py [TRIALS] [RUNS]

Prints the whole command's wall time and the simulation's own time as `consort simulate
--all-ccgs` reports it. As references measured in the same run, the same model (the classes of
finance/cost-model.toml, the same need-weighted CCG populations) in numpy:

  * per patient, vectorised: each trial draws every patient's events of each class
    (numpy.random.Generator.poisson over all 61.5 million patients) and a Gamma cost for each
    event, summed by CCG. This is the straightforward vectorised implementation; it is timed on
    a few trials and scaled to TRIALS, since 10,000 would take hours.
  * aggregate, vectorised: the exact aggregate sampling Consort itself uses (a Poisson number of
    events for the whole CCG, then one Gamma draw for their total cost), over all CCGs and trials
    at once: the same algorithm, in numpy.

It also checks that numpy's aggregate means agree with Consort's, CCG by CCG.
"""
import csv
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
import tomllib

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, ".build", "release", "consort")
DATA = os.path.join(ROOT, "data")
TRIALS = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
RUNS = int(sys.argv[2]) if len(sys.argv) > 2 else 3
PER_PATIENT_TRIALS = 2

if not os.access(BIN, os.X_OK):
    subprocess.run(["swift", "build", "-c", "release", "--product", "consort"], cwd=ROOT, check=True)

model = tomllib.load(open(os.path.join(ROOT, "finance", "cost-model.toml"), "rb"))
classes = [(c["rate"], c["mean_cost"], c["cv"]) for c in model["classes"].values()]
need = {int(k.split("_")[1]): v for k, v in model["need_weights"].items() if k.startswith("decile_")}

# The CCGs as Consort sees them: registered patients and need-weighted patients, by CCG code.
patients, weighted = {}, {}
for row in csv.DictReader(open(os.path.join(DATA, "practices.csv"))):
    code, size = row["ccg_code"], int(row["list_size"] or 0)
    if not code:
        continue
    decile = int(row["imd_2019_decile"]) if row["imd_2019_decile"] else None
    patients[code] = patients.get(code, 0) + size
    weighted[code] = weighted.get(code, 0.0) + size * need.get(decile, 1.0)
codes = sorted(patients)
sizes = np.array([patients[c] for c in codes], dtype=np.int64)
population = np.array([weighted[c] for c in codes])
print(f"{len(codes)} CCGs, {sizes.sum():,} patients; {TRIALS:,} trials; runs: {RUNS}; machine: {os.cpu_count()} cores")

env = dict(os.environ, CONSORT_LOG_LEVEL="error")
walls, engine = [], []
for _ in range(RUNS):
    start = time.perf_counter()
    out = subprocess.run([BIN, "simulate", "--all-ccgs", "--trials", str(TRIALS), "--data", DATA], cwd=ROOT,
                         capture_output=True, text=True, env=env, check=True)
    walls.append(time.perf_counter() - start)
    engine.append(float(re.search(r"CCG-years in ([0-9.]+) s", out.stdout).group(1)))
consort = statistics.median(engine)
print(f"consort simulate --all-ccgs: wall median {statistics.median(walls):.3f} s (reading the dataset included); "
      f"simulation median {consort:.3f} s")
if shutil.which("taskset"):
    one = []
    for _ in range(RUNS):
        out = subprocess.run(["taskset", "-c", "0", BIN, "simulate", "--all-ccgs", "--trials", str(TRIALS), "--data", DATA], cwd=ROOT,
                             capture_output=True, text=True, env=env, check=True)
        one.append(float(re.search(r"CCG-years in ([0-9.]+) s", out.stdout).group(1)))
    print(f"the same on one core (taskset -c 0): simulation median {statistics.median(one):.3f} s")

# numpy, aggregate: the same exact algorithm, vectorised over CCGs and trials.
rng = np.random.default_rng(1)
times = []
for _ in range(RUNS):
    start = time.perf_counter()
    total = np.zeros((len(codes), TRIALS))
    for rate, mean, cv in classes:
        shape, scale = 1 / cv**2, mean * cv**2
        events = rng.poisson(np.repeat((population * rate)[:, None], TRIALS, axis=1))
        total += rng.gamma(events * shape) * scale
    times.append(time.perf_counter() - start)
aggregate = statistics.median(times)
print(f"numpy aggregate (same algorithm): median {aggregate:.3f} s; consort is {aggregate / consort:.1f}x faster")

# Agreement: Consort's per-CCG mean spend against numpy's.
out = subprocess.run([BIN, "simulate", "--all-ccgs", "--trials", str(TRIALS), "--data", DATA, "--json"], cwd=ROOT,
                     capture_output=True, text=True, env=env, check=True)
means = {r["code"]: r["summary"]["mean"] for r in json.loads(out.stdout)}
gap = max(abs(means[c] / total[i].mean() - 1) for i, c in enumerate(codes))
print(f"largest difference between consort's and numpy's mean spend for a CCG: {gap * 100:.3f}%")

# numpy, per patient: every patient's events each trial, a cost for each event, summed by CCG.
# The per-patient rates are scaled by each CCG's need so that it is the same model.
need_by_patient = np.repeat(population / sizes, sizes)
ends = np.cumsum(sizes)
start = time.perf_counter()
for _ in range(PER_PATIENT_TRIALS):
    spend = np.zeros(len(codes))
    for rate, mean, cv in classes:
        shape, scale = 1 / cv**2, mean * cv**2
        events = rng.poisson(rate * need_by_patient)
        costs = rng.gamma(shape, scale, size=int(events.sum()))
        # Sum the costs of each CCG's events: its events end where its patients' running count does.
        bounds = np.concatenate(([0], np.cumsum(events)[ends - 1]))
        sums = np.concatenate(([0.0], np.cumsum(costs)))
        spend += sums[bounds[1:]] - sums[bounds[:-1]]
per_trial = (time.perf_counter() - start) / PER_PATIENT_TRIALS
per_patient = per_trial * TRIALS
print(f"numpy per patient (straightforward vectorised): {per_trial:.2f} s a trial, so {per_patient:,.0f} s for {TRIALS:,} trials; "
      f"consort is {per_patient / consort:,.0f}x faster")
