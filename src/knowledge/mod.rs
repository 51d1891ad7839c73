//! Built-in domain knowledge, compiled in from a reviewed data file
//! (`knowledge.yaml` beside this module): common entities and their usual
//! fields, synonyms in English and Chinese, role words, UI words, type rules,
//! money words, natural keys and technology triggers.
//!
//! The file is parsed once ([`Knowledge::builtin`]); a unit test proves it
//! parses and is consistent, so a bad edit fails `cargo test`, not a user.
//! Extend it by editing the YAML: the proposal engine reads every list from
//! here and holds no word lists of its own.

use serde::Deserialize;
use std::sync::OnceLock;

const BUILTIN: &str = include_str!("knowledge.yaml");

#[derive(Debug, Clone, Deserialize)]
pub struct Knowledge {
    pub wrappers: Wrappers,
    pub vocabulary_words: Vec<String>,
    pub role_words: Vec<String>,
    pub ui_words: Vec<String>,
    pub system_words: Vec<String>,
    pub common_entities: Vec<CommonEntity>,
    pub synonyms: Vec<Vec<String>>,
    pub secrets: Vec<Secret>,
    pub money_words: Vec<String>,
    pub minor_unit_suffixes: Vec<String>,
    pub type_rules: Vec<TypeRule>,
    pub natural_keys: Vec<String>,
    pub creation_timestamps: Vec<String>,
    pub soft_delete_words: Vec<String>,
    pub hard_delete_words: Vec<String>,
    pub optional_words: Vec<String>,
    pub unique_words: Vec<String>,
    pub technology_triggers: Vec<Trigger>,
    pub decision_choices: DecisionChoices,
    pub link_only_words: Vec<String>,
    pub relational_engines: Vec<Engine>,
    pub search_engine_thresholds: SearchThresholds,
    pub frequency_words: FrequencyWords,
    pub newest_first_words: Vec<String>,
    pub oldest_first_words: Vec<String>,
    pub scheduled_scan_words: Vec<String>,
    pub scan_date_columns: Vec<String>,
    pub sort_value_columns: Vec<SortValue>,
    pub own_rows_words: Vec<String>,
    pub tenant_scope_words: Vec<String>,
    pub tenant_columns: Vec<String>,
    pub range_param_affixes: Vec<String>,
    pub moving_things: Vec<String>,
    pub expiry_words: Vec<String>,
    /// Wording about single fields: uniqueness and its scope, tenancy,
    /// names that are never amounts, secrets handed out once.
    #[serde(default)]
    pub field_words: FieldWords,
    pub cache_shapes: Vec<CacheShape>,
    /// Lookup tables built on first use (names::key is not free).
    #[serde(skip)]
    index: OnceLock<Index>,
}

/// See `field_words` in knowledge.yaml.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct FieldWords {
    pub unique: Vec<String>,
    pub not_unique: Vec<String>,
    pub scope: Vec<String>,
    pub tenant: Vec<String>,
    pub multi_tenant: Vec<String>,
    pub not_money_heads: Vec<String>,
    pub shown_once: Vec<String>,
    pub credential_heads: Vec<String>,
}

#[derive(Debug, Clone, Default)]
struct Index {
    /// key -> canonical key of its synonym group.
    canonical: std::collections::HashMap<String, String>,
    /// key -> position in `common_entities`.
    common: std::collections::HashMap<String, usize>,
    roles: std::collections::HashSet<String>,
    ui_or_system: std::collections::HashSet<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Wrappers {
    pub suffixes: Vec<String>,
    pub view_suffixes: Vec<String>,
    pub names: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct CommonEntity {
    pub name: String,
    #[serde(default)]
    pub synonyms: Vec<String>,
    #[serde(default)]
    pub principal: bool,
    #[serde(default)]
    pub belongs_to_principal: bool,
    #[serde(default)]
    pub fields: Vec<KnownField>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct KnownField {
    pub name: String,
    #[serde(rename = "type")]
    pub ty: String,
    #[serde(default)]
    pub unique: bool,
    #[serde(default)]
    pub not_null: bool,
    #[serde(default)]
    pub description: String,
    /// Add only when one of these phrases appears in the project.
    #[serde(default)]
    pub when: Vec<String>,
    /// Add only when none of these phrases appears in the project.
    #[serde(default)]
    pub unless: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Secret {
    pub word: String,
    pub field: String,
    pub description: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct TypeRule {
    pub name: String,
    #[serde(default)]
    pub exact: Option<String>,
    #[serde(default)]
    pub prefix: Option<String>,
    #[serde(default)]
    pub suffix: Option<String>,
    #[serde(rename = "type")]
    pub ty: String,
}

impl TypeRule {
    pub fn matches(&self, field: &str) -> bool {
        let f = field.to_ascii_lowercase();
        self.exact.as_deref().is_some_and(|e| f == e)
            || self.prefix.as_deref().is_some_and(|p| f.starts_with(p))
            || self.suffix.as_deref().is_some_and(|s| f.ends_with(s))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TriggerPurpose {
    Cache,
    Search,
    Object,
    Document,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Trigger {
    pub name: String,
    pub purpose: TriggerPurpose,
    pub what: String,
    pub words: Vec<String>,
}

/// How a cache is kept, from the words that ask for it.
#[derive(Debug, Clone, Deserialize)]
pub struct CacheShape {
    pub name: String,
    pub words: Vec<String>,
    pub data_type: String,
    pub key: String,
    pub ttl: String,
    pub purpose: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct DecisionChoices {
    pub cache: Vec<String>,
    pub search: Vec<String>,
    pub object: Vec<String>,
    pub document: Vec<String>,
    pub none: Vec<String>,
}

impl DecisionChoices {
    pub fn for_purpose(&self, p: TriggerPurpose) -> &[String] {
        match p {
            TriggerPurpose::Cache => &self.cache,
            TriggerPurpose::Search => &self.search,
            TriggerPurpose::Object => &self.object,
            TriggerPurpose::Document => &self.document,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct Engine {
    pub technology: String,
    pub words: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct SearchThresholds {
    pub records: u64,
    pub searches_per_second: u64,
}

/// A sort value that names a column by meaning (`activity` -> `last_posted_at`).
#[derive(Debug, Clone, Deserialize)]
pub struct SortValue {
    pub words: Vec<String>,
    pub columns: Vec<String>,
}

/// Does `name` match a column pattern with `*` at either end (`due*`, `*_by`)?
pub fn column_pattern_matches(pattern: &str, name: &str) -> bool {
    match (pattern.strip_prefix('*'), pattern.strip_suffix('*')) {
        (Some(rest), _) if rest.ends_with('*') => name.contains(rest.trim_end_matches('*')),
        (Some(suffix), _) => name.ends_with(suffix),
        (None, Some(prefix)) => name.starts_with(prefix),
        (None, None) => name == pattern,
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct FrequencyWords {
    pub high: Vec<String>,
    pub low: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
#[error("built-in knowledge.yaml is invalid: {0}")]
pub struct KnowledgeError(String);

impl Knowledge {
    /// Parses knowledge from YAML text (the built-in file, or a test's).
    pub fn from_yaml(text: &str) -> Result<Self, KnowledgeError> {
        serde_norway::from_str(text).map_err(|e| KnowledgeError(e.to_string()))
    }

    /// The compiled-in knowledge, parsed once. The unit tests guarantee the
    /// file parses; should it not, an empty knowledge base is used rather
    /// than a panic.
    pub fn builtin() -> &'static Knowledge {
        static KB: OnceLock<Knowledge> = OnceLock::new();
        KB.get_or_init(|| Knowledge::from_yaml(BUILTIN).unwrap_or_else(|_| Knowledge::empty()))
    }

    fn empty() -> Knowledge {
        Knowledge {
            wrappers: Wrappers {
                suffixes: vec![],
                view_suffixes: vec![],
                names: vec![],
            },
            vocabulary_words: vec![],
            role_words: vec![],
            ui_words: vec![],
            system_words: vec![],
            common_entities: vec![],
            synonyms: vec![],
            secrets: vec![],
            money_words: vec![],
            minor_unit_suffixes: vec![],
            type_rules: vec![],
            natural_keys: vec![],
            creation_timestamps: vec![],
            soft_delete_words: vec![],
            hard_delete_words: vec![],
            optional_words: vec![],
            unique_words: vec![],
            technology_triggers: vec![],
            decision_choices: DecisionChoices {
                cache: vec![],
                search: vec![],
                object: vec![],
                document: vec![],
                none: vec![],
            },
            link_only_words: vec![],
            relational_engines: vec![],
            search_engine_thresholds: SearchThresholds {
                records: u64::MAX,
                searches_per_second: u64::MAX,
            },
            frequency_words: FrequencyWords {
                high: vec![],
                low: vec![],
            },
            newest_first_words: vec![],
            oldest_first_words: vec![],
            scheduled_scan_words: vec![],
            scan_date_columns: vec![],
            sort_value_columns: vec![],
            own_rows_words: vec![],
            tenant_scope_words: vec![],
            tenant_columns: vec![],
            range_param_affixes: vec![],
            moving_things: vec![],
            expiry_words: vec![],
            field_words: FieldWords::default(),
            cache_shapes: vec![],
            index: OnceLock::new(),
        }
    }

    fn index(&self) -> &Index {
        self.index.get_or_init(|| {
            let key = crate::names::key;
            let mut ix = Index::default();
            for group in &self.synonyms {
                if let Some(first) = group.first() {
                    let c = key(first);
                    for w in group {
                        ix.canonical.entry(key(w)).or_insert_with(|| c.clone());
                        ix.canonical.entry(w.clone()).or_insert_with(|| c.clone());
                    }
                }
            }
            for (i, e) in self.common_entities.iter().enumerate() {
                ix.common.entry(key(&e.name)).or_insert(i);
                for s in &e.synonyms {
                    ix.common.entry(key(s)).or_insert(i);
                    ix.common.entry(s.clone()).or_insert(i);
                }
            }
            for r in &self.role_words {
                ix.roles.insert(key(r));
                ix.roles.insert(r.clone());
            }
            for w in self.ui_words.iter().chain(&self.system_words) {
                ix.ui_or_system.insert(key(w));
                ix.ui_or_system.insert(w.clone());
            }
            ix
        })
    }

    /// The canonical word of a synonym group (`basket` -> `cart`), or the
    /// word itself. Compares singular, lowercase forms.
    pub fn canonical(&self, word: &str) -> String {
        let ix = self.index();
        if let Some(c) = ix.canonical.get(word) {
            return c.clone();
        }
        let k = crate::names::key(word);
        ix.canonical.get(&k).cloned().unwrap_or(k)
    }

    pub fn common_entity(&self, name: &str) -> Option<&CommonEntity> {
        let ix = self.index();
        let i = ix
            .common
            .get(name)
            .or_else(|| ix.common.get(&crate::names::key(name)))?;
        self.common_entities.get(*i)
    }

    pub fn is_role(&self, word: &str) -> bool {
        let ix = self.index();
        ix.roles.contains(word) || ix.roles.contains(&crate::names::key(word))
    }

    pub fn is_ui_or_system(&self, word: &str) -> bool {
        let ix = self.index();
        ix.ui_or_system.contains(word) || ix.ui_or_system.contains(&crate::names::key(word))
    }

    pub fn is_money(&self, field: &str) -> bool {
        let words = crate::names::words(field);
        // `refund_no`, `tax_rate_id`, `tax_rate`: an identifier or a rate
        // named after money is not an amount.
        if words
            .last()
            .is_some_and(|l| self.field_words.not_money_heads.iter().any(|h| h == l))
        {
            return false;
        }
        words.iter().any(|w| {
            self.money_words
                .iter()
                .any(|m| m == w || crate::names::singular(w) == *m)
        })
    }

    pub fn is_minor_unit(&self, field: &str) -> bool {
        crate::names::words(field)
            .last()
            .is_some_and(|w| self.minor_unit_suffixes.iter().any(|s| s == w))
    }

    pub fn is_natural_key(&self, field: &str) -> bool {
        let f = field.to_ascii_lowercase();
        self.natural_keys.contains(&f)
    }

    pub fn type_rule(&self, field: &str) -> Option<&TypeRule> {
        self.type_rules.iter().find(|r| r.matches(field))
    }
}

/// Whole-word, case-insensitive phrase matching with a trailing `*` wildcard
/// per word. Used for every word list of the knowledge base.
pub fn phrase_in(text_lower: &str, phrase: &str) -> bool {
    find_phrase(text_lower, phrase).is_some()
}

/// Byte offset of the first whole-word match of `phrase` in `text_lower`.
pub fn find_phrase(text_lower: &str, phrase: &str) -> Option<usize> {
    let phrase = phrase.to_lowercase();
    let pw: Vec<&str> = phrase.split_whitespace().collect();
    if pw.is_empty() {
        return None;
    }
    // CJK phrases have no word boundaries: plain substring search.
    if phrase.chars().any(is_cjk) {
        return text_lower.find(phrase.as_str());
    }
    // Most lookups miss: reject them by substring before tokenizing.
    let literal = pw
        .iter()
        .map(|w| w.trim_end_matches('*'))
        .max_by_key(|w| w.len())
        .unwrap_or("");
    if !literal.is_empty() && !text_lower.contains(literal) {
        return None;
    }
    let tokens = tokenize(text_lower);
    'outer: for i in 0..tokens.len() {
        if i + pw.len() > tokens.len() {
            break;
        }
        for (j, p) in pw.iter().enumerate() {
            let Some((_, tok)) = tokens.get(i + j) else {
                continue 'outer;
            };
            if !word_matches(tok, p) {
                continue 'outer;
            }
        }
        return tokens.get(i).map(|(o, _)| *o);
    }
    None
}

fn word_matches(tok: &str, pat: &str) -> bool {
    if pat == "*" {
        return true;
    }
    if let Some(stem) = pat.strip_suffix('*') {
        tok.starts_with(stem)
    } else {
        tok == pat
    }
}

/// Words of lowercase text with their byte offsets; `-` and `'` inside a word
/// are kept (`sign-in`, `e-bike`), other punctuation splits.
pub fn tokenize(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let bytes: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(i, c)) in bytes.iter().enumerate() {
        let inner = (c == '-' || c == '\'' || c == '_')
            && start.is_some()
            && bytes.get(k + 1).is_some_and(|(_, n)| n.is_alphanumeric());
        if c.is_alphanumeric() && !is_cjk(c) || inner {
            if start.is_none() {
                start = Some(i);
            }
        } else if let Some(s) = start.take() {
            out.push((s, &text[s..i]));
        }
    }
    if let Some(s) = start {
        out.push((s, &text[s..]));
    }
    out
}

pub fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_parses_and_is_consistent() {
        let kb = Knowledge::from_yaml(BUILTIN).expect("knowledge.yaml parses");
        assert!(!kb.wrappers.suffixes.is_empty());
        assert!(kb.secrets.iter().all(|s| s.field.ends_with("_hash")));
        // Every type rule names a type the document can carry and has a matcher.
        for r in &kb.type_rules {
            assert!(
                r.exact.is_some() || r.prefix.is_some() || r.suffix.is_some(),
                "{}",
                r.name
            );
            assert!(!r.ty.is_empty(), "{}", r.name);
        }
        // Rule names are unique, so `rule:<name>` is unambiguous.
        let mut names: Vec<&str> = kb
            .type_rules
            .iter()
            .map(|r| r.name.as_str())
            .chain(kb.technology_triggers.iter().map(|t| t.name.as_str()))
            .collect();
        let n = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(n, names.len(), "duplicate rule names");
        // A word is not both a role and a UI word.
        for r in &kb.role_words {
            assert!(!kb.ui_words.contains(r), "{r} is a role and a UI word");
        }
        // Known fields parse as portable types.
        for e in &kb.common_entities {
            for f in &e.fields {
                assert!(
                    !matches!(
                        crate::propose::types::parse_type(&f.ty),
                        crate::model::SqlType::Other(_)
                    ),
                    "{}.{}: {}",
                    e.name,
                    f.name,
                    f.ty
                );
            }
        }
        assert!(kb.common_entities.iter().any(|e| e.principal));
    }

    #[test]
    fn phrases_match_whole_words_with_wildcards() {
        assert!(phrase_in("please search my bookmarks", "search*"));
        assert!(phrase_in("sign-in is limited", "sign-in"));
        assert!(!phrase_in("research papers", "search*"));
        assert!(phrase_in("at most 5 per hour", "at most * per hour"));
        assert!(phrase_in("验证码为 6 位数字", "验证码"));
        assert!(!phrase_in("", "x"));
    }

    #[test]
    fn synonyms_and_roles() {
        let kb = Knowledge::builtin();
        assert_eq!(kb.canonical("basket"), kb.canonical("cart"));
        assert_eq!(kb.canonical("Users"), "user");
        assert!(kb.is_role("customers"));
        assert!(kb.is_ui_or_system("button"));
        assert!(kb.is_money("unit_price_pence"));
        assert!(kb.is_minor_unit("unit_price_pence"));
        assert!(!kb.is_money("position"));
    }
}
