#!/usr/bin/env python3
"""Turn a gen_corpus.py corpus into one whose code blocks are unique real code.

    python3 benches/real_code_corpus.py RAW OUT [--seed 42]

RAW is the output of `../shared/bench/gen_corpus.py RAW --pages N --seed 42`. OUT gets
a copy of it (content/, hugo/, zola/, zola-nonav/, manifest.json; mdbook/ is left
out) in which every fenced code block is replaced by 15-40 consecutive lines cut from
a real source file on this machine, in the language that replaces the block's own:

    ```rust      → Rust, from the crates under ~/.cargo/registry/src
    ```json      → JSON, from the crates and the Python installation's tree
    ```yaml      → YAML (.yml, .yaml), from the crates
    ```solidity  → Python, from the Python standard library (no Solidity on this machine)

Only the code blocks change: the prose, front matter, headings and links are the
synthetic corpus's, byte for byte. Every generator reads the same files (Hugo and
Zola through their `content` symlink, primer through benches/convert_corpus.py, which
copies bodies byte for byte), so they all highlight the same bytes.

How blocks are cut: the candidate files are listed per language and sorted by path;
a random.Random(seed) picks a file, a start line and a length (15-40 lines) for each
block, in the order of the sorted content files. A cut is refused if it is the same
text as an earlier block (every block is unique), if it overlaps an earlier cut of the
same file (while the language has files left to draw from; YAML has few, so after 50
refusals a cut may overlap another as long as its text differs), if a line is longer
than 160 characters (minified files), or if it holds a fence (```, ~~~), a Hugo
shortcode delimiter ({{< or {{%), a carriage return, a form feed or a NUL.
Files that are not UTF-8 or have fewer than 15 lines are skipped. The result is
deterministic for a seed on a given machine (it depends on the files installed: the
crates of this project's Cargo.lock and the Python version); the script prints a
SHA-256 of all blocks so two runs or two machines can be compared.
"""
import argparse
import hashlib
import os
import random
import re
import shutil
import sys
import sysconfig

MIN_LINES, MAX_LINES, MAX_WIDTH = 15, 40, 160
FENCE = re.compile(r"^```([A-Za-z0-9_+-]*)[^\n]*\n(.*?)^```[ \t]*$", re.M | re.S)
# Language of the synthetic block → (fence name written, candidate file suffixes, roots).
CARGO = os.path.expanduser("~/.cargo/registry/src")
STDLIB = sysconfig.get_paths()["stdlib"]
LANGS = {
    "rust": ("rust", (".rs",), [CARGO]),
    "json": ("json", (".json",), [CARGO, STDLIB]),
    "yaml": ("yaml", (".yml", ".yaml"), [CARGO]),
    "solidity": ("python", (".py",), [STDLIB]),
}
BAD = ("```", "~~~", "{{<", "{{%", "\r", "\f", "\0")


def candidates(suffixes, roots, exclude_site_packages):
    files = []
    for root in roots:
        for d, dirs, names in os.walk(root):
            dirs.sort()
            if exclude_site_packages and "site-packages" in dirs:
                dirs.remove("site-packages")
            for n in sorted(names):
                if n.endswith(suffixes):
                    files.append(os.path.join(d, n))
    return sorted(files)


class Source:
    """The files of one language, read on demand, and the cuts already taken."""

    def __init__(self, files):
        self.files = files
        self.lines = {}
        self.cuts = {}

    def read(self, path):
        if path not in self.lines:
            try:
                with open(path, encoding="utf-8", newline="") as f:
                    text = f.read()
                lines = text.splitlines(keepends=True)
            except (OSError, UnicodeDecodeError):
                lines = []
            self.lines[path] = lines if len(lines) >= MIN_LINES else []
        return self.lines[path]


def cut(src, rng, seen, allow_overlap):
    path = src.files[rng.randrange(len(src.files))]
    lines = src.read(path)
    if not lines:
        return None
    n = rng.randint(MIN_LINES, min(MAX_LINES, len(lines)))
    start = rng.randrange(len(lines) - n + 1)
    if not allow_overlap and any(s < start + n and start < e for s, e in src.cuts.get(path, [])):
        return None
    block = lines[start:start + n]
    if any(len(l.rstrip("\n")) > MAX_WIDTH or any(b in l for b in BAD) for l in block):
        return None
    text = "".join(block)
    if not text.endswith("\n"):
        text += "\n"
    if not text.strip() or text in seen:
        return None
    src.cuts.setdefault(path, []).append((start, start + n))
    return text


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("raw")
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=42)
    a = ap.parse_args()
    if os.path.exists(a.out):
        sys.exit(f"{a.out} exists: choose a new folder")
    rng = random.Random(a.seed)
    sources = {}
    for lang, (_, suffixes, roots) in LANGS.items():
        files = candidates(suffixes, roots, exclude_site_packages=(lang == "solidity"))
        if not files:
            sys.exit(f"no {suffixes} files under {roots}")
        sources[lang] = Source(files)

    os.makedirs(a.out)
    for name in ("hugo", "zola", "zola-nonav"):
        if os.path.isdir(os.path.join(a.raw, name)):
            shutil.copytree(os.path.join(a.raw, name), os.path.join(a.out, name), symlinks=True)

    seen, digest, counts, lines_total = set(), hashlib.sha256(), {}, 0
    content = os.path.join(a.raw, "content")
    paths = []
    for d, dirs, names in os.walk(content):
        dirs.sort()
        paths += [os.path.join(d, n) for n in sorted(names)]
    for path in sorted(paths):
        rel = os.path.relpath(path, content)
        target = os.path.join(a.out, "content", rel)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(path, encoding="utf-8", newline="") as f:
            text = f.read()

        def replace(m):
            nonlocal lines_total
            lang = m.group(1)
            if lang not in LANGS:
                sys.exit(f"{rel}: a ```{lang} block: this script knows {', '.join(LANGS)}")
            src, tries = sources[lang], 0
            while True:
                block = cut(src, rng, seen, allow_overlap=tries >= 50)
                if block is not None:
                    break
                tries += 1
                if tries > 100_000:
                    sys.exit(f"could not cut a unique {lang} block")
            seen.add(block)
            digest.update(block.encode())
            counts[LANGS[lang][0]] = counts.get(LANGS[lang][0], 0) + 1
            lines_total += block.count("\n")
            return f"```{LANGS[lang][0]}\n{block}```"

        if path.endswith(".md"):
            text = FENCE.sub(replace, text)
        with open(target, "w", encoding="utf-8", newline="") as f:
            f.write(text)
    # Last: its presence tells benches/bench.py that the corpus is complete.
    shutil.copy(os.path.join(a.raw, "manifest.json"), os.path.join(a.out, "manifest.json"))
    total = sum(counts.values())
    print(f"{a.out}: {total} unique code blocks, {lines_total} lines "
          f"({', '.join(f'{k} {v}' for k, v in sorted(counts.items()))}); "
          f"sha256 of the blocks {digest.hexdigest()[:16]}")


if __name__ == "__main__":
    main()
