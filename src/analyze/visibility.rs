//! [`Visibility`]: which namespaces an object's `exportTo` lets see it.

/// The namespaces that can see an object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Visibility<'a> {
    /// Every namespace (`*`, or the mesh default).
    All,
    /// No namespace but the proxies of the service itself (`~`, ServiceEntries only).
    None,
    /// These namespaces (`.` already replaced by the object's own).
    Namespaces(Vec<&'a str>),
}

impl<'a> Visibility<'a> {
    /// The visibility an `exportTo` list gives an object in `namespace`; an empty list takes
    /// the mesh's `default` for the kind (see [`Options`](super::Options)).
    pub(crate) fn of(export_to: &'a [String], namespace: &'a str, default: &'a [String]) -> Self {
        let list: &'a [String] = if export_to.is_empty() {
            default
        } else {
            export_to
        };
        Self::from_entries(list.iter().map(String::as_str), namespace)
    }

    /// The visibility a Service's `networking.istio.io/exportTo` annotation gives (comma
    /// separated).
    pub(crate) fn from_annotation(annotation: &'a str, namespace: &'a str) -> Self {
        Self::from_entries(annotation.split(',').map(str::trim), namespace)
    }

    fn from_entries(entries: impl Iterator<Item = &'a str>, namespace: &'a str) -> Self {
        let mut namespaces = Vec::new();
        for entry in entries {
            match entry {
                "*" => return Visibility::All,
                "~" => return Visibility::None,
                "." => namespaces.push(namespace),
                "" => {}
                other => namespaces.push(other),
            }
        }
        if namespaces.is_empty() {
            Visibility::All
        } else {
            Visibility::Namespaces(namespaces)
        }
    }

    /// Whether an object in `namespace` sees it.
    pub(crate) fn includes(&self, namespace: &str) -> bool {
        match self {
            Visibility::All => true,
            Visibility::None => false,
            Visibility::Namespaces(list) => list.contains(&namespace),
        }
    }
}
