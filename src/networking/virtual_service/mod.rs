//! [`VirtualService`]: how requests and connections addressed to a set of hosts are matched and
//! where they are sent.
//!
//! The spec lists ordered rules per protocol: [`HttpRoute`]s for HTTP, HTTP/2 and gRPC,
//! [`TlsRoute`]s for TLS that is passed through unterminated (routed by SNI), and
//! [`TcpRoute`]s for opaque TCP. For each protocol the first rule that matches wins.
//!
//! The types are split by concern: the HTTP route and its parts (`http_route`), redirects and
//! direct responses (`response`), fault injection (`fault`), CORS (`cors`), the TLS and TCP
//! routes (`tls_tcp`) and the destinations every route points at (`destination`). All of them
//! are re-exported here.

use compact_str::CompactString;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use typed_builder::TypedBuilder;

use crate::networking::kind::istio_kind;

mod cors;
mod destination;
mod fault;
mod http_route;
mod response;
mod tls_tcp;

#[cfg(test)]
mod tests;

pub use cors::*;
pub use destination::*;
pub use fault::*;
pub use http_route::*;
pub use response::*;
pub use tls_tcp::*;

istio_kind! {
    /// A `networking.istio.io` VirtualService: routing rules for traffic sent to some hosts,
    /// applied by the sidecars of the mesh, by gateways, or both.
    ///
    /// For egress, one VirtualService usually carries two rules for the external host: one
    /// bound to `mesh` that sends the sidecars' traffic to the egress gateway, and one bound
    /// to the egress Gateway that sends it on to the external service.
    ///
    /// ```
    /// use istio_egress::networking::{
    ///     Destination, HttpMatchRequest, HttpRoute, HttpRouteDestination, VirtualService,
    ///     VirtualServiceSpec,
    /// };
    ///
    /// let vs = VirtualService::new(
    ///     "api-through-egress",
    ///     VirtualServiceSpec::builder()
    ///         .hosts(["api.example.com"])
    ///         .gateways(["mesh", "istio-egressgateway"])
    ///         .http(vec![
    ///             HttpRoute::builder()
    ///                 .r#match(vec![HttpMatchRequest::builder()
    ///                     .gateways(["mesh"])
    ///                     .port(80)
    ///                     .build()])
    ///                 .route(vec![HttpRouteDestination::builder()
    ///                     .destination(
    ///                         Destination::new("istio-egressgateway.istio-system.svc.cluster.local")
    ///                             .port(80),
    ///                     )
    ///                     .build()])
    ///                 .build(),
    ///             HttpRoute::builder()
    ///                 .r#match(vec![HttpMatchRequest::builder()
    ///                     .gateways(["istio-egressgateway"])
    ///                     .port(80)
    ///                     .build()])
    ///                 .route(vec![HttpRouteDestination::builder()
    ///                     .destination(Destination::new("api.example.com").port(80))
    ///                     .weight(100)
    ///                     .build()])
    ///                 .build(),
    ///         ])
    ///         .build(),
    /// );
    ///
    /// let json = serde_json::to_value(&vs)?;
    /// assert_eq!(json["kind"], "VirtualService");
    /// assert_eq!(json["spec"]["http"][1]["match"][0]["gateways"][0], "istio-egressgateway");
    /// assert_eq!(json["spec"]["http"][1]["route"][0]["destination"]["port"]["number"], 80);
    /// let back: VirtualService = serde_json::from_value(json)?;
    /// assert_eq!(back, vs);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    VirtualService, VirtualServiceSpec, plural = "virtualservices"
}

/// The spec of a [`VirtualService`] (`istio.networking.v1alpha3.VirtualService`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct VirtualServiceSpec {
    /// The hosts the rules apply to, as clients address them: DNS names (a leading `*.`
    /// wildcard is allowed), or IP addresses for gateway-bound rules. Short names are resolved
    /// against the VirtualService's own namespace, so fully qualified names are safer. Must be
    /// empty on a VirtualService used as a delegate.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::networking::exact::vec"
    )]
    #[builder(default, setter(transform = |hosts: impl IntoIterator<Item = impl Into<CompactString>>| crate::networking::text::list(hosts)))]
    pub hosts: Vec<CompactString>,
    /// Where the rules are applied: Gateway names (`name` in this namespace, or
    /// `namespace/name`) and the reserved `mesh` for every sidecar. Empty means `mesh` only.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::networking::exact::vec"
    )]
    #[builder(default, setter(transform = |gateways: impl IntoIterator<Item = impl Into<CompactString>>| crate::networking::text::list(gateways)))]
    pub gateways: Vec<CompactString>,
    /// Rules for HTTP, HTTP/2 and gRPC traffic, tried in order; the first match wins.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::networking::exact::vec"
    )]
    #[builder(default, setter(into))]
    pub http: Vec<HttpRoute>,
    /// Rules for TLS traffic that is not terminated (HTTPS or TLS passed through), picked by
    /// SNI and tried in order.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::networking::exact::vec"
    )]
    #[builder(default, setter(into))]
    pub tls: Vec<TlsRoute>,
    /// Rules for opaque TCP traffic on ports that are neither HTTP nor TLS, tried in order.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::networking::exact::vec"
    )]
    #[builder(default, setter(into))]
    pub tcp: Vec<TcpRoute>,
    /// The namespaces whose sidecars and gateways may see these rules: `.` for this namespace
    /// only, `*` for all. Empty means all.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::networking::exact::vec"
    )]
    #[builder(default, setter(transform = |export_to: impl IntoIterator<Item = impl Into<CompactString>>| crate::networking::text::list(export_to)))]
    pub export_to: Vec<CompactString>,
}
