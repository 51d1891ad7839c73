//! Markdown helpers shared by the readers of requirements, architecture and
//! storage documents: sections with their heading lines, tables with header
//! lookup by synonyms (English and Chinese), cells stripped of markup, list
//! items, and `<!-- KIND: ... -->` comment markers.
//!
//! One pass of pulldown-cmark builds a [`Markdown`] index over the text; the
//! readers then ask it questions ("the section titled User Stories or 用户故事",
//! "the rows of the first table with a Type column") instead of walking events
//! themselves.
//!
//! Everything is positioned: byte ranges into the original text, plus 1-based
//! line and column (columns count characters, as [`crate::diag::line_col`]
//! does, so Chinese text points at the right place).
//!
//! Deliberately NOT here: knowledge of any particular document. The title and
//! header synonyms below are lists the readers pass in; adding a language or a
//! synonym means adding a string, not code.
//!
//! Expects text already normalised by [`crate::fsutil::read_text`] (no BOM,
//! LF line endings); [`Markdown::parse`] also copes with a BOM or CRLF left in.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::ops::Range;

/// Section title keywords, lower case, English and Chinese. A title matches
/// when it contains one of them (see [`title_matches`]).
pub mod titles {
    pub const BACKGROUND: &[&str] = &["background", "goal", "objective", "背景", "目标"];
    pub const USER_STORIES: &[&str] = &["user stor", "stories", "用户故事", "用户需求"];
    pub const FEATURE_LIST: &[&str] = &["feature list", "features", "功能列表", "功能清单", "功能"];
    pub const NON_FUNCTIONAL: &[&str] = &[
        "non-functional",
        "non functional",
        "nonfunctional",
        "quality attribute",
        "非功能",
    ];
    pub const CONSTRAINTS: &[&str] = &[
        "boundar",
        "constraint",
        "scope",
        "limitation",
        "边界",
        "约束",
        "限制",
        "范围",
    ];
    pub const OPEN_QUESTIONS: &[&str] = &[
        "open question",
        "tbd",
        "unresolved",
        "待定",
        "待确认",
        "开放问题",
        "未决",
        "问题",
    ];
    pub const SYSTEM_LIST: &[&str] = &[
        "system list",
        "systems",
        "service list",
        "services",
        "系统列表",
        "系统清单",
        "服务列表",
    ];
    pub const SYSTEM_DETAILS: &[&str] = &[
        "system details",
        "system detail",
        "service details",
        "系统详情",
        "系统详细",
        "系统说明",
        "服务详情",
    ];
    pub const KEY_DECISIONS: &[&str] = &[
        "key architecture decision",
        "architecture decision",
        "key decision",
        "decisions",
        "架构决策",
        "关键决策",
        "技术决策",
    ];
    pub const SYSTEM_OVERVIEW: &[&str] =
        &["system overview", "overview", "系统概述", "概述", "总览"];
}

/// Table header synonyms, lower case. A header matches when, after
/// [`normalize_key`], it equals one of them, or (for multi-word synonyms and
/// Chinese ones) contains it.
pub mod headers {
    pub const SYSTEM: &[&str] = &[
        "system",
        "system name",
        "service",
        "service name",
        "name",
        "component",
        "系统",
        "系统名",
        "系统名称",
        "服务",
        "服务名",
        "名称",
        "组件",
    ];
    pub const TYPE: &[&str] = &["type", "kind", "category", "layer", "类型", "类别", "分类"];
    pub const RESPONSIBILITY: &[&str] = &[
        "responsibility",
        "responsibilities",
        "description",
        "purpose",
        "role",
        "职责",
        "描述",
        "说明",
        "用途",
    ];
    pub const TECH_STACK: &[&str] = &[
        "tech stack",
        "technology stack",
        "technology",
        "technologies",
        "stack",
        "tech",
        "技术栈",
        "技术选型",
        "技术",
    ];
    pub const DECISION: &[&str] = &["decision", "topic", "question", "决策", "决策点", "议题"];
    pub const OPTIONS: &[&str] = &[
        "options",
        "option",
        "alternatives",
        "candidates",
        "选项",
        "备选",
        "备选方案",
        "候选",
    ];
    pub const CHOICE: &[&str] = &[
        "choice",
        "chosen",
        "selected",
        "decision made",
        "选择",
        "结论",
        "选定",
        "决定",
    ];
    pub const REASON: &[&str] = &[
        "reason",
        "reasons",
        "rationale",
        "why",
        "理由",
        "原因",
        "依据",
    ];
    pub const ID: &[&str] = &["id", "no", "no.", "#", "编号", "序号"];
    pub const FEATURE: &[&str] = &[
        "feature",
        "feature name",
        "name",
        "功能",
        "功能名称",
        "名称",
    ];
    pub const DESCRIPTION: &[&str] = &["description", "details", "描述", "说明", "详情"];
    pub const PRIORITY: &[&str] = &["priority", "prio", "优先级"];
    pub const DEPENDENCIES: &[&str] = &[
        "dependencies",
        "dependency",
        "depends on",
        "deps",
        "依赖",
        "前置",
    ];
}

/// A heading and the text it governs.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// 1 for `#`, 6 for `######`.
    pub level: u8,
    /// The heading text without `#`s, markup or its number: `System List`.
    pub title: String,
    /// The leading number as written, without a trailing dot: `1.1`, `3`.
    /// Chinese ordinals (`一、`) are read as digits (`1`).
    pub number: Option<String>,
    /// 1-based line of the heading.
    pub line: usize,
    /// Bytes of the heading line itself.
    pub heading: Range<usize>,
    /// Bytes after the heading up to the next heading of the same or a higher
    /// level (or the end of the text); includes sub-sections.
    pub body: Range<usize>,
    /// Index of the enclosing section in [`Markdown::sections`].
    pub parent: Option<usize>,
}

/// A table cell: text with markup removed, plus the source as written.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Cell {
    /// Plain text: `**bold**`, `` `code` ``, links and HTML comments removed,
    /// `<br>` turned into a space, whitespace collapsed.
    pub text: String,
    /// The cell's source, trimmed, markup kept.
    pub raw: String,
    pub line: usize,
    pub column: usize,
    pub range: Range<usize>,
}

/// A body row of a table.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Row {
    pub cells: Vec<Cell>,
    pub line: usize,
}

impl Row {
    /// The cell at `column`, if the row has one.
    pub fn cell(&self, column: Option<usize>) -> Option<&Cell> {
        column.and_then(|c| self.cells.get(c))
    }
    /// Plain text of the cell at `column`, or "" when the table has no such
    /// column or the row is short.
    pub fn text(&self, column: Option<usize>) -> &str {
        self.cell(column).map(|c| c.text.as_str()).unwrap_or("")
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    pub header: Vec<Cell>,
    pub rows: Vec<Row>,
    /// Line of the header row.
    pub line: usize,
    pub range: Range<usize>,
}

impl Table {
    /// Index of the first column whose header matches one of `synonyms`
    /// (see [`header_matches`]); exact matches win over partial ones.
    pub fn column(&self, synonyms: &[&str]) -> Option<usize> {
        let keys: Vec<String> = self.header.iter().map(|c| normalize_key(&c.text)).collect();
        keys.iter()
            .position(|k| synonyms.iter().any(|s| k == s))
            .or_else(|| keys.iter().position(|k| header_matches(k, synonyms)))
    }
    /// Like [`Table::column`] but skipping columns already taken, so that two
    /// roles with overlapping synonyms ("Name" vs "Description") get
    /// different columns.
    pub fn column_except(&self, synonyms: &[&str], taken: &[Option<usize>]) -> Option<usize> {
        let free = |i: &usize| !taken.contains(&Some(*i));
        let keys: Vec<String> = self.header.iter().map(|c| normalize_key(&c.text)).collect();
        (0..keys.len())
            .filter(free)
            .find(|&i| synonyms.iter().any(|s| keys[i] == *s))
            .or_else(|| {
                (0..keys.len())
                    .filter(free)
                    .find(|&i| header_matches(&keys[i], synonyms))
            })
    }
    /// True when every one of `required` synonym lists names some column.
    pub fn has_columns(&self, required: &[&[&str]]) -> bool {
        required.iter().all(|s| self.column(s).is_some())
    }
}

/// An item of a bullet or numbered list.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ListItem {
    /// Plain text of the item's own paragraph(s), without nested lists;
    /// markup and HTML comments removed.
    pub text: String,
    /// Nesting depth: 0 for a top-level item.
    pub depth: usize,
    /// `Some(done)` for a `[ ]` / `[x]` task item.
    pub checked: Option<bool>,
    pub line: usize,
    pub range: Range<usize>,
}

/// An HTML comment; `kind` is set for markers such as `<!-- UNCERTAINTY: x -->`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Comment {
    /// Everything between `<!--` and `-->`, trimmed.
    pub text: String,
    /// `UNCERTAINTY`, `ARCH-DECISION`, ... when the comment starts with an
    /// upper-case word followed by a colon.
    pub kind: Option<String>,
    /// The text after `KIND:` (or the whole text when there is no kind).
    pub body: String,
    pub line: usize,
    pub column: usize,
    pub range: Range<usize>,
}

/// A source line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Line<'a> {
    /// 1-based.
    pub number: usize,
    /// Without the trailing newline.
    pub text: &'a str,
    /// Byte offset of the line start.
    pub offset: usize,
}

/// An index over one markdown text: sections, tables, list items, comments.
#[derive(Debug, Clone, Default)]
pub struct Markdown<'a> {
    pub text: &'a str,
    /// Every heading, in document order.
    pub sections: Vec<Section>,
    /// Every table, in document order.
    pub tables: Vec<Table>,
    /// Every list item, in document order (nested items follow their parent).
    pub items: Vec<ListItem>,
    /// Every HTML comment outside code, in document order.
    pub comments: Vec<Comment>,
    /// Byte ranges of fenced and indented code blocks.
    pub code_blocks: Vec<Range<usize>>,
    line_starts: Vec<usize>,
}

impl<'a> Markdown<'a> {
    /// Indexes `text`. Never fails: malformed markdown is read the way
    /// CommonMark reads it.
    pub fn parse(text: &'a str) -> Self {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        let mut md = Markdown {
            text,
            line_starts,
            ..Default::default()
        };
        md.scan();
        md.close_sections();
        md
    }

    /// 1-based (line, column) of a byte offset; the column counts characters.
    /// Same answer as [`crate::diag::line_col`], in O(log n).
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while offset > 0 && !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let idx = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let start = self.line_starts.get(idx).copied().unwrap_or(0);
        let column = self
            .text
            .get(start..offset)
            .map_or(0, |s| s.chars().count())
            + 1;
        (idx + 1, column)
    }

    /// 1-based line of a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        self.line_col(offset).0
    }

    /// The source text of a byte range ("" when out of bounds).
    pub fn slice(&self, range: &Range<usize>) -> &'a str {
        self.text.get(range.clone()).unwrap_or("")
    }

    /// Lines that start inside `range`, skipping code blocks.
    pub fn lines(&self, range: Range<usize>) -> impl Iterator<Item = Line<'a>> + '_ {
        let first = match self.line_starts.binary_search(&range.start) {
            Ok(i) => i,
            Err(i) => i,
        };
        let text = self.text;
        self.line_starts[first.min(self.line_starts.len())..]
            .iter()
            .enumerate()
            .take_while(move |(_, &s)| s < range.end)
            .filter(move |(_, &s)| !self.code_blocks.iter().any(|c| c.contains(&s)))
            .map(move |(i, &s)| {
                let end = text[s..].find('\n').map_or(text.len(), |e| s + e);
                Line {
                    number: first + i + 1,
                    text: text[s..end].trim_end_matches('\r'),
                    offset: s,
                }
            })
    }

    /// Top-level sections (no parent) in order, or the children of `parent`.
    pub fn children(&self, parent: Option<usize>) -> impl Iterator<Item = (usize, &Section)> {
        self.sections
            .iter()
            .enumerate()
            .filter(move |(_, s)| s.parent == parent)
    }

    /// Sections nested anywhere under `ancestor`.
    pub fn descendants(&self, ancestor: usize) -> impl Iterator<Item = (usize, &Section)> {
        let range = self
            .sections
            .get(ancestor)
            .map(|s| s.body.clone())
            .unwrap_or(0..0);
        // Descendants follow their ancestor contiguously in document order.
        self.sections
            .iter()
            .enumerate()
            .skip(ancestor.saturating_add(1))
            .take_while(move |(_, s)| range.contains(&s.heading.start))
    }

    /// The first section whose title matches one of `keywords` (see
    /// [`title_matches`]); failing that, the first whose number equals
    /// `number`. Keywords win because documents get renumbered far more often
    /// than renamed.
    pub fn find_section(&self, keywords: &[&str], number: Option<&str>) -> Option<usize> {
        self.find_section_in(None, keywords, number)
    }

    /// Like [`Markdown::find_section`], limited to sections nested under
    /// `within` (anywhere in the document for `None`).
    pub fn find_section_in(
        &self,
        within: Option<usize>,
        keywords: &[&str],
        number: Option<&str>,
    ) -> Option<usize> {
        let range = within
            .and_then(|i| self.sections.get(i))
            .map(|s| s.body.clone());
        let candidates = || {
            self.sections
                .iter()
                .enumerate()
                .filter(|(_, s)| range.as_ref().is_none_or(|r| r.contains(&s.heading.start)))
        };
        // Prefer the shallowest match: "User Stories" over a story titled
        // "Stories I want to keep".
        let by_title = candidates()
            .filter(|(_, s)| title_matches(&s.title, keywords))
            .min_by_key(|(i, s)| (s.level, *i))
            .map(|(i, _)| i);
        by_title.or_else(|| {
            let number = number?;
            candidates()
                .find(|(_, s)| s.number.as_deref() == Some(number))
                .map(|(i, _)| i)
        })
    }

    /// Tables whose header starts inside `range`.
    pub fn tables_in(&self, range: Range<usize>) -> impl Iterator<Item = &Table> {
        self.tables
            .iter()
            .filter(move |t| range.contains(&t.range.start))
    }

    /// List items that start inside `range`.
    pub fn items_in(&self, range: Range<usize>) -> impl Iterator<Item = &ListItem> {
        self.items
            .iter()
            .filter(move |t| range.contains(&t.range.start))
    }

    /// Comments that start inside `range`.
    pub fn comments_in(&self, range: Range<usize>) -> impl Iterator<Item = &Comment> {
        self.comments
            .iter()
            .filter(move |t| range.contains(&t.range.start))
    }

    /// Comments with a `KIND:` prefix, in document order.
    pub fn markers(&self) -> impl Iterator<Item = &Comment> {
        self.comments.iter().filter(|c| c.kind.is_some())
    }

    /// Body of the section at `index`, without its sub-sections.
    pub fn own_body(&self, index: usize) -> Range<usize> {
        let Some(s) = self.sections.get(index) else {
            return 0..0;
        };
        let end = self
            .sections
            .get(index + 1)
            .filter(|n| s.body.contains(&n.heading.start))
            .map_or(s.body.end, |n| n.heading.start);
        s.body.start..end
    }

    fn scan(&mut self) {
        let mut opts = Options::empty();
        opts.insert(Options::ENABLE_TABLES);
        opts.insert(Options::ENABLE_TASKLISTS);
        opts.insert(Options::ENABLE_STRIKETHROUGH);
        let text = self.text;
        let parser = Parser::new_ext(text, opts).into_offset_iter();

        // Heading in progress: (level, start offset, text so far).
        let mut heading: Option<(u8, Range<usize>, String)> = None;
        let mut table: Option<Table> = None;
        let mut row: Option<Row> = None;
        let mut cell: Option<(Range<usize>, String)> = None;
        // Stack of open list items (index into self.items); text goes to the top.
        let mut item_stack: Vec<usize> = Vec::new();
        let mut list_depth = 0usize;
        let mut in_head = false;

        for (event, range) in parser {
            match event {
                Event::Start(Tag::Heading { level, .. }) => {
                    heading = Some((heading_level(level), range, String::new()));
                }
                Event::End(TagEnd::Heading(_)) => {
                    if let Some((level, r, raw_title)) = heading.take() {
                        let (number, title) = split_number(&collapse_ws(&raw_title));
                        let line = self.line_of(r.start);
                        self.sections.push(Section {
                            level,
                            title,
                            number,
                            line,
                            heading: r.clone(),
                            body: r.end..r.end,
                            parent: None,
                        });
                    }
                }
                Event::Start(Tag::Table(_)) => {
                    table = Some(Table {
                        line: self.line_of(range.start),
                        range,
                        ..Default::default()
                    });
                }
                Event::End(TagEnd::Table) => {
                    if let Some(t) = table.take() {
                        self.tables.push(t);
                    }
                }
                Event::Start(Tag::TableHead) => {
                    in_head = true;
                    row = Some(Row {
                        line: self.line_of(range.start),
                        ..Default::default()
                    });
                }
                Event::Start(Tag::TableRow) => {
                    row = Some(Row {
                        line: self.line_of(range.start),
                        ..Default::default()
                    });
                }
                Event::End(TagEnd::TableHead) | Event::End(TagEnd::TableRow) => {
                    if let (Some(t), Some(r)) = (table.as_mut(), row.take()) {
                        if in_head {
                            t.header = r.cells;
                        } else {
                            t.rows.push(r);
                        }
                    }
                    in_head = false;
                }
                Event::Start(Tag::TableCell) => cell = Some((range, String::new())),
                Event::End(TagEnd::TableCell) => {
                    if let (Some(r), Some((cr, ct))) = (row.as_mut(), cell.take()) {
                        let full = text.get(cr.clone()).unwrap_or("");
                        let lead = full.len() - full.trim_start_matches(['|', ' ', '\t']).len();
                        let raw = trim_cell(full);
                        // Point at the content, not at the pipe before it.
                        let (line, column) = self.line_col(cr.start + lead);
                        r.cells.push(Cell {
                            text: collapse_ws(&ct),
                            raw: raw.to_string(),
                            line,
                            column,
                            range: cr,
                        });
                    }
                }
                Event::Start(Tag::List(_)) => list_depth += 1,
                Event::End(TagEnd::List(_)) => list_depth = list_depth.saturating_sub(1),
                Event::Start(Tag::Item) => {
                    self.items.push(ListItem {
                        depth: list_depth.saturating_sub(1),
                        line: self.line_of(range.start),
                        range,
                        ..Default::default()
                    });
                    item_stack.push(self.items.len() - 1);
                }
                Event::End(TagEnd::Item) => {
                    if let Some(i) = item_stack.pop() {
                        if let Some(it) = self.items.get_mut(i) {
                            it.text = collapse_ws(&it.text);
                        }
                    }
                }
                Event::TaskListMarker(done) => {
                    if let Some(it) = item_stack.last().and_then(|&i| self.items.get_mut(i)) {
                        it.checked = Some(done);
                    }
                }
                Event::Start(Tag::CodeBlock(_)) => self.code_blocks.push(range),
                Event::Html(_) | Event::InlineHtml(_) => {
                    let fragment = text.get(range.clone()).unwrap_or("");
                    if is_line_break_tag(fragment) {
                        push_text(
                            &mut heading,
                            &mut cell,
                            &item_stack,
                            &mut self.items,
                            list_depth,
                            " ",
                        );
                    }
                }
                Event::Text(t) | Event::Code(t) => {
                    push_text(
                        &mut heading,
                        &mut cell,
                        &item_stack,
                        &mut self.items,
                        list_depth,
                        &t,
                    );
                }
                Event::SoftBreak | Event::HardBreak => {
                    push_text(
                        &mut heading,
                        &mut cell,
                        &item_stack,
                        &mut self.items,
                        list_depth,
                        " ",
                    );
                }
                Event::End(TagEnd::Paragraph) => {
                    // Separate paragraphs of one item.
                    push_text(
                        &mut heading,
                        &mut cell,
                        &item_stack,
                        &mut self.items,
                        list_depth,
                        " ",
                    );
                }
                _ => {}
            }
        }
        self.scan_comments();
    }

    /// Comments are found in the raw text (outside code) rather than from
    /// events, because CommonMark splits a comment that spans paragraphs or
    /// table cells into pieces.
    fn scan_comments(&mut self) {
        let text = self.text;
        let mut pos = 0;
        while let Some(found) = text.get(pos..).and_then(|s| s.find("<!--")) {
            let start = pos + found;
            let inner_start = start + 4;
            let (inner_end, end) = match text[inner_start..].find("-->") {
                Some(e) => (inner_start + e, inner_start + e + 3),
                None => (text.len(), text.len()),
            };
            pos = end.max(inner_start);
            if self.code_blocks.iter().any(|c| c.contains(&start)) || in_code_span(text, start) {
                continue;
            }
            let inner = collapse_ws(&text[inner_start..inner_end]);
            let (kind, body) = split_marker(&inner);
            let (line, column) = self.line_col(start);
            self.comments.push(Comment {
                text: inner.clone(),
                kind,
                body,
                line,
                column,
                range: start..end,
            });
        }
    }

    /// Sets each section's body end and parent from the heading levels.
    fn close_sections(&mut self) {
        let n = self.sections.len();
        let mut stack: Vec<usize> = Vec::new();
        for i in 0..n {
            let level = self.sections[i].level;
            while let Some(&top) = stack.last() {
                if self.sections[top].level >= level {
                    stack.pop();
                } else {
                    break;
                }
            }
            self.sections[i].parent = stack.last().copied();
            stack.push(i);
        }
        for i in 0..n {
            let level = self.sections[i].level;
            let end = self.sections[i + 1..]
                .iter()
                .find(|s| s.level <= level)
                .map_or(self.text.len(), |s| s.heading.start);
            let start = self.sections[i].heading.end.min(end);
            self.sections[i].body = start..end;
        }
    }
}

fn push_text(
    heading: &mut Option<(u8, Range<usize>, String)>,
    cell: &mut Option<(Range<usize>, String)>,
    item_stack: &[usize],
    items: &mut [ListItem],
    list_depth: usize,
    s: &str,
) {
    if let Some((_, _, t)) = heading.as_mut() {
        t.push_str(s);
    } else if let Some((_, t)) = cell.as_mut() {
        t.push_str(s);
    } else if let Some(&top) = item_stack.last() {
        // Text of a nested list belongs to the nested item only: the top of
        // the stack is always the innermost open item.
        if let Some(it) = items.get_mut(top) {
            if it.depth + 1 >= list_depth {
                it.text.push_str(s);
            }
        }
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn is_line_break_tag(fragment: &str) -> bool {
    let f = fragment.trim().to_ascii_lowercase();
    f.starts_with("<br") || f.starts_with("</p") || f.starts_with("<p")
}

/// True when `pos` sits inside a backtick code span on its line (a comment
/// written as `` `<!-- x -->` `` is an example, not a marker).
fn in_code_span(text: &str, pos: usize) -> bool {
    let line_start = text[..pos].rfind('\n').map_or(0, |i| i + 1);
    text[line_start..pos].matches('`').count() % 2 == 1
}

/// `UNCERTAINTY: foo` -> (Some("UNCERTAINTY"), "foo"); plain text -> (None, text).
/// A cell's source without the pipes and blanks around it; an escaped `\|`
/// at its end is content, not the delimiter.
fn trim_cell(full: &str) -> &str {
    let mut raw = full.trim_start_matches(['|', ' ', '\t']);
    loop {
        raw = raw.trim_end_matches([' ', '\t']);
        match raw.strip_suffix('|') {
            Some(rest) if !rest.ends_with('\\') => raw = rest,
            _ => return raw,
        }
    }
}

pub fn split_marker(inner: &str) -> (Option<String>, String) {
    if let Some((head, rest)) = inner.split_once(':') {
        let head = head.trim();
        let is_kind = !head.is_empty()
            && head.len() <= 40
            && head.chars().any(|c| c.is_ascii_uppercase())
            && head
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-' || c == '_');
        if is_kind {
            return (Some(head.to_string()), rest.trim().to_string());
        }
    }
    (None, inner.trim().to_string())
}

/// Collapses runs of whitespace into one space and trims.
pub fn collapse_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Splits a leading section number off a heading title:
/// `3.1 backend-user` -> (`3.1`, `backend-user`); `2. User Stories`,
/// `二、用户故事`, `第3章 系统详情` are understood too.
pub fn split_number(title: &str) -> (Option<String>, String) {
    let t = title.trim();
    // Arabic: 1 / 1. / 1.2 / 1.2.3 / 1) followed by space or 、
    let digits_end = t
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || *c == '.'))
        .map_or(t.len(), |(i, _)| i);
    if digits_end > 0 && t.as_bytes().first().is_some_and(|b| b.is_ascii_digit()) {
        let num = t[..digits_end].trim_end_matches('.');
        let rest = &t[digits_end..];
        let rest_trim = rest.trim_start_matches([')', '、', '）']);
        if rest.is_empty() || rest_trim.len() != rest.len() || rest.starts_with(char::is_whitespace)
        {
            return (Some(num.to_string()), rest_trim.trim().to_string());
        }
    }
    // 第3章 / 第三章 / 第三部分
    if let Some(rest) = t.strip_prefix('第') {
        let end = rest
            .char_indices()
            .find(|(_, c)| !(c.is_ascii_digit() || chinese_digit(*c).is_some()))
            .map_or(rest.len(), |(i, _)| i);
        if end > 0 {
            let num = parse_ordinal(&rest[..end]);
            let after = rest[end..].trim_start_matches(['章', '节', '部', '分', '、', '.']);
            return (num, after.trim().to_string());
        }
    }
    // 一、 / 二. / 十二、
    let end = t
        .char_indices()
        .find(|(_, c)| chinese_digit(*c).is_none())
        .map_or(t.len(), |(i, _)| i);
    if end > 0 {
        let after = &t[end..];
        if let Some(rest) = after
            .strip_prefix('、')
            .or_else(|| after.strip_prefix('.'))
            .or_else(|| after.strip_prefix('．'))
        {
            return (parse_ordinal(&t[..end]), rest.trim().to_string());
        }
    }
    (None, t.to_string())
}

fn chinese_digit(c: char) -> Option<u32> {
    Some(match c {
        '零' | '〇' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        '十' => 10,
        _ => return None,
    })
}

/// `3` -> 3, `十二` -> 12, `二十` -> 20.
fn parse_ordinal(s: &str) -> Option<String> {
    if s.chars().all(|c| c.is_ascii_digit()) {
        return Some(s.to_string());
    }
    let mut total = 0u32;
    let mut current = 0u32;
    for c in s.chars() {
        let d = chinese_digit(c)?;
        if d == 10 {
            total += current.max(1) * 10;
            current = 0;
        } else {
            current = d;
        }
    }
    Some((total + current).to_string())
}

/// Lower-cases and trims a header or title for comparison, dropping
/// punctuation at the ends and markup characters.
pub fn normalize_key(s: &str) -> String {
    let s: String = s
        .chars()
        .filter(|c| !matches!(c, '*' | '`' | '_'))
        .collect::<String>()
        .to_lowercase();
    collapse_ws(s.trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, ':' | '：' | '.' | '(' | ')' | '（' | '）')
    }))
}

/// True when a (normalised) header matches a synonym list: equal to one, or
/// containing a multi-word or non-ASCII one (`Tech Stack (runtime)` ->
/// `tech stack`, `系统名称` -> `系统`), or made of one plus a parenthesised note.
pub fn header_matches(header: &str, synonyms: &[&str]) -> bool {
    let h = normalize_key(header);
    synonyms.iter().any(|s| {
        h == *s
            || ((s.contains(' ') || !s.is_ascii()) && h.contains(s))
            || h.split(|c: char| !c.is_alphanumeric())
                .next()
                .is_some_and(|first| first == *s && s.is_ascii())
                && h.len() > s.len()
                && h[s.len()..].trim_start().starts_with(['(', '/'])
            || h.split('/').any(|part| part.trim() == *s)
    })
}

/// True when a section title contains one of `keywords` (lower case; Chinese
/// keywords match anywhere, English ones at a word start).
pub fn title_matches(title: &str, keywords: &[&str]) -> bool {
    let t = normalize_key(title);
    keywords.iter().any(|k| {
        if !k.is_ascii() {
            return t.contains(k);
        }
        t.match_indices(k).any(|(i, _)| {
            i == 0
                || t[..i]
                    .chars()
                    .next_back()
                    .is_some_and(|c| !c.is_alphanumeric())
        })
    })
}

/// Plain text of one line of markdown: `**bold**`, `__bold__`, `*em*`,
/// `` `code` ``, `[text](url)`, `<!-- comments -->` and HTML tags removed;
/// whitespace collapsed. For line-based reading of prose (the parsed
/// [`ListItem::text`] and [`Cell::text`] are already plain).
pub fn strip_inline(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |e| &after[e + 3..]);
            out.push(' ');
        } else if rest.starts_with('<')
            && rest[1..]
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '/')
            && rest.find('>').is_some()
        {
            let e = rest.find('>').unwrap_or(0);
            let tag = rest[..e].to_ascii_lowercase();
            // Only strip things that look like tags, not `<token>` placeholders
            // in prose such as "Bearer <token>"... keep those.
            if tag.starts_with("<br") || tag.starts_with("</") || is_html_tag(&tag) {
                out.push(' ');
                rest = &rest[e + 1..];
            } else {
                out.push('<');
                rest = &rest[1..];
            }
        } else if let Some(after) = rest.strip_prefix("**").or_else(|| rest.strip_prefix("__")) {
            rest = after;
        } else if let Some(after) = rest.strip_prefix('`') {
            rest = after;
        } else if rest.starts_with('[') {
            // [text](url) -> text; [x] task markers and other brackets stay.
            match link_parts(rest) {
                Some((label, consumed)) => {
                    out.push_str(label);
                    rest = &rest[consumed..];
                }
                None => {
                    out.push('[');
                    rest = &rest[1..];
                }
            }
        } else {
            let c = rest.chars().next().unwrap_or(' ');
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    collapse_ws(&out)
}

fn is_html_tag(tag: &str) -> bool {
    const TAGS: &[&str] = &[
        "b", "i", "em", "strong", "code", "span", "p", "div", "sub", "sup", "u", "s", "a", "small",
        "mark", "del", "ins", "kbd",
    ];
    let name: String = tag
        .trim_start_matches('<')
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    TAGS.contains(&name.as_str())
}

/// `[label](url)...` -> (label, bytes consumed).
fn link_parts(s: &str) -> Option<(&str, usize)> {
    let close = s.find(']')?;
    let label = &s[1..close];
    let after = &s[close + 1..];
    if !after.starts_with('(') {
        return None;
    }
    let end = after.find(')')?;
    Some((label, close + 1 + end + 1))
}

/// Strips a list marker (`-`, `*`, `+`, `1.`, `1)`) and a task box (`[ ]`,
/// `[x]`) from the start of a line: returns (indent, checked, rest).
pub fn strip_list_marker(line: &str) -> (usize, Option<bool>, &str) {
    let indent = line.len() - line.trim_start().len();
    let mut rest = line.trim_start();
    let mut is_item = false;
    if let Some(r) = rest
        .strip_prefix("- ")
        .or_else(|| rest.strip_prefix("* "))
        .or_else(|| rest.strip_prefix("+ "))
        .or_else(|| rest.strip_prefix("• "))
    {
        rest = r;
        is_item = true;
    } else {
        let digits = rest.chars().take_while(|c| c.is_ascii_digit()).count();
        if digits > 0 && digits < 4 {
            if let Some(r) = rest[digits..]
                .strip_prefix(". ")
                .or_else(|| rest[digits..].strip_prefix(") "))
                .or_else(|| rest[digits..].strip_prefix("、"))
            {
                rest = r;
                is_item = true;
            }
        }
    }
    let rest = rest.trim_start();
    let lower = rest.get(..3).map(|s| s.to_ascii_lowercase());
    let checked = match lower.as_deref() {
        Some("[ ]") => Some(false),
        Some("[x]") => Some(true),
        _ => None,
    };
    let rest = if checked.is_some() && is_item {
        &rest[3..]
    } else {
        rest
    };
    (indent, checked.filter(|_| is_item), rest.trim())
}

/// True when the line starts a list item (`-`, `*`, `+`, `1.`).
pub fn is_list_line(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with("- ") || t.starts_with("* ") || t.starts_with("+ ") || t.starts_with("• ") || {
        let d = t.chars().take_while(|c| c.is_ascii_digit()).count();
        d > 0 && (t[d..].starts_with(". ") || t[d..].starts_with(") "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "# Title\n\n## 1. System Overview\n\n### 1.1 System List\n\n| **System** | Type | Responsibility |\n|---|---|---|\n| `backend-user` | **Backend** | Users <!-- note --> and [roles](x.md) |\n| web | Frontend<br>SPA | UI |\n\n### 1.3 Key Decisions\n\n- a\n  - [ ] nested\n- [x] b\n\n```\n## not a heading\n<!-- NOT: a marker -->\n```\n\n## 3. 系统详情\n\n### 3.1 backend-user\n\ntext <!-- ARCH-DECISION: go with JWT -->\n";

    #[test]
    fn sections_have_numbers_lines_and_parents() {
        let md = Markdown::parse(DOC);
        let titles: Vec<_> = md
            .sections
            .iter()
            .map(|s| (s.level, s.number.as_deref(), s.title.as_str(), s.line))
            .collect();
        assert_eq!(
            titles,
            vec![
                (1, None, "Title", 1),
                (2, Some("1"), "System Overview", 3),
                (3, Some("1.1"), "System List", 5),
                (3, Some("1.3"), "Key Decisions", 12),
                (2, Some("3"), "系统详情", 23),
                (3, Some("3.1"), "backend-user", 25),
            ]
        );
        assert_eq!(md.sections[2].parent, Some(1));
        assert_eq!(md.sections[5].parent, Some(4));
        assert_eq!(md.sections[0].parent, None);
        let details = md.find_section(titles::SYSTEM_DETAILS, None).unwrap();
        assert_eq!(details, 4);
        assert_eq!(md.find_section(&["nope"], Some("1.3")), Some(3));
        assert_eq!(md.descendants(1).count(), 2);
        assert!(md.slice(&md.own_body(1)).trim().is_empty());
    }

    #[test]
    fn tables_strip_markup_and_find_columns() {
        let md = Markdown::parse(DOC);
        assert_eq!(md.tables.len(), 1);
        let t = &md.tables[0];
        assert_eq!(t.line, 7);
        assert_eq!(t.column(headers::SYSTEM), Some(0));
        assert_eq!(t.column(headers::TYPE), Some(1));
        assert_eq!(t.column(headers::TECH_STACK), None);
        let r = &t.rows[0];
        assert_eq!(r.line, 9);
        assert_eq!(r.text(Some(0)), "backend-user");
        assert_eq!(r.text(Some(1)), "Backend");
        assert_eq!(r.text(Some(2)), "Users and roles");
        assert_eq!(r.cells[1].raw, "**Backend**");
        assert_eq!(r.cells[1].column, 20);
        assert_eq!(t.rows[1].text(Some(1)), "Frontend SPA");
        assert_eq!(t.rows[1].text(Some(7)), "");
    }

    #[test]
    fn list_items_and_tasks() {
        let md = Markdown::parse(DOC);
        let items: Vec<_> = md
            .items
            .iter()
            .map(|i| (i.depth, i.checked, i.text.as_str(), i.line))
            .collect();
        assert_eq!(
            items,
            vec![
                (0, None, "a", 14),
                (1, Some(false), "nested", 15),
                (0, Some(true), "b", 16)
            ]
        );
    }

    #[test]
    fn comments_outside_code_only() {
        let md = Markdown::parse(DOC);
        let markers: Vec<_> = md
            .markers()
            .map(|c| (c.kind.as_deref(), c.body.as_str(), c.line))
            .collect();
        assert_eq!(markers, vec![(Some("ARCH-DECISION"), "go with JWT", 27)]);
        assert_eq!(md.comments.len(), 2);
        assert_eq!(md.comments[0].kind, None);
    }

    #[test]
    fn line_col_agrees_with_diag() {
        let text = "ab\n用户x\n\nlast";
        let md = Markdown::parse(text);
        for off in 0..=text.len() {
            assert_eq!(md.line_col(off), crate::diag::line_col(text, off), "{off}");
        }
    }

    #[test]
    fn crlf_and_bom_tolerated() {
        let text =
            "\u{feff}## 2. User Stories\r\n\r\n| 系统 | 类型 |\r\n|---|---|\r\n| a | 后端 |\r\n";
        let md = Markdown::parse(text);
        assert_eq!(md.sections[0].title, "User Stories");
        let t = &md.tables[0];
        assert_eq!(t.rows[0].text(t.column(headers::TYPE)), "后端");
        let lines: Vec<_> = md.lines(0..text.len()).map(|l| l.text).collect();
        assert_eq!(lines[0], "## 2. User Stories");
    }

    #[test]
    fn numbers_in_titles() {
        assert_eq!(
            split_number("3.1 backend-user"),
            (Some("3.1".into()), "backend-user".into())
        );
        assert_eq!(
            split_number("2. User Stories"),
            (Some("2".into()), "User Stories".into())
        );
        assert_eq!(
            split_number("二、用户故事"),
            (Some("2".into()), "用户故事".into())
        );
        assert_eq!(
            split_number("第十二章 系统详情"),
            (Some("12".into()), "系统详情".into())
        );
        assert_eq!(
            split_number("US-001: Sign up"),
            (None, "US-001: Sign up".into())
        );
        assert_eq!(split_number("3D printing"), (None, "3D printing".into()));
        assert_eq!(split_number("一些问题"), (None, "一些问题".into()));
    }

    #[test]
    fn header_synonyms() {
        assert!(header_matches("Tech Stack (runtime)", headers::TECH_STACK));
        assert!(header_matches("系统名称", headers::SYSTEM));
        assert!(header_matches("**Type**", headers::TYPE));
        assert!(header_matches("Type / 类型", headers::TYPE));
        assert!(!header_matches("Data Type", headers::SYSTEM));
        let md = Markdown::parse("| Name | Description | Tech |\n|--|--|--|\n| a | b | c |\n");
        let t = &md.tables[0];
        let sys = t.column(headers::SYSTEM);
        let resp = t.column_except(headers::RESPONSIBILITY, &[sys]);
        assert_eq!(
            (sys, resp, t.column(headers::TECH_STACK)),
            (Some(0), Some(1), Some(2))
        );
    }

    #[test]
    fn titles_match_words() {
        assert!(title_matches("User Stories", titles::USER_STORIES));
        assert!(title_matches("4. 非功能需求", titles::NON_FUNCTIONAL));
        assert!(title_matches(
            "Open Questions (TBD)",
            titles::OPEN_QUESTIONS
        ));
        assert!(!title_matches("Subsystems", titles::SYSTEM_LIST));
    }

    #[test]
    fn strip_inline_markup() {
        assert_eq!(
            strip_inline("- **Role**: As a `user` <!-- x --> see [doc](a.md) <br/> ok"),
            "- Role: As a user see doc ok"
        );
        assert_eq!(strip_inline("Bearer <token>"), "Bearer <token>");
        assert_eq!(strip_list_marker("  - [x] done"), (2, Some(true), "done"));
        assert_eq!(strip_list_marker("3. third"), (0, None, "third"));
    }

    #[test]
    fn unterminated_comment_and_garbage_do_not_panic() {
        let md = Markdown::parse("# a\n<!-- never closed\n| x |\n|-\n用户");
        assert_eq!(md.comments.len(), 1);
        let _ = Markdown::parse("");
        let _ = Markdown::parse("\n\n###\n|");
    }

    /// Pieces real documents are made of, shuffled: whatever comes out, the
    /// readers must return (never panic) and positions must stay in range.
    fn piece() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        prop_oneof![
            Just("# ".to_string()),
            Just("### US-001: ".to_string()),
            Just("## 3. 系统详情\n".to_string()),
            Just("| System | Type |\n|---|---|\n".to_string()),
            Just("| backend-x | 后端 |\n".to_string()),
            Just("- **Role**: As a ".to_string()),
            Just("  - [ ] ".to_string()),
            Just("<!-- UNCERTAINTY: ".to_string()),
            Just("-->".to_string()),
            Just("```\n".to_string()),
            Just("`".to_string()),
            Just("**".to_string()),
            Just("[a](".to_string()),
            Just("1,000 users 1.5万 200 ms p95 ".to_string()),
            Just("\r\n".to_string()),
            Just("\u{feff}".to_string()),
            Just("作为用户，我想要".to_string()),
            Just("External API: ../x.yaml docs/storage/y.md\n".to_string()),
            "[ -~]{0,12}",
            "\\PC{0,6}",
        ]
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]
        #[test]
        fn readers_never_panic(parts in proptest::collection::vec(piece(), 0..40)) {
            let text: String = parts.concat();
            let md = Markdown::parse(&text);
            for s in &md.sections {
                proptest::prop_assert!(s.body.start <= s.body.end && s.body.end <= md.text.len());
                proptest::prop_assert!(s.line >= 1);
            }
            for t in &md.tables {
                for r in &t.rows {
                    proptest::prop_assert!(r.line >= t.line);
                }
            }
            let _ = md.lines(0..text.len()).count();
            let path = std::path::Path::new("f.md");
            let _ = crate::input::requirements::parse(&text, path);
            let _ = crate::input::architecture::parse(&text, path);
            let _ = crate::input::quantity::find_quantities(&text);
            let _ = strip_inline(&text);
        }
    }
}
