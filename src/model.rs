//! The design model: one backend system's storage design, as storage-stage.md's
//! template describes it. Every other module either produces a [`Design`]
//! (the proposal engine, the document reader) or consumes one (the document
//! writer, `check`, `export`, `verify`).
//!
//! Invariants:
//! - No I/O here, ever. The model never touches the disk or a database.
//! - Names are kept exactly as written; normalisation (case, plurals) belongs
//!   to the modules that compare names, through [`names`](crate::names).
//! - Every proposed element carries its [`Source`]s, so that a reader of the
//!   document can see why it is there.
//!
//! Construct values with `..Default::default()` so that a new field added
//! here does not break every construction site.

use serde::{Deserialize, Serialize};
use std::fmt;

/// One backend system's storage design.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Design {
    /// The backend system name, e.g. `backend-user`.
    pub system: String,
    /// Section 1: the storage technology per purpose.
    pub storage: Vec<StorageChoice>,
    /// Section 2: entities in document order.
    pub entities: Vec<Entity>,
    /// Section 3: relationships.
    pub relationships: Vec<Relationship>,
    /// Section 4: indexes.
    pub indexes: Vec<Index>,
    /// Section 5: query patterns.
    pub query_patterns: Vec<QueryPattern>,
    /// Sections after 5: what lives in the non-relational stores.
    pub stores: OtherStores,
    /// Free text a person added (paragraphs, notes, unknown sections) that the
    /// writer must emit again unchanged.
    pub notes: Vec<Note>,
    /// Digest of the inputs the design was made from (for `status` = stale).
    pub stamp: Option<Stamp>,
}

/// Where a proposed element came from. Rendered in the document as a short
/// token, e.g. `US-002`, `F-03`, `NFR:Performance`, `api:User.email`,
/// `api:GET /api/v1/users`, `arch:backend-user`, `rule:password-hash`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Source(pub String);

impl Source {
    pub fn story(id: &str) -> Self {
        Source(id.to_string())
    }
    pub fn contract(pointer: &str) -> Self {
        Source(format!("api:{pointer}"))
    }
    pub fn architecture(system: &str) -> Self {
        Source(format!("arch:{system}"))
    }
    pub fn rule(name: &str) -> Self {
        Source(format!("rule:{name}"))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The purpose a storage technology serves (storage-stage.md step 2.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StoragePurpose {
    /// Relational business data.
    Primary,
    /// Cache, sessions, counters, rate limits, expiring data.
    Cache,
    /// Keyword / full-text search.
    Search,
    /// Files and images.
    Object,
    /// Schema-less documents.
    Document,
    /// Anything else a person wrote.
    Other,
}

impl StoragePurpose {
    /// The "Storage Type" label used in section 1.
    pub fn label(self) -> &'static str {
        match self {
            StoragePurpose::Primary => "Primary DB",
            StoragePurpose::Cache => "Cache",
            StoragePurpose::Search => "Search",
            StoragePurpose::Object => "Object Storage",
            StoragePurpose::Document => "Document DB",
            StoragePurpose::Other => "Other",
        }
    }
}

/// One row of section 1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StorageChoice {
    pub purpose: StoragePurpose,
    /// The "Storage Type" cell as written (defaults to `purpose.label()`).
    pub storage_type: String,
    /// e.g. `PostgreSQL`, `Redis`, `Elasticsearch`, `S3 / MinIO`.
    pub technology: String,
    /// What lives there, e.g. "Business data".
    pub what: String,
    /// Why this technology, quoting the requirement that triggered it.
    pub reason: String,
    pub sources: Vec<Source>,
}

impl Default for StorageChoice {
    fn default() -> Self {
        StorageChoice {
            purpose: StoragePurpose::Primary,
            storage_type: StoragePurpose::Primary.label().to_string(),
            technology: String::new(),
            what: String::new(),
            reason: String::new(),
            sources: Vec::new(),
        }
    }
}

/// One entity of section 2 (a table in the primary database).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// PascalCase name, e.g. `OrderItem`.
    pub name: String,
    /// Physical table name, e.g. `order_items`.
    pub table: String,
    pub description: String,
    pub fields: Vec<Field>,
    pub sources: Vec<Source>,
    /// Free text under the entity's heading that is not the table.
    pub notes: Vec<String>,
}

impl Entity {
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields
            .iter()
            .find(|f| f.name.eq_ignore_ascii_case(name))
    }
    pub fn primary_key(&self) -> Vec<&Field> {
        self.fields
            .iter()
            .filter(|f| f.constraints.primary_key)
            .collect()
    }
}

/// One row of an entity's field table.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Field {
    pub name: String,
    pub ty: SqlType,
    pub constraints: Constraints,
    pub description: String,
    pub sources: Vec<Source>,
}

/// Portable SQL types; `export` maps each per dialect.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "args")]
pub enum SqlType {
    Uuid,
    Varchar(Option<u32>),
    #[default]
    Text,
    SmallInt,
    Int,
    BigInt,
    Decimal(u8, u8),
    Float,
    Boolean,
    Date,
    Time,
    Timestamp,
    Json,
    Bytes,
    /// A named enumeration; its values live in the field's CHECK.
    Enum(Vec<String>),
    /// Anything else as written (check's `unknown-type` reports it).
    Other(String),
}

impl fmt::Display for SqlType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SqlType::Uuid => f.write_str("UUID"),
            SqlType::Varchar(Some(n)) => write!(f, "VARCHAR({n})"),
            SqlType::Varchar(None) => f.write_str("VARCHAR"),
            SqlType::Text => f.write_str("TEXT"),
            SqlType::SmallInt => f.write_str("SMALLINT"),
            SqlType::Int => f.write_str("INT"),
            SqlType::BigInt => f.write_str("BIGINT"),
            SqlType::Decimal(p, s) => write!(f, "DECIMAL({p},{s})"),
            SqlType::Float => f.write_str("DOUBLE"),
            SqlType::Boolean => f.write_str("BOOLEAN"),
            SqlType::Date => f.write_str("DATE"),
            SqlType::Time => f.write_str("TIME"),
            SqlType::Timestamp => f.write_str("TIMESTAMP"),
            SqlType::Json => f.write_str("JSON"),
            SqlType::Bytes => f.write_str("BYTEA"),
            SqlType::Enum(values) => write!(f, "ENUM({})", values.join(", ")),
            SqlType::Other(s) => f.write_str(s),
        }
    }
}

/// What can be said of a field in the Constraints column.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Constraints {
    pub primary_key: bool,
    pub foreign_key: Option<ForeignKey>,
    pub unique: bool,
    pub not_null: bool,
    /// Default expression as written, e.g. `now()`, `'active'`, `0`.
    pub default: Option<String>,
    /// CHECK expression without the `CHECK ( )` wrapper.
    pub check: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForeignKey {
    /// Target entity name (as in the document, e.g. `User`).
    pub entity: String,
    /// Target field, usually `id`.
    pub field: String,
    pub on_delete: Option<OnDelete>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OnDelete {
    Cascade,
    SetNull,
    Restrict,
    NoAction,
}

impl OnDelete {
    pub fn sql(self) -> &'static str {
        match self {
            OnDelete::Cascade => "CASCADE",
            OnDelete::SetNull => "SET NULL",
            OnDelete::Restrict => "RESTRICT",
            OnDelete::NoAction => "NO ACTION",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Cardinality {
    #[serde(rename = "1:1")]
    OneToOne,
    #[serde(rename = "1:N")]
    OneToMany,
    #[serde(rename = "N:M")]
    ManyToMany,
}

/// One line of section 3: `A 1 ──── N B`, `A N ──── M B (via C)`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Relationship {
    /// The "one" side for 1:N.
    pub left: String,
    /// The "many" side for 1:N.
    pub right: String,
    pub cardinality: Cardinality,
    /// Join entity of an N:M.
    pub via: Option<String>,
    /// Verb phrase, e.g. "places".
    pub label: String,
    pub sources: Vec<Source>,
}

impl Default for Relationship {
    fn default() -> Self {
        Relationship {
            left: String::new(),
            right: String::new(),
            cardinality: Cardinality::OneToMany,
            via: None,
            label: String::new(),
            sources: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum IndexKind {
    Unique,
    #[default]
    Btree,
    Hash,
    Gin,
    Fulltext,
}

impl IndexKind {
    pub fn label(self) -> &'static str {
        match self {
            IndexKind::Unique => "UNIQUE",
            IndexKind::Btree => "BTREE",
            IndexKind::Hash => "HASH",
            IndexKind::Gin => "GIN",
            IndexKind::Fulltext => "FULLTEXT",
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexColumn {
    pub name: String,
    pub descending: bool,
}

/// One row of section 4.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Index {
    /// Entity name the index belongs to (as in the document's Table column).
    pub table: String,
    pub name: String,
    /// Ordered: equality columns first, then range or sort columns.
    pub columns: Vec<IndexColumn>,
    pub kind: IndexKind,
    pub purpose: String,
    pub sources: Vec<Source>,
}

#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum Frequency {
    High,
    #[default]
    Medium,
    Low,
}

impl Frequency {
    pub fn label(self) -> &'static str {
        match self {
            Frequency::High => "High",
            Frequency::Medium => "Medium",
            Frequency::Low => "Low",
        }
    }
}

/// One row of section 5.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct QueryPattern {
    pub scenario: String,
    pub frequency: Frequency,
    /// Entity names read.
    pub tables: Vec<String>,
    /// The Optimization cell as written, e.g. "idx_user_email".
    pub optimization: String,
    /// The index (by name) or store key that serves the pattern, when known.
    pub served_by: Option<String>,
    /// The columns the query filters on by equality, in order.
    pub equality: Vec<String>,
    /// The column the query ranges over or sorts by, if any.
    pub range_or_sort: Option<IndexColumn>,
    pub sources: Vec<Source>,
}

/// Sections after 5.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct OtherStores {
    pub cache: Vec<CacheKey>,
    pub search: Vec<SearchIndex>,
    pub documents: Vec<Collection>,
    pub objects: Vec<Bucket>,
}

impl OtherStores {
    pub fn is_empty(&self) -> bool {
        self.cache.is_empty()
            && self.search.is_empty()
            && self.documents.is_empty()
            && self.objects.is_empty()
    }
}

/// A Redis (or other cache) key pattern.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CacheKey {
    /// e.g. `session:{token}`.
    pub pattern: String,
    /// Redis data type: STRING, HASH, SET, ZSET, LIST, GEO, STREAM.
    pub data_type: String,
    /// e.g. `30d`, `15m`, `none`.
    pub ttl: String,
    pub purpose: String,
    pub sources: Vec<Source>,
}

/// A search engine index and its mapped fields.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SearchIndex {
    pub name: String,
    /// Entity the documents come from.
    pub source_entity: String,
    pub fields: Vec<SearchField>,
    pub purpose: String,
    pub sources: Vec<Source>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SearchField {
    pub name: String,
    /// e.g. `text`, `keyword`, `geo_point`, `date`, `integer`.
    pub mapping: String,
    pub note: String,
}

/// A document-database collection.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Collection {
    pub name: String,
    pub fields: Vec<Field>,
    pub purpose: String,
    pub sources: Vec<Source>,
}

/// An object-storage bucket and its key layout.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Bucket {
    pub name: String,
    /// e.g. `dishes/{item_id}/{photo_id}-{width}.webp`.
    pub key_layout: String,
    pub purpose: String,
    pub sources: Vec<Source>,
}

/// Free text kept verbatim: a paragraph under a known section, or a whole
/// section the template does not have.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Note {
    /// The heading of the section it sits in (e.g. `## 3. Entity Relationships`)
    /// or the whole heading of an unknown section.
    pub section: String,
    pub text: String,
}

/// `<!-- stowage: inputs=sha256:... -->`: a digest of the inputs the design
/// was made from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    pub inputs_digest: String,
}

impl Design {
    pub fn entity(&self, name: &str) -> Option<&Entity> {
        self.entities
            .iter()
            .find(|e| e.name.eq_ignore_ascii_case(name) || e.table.eq_ignore_ascii_case(name))
    }
    pub fn entity_mut(&mut self, name: &str) -> Option<&mut Entity> {
        self.entities
            .iter_mut()
            .find(|e| e.name.eq_ignore_ascii_case(name) || e.table.eq_ignore_ascii_case(name))
    }
    pub fn storage_for(&self, purpose: StoragePurpose) -> Option<&StorageChoice> {
        self.storage.iter().find(|s| s.purpose == purpose)
    }
}
