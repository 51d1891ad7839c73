//! Mermaid `erDiagram`: entities with their key columns and the
//! relationships with crow's-foot cardinalities. The document embeds the same
//! block after its relationship lines.

use crate::model::{Cardinality, Design, Field};
use std::fmt::Write;

/// Renders the `erDiagram` body (without the ```mermaid fence).
pub fn render(design: &Design) -> String {
    let mut out = String::from("erDiagram\n");
    for rel in &design.relationships {
        let (left, right) = (ident(&rel.left), ident(&rel.right));
        let label = if rel.label.trim().is_empty() {
            "has".to_string()
        } else {
            rel.label.replace('"', "'")
        };
        match (rel.cardinality, &rel.via) {
            (Cardinality::ManyToMany, Some(via)) => {
                let via = ident(via);
                let _ = writeln!(out, "    {left} ||--o{{ {via} : \"{label}\"");
                let _ = writeln!(out, "    {right} ||--o{{ {via} : \"{label}\"");
            }
            (Cardinality::ManyToMany, None) => {
                let _ = writeln!(out, "    {left} }}o--o{{ {right} : \"{label}\"");
            }
            (Cardinality::OneToMany, _) => {
                let _ = writeln!(out, "    {left} ||--o{{ {right} : \"{label}\"");
            }
            (Cardinality::OneToOne, _) => {
                let _ = writeln!(out, "    {left} ||--o| {right} : \"{label}\"");
            }
        }
    }
    for entity in &design.entities {
        let _ = writeln!(out, "    {} {{", ident(&entity.name));
        for field in entity.fields.iter().filter(|f| is_key(f)) {
            let mut keys = Vec::new();
            if field.constraints.primary_key {
                keys.push("PK");
            }
            if field.constraints.foreign_key.is_some() {
                keys.push("FK");
            }
            if field.constraints.unique && !field.constraints.primary_key {
                keys.push("UK");
            }
            let _ = writeln!(
                out,
                "        {} {} {}",
                type_token(&field.ty.to_string()),
                ident(&field.name),
                keys.join(", ")
            );
        }
        let _ = writeln!(out, "    }}");
    }
    out
}

fn is_key(f: &Field) -> bool {
    f.constraints.primary_key || f.constraints.foreign_key.is_some() || f.constraints.unique
}

/// Mermaid identifiers allow letters, digits, `_` and `-`; anything else
/// becomes `_` so that a hand-written name cannot break the diagram.
fn ident(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if s.is_empty() {
        "_".to_string()
    } else {
        s
    }
}

/// `VARCHAR(255)` -> `varchar`, `DECIMAL(12,2)` -> `decimal`.
fn type_token(ty: &str) -> String {
    let base = ty.split('(').next().unwrap_or(ty).trim().to_lowercase();
    ident(&base)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;

    #[test]
    fn renders_keys_and_cardinalities() {
        let pk = Constraints {
            primary_key: true,
            not_null: true,
            ..Default::default()
        };
        let design = Design {
            entities: vec![
                Entity {
                    name: "User".into(),
                    fields: vec![Field {
                        name: "id".into(),
                        ty: SqlType::Uuid,
                        constraints: pk.clone(),
                        ..Default::default()
                    }],
                    ..Default::default()
                },
                Entity {
                    name: "Order".into(),
                    fields: vec![Field {
                        name: "user_id".into(),
                        ty: SqlType::Uuid,
                        constraints: Constraints {
                            foreign_key: Some(ForeignKey {
                                entity: "User".into(),
                                field: "id".into(),
                                on_delete: None,
                            }),
                            ..Default::default()
                        },
                        ..Default::default()
                    }],
                    ..Default::default()
                },
            ],
            relationships: vec![Relationship {
                left: "User".into(),
                right: "Order".into(),
                label: "places".into(),
                ..Default::default()
            }],
            ..Default::default()
        };
        let out = render(&design);
        assert!(out.contains("User ||--o{ Order : \"places\""), "{out}");
        assert!(out.contains("uuid id PK"), "{out}");
        assert!(out.contains("uuid user_id FK"), "{out}");
    }
}
