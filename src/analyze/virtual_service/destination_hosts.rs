//! `virtualservice.DestinationHostAnalyzer`: every route and mirror destination of a
//! VirtualService must be a host the mesh knows and can see from the VirtualService's
//! namespace (IST0101), on a port that host has (IST0101 `host:port`), with a port chosen when
//! it has several (IST0112); and a gateway-bound route without a subset to a host that some
//! VirtualService routes to by subset gets IST0140.

use crate::analyze::fast::Map;
use compact_str::CompactString;
use std::borrow::Cow;

use super::destinations::{Located, Visited};
use super::hosts::{fqdn, go_list, quote};
use crate::analyze::Options;
use crate::analyze::index::{Entry, Index, RegisteredHost};
use crate::analyze::sink::Sink;
use crate::analyze::visibility::Visibility;
use crate::networking::VirtualService;
use crate::path::FieldPath;
use crate::validate::Severity;

const RULE: &str = "virtualservice.DestinationHostAnalyzer";

/// The registered hosts (ServiceEntry hosts, Kubernetes Services) filed the way the
/// DestinationHostAnalyzer looks them up for IST0101 and IST0112: every host by its fully
/// qualified name (wildcards as written), wildcard hosts also by what follows their `*`.
struct Registry<'r, 'a> {
    hosts: &'r [RegisteredHost<'a>],
    exact: Map<Cow<'r, str>, Positions>,
    wildcard: Map<&'r str, Positions>,
}

/// The positions (into the index's hosts) filed under one name, in filing order. Nearly every
/// name has one, kept in the table's own entry, so that a lookup in a large mesh does not
/// wait on memory a second time for a list of one.
#[derive(Debug, Default)]
struct Positions {
    first: Option<usize>,
    more: Vec<usize>,
}

impl Positions {
    /// Files `position` after those already filed.
    fn push(&mut self, position: usize) {
        if self.first.is_none() {
            self.first = Some(position);
        } else {
            self.more.push(position);
        }
    }

    /// The positions, last filed first.
    fn last_first(&self) -> impl Iterator<Item = usize> + '_ {
        self.first
            .into_iter()
            .chain(self.more.iter().copied())
            .rev()
    }
}

impl<'r, 'a> Registry<'r, 'a> {
    /// Files the index's registered hosts (for IST0101 and IST0112); a ServiceEntry's short
    /// host is qualified with the ServiceEntry's namespace.
    fn new(index: &'r Index<'a>, options: &Options) -> Self {
        // Nearly every host has a name of its own: sized for them all, the table is built
        // without growing.
        let mut exact: Map<Cow<'r, str>, Positions> = Map::with_capacity(index.hosts.len());
        let mut wildcard: Map<&'r str, Positions> = Map::default();
        for (position, host) in index.hosts.iter().enumerate() {
            if let Some(tail) = host.host.strip_prefix('*') {
                wildcard.entry(tail).or_default().push(position);
            }
            exact
                .entry(fqdn(&host.host, host.namespace, &options.cluster_domain))
                .or_default()
                .push(position);
        }
        Self {
            hosts: &index.hosts,
            exact,
            wildcard,
        }
    }

    /// The last of `positions` whose host satisfies `visible`.
    fn last_visible(
        &self,
        positions: Option<&Positions>,
        visible: impl Fn(&Visibility<'_>) -> bool,
    ) -> Option<&'r RegisteredHost<'a>> {
        positions
            .into_iter()
            .flat_map(Positions::last_first)
            .filter_map(|p| self.hosts.get(p))
            .find(|h| visible(&h.visibility))
    }

    /// The service a VirtualService in `namespace` reaches under `host`, looked up in Istio's
    /// order (IST0101): a host exported to every namespace; then one exported to the
    /// VirtualService's namespace, or to one of the namespaces its own `exportTo` names; then
    /// a wildcard host whose suffix ends `host`, exported to every namespace or to the
    /// VirtualService's.
    fn find(
        &self,
        namespace: &str,
        export_to: &[CompactString],
        host: &str,
        options: &Options,
    ) -> Option<&'r RegisteredHost<'a>> {
        let exact = self
            .exact
            .get(fqdn(host, namespace, &options.cluster_domain).as_ref());
        if let Some(found) = self.last_visible(exact, |v| *v == Visibility::All) {
            return Some(found);
        }
        let scoped = if export_to.is_empty() {
            self.last_visible(exact, |v| v.includes(namespace))
        } else {
            export_to.iter().find_map(|scope| {
                let scope = if scope == "." { namespace } else { scope };
                self.last_visible(exact, |v| v.includes(scope))
            })
        };
        if scoped.is_some() || self.wildcard.is_empty() {
            return scoped;
        }
        let name = host.strip_prefix('*').unwrap_or(host);
        let suffixes = name
            .char_indices()
            .filter_map(|(i, _)| name.get(i..))
            .chain(std::iter::once(""));
        suffixes
            .filter_map(|suffix| self.wildcard.get(suffix))
            .find_map(|positions| self.last_visible(Some(positions), |v| v.includes(namespace)))
    }
}

/// Runs `virtualservice.DestinationHostAnalyzer` (IST0101, IST0112, IST0140) over every
/// VirtualService; `visited` is every destination of the index's VirtualServices, in their
/// order (see [`destinations::all`](super::destinations::all)).
pub(super) fn run(index: &Index<'_>, visited: &[Visited<'_>], options: &Options, sink: &mut Sink) {
    let registry = Registry::new(index, options);
    let by_subset = routed_by_subset(index, visited);
    let mut rest = visited;
    for (position, vs) in index.virtual_services.iter().enumerate() {
        let count = rest.iter().take_while(|d| d.vs == position).count();
        let (own, after) = rest.split_at_checked(count).unwrap_or((rest, &[]));
        rest = after;
        check_hosts(vs, own, &registry, options, sink);
        check_subsets(vs, own, &index.virtual_services, &by_subset, sink);
    }
}

/// IST0101 and IST0112 of `virtualservice.DestinationHostAnalyzer` for one VirtualService.
fn check_hosts(
    vs: &Entry<'_, VirtualService>,
    destinations: &[Visited<'_>],
    registry: &Registry<'_, '_>,
    options: &Options,
    sink: &mut Sink,
) {
    let spec = &vs.object.spec;
    for destination in destinations {
        let host = destination.host;
        match registry.find(vs.namespace, &spec.export_to, host, options) {
            None => {
                let reftype = if destination.mirror {
                    "mirror host"
                } else {
                    "host"
                };
                sink.report(
                    vs.index,
                    Severity::Error,
                    "IST0101",
                    RULE,
                    destination.located.path().key("host"),
                    format!("Referenced {reftype} not found: {}", quote(host)),
                );
            }
            Some(service) => check_port(vs, &destination.located, service, sink),
        }
    }
}

/// IST0112 and IST0101 (`host:port`) of `virtualservice.DestinationHostAnalyzer`: a
/// destination without a port to a service with several, or with a port the service lacks.
fn check_port(
    vs: &Entry<'_, VirtualService>,
    destination: &Located<'_>,
    service: &RegisteredHost<'_>,
    sink: &mut Sink,
) {
    let port = destination.destination.and_then(|d| d.port.as_ref());
    let Some(port) = port else {
        if service.ports.len() > 1 {
            let numbers = service.ports.numbers();
            sink.report(
                vs.index,
                Severity::Error,
                "IST0112",
                RULE,
                destination.path(),
                format!(
                    "This VirtualService routes to a service {} that exposes multiple ports {}. Specifying a port in the destination is required to disambiguate.",
                    quote(destination.host()),
                    go_list(numbers),
                ),
            );
        }
        return;
    };
    let number = port.number.unwrap_or(0);
    if service.ports.numbers().all(|p| p != number) {
        sink.report(
            vs.index,
            Severity::Error,
            "IST0101",
            RULE,
            destination.path().key("port").key("number"),
            format!(
                "Referenced host:port not found: {}",
                quote(&format!("{}:{number}", destination.host()))
            ),
        );
    }
}

/// For IST0140: the VirtualServices (positions into `virtual_services`) that route to one of
/// their own hosts by subset, by that host as written.
fn routed_by_subset<'a>(index: &Index<'a>, visited: &[Visited<'a>]) -> Map<&'a str, Vec<usize>> {
    let mut found: Map<&'a str, Vec<usize>> = Map::default();
    for destination in visited {
        if destination.subset.is_none() || destination.located.http_route().is_none() {
            continue;
        }
        let Some(vs) = index.virtual_services.get(destination.vs) else {
            continue;
        };
        if !vs.object.spec.hosts.iter().any(|h| h == destination.host) {
            continue;
        }
        let list = found.entry(destination.host).or_default();
        if list.last() != Some(&destination.vs) {
            list.push(destination.vs);
        }
    }
    found
}

/// IST0140 of `virtualservice.DestinationHostAnalyzer`: a VirtualService with `gateways`
/// routes by HTTP to a host without a subset, while a VirtualService routes to that host by
/// subset; subsets have no effect on the gateway's requests. Reported once per destination
/// and subset-routing VirtualService; `destinations` are the VirtualService's own.
fn check_subsets(
    vs: &Entry<'_, VirtualService>,
    destinations: &[Visited<'_>],
    all: &[Entry<'_, VirtualService>],
    by_subset: &Map<&str, Vec<usize>>,
    sink: &mut Sink,
) {
    if vs.object.spec.gateways.is_empty() {
        return;
    }
    for destination in destinations {
        let Some((i, j)) = destination.located.http_route() else {
            continue;
        };
        if destination.located.destination.is_none() || destination.subset.is_some() {
            continue;
        }
        let others = by_subset.get(destination.host).into_iter().flatten();
        for other in others.filter_map(|&p| all.get(p)) {
            let path = FieldPath::root()
                .key("spec")
                .key("http")
                .index(i)
                .key("route")
                .index(j)
                .key("destination")
                .key("host");
            sink.report(
                vs.index,
                Severity::Warning,
                "IST0140",
                RULE,
                path,
                format!(
                    "Subset in virtual service {}/{} has no effect on ingress gateway {}/{} requests",
                    other.namespace, other.name, vs.namespace, vs.name,
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Positions;

    #[test]
    fn positions_come_back_last_filed_first() {
        let mut positions = Positions::default();
        assert_eq!(positions.last_first().count(), 0);
        positions.push(4);
        assert_eq!(positions.last_first().collect::<Vec<_>>(), [4]);
        positions.push(9);
        positions.push(2);
        assert_eq!(positions.last_first().collect::<Vec<_>>(), [2, 9, 4]);
    }
}
