//! Entities and fields from the system's API contract, the most exact
//! evidence there is.
//!
//! A component schema is a stored thing when it has identity (an `id`) and
//! is returned by the API, or when a GET returns a list of it; request and
//! response wrappers (`LoginRequest`, `BookmarkList`, `PageMeta`), views of
//! another schema (`BookSummary`) and enum schemas are not. Nested value
//! objects without identity are flattened into prefixed columns; arrays of
//! stored things make the child point to its parent; arrays of link objects
//! (`{author_id, role}`) make an N:M join entity; arrays of shared words
//! (`tags`) make a lookup entity plus a join; other scalar arrays a JSON
//! column.

use super::{types, Draft, Inputs};
use crate::input::{Contract, JsonType, PropType, Property, Schema};
use crate::knowledge::Knowledge;
use crate::model::{Constraints, Field, Source, SqlType};
use crate::names;
use std::collections::{BTreeMap, HashSet};

/// How deep nested value objects are flattened into columns.
const MAX_FLATTEN_DEPTH: usize = 2;

#[derive(Debug, Clone, PartialEq)]
enum Kind {
    Stored,
    /// `{restaurant_id, periods: [OpeningPeriod]}`: the items are the rows.
    Collection,
    Other,
}

struct Facts<'a> {
    c: &'a Contract,
    kb: &'a Knowledge,
    request_reach: HashSet<String>,
    response_reach: HashSet<String>,
    /// Property names that appear in request bodies (writable data).
    request_props: HashSet<String>,
    /// Item schemas of GET list endpoints.
    list_items: HashSet<String>,
    /// Schemas without an `id` that the paths address as resources of their
    /// own: the rows of a sub-collection (`GET /vehicles/{vehicle_id}/pairings`
    /// returning `Pairing`s) or the body of a create (`POST /bans` with a
    /// `Ban`, answered 201).
    path_resources: HashSet<String>,
    kinds: BTreeMap<String, Kind>,
}

fn reach(c: &Contract, roots: Vec<String>) -> HashSet<String> {
    let mut seen = HashSet::new();
    let mut stack = roots;
    while let Some(n) = stack.pop() {
        if !seen.insert(n.clone()) {
            continue;
        }
        if let Some(s) = c.schema(&n) {
            stack.extend(s.all_of.iter().cloned());
            stack.extend(s.ty.refs().into_iter().map(str::to_string));
            for p in &s.properties {
                stack.extend(p.ty.refs().into_iter().map(str::to_string));
            }
        }
    }
    seen
}

fn collect_prop_names(
    t: &PropType,
    c: &Contract,
    out: &mut HashSet<String>,
    seen: &mut HashSet<String>,
    depth: usize,
) {
    if depth > 6 {
        return;
    }
    match &t.kind {
        JsonType::Object(props) => {
            for p in props {
                out.insert(p.name.clone());
                collect_prop_names(&p.ty, c, out, seen, depth + 1);
            }
        }
        JsonType::Array(items) => collect_prop_names(items, c, out, seen, depth + 1),
        JsonType::Ref(n) if seen.insert(n.clone()) => {
            if let Some(s) = c.schema(n) {
                for p in &s.properties {
                    out.insert(p.name.clone());
                    collect_prop_names(&p.ty, c, out, seen, depth + 1);
                }
            }
        }
        _ => {}
    }
}

impl<'a> Facts<'a> {
    fn new(c: &'a Contract, kb: &'a Knowledge) -> Self {
        let mut req_roots = Vec::new();
        let mut resp_roots = Vec::new();
        let mut request_props = HashSet::new();
        let mut seen = HashSet::new();
        for e in &c.endpoints {
            if let Some(r) = &e.request {
                req_roots.extend(r.refs().into_iter().map(str::to_string));
                collect_prop_names(r, c, &mut request_props, &mut seen, 0);
            }
            for (_, t) in &e.responses {
                if let Some(t) = t {
                    resp_roots.extend(t.refs().into_iter().map(str::to_string));
                }
            }
        }
        let list_items = c
            .list_endpoints()
            .into_iter()
            .filter_map(|l| l.item)
            .collect();
        let mut f = Facts {
            c,
            kb,
            request_reach: reach(c, req_roots),
            response_reach: reach(c, resp_roots),
            request_props,
            list_items,
            path_resources: HashSet::new(),
            kinds: BTreeMap::new(),
        };
        f.path_resources = f.find_path_resources();
        let kinds: BTreeMap<String, Kind> = c
            .schemas
            .iter()
            .map(|s| (s.name.clone(), f.classify(s)))
            .collect();
        f.kinds = kinds;
        f
    }

    fn is_wrapper_name(&self, name: &str) -> bool {
        let w = names::words(name);
        if self
            .kb
            .wrappers
            .names
            .iter()
            .any(|n| n.eq_ignore_ascii_case(name))
        {
            return true;
        }
        let Some(last) = w.last() else { return true };
        if w.len() > 1
            && self
                .kb
                .wrappers
                .suffixes
                .iter()
                .any(|s| s.eq_ignore_ascii_case(last))
        {
            return true;
        }
        if w.len() > 1
            && self
                .kb
                .wrappers
                .view_suffixes
                .iter()
                .any(|s| s.eq_ignore_ascii_case(last))
        {
            let prefix = names::pascal_case(&w[..w.len() - 1].join("_"));
            if self
                .c
                .schema(&prefix)
                .is_some_and(|p| p.property("id").is_some())
            {
                return true;
            }
        }
        false
    }

    fn classify(&self, s: &Schema) -> Kind {
        if s.properties.is_empty() || self.is_wrapper_name(&s.name) {
            return Kind::Other;
        }
        if s.property("id").is_none() && self.path_resources.contains(&s.name) {
            return Kind::Stored;
        }
        let in_resp = self.response_reach.contains(&s.name);
        let in_req = self.request_reach.contains(&s.name);
        if s.property("id").is_some() {
            return if in_req && !in_resp {
                Kind::Other
            } else {
                Kind::Stored
            };
        }
        if in_resp && self.collection_item_prop(s).is_some() {
            return Kind::Collection;
        }
        if in_resp && self.list_items.contains(&s.name) && !self.is_view_or_projection(s) {
            return Kind::Stored;
        }
        Kind::Other
    }

    fn has_view_suffix(&self, name: &str) -> bool {
        names::words(name).last().is_some_and(|last| {
            self.kb
                .wrappers
                .view_suffixes
                .iter()
                .any(|v| v.eq_ignore_ascii_case(last))
        })
    }

    /// See [`Facts::path_resources`].
    fn find_path_resources(&self) -> HashSet<String> {
        let c = self.c;
        let mut out = HashSet::new();
        for e in &c.endpoints {
            let segs: Vec<&str> = e.path.split('/').filter(|s| !s.is_empty()).collect();
            let Some((last, before)) = segs.split_last() else {
                continue;
            };
            if is_param(last) {
                continue;
            }
            match e.method.as_str() {
                "GET" => {
                    let Some(key) = parent_key(before) else {
                        continue;
                    };
                    let Some(item) = c
                        .success_response(e)
                        .and_then(|b| c.collection_item(b))
                        .and_then(|i| match &i.kind {
                            JsonType::Ref(n) => Some(n.as_str()),
                            _ => None,
                        })
                    else {
                        continue;
                    };
                    let Some(s) = c.schema(item) else { continue };
                    if s.property("id").is_some() {
                        continue;
                    }
                    // Named by the segment, or a row that carries the key of
                    // the resource it is listed under.
                    if names_segment(item, last)
                        || (s.property(&key).is_some() && !self.has_view_suffix(item))
                    {
                        out.insert(item.to_string());
                    }
                }
                "POST" => {
                    let Some(JsonType::Ref(n)) = e.request.as_ref().map(|r| &r.kind) else {
                        continue;
                    };
                    // Created and answered with itself or nothing; a create
                    // answered with another schema took an input form of it.
                    let answers: Vec<Option<&str>> = e
                        .responses
                        .iter()
                        .filter(|(status, _)| status.starts_with('2'))
                        .map(|(_, t)| t.as_ref().and_then(|t| t.ref_name()))
                        .collect();
                    let created = answers.contains(&Some(n.as_str()))
                        || (e.responses.iter().any(|(status, _)| status == "201")
                            && answers.iter().all(Option::is_none));
                    if created && names_segment(n, last) {
                        out.insert(n.clone());
                    }
                }
                _ => {}
            }
        }
        out
    }

    /// A list element without identity that is a view (`TagCount`,
    /// `Suggestion`) or a projection of a stored thing (`{order_id, ...}`).
    fn is_view_or_projection(&self, s: &Schema) -> bool {
        let w = names::words(&s.name);
        let view = w.last().is_some_and(|last| {
            self.kb
                .wrappers
                .view_suffixes
                .iter()
                .chain(&self.kb.wrappers.suffixes)
                .any(|v| v.eq_ignore_ascii_case(last))
        });
        view || s.properties.iter().any(|p| {
            p.name.strip_suffix("_id").is_some_and(|stem| {
                self.c
                    .schema(&names::pascal_case(stem))
                    .is_some_and(|t| t.property("id").is_some())
            })
        })
    }

    /// For a collection schema: the one array-of-objects property, when every
    /// other property is an `<x>_id`.
    fn collection_item_prop<'s>(&self, s: &'s Schema) -> Option<&'s Property> {
        let mut array = None;
        let mut ids = 0;
        for p in &s.properties {
            match &p.ty.kind {
                JsonType::Array(items) if self.is_object_type(items) => {
                    if array.is_some() {
                        return None;
                    }
                    array = Some(p);
                }
                _ if p.name.ends_with("_id") => ids += 1,
                _ => return None,
            }
        }
        if ids == 0 {
            return None;
        }
        array
    }

    fn is_object_type(&self, t: &PropType) -> bool {
        match &t.kind {
            JsonType::Object(props) => !props.is_empty(),
            JsonType::Ref(n) => self.c.schema(n).is_some_and(|s| !s.properties.is_empty()),
            _ => false,
        }
    }

    fn stored(&self, name: &str) -> bool {
        self.kinds.get(name) == Some(&Kind::Stored)
    }

    fn object_props<'s>(&'s self, t: &'s PropType) -> Option<&'s [Property]> {
        match &t.kind {
            JsonType::Object(props) => Some(props),
            JsonType::Ref(n) => self
                .c
                .schema(n)
                .filter(|s| !s.properties.is_empty())
                .map(|s| s.properties.as_slice()),
            _ => None,
        }
    }

    /// The scalar type behind a `$ref` to an enum or scalar schema.
    fn scalar_of<'s>(&'s self, t: &'s PropType) -> Option<&'s PropType> {
        match &t.kind {
            JsonType::Ref(n) => {
                let s = self.c.schema(n)?;
                if !s.properties.is_empty() {
                    return None;
                }
                match s.ty.kind {
                    JsonType::String | JsonType::Integer | JsonType::Number | JsonType::Boolean => {
                        Some(&s.ty)
                    }
                    _ => None,
                }
            }
            JsonType::String | JsonType::Integer | JsonType::Number | JsonType::Boolean => Some(t),
            _ => None,
        }
    }
}

/// `{vehicle_id}`, `{id}`.
fn is_param(seg: &str) -> bool {
    seg.starts_with('{') && seg.ends_with('}')
}

/// The key a path's last segments name: `["vehicles", "{vehicle_id}"]` ->
/// `vehicle_id`; `["vehicles", "{id}"]` -> `vehicle_id`.
fn parent_key(before: &[&str]) -> Option<String> {
    let (last, rest) = before.split_last()?;
    if !is_param(last) {
        return None;
    }
    let inner = last.trim_matches(|c| c == '{' || c == '}');
    if inner != "id" {
        return Some(inner.to_string());
    }
    let parent = rest.last().filter(|s| !is_param(s))?;
    Some(format!(
        "{}_id",
        names::singular(&names::snake_case(&parent.replace('-', "_")))
    ))
}

/// Whether a schema is what a (plural, kebab-case) path segment names: the
/// same words, or its last words (`rollouts` -> `DeviceRollout`).
fn names_segment(schema: &str, seg: &str) -> bool {
    let mut sw = names::words(seg);
    if let Some(last) = sw.last_mut() {
        *last = names::singular(last);
    }
    let nw = names::words(schema);
    !sw.is_empty() && nw.len() >= sw.len() && nw[nw.len() - sw.len()..] == sw[..]
}

/// Builds the entities the contract shows, with their fields.
pub fn entities(inp: &Inputs) -> Vec<Draft> {
    let Some(c) = inp.contract else {
        return Vec::new();
    };
    let facts = Facts::new(c, inp.kb);
    let mut b = Builder {
        facts: &facts,
        drafts: Vec::new(),
    };
    for s in &c.schemas {
        match facts.kinds.get(&s.name) {
            Some(Kind::Stored) => b.add_schema(s),
            Some(Kind::Collection) => b.add_collection(s),
            _ => {}
        }
    }
    b.add_id_set_joins();
    let principal = super::fields::principal(inp, &b.drafts);
    b.add_path_resources(principal.as_deref());
    b.drafts
}

struct Builder<'f, 'a> {
    facts: &'f Facts<'a>,
    drafts: Vec<Draft>,
}

fn schema_source(name: &str) -> Source {
    Source::contract(&format!("#/components/schemas/{name}"))
}

fn field_source(schema: &str, prop: &str) -> Source {
    Source::contract(&format!("{schema}.{prop}"))
}

/// First sentence of a description, without a trailing period.
pub fn first_sentence(s: &str) -> String {
    let s = s.trim();
    let end = s.find(". ").map(|i| i + 1).unwrap_or(s.len());
    s[..end]
        .trim()
        .trim_end_matches('.')
        .replace('|', "/")
        .replace('\n', " ")
}

pub fn humanize(field: &str) -> String {
    let w = names::words(field);
    let mut s = w.join(" ");
    if let Some(f) = s.get(..1) {
        let up = f.to_uppercase();
        s.replace_range(..1, &up);
    }
    s
}

fn id_field(t: Option<&PropType>, source: Source) -> Field {
    let ty = match t.map(|t| &t.kind) {
        Some(JsonType::Integer) => SqlType::BigInt,
        Some(JsonType::String) if t.and_then(|t| t.format.as_deref()) != Some("uuid") => {
            match t.and_then(|t| t.max_length) {
                Some(n) => SqlType::Varchar(Some(n.min(255) as u32)),
                None => SqlType::Uuid,
            }
        }
        _ => SqlType::Uuid,
    };
    Field {
        name: "id".into(),
        ty,
        constraints: Constraints {
            primary_key: true,
            not_null: true,
            ..Default::default()
        },
        description: "Primary key".into(),
        sources: vec![source],
    }
}

/// A field from a scalar contract property.
pub fn scalar_field(
    name: &str,
    t: &PropType,
    required: bool,
    description: &str,
    kb: &Knowledge,
    source: Source,
) -> Field {
    let mut ty = types::from_prop(name, t, kb);
    // "up to 4 decimals" said on the property rather than on its type.
    if matches!(ty, SqlType::Decimal(..)) || matches!(t.kind, JsonType::Number) {
        if let Some(scale) = types::scale_in_text(description) {
            ty = types::decimal(scale);
        }
    }
    let check = if matches!(t.kind, JsonType::String) {
        types::enum_check(name, &t.enum_values)
    } else {
        None
    };
    let default = t.default.as_ref().map(|d| match t.kind {
        JsonType::String => format!("'{}'", d.replace('\'', "''")),
        _ => d.clone(),
    });
    let desc = if !description.trim().is_empty() {
        first_sentence(description)
    } else if !t.description.trim().is_empty() {
        first_sentence(&t.description)
    } else {
        humanize(name)
    };
    Field {
        name: name.to_string(),
        ty,
        constraints: Constraints {
            not_null: required && !t.nullable,
            default,
            check,
            ..Default::default()
        },
        description: desc,
        sources: vec![source],
    }
}

impl Builder<'_, '_> {
    fn unique_name(&self, want: &str) -> String {
        let mut name = want.to_string();
        let mut n = 2;
        while self
            .drafts
            .iter()
            .any(|d| names::key(d.name()) == names::key(&name))
        {
            name = format!("{want}{n}");
            n += 1;
        }
        name
    }

    fn describe(&self, s: &Schema) -> String {
        if !s.description.trim().is_empty() {
            first_sentence(&s.description)
        } else {
            format!("{} (contract schema `{}`)", humanize(&s.name), s.name)
        }
    }

    fn add_schema(&mut self, s: &Schema) {
        let name = self.unique_name(&s.name);
        let mut d = Draft::new(&name, self.describe(s), vec![schema_source(&s.name)]);
        d.schema = Some(s.name.clone());
        d.entity.fields.push(id_field(
            s.property("id").map(|p| &p.ty),
            field_source(&s.name, "id"),
        ));
        let mut extra = Vec::new();
        self.add_props(&mut d, &s.name, &s.properties, "", true, 0, &mut extra);
        self.unique_from_descriptions(&mut d, &s.name, &s.properties);
        self.drafts.push(d);
        self.drafts.extend(extra);
    }

    fn add_collection(&mut self, s: &Schema) {
        let Some(array) = self.facts.collection_item_prop(s) else {
            return;
        };
        let JsonType::Array(items) = &array.ty.kind else {
            return;
        };
        let item_name = match &items.kind {
            JsonType::Ref(n) => n.clone(),
            _ => names::pascal_case(&names::singular(&array.name)),
        };
        let name = self.unique_name(&item_name);
        let desc = format!(
            "{} of {} (contract schemas `{}` / `{}`)",
            humanize(&names::table_name(&item_name)),
            humanize(&s.name).to_lowercase(),
            s.name,
            item_name
        );
        let mut d = Draft::new(&name, desc, vec![schema_source(&s.name)]);
        if let JsonType::Ref(n) = &items.kind {
            d.entity.sources.push(schema_source(n));
        }
        d.schema = Some(item_name.clone());
        d.entity
            .fields
            .push(id_field(None, Source::rule("surrogate-key")));
        let ids: Vec<Property> = s
            .properties
            .iter()
            .filter(|p| p.name.ends_with("_id"))
            .map(|p| Property {
                required: true,
                ..p.clone()
            })
            .collect();
        let mut extra = Vec::new();
        self.add_props(&mut d, &s.name, &ids, "", true, 0, &mut extra);
        if let Some(props) = self.facts.object_props(items) {
            let props = props.to_vec();
            self.add_props(&mut d, &item_name, &props, "", true, 0, &mut extra);
        }
        self.drafts.push(d);
        self.drafts.extend(extra);
    }

    #[allow(clippy::too_many_arguments)]
    fn add_props(
        &mut self,
        d: &mut Draft,
        schema: &str,
        props: &[Property],
        prefix: &str,
        parent_required: bool,
        depth: usize,
        extra: &mut Vec<Draft>,
    ) {
        let kb = self.facts.kb;
        for p in props {
            if p.name == "id" && prefix.is_empty() {
                continue;
            }
            let col = format!("{prefix}{}", p.name);
            let required = parent_required && p.required;
            let src = field_source(schema, &p.name);
            if let Some(scalar) = self.facts.scalar_of(&p.ty) {
                let mut t = scalar.clone();
                t.nullable |= p.ty.nullable;
                if t.description.is_empty() {
                    t.description = p.ty.description.clone();
                }
                d.add_field(scalar_field(&col, &t, required, &p.description, kb, src));
                continue;
            }
            match &p.ty.kind {
                JsonType::Ref(target) if self.facts.stored(target) => {
                    // A stored thing inside another: a reference to it.
                    let fk = format!("{}_id", names::snake_case(&col));
                    let fk = if fk == "_id" {
                        format!("{}_id", names::snake_case(target))
                    } else {
                        fk
                    };
                    if !d.has_field(&fk) {
                        let mut f = scalar_field(
                            &fk,
                            &PropType {
                                kind: JsonType::String,
                                format: Some("uuid".into()),
                                nullable: p.ty.nullable,
                                ..Default::default()
                            },
                            required,
                            &format!("The {}", humanize(target).to_lowercase()),
                            kb,
                            src,
                        );
                        f.ty = SqlType::Uuid;
                        d.add_field(f);
                    }
                    d.fk_hints.push((fk, target.clone()));
                }
                JsonType::Ref(_) | JsonType::Object(_) => {
                    let Some(sub) = self.facts.object_props(&p.ty) else {
                        continue;
                    };
                    if sub.is_empty() || depth >= MAX_FLATTEN_DEPTH {
                        let mut f = scalar_field(&col, &p.ty, required, &p.description, kb, src);
                        f.ty = SqlType::Json;
                        d.add_field(f);
                        continue;
                    }
                    let sub = sub.to_vec();
                    let sub_schema = match &p.ty.kind {
                        JsonType::Ref(n) => n.clone(),
                        _ => schema.to_string(),
                    };
                    self.add_props(
                        d,
                        &sub_schema,
                        &sub,
                        &format!("{col}_"),
                        required && !p.ty.nullable,
                        depth + 1,
                        extra,
                    );
                }
                JsonType::Array(items) => {
                    if prefix.is_empty() {
                        self.array_prop(d, schema, p, items, extra);
                    }
                }
                _ => {
                    d.add_field(scalar_field(&col, &p.ty, required, &p.description, kb, src));
                }
            }
        }
    }

    fn array_prop(
        &mut self,
        d: &mut Draft,
        schema: &str,
        p: &Property,
        items: &PropType,
        extra: &mut Vec<Draft>,
    ) {
        let kb = self.facts.kb;
        let parent = d.name().to_string();
        let src = field_source(schema, &p.name);
        // An array of stored things: each points to this parent.
        if let JsonType::Ref(target) = &items.kind {
            if self.facts.stored(target) {
                d.fk_hints.push((format!("->{target}"), p.name.clone()));
                return;
            }
        }
        // An array of link or part objects.
        if let Some(props) = self.facts.object_props(items) {
            if props.is_empty() || !self.facts.request_props.contains(&p.name) {
                // Only ever returned, never written: derived data, not stored.
                return;
            }
            let props = props.to_vec();
            let item_schema = match &items.kind {
                JsonType::Ref(n) => n.clone(),
                _ => schema.to_string(),
            };
            let link = props.iter().find(|q| {
                q.name.ends_with("_id")
                    && q.name != format!("{}_id", names::snake_case(&parent))
                    && self
                        .stored_by_stem(q.name.trim_end_matches("_id"))
                        .is_some()
            });
            let parent_fk = format!("{}_id", names::snake_case(&parent));
            if let Some(link) = link {
                let Some(other) = self.stored_by_stem(link.name.trim_end_matches("_id")) else {
                    return;
                };
                let other_props: HashSet<String> = self
                    .facts
                    .c
                    .schema(&other)
                    .map(|s| s.properties.iter().map(|q| q.name.clone()).collect())
                    .unwrap_or_default();
                let name = self.unique_name_with(&format!("{parent}{other}"), extra);
                let mut j = Draft::new(
                    &name,
                    format!(
                        "Links {} and {} (contract `{}.{}`)",
                        names::table_name(&parent).replace('_', " "),
                        names::table_name(&other).replace('_', " "),
                        schema,
                        p.name
                    ),
                    vec![src.clone()],
                );
                j.join_of = Some((parent.clone(), other.clone()));
                j.entity
                    .fields
                    .push(id_field(None, Source::rule("surrogate-key")));
                j.entity
                    .fields
                    .push(fk_field(&parent_fk, &parent, src.clone()));
                j.fk_hints.push((parent_fk.clone(), parent.clone()));
                let own: Vec<Property> = props
                    .iter()
                    .filter(|q| q.name == link.name || !other_props.contains(&q.name))
                    .map(|q| Property {
                        required: q.required || q.name == link.name,
                        ..q.clone()
                    })
                    .collect();
                let mut more = Vec::new();
                self.add_props(&mut j, &item_schema, &own, "", true, 1, &mut more);
                j.fk_hints.push((link.name.clone(), other.clone()));
                j.add_unique(
                    vec![parent_fk, link.name.clone()],
                    &format!(
                        "each {} is linked once",
                        names::snake_case(&other).replace('_', " ")
                    ),
                    vec![src],
                );
                extra.push(j);
                return;
            }
            // Shared objects (`tags: [Tag]`, a vocabulary word or a thing
            // listed on its own): one row each, linked to many parents.
            if let JsonType::Ref(item) = &items.kind {
                if self.is_shared_item(item) {
                    self.shared_lookup(d, schema, p, item, &props, extra);
                    return;
                }
            }
            let want = match &items.kind {
                JsonType::Ref(n) => n.clone(),
                _ => format!("{parent}{}", names::pascal_case(&names::singular(&p.name))),
            };
            let name = self.unique_name_with(&want, extra);
            let mut child = Draft::new(
                &name,
                format!(
                    "{} of a {} (contract `{}.{}`)",
                    humanize(&p.name),
                    names::snake_case(&parent).replace('_', " "),
                    schema,
                    p.name
                ),
                vec![src.clone()],
            );
            child.part_of = Some(parent.clone());
            child
                .entity
                .fields
                .push(id_field(None, Source::rule("surrogate-key")));
            child.entity.fields.push(fk_field(&parent_fk, &parent, src));
            child.fk_hints.push((parent_fk, parent.clone()));
            let mut more = Vec::new();
            self.add_props(&mut child, &item_schema, &props, "", true, 1, &mut more);
            extra.push(child);
            return;
        }
        // An array of scalars.
        let scalar = self.facts.scalar_of(items).cloned().unwrap_or_default();
        let singular = names::singular(&p.name);
        if let Some(stem) = p.name.strip_suffix("_ids") {
            if let Some(other) = self.stored_by_stem(stem) {
                let inverse = false;
                let inverse = inverse
                    || self.facts.c.schema(&other).is_some_and(|s| {
                        s.properties.iter().any(|q| {
                            q.name.ends_with("_id")
                                && names::words(&parent).last().is_some_and(|w| {
                                    q.name.trim_end_matches("_id").ends_with(w.as_str())
                                })
                        })
                    });
                if inverse {
                    return;
                }
                let name = self.unique_name_with(&format!("{parent}{other}"), extra);
                extra.push(join_draft(&name, &parent, &other, "", src));
                return;
            }
        }
        let is_enum = !scalar.enum_values.is_empty();
        let vocab_entity = self.stored_by_stem(&singular);
        let is_vocab = !is_enum
            && matches!(scalar.kind, JsonType::String)
            && (vocab_entity.is_some()
                || kb
                    .vocabulary_words
                    .iter()
                    .any(|w| names::key(w) == names::key(&singular)));
        if is_vocab {
            let lookup = match vocab_entity {
                Some(e) => e,
                None => {
                    let name = names::pascal_case(&singular);
                    let existing = extra
                        .iter()
                        .chain(self.drafts.iter())
                        .any(|x| names::key(x.name()) == names::key(&name));
                    if !existing {
                        let mut l = Draft::new(
                            &name,
                            format!(
                                "{} shared by {} (contract `{}.{}`)",
                                humanize(&p.name),
                                names::table_name(&parent).replace('_', " "),
                                schema,
                                p.name
                            ),
                            vec![src.clone(), Source::rule("vocabulary-table")],
                        );
                        l.entity
                            .fields
                            .push(id_field(None, Source::rule("surrogate-key")));
                        // Per-owner vocabularies (my tags) carry the owner.
                        let owner_fk = d
                            .entity
                            .fields
                            .iter()
                            .find(|f| {
                                f.name.ends_with("_id")
                                    && self.is_principal_stem(f.name.trim_end_matches("_id"))
                            })
                            .map(|f| f.name.clone());
                        if let Some(ofk) = &owner_fk {
                            if let Some(target) = self.stored_by_stem(ofk.trim_end_matches("_id")) {
                                l.entity.fields.push(fk_field(ofk, &target, src.clone()));
                                l.fk_hints.push((ofk.clone(), target));
                            }
                        }
                        let mut nf = scalar_field(
                            "name",
                            &scalar,
                            true,
                            &format!("{} text", humanize(&singular)),
                            kb,
                            src.clone(),
                        );
                        if matches!(nf.ty, SqlType::Text) {
                            nf.ty = SqlType::Varchar(Some(100));
                        }
                        l.entity.fields.push(nf);
                        let mut key = owner_fk.into_iter().collect::<Vec<_>>();
                        key.push("name".into());
                        l.add_unique(
                            key,
                            &format!("a {singular} is stored once"),
                            vec![src.clone()],
                        );
                        extra.push(l);
                    }
                    name
                }
            };
            let name = self.unique_name_with(&format!("{parent}{lookup}"), extra);
            let mut j = Draft::new(
                &name,
                format!(
                    "Links {} and {}",
                    names::table_name(&parent).replace('_', " "),
                    names::table_name(&lookup).replace('_', " ")
                ),
                vec![src.clone(), Source::rule("vocabulary-table")],
            );
            j.join_of = Some((parent.clone(), lookup.clone()));
            let a = format!("{}_id", names::snake_case(&parent));
            let b = format!("{}_id", names::snake_case(&lookup));
            j.entity.fields.push(fk_field(&a, &parent, src.clone()));
            j.entity.fields.push(fk_field(&b, &lookup, src.clone()));
            for f in &mut j.entity.fields {
                f.constraints.primary_key = true;
            }
            j.fk_hints.push((a.clone(), parent.clone()));
            j.fk_hints.push((b.clone(), lookup.clone()));
            extra.push(j);
            return;
        }
        let mut f = scalar_field(
            &p.name,
            &PropType {
                kind: JsonType::Array(Box::new(scalar.clone())),
                ..p.ty.clone()
            },
            p.required,
            &p.description,
            kb,
            src,
        );
        f.ty = SqlType::Json;
        f.constraints.check = None;
        f.constraints.not_null = p.required && !p.ty.nullable;
        if is_enum {
            f.description = format!(
                "{}: any of {}",
                humanize(&p.name),
                scalar.enum_values.join(", ")
            );
            f.sources.push(Source::rule("enum-array-json"));
        } else {
            f.sources.push(Source::rule("scalar-array-json"));
        }
        d.add_field(f);
    }

    /// An item schema whose rows many parents share: its name is a
    /// vocabulary word (`Tag`), or a GET lists it on its own.
    fn is_shared_item(&self, item: &str) -> bool {
        let kb = self.facts.kb;
        let last = names::words(item).last().cloned().unwrap_or_default();
        kb.vocabulary_words
            .iter()
            .any(|w| names::key(w) == names::key(item) || names::key(w) == names::key(&last))
            || self.facts.list_items.contains(item)
    }

    /// A lookup entity for a shared item schema (once) and the join between
    /// it and this parent.
    fn shared_lookup(
        &mut self,
        d: &mut Draft,
        schema: &str,
        p: &Property,
        item: &str,
        props: &[Property],
        extra: &mut Vec<Draft>,
    ) {
        let parent = d.name().to_string();
        let src = field_source(schema, &p.name);
        let existing = extra
            .iter()
            .chain(self.drafts.iter())
            .find(|x| x.schema.as_deref() == Some(item) && x.join_of.is_none())
            .map(|x| x.name().to_string());
        let lookup = match existing {
            Some(n) => n,
            None => {
                let name = self.unique_name_with(item, extra);
                let mut l = Draft::new(
                    &name,
                    format!(
                        "{} shared by {} (contract `{}.{}`)",
                        humanize(&p.name),
                        names::table_name(&parent).replace('_', " "),
                        schema,
                        p.name
                    ),
                    vec![schema_source(item), Source::rule("vocabulary-table")],
                );
                l.schema = Some(item.to_string());
                l.entity
                    .fields
                    .push(id_field(None, Source::rule("surrogate-key")));
                let mut more = Vec::new();
                self.add_props(&mut l, item, props, "", true, 1, &mut more);
                if let Some(f) = l.field_mut("name") {
                    f.constraints.not_null = true;
                    l.add_unique(
                        vec!["name".into()],
                        &format!(
                            "a {} is stored once",
                            names::snake_case(item).replace('_', " ")
                        ),
                        vec![schema_source(item)],
                    );
                }
                extra.push(l);
                name
            }
        };
        let name = self.unique_name_with(&format!("{parent}{lookup}"), extra);
        let mut j = Draft::new(
            &name,
            format!(
                "Links {} and {}",
                names::table_name(&parent).replace('_', " "),
                names::table_name(&lookup).replace('_', " ")
            ),
            vec![src.clone(), Source::rule("vocabulary-table")],
        );
        j.join_of = Some((parent.clone(), lookup.clone()));
        let a = format!("{}_id", names::snake_case(&parent));
        let b = format!("{}_id", names::snake_case(&lookup));
        j.entity.fields.push(fk_field(&a, &parent, src.clone()));
        j.entity.fields.push(fk_field(&b, &lookup, src));
        for f in &mut j.entity.fields {
            f.constraints.primary_key = true;
        }
        j.fk_hints.push((a, parent));
        j.fk_hints.push((b, lookup));
        extra.push(j);
    }

    /// The stored entity a path segment names (`vehicles` -> `Vehicle`).
    fn entity_of_segment(&self, seg: &str) -> Option<String> {
        let stem = names::singular(&names::snake_case(&seg.replace('-', "_")));
        let names_now: Vec<&str> = self
            .drafts
            .iter()
            .filter(|d| d.join_of.is_none())
            .map(|d| d.name())
            .collect();
        stem_to_entity(&stem, names_now.iter().copied(), self.facts.kb)
    }

    fn has_join(&self, a: &str, b: &str) -> bool {
        self.drafts.iter().any(|d| {
            d.join_of
                .as_ref()
                .is_some_and(|(x, y)| (x == a && y == b) || (x == b && y == a))
        })
    }

    /// `PUT /geofences/{geofence_id}/vehicles {vehicle_ids: [...]}`: the set
    /// of links between two stored things, an N:M join.
    fn add_id_set_joins(&mut self) {
        let c = self.facts.c;
        for e in &c.endpoints {
            let segs: Vec<&str> = e.path.split('/').filter(|s| !s.is_empty()).collect();
            for w in segs.windows(3) {
                let (a, key, b) = (w[0], w[1], w[2]);
                if !is_param(key) || is_param(a) || is_param(b) {
                    continue;
                }
                if super::relations::ids_property(c, e, b).is_none() {
                    continue;
                }
                let (Some(ea), Some(eb)) = (self.entity_of_segment(a), self.entity_of_segment(b))
                else {
                    continue;
                };
                if ea == eb || self.has_join(&ea, &eb) {
                    continue;
                }
                let op = format!("{} {}", e.method, e.path);
                let src = Source::contract(&op);
                let name = self.unique_name(&format!("{ea}{eb}"));
                let note = format!(" (contract `{op}`)");
                self.drafts.push(join_draft(&name, &ea, &eb, &note, src));
            }
        }
    }

    /// A sub-resource that only exists as a path the signed-in member puts
    /// and deletes without a body (`PUT /threads/{thread_id}/subscription`,
    /// `PUT /posts/{post_id}/reactions/{kind}`): a row per member (and per
    /// trailing key), unique together.
    fn add_path_resources(&mut self, principal: Option<&str>) {
        let c = self.facts.c;
        let kb = self.facts.kb;
        for e in c.endpoints.iter().filter(|e| e.method == "PUT") {
            if e.request.is_some()
                || !c
                    .endpoints
                    .iter()
                    .any(|x| x.method == "DELETE" && x.path == e.path)
            {
                continue;
            }
            let segs: Vec<&str> = e.path.split('/').filter(|s| !s.is_empty()).collect();
            let (head, trailing) = match segs.last() {
                Some(l) if is_param(l) => (&segs[..segs.len() - 1], segs.last().copied()),
                _ => (&segs[..], None),
            };
            let [.., a, key, seg] = head else { continue };
            if !is_param(key) || is_param(a) || is_param(seg) {
                continue;
            }
            let Some(parent) = self.entity_of_segment(a) else {
                continue;
            };
            if self.entity_of_segment(seg).is_some() {
                continue;
            }
            let thing =
                names::pascal_case(&names::singular(&names::snake_case(&seg.replace('-', "_"))));
            let want = format!("{parent}{thing}");
            if self
                .drafts
                .iter()
                .any(|d| names::key(d.name()) == names::key(&want))
            {
                continue;
            }
            let op = format!("{} {}", e.method, e.path);
            let src = Source::contract(&op);
            let mut d = Draft::new(
                &want,
                format!(
                    "{} of a member to a {} (contract `{op}`)",
                    humanize(&thing),
                    names::snake_case(&parent).replace('_', " ")
                ),
                vec![src.clone()],
            );
            d.part_of = Some(parent.clone());
            d.entity
                .fields
                .push(id_field(None, Source::rule("surrogate-key")));
            let pfk = format!("{}_id", names::snake_case(&parent));
            d.entity.fields.push(fk_field(&pfk, &parent, src.clone()));
            d.fk_hints.push((pfk.clone(), parent.clone()));
            let mut key_cols = vec![pfk.clone()];
            let member = format!("{}_id", names::snake_case(principal.unwrap_or("user")));
            if member != pfk {
                let mut f = fk_field(&member, principal.unwrap_or("user"), src.clone());
                f.description = "The signed-in member".into();
                d.entity.fields.push(f);
                if let Some(p) = principal {
                    d.fk_hints.push((member.clone(), p.to_string()));
                }
                key_cols.push(member);
            }
            if let Some(t) = trailing {
                let inner = t.trim_matches(|ch| ch == '{' || ch == '}');
                if let Some(param) = e.parameters.iter().find(|p| p.name == inner) {
                    let ty = self.facts.scalar_of(&param.ty).cloned().unwrap_or_default();
                    let ty = if matches!(ty.kind, JsonType::Unknown) {
                        PropType {
                            kind: JsonType::String,
                            ..ty
                        }
                    } else {
                        ty
                    };
                    d.add_field(scalar_field(
                        inner,
                        &ty,
                        true,
                        &param.description,
                        kb,
                        src.clone(),
                    ));
                    key_cols.push(inner.to_string());
                }
            }
            d.add_unique(
                key_cols,
                &format!(
                    "one {} per member and {}",
                    humanize(&thing).to_lowercase(),
                    names::snake_case(&parent).replace('_', " ")
                ),
                vec![src],
            );
            self.drafts.push(d);
        }
    }

    fn unique_name_with(&self, want: &str, extra: &[Draft]) -> String {
        let mut name = want.to_string();
        let mut n = 2;
        while self
            .drafts
            .iter()
            .chain(extra)
            .any(|d| names::key(d.name()) == names::key(&name))
        {
            name = format!("{want}{n}");
            n += 1;
        }
        name
    }

    /// The stored schema an `<x>_id` stem names: the whole stem, else its
    /// trailing words (`home_branch` -> `Branch`), else a schema whose name
    /// ends with it (`payment` -> `FinePayment`).
    fn stored_by_stem(&self, stem: &str) -> Option<String> {
        let stored: Vec<&String> = self
            .facts
            .kinds
            .iter()
            .filter(|(_, k)| **k == Kind::Stored)
            .map(|(n, _)| n)
            .collect();
        stem_to_entity(stem, stored.iter().map(|s| s.as_str()), self.facts.kb)
    }

    fn is_principal_stem(&self, stem: &str) -> bool {
        self.facts
            .kb
            .common_entity(stem)
            .is_some_and(|e| e.principal)
    }

    /// `unique`, `唯一`, `unique per user`, `unique within the tenant`, `one
    /// rating per order` in descriptions.
    fn unique_from_descriptions(&self, d: &mut Draft, schema: &str, props: &[Property]) {
        let kb = self.facts.kb;
        let columns: Vec<&str> = props.iter().map(|q| q.name.as_str()).collect();
        for p in props {
            let desc = format!("{} {}", p.description, p.ty.description).to_lowercase();
            let src = field_source(schema, &p.name);
            let said = super::fields::unique_said(&desc, kb);
            if let super::fields::UniqueSaid::Within(scope) = &said {
                // "unique per user" with the user implied by the token.
                let principal = scope
                    .first()
                    .filter(|w| self.is_principal_stem(w))
                    .map(|w| names::singular(w));
                let col = super::fields::scope_column(scope, &columns, principal.as_deref(), kb)
                    .filter(|c| *c != p.name);
                if let Some(sc) = col {
                    d.add_unique(
                        vec![sc, p.name.clone()],
                        &first_sentence(&p.description),
                        vec![src],
                    );
                }
                continue;
            }
            let one_per = desc.contains(" per ")
                && desc.trim_start().starts_with("one ")
                && desc.split(" per ").nth(1).is_some_and(|w| {
                    let w = w
                        .split_whitespace()
                        .next()
                        .unwrap_or("")
                        .trim_matches(|c: char| !c.is_alphanumeric());
                    p.name.ends_with("_id")
                        && names::key(p.name.trim_end_matches("_id")) == names::key(w)
                });
            if said == super::fields::UniqueSaid::Alone || one_per {
                if let Some(f) = d.field_mut(&p.name) {
                    f.constraints.unique = true;
                    if !f.sources.contains(&src) {
                        f.sources.push(src);
                    }
                }
            }
        }
    }
}

/// The entity an `<x>_id` stem names among `names`.
pub fn stem_to_entity<'n>(
    stem: &str,
    candidates: impl Iterator<Item = &'n str> + Clone,
    kb: &Knowledge,
) -> Option<String> {
    let words = names::words(stem);
    for start in 0..words.len() {
        let k = names::key(&words[start..].join("_"));
        if let Some(n) = candidates.clone().find(|n| names::key(n) == k) {
            return Some(n.to_string());
        }
        let canon = kb.canonical(&words[start..].join(" "));
        if let Some(n) = candidates
            .clone()
            .find(|n| kb.canonical(&names::words(n).join(" ")) == canon)
        {
            return Some(n.to_string());
        }
    }
    // `payment` -> `FinePayment`: the only candidate whose last words are the stem.
    let tail: Vec<&str> = candidates
        .clone()
        .filter(|n| {
            let nw = names::words(n);
            nw.len() > words.len() && nw[nw.len() - words.len()..] == words[..]
        })
        .collect();
    if tail.len() == 1 {
        return tail.first().map(|s| s.to_string());
    }
    None
}

pub fn fk_field(name: &str, target: &str, source: Source) -> Field {
    Field {
        name: name.to_string(),
        ty: SqlType::Uuid,
        constraints: Constraints {
            not_null: true,
            ..Default::default()
        },
        description: format!("The {}", humanize(target).to_lowercase()),
        sources: vec![source],
    }
}

/// A join table linking `a` and `b`: a surrogate id, a foreign key to each,
/// and each pair linked once. `note` follows the description.
fn join_draft(name: &str, a: &str, b: &str, note: &str, src: Source) -> Draft {
    let mut j = Draft::new(
        name,
        format!(
            "Links {} and {}{note}",
            names::table_name(a).replace('_', " "),
            names::table_name(b).replace('_', " ")
        ),
        vec![src.clone()],
    );
    j.join_of = Some((a.to_string(), b.to_string()));
    let fa = format!("{}_id", names::snake_case(a));
    let fb = format!("{}_id", names::snake_case(b));
    j.entity
        .fields
        .push(id_field(None, Source::rule("surrogate-key")));
    j.entity.fields.push(fk_field(&fa, a, src.clone()));
    j.entity.fields.push(fk_field(&fb, b, src.clone()));
    j.fk_hints.push((fa.clone(), a.to_string()));
    j.fk_hints.push((fb.clone(), b.to_string()));
    j.add_unique(vec![fa, fb], "each pair is linked once", vec![src]);
    j
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_stems_find_their_entity() {
        let kb = Knowledge::builtin();
        let names = ["Member", "Branch", "FinePayment", "Fine", "MenuItem"];
        let find = |s: &str| stem_to_entity(s, names.iter().copied(), kb);
        assert_eq!(find("home_branch").as_deref(), Some("Branch"));
        assert_eq!(find("member").as_deref(), Some("Member"));
        assert_eq!(find("payment").as_deref(), Some("FinePayment"));
        assert_eq!(find("menu_item").as_deref(), Some("MenuItem"));
        assert_eq!(find("customer"), None);
    }

    #[test]
    fn first_sentence_and_humanize() {
        assert_eq!(
            first_sentence("Unique per user. Compared lowercase."),
            "Unique per user"
        );
        assert_eq!(humanize("due_date"), "Due date");
    }
}
