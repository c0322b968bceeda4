//! [`SmallSet`]: a set for duplicate checks, which keeps its first few members in place and
//! allocates only when it grows past them.
//!
//! Validation asks "seen before?" of short lists on every object (port names, subset names,
//! `exportTo` entries); a tree or hash set would allocate for each of them. The members past
//! the first `N` go to a `BTreeSet`, so a long list still costs `O(n log n)`.

use std::collections::BTreeSet;

/// A set of `Copy` values, the first `N` held inline.
#[derive(Clone, Debug)]
pub(crate) struct SmallSet<T, const N: usize> {
    inline: [T; N],
    /// How many of `inline` are members.
    len: usize,
    /// The members past the first `N`.
    spill: BTreeSet<T>,
}

impl<T: Copy + Ord + Default, const N: usize> SmallSet<T, N> {
    /// An empty set.
    pub(crate) fn new() -> Self {
        Self {
            inline: [T::default(); N],
            len: 0,
            spill: BTreeSet::new(),
        }
    }

    /// The members held inline.
    fn held(&self) -> &[T] {
        self.inline.get(..self.len).unwrap_or_default()
    }

    /// Whether `value` is a member.
    pub(crate) fn contains(&self, value: &T) -> bool {
        self.held().contains(value) || self.spill.contains(value)
    }

    /// Adds `value`; returns whether it was new, as `BTreeSet::insert` does.
    pub(crate) fn insert(&mut self, value: T) -> bool {
        if self.contains(&value) {
            return false;
        }
        match self.inline.get_mut(self.len) {
            Some(slot) => {
                *slot = value;
                self.len += 1;
                true
            }
            None => self.spill.insert(value),
        }
    }

    /// How many members it has.
    pub(crate) fn len(&self) -> usize {
        self.len + self.spill.len()
    }

    /// Whether it has no member.
    pub(crate) fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn behaves_as_a_set_inline_and_past_it() {
        let mut set: SmallSet<u32, 2> = SmallSet::new();
        assert!(set.is_empty() && !set.contains(&0));
        for (value, new) in [
            (5, true),
            (5, false),
            (0, true),
            (7, true),
            (0, false),
            (7, false),
        ] {
            assert_eq!(set.insert(value), new, "insert {value}");
        }
        assert_eq!(set.len(), 3);
        assert!(set.contains(&5) && set.contains(&0) && set.contains(&7) && !set.contains(&6));
        let mut empty_default: SmallSet<&str, 1> = SmallSet::new();
        assert!(
            !empty_default.contains(&""),
            "the inline filler is no member"
        );
        assert!(empty_default.insert(""));
        assert!(!empty_default.insert(""));
    }
}
