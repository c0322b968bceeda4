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
//! A `List` ([`list`]) is read here too, its top level with its members held to the depth
//! limit. Each item is read as it comes, in the same pass: straight into its type when it
//! starts with its `apiVersion` and `kind` (as `kubectl` prints it) and they name a known
//! kind, else into a value for the general reader, which gives an item exactly what reading
//! the whole `List` into one value would have given it. An item that pass cannot read (a typed
//! item that fails, one that is not an object) sends the `List` a second way: its items kept
//! as their texts, each then read as a document of its own, the direct way when it is a plain
//! object of a known kind that reads without error. A `List` whose top level the general
//! reader could read differently goes the general way whole.

use std::borrow::Cow;
use std::cell::Cell;
use std::fmt;
use std::marker::PhantomData;

use serde::de::value::{BorrowedStrDeserializer, MapAccessDeserializer, StringDeserializer};
use serde::de::{
    self, Deserialize, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor,
};
use serde_json::Value;
use serde_json::value::RawValue;

use super::json::Head;
use super::object::{KnownKind, Object};
use super::unknown::{self, Skip};
use crate::networking::kind::Lent;
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
    let mut de = serde_json::Deserializer::from_str(text);
    match typed(known, &mut de, &mut unknown, max_depth) {
        // A stream over the rest starts where the value ended: its offset is the length.
        Ok(object) => Some((object, unknown, de.into_iter::<IgnoredAny>().byte_offset())),
        Err(_) => None,
    }
}

/// Deserializes an object of the `known` kind from `deserializer`, pushing the paths of the
/// fields it ignored onto `unknown`, and holding it to `max_depth` levels.
fn typed<'de, D: Deserializer<'de>>(
    known: KnownKind,
    deserializer: D,
    unknown: &mut Vec<FieldPath>,
    max_depth: usize,
) -> Result<Object, D::Error> {
    fn read<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
        deserializer: D,
        unknown: &mut Vec<FieldPath>,
        max_depth: usize,
        wrap: fn(Box<T>) -> Object,
    ) -> Result<Object, D::Error> {
        unknown::deserialize_within(deserializer, unknown, max_depth).map(|o| wrap(Box::new(o)))
    }
    let (de, at, depth) = (deserializer, unknown, max_depth);
    match known {
        KnownKind::Gateway => read(de, at, depth, Object::Gateway),
        KnownKind::ServiceEntry => read(de, at, depth, Object::ServiceEntry),
        KnownKind::VirtualService => read(de, at, depth, Object::VirtualService),
        KnownKind::DestinationRule => read(de, at, depth, Object::DestinationRule),
        KnownKind::Service => read(de, at, depth, Object::Service),
        KnownKind::Namespace => read(de, at, depth, Object::Namespace),
        KnownKind::Pod => read(de, at, depth, Object::Pod),
        KnownKind::NetworkPolicy => read(de, at, depth, Object::NetworkPolicy),
        KnownKind::Secret => read(de, at, depth, Object::Secret),
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
    list_in_one_pass(text, item_depth).unwrap_or_else(|ItemFailed| list_by_texts(text, item_depth))
}

/// An item of a `List` that [`list_in_one_pass`] could not read.
#[derive(Debug)]
struct ItemFailed;

/// [`list`] in one pass over the text, each item read as it comes ([`Item`]).
fn list_in_one_pass(
    text: &str,
    item_depth: usize,
) -> Result<Option<(Vec<ListItem>, usize)>, ItemFailed> {
    let failed = Cell::new(false);
    let items = Items {
        item_depth,
        failed: &failed,
    };
    match list_top(text, item_depth, items) {
        None if failed.get() => Err(ItemFailed),
        read => Ok(read),
    }
}

/// [`list`] the second way: the items kept as their texts, each then read on its own, so that
/// an item the direct way fails on still goes to the general reader alone.
fn list_by_texts(text: &str, item_depth: usize) -> Option<(Vec<ListItem>, usize)> {
    let (raw, len) = list_top(text, item_depth, PhantomData::<Vec<&RawValue>>)?;
    let items_path = FieldPath::root().key("items");
    let items = raw
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

/// Reads the top level of the `List` `text` starts with, its items through `items`; gives
/// what they read as and the length of the text, or `None` if it is no `List`.
fn list_top<'a, S>(text: &'a str, item_depth: usize, items: S) -> Option<(S::Value, usize)>
where
    S: DeserializeSeed<'a> + Copy,
{
    let mut de = serde_json::Deserializer::from_str(text);
    let visitor = TopVisitor { item_depth, items };
    let top = de::Deserializer::deserialize_map(&mut de, visitor).ok()?;
    if !top.kind.ends_with("List") || top.has_spec {
        return None;
    }
    Some((top.items, de.into_iter::<IgnoredAny>().byte_offset()))
}

/// How many maps and lists deep a value nests, the value itself the first level.
fn depth(value: &Value) -> usize {
    match value {
        Value::Object(map) => 1 + map.values().map(depth).max().unwrap_or(0),
        Value::Array(items) => 1 + items.iter().map(depth).max().unwrap_or(0),
        _ => 0,
    }
}

/// The top level of a `List`, as far as telling it is one needs, with its items.
struct ListTop<'a, I> {
    kind: &'a str,
    has_spec: bool,
    items: I,
}

/// Reads the top level of a `List`, its items through `items` and its other members skipped
/// to `item_depth` levels, the depth left to each of them.
struct TopVisitor<S> {
    item_depth: usize,
    items: S,
}

impl<'de, S: DeserializeSeed<'de> + Copy> Visitor<'de> for TopVisitor<S> {
    type Value = ListTop<'de, S::Value>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a List")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let (mut kind, mut items, mut has_spec) = (None, None, false);
        while let Some(key) = map.next_key::<TopKey>()? {
            match key {
                TopKey::Kind if kind.is_none() => kind = Some(map.next_value::<&'de str>()?),
                TopKey::Items if items.is_none() => items = Some(map.next_value_seed(self.items)?),
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

/// The items of a `List`, each read as it comes ([`Item`]). An item this cannot read sets
/// `failed`, so that [`list`] knows to read the items the other way.
#[derive(Clone, Copy)]
struct Items<'f> {
    item_depth: usize,
    failed: &'f Cell<bool>,
}

impl<'de> DeserializeSeed<'de> for Items<'_> {
    type Value = Vec<ListItem>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Items<'_> {
    type Value = Vec<ListItem>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the items of a List")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let items_path = FieldPath::root().key("items");
        let mut items = Vec::new();
        let item = Item {
            item_depth: self.item_depth,
        };
        loop {
            match seq.next_element_seed(item) {
                Ok(Some(read)) => {
                    let path = items_path.clone().index(items.len());
                    items.push(ListItem { path, read });
                }
                Ok(None) => return Ok(items),
                Err(error) => {
                    self.failed.set(true);
                    return Err(error);
                }
            }
        }
    }
}

/// One item of a `List`, read in the `List`'s pass: an object that starts with its
/// `apiVersion` and `kind`, in either order, and names a known kind, straight into its type;
/// any other object into a value. It fails on anything else, and on a typed item that does
/// not read: [`list`] then reads the items from their texts, the general way for that one.
#[derive(Clone, Copy)]
struct Item {
    item_depth: usize,
}

impl<'de> DeserializeSeed<'de> for Item {
    type Value = ItemRead;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<ItemRead, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Item {
    type Value = ItemRead;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ItemRead, A::Error> {
        // The entries read to tell the item's kind, handed back to whatever reads the item.
        let mut ahead = Ahead::default();
        let mut api_version = None;
        let mut kind = None;
        while ahead.len < 4 {
            let Some(key) = map.next_key::<Lent<'de>>()? else {
                break;
            };
            // As the stream's scan tells a type, only from keys and values without escapes.
            let slot = match key {
                Lent(Cow::Borrowed("apiVersion")) if api_version.is_none() => &mut api_version,
                Lent(Cow::Borrowed("kind")) if kind.is_none() => &mut kind,
                _ => {
                    ahead.push(key);
                    break;
                }
            };
            let value = map.next_value::<Lent<'de>>()?;
            *slot = Some(value.clone());
            ahead.push(key);
            ahead.push(value);
        }
        let known = match (api_version, kind) {
            (Some(Lent(Cow::Borrowed(api_version))), Some(Lent(Cow::Borrowed(kind)))) => {
                KnownKind::of(api_version, kind)
            }
            _ => None,
        };
        let item = MapAccessDeserializer::new(Replay { ahead, rest: map });
        match known {
            Some(known) => {
                let mut unknown = Vec::new();
                let object = typed(known, item, &mut unknown, self.item_depth)?;
                Ok(ItemRead::Typed(object, unknown))
            }
            None => {
                let value = Value::deserialize(item)?;
                if depth(&value) > self.item_depth {
                    return Err(de::Error::custom("an item nested too deep"));
                }
                Ok(ItemRead::Value(value))
            }
        }
    }
}

/// Up to four texts read ahead from an item — keys and values in turn, starting with a key
/// and perhaps ending with one whose value is still to come.
#[derive(Default)]
struct Ahead<'de> {
    texts: [Option<Lent<'de>>; 4],
    len: usize,
    next: usize,
}

impl<'de> Ahead<'de> {
    fn push(&mut self, text: Lent<'de>) {
        if let Some(slot) = self.texts.get_mut(self.len) {
            *slot = Some(text);
            self.len += 1;
        }
    }

    /// The next text to hand back, if any is left.
    fn take(&mut self) -> Option<Lent<'de>> {
        let text = self.texts.get_mut(self.next)?.take()?;
        self.next += 1;
        Some(text)
    }
}

/// An item's entries: first those read ahead, then the rest of its map.
struct Replay<'de, A> {
    ahead: Ahead<'de>,
    rest: A,
}

impl<'de, A: MapAccess<'de>> Replay<'de, A> {
    fn text<T: DeserializeSeed<'de>>(seed: T, text: Lent<'de>) -> Result<T::Value, A::Error> {
        seed.deserialize(TextDeserializer {
            text,
            error: PhantomData,
        })
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Replay<'de, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        match self.ahead.take() {
            Some(key) => Self::text(seed, key).map(Some),
            None => self.rest.next_key_seed(seed),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        match self.ahead.take() {
            Some(value) => Self::text(seed, value),
            None => self.rest.next_value_seed(seed),
        }
    }
}

/// A text read ahead, handed to a visitor as `serde_json` hands a string: lent when it was
/// lent, `Some` of itself where an option is asked for, a unit variant where an enum is.
/// (serde's own string deserializers give the string itself where an option is asked for.)
struct TextDeserializer<'de, E> {
    text: Lent<'de>,
    error: PhantomData<E>,
}

impl<'de, E: de::Error> Deserializer<'de> for TextDeserializer<'de, E> {
    type Error = E;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        match self.text.0 {
            Cow::Borrowed(text) => visitor.visit_borrowed_str(text),
            Cow::Owned(text) => visitor.visit_str(&text),
        }
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        match self.text.0 {
            Cow::Borrowed(text) => visitor.visit_borrowed_bytes(text.as_bytes()),
            Cow::Owned(text) => visitor.visit_bytes(text.as_bytes()),
        }
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        self.deserialize_bytes(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, E> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, E> {
        match self.text.0 {
            Cow::Borrowed(text) => {
                BorrowedStrDeserializer::new(text).deserialize_enum(name, variants, visitor)
            }
            Cow::Owned(text) => {
                StringDeserializer::new(text).deserialize_enum(name, variants, visitor)
            }
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string unit unit_struct
        seq tuple tuple_struct map struct identifier ignored_any
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

    /// What each item of a `List` was read as, in full, by one of the two ways.
    fn in_full(read: Option<(Vec<ListItem>, usize)>) -> Option<(Vec<(String, InFull)>, usize)> {
        let (items, len) = read?;
        let items = items
            .into_iter()
            .map(|item| {
                let read = match item.read {
                    ItemRead::Typed(object, unknown) => {
                        Ok((object, unknown.iter().map(ToString::to_string).collect()))
                    }
                    ItemRead::Value(value) => Err(value),
                };
                (item.path.to_string(), read)
            })
            .collect();
        Some((items, len))
    }

    /// A typed item with the paths of its unknown fields, or an item's value.
    type InFull = Result<(Object, Vec<String>), Value>;

    /// A `List` whose items are printed with their keys sorted, as `kubectl get -o json` prints
    /// them (so `apiVersion` and `kind` come first, and the `List`'s `items` before its `kind`).
    const KUBECTL: &str = r#"{"apiVersion": "v1", "items": [
        {"apiVersion": "networking.istio.io/v1", "kind": "Gateway",
         "metadata": {"name": "g", "namespace": "n"}, "spec": {"selector": {"istio": "egressgateway"}}},
        {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s"},
         "spec": {"ports": [{"port": 80}]}},
        {"apiVersion": "networking.istio.io/v1", "kind": "ServiceEntry",
         "metadata": {"name": "e"}, "spec": {"hosts": ["a.example.com"], "bogus": [1]}}
    ], "kind": "List", "metadata": {"resourceVersion": ""}}"#;

    #[test]
    fn items_as_kubectl_prints_them_are_read_in_one_pass() {
        let Ok(Some((items, len))) = list_in_one_pass(KUBECTL, 62) else {
            panic!("not read in one pass");
        };
        assert_eq!(len, KUBECTL.len());
        let kinds: Vec<_> = items
            .iter()
            .map(|item| match &item.read {
                ItemRead::Typed(object, unknown) => (object.kind(), unknown.len()),
                ItemRead::Value(value) => panic!("{value}"),
            })
            .collect();
        assert_eq!(kinds, [("Gateway", 0), ("Service", 0), ("ServiceEntry", 1)]);
    }

    #[test]
    fn an_item_the_one_pass_cannot_read_sends_the_list_the_other_way() {
        for item in [
            // Typed items that fail to read (the second in a version Istio does not serve),
            // and items that are no objects.
            r#"{"apiVersion": "networking.istio.io/v1", "kind": "Gateway", "spec": {"servers": 1}}"#,
            r#"{"apiVersion": "networking.istio.io/v2", "kind": "Gateway"}"#,
            "42",
            "[]",
            "null",
            // A kind that is no string.
            r#"{"kind": 7, "apiVersion": "v1"}"#,
        ] {
            let text = format!(r#"{{"kind": "List", "items": [{GATEWAY}, {item}]}}"#);
            assert!(list_in_one_pass(&text, 62).is_err(), "{text}");
            let (read, _) = in_full(list(&text, 64)).expect("a List");
            assert!(read[0].1.is_ok(), "{text}");
            assert!(read[1].1.is_err(), "{text}");
        }
        // What is wrong with the List itself is no item's doing.
        for text in [
            r#"{"kind": "List", "items": 5}"#,
            r#"{"kind": "Other", "items": []}"#,
        ] {
            assert!(matches!(list_in_one_pass(text, 62), Ok(None)), "{text}");
        }
    }

    #[test]
    fn both_ways_read_every_item_alike() {
        let items = [
            GATEWAY,
            // The kind before the apiVersion, and after other keys.
            r#"{"kind": "Gateway", "apiVersion": "networking.istio.io/v1beta1", "spec": {}}"#,
            r#"{"metadata": {"name": "m"}, "kind": "Gateway", "apiVersion": "networking.istio.io/v1"}"#,
            r#"{"apiVersion": "networking.istio.io/v1", "metadata": {}, "kind": "Gateway"}"#,
            // Escaped type keys and values, repeated ones, and one of them alone.
            r#"{"apiVersion": "networking.istio.io\/v1", "kind": "Gate\u0077ay", "spec": {"x": 1}}"#,
            r#"{"api\u0056ersion": "networking.istio.io/v1", "kind": "Gateway"}"#,
            r#"{"apiVersion": "networking.istio.io/v1", "apiVersion": "v1", "kind": "Gateway"}"#,
            r#"{"kind": "Gateway"}"#,
            r#"{"apiVersion": "networking.istio.io/v1"}"#,
            "{}",
            // Kinds the crate does not type, and a nested List.
            r#"{"apiVersion": "apps/v1", "kind": "Deployment", "spec": {"replicas": 2}}"#,
            r#"{"apiVersion": "v1", "kind": "List", "items": [{"kind": "Pod"}]}"#,
            // Kubernetes kinds, one with a field it does not know.
            r#"{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "a"}, "x": {}}"#,
            r#"{"kind": "Secret", "apiVersion": "v1", "data": {"k": "dg=="}}"#,
        ];
        for item in items {
            let text = format!(r#"{{"kind": "List", "metadata": {{}}, "items": [{item}]}}"#);
            let one_pass = list_in_one_pass(&text, 62)
                .unwrap_or_else(|_| panic!("not read in one pass: {text}"));
            assert_eq!(
                in_full(one_pass),
                in_full(list_by_texts(&text, 62)),
                "{text}"
            );
        }
        let all = format!(r#"{{"kind": "List", "items": [{}]}}"#, items.join(", "));
        let one_pass = list_in_one_pass(&all, 62).expect("read in one pass");
        let texts = in_full(list_by_texts(&all, 62));
        assert_eq!(
            texts.as_ref().map(|(items, _)| items.len()),
            Some(items.len())
        );
        assert_eq!(in_full(one_pass), texts);
        assert_eq!(
            in_full(list(KUBECTL, 64)),
            in_full(list_by_texts(KUBECTL, 62))
        );
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
