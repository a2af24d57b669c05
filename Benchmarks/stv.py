#!/usr/bin/env python3
"""Benchmark of Consort's STV counts against Python implementations from PyPI, in the same run.

Two instances of generated ballots (seeded, so every run counts the same ballots): 15 candidates
of unequal popularity, each ballot ranking between 1 and 15 of them in a Plackett-Luce order,
identical ballots merged into one line with its count as a BLT file holds them.

  scottish  100,000 ballots, 5 seats: Consort `--method scottish` (SSI 2007/42) against stvpoll's
            ScottishSTV (the same rules, Python decimals), and votekit's STV (fractional transfer,
            float arithmetic) for scale
  meek      10,000 ballots, 5 seats: Consort `--method meek` (Droop.py's meek rule, fixed 9 places,
            omega 1e-6) against votekit's STV. No Meek implementation was found on PyPI (votekit,
            stvpoll, pyrankvote and pref_voting have none); votekit's STV is the nearest reference
            and does less work (no iteration of keep factors), which the table says.

Times: Consort's count itself (the `counted in` it prints with --timing) and the whole command's
wall time (process start and reading the file included); the Python counters' own call. Consort's
times are the best of --repeat runs, the Python counters' of --repeat-python. The winners are printed so that the counters can be compared.

Usage: python3 Benchmarks/stv.py [--consort .build/release/consort] [--repeat 3] [--repeat-python 1]
       (needs a release build: swift build -c release --product consort; pip install stvpoll votekit)
"""
import argparse
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter

CANDIDATES = 15


def ballots(n, seed):
    rng = random.Random(seed)
    weights = [1.0 / (i + 1) ** 0.8 for i in range(CANDIDATES)]
    out = Counter()
    for _ in range(n):
        pool = list(range(CANDIDATES))
        w = weights[:]
        ranking = []
        for _ in range(rng.randint(1, CANDIDATES)):
            c = rng.choices(range(len(pool)), weights=w)[0]
            ranking.append(pool.pop(c))
            w.pop(c)
        out[tuple(ranking)] += 1
    return out


def write_blt(counts, seats, path):
    with open(path, "w") as f:
        f.write(f"{CANDIDATES} {seats}\n")
        for ranking, count in sorted(counts.items()):
            f.write(f"{count} " + " ".join(str(c + 1) for c in ranking) + " 0\n")
        f.write("0\n")
        for i in range(CANDIDATES):
            f.write(f'"C{i + 1:02d}"\n')
        f.write('"Generated benchmark election"\n')


def consort(binary, path, method, repeat):
    best_count, best_wall, elected = None, None, None
    for _ in range(repeat):
        start = time.perf_counter()
        run = subprocess.run(
            [binary, "election", "count", path, "--method", method, "--format", "json", "--timing"],
            capture_output=True, text=True, check=True)
        wall = (time.perf_counter() - start) * 1000
        counted = float(re.search(r"counted in ([0-9.]+) ms", run.stderr).group(1))
        elected = re.search(r'"elected":\[([^\]]*)\]', run.stdout).group(1).replace('"', "").split(",")
        best_count = counted if best_count is None else min(best_count, counted)
        best_wall = wall if best_wall is None else min(best_wall, wall)
    return best_count, best_wall, elected


def timed(fn, repeat):
    best, result = None, None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        ms = (time.perf_counter() - start) * 1000
        best = ms if best is None else min(best, ms)
    return best, result


def stvpoll_scottish(counts, seats):
    from stvpoll.scottish_stv import calculate_scottish_stv
    names = tuple(f"C{i + 1:02d}" for i in range(CANDIDATES))
    data = [(tuple(names[c] for c in r), n) for r, n in counts.items()]
    result = calculate_scottish_stv(names, data, seats, allow_random=False, random_shuffle=False)
    return [str(c) for c in result.elected_as_tuple()]


def votekit_stv(counts, seats):
    from votekit.ballot import RankBallot
    from votekit.elections import STV
    from votekit.pref_profile import RankProfile
    names = [f"C{i + 1:02d}" for i in range(CANDIDATES)]
    profile = RankProfile(ballots=tuple(
        RankBallot(ranking=tuple(frozenset([names[c]]) for c in r), weight=n) for r, n in counts.items()))
    election = STV(profile, n_seats=seats, tiebreak="first_place")
    return [c for s in election.get_elected() for c in sorted(s)]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--consort", default=".build/release/consort")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--repeat-python", type=int, default=1, help="runs of the (slow) Python counters")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory() as tmp:
        for name, n, seats, method in [("scottish", 100_000, 5, "scottish"), ("meek", 10_000, 5, "meek")]:
            counts = ballots(n, seed=2026)
            path = os.path.join(tmp, f"{name}.blt")
            write_blt(counts, seats, path)
            print(f"\n{name}: {n:,} ballots ({len(counts):,} distinct lines), {CANDIDATES} candidates, {seats} seats")
            counted, wall, elected = consort(args.consort, path, method, args.repeat)
            print(f"  Consort {method:<9} count {counted:9.1f} ms   whole command {wall:9.1f} ms   elected {elected}")
            if method == "scottish":
                ms, won = timed(lambda: stvpoll_scottish(counts, seats), args.repeat_python)
                print(f"  stvpoll ScottishSTV  count {ms:9.1f} ms   ({ms / counted:,.0f}x Consort's count)   elected {won}")
            ms, won = timed(lambda: votekit_stv(counts, seats), args.repeat_python)
            print(f"  votekit STV          count {ms:9.1f} ms   ({ms / counted:,.0f}x Consort's count)   elected {won}"
                  + ("   [fractional transfer, not Meek]" if method == "meek" else "   [fractional transfer]"))


if __name__ == "__main__":
    main()
