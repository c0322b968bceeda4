//! [`Scope`]: the namespaces an object is exported to, merged across routes and written as an
//! `exportTo` list.

use compact_str::CompactString;

/// Namespace names, sorted and each once. A sorted list rather than a `BTreeSet`: most
/// scopes hold one to three names, and every route builds several.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Namespaces<'a>(Vec<&'a str>);

impl<'a> Namespaces<'a> {
    /// Adds a name; `false` if it was already in.
    pub(crate) fn insert(&mut self, namespace: &'a str) -> bool {
        match self.0.binary_search(&namespace) {
            Ok(_) => false,
            Err(at) => {
                self.0.insert(at, namespace);
                true
            }
        }
    }

    /// Whether the name is in.
    pub(crate) fn contains(&self, namespace: &str) -> bool {
        self.0.binary_search(&namespace).is_ok()
    }

    /// The names, in order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &'a str> + '_ {
        self.0.iter().copied()
    }
}

impl<'a> FromIterator<&'a str> for Namespaces<'a> {
    fn from_iter<I: IntoIterator<Item = &'a str>>(names: I) -> Self {
        let mut list: Vec<&'a str> = names.into_iter().collect();
        list.sort_unstable();
        list.dedup();
        Namespaces(list)
    }
}

/// The namespaces that must see an object, named by the routes' text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Scope<'a> {
    /// Every namespace: `exportTo: ["*"]`.
    All,
    /// These namespaces, by name.
    Namespaces(Namespaces<'a>),
}

impl<'a> Scope<'a> {
    /// No namespace yet.
    pub(crate) fn none() -> Self {
        Scope::Namespaces(Namespaces::default())
    }

    /// Only the given namespace.
    pub(crate) fn only(namespace: &'a str) -> Self {
        Scope::Namespaces(Namespaces(vec![namespace]))
    }

    /// The namespaces both scopes include, merged.
    pub(crate) fn union(&mut self, other: &Scope<'a>) {
        match (&mut *self, other) {
            (Scope::All, _) => {}
            (_, Scope::All) => *self = Scope::All,
            (Scope::Namespaces(mine), Scope::Namespaces(theirs)) => {
                for namespace in theirs.iter() {
                    mine.insert(namespace);
                }
            }
        }
    }

    /// The `exportTo` of an object in `namespace`: `*`, or the other namespaces in order
    /// followed by `.` for the object's own.
    pub(crate) fn export_to(&self, namespace: &str) -> Vec<CompactString> {
        match self {
            Scope::All => vec!["*".into()],
            Scope::Namespaces(list) => {
                let mut out: Vec<CompactString> = list
                    .iter()
                    .filter(|&ns| ns != namespace)
                    .map(CompactString::from)
                    .collect();
                if list.contains(namespace) {
                    out.push(".".into());
                }
                out
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn namespaces_stay_sorted_and_distinct() {
        let mut names: Namespaces<'_> = ["shop", "app", "shop", "db"].into_iter().collect();
        assert_eq!(names.iter().collect::<Vec<_>>(), ["app", "db", "shop"]);
        assert!(!names.insert("db"));
        assert!(names.insert("cache"));
        assert!(names.contains("cache") && !names.contains("web"));
        let mut scope = Scope::Namespaces(names);
        scope.union(&Scope::only("web"));
        assert_eq!(scope.export_to("shop"), ["app", "cache", "db", "web", "."]);
        scope.union(&Scope::All);
        assert_eq!(scope.export_to("shop"), ["*"]);
        assert_eq!(Scope::none().export_to("shop"), Vec::<String>::new());
    }
}
