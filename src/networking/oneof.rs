//! Reading proto one-of groups.
//!
//! On the wire a one-of is a set of sibling keys of which at most one may be present. Each
//! message with a one-of reads into a private flat "wire" struct and converts to the public
//! struct, whose one-of is an enum; setting two branches is a read error naming both, since
//! keeping only one would silently drop what the user wrote.

use std::fmt;

/// Two or more branches of one one-of group were set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct OneofConflict {
    /// The branches that were set, by their JSON names.
    set: Vec<&'static str>,
    /// All branches of the group, by their JSON names.
    all: &'static [&'static str],
}

impl fmt::Display for OneofConflict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "only one of {} may be set, found {}",
            self.all.join(", "),
            self.set.join(" and ")
        )
    }
}

/// The one branch that is set, if any; an error if several are. Allocates only for the error.
pub(crate) fn pick<T, const N: usize>(
    names: &'static [&'static str; N],
    branches: [Option<T>; N],
) -> Result<Option<T>, OneofConflict> {
    let set = || {
        names
            .iter()
            .zip(&branches)
            .filter(|(_, branch)| branch.is_some())
            .map(|(name, _)| *name)
            .collect::<Vec<_>>()
    };
    if branches.iter().filter(|branch| branch.is_some()).count() > 1 {
        return Err(OneofConflict {
            set: set(),
            all: names,
        });
    }
    Ok(branches.into_iter().flatten().next())
}
