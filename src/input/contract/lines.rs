//! Line numbers for a YAML (or pretty-printed JSON) document whose parsed
//! `Value` carries no spans: a cheap, indentation-aware scan that finds the
//! line of a key path such as `components / schemas / Book / properties / id`.
//!
//! It deliberately does not parse YAML: it only recognises lines that start
//! with a mapping key (`key:`, `'key':`, `"key":`, `- key:`) and uses
//! indentation to know which keys are children of which. Anything it cannot
//! place gets line 0 ("unknown"), never a wrong guess from a different block.

/// One non-blank, non-comment line of the text.
#[derive(Debug, Clone)]
struct Line {
    /// Column of the key (after any `- ` list markers), or of the first
    /// character when the line holds no key.
    indent: usize,
    key: Option<String>,
    /// Index (into `lines`) of the first following line that is not inside
    /// this line's block.
    block_end: usize,
    /// 1-based line number in the text.
    number: usize,
}

/// Index of the key lines of one document.
#[derive(Debug, Clone, Default)]
pub struct LineIndex {
    lines: Vec<Line>,
}

/// A position in the index: `None` is the document root.
pub type Node = Option<usize>;

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut lines = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let trimmed = raw.trim_start_matches([' ', '\t']);
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            // YAML documents markers carry no structure we want.
            if trimmed == "---" || trimmed == "..." {
                continue;
            }
            let lead = raw.len() - trimmed.len();
            let (extra, key) = key_of(trimmed);
            lines.push(Line {
                indent: lead + extra,
                key,
                block_end: 0,
                number: i + 1,
            });
        }
        // A line's block ends at the first later line indented no deeper
        // (a stack keeps this linear).
        let mut stack: Vec<usize> = Vec::new();
        for i in 0..lines.len() {
            let indent = lines[i].indent;
            while let Some(&top) = stack.last() {
                if lines[top].indent >= indent {
                    lines[top].block_end = i;
                    stack.pop();
                } else {
                    break;
                }
            }
            stack.push(i);
        }
        let n = lines.len();
        for top in stack {
            lines[top].block_end = n;
        }
        LineIndex { lines }
    }

    /// The direct children keys of `node`, in order, with their nodes.
    ///
    /// Walks the node's block jumping over each child's own block, so the
    /// cost is the number of children, not of lines. Children are the key
    /// lines at the smallest indent found; when that level has no key at
    /// all (pretty JSON's `{` opener), the first non-empty block is entered.
    pub fn children(&self, node: Node) -> Vec<(&str, usize)> {
        let n = self.lines.len();
        let (mut start, mut end) = match node {
            None => (0, n),
            Some(i) => match self.lines.get(i) {
                Some(l) => (i + 1, l.block_end.min(n)),
                None => return Vec::new(),
            },
        };
        // Each descent enters a strictly smaller range, so this ends.
        while start < end {
            let mut tops = Vec::new();
            let mut j = start;
            while let Some(l) = self.lines.get(j).filter(|_| j < end) {
                tops.push(j);
                j = l.block_end.max(j + 1);
            }
            let indent = tops
                .iter()
                .filter_map(|&t| self.lines.get(t))
                .filter(|l| l.key.is_some())
                .map(|l| l.indent)
                .min();
            if let Some(indent) = indent {
                return tops
                    .into_iter()
                    .filter_map(|t| {
                        let l = self.lines.get(t)?;
                        (l.indent == indent).then_some(())?;
                        l.key.as_deref().map(|k| (k, t))
                    })
                    .collect();
            }
            let opener = tops.into_iter().find(|&t| {
                self.lines
                    .get(t)
                    .is_some_and(|l| l.block_end.min(end) > t + 1)
            });
            match opener.and_then(|t| self.lines.get(t).map(|l| (t, l))) {
                Some((t, l)) => {
                    start = t + 1;
                    end = l.block_end.min(end);
                }
                None => break,
            }
        }
        Vec::new()
    }

    /// Children as a map from key to node (first occurrence wins), for
    /// looking up many keys of one block.
    pub fn child_map(&self, node: Node) -> std::collections::HashMap<&str, usize> {
        let mut map = std::collections::HashMap::new();
        for (k, i) in self.children(node) {
            map.entry(k).or_insert(i);
        }
        map
    }

    /// The first direct child of `node` named `key`.
    pub fn child(&self, node: Node, key: &str) -> Option<usize> {
        self.children(node)
            .into_iter()
            .find(|(k, _)| *k == key)
            .map(|(_, i)| i)
    }

    /// Follows a key path from the root.
    pub fn find(&self, path: &[&str]) -> Option<usize> {
        let mut node: Node = None;
        for key in path {
            node = Some(self.child(node, key)?);
        }
        node
    }

    /// 1-based numbers of every line whose key is `key`, in order.
    pub fn key_lines(&self, key: &str) -> Vec<usize> {
        self.lines
            .iter()
            .filter(|l| l.key.as_deref() == Some(key))
            .map(|l| l.number)
            .collect()
    }

    /// 1-based line number of a node (0 for the root or an unknown node).
    pub fn line(&self, node: Node) -> usize {
        node.and_then(|i| self.lines.get(i)).map_or(0, |l| l.number)
    }
}

/// Recognises a mapping key at the start of `s` (already left-trimmed).
/// Returns the width of any `- ` list markers skipped and the key.
fn key_of(s: &str) -> (usize, Option<String>) {
    let mut rest = s;
    let mut extra = 0;
    while let Some(r) = rest.strip_prefix('-') {
        let trimmed = r.trim_start_matches(' ');
        if trimmed.len() == r.len() && !r.is_empty() {
            // `-foo` is a scalar, not a list marker.
            break;
        }
        extra += rest.len() - trimmed.len();
        rest = trimmed;
    }
    (extra, parse_key(rest))
}

fn parse_key(s: &str) -> Option<String> {
    let first = s.chars().next()?;
    let (key, after) = match first {
        '"' | '\'' => {
            let body = &s[1..];
            let mut out = String::new();
            let mut chars = body.char_indices();
            let mut end = None;
            while let Some((i, c)) = chars.next() {
                if c == first {
                    // '' is an escaped quote in single-quoted YAML.
                    if first == '\'' && body[i + 1..].starts_with('\'') {
                        chars.next();
                        out.push('\'');
                        continue;
                    }
                    end = Some(i + 1);
                    break;
                }
                if c == '\\' && first == '"' {
                    if let Some((_, n)) = chars.next() {
                        out.push(n);
                    }
                    continue;
                }
                out.push(c);
            }
            let end = end?;
            (out, body.get(end..)?)
        }
        '#' | '{' | '[' | ']' | '}' | '|' | '>' | '&' | '*' | '!' | '%' | '@' | '`' | '?' => {
            return None
        }
        _ => {
            let pos = colon_separator(s)?;
            (s[..pos].trim_end().to_string(), &s[pos..])
        }
    };
    let after = after.trim_start_matches(' ');
    let tail = after.strip_prefix(':')?;
    if tail.is_empty() || tail.starts_with([' ', '\t']) {
        Some(key)
    } else {
        None
    }
}

/// Byte position of the first `:` that is followed by a space or the end.
fn colon_separator(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    bytes.iter().enumerate().find_map(|(i, &b)| {
        let next = bytes.get(i + 1).copied();
        (b == b':' && matches!(next, None | Some(b' ') | Some(b'\t'))).then_some(i)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_nested_keys_by_indentation() {
        let text = "openapi: 3.0.3\npaths:\n  /a/{id}:\n    get:\n      summary: x\ncomponents:\n  schemas:\n    A:\n      properties:\n        id:\n          type: string\n    'B':\n      type: object\n";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line(idx.find(&["paths", "/a/{id}", "get"])), 4);
        assert_eq!(
            idx.line(idx.find(&["components", "schemas", "A", "properties", "id"])),
            10
        );
        assert_eq!(idx.line(idx.find(&["components", "schemas", "B"])), 12);
        assert_eq!(idx.find(&["components", "schemas", "C"]), None);
        // `type` under A's `id` is not a child of `schemas`.
        assert_eq!(idx.find(&["components", "type"]), None);
    }

    #[test]
    fn pretty_json_keys_are_found() {
        let text = "{\n  \"components\": {\n    \"schemas\": {\n      \"A\": {\n        \"type\": \"object\"\n      }\n    }\n  }\n}\n";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line(idx.find(&["components", "schemas", "A"])), 4);
    }

    #[test]
    fn list_items_and_multiline_scalars() {
        let text = "a:\n  description: >\n    Note: not a key\n  params:\n    - name: x\n      in: query\n  b: 1\n";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line(idx.find(&["a", "b"])), 7);
        assert_eq!(idx.find(&["a", "Note"]), None);
        let params = idx.find(&["a", "params"]);
        let keys: Vec<&str> = idx.children(params).into_iter().map(|(k, _)| k).collect();
        assert_eq!(keys, ["name", "in"]);
    }

    #[test]
    fn keys_with_colons_quotes_and_crlf() {
        let text = "\u{feff}x:\r\n  'it''s': 1\r\n  \"a:b\": 2\r\n  http://u: 3\r\n";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line(idx.find(&["x", "it's"])), 2);
        assert_eq!(idx.line(idx.find(&["x", "a:b"])), 3);
        assert_eq!(idx.line(idx.find(&["x", "http://u"])), 4);
    }
}
