//! Source positions for paths inside a YAML or JSON document.
//!
//! Documents are read into `serde_json::Value` first (that is how Kubernetes reads YAML: as
//! JSON), which forgets where each value stood. When a position is wanted — an error, an
//! unknown field, a flow-sequence scalar to repair — the document is read once more, from the
//! YAML parser's events, into a tree that keeps every node's line (and where each mapping key
//! ends).
//!
//! The tree is built and walked without recursion, so its depth costs no stack; its nodes sit
//! in one vector and refer to each other by index, so dropping it costs no stack either. An
//! alias is a node that refers to its anchor's node rather than a copy of it, so the tree is no
//! larger than the document's text, however much its aliases would expand; merge keys (`<<`)
//! are followed when a key is looked up.

use std::collections::HashMap;

use serde_saphyr::granit_parser::{Event, Parser, ScalarStyle, Span};

use super::Limits;
use crate::path::{FieldPath, Segment};

/// An index into [`Locator::nodes`].
pub(crate) type NodeId = usize;

/// A YAML node.
#[derive(Debug)]
pub(crate) enum Node {
    /// A scalar or null; what it holds does not matter for locating.
    Leaf,
    /// A sequence.
    Seq(Vec<NodeId>),
    /// A mapping with scalar keys (other keys are not reachable by a path), sorted by key so
    /// that a key is found in logarithmic time; keys with the same text keep their order, and
    /// the first is the one found.
    Map(Vec<Entry>),
    /// An alias of the anchored node.
    Alias(NodeId),
}

/// A node and the line it stands on (where it is referenced, for an alias).
#[derive(Debug)]
pub(crate) struct Located {
    /// The 1-based line within the document.
    pub(crate) line: u64,
    /// The node.
    pub(crate) node: Node,
}

/// One entry of a mapping.
#[derive(Debug)]
pub(crate) struct Entry {
    /// The key, as text.
    pub(crate) key: String,
    /// The 1-based line of the key.
    pub(crate) key_line: u64,
    /// The byte offset just past the key in the document's text, when known.
    pub(crate) key_end: Option<usize>,
    /// The value.
    pub(crate) value: NodeId,
}

/// How many mappings merged into one (`<<: [*a, *b]`, and merges within those) are searched
/// for a key before giving up; real documents merge a handful.
const MAX_MERGE_SOURCES: usize = 64;

/// A document's location tree, read on demand.
pub(crate) struct Locator {
    nodes: Vec<Located>,
}

/// A collection being read, and for a mapping the key read before its value.
struct Open {
    node: NodeId,
    key: Option<(String, u64, Option<usize>)>,
}

impl Locator {
    /// Reads the first document of `text` into a location tree. Reading stops at the first
    /// syntax error, keeping what was read before it, and at [`Limits::max_nodes`] nodes; the
    /// document has already been read within the limits by then, so neither should happen.
    pub(crate) fn new(text: &str, limits: &Limits) -> Self {
        let nesting = super::yaml::parser_nesting_limit(limits);
        let options = serde_saphyr::granit_parser::options! {
            flow_nesting_limit: nesting,
            block_nesting_limit: nesting,
        };
        let mut locator = Locator { nodes: Vec::new() };
        let mut open: Vec<Open> = Vec::new();
        let mut anchors: HashMap<usize, NodeId> = HashMap::new();
        for event in Parser::new_from_str_with_options(text, options) {
            let Ok((event, span)) = event else { break };
            if locator.nodes.len() >= limits.max_nodes {
                break;
            }
            let line = span.start.line() as u64;
            let (node, anchor, key) = match event {
                Event::Scalar(value, style, anchor, _) => {
                    let key = key_text(&value, style);
                    (Node::Leaf, anchor, Some((key, key_end(&span))))
                }
                Event::SequenceStart(_, anchor, _) => (Node::Seq(Vec::new()), anchor, None),
                Event::MappingStart(_, anchor, _) => (Node::Map(Vec::new()), anchor, None),
                Event::Alias(anchor) => {
                    let target = anchors.get(&anchor);
                    let node = target.map_or(Node::Leaf, |target| Node::Alias(*target));
                    (node, 0, None)
                }
                Event::SequenceEnd | Event::MappingEnd => {
                    if let Some(closed) = open.pop() {
                        locator.sort(closed.node);
                    }
                    continue;
                }
                Event::DocumentEnd if locator.nodes.is_empty() => continue,
                Event::DocumentEnd | Event::StreamEnd => break,
                _ => continue,
            };
            let id = locator.nodes.len();
            let is_collection = matches!(node, Node::Seq(_) | Node::Map(_));
            locator.nodes.push(Located { line, node });
            if anchor != 0 {
                anchors.insert(anchor, id);
            }
            if let Some(parent) = open.last_mut() {
                match locator.nodes.get_mut(parent.node).map(|p| &mut p.node) {
                    Some(Node::Seq(items)) => items.push(id),
                    Some(Node::Map(entries)) => match parent.key.take() {
                        Some((key, key_line, key_end)) => entries.push(Entry {
                            key,
                            key_line,
                            key_end,
                            value: id,
                        }),
                        None => {
                            // A key: scalars by their text; other keys cannot be on a path.
                            let (text, end) = key.unwrap_or_default();
                            parent.key = Some((text, line, end));
                        }
                    },
                    _ => {}
                }
            }
            if is_collection {
                open.push(Open {
                    node: id,
                    key: None,
                });
            }
        }
        // A document cut short: its open mappings are sorted all the same.
        while let Some(closed) = open.pop() {
            locator.sort(closed.node);
        }
        locator
    }

    fn sort(&mut self, id: NodeId) {
        if let Some(Located {
            node: Node::Map(entries),
            ..
        }) = self.nodes.get_mut(id)
        {
            // Stable: of keys with the same text, the first stays first.
            entries.sort_by(|a, b| a.key.cmp(&b.key));
        }
    }

    /// The node, with aliases followed to their anchors.
    pub(crate) fn get(&self, id: NodeId) -> Option<&Located> {
        let mut located = self.nodes.get(id)?;
        // An alias refers to a node defined before it, so following aliases ends.
        for _ in 0..self.nodes.len() {
            match located.node {
                Node::Alias(target) => located = self.nodes.get(target)?,
                _ => return Some(located),
            }
        }
        None
    }

    /// The root node, when the document has one.
    pub(crate) fn root(&self) -> Option<NodeId> {
        (!self.nodes.is_empty()).then_some(0)
    }

    /// The entry for `key` in the mapping `id`, or in the mappings it merges (`<<`).
    pub(crate) fn entry(&self, id: NodeId, key: &str) -> Option<&Entry> {
        let Node::Map(entries) = &self.get(id)?.node else {
            return None;
        };
        find_entry(entries, key).or_else(|| self.merged_entry(entries, key))
    }

    /// The entry for `key` in the mappings that `entries` merge, breadth first.
    fn merged_entry(&self, entries: &[Entry], key: &str) -> Option<&Entry> {
        let mut sources = Vec::new();
        self.merge_sources(entries, &mut sources);
        let mut searched = 0;
        while let Some(&source) = sources.get(searched) {
            searched += 1;
            if searched > MAX_MERGE_SOURCES {
                break;
            }
            let Some(Node::Map(entries)) = self.get(source).map(|l| &l.node) else {
                continue;
            };
            if let Some(entry) = find_entry(entries, key) {
                return Some(entry);
            }
            self.merge_sources(entries, &mut sources);
        }
        None
    }

    /// The mappings that a mapping's `<<` keys merge, in order.
    fn merge_sources(&self, entries: &[Entry], sources: &mut Vec<NodeId>) {
        let at = entries.partition_point(|entry| entry.key.as_str() < "<<");
        for merge in entries
            .iter()
            .skip(at)
            .take_while(|entry| entry.key == "<<")
        {
            match self.get(merge.value).map(|l| &l.node) {
                Some(Node::Seq(items)) => sources.extend(items),
                Some(_) => sources.push(merge.value),
                None => {}
            }
        }
    }

    /// The 1-based line (within the document text) of the deepest node on `path`; for a key
    /// of a mapping, the line of the key itself.
    pub(crate) fn line(&self, path: &FieldPath) -> Option<u64> {
        let mut id = self.root()?;
        let mut line = self.nodes.get(id)?.line;
        for segment in path.segments() {
            let next = match (&self.get(id)?.node, segment) {
                (Node::Map(_), Segment::Key(key)) => self
                    .entry(id, key)
                    .map(|entry| (entry.key_line, entry.value)),
                (Node::Seq(items), Segment::Index(index)) => items
                    .get(*index)
                    .and_then(|&item| Some((self.nodes.get(item)?.line, item))),
                _ => None,
            };
            let Some((next_line, next_id)) = next else {
                break;
            };
            line = next_line;
            id = next_id;
        }
        Some(line)
    }
}

/// The first entry of a sorted mapping with this key.
pub(crate) fn find_entry<'n>(entries: &'n [Entry], key: &str) -> Option<&'n Entry> {
    let at = entries.partition_point(|entry| entry.key.as_str() < key);
    entries.get(at).filter(|entry| entry.key == key)
}

/// A scalar key as the path names it: its text, with the plain spellings of null read as the
/// empty key.
fn key_text(value: &str, style: ScalarStyle) -> String {
    match (style, value) {
        (ScalarStyle::Plain, "~" | "null" | "Null" | "NULL") => String::new(),
        _ => value.to_owned(),
    }
}

/// The byte offset just past a scalar.
fn key_end(span: &Span) -> Option<usize> {
    span.end.byte_offset()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str, path: FieldPath) -> Option<u64> {
        Locator::new(text, &Limits::DEFAULT).line(&path)
    }

    #[test]
    fn finds_keys_items_aliases_and_merges() {
        let text = "a:\n  b: [x, &y {c: 1}]\nd: *y\nbase: &base\n  e: 2\nm:\n  <<: *base\n  f: 3\n";
        let root = FieldPath::root;
        assert_eq!(line(text, root().key("a").key("b").index(1)), Some(2));
        assert_eq!(line(text, root().key("d").key("c")), Some(2));
        assert_eq!(line(text, root().key("m").key("e")), Some(5));
        assert_eq!(line(text, root().key("m").key("f")), Some(8));
        assert_eq!(line(text, root().key("m").key("zz")), Some(6));
    }

    #[test]
    fn deep_documents_cost_no_stack() {
        // A thousand levels, within the parser's own nesting limit, on a small stack.
        let text = format!("{}1{}", "[".repeat(1000), "]".repeat(1000));
        let located = std::thread::Builder::new()
            .stack_size(256 << 10)
            .spawn(move || {
                let locator = Locator::new(&text, &Limits::DEFAULT);
                let path: FieldPath = (0..999).map(|_| Segment::Index(0)).collect();
                (locator.nodes.len(), locator.line(&path))
            })
            .unwrap()
            .join()
            .unwrap();
        assert_eq!(located, (1001, Some(1)));
    }
}
