//! [`HttpRoute`] and the parts of an HTTP rule: matching, destinations, header edits,
//! rewrites, retries, mirroring and delegation.

use compact_str::CompactString;

use crate::networking::StringMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use typed_builder::TypedBuilder;

use super::{
    CorsPolicy, Destination, HttpDirectResponse, HttpFaultInjection, HttpRedirect, Percent,
};
use crate::networking::{Duration, StringMatch};

/// One HTTP rule: when it applies and what happens to the matching requests
/// (`istio.networking.v1alpha3.HTTPRoute`).
///
/// A rule does one of four things with a request: forwards it to [`route`](Self::route)
/// (the default), answers with a [`redirect`](Self::redirect), answers with a
/// [`direct_response`](Self::direct_response), or hands it to the rules of a
/// [`delegate`](Self::delegate) VirtualService.
///
/// The answers and additions most rules leave out (redirect, direct response, delegate,
/// rewrite, fault, CORS policy) are boxed; see [the module](crate::networking) for why.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct HttpRoute {
    /// A name for the rule; it is joined with the matching condition's name in access logs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub name: Option<CompactString>,
    /// The conditions under which the rule applies: it applies when any one of them holds,
    /// and each holds when all its criteria do. Empty means every request.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::networking::exact::vec"
    )]
    #[builder(default, setter(into))]
    pub r#match: Vec<HttpMatchRequest>,
    /// Where matching requests are forwarded, with the share of traffic each destination
    /// gets.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::networking::exact::vec"
    )]
    #[builder(default, setter(into))]
    pub route: Vec<HttpRouteDestination>,
    /// Answer matching requests with a redirect instead of forwarding them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub redirect: Option<Box<HttpRedirect>>,
    /// Answer matching requests directly with a fixed status and body instead of forwarding
    /// them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub direct_response: Option<Box<HttpDirectResponse>>,
    /// Hand matching requests to the HTTP rules of another VirtualService; only allowed when
    /// `route` and `redirect` are empty, and only one level deep.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub delegate: Option<Box<Delegate>>,
    /// Changes to the path and `Host`/authority made before forwarding; not allowed with
    /// `redirect`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub rewrite: Option<Box<HttpRewrite>>,
    /// How long a request may take in total, retries included; no limit when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub timeout: Option<Duration>,
    /// When and how often failed requests are retried.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub retries: Option<HttpRetry>,
    /// Delays or errors injected on the client side, for testing resilience. Timeouts and
    /// retries are not applied while faults are.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub fault: Option<Box<HttpFaultInjection>>,
    /// A single destination that also receives a copy of the traffic; its answers are
    /// discarded. See `mirrors` for several.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub mirror: Option<Destination>,
    /// Destinations that each receive a copy of the traffic, with their own share; not
    /// allowed together with `mirror`.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::networking::exact::vec"
    )]
    #[builder(default, setter(into))]
    pub mirrors: Vec<HttpMirrorPolicy>,
    /// Deprecated (and hidden in Istio's docs): the share of traffic copied to `mirror`, as
    /// a whole percentage; use `mirror_percentage`.
    ///
    /// Written as `mirrorPercent`. The CRD also accepts the snake_case spelling
    /// `mirror_percent`, so this field reads either; a document with both is an error.
    #[serde(
        default,
        alias = "mirror_percent",
        skip_serializing_if = "Option::is_none"
    )]
    #[builder(default, setter(strip_option))]
    pub mirror_percent: Option<u32>,
    /// The share of traffic copied to `mirror`; all of it when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub mirror_percentage: Option<Percent>,
    /// The Cross-Origin Resource Sharing policy answered for matching requests.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub cors_policy: Option<Box<CorsPolicy>>,
    /// Header changes applied to every destination of the rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub headers: Option<Headers>,
}

/// Criteria an HTTP request must all meet for a rule to apply
/// (`istio.networking.v1alpha3.HTTPMatchRequest`).
///
/// Istio rejects an empty match. A delegate VirtualService may not use `regex` matches.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TypedBuilder,
)]
#[serde(rename_all = "camelCase")]
pub struct HttpMatchRequest {
    /// A name for this condition; it is joined with the rule's name in access logs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub name: Option<CompactString>,
    /// The request path; case-sensitive unless `ignore_uri_case` is set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub uri: Option<StringMatch>,
    /// The URI scheme, such as `http` or `https`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub scheme: Option<StringMatch>,
    /// The HTTP method, such as `GET`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub method: Option<StringMatch>,
    /// The authority (`Host` header).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub authority: Option<StringMatch>,
    /// Request headers, keyed by lower-case name. An empty match (`{}`) only requires the
    /// header to be present. The keys `uri`, `scheme`, `method` and `authority` are ignored.
    #[serde(default, skip_serializing_if = "StringMap::is_empty")]
    #[builder(default, setter(transform = |headers: impl IntoIterator<Item = (impl Into<CompactString>, StringMatch)>| crate::networking::text::keyed(headers)))]
    pub headers: StringMap<StringMatch>,
    /// The port the request was addressed to; unnecessary for services with one port.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(strip_option))]
    pub port: Option<u32>,
    /// Labels the sending workload must carry. Only honoured for sidecars, so the
    /// VirtualService's `gateways` must include `mesh` if it lists any.
    #[serde(default, skip_serializing_if = "StringMap::is_empty")]
    #[builder(default, setter(transform = |source_labels: impl IntoIterator<Item = (impl Into<CompactString>, impl Into<CompactString>)>| crate::networking::text::map(source_labels)))]
    pub source_labels: StringMap,
    /// The gateways (or `mesh`) this condition applies on, replacing the VirtualService's
    /// own `gateways` list for it.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::networking::exact::vec"
    )]
    #[builder(default, setter(transform = |gateways: impl IntoIterator<Item = impl Into<CompactString>>| crate::networking::text::list(gateways)))]
    pub gateways: Vec<CompactString>,
    /// Query parameters by name; `exact: ""` matches a parameter given without a value.
    /// `prefix` matches are not supported here.
    #[serde(default, skip_serializing_if = "StringMap::is_empty")]
    #[builder(default, setter(transform = |query_params: impl IntoIterator<Item = (impl Into<CompactString>, StringMatch)>| crate::networking::text::keyed(query_params)))]
    pub query_params: StringMap<StringMatch>,
    /// Compare `uri` without regard to case (for `exact` and `prefix` matches only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub ignore_uri_case: Option<bool>,
    /// Like `headers`, but the condition fails when one of these matches.
    #[serde(default, skip_serializing_if = "StringMap::is_empty")]
    #[builder(default, setter(transform = |without_headers: impl IntoIterator<Item = (impl Into<CompactString>, StringMatch)>| crate::networking::text::keyed(without_headers)))]
    pub without_headers: StringMap<StringMatch>,
    /// The namespace the sending workload must run in. Only honoured for sidecars, like
    /// `source_labels`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub source_namespace: Option<CompactString>,
    /// A readable prefix for the statistics Envoy emits for requests matched here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub stat_prefix: Option<CompactString>,
}

/// A weighted destination of an HTTP rule, with its own header changes
/// (`istio.networking.v1alpha3.HTTPRouteDestination`).
///
/// The header changes, which most destinations leave out, are boxed; see
/// [the module](crate::networking) for why.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TypedBuilder,
)]
#[serde(rename_all = "camelCase")]
pub struct HttpRouteDestination {
    /// Where the requests go. Istio requires it; the builder does too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(strip_option))]
    pub destination: Option<Destination>,
    /// This destination's share of the rule's traffic, relative to the other destinations'
    /// weights (conventionally out of 100). A lone destination gets everything.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(strip_option))]
    pub weight: Option<i32>,
    /// Header changes applied only when this destination is chosen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub headers: Option<Box<Headers>>,
}

/// Header changes on the way to a destination and on the way back
/// (`istio.networking.v1alpha3.Headers`).
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TypedBuilder,
)]
#[serde(rename_all = "camelCase")]
pub struct Headers {
    /// Changes to the request before it is forwarded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub request: Option<HeaderOperations>,
    /// Changes to the response before it is returned to the caller.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub response: Option<HeaderOperations>,
}

/// Headers to set, append and remove (`istio.networking.v1alpha3.Headers.HeaderOperations`).
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TypedBuilder,
)]
#[serde(rename_all = "camelCase")]
pub struct HeaderOperations {
    /// Headers to set, replacing any value they already have.
    #[serde(default, skip_serializing_if = "StringMap::is_empty")]
    #[builder(default, setter(transform = |set: impl IntoIterator<Item = (impl Into<CompactString>, impl Into<CompactString>)>| crate::networking::text::map(set)))]
    pub set: StringMap,
    /// Values to append to headers, which then hold a comma-separated list.
    #[serde(default, skip_serializing_if = "StringMap::is_empty")]
    #[builder(default, setter(transform = |add: impl IntoIterator<Item = (impl Into<CompactString>, impl Into<CompactString>)>| crate::networking::text::map(add)))]
    pub add: StringMap,
    /// Names of headers to remove.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::networking::exact::vec"
    )]
    #[builder(default, setter(transform = |emove: impl IntoIterator<Item = impl Into<CompactString>>| crate::networking::text::list(emove)))]
    pub remove: Vec<CompactString>,
}

/// The VirtualService whose HTTP rules take over a matching request
/// (`istio.networking.v1alpha3.Delegate`).
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TypedBuilder,
)]
#[serde(rename_all = "camelCase")]
pub struct Delegate {
    /// The delegate VirtualService's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub name: Option<CompactString>,
    /// Its namespace; the delegating VirtualService's own namespace when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub namespace: Option<CompactString>,
}

/// Changes made to a request's path and authority before it is forwarded
/// (`istio.networking.v1alpha3.HTTPRewrite`).
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TypedBuilder,
)]
#[serde(rename_all = "camelCase")]
pub struct HttpRewrite {
    /// The new path; when the rule matched the path by prefix, only that prefix is
    /// replaced. Not allowed with `uri_regex_rewrite`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub uri: Option<CompactString>,
    /// The new authority (`Host` header).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub authority: Option<CompactString>,
    /// Rewrite the path with a regular expression substitution instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub uri_regex_rewrite: Option<RegexRewrite>,
}

/// A regular expression substitution on the request path
/// (`istio.networking.v1alpha3.RegexRewrite`).
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TypedBuilder,
)]
#[serde(rename_all = "camelCase")]
pub struct RegexRewrite {
    /// The RE2 expression whose matches in the path are replaced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub r#match: Option<CompactString>,
    /// What replaces each match; it may refer to capture groups (`\1`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub rewrite: Option<CompactString>,
}

/// When and how a failed HTTP request is tried again (`istio.networking.v1alpha3.HTTPRetry`).
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TypedBuilder,
)]
#[serde(rename_all = "camelCase")]
pub struct HttpRetry {
    /// How many times a request may be retried; `0` turns retries off. The rule's `timeout`
    /// and `per_try_timeout` can cut the retries short.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(strip_option))]
    pub attempts: Option<i32>,
    /// How long each attempt may take (at least 1ms); by default the rule's `timeout`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub per_try_timeout: Option<Duration>,
    /// Which failures are retried: a comma-separated list of Envoy retry conditions, such as
    /// `connect-failure,refused-stream,503`, including gRPC ones like `unavailable`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub retry_on: Option<CompactString>,
    /// Whether retries may go to endpoints in other localities.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub retry_remote_localities: Option<bool>,
    /// Whether retries should avoid the hosts already tried.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub retry_ignore_previous_hosts: Option<bool>,
    /// The base wait between attempts (at least 1ms); Envoy's default is 25ms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub backoff: Option<Duration>,
}

/// A destination that receives a copy of a rule's traffic
/// (`istio.networking.v1alpha3.HTTPMirrorPolicy`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct HttpMirrorPolicy {
    /// Where the copies go. Istio requires it; the builder does too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(strip_option))]
    pub destination: Option<Destination>,
    /// The share of traffic copied; all of it when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub percentage: Option<Percent>,
}
