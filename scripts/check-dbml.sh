#!/usr/bin/env bash
# Converts `stowage export --to dbml` output with the DBML CLI
# (@dbml/cli, from the npm registry) to prove that dbdiagram.io can read it.
# Usage: scripts/check-dbml.sh [DOCUMENT]   (default: the export test fixture)
# Needs node/npx and network access to the npm registry on the first run.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
doc="${1:-$root/tests/fixtures/export/full.md}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cargo run --quiet --manifest-path "$root/Cargo.toml" -- export "$doc" --to dbml --out "$work/design.dbml"
for db in postgres mysql; do
  npx -y -p @dbml/cli dbml2sql "--$db" "$work/design.dbml" -o "$work/$db.sql"
  test -s "$work/$db.sql"
  echo "dbml2sql --$db: ok ($(grep -c 'CREATE TABLE' "$work/$db.sql") tables)"
done
