//! `conditions.ConditionAnalyzer`: conditions in an object's status that report a failure
//! (`IST0171`). Only the condition types Istio looks at count: `istio.io/WaypointBound` on
//! Services and ServiceEntries; `ZtunnelAccepted` and `WaypointAccepted` on
//! AuthorizationPolicies (plus a `WaypointAccepted` condition with reason `PartiallyInvalid`,
//! whatever its status); `Accepted`, `Programmed` and `ResolvedRefs` on Gateway API Gateways
//! and, per parent, on HTTPRoutes and GRPCRoutes — each when its status is `False`.

use serde_json::Value;

use super::Options;
use super::index::{Entry, Index};
use super::sink::Sink;
use crate::path::FieldPath;
use crate::validate::Severity;

const RULE: &str = "conditions.ConditionAnalyzer";
const WAYPOINT_BOUND: &[&str] = &["istio.io/WaypointBound"];
const POLICY_TYPES: &[&str] = &["ZtunnelAccepted", "WaypointAccepted"];
const GATEWAY_API_TYPES: &[&str] = &["Accepted", "Programmed", "ResolvedRefs"];
const GATEWAY_API_GROUP: &str = "gateway.networking.k8s.io";

/// One condition, as the analyzer reads it.
struct Condition<'a> {
    type_: &'a str,
    status: &'a str,
    reason: &'a str,
    message: &'a str,
}

/// The raw kinds this analyzer reads, in Istio's order.
#[derive(Clone, Copy, PartialEq, Eq)]
enum RawKind {
    AuthorizationPolicy,
    Gateway,
    HttpRoute,
    GrpcRoute,
}

/// Runs `conditions.ConditionAnalyzer` (IST0171) over Services, ServiceEntries,
/// AuthorizationPolicies, Gateway API Gateways, HTTPRoutes and GRPCRoutes.
pub(crate) fn run(index: &Index<'_>, options: &Options, sink: &mut Sink) {
    let _ = options;
    services(index, sink);
    service_entries(index, sink);
    for kind in [
        RawKind::AuthorizationPolicy,
        RawKind::Gateway,
        RawKind::HttpRoute,
        RawKind::GrpcRoute,
    ] {
        for other in index
            .others
            .iter()
            .filter(|o| raw_kind(o.object) == Some(kind))
        {
            raw_object(other, kind, sink);
        }
    }
}

/// `conditions.ConditionAnalyzer` on Services: IST0171 for `istio.io/WaypointBound=False`.
fn services(index: &Index<'_>, sink: &mut Sink) {
    for service in &index.services {
        let conditions = service
            .object
            .status
            .as_ref()
            .and_then(|status| status.conditions.as_deref())
            .unwrap_or_default();
        for (position, c) in conditions.iter().enumerate() {
            let condition = Condition {
                type_: &c.type_,
                status: &c.status,
                reason: &c.reason,
                message: &c.message,
            };
            let path = conditions_path(position);
            report_if_negative(service.index, &condition, WAYPOINT_BOUND, path, sink);
        }
    }
}

/// `conditions.ConditionAnalyzer` on ServiceEntries: IST0171 for
/// `istio.io/WaypointBound=False`.
fn service_entries(index: &Index<'_>, sink: &mut Sink) {
    for entry in &index.service_entries {
        let Some(status) = &entry.object.status else {
            continue;
        };
        for (position, c) in status.conditions.iter().enumerate() {
            let condition = Condition {
                type_: c.type_.as_deref().unwrap_or_default(),
                status: c.status.as_deref().unwrap_or_default(),
                reason: c.reason.as_deref().unwrap_or_default(),
                message: c.message.as_deref().unwrap_or_default(),
            };
            let path = conditions_path(position);
            report_if_negative(entry.index, &condition, WAYPOINT_BOUND, path, sink);
        }
    }
}

/// `conditions.ConditionAnalyzer` on one raw object: its `status.conditions`, or each
/// parent's conditions for routes.
fn raw_object(other: &Entry<'_, Value>, kind: RawKind, sink: &mut Sink) {
    let status = other.object.get("status");
    match kind {
        RawKind::HttpRoute | RawKind::GrpcRoute => {
            for (parent, value) in array(status, "parents").iter().enumerate() {
                for (position, condition) in array(Some(value), "conditions").iter().enumerate() {
                    let path = FieldPath::root()
                        .key("status")
                        .key("parents")
                        .index(parent)
                        .key("conditions")
                        .index(position);
                    let condition = read_condition(condition);
                    report_if_negative(other.index, &condition, GATEWAY_API_TYPES, path, sink);
                }
            }
        }
        RawKind::Gateway | RawKind::AuthorizationPolicy => {
            let types = if kind == RawKind::Gateway {
                GATEWAY_API_TYPES
            } else {
                POLICY_TYPES
            };
            for (position, condition) in array(status, "conditions").iter().enumerate() {
                let condition = read_condition(condition);
                let path = conditions_path(position);
                report_if_negative(other.index, &condition, types, path.clone(), sink);
                let partially_invalid =
                    condition.type_ == "WaypointAccepted" && condition.reason == "PartiallyInvalid";
                if kind == RawKind::AuthorizationPolicy && partially_invalid {
                    report(other.index, &condition, path, sink);
                }
            }
        }
    }
}

/// For `conditions.ConditionAnalyzer`: the list under `key` of a raw JSON object (empty when
/// absent or not a list).
fn array<'v>(value: Option<&'v Value>, key: &str) -> &'v [Value] {
    value
        .and_then(|v| v.get(key))
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default()
}

/// For `conditions.ConditionAnalyzer`: which of the raw kinds it reads an object is, by
/// API group and kind (any version).
fn raw_kind(object: &Value) -> Option<RawKind> {
    let text = |key: &str| object.get(key).and_then(Value::as_str).unwrap_or_default();
    let group = text("apiVersion").rsplit_once('/').map(|(group, _)| group);
    match (group?, text("kind")) {
        ("security.istio.io", "AuthorizationPolicy") => Some(RawKind::AuthorizationPolicy),
        (GATEWAY_API_GROUP, "Gateway") => Some(RawKind::Gateway),
        (GATEWAY_API_GROUP, "HTTPRoute") => Some(RawKind::HttpRoute),
        (GATEWAY_API_GROUP, "GRPCRoute") => Some(RawKind::GrpcRoute),
        _ => None,
    }
}

/// For `conditions.ConditionAnalyzer`: a condition read from raw JSON (missing fields empty).
fn read_condition(value: &Value) -> Condition<'_> {
    let text = |key: &str| value.get(key).and_then(Value::as_str).unwrap_or_default();
    Condition {
        type_: text("type"),
        status: text("status"),
        reason: text("reason"),
        message: text("message"),
    }
}

/// For IST0171: `status.conditions[position]`.
fn conditions_path(position: usize) -> FieldPath {
    FieldPath::root()
        .key("status")
        .key("conditions")
        .index(position)
}

/// IST0171 (`conditions.ConditionAnalyzer`) when the condition is of one of `types` and its
/// status is `False`.
fn report_if_negative(
    object: usize,
    condition: &Condition<'_>,
    types: &[&str],
    path: FieldPath,
    sink: &mut Sink,
) {
    if condition.status == "False" && types.contains(&condition.type_) {
        report(object, condition, path, sink);
    }
}

/// Reports IST0171 (`conditions.ConditionAnalyzer`) for one condition.
fn report(object: usize, condition: &Condition<'_>, path: FieldPath, sink: &mut Sink) {
    let message = format!(
        "A condition with a negative status is present: type={}, reason={}, message={}.",
        condition.type_, condition.reason, condition.message
    );
    sink.report(object, Severity::Warning, "IST0171", RULE, path, message);
}
