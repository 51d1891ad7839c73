use super::*;
use std::path::Path;

fn parse_str(text: &str) -> Requirements {
    parse(text, Path::new("docs/requirements.md"))
}

const ENGLISH: &str = r#"# Project Requirements

## 1. Background & Goals

- **Background**: A tool-lending library for a neighbourhood.
- **Core objectives**:
  - Members borrow tools.

## 2. User Stories

### US-001: Register as a member
- **Role**: As a new neighbour
- **Goal**: I want to create an account with my email address
- **Value**: So that I can borrow tools
- **Acceptance Criteria**:
  - [ ] An email address can be registered only once.
  - [x] Passwords are at least 10 characters long,
    and are never stored in plain text.
- **Priority**: P0
- **Open Questions**: Do we need phone numbers?

### US-002: Reserve a tool
- **Role**: As an existing member
- **Goal**: I want to reserve a drill for a date
- **Value**: So that it is there when I come
- **Acceptance Criteria**:
  - [ ] 同一件工具在同一天只能被预约一次。
- **Priority**: P1

## 3. Feature List

| ID | Feature | Description | Priority | Dependencies |
|----|---------|-------------|----------|--------------|
| F-01 | Accounts | Sign-up and sign-in | P0 | - |
| F-02 | **Reservations** | Reserve `tools` | P0 | F-01, F-03 |

## 4. Non-Functional Requirements

### Performance
- Up to 1,000 users; at most 50 reservations per member.
- p95 under 200 ms.

### Availability
- Backups kept for 14 days.

## 5. Boundaries & Constraints

- No payments.

## 6. Open Questions (TBD)

1. Should we charge late fees? <!-- UNCERTAINTY: board to decide -->
"#;

#[test]
fn reads_the_template() {
    let r = parse_str(ENGLISH);
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    assert_eq!(r.stories.len(), 2);
    let s = &r.stories[0];
    assert_eq!(s.id, "US-001");
    assert_eq!(s.title, "Register as a member");
    assert_eq!(s.role, "new neighbour");
    assert_eq!(s.goal, "create an account with my email address");
    assert_eq!(s.value, "I can borrow tools");
    assert_eq!(s.priority.as_deref(), Some("P0"));
    assert_eq!(
        s.open_questions.as_deref(),
        Some("Do we need phone numbers?")
    );
    assert_eq!(s.loc.line, 11);
    let ac: Vec<_> = s
        .acceptance
        .iter()
        .map(|a| (a.text.as_str(), a.loc.line))
        .collect();
    assert_eq!(
        ac,
        vec![
            ("An email address can be registered only once.", 16),
            (
                "Passwords are at least 10 characters long, and are never stored in plain text.",
                17
            )
        ]
    );
    assert_eq!(s.acceptance[0].loc.file, Path::new("docs/requirements.md"));
    assert_eq!(r.stories[1].role, "existing member");
    assert_eq!(
        r.stories[1].acceptance[0].text,
        "同一件工具在同一天只能被预约一次。"
    );

    assert_eq!(r.features.len(), 2);
    assert_eq!(r.features[1].name, "Reservations");
    assert_eq!(r.features[1].description, "Reserve tools");
    assert_eq!(r.features[1].dependencies, vec!["F-01", "F-03"]);
    assert!(r.features[0].dependencies.is_empty());
    assert_eq!(r.features[0].loc.line, 34);

    let nf: Vec<_> = r
        .non_functional
        .iter()
        .map(|n| (n.category.as_str(), n.quantities.len()))
        .collect();
    assert_eq!(
        nf,
        vec![("Performance", 2), ("Performance", 1), ("Availability", 1)]
    );
    assert_eq!(r.non_functional[0].quantities[0].unit, QuantityUnit::Users);
    assert_eq!(r.non_functional[2].quantities[0].unit, QuantityUnit::Days);

    assert_eq!(r.goals.len(), 3);
    assert_eq!(r.constraints[0].text, "No payments.");
    assert_eq!(r.open_questions[0].text, "Should we charge late fees?");
    assert_eq!(r.markers.len(), 1);
    assert_eq!(r.markers[0].kind, "UNCERTAINTY");
    assert_eq!(r.markers[0].text, "board to decide");
    assert_eq!(r.markers[0].loc.line, 52);
}

#[test]
fn reads_chinese_labels() {
    let text = "# 项目需求\n\n## 二、用户故事\n\n### US001：借用工具\n- **角色**：作为一名会员\n- **目标**：我想要在线预约工具\n- **价值**：以便节省时间\n- **验收标准**：\n  - [ ] 每位会员最多同时借 3 件工具\n  - [ ] 逾期会收到提醒\n- **优先级**：P0\n\n## 三、功能列表\n\n| 编号 | 功能 | 描述 | 优先级 | 依赖 |\n|---|---|---|---|---|\n| F-01 | 预约 | 在线预约 | P0 | 无 |\n\n## 四、非功能需求\n\n### 性能\n- 支持 1.5万用户，日志保留 30 天\n";
    let r = parse_str(text);
    assert_eq!(r.stories.len(), 1, "{:?}", r.diagnostics);
    let s = &r.stories[0];
    assert_eq!(s.id, "US-001");
    assert_eq!(s.title, "借用工具");
    assert_eq!(s.role, "会员");
    assert_eq!(s.goal, "在线预约工具");
    assert_eq!(s.value, "节省时间");
    assert_eq!(s.acceptance.len(), 2);
    assert_eq!(s.priority.as_deref(), Some("P0"));
    assert_eq!(r.features.len(), 1);
    assert_eq!(r.features[0].name, "预约");
    assert!(r.features[0].dependencies.is_empty());
    assert_eq!(r.non_functional.len(), 1);
    assert_eq!(r.non_functional[0].category, "性能");
    let units: Vec<_> = r.non_functional[0]
        .quantities
        .iter()
        .map(|q| q.unit.clone())
        .collect();
    assert_eq!(units, vec![QuantityUnit::Users, QuantityUnit::Days]);
}

#[test]
fn reads_messy_variants() {
    // CRLF, BOM, no bold, renumbered sections, an extra section, a story
    // without an ID, one written as a single sentence, reordered feature
    // columns with an extra one.
    let text = "\u{feff}# Requirements\r\n\r\n## 7. Glossary\r\n\r\nTool: a thing.\r\n\r\n## 9. User Stories\r\n\r\n### Borrow a ladder\r\n\r\nAs a member, I want to borrow a ladder, so that I can paint my ceiling.\r\n\r\n- [ ] A ladder can be lent to one member at a time\r\n\r\n### US-7 - Return a tool\r\n- Role: As a member\r\n- Goal: I want to return a tool\r\n- Acceptance Criteria:\r\n  1. The return date is recorded\r\n\r\n## 2. Features\r\n\r\n| Priority | Name | Notes | ID | Description |\r\n|---|---|---|---|---|\r\n| P1 | `Ladders` | x | F-9 | Lending ladders <!-- ok --> |\r\n";
    let text = crate::fsutil::normalize_text(text.to_string());
    let r = parse_str(&text);
    let ids: Vec<_> = r.stories.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, vec!["US-001", "US-7"]);
    let s = &r.stories[0];
    assert_eq!(s.title, "Borrow a ladder");
    assert_eq!(s.role, "member");
    assert_eq!(s.goal, "borrow a ladder");
    assert_eq!(s.value, "I can paint my ceiling");
    assert_eq!(s.acceptance.len(), 1);
    assert_eq!(r.stories[1].title, "Return a tool");
    assert_eq!(
        r.stories[1].acceptance[0].text,
        "The return date is recorded"
    );
    let f = &r.features[0];
    assert_eq!(
        (f.id.as_str(), f.name.as_str(), f.description.as_str()),
        ("F-9", "Ladders", "Lending ladders")
    );
    assert_eq!(f.priority.as_deref(), Some("P1"));
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
}

#[test]
fn sentence_stories_without_headings() {
    let text = "## User Stories\n\n- As a visitor, I want to search tools so that I can find a drill.\n- 作为管理员，我希望查看逾期列表，以便催还。\n";
    let r = parse_str(text);
    assert_eq!(r.stories.len(), 2);
    assert_eq!(r.stories[0].goal, "search tools");
    assert_eq!(r.stories[1].role, "管理员");
    assert_eq!(r.stories[1].goal, "查看逾期列表");
    assert_eq!(r.stories[1].value, "催还");
    assert_eq!(r.stories[1].loc.line, 4);
}

#[test]
fn warns_only_when_something_looks_broken() {
    let r = parse_str("# Requirements\n\n## Extra\n\ntext\n");
    assert_eq!(r.diagnostics.len(), 1);
    assert!(r.diagnostics[0].message.contains("no user stories"));

    let r = parse_str("## User Stories\n\n### US-001: Empty\n\nnothing here\n\n### US-001: Again\n- Role: As a x\n- Goal: I want y\n");
    let msgs: Vec<_> = r
        .diagnostics
        .iter()
        .map(|d| (d.message.as_str(), d.line))
        .collect();
    assert_eq!(
        msgs,
        vec![
            ("US-001: no role or goal found", 3),
            ("story ID US-001 is used twice", 7)
        ]
    );
}

#[test]
fn story_ids() {
    assert_eq!(
        split_story_id("US-001: Sign up"),
        Some(("US-001".into(), "Sign up".into()))
    );
    assert_eq!(
        split_story_id("US001 Sign up"),
        Some(("US-001".into(), "Sign up".into()))
    );
    assert_eq!(
        split_story_id("User Story 3: x"),
        Some(("US-3".into(), "x".into()))
    );
    assert_eq!(
        split_story_id("用户故事 2：注册"),
        Some(("US-2".into(), "注册".into()))
    );
    assert_eq!(
        split_story_id("故事3 借用"),
        Some(("US-3".into(), "借用".into()))
    );
    assert_eq!(split_story_id("F-01: feature"), None);
    assert_eq!(split_story_id("Stories I like"), None);
    assert_eq!(split_story_id("USB-C support"), None);
}

#[test]
fn reads_shared_examples_when_present() {
    // Development aid: the ../shared examples are not in the repository, so
    // this only runs where they exist.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/examples");
    let Ok(dirs) = std::fs::read_dir(&root) else {
        return;
    };
    for d in dirs.flatten() {
        let p = d.path().join("docs/requirements.md");
        let Ok(text) = std::fs::read_to_string(&p) else {
            continue;
        };
        let r = parse_str(&text);
        assert!(
            r.diagnostics.is_empty(),
            "{}: {:?}",
            p.display(),
            r.diagnostics
        );
        assert!(r.stories.len() >= 5, "{}", p.display());
        for s in &r.stories {
            assert!(
                !s.role.is_empty() && !s.goal.is_empty() && !s.value.is_empty(),
                "{s:?}"
            );
            assert!(!s.acceptance.is_empty(), "{s:?}");
            assert!(s.priority.is_some(), "{s:?}");
        }
        assert!(!r.features.is_empty());
        assert!(r.non_functional.iter().any(|n| !n.quantities.is_empty()));
    }
}

#[test]
fn stories_in_a_table() {
    let text = "## User Stories\n\n| ID | As a | I want to | So that | Priority |\n|---|---|---|---|---|\n| US-010 | member | renew a loan | I keep the tool longer | P1 |\n| | volunteer | print labels | tools are tagged | P2 |\n";
    let r = parse_str(text);
    let got: Vec<_> = r
        .stories
        .iter()
        .map(|s| {
            (
                s.id.as_str(),
                s.role.as_str(),
                s.goal.as_str(),
                s.value.as_str(),
                s.loc.line,
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (
                "US-010",
                "member",
                "renew a loan",
                "I keep the tool longer",
                5
            ),
            ("US-002", "volunteer", "print labels", "tools are tagged", 6),
        ]
    );
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
}

#[test]
fn non_functional_bullets_without_sub_headings_name_their_category() {
    let text = "## Non-Functional Requirements\n\n- **Performance**: 2,000 users, p95 under 300 ms\n- **Retention**: logs kept 90 days\n- Runs on one VM\n";
    let r = parse_str(text);
    let got: Vec<_> = r
        .non_functional
        .iter()
        .map(|n| (n.category.as_str(), n.quantities.len(), n.loc.line))
        .collect();
    assert_eq!(
        got,
        vec![("Performance", 2, 3), ("Retention", 1, 4), ("", 0, 5)]
    );
}
