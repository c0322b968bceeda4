//! Hash maps and sets for the analyzers' indexes.
//!
//! Analysis is hashing more than anything else: every object is filed under its names, hosts
//! and labels once, then looked up. SipHash, std's default, is built to resist collision
//! attacks at a cost the analyzers pay on every key; foldhash is several times faster and
//! still seeds every map at random, which keeps crafted manifests from forcing collisions in
//! practice.

/// A `HashMap` with foldhash's randomly seeded hasher.
pub(crate) type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

/// A `HashSet` with foldhash's randomly seeded hasher.
pub(crate) type HashSet<T> = std::collections::HashSet<T, foldhash::fast::RandomState>;

/// Applies `update` to the value under `key`, starting from the default when the key is new.
/// Unlike `entry(key.to_owned())`, the key is copied only when it is new, which is rare for
/// the analyzers' maps of shared names and suffixes.
pub(crate) fn update<V: Default>(
    map: &mut HashMap<String, V>,
    key: &str,
    update: impl FnOnce(&mut V),
) {
    match map.get_mut(key) {
        Some(value) => update(value),
        None => {
            let mut value = V::default();
            update(&mut value);
            map.insert(key.to_owned(), value);
        }
    }
}
