//! HTTP match requests (V6, V21–V24) and the string-match checks they share with CORS and
//! rewrites (the catalogue's S19).

use crate::networking::StringMap;

use super::super::common;
use super::super::ctx::Ctx;
use super::{Scope, headers, hosts};
use crate::networking::{HttpMatchRequest, MatchType, StringMatch};

/// The longest regular expression Istio accepts.
const MAX_REGEX_LEN: usize = 1024;

/// S19's regex check without emptiness: at most 1024 bytes and valid RE2.
pub(super) fn regex_problem(pattern: &str, place: &str) -> Option<String> {
    if pattern.len() > MAX_REGEX_LEN {
        return Some(format!(
            "{place:?}: regex is too large, max length allowed is {MAX_REGEX_LEN}"
        ));
    }
    common::regex(pattern).err().map(|e| {
        format!(
            "{place:?}: {e}; Istio uses RE2 style regex-based match (https://github.com/google/re2/wiki/Syntax)"
        )
    })
}

/// S19 on a string match's regex: non-empty, short and valid; reported at `regex`.
pub(super) fn regex_match<'o>(
    matcher: &'o StringMatch,
    place: &str,
    rule: &'static str,
    ctx: &mut Ctx<'o>,
) {
    let Some(MatchType::Regex(pattern)) = &matcher.match_type else {
        return;
    };
    let problem = if pattern.is_empty() {
        Some(format!("{place:?}: regex string match should not be empty"))
    } else {
        regex_problem(pattern, place)
    };
    if let Some(message) = problem {
        ctx.error_at("regex", rule, message);
    }
}

/// S19 on a string match: no empty prefix, a valid regex; reported at `prefix`/`regex`.
pub(super) fn string_match<'o>(
    matcher: &'o StringMatch,
    place: &str,
    rule: &'static str,
    ctx: &mut Ctx<'o>,
) {
    match &matcher.match_type {
        Some(MatchType::Prefix(prefix)) if prefix.is_empty() => ctx.error_at(
            "prefix",
            rule,
            format!("{place:?}: prefix string match should not be empty"),
        ),
        Some(MatchType::Regex(_)) => regex_match(matcher, place, rule, ctx),
        _ => {}
    }
}

/// Checks every match request of an HTTP route (V6, V21–V24).
pub(super) fn check_http<'o>(scope: Scope<'o>, matches: &'o [HttpMatchRequest], ctx: &mut Ctx<'o>) {
    ctx.each("match", matches, |ctx, request| {
        header_matches(scope, &request.headers, "headers", "V21", ctx);
        header_matches(
            scope,
            &request.without_headers,
            "withoutHeaders",
            "V22",
            ctx,
        );
        request_fields(request, ctx);
        source_and_port(request, ctx);
    });
}

/// V21/V22 (and V6): header keys, JWT claims outside gateways, and values of a match.
fn header_matches<'o>(
    scope: Scope<'o>,
    map: &'o StringMap<StringMatch>,
    key: &'static str,
    rule: &'static str,
    ctx: &mut Ctx<'o>,
) {
    if map.is_empty() {
        return;
    }
    ctx.key(key, |ctx| {
        for (name, matcher) in map {
            ctx.key(name, |ctx| {
                if let Err(e) = headers::match_name(name) {
                    ctx.error(rule, e);
                }
                if !scope.gateway_bound && headers::is_jwt_claim(name) {
                    ctx.error("V6", jwt_claim_message(scope, name));
                }
                let presence = matches!(&matcher.match_type, Some(MatchType::Regex(r)) if r == "*");
                if !(key == "withoutHeaders" && presence) {
                    string_match(matcher, key, rule, ctx);
                }
            });
        }
    });
}

/// V6's message, listing the gateways the way Go prints a list.
fn jwt_claim_message(scope: Scope<'_>, name: &str) -> String {
    format!(
        "JWT claim based routing (key: {name}) is only supported for gateway, found no gateways: [{}]",
        scope.spec.gateways.join(" ")
    )
}

/// V23: the uri regex (empty uri prefix allowed), scheme, method, authority, queryParams.
fn request_fields<'o>(request: &'o HttpMatchRequest, ctx: &mut Ctx<'o>) {
    if let Some(uri) = &request.uri {
        ctx.key("uri", |ctx| regex_match(uri, "uri", "V23", ctx));
    }
    for (key, field) in [
        ("scheme", &request.scheme),
        ("method", &request.method),
        ("authority", &request.authority),
    ] {
        if let Some(matcher) = field {
            ctx.key(key, |ctx| string_match(matcher, key, "V23", ctx));
        }
    }
    if request.query_params.is_empty() {
        return;
    }
    ctx.key("queryParams", |ctx| {
        for (name, matcher) in &request.query_params {
            ctx.key(name, |ctx| string_match(matcher, "queryParams", "V23", ctx));
        }
    });
}

/// V24: port 1..65535, source labels, gateway references and source namespace.
fn source_and_port<'o>(request: &'o HttpMatchRequest, ctx: &mut Ctx<'o>) {
    if let Some(port) = request.port.filter(|p| *p != 0)
        && let Err(e) = common::port(port)
    {
        ctx.error_at("port", "V24", e);
    }
    if let Err(e) = common::labels(&request.source_labels) {
        ctx.error_at("sourceLabels", "V24", e);
    }
    hosts::gateway_names(&request.gateways, "V24", false, false, ctx);
    if let Some(namespace) = request.source_namespace.as_deref()
        && !namespace.is_empty()
        && !common::is_dns1123_label(namespace)
    {
        ctx.error_at(
            "sourceNamespace",
            "V24",
            format!("sourceNamespace match {namespace} is invalid"),
        );
    }
}
