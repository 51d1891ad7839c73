//! The decisions a person can make about a proposal, as pure functions over
//! a [`Design`]. The answers file and the terminal steps both call these, so
//! a decision means the same thing however it was made.
//!
//! Every function either changes the design consistently (a renamed entity
//! is renamed in foreign keys, relationships, indexes, query patterns and
//! store sections too) or returns an [`EditError`] and leaves it unchanged.

use crate::document::syntax::{parse_constraints, parse_type};
use crate::model::{
    Cardinality, Constraints, Design, Entity, Field, Index, IndexColumn, IndexKind, QueryPattern,
    Relationship, Source, StorageChoice, StoragePurpose,
};
use crate::names;

/// The source recorded on everything a person decided.
pub fn decided() -> Source {
    Source::rule("decided")
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("no {kind} named `{name}`")]
    NotFound { kind: &'static str, name: String },
    #[error("{kind} `{name}` already exists")]
    Exists { kind: &'static str, name: String },
    #[error("{0}")]
    Invalid(String),
}

impl EditError {
    /// The name the error is about (used to find its line in an answers file).
    pub fn subject(&self) -> Option<&str> {
        match self {
            EditError::NotFound { name, .. } | EditError::Exists { name, .. } => Some(name),
            EditError::Invalid(_) => None,
        }
    }
}

pub type EditResult<T = ()> = Result<T, EditError>;

fn not_found(kind: &'static str, name: &str) -> EditError {
    EditError::NotFound {
        kind,
        name: name.to_string(),
    }
}

fn same(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b) || names::key(a) == names::key(b)
}

fn entity_index(d: &Design, name: &str) -> EditResult<usize> {
    d.entities
        .iter()
        .position(|e| same(&e.name, name) || same(&e.table, name))
        .ok_or_else(|| not_found("entity", name))
}

/// The entity's name as the document writes it.
pub fn entity_name(d: &Design, name: &str) -> EditResult<String> {
    Ok(d.entities[entity_index(d, name)?].name.clone())
}

// ---------------------------------------------------------------- entities

pub fn add_entity(d: &mut Design, mut entity: Entity) -> EditResult {
    let name = entity.name.trim().to_string();
    if name.is_empty() {
        return Err(EditError::Invalid("an entity needs a name".into()));
    }
    if entity_index(d, &name).is_ok() {
        return Err(EditError::Exists {
            kind: "entity",
            name,
        });
    }
    entity.name = name;
    if entity.table.trim().is_empty() {
        entity.table = names::table_name(&entity.name);
    }
    if !entity.fields.iter().any(|f| f.constraints.primary_key) {
        entity.fields.insert(
            0,
            Field {
                name: "id".into(),
                ty: crate::model::SqlType::Uuid,
                constraints: Constraints {
                    primary_key: true,
                    ..Default::default()
                },
                description: "Primary key".into(),
                sources: vec![decided()],
            },
        );
    }
    if entity.sources.is_empty() {
        entity.sources.push(decided());
    }
    d.entities.push(entity);
    Ok(())
}

/// Removes an entity and everything that only makes sense with it: foreign
/// keys to it, its relationships, its indexes, and the query patterns that
/// read only it.
pub fn remove_entity(d: &mut Design, name: &str) -> EditResult {
    let i = entity_index(d, name)?;
    let removed = d.entities.remove(i);
    let gone = |s: &str| same(s, &removed.name) || same(s, &removed.table);
    for e in &mut d.entities {
        for f in &mut e.fields {
            if f.constraints
                .foreign_key
                .as_ref()
                .is_some_and(|fk| gone(&fk.entity))
            {
                f.constraints.foreign_key = None;
            }
        }
    }
    d.relationships
        .retain(|r| !gone(&r.left) && !gone(&r.right) && !r.via.as_deref().is_some_and(gone));
    d.indexes.retain(|ix| !gone(&ix.table));
    for q in &mut d.query_patterns {
        q.tables.retain(|t| !gone(t));
    }
    d.query_patterns.retain(|q| !q.tables.is_empty());
    d.stores.search.retain(|s| !gone(&s.source_entity));
    Ok(())
}

/// Renames an entity everywhere it is named. The table follows the name
/// unless a person had chosen a table name that is not the derived one.
pub fn rename_entity(d: &mut Design, old: &str, new: &str) -> EditResult {
    let new = new.trim();
    if new.is_empty() {
        return Err(EditError::Invalid("the new entity name is empty".into()));
    }
    let i = entity_index(d, old)?;
    if let Ok(j) = entity_index(d, new) {
        if j != i {
            return Err(EditError::Exists {
                kind: "entity",
                name: new.to_string(),
            });
        }
    }
    let old_name = d.entities[i].name.clone();
    let old_table = d.entities[i].table.clone();
    let e = &mut d.entities[i];
    e.name = new.to_string();
    if e.table.is_empty() || e.table == names::table_name(&old_name) {
        e.table = names::table_name(new);
    }
    let new_table = e.table.clone();
    rename_references(d, &old_name, &old_table, new, &new_table);
    Ok(())
}

fn rename_references(d: &mut Design, old: &str, old_table: &str, new: &str, new_table: &str) {
    let is_old = |s: &str| same(s, old) || (!old_table.is_empty() && same(s, old_table));
    let swap = |s: &mut String| {
        if is_old(s) {
            *s = new.to_string();
        }
    };
    for e in &mut d.entities {
        for f in &mut e.fields {
            if let Some(fk) = &mut f.constraints.foreign_key {
                swap(&mut fk.entity);
            }
        }
    }
    for r in &mut d.relationships {
        swap(&mut r.left);
        swap(&mut r.right);
        if let Some(v) = &mut r.via {
            swap(v);
        }
    }
    let old_snake = names::snake_case(old);
    let new_snake = names::snake_case(new);
    let renamed_indexes: Vec<(String, String)> = d
        .indexes
        .iter_mut()
        .filter(|ix| is_old(&ix.table))
        .filter_map(|ix| {
            ix.table = new.to_string();
            let before = ix.name.clone();
            ix.name = rename_in_identifier(&ix.name, &old_snake, &new_snake);
            let old_t = names::snake_case(old_table);
            ix.name = rename_in_identifier(&ix.name, &old_t, &names::snake_case(new_table));
            (before != ix.name).then(|| (before, ix.name.clone()))
        })
        .collect();
    for q in &mut d.query_patterns {
        for t in &mut q.tables {
            swap(t);
        }
        for (before, after) in &renamed_indexes {
            if q.served_by.as_deref() == Some(before.as_str()) {
                q.served_by = Some(after.clone());
            }
            q.optimization = replace_word(&q.optimization, before, after);
        }
    }
    for s in &mut d.stores.search {
        swap(&mut s.source_entity);
    }
}

/// `idx_user_email` with `user` -> `account` gives `idx_account_email`: the
/// old name is replaced only as a whole `_`-separated part sequence.
fn rename_in_identifier(ident: &str, old: &str, new: &str) -> String {
    if old.is_empty() || old == new {
        return ident.to_string();
    }
    let parts: Vec<&str> = ident.split('_').collect();
    let old_parts: Vec<&str> = old.split('_').collect();
    let mut out: Vec<&str> = Vec::new();
    let mut i = 0;
    let mut replaced = false;
    while i < parts.len() {
        if !replaced && parts[i..].starts_with(&old_parts) {
            out.push(new);
            i += old_parts.len();
            replaced = true;
        } else {
            out.push(parts[i]);
            i += 1;
        }
    }
    out.join("_")
}

fn replace_word(text: &str, old: &str, new: &str) -> String {
    if old.is_empty() {
        return text.to_string();
    }
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find(old) {
        let before_ok = rest[..i]
            .chars()
            .last()
            .is_none_or(|c| !c.is_alphanumeric() && c != '_');
        let after = &rest[i + old.len()..];
        let after_ok = after
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric() && c != '_');
        out.push_str(&rest[..i]);
        out.push_str(if before_ok && after_ok { new } else { old });
        rest = after;
    }
    out.push_str(rest);
    out
}

/// Merges `from` into `into`: fields `into` does not have move over (the
/// primary key and the foreign key to `into` do not), references to `from`
/// now name `into`, and `from` is gone.
pub fn merge_entities(d: &mut Design, from: &str, into: &str) -> EditResult {
    let fi = entity_index(d, from)?;
    let ti = entity_index(d, into)?;
    if fi == ti {
        return Err(EditError::Invalid(format!(
            "cannot merge `{from}` into itself"
        )));
    }
    let source = d.entities[fi].clone();
    let target_name = d.entities[ti].name.clone();
    let target_table = d.entities[ti].table.clone();
    {
        let target = &mut d.entities[ti];
        for f in source.fields {
            if f.constraints.primary_key {
                continue;
            }
            if f.constraints
                .foreign_key
                .as_ref()
                .is_some_and(|fk| same(&fk.entity, &target_name))
            {
                continue;
            }
            if target.field(&f.name).is_none() {
                target.fields.push(f);
            }
        }
        for s in source.sources {
            if !target.sources.contains(&s) {
                target.sources.push(s);
            }
        }
        target.notes.extend(source.notes);
    }
    d.entities.remove(fi);
    rename_references(d, &source.name, &source.table, &target_name, &target_table);
    // A relationship between the two is now inside one entity.
    d.relationships
        .retain(|r| !(same(&r.left, &target_name) && same(&r.right, &target_name)));
    for e in &mut d.entities {
        if !same(&e.name, &target_name) {
            continue;
        }
        for f in &mut e.fields {
            if f.constraints
                .foreign_key
                .as_ref()
                .is_some_and(|fk| same(&fk.entity, &target_name))
            {
                f.constraints.foreign_key = None;
            }
        }
    }
    dedupe_indexes(d);
    Ok(())
}

fn dedupe_indexes(d: &mut Design) {
    let mut seen: Vec<(String, String)> = Vec::new();
    d.indexes.retain(|ix| {
        let key = (names::key(&ix.table), ix.name.to_ascii_lowercase());
        if seen.contains(&key) {
            false
        } else {
            seen.push(key);
            true
        }
    });
}

// ------------------------------------------------------------------ fields

fn field_index(e: &Entity, name: &str) -> EditResult<usize> {
    e.fields
        .iter()
        .position(|f| f.name.eq_ignore_ascii_case(name))
        .ok_or_else(|| not_found("field", &format!("{}.{}", e.name, name)))
}

/// What an edit of one field may change; `None` keeps the current value.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FieldChange {
    pub name: Option<String>,
    pub ty: Option<String>,
    pub constraints: Option<String>,
    pub description: Option<String>,
}

/// Reads a constraints cell as the document reader does.
pub fn constraints_from_text(d: &Design, text: &str) -> Constraints {
    let lookup = |table: &str| {
        d.entities
            .iter()
            .find(|e| same(&e.table, table) || same(&e.name, table))
            .map(|e| e.name.clone())
            .unwrap_or_else(|| names::entity_name(table))
    };
    parse_constraints(text, &lookup).constraints
}

pub fn edit_field(d: &mut Design, entity: &str, field: &str, change: &FieldChange) -> EditResult {
    let ei = entity_index(d, entity)?;
    let fi = field_index(&d.entities[ei], field)?;
    if let Some(new) = change.name.as_deref().map(str::trim) {
        if new.is_empty() {
            return Err(EditError::Invalid("the new field name is empty".into()));
        }
        if let Ok(j) = field_index(&d.entities[ei], new) {
            if j != fi {
                return Err(EditError::Exists {
                    kind: "field",
                    name: format!("{}.{}", d.entities[ei].name, new),
                });
            }
        }
    }
    let constraints = change
        .constraints
        .as_deref()
        .map(|c| constraints_from_text(d, c));
    let entity_name = d.entities[ei].name.clone();
    let f = &mut d.entities[ei].fields[fi];
    let old_name = f.name.clone();
    if let Some(ty) = &change.ty {
        f.ty = parse_type(ty);
    }
    if let Some(c) = constraints {
        f.constraints = c;
    }
    if let Some(desc) = &change.description {
        f.description = desc.clone();
    }
    if let Some(new) = change.name.as_deref().map(str::trim) {
        f.name = new.to_string();
        rename_column(d, &entity_name, &old_name, new);
    }
    Ok(())
}

fn rename_column(d: &mut Design, entity: &str, old: &str, new: &str) {
    for ix in d.indexes.iter_mut().filter(|ix| same(&ix.table, entity)) {
        for c in &mut ix.columns {
            if c.name.eq_ignore_ascii_case(old) {
                c.name = new.to_string();
            }
        }
    }
    for e in &mut d.entities {
        for f in &mut e.fields {
            if let Some(fk) = &mut f.constraints.foreign_key {
                if same(&fk.entity, entity) && fk.field.eq_ignore_ascii_case(old) {
                    fk.field = new.to_string();
                }
            }
        }
    }
    for q in d
        .query_patterns
        .iter_mut()
        .filter(|q| q.tables.iter().any(|t| same(t, entity)))
    {
        for c in &mut q.equality {
            if c.eq_ignore_ascii_case(old) {
                *c = new.to_string();
            }
        }
        if let Some(c) = &mut q.range_or_sort {
            if c.name.eq_ignore_ascii_case(old) {
                c.name = new.to_string();
            }
        }
    }
}

pub fn add_field(d: &mut Design, entity: &str, mut field: Field) -> EditResult {
    let ei = entity_index(d, entity)?;
    field.name = field.name.trim().to_string();
    if field.name.is_empty() {
        return Err(EditError::Invalid("a field needs a name".into()));
    }
    if field_index(&d.entities[ei], &field.name).is_ok() {
        return Err(EditError::Exists {
            kind: "field",
            name: format!("{}.{}", d.entities[ei].name, field.name),
        });
    }
    if field.sources.is_empty() {
        field.sources.push(decided());
    }
    d.entities[ei].fields.push(field);
    Ok(())
}

/// Drops a field and the index columns and query columns that used it (an
/// index left with no column goes too).
pub fn drop_field(d: &mut Design, entity: &str, field: &str) -> EditResult {
    let ei = entity_index(d, entity)?;
    let fi = field_index(&d.entities[ei], field)?;
    let e = &mut d.entities[ei];
    let removed = e.fields.remove(fi);
    let entity_name = e.name.clone();
    for ix in d
        .indexes
        .iter_mut()
        .filter(|ix| same(&ix.table, &entity_name))
    {
        ix.columns
            .retain(|c| !c.name.eq_ignore_ascii_case(&removed.name));
    }
    d.indexes.retain(|ix| !ix.columns.is_empty());
    for q in d
        .query_patterns
        .iter_mut()
        .filter(|q| q.tables.iter().any(|t| same(t, &entity_name)))
    {
        q.equality
            .retain(|c| !c.eq_ignore_ascii_case(&removed.name));
        if q.range_or_sort
            .as_ref()
            .is_some_and(|c| c.name.eq_ignore_ascii_case(&removed.name))
        {
            q.range_or_sort = None;
        }
        if let Some(s) = &q.served_by {
            if !d.indexes.iter().any(|ix| &ix.name == s) && s.starts_with("idx") {
                q.served_by = None;
            }
        }
    }
    Ok(())
}

/// A field from the three cells a person types.
pub fn field_from_text(
    d: &Design,
    name: &str,
    ty: &str,
    constraints: &str,
    description: &str,
) -> Field {
    Field {
        name: name.trim().to_string(),
        ty: parse_type(if ty.trim().is_empty() { "TEXT" } else { ty }),
        constraints: constraints_from_text(d, constraints),
        description: description.trim().to_string(),
        sources: vec![decided()],
    }
}

// ----------------------------------------------------------- relationships

/// `1:1`, `1:N`, `N:M` (and the spellings people use: `one-to-many`, `M:N`...).
pub fn parse_cardinality(text: &str) -> EditResult<Cardinality> {
    let t = text.trim().to_ascii_lowercase().replace([' ', '_'], "-");
    match t.as_str() {
        "1:1" | "1-1" | "one-to-one" | "1to1" => Ok(Cardinality::OneToOne),
        "1:n" | "1-n" | "1:m" | "one-to-many" | "1:*" => Ok(Cardinality::OneToMany),
        "n:m" | "m:n" | "n-m" | "m:m" | "n:n" | "many-to-many" | "*:*" => {
            Ok(Cardinality::ManyToMany)
        }
        _ => Err(EditError::Invalid(format!(
            "`{text}` is not a cardinality: write 1:1, 1:N or N:M"
        ))),
    }
}

pub fn cardinality_label(c: Cardinality) -> &'static str {
    match c {
        Cardinality::OneToOne => "1:1",
        Cardinality::OneToMany => "1:N",
        Cardinality::ManyToMany => "N:M",
    }
}

fn relationship_index(d: &Design, left: &str, right: &str) -> EditResult<usize> {
    d.relationships
        .iter()
        .position(|r| {
            (same(&r.left, left) && same(&r.right, right))
                || (same(&r.left, right) && same(&r.right, left))
        })
        .ok_or_else(|| not_found("relationship", &format!("{left} – {right}")))
}

pub fn add_relationship(d: &mut Design, mut rel: Relationship) -> EditResult {
    rel.left = entity_name(d, &rel.left)?;
    rel.right = entity_name(d, &rel.right)?;
    if let Some(v) = &rel.via {
        rel.via = Some(entity_name(d, v)?);
    }
    if relationship_index(d, &rel.left, &rel.right).is_ok() {
        return Err(EditError::Exists {
            kind: "relationship",
            name: format!("{} – {}", rel.left, rel.right),
        });
    }
    if rel.sources.is_empty() {
        rel.sources.push(decided());
    }
    d.relationships.push(rel);
    Ok(())
}

pub fn drop_relationship(d: &mut Design, left: &str, right: &str) -> EditResult {
    let i = relationship_index(d, left, right)?;
    d.relationships.remove(i);
    Ok(())
}

pub fn set_cardinality(
    d: &mut Design,
    left: &str,
    right: &str,
    cardinality: Cardinality,
    via: Option<&str>,
) -> EditResult {
    let i = relationship_index(d, left, right)?;
    let via = match via {
        Some(v) => Some(entity_name(d, v)?),
        None => None,
    };
    let r = &mut d.relationships[i];
    // The caller's order states which side is the "one" side.
    if !same(&r.left, left) {
        std::mem::swap(&mut r.left, &mut r.right);
    }
    r.cardinality = cardinality;
    r.via = if cardinality == Cardinality::ManyToMany {
        via.or(r.via.take())
    } else {
        None
    };
    Ok(())
}

// -------------------------------------------------------------- technology

/// `primary`, `cache`, `search`, `object`, `document` (and their labels).
pub fn parse_purpose(text: &str) -> EditResult<StoragePurpose> {
    let t = text
        .trim()
        .to_ascii_lowercase()
        .replace([' ', '_', '-'], "");
    Ok(match t.as_str() {
        "primary" | "primarydb" | "relational" | "database" | "db" => StoragePurpose::Primary,
        "cache" | "session" | "sessions" => StoragePurpose::Cache,
        "search" | "fulltext" => StoragePurpose::Search,
        "object" | "objects" | "objectstorage" | "files" | "file" => StoragePurpose::Object,
        "document" | "documents" | "documentdb" => StoragePurpose::Document,
        _ => {
            return Err(EditError::NotFound {
                kind: "storage purpose",
                name: text.to_string(),
            })
        }
    })
}

pub fn purpose_key(p: StoragePurpose) -> &'static str {
    match p {
        StoragePurpose::Primary => "primary",
        StoragePurpose::Cache => "cache",
        StoragePurpose::Search => "search",
        StoragePurpose::Object => "object",
        StoragePurpose::Document => "document",
        StoragePurpose::Other => "other",
    }
}

/// The alternatives offered for a purpose (storage-stage.md step 2.4).
pub fn alternatives(p: StoragePurpose) -> &'static [&'static str] {
    match p {
        StoragePurpose::Primary => &["PostgreSQL", "MySQL", "SQLite"],
        StoragePurpose::Cache => &["Redis", "Memcached", "none"],
        StoragePurpose::Search => &["Elasticsearch", "PostgreSQL full-text", "none"],
        StoragePurpose::Object => &["S3 / MinIO", "none"],
        StoragePurpose::Document => &["MongoDB", "PostgreSQL JSONB", "none"],
        StoragePurpose::Other => &["none"],
    }
}

fn is_none(tech: &str) -> bool {
    matches!(
        tech.trim().to_ascii_lowercase().as_str(),
        "none" | "no" | "-" | ""
    )
}

/// Search inside the relational database rather than a search engine.
fn is_in_database_search(tech: &str) -> bool {
    let t = tech.to_ascii_lowercase();
    (t.contains("postgres") || t.contains("mysql") || t.contains("sqlite"))
        && !t.contains("elastic")
}

/// Chooses the technology for a purpose; the store sections follow. `none`
/// removes the purpose and what lived there. Search in the relational
/// database turns each search index into a full-text index on its entity.
pub fn choose_technology(d: &mut Design, purpose: StoragePurpose, tech: &str) -> EditResult {
    let tech = tech.trim();
    let existing = d.storage.iter().position(|s| s.purpose == purpose);
    if is_none(tech) {
        if purpose == StoragePurpose::Primary {
            return Err(EditError::Invalid(
                "the primary database cannot be `none`: the entities live there".into(),
            ));
        }
        if let Some(i) = existing {
            d.storage.remove(i);
        }
        clear_store(d, purpose);
        return Ok(());
    }
    if purpose == StoragePurpose::Search && is_in_database_search(tech) {
        search_in_database(d, tech);
    }
    match existing {
        Some(i) => {
            let s = &mut d.storage[i];
            if s.technology != tech {
                s.technology = tech.to_string();
                s.reason = "chosen by the team".into();
                if !s.sources.contains(&decided()) {
                    s.sources.push(decided());
                }
            }
        }
        None => d.storage.push(StorageChoice {
            purpose,
            storage_type: purpose.label().to_string(),
            technology: tech.to_string(),
            what: String::new(),
            reason: "chosen by the team".into(),
            sources: vec![decided()],
        }),
    }
    Ok(())
}

fn clear_store(d: &mut Design, purpose: StoragePurpose) {
    let removed_keys: Vec<String> = match purpose {
        StoragePurpose::Cache => d.stores.cache.drain(..).map(|c| c.pattern).collect(),
        StoragePurpose::Search => d.stores.search.drain(..).map(|s| s.name).collect(),
        StoragePurpose::Document => d.stores.documents.drain(..).map(|c| c.name).collect(),
        StoragePurpose::Object => d.stores.objects.drain(..).map(|b| b.name).collect(),
        _ => Vec::new(),
    };
    for q in &mut d.query_patterns {
        if q.served_by
            .as_ref()
            .is_some_and(|s| removed_keys.contains(s))
        {
            q.served_by = None;
        }
    }
}

fn search_in_database(d: &mut Design, tech: &str) {
    let gin = !tech.to_ascii_lowercase().contains("mysql");
    let searches = std::mem::take(&mut d.stores.search);
    for s in searches {
        let Ok(entity) = entity_name(d, &s.source_entity) else {
            continue;
        };
        let columns: Vec<IndexColumn> = s
            .fields
            .iter()
            .filter(|f| f.mapping.eq_ignore_ascii_case("text"))
            .map(|f| IndexColumn {
                name: f.name.clone(),
                descending: false,
            })
            .collect();
        if columns.is_empty() {
            continue;
        }
        let name = format!("idx_{}_fts", names::snake_case(&entity));
        if !d.indexes.iter().any(|ix| ix.name == name) {
            d.indexes.push(Index {
                table: entity.clone(),
                name: name.clone(),
                columns,
                kind: if gin {
                    IndexKind::Gin
                } else {
                    IndexKind::Fulltext
                },
                purpose: format!(
                    "Full-text search in {tech} (instead of the `{}` search index)",
                    s.name
                ),
                sources: vec![decided()],
            });
        }
        for q in &mut d.query_patterns {
            if q.served_by.as_deref() == Some(s.name.as_str()) {
                q.served_by = Some(name.clone());
                q.optimization = replace_word(&q.optimization, &s.name, &name);
                if !q.optimization.contains(&name) {
                    q.optimization = name.clone();
                }
            }
        }
    }
}

// ------------------------------------------------- indexes, query patterns

pub fn add_index(d: &mut Design, mut index: Index) -> EditResult {
    let ei = entity_index(d, &index.table)?;
    index.table = d.entities[ei].name.clone();
    if index.columns.is_empty() {
        return Err(EditError::Invalid(format!(
            "index on `{}` needs at least one column",
            index.table
        )));
    }
    for c in &index.columns {
        field_index(&d.entities[ei], &c.name)?;
    }
    if index.name.trim().is_empty() {
        let cols: Vec<String> = index.columns.iter().map(|c| c.name.clone()).collect();
        index.name = format!("idx_{}_{}", names::snake_case(&index.table), cols.join("_"));
    }
    if d.indexes
        .iter()
        .any(|ix| ix.name.eq_ignore_ascii_case(&index.name))
    {
        return Err(EditError::Exists {
            kind: "index",
            name: index.name,
        });
    }
    if index.sources.is_empty() {
        index.sources.push(decided());
    }
    d.indexes.push(index);
    Ok(())
}

pub fn drop_index(d: &mut Design, name: &str) -> EditResult {
    let i = d
        .indexes
        .iter()
        .position(|ix| ix.name.eq_ignore_ascii_case(name.trim()))
        .ok_or_else(|| not_found("index", name))?;
    let removed = d.indexes.remove(i);
    for q in &mut d.query_patterns {
        if q.served_by.as_deref() == Some(removed.name.as_str()) {
            q.served_by = None;
        }
    }
    Ok(())
}

pub fn parse_index_kind(text: &str) -> EditResult<IndexKind> {
    crate::document::syntax::parse_index_kind(text).ok_or_else(|| {
        EditError::Invalid(format!(
            "`{text}` is not an index type: write UNIQUE, BTREE, HASH, GIN or FULLTEXT"
        ))
    })
}

pub fn add_pattern(d: &mut Design, mut q: QueryPattern) -> EditResult {
    if q.scenario.trim().is_empty() {
        return Err(EditError::Invalid(
            "a query pattern needs a scenario".into(),
        ));
    }
    if d.query_patterns
        .iter()
        .any(|p| p.scenario.eq_ignore_ascii_case(q.scenario.trim()))
    {
        return Err(EditError::Exists {
            kind: "query pattern",
            name: q.scenario,
        });
    }
    let mut tables = Vec::new();
    for t in &q.tables {
        tables.push(entity_name(d, t)?);
    }
    q.tables = tables;
    if let Some(s) = &q.served_by {
        if !d.indexes.iter().any(|ix| &ix.name == s) {
            return Err(not_found("index", s));
        }
    }
    if q.sources.is_empty() {
        q.sources.push(decided());
    }
    d.query_patterns.push(q);
    Ok(())
}

pub fn drop_pattern(d: &mut Design, scenario: &str) -> EditResult {
    let i = d
        .query_patterns
        .iter()
        .position(|q| q.scenario.eq_ignore_ascii_case(scenario.trim()))
        .ok_or_else(|| not_found("query pattern", scenario))?;
    d.query_patterns.remove(i);
    Ok(())
}

#[cfg(test)]
#[path = "edit_tests.rs"]
pub(crate) mod tests;
