//! [`Map`] and [`Set`]: the lookup tables of the analyzers and the composer.
//!
//! Analysis is lookups more than anything else: every object is filed under its names, hosts
//! and labels once, then looked up. Most tables are tiny — the hosts of one Gateway, the
//! subsets of one rule, everything in a single composed route — and a hash table costs more
//! to set up, fill and free than comparing a handful of keys does; a few tables hold an entry
//! per object of a large mesh and need hashing to stay linear. So a table keeps its first
//! [`SMALL`] entries in a plain list and compares keys, and moves them into a hash table when
//! it grows past that. A table of one entry, the most common size of all, holds it inline
//! and allocates nothing. The hash is foldhash, several times faster than std's SipHash and
//! still seeded at random for every table, which keeps crafted manifests from forcing
//! collisions in practice.
//!
//! Iteration order is unspecified, as it is for a hash table: callers that report in an order
//! sort first.

use std::borrow::Borrow;
use std::fmt;
use std::hash::Hash;

/// The hash table a [`Map`] grows into.
type Hashed<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

/// How many entries a [`Map`] holds in its list before it hashes them.
pub(crate) const SMALL: usize = 16;

/// A map that compares keys while it is small and hashes them once it is not.
#[derive(Clone)]
pub(crate) struct Map<K, V> {
    repr: Repr<K, V>,
}

#[derive(Clone)]
enum Repr<K, V> {
    /// No entry or one, held inline.
    One(Option<(K, V)>),
    /// Up to [`SMALL`] entries, each key once.
    Small(Vec<(K, V)>),
    /// More than [`SMALL`] entries (or a table sized for more from the start).
    Hashed(Hashed<K, V>),
}

impl<K, V> Default for Map<K, V> {
    fn default() -> Self {
        Self {
            repr: Repr::One(None),
        }
    }
}

impl<K: fmt::Debug, V: fmt::Debug> fmt::Debug for Map<K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl<K, V> Map<K, V> {
    /// How many entries it holds.
    pub(crate) fn len(&self) -> usize {
        match &self.repr {
            Repr::One(held) => usize::from(held.is_some()),
            Repr::Small(entries) => entries.len(),
            Repr::Hashed(map) => map.len(),
        }
    }

    /// Whether it holds no entry.
    pub(crate) fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The entries, in no particular order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&K, &V)> {
        let hashed = match &self.repr {
            Repr::Hashed(map) => Some(map.iter()),
            Repr::One(_) | Repr::Small(_) => None,
        };
        self.listed()
            .iter()
            .map(|(k, v)| (k, v))
            .chain(hashed.into_iter().flatten())
    }

    /// The entries of a map held inline or in a list; none for a hashed one.
    fn listed(&self) -> &[(K, V)] {
        match &self.repr {
            Repr::One(held) => held.as_slice(),
            Repr::Small(entries) => entries,
            Repr::Hashed(_) => &[],
        }
    }

    /// [`Map::listed`], to change values in place.
    fn listed_mut(&mut self) -> &mut [(K, V)] {
        match &mut self.repr {
            Repr::One(held) => held.as_mut_slice(),
            Repr::Small(entries) => entries,
            Repr::Hashed(_) => &mut [],
        }
    }
}

impl<K: Eq + Hash, V> Map<K, V> {
    /// An empty map with room for `capacity` entries: inline for one, hashed from the start if
    /// that is more than a list holds.
    pub(crate) fn with_capacity(capacity: usize) -> Self {
        let repr = if capacity > SMALL {
            Repr::Hashed(Hashed::with_capacity_and_hasher(
                capacity,
                Default::default(),
            ))
        } else if capacity > 1 {
            Repr::Small(Vec::with_capacity(capacity))
        } else {
            Repr::One(None)
        };
        Self { repr }
    }

    /// The value under `key`.
    pub(crate) fn get<Q>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Eq + Hash + ?Sized,
    {
        match &self.repr {
            Repr::Hashed(map) => map.get(key),
            Repr::One(_) | Repr::Small(_) => self
                .listed()
                .iter()
                .find(|(k, _)| k.borrow() == key)
                .map(|(_, v)| v),
        }
    }

    /// Whether some value is filed under `key`.
    pub(crate) fn contains_key<Q>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
        Q: Eq + Hash + ?Sized,
    {
        self.get(key).is_some()
    }

    /// Files `value` under `key`; returns the value it replaces, as `HashMap::insert` does.
    pub(crate) fn insert(&mut self, key: K, value: V) -> Option<V> {
        if let Repr::Hashed(map) = &mut self.repr {
            return map.insert(key, value);
        }
        match self.listed_mut().iter_mut().find(|(k, _)| *k == key) {
            Some((_, old)) => Some(std::mem::replace(old, value)),
            None => {
                self.place(key, None, |_| value);
                None
            }
        }
    }

    /// The place of `key`, filled or not.
    pub(crate) fn entry(&mut self, key: K) -> Entry<'_, K, V> {
        Entry { map: self, key }
    }

    /// The value under `key`, made by `make` from the key first if there is none.
    fn get_or_insert_with(&mut self, key: K, make: impl FnOnce(&K) -> V) -> &mut V {
        let found = self.listed().iter().position(|(k, _)| *k == key);
        self.place(key, found, make)
    }

    /// The value under `key`, where `found` is the key's position in the list if the map is
    /// listed (inline or not) and holds it: that value, or one made by `make` from the key and
    /// filed (moving an inline entry to a list, or hashing a full list, first).
    fn place(&mut self, key: K, found: Option<usize>, make: impl FnOnce(&K) -> V) -> &mut V {
        if found.is_none() {
            match &mut self.repr {
                Repr::One(held) if held.is_some() => {
                    // Tables are mostly filled once used: spare the first doublings.
                    let mut entries = Vec::with_capacity(SMALL / 2);
                    entries.extend(held.take());
                    self.repr = Repr::Small(entries);
                }
                Repr::Small(entries) if entries.len() >= SMALL => {
                    let mut map = Hashed::with_capacity_and_hasher(2 * SMALL, Default::default());
                    map.extend(entries.drain(..));
                    self.repr = Repr::Hashed(map);
                }
                Repr::One(_) | Repr::Small(_) | Repr::Hashed(_) => {}
            }
        }
        match (&mut self.repr, found) {
            // Empty, or holding `key` (then `make` is not called).
            (Repr::One(held), _) => {
                &mut held
                    .get_or_insert_with(|| {
                        let value = make(&key);
                        (key, value)
                    })
                    .1
            }
            (Repr::Small(entries), Some(position)) => small_value(entries, position),
            // A list always has room made for two or more (see `with_capacity` and above).
            (Repr::Small(entries), None) => {
                let value = make(&key);
                entries.push((key, value));
                let last = entries.len() - 1;
                small_value(entries, last)
            }
            (Repr::Hashed(map), _) => map.entry(key).or_insert_with_key(make),
        }
    }
}

/// The value at `position` of a listed map, where `position` was just found or filled.
// `position` comes from a search of this list that nothing has changed since, or is its last
// index right after a push, so it is always in range; without indexing, the borrow checker
// cannot see that a found value's borrow ends where a new entry is pushed.
#[allow(clippy::indexing_slicing)]
fn small_value<K, V>(entries: &mut [(K, V)], position: usize) -> &mut V {
    &mut entries[position].1
}

impl<K: Eq + Hash, V> Extend<(K, V)> for Map<K, V> {
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, entries: I) {
        for (key, value) in entries {
            self.insert(key, value);
        }
    }
}

impl<K: Eq + Hash, V> FromIterator<(K, V)> for Map<K, V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(entries: I) -> Self {
        let mut map = Self::default();
        map.extend(entries);
        map
    }
}

/// The place of one key in a [`Map`], from [`Map::entry`].
pub(crate) struct Entry<'m, K, V> {
    map: &'m mut Map<K, V>,
    key: K,
}

impl<'m, K: Eq + Hash, V> Entry<'m, K, V> {
    /// The value, made by `make` if there was none.
    pub(crate) fn or_insert_with(self, make: impl FnOnce() -> V) -> &'m mut V {
        self.map.get_or_insert_with(self.key, |_| make())
    }

    /// The value, made by `make` from the key if there was none.
    pub(crate) fn or_insert_with_key(self, make: impl FnOnce(&K) -> V) -> &'m mut V {
        self.map.get_or_insert_with(self.key, make)
    }

    /// The value, `value` if there was none.
    pub(crate) fn or_insert(self, value: V) -> &'m mut V {
        self.or_insert_with(|| value)
    }

    /// The value, the default one if there was none.
    pub(crate) fn or_default(self) -> &'m mut V
    where
        V: Default,
    {
        self.or_insert_with(V::default)
    }
}

/// A set with [`Map`]'s two forms: a list while small, a hash table beyond.
#[derive(Clone)]
pub(crate) struct Set<T> {
    map: Map<T, ()>,
}

impl<T> Default for Set<T> {
    fn default() -> Self {
        Self {
            map: Map::default(),
        }
    }
}

impl<T: fmt::Debug> fmt::Debug for Set<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

impl<T> Set<T> {
    /// The members, in no particular order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &T> {
        self.map.iter().map(|(member, ())| member)
    }
}

impl<T: Eq + Hash> Set<T> {
    /// Whether `value` is a member.
    pub(crate) fn contains<Q>(&self, value: &Q) -> bool
    where
        T: Borrow<Q>,
        Q: Eq + Hash + ?Sized,
    {
        self.map.contains_key(value)
    }

    /// Adds `value`; returns whether it was new, as `HashSet::insert` does.
    pub(crate) fn insert(&mut self, value: T) -> bool {
        self.map.insert(value, ()).is_none()
    }
}

impl<T: Eq + Hash> Extend<T> for Set<T> {
    fn extend<I: IntoIterator<Item = T>>(&mut self, members: I) {
        for member in members {
            self.insert(member);
        }
    }
}

impl<T: Eq + Hash> FromIterator<T> for Set<T> {
    fn from_iter<I: IntoIterator<Item = T>>(members: I) -> Self {
        let mut set = Self::default();
        set.extend(members);
        set
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::{BTreeMap, BTreeSet};

    /// One step of a sequence run against a `Map` and a `BTreeMap` side by side.
    #[derive(Clone, Debug)]
    enum Step {
        Insert(u8, u16),
        Entry(u8, u16),
        Bump(u8),
    }

    fn step() -> impl Strategy<Value = Step> {
        // Keys from a range a little wider than the list holds, often and rarely repeated.
        let key = 0u8..(3 * SMALL as u8);
        prop_oneof![
            (key.clone(), any::<u16>()).prop_map(|(k, v)| Step::Insert(k, v)),
            (key.clone(), any::<u16>()).prop_map(|(k, v)| Step::Entry(k, v)),
            key.prop_map(Step::Bump),
        ]
    }

    fn sorted<K: Ord + Copy, V: Copy>(map: &Map<K, V>) -> Vec<(K, V)> {
        let mut entries: Vec<(K, V)> = map.iter().map(|(k, v)| (*k, *v)).collect();
        entries.sort_by_key(|(k, _)| *k);
        entries
    }

    proptest! {
        #[test]
        fn a_map_behaves_as_an_ordered_map_does(
            steps in proptest::collection::vec(step(), 0..60),
            capacity in 0usize..20,
        ) {
            let mut map = Map::with_capacity(capacity);
            let mut model = BTreeMap::new();
            for step in steps {
                match step {
                    Step::Insert(k, v) => prop_assert_eq!(map.insert(k, v), model.insert(k, v)),
                    Step::Entry(k, v) => {
                        let got = *map.entry(k).or_insert(v);
                        prop_assert_eq!(got, *model.entry(k).or_insert(v));
                    }
                    Step::Bump(k) => {
                        // Wrapping: an inserted value may already be `u16::MAX`.
                        let ours = map.entry(k).or_default();
                        *ours = ours.wrapping_add(1);
                        let theirs = model.entry(k).or_default();
                        *theirs = theirs.wrapping_add(1);
                    }
                }
                prop_assert_eq!(map.len(), model.len());
                prop_assert_eq!(sorted(&map), model.iter().map(|(k, v)| (*k, *v)).collect::<Vec<_>>());
                for k in 0..(3 * SMALL as u8) {
                    prop_assert_eq!(map.get(&k), model.get(&k));
                    prop_assert_eq!(map.contains_key(&k), model.contains_key(&k));
                }
            }
        }

        #[test]
        fn a_set_behaves_as_an_ordered_set_does(members in proptest::collection::vec(0u8..40, 0..60)) {
            let mut set = Set::default();
            let mut model = BTreeSet::new();
            for member in members {
                prop_assert_eq!(set.insert(member), model.insert(member));
                prop_assert_eq!(set.iter().count(), model.len());
                prop_assert!(set.contains(&member));
            }
            let mut listed: Vec<u8> = set.iter().copied().collect();
            listed.sort_unstable();
            prop_assert_eq!(listed, model.into_iter().collect::<Vec<_>>());
        }
    }

    #[test]
    fn one_entry_is_held_inline_and_a_second_moves_both_to_a_list() {
        for mut map in [Map::default(), Map::with_capacity(1)] {
            assert!(matches!(map.repr, Repr::One(None)));
            assert_eq!(map.insert("a", 1), None);
            assert_eq!(map.insert("a", 2), Some(1));
            *map.entry("a").or_insert(7) += 1;
            assert!(matches!(map.repr, Repr::One(Some(("a", 3)))));
            assert_eq!(*map.entry("b").or_insert(4), 4);
            assert!(matches!(&map.repr, Repr::Small(list) if list.len() == 2));
            assert_eq!(
                (map.get("a"), map.get("b"), map.len()),
                (Some(&3), Some(&4), 2)
            );
        }
    }

    #[test]
    fn borrowed_keys_find_owned_ones_in_every_form() {
        for count in [1, 2, SMALL + 1] {
            let map: Map<String, usize> = (0..count).map(|i| (format!("host-{i}"), i)).collect();
            assert_eq!(map.get("host-0"), Some(&0));
            assert!(map.contains_key(format!("host-{}", count - 1).as_str()));
            assert_eq!(map.get("host-x"), None);
        }
    }
}
