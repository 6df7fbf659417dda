#!/usr/bin/env python3
"""primer's benchmark harness (not part of the test gate).

    python3 benches/bench.py [--sizes 100,1000,10000] [--runs 5] [--search] [--write]

For each size: generates the synthetic corpus with ../shared/bench/gen_corpus.py
(seed 42), adapts its front matter with benches/convert_corpus.py (bodies stay
byte-identical), builds once to warm up, then times N clean builds of the release
binary (median, min-max, peak RSS from /usr/bin/time), and checks that every page
of the corpus manifest exists in the output and contains its KBREF marker.
With --search the corpora are built with their Pagefind index, the repository's own
site is measured too, and each row adds the index build time (the `search` stage of
PRIMER_TIMINGS), the index size on disk, and the bytes a first query downloads
(tests/support/pagefind_query.mjs, an English and a Chinese query).
With --write, the results replace the matching table in BENCHMARKS.md.
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GEN = os.path.normpath(os.path.join(ROOT, "..", "shared", "bench", "gen_corpus.py"))
WORK = os.path.join(tempfile.gettempdir(), "primer-bench")
BIN = os.path.join(ROOT, "target", "release", "primer")


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, text=True, capture_output=True, **kw)


def corpus(n, search):
    raw = os.path.join(WORK, f"raw-{n}")
    site = os.path.join(WORK, f"site-{n}{'-search' if search else ''}")
    if not os.path.exists(os.path.join(raw, "manifest.json")):
        sh([sys.executable, GEN, raw, "--pages", str(n), "--seed", "42"])
    if not os.path.exists(os.path.join(site, "site.toml")):
        args = [sys.executable, os.path.join(ROOT, "benches", "convert_corpus.py"), raw, site]
        sh(args + (["--search"] if search else []))
    return raw, site


def timed_build(site, out):
    """(wall seconds, peak RSS in KiB, {stage: ms} from PRIMER_TIMINGS)"""
    shutil.rmtree(out, ignore_errors=True)
    # Flush the previous run's writes and deletions, so they are not billed to this run.
    os.sync()
    t0 = time.perf_counter()
    r = subprocess.run(["/usr/bin/time", "-f", "%M", BIN, "build", "--root", site, "--output", out],
                       text=True, capture_output=True, env={**os.environ, "PRIMER_TIMINGS": "1"})
    dt = time.perf_counter() - t0
    if r.returncode != 0:
        sys.exit(f"build failed:\n{r.stderr[-4000:]}")
    lines = r.stderr.strip().splitlines()
    rss_kb = int(lines[-1])
    stages = {}
    for line in lines[:-1]:
        parts = line.split()
        if len(parts) == 3 and parts[2] == "ms":
            stages[parts[0]] = float(parts[1])
    return dt, rss_kb, stages


def index_size(out):
    total, count = 0, 0
    for d, _, files in os.walk(os.path.join(out, "pagefind")):
        for f in files:
            total += os.path.getsize(os.path.join(d, f))
            count += 1
    return total, count


def qen(n):
    return "`ledger`" if n == "repo" else "`audit`"


def qzh(n):
    return "`区块链`" if n == "repo" else "`智能合约`"


def first_query_bytes(out, q):
    """Bytes a browser downloads for its first query `q`: pagefind.js and what loading it
    fetches, plus what the query fetches (index chunks, fragments)."""
    req = json.dumps({"lang": "en", "limit": 5, "queries": [{"q": q}]})
    r = sh(["node", os.path.join(ROOT, "tests", "support", "pagefind_query.mjs"), out, req])
    res = json.loads(r.stdout)
    init = sum(f["bytes"] for f in res["init_fetched"])
    return init + res["queries"][0]["fetched_bytes"], res["queries"][0]["count"]


def verify(raw, out):
    with open(os.path.join(raw, "manifest.json"), encoding="utf-8") as f:
        pages = json.load(f)["pages"]
    missing = []
    for p in pages:
        path = os.path.join(out, p["url"], "index.html")
        try:
            with open(path, encoding="utf-8") as f:
                if p["marker"] not in f.read():
                    missing.append(p["url"] + " (no marker)")
        except OSError:
            missing.append(p["url"])
    return len(pages), missing


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="100,1000,10000")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--search", action="store_true", help="build the search index too")
    ap.add_argument("--write", action="store_true", help="update BENCHMARKS.md")
    a = ap.parse_args()
    os.makedirs(WORK, exist_ok=True)
    sh(["cargo", "build", "--release", "-q"], cwd=ROOT)
    rows = []
    sites = [(int(s), None) for s in a.sizes.split(",")]
    if a.search:
        sites.insert(0, ("repo", ROOT))
    for n, site in sites:
        raw = None
        if site is None:
            raw, site = corpus(n, a.search)
        out = os.path.join(WORK, f"out-{n}")
        timed_build(site, out)  # warm-up (page cache, binary)
        times, rss, search_ms = [], [], []
        for _ in range(a.runs):
            dt, kb, stages = timed_build(site, out)
            times.append(dt)
            rss.append(kb)
            search_ms.append(stages.get("search", 0.0))
        count = None
        if raw:
            count, missing = verify(raw, out)
            if missing:
                sys.exit(f"{len(missing)} of {count} pages missing or without marker, e.g. {missing[:3]}")
        pages = count or sum(1 for d, _, f in os.walk(out) if "index.html" in f and "/pagefind" not in d)
        med = statistics.median(times)
        row = [n, med, min(times), max(times), max(rss) / 1024, med / pages * 1000]
        if a.search:
            size, files = index_size(out)
            # Words each site uses: the portal's subject, or the synthetic corpus's vocabulary.
            qen, qzh = ("ledger", "区块链") if n == "repo" else ("audit", "智能合约")
            en, en_hits = first_query_bytes(out, qen)
            zh, zh_hits = first_query_bytes(out, qzh)
            row += [statistics.median(search_ms) / 1000, size, files, en, en_hits, zh, zh_hits]
        rows.append(row)
        extra = f"; index {row[6]:.2f} s, {row[7] / 2**20:.1f} MiB in {row[8]} files, first queries " \
                f"{row[9] / 1024:.0f} KB and {row[11] / 1024:.0f} KB" if a.search else ""
        print(f"{n:>6} pages: median {med:.3f} s (min {row[2]:.3f}, max {row[3]:.3f}), "
              f"peak RSS {row[4]:.0f} MiB, {row[5]:.2f} ms/page"
              f"{'; all %d pages verified' % count if count else ''}{extra}", flush=True)
    if a.write:
        write_table(rows, a)


def write_table(rows, a):
    path = os.path.join(ROOT, "BENCHMARKS.md")
    text = open(path, encoding="utf-8").read() if os.path.exists(path) else "# Benchmarks\n"
    head = "## Clean builds" + (" (with search index)" if a.search else "")
    lines = [head, "",
             f"Measured by `python3 benches/bench.py --sizes {a.sizes} --runs {a.runs}"
             f"{' --search' if a.search else ''} --write` on this 2-core machine, "
             f"{time.strftime('%Y-%m-%d')}; release build, default theme with build-time highlighting; "
             "every page checked for its KBREF marker.", "",
             "| pages | median | min-max | peak RSS | per page |", "|---|---|---|---|---|"]
    if a.search:
        lines[-2:] = ["| site | build median | min-max | peak RSS | index build | index size | files "
                      "| first English query | first Chinese query |", "|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        n, med, lo, hi, mib, per = r[:6]
        name = "repository site" if n == "repo" else f"{n:,}"
        if a.search:
            t, size, files, en, en_hits, zh, zh_hits = r[6:]
            lines.append(f"| {name} | {med:.2f} s | {lo:.2f}-{hi:.2f} s | {mib:.0f} MiB | {t:.2f} s "
                         f"| {size / 2**20:.1f} MiB | {files:,} | {en / 1024:.0f} KB ({qen(n)}, {en_hits} hits) "
                         f"| {zh / 1024:.0f} KB ({qzh(n)}, {zh_hits} hits) |")
        else:
            lines.append(f"| {name} | {med:.2f} s | {lo:.2f}-{hi:.2f} s | {mib:.0f} MiB | {per:.2f} ms |")
    block = "\n".join(lines) + "\n"
    start = text.find(head + "\n")
    if start >= 0:
        end = text.find("\n## ", start + len(head))
        text = text[:start] + block + (text[end + 1:] if end >= 0 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + block
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


if __name__ == "__main__":
    main()
