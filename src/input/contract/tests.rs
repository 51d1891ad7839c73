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
        ("account", ACCOUNT),
        ("delivery", DELIVERY),
        ("restaurant", RESTAURANT),
        ("library", LIBRARY),
    ] {
        let c = read(text);
        assert!(c.diagnostics.is_empty(), "{name}: {:?}", warnings(&c));
        assert!(c.schemas.len() > 10, "{name}");
        assert!(c.endpoints.len() > 10, "{name}");
        for s in &c.schemas {
            assert!(s.loc.line > 0, "{name}: {}", s.name);
            for p in &s.properties {
                assert!(p.loc.line > 0, "{name}: {}.{}", s.name, p.name);
            }
        }
        for e in &c.endpoints {
            assert!(e.loc.line > 0, "{name}: {} {}", e.method, e.path);
        }
        assert!(!c.list_endpoints().is_empty(), "{name}");
    }
}
