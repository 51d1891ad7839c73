//! docs/api-contracts/<system>.yaml: OpenAPI 3.0 endpoints and component
//! schemas, with `$ref` resolved safely (cycles, missing and remote targets
//! give diagnostics, never hangs).
//!
//! Also reads OpenAPI 3.1 (`type: [string, "null"]`) and, as a fallback,
//! Swagger 2.0 (`definitions`, `in: body`). JSON contracts parse too: JSON is
//! YAML.
//!
//! What it deliberately does not do: follow remote `$ref`s (other files,
//! URLs), expand schema-to-schema refs (they stay [`JsonType::Ref`] by name,
//! which is what keeps cycles harmless), or validate the document against
//! the OpenAPI meta-schema.

mod lenient;
mod lines;
mod read;

use super::Loc;
use crate::diag::Diagnostic;
use serde::Serialize;
use std::collections::HashSet;
use std::path::Path;

pub use read::{MAX_NESTING, MAX_REF_CHAIN};

#[derive(Debug, Clone, Default, Serialize)]
pub struct Contract {
    pub file: std::path::PathBuf,
    pub title: String,
    /// `openapi:` or `swagger:` version as written (empty when absent).
    pub version: String,
    pub endpoints: Vec<Endpoint>,
    /// Component schemas in file order.
    pub schemas: Vec<Schema>,
    pub diagnostics: Vec<Diagnostic>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Endpoint {
    /// Uppercase: GET, POST, PUT, PATCH, DELETE.
    pub method: String,
    pub path: String,
    pub summary: String,
    pub description: String,
    pub operation_id: String,
    pub tags: Vec<String>,
    /// Path-level and operation-level parameters, merged (the operation's
    /// wins on the same name and location).
    pub parameters: Vec<Parameter>,
    /// The request body's schema.
    pub request: Option<PropType>,
    /// Response schemas by status code, in file order (`None`: no body).
    pub responses: Vec<(String, Option<PropType>)>,
    /// The first success (2xx) response's `description` ("alerts, newest
    /// first"): often the only place a list's order is stated.
    pub response_description: String,
    pub loc: Loc,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ParamLocation {
    Path,
    Query,
    Header,
    Cookie,
}

#[derive(Debug, Clone, Serialize)]
pub struct Parameter {
    pub name: String,
    pub location: ParamLocation,
    pub required: bool,
    pub ty: PropType,
    pub description: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Schema {
    pub name: String,
    pub description: String,
    /// Own properties plus those inherited through `allOf` (bases first).
    pub properties: Vec<Property>,
    /// `allOf` members that are `$ref`s (inheritance).
    pub all_of: Vec<String>,
    /// The schema's own type and constraints. For object schemas the kind is
    /// `Object(vec![])`: the properties live in `properties`, not twice.
    /// Enum schemas (`type: string, enum: [...]`) and array schemas
    /// (`type: array, items: ...`) carry everything here.
    pub ty: PropType,
    pub loc: Loc,
}

impl Schema {
    pub fn property(&self, name: &str) -> Option<&Property> {
        self.properties.iter().find(|p| p.name == name)
    }

    /// True when the schema is an object (has properties or says so).
    pub fn is_object(&self) -> bool {
        !self.properties.is_empty() || matches!(self.ty.kind, JsonType::Object(_))
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Property {
    pub name: String,
    pub ty: PropType,
    /// Listed in the schema's `required`.
    pub required: bool,
    pub description: String,
    /// The `allOf` base schema this property comes from (`None`: declared
    /// by the schema itself or an inline `allOf` member).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inherited_from: Option<String>,
    pub loc: Loc,
}

/// A JSON Schema type as OpenAPI 3.0 writes it.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PropType {
    pub kind: JsonType,
    pub format: Option<String>,
    pub max_length: Option<u64>,
    pub min_length: Option<u64>,
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
    /// `multipleOf`: the step of a number (`0.0001` = four decimals).
    pub multiple_of: Option<f64>,
    pub enum_values: Vec<String>,
    pub pattern: Option<String>,
    pub default: Option<String>,
    pub nullable: bool,
    pub read_only: bool,
    pub write_only: bool,
    pub max_items: Option<u64>,
    pub min_items: Option<u64>,
    pub description: String,
    /// Why the kind is less precise than the contract (`oneOf`, a remote or
    /// missing `$ref`, too deep), or how it was derived (`allOf`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "type", content = "of")]
pub enum JsonType {
    String,
    Integer,
    Number,
    Boolean,
    /// Items' type.
    Array(Box<PropType>),
    /// An inline object with its properties.
    Object(Vec<Property>),
    /// `$ref: '#/components/schemas/Name'` -> `Name`.
    Ref(String),
    #[default]
    Unknown,
}

impl PropType {
    /// The schema name this type refers to, directly or as array items.
    pub fn ref_name(&self) -> Option<&str> {
        match &self.kind {
            JsonType::Ref(name) => Some(name),
            JsonType::Array(items) => items.ref_name(),
            _ => None,
        }
    }

    /// Every schema name referenced anywhere inside this type.
    pub fn refs(&self) -> Vec<&str> {
        let mut out = Vec::new();
        collect_refs(self, &mut out, 0);
        out
    }
}

fn collect_refs<'t>(t: &'t PropType, out: &mut Vec<&'t str>, depth: usize) {
    if depth > MAX_NESTING {
        return;
    }
    match &t.kind {
        JsonType::Ref(name) if !out.contains(&name.as_str()) => out.push(name),
        JsonType::Array(items) => collect_refs(items, out, depth + 1),
        JsonType::Object(props) => {
            for p in props {
                collect_refs(&p.ty, out, depth + 1);
            }
        }
        _ => {}
    }
}

/// Where a schema is used by the endpoints, directly or through other
/// schemas (properties, array items, `allOf` bases).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct SchemaUsage {
    pub in_responses: bool,
    pub in_requests: bool,
    pub in_parameters: bool,
}

/// A GET that returns a collection, with what a storage design cares about.
#[derive(Debug, Clone, Serialize)]
pub struct ListEndpoint<'c> {
    pub endpoint: &'c Endpoint,
    /// The schema of one element, when it is a named schema.
    pub item: Option<String>,
    /// Query parameters that filter (not pagination, not sort).
    pub filters: Vec<&'c Parameter>,
    /// Sort keys offered (`-created_at`, `title`), from the sort parameter's enum.
    pub sort: Vec<String>,
    pub pagination: Vec<&'c Parameter>,
}

/// Query parameter names that page through a collection (API convention,
/// not domain knowledge).
const PAGINATION_PARAMS: &[&str] = &[
    "page",
    "page_size",
    "pagesize",
    "per_page",
    "perpage",
    "limit",
    "offset",
    "cursor",
    "after",
    "before",
    "page_token",
    "pagetoken",
    "next_token",
    "nexttoken",
    "size",
    "skip",
    "take",
    "start",
    "count",
];

/// Query parameter names that choose an order.
const SORT_PARAMS: &[&str] = &[
    "sort",
    "sort_by",
    "sortby",
    "order",
    "order_by",
    "orderby",
    "ordering",
    "sort_order",
    "sortorder",
    "direction",
];

/// Property names of a wrapper object that hold the page of elements.
const LIST_ITEM_PROPERTIES: &[&str] = &[
    "items", "data", "results", "content", "records", "list", "rows", "entries", "elements",
];

/// Property names of an envelope that hold its payload.
const ENVELOPE_PAYLOAD_PROPERTIES: &[&str] = &[
    "data", "result", "results", "payload", "body", "content", "response",
];

fn normalized(name: &str) -> String {
    name.chars()
        .filter(|c| *c != '-')
        .flat_map(char::to_lowercase)
        .collect()
}

pub fn is_pagination_param(name: &str) -> bool {
    let n = normalized(name);
    PAGINATION_PARAMS
        .iter()
        .any(|p| p.replace('_', "") == n.replace('_', ""))
}

pub fn is_sort_param(name: &str) -> bool {
    let n = normalized(name);
    SORT_PARAMS
        .iter()
        .any(|p| p.replace('_', "") == n.replace('_', ""))
}

impl Contract {
    pub fn schema(&self, name: &str) -> Option<&Schema> {
        self.schemas.iter().find(|s| s.name == name)
    }

    /// Schema names reachable from `roots` through properties, items and
    /// `allOf` bases (each visited once, so cycles end).
    fn reachable<'a>(&'a self, roots: impl IntoIterator<Item = &'a str>) -> HashSet<&'a str> {
        let mut seen: HashSet<&str> = HashSet::new();
        let mut stack: Vec<&str> = roots.into_iter().collect();
        while let Some(name) = stack.pop() {
            if !seen.insert(name) {
                continue;
            }
            let Some(schema) = self.schema(name) else {
                continue;
            };
            stack.extend(schema.all_of.iter().map(String::as_str));
            stack.extend(schema.ty.refs());
            for p in &schema.properties {
                stack.extend(p.ty.refs());
            }
        }
        seen
    }

    /// Whether `name` is reached from response bodies, request bodies or
    /// parameters (transitively through other schemas).
    pub fn schema_usage(&self, name: &str) -> SchemaUsage {
        let responses = self.endpoints.iter().flat_map(|e| {
            e.responses
                .iter()
                .filter_map(|(_, t)| t.as_ref())
                .flat_map(PropType::refs)
        });
        let requests = self
            .endpoints
            .iter()
            .filter_map(|e| e.request.as_ref())
            .flat_map(PropType::refs);
        let params = self
            .endpoints
            .iter()
            .flat_map(|e| e.parameters.iter().flat_map(|p| p.ty.refs()));
        SchemaUsage {
            in_responses: self.reachable(responses).contains(name),
            in_requests: self.reachable(requests).contains(name),
            in_parameters: self.reachable(params).contains(name),
        }
    }

    /// Endpoints whose request, responses or parameters reach `name`
    /// (directly or through other schemas), in file order.
    pub fn endpoints_touching(&self, name: &str) -> Vec<&Endpoint> {
        self.endpoints
            .iter()
            .filter(|e| {
                let roots = e
                    .request
                    .iter()
                    .chain(e.responses.iter().filter_map(|(_, t)| t.as_ref()))
                    .chain(e.parameters.iter().map(|p| &p.ty))
                    .flat_map(PropType::refs);
                self.reachable(roots).contains(name)
            })
            .collect()
    }

    /// The first 2xx response body of an endpoint.
    pub fn success_response<'e>(&self, endpoint: &'e Endpoint) -> Option<&'e PropType> {
        endpoint
            .responses
            .iter()
            .filter(|(status, _)| status.starts_with('2'))
            .find_map(|(_, t)| t.as_ref())
    }

    /// If `t` is a collection, the type of one element: a bare array, an
    /// array schema, or a wrapper object (or `...List` schema) holding an
    /// `items`-like array.
    pub fn collection_item<'t>(&'t self, t: &'t PropType) -> Option<&'t PropType> {
        self.collection_item_at(t, 0)
    }

    fn collection_item_at<'t>(&'t self, t: &'t PropType, depth: usize) -> Option<&'t PropType> {
        if depth > 4 {
            return None;
        }
        match &t.kind {
            JsonType::Array(items) => Some(items),
            JsonType::Object(props) => {
                wrapped_items(props).or_else(|| self.enveloped_items(props, depth))
            }
            JsonType::Ref(name) => {
                let schema = self.schema(name)?;
                if let JsonType::Array(items) = &schema.ty.kind {
                    return Some(items);
                }
                if let Some(items) = wrapped_items(&schema.properties) {
                    return Some(items);
                }
                if let Some(items) = self.enveloped_items(&schema.properties, depth) {
                    return Some(items);
                }
                // `FooList` whose only array property is the page.
                let lower = name.to_lowercase();
                if lower.ends_with("list") || lower.ends_with("page") {
                    let mut arrays = schema.properties.iter().filter_map(|p| match &p.ty.kind {
                        JsonType::Array(items) => Some(&**items),
                        _ => None,
                    });
                    if let (Some(only), None) = (arrays.next(), arrays.next()) {
                        return Some(only);
                    }
                }
                if let JsonType::Ref(_) = &schema.ty.kind {
                    return self.collection_item_at(&schema.ty, depth + 1);
                }
                None
            }
            _ => None,
        }
    }

    /// An envelope (`{code, message, data}`, `{data, error}`, often built
    /// with `allOf`) whose payload property is itself a page object
    /// (`data: AppointmentPage`): the page's elements. A payload that is a
    /// thing with identity (`data: Order`) is one object, not a page.
    fn enveloped_items<'t>(&'t self, props: &'t [Property], depth: usize) -> Option<&'t PropType> {
        props.iter().find_map(|p| {
            let n = normalized(&p.name);
            if !ENVELOPE_PAYLOAD_PROPERTIES.contains(&n.as_str()) {
                return None;
            }
            match &p.ty.kind {
                JsonType::Ref(name) if self.schema(name)?.property("id").is_none() => {
                    self.collection_item_at(&p.ty, depth + 1)
                }
                JsonType::Object(inner) if !inner.iter().any(|q| q.name == "id") => {
                    self.collection_item_at(&p.ty, depth + 1)
                }
                _ => None,
            }
        })
    }

    /// GET endpoints that return a collection, with their filters, sort keys
    /// and pagination parameters.
    pub fn list_endpoints(&self) -> Vec<ListEndpoint<'_>> {
        self.endpoints
            .iter()
            .filter(|e| e.method == "GET")
            .filter_map(|e| {
                let body = self.success_response(e)?;
                let item = self.collection_item(body)?;
                Some(ListEndpoint {
                    endpoint: e,
                    item: item.ref_name().map(str::to_string),
                    filters: e
                        .parameters
                        .iter()
                        .filter(|p| p.location == ParamLocation::Query)
                        .filter(|p| !is_pagination_param(&p.name) && !is_sort_param(&p.name))
                        .collect(),
                    sort: sort_values(e),
                    pagination: pagination_params(e),
                })
            })
            .collect()
    }
}

fn wrapped_items(props: &[Property]) -> Option<&PropType> {
    props.iter().find_map(|p| match &p.ty.kind {
        JsonType::Array(items) if LIST_ITEM_PROPERTIES.contains(&normalized(&p.name).as_str()) => {
            Some(&**items)
        }
        _ => None,
    })
}

/// Sort keys an endpoint offers: the enum of its sort query parameter(s),
/// e.g. `-created_at`, `title` (the default is included when not listed).
pub fn sort_values(endpoint: &Endpoint) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for p in endpoint
        .parameters
        .iter()
        .filter(|p| p.location == ParamLocation::Query && is_sort_param(&p.name))
    {
        let values = match &p.ty.kind {
            JsonType::Array(items) => items.enum_values.iter().chain(&p.ty.enum_values),
            _ => p.ty.enum_values.iter().chain(&[] as &[String]),
        };
        for v in values.chain(p.ty.default.iter()) {
            if !out.contains(v) {
                out.push(v.clone());
            }
        }
    }
    out
}

/// Query parameters that page through results (`page`, `limit`, `cursor`...).
pub fn pagination_params(endpoint: &Endpoint) -> Vec<&Parameter> {
    endpoint
        .parameters
        .iter()
        .filter(|p| p.location == ParamLocation::Query && is_pagination_param(&p.name))
        .collect()
}

/// Reads one contract. Never panics, never hangs: problems become
/// diagnostics and the parts that could be read are returned.
pub fn parse(text: &str, file: &Path) -> Contract {
    read::parse(text, file)
}

#[cfg(test)]
mod tests;
