//! Round trips of the document: write then read gives the same model; read
//! then write of a canonical document gives the same bytes; property tests
//! over generated models; snapshots of rendered documents.

use crate::model::*;

fn s(x: &str) -> String {
    x.to_string()
}

fn src(x: &str) -> Source {
    Source(s(x))
}

fn field(name: &str, ty: SqlType, constraints: Constraints, description: &str) -> Field {
    Field {
        name: s(name),
        ty,
        constraints,
        description: s(description),
        sources: Vec::new(),
    }
}

fn pk() -> Constraints {
    Constraints {
        primary_key: true,
        ..Default::default()
    }
}

fn not_null() -> Constraints {
    Constraints {
        not_null: true,
        ..Default::default()
    }
}

fn fk(entity: &str, on_delete: Option<OnDelete>) -> Constraints {
    Constraints {
        foreign_key: Some(ForeignKey {
            entity: s(entity),
            field: s("id"),
            on_delete,
        }),
        not_null: true,
        ..Default::default()
    }
}

/// A design with every section and every constraint kind.
pub(crate) fn sample_design() -> Design {
    let user = Entity {
        name: s("User"),
        table: s("users"),
        description: s("A registered customer"),
        sources: vec![src("US-001"), src("api:User")],
        fields: vec![
            field("id", SqlType::Uuid, pk(), "Primary key"),
            Field {
                sources: vec![src("US-002")],
                ..field(
                    "email",
                    SqlType::Varchar(Some(255)),
                    Constraints {
                        unique: true,
                        not_null: true,
                        ..Default::default()
                    },
                    "Login email",
                )
            },
            field(
                "status",
                SqlType::Enum(vec![s("active"), s("banned")]),
                Constraints {
                    not_null: true,
                    default: Some(s("'active'")),
                    check: Some(s("status IN ('active', 'banned')")),
                    ..Default::default()
                },
                "Account state | visible to admins",
            ),
            field(
                "created_at",
                SqlType::Timestamp,
                not_null(),
                "Creation time",
            ),
            field("updated_at", SqlType::Timestamp, not_null(), "Last update"),
        ],
        notes: vec![s("Emails are stored lower-cased.")],
    };
    let order = Entity {
        name: s("Order"),
        table: s("orders"),
        description: s("A placed order"),
        sources: vec![src("US-010")],
        fields: vec![
            field("id", SqlType::BigInt, pk(), ""),
            field(
                "user_id",
                SqlType::Uuid,
                fk("User", Some(OnDelete::Cascade)),
                "Who placed it",
            ),
            field(
                "total",
                SqlType::Decimal(12, 2),
                Constraints {
                    not_null: true,
                    check: Some(s("total >= 0")),
                    ..Default::default()
                },
                "订单总额",
            ),
            field("created_at", SqlType::Timestamp, not_null(), ""),
            field("updated_at", SqlType::Timestamp, not_null(), ""),
        ],
        notes: Vec::new(),
    };
    let product = Entity {
        name: s("Product"),
        table: s("products"),
        fields: vec![
            field("id", SqlType::BigInt, pk(), ""),
            field(
                "name",
                SqlType::Varchar(Some(200)),
                not_null(),
                "Display name",
            ),
            field("attributes", SqlType::Json, Constraints::default(), ""),
        ],
        ..Default::default()
    };
    let item = Entity {
        name: s("OrderItem"),
        table: s("order_items"),
        description: s("One line of an order"),
        fields: vec![
            field("id", SqlType::BigInt, pk(), ""),
            field(
                "order_id",
                SqlType::BigInt,
                fk("Order", Some(OnDelete::Cascade)),
                "",
            ),
            field(
                "product_id",
                SqlType::BigInt,
                fk("Product", Some(OnDelete::Restrict)),
                "",
            ),
            field(
                "quantity",
                SqlType::Int,
                Constraints {
                    not_null: true,
                    default: Some(s("1")),
                    check: Some(s("quantity > 0")),
                    ..Default::default()
                },
                "",
            ),
        ],
        ..Default::default()
    };
    Design {
        system: s("backend-shop"),
        storage: vec![
            StorageChoice {
                purpose: StoragePurpose::Primary,
                storage_type: s("Primary DB"),
                technology: s("PostgreSQL"),
                what: s("Business data"),
                reason: s("Relational data with transactions"),
                sources: vec![src("arch:backend-shop")],
            },
            StorageChoice {
                purpose: StoragePurpose::Cache,
                storage_type: s("Cache"),
                technology: s("Redis"),
                what: s("Sessions, hot data"),
                reason: s("Login sessions expire"),
                sources: vec![src("US-002"), src("NFR:Performance")],
            },
            StorageChoice {
                purpose: StoragePurpose::Search,
                storage_type: s("Search"),
                technology: s("Elasticsearch"),
                what: s("Product search"),
                reason: s("Keyword search over products"),
                sources: vec![src("US-020")],
            },
            StorageChoice {
                purpose: StoragePurpose::Object,
                storage_type: s("Object Storage"),
                technology: s("S3 / MinIO"),
                what: s("Product photos"),
                reason: s("Images"),
                sources: vec![src("US-021")],
            },
        ],
        entities: vec![user, order, product, item],
        relationships: vec![
            Relationship {
                left: s("User"),
                right: s("Order"),
                cardinality: Cardinality::OneToMany,
                label: s("places"),
                sources: vec![src("US-010")],
                ..Default::default()
            },
            Relationship {
                left: s("Order"),
                right: s("Product"),
                cardinality: Cardinality::ManyToMany,
                via: Some(s("OrderItem")),
                ..Default::default()
            },
        ],
        indexes: vec![
            Index {
                table: s("User"),
                name: s("idx_user_email"),
                columns: vec![IndexColumn {
                    name: s("email"),
                    descending: false,
                }],
                kind: IndexKind::Unique,
                purpose: s("Login lookup"),
                sources: vec![src("US-002")],
            },
            Index {
                table: s("Order"),
                name: s("idx_order_user_created"),
                columns: vec![
                    IndexColumn {
                        name: s("user_id"),
                        descending: false,
                    },
                    IndexColumn {
                        name: s("created_at"),
                        descending: true,
                    },
                ],
                kind: IndexKind::Btree,
                purpose: s("A customer's orders, newest first"),
                sources: vec![src("US-011")],
            },
            Index {
                table: s("OrderItem"),
                name: s("idx_order_item_order"),
                columns: vec![IndexColumn {
                    name: s("order_id"),
                    descending: false,
                }],
                kind: IndexKind::Btree,
                purpose: s("Lines of an order"),
                sources: Vec::new(),
            },
        ],
        query_patterns: vec![
            QueryPattern {
                scenario: s("User login"),
                frequency: Frequency::High,
                tables: vec![s("User")],
                optimization: s("idx_user_email"),
                served_by: Some(s("idx_user_email")),
                equality: vec![s("email")],
                range_or_sort: None,
                sources: vec![src("US-002")],
            },
            QueryPattern {
                scenario: s("Order history"),
                frequency: Frequency::Medium,
                tables: vec![s("Order"), s("OrderItem")],
                optimization: s("composite index, newest first"),
                served_by: Some(s("idx_order_user_created")),
                equality: vec![s("user_id")],
                range_or_sort: Some(IndexColumn {
                    name: s("created_at"),
                    descending: true,
                }),
                sources: vec![src("US-011")],
            },
        ],
        stores: OtherStores {
            cache: vec![CacheKey {
                pattern: s("session:{token}"),
                data_type: s("STRING"),
                ttl: s("30d"),
                purpose: s("Login session"),
                sources: vec![src("US-002")],
            }],
            search: vec![SearchIndex {
                name: s("products"),
                source_entity: s("Product"),
                fields: vec![
                    SearchField {
                        name: s("name"),
                        mapping: s("text"),
                        note: s("ik_max_word analyzer"),
                    },
                    SearchField {
                        name: s("id"),
                        mapping: s("keyword"),
                        note: String::new(),
                    },
                ],
                purpose: s("Keyword search"),
                sources: vec![src("US-020")],
            }],
            documents: vec![Collection {
                name: s("audit_events"),
                fields: vec![
                    field("_id", SqlType::Other(s("ObjectId")), pk(), ""),
                    field(
                        "payload",
                        SqlType::Json,
                        Constraints::default(),
                        "Raw event",
                    ),
                ],
                purpose: s("Schema-less audit trail"),
                sources: Vec::new(),
            }],
            objects: vec![Bucket {
                name: s("product-photos"),
                key_layout: s("products/{product_id}/{photo_id}.webp"),
                purpose: s("Product photos"),
                sources: vec![src("US-021")],
            }],
        },
        notes: vec![
            Note {
                section: String::new(),
                text: s("Owned by the shop team."),
            },
            Note {
                section: s("## 4. Index Design"),
                text: s("All indexes are B-tree unless said otherwise."),
            },
            Note {
                section: s("## Retention"),
                text: s("Orders are kept for 7 years.\n\n- audit events: 90 days"),
            },
        ],
        stamp: Some(Stamp {
            inputs_digest: s("sha256:0123abcd"),
        }),
    }
}

#[test]
fn render_is_deterministic_and_matches_snapshot() {
    let design = sample_design();
    let a = super::render(&design);
    let b = super::render(&design.clone());
    assert_eq!(a, b);
    insta::assert_snapshot!("sample_design", a);
}

fn read(text: &str) -> (Design, Vec<crate::diag::Diagnostic>) {
    super::parse(text, std::path::Path::new("docs/storage/x.md"))
}

#[test]
fn write_then_read_gives_the_same_model() {
    let design = sample_design();
    let text = super::render(&design);
    let (back, diags) = read(&text);
    assert!(diags.is_empty(), "{diags:#?}");
    assert_eq!(back.storage, design.storage);
    assert_eq!(back.entities, design.entities);
    assert_eq!(back.relationships, design.relationships);
    assert_eq!(back.indexes, design.indexes);
    assert_eq!(back.query_patterns, design.query_patterns);
    assert_eq!(back.stores, design.stores);
    assert_eq!(back.notes, design.notes);
    assert_eq!(back, design);
}

#[test]
fn read_then_write_of_a_canonical_document_gives_the_same_bytes() {
    let text = super::render(&sample_design());
    let (back, _) = read(&text);
    assert_eq!(super::render(&back), text);
}

#[test]
fn hand_written_english_document_reads_into_the_model() {
    let (d, diags) = read(include_str!(
        "../../tests/fixtures/document/handwritten-en.md"
    ));
    assert!(diags.is_empty(), "{diags:#?}");
    assert_eq!(d.system, "backend-user");
    assert_eq!(d.storage.len(), 2);
    assert_eq!(d.storage[1].purpose, StoragePurpose::Cache);
    let names: Vec<_> = d.entities.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["User", "Session"]);
    let user = &d.entities[0];
    assert_eq!(user.table, "users");
    assert!(user.fields[0].constraints.primary_key);
    assert_eq!(user.fields[1].ty, SqlType::Varchar(Some(255)));
    assert_eq!(user.fields[2].ty, SqlType::Timestamp);
    assert_eq!(user.fields[2].constraints.default.as_deref(), Some("now()"));
    let session = &d.entities[1];
    assert_eq!(session.table, "sessions");
    assert_eq!(session.fields[0].name, "id");
    assert!(session.fields[0].constraints.primary_key);
    let fk = session.fields[1].constraints.foreign_key.clone().unwrap();
    assert_eq!((fk.entity.as_str(), fk.field.as_str()), ("User", "id"));
    assert_eq!(fk.on_delete, Some(OnDelete::Cascade));
    assert_eq!(session.fields[1].description, "Owner");
    assert_eq!(d.relationships.len(), 1);
    assert_eq!(d.relationships[0].cardinality, Cardinality::OneToMany);
    assert_eq!(d.indexes[1].columns[1].name, "expires_at");
    assert!(d.indexes[1].columns[1].descending);
    assert_eq!(d.query_patterns[0].frequency, Frequency::High);
    assert_eq!(
        d.query_patterns[0].served_by.as_deref(),
        Some("idx_user_email")
    );
    assert_eq!(d.notes.len(), 1);
    assert_eq!(d.notes[0].section, "## Security");
    // Writing keeps the unknown section.
    assert!(super::render(&d).contains("## Security\n\nPasswords never leave the auth service."));
}

#[test]
fn hand_written_chinese_document_reads_into_the_model() {
    let (d, diags) = read(include_str!(
        "../../tests/fixtures/document/handwritten-zh.md"
    ));
    assert!(diags.is_empty(), "{diags:#?}");
    assert_eq!(d.system, "backend-order");
    assert_eq!(d.storage[0].technology, "MySQL");
    assert_eq!(d.storage[0].purpose, StoragePurpose::Primary);
    assert_eq!(d.storage[0].reason, "架构已选定 MySQL");
    let order = &d.entities[0];
    assert_eq!(
        (order.name.as_str(), order.table.as_str()),
        ("Order", "orders")
    );
    assert_eq!(order.description, "订单");
    assert!(order.fields[0].constraints.primary_key);
    let fk = order.fields[1].constraints.foreign_key.clone().unwrap();
    assert_eq!(fk.entity, "users", "no such entity here: kept as written");
    assert_eq!(order.fields[2].ty, SqlType::Decimal(10, 2));
    assert!(order.fields[2].constraints.not_null);
    assert_eq!(
        order.fields[2].constraints.check.as_deref(),
        Some("total >= 0")
    );
    assert_eq!(
        order.fields[3].ty,
        SqlType::Enum(vec![s("pending"), s("paid")])
    );
    let item = &d.entities[1];
    assert_eq!(item.table, "order_items");
    let fk = item.fields[1].constraints.foreign_key.clone().unwrap();
    assert_eq!(
        (fk.entity.as_str(), fk.on_delete),
        ("Order", Some(OnDelete::Cascade))
    );
    assert_eq!(d.relationships[0].left, "Order");
    assert_eq!(d.indexes[0].name, "idx_order_user");
    assert_eq!(d.query_patterns[0].frequency, Frequency::High);
    assert_eq!(d.query_patterns[0].tables, vec![s("Order")]);
}

#[test]
fn bad_documents_get_diagnostics_not_panics() {
    let (_, d) = read("");
    assert_eq!((d[0].line, d[0].column), (1, 1));
    let (_, d) = read("# Title\n\nJust prose.\n");
    assert!(d[0].message.contains("no recognisable section"), "{d:?}");
    let text = "# x Storage Design\n\n## 2. Core Entities\n\n### User\n\n| Field | Type | Constraints | Description |\n|---|---|---|---|\n| id | UUID | PK | a | extra |\n";
    let (design, d) = read(text);
    assert_eq!(design.entities.len(), 1);
    assert!(
        d.iter()
            .any(|d| d.message.contains("broken table row") && d.line == 9),
        "{d:?}"
    );
    let (_, d) = read("# x\n\n## 1. Storage Selection\n\n| Storage Type | Technology |\n| Primary | PostgreSQL |\n");
    assert!(
        d.iter()
            .any(|d| d.message.contains("separator") && d.line == 5),
        "{d:?}"
    );
}
