#!/usr/bin/env python3
"""Code size measures for src/ (issue 12's limits: no file over 600 lines of non-test
code, no function over 80 lines).

    python3 scripts/sizes.py [--files N] [--over LINES] [SRC]

Prints the N largest files by non-test lines (code before a file's
`#[cfg(test)] mod`; `tests.rs` files are skipped), every `fn` longer than LINES
(from its signature to its closing brace, outside test code), and the median, 90th
percentile and maximum function length. Brace matching skips strings, character
literals and `//` comments; it is a measure, not a parser.
"""
import argparse
import os
import re

FN = re.compile(r"\s*(pub(\([^)]*\))?\s+)?(const\s+)?(async\s+)?(unsafe\s+)?fn\s+(\w+)")


def code_lines(path):
    lines = open(path, encoding="utf-8").read().split("\n")
    # The test tail: a `#[cfg(test)]` that opens a module (perhaps after more attributes).
    def opens_module(i):
        rest = [l.strip() for l in lines[i + 1 :] if not l.strip().startswith("#[")][:1]
        return bool(rest) and re.match(r"(pub(\([^)]*\))?\s+)?mod\s", rest[0])

    starts = (i for i, l in enumerate(lines) if l.strip() == "#[cfg(test)]" and opens_module(i))
    end = next(starts, len(lines))
    return lines, end


def functions(path):
    lines, end = code_lines(path)
    for i in range(end):
        m = FN.match(lines[i])
        if not m:
            continue
        depth, started, j = 0, False, i
        while j < len(lines):
            s = re.sub(r'"(\\.|[^"\\])*"', '""', lines[j])
            s = re.sub(r"'(\\.|[^'\\])'", "''", s).split("//")[0]
            for c in s:
                if c == "{":
                    depth, started = depth + 1, True
                elif c == "}":
                    depth -= 1
            if started and depth == 0:
                break
            if not started and s.rstrip().endswith(";"):
                break
            j += 1
        if started:
            yield j - i + 1, i + 1, m.group(6)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("src", nargs="?", default="src")
    ap.add_argument("--files", type=int, default=10)
    ap.add_argument("--over", type=int, default=80)
    a = ap.parse_args()
    paths = [os.path.join(d, f) for d, _, fs in os.walk(a.src) for f in fs if f.endswith(".rs") and f != "tests.rs"]
    sizes = sorted(((code_lines(p)[1], p) for p in paths), reverse=True)
    print("largest files (non-test lines):")
    for n, p in sizes[: a.files]:
        print(f"{n:6}  {p}")
    fns = sorted(((n, p, line, name) for p in paths for n, line, name in functions(p)), reverse=True)
    print(f"functions over {a.over} lines:")
    for n, p, line, name in fns:
        if n > a.over:
            print(f"{n:6}  {p}:{line} {name}")
    lengths = sorted(n for n, *_ in fns)
    if lengths:
        print(f"{len(lengths)} functions: median {lengths[len(lengths) // 2]}, "
              f"p90 {lengths[int(len(lengths) * 0.9)]}, max {lengths[-1]}")


if __name__ == "__main__":
    main()
