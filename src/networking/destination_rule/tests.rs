use serde_json::json;

use super::*;
use crate::networking::Duration;

/// A policy that sets every field the CRD's `TrafficPolicy` has, each with a distinct value.
fn every_traffic_policy_field() -> serde_json::Value {
    let load_balancer = json!({
        "consistentHash": {
            "httpCookie": {
                "name": "session",
                "path": "/",
                "ttl": "0s",
                "attributes": [{ "name": "SameSite", "value": "Strict" }, { "name": "Secure" }],
            },
            "ringHash": { "minimumRingSize": 2048 },
            "minimumRingSize": 1024,
        },
        "localityLbSetting": {
            "distribute": [{ "from": "us-west/zone1/*", "to": { "us-west/zone1/*": 80, "us-west/zone2/*": 20 } }],
            "failover": [{ "from": "us-east", "to": "eu-west" }],
            "failoverPriority": ["topology.istio.io/network"],
            "enabled": true,
        },
        "warmupDurationSecs": "60s",
        "warmup": { "duration": "300s", "minimumPercent": 10, "aggression": 1.5 },
        "zoneAwareLbSetting": {
            "enabled": false,
            "failover": [{ "from": "us-west", "to": "us-east" }],
            "failoverPriority": ["topology.istio.io/cluster"],
            "minClusterSize": 3,
        },
    });
    let connection_pool = json!({
        "tcp": {
            "maxConnections": 100,
            "connectTimeout": "30ms",
            "tcpKeepalive": { "probes": 9, "time": "7200s", "interval": "75s" },
            "maxConnectionDuration": "1h",
            "idleTimeout": "0s",
        },
        "http": {
            "http1MaxPendingRequests": 10,
            "http2MaxRequests": 1000,
            "maxRequestsPerConnection": 1,
            "maxRetries": 3,
            "idleTimeout": "90s",
            "h2UpgradePolicy": "DO_NOT_UPGRADE",
            "useClientProtocol": false,
            "maxConcurrentStreams": 64,
            "http2KeepAlive": { "interval": "15s", "timeout": "5s" },
        },
    });
    let outlier_detection = json!({
        "consecutiveErrors": 4,
        "splitExternalLocalOriginErrors": true,
        "consecutiveLocalOriginFailures": 2,
        "consecutiveGatewayErrors": 0,
        "consecutive5xxErrors": 7,
        "interval": "5m",
        "baseEjectionTime": "15m",
        "maxEjectionPercent": 50,
        "minHealthPercent": 0,
        "outlierDetectionHttpErrorCodes": [429, 503],
    });
    let tls = json!({
        "mode": "MUTUAL",
        "clientCertificate": "/etc/certs/client.pem",
        "privateKey": "/etc/certs/key.pem",
        "caCertificates": "/etc/certs/ca.pem",
        "credentialName": "client-credential",
        "subjectAltNames": ["api.example.com"],
        "sni": "api.example.com",
        "insecureSkipVerify": false,
        "caCrl": "/etc/certs/crl.pem",
    });
    json!({
        "loadBalancer": load_balancer,
        "connectionPool": connection_pool,
        "outlierDetection": outlier_detection,
        "tls": tls,
        "portLevelSettings": [{
            "port": { "number": 443 },
            "loadBalancer": { "simple": "LEAST_REQUEST" },
            "connectionPool": connection_pool,
            "outlierDetection": outlier_detection,
            "tls": { "mode": "SIMPLE" },
        }],
        "tunnel": { "protocol": "POST", "targetHost": "proxy.example.com", "targetPort": 3128 },
        "proxyProtocol": { "version": "V2" },
        "retryBudget": { "percent": 25.5, "minRetryConcurrency": 3, "budgetInterval": "10s" },
    })
}

#[test]
fn every_field_round_trips() {
    let spec = json!({
        "host": "api.example.com",
        "trafficPolicy": every_traffic_policy_field(),
        "subsets": [{
            "name": "v1",
            "labels": { "version": "v1" },
            "trafficPolicy": every_traffic_policy_field(),
        }],
        "exportTo": ["."],
        "workloadSelector": { "matchLabels": { "app": "ratings" } },
    });
    let read: DestinationRuleSpec = serde_json::from_value(spec.clone()).unwrap();
    assert_eq!(serde_json::to_value(&read).unwrap(), spec);

    let policy = read.traffic_policy.as_ref().unwrap();
    let hashing = match &policy.load_balancer.as_deref().unwrap().lb_policy {
        Some(LbPolicy::ConsistentHash(hashing)) => hashing,
        other => panic!("expected consistent hashing, got {other:?}"),
    };
    assert!(
        matches!(&hashing.hash_key, Some(HashKey::HttpCookie(cookie)) if cookie.name == "session")
    );
    assert_eq!(
        hashing.hash_algorithm,
        Some(HashAlgorithm::RingHash(
            RingHash::builder().minimum_ring_size(2048u64).build()
        ))
    );
    assert_eq!(
        policy.tunnel,
        Some(
            TunnelSettings::builder()
                .protocol("POST")
                .target_host("proxy.example.com")
                .target_port(3128)
                .build()
        )
    );
}

#[test]
fn two_lb_policies_are_an_error_naming_both() {
    let error = serde_json::from_value::<TrafficPolicy>(json!({
        "loadBalancer": { "simple": "ROUND_ROBIN", "consistentHash": { "useSourceIp": true } },
    }))
    .unwrap_err()
    .to_string();
    assert!(error.contains("only one of"), "{error}");
    assert!(error.contains("simple and consistentHash"), "{error}");
}

#[test]
fn consistent_hash_oneofs_are_checked_separately() {
    let two_keys = json!({ "httpHeaderName": "x-user", "useSourceIp": true });
    let error = serde_json::from_value::<ConsistentHashLb>(two_keys)
        .unwrap_err()
        .to_string();
    assert!(error.contains("httpHeaderName and useSourceIp"), "{error}");

    let two_algorithms = json!({ "ringHash": {}, "maglev": {} });
    let error = serde_json::from_value::<ConsistentHashLb>(two_algorithms)
        .unwrap_err()
        .to_string();
    assert!(error.contains("ringHash and maglev"), "{error}");

    // One branch of each group, plus `useSourceIp: false`, which still selects its branch.
    let one_each = json!({ "useSourceIp": false, "maglev": { "tableSize": 65537 } });
    let read: ConsistentHashLb = serde_json::from_value(one_each.clone()).unwrap();
    assert_eq!(read.hash_key, Some(HashKey::UseSourceIp(false)));
    assert_eq!(serde_json::to_value(&read).unwrap(), one_each);
}

#[test]
fn integral_doubles_are_written_without_a_fraction() {
    let warmup: WarmupConfiguration =
        serde_json::from_str(r#"{"duration":"300s","minimumPercent":10,"aggression":2.5}"#)
            .unwrap();
    assert_eq!(warmup.minimum_percent, Some(10.0));
    assert_eq!(
        serde_json::to_string(&warmup).unwrap(),
        r#"{"duration":"300s","minimumPercent":10,"aggression":2.5}"#
    );

    let yaml = "percent: 20\n";
    let budget: RetryBudget = serde_saphyr::from_str(yaml).unwrap();
    assert_eq!(serde_saphyr::to_string(&budget).unwrap(), yaml);
}

#[test]
fn empty_objects_round_trip() {
    for text in [
        "{}",
        r#"{"loadBalancer":{},"connectionPool":{"tcp":{"tcpKeepalive":{}},"http":{"http2KeepAlive":{}}},"outlierDetection":{},"tls":{},"portLevelSettings":[{"port":{}}],"proxyProtocol":{},"retryBudget":{}}"#,
        r#"{"loadBalancer":{"consistentHash":{"httpCookie":{"name":""},"ringHash":{}},"localityLbSetting":{"distribute":[{}],"failover":[{}]},"warmup":{},"zoneAwareLbSetting":{"failover":[{}]}}}"#,
    ] {
        let policy: TrafficPolicy = serde_json::from_str(text).unwrap();
        assert_eq!(serde_json::to_string(&policy).unwrap(), text);
    }
    let spec: DestinationRuleSpec =
        serde_json::from_str(r#"{"host":"a","trafficPolicy":{}}"#).unwrap();
    assert_eq!(
        spec.traffic_policy.as_deref(),
        Some(&TrafficPolicy::default())
    );
    assert_eq!(
        serde_json::to_string(&spec).unwrap(),
        r#"{"host":"a","trafficPolicy":{}}"#
    );
}

#[test]
fn consecutive_5xx_errors_uses_istio_spelling() {
    let detection: OutlierDetection =
        serde_json::from_value(json!({ "consecutive5xxErrors": 7, "consecutiveGatewayErrors": 0 }))
            .unwrap();
    assert_eq!(detection.consecutive_5xx_errors, Some(7));
    assert_eq!(detection.consecutive_gateway_errors, Some(0));
    let written = serde_json::to_value(
        OutlierDetection::builder()
            .consecutive_5xx_errors(5u32)
            .build(),
    )
    .unwrap();
    assert_eq!(written, json!({ "consecutive5xxErrors": 5 }));
}

#[test]
fn unknown_enum_values_and_fields_still_read() {
    let policy: TrafficPolicy = serde_json::from_value(json!({
        "loadBalancer": { "simple": "FASTEST" },
        "tls": { "mode": "STRICT", "futureField": 1 },
    }))
    .unwrap();
    assert_eq!(
        policy.load_balancer.unwrap().lb_policy,
        Some(LbPolicy::Simple(SimpleLb::Other("FASTEST".into())))
    );
    assert_eq!(
        policy.tls.unwrap().mode,
        Some(ClientTlsMode::Other("STRICT".into()))
    );
}

#[test]
fn builders_and_constructors() {
    let spec = DestinationRuleSpec::builder()
        .host("api.example.com")
        .build();
    assert_eq!(
        serde_json::to_value(&spec).unwrap(),
        json!({ "host": "api.example.com" })
    );

    let policy = TrafficPolicy::builder()
        .load_balancer(LoadBalancerSettings::consistent_hash(
            ConsistentHashLb::new(HashKey::HttpCookie(
                HttpCookie::builder()
                    .name("user")
                    .ttl(Duration::from_secs(0))
                    .build(),
            )),
        ))
        .port_level_settings(vec![
            PortTrafficPolicy::builder()
                .port(crate::networking::PortSelector::number(443))
                .tls(ClientTlsSettings::mode(ClientTlsMode::Simple))
                .build(),
        ])
        .build();
    assert_eq!(
        serde_json::to_value(&policy).unwrap(),
        json!({
            "loadBalancer": { "consistentHash": { "httpCookie": { "name": "user", "ttl": "0s" } } },
            "portLevelSettings": [{ "port": { "number": 443 }, "tls": { "mode": "SIMPLE" } }],
        })
    );
    assert_eq!(
        PortTrafficPolicy::for_port(443).port,
        policy.port_level_settings[0].port
    );

    let warmup = WarmupConfiguration::builder()
        .duration(Duration::from_secs(60))
        .build();
    assert_eq!(
        warmup,
        WarmupConfiguration::new(std::time::Duration::from_secs(60))
    );
    assert_eq!(TunnelSettings::new("proxy", 3128).target_port, 3128);
    assert_eq!(HttpCookieAttribute::new("Secure").value, None);
    assert_eq!(Subset::new("v1").name, "v1");
}

#[test]
fn kind_reads_with_any_served_version() {
    let yaml = "\
apiVersion: networking.istio.io/v1beta1
kind: DestinationRule
metadata:
  name: api
spec:
  host: api.example.com
  trafficPolicy:
    tls:
      mode: SIMPLE
";
    let rule: DestinationRule = serde_saphyr::from_str(yaml).unwrap();
    assert_eq!(rule.spec.host, "api.example.com");
    let json = serde_json::to_value(&rule).unwrap();
    assert_eq!(json["apiVersion"], "networking.istio.io/v1");
    assert_eq!(json["spec"]["trafficPolicy"]["tls"]["mode"], "SIMPLE");
}

/// Writes `value` as JSON, checks that the text holds `expected`, and reads it back equal.
fn json_round_trip<T>(value: &T, expected: &str)
where
    T: Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let text = serde_json::to_string(value).unwrap();
    assert!(text.contains(expected), "{text}");
    let read: T = serde_json::from_str(&text).unwrap();
    assert_eq!(&read, value);
}

#[test]
fn boxed_parts_are_built_unboxed_and_read_through_as_deref() {
    let balancer = LoadBalancerSettings::default();
    let policy = TrafficPolicy::builder()
        .load_balancer(balancer.clone())
        .port_level_settings(vec![
            PortTrafficPolicy::builder()
                .load_balancer(balancer.clone())
                .build(),
        ])
        .build();
    assert_eq!(policy.load_balancer.as_deref(), Some(&balancer));
    let subset = Subset::builder()
        .name("v1")
        .traffic_policy(policy.clone())
        .build();
    assert_eq!(subset.traffic_policy.as_deref(), Some(&policy));
    json_round_trip(&subset, r#""trafficPolicy":{"loadBalancer":{"#);
    let spec = DestinationRuleSpec::builder()
        .host("api.example.com")
        .traffic_policy(policy.clone())
        .build();
    assert_eq!(spec.traffic_policy.as_deref(), Some(&policy));
    json_round_trip(&spec, r#""trafficPolicy":{"loadBalancer":{"#);
}
