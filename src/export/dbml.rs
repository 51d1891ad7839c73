//! DBML (dbdiagram.io, dbdocs): a Project block, one Table per entity with
//! column settings, enums, an `indexes` block and notes, then one `Ref` per
//! foreign key with its cardinality and ON DELETE.
//!
//! Types are the document's portable types (DBML passes them through to the
//! SQL it generates); enumerations become DBML `Enum` blocks. DBML index
//! columns have no direction, so DESC and the index kind go into its note.

use crate::export::sql::{table_name, Entities};
use crate::model::{Design, Entity, Field, Index, IndexKind, OnDelete, SqlType};
use std::fmt::Write;

/// Renders the design as DBML.
pub fn render(design: &Design) -> String {
    let mut out = String::new();
    let technology = design
        .storage_for(crate::model::StoragePurpose::Primary)
        .map(|s| s.technology.clone())
        .unwrap_or_default();
    let _ = writeln!(out, "Project {} {{", ident(&design.system));
    if !technology.trim().is_empty() {
        let _ = writeln!(out, "  database_type: {}", string(&technology));
    }
    let _ = writeln!(
        out,
        "  Note: {}",
        string(&format!(
            "Storage design of {}, exported by stowage",
            design.system
        ))
    );
    let _ = writeln!(out, "}}");

    for entity in &design.entities {
        for field in &entity.fields {
            if let SqlType::Enum(values) = &field.ty {
                let _ = writeln!(out, "\nEnum {} {{", ident(&enum_name(entity, field)));
                for v in values {
                    let _ = writeln!(out, "  {}", ident(v));
                }
                let _ = writeln!(out, "}}");
            }
        }
    }

    let entities = Entities::new(design);
    let by_entity = entities.indexes_by_entity();
    for (entity, own) in design.entities.iter().zip(&by_entity) {
        let indexes: Vec<&Index> = own.iter().filter_map(|&i| design.indexes.get(i)).collect();
        table(entity, &indexes, &mut out);
    }

    let mut refs = String::new();
    for entity in &design.entities {
        for field in &entity.fields {
            let Some(fk) = &field.constraints.foreign_key else {
                continue;
            };
            let Some(target) = entities.get(&fk.entity) else {
                continue;
            };
            let Some(target_field) = target.field(fk.field.trim()) else {
                continue;
            };
            // `-` one-to-one when the referencing column is unique, else
            // `>` many-to-one.
            let one_to_one = field.constraints.unique
                || (entity.primary_key().len() == 1 && field.constraints.primary_key);
            let op = if one_to_one { "-" } else { ">" };
            let mut settings = Vec::new();
            if let Some(action) = fk.on_delete {
                settings.push(format!(
                    "delete: {}",
                    match action {
                        OnDelete::Cascade => "cascade",
                        OnDelete::SetNull => "set null",
                        OnDelete::Restrict => "restrict",
                        OnDelete::NoAction => "no action",
                    }
                ));
            }
            let _ = write!(
                refs,
                "Ref {}: {}.{} {op} {}.{}",
                ident(&format!("fk_{}_{}", table_name(entity), field.name)),
                ident(&table_name(entity)),
                ident(&field.name),
                ident(&table_name(target)),
                ident(&target_field.name),
            );
            if !settings.is_empty() {
                let _ = write!(refs, " [{}]", settings.join(", "));
            }
            refs.push('\n');
        }
    }
    if !refs.is_empty() {
        out.push('\n');
        out.push_str(&refs);
    }
    out
}

fn table(entity: &Entity, indexes: &[&Index], out: &mut String) {
    let name = table_name(entity);
    let alias = if !entity.name.trim().is_empty() && entity.name != name {
        format!(" as {}", ident(&entity.name))
    } else {
        String::new()
    };
    let _ = writeln!(out, "\nTable {}{alias} {{", ident(&name));
    let pk = entity.primary_key();
    for field in &entity.fields {
        let c = &field.constraints;
        let mut settings = Vec::new();
        if c.primary_key && pk.len() == 1 {
            settings.push("pk".to_string());
        }
        if c.unique && !(c.primary_key && pk.len() == 1) {
            settings.push("unique".into());
        }
        if c.not_null || c.primary_key {
            settings.push("not null".into());
        }
        if let Some(d) = c.default.as_deref().filter(|d| !d.trim().is_empty()) {
            settings.push(format!("default: {}", default_value(d)));
        }
        let mut note = field.description.trim().to_string();
        if let Some(chk) = c.check.as_deref().filter(|s| !s.trim().is_empty()) {
            if !note.is_empty() {
                note.push_str("; ");
            }
            note.push_str("CHECK (");
            note.push_str(crate::export::sql::strip_check_wrapper(chk));
            note.push(')');
        }
        if !note.is_empty() {
            settings.push(format!("note: {}", string(&note)));
        }
        let ty = match &field.ty {
            SqlType::Enum(_) => ident(&enum_name(entity, field)),
            other => type_name(other),
        };
        let _ = write!(out, "  {} {ty}", ident(&field.name));
        if !settings.is_empty() {
            let _ = write!(out, " [{}]", settings.join(", "));
        }
        out.push('\n');
    }

    if pk.len() > 1 || !indexes.is_empty() {
        let _ = writeln!(out, "\n  indexes {{");
        if pk.len() > 1 {
            let cols: Vec<String> = pk.iter().map(|f| ident(&f.name)).collect();
            let _ = writeln!(out, "    ({}) [pk]", cols.join(", "));
        }
        for index in indexes.iter().copied() {
            let cols: Vec<String> = index
                .columns
                .iter()
                .map(|c| ident(entity.field(&c.name).map_or(c.name.as_str(), |f| &f.name)))
                .collect();
            let mut settings = Vec::new();
            match index.kind {
                IndexKind::Unique => settings.push("unique".to_string()),
                IndexKind::Hash => settings.push("type: hash".into()),
                IndexKind::Btree => settings.push("type: btree".into()),
                IndexKind::Gin | IndexKind::Fulltext => {}
            }
            if !index.name.trim().is_empty() {
                settings.push(format!("name: {}", string(index.name.trim())));
            }
            let mut note = Vec::new();
            if matches!(index.kind, IndexKind::Gin | IndexKind::Fulltext) {
                note.push(format!("{} index", index.kind.label()));
            }
            let desc: Vec<&str> = index
                .columns
                .iter()
                .filter(|c| c.descending)
                .map(|c| c.name.as_str())
                .collect();
            if !desc.is_empty() {
                note.push(format!("descending: {}", desc.join(", ")));
            }
            if !index.purpose.trim().is_empty() {
                note.push(index.purpose.trim().to_string());
            }
            if !note.is_empty() {
                settings.push(format!("note: {}", string(&note.join("; "))));
            }
            let _ = writeln!(out, "    ({}) [{}]", cols.join(", "), settings.join(", "));
        }
        let _ = writeln!(out, "  }}");
    }
    if !entity.description.trim().is_empty() {
        let _ = writeln!(out, "\n  Note: {}", string(entity.description.trim()));
    }
    let _ = writeln!(out, "}}");
}

fn enum_name(entity: &Entity, field: &Field) -> String {
    format!("{}_{}", table_name(entity), field.name)
}

/// Portable type as DBML shows it (`varchar(255)`, `decimal(12,2)`).
fn type_name(ty: &SqlType) -> String {
    let t = match ty {
        SqlType::Varchar(None) => "varchar".to_string(),
        SqlType::Bytes => "bytes".to_string(),
        SqlType::Float => "double".to_string(),
        other => other.to_string().to_lowercase(),
    };
    // A type with anything but letters, digits, `_` and `(n,m)` is quoted.
    if t.chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '(' | ')' | ','))
    {
        t
    } else {
        ident(&t)
    }
}

/// A DBML identifier: bare when it is a plain word, else double-quoted with
/// `\` and `"` escaped.
fn ident(name: &str) -> String {
    let plain = !name.is_empty()
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !name.starts_with(|c: char| c.is_ascii_digit());
    if plain {
        return name.to_string();
    }
    let mut out = String::from("\"");
    for c in name.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A single-quoted DBML string.
fn string(text: &str) -> String {
    let mut out = String::from("'");
    for c in text.chars() {
        match c {
            '\'' => out.push_str("\\'"),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// `0` -> `0`, `'active'` / `active` -> `'active'`, `true` -> `true`,
/// `now()` -> `` `now()` `` (an expression).
fn default_value(raw: &str) -> String {
    let t = raw.trim();
    let lower = t.to_ascii_lowercase();
    if matches!(lower.as_str(), "true" | "false" | "null") {
        return lower;
    }
    if t.parse::<f64>().is_ok() && t.chars().all(|c| c.is_ascii_digit() || "+-.".contains(c)) {
        return t.to_string();
    }
    if t.len() >= 2 && (t.starts_with('\'') && t.ends_with('\'')) {
        return string(&t[1..t.len() - 1].replace("''", "'"));
    }
    if t.len() >= 2 && (t.starts_with('"') && t.ends_with('"')) {
        return string(&t[1..t.len() - 1]);
    }
    if t.contains('(') || lower.starts_with("current_") {
        return format!("`{}`", t.replace('`', "'"));
    }
    string(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_and_strings_are_escaped() {
        assert_eq!(ident("users"), "users");
        assert_eq!(ident("audit\"log; --"), "\"audit\\\"log; --\"");
        assert_eq!(string("it's"), "'it\\'s'");
    }

    #[test]
    fn defaults_keep_their_kind() {
        assert_eq!(default_value("0"), "0");
        assert_eq!(default_value("'active'"), "'active'");
        assert_eq!(default_value("now()"), "`now()`");
        assert_eq!(default_value("FALSE"), "false");
        assert_eq!(default_value("member"), "'member'");
    }
}
