#!/usr/bin/env python3
"""Generate a large storage document for the `check` / `export` benchmarks.

    scripts/gen-storage-bench.py OUT_DIR [--entities 5000]

Writes OUT_DIR/docs/storage/backend-big.md in the template's format: N
entities (PK, a unique code, a bounded title, two foreign keys, timestamps),
one index per foreign key plus one unique index, one query pattern per
entity. Deterministic. Then time it:

    target/release/stowage -C OUT_DIR check backend-big
    target/release/stowage -C OUT_DIR export backend-big --to postgres
"""
import argparse
import os


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--entities", type=int, default=5000)
    a = ap.parse_args()
    n = a.entities
    name = lambda i: f"Thing{i}"
    table = lambda i: f"thing{i}s"
    out = ["# backend-big Storage Design", "", "## 1. Storage Selection", "",
           "| Storage Type | Technology | Purpose | Reason |",
           "|--------------|------------|---------|--------|",
           "| Primary DB | PostgreSQL | Business data | Relational data with transactions (arch:backend-big) |",
           "", "## 2. Core Entities", ""]
    for i in range(n):
        parent, other = (i + n - 1) % n, (i * 7) % n
        out += [f"### 2.{i + 1} {name(i)}", "", f"Table: `{table(i)}`", "", f"Thing number {i} (US-{i % 2000 + 1:04d})", "",
                "| Field | Type | Constraints | Description |",
                "|-------|------|-------------|-------------|",
                "| id | BIGINT | PK | Primary key |",
                "| code | VARCHAR(16) | NOT NULL | Business code |",
                "| title | VARCHAR(200) | NOT NULL | |",
                f"| parent_id | BIGINT | FK → {name(parent)}(id) ON DELETE CASCADE | Parent |",
                f"| other_id | BIGINT | FK → {name(other)}(id) | Related |",
                "| created_at | TIMESTAMP | NOT NULL | Creation time |",
                "| updated_at | TIMESTAMP | NOT NULL | Last update |", ""]
    out += ["## 3. Entity Relationships", "", "```"]
    out += [f"{name((i + n - 1) % n)} 1 ──── N {name(i)}" for i in range(n)]
    out += ["```", "", "## 4. Index Design", "",
            "| Table | Index | Fields | Type | Purpose |",
            "|-------|-------|--------|------|---------|"]
    for i in range(n):
        out += [f"| {name(i)} | idx_thing{i}_code | code | UNIQUE | Lookup by code |",
                f"| {name(i)} | idx_thing{i}_parent_created | parent_id, created_at DESC | BTREE | Children, newest first |",
                f"| {name(i)} | idx_thing{i}_other | other_id | BTREE | Related things |"]
    out += ["", "## 5. Query Pattern Analysis", "",
            "| Query Scenario | Frequency | Tables | Filter | Range / Sort | Optimization |",
            "|----------------|-----------|--------|--------|--------------|--------------|"]
    for i in range(n):
        out.append(f"| Children of a thing {i} | High | {name(i)} | parent_id | created_at DESC | idx_thing{i}_parent_created |")
    out.append("")
    path = os.path.join(a.out, "docs", "storage")
    os.makedirs(path, exist_ok=True)
    with open(os.path.join(path, "backend-big.md"), "w") as f:
        f.write("\n".join(out))


if __name__ == "__main__":
    main()
