//! Generated rows: N rows per table that respect primary keys, UNIQUE,
//! NOT NULL, CHECK (enum values and simple numeric bounds), foreign keys
//! (parents first, existing parent rows only) and types.
//!
//! Values are a pure function of (table, column, row number), so the query
//! builder asks for row 0's values and gets literals that match real rows.

use super::{Engine, FillResult, Target};
use crate::model::{Design, Entity, Field, IndexKind, SqlType};
use std::collections::{HashMap, HashSet};

/// Rows per INSERT statement.
const BATCH: u64 = 250;

/// A table of the design, in insertion order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableRef {
    /// Entity name as in the document.
    pub entity: String,
    /// Physical table name.
    pub table: String,
}

/// The physical table name of an entity, as `export` names it.
pub fn table_of(entity: &Entity) -> String {
    crate::export::sql::table_name(entity)
}

/// Entities ordered parents first (by foreign keys); cycles keep document
/// order. Among the tables ready at each step the first in the document
/// goes first (Kahn's algorithm with the document position as priority).
pub fn tables_in_order(design: &Design) -> Vec<TableRef> {
    let n = design.entities.len();
    let index = EntityIndex::new(design);
    let mut parents: Vec<Vec<usize>> = Vec::with_capacity(n);
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, e) in design.entities.iter().enumerate() {
        let mut ps: Vec<usize> = e
            .fields
            .iter()
            .filter_map(|f| f.constraints.foreign_key.as_ref())
            .filter_map(|fk| index.get(&fk.entity))
            .filter(|&p| p != i)
            .collect();
        ps.sort_unstable();
        ps.dedup();
        for &p in &ps {
            children[p].push(i);
        }
        parents.push(ps);
    }
    let mut waiting: Vec<usize> = parents.iter().map(Vec::len).collect();
    let mut done = vec![false; n];
    let mut ready: std::collections::BTreeSet<usize> =
        (0..n).filter(|&i| waiting[i] == 0).collect();
    let mut placed: Vec<usize> = Vec::with_capacity(n);
    let mut next_undone = 0usize;
    while placed.len() < n {
        let i = match ready.pop_first() {
            Some(i) => i,
            None => {
                // A cycle: take the first remaining one; its back edge gets NULLs.
                while next_undone < n && done[next_undone] {
                    next_undone += 1;
                }
                if next_undone >= n {
                    break;
                }
                next_undone
            }
        };
        if done[i] {
            continue;
        }
        done[i] = true;
        placed.push(i);
        for &c in &children[i] {
            waiting[c] = waiting[c].saturating_sub(1);
            if waiting[c] == 0 && !done[c] {
                ready.insert(c);
            }
        }
    }
    placed
        .into_iter()
        .map(|i| TableRef {
            entity: design.entities[i].name.clone(),
            table: table_of(&design.entities[i]),
        })
        .collect()
}

/// Entities by name or physical table name, ignoring ASCII case; the first
/// in the document wins, as a scan would find it.
struct EntityIndex(HashMap<String, usize>);

impl EntityIndex {
    fn new(design: &Design) -> Self {
        let mut map = HashMap::with_capacity(design.entities.len() * 2);
        for (i, e) in design.entities.iter().enumerate() {
            map.entry(e.name.to_ascii_lowercase()).or_insert(i);
            map.entry(table_of(e).to_ascii_lowercase()).or_insert(i);
        }
        EntityIndex(map)
    }

    fn get(&self, name: &str) -> Option<usize> {
        self.0.get(&name.to_ascii_lowercase()).copied()
    }
}

/// A generated value, rendered per engine.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Int(i64),
    /// A number already written as SQL (decimals, floats).
    Number(String),
    Text(String),
    Bool(bool),
    Bytes(Vec<u8>),
}

impl Value {
    pub fn sql(&self, engine: Engine) -> String {
        match self {
            Value::Null => "NULL".into(),
            Value::Int(n) => n.to_string(),
            Value::Number(s) => s.clone(),
            Value::Text(s) => format!("'{}'", s.replace('\'', "''")),
            Value::Bool(b) => if *b { "TRUE" } else { "FALSE" }.into(),
            Value::Bytes(bytes) => {
                let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
                match engine {
                    Engine::Postgres => format!("'\\x{hex}'::bytea"),
                    Engine::Sqlite | Engine::Mysql => format!("X'{hex}'"),
                }
            }
        }
    }
}

/// The rows to generate for every table of a design.
pub struct FillPlan<'a> {
    design: &'a Design,
    /// Rows per entity (by index in `design.entities`), capped where a
    /// composite key cannot hold more distinct rows.
    rows: Vec<u64>,
    /// Foreign keys that point to a table filled later (a cycle): NULL.
    deferred: HashSet<(usize, usize)>,
    index: EntityIndex,
}

impl<'a> FillPlan<'a> {
    pub fn new(design: &'a Design, order: &[TableRef], rows: u64) -> Self {
        let rows = rows.max(1);
        let index = EntityIndex::new(design);
        let position: HashMap<usize, usize> = order
            .iter()
            .enumerate()
            .filter_map(|(pos, t)| index.get(&t.entity).map(|i| (i, pos)))
            .collect();
        let mut deferred = HashSet::new();
        for (i, entity) in design.entities.iter().enumerate() {
            for (f, field) in entity.fields.iter().enumerate() {
                if let Some(fk) = &field.constraints.foreign_key {
                    if let Some(p) = index.get(&fk.entity) {
                        let later = position.get(&p).copied().unwrap_or(usize::MAX)
                            > position.get(&i).copied().unwrap_or(0);
                        if later && p != i {
                            deferred.insert((i, f));
                        }
                    }
                }
            }
        }
        let mut plan = FillPlan {
            design,
            rows: vec![rows; design.entities.len()],
            deferred,
            index,
        };
        // Cap tables whose unique groups have finite domains (e.g. a join
        // table with a composite key of two foreign keys).
        let in_order: Vec<usize> = order
            .iter()
            .filter_map(|t| plan.index.get(&t.entity))
            .collect();
        for i in in_order {
            for group in plan.unique_groups(i) {
                if let Some(capacity) = plan.group_capacity(i, &group) {
                    plan.rows[i] = plan.rows[i].min(capacity.max(1));
                }
            }
        }
        plan
    }

    /// Rows planned for an entity.
    pub fn rows_of(&self, entity: &str) -> u64 {
        self.index
            .get(entity)
            .and_then(|i| self.rows.get(i).copied())
            .unwrap_or(0)
    }

    /// Column sets that must be unique together (composite PK, multi-column
    /// UNIQUE indexes); single-column keys are handled per field.
    fn unique_groups(&self, entity: usize) -> Vec<Vec<usize>> {
        let e = &self.design.entities[entity];
        let mut groups = Vec::new();
        let pk: Vec<usize> = (0..e.fields.len())
            .filter(|&f| e.fields[f].constraints.primary_key)
            .collect();
        if pk.len() > 1 {
            groups.push(pk);
        }
        for index in &self.design.indexes {
            if index.kind != IndexKind::Unique || index.columns.len() < 2 {
                continue;
            }
            if self.index.get(&index.table) != Some(entity) {
                continue;
            }
            let cols: Option<Vec<usize>> = index
                .columns
                .iter()
                .map(|c| {
                    e.fields
                        .iter()
                        .position(|f| f.name.eq_ignore_ascii_case(&c.name))
                })
                .collect();
            if let Some(cols) = cols {
                groups.push(cols);
            }
        }
        groups
    }

    /// Number of distinct values a column can take, when finite.
    fn domain(&self, entity: usize, field: usize) -> Option<u64> {
        let f = &self.design.entities[entity].fields[field];
        if let Some(fk) = &f.constraints.foreign_key {
            if let Some(p) = self.index.get(&fk.entity) {
                if p != entity {
                    return Some(self.rows[p]);
                }
            }
        }
        if let Some(values) = enum_values(f) {
            return Some(values.len() as u64);
        }
        match f.ty {
            SqlType::Boolean => Some(2),
            _ => None,
        }
    }

    fn group_capacity(&self, entity: usize, group: &[usize]) -> Option<u64> {
        let mut capacity: u64 = 1;
        for &f in group {
            capacity = capacity.saturating_mul(self.domain(entity, f)?);
        }
        Some(capacity)
    }

    /// The group a field takes mixed-radix values in, with its digit weight.
    fn radix(&self, entity: usize, field: usize) -> Option<(u64, u64)> {
        for group in self.unique_groups(entity) {
            if !group.contains(&field) || self.group_capacity(entity, &group).is_none() {
                continue;
            }
            let mut weight = 1u64;
            for &f in &group {
                let d = self.domain(entity, f)?.max(1);
                if f == field {
                    return Some((weight, d));
                }
                weight = weight.saturating_mul(d);
            }
        }
        None
    }

    /// The value of one column in one generated row.
    pub fn value(&self, entity: &str, field: &str, row: u64) -> Value {
        let Some(i) = self.index.get(entity) else {
            return Value::Null;
        };
        let Some(f) = self.design.entities[i]
            .fields
            .iter()
            .position(|x| x.name.eq_ignore_ascii_case(field))
        else {
            return Value::Null;
        };
        self.value_at(i, f, row, 0)
    }

    /// A literal for a query on this column: a value some generated row
    /// holds when there is one, else one of the column's type.
    pub fn literal(&self, entity: &str, field: &str) -> Value {
        for row in 0..16 {
            let v = self.value(entity, field, row);
            if v != Value::Null {
                return v;
            }
        }
        let Some(i) = self.index.get(entity) else {
            return Value::Null;
        };
        let e = &self.design.entities[i];
        match e
            .fields
            .iter()
            .position(|x| x.name.eq_ignore_ascii_case(field))
        {
            Some(f) => generate(i as u64, f, &e.fields[f], 0, false),
            None => Value::Null,
        }
    }

    fn value_at(&self, entity: usize, field: usize, row: u64, depth: u32) -> Value {
        let e = &self.design.entities[entity];
        let f = &e.fields[field];
        if depth > 8 {
            return Value::Null;
        }
        let radix = self.radix(entity, field);
        if let Some(fk) = &f.constraints.foreign_key {
            if let Some(p) = self.index.get(&fk.entity) {
                if self.deferred.contains(&(entity, field)) {
                    return Value::Null;
                }
                let parent_rows = self.rows[p].max(1);
                let parent_row = if p == entity {
                    // Self-reference: a tree whose root is row 0 (NULL parent
                    // when allowed, else itself); parents come first.
                    if row == 0 && !f.constraints.not_null && !f.constraints.primary_key {
                        return Value::Null;
                    }
                    row.saturating_sub(1) / 2
                } else if let Some((weight, d)) = radix {
                    (row / weight) % d
                } else if f.constraints.unique {
                    row % parent_rows
                } else {
                    scatter(row) % parent_rows
                };
                let target = self.design.entities[p]
                    .fields
                    .iter()
                    .position(|x| x.name.eq_ignore_ascii_case(&fk.field))
                    .or_else(|| {
                        self.design.entities[p]
                            .fields
                            .iter()
                            .position(|x| x.constraints.primary_key)
                    });
                return match target {
                    Some(t) => self.value_at(p, t, parent_row, depth + 1),
                    None => Value::Null,
                };
            }
        }
        let unique =
            f.constraints.unique || (f.constraints.primary_key && e.primary_key().len() == 1);
        if let Some(values) = enum_values(f) {
            let k = match radix {
                Some((weight, d)) => (row / weight) % d,
                None => row,
            };
            let n = values.len().max(1) as u64;
            return values
                .get((k % n) as usize)
                .map(|v| Value::Text(v.clone()))
                .unwrap_or(Value::Null);
        }
        // Non-unique columns repeat values so equality filters are selective
        // but not unique.
        let k = if unique || radix.is_some() {
            match radix {
                Some((weight, d)) => (row / weight) % d,
                None => row,
            }
        } else {
            scatter(row) % 97
        };
        generate(entity as u64, field, f, k, unique)
    }

    /// Inserts this table's rows in batches inside one transaction.
    pub fn fill_table(
        &self,
        engine: Engine,
        table: &TableRef,
        target: &mut dyn Target,
    ) -> FillResult {
        let Some(i) = self.index.get(&table.entity) else {
            return FillResult {
                table: table.table.clone(),
                rows: 0,
                error: Some("entity not found".into()),
            };
        };
        let e = &self.design.entities[i];
        let n = self.rows[i];
        let columns: Vec<String> = e.fields.iter().map(|f| engine.quote(&f.name)).collect();
        let head = format!(
            "INSERT INTO {} ({}){} VALUES ",
            engine.quote(&table.table),
            columns.join(", "),
            // Explicit keys must win over identity columns.
            if engine == Engine::Postgres {
                " OVERRIDING SYSTEM VALUE"
            } else {
                ""
            }
        );
        let mut statements = Vec::new();
        let mut start = 0;
        while start < n {
            let end = (start + BATCH).min(n);
            let rows: Vec<String> = (start..end)
                .map(|row| {
                    let values: Vec<String> = (0..e.fields.len())
                        .map(|f| self.value_at(i, f, row, 0).sql(engine))
                        .collect();
                    format!("({})", values.join(", "))
                })
                .collect();
            statements.push(format!("{head}{}", rows.join(", ")));
            start = end;
        }
        // Transactions of a few batches, so Ctrl-C is heard during a big fill.
        let mut inserted = 0;
        for chunk in statements.chunks(20) {
            if super::sandbox::interrupted() {
                return FillResult {
                    table: table.table.clone(),
                    rows: inserted,
                    error: Some("interrupted".into()),
                };
            }
            if let Err(err) = target.execute_in_transaction(chunk) {
                return FillResult {
                    table: table.table.clone(),
                    rows: inserted,
                    error: Some(err.0),
                };
            }
            inserted = (inserted + chunk.len() as u64 * BATCH).min(n);
        }
        FillResult {
            table: table.table.clone(),
            rows: n,
            error: None,
        }
    }
}

/// Spreads row numbers so repeated values are not in insertion order.
fn scatter(row: u64) -> u64 {
    row.wrapping_mul(2_654_435_761) >> 7
}

/// Enumerated values of a field: its ENUM type or a `col IN ('a', 'b')` CHECK.
pub fn enum_values(field: &Field) -> Option<Vec<String>> {
    if let SqlType::Enum(values) = &field.ty {
        if !values.is_empty() {
            return Some(values.clone());
        }
    }
    let check = field.constraints.check.as_deref()?;
    let upper = check.to_ascii_uppercase();
    let at = upper.find(" IN ")?;
    let list = &check[at + 4..];
    let open = list.find('(')?;
    let close = list.find(')')?;
    let values: Vec<String> = list
        .get(open + 1..close)?
        .split(',')
        .map(|v| v.trim().trim_matches('\'').to_string())
        .filter(|v| !v.is_empty())
        .collect();
    (!values.is_empty()).then_some(values)
}

/// Numeric bounds a CHECK states (`>= a`, `> a`, `<= b`, `< b`, `BETWEEN a AND b`).
fn bounds(check: Option<&str>) -> (Option<f64>, Option<f64>) {
    let Some(check) = check else {
        return (None, None);
    };
    let upper = check.to_ascii_uppercase();
    let number_after = |s: &str| -> Option<f64> {
        let s = s.trim_start();
        let end = s
            .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
            .unwrap_or(s.len());
        s[..end].parse().ok()
    };
    let (mut lo, mut hi) = (None, None);
    if let Some(at) = upper.find("BETWEEN") {
        let rest = &upper[at + 7..];
        lo = number_after(rest);
        if let Some(and) = rest.find("AND") {
            hi = number_after(&rest[and + 3..]);
        }
        return (lo, hi);
    }
    let bytes = upper.as_bytes();
    for (at, c) in upper.char_indices() {
        let next = bytes.get(at + 1).copied();
        match (c, next) {
            ('>', Some(b'=')) => lo = number_after(&upper[at + 2..]).or(lo),
            ('>', _) if at == 0 || bytes[at - 1] != b'<' => {
                lo = number_after(&upper[at + 1..]).map(|v| v + 1.0).or(lo)
            }
            ('<', Some(b'=')) => hi = number_after(&upper[at + 2..]).or(hi),
            ('<', Some(b'>')) => {}
            ('<', _) => hi = number_after(&upper[at + 1..]).map(|v| v - 1.0).or(hi),
            _ => {}
        }
    }
    (lo, hi)
}

/// A value of a field's type for row `k`; distinct per `k` when `unique`.
fn generate(table: u64, field: usize, f: &Field, k: u64, unique: bool) -> Value {
    let name = f.name.to_ascii_lowercase();
    let (lo, hi) = bounds(f.constraints.check.as_deref());
    let int = |default_hi: i64| -> i64 {
        let lo = lo
            .map(|v| v.ceil() as i64)
            .unwrap_or(if unique { 1 } else { 0 });
        let hi = hi.map(|v| v.floor() as i64);
        match hi {
            Some(hi) if hi >= lo => lo + (k as i64) % (hi - lo + 1),
            _ if unique => lo + k as i64,
            _ => lo + (k as i64) % default_hi.max(1),
        }
    };
    let text = |max: Option<u32>| -> Value {
        let s = if name.contains("email") {
            format!("user{k}@example.com")
        } else if name.contains("url") || name.contains("link") {
            format!("https://example.com/{k}")
        } else if name.contains("phone") || name.contains("mobile") {
            format!("+1555{k:07}")
        } else {
            format!("{}_{k}", name.chars().take(12).collect::<String>())
        };
        match max {
            Some(max) if s.len() > max as usize => Value::Text(base36(k, max as usize)),
            _ => Value::Text(s),
        }
    };
    match &f.ty {
        SqlType::Uuid => Value::Text(format!(
            "{:08x}-{:04x}-4000-8000-{:012x}",
            table,
            field & 0xffff,
            k
        )),
        SqlType::Varchar(max) => text(*max),
        SqlType::Text => text(None),
        SqlType::SmallInt => Value::Int(int(100).min(i16::MAX as i64)),
        SqlType::Int | SqlType::BigInt => Value::Int(int(100)),
        SqlType::Decimal(p, s) => {
            let digits = p.saturating_sub(*s).min(15) as u32;
            let cap = 10i64.saturating_pow(digits).saturating_sub(1).max(1);
            let whole = int(cap.min(1000)).clamp(0, cap);
            if *s > 0 {
                Value::Number(format!("{whole}.{}", "5".repeat((*s).min(6) as usize)))
            } else {
                Value::Number(whole.to_string())
            }
        }
        SqlType::Float => Value::Number(format!("{}.5", int(1000))),
        SqlType::Boolean => Value::Bool(k % 2 == 0),
        SqlType::Date => Value::Text(date_time(k * 86_400 + field as u64 * 3_600).0),
        SqlType::Time => {
            let s = (k * 61 + field as u64) % 86_400;
            Value::Text(format!("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60))
        }
        // Later columns get later times, so `end_at > start_at` holds.
        SqlType::Timestamp => Value::Text(date_time(k * 97 + field as u64 * 3_600).1),
        SqlType::Json => Value::Text(format!("{{\"n\": {k}}}")),
        SqlType::Bytes => Value::Bytes(k.to_be_bytes().to_vec()),
        SqlType::Enum(_) => Value::Text(format!("v{k}")),
        SqlType::Other(raw) => {
            let t = raw.to_ascii_uppercase();
            if t.contains("INT") || t.contains("SERIAL") {
                Value::Int(int(100))
            } else if t.contains("BOOL") {
                Value::Bool(k % 2 == 0)
            } else if t.contains("TIMESTAMP") || t.contains("DATETIME") {
                Value::Text(date_time(k * 97).1)
            } else if t.contains("DATE") {
                Value::Text(date_time(k * 86_400).0)
            } else if t.contains("NUMERIC")
                || t.contains("DECIMAL")
                || t.contains("REAL")
                || t.contains("DOUBLE")
                || t.contains("FLOAT")
            {
                Value::Number(int(1000).to_string())
            } else {
                text(None)
            }
        }
    }
}

fn base36(mut n: u64, width: usize) -> String {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::new();
    while out.len() < width.max(1) {
        out.push(DIGITS[(n % 36) as usize]);
        n /= 36;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// (date, timestamp) `secs` seconds after 2024-01-01 00:00:00.
fn date_time(secs: u64) -> (String, String) {
    let days = (secs / 86_400) as i64 + 19_723; // 2024-01-01 as days since 1970
    let rem = secs % 86_400;
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let date = format!("{year:04}-{month:02}-{day:02}");
    let ts = format!(
        "{date} {:02}:{:02}:{:02}",
        rem / 3600,
        rem / 60 % 60,
        rem % 60
    );
    (date, ts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Constraints, ForeignKey, Index, IndexColumn};

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

    fn design() -> Design {
        Design {
            system: "t".into(),
            entities: vec![
                Entity {
                    name: "OrderTag".into(),
                    table: "order_tags".into(),
                    fields: vec![
                        field(
                            "order_id",
                            SqlType::Uuid,
                            Constraints {
                                primary_key: true,
                                ..fk("Order")
                            },
                        ),
                        field(
                            "tag_id",
                            SqlType::BigInt,
                            Constraints {
                                primary_key: true,
                                ..fk("Tag")
                            },
                        ),
                    ],
                    ..Default::default()
                },
                Entity {
                    name: "Order".into(),
                    table: "orders".into(),
                    fields: vec![
                        field("id", SqlType::Uuid, pk()),
                        field(
                            "status",
                            SqlType::Varchar(Some(20)),
                            Constraints {
                                check: Some("status IN ('new', 'paid')".into()),
                                ..Default::default()
                            },
                        ),
                        field(
                            "rating",
                            SqlType::Int,
                            Constraints {
                                check: Some("rating BETWEEN 1 AND 5".into()),
                                ..Default::default()
                            },
                        ),
                    ],
                    ..Default::default()
                },
                Entity {
                    name: "Tag".into(),
                    table: "tags".into(),
                    fields: vec![
                        field("id", SqlType::BigInt, pk()),
                        field(
                            "code",
                            SqlType::Varchar(Some(3)),
                            Constraints {
                                unique: true,
                                ..Default::default()
                            },
                        ),
                    ],
                    ..Default::default()
                },
            ],
            indexes: vec![Index {
                table: "Tag".into(),
                name: "idx".into(),
                columns: vec![IndexColumn {
                    name: "code".into(),
                    descending: false,
                }],
                kind: IndexKind::Unique,
                ..Default::default()
            }],
            ..Default::default()
        }
    }

    #[test]
    fn parents_come_first() {
        let d = design();
        let order: Vec<String> = tables_in_order(&d).into_iter().map(|t| t.table).collect();
        assert_eq!(order, vec!["orders", "tags", "order_tags"]);
    }

    #[test]
    fn composite_keys_stay_unique_and_reference_parents() {
        let d = design();
        let order = tables_in_order(&d);
        let plan = FillPlan::new(&d, &order, 10);
        let mut seen = HashSet::new();
        let order_ids: HashSet<String> = (0..10)
            .map(|r| plan.value("Order", "id", r).sql(Engine::Sqlite))
            .collect();
        for r in 0..plan.rows_of("OrderTag") {
            let o = plan.value("OrderTag", "order_id", r).sql(Engine::Sqlite);
            let t = plan.value("OrderTag", "tag_id", r).sql(Engine::Sqlite);
            assert!(order_ids.contains(&o), "{o} is not an order id");
            assert!(seen.insert((o, t)), "duplicate key at row {r}");
        }
    }

    #[test]
    fn checks_and_widths_are_respected() {
        let d = design();
        let plan = FillPlan::new(&d, &tables_in_order(&d), 50);
        for r in 0..50 {
            let Value::Text(s) = plan.value("Order", "status", r) else {
                panic!()
            };
            assert!(s == "new" || s == "paid");
            let Value::Int(n) = plan.value("Order", "rating", r) else {
                panic!()
            };
            assert!((1..=5).contains(&n), "{n}");
            let Value::Text(code) = plan.value("Tag", "code", r) else {
                panic!()
            };
            assert!(code.len() <= 3, "{code}");
        }
        let codes: HashSet<String> = (0..50)
            .map(|r| plan.value("Tag", "code", r).sql(Engine::Sqlite))
            .collect();
        assert_eq!(codes.len(), 50);
    }

    #[test]
    fn dates_are_valid() {
        assert_eq!(date_time(0).1, "2024-01-01 00:00:00");
        assert_eq!(date_time(86_400 * 60 + 3_661).1, "2024-03-01 01:01:01");
    }

    #[test]
    fn bounds_read_simple_checks() {
        assert_eq!(bounds(Some("quantity > 0")), (Some(1.0), None));
        assert_eq!(bounds(Some("price >= 0")), (Some(0.0), None));
        assert_eq!(
            bounds(Some("rating >= 1 AND rating <= 5")),
            (Some(1.0), Some(5.0))
        );
        assert_eq!(bounds(Some("a <> 3")), (None, None));
    }
}
