#!/usr/bin/env bash
# Where brieflint's CPU time goes by caller, inlined code included (most of it is inlined
# into a few functions, so per-function counts cannot say which rule or step asked for it):
# perf samples with DWARF call graphs on the release build (it keeps line tables), read by
# bench/callers.py. Needs perf; the corpora are run.sh's.
#   bash bench/callers.sh                         # the large corpus
#   bash bench/callers.sh PATH...                 # any briefs
#   FUNCS="extract_sentence JudgementSupport::check" bash bench/callers.sh   # their shares, callees included
set -euo pipefail
cd "$(dirname "$0")/.."
command -v perf >/dev/null || { echo "bench/callers.sh needs perf" >&2; exit 1; }
cargo build --release --quiet
paths=("$@")
if [ ${#paths[@]} -eq 0 ]; then
  paths=("${BENCH_DIR:-/tmp/brieflint-bench}/large")
fi
data=$(mktemp)
trap 'rm -f "$data"' EXIT
# brieflint exits 1 when it finds problems, as it does on the generated corpora.
perf record -q -e cpu-clock -F "${FREQ:-1000}" --call-graph dwarf,8192 -o "$data" \
  target/release/brieflint check --format json "${paths[@]}" >/dev/null || [ $? -eq 1 ]
# shellcheck disable=SC2086 # FUNCS is a list of names
perf script -i "$data" -F ip,sym 2>/dev/null | python3 bench/callers.py ${FUNCS:-}
