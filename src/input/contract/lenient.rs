//! Loads YAML into a `serde_norway::Value` like `serde_norway::from_str`,
//! but tolerant of two things hand-written contracts contain: duplicate
//! mapping keys (a path block pasted twice) and extra `---` documents.
//!
//! serde_norway's own safety limits (alias repetition, nesting) still apply:
//! this only replaces the visitor that builds the value.

use serde::de::{
    DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor,
};
use serde_norway::{Mapping, Value};
use std::cell::RefCell;
use std::fmt;

/// What was forgiven while loading.
#[derive(Debug, Default)]
pub struct Loaded {
    pub value: Value,
    /// Keys that appeared twice in one mapping (mappings are merged, for
    /// anything else the later value wins).
    pub duplicate_keys: Vec<String>,
    /// The text held more than one YAML document; only the first is read.
    pub extra_documents: bool,
}

pub fn load(text: &str) -> Result<Loaded, serde_norway::Error> {
    let duplicates = RefCell::new(Vec::new());
    let mut documents = serde_norway::Deserializer::from_str(text);
    let value = match documents.next() {
        Some(first) => Seed(&duplicates).deserialize(first)?,
        None => Value::Null,
    };
    let extra_documents = documents.next().is_some();
    Ok(Loaded {
        value,
        duplicate_keys: duplicates.into_inner(),
        extra_documents,
    })
}

#[derive(Clone, Copy)]
struct Seed<'d>(&'d RefCell<Vec<String>>);

impl<'de> DeserializeSeed<'de> for Seed<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Seed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }

    fn visit_i64<E>(self, i: i64) -> Result<Value, E> {
        Ok(Value::Number(i.into()))
    }

    fn visit_u64<E>(self, u: u64) -> Result<Value, E> {
        Ok(Value::Number(u.into()))
    }

    fn visit_i128<E>(self, i: i128) -> Result<Value, E> {
        Ok(Value::String(i.to_string()))
    }

    fn visit_u128<E>(self, u: u128) -> Result<Value, E> {
        Ok(Value::String(u.to_string()))
    }

    fn visit_f64<E>(self, f: f64) -> Result<Value, E> {
        Ok(Value::Number(f.into()))
    }

    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::String(s.to_owned()))
    }

    fn visit_string<E>(self, s: String) -> Result<Value, E> {
        Ok(Value::String(s))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        self.deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut out = Vec::new();
        while let Some(v) = seq.next_element_seed(self)? {
            out.push(v);
        }
        Ok(Value::Sequence(out))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Mapping::new();
        while let Some(key) = map.next_key_seed(self)? {
            let value = map.next_value_seed(self)?;
            insert(&mut out, key, value, self.0);
        }
        Ok(Value::Mapping(out))
    }

    /// Custom tags (`!foo x`): the tag is dropped, the value kept.
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        let (_tag, contents): (Value, _) = data.variant_seed(self)?;
        contents.newtype_variant_seed(self)
    }
}

fn insert(map: &mut Mapping, key: Value, value: Value, duplicates: &RefCell<Vec<String>>) {
    match map.get_mut(&key) {
        None => {
            map.insert(key, value);
        }
        Some(existing) => {
            let name = match &key {
                Value::String(s) => s.clone(),
                other => serde_json::to_string(other).unwrap_or_default(),
            };
            duplicates.borrow_mut().push(name);
            match (existing, value) {
                (Value::Mapping(old), Value::Mapping(new)) => {
                    for (k, v) in new {
                        insert(old, k, v, duplicates);
                    }
                }
                (slot, value) => *slot = value,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicate_mappings_merge_and_are_reported() {
        let loaded = load("paths:\n  /a:\n    get: 1\n  /a:\n    post: 2\nx: 1\nx: 2\n").unwrap();
        let a = &loaded.value["paths"]["/a"];
        assert_eq!(a["get"], Value::from(1));
        assert_eq!(a["post"], Value::from(2));
        assert_eq!(loaded.value["x"], Value::from(2));
        assert_eq!(loaded.duplicate_keys, ["/a", "x"]);
        assert!(!loaded.extra_documents);
    }

    #[test]
    fn extra_documents_tags_and_limits() {
        let loaded = load("a: !custom 1\n---\nb: 2\n").unwrap();
        assert_eq!(loaded.value["a"], Value::from(1));
        assert!(loaded.extra_documents);
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        assert!(load(&deep).is_err());
    }
}
