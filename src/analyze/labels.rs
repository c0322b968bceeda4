//! [`LabelIndex`]: which objects carry which labels, so that a selector finds its matches
//! without looking at every object.

use crate::analyze::fast::Map;
use std::borrow::Borrow;
use std::collections::BTreeMap;

/// Objects (by position in some list) indexed by each `key=value` label they carry. The
/// labels are Kubernetes' (`String`) for pods and Istio's (`CompactString`) for selectors that
/// are themselves matched against, such as Gateways'.
#[derive(Debug)]
pub(crate) struct LabelIndex<'a, S = String> {
    by_label: Map<(&'a str, &'a str), Vec<usize>>,
    labels: Vec<Option<&'a BTreeMap<S, S>>>,
}

impl<S> Default for LabelIndex<'_, S> {
    fn default() -> Self {
        LabelIndex {
            by_label: Map::default(),
            labels: Vec::new(),
        }
    }
}

impl<'a, S: AsRef<str> + Borrow<str> + Ord> LabelIndex<'a, S> {
    /// Adds the next object's labels; objects are numbered in the order they are added.
    pub(crate) fn push(&mut self, labels: Option<&'a BTreeMap<S, S>>) {
        let position = self.labels.len();
        for (key, value) in labels.into_iter().flatten() {
            self.by_label
                .entry((key.as_ref(), value.as_ref()))
                .or_default()
                .push(position);
        }
        self.labels.push(labels);
    }

    /// The objects whose labels include every entry of `selector`; all of them for an empty
    /// selector. Starts from the rarest label of the selector, so the cost follows the size of
    /// the answer rather than the number of objects.
    pub(crate) fn select<'s, K, V>(
        &'s self,
        selector: &'s BTreeMap<K, V>,
    ) -> Box<dyn Iterator<Item = usize> + 's>
    where
        K: AsRef<str>,
        V: AsRef<str>,
    {
        if selector.is_empty() {
            return Box::new(0..self.labels.len());
        }
        let rarest = selector
            .iter()
            .map(|(k, v)| self.by_label.get(&(k.as_ref(), v.as_ref())))
            .min_by_key(|postings| postings.map_or(0, Vec::len));
        let Some(Some(candidates)) = rarest else {
            return Box::new(std::iter::empty());
        };
        Box::new(candidates.iter().copied().filter(move |&position| {
            // A candidate carries the rarest label, so it has labels.
            let Some(Some(labels)) = self.labels.get(position) else {
                return false;
            };
            selector
                .iter()
                .all(|(k, v)| labels.get(k.as_ref()).map(AsRef::as_ref) == Some(v.as_ref()))
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
