//! `virtualservice.ConflictingMeshGatewayHostsAnalyzer`: two VirtualServices bound to the
//! `mesh` gateway must not claim the same host for the same namespaces (IST0109).
//!
//! Like Istio, each mesh-bound VirtualService files its hosts (made fully qualified) under
//! each namespace its `exportTo` reaches, or under `*`; VirtualServices filed under the same
//! (scope, host) conflict, and one filed for a namespace also conflicts with those filed under
//! `*` whose host overlaps (wildcards included). Hosts are bucketed by (scope, host) and the
//! `*` ones by suffix, so no two VirtualServices are compared unless they share a host.

use crate::analyze::fast::Map;
use std::borrow::Cow;

use super::hosts::{HostSet, fqdn};
use crate::analyze::Options;
use crate::analyze::index::Index;
use crate::analyze::sink::Sink;
use crate::analyze::visibility::Visibility;
use crate::networking::VirtualService;
use crate::path::FieldPath;
use crate::validate::Severity;

const RULE: &str = "virtualservice.ConflictingMeshGatewayHostsAnalyzer";

/// A (scope, host) key and the VirtualServices filed under it, each with the position of the
/// host in its `spec.hosts`.
#[derive(Debug)]
struct Bucket<'a> {
    scope: &'a str,
    host: Cow<'a, str>,
    /// The first claim; a bucket exists because of it.
    first: (usize, usize),
    /// The claims after the first, rare where nothing conflicts.
    more: Vec<(usize, usize)>,
}

impl Bucket<'_> {
    /// Every claim, in the order filed.
    fn claims(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        std::iter::once(self.first).chain(self.more.iter().copied())
    }

    /// How many claims it holds.
    fn len(&self) -> usize {
        1 + self.more.len()
    }
}

/// Whether a VirtualService binds the `mesh` gateway: no `gateways`, or `mesh` among them.
fn binds_mesh(vs: &VirtualService) -> bool {
    vs.spec.gateways.is_empty() || vs.spec.gateways.iter().any(|g| g == "mesh")
}

/// Files every mesh-bound VirtualService's hosts by (scope, fully qualified host), for
/// IST0109, in the order they first appear.
fn buckets<'a>(index: &Index<'a>, options: &'a Options) -> Vec<Bucket<'a>> {
    let count = index.virtual_services.len();
    let mut positions: Map<(&'a str, Cow<'a, str>), usize> = Map::with_capacity(count);
    // A VirtualService exported to two namespaces files its hosts twice: small sets get room
    // for that from the start.
    let mut buckets: Vec<Bucket<'a>> = Vec::with_capacity(count.max(4));
    for (position, vs) in index.virtual_services.iter().enumerate() {
        if !binds_mesh(vs.object) {
            continue;
        }
        // The scopes its hosts are filed under: `*`, or each namespace its `exportTo` names
        // (`.` being its own), once.
        let visibility = Visibility::of(
            &vs.object.spec.export_to,
            vs.namespace,
            &options.default_virtual_service_export_to,
        );
        let everywhere = matches!(visibility, Visibility::All).then_some("*");
        for scope in everywhere.into_iter().chain(visibility.namespaces()) {
            for (k, host) in vs.object.spec.hosts.iter().enumerate() {
                let host = fqdn(host, vs.namespace, &options.cluster_domain);
                let next = buckets.len();
                let mut fresh = None;
                let at = *positions.entry((scope, host)).or_insert_with_key(|key| {
                    fresh = Some(key.1.clone());
                    next
                });
                match fresh {
                    Some(host) => buckets.push(Bucket {
                        scope,
                        host,
                        first: (position, k),
                        more: Vec::new(),
                    }),
                    None => {
                        if let Some(bucket) = buckets.get_mut(at) {
                            bucket.more.push((position, k));
                        }
                    }
                }
            }
        }
    }
    buckets
}

/// Runs `virtualservice.ConflictingMeshGatewayHostsAnalyzer` (IST0109): each conflicting
/// VirtualService is reported once, on the host that conflicts first.
pub(super) fn run(index: &Index<'_>, options: &Options, sink: &mut Sink) {
    let buckets = buckets(index, options);
    if cannot_conflict(&buckets) {
        return;
    }
    let mut everywhere: HostSet<usize> = HostSet::default();
    for (at, bucket) in buckets.iter().enumerate() {
        if bucket.scope == "*" {
            everywhere.insert(&bucket.host, at);
        }
    }
    let mut reported = vec![false; index.virtual_services.len()];
    let mut settled = vec![false; buckets.len()];
    for (at, bucket) in buckets.iter().enumerate() {
        let wider: Vec<usize> = if bucket.scope == "*" {
            Vec::new()
        } else {
            let matching = everywhere.matching(&bucket.host).into_iter();
            matching
                .filter_map(|p| everywhere.value(p).copied())
                .collect()
        };
        let group = std::iter::once(at).chain(wider.iter().copied());
        let size: usize = group
            .clone()
            .filter_map(|b| buckets.get(b))
            .map(Bucket::len)
            .sum();
        let mut fresh = false;
        for b in group.clone() {
            fresh |= !is_settled(b, &buckets, &reported, &mut settled);
        }
        if size < 2 || !fresh {
            continue;
        }
        let claims: Vec<(usize, usize)> = group
            .filter_map(|b| buckets.get(b))
            .flat_map(Bucket::claims)
            .collect();
        report(index, bucket, &claims, &mut reported, sink);
    }
}

/// Whether no claim can meet another: every bucket holds one, and the buckets are all filed
/// under `*` or none is (only a namespace's bucket looks into the `*` ones). Most sets of a
/// few VirtualServices are such, and this spares them the rest of the analyzer.
fn cannot_conflict(buckets: &[Bucket<'_>]) -> bool {
    let everywhere = buckets.iter().filter(|b| b.scope == "*").count();
    buckets.iter().all(|b| b.len() == 1) && (everywhere == 0 || everywhere == buckets.len())
}

/// Whether every VirtualService filed in bucket `at` has had its IST0109; remembered once
/// true, so that a bucket shared by many conflicts is scanned again only while it has news.
fn is_settled(at: usize, buckets: &[Bucket], reported: &[bool], settled: &mut [bool]) -> bool {
    if settled.get(at).copied().unwrap_or(true) {
        return true;
    }
    let done = buckets.get(at).is_none_or(|bucket| {
        bucket
            .claims()
            .all(|(vs, _)| reported.get(vs).copied().unwrap_or(true))
    });
    if done && let Some(flag) = settled.get_mut(at) {
        *flag = true;
    }
    done
}

/// IST0109 of `virtualservice.ConflictingMeshGatewayHostsAnalyzer` on each VirtualService of
/// `claims` not reported yet.
fn report(
    index: &Index<'_>,
    bucket: &Bucket,
    claims: &[(usize, usize)],
    reported: &mut [bool],
    sink: &mut Sink,
) {
    let names: Vec<String> = claims
        .iter()
        .filter_map(|&(vs, _)| index.virtual_services.get(vs))
        .map(|vs| format!("{}/{}", vs.namespace, vs.name))
        .collect();
    let message = format!(
        "The VirtualServices {} associated with mesh gateway define the same host {}/{} which can lead to undefined behavior. This can be fixed by merging the conflicting VirtualServices into a single resource.",
        names.join(","),
        bucket.scope,
        bucket.host,
    );
    for &(position, host) in claims {
        let (Some(vs), Some(done)) = (
            index.virtual_services.get(position),
            reported.get_mut(position),
        ) else {
            continue;
        };
        if *done {
            continue;
        }
        *done = true;
        let path = FieldPath::root().key("spec").key("hosts").index(host);
        sink.report(
            vs.index,
            Severity::Error,
            "IST0109",
            RULE,
            path,
            message.clone(),
        );
    }
}
