#!/usr/bin/env bash
# Retakes docs/screenshot-topic.png, the picture in the README: the first screen of the shipped
# site's "Troop numbers" topic page (/topics/troop-numbers/), 1366 pixels wide, in headless Chromium.
#
# usage: docs/screenshot.sh          (from anywhere; it works on the repository it sits in)
#
# The page is served by `claimtrack serve`, which builds the same site as `claimtrack build` into a
# temporary folder: opened straight from public/ as a file, the page would lose its stylesheet, whose
# link starts at the site's root. Needs Debian's `chromium` (installed with apt-get if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
WIDTH=${WIDTH:-1366}
HEIGHT=${HEIGHT:-1000}
command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }
cargo build --release --quiet
bin=${CARGO_TARGET_DIR:-target}/release/claimtrack

work=$(mktemp -d)
"$bin" serve --port 0 >"$work/serve.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; rm -rf "$work"' EXIT
url=""
for _ in $(seq 300); do
  url=$(grep -o 'http://127\.0\.0\.1:[0-9]*/[^ ]*' "$work/serve.log" | head -n 1 || true)
  [ -n "$url" ] && break
  kill -0 "$server" 2>/dev/null || { cat "$work/serve.log" >&2; exit 1; }
  sleep 0.1
done
[ -n "$url" ] || { echo "claimtrack serve printed no address:" >&2; cat "$work/serve.log" >&2; exit 1; }

chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$work/profile" --hide-scrollbars --force-device-scale-factor=1 \
  --window-size="$WIDTH,$HEIGHT" --screenshot="$PWD/docs/screenshot-topic.png" \
  "${url}topics/troop-numbers/" 2>"$work/chromium.log" ||
  { cat "$work/chromium.log" >&2; exit 1; }
echo "wrote docs/screenshot-topic.png (${WIDTH}×${HEIGHT}) from ${url}topics/troop-numbers/"
