//! `Arbitrary` for [`VirtualService`] and its messages.

use proptest::prelude::*;

use super::{
    arbitrary_kind, arbitrary_struct, arbitrary_wire_enum, compact, flag, i32_value, list, map,
    maybe, opt_duration, opt_f64, opt_i32, opt_text, opt_u32, texts, u32_value,
};
use crate::networking::{
    Abort, AbortError, BodySpecifier, CorsPolicy, Delay, DelayType, Delegate, Destination,
    Duration, HeaderOperations, Headers, HttpBody, HttpDirectResponse, HttpFaultInjection,
    HttpMatchRequest, HttpMirrorPolicy, HttpRedirect, HttpRetry, HttpRewrite, HttpRoute,
    HttpRouteDestination, L4MatchAttributes, Percent, PortSelector, RedirectPort,
    RedirectPortSelection, RegexRewrite, RouteDestination, StringMatch, TcpRoute,
    TlsMatchAttributes, TlsRoute, UnmatchedPreflights, VirtualService, VirtualServiceSpec,
};

arbitrary_kind!(VirtualService, VirtualServiceSpec);

arbitrary_wire_enum!(RedirectPortSelection, UnmatchedPreflights);

arbitrary_struct!(VirtualServiceSpec {
    hosts: texts(),
    gateways: texts(),
    http: list::<HttpRoute>(),
    tls: list::<TlsRoute>(),
    tcp: list::<TcpRoute>(),
    export_to: texts(),
});

arbitrary_struct!(Destination {
    host: compact(),
    subset: opt_text(),
    port: maybe::<PortSelector>(),
});

arbitrary_struct!(Percent { value: opt_f64() });

arbitrary_struct!(HttpRoute {
    name: opt_text(),
    r#match: list::<HttpMatchRequest>(),
    route: list::<HttpRouteDestination>(),
    redirect: maybe::<Box<HttpRedirect>>(),
    direct_response: maybe::<Box<HttpDirectResponse>>(),
    delegate: maybe::<Box<Delegate>>(),
    rewrite: maybe::<Box<HttpRewrite>>(),
    timeout: opt_duration(),
    retries: maybe::<HttpRetry>(),
    fault: maybe::<Box<HttpFaultInjection>>(),
    mirror: maybe::<Destination>(),
    mirrors: list::<HttpMirrorPolicy>(),
    mirror_percent: opt_u32(),
    mirror_percentage: maybe::<Percent>(),
    cors_policy: maybe::<Box<CorsPolicy>>(),
    headers: maybe::<Headers>(),
});

arbitrary_struct!(HttpMatchRequest {
    name: opt_text(),
    uri: maybe::<StringMatch>(),
    scheme: maybe::<StringMatch>(),
    method: maybe::<StringMatch>(),
    authority: maybe::<StringMatch>(),
    headers: map(any::<StringMatch>()),
    port: opt_u32(),
    source_labels: map(compact()),
    gateways: texts(),
    query_params: map(any::<StringMatch>()),
    ignore_uri_case: flag(),
    without_headers: map(any::<StringMatch>()),
    source_namespace: opt_text(),
    stat_prefix: opt_text(),
});

arbitrary_struct!(HttpRouteDestination {
    destination: maybe::<Destination>(),
    weight: opt_i32(),
    headers: maybe::<Box<Headers>>(),
});

arbitrary_struct!(Headers {
    request: maybe::<HeaderOperations>(),
    response: maybe::<HeaderOperations>(),
});

arbitrary_struct!(HeaderOperations {
    set: map(compact()),
    add: map(compact()),
    remove: texts(),
});

arbitrary_struct!(Delegate {
    name: opt_text(),
    namespace: opt_text(),
});

arbitrary_struct!(HttpRewrite {
    uri: opt_text(),
    authority: opt_text(),
    uri_regex_rewrite: maybe::<RegexRewrite>(),
});

arbitrary_struct!(RegexRewrite {
    r#match: opt_text(),
    rewrite: opt_text(),
});

arbitrary_struct!(HttpRetry {
    attempts: opt_i32(),
    per_try_timeout: opt_duration(),
    retry_on: opt_text(),
    retry_remote_localities: flag(),
    retry_ignore_previous_hosts: flag(),
    backoff: opt_duration(),
});

arbitrary_struct!(HttpMirrorPolicy {
    destination: maybe::<Destination>(),
    percentage: maybe::<Percent>(),
});

arbitrary_struct!(CorsPolicy {
    allow_origin: texts(),
    allow_origins: list::<StringMatch>(),
    allow_methods: texts(),
    allow_headers: texts(),
    expose_headers: texts(),
    max_age: opt_duration(),
    allow_credentials: flag(),
    unmatched_preflights: maybe::<UnmatchedPreflights>(),
});

arbitrary_struct!(HttpFaultInjection {
    delay: maybe::<Delay>(),
    abort: maybe::<Abort>(),
});

impl Arbitrary for DelayType {
    type Parameters = ();
    type Strategy = BoxedStrategy<Self>;

    fn arbitrary_with((): ()) -> Self::Strategy {
        prop_oneof![
            any::<Duration>().prop_map(DelayType::FixedDelay),
            any::<Duration>().prop_map(DelayType::ExponentialDelay),
        ]
        .boxed()
    }
}

arbitrary_struct!(Delay {
    percent: opt_i32(),
    http_delay_type: maybe::<DelayType>(),
    percentage: maybe::<Percent>(),
});

impl Arbitrary for AbortError {
    type Parameters = ();
    type Strategy = BoxedStrategy<Self>;

    fn arbitrary_with((): ()) -> Self::Strategy {
        prop_oneof![
            i32_value().prop_map(AbortError::HttpStatus),
            compact().prop_map(AbortError::GrpcStatus),
            compact().prop_map(AbortError::Http2Error),
        ]
        .boxed()
    }
}

arbitrary_struct!(Abort {
    error_type: maybe::<AbortError>(),
    percentage: maybe::<Percent>(),
});

impl Arbitrary for RedirectPort {
    type Parameters = ();
    type Strategy = BoxedStrategy<Self>;

    fn arbitrary_with((): ()) -> Self::Strategy {
        prop_oneof![
            u32_value().prop_map(RedirectPort::Port),
            any::<RedirectPortSelection>().prop_map(RedirectPort::DerivePort),
        ]
        .boxed()
    }
}

arbitrary_struct!(HttpRedirect {
    uri: opt_text(),
    authority: opt_text(),
    redirect_port: maybe::<RedirectPort>(),
    scheme: opt_text(),
    redirect_code: opt_u32(),
    prefix_rewrite: opt_text(),
});

arbitrary_struct!(HttpDirectResponse {
    status: u32_value(),
    body: maybe::<HttpBody>(),
});

impl Arbitrary for BodySpecifier {
    type Parameters = ();
    type Strategy = BoxedStrategy<Self>;

    fn arbitrary_with((): ()) -> Self::Strategy {
        prop_oneof![
            compact().prop_map(BodySpecifier::String),
            compact().prop_map(BodySpecifier::Bytes),
        ]
        .boxed()
    }
}

arbitrary_struct!(HttpBody {
    specifier: maybe::<BodySpecifier>(),
});

arbitrary_struct!(TlsRoute {
    r#match: list::<TlsMatchAttributes>(),
    route: list::<RouteDestination>(),
});

arbitrary_struct!(TlsMatchAttributes {
    sni_hosts: texts(),
    destination_subnets: texts(),
    port: opt_u32(),
    source_labels: map(compact()),
    gateways: texts(),
    source_namespace: opt_text(),
});

arbitrary_struct!(RouteDestination {
    destination: maybe::<Destination>(),
    weight: opt_i32(),
});

arbitrary_struct!(TcpRoute {
    r#match: list::<L4MatchAttributes>(),
    route: list::<RouteDestination>(),
});

arbitrary_struct!(L4MatchAttributes {
    destination_subnets: texts(),
    port: opt_u32(),
    source_subnet: opt_text(),
    source_labels: map(compact()),
    gateways: texts(),
    source_namespace: opt_text(),
});
