//! Reading query plans: one classifier per engine turns the engine's EXPLAIN
//! output into the same small [`PlanSummary`] (how each table is reached, and
//! whether an extra sort step runs). Pure functions over recorded text or
//! JSON, so they are unit-tested without a database.

use serde::Serialize;
use serde_json::Value;

/// How one table is reached in a plan.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Access {
    /// Table name as the plan prints it (queries use no aliases).
    pub table: String,
    /// The index used; `None` for a full table scan.
    pub index: Option<String>,
    /// The whole index is read (for its order), not searched.
    pub full_index_scan: bool,
    /// The index is the table's primary key.
    pub primary: bool,
    /// An index the engine builds for this one query (SQLite's AUTOMATIC
    /// index): no index of the design serves the access.
    pub automatic: bool,
    /// Columns the engine constrains through the index, when it says.
    pub key_columns: Vec<String>,
}

/// What a plan does, engine-independent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PlanSummary {
    pub accesses: Vec<Access>,
    /// A sort step runs after reading (the index does not give the order).
    pub extra_sort: bool,
    /// The plan, one short line per step, for the report.
    pub lines: Vec<String>,
}

impl PlanSummary {
    pub fn access(&self, table: &str) -> Option<&Access> {
        self.accesses
            .iter()
            .find(|a| a.table.eq_ignore_ascii_case(table))
    }
}

/// SQLite: the `detail` column of `EXPLAIN QUERY PLAN`, one string per row.
pub fn sqlite(details: &[String]) -> PlanSummary {
    let mut summary = PlanSummary::default();
    for detail in details {
        let d = detail.trim();
        summary.lines.push(d.to_string());
        if d.starts_with("USE TEMP B-TREE FOR") && d.contains("ORDER BY") {
            summary.extra_sort = true;
            continue;
        }
        let (search, rest) = if let Some(rest) = d.strip_prefix("SEARCH ") {
            (true, rest)
        } else if let Some(rest) = d.strip_prefix("SCAN ") {
            (false, rest)
        } else {
            continue;
        };
        let rest = rest.strip_prefix("TABLE ").unwrap_or(rest);
        if rest.starts_with("CONSTANT ROW") {
            continue;
        }
        let (table, using) = match rest.find(" USING ") {
            Some(at) => (&rest[..at], Some(&rest[at + " USING ".len()..])),
            None => (rest, None),
        };
        // Older SQLite prints `TABLE t AS a`; we never alias, keep the name.
        let table = table.split(" AS ").next().unwrap_or(table).trim();
        let mut access = Access {
            table: table.to_string(),
            ..Default::default()
        };
        if let Some(using) = using {
            let (how, cols) = match using.find(" (") {
                Some(at) => (&using[..at], Some(&using[at + 2..])),
                None => (using, None),
            };
            if how.contains("AUTOMATIC") {
                access.automatic = true;
                access.index = Some("AUTOMATIC INDEX".into());
            } else if how.contains("PRIMARY KEY") {
                access.primary = true;
                access.index = Some("PRIMARY KEY".into());
            } else if let Some(at) = how.find("INDEX ") {
                access.index = Some(how[at + "INDEX ".len()..].trim().to_string());
            }
            if let Some(cols) = cols {
                access.key_columns = cols
                    .trim_end_matches(')')
                    .split(" AND ")
                    .filter_map(|term| {
                        let name: String = term
                            .trim()
                            .chars()
                            .take_while(|c| !matches!(c, '=' | '<' | '>' | ' '))
                            .collect();
                        (!name.is_empty()).then_some(name)
                    })
                    .collect();
            }
            access.full_index_scan = !search && access.index.is_some();
        }
        summary.accesses.push(access);
    }
    summary
}

/// PostgreSQL: the document `EXPLAIN (FORMAT JSON)` returns.
pub fn postgres(json: &Value) -> PlanSummary {
    let mut summary = PlanSummary::default();
    let root = json
        .as_array()
        .and_then(|a| a.first())
        .and_then(|p| p.get("Plan"))
        .or_else(|| json.get("Plan"));
    if let Some(root) = root {
        walk_pg(root, None, 0, &mut summary);
    }
    summary
}

fn walk_pg(node: &Value, heap_relation: Option<&str>, depth: usize, out: &mut PlanSummary) {
    let text = |key: &str| node.get(key).and_then(Value::as_str);
    let node_type = text("Node Type").unwrap_or("?");
    let relation = text("Relation Name");
    let index = text("Index Name");
    let cond = text("Index Cond");
    let mut line = format!("{}{node_type}", "  ".repeat(depth));
    if let Some(index) = index {
        line.push_str(&format!(" using {index}"));
    }
    if let Some(rel) = relation {
        line.push_str(&format!(" on {rel}"));
    }
    if let Some(cond) = cond {
        line.push_str(&format!(" ({cond})"));
    }
    if let Some(keys) = node.get("Sort Key").and_then(Value::as_array) {
        let keys: Vec<&str> = keys.iter().filter_map(Value::as_str).collect();
        line.push_str(&format!(" [{}]", keys.join(", ")));
    }
    out.lines.push(line);
    match node_type {
        "Seq Scan" => out.accesses.push(Access {
            table: relation.unwrap_or("?").to_string(),
            ..Default::default()
        }),
        "Index Scan" | "Index Only Scan" | "Bitmap Index Scan" => {
            let table = if node_type == "Bitmap Index Scan" {
                heap_relation
            } else {
                relation
            };
            let index = index.unwrap_or("?").to_string();
            out.accesses.push(Access {
                table: table.unwrap_or("?").to_string(),
                primary: index.ends_with("_pkey"),
                index: Some(index),
                full_index_scan: cond.is_none(),
                automatic: false,
                key_columns: cond.map(pg_condition_columns).unwrap_or_default(),
            });
        }
        "Sort" | "Incremental Sort" => out.extra_sort = true,
        _ => {}
    }
    let heap = if node_type == "Bitmap Heap Scan" {
        relation
    } else {
        heap_relation
    };
    if let Some(children) = node.get("Plans").and_then(Value::as_array) {
        for child in children {
            walk_pg(child, heap, depth + 1, out);
        }
    }
}

/// Column names on the left of each comparison in a PostgreSQL condition,
/// e.g. `((user_id = '1'::uuid) AND (created_at > now()))` -> user_id, created_at.
pub fn pg_condition_columns(cond: &str) -> Vec<String> {
    let mut columns = Vec::new();
    for piece in cond.split('(').skip(1) {
        let piece = piece.trim_start();
        let (name, rest) = if let Some(quoted) = piece.strip_prefix('"') {
            match quoted.find('"') {
                Some(end) => (quoted[..end].to_string(), &quoted[end + 1..]),
                None => continue,
            }
        } else {
            let end = piece
                .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'))
                .unwrap_or(piece.len());
            (piece[..end].to_string(), &piece[end..])
        };
        let name = name.rsplit('.').next().unwrap_or("").to_string();
        let rest = rest.trim_start();
        let is_comparison = ["=", "<", ">", "~~", "@>", "&&", "IS "]
            .iter()
            .any(|op| rest.starts_with(op));
        if !name.is_empty() && is_comparison && !columns.contains(&name) {
            columns.push(name);
        }
    }
    columns
}

/// MariaDB / MySQL: the document `EXPLAIN FORMAT=JSON` returns.
pub fn mysql(json: &Value) -> PlanSummary {
    let mut summary = PlanSummary::default();
    walk_my(json, &mut summary);
    summary
}

fn walk_my(node: &Value, out: &mut PlanSummary) {
    match node {
        Value::Object(map) => {
            if let Some(table) = map.get("table_name").and_then(Value::as_str) {
                let access_type = map
                    .get("access_type")
                    .and_then(Value::as_str)
                    .unwrap_or("?");
                let key = map.get("key").and_then(Value::as_str);
                let parts: Vec<String> = map
                    .get("used_key_parts")
                    .and_then(Value::as_array)
                    .map(|a| {
                        a.iter()
                            .filter_map(Value::as_str)
                            .map(str::to_string)
                            .collect()
                    })
                    .unwrap_or_default();
                let scan = matches!(access_type, "ALL" | "hash_ALL");
                out.lines.push(format!(
                    "{table}: {access_type}{}{}",
                    key.map(|k| format!(" using {k}")).unwrap_or_default(),
                    if parts.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", parts.join(", "))
                    }
                ));
                out.accesses.push(Access {
                    table: table.to_string(),
                    index: if scan { None } else { key.map(str::to_string) },
                    full_index_scan: access_type == "index",
                    primary: key == Some("PRIMARY"),
                    automatic: false,
                    key_columns: parts,
                });
            }
            if map.contains_key("filesort")
                || map.get("using_filesort").and_then(Value::as_bool) == Some(true)
            {
                if !out.extra_sort {
                    out.lines.push("filesort".into());
                }
                out.extra_sort = true;
            }
            if let Some(message) = map.get("message").and_then(Value::as_str) {
                out.lines.push(message.to_string());
            }
            for (key, value) in map {
                if key != "attached_condition" {
                    walk_my(value, out);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| walk_my(v, out)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        text.lines().map(str::to_string).collect()
    }

    #[test]
    fn sqlite_search_with_index_and_no_sort() {
        let p = sqlite(&lines(
            "SEARCH orders USING INDEX idx_orders_user_created (user_id=?)",
        ));
        assert_eq!(p.accesses.len(), 1);
        let a = &p.accesses[0];
        assert_eq!(a.table, "orders");
        assert_eq!(a.index.as_deref(), Some("idx_orders_user_created"));
        assert!(!a.full_index_scan);
        assert_eq!(a.key_columns, vec!["user_id"]);
        assert!(!p.extra_sort);
    }

    #[test]
    fn sqlite_temp_btree_is_an_extra_sort() {
        let p = sqlite(&lines(
            "SEARCH orders USING INDEX idx_orders_user (user_id=?)\nUSE TEMP B-TREE FOR ORDER BY",
        ));
        assert!(p.extra_sort);
        let p = sqlite(&lines(
            "SEARCH orders USING INDEX idx_a (user_id=?)\nUSE TEMP B-TREE FOR RIGHT PART OF ORDER BY",
        ));
        assert!(p.extra_sort);
    }

    #[test]
    fn sqlite_scans_and_keys() {
        let p = sqlite(&lines(
            "SCAN users\nSCAN orders USING INDEX idx_created\nSEARCH items USING INTEGER PRIMARY KEY (rowid=?)\nSEARCH tags USING AUTOMATIC COVERING INDEX (post_id=?)\nSCAN TABLE legacy AS l\nSEARCH codes USING COVERING INDEX idx_code (code=? AND kind>?)",
        ));
        let by = |t: &str| p.access(t).unwrap_or_else(|| panic!("{t} missing"));
        assert_eq!(by("users").index, None);
        assert!(by("orders").full_index_scan);
        assert!(by("items").primary);
        assert!(by("tags").automatic);
        assert_eq!(by("legacy").index, None);
        assert_eq!(by("codes").index.as_deref(), Some("idx_code"));
        assert_eq!(by("codes").key_columns, vec!["code", "kind"]);
    }

    const PG_SERVED: &str = r#"[{"Plan": {"Node Type": "Limit", "Plans": [
        {"Node Type": "Index Scan", "Parent Relationship": "Outer", "Scan Direction": "Backward",
         "Index Name": "idx_orders_user_created", "Relation Name": "orders", "Alias": "orders",
         "Index Cond": "(user_id = '00000000-0000-4000-8000-000000000001'::uuid)"}]}}]"#;

    const PG_SORT: &str = r#"[{"Plan": {"Node Type": "Limit", "Plans": [
        {"Node Type": "Sort", "Sort Key": ["orders.created_at DESC"], "Plans": [
          {"Node Type": "Bitmap Heap Scan", "Relation Name": "orders", "Alias": "orders",
           "Recheck Cond": "(user_id = 1)", "Plans": [
             {"Node Type": "Bitmap Index Scan", "Index Name": "idx_orders_user",
              "Index Cond": "(user_id = 1)"}]}]}]}}]"#;

    const PG_WRONG_ORDER: &str = r#"[{"Plan": {"Node Type": "Limit", "Plans": [
        {"Node Type": "Index Scan", "Index Name": "idx_orders_created_user", "Relation Name": "orders",
         "Index Cond": "(user_id = 1)"}]}}]"#;

    const PG_SEQ_JOIN: &str = r#"[{"Plan": {"Node Type": "Nested Loop", "Plans": [
        {"Node Type": "Index Scan", "Index Name": "users_pkey", "Relation Name": "users",
         "Index Cond": "(id = 1)"},
        {"Node Type": "Seq Scan", "Relation Name": "orders", "Filter": "(user_id = 1)"}]}}]"#;

    fn pg(text: &str) -> PlanSummary {
        postgres(&serde_json::from_str(text).unwrap())
    }

    #[test]
    fn postgres_index_scan_without_sort() {
        let p = pg(PG_SERVED);
        assert!(!p.extra_sort);
        let a = p.access("orders").unwrap();
        assert_eq!(a.index.as_deref(), Some("idx_orders_user_created"));
        assert_eq!(a.key_columns, vec!["user_id"]);
        assert!(!a.full_index_scan);
    }

    #[test]
    fn postgres_sort_node_and_bitmap_scan() {
        let p = pg(PG_SORT);
        assert!(p.extra_sort);
        let a = p.access("orders").unwrap();
        assert_eq!(a.index.as_deref(), Some("idx_orders_user"));
    }

    #[test]
    fn postgres_condition_on_a_later_column_is_reported() {
        let p = pg(PG_WRONG_ORDER);
        let a = p.access("orders").unwrap();
        assert_eq!(a.key_columns, vec!["user_id"]);
    }

    #[test]
    fn postgres_seq_scan_in_a_join() {
        let p = pg(PG_SEQ_JOIN);
        assert!(p.access("users").unwrap().primary);
        assert_eq!(p.access("orders").unwrap().index, None);
    }

    #[test]
    fn postgres_condition_columns() {
        assert_eq!(
            pg_condition_columns(
                "((\"User Id\" = 1) AND (orders.created_at > '2024-01-01'::timestamp))"
            ),
            vec!["User Id", "created_at"]
        );
        assert_eq!(pg_condition_columns("(id = orders.user_id)"), vec!["id"]);
    }

    const MY_REF: &str = r#"{"query_block": {"select_id": 1, "table": {
        "table_name": "orders", "access_type": "ref", "possible_keys": ["idx_orders_user_created"],
        "key": "idx_orders_user_created", "key_length": "146", "used_key_parts": ["user_id"],
        "ref": ["const"], "rows": 1, "filtered": 100}}}"#;

    const MY_FILESORT: &str = r#"{"query_block": {"select_id": 1, "read_sorted_file": {
        "filesort": {"sort_key": "orders.created_at desc", "table": {
          "table_name": "orders", "access_type": "ref", "key": "idx_orders_user",
          "used_key_parts": ["user_id"], "rows": 10}}}}}"#;

    const MY_JOIN_ALL: &str = r#"{"query_block": {"select_id": 1, "nested_loop": [
        {"table": {"table_name": "users", "access_type": "const", "key": "PRIMARY", "used_key_parts": ["id"]}},
        {"table": {"table_name": "orders", "access_type": "ALL", "rows": 200,
          "attached_condition": "orders.user_id = 1"}}]}}"#;

    const MY_INDEX_SCAN: &str = r#"{"query_block": {"select_id": 1, "table": {
        "table_name": "orders", "access_type": "index", "key": "idx_orders_created_user",
        "key_length": "5", "used_key_parts": ["created_at", "user_id"], "rows": 200}}}"#;

    fn my(text: &str) -> PlanSummary {
        mysql(&serde_json::from_str(text).unwrap())
    }

    #[test]
    fn mysql_ref_access() {
        let p = my(MY_REF);
        assert!(!p.extra_sort);
        let a = p.access("orders").unwrap();
        assert_eq!(a.index.as_deref(), Some("idx_orders_user_created"));
        assert!(!a.full_index_scan);
    }

    #[test]
    fn mysql_filesort() {
        let p = my(MY_FILESORT);
        assert!(p.extra_sort);
        assert_eq!(
            p.access("orders").unwrap().index.as_deref(),
            Some("idx_orders_user")
        );
    }

    #[test]
    fn mysql_join_with_full_scan() {
        let p = my(MY_JOIN_ALL);
        assert!(p.access("users").unwrap().primary);
        assert_eq!(p.access("orders").unwrap().index, None);
    }

    #[test]
    fn mysql_full_index_scan() {
        let a = my(MY_INDEX_SCAN).access("orders").cloned().unwrap();
        assert!(a.full_index_scan);
    }
}
