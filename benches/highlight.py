#!/usr/bin/env python3
"""Whole-process cost of the syntax and theme sets, two primer binaries side by side.

    python3 benches/highlight.py BEFORE AFTER [--runs 15] [--corpus DIR] [--instructions]

BEFORE and AFTER are two builds of primer (e.g. the release binary before and after
a change). Each case runs both binaries alternately, N times after one warm-up run
each, so that a busy machine slows both alike; it prints the median and the fastest
wall time of the whole process, in ms.

Cases: `--version` (start-up, nothing loaded); a site without code blocks (made by
`AFTER init --bare`); the repository's own site (no code blocks; Pagefind index
included); tests/fixtures/build/basic (one rust block: the syntax set is loaded);
tests/fixtures/highlight/languages (20 blocks in 20 languages: AFTER highlights
them all, BEFORE warns on the ones its set lacks and shows them as plain text);
with --corpus, a site such as the 1,000-page synthetic corpus of benches/bench.py.

Wall times on a shared machine vary with its load; --instructions also counts the
instructions each process executes (all threads, valgrind's callgrind), which does
not depend on the load.
"""
import argparse
import os
import re
import statistics
import subprocess
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def timed(cmd):
    t0 = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return (time.perf_counter() - t0) * 1000


def instructions(cmd):
    r = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *cmd],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False)
    m = re.search(r"Collected : (\d+)", r.stderr)
    return int(m.group(1)) if m else float("nan")


def own(args, which):
    """Each binary builds into an output folder of its own."""
    return [a + "-" + which if i > 0 and args[i - 1] == "--output" else a for i, a in enumerate(args)]


def case(name, before, after, args, runs, count):
    times = {"before": [], "after": []}
    bins = {"before": before, "after": after}
    for which in bins:
        timed([bins[which], *own(args, which)])
    for _ in range(runs):
        for which in bins:
            times[which].append(timed([bins[which], *own(args, which)]))
    cell = lambda t: "%.0f (%.0f)" % (statistics.median(t), min(t))
    row = [name, cell(times["before"]), cell(times["after"])]
    if count:
        n = {w: instructions([bins[w], *own(args, w)]) for w in bins}
        row += ["%.1f M → %.1f M (%+.1f M)" % (n["before"] / 1e6, n["after"] / 1e6, (n["after"] - n["before"]) / 1e6)]
    print("| " + " | ".join(row) + " |", flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("before")
    ap.add_argument("after")
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--corpus", action="append", default=[])
    ap.add_argument("--instructions", action="store_true")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as work:
        bare = os.path.join(work, "bare")
        subprocess.run([a.after, "init", "--bare", bare], check=True, stdout=subprocess.DEVNULL)
        out = lambda n: ["--output", os.path.join(work, n)]
        fixtures = os.path.join(ROOT, "tests", "fixtures")
        cases = [
            ("start-up: `primer --version`", ["--version"]),
            ("site without code blocks (`init --bare`)", ["build", "--root", bare, *out("o1")]),
            ("repository site (no code blocks, search on)", ["build", "--root", ROOT, *out("o2")]),
            ("tests/fixtures/build/basic (one rust block)", ["build", "--root", os.path.join(fixtures, "build", "basic"), *out("o3")]),
            ("tests/fixtures/highlight/languages (20 languages)", ["build", "--root", os.path.join(fixtures, "highlight", "languages"), *out("o4")]),
        ]
        for c in a.corpus:
            cases.append((f"{os.path.basename(c.rstrip('/'))}", ["build", "--root", c, *out("o5")]))
        head = "| case | before: median (fastest), ms | after: median (fastest), ms |"
        print(head + (" instructions, before → after |" if a.instructions else ""))
        print("|---|---|---|" + ("---|" if a.instructions else ""))
        for name, args in cases:
            case(name, a.before, a.after, args, a.runs, a.instructions)


if __name__ == "__main__":
    main()
