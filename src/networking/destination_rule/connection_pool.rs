//! [`ConnectionPoolSettings`]: limits and timeouts for the connections a proxy opens to each
//! endpoint — Envoy's circuit breakers.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use typed_builder::TypedBuilder;

use crate::networking::Duration;
use crate::networking::wire_enum::wire_enum;

/// Connection and request limits towards each endpoint of the destination
/// (`istio.networking.v1alpha3.ConnectionPoolSettings`), at the TCP and the HTTP level.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TypedBuilder,
)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionPoolSettings {
    /// Limits for every connection, HTTP or not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub tcp: Option<TcpSettings>,
    /// Limits for HTTP/1.1, HTTP/2 and gRPC traffic.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub http: Option<HttpSettings>,
}

/// Connection-level limits (`istio.networking.v1alpha3.ConnectionPoolSettings.TCPSettings`).
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TypedBuilder,
)]
#[serde(rename_all = "camelCase")]
pub struct TcpSettings {
    /// The most HTTP/1.1 or TCP connections open to one endpoint; unlimited (2³²−1) by
    /// default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(strip_option))]
    pub max_connections: Option<i32>,
    /// How long to wait for a connection to be established; at least 1ms, 10s by default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub connect_timeout: Option<Duration>,
    /// Turns on TCP keepalive (`SO_KEEPALIVE`) with these settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub tcp_keepalive: Option<TcpKeepalive>,
    /// The longest a connection may live, counted from when it was established; at least
    /// 1ms. No limit when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub max_connection_duration: Option<Duration>,
    /// How long a connection may go without bytes in either direction before it is closed;
    /// one hour by default, `0s` turns it off. A listener property, so with weighted
    /// destinations the first one's value applies to all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub idle_timeout: Option<Duration>,
}

/// TCP keepalive probing
/// (`istio.networking.v1alpha3.ConnectionPoolSettings.TCPSettings.TcpKeepalive`); what is
/// left unset comes from the operating system.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TypedBuilder,
)]
#[serde(rename_all = "camelCase")]
pub struct TcpKeepalive {
    /// Unanswered probes after which the connection is considered dead (Linux: 9).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(strip_option))]
    pub probes: Option<u32>,
    /// Idle time before the first probe (Linux: two hours).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub time: Option<Duration>,
    /// Time between probes (Linux: 75s).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub interval: Option<Duration>,
}

/// Request-level limits for HTTP traffic
/// (`istio.networking.v1alpha3.ConnectionPoolSettings.HTTPSettings`).
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TypedBuilder,
)]
#[serde(rename_all = "camelCase")]
pub struct HttpSettings {
    /// The most requests queued while waiting for a connection, HTTP/1.1 and HTTP/2 alike
    /// (`http1MaxPendingRequests`); unlimited by default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(strip_option))]
    pub http1_max_pending_requests: Option<i32>,
    /// The most requests in flight to one endpoint, HTTP/1.1 and HTTP/2 alike
    /// (`http2MaxRequests`); unlimited by default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(strip_option))]
    pub http2_max_requests: Option<i32>,
    /// The most requests sent over one connection; 1 turns keep-alive off, 0 (the default)
    /// means no limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(strip_option))]
    pub max_requests_per_connection: Option<i32>,
    /// The most retries in flight to all endpoints together; unlimited by default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(strip_option))]
    pub max_retries: Option<i32>,
    /// How long a pooled connection may have no active request before it is closed (HTTP/2
    /// connections are drained first); one hour by default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub idle_timeout: Option<Duration>,
    /// Whether HTTP/1.1 connections to the destination are upgraded to HTTP/2
    /// (`h2UpgradePolicy`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub h2_upgrade_policy: Option<H2UpgradePolicy>,
    /// Speak to the upstream in the protocol the client used; this overrides
    /// `h2_upgrade_policy`, and Istio rejects it together with `UPGRADE`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub use_client_protocol: Option<bool>,
    /// The most concurrent streams on one HTTP/2 connection; 2³¹−1 by default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(strip_option))]
    pub max_concurrent_streams: Option<i32>,
    /// HTTP/2 PING keepalive on upstream connections (`http2KeepAlive`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub http2_keep_alive: Option<ConnectionKeepalive>,
}

wire_enum! {
    /// Whether HTTP/1.1 connections are upgraded to HTTP/2
    /// (`ConnectionPoolSettings.HTTPSettings.H2UpgradePolicy`).
    pub enum H2UpgradePolicy {
        /// Follow the mesh-wide setting.
        Default = "DEFAULT",
        /// Never upgrade, whatever the mesh says.
        DoNotUpgrade = "DO_NOT_UPGRADE",
        /// Always upgrade, whatever the mesh says.
        Upgrade = "UPGRADE",
    }
}

/// HTTP/2 PING keepalive
/// (`istio.networking.v1alpha3.ConnectionPoolSettings.HTTPSettings.ConnectionKeepalive`);
/// Istio requires both fields when it is set.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TypedBuilder,
)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionKeepalive {
    /// Time between PING frames; at least 1ms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub interval: Option<Duration>,
    /// How long to wait for a PING's answer before closing the connection; at least 1ms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub timeout: Option<Duration>,
}
