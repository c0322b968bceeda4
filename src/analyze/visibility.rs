//! [`Visibility`]: which namespaces an object's `exportTo` lets see it.

use crate::small_set::SmallSet;
use compact_str::CompactString;

/// The namespaces that can see an object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Visibility<'a> {
    /// Every namespace (`*`, or the mesh default).
    All,
    /// No namespace but the proxies of the service itself (`~`, ServiceEntries only).
    None,
    /// The namespaces an `exportTo` list names, borrowed as written: `.` stands for `own`,
    /// the object's namespace, and empty entries name nothing. At least one entry names a
    /// namespace, and none is `*` or `~`.
    Listed {
        /// The entries.
        entries: &'a [CompactString],
        /// The object's own namespace.
        own: &'a str,
    },
    /// The namespaces a Service's annotation names, each once, in the order first given (`.`
    /// already replaced by the Service's namespace).
    Namespaces(Vec<&'a str>),
}

/// The namespace an `exportTo` entry names, with `.` standing for `own`; none for an empty
/// entry.
fn named<'a>(entry: &'a str, own: &'a str) -> Option<&'a str> {
    match entry {
        "" => None,
        "." => Some(own),
        other => Some(other),
    }
}

impl<'a> Visibility<'a> {
    /// The visibility an `exportTo` list gives an object in `namespace`; an empty list takes
    /// the mesh's `default` for the kind (see [`Options`](super::Options)).
    pub(crate) fn of(
        export_to: &'a [CompactString],
        namespace: &'a str,
        default: &'a [CompactString],
    ) -> Self {
        let entries: &'a [CompactString] = if export_to.is_empty() {
            default
        } else {
            export_to
        };
        // The first `*` or `~` decides; without one, the entries that name a namespace do.
        let mut names_one = false;
        for entry in entries {
            match entry.as_str() {
                "*" => return Visibility::All,
                "~" => return Visibility::None,
                "" => {}
                _ => names_one = true,
            }
        }
        if names_one {
            Visibility::Listed {
                entries,
                own: namespace,
            }
        } else {
            Visibility::All
        }
    }

    /// The visibility a Service's `networking.istio.io/exportTo` annotation gives (comma
    /// separated).
    pub(crate) fn from_annotation(annotation: &'a str, namespace: &'a str) -> Self {
        let mut namespaces = Vec::new();
        let mut seen: SmallSet<&str, 8> = SmallSet::new();
        for entry in annotation.split(',').map(str::trim) {
            match entry {
                "*" => return Visibility::All,
                "~" => return Visibility::None,
                _ => {
                    if let Some(name) = named(entry, namespace)
                        && seen.insert(name)
                    {
                        namespaces.push(name);
                    }
                }
            }
        }
        if namespaces.is_empty() {
            Visibility::All
        } else {
            Visibility::Namespaces(namespaces)
        }
    }

    /// The namespaces it names, each once, in the order first given; none for `All` and
    /// `None`.
    pub(crate) fn namespaces(&self) -> impl Iterator<Item = &'a str> + '_ {
        let (entries, own, annotated): (&'a [CompactString], &'a str, &[&'a str]) = match self {
            Visibility::All | Visibility::None => (&[], "", &[]),
            Visibility::Listed { entries, own } => (entries, own, &[]),
            Visibility::Namespaces(list) => (&[], "", list),
        };
        let mut seen: SmallSet<&str, 8> = SmallSet::new();
        let listed = entries
            .iter()
            .filter_map(move |entry| named(entry, own).filter(|&name| seen.insert(name)));
        listed.chain(annotated.iter().copied())
    }

    /// Whether an object in `namespace` sees it.
    pub(crate) fn includes(&self, namespace: &str) -> bool {
        match self {
            Visibility::All => true,
            Visibility::None => false,
            Visibility::Listed { entries, own } => entries
                .iter()
                .any(|entry| named(entry, own) == Some(namespace)),
            Visibility::Namespaces(list) => list.contains(&namespace),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(entries: &[&str]) -> Visibility<'static> {
        let entries: Vec<CompactString> = entries.iter().map(|&e| e.into()).collect();
        let entries: &'static [CompactString] = Vec::leak(entries);
        Visibility::of(entries, "shop", &[])
    }

    #[test]
    fn entries_give_every_none_one_or_several_namespaces() {
        assert_eq!(of(&[]), Visibility::All);
        assert_eq!(of(&["", ""]), Visibility::All);
        assert_eq!(of(&[".", "*"]), Visibility::All);
        assert_eq!(of(&["~", "a"]), Visibility::None);
        let names = |v: &Visibility<'static>| v.namespaces().collect::<Vec<_>>();
        assert_eq!(names(&of(&["."])), ["shop"]);
        assert_eq!(names(&of(&[".", "shop", ""])), ["shop"]);
        let several = of(&["a", ".", "a", "", "b", "shop"]);
        assert_eq!(names(&several), ["a", "shop", "b"]);
        assert!(several.includes("shop") && several.includes("b") && !several.includes("c"));
        assert!(!several.includes(""), "an empty entry names no namespace");
        assert!(of(&["."]).includes("shop") && !of(&["."]).includes("a"));
        assert!(names(&of(&[])).is_empty() && !of(&["~"]).includes("shop"));
        assert!(names(&of(&["~", "a"])).is_empty());
    }

    #[test]
    fn annotation_entries_are_trimmed() {
        let visibility = Visibility::from_annotation(" a , . ,a,", "shop");
        assert_eq!(visibility, Visibility::Namespaces(vec!["a", "shop"]));
        assert_eq!(visibility.namespaces().collect::<Vec<_>>(), ["a", "shop"]);
        assert_eq!(Visibility::from_annotation(" , ", "shop"), Visibility::All);
        assert_eq!(Visibility::from_annotation("a,*", "shop"), Visibility::All);
    }
}
