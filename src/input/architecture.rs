//! docs/architecture.md: the system list, each system's details section and
//! contract path, and the key architecture decisions.
//!
//! Where things are looked for, in order:
//! - systems: the first table with a System and a Type column (by header
//!   synonyms, any column order), preferring one inside the "System List"
//!   section; the Type cell decides backend / frontend / other
//!   ([`classify`]). When that finds no backend, the leaf `###` sections
//!   under "System Details" that name a storage design
//!   (`docs/storage/<name>.md`) are the backends.
//! - details: the section under "System Details" whose heading names the
//!   system; its body is kept verbatim, and its `External API:` line (or any
//!   `api-contracts/...yaml` in it) gives the contract path.
//! - decisions: the first table with Decision and Choice columns, preferring
//!   the "Key Architecture Decisions" section.
//!
//! Deliberately NOT here: reading the contracts, or guessing a contract path
//! when none is named (`input::load_project` uses the conventional
//! `docs/api-contracts/<name>.yaml`). Systems keep document order.

use super::Loc;
use crate::diag::Diagnostic;
use serde::Serialize;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Default, Serialize)]
pub struct Architecture {
    pub systems: Vec<System>,
    pub decisions: Vec<Decision>,
    /// `<!-- ARCH-DECISION: ... -->`, `<!-- ARCH-TRADEOFF: ... -->` markers.
    pub markers: Vec<super::Marker>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Architecture {
    /// Backend systems in document order.
    pub fn backends(&self) -> impl Iterator<Item = &System> {
        self.systems
            .iter()
            .filter(|s| s.kind == SystemKind::Backend)
    }
    pub fn system(&self, name: &str) -> Option<&System> {
        self.systems.iter().find(|s| s.name == name)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SystemKind {
    Backend,
    Frontend,
    Other,
}

#[derive(Debug, Clone, Serialize)]
pub struct System {
    pub name: String,
    pub kind: SystemKind,
    /// The Type cell as written.
    pub type_text: String,
    pub responsibility: String,
    pub tech_stack: String,
    /// The text of its `### 3.x <name>` section under System Details.
    pub details: String,
    /// `docs/api-contracts/<name>.yaml` when the details name one.
    pub contract_path: Option<PathBuf>,
    pub loc: Loc,
}

impl System {
    /// The contract path its details name, else the conventional
    /// `docs/api-contracts/<name>.yaml`.
    pub fn contract_path_or_default(&self) -> PathBuf {
        self.contract_path
            .clone()
            .unwrap_or_else(|| Path::new(super::CONTRACTS_DIR).join(format!("{}.yaml", self.name)))
    }
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Decision {
    pub decision: String,
    pub options: String,
    pub choice: String,
    pub reason: String,
    pub loc: Loc,
}

/// Words in a Type cell, lower case. Checked in this order: an explicit
/// backend word wins, then frontend, then things that are not systems of
/// ours, then generic "service" words (which mean backend).
mod kinds {
    pub const BACKEND: &[&str] = &[
        "backend",
        "back-end",
        "back end",
        "后端",
        "服务端",
        "后台服务",
    ];
    pub const FRONTEND: &[&str] = &[
        "frontend",
        "front-end",
        "front end",
        "web app",
        "webapp",
        "mobile",
        "app",
        "spa",
        "ui",
        "client",
        "前端",
        "客户端",
        "移动端",
        "小程序",
        "网页",
    ];
    pub const NOT_OURS: &[&str] = &[
        "external",
        "third-party",
        "third party",
        "3rd-party",
        "3rd party",
        "saas",
        "database",
        "db",
        "cache",
        "queue",
        "broker",
        "gateway",
        "proxy",
        "cdn",
        "storage",
        "infrastructure",
        "infra",
        "外部",
        "第三方",
        "数据库",
        "缓存",
        "网关",
        "队列",
        "基础设施",
    ];
    /// A service that says it keeps no data of its own.
    pub const STATELESS: &[&str] = &[
        "stateless",
        "stores nothing",
        "writes nothing",
        "keeps nothing",
        "no storage",
        "no database",
        "no persistence",
        "无状态",
        "不存储数据",
        "不保存数据",
        "无存储",
    ];
    pub const SERVICE: &[&str] = &[
        "service",
        "server",
        "api",
        "microservice",
        "worker",
        "服务",
        "微服务",
    ];
}

/// Labels of the line that names a system's contract.
const CONTRACT_LABELS: &[&str] = &[
    "external api",
    "api contract",
    "contract",
    "openapi",
    "api",
    "外部接口",
    "对外接口",
    "外部 api",
    "接口契约",
    "api 契约",
    "契约",
    "接口",
];

/// Reads docs/architecture.md. Never fails; see the module docs for what it
/// looks for.
pub fn parse(text: &str, file: &Path) -> Architecture {
    use super::markdown::{headers as h, titles, Markdown};
    let md = Markdown::parse(text);
    let mut arch = Architecture::default();
    let warn = |msg: String, line: usize| Diagnostic::warning(msg).in_file(file).at(line, 1);

    // 1. The System List table: in its section if there is one, else the
    //    first table anywhere with a System and a Type column.
    let list_section = md.find_section(titles::SYSTEM_LIST, None);
    let has_system_and_type = |t: &&super::markdown::Table| {
        let sys = t.column(h::SYSTEM);
        sys.is_some() && t.column_except(h::TYPE, &[sys]).is_some()
    };
    let table = list_section
        .and_then(|i| md.sections.get(i))
        .and_then(|s| md.tables_in(s.body.clone()).find(has_system_and_type))
        .or_else(|| md.tables.iter().find(has_system_and_type));
    // A list table without a Type column: the names still say a lot
    // (`backend-user`, `order-service`, `web-app`), so read it and say so.
    let mut kind_from_name = false;
    let table = table.or_else(|| {
        let t = list_section
            .and_then(|i| md.sections.get(i))
            .and_then(|s| md.tables_in(s.body.clone()).next())?;
        if t.column(h::SYSTEM).is_some() {
            kind_from_name = true;
            arch.diagnostics.push(
                warn(
                    "System List table has no Type column; backends were recognised by their names"
                        .into(),
                    t.line,
                )
                .with_help("add a Type column: `| System | Type | Responsibility | Tech Stack |`"),
            );
            Some(t)
        } else {
            arch.diagnostics.push(
                warn(
                    "System List table has no System column, so it cannot say which systems exist"
                        .into(),
                    t.line,
                )
                .with_help("use the columns `| System | Type | Responsibility | Tech Stack |`"),
            );
            None
        }
    });
    if let Some(t) = table {
        let sys = t.column(h::SYSTEM);
        let ty = t.column_except(h::TYPE, &[sys]);
        let resp = t.column_except(h::RESPONSIBILITY, &[sys, ty]);
        let tech = t.column_except(h::TECH_STACK, &[sys, ty, resp]);
        for row in &t.rows {
            let name = system_name(row.text(sys));
            if name.is_empty() {
                if row.cells.iter().any(|c| !c.text.is_empty()) {
                    arch.diagnostics
                        .push(warn("system row without a name; skipped".into(), row.line));
                }
                continue;
            }
            let type_text = row.text(ty).to_string();
            let mut kind = if kind_from_name {
                classify(&name)
            } else {
                classify(&type_text)
            };
            // "worker (no API, stateless) ... writes nothing itself": a
            // service with nothing to store needs no storage design.
            let stateless = [row.text(ty), row.text(resp)]
                .iter()
                .find_map(|cell| stateless_words(cell));
            if let (SystemKind::Backend, Some(said)) = (kind, stateless) {
                kind = SystemKind::Other;
                arch.diagnostics.push(
                    warn(
                        format!("system {name} stores nothing (\"{said}\"); no storage design is made for it"),
                        row.line,
                    )
                    .with_help("remove those words from its row if it does keep data"),
                );
            }
            if type_text.is_empty() && !kind_from_name {
                arch.diagnostics.push(warn(
                    format!("system {name} has an empty Type cell; not taken as a backend"),
                    row.line,
                ));
            }
            push_system(
                &mut arch,
                System {
                    name,
                    kind,
                    type_text,
                    responsibility: row.text(resp).to_string(),
                    tech_stack: row.text(tech).to_string(),
                    details: String::new(),
                    contract_path: None,
                    loc: Loc::new(file, row.line),
                },
                file,
            );
        }
    }

    // 2. System Details: each `### 3.x <name>` section, matched by name.
    let details = md.find_section(titles::SYSTEM_DETAILS, Some("3"));
    let detail_sections: Vec<usize> = details
        .map(|d| md.descendants(d).map(|(i, _)| i).collect())
        .unwrap_or_default();
    let mut fallback: Vec<System> = Vec::new();
    for &i in &detail_sections {
        let Some(section) = md.sections.get(i) else {
            continue;
        };
        let body_text = md.slice(&section.body).trim().to_string();
        let contract = contract_path(&body_text);
        if let Some(Err(bad)) = &contract {
            arch.diagnostics.push(warn(
                format!("contract path {bad} leaves the project folder; ignored"),
                section.line,
            ));
        }
        let contract = contract.and_then(Result::ok);
        let title_name = system_name(&section.title);
        let matched = arch
            .systems
            .iter_mut()
            .find(|s| names_match(&section.title, &s.name));
        if let Some(system) = matched {
            system.details = body_text;
            system.contract_path = contract;
            continue;
        }
        // A section that names a storage design is a backend system even
        // when no table lists it (leaf sections only: a grouping heading
        // holds its children's paths).
        let is_leaf = md.descendants(i).next().is_none();
        if !is_leaf {
            continue;
        }
        if let Some(storage_name) = storage_doc_name(&body_text) {
            let name = if title_name.is_empty() || !names_match(&title_name, &storage_name) {
                storage_name
            } else {
                title_name
            };
            fallback.push(System {
                name,
                kind: SystemKind::Backend,
                type_text: String::new(),
                responsibility: first_sentence_of_responsibility(&body_text),
                tech_stack: String::new(),
                details: body_text,
                contract_path: contract,
                loc: Loc::new(file, section.line),
            });
        }
    }
    if arch.backends().next().is_none() {
        for s in fallback {
            push_system(&mut arch, s, file);
        }
    }

    // 3. Key decisions.
    let decisions_section = md.find_section(titles::KEY_DECISIONS, Some("1.3"));
    let is_decision_table = |t: &&super::markdown::Table| {
        let d = t.column(h::DECISION);
        d.is_some() && t.column_except(h::CHOICE, &[d]).is_some()
    };
    let decision_table = decisions_section
        .and_then(|i| md.sections.get(i))
        .and_then(|s| md.tables_in(s.body.clone()).find(is_decision_table))
        .or_else(|| md.tables.iter().find(is_decision_table));
    if let Some(t) = decision_table {
        let d = t.column(h::DECISION);
        let c = t.column_except(h::CHOICE, &[d]);
        let o = t.column_except(h::OPTIONS, &[d, c]);
        let r = t.column_except(h::REASON, &[d, c, o]);
        for row in &t.rows {
            let decision = Decision {
                decision: row.text(d).to_string(),
                options: row.text(o).to_string(),
                choice: row.text(c).to_string(),
                reason: row.text(r).to_string(),
                loc: Loc::new(file, row.line),
            };
            if !decision.decision.is_empty() || !decision.choice.is_empty() {
                arch.decisions.push(decision);
            }
        }
    }

    arch.markers = md
        .markers()
        .map(|c| super::Marker {
            kind: c.kind.clone().unwrap_or_default(),
            text: c.body.clone(),
            loc: Loc::new(file, c.line),
        })
        .collect();
    arch
}

fn push_system(arch: &mut Architecture, system: System, file: &Path) {
    if let Err(e) = crate::fsutil::check_system_name(&system.name) {
        if system.kind == SystemKind::Backend {
            arch.diagnostics.push(
                Diagnostic::warning(format!("{e}; this backend is skipped"))
                    .in_file(file)
                    .at(system.loc.line, 1),
            );
            return;
        }
    }
    if arch.systems.iter().any(|s| s.name == system.name) {
        arch.diagnostics.push(
            Diagnostic::warning(format!(
                "system {} is listed twice; the first row is used",
                system.name
            ))
            .in_file(file)
            .at(system.loc.line, 1),
        );
        return;
    }
    arch.systems.push(system);
}

/// The words of a cell that say a service keeps no data, if any.
fn stateless_words(cell: &str) -> Option<&'static str> {
    let t = cell.to_lowercase();
    kinds::STATELESS.iter().copied().find(|w| t.contains(w))
}

/// Backend, frontend or neither, from a Type cell in any case or language:
/// `Backend`, `backend service`, `后端`, `Backend (Go)`, `Frontend`, `外部`.
pub fn classify(type_text: &str) -> SystemKind {
    let t = type_text.to_lowercase();
    let has = |list: &[&str]| {
        list.iter().any(|k| {
            if !k.is_ascii() {
                return t.contains(k);
            }
            // ASCII words must stand alone: "app" is not in "application".
            t.match_indices(k).any(|(i, _)| {
                let before = t[..i].chars().next_back();
                let after = t[i + k.len()..].chars().next();
                !before.is_some_and(|c| c.is_ascii_alphanumeric())
                    && !after.is_some_and(|c| c.is_ascii_alphanumeric())
            })
        })
    };
    if has(kinds::BACKEND) {
        SystemKind::Backend
    } else if has(kinds::FRONTEND) {
        SystemKind::Frontend
    } else if has(kinds::NOT_OURS) {
        SystemKind::Other
    } else if has(kinds::SERVICE) {
        SystemKind::Backend
    } else {
        SystemKind::Other
    }
}

/// The system name in a cell or heading: `backend-user`, also from
/// `backend-user (Go)` or `backend-user: users and roles`.
fn system_name(cell: &str) -> String {
    let cut = cell
        .find(['(', '（', ':', '：', '—'])
        .map_or(cell, |i| &cell[..i]);
    let cut = cut.trim().trim_matches('`').trim();
    // A name with spaces is kept whole ("API Gateway"), but a name followed
    // by prose after " - " keeps only the name.
    cut.split(" - ").next().unwrap_or(cut).trim().to_string()
}

/// True when a details heading names this system: equal names, or the
/// heading contains the name as a whole token (`3.1 backend-user service`).
fn names_match(heading: &str, name: &str) -> bool {
    let h = heading.to_lowercase();
    let n = name.to_lowercase();
    if n.is_empty() {
        return false;
    }
    if system_name(&h) == n {
        return true;
    }
    h.match_indices(&n).any(|(i, _)| {
        let before = h[..i].chars().next_back();
        let after = h[i + n.len()..].chars().next();
        let is_name_char = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
        !before.is_some_and(is_name_char) && !after.is_some_and(is_name_char)
    })
}

/// `docs/storage/<name>.md` in a details body -> `<name>`.
fn storage_doc_name(body: &str) -> Option<String> {
    let at = body.find("storage/")?;
    let rest = &body[at + "storage/".len()..];
    let end = rest.find(".md")?;
    let name = &rest[..end];
    (!name.is_empty() && !name.contains(['/', ' ', '\n', '<', '>'])).then(|| name.to_string())
}

/// The contract path a details body names, as a project-relative path:
/// `External API: docs/api-contracts/x.yaml`, `外部接口：docs/api-contracts/x.yaml`,
/// or any `api-contracts/...yaml` in it. `Err` for a path that would leave
/// the project (absolute, or with `..`).
fn contract_path(body: &str) -> Option<Result<PathBuf, String>> {
    let mut candidates: Vec<String> = Vec::new();
    for line in body.lines() {
        let plain = super::markdown::strip_inline(super::markdown::strip_list_marker(line).2);
        let Some((head, rest)) = plain.split_once([':', '：']) else {
            continue;
        };
        let key = super::markdown::normalize_key(head);
        if CONTRACT_LABELS.contains(&key.as_str()) {
            if let Some(p) = path_token(rest) {
                candidates.push(p);
            }
        }
    }
    if candidates.is_empty() {
        if let Some(at) = body.find("api-contracts/") {
            let start = body[..at]
                .rfind(|c: char| {
                    c.is_whitespace() || matches!(c, '`' | '(' | '"' | '\'' | '：' | ':')
                })
                .map_or(0, |i| {
                    i + body[i..].chars().next().map_or(1, char::len_utf8)
                });
            if let Some(p) = path_token(&body[start..]) {
                candidates.push(p);
            }
        }
    }
    let raw = candidates.into_iter().next()?;
    let mut path = PathBuf::from(&raw);
    if raw.starts_with("api-contracts/") {
        path = Path::new("docs").join(path);
    }
    let escapes = path.is_absolute()
        || path.components().any(|c| {
            !matches!(
                c,
                std::path::Component::Normal(_) | std::path::Component::CurDir
            )
        });
    Some(if escapes { Err(raw) } else { Ok(path) })
}

/// The first word of `s` that ends in `.yaml`, `.yml` or `.json`.
fn path_token(s: &str) -> Option<String> {
    s.split(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '`' | '(' | ')' | '"' | '\'' | ',' | '，' | '；' | ';' | '。'
            )
    })
    .map(|w| w.trim_end_matches(['.', ':']))
    .find(|w| {
        let l = w.to_ascii_lowercase();
        l.ends_with(".yaml") || l.ends_with(".yml") || l.ends_with(".json")
    })
    .map(str::to_string)
}

/// For a system found only by its details section: the "Responsibility
/// boundary" line if there is one, else the first line of prose.
fn first_sentence_of_responsibility(body: &str) -> String {
    let lines: Vec<String> = body
        .lines()
        .map(|l| super::markdown::strip_inline(super::markdown::strip_list_marker(l).2))
        .filter(|l| !l.is_empty())
        .collect();
    for l in &lines {
        if let Some((head, rest)) = l.split_once([':', '：']) {
            let k = super::markdown::normalize_key(head);
            if k.contains("responsibilit") || k.contains("职责") {
                return rest.trim().to_string();
            }
        }
    }
    // Lines that only point at files say nothing about responsibility.
    lines
        .into_iter()
        .find(|l| !l.contains(".md") && !l.contains(".yaml") && !l.contains(".yml"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests;
