//! docs/requirements.md: user stories, feature list, non-functional
//! requirements with their numbers, boundaries, open questions and markers.

use super::Loc;
use crate::diag::Diagnostic;
use serde::Serialize;
use std::collections::HashSet;
use std::path::Path;

#[derive(Debug, Clone, Default, Serialize)]
pub struct Requirements {
    /// Bullets of "Background & Goals" (background, objectives, metrics).
    pub goals: Vec<TextLine>,
    pub stories: Vec<UserStory>,
    pub features: Vec<Feature>,
    pub non_functional: Vec<NonFunctional>,
    /// Bullets of "Boundaries & Constraints".
    pub constraints: Vec<TextLine>,
    /// Items of "Open Questions".
    pub open_questions: Vec<TextLine>,
    /// `<!-- UNCERTAINTY: ... -->` and similar markers anywhere in the file.
    pub markers: Vec<Marker>,
    pub diagnostics: Vec<Diagnostic>,
}

/// A line of prose with where it was read.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct TextLine {
    pub text: String,
    pub loc: Loc,
}

/// An HTML comment marker left for later decisions:
/// `<!-- UNCERTAINTY: nice to have -->` -> kind `UNCERTAINTY`, text `nice to have`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Marker {
    pub kind: String,
    pub text: String,
    pub loc: Loc,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct UserStory {
    /// `US-001`, or a generated `US-<n>` when the heading has none.
    pub id: String,
    pub title: String,
    /// The role without "As a": `new customer`.
    pub role: String,
    /// The goal without "I want to": `create an account with ...`.
    pub goal: String,
    /// The value without "So that".
    pub value: String,
    pub acceptance: Vec<TextLine>,
    pub priority: Option<String>,
    pub open_questions: Option<String>,
    pub loc: Loc,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Feature {
    pub id: String,
    pub name: String,
    pub description: String,
    pub priority: Option<String>,
    pub dependencies: Vec<String>,
    pub loc: Loc,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct NonFunctional {
    /// The sub-heading it sits under: Performance, Security, Availability, ...
    pub category: String,
    pub text: String,
    pub quantities: Vec<Quantity>,
    pub loc: Loc,
}

/// A number found in prose, with what it counts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quantity {
    pub value: f64,
    pub unit: QuantityUnit,
    /// What it is counted against, when the text says: `second`, `day`,
    /// `year`, `user` (from `per user`, `a day`, `/s`, `每天`). Rates of
    /// operations per second or minute are folded into
    /// [`QuantityUnit::RequestsPerSecond`] instead.
    pub per: Option<String>,
    /// The words the number was read from, e.g. `10,000 bookmarks per user`.
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum QuantityUnit {
    Users,
    /// Records of some noun (`bookmarks`, `orders`, `rows`); the noun is kept.
    Records(String),
    RequestsPerSecond,
    /// A latency or duration bound in milliseconds.
    Milliseconds,
    /// A retention or expiry period in days.
    Days,
    Bytes,
    Percent,
    Other(String),
}

/// Field labels inside a story, lower case, English and Chinese.
mod labels {
    pub const ROLE: &[&str] = &[
        "role",
        "user role",
        "actor",
        "persona",
        "who",
        "角色",
        "用户角色",
    ];
    pub const GOAL: &[&str] = &[
        "goal", "want", "action", "i want", "feature", "what", "目标", "需求", "功能", "行为",
    ];
    pub const VALUE: &[&str] = &[
        "value",
        "benefit",
        "so that",
        "why",
        "reason",
        "business value",
        "价值",
        "收益",
        "目的",
        "意义",
    ];
    pub const ACCEPTANCE: &[&str] = &[
        "acceptance criteria",
        "acceptance criterion",
        "acceptance",
        "criteria",
        "ac",
        "验收标准",
        "验收条件",
        "验收准则",
        "验收",
    ];
    pub const PRIORITY: &[&str] = &["priority", "prio", "优先级"];
    pub const OPEN_QUESTIONS: &[&str] = &[
        "open questions",
        "open question",
        "questions",
        "tbd",
        "待定问题",
        "开放问题",
        "待确认",
        "疑问",
        "问题",
    ];
    pub const STORY: &[&str] = &[
        "story",
        "user story",
        "description",
        "用户故事",
        "故事",
        "描述",
    ];
}

/// Phrases that open each part of a story sentence, lower case.
mod phrases {
    pub const ROLE: &[&str] = &[
        "as an ",
        "as a ",
        "as the ",
        "as ",
        "作为一名",
        "作为一个",
        "作为一位",
        "作为",
    ];
    pub const GOAL: &[&str] = &[
        "i want to ",
        "i would like to ",
        "i'd like to ",
        "i need to ",
        "i want ",
        "i need ",
        "i can ",
        "i should be able to ",
        "我想要",
        "我希望能够",
        "我希望能",
        "我希望",
        "我想",
        "我需要",
        "我要",
        "希望",
        "想要",
    ];
    pub const VALUE: &[&str] = &[
        "so that ",
        "so i can ",
        "in order to ",
        "so ",
        "以便于",
        "以便",
        "从而",
        "这样",
        "使得",
        "为了",
    ];
}

use super::markdown::{self, strip_inline, strip_list_marker, titles, Markdown};
use super::quantity::find_quantities;

/// Reads docs/requirements.md. Never fails: what cannot be read is skipped,
/// with a warning where something looks broken (a story with no role or
/// goal, a feature table without a Feature column, no stories at all).
pub fn parse(text: &str, file: &Path) -> Requirements {
    let md = Markdown::parse(text);
    let mut r = Requirements::default();
    let loc = |line| Loc::new(file, line);

    let story_sections = find_story_sections(&md);
    // Sections that are stories or sit inside one (computed once: documents
    // with thousands of stories must stay fast).
    let mut inside_story = vec![false; md.sections.len()];
    for &si in &story_sections {
        if let Some(slot) = inside_story.get_mut(si) {
            *slot = true;
        }
        for (d, _) in md.descendants(si) {
            if let Some(slot) = inside_story.get_mut(d) {
                *slot = true;
            }
        }
    }
    // The parts of the document other than stories, found by title.
    let part = |keywords: &[&str], exclude: &[&str]| -> Option<usize> {
        md.sections
            .iter()
            .enumerate()
            .filter(|(i, s)| {
                !inside_story.get(*i).copied().unwrap_or(false)
                    && markdown::title_matches(&s.title, keywords)
                    && !markdown::title_matches(&s.title, exclude)
            })
            .min_by_key(|(i, s)| (s.level, *i))
            .map(|(i, _)| i)
    };

    // Stories.
    let mut seen_ids: HashSet<String> = HashSet::new();
    for (n, &si) in story_sections.iter().enumerate() {
        let Some(section) = md.sections.get(si) else {
            continue;
        };
        let (id, title) = match split_story_id(&section.title) {
            Some((id, title)) => (id, title),
            None => (generated_id(n + 1, &seen_ids), section.title.clone()),
        };
        let body = story_body(&md, si, &story_sections);
        let mut story = read_story_body(&md, body);
        story.id = id;
        story.title = title;
        story.loc = loc(section.line);
        for a in &mut story.acceptance {
            a.loc.file = file.to_path_buf();
        }
        finish_story(&mut story, &mut r.diagnostics, file, &mut seen_ids);
        r.stories.push(story);
    }
    // A User Stories section written as a table, or as sentences, without a
    // heading per story.
    if r.stories.is_empty() {
        if let Some(us) = part(titles::USER_STORIES, &[]) {
            let range = md.sections.get(us).map(|s| s.body.clone()).unwrap_or(0..0);
            for table in md.tables_in(range.clone()) {
                read_story_table(table, file, &mut r, &mut seen_ids);
            }
        }
    }
    if r.stories.is_empty() {
        if let Some(us) = part(titles::USER_STORIES, &[]) {
            let range = md.sections.get(us).map(|s| s.body.clone()).unwrap_or(0..0);
            for item in md.lines(range) {
                let (_, _, rest) = strip_list_marker(item.text);
                let plain = strip_inline(rest);
                let Some((role, goal, value)) = parse_sentence(&plain) else {
                    continue;
                };
                let (id, title) = split_story_id(&plain).unwrap_or_else(|| {
                    (generated_id(r.stories.len() + 1, &seen_ids), String::new())
                });
                let mut story = UserStory {
                    id,
                    title: if title.is_empty() || parse_sentence(&title).is_some() {
                        goal.clone()
                    } else {
                        title
                    },
                    role,
                    goal,
                    value,
                    loc: loc(item.number),
                    ..Default::default()
                };
                finish_story(&mut story, &mut r.diagnostics, file, &mut seen_ids);
                r.stories.push(story);
            }
        }
    }
    if r.stories.is_empty() {
        r.diagnostics.push(
            Diagnostic::warning("no user stories found")
                .in_file(file)
                .at(1, 1)
                .with_help("expected `## User Stories` with `### US-001: <title>` sections holding `- **Role**: As a ...`, `- **Goal**: I want to ...`, `- **Value**: So that ...`"),
        );
    }

    // Feature list.
    if let Some(fl) = part(titles::FEATURE_LIST, titles::NON_FUNCTIONAL) {
        let range = md.sections.get(fl).map(|s| s.body.clone()).unwrap_or(0..0);
        for table in md.tables_in(range) {
            read_feature_table(table, file, &mut r);
        }
    }

    // Non-functional requirements, grouped by sub-heading.
    if let Some(nf) = part(titles::NON_FUNCTIONAL, &[]) {
        read_non_functional(&md, nf, file, &mut r);
    }

    let items_of = |i: Option<usize>| -> Vec<TextLine> {
        let Some(range) = i.and_then(|i| md.sections.get(i)).map(|s| s.body.clone()) else {
            return Vec::new();
        };
        md.items_in(range)
            .filter(|it| !it.text.is_empty())
            .map(|it| TextLine {
                text: it.text.clone(),
                loc: loc(it.line),
            })
            .collect()
    };
    r.goals = items_of(part(titles::BACKGROUND, titles::USER_STORIES));
    r.constraints = items_of(part(titles::CONSTRAINTS, &[]));
    r.open_questions = items_of(part(titles::OPEN_QUESTIONS, &[]));

    r.markers = md
        .markers()
        .map(|c| Marker {
            kind: c.kind.clone().unwrap_or_default(),
            text: c.body.clone(),
            loc: loc(c.line),
        })
        .collect();
    r
}

/// Story sections: headings that start with a story ID anywhere, plus the
/// leaf headings directly under "User Stories" (stories without IDs).
fn find_story_sections(md: &Markdown) -> Vec<usize> {
    let mut out: Vec<usize> = md
        .sections
        .iter()
        .enumerate()
        .filter(|(_, s)| split_story_id(&s.title).is_some())
        .map(|(i, _)| i)
        .collect();
    let by_id = !out.is_empty();
    if let Some(us) = md.find_section(titles::USER_STORIES, None) {
        let has_story_below = |i: usize| md.descendants(i).any(|(d, _)| out.contains(&d));
        let children: Vec<usize> = md
            .children(Some(us))
            .map(|(i, _)| i)
            .filter(|&i| !out.contains(&i) && !has_story_below(i))
            .collect();
        // Without IDs anywhere, every child is a story; with IDs, a child
        // without one is a story only if it reads like one.
        for i in children {
            let looks_like_story = !by_id || {
                let body = md.own_body(i);
                md.lines(body).any(|l| {
                    let plain = strip_inline(strip_list_marker(l.text).2).to_lowercase();
                    label_of(&plain).is_some_and(|(k, _)| k == Label::Role)
                        || parse_sentence(&plain).is_some()
                })
            };
            if looks_like_story {
                out.push(i);
            }
        }
    }
    out.sort_unstable();
    out
}

/// The text of a story: its own body, plus sub-sections that are not
/// stories themselves (`#### Acceptance Criteria`).
fn story_body(md: &Markdown, index: usize, stories: &[usize]) -> std::ops::Range<usize> {
    let Some(s) = md.sections.get(index) else {
        return 0..0;
    };
    // `stories` is sorted by position, so the next story is the next entry.
    let next_story = stories
        .binary_search(&index)
        .ok()
        .and_then(|k| stories.get(k + 1))
        .and_then(|&i| md.sections.get(i))
        .map(|x| x.heading.start)
        .filter(|&start| start < s.body.end);
    s.body.start..next_story.unwrap_or(s.body.end)
}

/// `US-001: title`, `US001 title`, `US-1 - title`, `Story 3: title`,
/// `用户故事 1：标题` -> (normalised ID `US-001`, title).
pub fn split_story_id(heading: &str) -> Option<(String, String)> {
    let t = heading.trim();
    let (prefix, rest) = if let Some(r) = strip_prefix_ci(t, "user story") {
        ("US", r)
    } else if let Some(r) = strip_prefix_ci(t, "story") {
        ("US", r)
    } else if let Some(r) = t
        .strip_prefix("用户故事")
        .or_else(|| t.strip_prefix("故事"))
    {
        ("US", r)
    } else {
        let letters: usize = t
            .char_indices()
            .find(|(_, c)| !c.is_ascii_uppercase())
            .map_or(t.len(), |(i, _)| i);
        if !(1..=4).contains(&letters) {
            return None;
        }
        (&t[..letters], &t[letters..])
    };
    let rest = rest.trim_start_matches(['-', '_', ' ', '#']);
    let digits = rest.chars().take_while(|c| c.is_ascii_digit()).count();
    if digits == 0 || digits > 6 {
        return None;
    }
    let number = &rest[..digits];
    let after = &rest[digits..];
    // `US-001a` or `US1x` is not an ID.
    if after
        .chars()
        .next()
        .is_some_and(|c| c.is_alphanumeric() && !is_cjk(c))
    {
        return None;
    }
    let title = after
        .trim_start_matches([':', '：', '-', '—', '–', '.', ' ', '、', ')'])
        .trim()
        .to_string();
    let prefix = prefix.to_ascii_uppercase();
    // Story IDs only: `F-01` is a feature, `NFR-2` a requirement.
    if !matches!(prefix.as_str(), "US" | "S" | "UC" | "STORY" | "USR") {
        return None;
    }
    Some((format!("{prefix}-{number}"), title))
}

fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    if head.eq_ignore_ascii_case(prefix) {
        let rest = &s[prefix.len()..];
        // `Stories I want` is not `Story 1`.
        rest.trim_start_matches(['-', '_', ' ', '#'])
            .starts_with(|c: char| c.is_ascii_digit())
            .then_some(rest)
    } else {
        None
    }
}

fn generated_id(n: usize, seen: &HashSet<String>) -> String {
    let mut n = n;
    loop {
        let id = format!("US-{n:03}");
        if !seen.contains(&id) {
            return id;
        }
        n += 1;
    }
}

fn finish_story(
    story: &mut UserStory,
    diagnostics: &mut Vec<Diagnostic>,
    file: &Path,
    seen: &mut HashSet<String>,
) {
    if seen.contains(&story.id) {
        diagnostics.push(
            Diagnostic::warning(format!("story ID {} is used twice", story.id))
                .in_file(file)
                .at(story.loc.line, 1),
        );
    }
    seen.insert(story.id.clone());
    if story.role.is_empty() && story.goal.is_empty() {
        diagnostics.push(
            Diagnostic::warning(format!("{}: no role or goal found", story.id))
                .in_file(file)
                .at(story.loc.line, 1)
                .with_help("write `- **Role**: As a <role>` and `- **Goal**: I want to <action>`, or one line `As a <role>, I want to <action>, so that <benefit>.`"),
        );
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Label {
    Role,
    Goal,
    Value,
    Acceptance,
    Priority,
    OpenQuestions,
    Story,
}

/// `Role: As a user` -> (Role, "As a user"). Only short heads count, so a
/// sentence with a colon in it is not taken for a label.
fn label_of(plain: &str) -> Option<(Label, &str)> {
    let plain = plain.trim_start_matches('#').trim();
    let (head, rest) = match plain.find([':', '：']) {
        Some(i) => {
            let sep = plain[i..].chars().next().map_or(1, char::len_utf8);
            (&plain[..i], &plain[i + sep..])
        }
        None => (plain, ""),
    };
    if head.chars().count() > 30 {
        return None;
    }
    let key = markdown::normalize_key(head);
    let is = |list: &[&str]| list.contains(&key.as_str());
    let label = if is(labels::ROLE) {
        Label::Role
    } else if is(labels::GOAL) {
        Label::Goal
    } else if is(labels::VALUE) {
        Label::Value
    } else if is(labels::ACCEPTANCE) {
        Label::Acceptance
    } else if is(labels::PRIORITY) {
        Label::Priority
    } else if is(labels::OPEN_QUESTIONS) {
        Label::OpenQuestions
    } else if is(labels::STORY) {
        Label::Story
    } else {
        return None;
    };
    // A bare word line ("Acceptance Criteria") is a label only for the
    // labels that introduce a block.
    if rest.is_empty()
        && !plain.contains([':', '：'])
        && !matches!(label, Label::Acceptance | Label::OpenQuestions)
    {
        return None;
    }
    Some((label, rest.trim()))
}

/// Reads the role / goal / value / criteria lines of one story body.
fn read_story_body(md: &Markdown, body: std::ops::Range<usize>) -> UserStory {
    let mut story = UserStory::default();
    let mut current: Option<Label> = None;
    for line in md.lines(body) {
        if line.text.trim().is_empty() {
            continue;
        }
        let is_item = markdown::is_list_line(line.text);
        let (indent, checked, rest) = strip_list_marker(line.text);
        let plain = strip_inline(rest);
        if plain.is_empty() {
            continue;
        }
        if let Some((label, value)) = label_of(&plain) {
            current = Some(label);
            let value = value.to_string();
            match label {
                Label::Role => story.role = strip_phrase(&value, phrases::ROLE),
                Label::Goal => story.goal = strip_phrase(&value, phrases::GOAL),
                Label::Value => story.value = strip_phrase(&value, phrases::VALUE),
                Label::Priority => story.priority = Some(value).filter(|v| !v.is_empty()),
                Label::OpenQuestions => {
                    if !value.is_empty() {
                        story.open_questions = Some(value);
                    }
                }
                Label::Acceptance => {
                    if !value.is_empty() {
                        story.acceptance.push(TextLine {
                            text: value,
                            loc: Loc::new("", line.number),
                        });
                    }
                }
                Label::Story => {
                    if let Some((role, goal, val)) = parse_sentence(&value) {
                        fill_sentence(&mut story, role, goal, val);
                    }
                }
            }
            continue;
        }
        // Lines that are not labels: criteria, continuations, or a sentence.
        if let Some((role, goal, val)) = parse_sentence(&plain) {
            if story.role.is_empty() && story.goal.is_empty() {
                fill_sentence(&mut story, role, goal, val);
                continue;
            }
        }
        let in_criteria = current == Some(Label::Acceptance);
        if checked.is_some() || (in_criteria && (is_item || indent == 0)) {
            current = current.or(Some(Label::Acceptance));
            story.acceptance.push(TextLine {
                text: plain,
                loc: Loc::new("", line.number),
            });
        } else if !is_item && indent > 0 {
            // A wrapped line continues the last field.
            match current {
                Some(Label::Acceptance) => {
                    if let Some(last) = story.acceptance.last_mut() {
                        last.text.push(' ');
                        last.text.push_str(&plain);
                    }
                }
                Some(Label::Goal) => append(&mut story.goal, &plain),
                Some(Label::Value) => append(&mut story.value, &plain),
                Some(Label::OpenQuestions) => {
                    let q = story.open_questions.get_or_insert_with(String::new);
                    append(q, &plain);
                }
                _ => {}
            }
        } else if current == Some(Label::OpenQuestions) && is_item {
            let q = story.open_questions.get_or_insert_with(String::new);
            append(q, &plain);
        }
    }
    story
}

fn append(field: &mut String, more: &str) {
    if !field.is_empty() {
        field.push(' ');
    }
    field.push_str(more);
}

fn fill_sentence(story: &mut UserStory, role: String, goal: String, value: String) {
    if story.role.is_empty() {
        story.role = role;
    }
    if story.goal.is_empty() {
        story.goal = goal;
    }
    if story.value.is_empty() {
        story.value = value;
    }
}

/// Removes the opening phrase ("As a", "I want to", "So that", "作为", ...)
/// and trailing punctuation.
fn strip_phrase(value: &str, list: &[&str]) -> String {
    let v = value.trim();
    let lower = v.to_ascii_lowercase();
    for p in list {
        if lower.starts_with(p) {
            return trim_clause(&v[p.len()..]);
        }
    }
    trim_clause(v)
}

fn trim_clause(s: &str) -> String {
    s.trim()
        .trim_end_matches(['.', ',', ';', '。', '，', '；', '、'])
        .trim()
        .to_string()
}

/// `As a X, I want to Y, so that Z.` / `作为X，我想要Y，以便Z。` ->
/// (X, Y, Z). The value part is optional.
pub fn parse_sentence(s: &str) -> Option<(String, String, String)> {
    let s = s.trim();
    let lower = s.to_ascii_lowercase();
    let role_start = phrases::ROLE
        .iter()
        .find(|p| lower.starts_with(**p) && p.len() > 3)
        .map(|p| p.len())?;
    let (goal_at, goal_len) = find_first(&lower, role_start, phrases::GOAL)?;
    let role = trim_clause(&s[role_start..goal_at]);
    let (goal, value) = match find_first(&lower, goal_at + goal_len, phrases::VALUE) {
        Some((v_at, v_len)) if v_at > goal_at + goal_len => (
            trim_clause(&s[goal_at + goal_len..v_at]),
            trim_clause(&s[v_at + v_len..]),
        ),
        _ => (trim_clause(&s[goal_at + goal_len..]), String::new()),
    };
    if role.is_empty() || goal.is_empty() {
        return None;
    }
    Some((role, goal, value))
}

/// Earliest occurrence (at or after `from`) of any phrase, preferring the
/// longest phrase at the same position; English phrases must start a word.
fn find_first(lower: &str, from: usize, list: &[&str]) -> Option<(usize, usize)> {
    let hay = lower.get(from..)?;
    list.iter()
        .filter_map(|p| {
            hay.match_indices(p)
                .find(|(i, _)| {
                    !p.is_ascii()
                        || *i == 0
                        || hay[..*i]
                            .chars()
                            .next_back()
                            .is_some_and(|c| !c.is_alphanumeric())
                })
                .map(|(i, _)| (from + i, p.len()))
        })
        .min_by_key(|&(i, len)| (i, usize::MAX - len))
}

/// Stories as table rows: `| ID | Role | Goal | Value | Priority |`, also
/// `| As a | I want to | So that |` headers; a single Story column holding
/// the sentence works too.
fn read_story_table(
    table: &markdown::Table,
    file: &Path,
    r: &mut Requirements,
    seen: &mut HashSet<String>,
) {
    use markdown::headers as h;
    const ROLE: &[&str] = &["role", "as a", "as an", "actor", "角色", "作为"];
    const GOAL: &[&str] = &[
        "goal",
        "i want",
        "i want to",
        "want",
        "目标",
        "我想要",
        "需求",
    ];
    const VALUE: &[&str] = &["value", "so that", "benefit", "价值", "以便", "收益"];
    const STORY: &[&str] = &[
        "story",
        "user story",
        "用户故事",
        "故事",
        "description",
        "描述",
    ];
    const TITLE: &[&str] = &["title", "name", "标题", "名称"];
    const ACCEPTANCE: &[&str] = &["acceptance criteria", "acceptance", "验收标准", "验收条件"];
    let id = table.column(h::ID);
    let role = table.column_except(ROLE, &[id]);
    let goal = table.column_except(GOAL, &[id, role]);
    let value = table.column_except(VALUE, &[id, role, goal]);
    let story = table.column_except(STORY, &[id, role, goal, value]);
    let title = table.column_except(TITLE, &[id, role, goal, value, story]);
    let priority = table.column_except(h::PRIORITY, &[id, role, goal, value, story, title]);
    let acceptance = table.column_except(ACCEPTANCE, &[id, role, goal, value, story, title]);
    if goal.is_none() && story.is_none() {
        return;
    }
    for row in &table.rows {
        let mut s = UserStory {
            role: strip_phrase(row.text(role), phrases::ROLE),
            goal: strip_phrase(row.text(goal), phrases::GOAL),
            value: strip_phrase(row.text(value), phrases::VALUE),
            title: row.text(title).to_string(),
            priority: Some(row.text(priority).to_string()).filter(|p| !p.is_empty()),
            loc: Loc::new(file, row.line),
            ..Default::default()
        };
        if let Some((ro, go, va)) = parse_sentence(row.text(story)) {
            fill_sentence(&mut s, ro, go, va);
        }
        let ac = row.text(acceptance);
        if !ac.is_empty() {
            s.acceptance.push(TextLine {
                text: ac.to_string(),
                loc: Loc::new(file, row.line),
            });
        }
        if s.goal.is_empty() && s.role.is_empty() {
            continue;
        }
        s.id = split_story_id(row.text(id))
            .map(|(id, _)| id)
            .unwrap_or_else(|| generated_id(r.stories.len() + 1, seen));
        if s.title.is_empty() {
            s.title = s.goal.clone();
        }
        finish_story(&mut s, &mut r.diagnostics, file, seen);
        r.stories.push(s);
    }
}

fn read_feature_table(table: &markdown::Table, file: &Path, r: &mut Requirements) {
    use markdown::headers as h;
    let id = table.column(h::ID);
    let mut name = table.column_except(h::FEATURE, &[id]);
    let description = table.column_except(h::DESCRIPTION, &[id, name]);
    let priority = table.column_except(h::PRIORITY, &[id, name, description]);
    let deps = table.column_except(h::DEPENDENCIES, &[id, name, description, priority]);
    if name.is_none() {
        // Take the first column that is not otherwise claimed.
        name = (0..table.header.len())
            .find(|i| ![id, description, priority, deps].contains(&Some(*i)));
        r.diagnostics.push(
            Diagnostic::warning(
                "feature table has no Feature column; reading names from the first free column",
            )
            .in_file(file)
            .at(table.line, 1),
        );
    }
    for row in &table.rows {
        let feature = Feature {
            id: row.text(id).to_string(),
            name: row.text(name).to_string(),
            description: row.text(description).to_string(),
            priority: Some(row.text(priority).to_string()).filter(|p| !p.is_empty()),
            dependencies: split_list(row.text(deps)),
            loc: Loc::new(file, row.line),
        };
        if feature.name.is_empty() && feature.description.is_empty() {
            continue;
        }
        r.features.push(feature);
    }
}

/// `F-01, F-02` / `F-01、F-02` / `-` / `None` / `无` -> list.
fn split_list(s: &str) -> Vec<String> {
    s.split([',', '，', '、', ';', '；', '/'])
        .map(str::trim)
        .filter(|p| {
            !p.is_empty()
                && !matches!(
                    p.to_ascii_lowercase().as_str(),
                    "-" | "—" | "–" | "none" | "n/a" | "na" | "无" | "没有"
                )
        })
        .map(str::to_string)
        .collect()
}

fn read_non_functional(md: &Markdown, nf: usize, file: &Path, r: &mut Requirements) {
    let own = md.own_body(nf);
    let mut push = |category: &str, text: &str, line: usize| {
        if text.is_empty() {
            return;
        }
        r.non_functional.push(NonFunctional {
            category: category.to_string(),
            text: text.to_string(),
            quantities: find_quantities(text),
            loc: Loc::new(file, line),
        });
    };
    // Bullets directly under the heading: `- **Performance**: ...` names its
    // own category.
    for item in md.items_in(own.clone()) {
        let (category, text) = match item.text.split_once([':', '：']) {
            Some((head, rest)) if head.chars().count() <= 30 && item.depth == 0 => {
                (head.trim().to_string(), rest.trim().to_string())
            }
            _ => (String::new(), item.text.clone()),
        };
        push(&category, &text, item.line);
    }
    for (i, sub) in md.descendants(nf) {
        let body = md.own_body(i);
        for item in md.items_in(body.clone()) {
            push(&sub.title, &item.text, item.line);
        }
        // A table of requirements: every cell of a row joined.
        for table in md.tables_in(body) {
            for row in &table.rows {
                let text = row
                    .cells
                    .iter()
                    .map(|c| c.text.as_str())
                    .filter(|t| !t.is_empty())
                    .collect::<Vec<_>>()
                    .join(": ");
                push(&sub.title, &text, row.line);
            }
        }
    }
}

#[cfg(test)]
mod tests;
