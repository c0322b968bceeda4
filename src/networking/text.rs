//! The conversions behind the builders' setters for lists and maps of text: a setter takes
//! anything that yields `&str`s, `String`s or [`CompactString`]s (an array of literals, a
//! `Vec<String>`, an iterator), so that storing text inline does not make callers convert
//! each element themselves.

use crate::networking::StringMap;

use compact_str::CompactString;

/// A list of text from any iterable of text.
pub(crate) fn list(
    items: impl IntoIterator<Item = impl Into<CompactString>>,
) -> Vec<CompactString> {
    items.into_iter().map(Into::into).collect()
}

/// A map of text to text from any iterable of pairs of text.
pub(crate) fn map(
    entries: impl IntoIterator<Item = (impl Into<CompactString>, impl Into<CompactString>)>,
) -> StringMap {
    entries
        .into_iter()
        .map(|(key, value)| (key, value.into()))
        .collect()
}

/// A map keyed by text from any iterable of pairs whose keys are text.
pub(crate) fn keyed<V>(
    entries: impl IntoIterator<Item = (impl Into<CompactString>, V)>,
) -> StringMap<V> {
    // `StringMap` turns the keys into text as it collects them.
    entries.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::networking::{GatewaySpec, ServiceEntrySpec, StringMatch, WorkloadSelector};

    #[test]
    fn lists_and_maps_come_from_any_text() {
        let from_strs = list(["a", "b"]);
        let from_strings = list(vec!["a".to_string(), "b".to_string()]);
        let from_iterator = list(["a", "b"].iter().copied());
        assert_eq!(from_strs, ["a", "b"]);
        assert_eq!(from_strings, from_strs);
        assert_eq!(from_iterator, from_strs);

        let labels = map([("app", "web".to_string())]);
        assert_eq!(labels.get("app").map(CompactString::as_str), Some("web"));
        let headers = keyed([("x-team".to_string(), StringMatch::prefix("pay"))]);
        assert_eq!(headers.get("x-team"), Some(&StringMatch::prefix("pay")));
    }

    #[test]
    fn builders_take_arrays_vectors_and_iterators_of_text() {
        let hosts = ["a.example.com", "b.example.com"];
        let by_array = ServiceEntrySpec::builder().hosts(hosts).build();
        let by_vec = ServiceEntrySpec::builder()
            .hosts(hosts.map(String::from).to_vec())
            .build();
        let by_iter = ServiceEntrySpec::builder()
            .hosts(hosts.iter().copied())
            .build();
        assert_eq!(by_array.hosts, hosts);
        assert_eq!(by_vec, by_array);
        assert_eq!(by_iter, by_array);

        let gateway = GatewaySpec::builder()
            .selector([("istio", "egressgateway")])
            .servers(vec![])
            .build();
        assert_eq!(
            gateway.selector.get("istio").map(CompactString::as_str),
            Some("egressgateway")
        );
        let selector = WorkloadSelector::builder()
            .labels([("app".to_string(), "web".to_string())])
            .build();
        assert_eq!(selector.labels.len(), 1);
    }
}
