#!/usr/bin/env bash
# Browser end-to-end and accessibility tests for primer's output.
#
#   bash tests/browser/run.sh [extra node --test arguments, e.g. --test-name-pattern=axe]
#
# Works on a fresh Debian/Ubuntu machine with Node >= 20 and Rust:
#   1. installs Chromium (+ CJK fonts) with apt-get if /usr/bin/chromium is missing;
#   2. runs `npm ci` in tests/browser if node_modules is missing or stale;
#   3. builds primer (`cargo build --release`; set PRIMER_BIN to use another binary);
#   4. builds the fixture site (tests/fixtures/browser/site) and the repository's own site
#      into a temporary folder with `primer build --root … --output …`;
#   5. runs `node --test` on tests/browser/*.test.mjs, passing the paths in environment
#      variables (see lib/common.mjs), screenshots going to target/screenshots/.
# Exits non-zero on any failure. A site that fails to build is reported by the tests
# ("builds with primer build"), and the tests that need it are skipped.
#
# Environment: PRIMER_BIN (skip the cargo build), CHROMIUM (default /usr/bin/chromium),
# BROWSER_TEST_CONCURRENCY (test files run in parallel; default 2), KEEP_BUILDS=1 (keep
# the built sites and print where they are).

set -euo pipefail
start=$(date +%s)

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cd "$repo"

say() { printf '\n==> %s\n' "$*"; }
sudo_if_needed() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# 1. Chromium and fonts -------------------------------------------------------------------
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM" ]; then
  say "Chromium missing at $CHROMIUM: installing it with apt-get"
  sudo_if_needed apt-get update
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium fonts-noto-cjk
elif command -v fc-list >/dev/null && [ -z "$(fc-list :lang=zh 2>/dev/null | head -n1)" ]; then
  say "No Chinese font found: installing fonts-noto-cjk with apt-get"
  sudo_if_needed apt-get update
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y fonts-noto-cjk
fi
"$CHROMIUM" --version

# 2. Node and the npm packages ------------------------------------------------------------
command -v node >/dev/null || { echo "error: node (>= 20) is required" >&2; exit 2; }
node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$node_major" -lt 20 ]; then echo "error: node >= 20 is required (found $(node --version))" >&2; exit 2; fi
if [ ! -d "$here/node_modules" ] || [ ! -f "$here/node_modules/.package-lock.json" ] \
   || [ "$here/package-lock.json" -nt "$here/node_modules/.package-lock.json" ]; then
  say "npm ci in tests/browser"
  (cd "$here" && npm ci --no-audit --no-fund)
fi

# 3. primer ---------------------------------------------------------------------------------
if [ -n "${PRIMER_BIN:-}" ]; then
  say "Using PRIMER_BIN=$PRIMER_BIN"
else
  say "cargo build --release"
  cargo build --release --quiet
  PRIMER_BIN="$repo/target/release/primer"
fi
export PRIMER_BIN

# 4. Build the sites ------------------------------------------------------------------------
work="$(mktemp -d "${TMPDIR:-/tmp}/primer-browser.XXXXXX")"
cleanup() {
  if [ -n "${KEEP_BUILDS:-}" ]; then echo "Built sites kept in $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

export PRIMER_FIXTURE_SRC="$repo/tests/fixtures/browser/site"
export PRIMER_FIXTURE_OUT="$work/fixture"
export PRIMER_FIXTURE_BUILD_LOG="$work/fixture-build.log"
export PRIMER_REPO_SRC="$repo"
export PRIMER_REPO_OUT="$work/repo"
export PRIMER_REPO_BUILD_LOG="$work/repo-build.log"
export PRIMER_SCREENSHOTS="$repo/target/screenshots"
mkdir -p "$PRIMER_SCREENSHOTS"

build_site() { # name root out log
  say "primer build --root $2 --output $3"
  if "$PRIMER_BIN" build --root "$2" --output "$3" >"$4" 2>&1; then
    tail -n 3 "$4"
  else
    echo "!! the $1 site failed to build (the tests report it); last lines:"
    tail -n 25 "$4"
  fi
}
build_site fixture "$PRIMER_FIXTURE_SRC" "$PRIMER_FIXTURE_OUT" "$PRIMER_FIXTURE_BUILD_LOG"
build_site repository "$PRIMER_REPO_SRC" "$PRIMER_REPO_OUT" "$PRIMER_REPO_BUILD_LOG"

# 5. The tests ------------------------------------------------------------------------------
say "node --test tests/browser/*.test.mjs"
status=0
node --test --test-reporter=spec --test-concurrency="${BROWSER_TEST_CONCURRENCY:-2}" "$@" \
  "$here"/*.test.mjs || status=$?

elapsed=$(( $(date +%s) - start ))
say "Browser tests $([ "$status" -eq 0 ] && echo passed || echo FAILED) in ${elapsed}s; screenshots in target/screenshots/"
exit "$status"
