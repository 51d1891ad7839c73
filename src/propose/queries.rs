//! Query patterns and the indexes that serve them (storage-stage.md 2.5).
//!
//! Patterns come from the contract's operations (path parameters, `/me`
//! paths, required filters, sort defaults, date ranges), from uniqueness
//! (natural keys, per-owner keys), from the prose (newest first, scheduled
//! scans over a status and a date) and from every foreign key a pattern
//! reads through. Index columns: equality first, then the range or sort
//! column; no index that is a prefix of another on the same table.

use super::technology::Tech;
use super::{Draft, Inputs};
use crate::input::{Endpoint, JsonType, ParamLocation};
use crate::knowledge::phrase_in;
use crate::model::{Frequency, Index, IndexColumn, IndexKind, QueryPattern, Source, SqlType};
use crate::names;

#[derive(Debug, Clone)]
struct Pattern {
    scenario: String,
    frequency: Frequency,
    entity: String,
    equality: Vec<String>,
    sort: Option<IndexColumn>,
    unique: bool,
    kind: IndexKind,
    sources: Vec<Source>,
    /// Served by another store (search engine) rather than an index.
    served_elsewhere: Option<String>,
}

fn frequency_of(text: &str, inp: &Inputs) -> Frequency {
    let t = text.to_lowercase();
    if inp.kb.frequency_words.low.iter().any(|w| phrase_in(&t, w)) {
        Frequency::Low
    } else if inp.kb.frequency_words.high.iter().any(|w| phrase_in(&t, w)) {
        Frequency::High
    } else {
        Frequency::Medium
    }
}

fn creation_ts(d: &Draft, inp: &Inputs) -> Option<String> {
    inp.kb
        .creation_timestamps
        .iter()
        .find(|t| d.has_field(t) && d.schema.is_some() && from_contract_field(d, t))
        .or_else(|| inp.kb.creation_timestamps.iter().find(|t| d.has_field(t)))
        .cloned()
}

fn from_contract_field(d: &Draft, f: &str) -> bool {
    d.field(f)
        .is_some_and(|x| x.sources.iter().any(|s| s.as_str().starts_with("api:")))
}

fn entity_for_item<'d>(item: &str, drafts: &'d [Draft], inp: &Inputs) -> Option<&'d Draft> {
    if let Some(d) = drafts.iter().find(|d| d.schema.as_deref() == Some(item)) {
        return Some(d);
    }
    // A view of another schema: `BookSummary` -> `Book`.
    let w = names::words(item);
    for n in (1..w.len()).rev() {
        let prefix = names::pascal_case(&w[..n].join("_"));
        if let Some(d) = drafts
            .iter()
            .find(|d| d.schema.as_deref() == Some(prefix.as_str()))
        {
            return Some(d);
        }
    }
    // A projection carrying `<entity>_id`.
    let c = inp.contract?;
    let s = c.schema(item)?;
    s.properties.iter().find_map(|p| {
        let stem = p.name.strip_suffix("_id")?;
        drafts
            .iter()
            .find(|d| names::key(d.name()) == names::key(stem) && d.join_of.is_none())
    })
}

/// The column of `d` a path or query parameter names.
fn column_for_param(d: &Draft, param: &str, inp: &Inputs) -> Option<String> {
    if d.has_field(param) {
        if param == "id" {
            return None;
        }
        return Some(param.to_string());
    }
    let stem = param.strip_suffix("_id")?;
    let target = super::from_contract::stem_to_entity(stem, std::iter::once(d.name()), inp.kb);
    if target.is_some() {
        return None; // the entity's own id: a single-row read
    }
    // `{branch_id}` -> the one foreign key to Branch (`pickup_branch_id`).
    let fks: Vec<&crate::model::Field> = d
        .entity
        .fields
        .iter()
        .filter(|f| {
            f.constraints
                .foreign_key
                .as_ref()
                .is_some_and(|fk| names::key(&fk.entity) == names::key(stem))
        })
        .collect();
    if fks.len() == 1 {
        return fks.first().map(|f| f.name.clone());
    }
    d.entity
        .fields
        .iter()
        .find(|f| f.name.ends_with(param))
        .map(|f| f.name.clone())
}

fn enum_values(d: &Draft, col: &str) -> Vec<String> {
    d.field(col)
        .and_then(|f| f.constraints.check.clone())
        .map(|c| {
            c.split('\'')
                .enumerate()
                .filter(|(i, _)| i % 2 == 1)
                .map(|(_, v)| v.to_string())
                .collect()
        })
        .unwrap_or_default()
}

fn is_time(d: &Draft, col: &str) -> bool {
    d.field(col)
        .is_some_and(|f| matches!(f.ty, SqlType::Timestamp | SqlType::Date))
}

/// The column a range or prefix parameter names: `name_prefix` -> `name`,
/// `from_seq` -> `seq`, `issued_from` -> `issue_date` (same root).
fn range_param_column(d: &Draft, param: &str, inp: &Inputs) -> Option<String> {
    let mut stem: Option<&str> = None;
    for a in &inp.kb.range_param_affixes {
        let cut = if a.starts_with('_') {
            param.strip_suffix(a.as_str())
        } else {
            param.strip_prefix(a.as_str())
        };
        if let Some(c) = cut.filter(|c| !c.is_empty()) {
            stem = Some(c);
            break;
        }
    }
    let stem = stem?;
    if d.has_field(stem) {
        return Some(stem.to_string());
    }
    let root = |w: &str| -> String {
        let w = w.trim_end_matches("ed").trim_end_matches('e');
        w.to_string()
    };
    let want = root(stem);
    if want.len() < 4 {
        return None;
    }
    d.entity
        .fields
        .iter()
        .filter(|f| matches!(f.ty, SqlType::Timestamp | SqlType::Date))
        .find(|f| {
            names::words(&f.name)
                .first()
                .is_some_and(|w| root(w) == want)
        })
        .map(|f| f.name.clone())
}

/// The column a date range without a stem (`from`, `to`) reads: a `date`
/// parameter the entity's own date column (`work_date`), otherwise its
/// creation timestamp.
fn bare_range_column(d: &Draft, format: Option<&str>, inp: &Inputs) -> Option<String> {
    if format == Some("date") {
        let dates: Vec<&crate::model::Field> = d
            .entity
            .fields
            .iter()
            .filter(|f| f.ty == SqlType::Date)
            .collect();
        if dates.len() == 1 {
            return dates.first().map(|f| f.name.clone());
        }
    }
    creation_ts(d, inp)
}

/// The column a sort value names: the column itself (`-issue_date`,
/// `created_at:desc`), newest / oldest (creation time), or a value the
/// knowledge maps to a column (`activity` -> `last_posted_at`).
fn sort_value_column(d: &Draft, value: &str, inp: &Inputs) -> Option<IndexColumn> {
    let v = value.trim().to_lowercase();
    let (v, desc) = if let Some(x) = v.strip_prefix('-') {
        (x.to_string(), true)
    } else {
        let v = v.trim_start_matches('+').to_string();
        let lower_desc = v.ends_with(":desc") || v.ends_with(" desc") || v.ends_with(",desc");
        let col = v
            .trim_end_matches("desc")
            .trim_end_matches("asc")
            .trim_end_matches([':', ' ', ',', '.'])
            .to_string();
        (col, lower_desc)
    };
    if d.has_field(&v) && v != "id" {
        return Some(IndexColumn {
            name: v,
            descending: desc,
        });
    }
    let words = v.replace(['_', '-'], " ");
    if inp
        .kb
        .newest_first_words
        .iter()
        .any(|w| phrase_in(&words, w))
    {
        return creation_ts(d, inp).map(|n| IndexColumn {
            name: n,
            descending: true,
        });
    }
    if inp
        .kb
        .oldest_first_words
        .iter()
        .any(|w| phrase_in(&words, w))
    {
        return creation_ts(d, inp).map(|n| IndexColumn {
            name: n,
            descending: false,
        });
    }
    for sv in &inp.kb.sort_value_columns {
        if sv.words.iter().any(|w| phrase_in(&words, w)) {
            if let Some(c) = sv.columns.iter().find(|c| d.has_field(c)) {
                return Some(IndexColumn {
                    name: c.clone(),
                    descending: true,
                });
            }
        }
    }
    None
}

/// The clause of `text` around an order word ("newest issue date first"),
/// so a time column named there wins over one named elsewhere.
fn order_clause<'t>(text: &'t str, words: &[String]) -> Option<&'t str> {
    let at = words
        .iter()
        .filter_map(|w| crate::knowledge::find_phrase(text, w))
        .min()?;
    let rest = text.get(at..)?;
    let end = rest
        .find([',', ';', '(', '.', '，', '；', '（'])
        .unwrap_or(rest.len());
    rest.get(..end)
}

/// The owner column of the caller's own rows: the foreign key to the signed-in
/// entity, or a `<who>_id` column whose stem is the principal's name or one
/// of its synonyms (`account_id`), or a role the text names.
fn owner_column(d: &Draft, inp: &Inputs, principal: Option<&str>, lower: &str) -> Option<String> {
    if let Some(p) = principal {
        if let Some(f) = d.entity.fields.iter().find(|f| {
            f.constraints
                .foreign_key
                .as_ref()
                .is_some_and(|fk| fk.entity == p)
        }) {
            return Some(f.name.clone());
        }
    }
    let principal_words: Vec<String> = inp
        .kb
        .common_entities
        .iter()
        .filter(|e| e.principal)
        .flat_map(|e| std::iter::once(e.name.clone()).chain(e.synonyms.iter().cloned()))
        .chain(principal.map(str::to_string))
        .map(|w| names::key(&w))
        .collect();
    let ids = || {
        d.entity
            .fields
            .iter()
            .filter(|f| !f.constraints.primary_key)
            .filter_map(|f| Some((f, f.name.strip_suffix("_id")?)))
    };
    if let Some((f, _)) = ids().find(|(_, stem)| principal_words.contains(&names::key(stem))) {
        return Some(f.name.clone());
    }
    ids()
        .find(|(_, stem)| inp.kb.is_role(stem) && phrase_in(lower, stem))
        .map(|(f, _)| f.name.clone())
}

/// The tenant column every query of this system filters on, when the
/// documents say queries are tenant-scoped.
fn tenant_scoped(inp: &Inputs) -> bool {
    let words = &inp.kb.tenant_scope_words;
    words.iter().any(|w| phrase_in(&inp.all_text, w))
        || inp
            .evidence
            .iter()
            .any(|e| words.iter().any(|w| phrase_in(&e.lower, w)))
}

fn tenant_column(d: &Draft, inp: &Inputs) -> Option<String> {
    inp.kb
        .tenant_columns
        .iter()
        .find(|c| d.has_field(c))
        .cloned()
}

/// A timestamp column of `d` that words of `text` name (`completed
/// deliveries` -> `delivered_at`, `collect-by date` -> `pickup_by`).
fn time_field_named(d: &Draft, text: &str) -> Option<String> {
    let t = text.to_lowercase();
    let times = || {
        d.entity.fields.iter().filter(|f| {
            matches!(f.ty, SqlType::Timestamp | SqlType::Date)
                && !matches!(f.name.as_str(), "created_at" | "updated_at" | "deleted_at")
        })
    };
    for f in times() {
        let desc = f.description.to_lowercase();
        // The description's opening words ("Collect-by date") quoted in the text.
        let opening: String = desc
            .split([',', '.', ';', '('])
            .next()
            .unwrap_or("")
            .trim()
            .to_string();
        if opening.len() >= 6 && t.contains(&opening) {
            return Some(f.name.clone());
        }
    }
    for f in times() {
        let stem: String = names::words(&f.name)
            .into_iter()
            .filter(|w| !matches!(w.as_str(), "at" | "on" | "date" | "time"))
            .collect::<Vec<_>>()
            .join(" ");
        if stem.len() >= 4 {
            let root = stem.trim_end_matches("ed").trim_end_matches('e');
            if root.len() >= 4
                && crate::knowledge::tokenize(&t)
                    .iter()
                    .any(|(_, w)| w.starts_with(root))
            {
                return Some(f.name.clone());
            }
        }
    }
    None
}

pub fn derive(inp: &Inputs, drafts: &[Draft], tech: &Tech) -> (Vec<QueryPattern>, Vec<Index>) {
    let mut pats: Vec<Pattern> = Vec::new();
    let principal = super::fields::principal(inp, drafts);
    // Unique keys.
    for d in drafts {
        for f in &d.entity.fields {
            if f.constraints.unique && !f.constraints.primary_key {
                let is_login = principal.as_deref() == Some(d.name());
                let scenario = if is_login
                    && (f.name.contains("email")
                        || f.name.contains("number")
                        || f.name.contains("phone")
                        || f.name == "username")
                {
                    format!(
                        "Sign in / look up {} by {}",
                        names::snake_case(d.name()).replace('_', " "),
                        f.name.replace('_', " ")
                    )
                } else {
                    format!(
                        "Find {} by {}",
                        names::snake_case(d.name()).replace('_', " "),
                        f.name.replace('_', " ")
                    )
                };
                pats.push(Pattern {
                    scenario,
                    frequency: if is_login {
                        Frequency::High
                    } else {
                        Frequency::Medium
                    },
                    entity: d.name().into(),
                    equality: vec![f.name.clone()],
                    sort: None,
                    unique: true,
                    kind: IndexKind::Unique,
                    sources: f.sources.clone(),
                    served_elsewhere: None,
                });
            }
        }
        for u in &d.unique_keys {
            pats.push(Pattern {
                scenario: if u.reason.is_empty() {
                    format!("Unique {}", u.columns.join(", "))
                } else {
                    capitalize(&u.reason)
                },
                frequency: Frequency::Medium,
                entity: d.name().into(),
                equality: u.columns.clone(),
                sort: None,
                unique: true,
                kind: IndexKind::Unique,
                sources: u.sources.clone(),
                served_elsewhere: None,
            });
        }
    }
    // Contract operations.
    if let Some(c) = inp.contract {
        for e in c.endpoints.iter().filter(|e| e.method == "GET") {
            pats.extend(endpoint_patterns(
                inp,
                drafts,
                e,
                principal.as_deref(),
                tech,
            ));
        }
    }
    // Newest-first lists the prose asks for where the contract is silent.
    if inp.contract.is_none() {
        prose_lists(inp, drafts, principal.as_deref(), &mut pats);
    } else {
        own_prose_lists(inp, drafts, principal.as_deref(), &mut pats);
    }
    // Scheduled scans over a status and a due or expiry date.
    scheduled_scans(inp, drafts, &mut pats);
    // Every foreign key is read through (children of a parent, joins).
    foreign_key_patterns(drafts, &mut pats);
    // Tenant-scoped systems: every read leads with the tenant column.
    if tenant_scoped(inp) {
        for p in pats.iter_mut().filter(|p| p.served_elsewhere.is_none()) {
            let Some(d) = drafts.iter().find(|d| d.name() == p.entity) else {
                continue;
            };
            let Some(t) = tenant_column(d, inp) else {
                continue;
            };
            if p.equality.contains(&t) || p.kind != IndexKind::Btree && !p.unique {
                continue;
            }
            // A parent's id in the path or a foreign-key read already names
            // one tenant's rows (`/invoices/{invoice_id}/lines`).
            let parent_read = |c: &String| {
                p.sources.iter().any(|s| {
                    s.as_str() == "rule:index-foreign-keys"
                        || s.as_str().contains(&format!("{{{c}}}"))
                })
            };
            let through_parent = p.equality.iter().filter(|c| parent_read(c)).any(|c| {
                d.field(c)
                    .and_then(|f| f.constraints.foreign_key.as_ref())
                    .and_then(|fk| drafts.iter().find(|x| x.name() == fk.entity))
                    .is_some_and(|parent| tenant_column(parent, inp).is_some())
            });
            if through_parent {
                continue;
            }
            // A unique key is per tenant only where its text says so.
            if p.unique && !p.scenario.to_lowercase().contains("tenant") {
                let says = p.equality.iter().any(|c| {
                    d.field(c)
                        .is_some_and(|f| f.description.to_lowercase().contains("tenant"))
                });
                if !says {
                    continue;
                }
            }
            p.equality.insert(0, t);
        }
    }
    build(drafts, pats)
}

fn foreign_key_patterns(drafts: &[Draft], pats: &mut Vec<Pattern>) {
    for d in drafts {
        for f in &d.entity.fields {
            if let Some(fk) = &f.constraints.foreign_key {
                if f.constraints.primary_key
                    && d.entity.fields.first().map(|x| &x.name) == Some(&f.name)
                {
                    continue; // leading column of the primary key
                }
                pats.push(Pattern {
                    scenario: format!(
                        "{} of a {}",
                        capitalize(&names::table_name(d.name()).replace('_', " ")),
                        names::snake_case(&fk.entity).replace('_', " ")
                    ),
                    frequency: Frequency::Medium,
                    entity: d.name().into(),
                    equality: vec![f.name.clone()],
                    sort: None,
                    unique: false,
                    kind: IndexKind::Btree,
                    sources: vec![Source::rule("index-foreign-keys")],
                    served_elsewhere: None,
                });
            }
        }
    }
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn endpoint_patterns(
    inp: &Inputs,
    drafts: &[Draft],
    e: &Endpoint,
    principal: Option<&str>,
    tech: &Tech,
) -> Vec<Pattern> {
    endpoint_patterns_opt(inp, drafts, e, principal, tech).unwrap_or_default()
}

/// The foreign key of `d` to the entity a path segment names
/// (`/categories/{slug}/threads` -> `category_id`).
fn fk_to_segment(d: &Draft, segment: &str, inp: &Inputs) -> Option<String> {
    let owner = names::singular(&segment.replace('-', "_"));
    d.entity
        .fields
        .iter()
        .find(|f| f.name == format!("{owner}_id"))
        .or_else(|| {
            d.entity.fields.iter().find(|f| {
                f.constraints.foreign_key.as_ref().is_some_and(|fk| {
                    names::key(&fk.entity) == names::key(&owner)
                        || inp.kb.canonical(&fk.entity) == inp.kb.canonical(&owner)
                })
            })
        })
        .map(|f| f.name.clone())
}

fn endpoint_patterns_opt(
    inp: &Inputs,
    drafts: &[Draft],
    e: &Endpoint,
    principal: Option<&str>,
    tech: &Tech,
) -> Option<Vec<Pattern>> {
    let c = inp.contract?;
    let body = c.success_response(e)?;
    let (item, is_list) = match c.collection_item(body) {
        Some(t) => (t.ref_name()?.to_string(), true),
        None => (body.ref_name()?.to_string(), false),
    };
    let d = entity_for_item(&item, drafts, inp)?;
    let text = format!("{} {} {}", e.summary, e.description, e.response_description);
    let mut equality: Vec<String> = Vec::new();
    let segs: Vec<&str> = e.path.split('/').filter(|s| !s.is_empty()).collect();
    // Path parameters and `/me`.
    for (i, s) in segs.iter().enumerate() {
        if let Some(p) = s.strip_prefix('{').and_then(|x| x.strip_suffix('}')) {
            // `{id}` of the entity itself on a single read: nothing to index.
            let is_last = i + 1 == segs.len();
            let col = column_for_param(d, p, inp).or_else(|| {
                // A parent named by another key (`/categories/{slug}/threads`).
                (!is_last && i > 0)
                    .then(|| segs.get(i - 1).and_then(|seg| fk_to_segment(d, seg, inp)))
                    .flatten()
            });
            if let Some(col) = col {
                if !equality.contains(&col) {
                    equality.push(col);
                }
            } else if is_last && !is_list {
                return None;
            }
        } else if *s == "me" && i > 0 {
            if let Some(col) = segs.get(i - 1).and_then(|seg| fk_to_segment(d, seg, inp)) {
                if !equality.contains(&col) {
                    equality.push(col);
                }
            } else if principal == Some(d.name()) {
                return None; // reading oneself: the primary key
            }
        }
    }
    if !is_list && equality.is_empty() {
        return None;
    }
    // Authenticated lists of the caller's own rows.
    let lower = text.to_lowercase();
    if equality.is_empty() && is_list {
        let own = inp.kb.own_rows_words.iter().any(|w| phrase_in(&lower, w));
        let col = if own {
            owner_column(d, inp, principal, &lower)
        } else {
            owner_column(d, inp, principal, "").filter(|c| {
                principal.is_some_and(|p| {
                    d.field(c)
                        .and_then(|f| f.constraints.foreign_key.as_ref())
                        .is_some_and(|fk| fk.entity == p)
                })
            })
        };
        if let Some(col) = col {
            equality.push(col);
        }
    }
    // Required query filters, then enum values the summary names.
    let mut optional: Vec<String> = Vec::new();
    let mut selective: Vec<(String, bool)> = Vec::new();
    let mut range: Option<String> = None;
    for p in e
        .parameters
        .iter()
        .filter(|p| p.location == ParamLocation::Query)
    {
        if crate::input::contract::is_pagination_param(&p.name)
            || crate::input::contract::is_sort_param(&p.name)
        {
            continue;
        }
        let is_date = matches!(p.ty.format.as_deref(), Some("date" | "date-time"));
        if let Some(col) = range_param_column(d, &p.name, inp) {
            if is_date || is_time(d, &col) {
                range = range.or(Some(col));
            } else {
                // A prefix or lower bound on a plain column: its own pattern.
                selective.push((col, true));
            }
            continue;
        }
        if is_date {
            if d.has_field(&p.name) && is_time(d, &p.name) {
                // One day (`visit_date=`): an equality that an index reads as a range.
                range = range.or(Some(p.name.clone()));
                continue;
            }
            if matches!(
                p.name.as_str(),
                "from" | "to" | "since" | "until" | "start" | "end" | "after" | "before" | "date"
            ) {
                range = range
                    .or_else(|| time_field_named(d, &lower))
                    .or_else(|| bare_range_column(d, p.ty.format.as_deref(), inp));
            }
            continue;
        }
        let Some(col) = column_for_param(d, &p.name, inp) else {
            continue;
        };
        let always = !p.ty.enum_values.is_empty() && p.ty.default.is_some();
        if matches!(p.ty.kind, JsonType::Array(_)) {
            optional.push(col);
        } else if p.required || always {
            // Required, or an enum with a default: every call filters on it.
            if !equality.contains(&col) {
                equality.push(col);
            }
        } else {
            let f = d.field(&col);
            let is_key = col.ends_with("_id")
                || f.is_some_and(|f| f.constraints.unique || f.constraints.foreign_key.is_some());
            if is_key {
                selective.push((col.clone(), false));
            }
            optional.push(col);
        }
    }
    // Bare `from`/`to` without a date format (`?from=&to=` on a time series).
    if range.is_none() {
        let bare = e.parameters.iter().any(|p| {
            p.location == ParamLocation::Query && matches!(p.name.as_str(), "from" | "to")
        });
        if bare {
            range = time_field_named(d, &lower).or_else(|| creation_ts(d, inp));
        }
    }
    if d.field("status").is_some() {
        let vals = enum_values(d, "status");
        // The operation's own words ("ready or expired holds"), not the
        // response's ("overdue=true -> oldest due first").
        let op_lower = format!("{} {}", e.summary, e.description).to_lowercase();
        if vals
            .iter()
            .any(|v| phrase_in(&op_lower, &v.replace('_', " ")))
            && !equality.iter().any(|c| c == "status")
        {
            equality.push("status".into());
        }
    }
    // Sort: the default sort key, else the words of the summary.
    let mut sort: Option<IndexColumn> = None;
    let sort_param = e.parameters.iter().find(|p| {
        p.location == ParamLocation::Query && crate::input::contract::is_sort_param(&p.name)
    });
    let default_sort = sort_param.and_then(|p| {
        p.ty.default
            .clone()
            .or_else(|| p.ty.enum_values.first().cloned())
    });
    if let Some(ds) = &default_sort {
        sort = sort_value_column(d, ds, inp);
    }
    // The other sorts a caller may ask for.
    let mut other_sorts: Vec<IndexColumn> = Vec::new();
    if let Some(p) = sort_param {
        for v in &p.ty.enum_values {
            if Some(v) == default_sort.as_ref() {
                continue;
            }
            if let Some(col) = sort_value_column(d, v, inp) {
                if Some(&col.name) != sort.as_ref().map(|s| &s.name)
                    && !other_sorts.iter().any(|o| o.name == col.name)
                {
                    other_sorts.push(col);
                }
            }
        }
    }
    if sort.is_none() {
        let newest = order_clause(&lower, &inp.kb.newest_first_words);
        let oldest = order_clause(&lower, &inp.kb.oldest_first_words);
        let first = match (newest, oldest) {
            (Some(n), Some(o)) => {
                if lower.find(n) <= lower.find(o) {
                    Some((n, true))
                } else {
                    Some((o, false))
                }
            }
            (Some(n), None) => Some((n, true)),
            (None, Some(o)) => Some((o, false)),
            (None, None) => None,
        };
        if let Some((clause, descending)) = first {
            sort = time_field_named(d, clause)
                .or_else(|| range.clone())
                .or_else(|| time_field_named(d, &lower))
                .or_else(|| creation_ts(d, inp))
                .map(|n| IndexColumn {
                    name: n,
                    descending,
                });
        } else if let Some(col) = named_order_column(d, &lower) {
            sort = Some(IndexColumn {
                name: col,
                descending: false,
            });
        } else if lower.contains(" by ") || lower.contains("soonest") {
            sort = time_field_named(d, &lower).map(|n| IndexColumn {
                name: n,
                descending: false,
            });
        }
    }
    if sort.is_none() {
        if let Some(r) = &range {
            sort = Some(IndexColumn {
                name: r.clone(),
                descending: true,
            });
        }
    }
    // A range on another column than the sort: the range is what the index reads.
    if let (Some(r), Some(s)) = (&range, &sort) {
        if &s.name != r && !equality.contains(r) && is_time(d, r) && is_time(d, &s.name) {
            sort = Some(IndexColumn {
                name: r.clone(),
                descending: s.descending,
            });
        }
    }
    let core_eq = equality.clone();
    // Optional filters only help an index when there is no sort behind them.
    if sort.is_none() {
        for o in optional.iter().cloned() {
            if !equality.contains(&o) && enum_values(d, &o).len() > 1 {
                equality.push(o);
            }
        }
    }
    let keyword = e.parameters.iter().any(|p| {
        p.location == ParamLocation::Query
            && matches!(
                p.name.as_str(),
                "q" | "query" | "keyword" | "keywords" | "search" | "term"
            )
    });
    let scenario = if !e.summary.trim().is_empty() {
        super::from_contract::first_sentence(&e.summary)
    } else {
        format!("{} {}", e.method, e.path)
    };
    let mut freq = frequency_of(&text, inp);
    if principal.is_some()
        && equality
            .iter()
            .any(|c| principal.is_some_and(|p| c == &format!("{}_id", names::snake_case(p))))
        && freq == Frequency::Medium
    {
        freq = Frequency::High;
    }
    let sources = vec![Source::contract(&format!("GET {}", e.path))];
    if keyword && equality.is_empty() {
        if tech.search_engine {
            let idx = tech
                .stores
                .search
                .iter()
                .find(|s| s.source_entity == d.name())
                .map(|s| s.name.clone())
                .unwrap_or_else(|| names::table_name(d.name()));
            return Some(vec![Pattern {
                scenario,
                frequency: if freq == Frequency::Low {
                    Frequency::Low
                } else {
                    Frequency::High
                },
                entity: d.name().into(),
                equality: vec![],
                sort: None,
                unique: false,
                kind: IndexKind::Btree,
                sources,
                served_elsewhere: Some(format!("Elasticsearch index `{idx}`")),
            }]);
        }
        if tech.fulltext_in_db {
            let text_cols: Vec<String> = d
                .entity
                .fields
                .iter()
                .filter(|f| {
                    matches!(f.ty, SqlType::Text | SqlType::Varchar(_))
                        && f.constraints.check.is_none()
                        && !f.name.ends_with("_id")
                        && (phrase_in(&lower, &f.name.replace('_', " "))
                            || matches!(f.name.as_str(), "title" | "name" | "description"))
                })
                .map(|f| f.name.clone())
                .collect();
            if !text_cols.is_empty() {
                return Some(vec![Pattern {
                    scenario,
                    frequency: freq,
                    entity: d.name().into(),
                    equality: text_cols,
                    sort: None,
                    unique: false,
                    kind: IndexKind::Gin,
                    sources,
                    served_elsewhere: None,
                }]);
            }
        }
    }
    let mut out: Vec<Pattern> = Vec::new();
    let base = Pattern {
        scenario: scenario.clone(),
        frequency: freq,
        entity: d.name().into(),
        equality: equality.clone(),
        sort: sort.clone(),
        unique: false,
        kind: IndexKind::Btree,
        sources: sources.clone(),
        served_elsewhere: None,
    };
    if !equality.is_empty() || sort.is_some() {
        out.push(base.clone());
    }
    for o in other_sorts {
        out.push(Pattern {
            scenario: format!("{scenario} (sorted by {})", o.name.replace('_', " ")),
            sort: Some(o),
            ..base.clone()
        });
    }
    // One optional status-like filter beside a sort: filtered, then sorted.
    let enums: Vec<&String> = optional
        .iter()
        .filter(|o| !core_eq.contains(o) && enum_values(d, o).len() > 1)
        .collect();
    if let (Some(s), [only]) = (&sort, enums.as_slice()) {
        let mut eq = core_eq.clone();
        eq.push((*only).clone());
        out.push(Pattern {
            scenario: format!("{scenario} (by {})", only.replace('_', " ")),
            equality: eq,
            sort: Some(s.clone()),
            ..base.clone()
        });
    }
    // A selective optional filter (a key, a prefix) is read on its own.
    for (col, is_range) in selective.into_iter().filter(|_| is_list) {
        if core_eq.contains(&col) {
            continue;
        }
        let mut eq = core_eq.clone();
        // A polymorphic reference filters on its type first (`object_type`, `object_id`).
        if let Some(stem) = col.strip_suffix("_id") {
            let ty = format!("{stem}_type");
            if optional.contains(&ty) && !eq.contains(&ty) {
                eq.push(ty);
            }
        }
        let (eq, s) = if is_range {
            (
                eq,
                Some(IndexColumn {
                    name: col.clone(),
                    descending: false,
                }),
            )
        } else {
            eq.push(col.clone());
            (eq, sort.clone())
        };
        out.push(Pattern {
            scenario: format!("{scenario} (by {})", col.replace('_', " ")),
            equality: eq,
            sort: s,
            ..base.clone()
        });
    }
    Some(out)
}

/// A column the text orders by, named literally (`按 sort_order`, `by sort_order`).
fn named_order_column(d: &Draft, lower: &str) -> Option<String> {
    let orders = [" by ", "按", "order", "sort", "排序"];
    if !orders.iter().any(|w| lower.contains(w)) {
        return None;
    }
    d.entity
        .fields
        .iter()
        .filter(|f| f.name.contains('_') && !f.name.ends_with("_id") && !f.constraints.primary_key)
        .find(|f| lower.contains(&f.name))
        .map(|f| f.name.clone())
}

fn prose_lists(inp: &Inputs, drafts: &[Draft], principal: Option<&str>, pats: &mut Vec<Pattern>) {
    for ev in &inp.evidence {
        if ev.kind != super::text::EvidenceKind::Story {
            continue;
        }
        if !inp
            .kb
            .newest_first_words
            .iter()
            .any(|w| phrase_in(&ev.lower, w))
        {
            continue;
        }
        for d in drafts.iter().filter(|d| d.join_of.is_none()) {
            let w = names::words(d.name()).join(" ");
            if !phrase_in(&ev.lower, &names::plural(&w)) && !phrase_in(&ev.lower, &w) {
                continue;
            }
            let owner = principal
                .and_then(|p| {
                    d.entity.fields.iter().find(|f| {
                        f.constraints
                            .foreign_key
                            .as_ref()
                            .is_some_and(|fk| fk.entity == p)
                    })
                })
                .map(|f| f.name.clone());
            let Some(ts) = creation_ts(d, inp) else {
                continue;
            };
            pats.push(Pattern {
                scenario: format!("List {} newest first", names::plural(&w)),
                frequency: Frequency::High,
                entity: d.name().into(),
                equality: owner.into_iter().collect(),
                sort: Some(IndexColumn {
                    name: ts,
                    descending: true,
                }),
                unique: false,
                kind: IndexKind::Btree,
                sources: vec![ev.source.clone()],
                served_elsewhere: None,
            });
        }
    }
}

/// "See all my appointments, newest first": with a contract that does not
/// say so, a story asking for the caller's own rows in an order still gives
/// the owner column then the order column, for the thing named last before
/// the order words.
fn own_prose_lists(
    inp: &Inputs,
    drafts: &[Draft],
    principal: Option<&str>,
    pats: &mut Vec<Pattern>,
) {
    for ev in &inp.evidence {
        if ev.kind != super::text::EvidenceKind::Story
            || !inp
                .kb
                .own_rows_words
                .iter()
                .any(|w| phrase_in(&ev.lower, w))
        {
            continue;
        }
        let Some(at) = inp
            .kb
            .newest_first_words
            .iter()
            .filter_map(|w| crate::knowledge::find_phrase(&ev.lower, w))
            .min()
        else {
            continue;
        };
        let before = ev.lower.get(..at).unwrap_or("");
        let named = drafts
            .iter()
            .filter(|d| d.join_of.is_none())
            .filter_map(|d| {
                let w = names::words(d.name()).join(" ");
                let pos = [names::plural(&w), w]
                    .iter()
                    .filter_map(|n| crate::knowledge::find_phrase(before, n))
                    .max()?;
                Some((pos, d))
            })
            .max_by_key(|(pos, _)| *pos);
        let Some((_, d)) = named else { continue };
        let Some(owner) = owner_column(d, inp, principal, &ev.lower) else {
            continue;
        };
        let Some(ts) = creation_ts(d, inp) else {
            continue;
        };
        pats.push(Pattern {
            scenario: format!(
                "My {} newest first",
                names::plural(&names::words(d.name()).join(" "))
            ),
            frequency: Frequency::High,
            entity: d.name().into(),
            equality: vec![owner],
            sort: Some(IndexColumn {
                name: ts,
                descending: true,
            }),
            unique: false,
            kind: IndexKind::Btree,
            sources: vec![ev.source.clone()],
            served_elsewhere: None,
        });
    }
}

fn scheduled_scans(inp: &Inputs, drafts: &[Draft], pats: &mut Vec<Pattern>) {
    let scan_words = &inp.kb.scheduled_scan_words;
    for d in drafts
        .iter()
        .filter(|d| d.join_of.is_none() && d.has_field("status"))
    {
        let due = d.entity.fields.iter().find(|f| {
            matches!(f.ty, SqlType::Date | SqlType::Timestamp)
                && inp
                    .kb
                    .scan_date_columns
                    .iter()
                    .any(|p| crate::knowledge::column_pattern_matches(p, &f.name))
        });
        let Some(due) = due else { continue };
        let word = names::words(&due.name).first().cloned().unwrap_or_default();
        let scans = |e: &&super::text::Evidence| scan_words.iter().any(|w| phrase_in(&e.lower, w));
        // A scan that names the column ("next attempt"), else any scan of this
        // system's prose ("自动取消" beside `payment_deadline`).
        let ev = inp
            .evidence
            .iter()
            .filter(scans)
            .find(|e| phrase_in(&e.lower, &word) || phrase_in(&e.lower, &format!("{word}*")))
            .or_else(|| inp.evidence.iter().find(scans));
        let Some(ev) = ev else { continue };
        pats.push(Pattern {
            scenario: format!(
                "Scheduled scan of {} by status and {}",
                names::table_name(d.name()).replace('_', " "),
                due.name.replace('_', " ")
            ),
            frequency: Frequency::Low,
            entity: d.name().into(),
            equality: vec!["status".into()],
            sort: Some(IndexColumn {
                name: due.name.clone(),
                descending: false,
            }),
            unique: false,
            kind: IndexKind::Btree,
            sources: vec![ev.source.clone(), Source::rule("scheduled-scan")],
            served_elsewhere: None,
        });
    }
}

fn index_name(table: &str, cols: &[IndexColumn], kind: IndexKind) -> String {
    let prefix = match kind {
        IndexKind::Unique => "uq",
        IndexKind::Gin | IndexKind::Fulltext => "ft",
        _ => "idx",
    };
    let c: Vec<&str> = cols.iter().map(|c| c.name.as_str()).collect();
    let mut n = format!("{prefix}_{table}_{}", c.join("_"));
    n.truncate(63);
    n
}

fn build(drafts: &[Draft], pats: Vec<Pattern>) -> (Vec<QueryPattern>, Vec<Index>) {
    let mut indexes: Vec<Index> = Vec::new();
    let mut out: Vec<QueryPattern> = Vec::new();
    // Candidate indexes, one per distinct column list.
    for p in &pats {
        if p.served_elsewhere.is_some() {
            continue;
        }
        let Some(d) = drafts.iter().find(|d| d.name() == p.entity) else {
            continue;
        };
        let mut cols: Vec<IndexColumn> = p
            .equality
            .iter()
            .map(|c| IndexColumn {
                name: c.clone(),
                descending: false,
            })
            .collect();
        if let Some(s) = &p.sort {
            if !cols.iter().any(|c| c.name == s.name) {
                cols.push(s.clone());
            }
        }
        if cols.is_empty() || cols.iter().any(|c| !d.has_field(&c.name)) {
            continue;
        }
        // The primary key already serves lookups by id.
        if cols.len() == 1
            && d.field(&cols[0].name)
                .is_some_and(|f| f.constraints.primary_key)
            && d.entity.primary_key().len() == 1
        {
            continue;
        }
        let kind = if p.unique { IndexKind::Unique } else { p.kind };
        let same = |i: &Index| {
            i.table == p.entity
                && i.columns
                    .iter()
                    .map(|c| &c.name)
                    .eq(cols.iter().map(|c| &c.name))
        };
        if let Some(i) = indexes.iter_mut().find(|i| same(i)) {
            if kind == IndexKind::Unique {
                i.kind = IndexKind::Unique;
            }
            for s in &p.sources {
                if !i.sources.contains(s) {
                    i.sources.push(s.clone());
                }
            }
            continue;
        }
        let table = names::table_name(&p.entity);
        indexes.push(Index {
            table: p.entity.clone(),
            name: index_name(&table, &cols, kind),
            columns: cols,
            kind,
            purpose: p.scenario.clone(),
            sources: p.sources.clone(),
        });
    }
    // Drop non-unique indexes that are a prefix of another on the same table.
    let snapshot = indexes.clone();
    indexes.retain(|i| {
        if i.kind == IndexKind::Unique || i.kind == IndexKind::Gin {
            return true;
        }
        !snapshot.iter().any(|o| {
            o.table == i.table
                && o.name != i.name
                && o.kind != IndexKind::Gin
                && o.columns.len() > i.columns.len()
                && o.columns
                    .iter()
                    .zip(&i.columns)
                    .all(|(a, b)| a.name == b.name)
        })
    });
    // Patterns with the index that serves them.
    for p in pats {
        let served = if let Some(s) = &p.served_elsewhere {
            Some(s.clone())
        } else {
            let mut want: Vec<&str> = p.equality.iter().map(String::as_str).collect();
            if let Some(s) = &p.sort {
                if !want.contains(&s.name.as_str()) {
                    want.push(&s.name);
                }
            }
            indexes
                .iter()
                .filter(|i| i.table == p.entity)
                .find(|i| {
                    i.columns.len() >= want.len()
                        && i.columns.iter().zip(&want).all(|(a, b)| a.name == *b)
                })
                .map(|i| i.name.clone())
                .or_else(|| {
                    // The primary key.
                    let d = drafts.iter().find(|d| d.name() == p.entity)?;
                    let pk: Vec<&str> = d
                        .entity
                        .primary_key()
                        .iter()
                        .map(|f| f.name.as_str())
                        .collect();
                    (pk.len() >= want.len() && pk.iter().zip(&want).all(|(a, b)| a == b))
                        .then(|| "primary key".to_string())
                })
        };
        // Foreign-key patterns are listed only when nothing else reads the table that way.
        if p.sources
            .iter()
            .any(|s| s.as_str() == "rule:index-foreign-keys")
            && out.iter().any(|q: &QueryPattern| {
                q.tables == vec![p.entity.clone()] && q.equality.first() == p.equality.first()
            })
        {
            continue;
        }
        if out
            .iter()
            .any(|q| q.scenario == p.scenario && q.tables == vec![p.entity.clone()])
        {
            continue;
        }
        out.push(QueryPattern {
            scenario: p.scenario.clone(),
            frequency: p.frequency,
            tables: vec![p.entity.clone()],
            optimization: served.clone().unwrap_or_else(|| "none needed".into()),
            served_by: served,
            equality: p.equality.clone(),
            range_or_sort: p.sort.clone(),
            sources: p.sources.clone(),
        });
    }
    (out, indexes)
}
