use super::*;

fn parse_str(text: &str) -> Architecture {
    parse(text, Path::new("docs/architecture.md"))
}

const ENGLISH: &str = "# System Architecture

## 1. System Overview

### 1.1 System List

| System | Type | Responsibility | Tech Stack |
|--------|------|----------------|------------|
| frontend-web | Frontend | Member pages | React 18 |
| backend-lending | **Backend** | Members, tools, loans | Go 1.22 + Gin + sqlx + PostgreSQL |
| payments | External service | Card payments | Stripe |
| backend-notify | backend service | Reminder emails | Go |

### 1.3 Key Architecture Decisions

| Decision | Options | Choice | Reason |
|----------|---------|--------|--------|
| Auth method | JWT; Session | JWT | No session table |

<!-- ARCH-TRADEOFF: search engine later -->

## 3. System Details

### 3.1 backend-lending

- Responsibility boundary: owns members and loans.
- External API: docs/api-contracts/backend-lending.yaml
- Storage design: docs/storage/backend-lending.md

### 3.2 backend-notify

- External API: `api-contracts/notify.yaml`
";

#[test]
fn reads_the_template() {
    let a = parse_str(ENGLISH);
    assert!(a.diagnostics.is_empty(), "{:?}", a.diagnostics);
    let systems: Vec<_> = a
        .systems
        .iter()
        .map(|s| (s.name.as_str(), s.kind, s.loc.line))
        .collect();
    assert_eq!(
        systems,
        vec![
            ("frontend-web", SystemKind::Frontend, 9),
            ("backend-lending", SystemKind::Backend, 10),
            ("payments", SystemKind::Other, 11),
            ("backend-notify", SystemKind::Backend, 12),
        ]
    );
    let b = a.system("backend-lending").unwrap();
    assert_eq!(b.type_text, "Backend");
    assert_eq!(b.responsibility, "Members, tools, loans");
    assert_eq!(b.tech_stack, "Go 1.22 + Gin + sqlx + PostgreSQL");
    assert!(b
        .details
        .starts_with("- Responsibility boundary: owns members and loans."));
    assert_eq!(
        b.contract_path.as_deref(),
        Some(Path::new("docs/api-contracts/backend-lending.yaml"))
    );
    let n = a.system("backend-notify").unwrap();
    assert_eq!(
        n.contract_path.as_deref(),
        Some(Path::new("docs/api-contracts/notify.yaml"))
    );
    assert_eq!(a.backends().count(), 2);
    assert_eq!(a.decisions.len(), 1);
    let d = &a.decisions[0];
    assert_eq!(
        (
            d.decision.as_str(),
            d.options.as_str(),
            d.choice.as_str(),
            d.reason.as_str()
        ),
        ("Auth method", "JWT; Session", "JWT", "No session table")
    );
    assert_eq!(d.loc.line, 18);
    assert_eq!(a.markers.len(), 1);
    assert_eq!(a.markers[0].kind, "ARCH-TRADEOFF");
    assert_eq!(a.markers[0].loc.line, 20);
}

#[test]
fn reads_chinese() {
    let text = "# 系统架构\n\n## 一、系统概述\n\n### 1.1 系统列表\n\n| 系统 | 类型 | 职责 | 技术栈 |\n|---|---|---|---|\n| web-前台 | 前端 | 页面 | Vue |\n| backend-order | 后端 | 订单 | Java + MySQL |\n\n### 1.3 架构决策\n\n| 决策 | 选项 | 选择 | 理由 |\n|---|---|---|---|\n| 认证方式 | JWT / Session | JWT | 无状态 |\n\n## 三、系统详情\n\n### 3.1 backend-order\n\n- 职责边界：订单与支付记录\n- 外部接口：docs/api-contracts/backend-order.yaml\n";
    let a = parse_str(text);
    assert!(a.diagnostics.is_empty(), "{:?}", a.diagnostics);
    let b: Vec<_> = a.backends().map(|s| s.name.as_str()).collect();
    assert_eq!(b, vec!["backend-order"]);
    let s = a.system("backend-order").unwrap();
    assert_eq!(s.responsibility, "订单");
    assert_eq!(s.tech_stack, "Java + MySQL");
    assert_eq!(
        s.contract_path.as_deref(),
        Some(Path::new("docs/api-contracts/backend-order.yaml"))
    );
    assert_eq!(a.system("web-前台").unwrap().kind, SystemKind::Frontend);
    assert_eq!(a.decisions[0].choice, "JWT");
    assert_eq!(a.decisions[0].reason, "无状态");
}

#[test]
fn reads_messy_tables() {
    // Reordered and extra columns, markup in cells, renumbered sections,
    // other tables before the system list, CRLF and a BOM.
    let text = "\u{feff}# Architecture\r\n\r\n## 0. Glossary\r\n\r\n| Term | Meaning |\r\n|---|---|\r\n| Tool | a thing |\r\n\r\n## 5. Systems\r\n\r\n| Tech Stack | Owner | **Name** | Kind | Description |\r\n|---|---|---|---|---|\r\n| Go | team A | `backend-users` (Go) | Backend (Go) | [Users](x.md) <!-- todo --> |\r\n| Flutter | team B | app | Mobile app | UI |\r\n| - | ops | gateway | API Gateway | routing |\r\n";
    let text = crate::fsutil::normalize_text(text.to_string());
    let a = parse_str(&text);
    let all: Vec<_> = a
        .systems
        .iter()
        .map(|s| (s.name.as_str(), s.kind))
        .collect();
    assert_eq!(
        all,
        vec![
            ("backend-users", SystemKind::Backend),
            ("app", SystemKind::Frontend),
            ("gateway", SystemKind::Other),
        ]
    );
    let s = &a.systems[0];
    assert_eq!(s.responsibility, "Users");
    assert_eq!(s.tech_stack, "Go");
    assert_eq!(s.contract_path, None);
}

#[test]
fn falls_back_to_details_sections_naming_a_storage_design() {
    let text = "# Architecture\n\n## System Details\n\n### backend-a\n\n- Responsibility boundary: owns A.\n- Storage design: docs/storage/backend-a.md\n\n### frontend-web\n\n- Talks to backend-a.\n\n### 3.3 Billing service\n\n- Storage design: `docs/storage/backend-billing.md`\n";
    let a = parse_str(text);
    let b: Vec<_> = a
        .backends()
        .map(|s| (s.name.as_str(), s.responsibility.as_str(), s.loc.line))
        .collect();
    assert_eq!(
        b,
        vec![("backend-a", "owns A.", 5), ("backend-billing", "", 14)]
    );
}

#[test]
fn classifies_types_in_any_language() {
    for t in [
        "Backend",
        "backend service",
        "后端",
        "Backend (Go)",
        "BACKEND",
        "Microservice",
        "后端服务",
        "API server",
    ] {
        assert_eq!(classify(t), SystemKind::Backend, "{t}");
    }
    for t in [
        "Frontend",
        "前端",
        "Mobile app",
        "Web App (React)",
        "小程序",
    ] {
        assert_eq!(classify(t), SystemKind::Frontend, "{t}");
    }
    for t in [
        "External service",
        "Database",
        "第三方服务",
        "API Gateway",
        "",
        "Application",
    ] {
        assert_eq!(classify(t), SystemKind::Other, "{t}");
    }
}

#[test]
fn warns_about_broken_rows_and_unsafe_paths() {
    let text = "## System List\n\n| System | Type |\n|---|---|\n| ../evil | Backend |\n| backend-x | |\n| | |\n| backend-y | Backend |\n| backend-y | Backend |\n\n## System Details\n\n### backend-y\n\nExternal API: ../../etc/passwd.yaml\n";
    let a = parse_str(text);
    let msgs: Vec<_> = a.diagnostics.iter().map(|d| d.line).collect();
    assert_eq!(msgs, vec![5, 6, 9, 13], "{:?}", a.diagnostics);
    assert_eq!(
        a.backends().map(|s| s.name.as_str()).collect::<Vec<_>>(),
        vec!["backend-y"]
    );
    assert_eq!(a.system("backend-y").unwrap().contract_path, None);
}

#[test]
fn no_table_and_no_details_means_no_backend() {
    let a = parse_str("# Architecture\n\nWe will build something.\n");
    assert_eq!(a.backends().count(), 0);
}

#[test]
fn reads_shared_examples_when_present() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/examples");
    let Ok(dirs) = std::fs::read_dir(&root) else {
        return;
    };
    for d in dirs.flatten() {
        let Ok(text) = std::fs::read_to_string(d.path().join("docs/architecture.md")) else {
            continue;
        };
        let a = parse_str(&text);
        assert!(a.diagnostics.is_empty(), "{:?}", a.diagnostics);
        for b in a.backends() {
            assert!(b.contract_path.is_some(), "{}", b.name);
            assert!(!b.details.is_empty() && !b.responsibility.is_empty());
        }
        assert!(!a.decisions.is_empty());
    }
}

#[test]
fn list_without_type_column_is_read_by_name_with_a_warning() {
    let text = "## 1.1 System List\n\n| System | Responsibility |\n|---|---|\n| web-app | UI |\n| backend-orders | Orders |\n| billing-service | Invoices |\n";
    let a = parse_str(text);
    let b: Vec<_> = a.backends().map(|s| s.name.as_str()).collect();
    assert_eq!(b, vec!["backend-orders", "billing-service"]);
    assert_eq!(a.system("web-app").unwrap().kind, SystemKind::Frontend);
    assert_eq!(a.diagnostics.len(), 1);
    assert_eq!(a.diagnostics[0].line, 3);
}
