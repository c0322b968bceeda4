//! The webhook's rules for every kind's metadata (M1–M3).
//!
//! Istio rejects these annotations before it looks at the spec; here the spec is still checked,
//! so that every problem is reported at once.

use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use super::common::namespace_of;
use super::ctx::Ctx;

/// The only kind that may carry [`DRY_RUN`].
const DRY_RUN_KIND: &str = "AuthorizationPolicy";
/// `istio.io/dry-run`: evaluate an AuthorizationPolicy without enforcing it.
const DRY_RUN: &str = "istio.io/dry-run";
/// A test hook: the webhook rejects any object that carries it.
const ALWAYS_REJECT: &str = "internal.istio.io/webhook-always-reject";
/// Annotations istiod sets on objects it generates from Gateway API resources; set by a user
/// they would escalate privileges.
const INTERNAL_ONLY: [&str; 2] = [
    "internal.istio.io/parent-namespace",
    "internal.istio.io/parents",
];

/// Checks the annotations Istio reserves (M1–M3).
pub(crate) fn check<'o>(metadata: &'o ObjectMeta, kind: &str, ctx: &mut Ctx<'o>) {
    let Some(annotations) = metadata.annotations.as_ref() else {
        return;
    };
    ctx.key("metadata", |ctx| {
        ctx.key("annotations", |ctx| {
            for key in annotations.keys() {
                let key = key.as_str();
                if let Some((rule, message)) = message_for(key, kind, metadata) {
                    ctx.error_at(key, rule, message);
                }
            }
        });
    });
}

/// The rule an annotation breaks on this kind, with Istio's message (M1, M2, M3).
fn message_for(key: &str, kind: &str, metadata: &ObjectMeta) -> Option<(&'static str, String)> {
    if key == DRY_RUN && kind != DRY_RUN_KIND {
        let namespace = namespace_of(metadata);
        let name = metadata.name.as_deref().unwrap_or_default();
        return Some((
            "M1",
            format!(
                "{namespace}/{name} has unsupported annotation {DRY_RUN}, please remove the annotation"
            ),
        ));
    }
    if key == ALWAYS_REJECT {
        return Some((
            "M2",
            format!("{ALWAYS_REJECT:?} annotation found, rejecting"),
        ));
    }
    if INTERNAL_ONLY.contains(&key) {
        return Some((
            "M3",
            format!("{key:?} annotation found, this may not be set by users"),
        ));
    }
    None
}
