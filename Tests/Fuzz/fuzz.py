#!/usr/bin/env python3
"""Fuzzes a running Consort server, batch by batch, and checks after every batch that the
process is still alive and answering /health.

    python3 Tests/Fuzz/fuzz.py BASE_URL --pid PID [--token TOKEN] [--examples N] [--seed S]

1. The JSON API, from its OpenAPI document, with schemathesis: every operation, in batches by
   area, once with the API token and once without; any 5xx fails the run.
2. The pages, which the OpenAPI document does not describe: query strings of random bytes
   (a bare '=', stray '%', NUL and the like) on every kind of page; any 5xx fails the run.
"""
import argparse
import os
import random
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

BATCHES = [
    ("registry", r"^/(summary|practices|groups|imports|policies|assurance|me)"),
    ("finance", r"^/finance/"),
    ("extended access", r"^/(hubs|hub-slots|hub-bookings)"),
    ("federations, governance, plans, audit", r"^/(federations|federation-invitations|plans|audit|groups/\{code\}/governance)"),
]
PAGES = ["/", "/practices", "/practices/A81001", "/networks", "/consortia", "/groups/16C", "/groups/FED-0001",
         "/assurance", "/policies", "/finance", "/imports", "/help", "/groups/16C/governance/interests",
         "/hubs", "/plans", "/login"]


def alive(base, pid):
    if pid:
        try:
            os.kill(pid, 0)
        except OSError:
            sys.exit(f"FAIL: the server (pid {pid}) has stopped")
    try:
        with urllib.request.urlopen(base + "/health", timeout=30) as r:
            body = r.read().decode()
            if r.status != 200 or '"status":"ok"' not in body:
                sys.exit(f"FAIL: /health answered {r.status} {body}")
    except (urllib.error.URLError, ConnectionError) as e:
        sys.exit(f"FAIL: /health did not answer: {e}")


def schemathesis(base, pid, token, examples, seed):
    total = 0
    for name, regex in BATCHES:
        for auth in ([token, None] if token else [None]):
            cmd = ["st", "run", base + "/api/v1/openapi.json", "--checks", "not_a_server_error", "-n", str(examples),
                   "--phases", "examples,coverage,fuzzing", "--include-path-regex", regex, "--no-color",
                   "--request-timeout", "60", "--seed", str(seed), "--warnings", "off"]
            if auth:
                cmd += ["-H", f"Authorization: Bearer {auth}"]
            started = time.time()
            run = subprocess.run(cmd, capture_output=True, text=True)
            summary = [line for line in run.stdout.splitlines() if "generated" in line or "passed" in line or "failed" in line]
            label = f"{name}, {'with' if auth else 'without'} the API token"
            print(f"schemathesis: {label}: {summary[-1].strip() if summary else '?'} ({time.time() - started:.0f} s)")
            for line in summary:
                if " generated" in line:
                    total += int(line.split()[0])
            if run.returncode != 0:
                print(run.stdout[-6000:])
                sys.exit(f"FAIL: schemathesis found a server error ({label})")
            alive(base, pid)
    return total


def pages(base, pid, rounds, seed):
    rng = random.Random(seed)
    alphabet = b"=&%+;?#/ az09\x00\x7f\xe2\x80\xa8"
    sent = 0
    for page in PAGES:
        for _ in range(rounds):
            raw = bytes(rng.choice(alphabet) if rng.random() < 0.6 else rng.randrange(256) for _ in range(rng.randrange(1, 24)))
            # Sent as the query string itself: percent-encode what cannot travel raw in a request line.
            query = urllib.parse.quote(raw, safe="=&%+;/:,")
            for url in (f"{base}{page}?{query}", f"{base}{page}?{query}&date=2022-01-01"):
                try:
                    with urllib.request.urlopen(url, timeout=60) as r:
                        status = r.status
                except urllib.error.HTTPError as e:
                    status = e.code
                sent += 1
                if status >= 500:
                    sys.exit(f"FAIL: {url} answered {status}")
        alive(base, pid)
    print(f"pages: {sent} requests with malformed query strings on {len(PAGES)} pages; no server error")
    return sent


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("base")
    parser.add_argument("--pid", type=int, default=0)
    parser.add_argument("--token")
    parser.add_argument("--examples", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--seed", type=int, default=20261201)
    args = parser.parse_args()
    base = args.base.rstrip("/")
    alive(base, args.pid)
    cases = schemathesis(base, args.pid, args.token, args.examples, args.seed)
    requests = pages(base, args.pid, args.rounds, args.seed)
    print(f"Fuzzing passed: {cases} schemathesis cases and {requests} page requests; the server answered /health after every batch")


if __name__ == "__main__":
    main()
