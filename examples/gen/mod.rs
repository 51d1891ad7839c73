//! Deterministic generators of large inputs, shared by the `gen_project` and
//! `gen_storage` examples, the criterion benchmarks (`benches/`) and the
//! tests that prove the generated inputs are clean. Included with
//! `#[path = ".../examples/gen/mod.rs"] mod gen;`, so it depends on std only.
//!
//! - [`project`]: a project of N backend systems and M user stories in the
//!   shapes upstream stages write (docs/requirements.md with stories in
//!   several label and sentence forms, some in Chinese with English nouns;
//!   docs/architecture.md with the System List, decisions and details; one
//!   OpenAPI 3.0 contract per backend with entities, wrappers, nested
//!   objects, enums, arrays and list endpoints with filters and sorts).
//! - [`storage`]: a storage document of N entities (PK, a code, a title, two
//!   foreign keys, timestamps), 3 indexes and 1 query pattern per entity.
#![allow(dead_code)]

use std::fmt::Write as _;
use std::io;
use std::path::Path;

/// What [`project`] generates.
#[derive(Debug, Clone, Copy)]
pub struct ProjectSize {
    pub systems: usize,
    pub stories: usize,
    pub seed: u64,
}

impl Default for ProjectSize {
    fn default() -> Self {
        ProjectSize {
            systems: 50,
            stories: 2000,
            seed: 1,
        }
    }
}

/// A tiny xorshift64*: deterministic, good enough to vary generated text.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// 0..n (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    /// True with probability pct / 100.
    pub fn chance(&mut self, pct: u64) -> bool {
        self.next() % 100 < pct
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// (system suffix, role, role in Chinese, what the system is about, nouns).
const DOMAINS: &[(&str, &str, &str, &str, &[&str])] = &[
    (
        "identity",
        "team admin",
        "团队管理员",
        "accounts, teams and sign-in",
        &[
            "account",
            "team",
            "invitation",
            "api key",
            "login event",
            "notification preference",
        ],
    ),
    (
        "catalog",
        "shop manager",
        "店铺管理员",
        "the product catalogue",
        &[
            "product",
            "category",
            "brand",
            "product image",
            "price list",
            "attribute",
        ],
    ),
    (
        "order",
        "customer",
        "顾客",
        "carts, orders and returns",
        &[
            "order",
            "order line",
            "cart",
            "coupon",
            "refund",
            "return request",
        ],
    ),
    (
        "billing",
        "accountant",
        "会计",
        "invoices, payments and subscriptions",
        &[
            "invoice",
            "payment",
            "subscription",
            "plan",
            "credit note",
            "tax rate",
        ],
    ),
    (
        "inventory",
        "warehouse clerk",
        "仓库管理员",
        "stock and purchasing",
        &[
            "warehouse",
            "stock item",
            "stock movement",
            "supplier",
            "purchase order",
            "bin location",
        ],
    ),
    (
        "shipping",
        "dispatcher",
        "调度员",
        "shipments and deliveries",
        &[
            "shipment",
            "parcel",
            "carrier",
            "delivery slot",
            "tracking event",
            "pickup point",
        ],
    ),
    (
        "review",
        "shopper",
        "买家",
        "reviews and moderation",
        &[
            "review",
            "rating",
            "comment",
            "moderation case",
            "helpful vote",
            "review photo",
        ],
    ),
    (
        "notify",
        "marketer",
        "市场专员",
        "messages and campaigns",
        &[
            "message template",
            "message",
            "push device",
            "email campaign",
            "unsubscribe",
            "webhook",
        ],
    ),
    (
        "booking",
        "guest",
        "客人",
        "venues, rooms and bookings",
        &[
            "venue",
            "room",
            "booking",
            "availability slot",
            "waitlist entry",
            "cancellation",
        ],
    ),
    (
        "learning",
        "student",
        "学生",
        "courses and certificates",
        &[
            "course",
            "lesson",
            "enrolment",
            "quiz",
            "quiz attempt",
            "certificate",
        ],
    ),
    (
        "support",
        "support agent",
        "客服",
        "tickets and customer support",
        &[
            "ticket",
            "ticket reply",
            "agent",
            "macro",
            "satisfaction survey",
            "escalation",
        ],
    ),
    (
        "fleet",
        "fleet manager",
        "车队经理",
        "vehicles, drivers and trips",
        &[
            "vehicle",
            "driver",
            "trip",
            "fuel log",
            "maintenance job",
            "inspection",
        ],
    ),
    (
        "hr",
        "hr officer",
        "人事专员",
        "people, leave and pay",
        &[
            "employee",
            "department",
            "leave request",
            "timesheet",
            "payslip",
            "job opening",
        ],
    ),
    (
        "crm",
        "sales rep",
        "销售代表",
        "leads, contacts and deals",
        &[
            "lead",
            "contact",
            "deal",
            "pipeline stage",
            "activity",
            "company",
        ],
    ),
    (
        "content",
        "editor",
        "编辑",
        "articles and media",
        &[
            "article",
            "author",
            "media asset",
            "revision",
            "newsletter",
            "section",
        ],
    ),
    (
        "project",
        "project manager",
        "项目经理",
        "projects, tasks and time",
        &[
            "project",
            "task",
            "milestone",
            "time entry",
            "attachment",
            "sprint",
        ],
    ),
    (
        "clinic",
        "receptionist",
        "前台",
        "patients and appointments",
        &[
            "patient",
            "appointment",
            "prescription",
            "clinic",
            "practitioner",
            "lab result",
        ],
    ),
    (
        "events",
        "organiser",
        "主办方",
        "events and attendees",
        &[
            "event",
            "ticket type",
            "attendee",
            "session",
            "speaker",
            "check in",
        ],
    ),
    (
        "property",
        "landlord",
        "房东",
        "properties, leases and rent",
        &[
            "property",
            "unit",
            "lease",
            "tenant",
            "rent payment",
            "maintenance request",
        ],
    ),
    (
        "finance",
        "controller",
        "财务主管",
        "ledgers, budgets and expenses",
        &[
            "ledger account",
            "journal entry",
            "budget",
            "expense claim",
            "receipt",
            "cost centre",
        ],
    ),
];

/// Qualifiers that keep the nouns of the second and later rounds of
/// domains apart ("partner invoice"), as large organisations name them.
const QUALIFIERS: &[&str] = &["", "partner", "branch", "wholesale", "campus", "regional"];

/// Nouns that are people: they get an email and a phone.
const PEOPLE: &[&str] = &[
    "driver",
    "employee",
    "patient",
    "contact",
    "tenant",
    "attendee",
    "agent",
    "author",
    "speaker",
    "practitioner",
    "lead",
];

const STATUS_SETS: &[&[&str]] = &[
    &["draft", "active", "archived"],
    &["pending", "confirmed", "cancelled"],
    &["open", "in_progress", "resolved", "closed"],
    &["new", "paid", "refunded"],
    &["scheduled", "done", "missed"],
];

/// One stored thing of a generated system.
#[derive(Debug, Clone)]
struct Ent {
    /// Lower case words: "order line".
    noun: String,
    /// Index of the parent entity in the system, if any.
    parent: Option<usize>,
    /// "name" or "title".
    label: &'static str,
    label_len: usize,
    /// A natural key ("code", "reference", "number") with its max length.
    key: Option<&'static str>,
    status: &'static [&'static str],
    amount: bool,
    person: bool,
    /// 0 none, 1 inline address, 2 $ref Address, 3 dimensions.
    nested: u8,
    tags: bool,
    channels: bool,
    owner: bool,
    description: bool,
    due: bool,
    updated: bool,
    /// Index of an entity whose array this one's schema holds.
    children: Option<usize>,
    patch: bool,
    delete: bool,
    nested_path: bool,
    sort: bool,
    q: bool,
    limit_offset: bool,
}

impl Ent {
    fn pascal(&self) -> String {
        pascal(&self.noun)
    }
    fn snake(&self) -> String {
        self.noun.replace(' ', "_")
    }
    fn kebab_plural(&self) -> String {
        plural(&self.noun).replace(' ', "-")
    }
    fn plural(&self) -> String {
        plural(&self.noun)
    }
}

fn pascal(noun: &str) -> String {
    noun.split(' ')
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_ascii_uppercase().to_string() + c.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

fn plural(noun: &str) -> String {
    if let Some(stem) = noun.strip_suffix('y') {
        if !stem.ends_with(['a', 'e', 'o', 'u']) {
            return format!("{stem}ies");
        }
    }
    if noun.ends_with('s') || noun.ends_with("ch") || noun.ends_with("sh") || noun.ends_with('x') {
        return format!("{noun}es");
    }
    format!("{noun}s")
}

fn article(noun: &str) -> &'static str {
    if noun.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

/// One generated backend system.
struct System {
    name: String,
    role: &'static str,
    role_zh: &'static str,
    about: String,
    ents: Vec<Ent>,
    stack: &'static str,
}

fn systems(size: &ProjectSize, rng: &mut Rng) -> Vec<System> {
    let stacks = [
        "Go 1.22 + Gin + sqlx + PostgreSQL",
        "Go + Gin + sqlx",
        "Go 1.22 + Echo + sqlx + MySQL 8",
        "Go + chi + sqlx + PostgreSQL 16",
    ];
    (0..size.systems)
        .map(|s| {
            let (suffix, role, role_zh, about, nouns) = DOMAINS[s % DOMAINS.len()];
            let round = s / DOMAINS.len();
            let qualifier = QUALIFIERS[round % QUALIFIERS.len()];
            let name = if round == 0 {
                format!("backend-{suffix}")
            } else if round < QUALIFIERS.len() {
                format!("backend-{qualifier}-{suffix}")
            } else {
                format!("backend-{suffix}-{round}")
            };
            let ents: Vec<Ent> = nouns
                .iter()
                .enumerate()
                .map(|(k, n)| {
                    let noun = match (qualifier, round < QUALIFIERS.len()) {
                        ("", _) | (_, false) => n.to_string(),
                        (q, true) => format!("{q} {n}"),
                    };
                    let noun = if round >= QUALIFIERS.len() {
                        format!("{noun} {}", ["alpha", "beta", "gamma", "delta"][round % 4])
                    } else {
                        noun
                    };
                    entity(rng, noun, n, k)
                })
                .collect();
            let mut ents = ents;
            // The root holds an array of one of its children now and then.
            if rng.chance(40) {
                if let Some(c) = (1..ents.len()).find(|&c| ents[c].parent == Some(0)) {
                    ents[0].children = Some(c);
                }
            }
            System {
                name,
                role,
                role_zh,
                about: if round == 0 {
                    about.to_string()
                } else {
                    format!("{about} ({qualifier} side)")
                },
                ents,
                stack: stacks[s % stacks.len()],
            }
        })
        .collect()
}

fn entity(rng: &mut Rng, noun: String, base: &str, k: usize) -> Ent {
    let person = PEOPLE.contains(&base);
    Ent {
        noun,
        parent: (k > 0 && rng.chance(70)).then(|| if rng.chance(60) { 0 } else { k - 1 }),
        label: if person || rng.chance(60) {
            "name"
        } else {
            "title"
        },
        label_len: *rng.pick(&[60, 80, 120, 200]),
        key: rng
            .chance(55)
            .then(|| *rng.pick(&["code", "reference", "number"])),
        status: STATUS_SETS[rng.below(STATUS_SETS.len())],
        amount: rng.chance(40),
        person,
        nested: if rng.chance(45) {
            1 + rng.below(3) as u8
        } else {
            0
        },
        tags: rng.chance(30),
        channels: rng.chance(12),
        owner: rng.chance(50),
        description: rng.chance(40),
        due: rng.chance(30),
        updated: rng.chance(60),
        children: None,
        patch: rng.chance(50),
        delete: rng.chance(40),
        nested_path: rng.chance(50),
        sort: rng.chance(60),
        q: rng.chance(45),
        limit_offset: rng.chance(25),
    }
}

/// The files of a generated project, as (path under the root, text).
pub fn project(size: &ProjectSize) -> Vec<(String, String)> {
    let mut rng = Rng::new(size.seed);
    let systems = systems(size, &mut rng);
    let mut files = vec![
        (
            "docs/requirements.md".to_string(),
            requirements(size, &systems, &mut rng),
        ),
        ("docs/architecture.md".to_string(), architecture(&systems)),
    ];
    for s in &systems {
        files.push((format!("docs/api-contracts/{}.yaml", s.name), contract(s)));
    }
    files
}

/// Writes [`project`] under `root` (creating docs/ and docs/api-contracts/).
pub fn write_project(root: &Path, size: &ProjectSize) -> io::Result<()> {
    for (rel, text) in project(size) {
        let path = root.join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(path, text)?;
    }
    Ok(())
}

// ------------------------------------------------------------ requirements

fn requirements(size: &ProjectSize, systems: &[System], rng: &mut Rng) -> String {
    let mut o = String::new();
    o.push_str("# Project Requirements\n\n");
    o.push_str("<!-- Project: a generated multi-team commerce and operations platform (stowage benchmark input) -->\n\n");
    o.push_str("## 1. Background & Goals\n\n");
    let _ = writeln!(
        o,
        "- **Background**: {} teams run their work in spreadsheets and a dozen legacy tools; records are copied by hand between them.",
        systems.len()
    );
    o.push_str("- **Core objectives**:\n  - One place per team for its own records, with history.\n  - 业务数据统一管理，支持按状态筛选和导出。\n");
    o.push_str("- **Success metrics**:\n  - 95% of lists answer within 300 ms.\n  - No record is lost or double-entered after launch.\n\n");
    o.push_str("## 2. User Stories\n\n");
    let n = systems.len().max(1);
    for i in 0..size.stories {
        let sys = &systems[i % n];
        let ent = &sys.ents[(i / n) % sys.ents.len()];
        let parent = ent.parent.map(|p| &sys.ents[p]);
        story(&mut o, i + 1, sys, ent, parent, rng);
    }
    o.push_str("## 3. Feature List\n\n| ID | Feature | Description | Priority | Dependencies |\n|----|---------|-------------|----------|--------------|\n");
    for (k, s) in systems.iter().enumerate() {
        let nouns: Vec<String> = s.ents.iter().map(Ent::plural).collect();
        let _ = writeln!(
            o,
            "| F-{:03} | {} | Manage {} | P{} | {} |",
            k + 1,
            pascal(&s.about.replace([',', '(', ')'], "")),
            nouns.join(", "),
            k % 3,
            if k == 0 {
                "-".to_string()
            } else {
                "F-001".to_string()
            }
        );
    }
    o.push_str("\n## 4. Non-Functional Requirements\n\n### Performance\n\n");
    o.push_str(
        "- About 200,000 records per system in the first year, 2 million after three years.\n",
    );
    o.push_str("- Lists and searches answer within 300 ms at 50 requests per second at peak.\n");
    o.push_str("- 导出 1 万条记录不超过 10 秒。\n\n### Security\n\n");
    o.push_str(
        "- Passwords are never stored in clear text; every change keeps who made it and when.\n\n",
    );
    o.push_str("### Availability\n\n- 99.9% during business hours; backups kept for 30 days.\n\n");
    o.push_str("## 5. Boundaries & Constraints\n\n- Out of scope: payments by card are handled by the payment provider.\n- Technical constraint: Go services, one database per service.\n\n");
    o.push_str(
        "## 6. Open Questions (TBD)\n\n- Do archived records ever get deleted for good?\n\n",
    );
    o.push_str("<!-- UNCERTAINTY: retention of archived records is not decided; assume kept forever. -->\n");
    o
}

fn story(o: &mut String, id: usize, sys: &System, ent: &Ent, parent: Option<&Ent>, rng: &mut Rng) {
    let noun = &ent.noun;
    let plural = ent.plural();
    let a = article(noun);
    let goals: Vec<String> = {
        let mut g = vec![
            format!(
                "create {a} {noun} with a {}, a status and an optional description",
                ent.label
            ),
            format!("list my {plural}, newest first, and filter them by status"),
            format!("search {plural} by {}", ent.label),
            format!("archive {a} {noun} I no longer need"),
            format!("export the {plural} of the last month as a CSV file"),
            format!("see the history of changes to {a} {noun}"),
        ];
        if let Some(p) = parent {
            g.push(format!(
                "see every {noun} of {} {}",
                article(&p.noun),
                p.noun
            ));
            g.push(format!("add {a} {noun} to {} {}", article(&p.noun), p.noun));
        }
        if let Some(k) = ent.key {
            g.push(format!("find {a} {noun} by its {k}"));
        }
        g
    };
    let goal = rng.pick(&goals).clone();
    let value = rng
        .pick(&[
            "I can keep track of them without a spreadsheet",
            "nothing gets lost between teams",
            "I can answer questions from colleagues quickly",
            "the numbers at month end are right",
        ])
        .to_string();
    let mut criteria: Vec<String> = Vec::new();
    if let Some(k) = ent.key {
        criteria.push(format!(
            "The {noun} {k} is unique and at most 20 characters."
        ));
    }
    criteria.push(format!(
        "The {} is at most {} characters.",
        ent.label, ent.label_len
    ));
    criteria.push(format!(
        "The list shows 20 {plural} per page, newest first."
    ));
    if let Some(p) = parent {
        criteria.push(format!(
            "Every {noun} belongs to one {}; deleting the {} deletes its {plural}.",
            p.noun, p.noun
        ));
    }
    if ent.due {
        criteria.push(format!(
            "Overdue {plural} are listed by due date, soonest first."
        ));
    }
    criteria.push(format!("About 2 million {plural} a year."));
    let zh_criteria = [
        format!("{plural} 列表每页 20 条，按创建时间倒序排列。"),
        format!("已归档的 {plural} 默认不显示。"),
        format!("只有创建者和管理员可以修改 {noun}。"),
    ];
    let pick = rng.below(100);
    let prio = rng.below(3);
    let title_noun = pascal(noun);
    if pick < 55 {
        // The template's own shape, in English.
        let _ = writeln!(
            o,
            "### US-{id:04}: {} {plural}",
            rng.pick(&["Manage", "Track", "Review", "Keep"])
        );
        let _ = writeln!(o, "- **Role**: As {} {}", article(sys.role), sys.role);
        let _ = writeln!(o, "- **Goal**: I want to {goal}");
        let _ = writeln!(o, "- **Value**: So that {value}");
        o.push_str("- **Acceptance Criteria**:\n");
        let take = 2 + rng.below(criteria.len().saturating_sub(1).max(1));
        for c in criteria.iter().take(take) {
            let _ = writeln!(o, "  - [ ] {c}");
        }
        if rng.chance(20) {
            let _ = writeln!(o, "  - [ ] {}", rng.pick(&zh_criteria));
        }
        let _ = writeln!(o, "- **Priority**: P{prio}");
        if rng.chance(10) {
            let _ = writeln!(
                o,
                "- **Open Questions**: Should {plural} older than 5 years be removed?"
            );
        }
    } else if pick < 70 {
        // One sentence, then the criteria.
        let _ = writeln!(o, "### US-{id:04} {title_noun} work");
        o.push('\n');
        let _ = writeln!(
            o,
            "As {} {}, I want to {goal}, so that {value}.",
            article(sys.role),
            sys.role
        );
        o.push_str("\n**Acceptance Criteria**\n\n");
        for c in criteria.iter().take(3) {
            let _ = writeln!(o, "- {c}");
        }
        let _ = writeln!(o, "\nPriority: P{prio}");
    } else if pick < 90 {
        // Chinese labels and sentences with the English nouns the team uses.
        let _ = writeln!(o, "### US-{id:04}：管理 {plural}");
        let _ = writeln!(o, "- **角色**：作为{}", sys.role_zh);
        let zh_goal = rng
            .pick(&[
                format!("我想要创建和查看 {plural}，并按 status 筛选"),
                format!("我想要按 {} 搜索 {plural}", ent.label),
                format!("我希望能导出上个月的 {plural}"),
            ])
            .clone();
        let _ = writeln!(o, "- **目标**：{zh_goal}");
        let _ = writeln!(o, "- **价值**：以便团队随时掌握 {plural} 的情况");
        o.push_str("- **验收标准**：\n");
        for c in zh_criteria.iter().take(2) {
            let _ = writeln!(o, "  - [ ] {c}");
        }
        let _ = writeln!(o, "  - [ ] {}", criteria[0]);
        let _ = writeln!(o, "- **优先级**：P{prio}");
    } else {
        // Plain labels, as some assistants write them.
        let _ = writeln!(o, "### US-{id:04}: {title_noun} list");
        let _ = writeln!(o, "- Role: {}", sys.role);
        let _ = writeln!(o, "- Goal: I want to {goal}");
        let _ = writeln!(o, "- Value: so that {value}");
        o.push_str("- Acceptance Criteria:\n");
        for c in criteria.iter().take(2) {
            let _ = writeln!(o, "  - {c}");
        }
        let _ = writeln!(o, "- Priority: P{prio}");
    }
    o.push('\n');
}

// ------------------------------------------------------------ architecture

fn architecture(systems: &[System]) -> String {
    let mut o = String::new();
    o.push_str("# System Architecture\n\n## 1. System Overview\n\n### 1.1 System List\n\n");
    o.push_str("| System | Type | Responsibility | Tech Stack |\n|--------|------|----------------|------------|\n");
    o.push_str("| frontend-web | Frontend | Every team's pages | React 18 + TypeScript |\n");
    o.push_str("| frontend-admin | 前端 | 管理后台 | Vue 3 |\n");
    for (k, s) in systems.iter().enumerate() {
        let nouns: Vec<String> = s.ents.iter().map(Ent::plural).collect();
        let kind = ["Backend", "backend service", "后端", "Backend (Go)"][k % 4];
        let _ = writeln!(
            o,
            "| {} | {kind} | Owns {}: {} | {} |",
            s.name,
            s.about,
            nouns.join(", "),
            s.stack
        );
    }
    o.push_str("| payment-gateway | External | Card payments | Third party |\n\n");
    o.push_str("### 1.2 System Diagram\n\n```\n  browser --> frontend-web --> (REST /api/v1) --> backend-*\n                                                    |\n                                              one database each\n```\n\n");
    o.push_str("### 1.3 Key Architecture Decisions\n\n| Decision | Options | Choice | Reason |\n|----------|---------|--------|--------|\n");
    o.push_str("| Auth method | JWT; server-side sessions | JWT | Stateless services behind one gateway |\n");
    o.push_str("| Database per service | Shared database; one per service | One per service | Teams release on their own |\n");
    o.push_str("| Search | Search engine; the main database | The main database | Tens of thousands of records per team |\n\n");
    o.push_str("<!-- ARCH-DECISION: every backend owns its data; other systems' ids are kept as plain columns. -->\n\n");
    o.push_str("## 2. Communication\n\n### 2.1 Frontend-Backend (REST API)\n\n- JSON over HTTPS, base path `/api/v1`, lists take `page` and `page_size`.\n\n### 2.2 Backend-Backend (gRPC)\n\n- Only for reads of another system's records by id.\n\n");
    o.push_str("## 3. System Details\n\n");
    for (k, s) in systems.iter().enumerate() {
        let nouns: Vec<String> = s.ents.iter().map(Ent::plural).collect();
        let _ = writeln!(o, "### 3.{} {}\n", k + 1, s.name);
        let _ = writeln!(
            o,
            "- Responsibility boundary: owns {} ({}); reads users from backend-identity by id.",
            s.about,
            nouns.join(", ")
        );
        let _ = writeln!(o, "- External API: docs/api-contracts/{}.yaml", s.name);
        let _ = writeln!(o, "- Storage design: docs/storage/{}.md\n", s.name);
    }
    o.push_str("## 4. Open Architecture Questions\n\n- Event bus between services: later.\n");
    o
}

// ------------------------------------------------------------ contracts

fn contract(s: &System) -> String {
    let mut o = String::new();
    let _ = write!(
        o,
        "openapi: 3.0.3\ninfo:\n  title: {} API\n  version: 1.0.0\n  description: Generated contract for {}.\nsecurity:\n  - bearerAuth: []\npaths:\n  /health:\n    get:\n      summary: Liveness check\n      security: []\n      responses:\n        '200':\n          description: ok\n",
        s.name, s.about
    );
    for e in &s.ents {
        paths(&mut o, s, e);
    }
    o.push_str("components:\n  securitySchemes:\n    bearerAuth: {type: http, scheme: bearer, bearerFormat: JWT}\n  schemas:\n");
    o.push_str("    Error:\n      type: object\n      required: [code, message]\n      properties:\n        code: {type: string}\n        message: {type: string}\n");
    o.push_str("    PageMeta:\n      type: object\n      properties:\n        page: {type: integer}\n        page_size: {type: integer}\n        total: {type: integer}\n");
    o.push_str("    Address:\n      type: object\n      properties:\n        line1: {type: string, maxLength: 100}\n        city: {type: string, maxLength: 60}\n        postcode: {type: string, maxLength: 12}\n        country: {type: string, maxLength: 2}\n");
    for e in &s.ents {
        schemas(&mut o, s, e);
    }
    o
}

fn paths(o: &mut String, s: &System, e: &Ent) {
    let t = e.pascal();
    let kp = e.kebab_plural();
    let _ = writeln!(
        o,
        "  /api/v1/{kp}:\n    get:\n      summary: List {}\n      parameters:",
        e.plural()
    );
    let _ = writeln!(
        o,
        "        - {{name: status, in: query, schema: {{type: string, enum: [{}]}}}}",
        e.status.join(", ")
    );
    if let Some(p) = e.parent {
        let _ = writeln!(
            o,
            "        - {{name: {}_id, in: query, schema: {{type: string, format: uuid}}}}",
            s.ents[p].snake()
        );
    }
    if e.q {
        o.push_str("        - {name: q, in: query, description: Matches the name, schema: {type: string, maxLength: 100}}\n");
    }
    if e.sort {
        let _ = writeln!(
            o,
            "        - {{name: sort, in: query, schema: {{type: string, enum: [created_at, -created_at, {}]}}}}",
            e.label
        );
    }
    if e.limit_offset {
        o.push_str("        - {name: limit, in: query, schema: {type: integer, maximum: 100}}\n        - {name: offset, in: query, schema: {type: integer}}\n");
    } else {
        o.push_str("        - {name: page, in: query, schema: {type: integer, minimum: 1}}\n        - {name: page_size, in: query, schema: {type: integer, maximum: 100}}\n");
    }
    let _ = write!(
        o,
        "      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/{t}List'}}\n"
    );
    let _ = write!(
        o,
        "    post:\n      summary: Create {a} {n}\n      requestBody:\n        required: true\n        content:\n          application/json:\n            schema: {{$ref: '#/components/schemas/Create{t}Request'}}\n      responses:\n        '201':\n          description: created\n          content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/{t}'}}\n        '400':\n          description: invalid\n          content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/Error'}}\n",
        a = article(&e.noun),
        n = e.noun
    );
    let id = format!("{}_id", e.snake());
    let _ = write!(
        o,
        "  /api/v1/{kp}/{{{id}}}:\n    parameters:\n      - {{name: {id}, in: path, required: true, schema: {{type: string, format: uuid}}}}\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/{t}'}}\n"
    );
    if e.patch {
        let _ = write!(
            o,
            "    patch:\n      requestBody:\n        content:\n          application/json:\n            schema: {{$ref: '#/components/schemas/Update{t}Request'}}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/{t}'}}\n"
        );
    }
    if e.delete {
        o.push_str(
            "    delete:\n      responses:\n        '204':\n          description: deleted\n",
        );
    }
    if let (Some(p), true) = (e.parent, e.nested_path) {
        let parent = &s.ents[p];
        let pid = format!("{}_id", parent.snake());
        let _ = write!(
            o,
            "  /api/v1/{}/{{{pid}}}/{kp}:\n    get:\n      summary: The {} of {} {}\n      parameters:\n        - {{name: {pid}, in: path, required: true, schema: {{type: string, format: uuid}}}}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{type: array, items: {{$ref: '#/components/schemas/{t}'}}}}\n",
            parent.kebab_plural(),
            e.plural(),
            article(&parent.noun),
            parent.noun
        );
    }
}

fn schemas(o: &mut String, s: &System, e: &Ent) {
    let t = e.pascal();
    let mut required = vec!["id", e.label, "status", "created_at"];
    if let Some(k) = e.key {
        required.push(k);
    }
    let _ = writeln!(
        o,
        "    {t}:\n      type: object\n      required: [{}]\n      properties:",
        required.join(", ")
    );
    o.push_str("        id: {type: string, format: uuid, readOnly: true}\n");
    let _ = writeln!(
        o,
        "        {}: {{type: string, maxLength: {}}}",
        e.label, e.label_len
    );
    if let Some(k) = e.key {
        let _ = writeln!(
            o,
            "        {k}: {{type: string, maxLength: 20, description: Unique {k} shown to people}}"
        );
    }
    let _ = writeln!(
        o,
        "        status: {{type: string, enum: [{}], default: {}}}",
        e.status.join(", "),
        e.status[0]
    );
    if e.description {
        o.push_str("        description: {type: string, maxLength: 2000, nullable: true}\n");
    }
    if e.amount {
        o.push_str("        amount: {type: string, format: decimal, description: Amount in the account currency}\n        quantity: {type: integer, minimum: 0}\n");
    }
    if e.person {
        o.push_str("        email: {type: string, format: email, maxLength: 320}\n        phone: {type: string, maxLength: 20}\n");
    }
    if e.due {
        o.push_str("        due_date: {type: string, format: date}\n");
    }
    match e.nested {
        1 => o.push_str("        address:\n          type: object\n          properties:\n            line1: {type: string, maxLength: 100}\n            city: {type: string, maxLength: 60}\n            postcode: {type: string, maxLength: 12}\n"),
        2 => o.push_str("        billing_address: {$ref: '#/components/schemas/Address'}\n"),
        3 => o.push_str("        dimensions:\n          type: object\n          properties:\n            width_mm: {type: integer}\n            height_mm: {type: integer}\n            weight_g: {type: integer}\n"),
        _ => {}
    }
    if e.tags {
        o.push_str("        tags: {type: array, items: {type: string, maxLength: 30}}\n");
    }
    if e.channels {
        o.push_str(
            "        channels: {type: array, items: {type: string, enum: [email, sms, push]}}\n",
        );
    }
    if let Some(p) = e.parent {
        let _ = writeln!(
            o,
            "        {}_id: {{type: string, format: uuid}}",
            s.ents[p].snake()
        );
    }
    if e.owner {
        o.push_str("        owner_id: {type: string, format: uuid, description: The user who created it}\n");
    }
    if let Some(c) = e.children {
        let _ = writeln!(
            o,
            "        {}: {{type: array, items: {{$ref: '#/components/schemas/{}'}}}}",
            s.ents[c].plural().replace(' ', "_"),
            s.ents[c].pascal()
        );
    }
    o.push_str("        created_at: {type: string, format: date-time, readOnly: true}\n");
    if e.updated {
        o.push_str("        updated_at: {type: string, format: date-time, readOnly: true}\n");
    }
    // The request and list wrappers, which are not entities.
    let _ = writeln!(
        o,
        "    Create{t}Request:\n      type: object\n      required: [{}]\n      properties:\n        {}: {{type: string, maxLength: {}}}",
        e.label, e.label, e.label_len
    );
    if let Some(k) = e.key {
        let _ = writeln!(o, "        {k}: {{type: string, maxLength: 20}}");
    }
    if e.tags {
        o.push_str("        tags: {type: array, items: {type: string, maxLength: 30}}\n");
    }
    if e.patch {
        let _ = writeln!(
            o,
            "    Update{t}Request:\n      type: object\n      properties:\n        {}: {{type: string, maxLength: {}}}\n        status: {{type: string, enum: [{}]}}",
            e.label,
            e.label_len,
            e.status.join(", ")
        );
    }
    let _ = writeln!(
        o,
        "    {t}List:\n      type: object\n      properties:\n        items: {{type: array, items: {{$ref: '#/components/schemas/{t}'}}}}\n        meta: {{$ref: '#/components/schemas/PageMeta'}}"
    );
}

// ------------------------------------------------------------ storage document

/// A storage document (`docs/storage/backend-big.md`) of `n` entities in
/// the template's shape: each with a BIGINT PK, a code, a title, a FK to
/// the previous entity (ON DELETE CASCADE) and one to entity `7i mod n`,
/// timestamps; a UNIQUE index, a (parent_id, created_at DESC) index and a
/// FK index; one High-frequency query pattern served by the second index.
pub fn storage(n: usize) -> String {
    let name = |i: usize| format!("Thing{i}");
    let mut o = String::with_capacity(n * 1000);
    o.push_str("# backend-big Storage Design\n\n## 1. Storage Selection\n\n");
    o.push_str("| Storage Type | Technology | Purpose | Reason |\n|--------------|------------|---------|--------|\n");
    o.push_str("| Primary DB | PostgreSQL | Business data | Relational data with transactions (arch:backend-big) |\n\n## 2. Core Entities\n\n");
    for i in 0..n {
        let (parent, other) = ((i + n - 1) % n, (i * 7) % n);
        let _ = write!(
            o,
            "### 2.{} {}\n\nTable: `thing{i}s`\n\nThing number {i} (US-{:04})\n\n\
             | Field | Type | Constraints | Description |\n\
             |-------|------|-------------|-------------|\n\
             | id | BIGINT | PK | Primary key |\n\
             | code | VARCHAR(16) | NOT NULL | Business code |\n\
             | title | VARCHAR(200) | NOT NULL | |\n\
             | parent_id | BIGINT | FK → {}(id) ON DELETE CASCADE | Parent |\n\
             | other_id | BIGINT | FK → {}(id) | Related |\n\
             | created_at | TIMESTAMP | NOT NULL | Creation time |\n\
             | updated_at | TIMESTAMP | NOT NULL | Last update |\n\n",
            i + 1,
            name(i),
            i % 2000 + 1,
            name(parent),
            name(other)
        );
    }
    o.push_str("## 3. Entity Relationships\n\n```\n");
    for i in 0..n {
        let _ = writeln!(o, "{} 1 ──── N {}", name((i + n - 1) % n), name(i));
    }
    o.push_str("```\n\n## 4. Index Design\n\n| Table | Index | Fields | Type | Purpose |\n|-------|-------|--------|------|---------|\n");
    for i in 0..n {
        let t = name(i);
        let _ = writeln!(
            o,
            "| {t} | idx_thing{i}_code | code | UNIQUE | Lookup by code |"
        );
        let _ = writeln!(
            o,
            "| {t} | idx_thing{i}_parent_created | parent_id, created_at DESC | BTREE | Children, newest first |"
        );
        let _ = writeln!(
            o,
            "| {t} | idx_thing{i}_other | other_id | BTREE | Related things |"
        );
    }
    o.push_str("\n## 5. Query Pattern Analysis\n\n| Query Scenario | Frequency | Tables | Filter | Range / Sort | Optimization |\n|----------------|-----------|--------|--------|--------------|--------------|\n");
    for i in 0..n {
        let _ = writeln!(
            o,
            "| Children of a thing {i} | High | {} | parent_id | created_at DESC | idx_thing{i}_parent_created |",
            name(i)
        );
    }
    o
}

/// Writes [`storage`] as `root/docs/storage/backend-big.md`; returns its path.
pub fn write_storage(root: &Path, n: usize) -> io::Result<std::path::PathBuf> {
    let dir = root.join("docs/storage");
    std::fs::create_dir_all(&dir)?;
    let path = dir.join("backend-big.md");
    std::fs::write(&path, storage(n))?;
    Ok(path)
}
