//! Portable SQL types for proposed fields: from OpenAPI property types
//! (strongest evidence), from the knowledge base's type rules, and from the
//! type strings written in `knowledge.yaml`.

use crate::input::{JsonType, PropType};
use crate::knowledge::Knowledge;
use crate::model::SqlType;

/// A type string as written in knowledge.yaml or a document: `VARCHAR(255)`,
/// `DECIMAL(12,2)`, `UUID`. Unknown spellings become [`SqlType::Other`].
pub fn parse_type(s: &str) -> SqlType {
    let t = s.trim().to_ascii_uppercase();
    let (head, args) = match t.split_once('(') {
        Some((h, rest)) => (h.trim().to_string(), rest.trim_end_matches(')').to_string()),
        None => (t.clone(), String::new()),
    };
    let nums: Vec<u32> = args
        .split(',')
        .filter_map(|a| a.trim().parse::<u32>().ok())
        .collect();
    match head.as_str() {
        "UUID" => SqlType::Uuid,
        "VARCHAR" | "CHARACTER VARYING" => SqlType::Varchar(nums.first().copied()),
        "TEXT" => SqlType::Text,
        "SMALLINT" => SqlType::SmallInt,
        "INT" | "INTEGER" => SqlType::Int,
        "BIGINT" => SqlType::BigInt,
        "DECIMAL" | "NUMERIC" => {
            let p = nums.first().copied().unwrap_or(12).min(38) as u8;
            let s = nums.get(1).copied().unwrap_or(2).min(p as u32) as u8;
            SqlType::Decimal(p, s)
        }
        "DOUBLE" | "FLOAT" | "REAL" => SqlType::Float,
        "BOOLEAN" | "BOOL" => SqlType::Boolean,
        "DATE" => SqlType::Date,
        "TIME" => SqlType::Time,
        "TIMESTAMP" | "TIMESTAMPTZ" | "DATETIME" => SqlType::Timestamp,
        "JSON" | "JSONB" => SqlType::Json,
        "BYTEA" | "BLOB" | "BYTES" => SqlType::Bytes,
        _ => SqlType::Other(s.trim().to_string()),
    }
}

/// The SQL type of a scalar contract property. `field` is the column name
/// (money and minor-unit words decide numbers); enum values are returned
/// separately by [`enum_check`].
pub fn from_prop(field: &str, pt: &PropType, kb: &Knowledge) -> SqlType {
    let format = pt.format.as_deref().unwrap_or("").to_ascii_lowercase();
    match &pt.kind {
        JsonType::String => match format.as_str() {
            "uuid" => SqlType::Uuid,
            "email" => SqlType::Varchar(Some(255)),
            "date-time" | "datetime" => SqlType::Timestamp,
            "date" => SqlType::Date,
            "time" => SqlType::Time,
            "binary" | "byte" => SqlType::Bytes,
            "decimal" | "money" => decimal(decimal_scale(pt).unwrap_or(2)),
            "uri" | "url" => SqlType::Varchar(Some(clamp_len(pt.max_length.unwrap_or(2048)))),
            _ if !pt.enum_values.is_empty() => {
                let longest = pt.enum_values.iter().map(|v| v.len()).max().unwrap_or(1);
                SqlType::Varchar(Some(enum_width(longest)))
            }
            _ => match pt.max_length {
                Some(n) if n > 10_000 => SqlType::Text,
                Some(n) => SqlType::Varchar(Some(clamp_len(n))),
                None => match pattern_length(pt.pattern.as_deref()) {
                    Some(n) => SqlType::Varchar(Some(n)),
                    None => string_by_rule(field, kb),
                },
            },
        },
        JsonType::Integer => {
            if format == "int64" || field.ends_with("_bytes") {
                SqlType::BigInt
            } else {
                SqlType::Int
            }
        }
        JsonType::Number => {
            if let Some(scale) = decimal_scale(pt) {
                decimal(scale)
            } else if kb.is_money(field) && !kb.is_minor_unit(field) || format == "decimal" {
                SqlType::Decimal(12, 2)
            } else if kb.is_minor_unit(field) {
                SqlType::BigInt
            } else if matches!(field, "latitude" | "lat" | "longitude" | "lng" | "lon") {
                SqlType::Decimal(9, 6)
            } else {
                SqlType::Float
            }
        }
        JsonType::Boolean => SqlType::Boolean,
        JsonType::Array(_) | JsonType::Object(_) => SqlType::Json,
        JsonType::Ref(_) | JsonType::Unknown => by_rule(field, kb).unwrap_or(SqlType::Text),
    }
}

/// A plain `type: string` refined by the name rules only within strings:
/// a time, a date, a bounded text, an amount sent as a decimal string. An
/// `_id` string without `format: uuid` may be any provider's id
/// (`wx_transaction_id`): VARCHAR, until it turns out to point at an entity
/// here (the foreign key then takes the key's type).
fn string_by_rule(field: &str, kb: &Knowledge) -> SqlType {
    match by_rule(field, kb) {
        Some(SqlType::Uuid) => SqlType::Varchar(Some(255)),
        Some(
            t @ (SqlType::Varchar(_)
            | SqlType::Text
            | SqlType::Date
            | SqlType::Time
            | SqlType::Timestamp
            | SqlType::Decimal(..)),
        ) => t,
        _ => SqlType::Text,
    }
}

/// Digits after the point said by `multipleOf: 0.0001` or "up to 4
/// decimals" / "4 decimal places" in a description.
pub fn decimal_scale(pt: &PropType) -> Option<u8> {
    if let Some(m) = pt.multiple_of {
        if m > 0.0 && m < 1.0 {
            let mut scale = 0u8;
            let mut x = m;
            while scale < 10 && (x - x.round()).abs() > 1e-9 {
                x *= 10.0;
                scale += 1;
            }
            return Some(scale);
        }
    }
    scale_in_text(&pt.description)
}

/// "up to 4 decimals", "3 decimal places" in a description.
pub fn scale_in_text(text: &str) -> Option<u8> {
    let d = text.to_lowercase();
    let words: Vec<&str> = d
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    words.windows(2).find_map(|w| {
        let n = w.first()?.parse::<u8>().ok()?;
        let unit = w.get(1)?;
        (unit.starts_with("decimal") && n <= 10).then_some(n)
    })
}

/// DECIMAL with `scale` digits after the point and ten before it.
pub fn decimal(scale: u8) -> SqlType {
    SqlType::Decimal((10 + scale).min(38), scale.min(28))
}

/// A type from the knowledge base's field-name rules.
pub fn by_rule(field: &str, kb: &Knowledge) -> Option<SqlType> {
    if kb.is_money(field) {
        return Some(if kb.is_minor_unit(field) {
            SqlType::BigInt
        } else {
            SqlType::Decimal(12, 2)
        });
    }
    kb.type_rule(field).map(|r| parse_type(&r.ty))
}

/// `CHECK (col IN ('a', 'b'))` for enumerated values, quoted safely.
pub fn enum_check(column: &str, values: &[String]) -> Option<String> {
    if values.is_empty() {
        return None;
    }
    let list: Vec<String> = values
        .iter()
        .map(|v| format!("'{}'", v.replace('\'', "''")))
        .collect();
    Some(format!("{column} IN ({})", list.join(", ")))
}

fn clamp_len(n: u64) -> u32 {
    n.clamp(1, 10_000) as u32
}

/// Room for the longest enum value, rounded up to a common width.
fn enum_width(longest: usize) -> u32 {
    [16u32, 32, 64, 128, 255]
        .into_iter()
        .find(|w| *w as usize >= longest)
        .unwrap_or(255)
}

/// A fixed length from a simple anchored pattern such as `^[0-9]{14}$`.
fn pattern_length(pattern: Option<&str>) -> Option<u32> {
    let p = pattern?;
    let open = p.rfind('{')?;
    let close = p[open..].find('}')? + open;
    let inner = &p[open + 1..close];
    let max = inner.split(',').next_back()?.trim().parse::<u32>().ok()?;
    // Count literal characters outside the class (e.g. `FL-` prefixes).
    let literal = p
        .trim_start_matches('^')
        .split('[')
        .next()
        .map(|s| {
            s.chars()
                .filter(|c| c.is_alphanumeric() || *c == '-')
                .count()
        })
        .unwrap_or(0) as u32;
    Some((max + literal).clamp(1, 255))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(kind: JsonType) -> PropType {
        PropType {
            kind,
            ..Default::default()
        }
    }

    #[test]
    fn contract_types() {
        let kb = Knowledge::builtin();
        let mut uuid = s(JsonType::String);
        uuid.format = Some("uuid".into());
        assert_eq!(from_prop("id", &uuid, kb), SqlType::Uuid);
        let mut ml = s(JsonType::String);
        ml.max_length = Some(300);
        assert_eq!(from_prop("title", &ml, kb), SqlType::Varchar(Some(300)));
        assert_eq!(
            from_prop("price", &s(JsonType::Number), kb),
            SqlType::Decimal(12, 2)
        );
        assert_eq!(
            from_prop("amount_pence", &s(JsonType::Integer), kb),
            SqlType::Int
        );
        let mut pat = s(JsonType::String);
        pat.pattern = Some("^[0-9]{14}$".into());
        assert_eq!(
            from_prop("card_number", &pat, kb),
            SqlType::Varchar(Some(14))
        );
        let mut fl = s(JsonType::String);
        fl.pattern = Some("^FL-[0-9A-Z]{5}$".into());
        assert_eq!(
            from_prop("order_number", &fl, kb),
            SqlType::Varchar(Some(8))
        );
    }

    #[test]
    fn a_plain_string_stays_a_string() {
        let kb = Knowledge::builtin();
        let st = s(JsonType::String);
        assert_eq!(from_prop("refund_no", &st, kb), SqlType::Text);
        assert_eq!(
            from_prop("wx_transaction_id", &st, kb),
            SqlType::Varchar(Some(255))
        );
        assert_eq!(
            from_prop("tax_rate_id", &st, kb),
            SqlType::Varchar(Some(255))
        );
        assert_eq!(from_prop("paid_at", &st, kb), SqlType::Timestamp);
        assert_eq!(
            from_prop("tax_rate", &s(JsonType::Number), kb),
            SqlType::Float
        );
        let mut rate = s(JsonType::Number);
        rate.multiple_of = Some(0.0001);
        assert_eq!(from_prop("percentage", &rate, kb), SqlType::Decimal(14, 4));
        let mut said = s(JsonType::Number);
        said.description = "Percentage, up to 4 decimals".into();
        assert_eq!(from_prop("percentage", &said, kb), SqlType::Decimal(14, 4));
        let mut text = s(JsonType::String);
        text.format = Some("decimal".into());
        text.description = "up to 3 decimals, e.g. \"20.000\"".into();
        assert_eq!(from_prop("percentage", &text, kb), SqlType::Decimal(13, 3));
    }

    #[test]
    fn parses_written_types() {
        assert_eq!(parse_type("varchar(255)"), SqlType::Varchar(Some(255)));
        assert_eq!(parse_type("DECIMAL(12,2)"), SqlType::Decimal(12, 2));
        assert_eq!(parse_type("timestamp"), SqlType::Timestamp);
        assert!(matches!(parse_type("GEOGRAPHY"), SqlType::Other(_)));
        assert_eq!(
            enum_check("status", &["a".into(), "b'c".into()]).as_deref(),
            Some("status IN ('a', 'b''c')")
        );
    }
}
