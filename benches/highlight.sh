#!/bin/sh
# Whole-process cost of the syntax and theme sets: start-up and builds, two binaries
# side by side (e.g. one built before a change, one after), timed with hyperfine.
#
#   sh benches/highlight.sh BEFORE AFTER [RUNS]
#
# Cases: `--version` (nothing loaded); a site without code blocks (the starter made by
# `primer init --bare`); the repository's own site (no code blocks either; Pagefind
# index included); tests/fixtures/build/basic (one rust block: the syntax set is
# loaded); tests/fixtures/highlight/languages (20 blocks in 20 languages; BEFORE may
# warn on the ones its set lacks). Prints the median and the fastest run in ms.
set -eu
before=$1
after=$2
runs=${3:-20}
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$after" init --bare "$work/bare" >/dev/null

case_() { # name, arguments after the binary
  name=$1
  shift
  hyperfine -N -i --warmup 3 --runs "$runs" --export-json "$work/r.json" \
    -n before "$before $*" -n after "$after $*" >/dev/null 2>&1
  python3 - "$name" "$work/r.json" <<'EOF'
import json, statistics, sys
name, path = sys.argv[1], sys.argv[2]
r = {x["command"]: x for x in json.load(open(path))["results"]}
cell = lambda k: "%.1f (%.1f)" % (statistics.median(r[k]["times"]) * 1000, min(r[k]["times"]) * 1000)
print("| %s | %s | %s |" % (name, cell("before"), cell("after")))
EOF
}

echo "| case | before: median (fastest), ms | after: median (fastest), ms |"
echo "|---|---|---|"
case_ "start-up: primer --version" --version
case_ "site without code (init --bare)" build --root "$work/bare" -o "$work/out1"
case_ "repository site (no code blocks, search on)" build --root "$repo" -o "$work/out2"
case_ "fixture build/basic (one rust block)" build --root "$repo/tests/fixtures/build/basic" -o "$work/out3"
case_ "fixture highlight/languages (20 languages)" build --root "$repo/tests/fixtures/highlight/languages" -o "$work/out4"
