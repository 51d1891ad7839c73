#!/usr/bin/env python3
"""Generate a large project for the `stowage design --all --yes` benchmark.

    scripts/gen-design-bench.py OUT_DIR [--systems 50] [--stories 2000]

Writes OUT_DIR/docs/requirements.md (the stories, a feature list and
non-functional numbers), docs/architecture.md (one backend per system) and
one OpenAPI contract per backend with entities, wrappers, nested objects,
enums, arrays of tags and list endpoints with filters and sorts. Deterministic.
Then time it:

    time target/release/stowage -C OUT_DIR design --all --yes --force -q
"""
import argparse
import os

NOUNS = ["order", "invoice", "ticket", "shipment", "product", "vendor", "report", "device",
         "booking", "course", "lesson", "asset", "contract", "review", "campaign", "message",
         "project", "task", "account", "document"]


def contract(sys_i, names):
    lines = ["openapi: 3.0.3", f"info: {{title: backend-s{sys_i} API, version: 1.0.0}}", "paths:"]
    for n in names:
        lines += [
            f"  /api/v1/{n}s:",
            "    get:",
            f"      summary: My {n}s, newest first",
            "      parameters:",
            "        - {name: status, in: query, schema: {type: string, enum: [open, closed]}}",
            "        - {name: q, in: query, schema: {type: string}}",
            "        - {name: page, in: query, schema: {type: integer}}",
            "      responses:",
            "        '200':",
            "          description: ok",
            "          content:",
            "            application/json:",
            f"              schema: {{$ref: '#/components/schemas/{n.title()}List'}}",
            "    post:",
            "      requestBody:",
            "        content:",
            "          application/json:",
            f"            schema: {{$ref: '#/components/schemas/{n.title()}Input'}}",
            "      responses:",
            "        '201':",
            "          description: created",
            "          content:",
            "            application/json:",
            f"              schema: {{$ref: '#/components/schemas/{n.title()}'}}",
            f"  /api/v1/{n}s/{{{n}_id}}/notes:",
            "    get:",
            f"      parameters: [{{name: {n}_id, in: path, required: true, schema: {{type: string, format: uuid}}}}]",
            "      responses:",
            "        '200':",
            "          description: ok",
            "          content:",
            "            application/json:",
            f"              schema: {{type: array, items: {{$ref: '#/components/schemas/{n.title()}Note'}}}}",
        ]
    lines += ["components:", "  schemas:",
              "    Error: {type: object, properties: {code: {type: string}, message: {type: string}}}",
              "    Address: {type: object, properties: {line1: {type: string, maxLength: 100}, city: {type: string, maxLength: 60}}}"]
    for i, n in enumerate(names):
        t = n.title()
        parent = names[i - 1] if i else None
        lines += [
            f"    {t}:",
            "      type: object",
            "      required: [id, code, status, created_at]",
            "      properties:",
            "        id: {type: string, format: uuid}",
            "        code: {type: string, maxLength: 16, description: Unique code}",
            "        title: {type: string, maxLength: 200}",
            "        status: {type: string, enum: [open, closed, archived]}",
            "        price: {type: number}",
            "        user_id: {type: string, format: uuid}",
            "        address: {$ref: '#/components/schemas/Address'}",
            "        tags: {type: array, items: {type: string, maxLength: 30}}",
            "        created_at: {type: string, format: date-time}",
        ]
        if parent:
            lines.append(f"        {parent}_id: {{type: string, format: uuid}}")
        lines += [
            f"    {t}Input:",
            "      type: object",
            "      properties:",
            "        title: {type: string, maxLength: 200}",
            "        tags: {type: array, items: {type: string, maxLength: 30}}",
            f"    {t}List:",
            "      type: object",
            f"      properties: {{items: {{type: array, items: {{$ref: '#/components/schemas/{t}'}}}}, total: {{type: integer}}}}",
            f"    {t}Note:",
            "      type: object",
            "      required: [id, body]",
            f"      properties: {{id: {{type: string, format: uuid}}, {n}_id: {{type: string, format: uuid}}, body: {{type: string, maxLength: 2000}}}}",
        ]
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--systems", type=int, default=50)
    ap.add_argument("--stories", type=int, default=2000)
    a = ap.parse_args()
    docs = os.path.join(a.out, "docs")
    os.makedirs(os.path.join(docs, "api-contracts"), exist_ok=True)
    systems = []
    for s in range(a.systems):
        names = [f"{NOUNS[(s + k) % len(NOUNS)]}{s}x{k}" for k in range(8)]
        systems.append(names)
        with open(os.path.join(docs, "api-contracts", f"backend-s{s}.yaml"), "w") as f:
            f.write(contract(s, names))
    req = ["# Project Requirements", "", "## 1. Background & Goals", "", "- **Background**: a generated benchmark project.", "", "## 2. User Stories", ""]
    for i in range(a.stories):
        names = systems[i % a.systems]
        n = names[i % len(names)]
        req += [f"### US-{i + 1:04d}: Manage {n}s",
                "- **Role**: As a member",
                f"- **Goal**: I want to create, list and search my {n}s with a title and optional tags",
                f"- **Value**: So that my {n}s are kept",
                "- **Acceptance Criteria**:",
                f"  - [ ] The {n} code is unique; the list shows newest first, 20 per page.",
                f"  - [ ] A {n} can be archived; archived {n}s are hidden.",
                "- **Priority**: P1", ""]
    req += ["## 4. Non-Functional Requirements", "", "### Performance",
            "- About 100,000 records per system; 20 searches per second at peak.", ""]
    with open(os.path.join(docs, "requirements.md"), "w") as f:
        f.write("\n".join(req))
    arch = ["# System Architecture", "", "## 1. System Overview", "", "### 1.1 System List", "",
            "| System | Type | Responsibility | Tech Stack |", "|---|---|---|---|"]
    for s, names in enumerate(systems):
        arch.append(f"| backend-s{s} | Backend | Owns {', '.join(n + 's' for n in names)} | Go + sqlx |")
    arch += ["", "## 3. System Details", ""]
    for s in range(a.systems):
        arch += [f"### 3.{s + 1} backend-s{s}", "", f"- External API: docs/api-contracts/backend-s{s}.yaml",
                 f"- Storage design: docs/storage/backend-s{s}.md", ""]
    with open(os.path.join(docs, "architecture.md"), "w") as f:
        f.write("\n".join(arch))


if __name__ == "__main__":
    main()
