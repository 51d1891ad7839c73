use super::*;
use crate::converse::edit::tests::shop;
use crate::model::{Cardinality, IndexKind, SqlType, StoragePurpose};

fn answers(text: &str) -> Answers {
    parse(text, Path::new("answers.yaml")).unwrap()
}

const ALL_KINDS: &str = r#"
backend-other:
  entities:
    remove: [Nothing]
backend-shop:
  entities:
    rename:
      User: Account
    add:
      - name: Coupon
        description: Discount codes
        fields:
          - {name: code, type: VARCHAR(32), constraints: "UNIQUE, NOT NULL"}
    remove: [Product]
  fields:
    Account:
      edit:
        email: {name: login_email, type: VARCHAR(320)}
      add:
        - {name: nickname, type: VARCHAR(50), constraints: NOT NULL, description: Shown name}
    Order:
      drop: [total]
  relationships:
    change:
      - {left: Account, right: Order, cardinality: "1:1"}
    add:
      - "Coupon 1 ──── N Order"
  technology:
    cache: none
    primary: MySQL
  indexes:
    drop: [idx_order_user_id]
    add:
      - {table: Coupon, columns: [code], type: UNIQUE, purpose: Redeem a code}
  query_patterns:
    drop: ["User login"]
    add:
      - {scenario: Redeem coupon, frequency: High, tables: [Coupon], index: idx_coupon_code}
"#;

#[test]
fn every_kind_of_decision_replays() {
    let a = answers(ALL_KINDS);
    let d = a.apply(&shop()).unwrap();
    assert!(d.entity("User").is_none());
    assert!(d.entity("Product").is_none());
    let acc = d.entity("Account").unwrap();
    assert_eq!(
        acc.field("login_email").unwrap().ty,
        SqlType::Varchar(Some(320))
    );
    assert_eq!(acc.field("nickname").unwrap().description, "Shown name");
    assert!(d.entity("Order").unwrap().field("total").is_none());
    let coupon = d.entity("Coupon").unwrap();
    assert!(coupon.field("code").unwrap().constraints.unique);
    assert_eq!(d.relationships[0].cardinality, Cardinality::OneToOne);
    assert_eq!(d.relationships[1].left, "Coupon");
    assert!(d.storage_for(StoragePurpose::Cache).is_none());
    assert_eq!(
        d.storage_for(StoragePurpose::Primary).unwrap().technology,
        "MySQL"
    );
    assert!(d.indexes.iter().all(|i| i.name != "idx_order_user_id"));
    let ix = d
        .indexes
        .iter()
        .find(|i| i.name == "idx_coupon_code")
        .unwrap();
    assert_eq!(ix.kind, IndexKind::Unique);
    assert_eq!(d.query_patterns.len(), 1);
    assert_eq!(
        d.query_patterns[0].served_by.as_deref(),
        Some("idx_coupon_code")
    );
    // Deterministic.
    assert_eq!(a.apply(&shop()).unwrap(), d);
}

#[test]
fn other_systems_are_untouched() {
    let a = answers("backend-other:\n  entities:\n    remove: [User]\n");
    assert_eq!(a.apply(&shop()).unwrap(), shop());
}

#[test]
fn json_works_too() {
    let a = parse(
        r#"{"backend-shop": {"technology": {"search": "PostgreSQL full-text"}, "entities": {"merge": [{"from": "Product", "into": "Order"}]}}}"#,
        Path::new("a.json"),
    )
    .unwrap();
    let d = a.apply(&shop()).unwrap();
    assert!(d.entity("Product").is_none());
    assert!(d.entity("Order").unwrap().field("description").is_some());
}

#[test]
fn missing_names_are_errors_with_their_lines() {
    let text = "backend-shop:\n  entities:\n    rename:\n      Customer: Client\n  fields:\n    Order:\n      drop: [discount]\n  indexes:\n    drop: [idx_nope]\n  relationships:\n    drop: [\"Order 1 ──── N Ghost\"]\n";
    let errs = answers(text).apply(&shop()).unwrap_err();
    let lines: Vec<usize> = errs.iter().map(|d| d.line).collect();
    assert_eq!(lines, vec![4, 7, 11, 9], "{errs:?}");
    assert!(
        errs[0].message.contains("no entity named `Customer`"),
        "{}",
        errs[0].message
    );
    assert!(errs[1].message.contains("Order.discount"));
    assert_eq!(errs[0].file.as_deref(), Some(Path::new("answers.yaml")));
}

#[test]
fn unknown_keys_and_bad_syntax_are_errors_with_lines() {
    let e = parse(
        "backend-shop:\n  entitys:\n    remove: [User]\n",
        Path::new("a.yaml"),
    )
    .unwrap_err();
    assert_eq!(e[0].line, 2, "{e:?}");
    assert!(e[0].message.contains("entitys"));
    let e = parse(
        "{\"backend-shop\": {\"technology\": 3}}",
        Path::new("a.json"),
    )
    .unwrap_err();
    assert_eq!(e[0].line, 1);
    let e = parse("backend-shop: [", Path::new("a.yaml")).unwrap_err();
    assert!(e[0].line >= 1);
}

#[test]
fn bad_values_are_errors() {
    let text = "backend-shop:\n  technology:\n    blockchain: Ethereum\n    primary: none\n  query_patterns:\n    add:\n      - {scenario: X, frequency: Often, tables: [User]}\n";
    let errs = answers(text).apply(&shop()).unwrap_err();
    assert_eq!(errs.len(), 3, "{errs:?}");
    assert_eq!(errs[0].line, 3);
}
