//! DDL for a design in one dialect: CREATE TABLE in dependency order, foreign
//! keys (cycles closed with ALTER TABLE where the dialect can), indexes,
//! comments; and the matching DROP script in reverse order.
//!
//! Every statement carries its [`Origin`] (entity, field, index) so that
//! `verify` can say which part of the document a failing statement came from.
//!
//! Invariants: names only reach SQL through `Dialect::quote_ident`, texts
//! through `Dialect::string_literal`; a DEFAULT is either a literal or a known
//! function translated per dialect (anything else is left out with a note);
//! a CHECK expression with `;`, a comment marker or unbalanced quotes or
//! parentheses is left out with a note. This module never panics on an
//! unvalidated design: parts it cannot resolve are skipped, and
//! [`crate::export::validate`] is what reports them.

use super::dialect::{CommentStyle, Dialect, IndexPlan, IndexRequest, IndexedColumn};
use crate::model::{Design, Entity, Field, ForeignKey, OnDelete, SqlType};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, HashSet};
use std::fmt::Write;

/// Which part of the design a statement came from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Origin {
    pub entity: Option<String>,
    pub field: Option<String>,
    pub index: Option<String>,
}

impl Origin {
    fn entity(e: &Entity) -> Self {
        Origin {
            entity: Some(e.name.clone()),
            ..Default::default()
        }
    }
    fn field(e: &Entity, f: &Field) -> Self {
        Origin {
            entity: Some(e.name.clone()),
            field: Some(f.name.clone()),
            index: None,
        }
    }
}

/// One SQL statement (without the trailing `;`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Statement {
    pub sql: String,
    pub origin: Origin,
    /// What was adapted for this dialect and why; scripts print these as
    /// `--` comments above the statement.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// A foreign key resolved to physical names.
#[derive(Debug, Clone)]
struct ResolvedFk<'a> {
    field: &'a Field,
    target_table: String,
    target_field: String,
    on_delete: Option<OnDelete>,
    constraint: String,
    /// Added with ALTER TABLE after every table exists (a cycle).
    deferred: bool,
}

/// A table in creation order.
#[derive(Debug, Clone)]
struct Table<'a> {
    entity: &'a Entity,
    name: String,
    fks: Vec<ResolvedFk<'a>>,
}

/// The physical table name of an entity: its `table`, or one derived from
/// its name.
pub fn table_name(entity: &Entity) -> String {
    if entity.table.trim().is_empty() {
        crate::names::table_name(&entity.name)
    } else {
        entity.table.trim().to_string()
    }
}

/// Entity lookup by name or table name, case-insensitive, the first entity
/// winning a clash: what `Design::entity` does, in constant time, for
/// designs with thousands of entities.
pub struct Entities<'a> {
    design: &'a Design,
    by_name: HashMap<String, usize>,
    /// Up to case, separators and plural (`names::key`), as `check` resolves
    /// names, so that export and check agree on what a reference means.
    by_key: HashMap<String, usize>,
}

impl<'a> Entities<'a> {
    pub fn new(design: &'a Design) -> Self {
        let mut by_name = HashMap::with_capacity(design.entities.len() * 2);
        let mut by_key = HashMap::with_capacity(design.entities.len() * 2);
        for (i, e) in design.entities.iter().enumerate() {
            let table = table_name(e);
            for key in [e.name.trim().to_lowercase(), table.to_lowercase()] {
                by_name.entry(key).or_insert(i);
            }
            for key in [crate::names::key(&e.name), crate::names::key(&table)] {
                if !key.is_empty() {
                    by_key.entry(key).or_insert(i);
                }
            }
        }
        Entities {
            design,
            by_name,
            by_key,
        }
    }
    /// Position in `design.entities`.
    pub fn index(&self, name: &str) -> Option<usize> {
        self.by_name
            .get(&name.trim().to_lowercase())
            .or_else(|| self.by_key.get(&crate::names::key(name)))
            .copied()
    }
    pub fn get(&self, name: &str) -> Option<&'a Entity> {
        self.index(name).and_then(|i| self.design.entities.get(i))
    }
    /// Positions in `design.indexes` of each entity's indexes.
    pub fn indexes_by_entity(&self) -> Vec<Vec<usize>> {
        let mut out = vec![Vec::new(); self.design.entities.len()];
        for (pos, index) in self.design.indexes.iter().enumerate() {
            if let Some(slot) = self.index(&index.table).and_then(|e| out.get_mut(e)) {
                slot.push(pos);
            }
        }
        out
    }
}

/// Entities in creation order: every table after the tables it references,
/// document order otherwise; a cycle is broken at the first entity of it in
/// document order, whose forward references become deferred.
fn plan<'a>(design: &'a Design, dialect: &dyn Dialect) -> Vec<Table<'a>> {
    let caps = dialect.capabilities();
    let max = caps.max_identifier_len;
    let entities = Entities::new(design);
    let target_of = |fk: &ForeignKey| entities.index(&fk.entity);

    // Kahn's algorithm with a min-heap of document positions: always the
    // first ready entity in document order; when none is ready (a cycle),
    // the first entity not yet created.
    let n = design.entities.len();
    let mut waiting_on = vec![0usize; n];
    let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, e) in design.entities.iter().enumerate() {
        for t in e
            .fields
            .iter()
            .filter_map(|f| f.constraints.foreign_key.as_ref().and_then(target_of))
        {
            if t != i {
                waiting_on[i] += 1;
                dependents[t].push(i);
            }
        }
    }
    let mut ready: BinaryHeap<Reverse<usize>> = (0..n)
        .filter(|&i| waiting_on[i] == 0)
        .map(Reverse)
        .collect();
    let mut created = vec![false; n];
    let mut order = Vec::with_capacity(n);
    let mut first_uncreated = 0;
    while order.len() < n {
        let next = loop {
            match ready.pop() {
                Some(Reverse(i)) if created[i] => continue,
                Some(Reverse(i)) => break i,
                None => {
                    while created[first_uncreated] {
                        first_uncreated += 1;
                    }
                    break first_uncreated;
                }
            }
        };
        created[next] = true;
        order.push(next);
        for &d in &dependents[next] {
            waiting_on[d] = waiting_on[d].saturating_sub(1);
            if waiting_on[d] == 0 && !created[d] {
                ready.push(Reverse(d));
            }
        }
    }

    let mut position = vec![0; n];
    for (pos, &i) in order.iter().enumerate() {
        position[i] = pos;
    }
    order
        .iter()
        .map(|&i| {
            let entity = &design.entities[i];
            let name = table_name(entity);
            let fks = entity
                .fields
                .iter()
                .filter_map(|f| {
                    let fk = f.constraints.foreign_key.as_ref()?;
                    let t = target_of(fk)?;
                    let target = &design.entities[t];
                    let target_field = target.field(fk.field.trim())?.name.clone();
                    let forward = position[t] > position[i];
                    Some(ResolvedFk {
                        field: f,
                        target_table: table_name(target),
                        target_field,
                        on_delete: fk.on_delete,
                        constraint: generated_name(&["fk", &name, &f.name], max),
                        deferred: forward && caps.alter_add_foreign_key && !caps.lazy_foreign_keys,
                    })
                })
                .collect();
            Table { entity, name, fks }
        })
        .collect()
}

/// `fk_orders_user_id`; longer than the dialect allows -> cut, plus a short
/// hash of the whole name so that two long names stay distinct.
fn bounded_name(parts: &[&str], max: usize) -> String {
    let full = parts.join("_");
    bounded(full, max)
}

/// A generated name (`fk_<table>_<column>`, `idx_<table>_<columns>`) made of
/// `[A-Za-z0-9_]` only, whatever the names it is made from hold.
fn generated_name(parts: &[&str], max: usize) -> String {
    let mut out = String::new();
    for c in parts.join("_").chars() {
        let c = if c.is_ascii_alphanumeric() { c } else { '_' };
        if !(c == '_' && out.ends_with('_')) {
            out.push(c);
        }
    }
    bounded(out.trim_end_matches('_').to_string(), max)
}

fn bounded(full: String, max: usize) -> String {
    if max == 0 || full.len() <= max {
        return full;
    }
    let digest = Sha256::digest(full.as_bytes());
    let hash: String = digest.iter().take(4).map(|b| format!("{b:02x}")).collect();
    let mut cut = max.saturating_sub(hash.len() + 1);
    while cut > 0 && !full.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}_{hash}", &full[..cut])
}

/// The CREATE statements for `design` in `dialect`, in execution order.
pub fn ddl(design: &Design, dialect: &dyn Dialect) -> Vec<Statement> {
    let tables = plan(design, dialect);
    let mut out = Vec::new();
    for table in &tables {
        create_table(table, dialect, &mut out);
    }
    for table in &tables {
        for fk in table.fks.iter().filter(|fk| fk.deferred) {
            out.push(Statement {
                sql: format!(
                    "ALTER TABLE {} ADD {}",
                    dialect.quote_ident(&table.name),
                    fk_clause(fk, dialect)
                ),
                origin: Origin::field(table.entity, fk.field),
                notes: vec![format!(
                    "added after every table exists: {} and {} reference each other",
                    table.name, fk.target_table
                )],
            });
        }
    }
    indexes(design, &tables, dialect, &mut out);
    out
}

/// The DROP statements that undo [`ddl`]: deferred foreign keys first, then
/// tables in reverse creation order.
pub fn drop_ddl(design: &Design, dialect: &dyn Dialect) -> Vec<Statement> {
    let tables = plan(design, dialect);
    let mut out = Vec::new();
    for table in tables.iter().rev() {
        for fk in table.fks.iter().filter(|fk| fk.deferred) {
            out.push(Statement {
                sql: dialect.drop_foreign_key(&table.name, &fk.constraint),
                origin: Origin::field(table.entity, fk.field),
                notes: Vec::new(),
            });
        }
    }
    for table in tables.iter().rev() {
        out.push(Statement {
            sql: format!("DROP TABLE IF EXISTS {}", dialect.quote_ident(&table.name)),
            origin: Origin::entity(table.entity),
            notes: Vec::new(),
        });
    }
    out
}

/// [`ddl`] as one script: a header, then each statement with its notes as
/// `--` comments, separated by blank lines.
pub fn script(design: &Design, dialect: &dyn Dialect) -> String {
    render(design, dialect, &ddl(design, dialect), "schema")
}

/// [`drop_ddl`] as one script.
pub fn drop_script(design: &Design, dialect: &dyn Dialect) -> String {
    render(design, dialect, &drop_ddl(design, dialect), "drop")
}

fn render(design: &Design, dialect: &dyn Dialect, stmts: &[Statement], what: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "-- {} {what} for {}, generated by stowage from the storage document.",
        dialect.label(),
        one_line(&design.system)
    );
    let _ = writeln!(out, "-- Re-export instead of editing by hand.");
    for stmt in stmts {
        out.push('\n');
        for note in &stmt.notes {
            let _ = writeln!(out, "-- {}", one_line(note));
        }
        let _ = writeln!(out, "{};", stmt.sql);
    }
    out
}

/// Text safe inside a `--` comment: one line, no control characters.
fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

fn create_table(table: &Table, d: &dyn Dialect, out: &mut Vec<Statement>) {
    let entity = table.entity;
    let caps = d.capabilities();
    let mut notes = Vec::new();
    let mut lines = Vec::new();
    let mut constraints = Vec::new();

    if caps.comments == CommentStyle::None && !entity.description.trim().is_empty() {
        notes.push(format!("{}: {}", entity.name, entity.description.trim()));
    }
    for field in &entity.fields {
        let c = &field.constraints;
        let mut line = format!(
            "    {} {}",
            d.quote_ident(&field.name),
            d.column_type(&field.ty)
        );
        if c.not_null || c.primary_key {
            line.push_str(" NOT NULL");
        }
        if let Some(raw) = c.default.as_deref().filter(|s| !s.trim().is_empty()) {
            match default_sql(raw, &field.ty, d) {
                Ok(expr) => {
                    line.push_str(" DEFAULT ");
                    line.push_str(&expr);
                }
                Err(why) => notes.push(format!("{}.{}: {why}", table.name, field.name)),
            }
        }
        if caps.comments == CommentStyle::Inline {
            line.push_str(&d.column_suffix(non_empty(&field.description)));
        }
        lines.push(line);
    }

    let pk: Vec<&Field> = entity.primary_key();
    if !pk.is_empty() {
        constraints.push(format!(
            "    PRIMARY KEY ({})",
            pk.iter()
                .map(|f| d.key_part(&f.name, &f.ty))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let single_pk = (pk.len() == 1).then(|| pk[0].name.as_str());
    for field in &entity.fields {
        if field.constraints.unique && single_pk != Some(field.name.as_str()) {
            match d.unkeyable(&field.ty) {
                Some(why) => notes.push(format!(
                    "{}.{}: UNIQUE left out: {why}",
                    table.name, field.name
                )),
                None => constraints.push(format!(
                    "    UNIQUE ({})",
                    d.key_part(&field.name, &field.ty)
                )),
            }
        }
    }
    for field in &entity.fields {
        if let SqlType::Enum(values) = &field.ty {
            let covered = field
                .constraints
                .check
                .as_deref()
                .is_some_and(|chk| values.iter().all(|v| chk.contains(&format!("'{v}'"))));
            if !values.is_empty() && !covered {
                constraints.push(format!(
                    "    CHECK ({} IN ({}))",
                    d.quote_ident(&field.name),
                    values
                        .iter()
                        .map(|v| d.string_literal(v))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
        }
        if let Some(expr) = field.constraints.check.as_deref() {
            let expr = strip_check_wrapper(expr);
            match safe_expression(expr) {
                Ok(()) if !expr.is_empty() => constraints.push(format!("    CHECK ({expr})")),
                Ok(()) => {}
                Err(why) => notes.push(format!(
                    "{}.{}: CHECK left out: {why}",
                    table.name, field.name
                )),
            }
        }
    }
    for fk in table.fks.iter().filter(|fk| !fk.deferred) {
        constraints.push(format!("    {}", fk_clause(fk, d)));
    }

    lines.extend(constraints);
    let comment = match caps.comments {
        CommentStyle::Inline => non_empty(&entity.description),
        _ => None,
    };
    out.push(Statement {
        sql: format!(
            "CREATE TABLE {} (\n{}\n){}",
            d.quote_ident(&table.name),
            lines.join(",\n"),
            d.table_options(comment)
        ),
        origin: Origin::entity(entity),
        notes,
    });

    if caps.comments == CommentStyle::Statement {
        if let Some(text) = non_empty(&entity.description) {
            out.push(Statement {
                sql: format!(
                    "COMMENT ON TABLE {} IS {}",
                    d.quote_ident(&table.name),
                    d.string_literal(text)
                ),
                origin: Origin::entity(entity),
                notes: Vec::new(),
            });
        }
        for field in &entity.fields {
            if let Some(text) = non_empty(&field.description) {
                out.push(Statement {
                    sql: format!(
                        "COMMENT ON COLUMN {}.{} IS {}",
                        d.quote_ident(&table.name),
                        d.quote_ident(&field.name),
                        d.string_literal(text)
                    ),
                    origin: Origin::field(entity, field),
                    notes: Vec::new(),
                });
            }
        }
    }
}

fn non_empty(text: &str) -> Option<&str> {
    let t = text.trim();
    (!t.is_empty()).then_some(t)
}

fn fk_clause(fk: &ResolvedFk, d: &dyn Dialect) -> String {
    let mut s = format!(
        "CONSTRAINT {} FOREIGN KEY ({}) REFERENCES {} ({})",
        d.quote_ident(&fk.constraint),
        d.quote_ident(&fk.field.name),
        d.quote_ident(&fk.target_table),
        d.quote_ident(&fk.target_field)
    );
    if let Some(action) = fk.on_delete {
        s.push_str(" ON DELETE ");
        s.push_str(action.sql());
    }
    s
}

/// Tables by the lowercase entity and table names (the first wins).
fn table_lookup(tables: &[Table]) -> HashMap<String, usize> {
    let mut map = HashMap::with_capacity(tables.len() * 2);
    for (i, t) in tables.iter().enumerate() {
        for key in [t.entity.name.trim().to_lowercase(), t.name.to_lowercase()] {
            map.entry(key).or_insert(i);
        }
    }
    map
}

fn find_table<'t, 'a>(
    tables: &'t [Table<'a>],
    lookup: &HashMap<String, usize>,
    name: &str,
) -> Option<&'t Table<'a>> {
    lookup
        .get(&name.trim().to_lowercase())
        .and_then(|&i| tables.get(i))
}

/// The index's columns resolved against its entity; empty when any is unknown.
fn resolve_columns<'a>(entity: &'a Entity, index: &crate::model::Index) -> Vec<IndexedColumn<'a>> {
    let columns: Vec<IndexedColumn> = index
        .columns
        .iter()
        .filter_map(|c| {
            let f = entity.field(c.name.trim())?;
            Some(IndexedColumn {
                name: &f.name,
                ty: &f.ty,
                descending: c.descending,
            })
        })
        .collect();
    if columns.len() == index.columns.len() {
        columns
    } else {
        Vec::new()
    }
}

/// The name each index of the design gets in `dialect` (None: it cannot be
/// created, its table or a column is unknown): the written name, or a
/// generated one; cut to the dialect's length and made distinct from every
/// table and earlier index (PostgreSQL and SQLite share that namespace).
pub fn planned_index_names(design: &Design, dialect: &dyn Dialect) -> Vec<Option<String>> {
    index_names(design, &plan(design, dialect), dialect)
}

fn index_names(design: &Design, tables: &[Table], d: &dyn Dialect) -> Vec<Option<String>> {
    let max = d.capabilities().max_identifier_len;
    let lookup = table_lookup(tables);
    let mut taken: HashSet<String> = tables.iter().map(|t| t.name.to_lowercase()).collect();
    design
        .indexes
        .iter()
        .map(|index| {
            let table = find_table(tables, &lookup, &index.table)?;
            let columns = resolve_columns(table.entity, index);
            if columns.is_empty() {
                return None;
            }
            let wanted = if index.name.trim().is_empty() {
                let mut parts = vec!["idx", table.name.as_str()];
                parts.extend(columns.iter().map(|c| c.name));
                generated_name(&parts, max)
            } else {
                bounded_name(&[index.name.trim()], max)
            };
            let mut name = wanted.clone();
            let mut n = 2;
            while taken.contains(&name.to_lowercase()) {
                name = bounded_name(&[&wanted, &n.to_string()], max);
                n += 1;
            }
            taken.insert(name.to_lowercase());
            Some(name)
        })
        .collect()
}

fn indexes(design: &Design, tables: &[Table], d: &dyn Dialect, out: &mut Vec<Statement>) {
    let create_position: HashMap<String, usize> = out
        .iter()
        .enumerate()
        .filter(|(_, s)| s.sql.starts_with("CREATE TABLE"))
        .filter_map(|(i, s)| Some((s.origin.entity.clone()?, i)))
        .collect();
    let names = index_names(design, tables, d);
    let lookup = table_lookup(tables);
    for (index, name) in design.indexes.iter().zip(names) {
        let Some(name) = name else { continue };
        let Some(table) = find_table(tables, &lookup, &index.table) else {
            continue;
        };
        let columns = resolve_columns(table.entity, index);
        let mut notes = Vec::new();
        if name != index.name.trim() && !index.name.trim().is_empty() {
            notes.push(format!(
                "index {} renamed {name}: the name is taken or too long",
                index.name.trim()
            ));
        }
        let req = IndexRequest {
            name: &name,
            table: &table.name,
            columns,
            kind: index.kind,
        };
        let origin = Origin {
            entity: Some(table.entity.name.clone()),
            field: None,
            index: Some(if index.name.trim().is_empty() {
                name.clone()
            } else {
                index.name.trim().to_string()
            }),
        };
        match d.create_index(&req) {
            IndexPlan::Create { sql, note } => {
                notes.extend(note);
                out.push(Statement { sql, origin, notes });
            }
            IndexPlan::Skip { note } => {
                // Nothing to run; the reason goes above the table's CREATE.
                if let Some(&i) = create_position.get(&table.entity.name) {
                    if let Some(stmt) = out.get_mut(i) {
                        stmt.notes.extend(notes);
                        stmt.notes.push(note);
                    }
                }
            }
        }
    }
}

/// `CHECK (x > 0)` written whole in the cell -> `x > 0`.
pub fn strip_check_wrapper(expr: &str) -> &str {
    let t = expr.trim();
    let lower = t.to_ascii_lowercase();
    if lower.starts_with("check") {
        let rest = t[5..].trim_start();
        if rest.starts_with('(') && rest.ends_with(')') && balanced(&rest[1..rest.len() - 1]) {
            return rest[1..rest.len() - 1].trim();
        }
    }
    t
}

fn balanced(s: &str) -> bool {
    safe_expression(s).is_ok()
}

/// A CHECK expression may be written freely, but it must stay one
/// expression: no `;`, no comment markers, quotes and parentheses balanced.
pub fn safe_expression(expr: &str) -> Result<(), String> {
    let mut depth: i32 = 0;
    let mut quote: Option<char> = None;
    let mut chars = expr.chars().peekable();
    while let Some(c) = chars.next() {
        if let Some(q) = quote {
            if c == q {
                if chars.peek() == Some(&q) {
                    chars.next();
                } else {
                    quote = None;
                }
            }
            continue;
        }
        match c {
            '\'' | '"' | '`' => quote = Some(c),
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth < 0 {
                    return Err("unbalanced parentheses".into());
                }
            }
            ';' => return Err("it contains `;`".into()),
            '-' if chars.peek() == Some(&'-') => return Err("it contains `--`".into()),
            '/' if chars.peek() == Some(&'*') => return Err("it contains `/*`".into()),
            '\0' => return Err("it contains a NUL byte".into()),
            _ => {}
        }
    }
    if quote.is_some() {
        return Err("an unterminated quote".into());
    }
    if depth != 0 {
        return Err("unbalanced parentheses".into());
    }
    Ok(())
}

/// Translates a DEFAULT as written in the document into the dialect, or
/// says why it cannot.
pub fn default_sql(raw: &str, ty: &SqlType, d: &dyn Dialect) -> Result<String, String> {
    let t = raw.trim();
    let t = t
        .strip_prefix("DEFAULT ")
        .or_else(|| t.strip_prefix("default "))
        .unwrap_or(t)
        .trim();
    let lower = t.to_ascii_lowercase();
    let lower = lower.trim_end_matches("()");
    let literal = |s: String| {
        if d.parenthesize_default(ty) {
            format!("({s})")
        } else {
            s
        }
    };
    match lower {
        "now"
        | "current_timestamp"
        | "localtimestamp"
        | "getdate"
        | "sysdate"
        | "current_timestamp(6)"
        | "now(6)" => {
            return match ty {
                SqlType::Timestamp => Ok(d.current_timestamp(ty)),
                SqlType::Date => Ok(d.current_date()),
                _ => Err(format!(
                    "DEFAULT {t} on a {ty} column has no meaning; left out"
                )),
            }
        }
        "current_date" | "curdate" | "today" => {
            return match ty {
                SqlType::Date => Ok(d.current_date()),
                SqlType::Timestamp => Ok(d.current_timestamp(ty)),
                _ => Err(format!(
                    "DEFAULT {t} on a {ty} column has no meaning; left out"
                )),
            }
        }
        "gen_random_uuid" | "uuid_generate_v4" | "uuid" | "random_uuid" | "newid" | "uuid_v4" => {
            return d.uuid_default().ok_or_else(|| {
                format!(
                    "{} has no UUID function; the application generates the value",
                    d.label()
                )
            })
        }
        "null" => return Ok("NULL".into()),
        "true" | "false" => {
            let v = lower == "true";
            return match ty {
                SqlType::Boolean => Ok(d.bool_literal(v).to_string()),
                _ => Ok(literal(d.string_literal(lower))),
            };
        }
        _ => {}
    }
    if is_number(t) {
        return Ok(match ty {
            SqlType::Boolean if t == "1" || t == "0" => d.bool_literal(t == "1").to_string(),
            ty if is_numeric(ty) => t.to_string(),
            _ => literal(d.string_literal(t)),
        });
    }
    if let Some(inner) = unquote(t) {
        return if *ty == SqlType::Boolean || (is_numeric(ty) && !is_number(&inner)) {
            Err(format!("DEFAULT {t} does not fit a {ty} column; left out"))
        } else if is_numeric(ty) {
            Ok(inner)
        } else {
            Ok(literal(d.string_literal(&inner)))
        };
    }
    let json_like =
        (t.starts_with('{') && t.ends_with('}')) || (t.starts_with('[') && t.ends_with(']'));
    if json_like && matches!(ty, SqlType::Json | SqlType::Text | SqlType::Varchar(_)) {
        return Ok(literal(d.string_literal(t)));
    }
    let bare_word = !t.is_empty()
        && t.chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
        && !t.starts_with(|c: char| c.is_ascii_digit());
    if bare_word && matches!(ty, SqlType::Text | SqlType::Varchar(_) | SqlType::Enum(_)) {
        return Ok(literal(d.string_literal(t)));
    }
    Err(format!(
        "DEFAULT {} is not a literal or a function stowage knows how to write for {}; left out",
        one_line(t),
        d.label()
    ))
}

fn is_numeric(ty: &SqlType) -> bool {
    matches!(
        ty,
        SqlType::SmallInt | SqlType::Int | SqlType::BigInt | SqlType::Decimal(..) | SqlType::Float
    )
}

fn is_number(s: &str) -> bool {
    let s = s.strip_prefix(['-', '+']).unwrap_or(s);
    let mut parts = s.splitn(2, '.');
    let int = parts.next().unwrap_or("");
    let frac = parts.next();
    !int.is_empty()
        && int.chars().all(|c| c.is_ascii_digit())
        && frac.is_none_or(|f| !f.is_empty() && f.chars().all(|c| c.is_ascii_digit()))
}

/// `'it''s'` -> `it's`; `"active"` -> `active`; anything else -> None.
fn unquote(s: &str) -> Option<String> {
    let q = s.chars().next()?;
    if !(q == '\'' || q == '"') || s.len() < 2 || !s.ends_with(q) {
        return None;
    }
    let inner = &s[1..s.len() - 1];
    let doubled = format!("{q}{q}");
    let unescaped = inner.replace(&doubled, "\u{0}");
    if unescaped.contains(q) {
        return None;
    }
    Some(unescaped.replace('\u{0}', &q.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::dialect::{MySql, Postgres, Sqlite};

    #[test]
    fn defaults_translate_per_dialect() {
        let ts = SqlType::Timestamp;
        assert_eq!(
            default_sql("now()", &ts, &Postgres).unwrap(),
            "CURRENT_TIMESTAMP"
        );
        assert_eq!(
            default_sql("NOW()", &ts, &MySql).unwrap(),
            "CURRENT_TIMESTAMP(6)"
        );
        assert_eq!(
            default_sql("CURRENT_TIMESTAMP", &ts, &Sqlite).unwrap(),
            "CURRENT_TIMESTAMP"
        );
        let text = SqlType::Varchar(Some(20));
        assert_eq!(default_sql("'it''s'", &text, &Postgres).unwrap(), "'it''s'");
        assert_eq!(default_sql("active", &text, &MySql).unwrap(), "'active'");
        assert_eq!(
            default_sql("true", &SqlType::Boolean, &Sqlite).unwrap(),
            "1"
        );
        assert_eq!(default_sql("0", &SqlType::Int, &Postgres).unwrap(), "0");
        assert_eq!(
            default_sql("'{}'", &SqlType::Json, &MySql).unwrap(),
            "('{}')"
        );
        assert!(default_sql("gen_random_uuid()", &SqlType::Uuid, &Sqlite).is_err());
        assert!(default_sql("1); DROP TABLE x; --", &text, &Postgres).is_err());
        assert!(default_sql("'a'); DROP TABLE x; --'", &SqlType::Int, &Postgres).is_err());
    }

    #[test]
    fn unsafe_checks_are_refused() {
        assert!(safe_expression("price > 0").is_ok());
        assert!(safe_expression("status IN ('a;b', 'c')").is_ok());
        assert!(safe_expression("x > 0); DROP TABLE y; --").is_err());
        assert!(safe_expression("x > 0 -- c").is_err());
        assert!(safe_expression("'open").is_err());
        assert!(safe_expression("(x > 0").is_err());
        assert_eq!(strip_check_wrapper("CHECK (x > 0)"), "x > 0");
    }

    #[test]
    fn long_names_are_cut_with_a_hash() {
        let long = "a".repeat(80);
        let n = bounded_name(&["fk", &long, "id"], 63);
        assert!(n.len() <= 63, "{n}");
        assert_ne!(n, bounded_name(&["fk", &long, "id2"], 63));
        assert_eq!(bounded_name(&["fk", "t", "c"], 63), "fk_t_c");
        assert_eq!(
            generated_name(&["fk", "audit\"log; --", "a`b"], 63),
            "fk_audit_log_a_b"
        );
    }

    fn cycle() -> Design {
        use crate::model::{Constraints, Entity, Field, ForeignKey};
        let id = || Field {
            name: "id".into(),
            ty: SqlType::Int,
            constraints: Constraints {
                primary_key: true,
                ..Default::default()
            },
            ..Default::default()
        };
        let fk = |name: &str, to: &str| Field {
            name: name.into(),
            ty: SqlType::Int,
            constraints: Constraints {
                foreign_key: Some(ForeignKey {
                    entity: to.into(),
                    field: "id".into(),
                    on_delete: None,
                }),
                ..Default::default()
            },
            ..Default::default()
        };
        let e = |name: &str, fields| Entity {
            name: name.into(),
            fields,
            ..Default::default()
        };
        Design {
            entities: vec![
                e("A", vec![id(), fk("c_id", "C")]),
                e("B", vec![id(), fk("a_id", "A")]),
                e("C", vec![id(), fk("b_id", "B"), fk("parent_id", "C")]),
                e("D", vec![id(), fk("c_id", "C")]),
            ],
            ..Default::default()
        }
    }

    #[test]
    fn a_cycle_is_closed_with_alter_table_where_the_dialect_can() {
        let d = cycle();
        let pg: Vec<String> = ddl(&d, &Postgres).into_iter().map(|s| s.sql).collect();
        let creates: Vec<&str> = pg
            .iter()
            .filter_map(|s| s.strip_prefix("CREATE TABLE "))
            .map(|s| s.split(' ').next().unwrap_or(""))
            .collect();
        assert_eq!(creates, ["\"as\"", "\"bs\"", "\"cs\"", "\"ds\""]);
        let alters: Vec<&String> = pg.iter().filter(|s| s.starts_with("ALTER")).collect();
        assert_eq!(alters.len(), 1, "{pg:#?}");
        assert!(alters[0].contains("\"fk_as_c_id\""), "{}", alters[0]);
        // The self reference stays inline.
        assert!(pg[2].contains("REFERENCES \"cs\""), "{}", pg[2]);
        let drops: Vec<String> = drop_ddl(&d, &MySql).into_iter().map(|s| s.sql).collect();
        assert_eq!(drops[0], "ALTER TABLE `as` DROP FOREIGN KEY `fk_as_c_id`");
        assert_eq!(
            drops.last().map(String::as_str),
            Some("DROP TABLE IF EXISTS `as`")
        );
        // SQLite resolves references lazily: no ALTER, everything inline.
        let lite: Vec<String> = ddl(&d, &Sqlite).into_iter().map(|s| s.sql).collect();
        assert!(lite.iter().all(|s| !s.starts_with("ALTER")), "{lite:#?}");
        assert!(lite[0].contains("REFERENCES \"cs\""), "{}", lite[0]);
    }

    #[test]
    fn statements_name_their_origin() {
        let stmts = ddl(&cycle(), &Postgres);
        let alter = stmts
            .iter()
            .find(|s| s.sql.starts_with("ALTER"))
            .expect("alter");
        assert_eq!(alter.origin.entity.as_deref(), Some("A"));
        assert_eq!(alter.origin.field.as_deref(), Some("c_id"));
    }
}
