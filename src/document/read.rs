//! The reader: document text -> [`Design`] + diagnostics + [`Spans`].
//!
//! Reads what the writer writes and what people write by hand in the
//! template's shape: any numbering or none, extra or reordered columns,
//! English or Chinese headers, many constraint / type / arrow spellings. What
//! it does not understand is kept verbatim as notes so that the writer emits
//! it again; the template's placeholder lines are dropped.
//!
//! Line numbers live in a side table ([`Spans`], parallel to the model's
//! vectors) rather than in the model, so that model equality stays the
//! equality of designs and nobody else has to carry positions around.

use super::syntax::{
    classify_title, heading_text, parse_constraints, parse_index_columns, parse_index_kind,
    parse_relationship, parse_type, split_sources, SectionKind,
};
use crate::diag::Diagnostic;
use crate::input::markdown::{Markdown, Row, Table};
use crate::model::*;
use std::collections::HashSet;
use std::ops::Range;
use std::path::Path;

/// A 1-based position in the document.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

/// Where one table row was, with the column of each cell the rules point at
/// (keys: `name`, `type`, `constraints`, `table`, `fields`, `technology`,
/// `reason`, `optimization`, ...).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RowSpan {
    pub line: usize,
    pub cells: Vec<(&'static str, usize)>,
}

impl RowSpan {
    /// The position of a cell, or the row's start when the cell is unknown.
    pub fn at(&self, key: &str) -> Pos {
        let column = self
            .cells
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, c)| *c)
            .unwrap_or(1);
        Pos {
            line: self.line,
            column,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EntitySpan {
    /// The `### ` heading.
    pub heading: Pos,
    /// One per field, parallel to `Entity::fields`.
    pub fields: Vec<RowSpan>,
}

/// Positions of the model's elements, parallel to its vectors (the reader
/// guarantees equal lengths; a `Design` built in code has empty spans, and
/// every accessor falls back to line 0).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Spans {
    pub title: Option<usize>,
    /// Heading line of each known section found.
    pub sections: Vec<(SectionKind, usize)>,
    pub storage: Vec<RowSpan>,
    pub entities: Vec<EntitySpan>,
    pub relationships: Vec<Pos>,
    pub indexes: Vec<RowSpan>,
    pub query_patterns: Vec<RowSpan>,
}

impl Spans {
    pub fn section(&self, kind: SectionKind) -> Option<usize> {
        self.sections
            .iter()
            .find(|(k, _)| *k == kind)
            .map(|(_, l)| *l)
    }
    pub fn entity(&self, i: usize) -> Pos {
        self.entities.get(i).map(|e| e.heading).unwrap_or_default()
    }
    pub fn field(&self, entity: usize, field: usize, key: &str) -> Pos {
        self.entities
            .get(entity)
            .and_then(|e| e.fields.get(field))
            .map(|r| r.at(key))
            .unwrap_or_else(|| self.entity(entity))
    }
    pub fn index(&self, i: usize, key: &str) -> Pos {
        self.indexes.get(i).map(|r| r.at(key)).unwrap_or_default()
    }
    pub fn query(&self, i: usize, key: &str) -> Pos {
        self.query_patterns
            .get(i)
            .map(|r| r.at(key))
            .unwrap_or_default()
    }
    pub fn storage(&self, i: usize, key: &str) -> Pos {
        self.storage.get(i).map(|r| r.at(key)).unwrap_or_default()
    }
    pub fn relationship(&self, i: usize) -> Pos {
        self.relationships.get(i).copied().unwrap_or_default()
    }
}

/// Everything the reader found.
#[derive(Debug, Clone, Default)]
pub struct Parsed {
    pub design: Design,
    pub diagnostics: Vec<Diagnostic>,
    pub spans: Spans,
}

/// Reads a storage document; never panics, never gives up on the whole file.
pub fn parse(text: &str, file: &Path) -> (Design, Vec<Diagnostic>) {
    let p = parse_full(text, file);
    (p.design, p.diagnostics)
}

/// [`parse`] plus the positions of every element.
pub fn parse_full(text: &str, file: &Path) -> Parsed {
    let mut r = Reader {
        text,
        md: Markdown::parse(text),
        file,
        out: Parsed::default(),
        consumed: HashSet::new(),
        raw_served: Vec::new(),
        line_starts: std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect(),
    };
    r.run();
    r.out
}

struct Reader<'a> {
    text: &'a str,
    md: Markdown<'a>,
    file: &'a Path,
    out: Parsed,
    /// Lines already turned into model elements (the rest become notes).
    consumed: HashSet<usize>,
    /// The Optimization cell of each query pattern, resolved at the end.
    raw_served: Vec<String>,
    /// Byte offset of each line start (index 0 = line 1).
    line_starts: Vec<usize>,
}

/// A physical line of the text (code blocks included).
#[derive(Debug, Clone, Copy)]
struct RawLine<'a> {
    number: usize,
    offset: usize,
    text: &'a str,
}

mod cols {
    pub const FIELD: &[&str] = &[
        "field",
        "field name",
        "column",
        "column name",
        "name",
        "attribute",
        "字段",
        "字段名",
        "列",
        "列名",
        "属性",
        "名称",
    ];
    pub const TYPE: &[&str] = &[
        "type",
        "data type",
        "datatype",
        "类型",
        "数据类型",
        "字段类型",
    ];
    pub const CONSTRAINTS: &[&str] = &[
        "constraints",
        "constraint",
        "keys",
        "key",
        "约束",
        "约束条件",
        "键",
    ];
    pub const DESCRIPTION: &[&str] = &[
        "description",
        "desc",
        "notes",
        "note",
        "comment",
        "remarks",
        "meaning",
        "说明",
        "描述",
        "备注",
        "含义",
        "注释",
    ];
    pub const NULLABLE: &[&str] = &["nullable", "null", "可空", "允许空", "是否可空"];
    pub const DEFAULT: &[&str] = &["default", "default value", "默认", "默认值"];
    pub const REFERENCES: &[&str] = &["references", "foreign key", "fk", "外键", "关联", "引用"];
    pub const STORAGE_TYPE: &[&str] = &[
        "storage type",
        "type",
        "category",
        "layer",
        "存储类型",
        "类型",
        "类别",
    ];
    pub const TECHNOLOGY: &[&str] = &[
        "technology",
        "tech",
        "database",
        "engine",
        "product",
        "选型",
        "技术",
        "技术选型",
        "存储技术",
        "数据库",
    ];
    pub const PURPOSE: &[&str] = &[
        "purpose",
        "usage",
        "use",
        "used for",
        "what",
        "data",
        "用途",
        "用于",
        "目的",
        "存储内容",
    ];
    pub const REASON: &[&str] = &[
        "reason",
        "rationale",
        "why",
        "justification",
        "理由",
        "原因",
        "依据",
    ];
    pub const TABLE: &[&str] = &["table", "entity", "table name", "表", "表名", "实体"];
    pub const INDEX: &[&str] = &[
        "index",
        "index name",
        "name",
        "索引",
        "索引名",
        "索引名称",
        "名称",
    ];
    pub const FIELDS: &[&str] = &[
        "fields",
        "columns",
        "column",
        "field",
        "key columns",
        "字段",
        "列",
        "索引字段",
        "索引列",
    ];
    pub const INDEX_TYPE: &[&str] = &["type", "kind", "method", "类型", "索引类型"];
    pub const INDEX_PURPOSE: &[&str] = &[
        "purpose",
        "usage",
        "description",
        "notes",
        "reason",
        "用途",
        "说明",
        "目的",
        "描述",
    ];
    pub const SCENARIO: &[&str] = &[
        "query scenario",
        "scenario",
        "query",
        "use case",
        "access pattern",
        "查询场景",
        "场景",
        "查询",
    ];
    pub const FREQUENCY: &[&str] = &["frequency", "freq", "频率", "频次"];
    pub const TABLES: &[&str] = &["tables", "table", "entities", "涉及表", "表", "实体"];
    pub const FILTER: &[&str] = &[
        "filter",
        "filters",
        "equality",
        "where",
        "lookup",
        "过滤",
        "条件",
        "过滤条件",
    ];
    pub const SORT: &[&str] = &[
        "range / sort",
        "range/sort",
        "sort",
        "order by",
        "range",
        "排序",
        "范围",
    ];
    pub const OPTIMIZATION: &[&str] = &[
        "optimization",
        "optimisation",
        "index used",
        "served by",
        "优化",
        "优化方式",
        "优化方案",
        "索引",
    ];
    pub const KEY: &[&str] = &["key pattern", "key", "pattern", "键", "键模式", "key 模式"];
    pub const DATA_TYPE: &[&str] = &["type", "data type", "structure", "类型", "数据结构", "结构"];
    pub const TTL: &[&str] = &["ttl", "expiry", "expire", "expiration", "过期", "过期时间"];
    pub const BUCKET: &[&str] = &["bucket", "bucket name", "存储桶", "桶"];
    pub const LAYOUT: &[&str] = &[
        "key layout",
        "layout",
        "path",
        "key",
        "object key",
        "路径",
        "键",
    ];
    pub const MAPPING: &[&str] = &["mapping", "type", "映射", "类型"];
    pub const NOTE: &[&str] = &["note", "notes", "analyzer", "description", "说明", "备注"];
    pub const RELATIONSHIP: &[&str] = &["relationship", "relation", "关系"];
    pub const LABEL: &[&str] = &[
        "label",
        "meaning",
        "description",
        "verb",
        "含义",
        "说明",
        "描述",
    ];
    pub const SOURCES: &[&str] = &["sources", "source", "来源"];
}

impl<'a> Reader<'a> {
    fn run(&mut self) {
        if self.text.trim().is_empty() {
            self.diag(
                Diagnostic::error("the document is empty")
                    .at(1, 1)
                    .with_help("write the template's sections 1 to 5, or run `stowage design`"),
            );
            return;
        }
        if let Some(stamp) = find_stamp(self.text) {
            self.out.design.stamp = Some(Stamp {
                inputs_digest: stamp.1,
            });
            self.consumed.insert(stamp.0);
        }
        let sections = self.md.sections.clone();
        // The title: the first heading when it is level 1.
        let title_idx = sections.first().filter(|s| s.level == 1).map(|_| 0usize);
        if let Some(t) = title_idx.and_then(|i| sections.get(i)) {
            // One line, as the writer writes it: a setext title (`x` over
            // `===`) would otherwise keep its underline.
            let line = one_line_heading(self.slice(t.heading.clone()), t.level);
            let raw = line.trim_start_matches('#').trim();
            self.out.design.system = system_from_title(raw);
            self.out.spans.title = Some(t.line);
            self.consumed.insert(t.line);
        }
        // The level of the template's sections: the shallowest level holding
        // a known title.
        let known_level = sections
            .iter()
            .enumerate()
            .filter(|(i, _)| Some(*i) != title_idx)
            .filter(|(_, s)| classify_title(&self.heading_line(s.heading.clone())).is_some())
            .map(|(_, s)| s.level)
            .min();
        if known_level.is_none() {
            self.diag(
                Diagnostic::error(
                    "no recognisable section: expected the template's `## 1. Storage Selection` .. `## 5. Query Pattern Analysis`",
                )
                .at(1, 1),
            );
        }
        // Without a known title, the shallowest headings still split the
        // text into sections, kept as notes, so that what a person wrote
        // keeps its place on the next read (the writer puts the template's
        // sections before them).
        let level = known_level.or_else(|| {
            sections
                .iter()
                .enumerate()
                .filter(|(i, _)| Some(*i) != title_idx)
                .map(|(_, s)| s.level)
                .min()
        });
        let Some(level) = level else {
            // Keep the text so that nothing is lost on write.
            let all = 0..self.text.len();
            let text = self.leftover(all);
            if !text.is_empty() {
                self.out.design.notes.push(Note {
                    section: String::new(),
                    text,
                });
            }
            return;
        };
        // Every heading at that level or above (but the title) starts a
        // section: a shallower heading between two template sections is a
        // section of its own, not lost text. So does a level-2 heading that
        // is not an entry of an entities / search / documents section: the
        // writer writes sections at level 2, so it would be one on the next
        // read.
        let hierarchical = |k: Option<SectionKind>| {
            matches!(
                k,
                Some(SectionKind::Entities | SectionKind::Search | SectionKind::Documents)
            )
        };
        let mut top: Vec<usize> = Vec::new();
        let mut in_hierarchical = false;
        for (i, s) in sections.iter().enumerate() {
            if Some(i) == title_idx {
                continue;
            }
            if s.level <= level || (s.level <= 2 && !in_hierarchical) {
                top.push(i);
                let heading = self.heading_line(s.heading.clone());
                let by_number = || {
                    let (number, _) = heading_text(&heading);
                    SectionKind::ALL
                        .into_iter()
                        .find(|k| k.template_number().is_some() && k.template_number() == number)
                };
                in_hierarchical = hierarchical(
                    classify_title(&heading)
                        .or_else(|| (known_level == Some(s.level)).then(by_number).flatten()),
                );
            }
        }
        // Preamble: between the title and the line of the first section's
        // heading (an indented heading starts after its line does).
        let pre_end = top
            .first()
            .and_then(|i| sections.get(*i))
            .map_or(self.text.len(), |s| {
                let start = s.heading.start.min(self.text.len());
                self.text[..start].rfind('\n').map_or(0, |i| i + 1)
            });
        let pre_start = title_idx
            .and_then(|i| sections.get(i))
            .map_or(0, |s| s.heading.end);
        if pre_start < pre_end {
            let text = self.leftover(pre_start..pre_end);
            if !text.is_empty() {
                self.out.design.notes.push(Note {
                    section: String::new(),
                    text,
                });
            }
        }
        let mut seen: HashSet<SectionKind> = HashSet::new();
        for (n, &i) in top.iter().enumerate() {
            let Some(sec) = sections.get(i) else { continue };
            let heading = self.heading_line(sec.heading.clone());
            self.consumed.insert(sec.line);
            // A known title names its section at any level, and a second
            // section with the same title adds to the first (the writer files
            // notes by their section's title). A number alone names a section
            // only at the template's level, and only once.
            let mut kind = classify_title(&heading);
            if kind.is_none() && known_level == Some(sec.level) {
                let (number, _) = heading_text(&heading);
                kind = SectionKind::ALL.into_iter().find(|k| {
                    k.template_number().is_some()
                        && k.template_number() == number
                        && !seen.contains(k)
                });
            }
            // Up to the next section: a shallower heading's own body would
            // run over the sections after it.
            let end = top
                .get(n + 1)
                .and_then(|j| sections.get(*j))
                .map_or(sec.body.end, |next| next.heading.start.min(sec.body.end));
            let body = sec.body.start..end.max(sec.body.start);
            let Some(kind) = kind else {
                let text = self.leftover(body);
                self.out.design.notes.push(Note {
                    section: one_line_heading(&heading, sec.level),
                    text,
                });
                continue;
            };
            seen.insert(kind);
            self.out.spans.sections.push((kind, sec.line));
            match kind {
                SectionKind::Storage => self.storage(body.clone()),
                SectionKind::Entities => self.entities(i, sec.level),
                SectionKind::Relationships => self.relationships(body.clone()),
                SectionKind::Indexes => self.indexes(body.clone()),
                SectionKind::Queries => self.queries(body.clone()),
                SectionKind::Cache => self.cache(body.clone()),
                SectionKind::Search => self.search(i, sec.level),
                SectionKind::Documents => self.documents(i, sec.level),
                SectionKind::Objects => self.objects(body.clone()),
            }
            let range = match kind {
                SectionKind::Entities | SectionKind::Search | SectionKind::Documents => {
                    let own = self.md.own_body(i);
                    own.start..own.end.min(body.end)
                }
                _ => body,
            };
            let text = self.leftover(range);
            if !text.is_empty() {
                self.out.design.notes.push(Note {
                    section: heading.trim().to_string(),
                    text,
                });
            }
        }
        self.resolve();
    }

    // ------------------------------------------------------------ helpers

    fn diag(&mut self, d: Diagnostic) {
        self.out.diagnostics.push(d.in_file(self.file));
    }

    fn slice(&self, r: Range<usize>) -> &'a str {
        self.text.get(r).unwrap_or("")
    }

    fn heading_line(&self, r: Range<usize>) -> String {
        self.slice(r).trim().to_string()
    }

    fn raw_lines(&self, r: Range<usize>) -> Vec<RawLine<'a>> {
        let text = self.text;
        let start = r.start.min(text.len());
        let end = r.end.min(text.len());
        let mut out = Vec::new();
        // Start at the beginning of the line holding `start`.
        let mut offset = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let mut number = self.md.line_of(offset);
        while offset < end {
            let stop = text[offset..].find('\n').map_or(text.len(), |e| offset + e);
            out.push(RawLine {
                number,
                offset,
                text: &text[offset..stop],
            });
            number += 1;
            offset = stop + 1;
        }
        out
    }

    fn consume_range(&mut self, r: Range<usize>) {
        for l in self.raw_lines(r) {
            self.consumed.insert(l.number);
        }
    }

    /// The lines of `r` nobody consumed, as verbatim text (blank-line runs
    /// collapsed, placeholders dropped). Marks them consumed.
    fn leftover(&mut self, r: Range<usize>) -> String {
        let lines = self.raw_lines(r);
        let mut paragraphs: Vec<Vec<&str>> = Vec::new();
        let mut cur: Vec<&str> = Vec::new();
        let mut in_fence = false;
        for l in &lines {
            if self.consumed.contains(&l.number) {
                if !cur.is_empty() {
                    paragraphs.push(std::mem::take(&mut cur));
                }
                continue;
            }
            self.consumed.insert(l.number);
            let t = l.text.trim_end();
            if t.trim_start().starts_with("```") || t.trim_start().starts_with("~~~") {
                in_fence = !in_fence;
            }
            if t.trim().is_empty() && !in_fence {
                if !cur.is_empty() {
                    paragraphs.push(std::mem::take(&mut cur));
                }
                continue;
            }
            cur.push(t);
        }
        if !cur.is_empty() {
            paragraphs.push(cur);
        }
        // A run of `|` lines that pulldown did not read as a table: the
        // separator line is missing or broken.
        for l in &lines {
            let t = l.text.trim();
            if t.starts_with('|') && t.ends_with('|') && t.len() > 1 && !self.in_table(l.offset) {
                let prev_is_row = lines
                    .iter()
                    .find(|p| p.number + 1 == l.number)
                    .is_some_and(|p| p.text.trim().starts_with('|'));
                if !prev_is_row && !self.in_code(l.offset) {
                    self.diag(
                        Diagnostic::error(
                            "broken table: a `|` row without the `|---|---|` separator line under its header",
                        )
                        .at(l.number, 1),
                    );
                }
            }
        }
        paragraphs
            .into_iter()
            .filter(|p| !is_placeholder(p))
            .map(|p| p.join("\n"))
            .collect::<Vec<_>>()
            .join("\n\n")
    }

    // Tables and code blocks are in document order: binary searches keep
    // the reader linear on 5,000-entity documents.
    fn in_table(&self, offset: usize) -> bool {
        let i = self.md.tables.partition_point(|t| t.range.start <= offset);
        i > 0 && self.md.tables[i - 1].range.contains(&offset)
    }

    fn in_code(&self, offset: usize) -> bool {
        let i = self.md.code_blocks.partition_point(|c| c.start <= offset);
        i > 0 && self.md.code_blocks[i - 1].contains(&offset)
    }

    fn tables(&self, r: Range<usize>) -> Vec<Table> {
        let from = self.md.tables.partition_point(|t| t.range.start < r.start);
        self.md.tables[from..]
            .iter()
            .take_while(|t| t.range.start < r.end)
            .cloned()
            .collect()
    }

    /// Marks a table consumed and reports rows whose cell count differs
    /// from the header's.
    fn take_table(&mut self, t: &Table) {
        self.consume_range(t.range.clone());
        let n = t.header.len();
        for row in &t.rows {
            let line_text = self
                .raw_lines(self.md_line_offset(row.line)..self.md_line_offset(row.line) + 1)
                .first()
                .map(|l| l.text)
                .unwrap_or("");
            let cells = count_cells(line_text);
            if cells != n {
                self.diag(
                    Diagnostic::error(format!(
                        "broken table row: {cells} cells where the header has {n}"
                    ))
                    .at(row.line, 1)
                    .with_help("escape a `|` inside a cell as `\\|`"),
                );
            }
        }
    }

    fn md_line_offset(&self, line: usize) -> usize {
        self.line_starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(self.text.len())
    }

    // ----------------------------------------------------------- sections

    fn storage(&mut self, body: Range<usize>) {
        for t in self.tables(body) {
            let tech = t.column(cols::TECHNOLOGY);
            if tech.is_none() {
                continue;
            }
            self.take_table(&t);
            let kind = t.column_except(cols::STORAGE_TYPE, &[tech]);
            let purpose = t.column_except(cols::PURPOSE, &[tech, kind]);
            let reason = t.column_except(cols::REASON, &[tech, kind, purpose]);
            for row in &t.rows {
                let storage_type = cell(row, kind);
                let technology = cell(row, tech);
                if technology.is_empty() && storage_type.is_empty() {
                    continue;
                }
                let (what, reason_text, sources) = if reason.is_some() {
                    let (r, s) = split_sources(&cell(row, reason));
                    (cell(row, purpose), r, s)
                } else {
                    let (p, s) = split_sources(&cell(row, purpose));
                    (p, String::new(), s)
                };
                let purpose_kind = storage_purpose(&storage_type, &technology, &what);
                self.out.design.storage.push(StorageChoice {
                    purpose: purpose_kind,
                    storage_type: if storage_type.is_empty() {
                        purpose_kind.label().to_string()
                    } else {
                        storage_type
                    },
                    technology,
                    what,
                    reason: reason_text,
                    sources,
                });
                self.out.spans.storage.push(row_span(
                    row,
                    &[("technology", tech), ("reason", reason), ("type", kind)],
                ));
            }
        }
    }

    fn entities(&mut self, section: usize, level: u8) {
        let subs: Vec<usize> = self
            .md
            .sections
            .iter()
            .enumerate()
            .filter(|(_, s)| s.parent == Some(section) && s.level > level)
            .map(|(i, _)| i)
            .collect();
        for i in subs {
            let Some(sec) = self.md.sections.get(i).cloned() else {
                continue;
            };
            let heading = self.heading_line(sec.heading.clone());
            let (_, title) = heading_text(&heading);
            if title.trim_start().starts_with('[') || title.trim().is_empty() {
                // The template's `### 2.2 [Other entities...]` placeholder.
                self.consume_range(sec.heading.start..sec.body.end);
                continue;
            }
            let tables = self.tables(sec.body.clone());
            let Some(table) = tables.first().cloned() else {
                // A heading without a field table is prose, not an entity.
                continue;
            };
            self.consumed.insert(sec.line);
            let (name, table_hint, alias) = split_heading_name(&title);
            let mut entity = Entity {
                name: name.clone(),
                ..Default::default()
            };
            // `Table:` line, description and notes around the table.
            let mut before: Vec<Vec<&str>> = Vec::new();
            let mut after: Vec<Vec<&str>> = Vec::new();
            let mut cur: Vec<&str> = Vec::new();
            let mut past_table = false;
            // A fenced block is one paragraph, blank lines and all: split, its
            // fence would end up in the description and its text would be
            // markdown again when written.
            let mut in_fence = false;
            let lines = self.raw_lines(sec.body.clone());
            for l in &lines {
                if l.offset >= table.range.start && !past_table {
                    if !cur.is_empty() {
                        before.push(std::mem::take(&mut cur));
                    }
                    past_table = true;
                }
                if table.range.contains(&l.offset) {
                    continue;
                }
                // The first `Table:` line names the table; a later one is text
                // (the writer puts the description after the `Table:` line).
                if let Some(t) = table_line(l.text).filter(|_| entity.table.is_empty()) {
                    entity.table = t;
                    self.consumed.insert(l.number);
                    continue;
                }
                let t = l.text.trim_start();
                if t.starts_with("```") || t.starts_with("~~~") {
                    in_fence = !in_fence;
                }
                if l.text.trim().is_empty() && !in_fence {
                    if !cur.is_empty() {
                        let p = std::mem::take(&mut cur);
                        if past_table {
                            after.push(p);
                        } else {
                            before.push(p);
                        }
                    }
                    continue;
                }
                cur.push(l.text.trim_end());
            }
            if !cur.is_empty() {
                if past_table {
                    after.push(cur);
                } else {
                    before.push(cur);
                }
            }
            let mut before = before.into_iter().filter(|p| !is_placeholder(p)).peekable();
            let fenced = |p: &[&str]| {
                p.iter().any(|l| {
                    let t = l.trim_start();
                    t.starts_with("```") || t.starts_with("~~~")
                })
            };
            if let Some(first) = before.next_if(|p| !fenced(p)) {
                let (d, s) = split_sources(&first.join(" "));
                entity.description = d;
                entity.sources = s;
            }
            let notes: Vec<String> = before
                .chain(after.into_iter().filter(|p| !is_placeholder(p)))
                .map(|p| p.join("\n"))
                .collect();
            if !notes.is_empty() {
                entity.notes.push(notes.join("\n\n"));
            }
            if entity.description.is_empty() {
                if let Some(a) = alias {
                    entity.description = a;
                }
            }
            if entity.table.is_empty() {
                entity.table = table_hint.unwrap_or_else(|| crate::names::table_name(&name));
            }
            self.take_table(&table);
            let (fields, spans) = self.field_rows(&table);
            entity.fields = fields;
            self.consume_range(sec.heading.start..sec.body.end);
            self.out.design.entities.push(entity);
            self.out.spans.entities.push(EntitySpan {
                heading: Pos {
                    line: sec.line,
                    column: 1,
                },
                fields: spans,
            });
        }
    }

    fn field_rows(&mut self, t: &Table) -> (Vec<Field>, Vec<RowSpan>) {
        let name = t.column(cols::FIELD).or(Some(0));
        let ty = t.column_except(cols::TYPE, &[name]);
        let cons = t.column_except(cols::CONSTRAINTS, &[name, ty]);
        let desc = t.column_except(cols::DESCRIPTION, &[name, ty, cons]);
        let nullable = t.column_except(cols::NULLABLE, &[name, ty, cons, desc]);
        let default = t.column_except(cols::DEFAULT, &[name, ty, cons, desc, nullable]);
        let refs = t.column_except(cols::REFERENCES, &[name, ty, cons, desc, nullable, default]);
        let mut fields = Vec::new();
        let mut spans = Vec::new();
        for row in &t.rows {
            let field_name = strip_markup(&cell(row, name));
            if field_name.is_empty() {
                if row.cells.iter().any(|c| !c.raw.trim().is_empty()) {
                    self.diag(Diagnostic::error("field row without a name").at(row.line, 1));
                }
                continue;
            }
            let identity = |s: &str| s.to_string();
            let mut pc = parse_constraints(&cell(row, cons), &identity);
            if let Some(c) = row.cell(cons) {
                for u in &pc.unknown {
                    self.out.diagnostics.push(
                        Diagnostic::warning(format!("unknown constraint `{u}` (kept out of the model)"))
                            .in_file(self.file)
                            .at(c.line, c.column)
                            .with_help("constraints: PK, FK → Entity(field), UNIQUE, NOT NULL, DEFAULT expr, CHECK (expr)"),
                    );
                }
            }
            if nullable.is_some() {
                let v = cell(row, nullable).to_lowercase();
                if matches!(
                    v.as_str(),
                    "no" | "n" | "false" | "否" | "not null" | "×" | "✗"
                ) {
                    pc.constraints.not_null = true;
                }
            }
            if default.is_some() && pc.constraints.default.is_none() {
                let v = cell(row, default);
                if !v.is_empty() && !matches!(v.as_str(), "-" | "—") {
                    pc.constraints.default = Some(v);
                }
            }
            if refs.is_some() && pc.constraints.foreign_key.is_none() {
                let v = cell(row, refs);
                if !v.is_empty() && !matches!(v.as_str(), "-" | "—") {
                    let p = parse_constraints(&format!("FK → {v}"), &identity);
                    pc.constraints.foreign_key = p.constraints.foreign_key;
                }
            }
            let (description, sources) = split_sources(&cell(row, desc));
            fields.push(Field {
                name: field_name,
                ty: parse_type(&strip_markup(&cell(row, ty))),
                constraints: pc.constraints,
                description,
                sources,
            });
            spans.push(row_span(
                row,
                &[("name", name), ("type", ty), ("constraints", cons)],
            ));
        }
        (fields, spans)
    }

    fn relationships(&mut self, body: Range<usize>) {
        let mut mermaid: Vec<(usize, String)> = Vec::new();
        let blocks: Vec<Range<usize>> = self
            .md
            .code_blocks
            .iter()
            .filter(|c| body.contains(&c.start))
            .cloned()
            .collect();
        for block in blocks {
            let lines = self.raw_lines(block.clone());
            let info = lines
                .first()
                .map(|l| {
                    l.text
                        .trim()
                        .trim_start_matches(['`', '~'])
                        .trim()
                        .to_lowercase()
                })
                .unwrap_or_default();
            if info.starts_with("mermaid") {
                for l in &lines {
                    mermaid.push((l.number, l.text.to_string()));
                    self.consumed.insert(l.number);
                }
                continue;
            }
            let mut found = Vec::new();
            for l in &lines {
                if let Some(rel) = parse_relationship(l.text) {
                    found.push((l.number, rel));
                }
            }
            if found.is_empty() {
                continue;
            }
            for l in &lines {
                self.consumed.insert(l.number);
            }
            for (line, rel) in found {
                self.push_rel(line, rel);
            }
        }
        // Lines outside code blocks: bullets or bare lines.
        for l in self.raw_lines(body.clone()) {
            if self.consumed.contains(&l.number)
                || self.in_code(l.offset)
                || self.in_table(l.offset)
            {
                continue;
            }
            if let Some(rel) = parse_relationship(l.text) {
                self.consumed.insert(l.number);
                self.push_rel(l.number, rel);
            }
        }
        for t in self.tables(body) {
            let Some(rc) = t.column(cols::RELATIONSHIP) else {
                continue;
            };
            self.take_table(&t);
            let label = t.column_except(cols::LABEL, &[Some(rc)]);
            // Each relationship line takes at most one row of details.
            let mut matched = vec![false; self.out.design.relationships.len()];
            let sources = t.column_except(cols::SOURCES, &[Some(rc), label]);
            for row in &t.rows {
                let Some(rel) = parse_relationship(&cell(row, Some(rc))) else {
                    continue;
                };
                let label_text = cell(row, label);
                let srcs: Vec<Source> = cell(row, sources)
                    .split([',', '，'])
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(|s| Source(s.to_string()))
                    .collect();
                let existing = self
                    .out
                    .design
                    .relationships
                    .iter_mut()
                    .zip(matched.iter_mut())
                    .find(|(r, m)| {
                        !**m && r.left == rel.left
                            && r.right == rel.right
                            && r.cardinality == rel.cardinality
                            && r.via == rel.via
                    });
                match existing {
                    Some((r, m)) => {
                        *m = true;
                        r.label = label_text;
                        r.sources = srcs;
                    }
                    None => {
                        self.out.design.relationships.push(Relationship {
                            left: rel.left,
                            right: rel.right,
                            cardinality: rel.cardinality,
                            via: rel.via,
                            label: label_text,
                            sources: srcs,
                        });
                        self.out.spans.relationships.push(Pos {
                            line: row.line,
                            column: 1,
                        });
                    }
                }
            }
        }
        if self.out.design.relationships.is_empty() {
            // Attribute lines inside `Entity { ... }` (`type name PK`) are not
            // relationships, even when they look like `a -- b`.
            let mut in_entity = false;
            for (line, text) in mermaid {
                let t = text.trim();
                if in_entity {
                    in_entity = t != "}";
                    continue;
                }
                if t.ends_with('{') && t.split_whitespace().count() == 2 {
                    in_entity = true;
                    continue;
                }
                if let Some(rel) = parse_mermaid_line(&text) {
                    self.out.design.relationships.push(rel);
                    self.out.spans.relationships.push(Pos { line, column: 1 });
                }
            }
        }
    }

    fn push_rel(&mut self, line: usize, rel: super::syntax::RelLine) {
        self.out.design.relationships.push(Relationship {
            left: rel.left,
            right: rel.right,
            cardinality: rel.cardinality,
            via: rel.via,
            label: rel.label,
            sources: Vec::new(),
        });
        self.out.spans.relationships.push(Pos { line, column: 1 });
    }

    fn indexes(&mut self, body: Range<usize>) {
        for t in self.tables(body) {
            let fields = t.column(cols::FIELDS);
            if fields.is_none() {
                continue;
            }
            self.take_table(&t);
            let table = t.column_except(cols::TABLE, &[fields]);
            let name = t.column_except(cols::INDEX, &[fields, table]);
            let kind = t.column_except(cols::INDEX_TYPE, &[fields, table, name]);
            let purpose = t.column_except(cols::INDEX_PURPOSE, &[fields, table, name, kind]);
            for row in &t.rows {
                let columns = parse_index_columns(&cell(row, fields));
                let kind_text = cell(row, kind);
                let parsed_kind = parse_index_kind(&kind_text);
                if parsed_kind.is_none() {
                    let pos = row.cell(kind).map_or((row.line, 1), |c| (c.line, c.column));
                    self.diag(
                        Diagnostic::warning(format!(
                            "unknown index type `{kind_text}`: read as BTREE"
                        ))
                        .at(pos.0, pos.1)
                        .with_help("index types: UNIQUE, BTREE, HASH, GIN, FULLTEXT"),
                    );
                }
                let (purpose_text, sources) = split_sources(&cell(row, purpose));
                self.out.design.indexes.push(Index {
                    table: strip_markup(&cell(row, table)),
                    name: strip_markup(&cell(row, name)),
                    columns,
                    kind: parsed_kind.unwrap_or_default(),
                    purpose: purpose_text,
                    sources,
                });
                self.out.spans.indexes.push(row_span(
                    row,
                    &[
                        ("table", table),
                        ("name", name),
                        ("fields", fields),
                        ("type", kind),
                    ],
                ));
            }
        }
    }

    fn queries(&mut self, body: Range<usize>) {
        for t in self.tables(body) {
            let scenario = t.column(cols::SCENARIO);
            if scenario.is_none() {
                continue;
            }
            self.take_table(&t);
            let freq = t.column_except(cols::FREQUENCY, &[scenario]);
            let tables = t.column_except(cols::TABLES, &[scenario, freq]);
            let filter = t.column_except(cols::FILTER, &[scenario, freq, tables]);
            let sort = t.column_except(cols::SORT, &[scenario, freq, tables, filter]);
            let opt = t.column_except(cols::OPTIMIZATION, &[scenario, freq, tables, filter, sort]);
            for row in &t.rows {
                let (scenario_text, sources) = split_sources(&cell(row, scenario));
                let freq_text = cell(row, freq);
                let frequency = match parse_frequency(&freq_text) {
                    Some(f) => f,
                    None => {
                        let pos = row.cell(freq).map_or((row.line, 1), |c| (c.line, c.column));
                        if freq.is_some() {
                            self.diag(
                                Diagnostic::warning(format!(
                                    "unknown frequency `{freq_text}`: read as Medium"
                                ))
                                .at(pos.0, pos.1)
                                .with_help("frequencies: High, Medium, Low"),
                            );
                        }
                        Frequency::Medium
                    }
                };
                let table_list: Vec<String> = cell(row, tables)
                    .split([',', '，', '、', '+', '/'])
                    .map(strip_markup)
                    .filter(|s| !s.is_empty())
                    .collect();
                let equality: Vec<String> = parse_index_columns(&cell(row, filter))
                    .into_iter()
                    .map(|c| c.name.trim_end_matches(['=', '?', ' ']).trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect();
                let range_or_sort = parse_index_columns(&cell(row, sort)).into_iter().next();
                self.raw_served.push(cell(row, opt));
                self.out.design.query_patterns.push(QueryPattern {
                    scenario: scenario_text,
                    frequency,
                    tables: table_list,
                    optimization: String::new(),
                    served_by: None,
                    equality,
                    range_or_sort,
                    sources,
                });
                self.out.spans.query_patterns.push(row_span(
                    row,
                    &[
                        ("scenario", scenario),
                        ("optimization", opt),
                        ("frequency", freq),
                    ],
                ));
            }
        }
    }

    fn cache(&mut self, body: Range<usize>) {
        for t in self.tables(body) {
            let key = t.column(cols::KEY);
            if key.is_none() {
                continue;
            }
            self.take_table(&t);
            let ty = t.column_except(cols::DATA_TYPE, &[key]);
            let ttl = t.column_except(cols::TTL, &[key, ty]);
            let purpose = t
                .column_except(cols::PURPOSE, &[key, ty, ttl])
                .or_else(|| t.column_except(cols::DESCRIPTION, &[key, ty, ttl]));
            for row in &t.rows {
                let (p, s) = split_sources(&cell(row, purpose));
                self.out.design.stores.cache.push(CacheKey {
                    pattern: strip_markup(&cell(row, key)),
                    data_type: cell(row, ty),
                    ttl: cell(row, ttl),
                    purpose: p,
                    sources: s,
                });
            }
        }
    }

    fn objects(&mut self, body: Range<usize>) {
        for t in self.tables(body) {
            let bucket = t.column(cols::BUCKET);
            if bucket.is_none() {
                continue;
            }
            self.take_table(&t);
            let layout = t.column_except(cols::LAYOUT, &[bucket]);
            let purpose = t
                .column_except(cols::PURPOSE, &[bucket, layout])
                .or_else(|| t.column_except(cols::DESCRIPTION, &[bucket, layout]));
            for row in &t.rows {
                let (p, s) = split_sources(&cell(row, purpose));
                self.out.design.stores.objects.push(Bucket {
                    name: strip_markup(&cell(row, bucket)),
                    key_layout: strip_markup(&cell(row, layout)),
                    purpose: p,
                    sources: s,
                });
            }
        }
    }

    /// Sub-sections with a table: (name, source-entity line, purpose, table).
    fn sub_blocks(
        &mut self,
        section: usize,
        level: u8,
    ) -> Vec<(String, String, String, Vec<Source>, Table)> {
        let subs: Vec<usize> = self
            .md
            .sections
            .iter()
            .enumerate()
            .filter(|(_, s)| s.parent == Some(section) && s.level > level)
            .map(|(i, _)| i)
            .collect();
        let mut out = Vec::new();
        for i in subs {
            let Some(sec) = self.md.sections.get(i).cloned() else {
                continue;
            };
            let tables = self.tables(sec.body.clone());
            let Some(table) = tables.first().cloned() else {
                continue;
            };
            let heading = self.heading_line(sec.heading.clone());
            let (_, title) = heading_text(&heading);
            let mut source_entity = String::new();
            let mut paragraph: Vec<&str> = Vec::new();
            for l in self.raw_lines(sec.body.clone()) {
                if table.range.contains(&l.offset) || l.offset >= table.range.start {
                    break;
                }
                let t = l.text.trim();
                if let Some(rest) = strip_label(
                    t,
                    &["source entity", "source", "entity", "来源实体", "来源"],
                ) {
                    source_entity = rest;
                    continue;
                }
                if !t.is_empty() && paragraph.is_empty() {
                    paragraph.push(t);
                }
            }
            let (purpose, sources) = split_sources(&paragraph.join(" "));
            self.take_table(&table);
            self.consume_range(sec.heading.start..sec.body.end);
            out.push((
                title.trim().to_string(),
                source_entity,
                purpose,
                sources,
                table,
            ));
        }
        out
    }

    fn search(&mut self, section: usize, level: u8) {
        for (name, source_entity, purpose, sources, t) in self.sub_blocks(section, level) {
            let f = t.column(cols::FIELD).or(Some(0));
            let m = t.column_except(cols::MAPPING, &[f]);
            let n = t.column_except(cols::NOTE, &[f, m]);
            let fields = t
                .rows
                .iter()
                .map(|row| SearchField {
                    name: strip_markup(&cell(row, f)),
                    mapping: cell(row, m),
                    note: cell(row, n),
                })
                .collect();
            self.out.design.stores.search.push(SearchIndex {
                name,
                source_entity,
                fields,
                purpose,
                sources,
            });
        }
    }

    fn documents(&mut self, section: usize, level: u8) {
        for (name, _, purpose, sources, t) in self.sub_blocks(section, level) {
            let (fields, _) = self.field_rows(&t);
            self.out.design.stores.documents.push(Collection {
                name,
                fields,
                purpose,
                sources,
            });
        }
    }

    /// Cross-section resolution: FK targets to entity names, the index each
    /// query pattern names.
    fn resolve(&mut self) {
        let names: Vec<(String, String)> = self
            .out
            .design
            .entities
            .iter()
            .map(|e| (e.name.clone(), e.table.clone()))
            .collect();
        let mut exact: std::collections::HashMap<&str, usize> = Default::default();
        let mut folded: std::collections::HashMap<String, usize> = Default::default();
        let mut keyed: std::collections::HashMap<String, usize> = Default::default();
        for (i, (n, _)) in names.iter().enumerate() {
            exact.entry(n.as_str()).or_insert(i);
            folded.entry(n.to_lowercase()).or_insert(i);
            keyed.entry(crate::names::key(n)).or_insert(i);
        }
        for (i, (_, t)) in names.iter().enumerate() {
            folded.entry(t.to_lowercase()).or_insert(i);
        }
        let resolve_entity = |target: &str| -> Option<String> {
            exact
                .get(target)
                .or_else(|| folded.get(&target.to_lowercase()))
                .or_else(|| keyed.get(&crate::names::key(target)))
                .and_then(|i| names.get(*i))
                .map(|(n, _)| n.clone())
        };
        for e in &mut self.out.design.entities {
            for f in &mut e.fields {
                let Some(fk) = f.constraints.foreign_key.as_mut() else {
                    continue;
                };
                if fk.entity.is_empty() {
                    // `FK` alone: the target comes from the name (`user_id`).
                    let base = f
                        .name
                        .strip_suffix("_id")
                        .or_else(|| f.name.strip_suffix("Id"));
                    if let Some(target) = base.and_then(&resolve_entity) {
                        fk.entity = target;
                        fk.field = "id".into();
                    } else if let Some(b) = base {
                        fk.entity = crate::names::entity_name(b);
                        fk.field = "id".into();
                    }
                } else if let Some(target) = resolve_entity(&fk.entity) {
                    fk.entity = target;
                }
            }
        }
        let index_names: Vec<String> = self
            .out
            .design
            .indexes
            .iter()
            .map(|i| i.name.clone())
            .chain(
                self.out
                    .design
                    .stores
                    .cache
                    .iter()
                    .map(|k| k.pattern.clone()),
            )
            .filter(|n| !n.is_empty())
            .collect();
        let index_set: HashSet<&str> = index_names.iter().map(String::as_str).collect();
        // Names that are not one word (cache keys such as `session:{token}`).
        let is_word = |c: char| c.is_alphanumeric() || c == '_';
        let special: Vec<String> = index_names
            .iter()
            .filter(|n| n.contains(|c: char| !is_word(c)))
            .cloned()
            .collect();
        for (q, raw) in self
            .out
            .design
            .query_patterns
            .iter_mut()
            .zip(self.raw_served.iter())
        {
            let raw = raw.trim();
            // A leading backticked name is the writer's spelling of served_by.
            if let Some(rest) = raw.strip_prefix('`') {
                if let Some(end) = rest.find('`') {
                    let name = &rest[..end];
                    q.served_by = Some(name.to_string());
                    q.optimization = rest[end + 1..].trim().to_string();
                    continue;
                }
            }
            q.optimization = raw.to_string();
            q.served_by = served_by(raw, &index_set, &special);
        }
    }
}

/// The earliest index or key name `cell` mentions as a whole word;
/// `special` holds the names that are not a single word.
fn served_by(cell: &str, names: &HashSet<&str>, special: &[String]) -> Option<String> {
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    let mut best: Option<(usize, String)> = None;
    // Word tokens first (index names), in order.
    let mut start = None;
    for (i, c) in cell
        .char_indices()
        .chain(std::iter::once((cell.len(), ' ')))
    {
        match (is_word(c), start) {
            (true, None) => start = Some(i),
            (false, Some(s0)) => {
                if names.contains(&cell[s0..i]) {
                    best = Some((s0, cell[s0..i].to_string()));
                    break;
                }
                start = None;
            }
            _ => {}
        }
    }
    // Names with other characters (cache keys such as `session:{token}`).
    for n in special {
        if let Some(p) = cell.find(n.as_str()) {
            if super::write::mentions(cell, n) && best.as_ref().is_none_or(|(b, _)| p < *b) {
                best = Some((p, n.clone()));
            }
        }
    }
    best.map(|(_, n)| n)
}

// -------------------------------------------------------------- free helpers

fn cell(row: &Row, column: Option<usize>) -> String {
    row.cell(column)
        .map(|c| unescape_cell(&c.raw))
        .unwrap_or_default()
}

/// The cell as written, with `\|` turned back into `|`.
fn unescape_cell(raw: &str) -> String {
    raw.trim().replace("\\|", "|")
}

/// Drops `**`, backticks and surrounding quotes from a name.
fn strip_markup(s: &str) -> String {
    s.trim().trim_matches(['`', '*']).trim().to_string()
}

fn row_span(row: &Row, keys: &[(&'static str, Option<usize>)]) -> RowSpan {
    RowSpan {
        line: row.line,
        cells: keys
            .iter()
            .filter_map(|(k, c)| row.cell(*c).map(|cell| (*k, cell.column)))
            .collect(),
    }
}

/// Cells of a raw table line, honouring `\|` and code spans.
fn count_cells(line: &str) -> usize {
    let t = line.trim();
    let t = t.strip_prefix('|').unwrap_or(t);
    let t = t
        .strip_suffix('|')
        .filter(|x| !x.ends_with('\\'))
        .unwrap_or(t);
    let mut n = 1;
    let mut prev = '\0';
    let mut in_code = false;
    for c in t.chars() {
        if c == '`' {
            in_code = !in_code;
        }
        if c == '|' && prev != '\\' && !in_code {
            n += 1;
        }
        prev = c;
    }
    n
}

fn find_stamp(text: &str) -> Option<(usize, String)> {
    for (i, line) in text.lines().enumerate() {
        let t = line.trim();
        // A closed comment on one line, as the writer writes it: an open one
        // hides the lines after it from the markdown reader.
        if let Some(rest) = t.strip_prefix("<!--").and_then(|r| r.strip_suffix("-->")) {
            let rest = rest.trim();
            if let Some(rest) = rest.strip_prefix("stowage:") {
                let rest = rest.trim();
                if let Some(d) = rest.strip_prefix("inputs=") {
                    return Some((i + 1, d.trim().to_string()));
                }
            }
        }
    }
    None
}

fn system_from_title(title: &str) -> String {
    let t = title.trim();
    for suffix in [
        " storage design",
        " storage",
        " 存储设计",
        "存储设计",
        " data model",
        " 数据模型",
    ] {
        let lower = t.to_lowercase();
        if lower.ends_with(suffix) {
            // Suffixes are ASCII-lowercase or Chinese: the byte length holds.
            return t[..t.len() - suffix.len()].trim().to_string();
        }
    }
    t.to_string()
}

/// `User (users)` -> (`User`, table `users`); `User（用户）` -> (`User`,
/// alias `用户`); `User` -> (`User`).
fn split_heading_name(title: &str) -> (String, Option<String>, Option<String>) {
    let t = title.trim().trim_matches(['*', '`']).trim();
    match t.find(['(', '（']) {
        Some(i) if t.ends_with([')', '）']) && i > 0 => {
            let name = t[..i].trim().trim_matches('`').to_string();
            let close = t.chars().last().map_or(1, char::len_utf8);
            let open_len = t[i..].chars().next().map_or(1, char::len_utf8);
            let inner = t
                .get(i + open_len..t.len() - close)
                .unwrap_or("")
                .trim()
                .trim_matches('`')
                .to_string();
            if is_identifier(&inner) {
                (name, Some(inner), None)
            } else {
                (name, None, Some(inner))
            }
        }
        _ => (t.to_string(), None, None),
    }
}

fn is_identifier(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
}

/// `Table: \`users\``, `**Table**: users`, `表名: users`, `- Table name: users`.
fn table_line(line: &str) -> Option<String> {
    let t = line.trim().trim_start_matches(['-', '*', '>']).trim();
    strip_label(
        t,
        &[
            "table name",
            "table",
            "physical table",
            "表名",
            "物理表",
            "数据表",
            "表",
        ],
    )
    .filter(|v| !v.is_empty() && !v.contains(' '))
}

/// `Label: value` (label case-insensitive, `**` and `：` tolerated) -> value
/// without backticks.
fn strip_label(line: &str, labels: &[&str]) -> Option<String> {
    let t = line.replace("**", "");
    let t = t.trim();
    let (label, value) = t.split_once([':', '：'])?;
    let label = label.trim().to_lowercase();
    if !labels.contains(&label.as_str()) {
        return None;
    }
    Some(value.trim().trim_matches('`').trim().to_string())
}

fn is_placeholder(p: &[&str]) -> bool {
    if p.len() != 1 {
        return false;
    }
    let t = p[0].trim().trim_matches(['_', '*']).trim();
    let lower = t.to_lowercase();
    matches!(
        lower.as_str(),
        "none" | "none." | "n/a" | "tbd" | "无" | "暂无" | "-" | "—"
    ) || (t.starts_with('[') && t.ends_with(']') && !t.contains("]("))
}

fn parse_frequency(s: &str) -> Option<Frequency> {
    let l = s.trim().trim_matches('*').to_lowercase();
    if l.contains("high") || l.contains('高') || l.contains("hot") || l.contains("very") {
        Some(Frequency::High)
    } else if l.contains("low") || l.contains('低') || l.contains("rare") {
        Some(Frequency::Low)
    } else if l.contains("medium") || l.contains("mid") || l.contains('中') || l.contains("normal")
    {
        Some(Frequency::Medium)
    } else {
        None
    }
}

/// Which purpose a section-1 row serves, from its type, technology and what.
pub fn storage_purpose(storage_type: &str, technology: &str, what: &str) -> StoragePurpose {
    let classify = |s: &str| -> Option<StoragePurpose> {
        let l = s.to_lowercase();
        let has = |ws: &[&str]| ws.iter().any(|w| l.contains(w));
        if has(&[
            "primary",
            "relational",
            "main db",
            "主库",
            "主数据库",
            "关系",
        ]) {
            Some(StoragePurpose::Primary)
        } else if has(&["cache", "session", "缓存", "会话"]) {
            Some(StoragePurpose::Cache)
        } else if has(&["search", "搜索", "检索"]) {
            Some(StoragePurpose::Search)
        } else if has(&["object", "file", "blob", "bucket", "对象", "文件", "图片"]) {
            Some(StoragePurpose::Object)
        } else if has(&["document", "文档"]) {
            Some(StoragePurpose::Document)
        } else {
            None
        }
    };
    let by_tech = |s: &str| -> Option<StoragePurpose> {
        let l = s.to_lowercase();
        let has = |ws: &[&str]| ws.iter().any(|w| l.contains(w));
        if has(&[
            "postgres",
            "mysql",
            "mariadb",
            "sqlite",
            "oracle",
            "sql server",
            "tidb",
        ]) {
            Some(StoragePurpose::Primary)
        } else if has(&["redis", "memcache", "valkey"]) {
            Some(StoragePurpose::Cache)
        } else if has(&["elastic", "opensearch", "meili", "solr", "typesense"]) {
            Some(StoragePurpose::Search)
        } else if has(&["s3", "minio", "oss", "gcs", "blob", "cos"]) {
            Some(StoragePurpose::Object)
        } else if has(&["mongo", "couch", "dynamo", "firestore"]) {
            Some(StoragePurpose::Document)
        } else {
            None
        }
    };
    classify(storage_type)
        .or_else(|| by_tech(technology))
        .or_else(|| classify(what))
        .unwrap_or(StoragePurpose::Other)
}

/// `User ||--o{ Order : "places"` -> a relationship (used only when the
/// document has no relationship lines).
fn parse_mermaid_line(line: &str) -> Option<Relationship> {
    let (rel, label) = match line.split_once(':') {
        Some((a, b)) => (a.trim(), b.trim().trim_matches('"').to_string()),
        None => (line.trim(), String::new()),
    };
    let toks: Vec<&str> = rel.split_whitespace().collect();
    let [left, arrow, right] = toks.as_slice() else {
        return None;
    };
    let (l, r) = arrow.split_once("--").or_else(|| arrow.split_once(".."))?;
    let many = |s: &str| s.contains('{') || s.contains('}');
    let cardinality = match (many(l), many(r)) {
        (false, false) => Cardinality::OneToOne,
        (true, true) => Cardinality::ManyToMany,
        _ => Cardinality::OneToMany,
    };
    let (left, right) = if many(l) && !many(r) {
        (right, left)
    } else {
        (left, right)
    };
    Some(Relationship {
        left: left.to_string(),
        right: right.to_string(),
        cardinality,
        via: None,
        label,
        sources: Vec::new(),
    })
}

/// A heading as one ATX line (`## Title`): a setext heading (`Title` over
/// `---`) is written the way the writer will write it back.
fn one_line_heading(raw: &str, level: u8) -> String {
    let raw = raw.trim();
    if atx_hashes(raw).is_some() && !raw.contains('\n') {
        return raw.to_string();
    }
    let text: Vec<&str> = raw
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.chars().all(|c| c == '=' || c == '-'))
        .collect();
    let hashes = "#".repeat(usize::from(level.clamp(1, 6)));
    if text.is_empty() {
        hashes
    } else {
        format!("{hashes} {}", text.join(" "))
    }
}

/// The number of `#`s of an ATX heading line (`## Title`, `##`), or `None`
/// when the line is not one (`##title`, `#######`).
pub(crate) fn atx_hashes(line: &str) -> Option<usize> {
    let hashes = line.chars().take_while(|c| *c == '#').count();
    let rest = &line[hashes..];
    ((1..=6).contains(&hashes) && (rest.is_empty() || rest.starts_with([' ', '\t'])))
        .then_some(hashes)
}
