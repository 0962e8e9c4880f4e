#!/usr/bin/env bash
# Builds brieflint with profile-guided optimisation into target/pgo/brieflint: an
# instrumented build lints a training corpus (generated with another seed than the
# benchmark's corpora, so they are not what it learnt from) and the fixtures, then the
# release build is optimised with that profile. Its reports are the plain build's.
#   bash bench/pgo.sh            # needs rustup's llvm-tools (installed here if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
work=$PWD/target/pgo
profdata="$(rustc --print sysroot)/lib/rustlib/$(rustc -vV | sed -n 's/^host: //p')/bin/llvm-profdata"
if [ ! -x "$profdata" ]; then
  rustup component add llvm-tools >/dev/null
fi
rm -rf "$work/profiles"
mkdir -p "$work/profiles"
train=$work/train
gen=../shared/tools/gen_corpus.py
if [ ! -d "$train" ] && [ -f "$gen" ]; then
  python3 "$gen" --n 1000 --out "$train" --seed 7 >/dev/null
elif [ ! -d "$train" ]; then
  echo "pgo: $gen not found; the profile is of the fixtures only" >&2
  mkdir -p "$train"
fi
RUSTFLAGS="-Cprofile-generate=$work/profiles" cargo build --locked --release --quiet --target-dir "$work/instrumented"
instrumented=$work/instrumented/release/brieflint
# Exit 1 is expected: the corpus and the fixtures have findings.
"$instrumented" check --format json "$train" fixtures >/dev/null || [ $? -eq 1 ]
"$instrumented" check fixtures >/dev/null || [ $? -eq 1 ]
"$profdata" merge -o "$work/brieflint.profdata" "$work/profiles"
RUSTFLAGS="-Cprofile-use=$work/brieflint.profdata" cargo build --locked --release --quiet --target-dir "$work/optimised"
cp "$work/optimised/release/brieflint" "$work/brieflint"
echo "$work/brieflint"
