use super::*;
use std::path::Path;

const BOOKMARKS: &str = include_str!("../../../tests/fixtures/contract/backend-bookmarks.yaml");
const LIBRARY: &str = include_str!("../../../tests/fixtures/contract/backend-library.yaml");
const ACCOUNT: &str = include_str!("../../../tests/fixtures/contract/backend-account.yaml");
const DELIVERY: &str = include_str!("../../../tests/fixtures/contract/backend-delivery.yaml");
const RESTAURANT: &str = include_str!("../../../tests/fixtures/contract/backend-restaurant.yaml");

fn read(text: &str) -> Contract {
    parse(text, Path::new("docs/api-contracts/backend-x.yaml"))
}

fn warnings(c: &Contract) -> Vec<String> {
    c.diagnostics.iter().map(|d| d.to_string()).collect()
}

fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .map_or(0, |i| i + 1)
}

fn prop<'c>(c: &'c Contract, schema: &str, name: &str) -> &'c Property {
    let s = c
        .schema(schema)
        .unwrap_or_else(|| panic!("schema {schema} missing"));
    s.property(name)
        .unwrap_or_else(|| panic!("{schema}.{name} missing"))
}

fn endpoint<'c>(c: &'c Contract, method: &str, path: &str) -> &'c Endpoint {
    c.endpoints
        .iter()
        .find(|e| e.method == method && e.path == path)
        .unwrap_or_else(|| panic!("{method} {path} missing"))
}

// ---- the example contracts ----------------------------------------------------

#[test]
fn bookmarks_schemas_in_file_order_with_properties() {
    let c = read(BOOKMARKS);
    assert!(c.diagnostics.is_empty(), "{:?}", warnings(&c));
    assert_eq!(c.title, "backend-bookmarks API");
    assert_eq!(c.version, "3.0.3");
    let names: Vec<&str> = c.schemas.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Error",
            "SignUpRequest",
            "SignInRequest",
            "TokenResponse",
            "User",
            "Bookmark",
            "BookmarkInput",
            "BookmarkUpdate",
            "BookmarkList",
            "TagCount"
        ]
    );
    let url = prop(&c, "Bookmark", "url");
    assert_eq!(url.ty.kind, JsonType::String);
    assert_eq!(url.ty.max_length, Some(2048));
    assert!(url.required);
    assert_eq!(url.description, "Unique per user");
    let title = prop(&c, "Bookmark", "title");
    assert!(title.ty.nullable && !title.required);
    let user_id = prop(&c, "Bookmark", "user_id");
    assert!(user_id.ty.read_only);
    assert_eq!(user_id.ty.format.as_deref(), Some("uuid"));
    let tags = prop(&c, "Bookmark", "tags");
    assert_eq!(tags.ty.max_items, Some(10));
    match &tags.ty.kind {
        JsonType::Array(items) => {
            assert_eq!(items.kind, JsonType::String);
            assert_eq!(items.max_length, Some(30));
        }
        other => panic!("tags: {other:?}"),
    }
    let pw = prop(&c, "SignUpRequest", "password");
    assert_eq!((pw.ty.min_length, pw.ty.max_length), (Some(10), Some(128)));
    assert_eq!(
        prop(&c, "BookmarkInput", "url").ty.pattern.as_deref(),
        Some("^https?://")
    );
    assert_eq!(
        prop(&c, "TokenResponse", "user").ty.kind,
        JsonType::Ref("User".into())
    );
    let items = &prop(&c, "BookmarkList", "items").ty;
    assert_eq!(items.ref_name(), Some("Bookmark"));
}

#[test]
fn bookmarks_lines_point_at_the_keys() {
    let c = read(BOOKMARKS);
    let bookmark = c.schema("Bookmark").unwrap();
    assert_eq!(bookmark.loc.line, line_of(BOOKMARKS, "    Bookmark:"));
    assert_eq!(
        bookmark.loc.file,
        Path::new("docs/api-contracts/backend-x.yaml")
    );
    let url = bookmark.property("url").unwrap();
    // The first `url:` after the Bookmark schema key.
    let expected = BOOKMARKS
        .lines()
        .enumerate()
        .skip(bookmark.loc.line)
        .find(|(_, l)| l.trim() == "url:")
        .map(|(i, _)| i + 1)
        .unwrap();
    assert_eq!(url.loc.line, expected);
    let list = endpoint(&c, "GET", "/api/v1/bookmarks");
    assert_eq!(
        list.loc.line,
        line_of(BOOKMARKS, "  /api/v1/bookmarks:") + 1
    );
    // Every schema, property and endpoint of a plain YAML contract is found.
    for s in &c.schemas {
        assert!(s.loc.line > 0, "{}", s.name);
        for p in &s.properties {
            assert!(p.loc.line > 0, "{}.{}", s.name, p.name);
        }
    }
    for e in &c.endpoints {
        assert!(e.loc.line > 0, "{} {}", e.method, e.path);
    }
}

#[test]
fn bookmarks_endpoints_with_parameters_and_bodies() {
    let c = read(BOOKMARKS);
    let got: Vec<String> = c
        .endpoints
        .iter()
        .map(|e| format!("{} {}", e.method, e.path))
        .collect();
    assert_eq!(
        got,
        [
            "GET /health",
            "POST /api/v1/users",
            "POST /api/v1/sessions",
            "GET /api/v1/users/me",
            "GET /api/v1/bookmarks",
            "POST /api/v1/bookmarks",
            "GET /api/v1/bookmarks/{bookmark_id}",
            "PATCH /api/v1/bookmarks/{bookmark_id}",
            "DELETE /api/v1/bookmarks/{bookmark_id}",
            "GET /api/v1/tags"
        ]
    );
    let post = endpoint(&c, "POST", "/api/v1/bookmarks");
    assert_eq!(post.summary, "Save a bookmark");
    assert_eq!(
        post.request.as_ref().unwrap().kind,
        JsonType::Ref("BookmarkInput".into())
    );
    let statuses: Vec<&str> = post.responses.iter().map(|(s, _)| s.as_str()).collect();
    assert_eq!(statuses, ["201", "400", "401", "409", "500"]);
    // components/responses refs are resolved to their schema.
    let bad = &post.responses[1].1;
    assert_eq!(bad.as_ref().unwrap().kind, JsonType::Ref("Error".into()));

    // Path-level parameters are merged into every operation.
    let delete = endpoint(&c, "DELETE", "/api/v1/bookmarks/{bookmark_id}");
    assert_eq!(delete.parameters.len(), 1);
    let id = &delete.parameters[0];
    assert_eq!(
        (id.name.as_str(), id.location, id.required),
        ("bookmark_id", ParamLocation::Path, true)
    );
    assert_eq!(id.ty.format.as_deref(), Some("uuid"));
    assert_eq!(delete.responses[0], ("204".to_string(), None));

    let health = endpoint(&c, "GET", "/health");
    match &health.responses[0].1.as_ref().unwrap().kind {
        JsonType::Object(props) => {
            assert_eq!(props[0].name, "status");
            assert!(props[0].required);
            assert_eq!(props[0].ty.enum_values, ["ok"]);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn bookmarks_list_endpoints_filters_sort_pagination() {
    let c = read(BOOKMARKS);
    let lists = c.list_endpoints();
    let got: Vec<(String, Option<String>)> = lists
        .iter()
        .map(|l| (l.endpoint.path.clone(), l.item.clone()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "/api/v1/bookmarks".to_string(),
                Some("Bookmark".to_string())
            ),
            ("/api/v1/tags".to_string(), Some("TagCount".to_string())),
        ]
    );
    let bookmarks = &lists[0];
    let filters: Vec<&str> = bookmarks.filters.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(filters, ["tag", "q"]);
    assert_eq!(bookmarks.sort, ["-created_at", "title"]);
    let pages: Vec<&str> = bookmarks
        .pagination
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(pages, ["page", "page_size"]);
    let page_size = bookmarks.pagination[1];
    assert_eq!(page_size.ty.maximum, Some(100.0));
    assert_eq!(page_size.ty.default.as_deref(), Some("50"));
}

#[test]
fn bookmarks_schema_usage_and_touching_endpoints() {
    let c = read(BOOKMARKS);
    let usage = c.schema_usage("Bookmark");
    assert!(usage.in_responses && !usage.in_requests);
    let input = c.schema_usage("BookmarkInput");
    assert!(input.in_requests && !input.in_responses);
    // User is reached through TokenResponse as well as directly.
    assert!(c.schema_usage("User").in_responses);
    assert_eq!(c.schema_usage("Nope"), SchemaUsage::default());
    let touching: Vec<String> = c
        .endpoints_touching("Bookmark")
        .iter()
        .map(|e| format!("{} {}", e.method, e.path))
        .collect();
    assert_eq!(
        touching,
        [
            "GET /api/v1/bookmarks",
            "POST /api/v1/bookmarks",
            "GET /api/v1/bookmarks/{bookmark_id}",
            "PATCH /api/v1/bookmarks/{bookmark_id}"
        ]
    );
}

#[test]
fn library_refs_to_parameters_enums_and_nullable_all_of() {
    let c = read(LIBRARY);
    assert!(c.diagnostics.is_empty(), "{:?}", warnings(&c));
    let members = endpoint(&c, "GET", "/api/v1/members");
    let names: Vec<&str> = members.parameters.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "card_number",
            "email",
            "last_name",
            "status",
            "page",
            "page_size"
        ]
    );
    let status = &members.parameters[3];
    assert_eq!(status.ty.kind, JsonType::Ref("MemberStatus".into()));
    assert!(c.schema_usage("MemberStatus").in_parameters);
    // `allOf: [$ref]` + `nullable: true` is a nullable reference.
    let loan = prop(&c, "ReturnResult", "loan");
    assert_eq!(loan.ty.kind, JsonType::Ref("Loan".into()));
    assert!(loan.ty.nullable && !loan.required);
    // Enum schemas carry their values in `ty`.
    let copy_status = c.schema("CopyStatus").unwrap();
    assert_eq!(copy_status.ty.kind, JsonType::String);
    assert!(copy_status.ty.enum_values.contains(&"on_loan".to_string()));
    assert!(!copy_status.is_object());
    // Inline objects in arrays keep their properties and required.
    match &prop(&c, "BookInput", "contributors").ty.kind {
        JsonType::Array(items) => match &items.kind {
            JsonType::Object(props) => {
                assert_eq!(props.len(), 2);
                assert!(props.iter().all(|p| p.required));
                assert!(props[0].loc.line > 0);
            }
            other => panic!("{other:?}"),
        },
        other => panic!("{other:?}"),
    }
    assert_eq!(prop(&c, "BookInput", "contributors").ty.min_items, Some(1));
}

#[test]
fn every_example_contract_reads_cleanly_with_lines() {
    for (name, text) in [
        ("bookmarks", BOOKMARKS),
        ("account", ACCOUNT),
        ("delivery", DELIVERY),
        ("restaurant", RESTAURANT),
        ("library", LIBRARY),
    ] {
        let c = read(text);
        assert!(c.diagnostics.is_empty(), "{name}: {:?}", warnings(&c));
        assert!(c.schemas.len() >= 10, "{name}");
        assert!(c.endpoints.len() >= 10, "{name}");
        let source: Vec<&str> = text.lines().collect();
        let at = |line: usize| source.get(line.wrapping_sub(1)).map_or("", |l| l.trim());
        for s in &c.schemas {
            assert_eq!(at(s.loc.line), format!("{}:", s.name), "{name}");
            for p in &s.properties {
                assert!(
                    at(p.loc.line).starts_with(&format!("{}:", p.name)),
                    "{name}: {}.{} at {}",
                    s.name,
                    p.name,
                    p.loc.line
                );
            }
        }
        for e in &c.endpoints {
            assert_eq!(
                at(e.loc.line),
                format!("{}:", e.method.to_lowercase()),
                "{name}"
            );
            // The path key is the nearest less-indented line above.
            let path_line = source[..e.loc.line - 1]
                .iter()
                .rev()
                .find(|l| l.starts_with("  /"))
                .unwrap();
            assert_eq!(path_line.trim(), format!("{}:", e.path), "{name}");
        }
        assert!(!c.list_endpoints().is_empty(), "{name}");
    }
}

// ---- fixtures the team wrote --------------------------------------------------

const CHINESE: &str = include_str!("../../../tests/fixtures/contract/chinese.yaml");
const ALL_OF: &str = include_str!("../../../tests/fixtures/contract/all-of.yaml");
const CYCLES: &str = include_str!("../../../tests/fixtures/contract/cycles.yaml");
const BAD_REFS: &str = include_str!("../../../tests/fixtures/contract/bad-refs.yaml");
const NOT_OPENAPI: &str = include_str!("../../../tests/fixtures/contract/not-openapi.yaml");
const INVALID: &str = include_str!("../../../tests/fixtures/contract/invalid.yaml");
const SWAGGER2: &str = include_str!("../../../tests/fixtures/contract/swagger2.yaml");
const BOOKMARKS_JSON: &str = include_str!("../../../tests/fixtures/contract/bookmarks.json");

fn only_warnings(c: &Contract) -> bool {
    c.diagnostics
        .iter()
        .all(|d| d.severity == crate::diag::Severity::Warning)
}

#[test]
fn chinese_names_descriptions_and_enums() {
    let c = read(CHINESE);
    assert!(c.diagnostics.is_empty(), "{:?}", warnings(&c));
    assert_eq!(c.title, "订单服务 API");
    let order = c.schema("订单").unwrap();
    assert_eq!(order.description, "一笔外卖订单");
    assert_eq!(order.loc.line, line_of(CHINESE, "    订单:"));
    let amount = order.property("金额").unwrap();
    assert!(amount.required);
    assert_eq!(amount.description, "以分为单位");
    assert_eq!(amount.loc.line, line_of(CHINESE, "        金额:"));
    assert_eq!(
        order.property("备注").unwrap().description,
        "顾客备注: 少辣"
    );
    assert_eq!(
        order.property("状态").unwrap().ty.kind,
        JsonType::Ref("订单状态".into())
    );
    assert_eq!(
        c.schema("订单状态").unwrap().ty.enum_values,
        ["待支付", "已下单", "已完成"]
    );
    let lists = c.list_endpoints();
    assert_eq!(lists.len(), 1);
    assert_eq!(lists[0].endpoint.path, "/api/v1/订单");
    assert_eq!(lists[0].endpoint.loc.line, line_of(CHINESE, "    get:"));
    assert_eq!(lists[0].item.as_deref(), Some("订单"));
    assert_eq!(lists[0].sort, ["-下单时间", "金额"]);
    assert_eq!(lists[0].filters[0].name, "status");
    assert_eq!(lists[0].pagination[0].name, "limit");
}

#[test]
fn crlf_and_bom_read_like_lf() {
    let messy = format!("\u{feff}{}", BOOKMARKS.replace('\n', "\r\n"));
    let a = read(BOOKMARKS);
    let b = read(&messy);
    assert!(b.diagnostics.is_empty(), "{:?}", warnings(&b));
    assert_eq!(a.schemas.len(), b.schemas.len());
    for (x, y) in a.schemas.iter().zip(&b.schemas) {
        assert_eq!(x.name, y.name);
        assert_eq!(x.loc, y.loc);
        assert_eq!(x.properties, y.properties);
    }
    let lines_a: Vec<usize> = a.endpoints.iter().map(|e| e.loc.line).collect();
    let lines_b: Vec<usize> = b.endpoints.iter().map(|e| e.loc.line).collect();
    assert_eq!(lines_a, lines_b);
}

#[test]
fn json_contracts_read_the_same_with_lines_when_pretty() {
    let yaml = read(BOOKMARKS);
    let json = read(BOOKMARKS_JSON);
    assert!(json.diagnostics.is_empty(), "{:?}", warnings(&json));
    let names =
        |c: &Contract| -> Vec<String> { c.schemas.iter().map(|s| s.name.clone()).collect() };
    assert_eq!(names(&yaml), names(&json));
    assert_eq!(yaml.endpoints.len(), json.endpoints.len());
    let bookmark = json.schema("Bookmark").unwrap();
    assert_eq!(
        bookmark.loc.line,
        line_of(BOOKMARKS_JSON, "\"Bookmark\": {")
    );
    assert!(bookmark.properties.iter().all(|p| p.loc.line > 0));
    assert_eq!(
        bookmark.property("url").unwrap().ty,
        yaml.schema("Bookmark").unwrap().property("url").unwrap().ty
    );
    // Minified JSON still reads; lines may be unknown (0), never wrong.
    let minified: String = BOOKMARKS_JSON.lines().map(str::trim).collect();
    let min = read(&minified);
    assert!(min.diagnostics.is_empty(), "{:?}", warnings(&min));
    assert_eq!(names(&min), names(&yaml));
    assert!(min.schemas.iter().all(|s| s.loc.line <= 1));
}

#[test]
fn all_of_lists_bases_and_merges_their_properties() {
    let c = read(ALL_OF);
    assert!(c.diagnostics.is_empty(), "{:?}", warnings(&c));
    let product = c.schema("Product").unwrap();
    assert_eq!(product.all_of, ["Named"]);
    assert_eq!(product.description, "A thing for sale");
    assert!(product.is_object());
    let got: Vec<(&str, bool, Option<&str>)> = product
        .properties
        .iter()
        .map(|p| (p.name.as_str(), p.required, p.inherited_from.as_deref()))
        .collect();
    assert_eq!(
        got,
        [
            ("id", true, Some("Entity")),
            // Required by Product's inline member, declared by Entity.
            ("created_at", true, Some("Entity")),
            // Redefined by Product: its own maxLength wins, still required.
            ("name", true, None),
            ("price_cents", false, None),
            ("sku", false, None),
        ]
    );
    assert_eq!(product.property("name").unwrap().ty.max_length, Some(120));
    // Lines of inherited properties point at the base's declaration.
    assert_eq!(
        product.property("id").unwrap().loc.line,
        line_of(ALL_OF, "        id:")
    );
    assert_eq!(
        product.property("price_cents").unwrap().loc.line,
        line_of(ALL_OF, "price_cents:")
    );
    assert_eq!(
        product.property("sku").unwrap().loc.line,
        line_of(ALL_OF, "sku:")
    );
    let named = c.schema("Named").unwrap();
    assert_eq!(named.all_of, ["Entity"]);
    assert_eq!(named.properties.len(), 3);
    // The base itself is untouched.
    assert_eq!(c.schema("Entity").unwrap().properties.len(), 2);
}

#[test]
fn one_of_any_of_are_unknown_with_a_note_and_nullable_idioms_read() {
    let c = read(ALL_OF);
    let pet = c.schema("Pet").unwrap();
    assert_eq!(pet.ty.kind, JsonType::Unknown);
    assert_eq!(pet.ty.note.as_deref(), Some("oneOf: Cat | Dog"));
    let owner = prop(&c, "Dog", "owner");
    assert_eq!(owner.ty.kind, JsonType::Ref("Named".into()));
    assert!(owner.ty.nullable);
    let nickname = prop(&c, "Dog", "nickname");
    assert_eq!(nickname.ty.kind, JsonType::String);
    assert!(nickname.ty.nullable);
    assert_eq!(nickname.ty.max_length, Some(20));
}

#[test]
fn self_and_mutual_references_end_with_warnings() {
    let c = read(CYCLES);
    assert!(only_warnings(&c));
    // Schema refs are kept by name: the cycle is just data.
    let node = c.schema("Node").unwrap();
    assert_eq!(
        node.property("parent").unwrap().ty.kind,
        JsonType::Ref("Node".into())
    );
    assert_eq!(
        prop(&c, "Partner", "node").ty.kind,
        JsonType::Ref("Node".into())
    );
    // allOf cycles: each side gets the other's own properties once.
    let a: Vec<&str> = c
        .schema("A")
        .unwrap()
        .properties
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(a, ["b", "a"]);
    let b: Vec<&str> = c
        .schema("B")
        .unwrap()
        .properties
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(b, ["a", "b"]);
    // Parameter/response/body ref loops are cut, with a warning naming the line.
    let e = endpoint(&c, "GET", "/nodes/{id}");
    assert_eq!(e.parameters.len(), 1);
    assert_eq!(e.parameters[0].name, "id");
    assert_eq!(e.parameters[0].ty.kind, JsonType::Integer);
    assert_eq!(e.responses[0], ("200".to_string(), None));
    assert_eq!(
        e.responses[1].1.as_ref().unwrap().kind,
        JsonType::Ref("Node".into())
    );
    assert!(e.request.is_none());
    let text = warnings(&c).join("\n");
    assert!(text.contains("is part of a `$ref` cycle"), "{text}");
    let cycle = c
        .diagnostics
        .iter()
        .find(|d| d.message.contains("SelfLoop"))
        .unwrap();
    assert_eq!(
        cycle.line,
        line_of(CYCLES, "$ref: '#/components/responses/SelfLoop'")
    );
    // Queries over cyclic schemas end too.
    assert!(c.schema_usage("Partner").in_responses);
    assert_eq!(c.endpoints_touching("Partner").len(), 1);
}

#[test]
fn remote_and_missing_refs_warn_with_lines_and_stay_unresolved() {
    let c = read(BAD_REFS);
    assert!(only_warnings(&c));
    let find = |needle: &str| {
        c.diagnostics
            .iter()
            .find(|d| d.message.contains(needle))
            .unwrap_or_else(|| panic!("no warning about {needle}: {:?}", warnings(&c)))
    };
    let remote = find("common.yaml#/components/parameters/Page");
    assert!(remote.message.contains("outside this file"));
    assert_eq!(remote.line, line_of(BAD_REFS, "common.yaml#"));
    assert!(remote.column > 1);
    let http = find("https://example.com/schemas.yaml#/Thing");
    assert_eq!(http.line, line_of(BAD_REFS, "https://example.com"));
    let missing_param = find("#/components/parameters/Missing");
    assert!(missing_param.message.contains("no such definition"));
    assert_eq!(missing_param.line, line_of(BAD_REFS, "parameters/Missing"));
    let ghost = find("#/components/schemas/Ghost");
    assert_eq!(ghost.line, line_of(BAD_REFS, "schemas/Ghost"));
    assert_eq!(
        ghost.file.as_deref(),
        Some(Path::new("docs/api-contracts/backend-x.yaml"))
    );
    // The endpoint and schema are still read.
    let e = endpoint(&c, "GET", "/things");
    assert!(e.parameters.is_empty());
    let body = e.responses[0].1.as_ref().unwrap();
    assert_eq!(body.kind, JsonType::Unknown);
    assert!(body.note.as_deref().unwrap().contains("remote"));
    let owner = prop(&c, "Thing", "owner");
    assert_eq!(owner.ty.kind, JsonType::Ref("Ghost".into()));
    assert!(owner.ty.note.is_some());
    assert_eq!(prop(&c, "Thing", "shop").ty.kind, JsonType::Unknown);
    assert_eq!(c.diagnostics.len(), 5, "{:?}", warnings(&c));
}

#[test]
fn invalid_yaml_gives_one_warning_with_its_line() {
    let c = read(INVALID);
    assert!(c.schemas.is_empty() && c.endpoints.is_empty());
    assert_eq!(c.diagnostics.len(), 1);
    let d = &c.diagnostics[0];
    assert_eq!(d.severity, crate::diag::Severity::Warning);
    assert!(d.message.starts_with("not valid YAML"), "{}", d.message);
    assert!(
        (line_of(INVALID, "[unclosed")..=line_of(INVALID, "responses")).contains(&d.line),
        "{d}"
    );
    assert!(d.column > 0);
}

#[test]
fn not_openapi_and_empty_inputs_give_a_warning_and_an_empty_contract() {
    for (text, needle) in [
        (NOT_OPENAPI, "no `openapi:` or `swagger:` key"),
        ("", "empty"),
        ("\u{feff}\n  \n", "empty"),
        ("- a\n- b\n", "not a mapping"),
        ("just a sentence", "not a mapping"),
        (
            "openapi: 3.0.3\ninfo: {title: x}\n",
            "no `paths` and no `components`",
        ),
    ] {
        let c = read(text);
        assert!(c.schemas.is_empty() && c.endpoints.is_empty(), "{text}");
        assert_eq!(c.diagnostics.len(), 1, "{text}: {:?}", warnings(&c));
        assert!(
            c.diagnostics[0].message.contains(needle),
            "{}",
            c.diagnostics[0]
        );
        assert!(c.diagnostics[0].file.is_some());
    }
    let v4 = read("openapi: 4.0.0\npaths: {}\n");
    assert!(warnings(&v4)[0].contains("not 3.x"));
}

#[test]
fn swagger_2_definitions_body_and_inline_parameter_types() {
    let c = read(SWAGGER2);
    assert!(c.diagnostics.is_empty(), "{:?}", warnings(&c));
    assert_eq!(c.version, "2.0");
    let pet = c.schema("Pet").unwrap();
    assert!(pet.property("name").unwrap().required);
    assert!(pet.property("tag").unwrap().ty.nullable);
    let post = endpoint(&c, "POST", "/pets");
    assert_eq!(
        post.request.as_ref().unwrap().kind,
        JsonType::Ref("Pet".into())
    );
    let get = endpoint(&c, "GET", "/pets");
    assert_eq!(get.parameters[0].ty.kind, JsonType::Integer);
    assert_eq!(get.parameters[0].ty.maximum, Some(50.0));
    assert_eq!(get.responses[0].0, "200");
    let lists = c.list_endpoints();
    assert_eq!(lists[0].item.as_deref(), Some("Pet"));
}

// ---- hostile input ------------------------------------------------------------

#[test]
fn alias_bomb_is_refused() {
    let mut text = String::from("openapi: 3.0.3\nx:\n  a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
    for pair in names.windows(2) {
        let (prev, next) = (pair[0], pair[1]);
        let refs = vec![format!("*{prev}"); 9].join(",");
        text.push_str(&format!("  {next}: &{next} [{refs}]\n"));
    }
    text.push_str("paths: {}\n");
    let c = read(&text);
    assert_eq!(c.diagnostics.len(), 1, "{:?}", warnings(&c));
    assert!(c.diagnostics[0].message.contains("not valid YAML"));
    // A few honest aliases are fine.
    let ok = read("openapi: 3.0.3\npaths: {}\ncomponents:\n  schemas:\n    A: &a {type: object, properties: {x: {type: string}}}\n    B: *a\n");
    assert!(ok.diagnostics.is_empty(), "{:?}", warnings(&ok));
    assert_eq!(ok.schema("B").unwrap().properties.len(), 1);
}

#[test]
fn ten_thousand_deep_nesting_does_not_overflow() {
    for (open, close) in [("{type: object, properties: {p: ", "}}"), ("[", "]")] {
        let depth = 10_000;
        let mut text =
            String::from("openapi: 3.0.3\npaths: {}\ncomponents:\n  schemas:\n    Deep: ");
        text.push_str(&open.repeat(depth));
        text.push_str("{type: string}");
        text.push_str(&close.repeat(depth));
        text.push('\n');
        let c = read(&text);
        assert_eq!(c.diagnostics.len(), 1, "{:?}", warnings(&c));
        let d = &c.diagnostics[0];
        assert!(d.message.contains("nested deeper than"), "{d}");
        assert_eq!(d.line, 5);
    }
    // Deep but under the pre-check: serde_norway's own limit answers.
    let text = format!(
        "openapi: 3.0.3\npaths: {{}}\nx: {}1{}\n",
        "[".repeat(500),
        "]".repeat(500)
    );
    let c = read(&text);
    assert!(
        warnings(&c)[0].contains("recursion limit"),
        "{:?}",
        warnings(&c)
    );
    // Brackets inside quotes and comments are not nesting.
    let quoted = format!(
        "openapi: 3.0.3\npaths: {{}}\n# {}\ninfo: {{title: '{}', description: \"{}\"}}\n",
        "[".repeat(2000),
        "{".repeat(2000),
        "[".repeat(2000)
    );
    let c = read(&quoted);
    assert!(c.diagnostics.is_empty(), "{:?}", warnings(&c));
    assert_eq!(c.title.len(), 2000);
    // A run of `- ` markers is nesting too.
    let dashes = format!(
        "openapi: 3.0.3\npaths: {{}}\nx:\n  {}1\n",
        "- ".repeat(5000)
    );
    let c = read(&dashes);
    assert!(
        warnings(&c)[0].contains("nested deeper than"),
        "{:?}",
        warnings(&c)
    );
}

#[test]
fn nesting_past_the_cap_is_cut_with_one_warning() {
    // Arrays nest one mapping per level, so 100 levels pass the YAML
    // parser's own limit and reach ours.
    let depth = 100;
    let mut text = String::from("openapi: 3.0.3\npaths: {}\ncomponents:\n  schemas:\n    Deep: ");
    text.push_str(&"{type: array, items: ".repeat(depth));
    text.push_str("{type: string}");
    text.push_str(&"}".repeat(depth));
    text.push('\n');
    let c = read(&text);
    assert_eq!(c.diagnostics.len(), 1, "{:?}", warnings(&c));
    assert!(c.diagnostics[0].message.contains("deeper than 64"));
    let mut t = &c.schema("Deep").unwrap().ty;
    let mut levels = 0;
    while let JsonType::Array(items) = &t.kind {
        t = items;
        levels += 1;
    }
    assert_eq!(levels, MAX_NESTING);
    assert!(t.note.is_some());
}

#[test]
fn odd_but_valid_shapes_do_not_break_the_reader() {
    for text in [
        "openapi: 3.0.3\npaths:\n  /a: 5\n  /b:\n    get: [1, 2]\n    parameters: {x: 1}\n",
        "openapi: 3.0.3\npaths: {}\ncomponents:\n  schemas:\n    A: 5\n    B: [1]\n    C: {properties: 3, required: 7}\n    D: {type: array, items: [1]}\n",
        "openapi: 3.0.3\npaths:\n  /a:\n    get:\n      parameters: [{in: query}, 3, {$ref: 5}]\n      responses: {200: {content: 5}, 201: {$ref: '#'}}\n",
        "openapi: !!str 3.0.3\npaths: !custom {}\ncomponents: {schemas: {A: !t {type: string}}}\n",
        "openapi: 3.0.3\npaths: {}\ncomponents: {schemas: {A: {$ref: '#/components/schemas/A'}}}\n",
        "openapi: 3.0.3\npaths: {}\ncomponents: {schemas: {A: {allOf: [{$ref: '#/components/schemas/A'}]}}}\n",
        "openapi: 3.0.3\npaths: {}\ncomponents: {schemas: {'a~1b%20c': {type: string}, B: {$ref: '#/components/schemas/a~1b%20c'}}}\n",
    ] {
        let c = read(text);
        assert!(only_warnings(&c), "{text}");
    }
    let c = read("openapi: 3.0.3\npaths: {}\ncomponents: {schemas: {'a~1b%20c': {type: string}, B: {$ref: '#/components/schemas/a~1b%20c'}}}\n");
    assert_eq!(
        c.schema("B").unwrap().ty.kind,
        JsonType::Ref("a/b c".into())
    );
}

mod never_panics {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: std::env::var("CONTRACT_PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(96), ..ProptestConfig::default() })]

        #[test]
        fn on_arbitrary_text(text in "\\PC{0,300}") {
            let _ = read(&text);
        }

        #[test]
        fn on_yaml_ish_lines(text in "(openapi: 3.0.3\n)?([ ]{0,8}(- )?[a-z$/{}'\"#&*!]{0,6}(: ?)?[a-z0-9#/&*!\\[\\]{}'\", ]{0,12}\r?\n){0,40}") {
            let _ = read(&text);
        }

        #[test]
        fn on_damaged_contracts(cut in 0usize..460, len in 0usize..40, junk in "[ :\\-\\[\\]{}'\"&*#]{0,4}") {
            let lines: Vec<&str> = BOOKMARKS.lines().collect();
            let start = cut.min(lines.len());
            let end = (start + len).min(lines.len());
            let mut text = lines[..start].join("\n");
            text.push('\n');
            text.push_str(&junk);
            text.push_str(&lines[end..].join("\n"));
            let c = read(&text);
            prop_assert!(only_warnings(&c));
        }
    }
}

#[test]
fn large_contracts_are_read_whole() {
    // 3,000 schemas of 20 properties and 1,500 paths: about 100k lines.
    let mut text = String::from("openapi: 3.0.3\ninfo:\n  title: big\npaths:\n");
    for i in 0..1500 {
        text.push_str(&format!(
            "  /things{i}/{{id}}:\n    parameters:\n      - $ref: '#/components/parameters/Id'\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/S{i}'\n"
        ));
    }
    text.push_str("components:\n  parameters:\n    Id:\n      name: id\n      in: path\n      schema:\n        type: string\n  schemas:\n");
    for i in 0..3000 {
        text.push_str(&format!("    S{i}:\n"));
        // Inheritance chains of 10.
        if i % 10 > 0 {
            text.push_str(&format!(
                "      allOf:\n        - $ref: '#/components/schemas/S{}'\n",
                i - 1
            ));
        }
        text.push_str("      properties:\n");
        for p in 0..20 {
            text.push_str(&format!(
                "        p{i}_{p}:\n          type: string\n          maxLength: 10\n"
            ));
        }
    }
    let c = read(&text);
    assert!(c.diagnostics.is_empty(), "{:?}", &warnings(&c)[..1]);
    assert_eq!(c.schemas.len(), 3000);
    assert_eq!(c.endpoints.len(), 1500);
    let last = c.schema("S2990").unwrap();
    assert_eq!(last.properties.len(), 20);
    assert!(last.properties[0].loc.line > 0);
    // S2 inherits S1, which inherits S0: 3 x 20 properties.
    assert_eq!(c.schema("S2").unwrap().properties.len(), 60);
}

#[test]
fn duplicate_keys_and_extra_documents_are_forgiven_with_warnings() {
    let text = "openapi: 3.0.3\npaths:\n  /a:\n    get:\n      summary: one\n  /a:\n    post:\n      summary: two\ncomponents:\n  schemas:\n    A:\n      type: string\n---\nopenapi: 3.0.3\n";
    let c = read(text);
    let got: Vec<String> = c
        .endpoints
        .iter()
        .map(|e| format!("{} {}", e.method, e.path))
        .collect();
    assert_eq!(got, ["GET /a", "POST /a"]);
    assert_eq!(c.schemas.len(), 1);
    let w = warnings(&c);
    assert_eq!(w.len(), 2, "{w:?}");
    assert!(
        w[0].contains(":6:") && w[0].contains("duplicate key `/a`"),
        "{w:?}"
    );
    assert!(
        w[1].contains(":13:") && w[1].contains("more than one YAML document"),
        "{w:?}"
    );
    // A tab where indentation belongs is still plain invalid YAML, with its line.
    let bad = read("openapi: 3.0.3\npaths: {}\n\tx: 1\n");
    assert!(
        warnings(&bad)[0].contains(":3:1: warning: not valid YAML"),
        "{:?}",
        warnings(&bad)
    );
}

#[test]
fn list_endpoints_see_through_all_of_envelopes() {
    let c = read(
        "openapi: 3.0.3
info: {title: x, version: '1'}
paths:
  /appointments:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                allOf:
                  - $ref: '#/components/schemas/Result'
                  - properties:
                      data: {$ref: '#/components/schemas/AppointmentPage'}
  /appointments/{id}:
    get:
      responses:
        '200':
          description: one, in an envelope
          content:
            application/json:
              schema: {$ref: '#/components/schemas/AppointmentEnvelope'}
  /orders/{id}:
    get:
      responses:
        '200':
          description: an order with its items is one object
          content:
            application/json:
              schema:
                allOf:
                  - $ref: '#/components/schemas/Result'
                  - properties:
                      data: {$ref: '#/components/schemas/Order'}
components:
  schemas:
    Result:
      type: object
      properties:
        code: {type: integer}
        message: {type: string}
        data: {}
    AppointmentPage:
      type: object
      properties:
        items:
          type: array
          items: {$ref: '#/components/schemas/Appointment'}
        meta: {type: object, properties: {total: {type: integer}}}
    AppointmentEnvelope:
      type: object
      properties:
        data: {$ref: '#/components/schemas/Appointment'}
        error: {type: string}
    Appointment:
      type: object
      properties:
        id: {type: integer}
    Order:
      type: object
      properties:
        id: {type: integer}
        items:
          type: array
          items: {type: object, properties: {sku: {type: string}}}
",
    );
    let lists: Vec<(String, Option<String>)> = c
        .list_endpoints()
        .iter()
        .map(|l| (l.endpoint.path.clone(), l.item.clone()))
        .collect();
    assert_eq!(
        lists,
        [("/appointments".to_string(), Some("Appointment".to_string()))]
    );
}
