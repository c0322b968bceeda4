//! The service registry as `destinationrule.SubsetSelectPodAnalyzer` sees it: ServiceEntry
//! hosts and Kubernetes Services, each under the namespaces ("scopes") it is exported to, and
//! the lookup of a DestinationRule's host in it.
//!
//! This follows Istio's analyzer rather than the mesh: a ServiceEntry without `exportTo` is in
//! the `*` scope whatever the mesh default, a Service's `networking.istio.io/exportTo`
//! annotation is split on commas without trimming, short host names are completed with the
//! declaring object's namespace, and a rule with `exportTo` only looks in the scopes it lists
//! (besides `*`).

use crate::analyze::fast::Map;
use crate::analyze::fqdn::fqdn;
use crate::networking::StringMap;
use compact_str::CompactString;
use std::borrow::Cow;

use crate::analyze::Options;
use crate::analyze::index::Index;

/// The scope of hosts exported to every namespace.
const ALL: &str = "*";

/// What a registered host stands for: the workload labels of the ServiceEntry behind it
/// (none for a Kubernetes Service).
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Target<'a> {
    /// The ServiceEntry's `workloadSelector.labels`, if it has any.
    pub(super) workload_labels: Option<&'a StringMap>,
}

/// Registered hosts by fully qualified name, then by scope; the last declaration of a
/// (scope, host) pair wins, Services after ServiceEntries.
#[derive(Debug, Default)]
pub(super) struct Registry<'a> {
    /// (Host, scope) → target: one flat map, so that a host does not cost a map of its own.
    by_host: Map<(Cow<'a, str>, &'a str), Target<'a>>,
    /// Wildcard hosts by what follows their `*` (`.wikipedia.org`), read backwards.
    wildcards: SuffixTrie<'a>,
    /// The cluster's DNS domain.
    domain: &'a str,
}

impl<'a> Registry<'a> {
    /// For `destinationrule.SubsetSelectPodAnalyzer`: registers every ServiceEntry host and
    /// Kubernetes Service of the set, once.
    pub(super) fn new(index: &Index<'a>, options: &'a Options) -> Self {
        let mut registry = Registry {
            domain: &options.cluster_domain,
            ..Registry::default()
        };
        for entry in &index.service_entries {
            let spec = &entry.object.spec;
            let target = Target {
                workload_labels: spec.workload_selector.as_ref().map(|s| &s.labels),
            };
            let mut exports_to_all = false;
            for host in &spec.hosts {
                if spec.export_to.is_empty() || exports_to_all {
                    registry.insert(ALL, entry.namespace, host, target);
                    continue;
                }
                for scope in &spec.export_to {
                    let scope = match scope.as_str() {
                        "." => entry.namespace,
                        other => other,
                    };
                    registry.insert(scope, entry.namespace, host, target);
                    if scope == ALL {
                        exports_to_all = true;
                        break;
                    }
                }
            }
        }
        for service in &index.services {
            let annotation = service
                .object
                .metadata
                .annotations
                .as_ref()
                .and_then(|a| a.get("networking.istio.io/exportTo"))
                .map(String::as_str)
                .unwrap_or_default();
            for scope in service_scopes(annotation, service.namespace) {
                registry.insert(scope, service.namespace, service.name, Target::default());
            }
        }
        registry
    }

    /// For `destinationrule.SubsetSelectPodAnalyzer`: adds `host`, declared in `namespace`,
    /// to `scope`.
    fn insert(&mut self, scope: &'a str, namespace: &str, host: &'a str, target: Target<'a>) {
        let name = fqdn(host, namespace, self.domain);
        if let Some(suffix) = name.strip_prefix('*') {
            self.wildcards.insert(suffix, scope, target);
        }
        self.by_host.insert((name, scope), target);
    }

    /// For IST0174 (`destinationrule.SubsetSelectPodAnalyzer`): the registered service a
    /// DestinationRule in `namespace` with `export_to` finds for `host` — exported to all, then
    /// to the rule's scopes, then a wildcard host whose suffix ends `host`, exported to all or
    /// to the rule's namespace.
    pub(super) fn lookup(
        &self,
        namespace: &str,
        export_to: &[CompactString],
        host: &str,
    ) -> Option<Target<'a>> {
        let name = fqdn(host, namespace, self.domain);
        let in_scope = |scope: &str| self.by_host.get(&(Cow::Borrowed(&*name), scope)).copied();
        let found = in_scope(ALL).or_else(|| {
            if export_to.is_empty() {
                in_scope(namespace)
            } else {
                export_to
                    .iter()
                    .map(|scope| if scope == "." { namespace } else { scope })
                    .find_map(in_scope)
            }
        });
        found.or_else(|| self.wildcard_lookup(namespace, host))
    }

    /// For IST0174: the wildcard host, exported to all or to `namespace`, whose part after
    /// the `*` ends `host` (itself without a leading `*`); the longest such part wins.
    fn wildcard_lookup(&self, namespace: &str, host: &str) -> Option<Target<'a>> {
        let name = host.strip_prefix('*').unwrap_or(host);
        self.wildcards
            .suffixes_of(name)
            .filter_map(|scopes| scopes.get(ALL).or_else(|| scopes.get(namespace)))
            .last()
            .copied()
    }
}

/// Wildcard suffixes stored byte by byte from their end, so that every stored suffix of a
/// host is found in one backward walk over the host.
#[derive(Debug, Default)]
struct SuffixTrie<'a> {
    /// The nodes, the root first; empty until the first suffix is stored, so that a registry
    /// without wildcard hosts allocates nothing for them.
    nodes: Vec<TrieNode<'a>>,
}

#[derive(Debug, Default)]
struct TrieNode<'a> {
    children: Map<u8, usize>,
    /// The scopes of the suffix ending here, if one does.
    scopes: Option<Map<&'a str, Target<'a>>>,
}

impl<'a> SuffixTrie<'a> {
    /// For IST0174: records `suffix` under `scope` (the last record of a pair wins).
    fn insert(&mut self, suffix: &str, scope: &'a str, target: Target<'a>) {
        if self.nodes.is_empty() {
            self.nodes.push(TrieNode::default());
        }
        let mut current = 0;
        for byte in suffix.bytes().rev() {
            let next = self.nodes.len();
            let child = self
                .nodes
                .get_mut(current)
                .map(|node| *node.children.entry(byte).or_insert(next));
            let Some(child) = child else {
                return;
            };
            if child == next {
                self.nodes.push(TrieNode::default());
            }
            current = child;
        }
        if let Some(node) = self.nodes.get_mut(current) {
            node.scopes
                .get_or_insert_with(Map::default)
                .insert(scope, target);
        }
    }

    /// For IST0174: the scopes of every stored suffix of `name`, shortest first.
    fn suffixes_of<'s>(
        &'s self,
        name: &'s str,
    ) -> impl Iterator<Item = &'s Map<&'a str, Target<'a>>> + 's {
        let mut bytes = name.bytes().rev();
        let mut current = Some(0);
        std::iter::from_fn(move || {
            loop {
                let node = self.nodes.get(current?)?;
                current = bytes.next().and_then(|b| node.children.get(&b).copied());
                if let Some(scopes) = &node.scopes {
                    return Some(scopes);
                }
            }
        })
    }
}

/// For `destinationrule.SubsetSelectPodAnalyzer`: the scopes a Service's
/// `networking.istio.io/exportTo` annotation gives (`*` when empty or absent).
fn service_scopes<'a>(annotation: &'a str, namespace: &'a str) -> impl Iterator<Item = &'a str> {
    let listed = (!annotation.is_empty()).then(|| annotation.split(','));
    let all = annotation.is_empty().then_some(ALL);
    all.into_iter().chain(
        listed
            .into_iter()
            .flatten()
            .map(move |scope| if scope == "." { namespace } else { scope }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_services_scopes_are_all_or_the_annotations_list_as_written() {
        let scopes = |annotation| service_scopes(annotation, "shop").collect::<Vec<_>>();
        assert_eq!(scopes(""), [ALL]);
        assert_eq!(scopes("a,.,b"), ["a", "shop", "b"]);
        // Split on commas only, as Istio's analyzer does: no trimming, empty parts kept.
        assert_eq!(scopes("a, b,"), ["a", " b", ""]);
    }

    #[test]
    fn an_empty_trie_finds_nothing_and_the_first_suffix_plants_its_root() {
        let mut trie = SuffixTrie::default();
        assert!(trie.nodes.is_empty());
        assert_eq!(trie.suffixes_of("api.example.com").count(), 0);
        trie.insert(".example.com", ALL, Target::default());
        let found: Vec<_> = trie.suffixes_of("api.example.com").collect();
        assert_eq!(found.len(), 1);
        assert!(found.iter().all(|scopes| scopes.contains_key(ALL)));
        assert_eq!(trie.suffixes_of("api.example.org").count(), 0);
    }
}
