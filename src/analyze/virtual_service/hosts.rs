//! Istio's host-name rules as the VirtualService analyzers apply them: short names made fully
//! qualified, `namespace/name` references, and [`HostSet`], which finds the names of a set
//! that overlap a name (Istio's `host.Name.Matches`, wildcards included) by lookups instead
//! of comparisons.

use crate::analyze::fast::Map;
use crate::validate::common::hosts_overlap;

/// The host as Istio's analyzers qualify it (`ConvertHostToFQDN`, shared by the
/// DestinationHost, DestinationRule and ConflictingMeshGatewayHosts analyzers): a name
/// without a dot that is not a wildcard is a Service in `namespace`
/// (`reviews` → `reviews.<namespace>.svc.<domain>`); anything else is kept.
pub(super) use crate::analyze::fqdn::fqdn;

/// The namespace and name a host stands for, as `virtualservice.DestinationRuleAnalyzer`
/// reads it for IST0101 (`GetResourceNameFromHost`): `<name>.<namespace>.svc.<domain>` names
/// a Service in that namespace; any other host is a name in `default_namespace`.
pub(super) fn resource_name<'h>(
    default_namespace: &'h str,
    host: &'h str,
    domain: &str,
) -> (&'h str, &'h str) {
    let split = host
        .strip_suffix(domain)
        .and_then(|rest| rest.strip_suffix(".svc."))
        .and_then(|prefix| {
            // The last dot with text on both sides; a byte loop, as names are short.
            let bytes = prefix.as_bytes();
            (1..bytes.len().saturating_sub(1))
                .rev()
                .find(|&i| bytes.get(i) == Some(&b'.'))
                .and_then(|i| Some((prefix.get(i + 1..)?, prefix.get(..i)?)))
        });
    split.unwrap_or((default_namespace, host))
}

/// A `namespace/name` reference or a short name in `default_namespace`, as Istio's
/// `resource.NewShortOrFullName` reads a VirtualService's `gateways` entries (for IST0101,
/// IST0132 and IST0149).
pub(super) fn short_or_full_name<'r>(
    default_namespace: &'r str,
    reference: &'r str,
) -> (&'r str, &'r str) {
    reference
        .split_once('/')
        .unwrap_or((default_namespace, reference))
}

/// A string quoted the way Go's `%q` writes it in Istio's messages.
pub(super) fn quote(text: &str) -> String {
    format!("{text:?}")
}

/// A list written the way Go's `%v` writes a slice in Istio's messages: `[a b c]`.
pub(super) fn go_list<T: std::fmt::Display>(items: impl IntoIterator<Item = T>) -> String {
    let words: Vec<String> = items.into_iter().map(|item| item.to_string()).collect();
    format!("[{}]", words.join(" "))
}

/// How many names a [`HostSet`] holds before it indexes them. Up to that many, a lookup
/// compares the name with each stored one, which costs less than filing every name under
/// each of its suffixes: a composed route's sets hold one to three names.
const INDEX_FROM: usize = 8;

/// Host names with a value each, indexed so that the names overlapping a given name
/// (`host.Name.Matches`, [`hosts_overlap`]) are found by hash lookups: exact names by name
/// and by each suffix that starts a label, wildcards by what follows their `*` and by each
/// label suffix of that. A set of no more than [`INDEX_FROM`] names is not indexed, and
/// compares instead.
///
/// Used by the GatewayAnalyzer (IST0132) and the ConflictingMeshGatewayHostsAnalyzer
/// (IST0109) so that neither compares every host with every other, and by the composer to
/// find the routes whose hosts may overlap.
#[derive(Debug)]
pub(crate) struct HostSet<'a, T> {
    names: Vec<&'a str>,
    values: Vec<T>,
    /// The names filed by name and suffix, once there are more than [`INDEX_FROM`]; boxed, as
    /// most sets never have them and a set is kept in lists and maps by value.
    indexes: Option<Box<Indexes<'a>>>,
}

/// [`HostSet`]'s indexes: positions of the names by exact name and by suffix, for names and
/// for wildcards' tails.
#[derive(Debug, Default)]
struct Indexes<'a> {
    exact: Map<&'a str, Vec<usize>>,
    exact_suffixes: Map<&'a str, Vec<usize>>,
    wildcard: Map<&'a str, Vec<usize>>,
    wildcard_suffixes: Map<&'a str, Vec<usize>>,
    /// Whether a wildcard whose `*` does not start a label (`*o.com`) is filed: only then
    /// can a wildcard cover a name at a suffix that does not start with a `.`.
    partial_wildcards: bool,
}

impl<T> Default for HostSet<'_, T> {
    /// An empty set (for IST0109 and IST0132); the indexes are made when it grows.
    fn default() -> Self {
        Self {
            names: Vec::new(),
            values: Vec::new(),
            indexes: None,
        }
    }
}

/// The suffixes of `name` that start with a `.` (the name itself too, if it does), and the
/// empty suffix: the keys [`HostSet`] files a name under, since [`suffix_key`] only ever
/// looks up such keys.
fn label_suffixes(name: &str) -> impl Iterator<Item = &str> {
    let whole = name.starts_with('.').then_some(name);
    let tails = name
        .char_indices()
        .filter(|&(i, c)| c == '.' && i > 0)
        .filter_map(move |(i, _)| name.get(i..));
    whole.into_iter().chain(tails).chain(std::iter::once(""))
}

/// Every suffix of `name`, longest first, ending with the empty one.
fn all_suffixes(name: &str) -> impl Iterator<Item = &str> {
    name.char_indices()
        .filter_map(move |(i, _)| name.get(i..))
        .chain(std::iter::once(""))
}

/// The key under which [`label_suffixes`] filed every name that ends with `tail`: `tail`
/// itself when it starts a label, else its part from the first `.` (or the empty suffix).
fn suffix_key(tail: &str) -> &str {
    if tail.is_empty() || tail.starts_with('.') {
        return tail;
    }
    tail.find('.').and_then(|i| tail.get(i..)).unwrap_or("")
}

/// Files `position` under `key` in one of [`HostSet`]'s indexes (for IST0109 and IST0132).
fn file<'a>(map: &mut Map<&'a str, Vec<usize>>, key: &'a str, position: usize) {
    map.entry(key).or_default().push(position);
}

impl<'a> Indexes<'a> {
    /// The suffixes of `name` under which a stored wildcard may be filed: every suffix while
    /// a partial wildcard is stored, else only those that start a label, and the empty one.
    fn wildcard_keys<'n>(&self, name: &'n str) -> impl Iterator<Item = &'n str> {
        let every = self.partial_wildcards;
        all_suffixes(name).filter(move |s| every || s.is_empty() || s.starts_with('.'))
    }

    /// Files the name at `position`.
    fn file(&mut self, position: usize, name: &'a str) {
        match name.strip_prefix('*') {
            Some(tail) => {
                self.partial_wildcards |= !tail.is_empty() && !tail.starts_with('.');
                file(&mut self.wildcard, tail, position);
                for suffix in label_suffixes(tail) {
                    file(&mut self.wildcard_suffixes, suffix, position);
                }
            }
            None => {
                file(&mut self.exact, name, position);
                for suffix in label_suffixes(name) {
                    file(&mut self.exact_suffixes, suffix, position);
                }
            }
        }
    }
}

impl<'a, T> HostSet<'a, T> {
    /// Adds a host name with its value.
    pub(crate) fn insert(&mut self, name: &'a str, value: T) {
        let position = self.names.len();
        self.names.push(name);
        self.values.push(value);
        if let Some(indexes) = &mut self.indexes {
            indexes.file(position, name);
        } else if position == INDEX_FROM {
            let mut indexes = Box::<Indexes>::default();
            for (earlier, &name) in self.names.iter().enumerate() {
                indexes.file(earlier, name);
            }
            self.indexes = Some(indexes);
        }
    }

    /// The stored name at `position`.
    fn name(&self, position: usize) -> &str {
        self.names.get(position).copied().unwrap_or("")
    }

    /// The positions of the stored names ending with `tail` (exact names, or wildcard tails),
    /// found through the suffix index.
    fn ending_with<'s>(
        &'s self,
        index: &'s Map<&'a str, Vec<usize>>,
        tail: &'s str,
        wildcards: bool,
    ) -> impl Iterator<Item = usize> + 's {
        index
            .get(suffix_key(tail))
            .into_iter()
            .flatten()
            .copied()
            .filter(move |&p| {
                let stored = self.name(p);
                let stored = if wildcards {
                    stored.get(1..).unwrap_or("")
                } else {
                    stored
                };
                stored.ends_with(tail)
            })
    }

    /// The positions of the stored names that overlap `name` (`host.Name.Matches`), in the order
    /// they were added, each once.
    pub(crate) fn matching(&self, name: &str) -> Vec<usize> {
        let Some(ix) = &self.indexes else {
            return (0..self.names.len())
                .filter(|&p| hosts_overlap(self.name(p), name))
                .collect();
        };
        let mut found: Vec<usize> = match name.strip_prefix('*') {
            None => {
                let exact = ix.exact.get(name).into_iter().flatten().copied();
                let covering = ix
                    .wildcard_keys(name)
                    .filter_map(|s| ix.wildcard.get(s))
                    .flatten()
                    .copied();
                exact.chain(covering).collect()
            }
            Some(tail) => {
                let covered = self.ending_with(&ix.exact_suffixes, tail, false);
                let wider = ix
                    .wildcard_keys(tail)
                    .filter_map(|s| ix.wildcard.get(s))
                    .flatten()
                    .copied();
                let narrower = self
                    .ending_with(&ix.wildcard_suffixes, tail, true)
                    .filter(|&p| self.name(p).len() > name.len());
                covered.chain(wider).chain(narrower).collect()
            }
        };
        found.sort_unstable();
        found.dedup();
        found
    }

    /// Whether some stored name overlaps `name`: [`matching`](Self::matching) without
    /// collecting the positions.
    pub(super) fn any_matching(&self, name: &str) -> bool {
        let Some(ix) = &self.indexes else {
            return self.names.iter().any(|stored| hosts_overlap(stored, name));
        };
        let covered = |name: &str| ix.wildcard_keys(name).any(|s| ix.wildcard.contains_key(s));
        match name.strip_prefix('*') {
            None => ix.exact.contains_key(name) || covered(name),
            Some(tail) => {
                self.ending_with(&ix.exact_suffixes, tail, false)
                    .next()
                    .is_some()
                    || covered(tail)
                    || self
                        .ending_with(&ix.wildcard_suffixes, tail, true)
                        .any(|p| self.name(p).len() > name.len())
            }
        }
    }

    /// The value stored at `position`.
    pub(crate) fn value(&self, position: usize) -> Option<&T> {
        self.values.get(position)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_set_agrees_with_pairwise_matching() {
        let names = [
            "a.b.com",
            "b.com",
            "*.b.com",
            "*.com",
            "*",
            "*foo.com",
            "xfoo.com",
            "c.org",
            "*.a.b.com",
            ".b.com",
            "*.",
        ];
        // With a partial wildcard (`*foo.com`) stored, and without: the set then looks
        // wildcards up by label suffixes only.
        let partial = |name: &&str| {
            name.strip_prefix('*')
                .is_some_and(|tail| !tail.is_empty() && !tail.starts_with('.'))
        };
        let without: Vec<&str> = names.iter().copied().filter(|n| !partial(n)).collect();
        assert!(without.len() < names.len());
        // Every prefix of both, so that sets too small to be indexed are checked too.
        let prefixes = (0..=names.len())
            .map(|n| &names[..n])
            .chain((0..=without.len()).map(|n| &without[..n]));
        for names in prefixes {
            let mut set = HostSet::default();
            for (i, name) in names.iter().enumerate() {
                set.insert(name, i);
            }
            let queries = names.iter().chain(
                [
                    "z.a.b.com",
                    "*.org",
                    "*o.com",
                    "com",
                    "*b.com",
                    "*.b.co",
                    "*",
                    "xfoo.com",
                ]
                .iter(),
            );
            for query in queries {
                let expected: Vec<usize> = (0..names.len())
                    .filter(|&i| hosts_overlap(query, names[i]))
                    .collect();
                assert_eq!(set.matching(query), expected, "query {query}");
                assert_eq!(
                    set.any_matching(query),
                    !expected.is_empty(),
                    "query {query}"
                );
            }
        }
    }

    #[test]
    fn names_of_hosts() {
        let domain = "cluster.local";
        assert_eq!(
            fqdn("reviews", "shop", domain),
            "reviews.shop.svc.cluster.local"
        );
        assert_eq!(fqdn("a.b", "shop", domain), "a.b");
        assert_eq!(
            resource_name("x", "reviews.shop.svc.cluster.local", domain),
            ("shop", "reviews")
        );
        assert_eq!(
            resource_name("x", "a.b.shop.svc.cluster.local", domain),
            ("shop", "a.b")
        );
        assert_eq!(
            resource_name("x", "edition.cnn.com", domain),
            ("x", "edition.cnn.com")
        );
        // The split at the last dot with text on both sides, against its plain definition.
        let by_definition = |host: &'static str| {
            let prefix = host.strip_suffix(".svc.cluster.local")?;
            let i = prefix
                .rmatch_indices('.')
                .map(|(i, _)| i)
                .find(|&i| i > 0 && i + 1 < prefix.len())?;
            Some((&prefix[i + 1..], &prefix[..i]))
        };
        for prefix in [
            "", ".", "..", "a", "a.", ".a", "a.b", "a..b", "a.b.", ".a.b", "a.b.c", "ab.cd.",
        ] {
            let host: &'static str = format!("{prefix}.svc.cluster.local").leak();
            let expected = by_definition(host).unwrap_or(("x", host));
            assert_eq!(resource_name("x", host, domain), expected, "{host}");
        }
        assert_eq!(short_or_full_name("ns", "gw"), ("ns", "gw"));
        assert_eq!(short_or_full_name("ns", "other/gw"), ("other", "gw"));
        assert_eq!(go_list([80, 443]), "[80 443]");
    }
}
