//! Source positions for paths inside a YAML or JSON document.
//!
//! Documents are read into `serde_json::Value` first (that is how Kubernetes reads YAML: as
//! JSON), which forgets where each value stood. When a position is wanted — an error, an
//! unknown field, a flow-sequence scalar to repair — the document is read once more into a
//! tree that keeps every node's line and byte span.

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

use crate::path::{FieldPath, Segment};

/// A YAML node with the source location of every key and value below it.
#[derive(Debug)]
pub(crate) enum Node {
    /// A scalar or null; what it holds does not matter for locating.
    Leaf,
    /// A sequence.
    Seq(Vec<Spanned<Node>>),
    /// A mapping with string keys (other keys are not reachable by a path).
    Map(Vec<(Spanned<String>, Spanned<Node>)>),
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NodeVisitor;
        impl<'de> Visitor<'de> for NodeVisitor {
            type Value = Node;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("any YAML node")
            }
            fn visit_bool<E>(self, _: bool) -> Result<Node, E> {
                Ok(Node::Leaf)
            }
            fn visit_i64<E>(self, _: i64) -> Result<Node, E> {
                Ok(Node::Leaf)
            }
            fn visit_u64<E>(self, _: u64) -> Result<Node, E> {
                Ok(Node::Leaf)
            }
            fn visit_i128<E>(self, _: i128) -> Result<Node, E> {
                Ok(Node::Leaf)
            }
            fn visit_u128<E>(self, _: u128) -> Result<Node, E> {
                Ok(Node::Leaf)
            }
            fn visit_f64<E>(self, _: f64) -> Result<Node, E> {
                Ok(Node::Leaf)
            }
            fn visit_str<E>(self, _: &str) -> Result<Node, E> {
                Ok(Node::Leaf)
            }
            fn visit_bytes<E>(self, _: &[u8]) -> Result<Node, E> {
                Ok(Node::Leaf)
            }
            fn visit_unit<E>(self) -> Result<Node, E> {
                Ok(Node::Leaf)
            }
            fn visit_none<E>(self) -> Result<Node, E> {
                Ok(Node::Leaf)
            }
            fn visit_some<D: Deserializer<'de>>(self, inner: D) -> Result<Node, D::Error> {
                Node::deserialize(inner)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Node::Seq(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
                let mut entries = Vec::new();
                while let Some(key) = map.next_key::<Spanned<KeyText>>()? {
                    let value = map.next_value()?;
                    let key = Spanned {
                        value: key.value.0,
                        referenced: key.referenced,
                        defined: key.defined,
                    };
                    entries.push((key, value));
                }
                Ok(Node::Map(entries))
            }
        }
        deserializer.deserialize_any(NodeVisitor)
    }
}

/// A mapping key as text, whatever scalar type YAML gave it.
struct KeyText(String);

impl<'de> Deserialize<'de> for KeyText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = KeyText;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a mapping key")
            }
            fn visit_str<E>(self, v: &str) -> Result<KeyText, E> {
                Ok(KeyText(v.to_owned()))
            }
            fn visit_bool<E>(self, v: bool) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_i64<E>(self, v: i64) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_f64<E>(self, v: f64) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_unit<E>(self) -> Result<KeyText, E> {
                Ok(KeyText(String::new()))
            }
        }
        deserializer.deserialize_any(KeyVisitor)
    }
}

/// A document's location tree, read on demand.
pub(crate) struct Locator {
    root: Option<Spanned<Node>>,
}

impl Locator {
    /// Reads the document's text into a location tree; an empty locator if that fails.
    pub(crate) fn new(text: &str) -> Self {
        Self {
            root: serde_saphyr::from_str_with_options(text, super::yaml::options()).ok(),
        }
    }

    /// The 1-based line (within the document text) of the deepest node on `path`; for a key
    /// of a mapping (`key_line`), the line of the key itself.
    pub(crate) fn line(&self, path: &FieldPath) -> Option<u64> {
        let mut node = self.root.as_ref()?;
        let mut line = node.referenced.line();
        for segment in path.segments() {
            match (&node.value, segment) {
                (Node::Map(entries), Segment::Key(key)) => {
                    let Some((k, v)) = entries.iter().find(|(k, _)| k.value == *key) else {
                        break;
                    };
                    line = k.referenced.line();
                    node = v;
                }
                (Node::Seq(items), Segment::Index(index)) => {
                    let Some(item) = items.get(*index) else { break };
                    line = item.referenced.line();
                    node = item;
                }
                _ => break,
            }
        }
        Some(line)
    }

    /// The root node, for walks that need the spans.
    pub(crate) fn root(&self) -> Option<&Spanned<Node>> {
        self.root.as_ref()
    }
}
