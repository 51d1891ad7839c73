#!/usr/bin/env bash
# Whole-command benchmarks with hyperfine, and side-by-side comparisons with
# the tools people use now, each pair measured in the same run and reported
# as a ratio. Prints a markdown report (paste it into README ## Performance).
#
#   scripts/bench.sh [OUT.md]     (default: target/bench/results.md)
#
# Inputs come from the cargo examples gen_project (50 systems, 2,000
# stories) and gen_storage (storage documents of 5,000, 2,000 and 1,000
# entities; one query pattern per entity).
#
# 1. Commands, with the bars of product.md: `design --all --yes` (< 1 s),
#    `check` and `export --to postgres` on 5,000 entities (< 0.5 s), and
#    `verify` on embedded SQLite with 1,000 query patterns.
# 2. Side by side:
#    a. on the 2,000-table model, `stowage export --to postgres` vs the DBML CLI (`dbml2sql --postgres`
#       from @dbml/cli, installed with npm into target/bench/node_modules)
#       fed stowage's own `export --to dbml` output;
#    b. on the 1,000-table model, `stowage verify --db $PG_URL` vs `psql -f` running the same DDL
#       (`export --to postgres`) and the same EXPLAIN statements (the queries
#       of `verify --json`, after `SET enable_seqscan = off`) in a schema
#       of its own, dropped the way verify drops its sandbox: the database's
#       own time, the floor.
#
# The PostgreSQL runs need a server no one else runs `verify --cleanup` on
# meanwhile (the test suite does): it drops every sandbox, this run's too.
#
# Env: RUNS (default 10), PG_URL (default
# postgres://postgres@127.0.0.1:5432/test; set it empty to skip 2b),
# SKIP_DBML=1 to skip 2a (it needs npm and the npm registry once).
set -euo pipefail
cd "$(dirname "$0")/.."

out=${1:-target/bench/results.md}
runs=${RUNS:-10}
pg_url=${PG_URL-postgres://postgres@127.0.0.1:5432/test}
work=target/bench
mkdir -p "$work"
work=$(cd "$work" && pwd)

if ! command -v hyperfine >/dev/null; then
    echo "hyperfine not found; installing it" >&2
    if command -v apt-get >/dev/null; then
        apt-get install -y hyperfine >&2 || sudo apt-get install -y hyperfine >&2
    else
        cargo install --locked hyperfine >&2
    fi
fi
command -v jq >/dev/null || { echo "bench.sh needs jq" >&2; exit 2; }

# The server driver for 2b only; it does not touch the other commands.
cargo build --release --no-default-features --features postgres \
    --bin stowage --example gen_project --example gen_storage >&2
bin=$PWD/target/release/stowage
examples=$PWD/target/release/examples

rm -rf "$work/design" "$work/storage"
"$examples/gen_project" --systems 50 --stories 2000 "$work/design"
for n in 5000 2000 1000; do
    "$examples/gen_storage" --entities "$n" "$work/storage/e$n"
done
doc() { echo "$work/storage/e$1/docs/storage/backend-big.md"; }

hf() { # hf NAME.json hyperfine-args...
    local json=$1
    shift
    hyperfine --warmup 1 --runs "$runs" --style basic --export-json "$work/$json" "$@" >&2
}

load() { cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo '?'; }
load_before=$(load)
hf commands.json \
    -n 'design --all --yes (50 systems, 2,000 stories)' \
    "$bin -C $work/design -q design --all --yes --force" \
    -n 'check (5,000 entities)' \
    "$bin -q check $(doc 5000)" \
    -n 'export --to postgres (5,000 entities)' \
    "$bin -q export $(doc 5000) --to postgres --out $work/storage/e5000.sql" \
    -n 'verify, SQLite in memory (1,000 query patterns)' \
    "$bin -q verify $(doc 1000)"

compared=()
notes=()
if [ "${SKIP_DBML:-}" != 1 ]; then
    dbml2sql=$work/node_modules/.bin/dbml2sql
    if [ ! -x "$dbml2sql" ]; then
        echo "installing @dbml/cli into $work/node_modules" >&2
        npm install --prefix "$work" --no-audit --no-fund @dbml/cli >&2
    fi
    "$bin" -q export "$(doc 2000)" --to dbml --out "$work/storage/e2000.dbml"
    hf dbml.json \
        -n 'stowage export --to postgres' \
        "$bin -q export $(doc 2000) --to postgres --out $work/storage/e2000.sql" \
        -n 'dbml2sql --postgres (@dbml/cli)' \
        "cd $work && $dbml2sql --postgres storage/e2000.dbml -o storage/e2000.dbml.sql"
    compared+=("dbml.json|export --to postgres vs dbml2sql --postgres (2,000 tables)")
fi

if [ -n "$pg_url" ]; then
    if ! psql "$pg_url" -XAtqc 'SELECT 1' >/dev/null 2>&1; then
        echo "PostgreSQL at $pg_url does not answer; set PG_URL or PG_URL= to skip" >&2
        exit 2
    fi
    # The statements verify runs, for psql: its DDL is `export --to
    # postgres`, its queries are in its own JSON report.
    sql=$work/storage/e1000.psql.sql
    {
        echo 'DROP SCHEMA IF EXISTS stowage_bench_psql CASCADE;'
        echo 'CREATE SCHEMA stowage_bench_psql;'
        echo 'SET search_path TO stowage_bench_psql;'
        "$bin" -q export "$(doc 1000)" --to postgres
        echo 'SET enable_seqscan = off;'
        "$bin" verify "$(doc 1000)" --db "$pg_url" --json |
            jq -r '.patterns[] | select(.query != "") | "EXPLAIN (FORMAT JSON) \(.query);"'
        # Tables first, 100 per statement, as verify drops its sandbox (one
        # DROP SCHEMA CASCADE of thousands of tables overflows the lock table).
        "$bin" -q export "$(doc 1000)" --to json |
            jq -r '[.entities[].table] | _nwise(100)
                | "DROP TABLE IF EXISTS " + (map("stowage_bench_psql.\"" + . + "\"") | join(", ")) + " CASCADE;"'
        echo 'DROP SCHEMA stowage_bench_psql CASCADE;'
    } >"$sql"
    if hf pg.json \
        -n 'stowage verify --db postgres://...' \
        "$bin -q verify $(doc 1000) --db $pg_url" \
        -n 'psql -f (same DDL and EXPLAINs)' \
        "psql $pg_url -X -q -v ON_ERROR_STOP=1 -o /dev/null -f $sql"; then
        compared+=("pg.json|verify --db postgres vs psql -f (1,000 tables and query patterns)")
    else
        notes+=("verify --db postgres vs psql -f: a run failed (see the log; a concurrent \`verify --cleanup\` drops this run's sandbox)")
    fi
fi

load_after=$(load)

ms() { # ms FILE.json INDEX -> "mean ± sd"
    jq -r ".results[$2] | \"\(.mean * 1000 * 10 | round / 10) ± \(.stddev * 1000 * 10 | round / 10)\"" "$work/$1"
}

{
    cpu=$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | sed 's/.*: //' || true)
    echo "Machine: $(nproc) cores${cpu:+ ($cpu)}, $(uname -sr), $(date -u +%Y-%m-%d);" \
        "load average $load_before before the runs, $load_after after; $runs runs after 1 warm-up each."
    echo
    echo '| Command | Wall: mean ± σ [ms] | Min … Max [ms] | CPU: user + sys [ms] | Bar (product.md) |'
    echo '|:---|---:|---:|---:|---:|'
    bars=('< 1,000' '< 500' '< 500' '')
    for i in 0 1 2 3; do
        jq -r --arg bar "${bars[$i]}" ".results[$i] | \"| \`\(.command)\` | $(ms commands.json $i) | \(.min * 1000 | round) … \(.max * 1000 | round) | \((.user + .system) * 1000 | round) | \(\$bar) |\"" \
            "$work/commands.json"
    done
    if [ ${#compared[@]} -gt 0 ]; then
        echo
        echo 'Side by side, each pair in the same run (wall clock; ratio ± propagated σ):'
        echo
        echo '| Comparison | stowage [ms] | other [ms] | stowage / other | other / stowage |'
        echo '|:---|---:|---:|---:|---:|'
        for c in "${compared[@]}"; do
            json=${c%%|*}
            jq -r --arg name "${c#*|}" --arg a "$(ms "$json" 0)" --arg b "$(ms "$json" 1)" '
                (.results[0].mean / .results[1].mean) as $r
                | ($r * (((.results[0].stddev / .results[0].mean) * (.results[0].stddev / .results[0].mean)
                       + (.results[1].stddev / .results[1].mean) * (.results[1].stddev / .results[1].mean)) | sqrt)) as $e
                | "| \($name) | \($a) | \($b) | \($r * 1000 | round / 1000) ± \($e * 1000 | round / 1000) | \(1 / $r * 10 | round / 10) |"' \
                "$work/$json"
        done
    fi
    for n in "${notes[@]}"; do
        echo
        echo "Not measured: $n."
    done
} >"$out"
cat "$out"
