//! Lists read at their own size. JSON does not say how many elements a list holds, and serde's
//! own reading starts a list with room for four elements of up to a kilobyte each (an
//! `HttpRoute` is one), then doubles it; the unused room would stay with the object for as long
//! as it lives. Every list in the networking types is read through [`vec`]: when the reader
//! gives the length (a value tree, YAML), the list is allocated for it; when it does not
//! (JSON), the first [`HELD`] elements are held on the stack and the list is allocated once
//! they are all read, at its size. Only a longer list grows, and it hands back the room it does
//! not use (an in-place shrink with the system allocator, no copy). Short lists, nearly all of
//! them, thus cost one allocation each and no reallocation: over a corpus of 10,000 objects
//! read from JSON that is about a quarter of their memory and two reallocations per object.
//! Lists of strings are no exception: serde would give a list of one host room for four, 96
//! bytes where 24 do, and on the same corpus that room was 3.6% of what the objects keep once
//! read.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{Deserialize, Deserializer, SeqAccess, Visitor};

/// The most elements' room reserved in advance on a reader's word, as serde bounds it: a
/// mebibyte's worth.
const MAX_RESERVED_BYTES: usize = 1 << 20;

/// How many elements of a list of unknown length are held before the list is allocated.
const HELD: usize = 4;

/// Reads a list at its own size (see the module documentation).
pub(crate) fn vec<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    deserializer.deserialize_seq(ExactVec(PhantomData))
}

/// The visitor of [`vec`].
struct ExactVec<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for ExactVec<T> {
    type Value = Vec<T>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a sequence")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        collect(seq.size_hint(), || seq.next_element())
    }
}

/// Collects the elements `next` gives until it gives `None`, at their own size: with room for
/// `hint` elements (bounded) when the reader gives a length, else with the first [`HELD`]
/// held on the stack until it is known whether there are more (see the module
/// documentation). Used for lists here and for [`StringMap`](super::StringMap)'s entries.
pub(crate) fn collect<T, E>(
    hint: Option<usize>,
    mut next: impl FnMut() -> Result<Option<T>, E>,
) -> Result<Vec<T>, E> {
    if let Some(hint) = hint {
        let bound = MAX_RESERVED_BYTES / std::mem::size_of::<T>().max(1);
        let mut list = Vec::with_capacity(hint.min(bound));
        while let Some(element) = next()? {
            list.push(element);
        }
        list.shrink_to_fit();
        return Ok(list);
    }
    let mut held: [Option<T>; HELD] = [None, None, None, None];
    let mut count = 0;
    for slot in &mut held {
        match next()? {
            Some(element) => {
                *slot = Some(element);
                count += 1;
            }
            None => break,
        }
    }
    let more = if count == HELD { next()? } else { None };
    let mut list = Vec::with_capacity(if more.is_some() { 2 * HELD } else { count });
    // Each held element is taken out of its slot; moving the whole array into an iterator
    // instead would copy every slot, filled or not (four `HttpRoute`s' worth for one route).
    for slot in held.iter_mut().take(count) {
        if let Some(element) = slot.take() {
            list.push(element);
        }
    }
    let Some(following) = more else {
        return Ok(list);
    };
    list.push(following);
    while let Some(element) = next()? {
        list.push(element);
    }
    list.shrink_to_fit();
    Ok(list)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Holder {
        #[serde(deserialize_with = "vec")]
        items: Vec<u32>,
    }

    #[test]
    fn lists_keep_every_element_in_order_and_no_spare_room() {
        // Short lists (held, then allocated once) and longer ones (grown, then shrunk).
        for n in (0..=2 * HELD + 1).chain([100]) {
            let items: Vec<u32> = (0..n as u32).collect();
            let text = serde_json::json!({ "items": items }).to_string();
            let read: Holder = serde_json::from_str(&text).expect("a list of numbers");
            assert_eq!(read.items, items);
            assert_eq!(read.items.capacity(), n, "{n} elements");
        }
    }

    #[test]
    fn a_reader_that_gives_the_length_is_read_the_same() {
        let value = serde_json::json!({ "items": [3, 1, 2] });
        let read = Holder::deserialize(&value).expect("a list of numbers");
        assert_eq!(read.items, [3, 1, 2]);
        assert_eq!(read.items.capacity(), 3);
    }

    #[test]
    fn an_error_in_a_held_element_is_reported() {
        let error = serde_json::from_str::<Holder>(r#"{"items": [1, "two"]}"#)
            .expect_err("a string is not a number");
        assert!(error.to_string().contains("invalid type"), "{error}");
    }
}
