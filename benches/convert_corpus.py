#!/usr/bin/env python3
"""Adapt a gen_corpus.py site (Zola/Hugo-style front matter) to primer.

Usage: convert_corpus.py CORPUS_DIR OUT_DIR

Writes OUT_DIR/site.toml and OUT_DIR/content/, rewriting only the front matter
(title, description, date, weight; taxonomies as top-level primer keys `tags`,
`sdgs`, `audiences`); every markdown body is copied byte for byte.
"""
import os
import sys

KEEP = ("title", "description", "date", "weight")
RENAME = {"tags": "tags", "sdg": "sdgs", "audience": "audiences"}

SITE_TOML = '''title = "Synthetic knowledge base"
description = "Benchmark corpus"
language = "en"

[search]
enabled = {search}

[[taxonomies]]
name = "tags"
title = "Tags"

[[taxonomies]]
name = "sdgs"
title = "SDGs"

[[taxonomies]]
name = "audiences"
title = "Audiences"
'''


def convert(text):
    if not text.startswith("---\n"):
        return text
    end = text.index("\n---\n", 4)
    fm, body = text[4:end], text[end + 5:]
    out, in_tax = [], False
    for line in fm.split("\n"):
        if line.startswith("taxonomies:"):
            in_tax = True
            continue
        if in_tax and line.startswith("  "):
            continue
        in_tax = False
        key = line.split(":", 1)[0].strip()
        if key in KEEP:
            out.append(line)
        elif key in RENAME and not line.startswith(" "):
            out.append(RENAME[key] + ":" + line.split(":", 1)[1])
    return "---\n" + "\n".join(out) + "\n---\n" + body


def main():
    src, dst = sys.argv[1], sys.argv[2]
    search = "true" if "--search" in sys.argv else "false"
    for root, _dirs, files in os.walk(os.path.join(src, "content")):
        rel = os.path.relpath(root, os.path.join(src, "content"))
        target = os.path.normpath(os.path.join(dst, "content", rel))
        os.makedirs(target, exist_ok=True)
        for f in files:
            with open(os.path.join(root, f), encoding="utf-8") as fh:
                text = fh.read()
            if f.endswith(".md"):
                text = convert(text)
            with open(os.path.join(target, f), "w", encoding="utf-8") as fh:
                fh.write(text)
    with open(os.path.join(dst, "site.toml"), "w", encoding="utf-8") as fh:
        fh.write(SITE_TOML.replace("{search}", search))


if __name__ == "__main__":
    main()
