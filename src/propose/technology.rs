//! Storage technology per purpose (storage-stage.md 2.4) and what lives in
//! each non-relational store (sections after 5).
//!
//! Never a technology without a requirement behind it: every need comes from
//! a trigger (knowledge.yaml `technology_triggers`) found in this system's
//! stories, non-functional bullets or architecture decisions, or from the
//! contract (a search parameter, a file upload), and the reason quotes it.
//! An architecture decision that meets the need another way (an in-process
//! limiter, columns on a row, JWT without a session store, search inside the
//! main database) removes it.

use super::text::{quote_around, Evidence, EvidenceKind};
use super::{Draft, Inputs};
use crate::input::{JsonType, ParamLocation, PropType};
use crate::knowledge::{find_phrase, phrase_in, Knowledge, TriggerPurpose};
use crate::model::{
    Bucket, CacheKey, OtherStores, SearchField, SearchIndex, Source, SqlType, StorageChoice,
    StoragePurpose,
};
use crate::names;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default)]
pub struct Tech {
    pub choices: Vec<StorageChoice>,
    pub stores: OtherStores,
    /// The relational engine chosen.
    pub relational: String,
    /// Keyword search stays in the relational database (full-text index).
    pub fulltext_in_db: bool,
    /// A search engine holds the searchable documents.
    pub search_engine: bool,
}

/// One need found, with the quote that revealed it.
#[derive(Debug, Clone)]
struct Need {
    trigger: String,
    purpose: TriggerPurpose,
    what: String,
    quote: String,
    source: Source,
    /// From a decision that chose a store for it.
    confirmed: bool,
    /// The whole text the need was found in, lowercase (a decision's reason
    /// may say the expiry its choice cell does not).
    detail: String,
}

fn quote(e: &Evidence, at: usize) -> String {
    let text = if e.original.len() == e.lower.len() {
        &e.original
    } else {
        &e.lower
    };
    quote_around(text, at)
}

fn store_words_in(choice: &str, words: &[String]) -> bool {
    words.iter().any(|w| phrase_in(choice, w))
}

pub fn choose(inp: &Inputs, drafts: &[Draft]) -> Tech {
    let kb = inp.kb;
    let mut needs: Vec<Need> = Vec::new();
    let mut rejected: BTreeMap<String, String> = BTreeMap::new();
    // Decisions first: they confirm or reject needs.
    for e in inp
        .evidence
        .iter()
        .filter(|e| e.kind == EvidenceKind::Decision)
    {
        let mut cells = e.lower.split(" | ");
        let decision = cells.next().unwrap_or("");
        let options = cells.next().unwrap_or("");
        let choice = cells.next().unwrap_or("");
        let topic = format!("{decision} {options} {choice}");
        let picks_none = store_words_in(choice, &kb.decision_choices.none);
        let said = decision_quote(&e.original);
        for t in &kb.technology_triggers {
            if !t.words.iter().any(|w| phrase_in(&topic, w)) {
                continue;
            }
            let picks_store = store_words_in(choice, kb.decision_choices.for_purpose(t.purpose));
            if picks_store {
                needs.push(Need {
                    trigger: t.name.clone(),
                    purpose: t.purpose,
                    what: t.what.clone(),
                    quote: said.clone(),
                    source: e.source.clone(),
                    confirmed: true,
                    detail: e.lower.clone(),
                });
            } else if picks_none {
                rejected.insert(t.name.clone(), said.clone());
            }
        }
        // A choice that names a store is a need of its own purpose.
        for p in [
            TriggerPurpose::Cache,
            TriggerPurpose::Search,
            TriggerPurpose::Object,
            TriggerPurpose::Document,
        ] {
            if store_words_in(choice, kb.decision_choices.for_purpose(p))
                && !needs
                    .iter()
                    .any(|n| n.confirmed && n.purpose == p && n.source == e.source)
            {
                needs.push(Need {
                    trigger: format!("decision-{}", purpose_word(p)),
                    purpose: p,
                    what: first_cell(&e.original),
                    quote: said.clone(),
                    source: e.source.clone(),
                    confirmed: true,
                    detail: e.lower.clone(),
                });
            }
        }
    }
    // Requirements.
    for e in inp
        .evidence
        .iter()
        .filter(|e| e.kind != EvidenceKind::Decision)
    {
        for t in &kb.technology_triggers {
            if let Some(at) = t
                .words
                .iter()
                .filter_map(|w| find_phrase(&e.lower, w))
                .min()
            {
                needs.push(Need {
                    trigger: t.name.clone(),
                    purpose: t.purpose,
                    what: t.what.clone(),
                    quote: quote(e, at),
                    source: e.source.clone(),
                    confirmed: false,
                    detail: e.lower.clone(),
                });
            }
        }
    }
    needs.retain(|n| n.confirmed || !rejected.contains_key(&n.trigger));
    // A decision that places a need in another named system ("shared
    // counters ... owned by backend-tenant") settles where it lives: this
    // system's requirements alone do not bring it here too.
    let (placed_elsewhere, purposes_elsewhere) = placed_in_other_systems(inp);
    let confirmed_here: Vec<TriggerPurpose> = needs
        .iter()
        .filter(|n| n.confirmed)
        .map(|n| n.purpose)
        .collect();
    needs.retain(|n| {
        n.confirmed
            || !placed_elsewhere.contains(&n.trigger)
                && (confirmed_here.contains(&n.purpose) || !purposes_elsewhere.contains(&n.purpose))
    });
    // Files that are only linked are not stored.
    let link_only = inp
        .evidence
        .iter()
        .any(|e| kb.link_only_words.iter().any(|w| phrase_in(&e.lower, w)));
    // With a contract, search and files need the contract to show them.
    let contract_search = contract_search(inp);
    let contract_upload = contract_upload(inp);
    let has_contract = inp.contract.is_some();
    needs.retain(|n| match n.purpose {
        TriggerPurpose::Search => !has_contract || contract_search.is_some() || n.confirmed,
        TriggerPurpose::Object => {
            if has_contract {
                contract_upload.is_some() || n.confirmed
            } else {
                !link_only || n.confirmed
            }
        }
        _ => true,
    });
    if let Some((src, q)) = &contract_search {
        if !rejected.contains_key("keyword-search") {
            needs.push(Need {
                trigger: "keyword-search".into(),
                purpose: TriggerPurpose::Search,
                what: "Keyword search".into(),
                quote: q.clone(),
                source: src.clone(),
                confirmed: false,
                detail: q.to_lowercase(),
            });
        }
    }
    if let Some((src, q)) = &contract_upload {
        needs.push(Need {
            trigger: "file-uploads".into(),
            purpose: TriggerPurpose::Object,
            what: "Uploaded files and images".into(),
            quote: q.clone(),
            source: src.clone(),
            confirmed: false,
            detail: q.to_lowercase(),
        });
    }
    // Search that a decision keeps in the main database.
    let search_rejected = rejected.contains_key("keyword-search");
    if search_rejected {
        needs.retain(|n| n.purpose != TriggerPurpose::Search || n.confirmed);
    }

    let mut tech = Tech::default();
    let (engine, engine_src) = relational_engine(inp);
    tech.relational = engine.clone();
    let n_entities = drafts.len();
    tech.choices.push(StorageChoice {
        purpose: StoragePurpose::Primary,
        storage_type: StoragePurpose::Primary.label().into(),
        technology: engine.clone(),
        what: "Business data".into(),
        reason: match &engine_src {
            Some(q) => format!("Relational data with foreign keys and transactions ({n_entities} entities); the architecture already names {engine}: \"{q}\""),
            None => format!("Relational data with foreign keys and transactions ({n_entities} entities)"),
        },
        sources: vec![Source::architecture(inp.system), Source::rule("relational-default")],
    });

    // Cache.
    let cache: Vec<&Need> = needs
        .iter()
        .filter(|n| n.purpose == TriggerPurpose::Cache)
        .collect();
    let cache_needed = cache.iter().any(|n| n.confirmed)
        || cache
            .iter()
            .any(|n| n.trigger != "hot-read-cache" && n.trigger != "expiring-data");
    if cache_needed {
        let mut whats: Vec<String> = Vec::new();
        for n in &cache {
            if !n.trigger.starts_with("decision-") && !whats.contains(&n.what) {
                whats.push(n.what.clone());
            }
        }
        let first = cache
            .iter()
            .find(|n| n.confirmed)
            .or(cache.first())
            .copied();
        let mut sources: Vec<Source> = Vec::new();
        for n in &cache {
            if !sources.contains(&n.source) {
                sources.push(n.source.clone());
            }
        }
        tech.choices.push(StorageChoice {
            purpose: StoragePurpose::Cache,
            storage_type: StoragePurpose::Cache.label().into(),
            technology: "Redis".into(),
            what: if whats.is_empty() {
                "Short-lived data".into()
            } else {
                whats.join("; ")
            },
            reason: first
                .map(|n| format!("{} ({}: \"{}\")", n.what, n.source, n.quote))
                .unwrap_or_default(),
            sources,
        });
        tech.stores.cache = cache_keys(inp, drafts, &cache);
    }

    // Search.
    let search: Vec<&Need> = needs
        .iter()
        .filter(|n| n.purpose == TriggerPurpose::Search)
        .collect();
    if !search.is_empty() {
        let typo = search
            .iter()
            .find(|n| n.trigger == "typo-tolerance")
            .cloned()
            .or_else(|| {
                contract_search
                    .as_ref()
                    .filter(|(_, q)| {
                        kb.technology_triggers
                            .iter()
                            .filter(|t| t.name == "typo-tolerance")
                            .any(|t| t.words.iter().any(|w| phrase_in(&q.to_lowercase(), w)))
                    })
                    .map(|_| search[0])
            });
        let confirmed_engine = search.iter().find(|n| n.confirmed).copied();
        let (records, rps, volume_quote) = search_volume(inp);
        let big = records >= kb.search_engine_thresholds.records as f64
            || rps >= kb.search_engine_thresholds.searches_per_second as f64;
        let sources: Vec<Source> =
            search
                .iter()
                .map(|n| n.source.clone())
                .fold(Vec::new(), |mut v, s| {
                    if !v.contains(&s) {
                        v.push(s);
                    }
                    v
                });
        let base = search[0];
        if confirmed_engine.is_some() || typo.is_some() || big {
            let why = if let Some(n) = confirmed_engine {
                format!(
                    "The architecture chose a search engine ({}: \"{}\")",
                    n.source, n.quote
                )
            } else if let Some(n) = typo {
                format!("Typo-tolerant, relevance-ranked keyword search ({}: \"{}\"), which the relational database's full-text search does not do well", n.source, n.quote)
            } else {
                format!(
                    "Keyword search at volume ({}: \"{}\")",
                    base.source, base.quote
                )
            };
            let vol = volume_quote
                .map(|q| format!("; volume: {q}"))
                .unwrap_or_default();
            tech.search_engine = true;
            tech.choices.push(StorageChoice {
                purpose: StoragePurpose::Search,
                storage_type: StoragePurpose::Search.label().into(),
                technology: "Elasticsearch".into(),
                what: "Keyword search documents, fed from the primary database".into(),
                reason: format!("{why}{vol}"),
                sources,
            });
            tech.stores.search = search_indexes(inp, drafts);
        } else {
            tech.fulltext_in_db = true;
            let vol = volume_quote.unwrap_or_else(|| "no volume above the thresholds".into());
            tech.choices.push(StorageChoice {
                purpose: StoragePurpose::Search,
                storage_type: StoragePurpose::Search.label().into(),
                technology: format!("{engine} full-text (GIN index)"),
                what: "Keyword search inside the primary database".into(),
                reason: format!(
                    "Keyword search ({}: \"{}\") at small volume ({vol}; a search engine pays off from about {} records or {} searches/s), so it stays in {engine}",
                    base.source, base.quote, kb.search_engine_thresholds.records, kb.search_engine_thresholds.searches_per_second
                ),
                sources,
            });
        }
    } else if search_rejected {
        tech.fulltext_in_db = false;
    }

    // Object storage.
    let object: Vec<&Need> = needs
        .iter()
        .filter(|n| n.purpose == TriggerPurpose::Object)
        .collect();
    if let Some(n) = object.first() {
        tech.choices.push(StorageChoice {
            purpose: StoragePurpose::Object,
            storage_type: StoragePurpose::Object.label().into(),
            technology: "S3 / MinIO".into(),
            what: "Uploaded files and images; rows keep only the object key".into(),
            reason: format!(
                "Files are uploaded and served ({}: \"{}\")",
                n.source, n.quote
            ),
            sources: object.iter().map(|n| n.source.clone()).collect(),
        });
        tech.stores.objects = buckets(inp, drafts);
    }

    // Documents.
    let docs: Vec<&Need> = needs
        .iter()
        .filter(|n| n.purpose == TriggerPurpose::Document)
        .collect();
    if let Some(n) = docs.first() {
        tech.choices.push(StorageChoice {
            purpose: StoragePurpose::Document,
            storage_type: StoragePurpose::Document.label().into(),
            technology: "MongoDB".into(),
            what: "Schema-less documents".into(),
            reason: format!(
                "Documents without a fixed structure ({}: \"{}\")",
                n.source, n.quote
            ),
            sources: vec![n.source.clone()],
        });
    }
    tech
}

fn purpose_word(p: TriggerPurpose) -> &'static str {
    match p {
        TriggerPurpose::Cache => "cache",
        TriggerPurpose::Search => "search",
        TriggerPurpose::Object => "object",
        TriggerPurpose::Document => "document",
    }
}

/// "Decision: Choice" of a decision row.
fn decision_quote(row: &str) -> String {
    let cells: Vec<&str> = row.split(" | ").collect();
    let choice = cells.get(2).copied().unwrap_or("");
    let q = format!("{}: {}", cells.first().copied().unwrap_or(""), choice);
    q.chars().take(200).collect()
}

fn first_cell(s: &str) -> String {
    s.split(" | ").next().unwrap_or(s).trim().to_string()
}

fn relational_engine(inp: &Inputs) -> (String, Option<String>) {
    let mut texts: Vec<String> = Vec::new();
    if let Some(s) = inp.project.architecture.system(inp.system) {
        texts.push(s.tech_stack.clone());
    }
    for e in inp
        .evidence
        .iter()
        .filter(|e| e.kind == EvidenceKind::Decision)
    {
        if let Some(choice) = e.original.split(" | ").nth(2) {
            texts.push(choice.to_string());
        }
    }
    for t in texts {
        let lower = t.to_lowercase();
        for eng in &inp.kb.relational_engines {
            if eng.words.iter().any(|w| phrase_in(&lower, w)) {
                return (eng.technology.clone(), Some(t.trim().to_string()));
            }
        }
    }
    ("PostgreSQL".into(), None)
}

/// A GET with a keyword parameter (`q`, `query`, `keyword`, `search`) or a
/// search path.
fn contract_search(inp: &Inputs) -> Option<(Source, String)> {
    let c = inp.contract?;
    for e in c.endpoints.iter().filter(|e| e.method == "GET") {
        let kw = e.parameters.iter().find(|p| {
            p.location == ParamLocation::Query
                && matches!(
                    p.name.as_str(),
                    "q" | "query" | "keyword" | "keywords" | "search" | "term" | "text"
                )
        });
        let path_search = e.path.split('/').any(|s| s == "search");
        if kw.is_some() || path_search {
            let desc = kw
                .map(|p| p.description.clone())
                .filter(|d| !d.is_empty())
                .unwrap_or_else(|| e.summary.clone());
            return Some((Source::contract(&format!("GET {}", e.path)), desc));
        }
    }
    None
}

fn is_binary(t: &PropType) -> bool {
    match &t.kind {
        JsonType::String => matches!(t.format.as_deref(), Some("binary")),
        JsonType::Object(props) => props.iter().any(|p| is_binary(&p.ty)),
        JsonType::Array(items) => is_binary(items),
        _ => false,
    }
}

/// An endpoint that receives a file.
fn contract_upload(inp: &Inputs) -> Option<(Source, String)> {
    let c = inp.contract?;
    c.endpoints
        .iter()
        .find(|e| e.request.as_ref().is_some_and(is_binary))
        .map(|e| {
            (
                Source::contract(&format!("{} {}", e.method, e.path)),
                e.summary.clone(),
            )
        })
}

/// Numbers near "search" in the non-functional requirements: records and
/// searches per second, with the words they came from.
fn search_volume(inp: &Inputs) -> (f64, f64, Option<String>) {
    let mut records: f64 = 0.0;
    let mut rps: f64 = 0.0;
    let mut quotes: Vec<String> = Vec::new();
    let mut texts: Vec<&Evidence> = inp
        .evidence
        .iter()
        .filter(|e| {
            matches!(
                e.kind,
                EvidenceKind::NonFunctional | EvidenceKind::Marker | EvidenceKind::Decision
            )
        })
        .collect();
    texts.sort_by_key(|e| e.kind != EvidenceKind::NonFunctional);
    for e in texts {
        let nums = numbers(&e.lower);
        let mentions_search = phrase_in(&e.lower, "search*");
        for (value, after, at) in nums {
            let per_second = after.contains("per second")
                || after.starts_with("/s")
                || after.contains("requests/s")
                || after.contains("searches/s")
                || after.starts_with("searches per second");
            if per_second && mentions_search {
                if value > rps {
                    rps = value;
                    quotes.push(quote(e, at));
                }
            } else if value >= 1000.0 && !after.starts_with("ms") && !after.starts_with('%') {
                let about_records = [
                    "record",
                    "title",
                    "item",
                    "product",
                    "document",
                    "row",
                    "bookmark",
                    "restaurant",
                    "post",
                    "article",
                    "page",
                ]
                .iter()
                .any(|w| after.split_whitespace().take(3).any(|x| x.starts_with(w)));
                if about_records && value > records {
                    records = value;
                    quotes.push(quote(e, at));
                }
            }
        }
    }
    quotes.dedup();
    let q = if quotes.is_empty() {
        None
    } else {
        Some(quotes.join("; "))
    };
    (records, rps, q)
}

/// `420,000`, `1.1 million`, `60` in text: (value, the words after, offset).
pub fn numbers(text: &str) -> Vec<(f64, String, usize)> {
    let mut out = Vec::new();
    let bytes: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < bytes.len() {
        let (start, c) = bytes[i];
        let prev_alpha = i > 0 && bytes[i - 1].1.is_alphanumeric();
        if c.is_ascii_digit() && !prev_alpha {
            let mut j = i;
            let mut s = String::new();
            while j < bytes.len() {
                let ch = bytes[j].1;
                let next_digit = bytes.get(j + 1).is_some_and(|(_, n)| n.is_ascii_digit());
                if ch.is_ascii_digit() || (ch == '.' && next_digit) {
                    s.push(ch);
                } else if ch == ',' && next_digit {
                } else {
                    break;
                }
                j += 1;
            }
            let end = bytes.get(j).map(|(o, _)| *o).unwrap_or(text.len());
            let after = text[end..].trim_start();
            let mut value: f64 = s.parse().unwrap_or(0.0);
            let mut after_s = after.to_string();
            for (w, m) in [
                ("million", 1e6),
                ("thousand", 1e3),
                ("billion", 1e9),
                ("mn", 1e6),
                ("m", 1e6),
                ("k", 1e3),
                ("万", 1e4),
                ("亿", 1e8),
            ] {
                // A scale letter stands alone ("1.2 m posts", "150k/month"),
                // never the start of a unit ("5 ms", "2 mb", "3 km").
                let Some(rest) = after.strip_prefix(w) else {
                    continue;
                };
                if w.is_ascii() && rest.starts_with(|c: char| c.is_alphanumeric()) {
                    continue;
                }
                value *= m;
                after_s = rest.trim_start().to_string();
                break;
            }
            out.push((value, after_s.chars().take(60).collect(), start));
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

/// The window a limit counts in: "per hour" / "每小时" -> 1h, "per day" /
/// "daily" / "每日" -> 1d.
fn window_from(text: &str) -> Option<String> {
    let said = |ws: &[&str]| ws.iter().any(|w| phrase_in(text, w));
    if said(&["per hour", "an hour", "hourly", "每小时"]) {
        Some("1h".into())
    } else if said(&["per day", "a day", "daily", "每日", "每天"]) {
        Some("1d".into())
    } else if said(&["per minute", "a minute", "每分钟"]) {
        Some("1m".into())
    } else {
        None
    }
}

/// The last `n` bytes of `s` (or fewer, at a character boundary).
fn tail(s: &str, n: usize) -> &str {
    let mut at = s.len().saturating_sub(n);
    while !s.is_char_boundary(at) {
        at += 1;
    }
    &s[at..]
}

/// A key's time to live said in `text`: the duration an expiry word
/// marks ("valid for 10 minutes", "a 60-second expiry"), else the first
/// duration that is not an interval ("one update every 4 seconds" is how
/// often data comes, not how long it lives).
fn ttl_from(text: &str, kb: &Knowledge) -> Option<String> {
    let mut plain: Option<String> = None;
    for (v, after, start) in numbers(text) {
        let after = after.trim_start_matches(['-', ' ']);
        let unit = after
            .split(|c: char| !c.is_ascii_alphabetic())
            .next()
            .unwrap_or("");
        let (u, unit_len) = match unit {
            s if s.starts_with("second") || s == "s" || s == "秒" => ("s", s.len()),
            s if s.starts_with("minute") || s == "min" || s == "分钟" => ("m", s.len()),
            s if s.starts_with("hour") || s == "h" || s == "小时" => ("h", s.len()),
            s if s.starts_with("day") || s == "天" => ("d", s.len()),
            _ => {
                if after.starts_with("分钟") {
                    ("m", "分钟".len())
                } else if after.starts_with("秒") {
                    ("s", "秒".len())
                } else if after.starts_with("小时") {
                    ("h", "小时".len())
                } else {
                    continue;
                }
            }
        };
        let ttl = format!("{}{u}", v as u64);
        let before = tail(&text[..start], 32);
        // The words right after the unit, up to the clause's end.
        let following: String = after
            .get(unit_len..)
            .unwrap_or("")
            .chars()
            .take_while(|c| !matches!(c, ';' | ',' | '.' | '；' | '，' | '。'))
            .take(16)
            .collect();
        let marked = |t: &str| kb.expiry_words.iter().any(|w| phrase_in(t, w));
        if marked(before) || marked(&following) {
            return Some(ttl);
        }
        let last_word = before.split_whitespace().next_back().unwrap_or("");
        let interval =
            matches!(last_word, "every" | "each" | "per") || before.trim_end().ends_with('每');
        if plain.is_none() && !interval {
            plain = Some(ttl);
        }
    }
    if plain.is_some() {
        return plain;
    }
    if phrase_in(text, "per hour") || text.contains("每小时") {
        return Some("1h".into());
    }
    None
}

fn entity_named_in(text: &str, drafts: &[Draft]) -> Option<String> {
    drafts
        .iter()
        .filter(|d| d.join_of.is_none())
        .filter(|d| {
            let w = names::words(d.name()).join(" ");
            phrase_in(text, &w) || phrase_in(text, &names::plural(&w))
        })
        .max_by_key(|d| names::words(d.name()).len())
        .map(|d| d.name().to_string())
}

fn cache_keys(inp: &Inputs, drafts: &[Draft], needs: &[&Need]) -> Vec<CacheKey> {
    let mut keys: Vec<CacheKey> = Vec::new();
    let principal = super::fields::principal(inp, drafts);
    let owner = principal
        .as_deref()
        .map(names::snake_case)
        .unwrap_or_else(|| "user".into());
    let mut push = |k: CacheKey| {
        if !keys.iter().any(|x| x.pattern == k.pattern) {
            keys.push(k);
        }
    };
    // One tracked thing per system, whichever need names it.
    let mut mover: Option<String> = None;
    // A decision's words (its expiry, its choice) before a requirement's.
    let mut ordered: Vec<&&Need> = needs.iter().collect();
    ordered.sort_by_key(|n| !n.confirmed);
    for n in ordered {
        let q = n.quote.to_lowercase();
        let src = vec![n.source.clone(), Source::rule(&n.trigger)];
        match n.trigger.as_str() {
            "verification-codes" => push(CacheKey {
                pattern: "verification_code:{phone}".into(),
                data_type: "STRING".into(),
                ttl: ttl_from(&q, inp.kb)
                    .or_else(|| ttl_from(&n.detail, inp.kb))
                    .unwrap_or_else(|| "10m".into()),
                purpose: "Hash of the code sent, with its attempts left".into(),
                sources: src,
            }),
            "rate-limits" => push(CacheKey {
                pattern: "rate_limit:{action}:{key}".into(),
                data_type: "STRING".into(),
                ttl: window_from(&q)
                    .or_else(|| window_from(&n.detail))
                    .or_else(|| ttl_from(&q, inp.kb))
                    .unwrap_or_else(|| "1h".into()),
                purpose: "Counter per action and caller (INCR, expires with the window)".into(),
                sources: src,
            }),
            "lockout-counters" => push(CacheKey {
                pattern: format!("failed_sign_in:{{{owner}_id}}"),
                data_type: "STRING".into(),
                ttl: ttl_from(&q, inp.kb)
                    .or_else(|| ttl_from(&n.detail, inp.kb))
                    .unwrap_or_else(|| "15m".into()),
                purpose: "Failed sign-in counter; sign-in is blocked while it is over the limit"
                    .into(),
                sources: src,
            }),
            "server-side-sessions" => push(CacheKey {
                pattern: "session:{token_hash}".into(),
                data_type: "HASH".into(),
                ttl: ttl_from(&q, inp.kb)
                    .or_else(|| ttl_from(&n.detail, inp.kb))
                    .unwrap_or_else(|| "30d".into()),
                purpose: format!("Session of a signed-in {owner}"),
                sources: src,
            }),
            "live-positions" => {
                let who = mover.get_or_insert_with(|| moving_thing(inp, needs));
                let ent = format!("{}Location", names::pascal_case(who));
                push(CacheKey {
                    pattern: format!("{who}_location:{{{who}_id}}"),
                    data_type: "HASH".into(),
                    ttl: ttl_from(&q, inp.kb)
                        .or_else(|| ttl_from(&n.detail, inp.kb))
                        .unwrap_or_else(|| "60s".into()),
                    purpose: format!(
                        "{ent}: latest position per {who} (latitude, longitude, recorded_at)"
                    ),
                    sources: src.clone(),
                });
                push(CacheKey {
                    pattern: format!("{who}_locations"),
                    data_type: "GEO".into(),
                    ttl: "none (members removed when stale)".into(),
                    purpose: format!("Nearest-{who} queries (GEOSEARCH)"),
                    sources: src,
                });
            }
            "hot-read-cache" | "decision-cache" => {
                if let Some(k) = shaped_key(inp, drafts, n, &q, src, false) {
                    push(k);
                }
            }
            "counters" => push(CacheKey {
                pattern: "counter:{name}:{id}".into(),
                data_type: "STRING".into(),
                ttl: "none".into(),
                purpose: "Counters updated at high rate, written back in batches".into(),
                sources: src,
            }),
            _ => {}
        }
    }
    // A cache a decision chose and no rule gave a key: still one key, named
    // after the decision's subject, so the Redis it chose is not left empty.
    if keys.is_empty() {
        for n in needs.iter().filter(|n| n.confirmed) {
            let q = n.quote.to_lowercase();
            let src = vec![n.source.clone(), Source::rule(&n.trigger)];
            if let Some(k) = shaped_key(inp, drafts, n, &q, src, true) {
                if !keys.iter().any(|x| x.pattern == k.pattern) {
                    keys.push(k);
                }
            }
        }
    }
    keys
}

/// Triggers that an architecture decision assigns to another backend by
/// name (and not to this one), and the store purposes of the decisions that
/// concern only other backends ("attachments: existing MinIO bucket" in a
/// forum's decision does not give the notifier object storage).
fn placed_in_other_systems(
    inp: &Inputs,
) -> (
    std::collections::HashSet<String>,
    std::collections::HashSet<TriggerPurpose>,
) {
    let arch = &inp.project.architecture;
    let kb = inp.kb;
    let me = inp.system.to_lowercase();
    let mut triggers = std::collections::HashSet::new();
    let mut purposes = std::collections::HashSet::new();
    for d in &arch.decisions {
        let text = format!(
            "{} | {} | {} | {}",
            d.decision, d.options, d.choice, d.reason
        )
        .to_lowercase();
        let names_other = arch
            .backends()
            .map(|s| s.name.to_lowercase())
            .any(|s| s != me && phrase_in(&text, &s));
        if !names_other || phrase_in(&text, &me) {
            continue;
        }
        let topic = format!("{} {}", d.decision, d.choice).to_lowercase();
        for t in &kb.technology_triggers {
            if t.words.iter().any(|w| phrase_in(&topic, w)) {
                triggers.insert(t.name.clone());
            }
        }
    }
    for row in &inp.decided_elsewhere {
        let choice = row.split(" | ").nth(2).unwrap_or("");
        for p in [
            TriggerPurpose::Cache,
            TriggerPurpose::Search,
            TriggerPurpose::Object,
            TriggerPurpose::Document,
        ] {
            if store_words_in(choice, kb.decision_choices.for_purpose(p)) {
                purposes.insert(p);
            }
        }
    }
    (triggers, purposes)
}

/// The key a decision's (or a hot read's) cache takes: shaped by its words
/// (a ranking, a counter, the latest state), else a read-through copy of the
/// entity it names. A decision that names no entity still gets a key, named
/// after its subject, so the Redis it chose is never left without one.
fn shaped_key(
    inp: &Inputs,
    drafts: &[Draft],
    n: &Need,
    q: &str,
    sources: Vec<Source>,
    unnamed_too: bool,
) -> Option<CacheKey> {
    let kb = inp.kb;
    // Chinese decisions name entities through the glossary's English.
    let english = if super::zh::has_cjk(q) {
        format!("{q} {}", super::zh::content_words(q).join(" "))
    } else {
        q.to_string()
    };
    let entity = entity_named_in(&english, drafts).map(|e| names::snake_case(&e));
    if entity.is_none() && !unnamed_too {
        return None;
    }
    let subject = || {
        let words: Vec<String> = english
            .split(':')
            .next()
            .unwrap_or("")
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| w.len() > 1)
            .map(str::to_lowercase)
            .collect();
        (!words.is_empty()).then(|| words.join("_"))
    };
    let ttl = ttl_from(q, kb).or_else(|| ttl_from(&n.detail, kb));
    let shape = kb
        .cache_shapes
        .iter()
        .find(|s| s.words.iter().any(|w| phrase_in(&english, w)));
    let name = entity
        .clone()
        .or_else(subject)
        .or_else(|| shape.map(|s| s.name.replace('-', "_")))
        .unwrap_or_else(|| "cached".into());
    let Some(shape) = shape else {
        return Some(CacheKey {
            pattern: format!("{name}:{{id}}"),
            data_type: "STRING".into(),
            ttl: ttl.unwrap_or_else(|| "5m".into()),
            purpose: format!(
                "Cached {} (JSON), deleted on every change",
                name.replace('_', " ")
            ),
            sources,
        });
    };
    // "sorted set per category": the id of what it is kept per.
    let scope = english
        .split_whitespace()
        .skip_while(|w| !matches!(*w, "per" | "by" | "each"))
        .nth(1)
        .and_then(|w| entity_named_in(w, drafts))
        .map(|e| format!("{{{}_id}}", names::snake_case(&e)))
        .unwrap_or_else(|| "all".into());
    // Named after the shape alone: the decision's own words say what it is.
    let label = if entity.is_none() && name == shape.name.replace('-', "_") {
        first_cell(n.quote.split(':').next().unwrap_or(&n.quote))
    } else {
        name.replace('_', " ")
    };
    let mut upper = label.clone();
    if let Some(first) = upper.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    Some(CacheKey {
        pattern: shape
            .key
            .replace("{name}", &name)
            .replace("{scope}", &scope),
        data_type: shape.data_type.clone(),
        ttl: ttl.unwrap_or_else(|| shape.ttl.clone()),
        purpose: shape
            .purpose
            .replace("{Name}", &upper)
            .replace("{name}", &label),
        sources,
    })
}

/// What a system tracks the live position of: the first moving thing the
/// live-position needs name (decisions first), else its responsibility's,
/// else a device.
fn moving_thing(inp: &Inputs, needs: &[&Need]) -> String {
    let kb = inp.kb;
    let named_in = |text: &str| {
        kb.moving_things
            .iter()
            .filter_map(|w| find_phrase(text, w).map(|at| (at, w)))
            .min()
            .map(|(_, w)| kb.canonical(w))
    };
    let mut live: Vec<&&Need> = needs
        .iter()
        .filter(|n| n.trigger == "live-positions")
        .collect();
    live.sort_by_key(|n| !n.confirmed);
    live.iter()
        .find_map(|n| named_in(&n.quote.to_lowercase()))
        .or_else(|| {
            // "courier positions", else "courier availability and live
            // positions": the thing the responsibility speaks of.
            kb.moving_things
                .iter()
                .find(|w| {
                    ["position*", "location*"]
                        .iter()
                        .any(|p| phrase_in(&inp.responsibility, &format!("{w} {p}")))
                })
                .map(|w| kb.canonical(w))
                .or_else(|| named_in(&inp.responsibility))
        })
        .unwrap_or_else(|| "device".into())
}

fn search_indexes(inp: &Inputs, drafts: &[Draft]) -> Vec<SearchIndex> {
    let Some(c) = inp.contract else {
        return Vec::new();
    };
    let mut out: Vec<SearchIndex> = Vec::new();
    for l in c.list_endpoints() {
        let e = l.endpoint;
        let Some(kw) = e.parameters.iter().find(|p| {
            p.location == ParamLocation::Query
                && matches!(
                    p.name.as_str(),
                    "q" | "query" | "keyword" | "keywords" | "search" | "term"
                )
        }) else {
            continue;
        };
        let path_entity = e
            .path
            .split('/')
            .filter(|s| !s.is_empty() && !s.starts_with('{'))
            .filter_map(|s| {
                super::from_contract::stem_to_entity(
                    &names::singular(&s.replace('-', "_")),
                    drafts.iter().map(|d| d.name()),
                    inp.kb,
                )
            })
            .next_back();
        let Some(ent) = path_entity else { continue };
        let Some(d) = drafts.iter().find(|d| d.name() == ent) else {
            continue;
        };
        if out.iter().any(|s| s.source_entity == ent) {
            continue;
        }
        let desc = kw.description.to_lowercase();
        let mut fields = Vec::new();
        for f in &d.entity.fields {
            let mapping = match &f.ty {
                SqlType::Text => "text",
                SqlType::Varchar(_) if f.constraints.check.is_some() => "keyword",
                SqlType::Varchar(_)
                    if phrase_in(&desc, &names::words(&f.name).join(" "))
                        || matches!(
                            f.name.as_str(),
                            "name" | "title" | "description" | "summary"
                        ) =>
                {
                    "text"
                }
                SqlType::Int | SqlType::BigInt | SqlType::SmallInt => "integer",
                SqlType::Decimal(..) | SqlType::Float => {
                    if f.name == "latitude" || f.name == "longitude" {
                        "geo_point"
                    } else {
                        "float"
                    }
                }
                SqlType::Date | SqlType::Timestamp => "date",
                SqlType::Uuid if f.name.ends_with("_id") || f.name == "id" => "keyword",
                SqlType::Boolean => "boolean",
                _ => continue,
            };
            if matches!(f.name.as_str(), "created_at" | "updated_at" | "deleted_at") {
                continue;
            }
            let note = if mapping == "text" {
                "analysed, accent-folded, fuzzy matching"
            } else {
                ""
            };
            let name = if mapping == "geo_point" {
                "location".to_string()
            } else {
                f.name.clone()
            };
            if fields.iter().any(|x: &SearchField| x.name == name) {
                continue;
            }
            fields.push(SearchField {
                name,
                mapping: mapping.into(),
                note: note.into(),
            });
        }
        // Related names the search matches (contributors, dishes).
        for r in drafts.iter().filter(|x| x.name() != ent) {
            let w = names::words(r.name());
            let mentioned = w.last().is_some_and(|last| {
                phrase_in(&desc, &names::plural(last)) || phrase_in(&desc, last)
            });
            if mentioned && r.has_field("name") {
                fields.push(SearchField {
                    name: format!("{}_names", names::snake_case(r.name())),
                    mapping: "text".into(),
                    note: format!("copied from {}", r.name()),
                });
            }
        }
        out.push(SearchIndex {
            name: names::table_name(&ent),
            source_entity: ent.clone(),
            fields,
            purpose: format!(
                "{} (GET {})",
                if e.summary.is_empty() {
                    "Keyword search"
                } else {
                    &e.summary
                },
                e.path
            ),
            sources: vec![Source::contract(&format!("GET {}", e.path))],
        });
    }
    out
}

fn buckets(inp: &Inputs, drafts: &[Draft]) -> Vec<Bucket> {
    let Some(c) = inp.contract else {
        return vec![Bucket {
            name: format!("{}-files", inp.system),
            key_layout: "{entity}/{id}/{file_name}".into(),
            purpose: "Uploaded files".into(),
            sources: vec![Source::rule("file-uploads")],
        }];
    };
    let mut out: Vec<Bucket> = Vec::new();
    for e in c
        .endpoints
        .iter()
        .filter(|e| e.request.as_ref().is_some_and(is_binary))
    {
        let segs: Vec<&str> = e.path.split('/').filter(|s| !s.is_empty()).collect();
        let last = segs
            .iter()
            .rev()
            .find(|s| !s.starts_with('{'))
            .copied()
            .unwrap_or("files");
        let parent = segs
            .iter()
            .rev()
            .skip_while(|s| **s != last)
            .skip(1)
            .find(|s| s.starts_with('{'))
            .map(|s| s.trim_matches(['{', '}']).to_string())
            .unwrap_or_else(|| "id".into());
        let ent = super::from_contract::stem_to_entity(
            &names::singular(&last.replace('-', "_")),
            drafts.iter().map(|d| d.name()),
            inp.kb,
        );
        let what = names::plural(&names::singular(&last.replace('-', "_")));
        let name = format!(
            "{}-{}",
            inp.system.trim_start_matches("backend-"),
            what.replace('_', "-")
        );
        if out.iter().any(|b| b.name == name) {
            continue;
        }
        let layout = match &ent {
            Some(en) => format!(
                "{}/{{{parent}}}/{{{}_id}}/{{variant}}.{{ext}}",
                names::table_name(en),
                names::snake_case(en)
            ),
            None => format!("{what}/{{{parent}}}/{{variant}}.{{ext}}"),
        };
        out.push(Bucket {
            name,
            key_layout: layout,
            purpose: format!(
                "{} ({} {})",
                if e.summary.is_empty() {
                    "Uploaded files"
                } else {
                    &e.summary
                },
                e.method,
                e.path
            ),
            sources: vec![Source::contract(&format!("{} {}", e.method, e.path))],
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_numbers_with_separators_and_scales() {
        let n =
            numbers("about 420,000 title records and 1.1 million copies; 60 searches per second");
        let values: Vec<f64> = n.iter().map(|(v, _, _)| *v).collect();
        assert_eq!(values, vec![420_000.0, 1_100_000.0, 60.0]);
        assert!(n[2].1.starts_with("searches per second"));
        assert!(numbers("").is_empty());
        // Scale letters and Chinese units; units that start with a scale letter stay units.
        let v = |t: &str| numbers(t).first().map(|(v, _, _)| *v);
        assert_eq!(v("1.2 m posts now"), Some(1_200_000.0));
        assert_eq!(v("150k new posts per month"), Some(150_000.0));
        assert_eq!(v("1.5万 用户"), Some(15_000.0));
        assert_eq!(v("3亿条记录"), Some(300_000_000.0));
        assert_eq!(v("p95 under 200 ms"), Some(200.0));
        assert_eq!(v("average 1.5 mb"), Some(1.5));
    }

    #[test]
    fn a_quoted_clause_keeps_decimal_numbers_whole() {
        let q = crate::propose::text::quote_around(
            "85k members now. 1.2 M posts now, about 150k new posts per month",
            20,
        );
        assert_eq!(q, "1.2 M posts now, about 150k new posts per month");
    }

    #[test]
    fn ttls_from_prose() {
        let kb = Knowledge::builtin();
        let ttl = |t: &str| ttl_from(t, kb);
        assert_eq!(ttl("valid for 10 minutes").as_deref(), Some("10m"));
        assert_eq!(ttl("a 60-second expiry").as_deref(), Some("60s"));
        assert_eq!(ttl("验证码 10 分钟内有效").as_deref(), Some("10m"));
        assert_eq!(
            ttl("at most 5 sent per phone number per hour").as_deref(),
            Some("1h")
        );
        assert_eq!(ttl("no number here"), None);
        // An interval is how often data comes, not how long it lives.
        assert_eq!(ttl("one update every 4 seconds each"), None);
        assert_eq!(
            ttl("one update every 4 seconds; forgotten after 60 seconds").as_deref(),
            Some("60s")
        );
        assert_eq!(
            ttl("骑手在线期间每 4 秒上报一次位置；超过 60 秒没有收到位置就视为离线").as_deref(),
            Some("60s")
        );
        assert_eq!(ttl("block sign-in for 15 minutes").as_deref(), Some("15m"));
    }
}
