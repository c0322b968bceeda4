//! [`Scope`]: the namespaces an object is exported to, merged across routes and written as an
//! `exportTo` list.

use std::collections::BTreeSet;

/// The namespaces that must see an object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Scope {
    /// Every namespace: `exportTo: ["*"]`.
    All,
    /// These namespaces, by name.
    Namespaces(BTreeSet<String>),
}

impl Scope {
    /// Only the given namespace.
    pub(crate) fn only(namespace: &str) -> Self {
        Scope::Namespaces(BTreeSet::from([namespace.to_owned()]))
    }

    /// The namespaces both scopes include, merged.
    pub(crate) fn union(&mut self, other: &Scope) {
        match (&mut *self, other) {
            (Scope::All, _) => {}
            (_, Scope::All) => *self = Scope::All,
            (Scope::Namespaces(mine), Scope::Namespaces(theirs)) => {
                // Routes mostly repeat namespaces already in: copy only the new ones.
                for namespace in theirs {
                    if !mine.contains(namespace) {
                        mine.insert(namespace.clone());
                    }
                }
            }
        }
    }

    /// The `exportTo` of an object in `namespace`: `*`, or the other namespaces in order
    /// followed by `.` for the object's own.
    pub(crate) fn export_to(&self, namespace: &str) -> Vec<String> {
        match self {
            Scope::All => vec!["*".into()],
            Scope::Namespaces(list) => {
                let mut out: Vec<String> = list
                    .iter()
                    .filter(|ns| ns.as_str() != namespace)
                    .cloned()
                    .collect();
                if list.contains(namespace) {
                    out.push(".".into());
                }
                out
            }
        }
    }
}
