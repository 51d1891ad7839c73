//! Name handling shared by every module: case conversion between entity names
//! (`OrderItem`), table names (`order_items`) and prose (`order item`), and
//! English singular/plural forms.

/// Splits `OrderItem`, `order_items`, `order-item`, `Order item`, `HTTPServer`
/// into lowercase words: `["order", "item"]`.
pub fn words(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = name.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if c.is_uppercase() && !cur.is_empty() {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            if prev.is_lowercase() || prev.is_ascii_digit() || (prev.is_uppercase() && next_lower) {
                out.push(std::mem::take(&mut cur));
            }
        }
        cur.extend(c.to_lowercase());
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// `OrderItem` -> `order_item`.
pub fn snake_case(name: &str) -> String {
    words(name).join("_")
}

/// `order_item` / `order item` -> `OrderItem`.
pub fn pascal_case(name: &str) -> String {
    words(name)
        .iter()
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().chain(c).collect::<String>(),
                None => String::new(),
            }
        })
        .collect()
}

/// Entity name -> table name: snake case with the last word in the plural
/// (`OrderItem` -> `order_items`, `Category` -> `categories`).
pub fn table_name(entity: &str) -> String {
    let mut w = words(entity);
    if let Some(last) = w.last_mut() {
        *last = plural(last);
    }
    w.join("_")
}

/// Table or prose name -> entity name (`order_items` -> `OrderItem`).
pub fn entity_name(table: &str) -> String {
    let mut w = words(table);
    if let Some(last) = w.last_mut() {
        *last = singular(last);
    }
    pascal_case(&w.join(" "))
}

const IRREGULAR: &[(&str, &str)] = &[
    ("person", "people"),
    ("child", "children"),
    ("man", "men"),
    ("woman", "women"),
    ("foot", "feet"),
    ("tooth", "teeth"),
    ("mouse", "mice"),
    ("goose", "geese"),
    ("criterion", "criteria"),
    ("datum", "data"),
    ("medium", "media"),
    ("analysis", "analyses"),
    ("index", "indexes"),
    ("leaf", "leaves"),
    ("life", "lives"),
    ("knife", "knives"),
    ("wife", "wives"),
    ("half", "halves"),
    ("shelf", "shelves"),
    ("thief", "thieves"),
];

/// Words whose singular and plural are the same or that only look plural.
const INVARIANT: &[&str] = &[
    "series",
    "species",
    "news",
    "status",
    "address",
    "process",
    "progress",
    "business",
    "class",
    "access",
    "success",
    "bus",
    "campus",
    "census",
    "corpus",
    "canvas",
    "alias",
    "bonus",
    "virus",
    "focus",
    "radius",
    "analysis",
    "basis",
    "axis",
    "thesis",
    "crisis",
    "diagnosis",
    "sheep",
    "fish",
    "deer",
    "equipment",
    "information",
    "feedback",
    "software",
    "hardware",
    "metadata",
    "data",
    "staff",
    "settings",
    "glasses",
    "hours",
    "chips",
    "gps",
    "sms",
    "kudos",
    "stats",
    "analytics",
    "logistics",
    "physics",
    "mathematics",
    "economics",
    "pass",
    "gas",
    "lens",
];

fn keep_case(original: &str, lower: String) -> String {
    if original.chars().next().is_some_and(|c| c.is_uppercase()) {
        let mut c = lower.chars();
        match c.next() {
            Some(f) => f.to_uppercase().chain(c).collect(),
            None => lower,
        }
    } else {
        lower
    }
}

/// English plural of one word (`category` -> `categories`, `box` -> `boxes`).
pub fn plural(word: &str) -> String {
    let w = word.to_lowercase();
    if w.is_empty() || !w.is_ascii() {
        return word.to_string();
    }
    if INVARIANT.contains(&w.as_str()) {
        return match w.as_str() {
            "status" | "address" | "process" | "progress" | "business" | "class" | "access"
            | "success" | "bus" | "campus" | "census" | "canvas" | "alias" | "bonus" | "virus"
            | "focus" | "pass" | "gas" | "lens" => keep_case(word, format!("{w}es")),
            _ => word.to_string(),
        };
    }
    for (s, p) in IRREGULAR {
        if w == *s || w == *p {
            return keep_case(word, p.to_string());
        }
    }
    let out = if w.ends_with("ss")
        || w.ends_with("sh")
        || w.ends_with("ch")
        || w.ends_with('x')
        || w.ends_with('z')
    {
        format!("{w}es")
    } else if w.ends_with('s') {
        // Already plural (`items`), or a word we cannot safely inflect.
        w.clone()
    } else if w.ends_with('y')
        && !w.ends_with("ay")
        && !w.ends_with("ey")
        && !w.ends_with("oy")
        && !w.ends_with("uy")
    {
        format!("{}ies", &w[..w.len() - 1])
    } else {
        format!("{w}s")
    };
    keep_case(word, out)
}

/// English singular of one word (`categories` -> `category`, `statuses` -> `status`).
pub fn singular(word: &str) -> String {
    let w = word.to_lowercase();
    if w.len() < 3 || !w.is_ascii() {
        return word.to_string();
    }
    if INVARIANT.contains(&w.as_str()) {
        return word.to_string();
    }
    for (s, p) in IRREGULAR {
        if w == *p || w == *s {
            return keep_case(word, s.to_string());
        }
    }
    // `<invariant>es` (no allocation per entry: this runs for every name lookup).
    if let Some(inv) = w
        .strip_suffix("es")
        .and_then(|stem| INVARIANT.iter().find(|inv| **inv == stem))
    {
        return keep_case(word, inv.to_string());
    }
    let out = if let Some(stem) = w.strip_suffix("ies") {
        format!("{stem}y")
    } else if w.ends_with("sses")
        || w.ends_with("shes")
        || w.ends_with("ches")
        || w.ends_with("xes")
        || w.ends_with("zzes")
    {
        w[..w.len() - 2].to_string()
    } else if w.ends_with("ss") || w.ends_with("us") || w.ends_with("is") {
        w.clone()
    } else if let Some(stem) = w.strip_suffix('s') {
        stem.to_string()
    } else {
        w.clone()
    };
    keep_case(word, out)
}

/// A comparable key for names: lowercase, singular, no separators
/// (`Order_Items`, `order items`, `OrderItem` -> `orderitem`).
pub fn key(name: &str) -> String {
    let mut w = words(name);
    if let Some(last) = w.last_mut() {
        *last = singular(last);
    }
    w.concat()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_words() {
        assert_eq!(words("OrderItem"), ["order", "item"]);
        assert_eq!(words("order_items"), ["order", "items"]);
        assert_eq!(words("HTTPServer"), ["http", "server"]);
        assert_eq!(words("Order item"), ["order", "item"]);
        assert_eq!(words("user2FA"), ["user2", "fa"]);
    }

    #[test]
    fn tables_and_entities_round_trip() {
        for (entity, table) in [
            ("OrderItem", "order_items"),
            ("Category", "categories"),
            ("Address", "addresses"),
            ("Status", "statuses"),
            ("Person", "people"),
            ("Box", "boxes"),
            ("Day", "days"),
            ("MenuItemPhoto", "menu_item_photos"),
            ("Branch", "branches"),
            ("Series", "series"),
        ] {
            assert_eq!(table_name(entity), table);
            assert_eq!(entity_name(table), entity);
        }
    }

    #[test]
    fn keys_ignore_form() {
        assert_eq!(key("Order_Items"), key("OrderItem"));
        assert_eq!(key("members"), key("Member"));
        assert_ne!(key("Address"), key("Addres"));
    }
}
