use super::*;
use crate::model::*;

fn field(name: &str, ty: SqlType) -> Field {
    Field {
        name: name.into(),
        ty,
        ..Default::default()
    }
}

fn pk() -> Field {
    Field {
        name: "id".into(),
        ty: SqlType::Uuid,
        constraints: Constraints {
            primary_key: true,
            ..Default::default()
        },
        ..Default::default()
    }
}

fn fk(name: &str, target: &str) -> Field {
    Field {
        name: name.into(),
        ty: SqlType::Uuid,
        constraints: Constraints {
            foreign_key: Some(ForeignKey {
                entity: target.into(),
                field: "id".into(),
                on_delete: None,
            }),
            not_null: true,
            ..Default::default()
        },
        ..Default::default()
    }
}

/// A small shop: User 1-N Order, Product searched in Elasticsearch, sessions in Redis.
pub(crate) fn shop() -> Design {
    Design {
        system: "backend-shop".into(),
        storage: vec![
            StorageChoice {
                technology: "PostgreSQL".into(),
                what: "Business data".into(),
                ..Default::default()
            },
            StorageChoice {
                purpose: StoragePurpose::Cache,
                storage_type: "Cache".into(),
                technology: "Redis".into(),
                what: "Sessions".into(),
                ..Default::default()
            },
            StorageChoice {
                purpose: StoragePurpose::Search,
                storage_type: "Search".into(),
                technology: "Elasticsearch".into(),
                what: "Product search".into(),
                ..Default::default()
            },
        ],
        entities: vec![
            Entity {
                name: "User".into(),
                table: "users".into(),
                fields: vec![pk(), field("email", SqlType::Varchar(Some(255)))],
                ..Default::default()
            },
            Entity {
                name: "Order".into(),
                table: "orders".into(),
                fields: vec![
                    pk(),
                    fk("user_id", "User"),
                    field("total", SqlType::Decimal(10, 2)),
                ],
                ..Default::default()
            },
            Entity {
                name: "Product".into(),
                table: "products".into(),
                fields: vec![
                    pk(),
                    field("name", SqlType::Varchar(Some(200))),
                    field("description", SqlType::Text),
                ],
                ..Default::default()
            },
        ],
        relationships: vec![Relationship {
            left: "User".into(),
            right: "Order".into(),
            label: "places".into(),
            ..Default::default()
        }],
        indexes: vec![
            Index {
                table: "User".into(),
                name: "idx_user_email".into(),
                columns: vec![IndexColumn {
                    name: "email".into(),
                    descending: false,
                }],
                kind: IndexKind::Unique,
                purpose: "Login lookup".into(),
                ..Default::default()
            },
            Index {
                table: "Order".into(),
                name: "idx_order_user_id".into(),
                columns: vec![IndexColumn {
                    name: "user_id".into(),
                    descending: false,
                }],
                ..Default::default()
            },
        ],
        query_patterns: vec![
            QueryPattern {
                scenario: "User login".into(),
                frequency: Frequency::High,
                tables: vec!["User".into()],
                optimization: "idx_user_email".into(),
                served_by: Some("idx_user_email".into()),
                equality: vec!["email".into()],
                ..Default::default()
            },
            QueryPattern {
                scenario: "Product search".into(),
                tables: vec!["Product".into()],
                optimization: "products index".into(),
                served_by: Some("products".into()),
                ..Default::default()
            },
        ],
        stores: OtherStores {
            cache: vec![CacheKey {
                pattern: "session:{token}".into(),
                data_type: "STRING".into(),
                ttl: "30d".into(),
                ..Default::default()
            }],
            search: vec![SearchIndex {
                name: "products".into(),
                source_entity: "Product".into(),
                fields: vec![
                    SearchField {
                        name: "name".into(),
                        mapping: "text".into(),
                        note: String::new(),
                    },
                    SearchField {
                        name: "id".into(),
                        mapping: "keyword".into(),
                        note: String::new(),
                    },
                ],
                ..Default::default()
            }],
            ..Default::default()
        },
        ..Default::default()
    }
}

#[test]
fn rename_entity_follows_references() {
    let mut d = shop();
    rename_entity(&mut d, "User", "Account").unwrap();
    let e = d.entity("Account").unwrap();
    assert_eq!(e.table, "accounts");
    let order = d.entity("Order").unwrap();
    assert_eq!(
        order
            .field("user_id")
            .unwrap()
            .constraints
            .foreign_key
            .as_ref()
            .unwrap()
            .entity,
        "Account"
    );
    assert_eq!(d.relationships[0].left, "Account");
    assert_eq!(d.indexes[0].table, "Account");
    assert_eq!(d.indexes[0].name, "idx_account_email");
    assert_eq!(d.query_patterns[0].tables, vec!["Account".to_string()]);
    assert_eq!(
        d.query_patterns[0].served_by.as_deref(),
        Some("idx_account_email")
    );
    assert_eq!(d.query_patterns[0].optimization, "idx_account_email");
    // The order index is about `user_id`, a column, not the entity: unchanged.
    assert_eq!(d.indexes[1].name, "idx_order_user_id");
}

#[test]
fn rename_to_existing_or_missing_is_an_error() {
    let mut d = shop();
    assert!(matches!(
        rename_entity(&mut d, "User", "order"),
        Err(EditError::Exists { .. })
    ));
    assert!(matches!(
        rename_entity(&mut d, "Ghost", "Spirit"),
        Err(EditError::NotFound { .. })
    ));
    assert_eq!(d, shop());
}

#[test]
fn remove_entity_drops_dependents() {
    let mut d = shop();
    remove_entity(&mut d, "users").unwrap();
    assert!(d.entity("User").is_none());
    assert!(d.relationships.is_empty());
    assert_eq!(d.indexes.len(), 1);
    assert!(d
        .entity("Order")
        .unwrap()
        .field("user_id")
        .unwrap()
        .constraints
        .foreign_key
        .is_none());
    assert_eq!(d.query_patterns.len(), 1);
}

#[test]
fn add_entity_gets_table_and_key() {
    let mut d = shop();
    add_entity(
        &mut d,
        Entity {
            name: "Coupon".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let c = d.entity("Coupon").unwrap();
    assert_eq!(c.table, "coupons");
    assert_eq!(c.primary_key().len(), 1);
    assert!(add_entity(
        &mut d,
        Entity {
            name: "coupon".into(),
            ..Default::default()
        }
    )
    .is_err());
}

#[test]
fn merge_moves_fields_and_references() {
    let mut d = shop();
    add_entity(
        &mut d,
        Entity {
            name: "Profile".into(),
            fields: vec![pk(), fk("user_id", "User"), field("bio", SqlType::Text)],
            ..Default::default()
        },
    )
    .unwrap();
    d.relationships.push(Relationship {
        left: "User".into(),
        right: "Profile".into(),
        cardinality: Cardinality::OneToOne,
        ..Default::default()
    });
    merge_entities(&mut d, "Profile", "User").unwrap();
    assert!(d.entity("Profile").is_none());
    let u = d.entity("User").unwrap();
    let names: Vec<&str> = u.fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, vec!["id", "email", "bio"]);
    assert_eq!(d.relationships.len(), 1);
}

#[test]
fn field_edit_renames_index_columns() {
    let mut d = shop();
    edit_field(
        &mut d,
        "User",
        "email",
        &FieldChange {
            name: Some("login_email".into()),
            ty: Some("VARCHAR(320)".into()),
            constraints: Some("UNIQUE, NOT NULL".into()),
            description: None,
        },
    )
    .unwrap();
    let f = d.entity("User").unwrap().field("login_email").unwrap();
    assert_eq!(f.ty, SqlType::Varchar(Some(320)));
    assert!(f.constraints.unique && f.constraints.not_null);
    assert_eq!(d.indexes[0].columns[0].name, "login_email");
    assert_eq!(
        d.query_patterns[0].equality,
        vec!["login_email".to_string()]
    );
}

#[test]
fn add_and_drop_field() {
    let mut d = shop();
    let f = field_from_text(&d, "nickname", "VARCHAR(50)", "NOT NULL", "Shown name");
    add_field(&mut d, "User", f.clone()).unwrap();
    assert!(add_field(&mut d, "User", f).is_err());
    drop_field(&mut d, "User", "email").unwrap();
    assert!(d.indexes.iter().all(|ix| ix.name != "idx_user_email"));
    assert!(d.query_patterns[0].served_by.is_none());
    assert!(drop_field(&mut d, "User", "email").is_err());
}

#[test]
fn fk_from_text_resolves_tables() {
    let d = shop();
    let c = constraints_from_text(&d, "FK → users(id), NOT NULL");
    assert_eq!(c.foreign_key.unwrap().entity, "User");
}

#[test]
fn relationship_edits() {
    let mut d = shop();
    set_cardinality(&mut d, "User", "Order", Cardinality::OneToOne, None).unwrap();
    assert_eq!(d.relationships[0].cardinality, Cardinality::OneToOne);
    add_relationship(
        &mut d,
        Relationship {
            left: "order".into(),
            right: "product".into(),
            cardinality: Cardinality::ManyToMany,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(d.relationships[1].left, "Order");
    assert!(add_relationship(
        &mut d,
        Relationship {
            left: "Product".into(),
            right: "Order".into(),
            ..Default::default()
        }
    )
    .is_err());
    drop_relationship(&mut d, "Product", "Order").unwrap();
    assert!(drop_relationship(&mut d, "Product", "Order").is_err());
    assert_eq!(
        parse_cardinality("one-to-many").unwrap(),
        Cardinality::OneToMany
    );
    assert!(parse_cardinality("lots").is_err());
}

#[test]
fn search_in_postgres_drops_search_section_and_adds_gin() {
    let mut d = shop();
    choose_technology(&mut d, StoragePurpose::Search, "PostgreSQL full-text").unwrap();
    assert!(d.stores.search.is_empty());
    let gin = d
        .indexes
        .iter()
        .find(|ix| ix.kind == IndexKind::Gin)
        .unwrap();
    assert_eq!(gin.table, "Product");
    assert_eq!(gin.columns[0].name, "name");
    assert_eq!(
        d.query_patterns[1].served_by.as_deref(),
        Some(gin.name.as_str())
    );
    assert_eq!(
        d.storage_for(StoragePurpose::Search).unwrap().technology,
        "PostgreSQL full-text"
    );
}

#[test]
fn technology_none_removes_purpose() {
    let mut d = shop();
    choose_technology(&mut d, StoragePurpose::Cache, "none").unwrap();
    assert!(d.storage_for(StoragePurpose::Cache).is_none());
    assert!(d.stores.cache.is_empty());
    assert!(choose_technology(&mut d, StoragePurpose::Primary, "none").is_err());
    choose_technology(&mut d, StoragePurpose::Primary, "MySQL").unwrap();
    assert_eq!(d.storage[0].technology, "MySQL");
    assert_eq!(d.storage[0].reason, "chosen by the team");
    assert!(parse_purpose("blockchain").is_err());
}

#[test]
fn index_and_pattern_edits() {
    let mut d = shop();
    add_index(
        &mut d,
        Index {
            table: "orders".into(),
            columns: vec![IndexColumn {
                name: "total".into(),
                descending: true,
            }],
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(d.indexes[2].name, "idx_order_total");
    assert_eq!(d.indexes[2].table, "Order");
    assert!(add_index(
        &mut d,
        Index {
            table: "Order".into(),
            columns: vec![IndexColumn {
                name: "nope".into(),
                descending: false
            }],
            ..Default::default()
        }
    )
    .is_err());
    drop_index(&mut d, "idx_user_email").unwrap();
    assert!(d.query_patterns[0].served_by.is_none());
    assert!(drop_index(&mut d, "idx_user_email").is_err());
    add_pattern(
        &mut d,
        QueryPattern {
            scenario: "Orders by total".into(),
            tables: vec!["orders".into()],
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(d.query_patterns[2].tables, vec!["Order".to_string()]);
    drop_pattern(&mut d, "orders by total").unwrap();
    assert!(drop_pattern(&mut d, "orders by total").is_err());
}

#[test]
fn identifier_rename_is_by_parts() {
    assert_eq!(
        rename_in_identifier("idx_user_email", "user", "account"),
        "idx_account_email"
    );
    assert_eq!(
        rename_in_identifier("idx_username", "user", "account"),
        "idx_username"
    );
    assert_eq!(
        rename_in_identifier("idx_order_item_order_id", "order_item", "line"),
        "idx_line_order_id"
    );
}
