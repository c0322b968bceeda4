//! The conversions behind the builders' setters for lists and maps of text: a setter takes
//! anything that yields `&str`s, `String`s or [`CompactString`]s (an array of literals, a
//! `Vec<String>`, an iterator), so that storing text inline does not make callers convert
//! each element themselves.

use std::collections::BTreeMap;

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
) -> BTreeMap<CompactString, CompactString> {
    entries
        .into_iter()
        .map(|(key, value)| (key.into(), value.into()))
        .collect()
}

/// A map keyed by text from any iterable of pairs whose keys are text.
pub(crate) fn keyed<V>(
    entries: impl IntoIterator<Item = (impl Into<CompactString>, V)>,
) -> BTreeMap<CompactString, V> {
    entries
        .into_iter()
        .map(|(key, value)| (key.into(), value))
        .collect()
}
