//! The reader proper: YAML text -> `serde_norway::Value` -> [`Contract`].
//!
//! Safety: serde_norway caps alias expansion and nesting (128 levels) while
//! parsing; here every recursion carries a depth bounded by [`MAX_NESTING`],
//! and `$ref` chains to parameters, responses and request bodies are followed
//! at most [`MAX_REF_CHAIN`] times with a visited set. Schema-to-schema refs
//! are never expanded, so a self-referencing or mutually referencing schema
//! costs nothing.

use super::lines::LineIndex;
use super::{Contract, Endpoint, JsonType, ParamLocation, Parameter, PropType, Property, Schema};
use crate::diag::{line_col, Diagnostic};
use crate::input::Loc;
use serde_norway::Value;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// Deepest inline schema nesting read; deeper parts become `Unknown`.
pub const MAX_NESTING: usize = 64;
/// Longest `$ref` -> `$ref` chain followed for parameters, responses and
/// request bodies.
pub const MAX_REF_CHAIN: usize = 32;

/// Flow brackets or `- ` markers on one line beyond this are refused before
/// parsing (serde_norway would refuse past 128 anyway, only later; the
/// margin absorbs unbalanced brackets in prose).
pub const MAX_YAML_NESTING: usize = 1000;

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

pub(super) fn parse(text: &str, file: &Path) -> Contract {
    let mut contract = Contract {
        file: file.to_path_buf(),
        ..Default::default()
    };
    let warn =
        |msg: String, line: usize, col: usize| Diagnostic::warning(msg).in_file(file).at(line, col);
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    if body.trim().is_empty() {
        contract.diagnostics.push(
            warn("empty API contract".into(), 0, 0)
                .with_help("write an OpenAPI 3.0 document with `paths` and `components.schemas`"),
        );
        return contract;
    }
    // libyaml's scanner is quadratic in flow nesting (10,000 `{` take
    // seconds, a 16 MB file of them would take hours) and serde_norway only
    // applies its depth limit after scanning, so refuse such text up front.
    if let Some(offset) = excessive_nesting(body) {
        let (line, col) = line_col(text, offset + (text.len() - body.len()));
        contract.diagnostics.push(
            warn(
                format!("not valid YAML: nested deeper than {MAX_YAML_NESTING} levels"),
                line,
                col,
            )
            .with_help("the contract is skipped: no real contract nests this deep"),
        );
        return contract;
    }
    // serde_norway is fuzzed, but a panic in a dependency must still not take
    // the whole run down with it.
    let parsed = std::panic::catch_unwind(|| super::lenient::load(body));
    let lines = LineIndex::new(text);
    let mut root = match parsed {
        Ok(Ok(loaded)) => {
            let mut seen_twice = HashSet::new();
            for key in loaded.duplicate_keys {
                if !seen_twice.insert(key.clone()) {
                    continue;
                }
                let line = lines.key_lines(&key).get(1).copied().unwrap_or(0);
                contract.diagnostics.push(
                    warn(format!("duplicate key `{key}`"), line, 0).with_help(
                        "YAML forbids it; the two blocks were merged (the later value wins on conflicts)",
                    ),
                );
            }
            if loaded.extra_documents {
                let line = text
                    .lines()
                    .skip(1)
                    .position(|l| l.trim_end() == "---")
                    .map_or(0, |i| i + 2);
                contract.diagnostics.push(warn(
                    "more than one YAML document; only the first is read".into(),
                    line,
                    1,
                ));
            }
            loaded.value
        }
        Ok(Err(e)) => {
            contract.diagnostics.push(yaml_error(&e, body, file));
            return contract;
        }
        Err(_) => {
            contract
                .diagnostics
                .push(warn("the YAML parser failed on this file".into(), 0, 0));
            return contract;
        }
    };
    // `<<: *base` merge keys are plain YAML that some contracts use; the
    // merge itself is iterative. A malformed merge is left unmerged.
    let _ = root.apply_merge();
    let root = untag(&root);
    let Some(map) = root.as_mapping() else {
        contract.diagnostics.push(
            warn(
                "not an OpenAPI document: the top level is not a mapping".into(),
                1,
                1,
            )
            .with_help("an API contract starts with `openapi: 3.0.3`"),
        );
        return contract;
    };
    let version_key = ["openapi", "swagger"]
        .into_iter()
        .find(|k| map.contains_key(*k));
    let Some(version_key) = version_key else {
        contract.diagnostics.push(
            warn(
                "not an OpenAPI document: no `openapi:` or `swagger:` key".into(),
                1,
                1,
            )
            .with_help("an API contract starts with `openapi: 3.0.3`"),
        );
        return contract;
    };
    let swagger = version_key == "swagger";
    contract.version = get(root, version_key).map(scalar).unwrap_or_default();
    let version_line = lines.line(lines.find(&[version_key]));
    if !swagger && !contract.version.starts_with('3') {
        contract.diagnostics.push(warn(
            format!(
                "OpenAPI version `{}` is not 3.x; reading it as 3.0",
                contract.version
            ),
            version_line,
            1,
        ));
    }
    let has_paths = get(root, "paths").is_some();
    let has_schemas = if swagger {
        get(root, "definitions").is_some()
    } else {
        get(root, "components").is_some()
    };
    if !has_paths && !has_schemas {
        contract.diagnostics.push(
            warn(
                format!(
                    "not an OpenAPI document: no `paths` and no `{}`",
                    if swagger { "definitions" } else { "components" }
                ),
                version_line,
                1,
            )
            .with_help("the contract is skipped"),
        );
        return contract;
    }
    contract.title = get(root, "info")
        .and_then(|i| get(i, "title"))
        .map(scalar)
        .unwrap_or_default();

    let mut reader = Reader {
        root,
        text,
        file,
        lines,
        swagger,
        schema_names: HashSet::new(),
        schema_lines: HashMap::new(),
        warned: HashSet::new(),
        depth_warned: false,
        diagnostics: Vec::new(),
    };
    contract.schemas = reader.schemas();
    contract.endpoints = reader.endpoints();
    contract.diagnostics.extend(reader.diagnostics);
    contract
}

struct Reader<'a> {
    root: &'a Value,
    text: &'a str,
    file: &'a Path,
    lines: LineIndex,
    swagger: bool,
    schema_names: HashSet<String>,
    /// Line node of each component schema's key.
    schema_lines: HashMap<String, usize>,
    /// Messages already given, so one bad `$ref` used 50 times warns once.
    warned: HashSet<String>,
    depth_warned: bool,
    diagnostics: Vec<Diagnostic>,
}

/// Line-index node of the value being read (`None`: unknown, lines are 0).
type At = Option<usize>;

impl<'a> Reader<'a> {
    // ---- diagnostics and lines ------------------------------------------

    fn warn_once(&mut self, key: String, message: String, line: usize, col: usize) {
        if self.warned.insert(key) {
            self.diagnostics.push(
                Diagnostic::warning(message)
                    .in_file(self.file)
                    .at(line, col),
            );
        }
    }

    fn loc(&self, at: At) -> Loc {
        Loc::new(self.file, at.map_or(0, |n| self.lines.line(Some(n))))
    }

    fn sub(&self, at: At, key: &str) -> At {
        at.and_then(|n| self.lines.child(Some(n), key))
    }

    /// All children of a node by key, for blocks with many lookups.
    fn sub_map(&self, at: At) -> HashMap<String, usize> {
        at.map(|n| {
            self.lines
                .child_map(Some(n))
                .into_iter()
                .map(|(k, i)| (k.to_string(), i))
                .collect()
        })
        .unwrap_or_default()
    }

    /// Line and column of the first `$ref` that names `target` exactly.
    fn ref_position(&self, target: &str) -> (usize, usize) {
        let mut from = 0;
        while let Some(pos) = self.text.get(from..).and_then(|t| t.find(target)) {
            let start = from + pos;
            let end = start + target.len();
            let next = self.text[end..].chars().next();
            if !matches!(next, Some(c) if c.is_alphanumeric() || c == '_' || c == '/' || c == '-') {
                let (line, col) = line_col(self.text, start);
                // Line numbers count from the file start, BOM or not.
                return (line, col);
            }
            from = end;
        }
        (0, 0)
    }

    fn schemas_prefix(&self) -> &'static str {
        if self.swagger {
            "#/definitions/"
        } else {
            "#/components/schemas/"
        }
    }

    fn schemas_path(&self) -> &'static [&'static str] {
        if self.swagger {
            &["definitions"]
        } else {
            &["components", "schemas"]
        }
    }

    // ---- $ref ------------------------------------------------------------

    /// Follows `$ref`s until a non-ref value. Remote, missing and cyclic
    /// refs give a warning and `None`.
    fn deref(&mut self, v: &'a Value) -> Option<&'a Value> {
        let mut cur = untag(v);
        let mut seen: HashSet<&str> = HashSet::new();
        for _ in 0..MAX_REF_CHAIN {
            let Some(target) = get(cur, "$ref").and_then(Value::as_str) else {
                return Some(cur);
            };
            if !seen.insert(target) {
                let (line, col) = self.ref_position(target);
                self.warn_once(
                    format!("cycle {target}"),
                    format!("`$ref: {target}` is part of a `$ref` cycle; not followed"),
                    line,
                    col,
                );
                return None;
            }
            if !target.starts_with('#') {
                self.warn_remote(target);
                return None;
            }
            match resolve_pointer(self.root, target) {
                Some(next) => cur = untag(next),
                None => {
                    self.warn_missing(target);
                    return None;
                }
            }
        }
        self.warn_once(
            "ref chain".into(),
            format!("a `$ref` chain is longer than {MAX_REF_CHAIN} steps; not followed"),
            0,
            0,
        );
        None
    }

    fn warn_remote(&mut self, target: &str) {
        let (line, col) = self.ref_position(target);
        self.warn_once(
            format!("remote {target}"),
            format!("`$ref: {target}` points outside this file; not followed"),
            line,
            col,
        );
    }

    fn warn_missing(&mut self, target: &str) {
        let (line, col) = self.ref_position(target);
        self.warn_once(
            format!("missing {target}"),
            format!("`$ref: {target}`: no such definition in this file"),
            line,
            col,
        );
    }

    /// The kind of a `$ref` inside a schema: component schemas stay a
    /// `Ref` by name; other local targets are read inline (depth-bounded).
    fn ref_type(&mut self, target: &'a str, t: &mut PropType, depth: usize) {
        let prefix = self.schemas_prefix();
        if let Some(rest) = target.strip_prefix(prefix).filter(|r| !r.contains('/')) {
            let name = decode_pointer_token(rest);
            if !self.schema_names.contains(&name) {
                self.warn_missing(target);
                t.note = Some(format!("`$ref` to `{name}`, which is not defined"));
            }
            t.kind = JsonType::Ref(name);
            return;
        }
        if !target.starts_with('#') {
            self.warn_remote(target);
            t.note = Some(format!("remote `$ref: {target}` not followed"));
            return;
        }
        match resolve_pointer(self.root, target) {
            Some(v) => {
                let inner = self.prop_type(v, depth + 1, None);
                let (desc, nullable) = (std::mem::take(&mut t.description), t.nullable);
                *t = PropType {
                    description: if desc.is_empty() {
                        inner.description.clone()
                    } else {
                        desc
                    },
                    nullable: nullable || inner.nullable,
                    ..inner
                };
            }
            None => {
                self.warn_missing(target);
                t.note = Some(format!("`$ref: {target}` not found"));
            }
        }
    }

    fn too_deep(&mut self, t: &mut PropType) {
        t.note = Some(format!("nested deeper than {MAX_NESTING} levels; not read"));
        if !self.depth_warned {
            self.depth_warned = true;
            self.diagnostics.push(
                Diagnostic::warning(format!(
                    "schemas nested deeper than {MAX_NESTING} levels; the deeper parts are not read"
                ))
                .in_file(self.file),
            );
        }
    }

    // ---- types -------------------------------------------------------------

    /// A schema object as a type. `at` is its line node, for the lines of
    /// inline properties.
    fn prop_type(&mut self, v: &'a Value, depth: usize, at: At) -> PropType {
        let v = untag(v);
        let mut t = PropType::default();
        if depth > MAX_NESTING {
            self.too_deep(&mut t);
            return t;
        }
        if v.as_mapping().is_none() {
            return t;
        }
        read_constraints(v, &mut t);
        if let Some(target) = get(v, "$ref").and_then(Value::as_str) {
            self.ref_type(target, &mut t, depth);
            return t;
        }
        if let Some(members) = get(v, "allOf").and_then(Value::as_sequence) {
            self.all_of_type(members, &mut t, depth, self.sub(at, "allOf"));
            if let JsonType::Object(props) = &mut t.kind {
                let own = self.properties(v, depth, at, None);
                merge_properties(props, own);
            }
            return t;
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(members) = get(v, key).and_then(Value::as_sequence) {
                self.one_of_type(key, members, &mut t, depth);
                return t;
            }
        }
        let ty = type_name(v, &mut t);
        match ty.as_deref() {
            Some("string") => t.kind = JsonType::String,
            Some("integer") => t.kind = JsonType::Integer,
            Some("number") => t.kind = JsonType::Number,
            Some("boolean") => t.kind = JsonType::Boolean,
            Some("array") => {
                let items = match get(v, "items") {
                    Some(items) => self.prop_type(items, depth + 1, self.sub(at, "items")),
                    None => PropType::default(),
                };
                t.kind = JsonType::Array(Box::new(items));
            }
            Some("object") => {
                let props = self.properties(v, depth, at, None);
                t.kind = JsonType::Object(props);
            }
            _ => {}
        }
        t
    }

    fn all_of_type(&mut self, members: &'a [Value], t: &mut PropType, depth: usize, at: At) {
        let refs: Vec<&str> = members
            .iter()
            .filter_map(|m| get(untag(m), "$ref").and_then(Value::as_str))
            .collect();
        let inline_has_props = members
            .iter()
            .any(|m| get(untag(m), "properties").is_some());
        if refs.len() == 1 && !inline_has_props {
            // `allOf: [$ref: X]` + `nullable: true`: the 3.0 way to say a
            // nullable reference.
            for m in members {
                let m = untag(m);
                if get(m, "$ref").is_none() {
                    read_constraints(m, t);
                }
            }
            if let Some(target) = refs.first() {
                self.ref_type(target, t, depth);
            }
            return;
        }
        if refs.is_empty() && !inline_has_props {
            // Only constraints: merge them over the first member's type.
            if let Some(first) = members.first() {
                let inner = self.prop_type(first, depth + 1, None);
                let note = t.note.take();
                let desc = std::mem::take(&mut t.description);
                let nullable = t.nullable;
                *t = PropType {
                    nullable: nullable || inner.nullable,
                    description: if desc.is_empty() {
                        inner.description.clone()
                    } else {
                        desc
                    },
                    note,
                    ..inner
                };
                for m in members.iter().skip(1) {
                    read_constraints(untag(m), t);
                }
            }
            return;
        }
        let mut props = Vec::new();
        let mut bases = Vec::new();
        let mut visited = Vec::new();
        self.collect_all_of(members, depth, at, &mut props, &mut bases, &mut visited);
        t.kind = JsonType::Object(props);
        if !bases.is_empty() {
            t.note = Some(format!("allOf: {}", bases.join(" + ")));
        }
    }

    fn one_of_type(&mut self, key: &str, members: &'a [Value], t: &mut PropType, depth: usize) {
        let non_null: Vec<&Value> = members
            .iter()
            .map(untag)
            .filter(|m| get(m, "type").and_then(Value::as_str) != Some("null"))
            .collect();
        if non_null.len() == 1 && non_null.len() < members.len() {
            // `oneOf: [X, {type: null}]` is 3.1's nullable X.
            if let Some(only) = non_null.first() {
                let inner = self.prop_type(only, depth + 1, None);
                let desc = std::mem::take(&mut t.description);
                *t = PropType {
                    nullable: true,
                    description: if desc.is_empty() {
                        inner.description.clone()
                    } else {
                        desc
                    },
                    ..inner
                };
            }
            return;
        }
        let names: Vec<String> = non_null
            .iter()
            .map(|m| match get(m, "$ref").and_then(Value::as_str) {
                Some(r) => r.rsplit('/').next().unwrap_or(r).to_string(),
                None => get(m, "type")
                    .map(scalar)
                    .unwrap_or_else(|| "inline".into()),
            })
            .collect();
        t.kind = JsonType::Unknown;
        t.note = Some(format!("{key}: {}", names.join(" | ")));
    }

    /// Properties of an inline object, with `required` applied.
    fn properties(
        &mut self,
        v: &'a Value,
        depth: usize,
        at: At,
        from: Option<&str>,
    ) -> Vec<Property> {
        let mut out = Vec::new();
        let Some(props) = get(v, "properties").and_then(Value::as_mapping) else {
            return out;
        };
        let lines = self.sub_map(self.sub(at, "properties"));
        for (key, value) in props {
            let name = scalar(key);
            let prop_at = lines.get(&name).copied();
            let ty = self.prop_type(value, depth + 1, prop_at);
            out.push(Property {
                name,
                description: ty.description.clone(),
                ty,
                required: false,
                inherited_from: from.map(str::to_string),
                loc: self.loc(prop_at),
            });
        }
        apply_required(v, &mut out);
        out
    }

    /// Merges the properties of `allOf` members into `out`: referenced
    /// bases first (recursively, each once), then inline members.
    fn collect_all_of(
        &mut self,
        members: &'a [Value],
        depth: usize,
        at: At,
        out: &mut Vec<Property>,
        bases: &mut Vec<String>,
        visited: &mut Vec<String>,
    ) {
        if depth > MAX_NESTING {
            return;
        }
        // Lines of inline members: the n-th `properties:` key under `allOf`.
        let inline_props_at: Vec<usize> = at
            .map(|n| {
                self.lines
                    .children(Some(n))
                    .into_iter()
                    .filter(|(k, _)| *k == "properties")
                    .map(|(_, i)| i)
                    .collect()
            })
            .unwrap_or_default();
        let mut inline_index = 0;
        for member in members {
            let member = untag(member);
            if let Some(target) = get(member, "$ref").and_then(Value::as_str) {
                let prefix = self.schemas_prefix();
                let Some(name) = target
                    .strip_prefix(prefix)
                    .filter(|r| !r.contains('/'))
                    .map(decode_pointer_token)
                else {
                    if target.starts_with('#') {
                        if let Some(v) = resolve_pointer(self.root, target) {
                            let props = self.properties(untag(v), depth + 1, None, None);
                            merge_properties(out, props);
                        } else {
                            self.warn_missing(target);
                        }
                    } else {
                        self.warn_remote(target);
                    }
                    continue;
                };
                bases.push(name.clone());
                self.inherit(&name, depth + 1, out, visited);
                continue;
            }
            let member_at = if get(member, "properties").is_some() {
                let node = inline_props_at.get(inline_index).copied();
                inline_index += 1;
                // `properties()` looks for `properties` under the node it is
                // given; hand it the parent-less property block directly.
                node
            } else {
                None
            };
            let mut props = Vec::new();
            if let Some(map) = get(member, "properties").and_then(Value::as_mapping) {
                let lines = self.sub_map(member_at);
                for (key, value) in map {
                    let name = scalar(key);
                    let prop_at = lines.get(&name).copied();
                    let ty = self.prop_type(value, depth + 1, prop_at);
                    props.push(Property {
                        name,
                        description: ty.description.clone(),
                        ty,
                        required: false,
                        inherited_from: None,
                        loc: self.loc(prop_at),
                    });
                }
            }
            merge_properties(out, props);
            if let Some(nested) = get(member, "allOf").and_then(Value::as_sequence) {
                self.collect_all_of(nested, depth + 1, None, out, bases, visited);
            }
            apply_required(member, out);
        }
    }

    /// Adds the properties of component schema `name` (and its own bases)
    /// to `out`, marked as inherited from it.
    fn inherit(
        &mut self,
        name: &str,
        depth: usize,
        out: &mut Vec<Property>,
        visited: &mut Vec<String>,
    ) {
        if visited.iter().any(|v| v == name) || depth > MAX_NESTING {
            return;
        }
        visited.push(name.to_string());
        let Some(v) = self.schema_value(name) else {
            let target = format!("{}{name}", self.schemas_prefix());
            self.warn_missing(&target);
            return;
        };
        let at = self.schema_lines.get(name).copied();
        if let Some(members) = get(v, "allOf").and_then(Value::as_sequence) {
            let mut base_bases = Vec::new();
            let mut inherited = Vec::new();
            self.collect_all_of(
                members,
                depth + 1,
                self.sub(at, "allOf"),
                &mut inherited,
                &mut base_bases,
                visited,
            );
            for p in &mut inherited {
                if p.inherited_from.is_none() {
                    p.inherited_from = Some(name.to_string());
                }
            }
            merge_properties(out, inherited);
        }
        let own = self.properties(v, depth, at, Some(name));
        merge_properties(out, own);
    }

    fn schema_value(&self, name: &str) -> Option<&'a Value> {
        let mut v = self.root;
        for key in self.schemas_path() {
            v = get(v, key)?;
        }
        get(v, name).map(untag)
    }

    // ---- component schemas ---------------------------------------------------

    fn schemas(&mut self) -> Vec<Schema> {
        let mut container = Some(self.root);
        for key in self.schemas_path() {
            container = container.and_then(|c| get(c, key));
        }
        let Some(map) = container.and_then(Value::as_mapping) else {
            return Vec::new();
        };
        self.schema_names = map.keys().map(scalar).collect();
        let container_at = self.lines.find(self.schemas_path());
        self.schema_lines = self.sub_map(container_at);
        let mut out = Vec::new();
        for (key, value) in map {
            let name = scalar(key);
            let at = self.schema_lines.get(&name).copied();
            out.push(self.schema(name, untag(value), at));
        }
        out
    }

    fn schema(&mut self, name: String, v: &'a Value, at: At) -> Schema {
        let mut properties = Vec::new();
        let mut all_of = Vec::new();
        let mut visited = vec![name.clone()];
        let mut ty = PropType::default();
        read_constraints(v, &mut ty);
        if let Some(members) = get(v, "allOf").and_then(Value::as_sequence) {
            self.collect_all_of(
                members,
                1,
                self.sub(at, "allOf"),
                &mut properties,
                &mut all_of,
                &mut visited,
            );
            ty.kind = JsonType::Object(Vec::new());
        } else if let Some(target) = get(v, "$ref").and_then(Value::as_str) {
            // An alias schema: `Foo: {$ref: Bar}`.
            self.ref_type(target, &mut ty, 1);
        } else {
            let whole = self.prop_type(v, 1, at);
            ty = match whole.kind {
                JsonType::Object(props) => {
                    properties = props;
                    PropType {
                        kind: JsonType::Object(Vec::new()),
                        ..whole
                    }
                }
                _ => whole,
            };
        }
        let own = self.properties_if_untyped(v, &ty, at);
        merge_properties(&mut properties, own);
        apply_required(v, &mut properties);
        if !properties.is_empty() && ty.kind == JsonType::Unknown {
            ty.kind = JsonType::Object(Vec::new());
        }
        Schema {
            name,
            description: ty.description.clone(),
            properties,
            all_of,
            ty,
            loc: self.loc(at),
        }
    }

    /// Own `properties` of a schema whose object-ness `prop_type` did not
    /// already read (`allOf` plus own properties, or a `$ref` with siblings).
    fn properties_if_untyped(&mut self, v: &'a Value, ty: &PropType, at: At) -> Vec<Property> {
        let read_already = get(v, "allOf").is_none() && get(v, "$ref").is_none();
        if read_already && matches!(ty.kind, JsonType::Object(_)) {
            return Vec::new();
        }
        self.properties(v, 1, at, None)
    }

    // ---- endpoints -------------------------------------------------------------

    fn endpoints(&mut self) -> Vec<Endpoint> {
        let Some(paths) = get(self.root, "paths").and_then(Value::as_mapping) else {
            return Vec::new();
        };
        let path_lines = self.sub_map(self.lines.find(&["paths"]));
        let mut out = Vec::new();
        for (key, item) in paths {
            let path = scalar(key);
            let item_at = path_lines.get(&path).copied();
            let Some(item) = self.deref(item) else {
                continue;
            };
            let Some(item_map) = item.as_mapping() else {
                continue;
            };
            let (common, _) = self.parameters(get(item, "parameters"));
            for (method_key, op) in item_map {
                let method_name = scalar(method_key);
                if !METHODS.contains(&method_name.to_lowercase().as_str()) {
                    continue;
                }
                let op = untag(op);
                let op_at = self.sub(item_at, &method_name);
                let (own, body_param) = self.parameters(get(op, "parameters"));
                let mut parameters = common.clone();
                for p in own {
                    match parameters
                        .iter_mut()
                        .find(|q| q.name == p.name && q.location == p.location)
                    {
                        Some(q) => *q = p,
                        None => parameters.push(p),
                    }
                }
                let request = match get(op, "requestBody") {
                    Some(body) => self.request_body(body),
                    None => body_param,
                };
                let responses = self.responses(get(op, "responses"));
                let response_description = self.success_description(get(op, "responses"));
                out.push(Endpoint {
                    method: method_name.to_uppercase(),
                    path: path.clone(),
                    summary: get(op, "summary").map(scalar).unwrap_or_default(),
                    description: get(op, "description").map(scalar).unwrap_or_default(),
                    operation_id: get(op, "operationId").map(scalar).unwrap_or_default(),
                    tags: get(op, "tags")
                        .and_then(Value::as_sequence)
                        .map(|s| s.iter().map(scalar).collect())
                        .unwrap_or_default(),
                    parameters,
                    request,
                    responses,
                    response_description,
                    loc: self.loc(op_at),
                });
            }
        }
        out
    }

    /// Parameters (refs resolved) and, for Swagger 2.0, the `in: body` schema.
    fn parameters(&mut self, list: Option<&'a Value>) -> (Vec<Parameter>, Option<PropType>) {
        let mut out: Vec<Parameter> = Vec::new();
        let mut body = None;
        let Some(list) = list.map(untag).and_then(Value::as_sequence) else {
            return (out, body);
        };
        for item in list {
            let Some(p) = self.deref(item) else {
                continue;
            };
            let name = get(p, "name").map(scalar).unwrap_or_default();
            let location = match get(p, "in").map(scalar).as_deref() {
                Some("path") => ParamLocation::Path,
                Some("query") => ParamLocation::Query,
                Some("header") => ParamLocation::Header,
                Some("cookie") => ParamLocation::Cookie,
                Some("body") => {
                    body = get(p, "schema").map(|s| self.prop_type(s, 1, None));
                    continue;
                }
                // formData and unknown locations carry no storage meaning.
                _ => continue,
            };
            let mut ty = if let Some(schema) = get(p, "schema") {
                self.prop_type(schema, 1, None)
            } else if let Some(content) = get(p, "content") {
                self.media_schema(content).unwrap_or_default()
            } else {
                // Swagger 2.0: the type sits on the parameter itself.
                self.prop_type(p, 1, None)
            };
            let description = get(p, "description").map(scalar).unwrap_or_default();
            if ty.description.is_empty() {
                ty.description = description.clone();
            }
            let param = Parameter {
                required: location == ParamLocation::Path
                    || get(p, "required").and_then(Value::as_bool).unwrap_or(false),
                name,
                location,
                ty,
                description,
            };
            match out
                .iter_mut()
                .find(|q| q.name == param.name && q.location == param.location)
            {
                Some(q) => *q = param,
                None => out.push(param),
            }
        }
        (out, body)
    }

    fn request_body(&mut self, body: &'a Value) -> Option<PropType> {
        let body = self.deref(body)?;
        let content = get(body, "content")?;
        self.media_schema(content)
    }

    /// The schema of the JSON media type (or the first one).
    fn media_schema(&mut self, content: &'a Value) -> Option<PropType> {
        let map = untag(content).as_mapping()?;
        let media = map
            .iter()
            .find(|(k, _)| scalar(k).contains("json"))
            .or_else(|| map.iter().next())
            .map(|(_, v)| untag(v))?;
        let schema = get(media, "schema")?;
        Some(self.prop_type(schema, 1, None))
    }

    /// The `description` of the first 2xx response (refs followed).
    fn success_description(&mut self, responses: Option<&'a Value>) -> String {
        let Some(map) = responses.map(untag).and_then(Value::as_mapping) else {
            return String::new();
        };
        map.iter()
            .filter(|(status, _)| scalar(status).starts_with('2'))
            .find_map(|(_, r)| {
                self.deref(r)
                    .and_then(|r| get(r, "description"))
                    .map(scalar)
            })
            .unwrap_or_default()
    }

    fn responses(&mut self, responses: Option<&'a Value>) -> Vec<(String, Option<PropType>)> {
        let Some(map) = responses.map(untag).and_then(Value::as_mapping) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (status, r) in map {
            let ty = self.deref(r).and_then(|r| {
                if let Some(content) = get(r, "content") {
                    self.media_schema(content)
                } else {
                    // Swagger 2.0 puts the schema on the response.
                    get(r, "schema").map(|s| self.prop_type(s, 1, None))
                }
            });
            out.push((scalar(status), ty));
        }
        out
    }
}

/// Byte offset where flow nesting (`[`, `{` outside quotes and comments) or
/// a run of `- ` markers on one line goes past [`MAX_YAML_NESTING`]. A rough
/// lexer: it only has to be right about text that nests absurdly deep.
fn excessive_nesting(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut quote: Option<u8> = None;
    let mut line_start = true;
    let mut dashes = 0usize;
    let mut prev = b'\n';
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'\n' {
            line_start = true;
            dashes = 0;
            prev = b;
            i += 1;
            continue;
        }
        if let Some(q) = quote {
            if b == b'\\' && q == b'"' {
                i += 2;
                continue;
            }
            if b == q {
                quote = None;
            }
            prev = b;
            i += 1;
            continue;
        }
        let after_space = matches!(prev, b' ' | b'\t' | b'\n');
        match b {
            b'#' if after_space => {
                // A comment: skip to the end of the line.
                while bytes.get(i).is_some_and(|&c| c != b'\n') {
                    i += 1;
                }
                continue;
            }
            b'\'' | b'"' if after_space || matches!(prev, b'[' | b'{' | b',' | b':') => {
                quote = Some(b);
            }
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_YAML_NESTING {
                    return Some(i);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            b'-' if line_start && matches!(bytes.get(i + 1), Some(b' ')) => {
                dashes += 1;
                if dashes > MAX_YAML_NESTING {
                    return Some(i);
                }
            }
            b' ' | b'\t' => {}
            _ => line_start = false,
        }
        prev = b;
        i += 1;
    }
    None
}

/// serde_norway's error as a diagnostic: its location moves into the
/// diagnostic's line and column instead of being repeated in the message.
fn yaml_error(e: &serde_norway::Error, text: &str, file: &Path) -> Diagnostic {
    let mut message = e.to_string();
    let location = e.location();
    if let Some(l) = &location {
        let at = format!(" at line {} column {}", l.line(), l.column());
        if let Some(pos) = message.find(&at) {
            message.replace_range(pos..pos + at.len(), "");
        }
    }
    let help = if message.contains("repetition limit") {
        "the contract is skipped: its YAML aliases (`*name`) expand to too many nodes"
    } else if message.contains("recursion limit") {
        "the contract is skipped: it nests deeper than the YAML reader allows"
    } else {
        "the contract is skipped; fix the YAML syntax here"
    };
    let (line, col) = location.map_or((0, 0), |l| {
        crate::diag::clamp_position(text, l.line(), l.column())
    });
    Diagnostic::warning(format!("not valid YAML: {message}"))
        .in_file(file)
        .at(line, col)
        .with_help(help)
}

// ---- value helpers ---------------------------------------------------------------

fn untag(v: &Value) -> &Value {
    let mut v = v;
    while let Value::Tagged(t) = v {
        v = &t.value;
    }
    v
}

fn get<'v>(v: &'v Value, key: &str) -> Option<&'v Value> {
    untag(v).as_mapping()?.get(key).map(untag)
}

/// A scalar as text (`200` and `'200'` alike); collections as JSON.
fn scalar(v: &Value) -> String {
    match untag(v) {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Null => String::new(),
        other => serde_json::to_string(other).unwrap_or_default(),
    }
}

fn as_u64(v: &Value) -> Option<u64> {
    match untag(v) {
        Value::Number(n) => n.as_u64().or_else(|| {
            n.as_f64()
                .filter(|f| *f >= 0.0 && f.fract() == 0.0)
                .map(|f| f as u64)
        }),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn as_f64(v: &Value) -> Option<f64> {
    match untag(v) {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// The `type` keyword; 3.1's `type: [string, "null"]` sets `nullable`.
fn type_name(v: &Value, t: &mut PropType) -> Option<String> {
    match get(v, "type") {
        Some(Value::Sequence(types)) => {
            let names: Vec<String> = types.iter().map(scalar).collect();
            if names.iter().any(|n| n == "null") {
                t.nullable = true;
            }
            names.into_iter().find(|n| n != "null")
        }
        Some(other) => Some(scalar(other)),
        None => {
            if get(v, "properties").is_some() || get(v, "additionalProperties").is_some() {
                Some("object".into())
            } else if get(v, "items").is_some() {
                Some("array".into())
            } else if let Some(values) = get(v, "enum").and_then(Value::as_sequence) {
                let first = values.iter().map(untag).find(|x| !x.is_null());
                match first {
                    Some(Value::Bool(_)) => Some("boolean".into()),
                    Some(Value::Number(n)) if n.is_f64() => Some("number".into()),
                    Some(Value::Number(_)) => Some("integer".into()),
                    Some(_) => Some("string".into()),
                    None => None,
                }
            } else {
                None
            }
        }
    }
}

/// Constraint keywords that sit beside `type` (or beside a `$ref`/`allOf`).
fn read_constraints(v: &Value, t: &mut PropType) {
    if let Some(s) = get(v, "format") {
        t.format = Some(scalar(s));
    }
    if let Some(n) = get(v, "maxLength").and_then(as_u64) {
        t.max_length = Some(n);
    }
    if let Some(n) = get(v, "minLength").and_then(as_u64) {
        t.min_length = Some(n);
    }
    if let Some(n) = get(v, "minimum").and_then(as_f64) {
        t.minimum = Some(n);
    }
    if let Some(n) = get(v, "maximum").and_then(as_f64) {
        t.maximum = Some(n);
    }
    if let Some(n) = get(v, "multipleOf").and_then(as_f64) {
        t.multiple_of = Some(n);
    }
    // 3.1 writes exclusive bounds as numbers.
    if t.minimum.is_none() {
        t.minimum = get(v, "exclusiveMinimum").and_then(as_f64);
    }
    if t.maximum.is_none() {
        t.maximum = get(v, "exclusiveMaximum").and_then(as_f64);
    }
    if let Some(values) = get(v, "enum").and_then(Value::as_sequence) {
        t.enum_values.clear();
        for value in values {
            if untag(value).is_null() {
                t.nullable = true;
            } else {
                t.enum_values.push(scalar(value));
            }
        }
    }
    if let Some(s) = get(v, "pattern") {
        t.pattern = Some(scalar(s));
    }
    if let Some(d) = get(v, "default") {
        if !d.is_null() {
            t.default = Some(scalar(d));
        }
    }
    if get(v, "nullable").and_then(Value::as_bool) == Some(true)
        || get(v, "x-nullable").and_then(Value::as_bool) == Some(true)
    {
        t.nullable = true;
    }
    if get(v, "readOnly").and_then(Value::as_bool) == Some(true) {
        t.read_only = true;
    }
    if get(v, "writeOnly").and_then(Value::as_bool) == Some(true) {
        t.write_only = true;
    }
    if let Some(n) = get(v, "maxItems").and_then(as_u64) {
        t.max_items = Some(n);
    }
    if let Some(n) = get(v, "minItems").and_then(as_u64) {
        t.min_items = Some(n);
    }
    if let Some(d) = get(v, "description").or_else(|| get(v, "title")) {
        let d = scalar(d);
        if !d.trim().is_empty() {
            t.description = d.trim().to_string();
        }
    }
}

fn apply_required(v: &Value, props: &mut [Property]) {
    let Some(required) = get(v, "required").and_then(Value::as_sequence) else {
        return;
    };
    for name in required.iter().map(scalar) {
        for p in props.iter_mut().filter(|p| p.name == name) {
            p.required = true;
        }
    }
}

/// Later definitions of a property replace earlier ones in place (a
/// subschema refines its base); `required` stays once set. Linear: long
/// inheritance chains merge hundreds of properties.
fn merge_properties(out: &mut Vec<Property>, props: Vec<Property>) {
    if props.is_empty() {
        return;
    }
    let mut index: HashMap<String, usize> = out
        .iter()
        .enumerate()
        .map(|(i, p)| (p.name.clone(), i))
        .collect();
    for p in props {
        match index.get(&p.name).and_then(|&i| out.get_mut(i)) {
            Some(q) => {
                let required = q.required || p.required;
                *q = p;
                q.required = required;
            }
            None => {
                index.insert(p.name.clone(), out.len());
                out.push(p);
            }
        }
    }
}

/// `#/a/b~1c` -> the value at `a` / `b/c`; sequence indexes allowed.
fn resolve_pointer<'v>(root: &'v Value, pointer: &str) -> Option<&'v Value> {
    let path = pointer.strip_prefix('#')?;
    let mut cur = untag(root);
    if path.is_empty() {
        return Some(cur);
    }
    for token in path.strip_prefix('/')?.split('/') {
        let token = decode_pointer_token(token);
        cur = match cur {
            Value::Mapping(m) => m.get(token.as_str())?,
            Value::Sequence(s) => s.get(token.parse::<usize>().ok()?)?,
            _ => return None,
        };
        cur = untag(cur);
    }
    Some(cur)
}

/// JSON Pointer unescaping (`~1` -> `/`, `~0` -> `~`) plus URI percent
/// decoding, which OpenAPI refs use for spaces and `{}`.
fn decode_pointer_token(token: &str) -> String {
    let unescaped = token.replace("~1", "/").replace("~0", "~");
    if !unescaped.contains('%') {
        return unescaped;
    }
    let bytes = unescaped.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes.get(i), hex) {
            (Some(b'%'), Some(b)) => {
                out.push(b);
                i += 3;
            }
            (Some(&b), _) => {
                out.push(b);
                i += 1;
            }
            (None, _) => break,
        }
    }
    String::from_utf8(out).unwrap_or(unescaped)
}
