#!/usr/bin/env bash
# The whole test suite, as CI runs it: gates, Rust tests, browser tests.
# Installs what it needs when missing (Rust components, Chromium, npm packages).
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v cargo >/dev/null 2>&1; then
  echo "cargo is missing: install Rust from https://rustup.rs first" >&2
  exit 2
fi
rustup component list --installed 2>/dev/null | grep -q '^rustfmt' || rustup component add rustfmt clippy
if ! command -v chromium >/dev/null 2>&1 && [ ! -x /usr/bin/chromium ]; then
  echo "== installing chromium (missing)"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
fi
if ! command -v node >/dev/null 2>&1; then
  echo "== installing nodejs (missing)"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq nodejs npm >/dev/null
fi

# A whole run builds three targets (clippy, release, debug tests): keep them small.
# Incremental state only pays when the same tree is rebuilt; a test run starts clean.
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"
avail_kb=$(df -Pk . | awk 'NR==2 {print $4}')
if [ -n "$avail_kb" ] && [ "$avail_kb" -lt 4000000 ]; then
  echo "warning: $((avail_kb / 1024)) MB free on this disk; a clean run needs about 4 GB (target/ ends near 2.6 GB)" >&2
fi

echo "== cargo fmt --check"
cargo fmt --all -- --check
echo "== cargo clippy --all-targets -- -D warnings"
cargo clippy -q --all-targets -- -D warnings
echo "== cargo build --release"
cargo build -q --release
echo "== cargo test"
cargo test -q --all-targets 2>&1 | tee target/cargo-test.log
echo "== browser tests"
bash tests/browser/run.sh
