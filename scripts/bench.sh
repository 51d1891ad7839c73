#!/usr/bin/env bash
# Whole-command benchmarks with hyperfine; prints a markdown table.
#
#   scripts/bench.sh [OUT.md]     (default: target/bench/results.md)
#
# Builds release, generates the 50-system / 2,000-story project
# (scripts/gen-design-bench.py) and a 5,000-entity storage document
# (scripts/gen-storage-bench.py), then times `design --all --yes`, `check` and
# `export --to postgres`. Bars (product.md): design < 1 s, check and export
# < 0.5 s. Env: RUNS (default 10), FEATURES (cargo flags, default
# --no-default-features: the server drivers do not change these commands).
set -euo pipefail
cd "$(dirname "$0")/.."

out=${1:-target/bench/results.md}
runs=${RUNS:-10}
features=${FEATURES:---no-default-features}
work=target/bench

if ! command -v hyperfine >/dev/null; then
    echo "hyperfine not found; installing it" >&2
    if command -v apt-get >/dev/null; then
        apt-get install -y hyperfine >&2 || sudo apt-get install -y hyperfine >&2
    else
        cargo install --locked hyperfine >&2
    fi
fi

# shellcheck disable=SC2086
cargo build --release $features --bin stowage >&2
bin=$PWD/target/release/stowage

rm -rf "$work/design" "$work/storage"
mkdir -p "$work"
python3 scripts/gen-design-bench.py "$work/design" --systems 50 --stories 2000
python3 scripts/gen-storage-bench.py "$work/storage" --entities 5000
doc=$PWD/$work/storage/docs/storage/backend-big.md

hyperfine --warmup 1 --runs "$runs" --ignore-failure --export-markdown "$work/table.md" \
    -n 'design --all --yes (50 systems, 2,000 stories)' \
    "$bin -C $work/design -q design --all --yes --force" \
    -n 'check (5,000 entities)' \
    "$bin -C $work/storage -q check $doc" \
    -n 'export --to postgres (5,000 entities)' \
    "$bin -C $work/storage -q export $doc --to postgres --out $PWD/$work/storage/out.sql" >&2

{
    echo "Machine: $(nproc) cores, $(uname -sr), $(date -u +%Y-%m-%d)"
    echo
    cat "$work/table.md"
} >"$out"
cat "$out"
