//! What an HTTP route does instead of, or on the way to, forwarding: redirects (V36), direct
//! responses (V37) and rewrites (V39).

use super::super::common;
use super::super::ctx::Ctx;
use super::matches;
use crate::networking::{
    BodySpecifier, HttpDirectResponse, HttpRedirect, HttpRewrite, HttpRoute, MatchType,
    RedirectPort, RegexRewrite,
};

/// Direct response bodies above this many bytes are rejected (V37).
const BODY_LIMIT: usize = 1024 * 1024;
/// Direct response bodies above this many bytes are warned about (V37).
const BODY_WARNING: usize = 100 * 1024;

/// Checks the route's redirect (V36), direct response (V37) and rewrite (V39).
pub(super) fn check<'o>(route: &'o HttpRoute, ctx: &mut Ctx<'o>) {
    if let Some(redirect) = &route.redirect {
        ctx.key("redirect", |ctx| redirect_rules(route, redirect, ctx));
    }
    if let Some(response) = &route.direct_response {
        ctx.key("directResponse", |ctx| direct_response(response, ctx));
    }
    if let Some(rewrite) = &route.rewrite {
        ctx.key("rewrite", |ctx| rewrite_rules(rewrite, ctx));
    }
}

/// V36: uri/prefixRewrite exclusive, prefix uri matches, a target set, valid code, scheme, port.
fn redirect_rules<'o>(route: &'o HttpRoute, redirect: &'o HttpRedirect, ctx: &mut Ctx<'o>) {
    let uri = common::non_empty(&redirect.uri);
    let prefix_rewrite = common::non_empty(&redirect.prefix_rewrite);
    let scheme = common::non_empty(&redirect.scheme);
    if uri.is_some() && prefix_rewrite.is_some() {
        ctx.error_at(
            "prefixRewrite",
            "V36",
            "redirect may only contain one of URI or prefixRewrite",
        );
    }
    if prefix_rewrite.is_some() && !uri_matches_are_prefixes(route) {
        ctx.error_at(
            "prefixRewrite",
            "V36",
            "redirect prefixRewrite requires every uri match to be a prefix match",
        );
    }
    let target = uri
        .or(prefix_rewrite)
        .or(common::non_empty(&redirect.authority))
        .or(scheme);
    if target.is_none() && redirect.redirect_port.is_none() {
        ctx.error(
            "V36",
            "redirect must specify URI, prefixRewrite, authority, scheme, or port",
        );
    }
    if let Some(code) = redirect.redirect_code.filter(|c| *c != 0)
        && !(300..=399).contains(&code)
    {
        ctx.error_at(
            "redirectCode",
            "V36",
            format!("{code} is not a valid redirect code, must be 3xx"),
        );
    }
    if scheme.is_some_and(|s| s != "http" && s != "https") {
        ctx.error_at(
            "scheme",
            "V36",
            "invalid redirect scheme, must be \"http\" or \"https\"",
        );
    }
    if let Some(RedirectPort::Port(port)) = redirect.redirect_port
        && port > 0
        && let Err(e) = common::port(port)
    {
        ctx.error_at("port", "V36", e);
    }
}

/// Whether every match of the route that tests the uri tests it by prefix (V36).
fn uri_matches_are_prefixes(route: &HttpRoute) -> bool {
    route
        .r#match
        .iter()
        .filter_map(|m| m.uri.as_ref().and_then(|uri| uri.match_type.as_ref()))
        .all(|t| matches!(t, MatchType::Prefix(_)))
}

/// V37: body over 1 MiB rejected, over 100 KiB warned; status within 200..600.
fn direct_response<'o>(response: &'o HttpDirectResponse, ctx: &mut Ctx<'o>) {
    if let Some(specifier) = response.body.as_ref().and_then(|b| b.specifier.as_ref()) {
        let (key, size) = match specifier {
            BodySpecifier::String(text) => ("string", text.len()),
            BodySpecifier::Bytes(base64) => ("bytes", decoded_len(base64)),
        };
        ctx.key("body", |ctx| {
            if size > BODY_LIMIT {
                ctx.error_at(
                    key,
                    "V37",
                    "large direct_responses may impact control plane performance, must be less than 1MB",
                );
            } else if size > BODY_WARNING {
                ctx.warning_at(
                    key,
                    "V37",
                    "large direct_responses may impact control plane performance",
                );
            }
        });
    }
    if !(200..=600).contains(&response.status) {
        ctx.error_at(
            "status",
            "V37",
            format!("HTTP status {} is not in range 200-599", response.status),
        );
    }
}

/// How many bytes a base64 text decodes to (V37).
fn decoded_len(base64: &str) -> usize {
    let digits = base64
        .bytes()
        .filter(|b| !b.is_ascii_whitespace() && *b != b'=')
        .count();
    digits * 3 / 4
}

/// V39: uri/uriRegexRewrite exclusive, something rewritten, a complete and valid regex rewrite.
fn rewrite_rules<'o>(rewrite: &'o HttpRewrite, ctx: &mut Ctx<'o>) {
    let uri = common::non_empty(&rewrite.uri);
    if uri.is_some() && rewrite.uri_regex_rewrite.is_some() {
        ctx.error_at(
            "uriRegexRewrite",
            "V39",
            "rewrite may only contain one of URI or UriRegexRewrite",
        );
    }
    if uri.is_none()
        && rewrite.uri_regex_rewrite.is_none()
        && common::non_empty(&rewrite.authority).is_none()
    {
        ctx.error(
            "V39",
            "rewrite must specify at least one of URI, UriRegexRewrite, or authority. Only one of URI or UriRegexRewrite may be specified",
        );
    }
    if let Some(regex) = &rewrite.uri_regex_rewrite {
        ctx.key("uriRegexRewrite", |ctx| regex_rewrite(regex, ctx));
    }
}

/// V39's regex rewrite: both fields set, and the match a valid RE2 expression (S19).
fn regex_rewrite<'o>(regex: &'o RegexRewrite, ctx: &mut Ctx<'o>) {
    let (Some(pattern), Some(_)) = (
        common::non_empty(&regex.r#match),
        common::non_empty(&regex.rewrite),
    ) else {
        ctx.error(
            "V39",
            "UriRegexRewrite has errors: UriRegexRewrite requires both Rewrite and Match fields to be specified",
        );
        return;
    };
    if let Some(problem) = matches::regex_problem(pattern, "HTTPRewrite.UriRegexRewrite.Match") {
        ctx.error_at(
            "match",
            "V39",
            format!("UriRegexRewrite has errors: {problem}"),
        );
    }
}
