//! The policies of an HTTP route: CORS (V27), fault injection (V28–V31) and retries (V38).

use super::super::common;
use super::super::ctx::Ctx;
use super::{headers, matches, status};
use crate::networking::{
    Abort, AbortError, CorsPolicy, Delay, DelayType, Duration, HttpFaultInjection, HttpRetry,
    HttpRoute, MatchType, Percent, StringMatch,
};

/// The methods a CORS policy may allow.
const CORS_METHODS: [&str; 10] = [
    "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "CONNECT", "OPTIONS", "TRACE", "*",
];

/// The named `retryOn` conditions Envoy supports (V38).
const RETRY_ON: [&str; 16] = [
    "5xx",
    "gateway-error",
    "reset",
    "reset-before-request",
    "connect-failure",
    "retriable-4xx",
    "refused-stream",
    "retriable-status-codes",
    "retriable-headers",
    "envoy-ratelimited",
    "http3-post-connect-failure",
    "cancelled",
    "deadline-exceeded",
    "internal",
    "resource-exhausted",
    "unavailable",
];

/// Nanoseconds in a second.
const NANOS_PER_SECOND: i128 = 1_000_000_000;

/// Checks the route's CORS policy (V27), fault injection (V28–V31) and retries (V38).
pub(super) fn check<'o>(route: &'o HttpRoute, ctx: &mut Ctx<'o>) {
    if let Some(policy) = &route.cors_policy {
        ctx.key("corsPolicy", |ctx| cors(policy, ctx));
    }
    if let Some(fault) = &route.fault {
        ctx.key("fault", |ctx| fault_injection(fault, ctx));
    }
    if let Some(retries) = &route.retries {
        ctx.key("retries", |ctx| retry(retries, ctx));
    }
}

/// V27: allowed origins, methods, header names (S18) and `maxAge`.
fn cors<'o>(policy: &'o CorsPolicy, ctx: &mut Ctx<'o>) {
    ctx.each("allowOrigins", &policy.allow_origins, cors_origin);
    ctx.key("allowMethods", |ctx| {
        for (i, method) in policy.allow_methods.iter().enumerate() {
            if !CORS_METHODS.contains(&method.as_str()) {
                let message = format!("{method:?} is not a supported HTTP method");
                ctx.index(i, |ctx| ctx.error("V27", message));
            }
        }
    });
    for (key, names) in [
        ("allowHeaders", &policy.allow_headers),
        ("exposeHeaders", &policy.expose_headers),
    ] {
        ctx.key(key, |ctx| {
            for (i, name) in names.iter().enumerate() {
                if let Err(e) = headers::cors_name(name) {
                    ctx.index(i, |ctx| ctx.error("V27", e));
                }
            }
        });
    }
    if let Some(max_age) = &policy.max_age {
        ctx.key("maxAge", |ctx| cors_max_age(max_age, ctx));
    }
}

/// V27: an allowed origin needs a non-empty match, and a regex one must be valid (S19).
fn cors_origin<'o>(ctx: &mut Ctx<'o>, origin: &'o StringMatch) {
    let text = match &origin.match_type {
        Some(MatchType::Exact(v) | MatchType::Prefix(v) | MatchType::Regex(v)) => v.as_str(),
        None => "",
    };
    if text.is_empty() {
        ctx.error(
            "V27",
            format!("'{text}' is not a valid match type for CORS allow origins"),
        );
        return;
    }
    matches::regex_match(origin, "corsPolicy.allowOrigins", "V27", ctx);
}

/// V27: `maxAge` is a duration of at least 1ms in whole milliseconds (S2), and whole seconds.
fn cors_max_age(max_age: &Duration, ctx: &mut Ctx<'_>) {
    if let Err(e) = common::duration(max_age) {
        ctx.error("V27", e);
    }
    if max_age
        .signed_nanos()
        .is_ok_and(|n| n > 0 && n % NANOS_PER_SECOND != 0)
    {
        ctx.error(
            "V27",
            "max_age duration is accurate only to seconds precision",
        );
    }
}

/// V28: a fault needs an abort and/or a delay; then V29–V31 for each.
fn fault_injection<'o>(fault: &'o HttpFaultInjection, ctx: &mut Ctx<'o>) {
    if fault.abort.is_none() && fault.delay.is_none() {
        ctx.error(
            "V28",
            "HTTP fault injection must have an abort and/or a delay",
        );
    }
    if let Some(abort) = &fault.abort {
        ctx.key("abort", |ctx| abort_fault(abort, ctx));
    }
    if let Some(delay) = &fault.delay {
        ctx.key("delay", |ctx| delay_fault(delay, ctx));
    }
}

/// S10 on an optional percentage, reported under `rule` at its `value`.
fn percentage(value: Option<&Percent>, rule: &'static str, ctx: &mut Ctx<'_>) {
    if let Some(Err(e)) = value.map(common::percentage) {
        ctx.key("percentage", |ctx| ctx.error_at("value", rule, e));
    }
}

/// V29/V30: abort percentage, gRPC code, no HTTP/2 error, HTTP status; warn without type.
fn abort_fault<'o>(abort: &'o Abort, ctx: &mut Ctx<'o>) {
    percentage(abort.percentage.as_ref(), "V29", ctx);
    match &abort.error_type {
        Some(AbortError::GrpcStatus(code)) if !status::is_grpc_code(code) => ctx.error_at(
            "grpcStatus",
            "V29",
            format!(
                "gRPC status {code:?} is not supported. See https://github.com/grpc/grpc/blob/master/doc/statuscodes.md for a list of supported codes, for example 'NOT_FOUND'"
            ),
        ),
        Some(AbortError::Http2Error(_)) => ctx.error_at(
            "http2Error",
            "V29",
            "HTTP/2 abort fault injection not supported yet",
        ),
        Some(AbortError::HttpStatus(code)) if !(200..=600).contains(code) => ctx.error_at(
            "httpStatus",
            "V29",
            format!("HTTP status {code} is not in range 200-599"),
        ),
        None => ctx.warning("V30", "abort configured, but error type not set"),
        Some(_) => {}
    }
}

/// V31: the delay's percentage (S10) and duration (S2); an exponential delay is not supported.
fn delay_fault<'o>(delay: &'o Delay, ctx: &mut Ctx<'o>) {
    percentage(delay.percentage.as_ref(), "V31", ctx);
    match &delay.http_delay_type {
        Some(DelayType::FixedDelay(duration)) => {
            if let Err(e) = common::duration(duration) {
                ctx.error_at("fixedDelay", "V31", e);
            }
        }
        Some(DelayType::ExponentialDelay(duration)) => ctx.key("exponentialDelay", |ctx| {
            if let Err(e) = common::duration(duration) {
                ctx.error("V31", e);
            }
            ctx.error("V31", "exponentialDelay not supported yet");
        }),
        None => {}
    }
}

/// V38: attempts, settings while retries are off, durations (S2) and `retryOn` tokens.
fn retry<'o>(retries: &'o HttpRetry, ctx: &mut Ctx<'o>) {
    let attempts = retries.attempts.unwrap_or(0);
    let retry_on = retries.retry_on.as_deref().unwrap_or_default();
    if attempts < 0 {
        ctx.error_at("attempts", "V38", "attempts cannot be negative");
    }
    let configured = retries.per_try_timeout.is_some()
        || !retry_on.is_empty()
        || retries.retry_remote_localities.is_some();
    if attempts == 0 && configured {
        ctx.error(
            "V38",
            "http retry policy configured when attempts are set to 0 (disabled)",
        );
    }
    for (key, duration) in [
        ("perTryTimeout", &retries.per_try_timeout),
        ("backoff", &retries.backoff),
    ] {
        if let Some(Err(e)) = duration.as_ref().map(common::duration) {
            ctx.error_at(key, "V38", e);
        }
    }
    if retry_on.is_empty() {
        return;
    }
    for policy in comma_separated(retry_on) {
        if !is_retry_condition(policy) {
            ctx.error_at(
                "retryOn",
                "V38",
                format!("{policy:?} is not a valid retryOn policy"),
            );
        }
    }
}

/// The pieces of `text` between its commas, as `text.split(',')` gives them. `str::split` sets
/// up a searcher on every call, which costs more than a short list takes to walk byte by byte;
/// a comma is ASCII, so every piece is whole UTF-8.
fn comma_separated(text: &str) -> impl Iterator<Item = &str> {
    let commas = text.bytes().enumerate().filter(|(_, b)| *b == b',');
    let ends = commas.map(|(at, _)| at).chain([text.len()]);
    let mut start = 0;
    ends.map(move |end| {
        let piece = text.get(start..end).unwrap_or_default();
        start = end + 1;
        piece
    })
}

/// V38: a `retryOn` token is a known condition or an HTTP status with a reason phrase.
fn is_retry_condition(token: &str) -> bool {
    RETRY_ON.contains(&token) || token.parse::<i64>().is_ok_and(status::has_reason_phrase)
}

#[cfg(test)]
mod tests {
    use super::comma_separated;

    #[test]
    fn comma_separated_pieces_are_those_of_split() {
        for text in [
            "",
            ",",
            "5xx",
            "5xx,reset",
            ",5xx",
            "5xx,",
            "a,,b",
            "µs,é,",
            ",,",
        ] {
            let pieces: Vec<&str> = comma_separated(text).collect();
            let expected: Vec<&str> = text.split(',').collect();
            assert_eq!(pieces, expected, "{text:?}");
        }
    }
}
