//! The destinations of a VirtualService with where each one sits, in the order Istio's
//! VirtualService analyzers visit them: the `tcp`, `tls` and `http` route destinations, then
//! the HTTP mirrors.

use crate::analyze::index::Entry;
use crate::networking::{Destination, VirtualService};
use crate::path::FieldPath;

/// One destination of a VirtualService.
#[derive(Debug)]
pub(super) struct Located<'v> {
    /// The destination; `None` when the route leaves it out (Istio then sees an empty one).
    pub(super) destination: Option<&'v Destination>,
    /// Where the destination object is; its [`path`](Self::path) is only built for a
    /// finding.
    place: Place,
}

/// Where a destination sits in its VirtualService.
#[derive(Debug, Clone, Copy)]
enum Place {
    /// `spec.<kind>[rule].route[route].destination`.
    Route {
        kind: &'static str,
        rule: usize,
        route: usize,
    },
    /// `spec.http[rule].mirror`.
    Mirror { rule: usize },
    /// `spec.http[rule].mirrors[policy].destination`.
    Mirrors { rule: usize, policy: usize },
}

impl<'v> Located<'v> {
    /// Where the destination object is (`spec.http[0].route[1].destination`,
    /// `spec.http[2].mirror`).
    pub(super) fn path(&self) -> FieldPath {
        match self.place {
            Place::Route { kind, rule, route } => route_path(kind, rule, route),
            Place::Mirror { rule } => http_rule(rule).key("mirror"),
            Place::Mirrors { rule, policy } => http_rule(rule)
                .key("mirrors")
                .index(policy)
                .key("destination"),
        }
    }

    /// The rule and route positions of an HTTP route destination
    /// (`spec.http[rule].route[route].destination`); `None` for any other place.
    pub(super) fn http_route(&self) -> Option<(usize, usize)> {
        match self.place {
            Place::Route {
                kind: "http",
                rule,
                route,
            } => Some((rule, route)),
            _ => None,
        }
    }

    /// The destination's host; empty when there is none.
    pub(super) fn host(&self) -> &'v str {
        self.destination.map_or("", |d| d.host.as_str())
    }

    /// The destination's subset, if it names a non-empty one.
    pub(super) fn subset(&self) -> Option<&'v str> {
        self.destination
            .and_then(|d| d.subset.as_deref())
            .filter(|s| !s.is_empty())
    }
}

/// `spec.http[rule]`.
fn http_rule(rule: usize) -> FieldPath {
    FieldPath::root().key("spec").key("http").index(rule)
}

/// The path of route `route` of rule `rule` of `kind` (`tcp`, `tls`, `http`), for the
/// DestinationHost and DestinationRule analyzers' IST0101 and IST0112.
fn route_path(kind: &'static str, rule: usize, route: usize) -> FieldPath {
    FieldPath::root()
        .key("spec")
        .key(kind)
        .index(rule)
        .key("route")
        .index(route)
        .key("destination")
}

/// The route destinations (`tcp`, then `tls`, then `http`), as the DestinationHost and
/// DestinationRule analyzers visit them for IST0101 and IST0112.
pub(super) fn routes(vs: &VirtualService) -> impl Iterator<Item = Located<'_>> {
    let spec = &vs.spec;
    let tcp = spec.tcp.iter().enumerate().flat_map(|(i, rule)| {
        rule.route.iter().enumerate().map(move |(j, d)| Located {
            destination: d.destination.as_ref(),
            place: Place::Route {
                kind: "tcp",
                rule: i,
                route: j,
            },
        })
    });
    let tls = spec.tls.iter().enumerate().flat_map(|(i, rule)| {
        rule.route.iter().enumerate().map(move |(j, d)| Located {
            destination: d.destination.as_ref(),
            place: Place::Route {
                kind: "tls",
                rule: i,
                route: j,
            },
        })
    });
    let http = spec.http.iter().enumerate().flat_map(|(i, rule)| {
        rule.route.iter().enumerate().map(move |(j, d)| Located {
            destination: d.destination.as_ref(),
            place: Place::Route {
                kind: "http",
                rule: i,
                route: j,
            },
        })
    });
    tcp.chain(tls).chain(http)
}

/// The HTTP mirrors (`mirror`, then each of `mirrors`, rule by rule), as the DestinationHost
/// and DestinationRule analyzers visit them for IST0101 and IST0112.
pub(super) fn mirrors(vs: &VirtualService) -> impl Iterator<Item = Located<'_>> {
    vs.spec.http.iter().enumerate().flat_map(|(i, rule)| {
        let mirror = rule.mirror.as_ref().map(|mirror| Located {
            destination: Some(mirror),
            place: Place::Mirror { rule: i },
        });
        let policies = rule
            .mirrors
            .iter()
            .enumerate()
            .map(move |(j, policy)| Located {
                destination: policy.destination.as_ref(),
                place: Place::Mirrors { rule: i, policy: j },
            });
        mirror.into_iter().chain(policies)
    })
}

/// A route or mirror destination of one of the analyzed VirtualServices, with what the
/// analyzers read of it copied out.
#[derive(Debug)]
pub(super) struct Visited<'v> {
    /// The VirtualService's position in the index's `virtual_services`.
    pub(super) vs: usize,
    /// Whether it is a mirror (`mirror` or `mirrors`) rather than a route destination.
    pub(super) mirror: bool,
    /// The destination's host; empty when there is none.
    pub(super) host: &'v str,
    /// The destination's subset, if it names a non-empty one.
    pub(super) subset: Option<&'v str>,
    /// The destination and where it is.
    pub(super) located: Located<'v>,
}

/// Every route and then every mirror destination of each VirtualService, VirtualService by
/// VirtualService: the order in which the DestinationHost and DestinationRule analyzers
/// report. Both read this one list instead of walking the objects again; at a hundred
/// thousand objects a walk through them waits on memory at every step, while this list is
/// read in order.
pub(super) fn all<'v>(virtual_services: &[Entry<'v, VirtualService>]) -> Vec<Visited<'v>> {
    let mut out = Vec::with_capacity(virtual_services.len().saturating_mul(2));
    for (position, vs) in virtual_services.iter().enumerate() {
        let routes = routes(vs.object).map(|d| (d, false));
        let mirrors = mirrors(vs.object).map(|d| (d, true));
        out.extend(routes.chain(mirrors).map(|(located, mirror)| Visited {
            vs: position,
            mirror,
            host: located.host(),
            subset: located.subset(),
            located,
        }));
    }
    out
}
