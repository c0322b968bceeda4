//! [`LabelIndex`]: which objects carry which labels, so that a selector finds its matches
//! without looking at every object.

use crate::analyze::fast::HashMap;
use std::collections::BTreeMap;

/// Objects (by position in some list) indexed by each `key=value` label they carry.
#[derive(Debug, Default)]
pub(crate) struct LabelIndex<'a> {
    by_label: HashMap<(&'a str, &'a str), Vec<usize>>,
    labels: Vec<&'a BTreeMap<String, String>>,
}

static NO_LABELS: BTreeMap<String, String> = BTreeMap::new();

impl<'a> LabelIndex<'a> {
    /// Adds the next object's labels; objects are numbered in the order they are added.
    pub(crate) fn push(&mut self, labels: Option<&'a BTreeMap<String, String>>) {
        let position = self.labels.len();
        let labels = labels.unwrap_or(&NO_LABELS);
        for (key, value) in labels {
            self.by_label
                .entry((key.as_str(), value.as_str()))
                .or_default()
                .push(position);
        }
        self.labels.push(labels);
    }

    /// The objects whose labels include every entry of `selector`; all of them for an empty
    /// selector. Starts from the rarest label of the selector, so the cost follows the size of
    /// the answer rather than the number of objects.
    pub(crate) fn select<'s>(
        &'s self,
        selector: &'s BTreeMap<String, String>,
    ) -> Box<dyn Iterator<Item = usize> + 's> {
        if selector.is_empty() {
            return Box::new(0..self.labels.len());
        }
        let rarest = selector
            .iter()
            .map(|(k, v)| self.by_label.get(&(k.as_str(), v.as_str())))
            .min_by_key(|postings| postings.map_or(0, Vec::len));
        let Some(Some(candidates)) = rarest else {
            return Box::new(std::iter::empty());
        };
        Box::new(candidates.iter().copied().filter(move |&position| {
            self.labels
                .get(position)
                .is_some_and(|labels| selector.iter().all(|(k, v)| labels.get(k) == Some(v)))
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
        assert_eq!(index.select(&BTreeMap::new()).count(), 3);
    }
}
