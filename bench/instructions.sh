#!/usr/bin/env bash
# The instructions brieflint executes (valgrind's count, one thread, full pack, JSON report) on
# 500 generated briefs: the first 500 of the large corpus, 4 MB. The count does not move with
# the machine's spells, which move wall times by up to 25%: a change of 1% shows, where
# alternated timed runs need many rounds to see it. It counts work, not time: a change that
# moves cache misses rather than instructions needs timed runs (bench/run.sh, alternated).
#   bash bench/instructions.sh              # the working tree's release build
#   bash bench/instructions.sh BIN...       # built binaries, one after another
# Start-up (loading and compiling the rules) is about 165M of the count, once per run.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "bench/instructions.sh needs valgrind" >&2; exit 1; }
briefs=${BENCH_DIR:-/tmp/brieflint-bench}/instructions
[ -d "$briefs" ] || python3 ../shared/tools/gen_corpus.py --n 500 --out "$briefs" --seed 1 >/dev/null
bins=("$@")
if [ ${#bins[@]} -eq 0 ]; then
  cargo build --release --quiet
  bins=(target/release/brieflint)
fi
for bin in "${bins[@]}"; do
  # brieflint exits 1 when it finds problems, as it does on the generated briefs.
  summary=$(valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \
    "$bin" check --format json --threads 1 "$briefs" 2>&1 >/dev/null) || [ $? -eq 1 ]
  echo "$bin: $(awk '/I *refs:/ {print $NF}' <<<"$summary") instructions on 500 briefs"
done
