//! From a query pattern to a representative query: equality on the leading
//! columns with typed literals (row 0 of the generated data), ORDER BY on the
//! range or sort column (DESC when the index says so) with LIMIT 50, and a
//! join through the foreign key when the pattern reads two tables.

use super::fill::{table_of, FillPlan};
use super::Engine;
use crate::model::{Design, Entity, Index, IndexColumn, IndexKind, QueryPattern, SqlType};
use std::collections::HashMap;

/// What the design says should serve the pattern.
#[derive(Debug, Clone, PartialEq)]
pub enum Expected {
    /// An index of section 4.
    Index(Index),
    /// The table's primary key.
    PrimaryKey,
    /// A key or index of another store (cache key, search index, collection).
    Store { kind: &'static str, name: String },
    /// A name that is not an index of section 4 (kept for the report).
    Unknown(String),
    /// Nothing named.
    Nothing,
}

/// A query ready to EXPLAIN.
#[derive(Debug, Clone, PartialEq)]
pub struct Built {
    pub sql: String,
    pub expected: Expected,
    /// The entity the filter and order apply to.
    pub main_entity: String,
    pub main_table: String,
    /// Physical tables joined to it.
    pub joined: Vec<String>,
    /// Columns compared by equality, on the main table, in order.
    pub equality: Vec<String>,
    pub sort: Option<IndexColumn>,
    /// Things worth saying (a table left out of the join, ...).
    pub notes: Vec<String>,
}

/// The outcome of building.
#[derive(Debug, Clone, PartialEq)]
pub enum Build {
    Query(Built),
    /// Nothing to verify on a relational database (say why).
    Skip(Expected, String),
    /// The pattern contradicts the design (say how).
    Invalid(Expected, String),
}

/// Whether a name means "the primary key".
fn is_primary_key_name(name: &str) -> bool {
    let n = name.trim().to_ascii_lowercase();
    matches!(n.as_str(), "pk" | "primary key" | "primary" | "primary_key")
        || n.starts_with("pk ")
        || n.ends_with(" pk")
        || n.ends_with("_pkey")
        || n.contains("primary key")
}

/// What the design says serves a pattern.
pub fn expected(design: &Design, pattern: &QueryPattern) -> Expected {
    let find = |name: &str| {
        design
            .indexes
            .iter()
            .find(|i| i.name.eq_ignore_ascii_case(name.trim()))
            .cloned()
    };
    if let Some(name) = pattern
        .served_by
        .as_deref()
        .filter(|s| !s.trim().is_empty())
    {
        if let Some(index) = find(name) {
            return Expected::Index(index);
        }
        if is_primary_key_name(name) {
            return Expected::PrimaryKey;
        }
        if let Some(kind) = other_store(design, name.trim()) {
            return Expected::Store {
                kind,
                name: name.trim().to_string(),
            };
        }
        return Expected::Unknown(name.trim().to_string());
    }
    // The Optimization cell may name an index among other words.
    let words: Vec<&str> = pattern
        .optimization
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .collect();
    for word in &words {
        if let Some(index) = find(word) {
            return Expected::Index(index);
        }
    }
    if is_primary_key_name(&pattern.optimization) {
        return Expected::PrimaryKey;
    }
    Expected::Nothing
}

/// The entity a Tables cell names: exactly, by table name, or by the
/// comparable key (`Order Items`, `order_items`, `OrderItem`).
fn find_entity<'d>(design: &'d Design, name: &str) -> Option<&'d Entity> {
    let name = name.trim().trim_matches('`').trim();
    design.entity(name).or_else(|| {
        let key = crate::names::key(name);
        design
            .entities
            .iter()
            .find(|e| crate::names::key(&e.name) == key || crate::names::key(&table_of(e)) == key)
    })
}

/// Which non-relational store a name belongs to, if any.
fn other_store(design: &Design, name: &str) -> Option<&'static str> {
    let stores = &design.stores;
    if stores.cache.iter().any(|k| k.pattern.trim() == name) {
        Some("cache key")
    } else if stores
        .search
        .iter()
        .any(|i| i.name.trim().eq_ignore_ascii_case(name))
    {
        Some("search index")
    } else if stores
        .documents
        .iter()
        .any(|c| c.name.trim().eq_ignore_ascii_case(name))
    {
        Some("collection")
    } else {
        None
    }
}

/// Builds the representative query for a pattern.
pub fn build(
    design: &Design,
    pattern: &QueryPattern,
    engine: Engine,
    values: &FillPlan<'_>,
    index_sql: &HashMap<String, String>,
) -> Build {
    let expected = expected(design, pattern);
    if let Expected::Store { kind, name } = &expected {
        let reason = format!("served by the {kind} {name}, outside the relational database");
        return Build::Skip(expected, reason);
    }
    let mut entities: Vec<&Entity> = Vec::new();
    for name in &pattern.tables {
        if let Some(e) = find_entity(design, name) {
            if !entities.iter().any(|x| x.name == e.name) {
                entities.push(e);
            }
        }
    }
    let index_entity = match &expected {
        Expected::Index(index) => find_entity(design, &index.table),
        _ => None,
    };
    if let Some(e) = index_entity {
        if !entities.iter().any(|x| x.name == e.name) {
            entities.insert(0, e);
        }
    }
    if entities.is_empty() {
        let reason = if pattern.tables.is_empty() {
            "names no table".to_string()
        } else {
            format!(
                "reads no table of the relational design ({})",
                pattern.tables.join(", ")
            )
        };
        return Build::Skip(expected, reason);
    }

    // A full-text or GIN index serves its own operator, not equality.
    if let Expected::Index(index) = &expected {
        if matches!(index.kind, IndexKind::Fulltext | IndexKind::Gin) {
            let created = index_sql
                .get(&index.name.to_lowercase())
                .map(String::as_str);
            let main = index_entity.unwrap_or(entities[0]);
            match search_predicate(main, index, engine, created, values) {
                Search::Predicate(predicate) => {
                    let table = engine.quote(&table_of(main));
                    return Build::Query(Built {
                        sql: format!("SELECT {table}.* FROM {table} WHERE {predicate} LIMIT 50"),
                        expected: expected.clone(),
                        main_entity: main.name.clone(),
                        main_table: table_of(main),
                        joined: Vec::new(),
                        equality: Vec::new(),
                        sort: None,
                        notes: Vec::new(),
                    });
                }
                Search::Skip(reason) => return Build::Skip(expected.clone(), reason),
                Search::Plain => {}
            }
        }
    }

    // Columns: as the pattern states them, else from the index it names.
    let mut equality: Vec<String> = pattern.equality.clone();
    let mut sort = pattern.range_or_sort.clone();
    let mut main = index_entity.or_else(|| {
        equality
            .first()
            .or(sort.as_ref().map(|s| &s.name))
            .and_then(|col| {
                entities
                    .iter()
                    .copied()
                    .find(|e| e.field(bare(col)).is_some())
            })
    });
    if equality.is_empty() && sort.is_none() {
        match &expected {
            Expected::Index(index) => {
                let (eq, s) = split_index(design, index);
                equality = eq;
                sort = s;
            }
            Expected::PrimaryKey => {
                let e = main.unwrap_or(entities[0]);
                equality = e.primary_key().iter().map(|f| f.name.clone()).collect();
                main = Some(e);
            }
            _ => {
                // "email index", "idx_users_email" (not in section 4): the
                // columns the Optimization cell mentions.
                let text = format!(
                    "{} {}",
                    pattern.optimization,
                    pattern.served_by.as_deref().unwrap_or("")
                );
                let words: Vec<String> = text
                    .split(|c: char| !c.is_alphanumeric())
                    .map(str::to_lowercase)
                    .collect();
                let joined = words.join("_");
                for e in &entities {
                    for f in &e.fields {
                        let name = f.name.to_lowercase();
                        let mentioned = words.contains(&name)
                            || (name.contains('_')
                                && format!("_{joined}_").contains(&format!("_{name}_")));
                        if mentioned && !f.constraints.primary_key && !equality.contains(&f.name) {
                            equality.push(f.name.clone());
                            main.get_or_insert(e);
                        }
                    }
                }
            }
        }
    }
    if equality.is_empty() && sort.is_none() {
        return Build::Skip(
            expected,
            "no filter or sort column is known (name an index in the Optimization column)".into(),
        );
    }
    let main = main.unwrap_or(entities[0]);
    // The DESC of the index column wins when the pattern does not say.
    if let (Some(s), Expected::Index(index)) = (&mut sort, &expected) {
        if let Some(col) = index
            .columns
            .iter()
            .find(|c| c.name.eq_ignore_ascii_case(bare(&s.name)))
        {
            s.descending |= col.descending;
        }
    }

    let main_table = table_of(main);
    let q = |name: &str| engine.quote(name);
    let mut predicates = Vec::new();
    let mut eq_on_main = Vec::new();
    for col in &equality {
        let Some((owner, field)) = resolve(&entities, main, col) else {
            return Build::Invalid(
                expected,
                format!("column `{col}` is not a field of {}", names(&entities)),
            );
        };
        let literal = values.literal(&owner.name, &field);
        predicates.push(format!(
            "{}.{} = {}",
            q(&table_of(owner)),
            q(&field),
            literal.sql(engine)
        ));
        if owner.name == main.name {
            eq_on_main.push(field);
        }
    }
    let mut order_by = None;
    if let Some(s) = &sort {
        let Some((owner, field)) = resolve(&entities, main, &s.name) else {
            return Build::Invalid(
                expected,
                format!("column `{}` is not a field of {}", s.name, names(&entities)),
            );
        };
        order_by = Some(format!(
            "{}.{}{}",
            q(&table_of(owner)),
            q(&field),
            if s.descending { " DESC" } else { "" }
        ));
    }

    // Joins through foreign keys, starting from the main table.
    let mut joined: Vec<&Entity> = vec![main];
    let mut joins = Vec::new();
    let mut notes = Vec::new();
    let mut pending: Vec<&Entity> = entities
        .iter()
        .copied()
        .filter(|e| e.name != main.name)
        .collect();
    while !pending.is_empty() {
        let mut progressed = false;
        pending.retain(|other| {
            for inside in &joined {
                if let Some(on) = join_condition(design, engine, inside, other) {
                    joins.push(format!("JOIN {} ON {on}", q(&table_of(other))));
                    joined.push(other);
                    progressed = true;
                    return false;
                }
            }
            true
        });
        if !progressed {
            for other in &pending {
                notes.push(format!(
                    "{} left out of the query: no foreign key links it to {}",
                    other.name,
                    names(&joined)
                ));
            }
            break;
        }
    }
    // A predicate on a table that could not be joined would be invalid SQL.
    for col in equality.iter().chain(sort.iter().map(|s| &s.name)) {
        if let Some((owner, _)) = resolve(&entities, main, col) {
            if !joined.iter().any(|e| e.name == owner.name) {
                return Build::Invalid(
                    expected,
                    format!(
                        "column `{col}` is on {}, which no foreign key links to {}",
                        owner.name, main.name
                    ),
                );
            }
        }
    }

    let mut sql = format!("SELECT {}.* FROM {}", q(&main_table), q(&main_table));
    for join in &joins {
        sql.push(' ');
        sql.push_str(join);
    }
    if !predicates.is_empty() {
        sql.push_str(" WHERE ");
        sql.push_str(&predicates.join(" AND "));
    }
    if let Some(order) = &order_by {
        sql.push_str(" ORDER BY ");
        sql.push_str(order);
        sql.push_str(" LIMIT 50");
    }
    let sort_on_main = sort.as_ref().and_then(|s| {
        resolve(&entities, main, &s.name)
            .filter(|(owner, _)| owner.name == main.name)
            .map(|(_, field)| IndexColumn {
                name: field,
                descending: s.descending,
            })
    });
    Build::Query(Built {
        sql,
        expected,
        main_entity: main.name.clone(),
        main_table,
        joined: joined.iter().skip(1).map(|e| table_of(e)).collect(),
        equality: eq_on_main,
        sort: sort_on_main,
        notes,
    })
}

fn names(entities: &[&Entity]) -> String {
    entities
        .iter()
        .map(|e| e.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// `orders.user_id` -> `user_id`.
fn bare(col: &str) -> &str {
    col.rsplit('.').next().unwrap_or(col).trim()
}

/// The entity and field name a pattern's column refers to: `Entity.field`
/// or `table.field` when qualified, else the main entity first.
fn resolve<'e>(
    entities: &[&'e Entity],
    main: &'e Entity,
    col: &str,
) -> Option<(&'e Entity, String)> {
    if let Some((owner, field)) = col.rsplit_once('.') {
        let owner = owner.trim();
        if let Some(e) = entities
            .iter()
            .find(|e| e.name.eq_ignore_ascii_case(owner) || table_of(e).eq_ignore_ascii_case(owner))
        {
            return e.field(field.trim()).map(|f| (*e, f.name.clone()));
        }
    }
    let col = bare(col);
    std::iter::once(main)
        .chain(entities.iter().copied())
        .find_map(|e| e.field(col).map(|f| (e, f.name.clone())))
}

/// `a.fk = b.key` when one of the two references the other.
fn join_condition(design: &Design, engine: Engine, a: &Entity, b: &Entity) -> Option<String> {
    let q = |name: &str| engine.quote(name);
    let refers = |from: &Entity, to: &Entity| {
        from.fields.iter().find_map(|f| {
            let fk = f.constraints.foreign_key.as_ref()?;
            let target = design.entity(&fk.entity)?;
            (target.name == to.name).then(|| {
                let key = to
                    .field(&fk.field)
                    .map(|k| k.name.clone())
                    .or_else(|| to.primary_key().first().map(|k| k.name.clone()))
                    .unwrap_or_else(|| "id".into());
                format!(
                    "{}.{} = {}.{}",
                    q(&table_of(from)),
                    q(&f.name),
                    q(&table_of(to)),
                    q(&key)
                )
            })
        })
    };
    refers(b, a).or_else(|| refers(a, b))
}

enum Search {
    /// The WHERE condition the index serves.
    Predicate(String),
    /// This engine has no such index.
    Skip(String),
    /// Export made a plain B-tree index: query it like one.
    Plain,
}

/// The condition a full-text / GIN index serves, read off the statement
/// `export` created it with (so both use the same expression).
fn search_predicate(
    entity: &Entity,
    index: &Index,
    engine: Engine,
    created: Option<&str>,
    values: &FillPlan<'_>,
) -> Search {
    let kind = index.kind.label();
    let Some(created) = created else {
        return Search::Skip(format!(
            "no {kind} index {} was created for {} (see export's notes)",
            index.name,
            engine.label()
        ));
    };
    let first = index.columns.first().map(|c| c.name.as_str()).unwrap_or("");
    let word = match values.value(&entity.name, first, 0) {
        super::fill::Value::Text(s) => s,
        _ => "word".to_string(),
    };
    let word_sql = super::fill::Value::Text(word).sql(engine);
    match engine {
        Engine::Sqlite => Search::Skip(format!(
            "SQLite has no {kind} index (export creates a B-tree instead); verify this pattern on PostgreSQL or MariaDB"
        )),
        Engine::Postgres => {
            let upper = created.to_ascii_uppercase();
            let Some(at) = upper.find("USING GIN (") else {
                return Search::Plain;
            };
            let expr = created[at + "USING GIN (".len()..].trim_end();
            let expr = expr.strip_suffix(')').unwrap_or(expr).trim();
            if expr.starts_with("to_tsvector(") {
                let config = expr
                    .split('\'')
                    .nth(1)
                    .filter(|c| c.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '_'))
                    .unwrap_or("simple");
                Search::Predicate(format!("{expr} @@ plainto_tsquery('{config}', {word_sql})"))
            } else {
                let table = engine.quote(&table_of(entity));
                let conditions: Vec<String> = index
                    .columns
                    .iter()
                    .map(|c| {
                        let doc = values.value(&entity.name, &c.name, 0).sql(engine);
                        format!("{table}.{} @> {doc}", engine.quote(&c.name))
                    })
                    .collect();
                Search::Predicate(conditions.join(" AND "))
            }
        }
        Engine::Mysql => {
            if !created.to_ascii_uppercase().contains("FULLTEXT") {
                return Search::Plain;
            }
            let columns: Vec<String> = index.columns.iter().map(|c| engine.quote(&c.name)).collect();
            Search::Predicate(format!("MATCH ({}) AGAINST ({word_sql})", columns.join(", ")))
        }
    }
}

/// Equality and sort columns read off an index: a UNIQUE or single-column
/// index is all equality; otherwise the last column is the sort column when
/// it is descending or ordered by nature (time, number), else equality too.
pub fn split_index(design: &Design, index: &Index) -> (Vec<String>, Option<IndexColumn>) {
    let names: Vec<String> = index.columns.iter().map(|c| c.name.clone()).collect();
    let Some(last) = index.columns.last() else {
        return (Vec::new(), None);
    };
    if index.columns.len() == 1 || index.kind == IndexKind::Unique {
        return (names, None);
    }
    let ordered_type = design
        .entity(&index.table)
        .and_then(|e| e.field(&last.name))
        .is_some_and(|f| {
            matches!(
                f.ty,
                SqlType::Timestamp
                    | SqlType::Date
                    | SqlType::Time
                    | SqlType::Decimal(..)
                    | SqlType::Float
            ) || f.name.ends_with("_at")
        });
    if last.descending || ordered_type {
        (names[..names.len() - 1].to_vec(), Some(last.clone()))
    } else {
        (names, None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CacheKey, Constraints, Field, ForeignKey, Frequency};
    use crate::verify::fill::{tables_in_order, FillPlan};

    fn f(name: &str, ty: SqlType, c: Constraints) -> Field {
        Field {
            name: name.into(),
            ty,
            constraints: c,
            ..Default::default()
        }
    }

    fn design() -> Design {
        let pk = Constraints {
            primary_key: true,
            ..Default::default()
        };
        let fk = Constraints {
            foreign_key: Some(ForeignKey {
                entity: "Post".into(),
                field: "id".into(),
                on_delete: None,
            }),
            ..Default::default()
        };
        Design {
            entities: vec![
                Entity {
                    name: "Post".into(),
                    fields: vec![
                        f("id", SqlType::BigInt, pk.clone()),
                        f("author", SqlType::Varchar(Some(40)), Constraints::default()),
                        f("published_at", SqlType::Timestamp, Constraints::default()),
                    ],
                    ..Default::default()
                },
                Entity {
                    name: "Comment".into(),
                    table: "comments".into(),
                    fields: vec![
                        f("id", SqlType::BigInt, pk),
                        f("post_id", SqlType::BigInt, fk),
                    ],
                    ..Default::default()
                },
            ],
            indexes: vec![Index {
                table: "Post".into(),
                name: "idx_post_author_published".into(),
                columns: vec![
                    IndexColumn {
                        name: "author".into(),
                        descending: false,
                    },
                    IndexColumn {
                        name: "published_at".into(),
                        descending: true,
                    },
                ],
                ..Default::default()
            }],
            stores: crate::model::OtherStores {
                cache: vec![CacheKey {
                    pattern: "post:{id}".into(),
                    ..Default::default()
                }],
                ..Default::default()
            },
            ..Default::default()
        }
    }

    fn built(d: &Design, q: &QueryPattern) -> Build {
        let order = tables_in_order(d);
        let values = FillPlan::new(d, &order, 1);
        build(d, q, Engine::Postgres, &values, &HashMap::new())
    }

    #[test]
    fn columns_come_from_the_named_index() {
        let d = design();
        let q = QueryPattern {
            scenario: "Posts by author".into(),
            frequency: Frequency::High,
            tables: vec!["Post".into()],
            served_by: Some("idx_post_author_published".into()),
            ..Default::default()
        };
        let Build::Query(b) = built(&d, &q) else {
            panic!("no query")
        };
        assert_eq!(b.equality, vec!["author"]);
        assert!(b.sort.as_ref().is_some_and(|s| s.descending));
        assert!(
            b.sql
                .starts_with(r#"SELECT "posts".* FROM "posts" WHERE "posts"."author" = '"#),
            "{}",
            b.sql
        );
        assert!(
            b.sql
                .ends_with(r#"ORDER BY "posts"."published_at" DESC LIMIT 50"#),
            "{}",
            b.sql
        );
    }

    #[test]
    fn two_tables_are_joined_through_the_foreign_key() {
        let d = design();
        let q = QueryPattern {
            tables: vec!["Comments".into(), "`post`".into()],
            equality: vec!["post_id".into()],
            ..Default::default()
        };
        let Build::Query(b) = built(&d, &q) else {
            panic!("no query")
        };
        assert_eq!(b.main_table, "comments");
        assert!(
            b.sql
                .contains(r#"JOIN "posts" ON "comments"."post_id" = "posts"."id""#),
            "{}",
            b.sql
        );
    }

    #[test]
    fn store_keys_and_unknown_columns() {
        let d = design();
        let cached = QueryPattern {
            tables: vec!["Post".into()],
            served_by: Some("post:{id}".into()),
            equality: vec!["id".into()],
            ..Default::default()
        };
        assert!(matches!(built(&d, &cached), Build::Skip(..)));
        let wrong = QueryPattern {
            tables: vec!["Post".into()],
            equality: vec!["nope".into()],
            ..Default::default()
        };
        assert!(matches!(built(&d, &wrong), Build::Invalid(..)));
        let nothing = QueryPattern {
            tables: vec!["Post".into()],
            ..Default::default()
        };
        assert!(matches!(built(&d, &nothing), Build::Skip(..)));
        let mentioned = QueryPattern {
            tables: vec!["Post".into()],
            optimization: "author index".into(),
            ..Default::default()
        };
        let Build::Query(b) = built(&d, &mentioned) else {
            panic!("no query")
        };
        assert_eq!(b.equality, vec!["author"]);
        let pk = QueryPattern {
            tables: vec!["Post".into()],
            optimization: "PK".into(),
            ..Default::default()
        };
        let Build::Query(b) = built(&d, &pk) else {
            panic!("no query")
        };
        assert_eq!(b.expected, Expected::PrimaryKey);
        assert_eq!(b.equality, vec!["id"]);
    }

    #[test]
    fn full_text_queries_reuse_the_index_expression() {
        let mut d = design();
        d.indexes.push(Index {
            table: "Post".into(),
            name: "idx_post_text".into(),
            columns: vec![IndexColumn {
                name: "author".into(),
                descending: false,
            }],
            kind: IndexKind::Fulltext,
            ..Default::default()
        });
        let q = QueryPattern {
            tables: vec!["Post".into()],
            served_by: Some("idx_post_text".into()),
            ..Default::default()
        };
        let order = tables_in_order(&d);
        let values = FillPlan::new(&d, &order, 1);
        let created: HashMap<String, String> = [(
            "idx_post_text".to_string(),
            r#"CREATE INDEX "idx_post_text" ON "posts" USING GIN (to_tsvector('simple', coalesce("author", '')))"#.to_string(),
        )]
        .into();
        let Build::Query(b) = build(&d, &q, Engine::Postgres, &values, &created) else {
            panic!("no query")
        };
        assert!(
            b.sql.contains(r#"WHERE to_tsvector('simple', coalesce("author", '')) @@ plainto_tsquery('simple', 'author_0')"#),
            "{}",
            b.sql
        );
        let created: HashMap<String, String> = [(
            "idx_post_text".to_string(),
            "ALTER TABLE `posts` ADD FULLTEXT INDEX `idx_post_text` (`author`)".to_string(),
        )]
        .into();
        let Build::Query(b) = build(&d, &q, Engine::Mysql, &values, &created) else {
            panic!("no query")
        };
        assert!(
            b.sql.contains("MATCH (`author`) AGAINST ('author_0')"),
            "{}",
            b.sql
        );
        assert!(matches!(
            build(&d, &q, Engine::Sqlite, &values, &created),
            Build::Skip(..)
        ));
    }
}
