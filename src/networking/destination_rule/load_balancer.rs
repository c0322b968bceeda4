//! [`LoadBalancerSettings`]: the balancing algorithm (simple or consistent hashing), locality
//! and zone awareness, and slow start for new endpoints.

use compact_str::CompactString;

use crate::networking::StringMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use typed_builder::TypedBuilder;

use crate::networking::Duration;
use crate::networking::oneof::{self, OneofConflict};
use crate::networking::wire_enum::wire_enum;

/// How a proxy picks the endpoint for each request or connection
/// (`istio.networking.v1alpha3.LoadBalancerSettings`).
///
/// ```
/// use istio_egress::networking::{LbPolicy, LoadBalancerSettings, SimpleLb};
///
/// let lb: LoadBalancerSettings = serde_json::from_str(r#"{"simple": "LEAST_REQUEST"}"#)?;
/// assert_eq!(lb, LoadBalancerSettings::simple(SimpleLb::LeastRequest));
/// assert_eq!(lb.lb_policy, Some(LbPolicy::Simple(SimpleLb::LeastRequest)));
/// let both = r#"{"simple": "RANDOM", "consistentHash": {"useSourceIp": true}}"#;
/// assert!(serde_json::from_str::<LoadBalancerSettings>(both).is_err());
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(
    try_from = "LoadBalancerSettingsWire",
    into = "LoadBalancerSettingsWire"
)]
pub struct LoadBalancerSettings {
    /// The algorithm (`simple` or `consistentHash`); `None` lets Istio choose.
    #[builder(default, setter(into, strip_option))]
    pub lb_policy: Option<LbPolicy>,
    /// Locality-aware weighting and failover; replaces the mesh-wide setting as a whole
    /// (`localityLbSetting`).
    #[builder(default, setter(into, strip_option))]
    pub locality_lb_setting: Option<LocalityLoadBalancerSetting>,
    /// Deprecated: use [`warmup`](Self::warmup). The slow-start window for new endpoints
    /// (`warmupDurationSecs`); despite the name, a duration such as `"60s"`.
    #[builder(default, setter(into, strip_option))]
    pub warmup_duration_secs: Option<Duration>,
    /// Slow start: new endpoints get a growing share of traffic over a window.
    #[builder(default, setter(into, strip_option))]
    pub warmup: Option<WarmupConfiguration>,
    /// Envoy's zone-aware routing, preferring endpoints in the caller's zone
    /// (`zoneAwareLbSetting`); Istio rejects it together with `locality_lb_setting`.
    #[builder(default, setter(into, strip_option))]
    pub zone_aware_lb_setting: Option<ZoneAwareLoadBalancerSetting>,
}

impl LoadBalancerSettings {
    /// Settings with one of the simple algorithms and nothing else.
    pub fn simple(algorithm: SimpleLb) -> Self {
        Self {
            lb_policy: Some(LbPolicy::Simple(algorithm)),
            ..Self::default()
        }
    }

    /// Settings with consistent hashing and nothing else.
    pub fn consistent_hash(hashing: ConsistentHashLb) -> Self {
        Self {
            lb_policy: Some(LbPolicy::ConsistentHash(hashing)),
            ..Self::default()
        }
    }
}

/// The one-of `lb_policy` of [`LoadBalancerSettings`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LbPolicy {
    /// A standard algorithm that needs no tuning (`simple`).
    Simple(SimpleLb),
    /// Hash a property of the request so that the same value keeps reaching the same
    /// endpoint (`consistentHash`).
    ConsistentHash(ConsistentHashLb),
}

wire_enum! {
    /// A standard balancing algorithm (`LoadBalancerSettings.SimpleLB`).
    pub enum SimpleLb {
        /// Nothing chosen; Istio picks its default.
        Unspecified = "UNSPECIFIED",
        /// Deprecated in Istio; behaves as `LEAST_REQUEST`, which should be used instead.
        LeastConn = "LEAST_CONN",
        /// A random healthy endpoint each time.
        Random = "RANDOM",
        /// No balancing: connect to the address the caller asked for. For special cases.
        Passthrough = "PASSTHROUGH",
        /// Endpoints in turn; can overload some when endpoints are weighted.
        RoundRobin = "ROUND_ROBIN",
        /// Prefer endpoints with fewer requests in flight; the usual best choice.
        LeastRequest = "LEAST_REQUEST",
    }
}

/// The wire form of [`LoadBalancerSettings`]: the one-of's branches as sibling keys.
#[derive(Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(rename = "LoadBalancerSettings")]
struct LoadBalancerSettingsWire {
    /// A standard algorithm; excludes `consistentHash`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    simple: Option<SimpleLb>,
    /// Consistent hashing; excludes `simple`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    consistent_hash: Option<ConsistentHashLb>,
    /// Locality-aware weighting and failover.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    locality_lb_setting: Option<LocalityLoadBalancerSetting>,
    /// Deprecated slow-start window; use `warmup`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    warmup_duration_secs: Option<Duration>,
    /// Slow start for new endpoints.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    warmup: Option<WarmupConfiguration>,
    /// Zone-aware routing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    zone_aware_lb_setting: Option<ZoneAwareLoadBalancerSetting>,
}

impl TryFrom<LoadBalancerSettingsWire> for LoadBalancerSettings {
    type Error = OneofConflict;
    fn try_from(wire: LoadBalancerSettingsWire) -> Result<Self, Self::Error> {
        let lb_policy = oneof::pick(
            &["simple", "consistentHash"],
            [
                wire.simple.map(LbPolicy::Simple),
                wire.consistent_hash.map(LbPolicy::ConsistentHash),
            ],
        )?;
        Ok(Self {
            lb_policy,
            locality_lb_setting: wire.locality_lb_setting,
            warmup_duration_secs: wire.warmup_duration_secs,
            warmup: wire.warmup,
            zone_aware_lb_setting: wire.zone_aware_lb_setting,
        })
    }
}

impl From<LoadBalancerSettings> for LoadBalancerSettingsWire {
    fn from(value: LoadBalancerSettings) -> Self {
        let mut wire = Self {
            locality_lb_setting: value.locality_lb_setting,
            warmup_duration_secs: value.warmup_duration_secs,
            warmup: value.warmup,
            zone_aware_lb_setting: value.zone_aware_lb_setting,
            ..Self::default()
        };
        match value.lb_policy {
            Some(LbPolicy::Simple(v)) => wire.simple = Some(v),
            Some(LbPolicy::ConsistentHash(v)) => wire.consistent_hash = Some(v),
            None => {}
        }
        wire
    }
}

/// Consistent-hash balancing, a soft session affinity
/// (`istio.networking.v1alpha3.LoadBalancerSettings.ConsistentHashLB`).
///
/// Affinity is lost for some keys whenever endpoints come or go, and it needs every proxy to
/// see the same endpoints, which locality balancing breaks.
///
/// ```
/// use istio_egress::networking::{ConsistentHashLb, HashAlgorithm, HashKey, Maglev};
///
/// let hashing: ConsistentHashLb =
///     serde_json::from_str(r#"{"httpHeaderName": "x-user", "maglev": {"tableSize": 65537}}"#)?;
/// assert_eq!(hashing.hash_key, Some(HashKey::HttpHeaderName("x-user".into())));
/// assert_eq!(
///     hashing.hash_algorithm,
///     Some(HashAlgorithm::Maglev(Maglev::builder().table_size(65537u64).build()))
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TypedBuilder,
)]
#[serde(try_from = "ConsistentHashLbWire", into = "ConsistentHashLbWire")]
pub struct ConsistentHashLb {
    /// What is hashed: a header, a cookie, the source IP or a query parameter.
    #[builder(default, setter(into, strip_option))]
    pub hash_key: Option<HashKey>,
    /// The hashing scheme; Envoy's ring hash when `None`.
    #[builder(default, setter(into, strip_option))]
    pub hash_algorithm: Option<HashAlgorithm>,
    /// Deprecated: use [`RingHash::minimum_ring_size`]. The smallest number of virtual nodes
    /// on the hash ring (`minimumRingSize`); Istio rejects it next to `ringHash` or `maglev`.
    #[builder(default, setter(strip_option))]
    pub minimum_ring_size: Option<u64>,
}

impl ConsistentHashLb {
    /// Hashing on this key with the default algorithm.
    pub fn new(hash_key: HashKey) -> Self {
        Self {
            hash_key: Some(hash_key),
            ..Self::default()
        }
    }
}

/// The one-of `hash_key` of [`ConsistentHashLb`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HashKey {
    /// The value of this HTTP header (`httpHeaderName`).
    HttpHeaderName(CompactString),
    /// The value of this HTTP cookie, which the proxy can also issue (`httpCookie`).
    HttpCookie(HttpCookie),
    /// The client's IP address, for TCP as well as HTTP (`useSourceIp`). Kept as written:
    /// `false` still selects this branch.
    UseSourceIp(bool),
    /// The value of this URL query parameter (`httpQueryParameterName`).
    HttpQueryParameterName(CompactString),
}

/// The one-of `hash_algorithm` of [`ConsistentHashLb`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HashAlgorithm {
    /// Envoy's ring (ketama) hash (`ringHash`).
    RingHash(RingHash),
    /// Google's Maglev lookup table (`maglev`).
    Maglev(Maglev),
}

/// The wire form of [`ConsistentHashLb`]: both one-ofs' branches as sibling keys.
#[derive(Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(rename = "ConsistentHashLb")]
struct ConsistentHashLbWire {
    /// Hash this HTTP header; one hash key at most.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    http_header_name: Option<CompactString>,
    /// Hash this HTTP cookie; one hash key at most.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    http_cookie: Option<HttpCookie>,
    /// Hash the source IP; one hash key at most.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    use_source_ip: Option<bool>,
    /// Hash this query parameter; one hash key at most.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    http_query_parameter_name: Option<CompactString>,
    /// Ring hash; excludes `maglev`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    ring_hash: Option<RingHash>,
    /// Maglev; excludes `ringHash`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    maglev: Option<Maglev>,
    /// Deprecated ring size; use `ringHash.minimumRingSize`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    minimum_ring_size: Option<u64>,
}

impl TryFrom<ConsistentHashLbWire> for ConsistentHashLb {
    type Error = OneofConflict;
    fn try_from(wire: ConsistentHashLbWire) -> Result<Self, Self::Error> {
        let hash_key = oneof::pick(
            &[
                "httpHeaderName",
                "httpCookie",
                "useSourceIp",
                "httpQueryParameterName",
            ],
            [
                wire.http_header_name.map(HashKey::HttpHeaderName),
                wire.http_cookie.map(HashKey::HttpCookie),
                wire.use_source_ip.map(HashKey::UseSourceIp),
                wire.http_query_parameter_name
                    .map(HashKey::HttpQueryParameterName),
            ],
        )?;
        let hash_algorithm = oneof::pick(
            &["ringHash", "maglev"],
            [
                wire.ring_hash.map(HashAlgorithm::RingHash),
                wire.maglev.map(HashAlgorithm::Maglev),
            ],
        )?;
        Ok(Self {
            hash_key,
            hash_algorithm,
            minimum_ring_size: wire.minimum_ring_size,
        })
    }
}

impl From<ConsistentHashLb> for ConsistentHashLbWire {
    fn from(value: ConsistentHashLb) -> Self {
        let mut wire = Self {
            minimum_ring_size: value.minimum_ring_size,
            ..Self::default()
        };
        match value.hash_key {
            Some(HashKey::HttpHeaderName(v)) => wire.http_header_name = Some(v),
            Some(HashKey::HttpCookie(v)) => wire.http_cookie = Some(v),
            Some(HashKey::UseSourceIp(v)) => wire.use_source_ip = Some(v),
            Some(HashKey::HttpQueryParameterName(v)) => wire.http_query_parameter_name = Some(v),
            None => {}
        }
        match value.hash_algorithm {
            Some(HashAlgorithm::RingHash(v)) => wire.ring_hash = Some(v),
            Some(HashAlgorithm::Maglev(v)) => wire.maglev = Some(v),
            None => {}
        }
        wire
    }
}

/// The cookie whose value is hashed
/// (`istio.networking.v1alpha3.LoadBalancerSettings.ConsistentHashLB.HTTPCookie`).
///
/// With a `ttl`, the proxy sets the cookie itself when the request lacks it.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TypedBuilder,
)]
#[serde(rename_all = "camelCase")]
pub struct HttpCookie {
    /// The cookie's name. Required.
    #[serde(default)]
    #[builder(setter(into))]
    pub name: CompactString,
    /// The `Path` of a cookie the proxy sets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub path: Option<CompactString>,
    /// The lifetime of a cookie the proxy sets; `0s` makes it a session cookie. No cookie is
    /// generated without it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub ttl: Option<Duration>,
    /// More attributes for a cookie the proxy sets, such as `SameSite` or `Secure`.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::networking::exact::vec"
    )]
    #[builder(default, setter(into))]
    pub attributes: Vec<HttpCookieAttribute>,
}

impl HttpCookie {
    /// The cookie with this name, with no path, lifetime or attributes.
    pub fn new(name: impl Into<CompactString>) -> Self {
        Self {
            name: name.into(),
            ..Self::default()
        }
    }
}

/// One attribute of a generated cookie
/// (`istio.networking.v1alpha3.LoadBalancerSettings.ConsistentHashLB.HTTPCookie.Attribute`).
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TypedBuilder,
)]
#[serde(rename_all = "camelCase")]
pub struct HttpCookieAttribute {
    /// The attribute's name, such as `SameSite`; unique within the cookie. Required.
    #[serde(default)]
    #[builder(setter(into))]
    pub name: CompactString,
    /// The attribute's value, such as `Strict`; absent for flags like `Secure`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub value: Option<CompactString>,
}

impl HttpCookieAttribute {
    /// An attribute with this name and no value (a flag such as `Secure`).
    pub fn new(name: impl Into<CompactString>) -> Self {
        Self {
            name: name.into(),
            value: None,
        }
    }
}

/// Settings of the ring hash algorithm
/// (`istio.networking.v1alpha3.LoadBalancerSettings.ConsistentHashLB.RingHash`).
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TypedBuilder,
)]
#[serde(rename_all = "camelCase")]
pub struct RingHash {
    /// The smallest number of virtual nodes on the ring (Envoy's default is 1024); more
    /// nodes spread load more evenly.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(strip_option))]
    pub minimum_ring_size: Option<u64>,
}

/// Settings of the Maglev algorithm
/// (`istio.networking.v1alpha3.LoadBalancerSettings.ConsistentHashLB.MagLev`).
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TypedBuilder,
)]
#[serde(rename_all = "camelCase")]
pub struct Maglev {
    /// The lookup table's size: a prime below 5000011 (65537 when unset). Larger tables move
    /// fewer keys when endpoints change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(strip_option))]
    pub table_size: Option<u64>,
}

/// Locality-aware balancing (`istio.networking.v1alpha3.LocalityLoadBalancerSetting`):
/// weights between `region/zone/subzone` localities, or where traffic fails over to.
///
/// `distribute` and `failover` exclude each other, and failover only happens when outlier
/// detection is set in the same policy to notice unhealthy endpoints.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TypedBuilder,
)]
#[serde(rename_all = "camelCase")]
pub struct LocalityLoadBalancerSetting {
    /// Explicit shares of traffic from each source locality to destination localities.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::networking::exact::vec"
    )]
    #[builder(default, setter(into))]
    pub distribute: Vec<LocalityDistribute>,
    /// The region to fail over to when a region's endpoints are unhealthy.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::networking::exact::vec"
    )]
    #[builder(default, setter(into))]
    pub failover: Vec<LocalityFailover>,
    /// Labels, in order of importance, that rank endpoints by how many of them (from the
    /// first on) match the client; `key` compares with the client's value, `key=value` with
    /// a fixed value.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::networking::exact::vec"
    )]
    #[builder(default, setter(transform = |failover_priority: impl IntoIterator<Item = impl Into<CompactString>>| crate::networking::text::list(failover_priority)))]
    pub failover_priority: Vec<CompactString>,
    /// Turns locality balancing on or off for this destination; unset keeps the mesh's
    /// choice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub enabled: Option<bool>,
}

/// How traffic from one locality is shared out
/// (`istio.networking.v1alpha3.LocalityLoadBalancerSetting.Distribute`).
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TypedBuilder,
)]
#[serde(rename_all = "camelCase")]
pub struct LocalityDistribute {
    /// The source locality, `region/zone/subzone`, ending in `*` to match a whole subtree.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub from: Option<CompactString>,
    /// Destination localities and their weights, which should add up to 100; a locality
    /// not listed gets nothing.
    #[serde(default, skip_serializing_if = "StringMap::is_empty")]
    #[builder(default, setter(transform = |to: impl IntoIterator<Item = (impl Into<CompactString>, u32)>| crate::networking::text::keyed(to)))]
    pub to: StringMap<u32>,
}

/// A region to fail over to
/// (`istio.networking.v1alpha3.LocalityLoadBalancerSetting.Failover`).
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TypedBuilder,
)]
#[serde(rename_all = "camelCase")]
pub struct LocalityFailover {
    /// The region whose endpoints have become unhealthy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub from: Option<CompactString>,
    /// The region that takes its traffic.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub to: Option<CompactString>,
}

/// Zone-aware routing (`istio.networking.v1alpha3.ZoneAwareLoadBalancerSetting`): keep
/// traffic in the caller's zone when that zone has enough endpoints.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TypedBuilder,
)]
#[serde(rename_all = "camelCase")]
pub struct ZoneAwareLoadBalancerSetting {
    /// Turns zone-aware routing on or off for this destination.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub enabled: Option<bool>,
    /// The region to fail over to when a region's endpoints are unhealthy.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::networking::exact::vec"
    )]
    #[builder(default, setter(into))]
    pub failover: Vec<ZoneAwareFailover>,
    /// Labels, in order of importance, used to rank endpoints for failover; the region,
    /// zone and subzone labels are not allowed here.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::networking::exact::vec"
    )]
    #[builder(default, setter(transform = |failover_priority: impl IntoIterator<Item = impl Into<CompactString>>| crate::networking::text::list(failover_priority)))]
    pub failover_priority: Vec<CompactString>,
    /// The fewest endpoints the local zone must have for zone-aware routing to apply; at
    /// least 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(strip_option))]
    pub min_cluster_size: Option<u64>,
}

/// A region to fail over to under zone-aware routing
/// (`istio.networking.v1alpha3.ZoneAwareLoadBalancerSetting.Failover`).
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TypedBuilder,
)]
#[serde(rename_all = "camelCase")]
pub struct ZoneAwareFailover {
    /// The region whose endpoints have become unhealthy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub from: Option<CompactString>,
    /// The region that takes its traffic.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub to: Option<CompactString>,
}

/// Slow start for new endpoints (`istio.networking.v1alpha3.WarmupConfiguration`): their
/// share of traffic grows over a window instead of starting at full weight. Works with
/// `ROUND_ROBIN` and `LEAST_REQUEST`, and helps most when few endpoints are new at once.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct WarmupConfiguration {
    /// How long a new endpoint stays in warmup. Required.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option))]
    pub duration: Option<Duration>,
    /// The share of its full traffic, in percent (0 to 100), a new endpoint gets at the start.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::networking::number::write_opt_f64"
    )]
    #[builder(default, setter(strip_option))]
    pub minimum_percent: Option<f64>,
    /// The shape of the ramp: 1 is linear, larger values start slower and catch up later.
    /// Not negative.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::networking::number::write_opt_f64"
    )]
    #[builder(default, setter(strip_option))]
    pub aggression: Option<f64>,
}

impl WarmupConfiguration {
    /// A warmup over this window, with Istio's defaults for the rest.
    pub fn new(duration: impl Into<Duration>) -> Self {
        Self {
            duration: Some(duration.into()),
            minimum_percent: None,
            aggression: None,
        }
    }
}
