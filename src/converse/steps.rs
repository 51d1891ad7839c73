//! The steps of the conversation for one system (storage-stage.md 2.1 to 4),
//! as functions over a [`Prompter`]. The first choice of every question is
//! "accept", and it is the default: Enter all the way keeps the proposal.

use super::edit::{self, EditError, FieldChange};
use super::prompt::Prompter;
use crate::diag::Diagnostic;
use crate::document::syntax::{format_constraints, format_index_columns, format_relationship};
use crate::model::{Design, Entity, Index, QueryPattern, Relationship, Source};
use std::io;

/// The steps, in order; the checklist can go back to any of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Entities,
    Fields,
    Relationships,
    Technology,
    Indexes,
    Checklist,
}

const STEPS: [Step; 6] = [
    Step::Entities,
    Step::Fields,
    Step::Relationships,
    Step::Technology,
    Step::Indexes,
    Step::Checklist,
];

impl Step {
    fn title(self) -> &'static str {
        match self {
            Step::Entities => "entities",
            Step::Fields => "fields",
            Step::Relationships => "relationships",
            Step::Technology => "technology",
            Step::Indexes => "indexes and query patterns",
            Step::Checklist => "checklist",
        }
    }
}

/// How the conversation ended.
#[derive(Debug, Clone, PartialEq)]
#[allow(clippy::large_enum_variant)] // one per system, never stored in bulk
pub enum Outcome {
    Write(Design),
    Quit,
}

/// What a step returns: go on, or the person left.
enum Flow {
    Next,
    Back(Step),
    Write,
    Quit,
}

/// Runs every step on `design`; `findings` is `check` over a design.
pub fn converse(
    p: &mut dyn Prompter,
    mut design: Design,
    findings: &dyn Fn(&Design) -> Vec<Diagnostic>,
) -> io::Result<Outcome> {
    p.say(&format!("\nBackend System: {}", design.system));
    let mut at = 0;
    while let Some(&step) = STEPS.get(at) {
        let flow = match step {
            Step::Entities => entities(p, &mut design)?,
            Step::Fields => fields(p, &mut design)?,
            Step::Relationships => relationships(p, &mut design)?,
            Step::Technology => technology(p, &mut design)?,
            Step::Indexes => indexes(p, &mut design)?,
            Step::Checklist => checklist(p, &design, findings)?,
        };
        match flow {
            Flow::Next => at += 1,
            Flow::Back(s) => at = STEPS.iter().position(|x| *x == s).unwrap_or(0),
            Flow::Write => return Ok(Outcome::Write(design)),
            Flow::Quit => return Ok(Outcome::Quit),
        }
    }
    Ok(Outcome::Write(design))
}

fn items(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

fn sources(s: &[Source]) -> String {
    if s.is_empty() {
        String::new()
    } else {
        let v: Vec<&str> = s.iter().map(Source::as_str).collect();
        format!(" ({})", v.join(", "))
    }
}

/// Reports a failed edit and lets the person try again.
fn report(p: &mut dyn Prompter, r: Result<(), EditError>) {
    if let Err(e) = r {
        p.say(&format!("  not done: {e}"));
    }
}

/// Asks for text; `None` when the person left.
macro_rules! ask {
    ($p:expr, $prompt:expr, $default:expr) => {
        match $p.input($prompt, $default)? {
            Some(v) => v,
            None => return Ok(Flow::Quit),
        }
    };
}

macro_rules! choose {
    ($p:expr, $prompt:expr, $items:expr, $default:expr) => {
        match $p.select($prompt, $items, $default)? {
            Some(v) => v,
            None => return Ok(Flow::Quit),
        }
    };
}

fn entity_names(d: &Design) -> Vec<String> {
    d.entities.iter().map(|e| e.name.clone()).collect()
}

fn show_entities(p: &mut dyn Prompter, d: &Design) {
    let mut text = String::from("\nProposed Entities:");
    for e in &d.entities {
        text.push_str(&format!(
            "\n- {}: {}{}",
            e.name,
            e.description,
            sources(&e.sources)
        ));
    }
    if d.entities.is_empty() {
        text.push_str("\n  (none)");
    }
    p.say(&text);
}

fn entities(p: &mut dyn Prompter, d: &mut Design) -> io::Result<Flow> {
    loop {
        show_entities(p, d);
        let actions = items(&[
            "Accept",
            "Add an entity",
            "Remove an entity",
            "Rename an entity",
            "Merge two entities",
        ]);
        match choose!(p, "Does this look complete?", &actions, 0) {
            0 => return Ok(Flow::Next),
            1 => {
                let name = ask!(p, "Name of the new entity (PascalCase)", "");
                let description = ask!(p, "What it holds (one line)", "");
                let e = Entity {
                    name,
                    description,
                    ..Default::default()
                };
                let r = edit::add_entity(d, e);
                report(p, r);
            }
            2..=4 if d.entities.is_empty() => p.say("  there are no entities yet"),
            2 => {
                let names = entity_names(d);
                let i = choose!(p, "Remove which entity?", &names, 0);
                let r = edit::remove_entity(d, &names[i]);
                report(p, r);
            }
            3 => {
                let names = entity_names(d);
                let i = choose!(p, "Rename which entity?", &names, 0);
                let new = ask!(p, "New name", &names[i]);
                let r = edit::rename_entity(d, &names[i], &new);
                report(p, r);
            }
            _ => {
                let names = entity_names(d);
                let from = choose!(p, "Merge which entity...", &names, 0);
                let into = choose!(p, "...into which entity?", &names, 0);
                let r = edit::merge_entities(d, &names[from], &names[into]);
                report(p, r);
            }
        }
    }
}

fn field_table(e: &Entity) -> String {
    let mut text = format!(
        "\nEntity: {} (table `{}`)\n\n| Field | Type | Constraints | Description |\n|-------|------|-------------|-------------|",
        e.name, e.table
    );
    for f in &e.fields {
        text.push_str(&format!(
            "\n| {} | {} | {} | {} |",
            f.name,
            f.ty,
            format_constraints(&f.constraints),
            f.description
        ));
    }
    text
}

fn fields(p: &mut dyn Prompter, d: &mut Design) -> io::Result<Flow> {
    let mut i = 0;
    while let Some(entity) = d.entities.get(i) {
        let name = entity.name.clone();
        p.say(&field_table(entity));
        let actions = items(&["Accept", "Edit a field", "Add a field", "Drop a field"]);
        match choose!(p, &format!("Fields of {name}"), &actions, 0) {
            0 => i += 1,
            1 | 3 if d.entities[i].fields.is_empty() => p.say("  there are no fields yet"),
            1 => {
                let names: Vec<String> = d.entities[i]
                    .fields
                    .iter()
                    .map(|f| f.name.clone())
                    .collect();
                let fi = choose!(p, "Edit which field?", &names, 0);
                let f = d.entities[i].fields[fi].clone();
                let new_name = ask!(p, "Name", &f.name);
                let ty = ask!(p, "Type", &f.ty.to_string());
                let old_constraints = format_constraints(&f.constraints);
                let constraints = ask!(p, "Constraints", &old_constraints);
                let change = FieldChange {
                    name: (new_name != f.name).then_some(new_name),
                    ty: (ty != f.ty.to_string()).then_some(ty),
                    constraints: (constraints != old_constraints).then_some(constraints),
                    description: None,
                };
                let r = edit::edit_field(d, &name, &f.name, &change);
                report(p, r);
            }
            2 => {
                let field_name = ask!(p, "Field name", "");
                let ty = ask!(p, "Type", "TEXT");
                let constraints = ask!(p, "Constraints", "");
                let description = ask!(p, "Description", "");
                let f = edit::field_from_text(d, &field_name, &ty, &constraints, &description);
                let r = edit::add_field(d, &name, f);
                report(p, r);
            }
            _ => {
                let names: Vec<String> = d.entities[i]
                    .fields
                    .iter()
                    .map(|f| f.name.clone())
                    .collect();
                let fi = choose!(p, "Drop which field?", &names, 0);
                let r = edit::drop_field(d, &name, &names[fi]);
                report(p, r);
            }
        }
    }
    Ok(Flow::Next)
}

fn rel_line(r: &Relationship) -> String {
    format_relationship(&r.left, &r.right, r.cardinality, r.via.as_deref())
}

fn relationships(p: &mut dyn Prompter, d: &mut Design) -> io::Result<Flow> {
    loop {
        let mut text = String::from("\nEntity Relationships:");
        for r in &d.relationships {
            text.push_str(&format!("\n  {}{}", rel_line(r), sources(&r.sources)));
        }
        if d.relationships.is_empty() {
            text.push_str("\n  (none)");
        }
        p.say(&text);
        let actions = items(&[
            "Accept",
            "Change a cardinality",
            "Add a relationship",
            "Drop a relationship",
        ]);
        match choose!(p, "Are the relationships correct?", &actions, 0) {
            0 => return Ok(Flow::Next),
            1 | 3 if d.relationships.is_empty() => p.say("  there are no relationships yet"),
            1 => {
                let lines: Vec<String> = d.relationships.iter().map(rel_line).collect();
                let i = choose!(p, "Which relationship?", &lines, 0);
                let r = d.relationships[i].clone();
                let cards = items(&["1:1", "1:N", "N:M"]);
                let current = cards
                    .iter()
                    .position(|c| c == edit::cardinality_label(r.cardinality))
                    .unwrap_or(1);
                let c = choose!(
                    p,
                    &format!("Cardinality of {} – {}", r.left, r.right),
                    &cards,
                    current
                );
                let res = edit::parse_cardinality(&cards[c])
                    .and_then(|card| edit::set_cardinality(d, &r.left, &r.right, card, None));
                report(p, res);
            }
            2 => {
                let line = ask!(
                    p,
                    "Relationship (e.g. User 1 ──── N Order, or User 1:N Order)",
                    ""
                );
                let res = match crate::document::syntax::parse_relationship(&line) {
                    Some(rl) => edit::add_relationship(
                        d,
                        Relationship {
                            left: rl.left,
                            right: rl.right,
                            cardinality: rl.cardinality,
                            via: rl.via,
                            label: rl.label,
                            sources: Vec::new(),
                        },
                    ),
                    None => Err(EditError::Invalid(format!(
                        "`{line}` is not a relationship line"
                    ))),
                };
                report(p, res);
            }
            _ => {
                let lines: Vec<String> = d.relationships.iter().map(rel_line).collect();
                let i = choose!(p, "Drop which relationship?", &lines, 0);
                let r = d.relationships[i].clone();
                let res = edit::drop_relationship(d, &r.left, &r.right);
                report(p, res);
            }
        }
    }
}

fn technology(p: &mut dyn Prompter, d: &mut Design) -> io::Result<Flow> {
    let rows: Vec<_> = d.storage.iter().map(|s| (s.purpose, s.clone())).collect();
    for (purpose, row) in rows {
        p.say(&format!(
            "\n{}: {} for {}\n  why: {}{}",
            row.storage_type,
            row.technology,
            if row.what.is_empty() { "-" } else { &row.what },
            if row.reason.is_empty() {
                "-"
            } else {
                &row.reason
            },
            sources(&row.sources)
        ));
        let mut choices = vec![format!("Accept {}", row.technology)];
        for alt in edit::alternatives(purpose) {
            if !alt.eq_ignore_ascii_case(&row.technology) {
                choices.push(alt.to_string());
            }
        }
        choices.push("Another (type it)".into());
        let i = choose!(
            p,
            &format!("Technology for {}", row.storage_type),
            &choices,
            0
        );
        if i == 0 {
            continue;
        }
        let tech = if i + 1 == choices.len() {
            ask!(p, "Technology", &row.technology)
        } else {
            choices[i].clone()
        };
        let r = edit::choose_technology(d, purpose, &tech);
        report(p, r);
    }
    Ok(Flow::Next)
}

fn index_row(ix: &Index) -> String {
    format!(
        "{} | {} | {} | {} | {}",
        ix.table,
        ix.name,
        format_index_columns(&ix.columns),
        ix.kind.label(),
        ix.purpose
    )
}

fn pattern_row(q: &QueryPattern) -> String {
    format!(
        "{} | {} | {} | {}",
        q.scenario,
        q.frequency.label(),
        q.tables.join(", "),
        q.optimization
    )
}

fn indexes(p: &mut dyn Prompter, d: &mut Design) -> io::Result<Flow> {
    loop {
        let mut text = String::from("\nIndexes (Table | Index | Fields | Type | Purpose):");
        for ix in &d.indexes {
            text.push_str(&format!("\n  {}", index_row(ix)));
        }
        text.push_str("\nQuery patterns (Scenario | Frequency | Tables | Optimization):");
        for q in &d.query_patterns {
            text.push_str(&format!("\n  {}", pattern_row(q)));
        }
        p.say(&text);
        let actions = items(&[
            "Accept",
            "Add an index",
            "Drop an index",
            "Add a query pattern",
            "Drop a query pattern",
        ]);
        match choose!(p, "Are the indexes sufficient?", &actions, 0) {
            0 => return Ok(Flow::Next),
            1 if d.entities.is_empty() => p.say("  there are no entities yet"),
            1 => {
                let names = entity_names(d);
                let t = choose!(p, "On which entity?", &names, 0);
                let cols = ask!(p, "Columns in order (e.g. user_id, created_at DESC)", "");
                let kinds = items(&["BTREE", "UNIQUE", "HASH", "GIN", "FULLTEXT"]);
                let k = choose!(p, "Type", &kinds, 0);
                let purpose = ask!(p, "Purpose", "");
                let res = edit::parse_index_kind(&kinds[k]).and_then(|kind| {
                    edit::add_index(
                        d,
                        Index {
                            table: names[t].clone(),
                            name: String::new(),
                            columns: crate::document::syntax::parse_index_columns(&cols),
                            kind,
                            purpose,
                            sources: Vec::new(),
                        },
                    )
                });
                report(p, res);
            }
            2 | 4 if d.indexes.is_empty() && d.query_patterns.is_empty() => {
                p.say("  nothing to drop")
            }
            2 => {
                let names: Vec<String> = d.indexes.iter().map(|i| i.name.clone()).collect();
                let i = choose!(p, "Drop which index?", &names, 0);
                let r = edit::drop_index(d, &names[i]);
                report(p, r);
            }
            3 => {
                let scenario = ask!(p, "Query scenario", "");
                let tables = ask!(p, "Tables read (comma separated)", "");
                let q = QueryPattern {
                    scenario,
                    tables: tables
                        .split(',')
                        .map(str::trim)
                        .filter(|t| !t.is_empty())
                        .map(String::from)
                        .collect(),
                    ..Default::default()
                };
                let r = edit::add_pattern(d, q);
                report(p, r);
            }
            _ => {
                let names: Vec<String> = d
                    .query_patterns
                    .iter()
                    .map(|q| q.scenario.clone())
                    .collect();
                let i = choose!(p, "Drop which query pattern?", &names, 0);
                let r = edit::drop_pattern(d, &names[i]);
                report(p, r);
            }
        }
    }
}

fn checklist(
    p: &mut dyn Prompter,
    d: &Design,
    findings: &dyn Fn(&Design) -> Vec<Diagnostic>,
) -> io::Result<Flow> {
    let found = findings(d);
    let tech: Vec<String> = d
        .storage
        .iter()
        .map(|s| format!("{} ({})", s.technology, s.storage_type))
        .collect();
    let mut text = format!(
        "\nConfirm the design of {}:\n- Entities complete? {} entities\n- Relationships correct? {} relationships\n- Storage technology appropriate? {}\n- Indexes sufficient? {} indexes for {} query patterns",
        d.system,
        d.entities.len(),
        d.relationships.len(),
        if tech.is_empty() { "-".to_string() } else { tech.join(", ") },
        d.indexes.len(),
        d.query_patterns.len()
    );
    if found.is_empty() {
        text.push_str("\ncheck: no findings");
    } else {
        text.push_str(&format!("\ncheck: {} finding(s)", found.len()));
        for f in &found {
            let code = if f.code.is_empty() {
                String::new()
            } else {
                format!("{} ", f.code)
            };
            text.push_str(&format!("\n  {}: {code}{}", f.severity.label(), f.message));
        }
    }
    p.say(&text);
    let mut actions = vec!["Write the document".to_string()];
    for s in &STEPS[..STEPS.len() - 1] {
        actions.push(format!("Go back to {}", s.title()));
    }
    actions.push("Quit without writing".to_string());
    let i = choose!(p, "Write it?", &actions, 0);
    Ok(match i {
        0 => Flow::Write,
        i if i + 1 == actions.len() => Flow::Quit,
        i => Flow::Back(STEPS[i - 1]),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::converse::edit::tests::shop;
    use crate::converse::prompt::{Reply, Scripted};
    use crate::model::{SqlType, StoragePurpose};

    fn none(_: &Design) -> Vec<Diagnostic> {
        Vec::new()
    }

    fn run(replies: Vec<Reply>) -> (Outcome, Scripted) {
        let mut p = Scripted::new(replies);
        let out = converse(&mut p, shop(), &none).unwrap();
        (out, p)
    }

    #[test]
    fn enter_all_the_way_keeps_the_proposal() {
        let (out, p) = run(vec![]);
        assert_eq!(out, Outcome::Write(shop()));
        let t = p.transcript.join("\n");
        assert!(t.contains("Does this look complete?"));
        assert!(t.contains("- User:"));
        assert!(t.contains("Fields of Order"));
        assert!(t.contains("Technology for Search"));
        assert!(t.contains("Entities complete? 3 entities"));
        assert!(t.contains("check: no findings"));
    }

    #[test]
    fn rename_add_field_choose_technology() {
        use Reply::*;
        let (out, _) = run(vec![
            Pick("Rename".into()),
            Pick("User".into()),
            Type("Account".into()),
            Enter, // entities: accept
            Pick("Add a field".into()),
            Type("nickname".into()),
            Type("VARCHAR(50)".into()),
            Type("NOT NULL".into()),
            Type("Shown name".into()),
            Enter, // Account accepted
            Enter, // Order
            Enter, // Product
            Enter, // relationships
            Enter, // primary
            Enter, // cache
            Pick("PostgreSQL full-text".into()),
            Enter, // indexes
            Enter, // write
        ]);
        let Outcome::Write(d) = out else {
            panic!("{out:?}")
        };
        let acc = d.entity("Account").unwrap();
        assert_eq!(
            acc.field("nickname").unwrap().ty,
            SqlType::Varchar(Some(50))
        );
        assert!(d.stores.search.is_empty());
        assert_eq!(
            d.storage_for(StoragePurpose::Search).unwrap().technology,
            "PostgreSQL full-text"
        );
    }

    #[test]
    fn quit_at_checklist_and_go_back() {
        use Reply::Enter;
        let (out, _) = run(vec![
            Enter,
            Enter,
            Enter,
            Enter,
            Enter,
            Enter,
            Enter,
            Enter,
            Enter,
            Reply::Pick("Quit".into()),
        ]);
        assert_eq!(out, Outcome::Quit);
        let (out, p) = run(vec![
            Enter,
            Enter,
            Enter,
            Enter,
            Enter,
            Enter,
            Enter,
            Enter,
            Enter,
            Reply::Pick("Go back to relationships".into()),
            Reply::Pick("Drop".into()),
            Enter,
        ]);
        let Outcome::Write(d) = out else { panic!() };
        assert!(d.relationships.is_empty());
        assert!(
            p.transcript
                .iter()
                .filter(|t| t.contains("Confirm the design"))
                .count()
                == 2
        );
        let (out, _) = run(vec![Reply::Leave]);
        assert_eq!(out, Outcome::Quit);
    }

    #[test]
    fn failed_edits_are_reported_and_asked_again() {
        use Reply::*;
        let (out, p) = run(vec![
            Pick("Rename".into()),
            Pick("User".into()),
            Type("Order".into()),
        ]);
        assert_eq!(out, Outcome::Write(shop()));
        assert!(p
            .transcript
            .iter()
            .any(|t| t.contains("not done: entity `Order` already exists")));
    }

    #[test]
    fn checklist_shows_findings() {
        let mut p = Scripted::new(vec![]);
        let f = |_: &Design| vec![Diagnostic::warning("no index for `x`").with_code("S010")];
        converse(&mut p, shop(), &f).unwrap();
        assert!(p
            .transcript
            .iter()
            .any(|t| t.contains("warning: S010 no index for `x`")));
    }
}
