//! Destinations and their weights: V40 for every destination (under the rule of the place it
//! stands: V40 for HTTP routes, V34 `mirror`, V35 `mirrors`, V47 TLS, V49 TCP), V41 for HTTP
//! route destinations, V35 for mirror policies, and the weights of V41/V47/V49.

use super::super::common;
use super::super::ctx::Ctx;
use super::Scope;
use super::http::header_operations;
use crate::networking::{Destination, HttpMirrorPolicy, HttpRouteDestination, RouteDestination};

/// V40 under `rule`: host not `*` and a valid domain, DNS-1123 subset, port 1..65535.
pub(super) fn destination<'o>(target: &'o Destination, rule: &'static str, ctx: &mut Ctx<'o>) {
    if target.host == "*" {
        ctx.error_at(
            "host",
            rule,
            format!("invalid destination host {}", target.host),
        );
    } else if let Err(e) = common::wildcard_domain(&target.host) {
        ctx.error_at("host", rule, e);
    }
    if let Some(subset) = target.subset.as_deref()
        && !subset.is_empty()
        && !common::is_dns1123_label(subset)
    {
        ctx.error_at("subset", rule, format!("subset name is invalid: {subset}"));
    }
    if let Some(selector) = &target.port {
        let checked = common::port(selector.number.unwrap_or(0));
        ctx.key("port", |ctx| match (checked, selector.number) {
            (Err(e), Some(_)) => ctx.error_at("number", rule, e),
            (Err(e), None) => ctx.error(rule, e),
            (Ok(()), _) => {}
        });
    }
}

/// V35: each mirror has a destination valid per V40 and a percentage within 0..100.
pub(super) fn mirrors<'o>(policies: &'o [HttpMirrorPolicy], ctx: &mut Ctx<'o>) {
    ctx.each("mirrors", policies, |ctx, policy| {
        let Some(target) = &policy.destination else {
            ctx.error_at("destination", "V35", "destination is required for mirrors");
            return;
        };
        ctx.key("destination", |ctx| destination(target, "V35", ctx));
        let value = policy.percentage.as_ref().map(|p| p.value.unwrap_or(0.0));
        if let Some(message) = value.and_then(|v| percentage_bounds(v, Wording::Mirrors)) {
            ctx.key("percentage", |ctx| ctx.error_at("value", "V35", message));
        }
    });
}

/// Which field a mirror percentage message names (V33, V35).
#[derive(Clone, Copy)]
pub(super) enum Wording {
    /// `mirrors[].percentage`.
    Mirrors,
    /// The route's `mirrorPercentage`.
    MirrorPercentage,
}

/// The 0..100 bound of a mirror percentage, in the wording of the field (V33, V35).
pub(super) fn percentage_bounds(value: f64, wording: Wording) -> Option<String> {
    let name = match wording {
        Wording::Mirrors => "mirror percentage",
        Wording::MirrorPercentage => "mirror_percentage",
    };
    if value > 100.0 {
        Some(format!(
            "{name} must have a max value of 100 (it has {value:.6})"
        ))
    } else if value < 0.0 {
        Some(format!(
            "{name} must have a min value of 0 (it has {value:.6})"
        ))
    } else {
        None
    }
}

/// V40/V41: HTTP route destinations, their weights and header operations.
pub(super) fn http_destinations<'o>(
    scope: Scope<'o>,
    routes: &'o [HttpRouteDestination],
    ctx: &mut Ctx<'o>,
) {
    ctx.each("route", routes, |ctx, route| {
        routed(
            scope,
            route.destination.as_ref(),
            route.weight,
            "V41",
            "V40",
            ctx,
        );
        if let Some(operations) = &route.headers {
            ctx.key("headers", |ctx| header_operations(operations, "V41", ctx));
        }
    });
    total_weight(routes.iter().map(|r| r.weight), "V41", ctx);
}

/// V47 (TLS) / V49 (TCP): destinations present and valid, weights not negative or all 0.
pub(super) fn l4_destinations<'o>(
    scope: Scope<'o>,
    routes: &'o [RouteDestination],
    rule: &'static str,
    ctx: &mut Ctx<'o>,
) {
    ctx.each("route", routes, |ctx, route| {
        routed(
            scope,
            route.destination.as_ref(),
            route.weight,
            rule,
            rule,
            ctx,
        );
    });
    total_weight(routes.iter().map(|r| r.weight), rule, ctx);
}

/// V40/V41/V47/V49: one weighted destination is present, valid and not negatively weighted.
fn routed<'o>(
    scope: Scope<'o>,
    target: Option<&'o Destination>,
    weight: Option<i32>,
    rule: &'static str,
    destination_rule: &'static str,
    ctx: &mut Ctx<'o>,
) {
    match target {
        None => ctx.error_at("destination", rule, "destination is required"),
        Some(target) if !scope.gateway_semantics => {
            ctx.key("destination", |ctx| {
                destination(target, destination_rule, ctx)
            });
        }
        Some(_) => {}
    }
    if let Some(weight) = weight.filter(|w| *w < 0) {
        ctx.error_at("weight", rule, format!("weight {weight} < 0"));
    }
}

/// V41/V47/V49: several destinations may not all weigh 0 (a wrapping 32-bit sum, as Istio).
fn total_weight(
    weights: impl ExactSizeIterator<Item = Option<i32>>,
    rule: &'static str,
    ctx: &mut Ctx<'_>,
) {
    let count = weights.len();
    let total = weights.fold(0_i32, |sum, w| sum.wrapping_add(w.unwrap_or(0)));
    if count > 1 && total == 0 {
        ctx.error_at("route", rule, "total destination weight = 0");
    }
}
