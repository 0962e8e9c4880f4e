#!/usr/bin/env bash
# Benchmark: brieflint with the full shipped pack against the parsing ceiling, on
# corpora made by ../shared/tools/gen_corpus.py. Writes the tables of bench/RESULTS.md,
# keeping its history (from `## History` on) as it is.
#   bash bench/run.sh            # medium (2,000 briefs), large (20,000) and one 20 MB brief
#   RUNS=3 bash bench/run.sh     # median of 3 runs each (default 1)
#   CORPORA="medium" bash bench/run.sh
#   PGO=1 bash bench/run.sh      # also the profile-guided build of bench/pgo.sh, side by side
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-1}
corpora=${CORPORA:-"medium large huge"}
dir=${BENCH_DIR:-/tmp/brieflint-bench}
gen=../shared/tools/gen_corpus.py
cargo build --release --quiet
bin=target/release/brieflint
build="release build"
pgo_bin=
if [ "${PGO:-0}" = 1 ]; then
  pgo_bin=$(bash bench/pgo.sh)
  build="release build and, for one row, the profile-guided build of bench/pgo.sh"
fi
# The ids of the shipped rules whose kind matches the regex $1, comma-separated.
rules_of_kind() { "$bin" rules list | awk -v kind="$1" '/^brief\// && $3 ~ kind {print $1}' | paste -sd, -; }
# A config file that disables the rules $1 (comma-separated).
disabling() {
  local config
  config=$(mktemp --suffix=.yaml)
  printf 'disable: [%s]\n' "$1" > "$config"
  echo "$config"
}
# Every shipped rule disabled: brieflint reading, parsing and building its model only.
no_rules=$(disabling "$(rules_of_kind .)")
# The rules that read the extracted dates and figures (the kinds of `CheckKind::reads_facts`)
# disabled: what the rest of the pack costs.
fact_rules=$(rules_of_kind '^(figure-consistency|date-consistency|future-date)$')
no_facts=$(disabling "$fact_rules")

make_corpus() {
  case "$1" in
    medium) [ -d "$dir/medium" ] || python3 "$gen" --n 2000 --out "$dir/medium" --seed 1 >/dev/null ;;
    large) [ -d "$dir/large" ] || python3 "$gen" --n 20000 --out "$dir/large" --seed 1 >/dev/null ;;
    huge) [ -f "$dir/huge/huge.md" ] || python3 "$gen" --single-mb 20 --out "$dir/huge/huge.md" --seed 1 >/dev/null ;;
  esac
}

# Median wall time (s) and peak RSS (KB) of a command over $runs runs.
measure() {
  local times=() rss=()
  for _ in $(seq "$runs"); do
    local out stats
    stats=$(mktemp)
    # The command's own exit status (1 when it finds problems) is not a failure here.
    /usr/bin/time -o "$stats" -f "%e %M" "$@" >/dev/null 2>&1 || true
    out=$(tail -1 "$stats")
    rm -f "$stats"
    times+=("${out% *}")
    rss+=("${out#* }")
  done
  local t m
  t=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  m=$(printf '%s\n' "${rss[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  echo "$t $m"
}

row() { # name corpus-bytes files time rss
  awk -v n="$1" -v b="$2" -v f="$3" -v t="$4" -v m="$5" 'BEGIN {
    printf "| %s | %.2f s | %.1f MB/s | %.0f files/s | %.0f MB |\n", n, t, b / 1e6 / t, f / t, m / 1024 }'
}

# The full pack's `--timings` rows for $1, as a table.
timings() {
  echo "| work | CPU | share |"
  echo "|---|---|---|"
  # Rows end "<ms> ms <share>%", the total "<ms> ms"; the name is what comes before. Rows
  # under 1% are summed in one.
  # The run's exit status (1 when it finds problems) is not a failure here.
  { "$bin" check "$1" --format json --timings 2>&1 >/dev/null || true; } | awk '
    $NF ~ /%$/ && $NF + 0 < 1 { rest += $(NF-2); restshare += $NF; n++; next }
    $NF ~ /%$/ { name = $0; sub(/ +[0-9.]+ ms +[0-9.]+%$/, "", name); printf "| %s | %.2f s | %s |\n", name, $(NF-2) / 1000, $NF; next }
    $NF == "ms" {
      if (n) printf "| %d others, under 1%% each | %.2f s | %.1f%% |\n", n, rest / 1000, restshare
      printf "| total CPU | %.2f s | |\n", $(NF-1) / 1000
    }'
}

{
  echo "# Benchmark results"
  echo
  echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); $(date -u +%Y-%m-%d); brieflint $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $build; runs per figure: $runs (median)."
  echo "Corpora from \`gen_corpus.py --seed 1\`. \`parse only\` reads and parses every file with pulldown-cmark, brieflint's parser (the ceiling);"
  echo "\`parse + model\` runs brieflint with every rule disabled; \`full pack\` is \`brieflint check --format json\` with all $($bin rules list | grep -c '^brief/') shipped rules; \`graphical report\` is the same with the default report (to /dev/null, as every run here)."
  echo "\`but the fact rules\` disables the rules that read extracted dates and figures: ${fact_rules//,/, }."
  for corpus in $corpora; do
    make_corpus "$corpus"
    path="$dir/$corpus"
    [ "$corpus" = huge ] && path="$dir/huge/huge.md"
    bytes=$(du -sb "$path" | cut -f1)
    files=$(find "$path" -name '*.md' | wc -l)
    echo
    echo "## $corpus: $files files, $(awk -v b="$bytes" 'BEGIN {printf "%.1f MB", b/1e6}')"
    echo
    echo "| run | time | throughput | files | peak RSS |"
    echo "|---|---|---|---|---|"
    read -r t m < <(measure "$bin" parse-only "$path"); row "parse only (pulldown-cmark)" "$bytes" "$files" "$t" "$m"
    read -r t m < <(measure "$bin" check "$path" --format json --config "$no_rules"); row "brieflint, parse + model" "$bytes" "$files" "$t" "$m"
    read -r t m < <(measure "$bin" check "$path" --format json --config "$no_facts"); row "brieflint, full pack but the fact rules" "$bytes" "$files" "$t" "$m"
    read -r t m < <(measure "$bin" check "$path" --format json); row "brieflint, full pack" "$bytes" "$files" "$t" "$m"
    if [ -n "$pgo_bin" ]; then
      read -r t m < <(measure "$pgo_bin" check "$path" --format json); row "brieflint, full pack, profile-guided build" "$bytes" "$files" "$t" "$m"
    fi
    # The default report, a source snippet per label: what an editor runs.
    read -r t m < <(measure "$bin" check "$path"); row "brieflint, full pack, graphical report" "$bytes" "$files" "$t" "$m"
    if command -v rumdl >/dev/null; then
      # --no-cache: rumdl otherwise skips the files it checked in the previous run.
      read -r t m < <(measure rumdl check --no-cache "$path"); row "rumdl $(rumdl --version 2>/dev/null | awk '{print $2}') (--no-cache)" "$bytes" "$files" "$t" "$m"
    fi
    if command -v markdownlint-cli2 >/dev/null && [ "$corpus" != large ]; then
      glob="$path/**/*.md"
      [ -f "$path" ] && glob="$path"
      read -r t m < <(measure markdownlint-cli2 "$glob"); row "markdownlint-cli2" "$bytes" "$files" "$t" "$m"
    fi
    echo
    echo "Where the full pack's CPU time goes (\`check --timings\`, one run; the work rules share in brackets):"
    echo
    timings "$path"
  done
  # The history below the tables is kept as it is: the run replaces the tables only.
  if [ -f bench/RESULTS.md ] && grep -q '^## History' bench/RESULTS.md; then
    echo
    sed -n '/^## History/,$p' bench/RESULTS.md
  fi
} | tee bench/RESULTS.md.new
mv bench/RESULTS.md.new bench/RESULTS.md
