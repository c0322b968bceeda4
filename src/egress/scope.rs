//! [`Scope`]: the namespaces an object is exported to, merged across routes and written as an
//! `exportTo` list.

use std::collections::BTreeSet;

/// The namespaces that must see an object, named by the routes' text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Scope<'a> {
    /// Every namespace: `exportTo: ["*"]`.
    All,
    /// These namespaces, by name.
    Namespaces(BTreeSet<&'a str>),
}

impl<'a> Scope<'a> {
    /// Only the given namespace.
    pub(crate) fn only(namespace: &'a str) -> Self {
        Scope::Namespaces(BTreeSet::from([namespace]))
    }

    /// The namespaces both scopes include, merged.
    pub(crate) fn union(&mut self, other: &Scope<'a>) {
        match (&mut *self, other) {
            (Scope::All, _) => {}
            (_, Scope::All) => *self = Scope::All,
            (Scope::Namespaces(mine), Scope::Namespaces(theirs)) => mine.extend(theirs),
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
                    .filter(|&&ns| ns != namespace)
                    .map(|&ns| ns.to_owned())
                    .collect();
                if list.contains(namespace) {
                    out.push(".".into());
                }
                out
            }
        }
    }
}
