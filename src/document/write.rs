//! The writer: [`Design`] -> the document's bytes. Deterministic: the same
//! model gives the same bytes (no clock, no hash-map order, no locale).
//!
//! Layout (storage-stage.md Step 3, product.md "The document"): title, input
//! stamp, a preamble note, sections 1 to 5 with the template's titles, then
//! numbered sections for the other stores that are present, then the
//! sections the model keeps as notes verbatim.

use super::syntax::{
    classify_title, escape_cell, format_constraints, format_index_columns, format_relationship,
    with_sources, SectionKind,
};
use crate::model::{Design, Field, Note};
use std::fmt::Write;

/// Renders the whole document.
pub fn render(design: &Design) -> String {
    let mut w = Writer::default();
    let system = one_line(design.system.trim());
    let system = if system.trim().is_empty() {
        "Backend"
    } else {
        system.trim()
    };
    w.line(&format!("# {system} Storage Design"));
    if let Some(stamp) = &design.stamp {
        w.blank();
        w.line(&format!("<!-- stowage: inputs={} -->", stamp.inputs_digest));
    }
    for note in design.notes.iter().filter(|n| n.section.trim().is_empty()) {
        w.blank();
        w.text(&note.text);
    }

    let mut number = 0;
    for kind in SectionKind::ALL {
        if !section_present(design, kind) {
            continue;
        }
        number += 1;
        w.blank();
        w.line(&format!("## {number}. {}", kind.title()));
        for note in notes_of(design, kind) {
            w.blank();
            w.text(&note.text);
        }
        match kind {
            SectionKind::Storage => storage(&mut w, design),
            SectionKind::Entities => entities(&mut w, design),
            SectionKind::Relationships => relationships(&mut w, design),
            SectionKind::Indexes => indexes(&mut w, design),
            SectionKind::Queries => queries(&mut w, design),
            SectionKind::Cache => cache(&mut w, design),
            SectionKind::Search => search(&mut w, design),
            SectionKind::Documents => documents(&mut w, design),
            SectionKind::Objects => objects(&mut w, design),
        }
    }

    for note in design
        .notes
        .iter()
        .filter(|n| !n.section.trim().is_empty() && classify_note(n).is_none())
    {
        w.blank();
        w.line(&section_heading(&note.section));
        if !note.text.trim().is_empty() {
            w.blank();
            w.text(&note.text);
        }
    }
    w.finish()
}

/// Sections 1 to 5 are always written; the others only when they have content.
fn section_present(design: &Design, kind: SectionKind) -> bool {
    kind.template_number().is_some()
        || notes_of(design, kind).next().is_some()
        || match kind {
            SectionKind::Cache => !design.stores.cache.is_empty(),
            SectionKind::Search => !design.stores.search.is_empty(),
            SectionKind::Documents => !design.stores.documents.is_empty(),
            SectionKind::Objects => !design.stores.objects.is_empty(),
            _ => false,
        }
}

/// The heading of a section the template does not have, at the level of the
/// template's sections or above (a deeper one would be read back as part of
/// the section written before it), on one line.
fn section_heading(section: &str) -> String {
    let heading = one_line(section.trim());
    match super::read::atx_hashes(&heading) {
        None => format!("## {heading}"),
        Some(1 | 2) => heading,
        Some(hashes) => format!("##{}", &heading[hashes..]),
    }
}

fn classify_note(note: &Note) -> Option<SectionKind> {
    classify_title(&note.section)
}

fn notes_of(design: &Design, kind: SectionKind) -> impl Iterator<Item = &Note> {
    design
        .notes
        .iter()
        .filter(move |n| !n.section.trim().is_empty() && classify_note(n) == Some(kind))
}

fn storage(w: &mut Writer, design: &Design) {
    let rows = design.storage.iter().map(|s| {
        vec![
            s.storage_type.clone(),
            s.technology.clone(),
            s.what.clone(),
            with_sources(&s.reason, &s.sources),
        ]
    });
    w.table(&["Storage Type", "Technology", "Purpose", "Reason"], rows);
}

fn entities(w: &mut Writer, design: &Design) {
    for (i, e) in design.entities.iter().enumerate() {
        w.blank();
        w.line(&format!("### 2.{} {}", i + 1, one_line(&e.name)));
        if !e.table.is_empty() {
            w.blank();
            w.line(&format!("Table: `{}`", e.table));
        }
        let description = with_sources(&one_line(&e.description), &e.sources);
        if !description.is_empty() {
            w.blank();
            w.line(&description);
        }
        field_table(w, &e.fields);
        for note in &e.notes {
            w.blank();
            w.text(note);
        }
    }
}

fn field_table(w: &mut Writer, fields: &[Field]) {
    let rows = fields.iter().map(|f| {
        vec![
            f.name.clone(),
            f.ty.to_string(),
            format_constraints(&f.constraints),
            with_sources(&f.description, &f.sources),
        ]
    });
    w.table(&["Field", "Type", "Constraints", "Description"], rows);
}

fn relationships(w: &mut Writer, design: &Design) {
    if !design.relationships.is_empty() {
        w.blank();
        w.line("```");
        for r in &design.relationships {
            w.line(&format_relationship(
                &one_line(&r.left),
                &one_line(&r.right),
                r.cardinality,
                r.via.as_deref().map(one_line).as_deref(),
            ));
        }
        w.line("```");
    }
    w.blank();
    w.line("```mermaid");
    let diagram = crate::export::mermaid::render(design);
    w.raw(diagram.trim_end_matches('\n'));
    w.line("");
    w.line("```");
    if design
        .relationships
        .iter()
        .any(|r| !r.label.is_empty() || !r.sources.is_empty())
    {
        let rows = design.relationships.iter().map(|r| {
            vec![
                format_relationship(&r.left, &r.right, r.cardinality, r.via.as_deref()),
                r.label.clone(),
                r.sources
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            ]
        });
        w.table(&["Relationship", "Label", "Sources"], rows);
    }
}

fn indexes(w: &mut Writer, design: &Design) {
    let rows = design.indexes.iter().map(|ix| {
        vec![
            ix.table.clone(),
            ix.name.clone(),
            format_index_columns(&ix.columns),
            ix.kind.label().to_string(),
            with_sources(&ix.purpose, &ix.sources),
        ]
    });
    w.table(&["Table", "Index", "Fields", "Type", "Purpose"], rows);
}

fn queries(w: &mut Writer, design: &Design) {
    let rows = design.query_patterns.iter().map(|q| {
        let sort = q
            .range_or_sort
            .as_ref()
            .map(|c| format_index_columns(std::slice::from_ref(c)))
            .unwrap_or_default();
        vec![
            with_sources(&q.scenario, &q.sources),
            q.frequency.label().to_string(),
            q.tables.join(", "),
            q.equality.join(", "),
            sort,
            optimization_cell(&q.optimization, q.served_by.as_deref()),
        ]
    });
    w.table(
        &[
            "Query Scenario",
            "Frequency",
            "Tables",
            "Filter",
            "Range / Sort",
            "Optimization",
        ],
        rows,
    );
}

/// The Optimization cell names the index that serves the pattern: when the
/// written text does not mention it, the name leads in backticks.
pub(crate) fn optimization_cell(optimization: &str, served_by: Option<&str>) -> String {
    match served_by {
        Some(name) if !name.is_empty() && !mentions(optimization, name) => {
            if optimization.is_empty() {
                format!("`{name}`")
            } else {
                format!("`{name}` {optimization}")
            }
        }
        _ => optimization.to_string(),
    }
}

/// `name` occurs in `text` as a whole word (or in backticks).
pub(crate) fn mentions(text: &str, name: &str) -> bool {
    if name.is_empty() {
        return false;
    }
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    let mut from = 0;
    while let Some(i) = text[from..].find(name) {
        let start = from + i;
        let end = start + name.len();
        let before_ok = text[..start]
            .chars()
            .next_back()
            .is_none_or(|c| !is_word(c));
        let after_ok = text[end..].chars().next().is_none_or(|c| !is_word(c));
        if before_ok && after_ok {
            return true;
        }
        from = start + name.chars().next().map(char::len_utf8).unwrap_or(1);
        if from >= text.len() {
            break;
        }
    }
    false
}

fn cache(w: &mut Writer, design: &Design) {
    let rows = design.stores.cache.iter().map(|k| {
        vec![
            k.pattern.clone(),
            k.data_type.clone(),
            k.ttl.clone(),
            with_sources(&k.purpose, &k.sources),
        ]
    });
    w.table(&["Key Pattern", "Type", "TTL", "Purpose"], rows);
}

fn search(w: &mut Writer, design: &Design) {
    for ix in &design.stores.search {
        w.blank();
        w.line(&format!("### {}", one_line(&ix.name)));
        if !ix.source_entity.is_empty() {
            w.blank();
            w.line(&format!("Source entity: `{}`", ix.source_entity));
        }
        let purpose = with_sources(&one_line(&ix.purpose), &ix.sources);
        if !purpose.is_empty() {
            w.blank();
            w.line(&purpose);
        }
        let rows = ix
            .fields
            .iter()
            .map(|f| vec![f.name.clone(), f.mapping.clone(), f.note.clone()]);
        w.table(&["Field", "Mapping", "Note"], rows);
    }
}

fn documents(w: &mut Writer, design: &Design) {
    for c in &design.stores.documents {
        w.blank();
        w.line(&format!("### {}", one_line(&c.name)));
        let purpose = with_sources(&one_line(&c.purpose), &c.sources);
        if !purpose.is_empty() {
            w.blank();
            w.line(&purpose);
        }
        field_table(w, &c.fields);
    }
}

fn objects(w: &mut Writer, design: &Design) {
    let rows = design.stores.objects.iter().map(|b| {
        vec![
            b.name.clone(),
            b.key_layout.clone(),
            with_sources(&b.purpose, &b.sources),
        ]
    });
    w.table(&["Bucket", "Key Layout", "Purpose"], rows);
}

fn one_line(s: &str) -> String {
    s.replace(['\n', '\r'], " ")
}

/// Accumulates lines; collapses the blank lines between blocks to one.
#[derive(Default)]
struct Writer {
    out: String,
}

impl Writer {
    fn line(&mut self, s: &str) {
        self.out.push_str(s);
        self.out.push('\n');
    }
    fn raw(&mut self, s: &str) {
        self.out.push_str(s);
    }
    fn blank(&mut self) {
        if !self.out.is_empty() && !self.out.ends_with("\n\n") {
            self.out.push('\n');
        }
    }
    /// A verbatim block of text (a note), without its surrounding blank
    /// lines. A code fence or HTML block the note leaves open is closed, or it
    /// would swallow everything written after it.
    fn text(&mut self, s: &str) {
        let t = s.trim_matches('\n');
        if !t.trim().is_empty() {
            let t = t.trim_end();
            self.line(t);
            if let Some(closer) = open_block(t) {
                self.line(&closer);
            }
        }
    }
    fn table(&mut self, header: &[&str], rows: impl Iterator<Item = Vec<String>>) {
        self.blank();
        let _ = writeln!(self.out, "| {} |", header.join(" | "));
        let rule: Vec<String> = header
            .iter()
            .map(|h| "-".repeat(h.chars().count() + 2))
            .collect();
        let _ = writeln!(self.out, "|{}|", rule.join("|"));
        for row in rows {
            let cells: Vec<String> = row
                .iter()
                .map(|c| {
                    let c = escape_cell(c.trim());
                    if c.is_empty() {
                        " ".to_string()
                    } else {
                        format!(" {c} ")
                    }
                })
                .collect();
            let _ = writeln!(self.out, "|{}|", cells.join("|"));
        }
    }
    fn finish(mut self) -> String {
        while self.out.ends_with("\n\n") {
            self.out.pop();
        }
        if !self.out.ends_with('\n') {
            self.out.push('\n');
        }
        self.out
    }
}

/// The line that closes a fenced code block or an HTML block (CommonMark
/// kinds 1 to 5, which end at a marker, not at a blank line) left open at the
/// end of `text`, if one is.
fn open_block(text: &str) -> Option<String> {
    enum State {
        Text,
        Fence(char, usize),
        Html(String),
    }
    let mut state = State::Text;
    for line in text.lines() {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let t = line.trim_start_matches(' ');
        state = match state {
            State::Fence(c, n) => {
                let run = t.chars().take_while(|x| *x == c).count();
                if indent < 4 && run >= n && t[run * c.len_utf8()..].trim().is_empty() {
                    State::Text
                } else {
                    State::Fence(c, n)
                }
            }
            State::Html(end) => {
                if line.to_ascii_lowercase().contains(&end) {
                    State::Text
                } else {
                    State::Html(end)
                }
            }
            State::Text if indent >= 4 => State::Text,
            State::Text => {
                let fence = ['`', '~'].into_iter().find_map(|c| {
                    let run = t.chars().take_while(|x| *x == c).count();
                    (run >= 3 && (c == '~' || !t[run..].contains('`'))).then_some((c, run))
                });
                match (fence, html_block_end(t)) {
                    (Some((c, n)), _) => State::Fence(c, n),
                    (None, Some(end)) if !t.to_ascii_lowercase().contains(end) => {
                        State::Html(end.to_string())
                    }
                    _ => State::Text,
                }
            }
        };
    }
    match state {
        State::Text => None,
        State::Fence(c, n) => Some(c.to_string().repeat(n)),
        State::Html(end) => Some(end),
    }
}

/// The end marker of an HTML block that starts `line` (lower case), for the
/// kinds that end at a marker.
fn html_block_end(line: &str) -> Option<&'static str> {
    let l = line.to_ascii_lowercase();
    for tag in ["script", "pre", "style", "textarea"] {
        if let Some(rest) = l.strip_prefix('<').and_then(|r| r.strip_prefix(tag)) {
            if rest.is_empty() || rest.starts_with([' ', '\t', '>']) {
                return Some(match tag {
                    "script" => "</script>",
                    "pre" => "</pre>",
                    "style" => "</style>",
                    _ => "</textarea>",
                });
            }
        }
    }
    if l.starts_with("<!--") {
        // The end marker may not overlap the start: `<!-->` ends at once.
        return (!l[2..].contains("-->")).then_some("-->");
    }
    if l.starts_with("<?") {
        return Some("?>");
    }
    if l.starts_with("<![cdata[") {
        return Some("]]>");
    }
    if l.starts_with("<!") && l[2..].starts_with(|c: char| c.is_ascii_alphabetic()) {
        return Some(">");
    }
    None
}
