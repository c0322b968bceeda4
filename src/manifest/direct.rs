//! The fast way through a JSON document: its type guessed from its first members
//! ([`Head`]), then the typed object deserialized straight from the stream, with no
//! `serde_json::Value` in between and no separate scan for where the document ends —
//! `serde_json` says where the object it read ended, and the read measures its own depth.
//!
//! Only a plain object of a known kind is read this way, and only when it reads without error.
//! Everything else — arrays, unknown kinds, objects with no kind, and any document this path
//! fails on — goes the general way: the scan splits it out and checks its limits, and it is
//! read through a value tree, which gives the error its field path and line. The two ways
//! agree on every document this way accepts: both read the same typed object and report the
//! same unknown fields.
//!
//! A `List` ([`list`]) is read a middle way: its top level is read here, with its members held
//! to the depth limit and its items kept as their texts, and each item is then read as a
//! document of its own — the direct way when it is a plain object of a known kind that reads
//! without error, else into a value for the general reader, which gives an item exactly what
//! reading the whole `List` into one value would have given it. A `List` whose top level the
//! general reader could read differently goes the general way whole.

use std::fmt;

use serde::de::{self, Deserialize, DeserializeOwned, IgnoredAny, MapAccess, Visitor};
use serde_json::Value;
use serde_json::value::RawValue;

use super::json::Head;
use super::object::{KnownKind, Object};
use super::unknown::{self, Skip};
use crate::path::FieldPath;

/// Reads the JSON value `text` starts with as a typed object, if it is an object of a known
/// kind that reads without error and nests no deeper than `max_depth`; gives the object, the
/// paths of the fields it ignored, and the length of its text. What follows the value in
/// `text` is not looked at.
pub(super) fn read(
    text: &str,
    head: &Head<'_>,
    max_depth: usize,
) -> Option<(Object, Vec<FieldPath>, usize)> {
    let kind = head.kind?;
    // A list of objects, as the general reader decides it.
    if kind.ends_with("List") && head.has_items && !head.has_spec {
        return None;
    }
    let known = KnownKind::of(head.api_version?, kind)?;
    let mut unknown = Vec::new();
    let read = Reader {
        text,
        max_depth,
        unknown: &mut unknown,
    };
    let (object, len) = match known {
        KnownKind::Gateway => read.object(Object::Gateway),
        KnownKind::ServiceEntry => read.object(Object::ServiceEntry),
        KnownKind::VirtualService => read.object(Object::VirtualService),
        KnownKind::DestinationRule => read.object(Object::DestinationRule),
        KnownKind::Service => read.object(Object::Service),
        KnownKind::Namespace => read.object(Object::Namespace),
        KnownKind::Pod => read.object(Object::Pod),
        KnownKind::NetworkPolicy => read.object(Object::NetworkPolicy),
        KnownKind::Secret => read.object(Object::Secret),
    }?;
    Some((object, unknown, len))
}

/// One typed read of the value at the start of a text.
struct Reader<'r> {
    text: &'r str,
    max_depth: usize,
    unknown: &'r mut Vec<FieldPath>,
}

impl Reader<'_> {
    /// Deserializes one typed object from the start of the text, recording ignored fields;
    /// gives it as an [`Object`] (through `wrap`) with the length of its text.
    fn object<T: DeserializeOwned>(self, wrap: fn(Box<T>) -> Object) -> Option<(Object, usize)> {
        let mut de = serde_json::Deserializer::from_str(self.text);
        match unknown::deserialize_within(&mut de, self.unknown, self.max_depth) {
            // A stream over the rest starts where the value ended: its offset is the length.
            Ok(object) => Some((
                wrap(Box::new(object)),
                de.into_iter::<serde::de::IgnoredAny>().byte_offset(),
            )),
            Err(_) => {
                self.unknown.clear();
                None
            }
        }
    }
}

/// One item of a `List` read by [`list`].
pub(super) struct ListItem {
    /// Where the item is in the `List`'s document: `items[i]`.
    pub(super) path: FieldPath,
    /// The item, read.
    pub(super) read: ItemRead,
}

/// How an item of a `List` was read.
pub(super) enum ItemRead {
    /// Straight into its type, with the paths of the fields it ignored (from the item).
    Typed(Object, Vec<FieldPath>),
    /// Into a value, for the general reader: an item of a kind the crate does not type, a
    /// nested `List`, an item the direct way fails on, or one that is not an object at all.
    Value(Value),
}

/// Reads the JSON value `text` starts with as a `List` — an object whose `kind` is a string
/// ending in `List`, with an `items` array and no `spec` — if it is one that nests no deeper
/// than `max_depth`; gives its items in order and the length of its text. What follows the
/// value in `text` is not looked at.
///
/// Gives `None` for anything else, and for a `List` whose top level holds anything the general
/// reader might read differently (a repeated `kind` or `items`, a `kind` that is not a plain
/// string, `items` that are not an array): the general reader then reads the whole document.
/// What the `List` holds besides its items (its `apiVersion`, `metadata` and the like) is not
/// kept, as in the general way.
pub(super) fn list(text: &str, max_depth: usize) -> Option<(Vec<ListItem>, usize)> {
    // The List is the first level and its items the second; each item is read to what is
    // left, the members besides the items are skipped to it.
    let item_depth = max_depth.checked_sub(2)?;
    let mut de = serde_json::Deserializer::from_str(text);
    let top = de::Deserializer::deserialize_map(&mut de, TopVisitor { item_depth }).ok()?;
    if !top.kind.ends_with("List") || top.has_spec {
        return None;
    }
    let len = de.into_iter::<IgnoredAny>().byte_offset();
    let items_path = FieldPath::root().key("items");
    let items = top
        .items
        .iter()
        .enumerate()
        .map(|(index, raw)| {
            let text = raw.get();
            let path = items_path.clone().index(index);
            let typed = super::json::peek_head(text)
                .and_then(|head| read(text, &head, item_depth))
                .filter(|&(_, _, len)| len == text.len());
            let read = match typed {
                Some((object, unknown, _)) => ItemRead::Typed(object, unknown),
                None => {
                    let value: Value = serde_json::from_str(text).ok()?;
                    (depth(&value) <= item_depth).then_some(ItemRead::Value(value))?
                }
            };
            Some(ListItem { path, read })
        })
        .collect::<Option<_>>()?;
    Some((items, len))
}

/// How many maps and lists deep a value nests, the value itself the first level.
fn depth(value: &Value) -> usize {
    match value {
        Value::Object(map) => 1 + map.values().map(depth).max().unwrap_or(0),
        Value::Array(items) => 1 + items.iter().map(depth).max().unwrap_or(0),
        _ => 0,
    }
}

/// The top level of a `List`, as far as telling it is one needs: its items are kept as their
/// texts, borrowed from the document.
struct ListTop<'a> {
    kind: &'a str,
    has_spec: bool,
    items: Vec<&'a RawValue>,
}

/// Reads the top level of a `List`, skipping its members besides the items to `item_depth`
/// levels, the depth left to each of them.
struct TopVisitor {
    item_depth: usize,
}

impl<'de> Visitor<'de> for TopVisitor {
    type Value = ListTop<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a List")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ListTop<'de>, A::Error> {
        let (mut kind, mut items, mut has_spec) = (None, None, false);
        while let Some(key) = map.next_key::<TopKey>()? {
            match key {
                TopKey::Kind if kind.is_none() => kind = Some(map.next_value::<&'de str>()?),
                TopKey::Items if items.is_none() => {
                    items = Some(map.next_value::<Vec<&'de RawValue>>()?)
                }
                TopKey::Kind | TopKey::Items => {
                    return Err(de::Error::custom("a repeated kind or items"));
                }
                TopKey::Spec => {
                    has_spec = true;
                    map.next_value_seed(Skip::within(self.item_depth + 1))?;
                }
                TopKey::Other => map.next_value_seed(Skip::within(self.item_depth + 1))?,
            }
        }
        match (kind, items) {
            (Some(kind), Some(items)) => Ok(ListTop {
                kind,
                has_spec,
                items,
            }),
            _ => Err(de::Error::custom("not a List")),
        }
    }
}

/// The keys of a `List`'s top level that decide whether it is one.
enum TopKey {
    Kind,
    Items,
    Spec,
    Other,
}

impl<'de> Deserialize<'de> for TopKey {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<TopKey, D::Error> {
        deserializer.deserialize_str(TopKeyVisitor)
    }
}

struct TopKeyVisitor;

impl Visitor<'_> for TopKeyVisitor {
    type Value = TopKey;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<TopKey, E> {
        Ok(match key {
            "kind" => TopKey::Kind,
            "items" => TopKey::Items,
            "spec" => TopKey::Spec,
            _ => TopKey::Other,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GATEWAY: &str = r#"{"apiVersion": "networking.istio.io/v1", "kind": "Gateway",
        "metadata": {"name": "g"}, "spec": {"bogus": 1}}"#;

    /// The kind and unknown fields of a typed item, or the value of one handed to the
    /// general reader.
    type Read = Result<(String, Vec<String>), Value>;

    /// What each item, by its path, was read as.
    fn items(text: &str) -> Option<Vec<(String, Read)>> {
        let (items, len) = list(text, 64)?;
        assert_eq!(text.get(len..).map(str::trim), Some(""), "{text}");
        Some(
            items
                .into_iter()
                .map(|item| {
                    let read = match item.read {
                        ItemRead::Typed(object, unknown) => Ok((
                            object.kind().to_owned(),
                            unknown.iter().map(ToString::to_string).collect(),
                        )),
                        ItemRead::Value(value) => Err(value),
                    };
                    (item.path.to_string(), read)
                })
                .collect(),
        )
    }

    #[test]
    fn typed_items_are_read_straight_and_the_rest_kept_as_values() {
        let text = format!(
            r#"{{"apiVersion": "v1", "kind": "List", "metadata": {{}}, "items": [
                {GATEWAY},
                {{"apiVersion": "apps/v1", "kind": "Deployment"}},
                {{"kind": "List", "items": [{GATEWAY}]}},
                {{"kind": "Gateway", "apiVersion": "networking.istio.io/v1", "spec": {{"servers": 1}}}},
                42
            ]}}"#
        );
        let read = items(&text).expect("a List");
        assert_eq!(read.len(), 5);
        assert_eq!(
            read[0],
            (
                "items[0]".to_owned(),
                Ok(("Gateway".to_owned(), vec!["spec.bogus".to_owned()]))
            )
        );
        let values: Vec<_> = read
            .iter()
            .skip(1)
            .map(|(path, read)| (path.as_str(), read.as_ref().err()))
            .collect();
        assert_eq!(
            values[0],
            (
                "items[1]",
                Some(&serde_json::json!({"apiVersion": "apps/v1", "kind": "Deployment"}))
            )
        );
        assert_eq!(values[1].0, "items[2]");
        assert_eq!(values[1].1.and_then(|v| v["kind"].as_str()), Some("List"));
        // A typed item the direct way fails on goes to the general reader, which names the error.
        assert_eq!(
            values[2].1.map(|v| &v["spec"]["servers"]),
            Some(&serde_json::json!(1))
        );
        assert_eq!(values[3], ("items[4]", Some(&serde_json::json!(42))));
    }

    #[test]
    fn a_top_level_the_general_reader_reads_its_own_way_is_handed_over() {
        for text in [
            format!(r#"{{"kind": "List", "items": [{GATEWAY}], "items": []}}"#),
            format!(r#"{{"kind": "List", "kind": "List", "items": [{GATEWAY}]}}"#),
            format!(r#"{{"kind": "Li\u0073t", "items": [{GATEWAY}]}}"#),
            format!(r#"{{"kind": "List", "items": [{GATEWAY}], "spec": {{}}}}"#),
            format!(r#"{{"kind": "Gateway", "items": [{GATEWAY}]}}"#),
            r#"{"kind": "List", "items": null}"#.to_owned(),
            r#"{"kind": "List"}"#.to_owned(),
            "[]".to_owned(),
        ] {
            assert!(items(&text).is_none(), "{text}");
        }
        assert_eq!(items(r#"{"items": [], "kind": "FooList"}"#), Some(vec![]));
    }

    #[test]
    fn the_list_is_held_to_the_depth_limit() {
        // The List, its items and the Gateway's spec and metadata: four levels.
        let text = format!(r#"{{"kind": "List", "items": [{GATEWAY}]}}"#);
        assert!(matches!(
            list(&text, 4).map(|(items, _)| items).as_deref(),
            Some([ListItem {
                read: ItemRead::Typed(..),
                ..
            }])
        ));
        assert!(list(&text, 3).is_none());
        // An item read as a value, and a member besides the items, are measured too.
        for text in [
            r#"{"kind": "List", "items": [{"kind": "Other", "a": []}]}"#,
            r#"{"kind": "List", "metadata": {"a": {"b": []}}, "items": []}"#,
        ] {
            assert!(list(text, 4).is_some(), "{text}");
            assert!(list(text, 3).is_none(), "{text}");
        }
    }

    #[test]
    fn what_follows_the_list_is_not_read() {
        let text = format!(r#"{{"kind": "List", "items": [{GATEWAY}]}}"#);
        let stream = format!("{text}\n{{\"kind\": 7}} x");
        assert_eq!(
            list(&stream, 64).map(|(items, len)| (items.len(), len)),
            Some((1, text.len()))
        );
    }
}
