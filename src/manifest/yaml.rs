//! YAML documents: splitting a stream, reading each into JSON the way Kubernetes does, and the
//! one place where Rust's YAML and Go's disagree.

use serde_json::Value;

use super::locate::{Locator, Node};

/// The parser options used for every document: duplicate keys are errors (as in `kubectl`),
/// and the limits of [`serde_saphyr`]'s budget guard against alias bombs.
pub(crate) fn options() -> serde_saphyr::Options {
    serde_saphyr::Options::default()
}

/// One document of a YAML stream.
pub(crate) struct YamlDocument<'a> {
    /// The document's text, including its `---` line if it has one.
    pub(crate) text: &'a str,
    /// The 1-based line of the file on which the text starts.
    pub(crate) first_line: u64,
}

/// Splits a YAML stream at its `---` document markers.
///
/// A marker is `---` at the start of a line followed by a space, a tab or the line's end;
/// YAML forbids that sequence anywhere else at the start of a line (even inside block
/// scalars), so a textual split agrees with the parser while letting every document be read,
/// and fail, on its own.
pub(crate) fn split(text: &str) -> Vec<YamlDocument<'_>> {
    let mut documents = Vec::new();
    let mut start = 0;
    let mut start_line = 1;
    let mut offset = 0;
    for (line, raw_line) in (1..).zip(text.split_inclusive('\n')) {
        if is_document_marker(raw_line) && offset > start {
            documents.push(YamlDocument {
                text: text.get(start..offset).unwrap_or_default(),
                first_line: start_line,
            });
            start = offset;
            start_line = line;
        }
        offset += raw_line.len();
    }
    if start < text.len() {
        documents.push(YamlDocument {
            text: text.get(start..).unwrap_or_default(),
            first_line: start_line,
        });
    }
    documents
}

fn is_document_marker(line: &str) -> bool {
    match line.strip_prefix("---") {
        Some(rest) => rest.is_empty() || rest.starts_with([' ', '\t', '\r', '\n']),
        None => false,
    }
}

/// Reads one document into JSON; `None` for a document with no content.
pub(crate) fn to_value(text: &str) -> Result<Option<Value>, serde_saphyr::Error> {
    let mut value: Option<Value> = serde_saphyr::from_str_with_options(text, options())?;
    if let Some(value) = value.as_mut()
        && has_flow_pair_with_empty_value(value)
    {
        let locator = Locator::new(text);
        if let Some(root) = locator.root() {
            repair_flow_colons(value, &root.value, text);
        }
    }
    Ok(value.filter(|v| !v.is_null()))
}

/// Whether some sequence holds a one-key mapping whose value is empty: the shape YAML 1.2 gives
/// `[001:db8::]`, which Go's YAML (and so Kubernetes) reads as the string `001:db8::`.
fn has_flow_pair_with_empty_value(value: &Value) -> bool {
    match value {
        Value::Array(items) => items.iter().any(|item| {
            matches!(item, Value::Object(map) if map.len() == 1 && map.values().all(Value::is_null))
                || has_flow_pair_with_empty_value(item)
        }),
        Value::Object(map) => map.values().any(has_flow_pair_with_empty_value),
        _ => false,
    }
}

/// Gives Go's reading to plain scalars in flow sequences that end in `:` before `,` or `]`.
///
/// YAML 1.2 ends a plain scalar at a `:` followed by a flow indicator and makes it a key with
/// no value; Go's YAML, which Kubernetes uses, ends it only at `:` followed by a space. Where
/// the source shows a key followed directly by `:` and then `,` or `]`, the pair is put back
/// together as the string Go would read.
fn repair_flow_colons(value: &mut Value, node: &Node, text: &str) {
    match (value, node) {
        (Value::Array(items), Node::Seq(nodes)) => {
            for (item, item_node) in items.iter_mut().zip(nodes) {
                if let Some(joined) = go_flow_scalar(item, &item_node.value, text) {
                    *item = Value::String(joined);
                } else {
                    repair_flow_colons(item, &item_node.value, text);
                }
            }
        }
        (Value::Object(map), Node::Map(entries)) => {
            for (key, child) in map.iter_mut() {
                if let Some((_, child_node)) = entries.iter().find(|(k, _)| k.value == *key) {
                    repair_flow_colons(child, &child_node.value, text);
                }
            }
        }
        _ => {}
    }
}

fn go_flow_scalar(item: &Value, node: &Node, text: &str) -> Option<String> {
    let Value::Object(map) = item else {
        return None;
    };
    let (key, value) = map.iter().next()?;
    let Node::Map(entries) = node else {
        return None;
    };
    let [(key_span, _)] = entries.as_slice() else {
        return None;
    };
    if map.len() != 1 || !value.is_null() {
        return None;
    }
    let span = key_span.referenced.span();
    let end = usize::try_from(span.byte_offset()? + span.byte_len()?).ok()?;
    let after = text.get(end..)?.as_bytes();
    match after {
        [b':', b',' | b']', ..] => Some(format!("{key}:")),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_at_markers_only() {
        let text = "a: 1\n---\nb: |\n  --x\n--- \nc: 3\n";
        let docs = split(text);
        assert_eq!(docs.len(), 3);
        assert_eq!(docs[1].first_line, 2);
        assert_eq!(docs[2].first_line, 5);
        assert!(docs[1].text.contains("--x"));
    }

    #[test]
    fn reads_ipv6_in_flow_sequences_as_go_does() {
        let value = to_value("addresses: [1.2.3.4, 001:db8::]\nother: [a:, b]\nmap: [a: 1]\n")
            .unwrap()
            .unwrap();
        assert_eq!(
            value["addresses"],
            serde_json::json!(["1.2.3.4", "001:db8::"])
        );
        assert_eq!(value["other"], serde_json::json!(["a:", "b"]));
        assert_eq!(value["map"], serde_json::json!([{"a": 1}]));
    }
}
