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
