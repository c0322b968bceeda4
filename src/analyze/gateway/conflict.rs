//! `gateway.ConflictingGatewayAnalyzer`: two Gateways whose selectors reach the same gateway
//! pods must not both declare a host on the same port and bind (IST0145); a selector that
//! matches no known gateway selector group is reported (IST0101).
//!
//! Istio keys servers by the printed selector and the port, and treats two different
//! selectors as the same workload only when one printed selector contains the other and some
//! pod matches both. Here servers are keyed by (selector, port, bind, host), and each distinct
//! selector gets the list of selectors it is compatible with, found through the pods both
//! select; a server then looks its hosts up under each compatible selector.

use crate::analyze::fast::{Map, Set};
use crate::networking::StringMap;
use std::collections::{BTreeMap, BTreeSet};

use super::{Index, Sink, full_name, report_selector_not_found, server_path};
use crate::analyze::index::Entry;
use crate::networking::{Gateway, Server};
use crate::validate::Severity;

const RULE: &str = "gateway.ConflictingGatewayAnalyzer";

/// The distinct selectors of the Gateways, numbered, with their printed form.
#[derive(Default)]
struct Selectors<'a> {
    ids: Map<String, usize>,
    printed: Vec<String>,
    labels: Vec<&'a StringMap>,
}

impl<'a> Selectors<'a> {
    /// gateway.ConflictingGatewayAnalyzer: the number of a selector, by its printed form.
    fn intern(&mut self, labels: &'a StringMap) -> usize {
        let printed = super::selector_string(labels);
        if let Some(&id) = self.ids.get(&printed) {
            return id;
        }
        let id = self.printed.len();
        self.ids.insert(printed.clone(), id);
        self.printed.push(printed);
        self.labels.push(labels);
        id
    }

    /// gateway.ConflictingGatewayAnalyzer: Istio's pre-test before looking for a common pod:
    /// one printed selector contains the other.
    fn nested(&self, a: usize, b: usize) -> bool {
        match (self.printed.get(a), self.printed.get(b)) {
            (Some(x), Some(y)) => x.contains(y.as_str()) || y.contains(x.as_str()),
            _ => false,
        }
    }
}

/// (selector, port, bind, host) → the Gateways (positions in `index.gateways`) with such a
/// server.
type ServerKeys<'a> = Map<(usize, u32, &'a str, &'a str), Vec<usize>>;

/// gateway.ConflictingGatewayAnalyzer: IST0145 (conflicting gateways) and IST0101 (selector
/// matching no known gateway selector).
pub(super) fn run(index: &Index<'_>, sink: &mut Sink) {
    // A lone Gateway conflicts with nothing, and a selector with servers is a group of its
    // own: only a lone Gateway without servers can be reported (IST0101), by the full walk.
    if let [only] = index.gateways.as_slice()
        && !only.object.spec.servers.is_empty()
    {
        return;
    }
    walk(index, sink);
}

/// gateway.ConflictingGatewayAnalyzer over any number of Gateways.
fn walk(index: &Index<'_>, sink: &mut Sink) {
    let mut selectors = Selectors::default();
    let gateway_selector: Vec<usize> = index
        .gateways
        .iter()
        .map(|g| selectors.intern(&g.object.spec.selector))
        .collect();
    let names: Vec<String> = index.gateways.iter().map(full_name).collect();
    let mut keyed = vec![false; selectors.printed.len()];
    let mut keys = ServerKeys::default();
    for (position, gateway) in index.gateways.iter().enumerate() {
        let Some(&selector) = gateway_selector.get(position) else {
            continue;
        };
        for server in &gateway.object.spec.servers {
            if let Some(flag) = keyed.get_mut(selector) {
                *flag = true;
            }
            for host in &server.hosts {
                let list = keys.entry(server_key(selector, server, host)).or_default();
                if list.last() != Some(&position) {
                    list.push(position);
                }
            }
        }
    }
    let compatible = compatible_selectors(index, &selectors);
    let context = Context {
        selectors: &selectors,
        compatible: &compatible,
        keyed: &keyed,
        keys: &keys,
        names: &names,
    };
    for (position, gateway) in index.gateways.iter().enumerate() {
        if let Some(&selector) = gateway_selector.get(position) {
            context.check(sink, position, gateway, selector);
        }
    }
}

/// gateway.ConflictingGatewayAnalyzer: the key of one host of a server (a missing port counts
/// as 0 and a missing bind as empty, as Istio reads them).
fn server_key<'a>(
    selector: usize,
    server: &'a Server,
    host: &'a str,
) -> (usize, u32, &'a str, &'a str) {
    let port = server.port.as_ref().map_or(0, |p| p.number);
    (selector, port, server.bind.as_deref().unwrap_or(""), host)
}

/// What the ConflictingGatewayAnalyzer looks Gateways up in.
struct Context<'c, 'a> {
    selectors: &'c Selectors<'a>,
    compatible: &'c [Vec<usize>],
    keyed: &'c [bool],
    keys: &'c ServerKeys<'a>,
    names: &'c [String],
}

impl Context<'_, '_> {
    /// gateway.ConflictingGatewayAnalyzer: IST0101 for a selector reaching no known selector
    /// group, else IST0145 for each server sharing a host, port and bind with another Gateway
    /// on compatible pods.
    fn check(
        &self,
        sink: &mut Sink,
        position: usize,
        gateway: &Entry<'_, Gateway>,
        selector: usize,
    ) {
        let compatible = self.compatible.get(selector).map_or(&[][..], Vec::as_slice);
        let printed = self
            .selectors
            .printed
            .get(selector)
            .map_or("", String::as_str);
        let known = compatible
            .iter()
            .any(|&s| self.keyed.get(s).copied().unwrap_or(false));
        if !printed.is_empty() && !known {
            report_selector_not_found(sink, gateway, RULE, printed);
            return;
        }
        let own = self.names.get(position).map_or("", String::as_str);
        for (i, server) in gateway.object.spec.servers.iter().enumerate() {
            let others = self.conflicts(server, compatible, own);
            if others.is_empty() {
                continue;
            }
            let port = server.port.as_ref().map_or(0, |p| p.number);
            sink.report(
                gateway.index,
                Severity::Error,
                "IST0145",
                RULE,
                server_path(i),
                format!(
                    "Conflict with gateways {} (workload selector {printed}, port {port}, hosts {}).",
                    others.into_iter().collect::<Vec<_>>().join(","),
                    server.hosts.join(","),
                ),
            );
        }
    }

    /// gateway.ConflictingGatewayAnalyzer IST0145: the other Gateways (sorted full names) with
    /// a server of one of the `compatible` selectors on this server's port and bind that
    /// declares one of its hosts.
    fn conflicts<'n>(
        &'n self,
        server: &Server,
        compatible: &[usize],
        own: &str,
    ) -> BTreeSet<&'n str> {
        let mut others = BTreeSet::new();
        for host in &server.hosts {
            for &selector in compatible {
                let Some(list) = self.keys.get(&server_key(selector, server, host)) else {
                    continue;
                };
                for &other in list {
                    match self.names.get(other) {
                        Some(name) if name != own => {
                            others.insert(name.as_str());
                        }
                        _ => {}
                    }
                }
            }
        }
        others
    }
}

/// gateway.ConflictingGatewayAnalyzer: for each distinct selector, the selectors Istio treats
/// as the same workload: itself; and any other whose printed form contains it or is contained
/// in it, when some pod matches both (the empty selector matches every pod).
fn compatible_selectors(index: &Index<'_>, selectors: &Selectors<'_>) -> Vec<Vec<usize>> {
    let count = selectors.printed.len();
    let matched = pods_matched(index, selectors);
    let mut compatible: Vec<Vec<usize>> = (0..count).map(|s| vec![s]).collect();
    let empty = selectors.ids.get("").copied();
    for (selector, list) in compatible.iter_mut().enumerate() {
        if Some(selector) == empty {
            continue;
        }
        let Some(pods) = matched.selected.get(selector) else {
            continue;
        };
        if pods.is_empty() {
            continue;
        }
        if let Some(empty) = empty {
            list.push(empty);
        }
        let mut seen_classes = Set::default();
        let mut seen = Set::from_iter([selector]);
        for class in pods.iter().filter_map(|pod| matched.class_of.get(pod)) {
            if !seen_classes.insert(*class) {
                continue;
            }
            for &other in matched.classes.get(*class).into_iter().flatten() {
                if seen.insert(other) && selectors.nested(selector, other) {
                    list.push(other);
                }
            }
        }
    }
    if let Some(empty) = empty {
        let reaching: Vec<usize> = (0..count)
            .filter(|&s| s != empty && matched.selected.get(s).is_some_and(|p| !p.is_empty()))
            .collect();
        if let Some(list) = compatible.get_mut(empty) {
            list.extend(reaching);
        }
    }
    compatible
}

/// Which pods each non-empty selector matches, with pods grouped into classes by the set of
/// selectors that match them.
struct Matched {
    /// Per selector: the pods (positions in the input) it matches.
    selected: Vec<Vec<usize>>,
    /// Per pod matched by some selector: its class.
    class_of: Map<usize, usize>,
    /// Per class: the selectors matching its pods.
    classes: Vec<Vec<usize>>,
}

/// gateway.ConflictingGatewayAnalyzer: the pods each non-empty selector matches, through the
/// label index, and the classes of pods matched by the same selectors.
fn pods_matched(index: &Index<'_>, selectors: &Selectors<'_>) -> Matched {
    let mut selected = Vec::with_capacity(selectors.labels.len());
    let mut by_pod: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (selector, labels) in selectors.labels.iter().enumerate() {
        if labels.is_empty() {
            selected.push(Vec::new());
            continue;
        }
        let pods: Vec<usize> = index
            .pods_selected(*labels, None)
            .map(|p| p.index)
            .collect();
        for &pod in &pods {
            by_pod.entry(pod).or_default().push(selector);
        }
        selected.push(pods);
    }
    let mut class_ids: Map<Vec<usize>, usize> = Map::default();
    let mut class_of = Map::default();
    let mut classes = Vec::new();
    for (pod, matching) in by_pod {
        let class = *class_ids.entry(matching.clone()).or_insert_with(|| {
            classes.push(matching);
            classes.len() - 1
        });
        class_of.insert(pod, class);
    }
    Matched {
        selected,
        class_of,
        classes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::Options;
    use crate::manifest::{Object, ObjectView};
    use crate::networking::{GatewaySpec, Port};

    /// The full walk's findings over the objects, as (code, path) pairs.
    fn walked(objects: &[Object]) -> Vec<(String, String)> {
        let views: Vec<ObjectView<'_>> = objects.iter().map(Object::view).collect();
        let options = Options::default();
        let index = Index::new(&views, &options);
        let mut sink = Sink::default();
        walk(&index, &mut sink);
        sink.finish()
            .into_iter()
            .map(|found| {
                (
                    found.finding.code.to_owned(),
                    found.finding.path.to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn a_lone_gateway_with_servers_gives_nothing_on_the_full_walk_either() {
        let server = |host: &str| {
            Server::builder()
                .port(
                    Port::builder()
                        .number(80)
                        .protocol("HTTP")
                        .name("http")
                        .build(),
                )
                .hosts([host])
                .build()
        };
        for selector in [vec![], vec![("istio", "egressgateway")]] {
            for servers in [
                vec![server("a.example.com")],
                vec![server("*"), server("*")],
            ] {
                let spec = GatewaySpec::builder()
                    .selector(selector.clone())
                    .servers(servers)
                    .build();
                let gateway = Gateway::new("g", spec).in_namespace("ns");
                // With and without a pod the selector reaches.
                let pod = k8s_openapi::api::core::v1::Pod {
                    metadata: k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta {
                        name: Some("p".into()),
                        namespace: Some("ns".into()),
                        labels: Some(
                            selector
                                .iter()
                                .map(|(k, v)| (k.to_string(), v.to_string()))
                                .collect(),
                        ),
                        ..Default::default()
                    },
                    ..Default::default()
                };
                assert_eq!(walked(&[Object::from(gateway.clone())]), vec![]);
                assert_eq!(walked(&[Object::from(gateway), Object::from(pod)]), vec![]);
            }
        }
    }
}
