#!/usr/bin/env bash
# Builds fuzz/corpus/<target>/ from real files: the examples, the test
# fixtures, the documents in the snapshots, and fuzz/seeds/. Run from the
# repository root or from fuzz/; extra example folders can be passed as
# arguments (each is searched for docs/**).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
corpus="$here/corpus"
mkdir -p "$corpus"/{requirements,architecture,contract,storage_document,answers}

put() { # target file
  local name
  name="$(sha1sum "$2" | cut -c1-16)"
  cp "$2" "$corpus/$1/$name"
}

for dir in "$root/examples" "$root/tests/fixtures" "$@"; do
  [ -d "$dir" ] || continue
  while IFS= read -r -d '' f; do
    case "$f" in
      */requirements.md) put requirements "$f" ;;
      */architecture.md) put architecture "$f" ;;
      */api-contracts/*|*/fixtures/contract/*|*.yaml|*.json) put contract "$f" ;;
      */storage/*.md|*/fixtures/check/*|*/fixtures/document/*|*/fixtures/export/*|*/fixtures/verify/*) put storage_document "$f" ;;
    esac
  done < <(find "$dir" -type f -print0)
done

# Storage documents written by stowage itself, kept in the insta snapshots
# (the body after the second `---` line).
for snap in "$root"/src/document/snapshots/*.snap "$root"/tests/snapshots/cli_design__*.snap; do
  [ -f "$snap" ] || continue
  tmp="$(mktemp)"
  awk 'n>=2 {print} /^---$/ {n++}' "$snap" > "$tmp"
  put storage_document "$tmp"
  rm -f "$tmp"
done

for f in "$here"/seeds/answers/*; do put answers "$f"; done

for t in requirements architecture contract storage_document answers; do
  echo "$t: $(ls "$corpus/$t" | wc -l) seeds"
done
