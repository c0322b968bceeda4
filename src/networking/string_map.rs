//! [`StringMap`]: Istio's `map<string, …>` fields (labels, selectors, header matches and
//! changes, endpoint ports, locality weights), held as a sorted list of entries.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::iter::FusedIterator;
use std::marker::PhantomData;

use compact_str::CompactString;
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};

/// A map from text keys to values, kept sorted by key, each key once: what Istio's
/// `map<string, V>` fields hold (`labels`, `selector`, `headers`, `set`, …).
///
/// It reads, writes and compares like a `BTreeMap<CompactString, V>` — entries in key order,
/// a later duplicate key in the input replacing an earlier one — but holds its entries in one
/// list of exactly their size. These maps hold one to three entries nearly always, and a
/// `BTreeMap` gives even one entry a node with room for eleven (544 bytes for text to text);
/// here one entry takes 48. Lookups are a binary search, so a map of many entries stays
/// quick to read; inserting into a large map shifts the entries after the new one.
///
/// ```
/// use istio_egress::networking::StringMap;
///
/// let mut labels: StringMap = [("version", "v2".into()), ("app", "reviews".into())].into();
/// assert_eq!(labels.get("app").map(|v| v.as_str()), Some("reviews"));
/// labels.insert("version", "v3".into());
/// let keys: Vec<&str> = labels.keys().map(|k| k.as_str()).collect();
/// assert_eq!(keys, ["app", "version"]);
/// assert_eq!(serde_json::to_string(&labels)?, r#"{"app":"reviews","version":"v3"}"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StringMap<V = CompactString> {
    /// Sorted by key; no key twice.
    entries: Vec<(CompactString, V)>,
}

impl<V> Default for StringMap<V> {
    fn default() -> Self {
        Self::new()
    }
}

impl<V: fmt::Debug> fmt::Debug for StringMap<V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl<V> StringMap<V> {
    /// An empty map; allocates nothing.
    pub const fn new() -> Self {
        Self {
            entries: Vec::new(),
        }
    }

    /// How many entries it holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether it holds no entry.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Where `key` is, or where it would go.
    fn find(&self, key: &str) -> Result<usize, usize> {
        self.entries.binary_search_by(|(k, _)| k.as_str().cmp(key))
    }

    /// The value under `key`.
    pub fn get(&self, key: &str) -> Option<&V> {
        let at = self.find(key).ok()?;
        self.entries.get(at).map(|(_, v)| v)
    }

    /// The value under `key`, to change it.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut V> {
        let at = self.find(key).ok()?;
        self.entries.get_mut(at).map(|(_, v)| v)
    }

    /// The key as stored and the value under `key`.
    pub fn get_key_value(&self, key: &str) -> Option<(&CompactString, &V)> {
        let at = self.find(key).ok()?;
        self.entries.get(at).map(|(k, v)| (k, v))
    }

    /// Whether some value is under `key`.
    pub fn contains_key(&self, key: &str) -> bool {
        self.find(key).is_ok()
    }

    /// Puts `value` under `key`; gives back the value it replaces, if any.
    pub fn insert(&mut self, key: impl Into<CompactString>, value: V) -> Option<V> {
        let key = key.into();
        match self.find(&key) {
            Ok(at) => self
                .entries
                .get_mut(at)
                .map(|(_, old)| std::mem::replace(old, value)),
            Err(at) => {
                self.entries.insert(at, (key, value));
                None
            }
        }
    }

    /// Takes the value under `key` out of the map.
    pub fn remove(&mut self, key: &str) -> Option<V> {
        let at = self.find(key).ok()?;
        Some(self.entries.remove(at).1)
    }

    /// Keeps only the entries for which `keep` says so.
    pub fn retain(&mut self, mut keep: impl FnMut(&CompactString, &mut V) -> bool) {
        self.entries.retain_mut(|(k, v)| keep(k, v));
    }

    /// Removes every entry.
    pub fn clear(&mut self) {
        self.entries.clear();
    }

    /// The entries in key order.
    pub fn iter(&self) -> Iter<'_, V> {
        Iter(self.entries.iter())
    }

    /// The entries in key order, with their values to change.
    pub fn iter_mut(&mut self) -> IterMut<'_, V> {
        IterMut(self.entries.iter_mut())
    }

    /// The keys in order.
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &CompactString> + ExactSizeIterator {
        self.entries.iter().map(|(k, _)| k)
    }

    /// The values, in the order of their keys.
    pub fn values(&self) -> impl DoubleEndedIterator<Item = &V> + ExactSizeIterator {
        self.entries.iter().map(|(_, v)| v)
    }

    /// The entries as a slice, sorted by key.
    pub fn as_slice(&self) -> &[(CompactString, V)] {
        &self.entries
    }

    /// A map of `entries` in any order; where a key comes twice, the later value stays.
    fn from_entries(mut entries: Vec<(CompactString, V)>) -> Self {
        if !entries.is_sorted_by(|a, b| a.0 < b.0) {
            // Stable, so equal keys keep their input order and the last one can win.
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            entries.dedup_by(|later, kept| {
                let same = later.0 == kept.0;
                if same {
                    std::mem::swap(later, kept);
                }
                same
            });
        }
        Self { entries }
    }
}

/// The entries of a [`StringMap`], in key order.
#[derive(Clone, Debug)]
pub struct Iter<'a, V>(std::slice::Iter<'a, (CompactString, V)>);

impl<'a, V> Iterator for Iter<'a, V> {
    type Item = (&'a CompactString, &'a V);

    fn next(&mut self) -> Option<Self::Item> {
        self.0.next().map(|(k, v)| (k, v))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl<V> DoubleEndedIterator for Iter<'_, V> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.0.next_back().map(|(k, v)| (k, v))
    }
}

impl<V> ExactSizeIterator for Iter<'_, V> {}
impl<V> FusedIterator for Iter<'_, V> {}

/// The entries of a [`StringMap`] in key order, with their values to change.
#[derive(Debug)]
pub struct IterMut<'a, V>(std::slice::IterMut<'a, (CompactString, V)>);

impl<'a, V> Iterator for IterMut<'a, V> {
    type Item = (&'a CompactString, &'a mut V);

    fn next(&mut self) -> Option<Self::Item> {
        self.0.next().map(|(k, v)| (&*k, v))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl<V> DoubleEndedIterator for IterMut<'_, V> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.0.next_back().map(|(k, v)| (&*k, v))
    }
}

impl<V> ExactSizeIterator for IterMut<'_, V> {}
impl<V> FusedIterator for IterMut<'_, V> {}

/// The entries of a [`StringMap`], taken out in key order.
#[derive(Debug)]
pub struct IntoIter<V>(std::vec::IntoIter<(CompactString, V)>);

impl<V> Iterator for IntoIter<V> {
    type Item = (CompactString, V);

    fn next(&mut self) -> Option<Self::Item> {
        self.0.next()
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl<V> DoubleEndedIterator for IntoIter<V> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.0.next_back()
    }
}

impl<V> ExactSizeIterator for IntoIter<V> {}
impl<V> FusedIterator for IntoIter<V> {}

impl<V> IntoIterator for StringMap<V> {
    type Item = (CompactString, V);
    type IntoIter = IntoIter<V>;

    fn into_iter(self) -> IntoIter<V> {
        IntoIter(self.entries.into_iter())
    }
}

impl<'a, V> IntoIterator for &'a StringMap<V> {
    type Item = (&'a CompactString, &'a V);
    type IntoIter = Iter<'a, V>;

    fn into_iter(self) -> Iter<'a, V> {
        self.iter()
    }
}

impl<'a, V> IntoIterator for &'a mut StringMap<V> {
    type Item = (&'a CompactString, &'a mut V);
    type IntoIter = IterMut<'a, V>;

    fn into_iter(self) -> IterMut<'a, V> {
        self.iter_mut()
    }
}

impl<K: Into<CompactString>, V> FromIterator<(K, V)> for StringMap<V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(entries: I) -> Self {
        Self::from_entries(entries.into_iter().map(|(k, v)| (k.into(), v)).collect())
    }
}

impl<K: Into<CompactString>, V> Extend<(K, V)> for StringMap<V> {
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, entries: I) {
        let mut all = std::mem::take(&mut self.entries);
        all.extend(entries.into_iter().map(|(k, v)| (k.into(), v)));
        *self = Self::from_entries(all);
    }
}

impl<K: Into<CompactString>, V, const N: usize> From<[(K, V); N]> for StringMap<V> {
    fn from(entries: [(K, V); N]) -> Self {
        entries.into_iter().collect()
    }
}

impl<K: Into<CompactString>, V> From<BTreeMap<K, V>> for StringMap<V> {
    fn from(map: BTreeMap<K, V>) -> Self {
        map.into_iter().collect()
    }
}

impl<V> From<StringMap<V>> for BTreeMap<CompactString, V> {
    fn from(map: StringMap<V>) -> Self {
        map.entries.into_iter().collect()
    }
}

impl<V: Serialize> Serialize for StringMap<V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.len()))?;
        for (key, value) in self {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for StringMap<V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(EntriesVisitor(PhantomData))
    }
}

/// The visitor of [`StringMap`]'s `Deserialize`.
struct EntriesVisitor<V>(PhantomData<V>);

impl<'de, V: Deserialize<'de>> Visitor<'de> for EntriesVisitor<V> {
    type Value = StringMap<V>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a map")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<StringMap<V>, A::Error> {
        let entries = super::exact::collect(map.size_hint(), || map.next_entry())?;
        Ok(StringMap::from_entries(entries))
    }
}

/// The same schema as a `BTreeMap<String, V>`: an object whose properties are all `V`.
impl<V: JsonSchema> JsonSchema for StringMap<V> {
    fn inline_schema() -> bool {
        <BTreeMap<String, V>>::inline_schema()
    }

    fn schema_name() -> Cow<'static, str> {
        <BTreeMap<String, V>>::schema_name()
    }

    fn schema_id() -> Cow<'static, str> {
        <BTreeMap<String, V>>::schema_id()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        <BTreeMap<String, V>>::json_schema(generator)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys<V>(map: &StringMap<V>) -> Vec<&str> {
        map.keys().map(CompactString::as_str).collect()
    }

    #[test]
    fn entries_are_kept_sorted_with_each_key_once() {
        let mut map: StringMap<u32> = [("b", 2), ("a", 1), ("c", 3)].into();
        assert_eq!(keys(&map), ["a", "b", "c"]);
        assert_eq!(map.insert("b", 20), Some(2));
        assert_eq!(map.insert("aa", 11), None);
        assert_eq!(keys(&map), ["a", "aa", "b", "c"]);
        assert_eq!(map.get("b"), Some(&20));
        assert_eq!(map.remove("a"), Some(1));
        assert_eq!(map.remove("a"), None);
        assert!(!map.contains_key("a") && map.contains_key("aa"));
        map.retain(|k, _| k != "c");
        map.extend([("0", 0)]);
        assert_eq!(keys(&map), ["0", "aa", "b"]);
        if let Some(v) = map.get_mut("0") {
            *v = 7;
        }
        let values: Vec<u32> = map.values().copied().collect();
        assert_eq!(values, [7, 11, 20]);
    }

    #[test]
    fn a_later_duplicate_replaces_an_earlier_one_as_in_a_btree_map() {
        let entries = [("b", 1), ("a", 2), ("b", 3), ("a", 4), ("c", 5), ("b", 6)];
        let ours: StringMap<u32> = entries.into();
        let btree: BTreeMap<&str, u32> = entries.into_iter().collect();
        let ours: Vec<(&str, u32)> = ours.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        let btree: Vec<(&str, u32)> = btree.into_iter().collect();
        assert_eq!(ours, btree);

        let read: StringMap<u32> =
            serde_json::from_str(r#"{"x": 1, "y": 2, "x": 3}"#).expect("a map of numbers");
        assert_eq!(read.get("x"), Some(&3));
        assert_eq!(read.len(), 2);
    }

    #[test]
    fn reads_and_writes_as_a_btree_map_does() {
        let text = r#"{"zone":"b","app":"web","tier":"front","a":"1","b":"2","c":"3"}"#;
        let ours: StringMap = serde_json::from_str(text).expect("a map of text");
        let btree: BTreeMap<String, String> = serde_json::from_str(text).expect("a map of text");
        assert_eq!(
            serde_json::to_string(&ours).ok(),
            serde_json::to_string(&btree).ok()
        );
        // Read from a value tree, which gives the length.
        let value: serde_json::Value = serde_json::from_str(text).expect("JSON");
        let from_value = StringMap::<CompactString>::deserialize(&value).expect("a map of text");
        assert_eq!(from_value, ours);
        assert_eq!(from_value.as_slice().len(), 6);
        assert_eq!(format!("{ours:?}").find("\"a\": \"1\""), Some(1));
        let error = serde_json::from_str::<StringMap<u32>>(r#"{"a": "x"}"#)
            .expect_err("text is not a number");
        assert!(error.to_string().contains("invalid type"), "{error}");
    }

    #[test]
    fn one_entry_read_from_json_takes_one_entry_of_room() {
        let one: StringMap = serde_json::from_str(r#"{"app":"web"}"#).expect("a map");
        assert_eq!(one.entries.capacity(), 1);
        let two: StringMap = serde_json::from_str(r#"{"b":"2","a":"1"}"#).expect("a map");
        assert_eq!(two.entries.capacity(), 2);
        assert_eq!(keys(&two), ["a", "b"]);
    }

    #[test]
    fn the_schema_is_a_btree_maps() {
        let ours = schemars::schema_for!(StringMap<u32>);
        let btree = schemars::schema_for!(BTreeMap<String, u32>);
        assert_eq!(ours, btree);
    }

    #[test]
    fn converts_to_and_from_a_btree_map() {
        let btree = BTreeMap::from([("b".to_string(), 2), ("a".to_string(), 1)]);
        let ours = StringMap::from(btree);
        assert_eq!(keys(&ours), ["a", "b"]);
        let back: BTreeMap<CompactString, i32> = ours.clone().into();
        assert_eq!(back.len(), 2);
        let owned: Vec<(CompactString, i32)> = ours.into_iter().rev().collect();
        assert_eq!(owned.first().map(|(k, _)| k.as_str()), Some("b"));
    }
}
