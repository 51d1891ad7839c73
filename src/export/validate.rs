//! What would make the exported DDL invalid: export refuses a design with any
//! of these (exit 1, nothing written). `check` reports the same problems
//! with positions in the document; this list is the minimum export needs
//! for itself, so that it never writes SQL a database would reject.
//!
//! Deliberately not here: style findings (missing timestamps, redundant
//! indexes, reserved words, which quoting makes harmless).

use crate::diag::Diagnostic;
use crate::export::sql::{table_name, Entities};
use crate::model::{Design, OnDelete, SqlType};
use std::collections::HashSet;

/// Error-level problems that block SQL export, in document order.
pub fn problems(design: &Design) -> Vec<Diagnostic> {
    let entities = Entities::new(design);
    let mut out = Vec::new();
    let mut err = |code: &str, msg: String| out.push(Diagnostic::error(msg).with_code(code));

    if design.entities.is_empty() {
        err(
            "no-entities",
            "the design has no entities, so there is no table to create".into(),
        );
    }
    let mut tables = HashSet::new();
    for entity in &design.entities {
        let label = if entity.name.trim().is_empty() {
            "(unnamed entity)".to_string()
        } else {
            entity.name.clone()
        };
        if entity.name.trim().is_empty() && entity.table.trim().is_empty() {
            err(
                "empty-name",
                "an entity has neither a name nor a table name".into(),
            );
        }
        let table = table_name(entity);
        if !tables.insert(table.to_lowercase()) {
            err(
                "duplicate-entity",
                format!("{label}: table `{table}` is defined twice"),
            );
        }
        if entity.fields.is_empty() {
            err(
                "no-fields",
                format!("{label}: no fields, and a table needs at least one column"),
            );
        }
        let mut fields = HashSet::new();
        for field in &entity.fields {
            let at = format!("{label}.{}", field.name);
            if field.name.trim().is_empty() {
                err("empty-name", format!("{label}: a field has no name"));
            }
            if !fields.insert(field.name.to_lowercase()) {
                err("duplicate-field", format!("{at}: defined twice"));
            }
            match &field.ty {
                SqlType::Other(t) => err(
                    "unknown-type",
                    format!("{at}: unknown type `{t}` (use a portable type: UUID, VARCHAR(n), TEXT, INT, BIGINT, DECIMAL(p,s), BOOLEAN, DATE, TIMESTAMP, JSON)"),
                ),
                SqlType::Varchar(Some(0)) => {
                    err("bad-type", format!("{at}: VARCHAR(0) holds nothing"))
                }
                SqlType::Decimal(p, s) if *p == 0 || s > p || *p > 65 => err(
                    "bad-type",
                    format!("{at}: DECIMAL({p},{s}) needs 1 <= precision <= 65 and scale <= precision"),
                ),
                _ => {}
            }
            let Some(fk) = &field.constraints.foreign_key else {
                continue;
            };
            let Some(target) = entities.get(&fk.entity) else {
                err(
                    "fk-target-missing",
                    format!(
                        "{at}: references `{}`, which is not an entity of this design",
                        fk.entity
                    ),
                );
                continue;
            };
            let Some(target_field) = target.field(fk.field.trim()) else {
                err(
                    "fk-target-missing",
                    format!(
                        "{at}: references {}.{}, which has no such field",
                        target.name, fk.field
                    ),
                );
                continue;
            };
            let target_pk = target.primary_key();
            let keyed = target_field.constraints.unique
                || (target_pk.len() == 1 && target_pk[0].name == target_field.name);
            if !keyed {
                err(
                    "fk-target-not-unique",
                    format!(
                        "{at}: references {}.{}, which is neither the primary key nor UNIQUE",
                        target.name, target_field.name
                    ),
                );
            }
            if !same_base_type(&field.ty, &target_field.ty) {
                err(
                    "fk-type-mismatch",
                    format!(
                        "{at}: is {} but references {}.{} of type {}",
                        field.ty, target.name, target_field.name, target_field.ty
                    ),
                );
            }
            if fk.on_delete == Some(OnDelete::SetNull)
                && (field.constraints.not_null || field.constraints.primary_key)
            {
                err(
                    "set-null-on-not-null",
                    format!("{at}: ON DELETE SET NULL on a NOT NULL column"),
                );
            }
        }
    }
    for index in &design.indexes {
        let Some(entity) = entities.get(&index.table) else {
            err(
                "index-unknown-table",
                format!(
                    "index {}: table `{}` is not an entity of this design",
                    index.name, index.table
                ),
            );
            continue;
        };
        if index.columns.is_empty() {
            err(
                "index-no-columns",
                format!("index {}: no columns", index.name),
            );
        }
        for col in &index.columns {
            if entity.field(col.name.trim()).is_none() {
                err(
                    "index-unknown-column",
                    format!(
                        "index {}: {} has no field `{}`",
                        index.name, entity.name, col.name
                    ),
                );
            }
        }
    }
    out
}

/// Foreign-key columns must have the referenced column's type (databases
/// reject UUID -> INT; MySQL even INT -> BIGINT); VARCHAR lengths may differ.
fn same_base_type(a: &SqlType, b: &SqlType) -> bool {
    match (a, b) {
        (SqlType::Varchar(_), SqlType::Varchar(_)) => true,
        (SqlType::Enum(_), SqlType::Enum(_)) => true,
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;

    fn id(ty: SqlType) -> Field {
        Field {
            name: "id".into(),
            ty,
            constraints: Constraints {
                primary_key: true,
                ..Default::default()
            },
            ..Default::default()
        }
    }

    fn fk(name: &str, ty: SqlType, entity: &str) -> Field {
        Field {
            name: name.into(),
            ty,
            constraints: Constraints {
                foreign_key: Some(ForeignKey {
                    entity: entity.into(),
                    field: "id".into(),
                    on_delete: None,
                }),
                ..Default::default()
            },
            ..Default::default()
        }
    }

    #[test]
    fn a_clean_design_has_no_problems() {
        let d = Design {
            entities: vec![
                Entity {
                    name: "User".into(),
                    fields: vec![id(SqlType::Uuid)],
                    ..Default::default()
                },
                Entity {
                    name: "Order".into(),
                    fields: vec![id(SqlType::Uuid), fk("user_id", SqlType::Uuid, "User")],
                    ..Default::default()
                },
            ],
            ..Default::default()
        };
        assert_eq!(problems(&d), vec![]);
    }

    #[test]
    fn finds_what_breaks_ddl() {
        let d = Design {
            entities: vec![Entity {
                name: "Order".into(),
                fields: vec![
                    id(SqlType::Int),
                    fk("user_id", SqlType::Uuid, "User"),
                    fk("parent_id", SqlType::Uuid, "Order"),
                    Field {
                        name: "x".into(),
                        ty: SqlType::Other("WIBBLE".into()),
                        ..Default::default()
                    },
                ],
                ..Default::default()
            }],
            indexes: vec![Index {
                table: "Order".into(),
                name: "idx".into(),
                columns: vec![IndexColumn {
                    name: "nope".into(),
                    descending: false,
                }],
                ..Default::default()
            }],
            ..Default::default()
        };
        let codes: Vec<String> = problems(&d).into_iter().map(|p| p.code).collect();
        assert_eq!(
            codes,
            [
                "fk-target-missing",
                "fk-type-mismatch",
                "unknown-type",
                "index-unknown-column"
            ]
        );
    }
}
