//! [`TrafficPolicy`] and the parts that only it carries: per-port overrides, tunnelling, the
//! PROXY protocol and the retry budget.

use compact_str::CompactString;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use typed_builder::TypedBuilder;

use super::{ClientTlsSettings, ConnectionPoolSettings, LoadBalancerSettings, OutlierDetection};
use crate::networking::wire_enum::wire_enum;
use crate::networking::{Duration, PortSelector};

/// The policies applied to traffic for a destination (`istio.networking.v1alpha3.TrafficPolicy`),
/// on every port unless a port-level entry replaces them.
///
/// Istio rejects a present but empty policy; `{}` still reads and writes back as `{}`. The
/// load balancer, which most policies leave out, is boxed; see [the module](crate::networking)
/// for why.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct TrafficPolicy {
    /// How requests are spread over the endpoints.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub load_balancer: Option<Box<LoadBalancerSettings>>,
    /// Limits on connections and requests to each endpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub connection_pool: Option<ConnectionPoolSettings>,
    /// When failing endpoints are taken out of the pool, and for how long.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub outlier_detection: Option<OutlierDetection>,
    /// TLS for connections to the endpoints (origination, mutual TLS, Istio mTLS).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub tls: Option<ClientTlsSettings>,
    /// Policies for single ports. An entry replaces the settings above for its port
    /// entirely: what it leaves out takes Istio's defaults, not the values given here.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::networking::exact::vec"
    )]
    #[builder(default, setter(into))]
    pub port_level_settings: Vec<PortTrafficPolicy>,
    /// Tunnel TCP or TLS traffic for the host through an HTTP `CONNECT` or `POST` to another
    /// host; not for HTTP routes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub tunnel: Option<TunnelSettings>,
    /// Send a PROXY protocol header to the upstream on each new connection.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub proxy_protocol: Option<ProxyProtocol>,
    /// A cap on concurrent retries relative to the number of active requests.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub retry_budget: Option<RetryBudget>,
}

/// The policies for one port of the destination
/// (`istio.networking.v1alpha3.TrafficPolicy.PortTrafficPolicy`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct PortTrafficPolicy {
    /// The destination port these settings are for; Istio's validation requires it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub port: Option<PortSelector>,
    /// How requests to this port are spread over the endpoints.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub load_balancer: Option<Box<LoadBalancerSettings>>,
    /// Limits on connections and requests to this port of each endpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub connection_pool: Option<ConnectionPoolSettings>,
    /// Ejection of failing endpoints, judged on this port's traffic.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub outlier_detection: Option<OutlierDetection>,
    /// TLS for connections to this port.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub tls: Option<ClientTlsSettings>,
}

impl PortTrafficPolicy {
    /// An entry for the port with this number, with no settings yet.
    pub fn for_port(number: u32) -> Self {
        Self {
            port: Some(PortSelector::number(number)),
            ..Self::default()
        }
    }
}

/// Where and how to tunnel the connection
/// (`istio.networking.v1alpha3.TrafficPolicy.TunnelSettings`).
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TypedBuilder,
)]
#[serde(rename_all = "camelCase")]
pub struct TunnelSettings {
    /// `CONNECT` (Istio's default) or `POST`; the HTTP version follows the service's protocol.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub protocol: Option<CompactString>,
    /// The host the connection is tunnelled to: an FQDN or an IP address. Required.
    #[serde(default)]
    #[builder(setter(into))]
    pub target_host: CompactString,
    /// The port on the target host. Required.
    #[serde(default)]
    pub target_port: u32,
}

impl TunnelSettings {
    /// A tunnel to `target_host:target_port` with the default protocol (`CONNECT`).
    pub fn new(target_host: impl Into<CompactString>, target_port: u32) -> Self {
        Self {
            protocol: None,
            target_host: target_host.into(),
            target_port,
        }
    }
}

/// The PROXY protocol header sent upstream
/// (`istio.networking.v1alpha3.TrafficPolicy.ProxyProtocol`).
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TypedBuilder,
)]
#[serde(rename_all = "camelCase")]
pub struct ProxyProtocol {
    /// The header's version; Istio uses `V1` when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub version: Option<ProxyProtocolVersion>,
}

wire_enum! {
    /// A PROXY protocol version (`TrafficPolicy.ProxyProtocol.VERSION`).
    pub enum ProxyProtocolVersion {
        /// Version 1, the text header. Istio's default.
        V1 = "V1",
        /// Version 2, the binary header.
        V2 = "V2",
    }
}

/// How many retries may be in flight at once, relative to the load
/// (`istio.networking.v1alpha3.TrafficPolicy.RetryBudget`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct RetryBudget {
    /// Concurrent retries allowed, as a percentage (0 to 100) of the active and pending
    /// requests together.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::networking::number::write_opt_f64"
    )]
    #[builder(default, setter(strip_option))]
    pub percent: Option<f64>,
    /// Concurrent retries always allowed, however few requests are active.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(strip_option))]
    pub min_retry_concurrency: Option<u32>,
    /// The window of past requests the budget is computed over.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub budget_interval: Option<Duration>,
}
