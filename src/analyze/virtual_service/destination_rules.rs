//! `virtualservice.DestinationRuleAnalyzer`: a route or mirror destination that names a
//! subset needs a DestinationRule that defines that subset for its host (IST0101).
//!
//! Like Istio, hosts are compared as (namespace, name): `<name>.<namespace>.svc.<domain>`
//! names a Service in its namespace, and any other host is a name in the namespace of the
//! object that writes it. So a VirtualService's `edition.cnn.com` only meets a DestinationRule
//! for `edition.cnn.com` in the same namespace, while cluster-local names meet across
//! namespaces. DestinationRule `exportTo` is not considered.

use crate::analyze::fast::Set;

use super::destinations::Visited;
use super::hosts::{fqdn, quote, resource_name};
use crate::analyze::Options;
use crate::analyze::index::Index;
use crate::analyze::sink::Sink;
use crate::validate::Severity;

const RULE: &str = "virtualservice.DestinationRuleAnalyzer";

/// Every (namespace, name, subset) some DestinationRule defines, for IST0101 of
/// `virtualservice.DestinationRuleAnalyzer`; a rule's short host is qualified with the rule's
/// namespace first.
fn defined_subsets(index: &Index<'_>, options: &Options) -> Set<String> {
    let mut defined = Set::default();
    for rule in &index.destination_rules {
        let host = fqdn(
            &rule.object.spec.host,
            rule.namespace,
            &options.cluster_domain,
        );
        let (namespace, name) = resource_name(rule.namespace, &host, &options.cluster_domain);
        for subset in &rule.object.spec.subsets {
            let mut key = String::new();
            subset_key(&mut key, namespace, name, &subset.name);
            defined.insert(key);
        }
    }
    defined
}

/// Writes the key of a subset of the Service `namespace/name` into `key`, replacing what it
/// held; NUL separates the parts, since no name holds one.
fn subset_key(key: &mut String, namespace: &str, name: &str, subset: &str) {
    key.clear();
    key.reserve(namespace.len() + name.len() + subset.len() + 2);
    for (i, part) in [namespace, name, subset].into_iter().enumerate() {
        if i > 0 {
            key.push('\0');
        }
        key.push_str(part);
    }
}

/// Runs `virtualservice.DestinationRuleAnalyzer` (IST0101 `host+subset in destinationrule`,
/// `mirror+subset in destinationrule`) over every VirtualService.
/// `visited` is every destination of the index's VirtualServices (see
/// [`destinations::all`](super::destinations::all)).
pub(super) fn run(index: &Index<'_>, visited: &[Visited<'_>], options: &Options, sink: &mut Sink) {
    let defined = defined_subsets(index, options);
    let mut key = String::new();
    for destination in visited {
        let Some(subset) = destination.subset else {
            continue;
        };
        let Some(vs) = index.virtual_services.get(destination.vs) else {
            continue;
        };
        let (namespace, name) =
            resource_name(vs.namespace, destination.host, &options.cluster_domain);
        subset_key(&mut key, namespace, name, subset);
        if defined.contains(&key) {
            continue;
        }
        let reftype = if destination.mirror {
            "mirror+subset in destinationrule"
        } else {
            "host+subset in destinationrule"
        };
        sink.report(
            vs.index,
            Severity::Error,
            "IST0101",
            RULE,
            destination.located.path().key("subset"),
            format!(
                "Referenced {reftype} not found: {}",
                quote(&format!("{}+{subset}", destination.host))
            ),
        );
    }
}
