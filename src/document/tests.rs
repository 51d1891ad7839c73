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

mod generated {
    //! Property: for generated models (names with spaces, Chinese and pipes,
    //! every constraint kind, every section), write then read is identity
    //! and a second write is byte-identical.
    use super::*;
    use proptest::prelude::*;
    use proptest::sample::{select, subsequence};

    const NAMES: &[&str] = &[
        "User",
        "Order Line",
        "用户",
        "订单 明细",
        "Menu|Item",
        "Café",
    ];
    const FIELDS: &[&str] = &["id", "email", "user_id", "名称", "a|b", "created_at", "qty"];
    const WORDS: &[&str] = &[
        "Login lookup",
        "订单总额",
        "x | y",
        "A customer's orders",
        "",
    ];
    const SOURCES: &[&str] = &[
        "US-001",
        "F-03",
        "api:User.email",
        "rule:id",
        "NFR:Performance",
        "arch:backend-x",
    ];

    fn sources() -> impl Strategy<Value = Vec<Source>> {
        subsequence(SOURCES, 0..=2).prop_map(|v| v.into_iter().map(src).collect())
    }

    fn text() -> impl Strategy<Value = String> {
        select(WORDS).prop_map(s)
    }

    fn sql_type() -> impl Strategy<Value = SqlType> {
        prop_oneof![
            Just(SqlType::Uuid),
            (1u32..5000).prop_map(|n| SqlType::Varchar(Some(n))),
            Just(SqlType::Varchar(None)),
            Just(SqlType::Text),
            Just(SqlType::SmallInt),
            Just(SqlType::Int),
            Just(SqlType::BigInt),
            (1u8..38, 0u8..10).prop_map(|(p, s)| SqlType::Decimal(p, s)),
            Just(SqlType::Float),
            Just(SqlType::Boolean),
            Just(SqlType::Date),
            Just(SqlType::Time),
            Just(SqlType::Timestamp),
            Just(SqlType::Json),
            Just(SqlType::Bytes),
            Just(SqlType::Enum(vec![s("new"), s("done")])),
            Just(SqlType::Other(s("GEOMETRY"))),
        ]
    }

    fn constraints(targets: Vec<String>) -> impl Strategy<Value = Constraints> {
        let on_delete = prop_oneof![
            Just(None),
            Just(Some(OnDelete::Cascade)),
            Just(Some(OnDelete::SetNull)),
            Just(Some(OnDelete::Restrict)),
            Just(Some(OnDelete::NoAction)),
        ];
        let fk = (select(targets), on_delete).prop_map(|(entity, on_delete)| ForeignKey {
            entity,
            field: s("id"),
            on_delete,
        });
        (
            any::<bool>(),
            proptest::option::of(fk),
            any::<bool>(),
            any::<bool>(),
            proptest::option::of(select(&["0", "now()", "'a, b'"][..]).prop_map(s)),
            proptest::option::of(select(&["x > 0", "status IN ('a', 'b')"][..]).prop_map(s)),
        )
            .prop_map(
                |(primary_key, foreign_key, unique, not_null, default, check)| Constraints {
                    primary_key,
                    foreign_key,
                    unique,
                    not_null,
                    default,
                    check,
                },
            )
    }

    fn design() -> impl Strategy<Value = Design> {
        subsequence(NAMES, 1..=4).prop_flat_map(|names| {
            let names: Vec<String> = names.into_iter().map(s).collect();
            let n = names.len();
            let entity = |name: String, targets: Vec<String>| {
                (
                    subsequence(FIELDS, 1..=4),
                    prop::collection::vec((sql_type(), constraints(targets), text(), sources()), 4),
                    text(),
                    sources(),
                    proptest::option::of(Just(s("Kept as written."))),
                )
                    .prop_map(
                        move |(fields, attrs, description, sources, note)| Entity {
                            name: name.clone(),
                            table: format!("t_{}", name.len()),
                            description,
                            sources,
                            fields: fields
                                .into_iter()
                                .zip(attrs)
                                .map(|(f, (ty, constraints, description, sources))| Field {
                                    name: s(f),
                                    ty,
                                    constraints,
                                    description,
                                    sources,
                                })
                                .collect(),
                            notes: note.into_iter().collect(),
                        },
                    )
            };
            let entities: Vec<_> = names
                .iter()
                .map(|nm| entity(nm.clone(), names.clone()))
                .collect();
            let rel = (
                select(names.clone()),
                select(names.clone()),
                prop_oneof![
                    Just(Cardinality::OneToOne),
                    Just(Cardinality::OneToMany),
                    Just(Cardinality::ManyToMany)
                ],
                proptest::option::of(select(names.clone())),
                select(&["", "places", "拥有"][..]),
                sources(),
            )
                .prop_map(|(left, right, cardinality, via, label, sources)| {
                    Relationship {
                        left,
                        right,
                        via: if cardinality == Cardinality::ManyToMany {
                            via
                        } else {
                            None
                        },
                        cardinality,
                        label: s(label),
                        sources,
                    }
                });
            let index = (
                select(names.clone()),
                0usize..100,
                subsequence(FIELDS, 1..=3),
                any::<bool>(),
                prop_oneof![
                    Just(IndexKind::Unique),
                    Just(IndexKind::Btree),
                    Just(IndexKind::Hash),
                    Just(IndexKind::Gin),
                    Just(IndexKind::Fulltext)
                ],
                text(),
                sources(),
            )
                .prop_map(|(table, k, cols, desc, kind, purpose, sources)| Index {
                    table,
                    name: format!("idx_{k}"),
                    columns: cols
                        .iter()
                        .enumerate()
                        .map(|(i, c)| IndexColumn {
                            name: s(c),
                            descending: desc && i == 0,
                        })
                        .collect(),
                    kind,
                    purpose,
                    sources,
                });
            let query = (
                select(&["User login", "查看订单", "List | filter"][..]),
                prop_oneof![
                    Just(Frequency::High),
                    Just(Frequency::Medium),
                    Just(Frequency::Low)
                ],
                subsequence(names.clone(), 0..=n.min(2)),
                subsequence(FIELDS, 0..=2),
                proptest::option::of((select(FIELDS), any::<bool>())),
                proptest::option::of(0usize..100),
                select(&["", "fast path"][..]),
                sources(),
            )
                .prop_map(
                    |(scenario, frequency, tables, eq, sort, served, opt, sources)| QueryPattern {
                        scenario: s(scenario),
                        frequency,
                        tables,
                        optimization: s(opt),
                        served_by: served.map(|k| format!("idx_{k}")),
                        equality: eq.into_iter().map(s).collect(),
                        range_or_sort: sort.map(|(c, d)| IndexColumn {
                            name: s(c),
                            descending: d,
                        }),
                        sources,
                    },
                );
            (
                entities,
                prop::collection::vec(rel, 0..3),
                prop::collection::vec(index, 0..3),
                prop::collection::vec(query, 0..3),
                any::<bool>(),
                proptest::option::of(text()),
            )
                .prop_map(
                    move |(entities, relationships, indexes, query_patterns, stores, note)| {
                        let full = sample_design();
                        let _ = n;
                        Design {
                            system: s("backend-gen"),
                            storage: full.storage.clone(),
                            entities,
                            relationships,
                            indexes,
                            query_patterns,
                            stores: if stores {
                                full.stores.clone()
                            } else {
                                OtherStores::default()
                            },
                            notes: note
                                .filter(|t| !t.is_empty())
                                .map(|t| Note {
                                    section: s("## 3. Entity Relationships"),
                                    text: format!("Note: {t}"),
                                })
                                .into_iter()
                                .collect(),
                            stamp: None,
                        }
                    },
                )
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]
        #[test]
        fn write_read_is_identity(d in design()) {
            let text = crate::document::render(&d);
            let (back, diags) = read(&text);
            prop_assert!(diags.is_empty(), "{:#?}\n{}", diags, text);
            prop_assert_eq!(&back, &d, "{}", text);
            prop_assert_eq!(crate::document::render(&back), text);
        }
    }
}

#[test]
fn hand_written_documents_normalise_once() {
    for (name, text) in [
        (
            "handwritten_en",
            include_str!("../../tests/fixtures/document/handwritten-en.md"),
        ),
        (
            "handwritten_zh",
            include_str!("../../tests/fixtures/document/handwritten-zh.md"),
        ),
    ] {
        let (d, _) = read(text);
        let once = super::render(&d);
        let (again, diags) = read(&once);
        assert!(diags.is_empty(), "{name}: {diags:#?}");
        assert_eq!(again, d, "{name}");
        assert_eq!(super::render(&again), once, "{name}");
        insta::assert_snapshot!(name, once);
    }
}

#[test]
fn a_heading_shallower_than_the_sections_is_a_section_of_its_own() {
    let text = "# shop Storage Design\n\n## 1. Storage Selection\n\n# Appendix\n\nKept as written.\n\n## 2. Core Entities\n";
    let (d, _) = read(text);
    let appendix = d.notes.iter().find(|n| n.section == "# Appendix");
    assert_eq!(
        appendix.map(|n| n.text.as_str()),
        Some("Kept as written."),
        "{:#?}",
        d.notes
    );
    let once = super::render(&d);
    assert!(once.contains("# Appendix\n\nKept as written."), "{once}");
    assert_eq!(super::render(&read(&once).0), once);
}

#[test]
fn a_second_section_with_a_known_title_adds_to_the_first() {
    let text = "# shop Storage Design\n\n## 1. Storage Selection\n\nNothing chosen yet.\n\n## 1. Storage Selection\n\n| Storage Type | Technology | Purpose | Reason |\n|---|---|---|---|\n| Primary DB | PostgreSQL | Business data | |\n";
    let (d, _) = read(text);
    assert_eq!(d.storage.len(), 1, "{d:#?}");
    assert_eq!(d.storage[0].technology, "PostgreSQL");
}

#[test]
fn a_note_that_leaves_a_fence_open_is_closed_when_written() {
    let text = "# shop Storage Design\n\n## 1. Storage Selection\n\nChosen later:\n```\nsketch\n";
    let once = super::render(&read(text).0);
    let (again, _) = read(&once);
    assert_eq!(
        again
            .notes
            .iter()
            .find(|n| n.section.contains("Storage"))
            .map(|n| n.text.as_str()),
        Some("Chosen later:\n```\nsketch\n```"),
        "{once}"
    );
    // The storage table after the note is still a table.
    assert!(
        !again
            .notes
            .iter()
            .any(|n| n.text.contains("| Storage Type")),
        "{once}"
    );
}
