#!/bin/sh
# Live-reload benchmark for `primer serve` (not part of the test gate).
#
#   sh benches/live_reload.sh [SIZES] [RUNS]      # default: "1000 10000" 7
#
# For the repository's own site and for synthetic corpora of each size (generated with
# ../shared/bench/gen_corpus.py --seed 42, front matter adapted by
# benches/convert_corpus.py), starts the release binary's `primer serve`, connects a
# WebSocket client, saves one page RUNS times and reports the median time from the
# save to the `reload` message, beside the clean `primer build` time.
# Sites are copied to $TMPDIR/primer-serve-bench and edited there.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SIZES=${1:-"1000 10000"}
RUNS=${2:-7}
WORK=${TMPDIR:-/tmp}/primer-serve-bench
GEN="$ROOT/../shared/bench/gen_corpus.py"
mkdir -p "$WORK"
cd "$ROOT"
cargo build --release -q
rm -rf "$WORK/repo" && mkdir -p "$WORK/repo"
cp -r site.toml content "$WORK/repo/"
# Everything else the site reads (the logo in static/, the theme, its words).
for d in static themes templates i18n translations.toml; do
    [ -e "$d" ] && cp -r "$d" "$WORK/repo/"
done
SITES="$WORK/repo"
for n in $SIZES; do
    [ -f "$WORK/raw-$n/manifest.json" ] || python3 "$GEN" "$WORK/raw-$n" --pages "$n" --seed 42 >/dev/null
    [ -f "$WORK/site-$n/site.toml" ] || python3 benches/convert_corpus.py "$WORK/raw-$n" "$WORK/site-$n"
    SITES="$SITES:$WORK/site-$n"
done
PRIMER_BENCH_BIN="$ROOT/target/release/primer" PRIMER_BENCH_SITES="$SITES" PRIMER_BENCH_RUNS="$RUNS" \
    PRIMER_SERVE_WAIT=900 cargo test -q --test serve -- --ignored --nocapture live_reload_benchmark 2>&1 | grep '^|'
