//! One HTTP route: its conflicts (V15–V20), header operations (V25, V26), mirroring (V32–V35)
//! and timeout (V42), and the hand-off to the checks of its matches, policies, actions and
//! destinations.

use super::super::common;
use super::super::ctx::Ctx;
use super::destination::{self, Wording};
use super::{Scope, actions, headers, matches, policy};
use crate::networking::{HeaderOperations, Headers, HttpRoute};

/// How a route stands towards delegation.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// An ordinary route.
    Independent,
    /// A route that hands its traffic to a delegate VirtualService.
    Root,
    /// A route of a delegate VirtualService.
    Delegate,
}

/// Checks one HTTP route with every rule that applies to it (V15–V42).
pub(super) fn check<'o>(scope: Scope<'o>, route: &'o HttpRoute, ctx: &mut Ctx<'o>) {
    conflicts(scope, route, ctx);
    matches::check_http(scope, &route.r#match, ctx);
    if let Some(operations) = &route.headers {
        ctx.key("headers", |ctx| header_operations(operations, "V25", ctx));
    }
    policy::check(route, ctx);
    mirroring(route, ctx);
    actions::check(route, ctx);
    authority_rewrite(route, ctx);
    destination::http_destinations(scope, &route.route, ctx);
    if let Some(timeout) = &route.timeout
        && let Err(e) = common::duration(timeout)
    {
        ctx.error_at("timeout", "V42", e);
    }
}

/// V15/V16: a delegate VirtualService's routes are delegate routes; a delegating route is root.
fn kind(scope: Scope<'_>, route: &HttpRoute) -> Kind {
    if scope.delegate {
        Kind::Delegate
    } else if route.delegate.is_some() {
        Kind::Root
    } else {
        Kind::Independent
    }
}

/// V15–V20: root and delegate routes, exclusive actions, a required action, mirror vs mirrors.
fn conflicts<'o>(scope: Scope<'o>, route: &'o HttpRoute, ctx: &mut Ctx<'o>) {
    let kind = kind(scope, route);
    if kind == Kind::Root {
        root_conflicts(route, ctx);
        return;
    }
    if kind == Kind::Delegate && route.delegate.is_some() {
        ctx.error_at(
            "delegate",
            "V16",
            "delegate HTTP route cannot contain delegate",
        );
    }
    let has_route = !route.route.is_empty();
    if route.redirect.is_some() {
        let excluded = [
            (
                has_route,
                "route",
                "HTTP route cannot contain both route and redirect",
            ),
            (
                route.fault.is_some(),
                "fault",
                "HTTP route cannot contain both fault and redirect",
            ),
            (
                route.rewrite.is_some(),
                "rewrite",
                "HTTP route rule cannot contain both rewrite and redirect",
            ),
            (
                route.direct_response.is_some(),
                "directResponse",
                "HTTP route rule cannot contain both direct_response and redirect",
            ),
        ];
        report_present(&excluded, "V17", ctx);
    } else if route.direct_response.is_some() {
        let excluded = [
            (
                has_route,
                "route",
                "HTTP route cannot contain both route and direct_response",
            ),
            (
                route.fault.is_some(),
                "fault",
                "HTTP route cannot contain both fault and direct_response",
            ),
            (
                route.rewrite.is_some(),
                "rewrite",
                "HTTP route rule cannot contain both rewrite and direct_response",
            ),
        ];
        report_present(&excluded, "V18", ctx);
    } else if !has_route {
        ctx.error("V19", "HTTP route, redirect or direct_response is required");
    }
    if route.mirror.is_some() && !route.mirrors.is_empty() {
        ctx.error_at(
            "mirrors",
            "V20",
            "HTTP route cannot contain both mirror and mirrors",
        );
    }
}

/// Reports each field that is present among those an action excludes (V17, V18).
fn report_present(
    fields: &[(bool, &'static str, &'static str)],
    rule: &'static str,
    ctx: &mut Ctx<'_>,
) {
    for &(present, key, message) in fields {
        if present {
            ctx.error_at(key, rule, message);
        }
    }
}

/// V15: a root route delegates and does nothing else.
fn root_conflicts(route: &HttpRoute, ctx: &mut Ctx<'_>) {
    let name = route.name.as_deref().unwrap_or_default();
    if route.redirect.is_some() {
        ctx.error_at(
            "redirect",
            "V15",
            format!("root HTTP route {name} must not specify redirect"),
        );
    }
    if !route.route.is_empty() {
        ctx.error_at(
            "route",
            "V15",
            format!("root HTTP route {name} must not specify route"),
        );
    }
}

/// Which side of the exchange header operations apply to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Request,
    Response,
}

/// V25/V41 under `rule`: header operation names (S15, S16) and values (S17).
pub(super) fn header_operations<'o>(headers: &'o Headers, rule: &'static str, ctx: &mut Ctx<'o>) {
    if let Some(request) = &headers.request {
        ctx.key("request", |ctx| {
            operations(request, Side::Request, rule, ctx)
        });
    }
    if let Some(response) = &headers.response {
        ctx.key("response", |ctx| {
            operations(response, Side::Response, rule, ctx)
        });
    }
}

/// The `set`, `add` and `remove` lists of one side (V25, V41).
fn operations<'o>(ops: &'o HeaderOperations, side: Side, rule: &'static str, ctx: &mut Ctx<'o>) {
    let name_check = match side {
        Side::Request => headers::request_set_name,
        Side::Response => headers::operation_name,
    };
    for (key, map) in [("set", &ops.set), ("add", &ops.add)] {
        if map.is_empty() {
            continue;
        }
        ctx.key(key, |ctx| {
            for (name, value) in map {
                ctx.key(name, |ctx| {
                    if let Err(e) = name_check(name) {
                        ctx.error(rule, e);
                    }
                    if let Err(e) = headers::value(value) {
                        ctx.error(rule, e);
                    }
                });
            }
        });
    }
    ctx.key("remove", |ctx| {
        for (i, name) in ops.remove.iter().enumerate() {
            if let Err(e) = headers::operation_name(name) {
                ctx.index(i, |ctx| ctx.error(rule, e));
            }
        }
    });
}

/// V26: the authority is rewritten in one place only; reported at the second one.
fn authority_rewrite<'o>(route: &'o HttpRoute, ctx: &mut Ctx<'o>) {
    let Some(request) = route.headers.as_ref().and_then(|h| h.request.as_ref()) else {
        return;
    };
    let mut current = route
        .rewrite
        .as_ref()
        .and_then(|r| r.authority.as_deref())
        .unwrap_or_default();
    for (key, map) in [("set", &request.set), ("add", &request.add)] {
        for (name, value) in map.iter().filter(|(name, _)| headers::is_authority(name)) {
            if current.is_empty() {
                current = value;
                continue;
            }
            let message = format!(
                "authority header cannot be set multiple times: have {current:?}, attempting to set {value:?}"
            );
            ctx.key("headers", |ctx| {
                ctx.key("request", |ctx| {
                    ctx.key(key, |ctx| ctx.error_at(name, "V26", message))
                });
            });
            return;
        }
    }
}

/// V32–V35: `mirrorPercent`, `mirrorPercentage`, the `mirror` destination and `mirrors`.
fn mirroring<'o>(route: &'o HttpRoute, ctx: &mut Ctx<'o>) {
    if let Some(percent) = route.mirror_percent {
        ctx.key("mirrorPercent", |ctx| {
            if percent > 100 {
                ctx.error(
                    "V32",
                    format!("mirror_percent must have a max value of 100 (it has {percent})"),
                );
            }
            ctx.warning(
                "V32",
                "using deprecated setting \"mirrorPercent\", use \"mirrorPercentage\" instead",
            );
        });
    }
    if let Some(percentage) = &route.mirror_percentage {
        let value = percentage.value.unwrap_or(0.0);
        if let Some(message) = destination::percentage_bounds(value, Wording::MirrorPercentage) {
            ctx.key("mirrorPercentage", |ctx| {
                ctx.error_at("value", "V33", message)
            });
        }
    }
    if let Some(mirror) = &route.mirror {
        ctx.key("mirror", |ctx| destination::destination(mirror, "V34", ctx));
    }
    destination::mirrors(&route.mirrors, ctx);
}
