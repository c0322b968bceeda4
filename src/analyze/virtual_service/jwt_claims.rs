//! `virtualservice.JWTClaimRouteAnalyzer`: a VirtualService that matches on JWT claims
//! (`@request.auth.claims.…` headers) needs a RequestAuthentication on every pod of the
//! Gateways it is bound to, or the claims are never there to match (IST0149).

use crate::analyze::fast::Set;
use compact_str::CompactString;
use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::Pod;
use serde_json::Value;

use super::hosts::short_or_full_name;
use crate::analyze::Options;
use crate::analyze::index::{Entry, Index};
use crate::analyze::sink::Sink;
use crate::networking::VirtualService;
use crate::path::FieldPath;
use crate::validate::Severity;

const RULE: &str = "virtualservice.JWTClaimRouteAnalyzer";

/// The header-name prefix of JWT claim matches.
const CLAIM_PREFIX: &str = "@request.auth.claims";

/// Whether a header name routes on a JWT claim, as Istio reads it for IST0149:
/// `@request.auth.claims` (any case) then `.name…` or `[name]…`.
fn is_claim_key(header: &str) -> bool {
    let Some(head) = header.get(..CLAIM_PREFIX.len()) else {
        return false;
    };
    if !head.eq_ignore_ascii_case(CLAIM_PREFIX) {
        return false;
    }
    let rest = header.get(CLAIM_PREFIX.len()..).unwrap_or("");
    (rest.starts_with('.') && rest.len() > 1)
        || (rest.starts_with('[') && rest.ends_with(']') && rest.len() > 2)
}

/// The first JWT claim header a VirtualService's HTTP matches use (`headers`, then
/// `withoutHeaders`, match by match), for IST0149.
fn claim_key(vs: &VirtualService) -> Option<&str> {
    vs.spec
        .http
        .iter()
        .flat_map(|rule| &rule.r#match)
        .find_map(|m| {
            let keys = m.headers.keys().chain(m.without_headers.keys());
            keys.map(CompactString::as_str)
                .find(|key| is_claim_key(key))
        })
}

/// The `spec.selector.matchLabels` of a raw RequestAuthentication; none selects every pod.
fn match_labels(object: &Value) -> BTreeMap<String, String> {
    let labels = object
        .pointer("/spec/selector/matchLabels")
        .and_then(Value::as_object);
    labels
        .into_iter()
        .flatten()
        .map(|(key, value)| {
            let text = value
                .as_str()
                .map_or_else(|| value.to_string(), str::to_owned);
            (key.clone(), text)
        })
        .collect()
}

/// The pods (by position in the input) some RequestAuthentication applies to, for IST0149:
/// one in the mesh's root namespace covers matching pods everywhere, any other covers the
/// matching pods of its own namespace. Identical selectors are looked up once.
fn authenticated_pods(index: &Index<'_>, options: &Options) -> Set<usize> {
    let mut seen: Set<(Option<&str>, BTreeMap<String, String>)> = Set::default();
    let mut covered = Set::default();
    let policies = index.others.iter().filter(|e| {
        let kind = e.object.get("kind").and_then(Value::as_str);
        let api = e.object.get("apiVersion").and_then(Value::as_str);
        kind == Some("RequestAuthentication")
            && api.is_some_and(|a| a.starts_with("security.istio.io/"))
    });
    for policy in policies {
        let scope = (policy.namespace != options.root_namespace).then_some(policy.namespace);
        let selector = match_labels(policy.object);
        if !seen.insert((scope, selector.clone())) {
            continue;
        }
        covered.extend(index.pods_selected(&selector, scope).map(|pod| pod.index));
    }
    covered
}

/// Runs `virtualservice.JWTClaimRouteAnalyzer` (IST0149) over every VirtualService.
pub(super) fn run(index: &Index<'_>, options: &Options, sink: &mut Sink) {
    let mut covered: Option<Set<usize>> = None;
    for vs in &index.virtual_services {
        let Some(key) = claim_key(vs.object) else {
            continue;
        };
        for (i, reference) in vs.object.spec.gateways.iter().enumerate() {
            if reference == "mesh" {
                continue;
            }
            let (namespace, name) = short_or_full_name(vs.namespace, reference);
            let Some(gateway) = index
                .gateway_by_name
                .get(&(namespace, name))
                .and_then(|&p| index.gateways.get(p))
            else {
                continue;
            };
            let covered = covered.get_or_insert_with(|| authenticated_pods(index, options));
            let scope = options
                .scope_gateway_to_namespace
                .then_some(gateway.namespace);
            let path = FieldPath::root().key("spec").key("gateways").index(i);
            for pod in index.pods_selected(&gateway.object.spec.selector, scope) {
                if !covered.contains(&pod.index) {
                    report(vs, key, (namespace, name), pod, path.clone(), sink);
                }
            }
        }
    }
}

/// IST0149 of `virtualservice.JWTClaimRouteAnalyzer`: a pod of the gateway has no
/// RequestAuthentication.
fn report(
    vs: &Entry<'_, VirtualService>,
    key: &str,
    (namespace, name): (&str, &str),
    pod: &Entry<'_, Pod>,
    path: FieldPath,
    sink: &mut Sink,
) {
    sink.report(
        vs.index,
        Severity::Error,
        "IST0149",
        RULE,
        path,
        format!(
            "The virtual service uses the JWT claim based routing (key: {key}) but found no request authentication for the gateway ({namespace}/{name}) pod ({}). The request authentication must first be applied for the gateway pods to validate the JWT token and make the claims available for routing.",
            pod.name,
        ),
    );
}
