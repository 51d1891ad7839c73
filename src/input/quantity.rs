//! Numbers in prose, with what they count: `1,000 users`, `10k bookmarks per
//! user`, `2 million orders a year`, `1.5万用户`, `p95 under 200 ms`,
//! `5 requests per second`, `750 writes/s`, `14 days`, `30 天`, `5 MB`.
//!
//! Deliberately NOT here: deciding what a number means for storage (that is
//! the proposal engine's job). This only reads "number + unit or noun + per
//! period". Numbers that are part of identifiers (`US-001`, `HS256`, `p95`),
//! clock times (`18:30`) and money (`£2.49`) are skipped, as are bare numbers
//! with nothing after them that says what they count.

use super::requirements::{Quantity, QuantityUnit};

/// Nouns that count people, read as [`QuantityUnit::Users`].
const PEOPLE: &[&str] = &[
    "user",
    "users",
    "people",
    "persons",
    "visitors",
    "用户",
    "人",
    "名用户",
    "位用户",
];

/// Nouns of operations: `N <op> per second` is a request rate.
const OPERATIONS: &[&str] = &[
    "request",
    "requests",
    "req",
    "reqs",
    "queries",
    "query",
    "calls",
    "writes",
    "reads",
    "searches",
    "lookups",
    "updates",
    "transactions",
    "hits",
    "operations",
    "ops",
    "scans",
    "inserts",
    "events",
    "messages",
    "请求",
    "次请求",
    "次查询",
    "次",
    "查询",
    "写入",
    "读取",
];

/// Nouns that measure rather than count stored things: kept as
/// [`QuantityUnit::Other`].
const MEASURES: &[&str] = &[
    "characters",
    "chars",
    "digits",
    "letters",
    "attempts",
    "tries",
    "retries",
    "times",
    "steps",
    "words",
    "decimal",
    "decimals",
    "places",
    "stars",
    "位",
    "位数字",
    "个字符",
    "字符",
    "字",
];

/// Words that may sit between a number and its noun (`1,000 active users`).
const MODIFIERS: &[&str] = &[
    "active",
    "new",
    "registered",
    "concurrent",
    "concurrently",
    "simultaneous",
    "daily",
    "monthly",
    "weekly",
    "total",
    "more",
    "additional",
    "unique",
    "distinct",
    "online",
    "paying",
    "open",
    "stored",
];

/// Words after a number that end the search for a noun.
const STOP: &[&str] = &[
    "of", "to", "or", "and", "per", "a", "an", "the", "in", "at", "on", "for", "by", "with",
    "than", "each", "is", "are", "be", "within", "under", "over", "from", "after", "before", "up",
    "less", "most", "least", "about", "around", "every", "into", "as", "that", "this",
];

/// Reads every quantity in `text`, left to right.
pub fn find_quantities(text: &str) -> Vec<Quantity> {
    let mut out = Vec::new();
    let mut pos = 0;
    while pos < text.len() {
        let Some(c) = text[pos..].chars().next() else {
            break;
        };
        if c.is_ascii_digit() && starts_number(text, pos) {
            match read_quantity(text, pos) {
                Some((q, end)) => {
                    out.push(q);
                    pos = end.max(pos + 1);
                }
                None => pos = skip_number(text, pos),
            }
        } else {
            pos += c.len_utf8();
        }
    }
    out
}

/// A number starts here unless it continues an identifier (`US-001`,
/// `HS256`, `p95`, `v2`) or follows a currency sign.
fn starts_number(text: &str, pos: usize) -> bool {
    let before = &text[..pos];
    let mut rev = before.chars().rev();
    match rev.next() {
        None => true,
        Some(p) if p.is_ascii_alphanumeric() || p == '_' || p == '.' => false,
        Some('£' | '$' | '€' | '¥' | '#' | '/' | ':') => false,
        Some('-') => !rev.next().is_some_and(|q| q.is_alphanumeric()),
        Some(_) => true,
    }
}

fn skip_number(text: &str, pos: usize) -> usize {
    text[pos..]
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '.' || *c == ','))
        .map_or(text.len(), |(i, _)| pos + i)
}

/// Parses `1,000` / `1.5` / `10` at `pos`: (value, end).
fn read_number(text: &str, pos: usize) -> Option<(f64, usize)> {
    let bytes = text.as_bytes();
    let mut end = pos;
    let mut digits = String::new();
    while end < bytes.len() {
        let b = bytes[end];
        if b.is_ascii_digit() {
            digits.push(b as char);
            end += 1;
        } else if b == b','
            && bytes
                .get(end + 1..end + 4)
                .is_some_and(|g| g.iter().all(u8::is_ascii_digit))
            && !bytes.get(end + 4).is_some_and(u8::is_ascii_digit)
        {
            end += 1;
        } else if b == b'.'
            && !digits.contains('.')
            && bytes.get(end + 1).is_some_and(u8::is_ascii_digit)
        {
            digits.push('.');
            end += 1;
        } else {
            break;
        }
    }
    // A clock time or a ratio (`18:30`, `4:3`) is not a quantity.
    if bytes.get(end) == Some(&b':') && bytes.get(end + 1).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    digits.parse::<f64>().ok().map(|v| (v, end))
}

/// Skips spaces (ASCII and ideographic).
fn skip_ws(text: &str, pos: usize) -> usize {
    text[pos..]
        .char_indices()
        .find(|(_, c)| !c.is_whitespace() && *c != '\u{3000}')
        .map_or(text.len(), |(i, _)| pos + i)
}

/// The ASCII word (letters, `-`, `/`) at `pos`, lower-cased, and its end.
fn word_at(text: &str, pos: usize) -> (String, usize) {
    let end = text[pos..]
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_alphabetic() || *c == '-' || *c == '\''))
        .map_or(text.len(), |(i, _)| pos + i);
    (
        text[pos..end].trim_end_matches('-').to_ascii_lowercase(),
        end,
    )
}

/// A run of CJK characters at `pos` (at most `max`), and its end.
fn cjk_at(text: &str, pos: usize, max: usize) -> (String, usize) {
    let mut end = pos;
    let mut s = String::new();
    for c in text[pos..].chars().take(max) {
        if is_cjk(c) {
            s.push(c);
            end += c.len_utf8();
        } else {
            break;
        }
    }
    (s, end)
}

fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

fn read_quantity(text: &str, start: usize) -> Option<(Quantity, usize)> {
    let (mut value, mut pos) = read_number(text, start)?;
    // Multipliers: 10k, 2 million, 1.5万.
    let after = skip_ws(text, pos);
    let (word, word_end) = word_at(text, after);
    let mult = match word.as_str() {
        "k" | "thousand" => Some(1e3),
        "m" | "million" | "mn" if !text[after..].starts_with("MB") => Some(1e6),
        "billion" | "bn" | "b" if word != "b" || text[after..].starts_with('b') => Some(1e9),
        _ => None,
    };
    if let Some(m) = mult {
        value *= m;
        pos = word_end;
    } else {
        for (zh, m) in [
            ("百万", 1e6),
            ("千万", 1e7),
            ("万", 1e4),
            ("亿", 1e8),
            ("千", 1e3),
        ] {
            if text[after..].starts_with(zh) {
                value *= m;
                pos = after + zh.len();
                break;
            }
        }
    }
    let (unit, mut end, scale) = read_unit(text, pos)?;
    value *= scale;
    let mut unit = unit;
    let mut per_word = None;
    // `per second` / `a day` / `/s` / `每秒`: a rate.
    if let Some((per, per_end)) = read_per(text, end) {
        end = per_end;
        per_word = Some(per.clone());
        let per_second = match per.as_str() {
            "second" => Some(1.0),
            "minute" => Some(60.0),
            _ => None,
        };
        if let (QuantityUnit::Records(noun), Some(div)) = (&unit, per_second) {
            if OPERATIONS.contains(&last_word(noun)) {
                unit = QuantityUnit::RequestsPerSecond;
                value /= div;
                per_word = None;
            }
        }
    }
    let words = text[start..end].trim().to_string();
    Some((
        Quantity {
            value,
            unit,
            per: per_word,
            text: words,
        },
        end,
    ))
}

fn last_word(s: &str) -> &str {
    s.rsplit(' ').next().unwrap_or(s)
}

/// What follows a number: (unit, end, scale to the unit's base).
fn read_unit(text: &str, pos: usize) -> Option<(QuantityUnit, usize, f64)> {
    let at = skip_ws(text, pos);
    let rest = &text[at..];
    if rest.starts_with('%') || rest.starts_with('％') {
        return Some((
            QuantityUnit::Percent,
            at + rest.chars().next()?.len_utf8(),
            1.0,
        ));
    }
    // Chinese units and nouns.
    if rest.chars().next().is_some_and(is_cjk) {
        return read_cjk_unit(text, at);
    }
    let (word, end) = word_at(text, at);
    if word.is_empty() {
        return None;
    }
    let ms = QuantityUnit::Milliseconds;
    let days = QuantityUnit::Days;
    let bytes = QuantityUnit::Bytes;
    let unit = match word.as_str() {
        "ms" | "msec" | "millisecond" | "milliseconds" => (ms, 1.0),
        "s" | "sec" | "secs" | "second" | "seconds" => (ms, 1e3),
        "min" | "mins" | "minute" | "minutes" => (ms, 6e4),
        "h" | "hr" | "hrs" | "hour" | "hours" => (ms, 3.6e6),
        "day" | "days" => (days, 1.0),
        "week" | "weeks" => (days, 7.0),
        "month" | "months" => (days, 30.0),
        "year" | "years" => (days, 365.0),
        "b" | "byte" | "bytes" => (bytes, 1.0),
        "kb" | "kib" => (bytes, 1024.0),
        "mb" | "mib" => (bytes, 1024.0 * 1024.0),
        "gb" | "gib" => (bytes, 1024.0 * 1024.0 * 1024.0),
        "tb" | "tib" => (bytes, 1024f64.powi(4)),
        "rps" | "qps" | "tps" | "req/s" => (QuantityUnit::RequestsPerSecond, 1.0),
        _ => return read_noun(text, at),
    };
    // "5 s" is fine, but "5 sorts" was read as the word "sorts" above, so a
    // one-letter unit never swallows a longer word.
    Some((unit.0, end, unit.1))
}

/// `1,000 users`, `10,000 bookmarks`, `420,000 title records`.
fn read_noun(text: &str, at: usize) -> Option<(QuantityUnit, usize, f64)> {
    let mut pos = at;
    let mut words: Vec<String> = Vec::new();
    for _ in 0..4 {
        let p = skip_ws(text, pos);
        let (w, end) = word_at(text, p);
        if w.is_empty() || STOP.contains(&w.as_str()) {
            break;
        }
        // `750 writes/s`, `60 searches/sec`.
        if text[end..].starts_with('/') {
            let (per, per_end) = word_at(text, end + 1);
            if matches!(per.as_str(), "s" | "sec" | "second") && OPERATIONS.contains(&w.as_str()) {
                return Some((QuantityUnit::RequestsPerSecond, per_end, 1.0));
            }
        }
        if PEOPLE.contains(&w.as_str()) {
            return Some((QuantityUnit::Users, end, 1.0));
        }
        if MEASURES.contains(&w.as_str()) {
            return Some((QuantityUnit::Other(w), end, 1.0));
        }
        if MODIFIERS.contains(&w.as_str()) {
            pos = end;
            continue;
        }
        words.push(w.clone());
        pos = end;
        if is_plural(&w) || OPERATIONS.contains(&w.as_str()) {
            return Some((QuantityUnit::Records(words.join(" ")), end, 1.0));
        }
    }
    None
}

/// An English plural, roughly: ends in `s` but is not a `-ss`/`-us`/`-is` word.
fn is_plural(w: &str) -> bool {
    w.len() > 2
        && w.ends_with('s')
        && !w.ends_with("ss")
        && !w.ends_with("us")
        && !w.ends_with("is")
        || matches!(w, "people" | "children" | "data" | "media")
}

fn read_cjk_unit(text: &str, at: usize) -> Option<(QuantityUnit, usize, f64)> {
    let rest = &text[at..];
    let ms = QuantityUnit::Milliseconds;
    let days = QuantityUnit::Days;
    for (zh, unit, scale) in [
        ("毫秒", ms.clone(), 1.0),
        ("秒钟", ms.clone(), 1e3),
        ("秒", ms.clone(), 1e3),
        ("分钟", ms.clone(), 6e4),
        ("小时", ms.clone(), 3.6e6),
        ("天", days.clone(), 1.0),
        ("日", days.clone(), 1.0),
        ("周", days.clone(), 7.0),
        ("星期", days.clone(), 7.0),
        ("个月", days.clone(), 30.0),
        ("月", days.clone(), 30.0),
        ("年", days.clone(), 365.0),
    ] {
        if let Some(after) = rest.strip_prefix(zh) {
            return Some((unit, text.len() - after.len(), scale));
        }
    }
    for m in ["位数字", "个字符", "位字符", "字符", "个字"] {
        if rest.starts_with(m) {
            return Some((QuantityUnit::Other(m.to_string()), at + m.len(), 1.0));
        }
    }
    // Skip a measure word (条 / 个 / 名 ...), then take the noun.
    let mut pos = at;
    for mw in ["条", "个", "名", "位", "笔", "件", "本", "家", "张", "份"] {
        if rest.starts_with(mw) {
            pos += mw.len();
            break;
        }
    }
    let (noun, end) = cjk_at(text, pos, 4);
    if noun.is_empty() {
        // `10 个` alone still counts something.
        return None;
    }
    // Cut the noun at a function word: 用户的 -> 用户, 订单以内 -> 订单.
    let cut = noun
        .char_indices()
        .find(|(i, c)| *i > 0 && matches!(c, '的' | '以' | '之' | '在' | '内' | '或' | '和' | '每'))
        .map_or(noun.len(), |(i, _)| i);
    let noun = &noun[..cut];
    let end = pos + cut.min(end - pos);
    if let Some(after_rate) = text[end..]
        .strip_prefix("/秒")
        .or_else(|| text[end..].strip_prefix("每秒"))
    {
        return Some((
            QuantityUnit::RequestsPerSecond,
            text.len() - after_rate.len(),
            1.0,
        ));
    }
    if PEOPLE.contains(&noun) || noun.starts_with("用户") {
        return Some((QuantityUnit::Users, end, 1.0));
    }
    if MEASURES.contains(&noun) || noun.starts_with("字符") {
        return Some((QuantityUnit::Other(noun.to_string()), end, 1.0));
    }
    if OPERATIONS.contains(&noun) {
        return Some((QuantityUnit::Records(noun.to_string()), end, 1.0));
    }
    Some((QuantityUnit::Records(noun.to_string()), end, 1.0))
}

/// ` per second`, ` a day`, ` each`, `/s`, `每秒`: (period word, end).
fn read_per(text: &str, pos: usize) -> Option<(String, usize)> {
    let rest = &text[pos..];
    for (zh, per) in [
        ("每秒", "second"),
        ("/秒", "second"),
        ("每分钟", "minute"),
        ("每小时", "hour"),
        ("每天", "day"),
        ("每日", "day"),
        ("每月", "month"),
        ("每年", "year"),
    ] {
        if let Some(after) = rest.trim_start().strip_prefix(zh) {
            return Some((per.to_string(), text.len() - after.len()));
        }
    }
    if let Some(after) = rest.strip_prefix('/') {
        let (w, end) = word_at(text, text.len() - after.len());
        if let Some(p) = period(&w) {
            return Some((p.to_string(), end));
        }
    }
    let at = skip_ws(text, pos);
    let (w, end) = word_at(text, at);
    if matches!(w.as_str(), "per" | "a" | "an" | "each" | "every") {
        let at2 = skip_ws(text, end);
        let (w2, end2) = word_at(text, at2);
        if let Some(p) = period(&w2) {
            return Some((p.to_string(), end2));
        }
        // `per user`, `per restaurant`: the thing it is counted against.
        if w == "per" && !w2.is_empty() {
            return Some((w2, end2));
        }
    }
    None
}

fn period(w: &str) -> Option<&'static str> {
    Some(match w {
        "s" | "sec" | "second" => "second",
        "min" | "minute" => "minute",
        "h" | "hr" | "hour" => "hour",
        "d" | "day" => "day",
        "week" => "week",
        "month" => "month",
        "year" | "yr" => "year",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use QuantityUnit::*;

    fn q(text: &str) -> Vec<(f64, QuantityUnit)> {
        find_quantities(text)
            .into_iter()
            .map(|q| (q.value, q.unit))
            .collect()
    }

    #[test]
    fn english_volumes_and_rates() {
        assert_eq!(
            q("Up to 1,000 users; at most 10,000 bookmarks per user (a hard limit); about 200,000 bookmarks in total."),
            vec![
                (1000.0, Users),
                (10000.0, Records("bookmarks".into())),
                (200000.0, Records("bookmarks".into()))
            ]
        );
        assert_eq!(
            q("List pages: p95 under 200 ms; search: p99 under 1.5 s."),
            vec![(200.0, Milliseconds), (1500.0, Milliseconds)]
        );
        assert_eq!(
            q("about 5 requests per second"),
            vec![(5.0, RequestsPerSecond)]
        );
        assert_eq!(q("750 writes/s of data"), vec![(750.0, RequestsPerSecond)]);
        assert_eq!(
            q("up to 750 position writes per second"),
            vec![(750.0, RequestsPerSecond)]
        );
        assert_eq!(
            q("600 orders per minute"),
            vec![(600.0, Records("orders".into()))]
        );
        assert_eq!(q("backups kept for 14 days"), vec![(14.0, Days)]);
        assert_eq!(q("files up to 5 MB"), vec![(5.0 * 1024.0 * 1024.0, Bytes)]);
        assert_eq!(q("99.9% uptime"), vec![(99.9, Percent)]);
        assert_eq!(
            q("10k titles and 2 million loans"),
            vec![
                (10000.0, Records("titles".into())),
                (2e6, Records("loans".into()))
            ]
        );
        assert_eq!(
            q("about 420,000 title records"),
            vec![(420000.0, Records("title records".into()))]
        );
        assert_eq!(q("1,000 active users"), vec![(1000.0, Users)]);
        assert_eq!(
            q("at least 10 characters"),
            vec![(10.0, Other("characters".into()))]
        );
        assert_eq!(q("kept 7 years"), vec![(7.0 * 365.0, Days)]);
    }

    #[test]
    fn identifiers_times_and_money_are_not_quantities() {
        assert!(q("US-001 and F-03, HS256, p95, 18:30-20:30, £2.49, v2").is_empty());
        assert!(q("bcrypt cost 12 or more").is_empty());
    }

    #[test]
    fn chinese() {
        assert_eq!(q("支持 1.5万用户"), vec![(15000.0, Users)]);
        assert_eq!(q("日志保留 30 天"), vec![(30.0, Days)]);
        assert_eq!(q("3000 条订单"), vec![(3000.0, Records("订单".into()))]);
        assert_eq!(q("响应时间 200 毫秒以内"), vec![(200.0, Milliseconds)]);
        assert_eq!(
            q("验证码为 6 位数字，10 分钟内有效"),
            vec![(6.0, Other("位数字".into())), (600000.0, Milliseconds)]
        );
        assert_eq!(q("峰值 500 次/秒"), vec![(500.0, RequestsPerSecond)]);
    }

    #[test]
    fn text_keeps_the_words() {
        let found = find_quantities("at most 10,000 bookmarks per user.");
        assert_eq!(found[0].text, "10,000 bookmarks per user");
    }
}
