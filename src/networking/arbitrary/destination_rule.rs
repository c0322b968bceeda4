//! `Arbitrary` for [`DestinationRule`] and its messages.

use proptest::prelude::*;

use super::{
    arbitrary_kind, arbitrary_struct, arbitrary_wire_enum, compact, flag, list, map, maybe,
    opt_duration, opt_f64, opt_i32, opt_text, opt_u32, opt_u64, texts, u32_value,
};
use crate::networking::{
    ClientTlsMode, ClientTlsSettings, ConnectionKeepalive, ConnectionPoolSettings,
    ConsistentHashLb, DestinationRule, DestinationRuleSpec, H2UpgradePolicy, HashAlgorithm,
    HashKey, HttpCookie, HttpCookieAttribute, HttpSettings, LbPolicy, LoadBalancerSettings,
    LocalityDistribute, LocalityFailover, LocalityLoadBalancerSetting, Maglev, OutlierDetection,
    PortSelector, PortTrafficPolicy, ProxyProtocol, ProxyProtocolVersion, RetryBudget, RingHash,
    SimpleLb, Subset, TcpKeepalive, TcpSettings, TrafficPolicy, TunnelSettings,
    WarmupConfiguration, ZoneAwareFailover, ZoneAwareLoadBalancerSetting, type_v1beta1,
};

arbitrary_kind!(DestinationRule, DestinationRuleSpec);

arbitrary_wire_enum!(
    ClientTlsMode,
    H2UpgradePolicy,
    ProxyProtocolVersion,
    SimpleLb
);

arbitrary_struct!(DestinationRuleSpec {
    host: compact(),
    traffic_policy: maybe::<Box<TrafficPolicy>>(),
    subsets: list::<Subset>(),
    export_to: texts(),
    workload_selector: maybe::<type_v1beta1::WorkloadSelector>(),
});

arbitrary_struct!(Subset {
    name: compact(),
    labels: map(compact()),
    traffic_policy: maybe::<Box<TrafficPolicy>>(),
});

arbitrary_struct!(TrafficPolicy {
    load_balancer: maybe::<Box<LoadBalancerSettings>>(),
    connection_pool: maybe::<ConnectionPoolSettings>(),
    outlier_detection: maybe::<OutlierDetection>(),
    tls: maybe::<ClientTlsSettings>(),
    port_level_settings: list::<PortTrafficPolicy>(),
    tunnel: maybe::<TunnelSettings>(),
    proxy_protocol: maybe::<ProxyProtocol>(),
    retry_budget: maybe::<RetryBudget>(),
});

arbitrary_struct!(PortTrafficPolicy {
    port: maybe::<PortSelector>(),
    load_balancer: maybe::<Box<LoadBalancerSettings>>(),
    connection_pool: maybe::<ConnectionPoolSettings>(),
    outlier_detection: maybe::<OutlierDetection>(),
    tls: maybe::<ClientTlsSettings>(),
});

arbitrary_struct!(TunnelSettings {
    protocol: opt_text(),
    target_host: compact(),
    target_port: u32_value(),
});

arbitrary_struct!(ProxyProtocol {
    version: maybe::<ProxyProtocolVersion>(),
});

arbitrary_struct!(RetryBudget {
    percent: opt_f64(),
    min_retry_concurrency: opt_u32(),
    budget_interval: opt_duration(),
});

arbitrary_struct!(ClientTlsSettings {
    mode: maybe::<ClientTlsMode>(),
    client_certificate: opt_text(),
    private_key: opt_text(),
    ca_certificates: opt_text(),
    credential_name: opt_text(),
    subject_alt_names: texts(),
    sni: opt_text(),
    insecure_skip_verify: flag(),
    ca_crl: opt_text(),
});

arbitrary_struct!(ConnectionPoolSettings {
    tcp: maybe::<TcpSettings>(),
    http: maybe::<HttpSettings>(),
});

arbitrary_struct!(TcpSettings {
    max_connections: opt_i32(),
    connect_timeout: opt_duration(),
    tcp_keepalive: maybe::<TcpKeepalive>(),
    max_connection_duration: opt_duration(),
    idle_timeout: opt_duration(),
});

arbitrary_struct!(TcpKeepalive {
    probes: opt_u32(),
    time: opt_duration(),
    interval: opt_duration(),
});

arbitrary_struct!(HttpSettings {
    http1_max_pending_requests: opt_i32(),
    http2_max_requests: opt_i32(),
    max_requests_per_connection: opt_i32(),
    max_retries: opt_i32(),
    idle_timeout: opt_duration(),
    h2_upgrade_policy: maybe::<H2UpgradePolicy>(),
    use_client_protocol: flag(),
    max_concurrent_streams: opt_i32(),
    http2_keep_alive: maybe::<ConnectionKeepalive>(),
});

arbitrary_struct!(ConnectionKeepalive {
    interval: opt_duration(),
    timeout: opt_duration(),
});

arbitrary_struct!(OutlierDetection {
    consecutive_errors: opt_i32(),
    split_external_local_origin_errors: flag(),
    consecutive_local_origin_failures: opt_u32(),
    consecutive_gateway_errors: opt_u32(),
    consecutive_5xx_errors: opt_u32(),
    interval: opt_duration(),
    base_ejection_time: opt_duration(),
    max_ejection_percent: opt_i32(),
    min_health_percent: opt_i32(),
    outlier_detection_http_error_codes: proptest::collection::vec(u32_value(), 0..3).boxed(),
});

impl Arbitrary for LbPolicy {
    type Parameters = ();
    type Strategy = BoxedStrategy<Self>;

    fn arbitrary_with((): ()) -> Self::Strategy {
        prop_oneof![
            any::<SimpleLb>().prop_map(LbPolicy::Simple),
            any::<ConsistentHashLb>().prop_map(LbPolicy::ConsistentHash),
        ]
        .boxed()
    }
}

arbitrary_struct!(LoadBalancerSettings {
    lb_policy: maybe::<LbPolicy>(),
    locality_lb_setting: maybe::<LocalityLoadBalancerSetting>(),
    warmup_duration_secs: opt_duration(),
    warmup: maybe::<WarmupConfiguration>(),
    zone_aware_lb_setting: maybe::<ZoneAwareLoadBalancerSetting>(),
});

impl Arbitrary for HashKey {
    type Parameters = ();
    type Strategy = BoxedStrategy<Self>;

    fn arbitrary_with((): ()) -> Self::Strategy {
        prop_oneof![
            compact().prop_map(HashKey::HttpHeaderName),
            any::<HttpCookie>().prop_map(HashKey::HttpCookie),
            any::<bool>().prop_map(HashKey::UseSourceIp),
            compact().prop_map(HashKey::HttpQueryParameterName),
        ]
        .boxed()
    }
}

impl Arbitrary for HashAlgorithm {
    type Parameters = ();
    type Strategy = BoxedStrategy<Self>;

    fn arbitrary_with((): ()) -> Self::Strategy {
        prop_oneof![
            any::<RingHash>().prop_map(HashAlgorithm::RingHash),
            any::<Maglev>().prop_map(HashAlgorithm::Maglev),
        ]
        .boxed()
    }
}

arbitrary_struct!(ConsistentHashLb {
    hash_key: maybe::<HashKey>(),
    hash_algorithm: maybe::<HashAlgorithm>(),
    minimum_ring_size: opt_u64(),
});

arbitrary_struct!(HttpCookie {
    name: compact(),
    path: opt_text(),
    ttl: opt_duration(),
    attributes: list::<HttpCookieAttribute>(),
});

arbitrary_struct!(HttpCookieAttribute {
    name: compact(),
    value: opt_text(),
});

arbitrary_struct!(RingHash {
    minimum_ring_size: opt_u64(),
});

arbitrary_struct!(Maglev {
    table_size: opt_u64(),
});

arbitrary_struct!(LocalityLoadBalancerSetting {
    distribute: list::<LocalityDistribute>(),
    failover: list::<LocalityFailover>(),
    failover_priority: texts(),
    enabled: flag(),
});

arbitrary_struct!(LocalityDistribute {
    from: opt_text(),
    to: map(u32_value()),
});

arbitrary_struct!(LocalityFailover {
    from: opt_text(),
    to: opt_text(),
});

arbitrary_struct!(ZoneAwareLoadBalancerSetting {
    enabled: flag(),
    failover: list::<ZoneAwareFailover>(),
    failover_priority: texts(),
    min_cluster_size: opt_u64(),
});

arbitrary_struct!(ZoneAwareFailover {
    from: opt_text(),
    to: opt_text(),
});

arbitrary_struct!(WarmupConfiguration {
    duration: opt_duration(),
    minimum_percent: opt_f64(),
    aggression: opt_f64(),
});
