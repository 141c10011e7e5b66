#!/usr/bin/env bash
# The two builds users run, on the file system they run them on: a first build (no output yet, as
# in a fresh checkout or a CI runner) and a rebuild over the previous output (the editor's loop).
#
# usage: bench/writer.sh DIR N [CLAIMTRACK_BINARY]      (run from the project root)
#   DIR     a folder on the file system to measure: a tmpfs, or a journaled ext4 made with
#           `truncate -s 4G ext4.img && mkfs.ext4 -F ext4.img && mount -o loop ext4.img DIR` (root)
#   N       number of claims (gen.py's corpus, copied into DIR so content and output share the disk)
# environment: RUNS (default 5) timed runs of each, after one warm-up.
#
# The first build deletes the output before each run (hyperfine --prepare) and syncs, so the
# deletion's own cost is not in the timing; the rebuild leaves the previous site in place.
set -euo pipefail
DIR=${1:?usage: writer.sh DIR N [binary]}
N=${2:?usage: writer.sh DIR N [binary]}
BIN=$(realpath "${3:-target/release/claimtrack}")
HERE=$(cd "$(dirname "$0")" && pwd)
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null; }
[ -d "$DIR/corpus-$N" ] || python3 "$HERE/gen.py" "$N" "$DIR/corpus-$N" --no-compare >/dev/null
ROOT="$DIR/corpus-$N/claimtrack"
OUT="$DIR/out-$N"
hyperfine --warmup 1 --runs "${RUNS:-5}" \
  -n "first build" --prepare "rm -rf $OUT; sync" "$BIN build --root $ROOT --output $OUT" \
  -n "rebuild" --prepare "sync" "$BIN build --root $ROOT --output $OUT"
rm -rf "$OUT"
