//! The webhook's rules for the DestinationRule kind (`D1`–`D29`).
//!
//! This module holds the rules about the object as a whole (host, subsets, `exportTo`,
//! workload selector); the traffic-policy rules, which apply at all four placements of a
//! `TrafficPolicy`, live in the submodules.

mod connection_pool;
mod load_balancer;
mod locality;
mod outlier_detection;
mod tls;
mod traffic_policy;

use crate::small_set::SmallSet;

use super::Options;
use super::common::{self, ExportScope};
use super::ctx::Ctx;
use crate::networking::{DestinationRule, DestinationRuleSpec, Subset, type_v1beta1};

/// Checks a DestinationRule with the webhook's rules (D1–D29).
pub(crate) fn check<'o>(object: &'o DestinationRule, options: &Options, ctx: &mut Ctx<'o>) {
    let _ = options;
    let namespace = common::namespace_of(&object.metadata);
    let spec = &object.spec;
    ctx.key("spec", |ctx| {
        check_host(spec, ctx);
        if let Some(policy) = &spec.traffic_policy {
            ctx.key("trafficPolicy", |ctx| {
                traffic_policy::check(policy, namespace, ctx);
            });
        }
        check_subsets(spec, namespace, ctx);
        check_export_to(spec, namespace, ctx);
        if let Some(selector) = &spec.workload_selector {
            ctx.key("workloadSelector", |ctx| {
                check_workload_selector(selector, ctx)
            });
        }
    });
}

/// D1: the host is a domain name whose first label may be a wildcard.
fn check_host<'o>(spec: &'o DestinationRuleSpec, ctx: &mut Ctx<'o>) {
    if let Err(message) = common::wildcard_domain(&spec.host) {
        ctx.error_at("host", "D1", message);
    }
}

/// D2 (unique subset names) and D3 (each subset) over `spec.subsets`.
fn check_subsets<'o>(spec: &'o DestinationRuleSpec, namespace: &str, ctx: &mut Ctx<'o>) {
    let mut seen: SmallSet<&str, 8> = SmallSet::new();
    ctx.each("subsets", &spec.subsets, |ctx, subset| {
        if !seen.insert(subset.name.as_str()) {
            let message = format!("duplicate subset names: {}", subset.name);
            ctx.error_at("name", "D2", message);
        }
        check_subset(subset, namespace, ctx);
    });
}

/// D3: a subset's name (DNS-1123 label) and labels (S8), then its traffic policy (D6–D29).
fn check_subset<'o>(subset: &'o Subset, namespace: &str, ctx: &mut Ctx<'o>) {
    if subset.name.is_empty() {
        ctx.error_at("name", "D3", "subset name cannot be empty");
    } else if !common::is_dns1123_label(&subset.name) {
        let message = format!("subset name is invalid: {}", subset.name);
        ctx.error_at("name", "D3", message);
    }
    ctx.key("labels", |ctx| {
        for (key, value) in &subset.labels {
            if let Err(message) = common::labels([(key, value)]) {
                ctx.error_at(key, "D3", message);
            }
        }
    });
    if let Some(policy) = &subset.traffic_policy {
        ctx.key("trafficPolicy", |ctx| {
            traffic_policy::check(policy, namespace, ctx);
        });
    }
}

/// D4: `exportTo`, restricted to the own namespace when a workload selector is set.
fn check_export_to<'o>(spec: &'o DestinationRuleSpec, namespace: &str, ctx: &mut Ctx<'o>) {
    let scope = if spec.workload_selector.is_some() {
        ExportScope::DestinationRuleWithSelector
    } else {
        ExportScope::Plain
    };
    for message in common::export_to(namespace, &spec.export_to, scope) {
        ctx.error_at("exportTo", "D4", message);
    }
}

/// D5: no empty keys and no wildcards in the selector; a warning when it has no labels.
fn check_workload_selector<'o>(selector: &'o type_v1beta1::WorkloadSelector, ctx: &mut Ctx<'o>) {
    if selector.match_labels.is_empty() {
        ctx.warning("D5", "workload selector specified without labels");
        return;
    }
    ctx.key("matchLabels", |ctx| {
        for (key, value) in &selector.match_labels {
            let pair = format!("{key}={value}");
            if key.is_empty() {
                let message = format!("empty key is not supported in selector: {pair:?}");
                ctx.error_at(key, "D5", message);
            }
            if key.contains('*') || value.contains('*') {
                let message = format!("wildcard is not supported in selector: {pair:?}");
                ctx.error_at(key, "D5", message);
            }
        }
    });
}
