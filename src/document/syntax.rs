//! The small grammars inside the document's cells, shared by the writer and
//! the reader so that each spelling is defined once: trailing source lists,
//! constraints, portable types, relationship lines, index columns, and the
//! classification of section titles.
//!
//! Every `parse_*` here accepts more than the matching `format_*` writes
//! (hand-written spellings); `parse(format(x)) == x` for every value the
//! writer can produce.

use crate::model::{
    Cardinality, Constraints, ForeignKey, IndexColumn, IndexKind, OnDelete, Source, SqlType,
};

// ------------------------------------------------------------------ cells

/// Escapes a table cell: `|` becomes `\|`, line breaks become spaces.
pub fn escape_cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '|' => out.push_str("\\|"),
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// `text (US-002, api:User)`; just `(US-002)` when `text` is empty.
pub fn with_sources(text: &str, sources: &[Source]) -> String {
    if sources.is_empty() {
        return text.to_string();
    }
    let list = sources
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    if text.is_empty() {
        format!("({list})")
    } else {
        format!("{text} ({list})")
    }
}

/// Splits a trailing `(US-002, api:User)` off a cell when every item in it
/// looks like a source token; otherwise returns the text unchanged.
pub fn split_sources(cell: &str) -> (String, Vec<Source>) {
    let trimmed = cell.trim_end();
    let Some(body) = trimmed.strip_suffix(')') else {
        return (cell.trim().to_string(), Vec::new());
    };
    // Find the matching '(' of the final ')'.
    let mut depth = 0usize;
    let mut open = None;
    for (i, c) in body.char_indices().rev() {
        match c {
            ')' => depth += 1,
            '(' if depth == 0 => {
                open = Some(i);
                break;
            }
            '(' => depth -= 1,
            _ => {}
        }
    }
    let Some(open) = open else {
        return (cell.trim().to_string(), Vec::new());
    };
    let inner = &body[open + 1..];
    let items: Vec<&str> = inner.split(',').map(str::trim).collect();
    if items.is_empty() || !items.iter().all(|t| is_source_token(t)) {
        return (cell.trim().to_string(), Vec::new());
    }
    let text = body[..open].trim_end().to_string();
    (
        text,
        items.into_iter().map(|t| Source(t.to_string())).collect(),
    )
}

/// Source tokens: requirement IDs (`US-002`, `F-03`, `AC-1.2`), and the
/// prefixed forms stowage writes (`api:...`, `arch:...`, `rule:...`,
/// `NFR:...`).
pub fn is_source_token(token: &str) -> bool {
    if token.is_empty() || token.contains(['(', ')']) {
        return false;
    }
    for prefix in ["api:", "arch:", "rule:", "nfr:", "req:", "story:"] {
        if token.len() > prefix.len()
            && token.is_char_boundary(prefix.len())
            && token[..prefix.len()].eq_ignore_ascii_case(prefix)
        {
            return true;
        }
    }
    // ID: 1-6 ASCII letters, '-', a digit, then letters/digits/'.'/'-'.
    let Some((head, tail)) = token.split_once('-') else {
        return false;
    };
    (1..=6).contains(&head.len())
        && head.chars().all(|c| c.is_ascii_alphabetic())
        && tail.starts_with(|c: char| c.is_ascii_digit())
        && tail
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
}

// ------------------------------------------------------------ constraints

/// `PK, FK → User(id) ON DELETE CASCADE, UNIQUE, NOT NULL, DEFAULT now(), CHECK (x > 0)`.
pub fn format_constraints(c: &Constraints) -> String {
    let mut parts = Vec::new();
    if c.primary_key {
        parts.push("PK".to_string());
    }
    if let Some(fk) = &c.foreign_key {
        // A bare `FK` whose target the reader could not find stays bare:
        // `FK → ()` would not read back as a foreign key.
        let mut s = if fk.entity.trim().is_empty() {
            "FK".to_string()
        } else {
            format!("FK → {}({})", fk.entity, fk.field)
        };
        if let Some(od) = fk.on_delete {
            s.push_str(if fk.entity.trim().is_empty() {
                ", "
            } else {
                " "
            });
            s.push_str("ON DELETE ");
            s.push_str(od.sql());
        }
        parts.push(s);
    }
    if c.unique {
        parts.push("UNIQUE".into());
    }
    if c.not_null {
        parts.push("NOT NULL".into());
    }
    if let Some(d) = &c.default {
        parts.push(format!("DEFAULT {d}"));
    }
    if let Some(ch) = &c.check {
        parts.push(format!("CHECK ({ch})"));
    }
    parts.join(", ")
}

/// Splits on commas outside parentheses and quotes.
pub fn split_top_level(s: &str, sep: char) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut depth = 0i32;
    let mut quote: Option<char> = None;
    for c in s.chars() {
        if let Some(q) = quote {
            if c == q {
                quote = None;
            }
            cur.push(c);
            continue;
        }
        match c {
            '\'' | '"' | '`' => {
                quote = Some(c);
                cur.push(c);
            }
            '(' | '（' => {
                depth += 1;
                cur.push(c);
            }
            ')' | '）' => {
                depth -= 1;
                cur.push(c);
            }
            c if c == sep && depth <= 0 => {
                out.push(std::mem::take(&mut cur).trim().to_string());
            }
            _ => cur.push(c),
        }
    }
    let last = cur.trim().to_string();
    if !last.is_empty() || !out.is_empty() {
        out.push(last);
    }
    out.retain(|p| !p.is_empty());
    out
}

/// What a constraints cell said that is not a constraint (kept for the
/// reader's diagnostics).
#[derive(Debug, Default, PartialEq)]
pub struct ParsedConstraints {
    pub constraints: Constraints,
    pub unknown: Vec<String>,
    /// `NULL` / `NULLABLE` was written explicitly.
    pub explicit_null: bool,
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    if s.len() >= prefix.len()
        && s.is_char_boundary(prefix.len())
        && s[..prefix.len()].eq_ignore_ascii_case(prefix)
    {
        Some(&s[prefix.len()..])
    } else {
        None
    }
}

/// Reads a constraints cell in any of the spellings people use. `table_of`
/// maps a table name (`users`) to its entity name (`User`) when known.
pub fn parse_constraints(
    cell: &str,
    entity_of_table: &dyn Fn(&str) -> String,
) -> ParsedConstraints {
    let mut out = ParsedConstraints::default();
    let c = &mut out.constraints;
    let cell = cell.trim();
    if matches!(cell, "" | "-" | "—" | "–" | "n/a" | "N/A" | "无") {
        return out;
    }
    // Chinese enumeration commas and semicolons separate too.
    let normalised = cell.replace(['、', '，', ';', '；'], ",");
    for part in split_top_level(&normalised, ',') {
        let p = part.trim().trim_matches('`').trim();
        let upper = p.to_ascii_uppercase();
        if upper.is_empty() {
            continue;
        }
        // ON DELETE may stand alone after an FK part.
        if let Some(rest) = strip_prefix_ci(p, "ON DELETE") {
            if let Some(fk) = c.foreign_key.as_mut() {
                fk.on_delete = parse_on_delete(rest);
                continue;
            }
        }
        if upper == "PK" || upper == "PRIMARY KEY" || upper == "PRIMARY" || p == "主键" {
            c.primary_key = true;
            continue;
        }
        if let Some(rest) = strip_prefix_ci(p, "PRIMARY KEY").or_else(|| strip_prefix_ci(p, "PK "))
        {
            c.primary_key = true;
            // `PK NOT NULL`, `PRIMARY KEY AUTO_INCREMENT`
            let rest_up = rest.trim().to_ascii_uppercase();
            if rest_up.contains("NOT NULL") {
                c.not_null = true;
            }
            continue;
        }
        if upper == "UNIQUE" || upper == "UK" || upper == "UNIQUE KEY" || p == "唯一" {
            c.unique = true;
            continue;
        }
        if upper == "NOT NULL" || upper == "NOTNULL" || upper == "REQUIRED" || p == "非空" {
            c.not_null = true;
            continue;
        }
        if upper == "NULL" || upper == "NULLABLE" || upper == "OPTIONAL" || p == "可空" {
            out.explicit_null = true;
            continue;
        }
        if let Some(rest) = strip_prefix_ci(p, "DEFAULT") {
            let rest = rest.trim_start_matches([':', ' ']).trim();
            if !rest.is_empty() {
                c.default = Some(rest.to_string());
                continue;
            }
        }
        if let Some(rest) = p.strip_prefix("默认") {
            let rest = rest.trim_start_matches([':', '：', ' ', '值']).trim();
            if !rest.is_empty() {
                c.default = Some(rest.to_string());
                continue;
            }
        }
        if let Some(rest) = strip_prefix_ci(p, "CHECK") {
            let rest = rest.trim();
            let inner = rest
                .strip_prefix('(')
                .and_then(|r| r.strip_suffix(')'))
                .unwrap_or(rest)
                .trim();
            if !inner.is_empty() {
                c.check = Some(inner.to_string());
                continue;
            }
        }
        if let Some(fk) = parse_fk(p, entity_of_table) {
            c.foreign_key = Some(fk);
            continue;
        }
        if upper == "FK" || upper == "FOREIGN KEY" || p == "外键" {
            // Target unknown: the reader fills it from the field name.
            c.foreign_key = Some(ForeignKey {
                entity: String::new(),
                field: String::new(),
                on_delete: None,
            });
            continue;
        }
        if upper == "INDEX"
            || upper == "INDEXED"
            || upper.starts_with("AUTO_INCREMENT")
            || upper == "AUTOINCREMENT"
            || upper == "SERIAL"
            || upper == "IDENTITY"
        {
            // Said elsewhere (section 4) or implied by the type.
            continue;
        }
        out.unknown.push(p.to_string());
    }
    out
}

fn parse_on_delete(rest: &str) -> Option<OnDelete> {
    let r = rest.trim().to_ascii_uppercase();
    if r.starts_with("CASCADE") {
        Some(OnDelete::Cascade)
    } else if r.starts_with("SET NULL") {
        Some(OnDelete::SetNull)
    } else if r.starts_with("RESTRICT") {
        Some(OnDelete::Restrict)
    } else if r.starts_with("NO ACTION") {
        Some(OnDelete::NoAction)
    } else {
        None
    }
}

/// `FK → User(id)`, `FK(User.id)`, `FK -> users.id`, `FK: User`,
/// `REFERENCES users(id)`, `FOREIGN KEY REFERENCES User(id) ON DELETE SET NULL`.
fn parse_fk(p: &str, entity_of_table: &dyn Fn(&str) -> String) -> Option<ForeignKey> {
    let upper = p.to_ascii_uppercase();
    let (body, on_delete) = match upper.find("ON DELETE") {
        Some(i) => (&p[..i], parse_on_delete(&p[i + "ON DELETE".len()..])),
        None => (p, None),
    };
    let body = body.trim();
    let rest = strip_prefix_ci(body, "FOREIGN KEY")
        .or_else(|| strip_prefix_ci(body, "FK"))
        .or_else(|| strip_prefix_ci(body, "REFERENCES"))
        .or_else(|| body.strip_prefix("外键"))?;
    let mut rest = rest.trim();
    if let Some(r) = strip_prefix_ci(rest, "REFERENCES") {
        rest = r.trim();
    }
    for arrow in ["→", "->", "=>", ":", "：", "to ", "TO "] {
        if let Some(r) = rest.strip_prefix(arrow) {
            rest = r.trim();
        }
    }
    // `(User.id)` / `(User(id))`
    if let Some(r) = rest.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        rest = r.trim();
    }
    let rest = rest.trim_matches('`').trim();
    if rest.is_empty() {
        return None;
    }
    // `User(id)`, `users.id`, `User`.
    let (target, field, spaced_ok) = if let Some((t, f)) = rest.split_once('(') {
        (t.trim(), f.trim_end_matches(')').trim(), true)
    } else if let Some((t, f)) = rest.rsplit_once('.') {
        (t.trim(), f.trim(), false)
    } else {
        (rest, "id", false)
    };
    let target = target.trim_matches(['`', '"']).trim();
    let field = field.trim_matches(['`', '"']).trim();
    // `User(id)` may name an entity with spaces; a bare word may not (it
    // would swallow prose such as "FK to the user table").
    if target.is_empty() || (!spaced_ok && target.contains(char::is_whitespace)) {
        return None;
    }
    Some(ForeignKey {
        entity: entity_of_table(target),
        field: if field.is_empty() {
            "id".into()
        } else {
            field.to_string()
        },
        on_delete,
    })
}

// ------------------------------------------------------------------- types

/// Maps a type as people write it to the portable type; anything unknown is
/// kept as [`SqlType::Other`] with its spelling.
pub fn parse_type(cell: &str) -> SqlType {
    let raw = cell.trim().trim_matches('`').trim();
    if raw.is_empty() {
        return SqlType::Other(String::new());
    }
    let (base, args) = match raw.find('(') {
        Some(i) => (
            raw[..i].trim(),
            Some(raw[i + 1..].trim_end().trim_end_matches(')').trim()),
        ),
        None => (raw, None),
    };
    let b = base.to_ascii_lowercase();
    let b = b.split_whitespace().collect::<Vec<_>>().join(" ");
    let nums: Vec<u32> = args
        .map(|a| {
            a.split(',')
                .filter_map(|x| x.trim().parse::<u32>().ok())
                .collect()
        })
        .unwrap_or_default();
    let ty = match b.as_str() {
        "uuid" | "guid" | "uniqueidentifier" => SqlType::Uuid,
        "varchar" | "character varying" | "nvarchar" | "varchar2" | "string" | "char"
        | "character" | "nchar" => match (args, nums.first()) {
            (None, _) => SqlType::Varchar(None),
            (Some(_), Some(&n)) => SqlType::Varchar(Some(n)),
            (Some(_), None) => return SqlType::Other(raw.to_string()),
        },
        "text" | "longtext" | "mediumtext" | "tinytext" | "clob" | "citext" => SqlType::Text,
        "smallint" | "int2" | "tinyint" | "smallserial" => SqlType::SmallInt,
        "int" | "integer" | "int4" | "serial" | "mediumint" => SqlType::Int,
        "bigint" | "int8" | "bigserial" | "long" => SqlType::BigInt,
        "decimal" | "numeric" | "money" | "number" => match nums.as_slice() {
            [p, s] if *p <= 255 && *s <= 255 => SqlType::Decimal(*p as u8, *s as u8),
            [p] if *p <= 255 => SqlType::Decimal(*p as u8, 0),
            [] if args.is_none() => SqlType::Decimal(10, 2),
            _ => return SqlType::Other(raw.to_string()),
        },
        "float" | "double" | "double precision" | "real" | "float4" | "float8" => SqlType::Float,
        "bool" | "boolean" => SqlType::Boolean,
        "date" => SqlType::Date,
        "time" | "timetz" | "time with time zone" | "time without time zone" => SqlType::Time,
        "timestamp"
        | "timestamptz"
        | "datetime"
        | "timestamp with time zone"
        | "timestamp without time zone"
        | "datetime2" => SqlType::Timestamp,
        "json" | "jsonb" => SqlType::Json,
        "bytea" | "blob" | "binary" | "varbinary" | "bytes" | "longblob" => SqlType::Bytes,
        "enum" => {
            let values = args
                .map(|a| {
                    split_top_level(a, ',')
                        .into_iter()
                        .map(|v| v.trim().trim_matches(['\'', '"']).to_string())
                        .filter(|v| !v.is_empty())
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default();
            SqlType::Enum(values)
        }
        _ => return SqlType::Other(raw.to_string()),
    };
    // Parameters where the portable type has none (`INT(11)`) are dropped;
    // `TIMESTAMP(3)` keeps its meaning as TIMESTAMP.
    ty
}

// ----------------------------------------------------------- relationships

/// `A 1 ──── N B`, `A 1 ──── 1 B`, `A N ──── M B (via C)`.
pub fn format_relationship(
    left: &str,
    right: &str,
    card: Cardinality,
    via: Option<&str>,
) -> String {
    let (a, b) = match card {
        Cardinality::OneToOne => ("1", "1"),
        Cardinality::OneToMany => ("1", "N"),
        Cardinality::ManyToMany => ("N", "M"),
    };
    match via {
        Some(v) => format!("{left} {a} ──── {b} {right} (via {v})"),
        None => format!("{left} {a} ──── {b} {right}"),
    }
}

/// A relationship line as read: ends, cardinality, join entity, and
/// whatever followed a `:` (a label).
#[derive(Debug, Clone, PartialEq)]
pub struct RelLine {
    pub left: String,
    pub right: String,
    pub cardinality: Cardinality,
    pub via: Option<String>,
    pub label: String,
}

fn card_token(t: &str) -> Option<char> {
    match t {
        "1" | "0..1" | "1..1" | "one" => Some('1'),
        "N" | "n" | "M" | "m" | "*" | "0..*" | "1..*" | "many" | "多" => Some('N'),
        _ => None,
    }
}

const ARROW_CHARS: &[char] = &['─', '━', '—', '–', '-', '=', '>', '<', '.', '·'];

/// Reads a relationship line in the writer's form or a hand-written one:
/// `A 1 ──── N B`, `A 1 -- N B`, `A 1—N B`, `A 1 -> N B`, `A -> B (1:N)`,
/// `A 1:N B`, `A N ──── M B (via C)`, with an optional `: label` or
/// trailing `- label`.
pub fn parse_relationship(line: &str) -> Option<RelLine> {
    let mut s = line.trim().trim_start_matches(['-', '*', '+']).trim();
    s = s.trim_matches('`').trim();
    if s.is_empty() || s.starts_with('|') || s.starts_with("```") {
        return None;
    }
    // Optional label after ':' (`A 1 ──── N B : places`), but not `1:N`.
    let mut label = String::new();
    if let Some(i) = find_label_colon(s) {
        label = s[i + 1..].trim().to_string();
        s = s[..i].trim();
    }
    // Trailing `(via C)` / `(through C)` / `(通过 C)` / `(1:N)`.
    let mut via = None;
    let mut paren_card = None;
    while let Some(open) = s.rfind(['(', '（']) {
        if !s.ends_with([')', '）']) {
            break;
        }
        let close_len = s.chars().last().map(char::len_utf8).unwrap_or(1);
        let open_len = s[open..].chars().next().map(char::len_utf8).unwrap_or(1);
        let inner = s[open + open_len..s.len() - close_len].trim();
        let lower = inner.to_lowercase();
        if let Some(v) = ["via ", "through ", "通过", "经由", "join table ", "join "]
            .iter()
            .find_map(|p| lower.strip_prefix(p).map(|_| inner[p.len()..].trim()))
        {
            via = Some(v.trim_matches('`').trim().to_string());
        } else if let Some(c) = parse_ratio(inner) {
            paren_card = Some(c);
        } else {
            break;
        }
        s = s[..open].trim();
    }
    // Find the arrow: a run of ARROW_CHARS of length >= 2 or a single dash
    // between spaces, possibly with cardinalities around it.
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut best: Option<(usize, usize)> = None; // byte range of the arrow
    let mut i = 0;
    while i < chars.len() {
        if ARROW_CHARS.contains(&chars[i].1) {
            let start = i;
            while i < chars.len() && ARROW_CHARS.contains(&chars[i].1) {
                i += 1;
            }
            let run: String = chars[start..i].iter().map(|(_, c)| *c).collect();
            let long = run.chars().count() >= 2 || run.contains(['─', '━', '—', '–']);
            let dotted_only = run.chars().all(|c| c == '.');
            if long && !dotted_only {
                let b0 = chars[start].0;
                let b1 = chars.get(i).map(|(b, _)| *b).unwrap_or(s.len());
                best = Some((b0, b1));
                break;
            }
        } else {
            i += 1;
        }
    }
    let (left_part, right_part, mut card) = match best {
        Some((b0, b1)) => {
            let lp = s[..b0].trim();
            let rp = s[b1..].trim();
            // Cardinality tokens next to the arrow.
            let (lname, lc) = split_last_token(lp);
            let (rc, rname) = split_first_token(rp);
            match (lc.and_then(card_token), rc.and_then(card_token)) {
                (Some(a), Some(b)) => (lname.to_string(), rname.to_string(), card_of(a, b)),
                _ => (lp.to_string(), rp.to_string(), None),
            }
        }
        None => {
            // `A 1:N B`
            let toks: Vec<&str> = s.split_whitespace().collect();
            let pos = toks.iter().position(|t| parse_ratio(t).is_some())?;
            if pos == 0 || pos + 1 >= toks.len() {
                return None;
            }
            (
                toks[..pos].join(" "),
                toks[pos + 1..].join(" "),
                parse_ratio(toks[pos]),
            )
        }
    };
    if card.is_none() {
        card = paren_card;
    }
    let card = card.or(if best.is_some() && via.is_some() {
        Some(Orientation::Forward(Cardinality::ManyToMany))
    } else {
        None
    })?;
    let left = clean_name(&left_part);
    let right = clean_name(&right_part);
    if left.is_empty() || right.is_empty() || !plausible_name(&left) || !plausible_name(&right) {
        return None;
    }
    // `A N ──── 1 B` is B 1 ──── N A.
    let (left, right, cardinality) = match card {
        Orientation::Forward(c) => (left, right, c),
        Orientation::Reversed(c) => (right, left, c),
    };
    Some(RelLine {
        left,
        right,
        cardinality,
        via,
        label,
    })
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Orientation {
    Forward(Cardinality),
    Reversed(Cardinality),
}

fn card_of(a: char, b: char) -> Option<Orientation> {
    Some(match (a, b) {
        ('1', '1') => Orientation::Forward(Cardinality::OneToOne),
        ('1', 'N') => Orientation::Forward(Cardinality::OneToMany),
        ('N', '1') => Orientation::Reversed(Cardinality::OneToMany),
        _ => Orientation::Forward(Cardinality::ManyToMany),
    })
}

fn parse_ratio(t: &str) -> Option<Orientation> {
    let t = t.trim();
    let (a, b) = t.split_once([':', '：']).or_else(|| t.split_once('-'))?;
    let a = card_token(a.trim())?;
    let b = card_token(b.trim())?;
    card_of(a, b)
}

fn find_label_colon(s: &str) -> Option<usize> {
    for (i, c) in s.char_indices() {
        if c == ':' || c == '：' {
            let before = s[..i].chars().next_back();
            let after = s[i + c.len_utf8()..].chars().next();
            let is_ratio = before.is_some_and(|b| b.is_ascii_alphanumeric() || b == '*')
                && after.is_some_and(|a| a.is_ascii_alphanumeric() || a == '*')
                && before.is_some_and(|b| "1NnMm*".contains(b))
                && after.is_some_and(|a| "1NnMm*".contains(a));
            if !is_ratio {
                return Some(i);
            }
        }
    }
    None
}

fn split_last_token(s: &str) -> (&str, Option<&str>) {
    match s.rfind(char::is_whitespace) {
        Some(i) => (s[..i].trim(), Some(s[i..].trim())),
        None => {
            // `User1` is a name, `1` alone is a token.
            if card_token(s).is_some() {
                ("", Some(s))
            } else {
                (s, None)
            }
        }
    }
}

fn split_first_token(s: &str) -> (Option<&str>, &str) {
    match s.find(char::is_whitespace) {
        Some(i) => (Some(s[..i].trim()), s[i..].trim()),
        None => {
            if card_token(s).is_some() {
                (Some(s), "")
            } else {
                (None, s)
            }
        }
    }
}

fn clean_name(s: &str) -> String {
    s.trim().trim_matches(['`', '*', '"']).trim().to_string()
}

/// A name, not a sentence: at most 4 words and no sentence punctuation.
fn plausible_name(s: &str) -> bool {
    s.split_whitespace().count() <= 4
        && !s.contains(['.', ',', '。', '，', '#'])
        && !s.ends_with(':')
}

// ----------------------------------------------------------------- indexes

/// `a, b DESC`.
pub fn format_index_columns(cols: &[IndexColumn]) -> String {
    cols.iter()
        .map(|c| {
            if c.descending {
                format!("{} DESC", c.name)
            } else {
                c.name.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// `a, b DESC`, `(a, b)`, `a + b`, `` `a`, `b` ``, `a ASC`.
pub fn parse_index_columns(cell: &str) -> Vec<IndexColumn> {
    let mut cell = cell.trim();
    if let Some(inner) = cell.strip_prefix('(').and_then(|c| c.strip_suffix(')')) {
        cell = inner;
    }
    let normalised = cell.replace(['+', '、', '，'], ",");
    split_top_level(&normalised, ',')
        .into_iter()
        .filter_map(|part| {
            let part = part.trim().trim_matches('`').trim();
            let upper = part.to_ascii_uppercase();
            let (name, descending) = if let Some(n) = upper.strip_suffix(" DESC") {
                (&part[..n.len()], true)
            } else if let Some(n) = upper.strip_suffix(" ASC") {
                (&part[..n.len()], false)
            } else {
                (part, false)
            };
            let name = name.trim().trim_matches('`').trim();
            (!name.is_empty()).then(|| IndexColumn {
                name: name.to_string(),
                descending,
            })
        })
        .collect()
}

pub fn parse_index_kind(cell: &str) -> Option<IndexKind> {
    let u = cell.trim().to_ascii_uppercase();
    Some(match u.as_str() {
        "UNIQUE" | "UNIQUE BTREE" | "UNIQUE INDEX" | "UK" | "唯一" | "唯一索引" => {
            IndexKind::Unique
        }
        "" | "BTREE" | "B-TREE" | "B TREE" | "INDEX" | "NORMAL" | "COMPOSITE" | "普通"
        | "普通索引" | "联合索引" | "复合索引" => IndexKind::Btree,
        "HASH" => IndexKind::Hash,
        "GIN" | "GIST" => IndexKind::Gin,
        "FULLTEXT" | "FULL-TEXT" | "FULL TEXT" | "全文" | "全文索引" => IndexKind::Fulltext,
        _ if u.contains("UNIQUE") || u.contains("唯一") => IndexKind::Unique,
        _ if u.contains("GIN") => IndexKind::Gin,
        _ if u.contains("FULLTEXT") || u.contains("FULL-TEXT") || u.contains("全文") => {
            IndexKind::Fulltext
        }
        _ if u.contains("HASH") => IndexKind::Hash,
        _ if u.contains("BTREE") || u.contains("B-TREE") || u.contains("COMPOSITE") => {
            IndexKind::Btree
        }
        _ => return None,
    })
}

// ---------------------------------------------------------------- sections

/// The sections stowage knows, in the order the writer emits them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SectionKind {
    Storage,
    Entities,
    Relationships,
    Indexes,
    Queries,
    Cache,
    Search,
    Documents,
    Objects,
}

impl SectionKind {
    pub const ALL: [SectionKind; 9] = [
        SectionKind::Storage,
        SectionKind::Entities,
        SectionKind::Relationships,
        SectionKind::Indexes,
        SectionKind::Queries,
        SectionKind::Cache,
        SectionKind::Search,
        SectionKind::Documents,
        SectionKind::Objects,
    ];

    /// The template's title (sections 1 to 5) or stowage's (after 5).
    pub fn title(self) -> &'static str {
        match self {
            SectionKind::Storage => "Storage Selection",
            SectionKind::Entities => "Core Entities",
            SectionKind::Relationships => "Entity Relationships",
            SectionKind::Indexes => "Index Design",
            SectionKind::Queries => "Query Pattern Analysis",
            SectionKind::Cache => "Cache Key Patterns",
            SectionKind::Search => "Search Indexes",
            SectionKind::Documents => "Document Collections",
            SectionKind::Objects => "Object Storage",
        }
    }

    /// 1-5 for the template's sections.
    pub fn template_number(self) -> Option<usize> {
        match self {
            SectionKind::Storage => Some(1),
            SectionKind::Entities => Some(2),
            SectionKind::Relationships => Some(3),
            SectionKind::Indexes => Some(4),
            SectionKind::Queries => Some(5),
            _ => None,
        }
    }
}

/// Strips `#`s and markup, and splits off a leading `1.` / `2.3` / `一、`
/// number (through the shared markdown helper).
pub fn heading_text(heading: &str) -> (Option<usize>, String) {
    let t = heading.trim().trim_start_matches('#').trim();
    let t = t.trim_matches(['*', '_']).trim();
    let (number, rest) = crate::input::markdown::split_number(t);
    let first = number.and_then(|n| n.split('.').next().and_then(|x| x.parse().ok()));
    (first, rest)
}

/// Which known section a `## ` title is, by its words (English or Chinese).
pub fn classify_title(title: &str) -> Option<SectionKind> {
    let (_, text) = heading_text(title);
    let t = text.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| t.contains(w));
    if has(&["search", "elasticsearch", "opensearch", "搜索", "全文"]) {
        return Some(SectionKind::Search);
    }
    if has(&["cache", "redis", "缓存", "key pattern"]) {
        return Some(SectionKind::Cache);
    }
    if has(&[
        "object",
        "bucket",
        "file storage",
        "blob",
        "对象存储",
        "文件存储",
        "s3",
    ]) {
        return Some(SectionKind::Objects);
    }
    if has(&[
        "collection",
        "mongodb",
        "document store",
        "document db",
        "文档",
    ]) {
        return Some(SectionKind::Documents);
    }
    if has(&[
        "relationship",
        "relation",
        "关系",
        "er diagram",
        "er 图",
        "er图",
    ]) {
        return Some(SectionKind::Relationships);
    }
    if has(&["query", "access pattern", "查询", "访问模式"]) {
        return Some(SectionKind::Queries);
    }
    if has(&["index", "索引"]) {
        return Some(SectionKind::Indexes);
    }
    if has(&[
        "entit",
        "data model",
        "schema",
        "table",
        "实体",
        "数据模型",
        "表结构",
        "数据表",
    ]) {
        return Some(SectionKind::Entities);
    }
    if has(&[
        "storage selection",
        "storage choice",
        "storage technolog",
        "technology",
        "选型",
        "存储选择",
        "存储方案",
        "技术",
    ]) {
        return Some(SectionKind::Storage);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ident(t: &str) -> String {
        t.to_string()
    }

    #[test]
    fn sources_split_only_when_every_item_is_a_source() {
        assert_eq!(
            split_sources("Login lookup (US-002, api:User.email)"),
            (
                "Login lookup".to_string(),
                vec![Source("US-002".into()), Source("api:User.email".into())]
            )
        );
        assert_eq!(split_sources("Sorted (newest first)").1, vec![]);
        assert_eq!(
            split_sources("(F-03)"),
            (String::new(), vec![Source("F-03".into())])
        );
        assert_eq!(split_sources("Price (in cents)").0, "Price (in cents)");
    }

    #[test]
    fn constraint_spellings() {
        let to_entity = |t: &str| crate::names::entity_name(t);
        let c = parse_constraints("PK", &to_entity).constraints;
        assert!(c.primary_key);
        let c = parse_constraints("PRIMARY KEY, NOT NULL", &to_entity).constraints;
        assert!(c.primary_key && c.not_null);
        for (cell, entity, field) in [
            ("FK → users.id", "User", "id"),
            ("FK(User.id)", "User", "id"),
            ("FK -> User.id", "User", "id"),
            ("REFERENCES users(id)", "User", "id"),
            ("FK → Order(id) ON DELETE CASCADE", "Order", "id"),
            ("FK: order_items", "OrderItem", "id"),
        ] {
            let fk = parse_constraints(cell, &to_entity)
                .constraints
                .foreign_key
                .unwrap_or_else(|| panic!("{cell}"));
            assert_eq!(
                (fk.entity.as_str(), fk.field.as_str()),
                (entity, field),
                "{cell}"
            );
        }
        let p = parse_constraints(
            "FK → User(id), ON DELETE SET NULL, NULL, DEFAULT now(), CHECK (x > 0), UNIQUE",
            &to_entity,
        );
        let c = p.constraints;
        assert_eq!(c.foreign_key.unwrap().on_delete, Some(OnDelete::SetNull));
        assert!(p.explicit_null && c.unique);
        assert_eq!(c.default.as_deref(), Some("now()"));
        assert_eq!(c.check.as_deref(), Some("x > 0"));
        let p = parse_constraints("CHECK (status IN ('a', 'b')), wat", &ident);
        assert_eq!(p.constraints.check.as_deref(), Some("status IN ('a', 'b')"));
        assert_eq!(p.unknown, vec!["wat"]);
    }

    #[test]
    fn constraints_round_trip() {
        let c = Constraints {
            primary_key: true,
            foreign_key: Some(ForeignKey {
                entity: "Order Item".into(),
                field: "id".into(),
                on_delete: Some(OnDelete::Restrict),
            }),
            unique: true,
            not_null: true,
            default: Some("'a, b'".into()),
            check: Some("qty > 0 AND qty < 10".into()),
        };
        let text = format_constraints(&c);
        assert_eq!(parse_constraints(&text, &ident).constraints, c, "{text}");
    }

    #[test]
    fn types_in_any_case() {
        assert_eq!(parse_type("varchar(255)"), SqlType::Varchar(Some(255)));
        assert_eq!(parse_type("VARCHAR"), SqlType::Varchar(None));
        assert_eq!(parse_type("timestamptz"), SqlType::Timestamp);
        assert_eq!(parse_type("int4"), SqlType::Int);
        assert_eq!(parse_type("numeric(10,2)"), SqlType::Decimal(10, 2));
        assert_eq!(parse_type("bool"), SqlType::Boolean);
        assert_eq!(parse_type("jsonb"), SqlType::Json);
        assert_eq!(
            parse_type("enum('a','b')"),
            SqlType::Enum(vec!["a".into(), "b".into()])
        );
        assert_eq!(parse_type("geometry"), SqlType::Other("geometry".into()));
        for t in [
            SqlType::Uuid,
            SqlType::Varchar(Some(40)),
            SqlType::Varchar(None),
            SqlType::Decimal(12, 2),
            SqlType::Enum(vec!["x".into(), "y z".into()]),
            SqlType::Float,
            SqlType::Bytes,
            SqlType::Time,
        ] {
            assert_eq!(parse_type(&t.to_string()), t);
        }
    }

    #[test]
    fn relationship_arrows() {
        let cases = [
            (
                "User 1 ──── N Order",
                "User",
                "Order",
                Cardinality::OneToMany,
                None,
            ),
            (
                "User 1 -- N Order",
                "User",
                "Order",
                Cardinality::OneToMany,
                None,
            ),
            (
                "User 1—N Order",
                "User",
                "Order",
                Cardinality::OneToMany,
                None,
            ),
            (
                "User 1 -> N Order",
                "User",
                "Order",
                Cardinality::OneToMany,
                None,
            ),
            (
                "Order N ──── 1 User",
                "User",
                "Order",
                Cardinality::OneToMany,
                None,
            ),
            (
                "User 1 ──── 1 Profile",
                "User",
                "Profile",
                Cardinality::OneToOne,
                None,
            ),
            (
                "User 1:N Order",
                "User",
                "Order",
                Cardinality::OneToMany,
                None,
            ),
            (
                "User -> Order (1:N)",
                "User",
                "Order",
                Cardinality::OneToMany,
                None,
            ),
            (
                "Order N ──── M Product (via OrderItem)",
                "Order",
                "Product",
                Cardinality::ManyToMany,
                Some("OrderItem"),
            ),
            (
                "Order Line 1 ──── N Menu Item : lists",
                "Order Line",
                "Menu Item",
                Cardinality::OneToMany,
                None,
            ),
        ];
        for (line, l, r, c, via) in cases {
            let rel = parse_relationship(line).unwrap_or_else(|| panic!("{line}"));
            assert_eq!(
                (
                    rel.left.as_str(),
                    rel.right.as_str(),
                    rel.cardinality,
                    rel.via.as_deref()
                ),
                (l, r, c, via),
                "{line}"
            );
        }
        assert!(parse_relationship("This is a sentence - really.").is_none());
        assert!(parse_relationship("| a | b |").is_none());
        let line = format_relationship("用户", "订单 | x", Cardinality::ManyToMany, Some("j"));
        let rel = parse_relationship(&line).unwrap();
        assert_eq!(
            (rel.left.as_str(), rel.right.as_str()),
            ("用户", "订单 | x")
        );
    }

    #[test]
    fn index_columns() {
        let cols = parse_index_columns("user_id, created_at DESC");
        assert_eq!(format_index_columns(&cols), "user_id, created_at DESC");
        assert_eq!(parse_index_columns("(a + b)").len(), 2);
        assert_eq!(parse_index_kind("unique"), Some(IndexKind::Unique));
        assert_eq!(parse_index_kind("GIN (tsvector)"), Some(IndexKind::Gin));
    }

    #[test]
    fn section_titles() {
        assert_eq!(
            classify_title("## 1. Storage Selection"),
            Some(SectionKind::Storage)
        );
        assert_eq!(
            classify_title("## 4. Index Design"),
            Some(SectionKind::Indexes)
        );
        assert_eq!(
            classify_title("## 7. Search Indexes"),
            Some(SectionKind::Search)
        );
        assert_eq!(
            classify_title("## 五、查询模式分析"),
            Some(SectionKind::Queries)
        );
        assert_eq!(
            classify_title("## 实体关系"),
            Some(SectionKind::Relationships)
        );
        assert_eq!(classify_title("## Security"), None);
        assert_eq!(heading_text("### 2.1 User").1, "User");
    }
}
