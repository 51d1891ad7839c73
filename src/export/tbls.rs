//! tbls' `schema.json` (github.com/k1LoW/tbls, `schema/schema.go`): what
//! tbls writes after reading a live database, and what tbls (`tbls doc
//! json://...`) and Liam ERD read. Column types, constraint and index
//! definitions are the DDL of the chosen dialect, so the design shows up in
//! those tools as the database will look before the database exists.

use crate::export::dialect::Dialect;
use crate::export::sql::{self, table_name, Entities};
use crate::model::{Design, IndexKind};
use serde::Serialize;
use std::collections::HashMap;

#[derive(Debug, Serialize)]
pub struct Schema {
    pub name: String,
    pub desc: String,
    pub tables: Vec<Table>,
    pub relations: Vec<Relation>,
    pub driver: Driver,
}

#[derive(Debug, Serialize)]
pub struct Table {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub comment: String,
    pub columns: Vec<Column>,
    pub indexes: Vec<Index>,
    pub constraints: Vec<Constraint>,
    pub triggers: Vec<serde_json::Value>,
    pub def: String,
    pub referenced_tables: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct Column {
    pub name: String,
    #[serde(rename = "type")]
    pub ty: String,
    pub nullable: bool,
    pub default: Option<String>,
    pub comment: String,
}

#[derive(Debug, Serialize)]
pub struct Index {
    pub name: String,
    pub def: String,
    pub table: String,
    pub columns: Vec<String>,
    pub comment: String,
}

#[derive(Debug, Serialize)]
pub struct Constraint {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub def: String,
    pub table: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub referenced_table: Option<String>,
    pub columns: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub referenced_columns: Vec<String>,
    pub comment: String,
}

#[derive(Debug, Serialize)]
pub struct Relation {
    pub table: String,
    pub columns: Vec<String>,
    pub cardinality: String,
    pub parent_table: String,
    pub parent_columns: Vec<String>,
    pub parent_cardinality: String,
    pub def: String,
    #[serde(rename = "virtual")]
    pub is_virtual: bool,
}

#[derive(Debug, Serialize)]
pub struct Driver {
    pub name: String,
    pub database_version: String,
}

/// The tbls schema of `design` as `dialect` would create it.
pub fn schema(design: &Design, dialect: &dyn Dialect) -> Schema {
    let statements = sql::ddl(design, dialect);
    let planned_names = sql::planned_index_names(design, dialect);
    let entities = Entities::new(design);
    let by_entity = entities.indexes_by_entity();
    // CREATE TABLE by entity name; other statements by (entity, index name).
    let mut table_defs: HashMap<&str, &str> = HashMap::new();
    let mut index_defs: HashMap<(&str, &str), &str> = HashMap::new();
    for s in &statements {
        let Some(entity) = s.origin.entity.as_deref() else {
            continue;
        };
        if s.sql.starts_with("CREATE TABLE") {
            table_defs.entry(entity).or_insert(&s.sql);
        } else if let Some(index) = s.origin.index.as_deref() {
            index_defs.entry((entity, index)).or_insert(&s.sql);
        }
    }
    let mut tables = Vec::new();
    let mut relations = Vec::new();
    for (entity, own) in design.entities.iter().zip(&by_entity) {
        let name = table_name(entity);
        let def = table_defs
            .get(entity.name.as_str())
            .map(|s| s.to_string())
            .unwrap_or_default();
        let columns = entity
            .fields
            .iter()
            .map(|f| Column {
                name: f.name.clone(),
                ty: dialect.column_type(&f.ty),
                nullable: !(f.constraints.not_null || f.constraints.primary_key),
                default: f
                    .constraints
                    .default
                    .as_deref()
                    .filter(|d| !d.trim().is_empty())
                    .and_then(|d| sql::default_sql(d, &f.ty, dialect).ok()),
                comment: f.description.trim().to_string(),
            })
            .collect();

        let mut constraints = Vec::new();
        let pk = entity.primary_key();
        if !pk.is_empty() {
            let cols: Vec<String> = pk.iter().map(|f| f.name.clone()).collect();
            constraints.push(Constraint {
                name: format!("{name}_pkey"),
                kind: "PRIMARY KEY".into(),
                def: format!("PRIMARY KEY ({})", quoted_list(dialect, &cols)),
                table: name.clone(),
                referenced_table: None,
                columns: cols,
                referenced_columns: Vec::new(),
                comment: String::new(),
            });
        }
        let mut referenced = Vec::new();
        for field in &entity.fields {
            let c = &field.constraints;
            if c.unique && !(c.primary_key && pk.len() == 1) {
                constraints.push(Constraint {
                    name: format!("{name}_{}_key", field.name),
                    kind: "UNIQUE".into(),
                    def: format!("UNIQUE ({})", dialect.quote_ident(&field.name)),
                    table: name.clone(),
                    referenced_table: None,
                    columns: vec![field.name.clone()],
                    referenced_columns: Vec::new(),
                    comment: String::new(),
                });
            }
            if let Some(chk) = c.check.as_deref().filter(|s| !s.trim().is_empty()) {
                constraints.push(Constraint {
                    name: format!("{name}_{}_check", field.name),
                    kind: "CHECK".into(),
                    def: format!("CHECK ({})", sql::strip_check_wrapper(chk)),
                    table: name.clone(),
                    referenced_table: None,
                    columns: vec![field.name.clone()],
                    referenced_columns: Vec::new(),
                    comment: String::new(),
                });
            }
            let Some(fk) = &c.foreign_key else { continue };
            let Some(target) = entities.get(&fk.entity) else {
                continue;
            };
            let Some(target_field) = target.field(fk.field.trim()) else {
                continue;
            };
            let parent = table_name(target);
            let mut def = format!(
                "FOREIGN KEY ({}) REFERENCES {}({})",
                dialect.quote_ident(&field.name),
                dialect.quote_ident(&parent),
                dialect.quote_ident(&target_field.name)
            );
            if let Some(action) = fk.on_delete {
                def.push_str(" ON DELETE ");
                def.push_str(action.sql());
            }
            constraints.push(Constraint {
                name: format!("fk_{name}_{}", field.name),
                kind: "FOREIGN KEY".into(),
                def: def.clone(),
                table: name.clone(),
                referenced_table: Some(parent.clone()),
                columns: vec![field.name.clone()],
                referenced_columns: vec![target_field.name.clone()],
                comment: String::new(),
            });
            if !referenced.contains(&parent) {
                referenced.push(parent.clone());
            }
            let unique = c.unique || (c.primary_key && pk.len() == 1);
            relations.push(Relation {
                table: name.clone(),
                columns: vec![field.name.clone()],
                cardinality: if unique {
                    "zero_or_one"
                } else {
                    "zero_or_more"
                }
                .into(),
                parent_table: parent,
                parent_columns: vec![target_field.name.clone()],
                parent_cardinality: if c.not_null || c.primary_key {
                    "exactly_one"
                } else {
                    "zero_or_one"
                }
                .into(),
                def,
                is_virtual: false,
            });
        }

        let indexes = own
            .iter()
            .filter_map(|&pos| Some((design.indexes.get(pos)?, planned_names.get(pos)?)))
            .map(|(i, planned)| {
                let origin_name = if i.name.trim().is_empty() {
                    planned.clone().unwrap_or_default()
                } else {
                    i.name.trim().to_string()
                };
                let def = index_defs
                    .get(&(entity.name.as_str(), origin_name.as_str()))
                    .map(|s| s.to_string())
                    .unwrap_or_default();
                let mut comment = i.purpose.trim().to_string();
                if matches!(
                    i.kind,
                    IndexKind::Gin | IndexKind::Fulltext | IndexKind::Hash
                ) {
                    comment = format!("{} index. {comment}", i.kind.label())
                        .trim()
                        .to_string();
                }
                Index {
                    name: planned.clone().unwrap_or_else(|| i.name.trim().to_string()),
                    def,
                    table: name.clone(),
                    columns: i
                        .columns
                        .iter()
                        .map(|c| {
                            entity
                                .field(&c.name)
                                .map_or(c.name.clone(), |f| f.name.clone())
                        })
                        .collect(),
                    comment,
                }
            })
            .collect();

        tables.push(Table {
            name,
            kind: "BASE TABLE".into(),
            comment: entity.description.trim().to_string(),
            columns,
            indexes,
            constraints,
            triggers: Vec::new(),
            def,
            referenced_tables: referenced,
        });
    }
    Schema {
        name: design.system.clone(),
        desc: format!("Storage design of {}, exported by stowage", design.system),
        tables,
        relations,
        driver: Driver {
            name: dialect.name().to_string(),
            database_version: String::new(),
        },
    }
}

/// The schema as pretty JSON.
pub fn render(design: &Design, dialect: &dyn Dialect) -> String {
    let mut s = serde_json::to_string_pretty(&schema(design, dialect)).unwrap_or_default();
    s.push('\n');
    s
}

fn quoted_list(dialect: &dyn Dialect, cols: &[String]) -> String {
    cols.iter()
        .map(|c| dialect.quote_ident(c))
        .collect::<Vec<_>>()
        .join(", ")
}
