//! [`LabelIndex`]: which objects carry which labels, so that a selector finds its matches
//! without looking at every object.

use crate::analyze::fast::Map;
use crate::networking::StringMap;
use std::collections::BTreeMap;

/// A set of labels, `key=value` text pairs: Kubernetes' (`BTreeMap<String, String>`, on pods)
/// or Istio's ([`StringMap`], on selectors that are themselves matched against, such as
/// Gateways').
pub(crate) trait Labels {
    /// The value of the label `key`.
    fn label(&self, key: &str) -> Option<&str>;
    /// Every label, as key and value.
    fn pairs(&self) -> impl Iterator<Item = (&str, &str)>;
}

impl Labels for BTreeMap<String, String> {
    fn label(&self, key: &str) -> Option<&str> {
        self.get(key).map(String::as_str)
    }

    fn pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

impl Labels for StringMap {
    fn label(&self, key: &str) -> Option<&str> {
        self.get(key).map(|v| v.as_str())
    }

    fn pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

/// Objects (by position in some list) indexed by each `key=value` label they carry.
///
/// The objects carrying one label are chained through a single list of links, in the order
/// they were added, rather than each label owning a list of its own: a mesh has about as many
/// distinct labels as workloads, and a list apiece was an allocation apiece.
#[derive(Debug)]
pub(crate) struct LabelIndex<'a, L = BTreeMap<String, String>> {
    /// Every label seen, with the chain of objects that carry it.
    by_label: Map<(&'a str, &'a str), Chain>,
    /// Each link is an object's position and the next link of the same label
    /// ([`Link::END`] for the last one).
    links: Vec<Link>,
    labels: Vec<Option<&'a L>>,
}

/// Where a label's chain of links starts and ends.
#[derive(Clone, Copy, Debug)]
struct Chain {
    first: usize,
    last: usize,
    len: usize,
}

/// One object carrying one label, and the next link of that label.
#[derive(Clone, Copy, Debug)]
struct Link {
    position: usize,
    next: usize,
}

impl Link {
    /// The `next` of a chain's last link.
    const END: usize = usize::MAX;
}

impl<L> Default for LabelIndex<'_, L> {
    fn default() -> Self {
        LabelIndex {
            by_label: Map::default(),
            links: Vec::new(),
            labels: Vec::new(),
        }
    }
}

impl<'a, L: Labels> LabelIndex<'a, L> {
    /// An empty index with room for `objects` objects carrying `labels` labels in all.
    pub(crate) fn with_capacity(objects: usize, labels: usize) -> Self {
        LabelIndex {
            by_label: Map::with_capacity(labels),
            links: Vec::with_capacity(labels),
            labels: Vec::with_capacity(objects),
        }
    }

    /// Adds the next object's labels; objects are numbered in the order they are added.
    pub(crate) fn push(&mut self, labels: Option<&'a L>) {
        let position = self.labels.len();
        for pair in labels.into_iter().flat_map(Labels::pairs) {
            let link = self.links.len();
            self.links.push(Link {
                position,
                next: Link::END,
            });
            let chain = self.by_label.entry(pair).or_insert(Chain {
                first: link,
                last: link,
                len: 0,
            });
            if chain.len > 0
                && let Some(previous) = self.links.get_mut(chain.last)
            {
                previous.next = link;
            }
            chain.last = link;
            chain.len += 1;
        }
        self.labels.push(labels);
    }

    /// The positions of the objects that carry the label of `chain`, in the order they were
    /// added.
    fn carriers(&self, chain: Chain) -> impl Iterator<Item = usize> + '_ {
        let mut link = chain.first;
        std::iter::from_fn(move || {
            let Link { position, next } = *self.links.get(link)?;
            link = next;
            Some(position)
        })
    }

    /// The objects whose labels include every entry of `selector`; all of them for an empty
    /// selector. Starts from the rarest label of the selector, so the cost follows the size of
    /// the answer rather than the number of objects.
    pub(crate) fn select<'s, S: Labels>(
        &'s self,
        selector: &'s S,
    ) -> impl Iterator<Item = usize> + 's {
        let rarest = selector
            .pairs()
            .map(|pair| self.by_label.get(&pair).copied())
            .min_by_key(|chain| chain.map_or(0, |c| c.len));
        // No pair at all selects every object; a pair that no object carries, none.
        let (every, chain) = match rarest {
            None => (0..self.labels.len(), None),
            Some(chain) => (0..0, chain),
        };
        let candidates = chain.into_iter().flat_map(|chain| self.carriers(chain));
        every.chain(candidates.filter(move |&position| {
            // A candidate carries the rarest label, so it has labels.
            let Some(Some(labels)) = self.labels.get(position) else {
                return false;
            };
            selector.pairs().all(|(k, v)| labels.label(k) == Some(v))
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn selects_by_every_label() {
        let a = labels(&[("app", "web"), ("version", "v1")]);
        let b = labels(&[("app", "web"), ("version", "v2")]);
        let mut index = LabelIndex::default();
        index.push(Some(&a));
        index.push(Some(&b));
        index.push(None);
        let found: Vec<_> = index.select(&labels(&[("app", "web")])).collect();
        assert_eq!(found, [0, 1]);
        let found: Vec<_> = index.select(&labels(&[("version", "v2")])).collect();
        assert_eq!(found, [1]);
        assert_eq!(index.select(&labels(&[("app", "db")])).count(), 0);
        assert_eq!(index.select(&BTreeMap::<String, String>::new()).count(), 3);
    }

    proptest::proptest! {
        /// Selecting through the index finds what testing every object finds, in order,
        /// whatever labels the objects share (24 distinct labels: past the list, into the
        /// hash table).
        #[test]
        fn select_matches_a_scan(
            objects in proptest::collection::vec(
                proptest::option::of(proptest::collection::btree_map("[abc]", "[s-z]", 0..3)),
                0..40,
            ),
            selector in proptest::collection::btree_map("[abc]", "[s-z]", 0..3),
        ) {
            let mut index = LabelIndex::with_capacity(objects.len(), 4);
            for object in &objects {
                index.push(object.as_ref());
            }
            let found: Vec<usize> = index.select(&selector).collect();
            let expected: Vec<usize> = objects
                .iter()
                .enumerate()
                .filter(|(_, labels)| {
                    selector.iter().all(|(k, v)| {
                        labels.as_ref().and_then(|l| l.get(k)) == Some(v)
                    })
                })
                .map(|(position, _)| position)
                .collect();
            proptest::prop_assert_eq!(found, expected);
        }
    }
}
