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
#[derive(Debug)]
pub(crate) struct LabelIndex<'a, L = BTreeMap<String, String>> {
    by_label: Map<(&'a str, &'a str), Vec<usize>>,
    labels: Vec<Option<&'a L>>,
}

impl<L> Default for LabelIndex<'_, L> {
    fn default() -> Self {
        LabelIndex {
            by_label: Map::default(),
            labels: Vec::new(),
        }
    }
}

impl<'a, L: Labels> LabelIndex<'a, L> {
    /// Adds the next object's labels; objects are numbered in the order they are added.
    pub(crate) fn push(&mut self, labels: Option<&'a L>) {
        let position = self.labels.len();
        for pair in labels.into_iter().flat_map(Labels::pairs) {
            self.by_label.entry(pair).or_default().push(position);
        }
        self.labels.push(labels);
    }

    /// The objects whose labels include every entry of `selector`; all of them for an empty
    /// selector. Starts from the rarest label of the selector, so the cost follows the size of
    /// the answer rather than the number of objects.
    pub(crate) fn select<'s, S: Labels>(
        &'s self,
        selector: &'s S,
    ) -> Box<dyn Iterator<Item = usize> + 's> {
        if selector.pairs().next().is_none() {
            return Box::new(0..self.labels.len());
        }
        let rarest = selector
            .pairs()
            .map(|pair| self.by_label.get(&pair))
            .min_by_key(|postings| postings.map_or(0, Vec::len));
        let Some(Some(candidates)) = rarest else {
            return Box::new(std::iter::empty());
        };
        Box::new(candidates.iter().copied().filter(move |&position| {
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
}
