//! The bounds' table: one passing and one failing object per bound, by kind.

use serde_json::{Value, json};

use super::{Case, many, map_of, text};

/// The Gateway's bounds: required port, hosts, protocol and name; enums; list sizes.
pub(crate) fn gateway_cases() -> Vec<Case> {
    let gw = "Gateway";
    let port = json!({"number": 80, "name": "http", "protocol": "HTTP"});
    let certificate = json!({"serverCertificate": "/etc/c.pem", "privateKey": "/etc/k.pem"});
    vec![
        Case::new("SCHEMA-required", gw, "servers[0].port", port, Value::Null),
        Case::new(
            "SCHEMA-required",
            gw,
            "servers[0].hosts",
            json!(["a.example.com"]),
            Value::Null,
        ),
        Case::new(
            "SCHEMA-required",
            gw,
            "servers[0].port.protocol",
            json!("HTTPS"),
            Value::Null,
        ),
        Case::new(
            "SCHEMA-required",
            gw,
            "servers[0].port.name",
            json!("https"),
            Value::Null,
        ),
        // An explicit empty string reads as a missing one.
        Case::new(
            "SCHEMA-required",
            gw,
            "servers[0].port.name",
            json!("https"),
            json!(""),
        )
        .not_in_crd_schema(),
        Case::new(
            "SCHEMA-enum",
            gw,
            "servers[0].tls.mode",
            json!("MUTUAL"),
            json!("SIMPLEX"),
        )
        .says(
            "Unsupported value: \"SIMPLEX\": supported values: \"PASSTHROUGH\", \"SIMPLE\", \
             \"MUTUAL\", \"AUTO_PASSTHROUGH\", \"ISTIO_MUTUAL\", \"OPTIONAL_MUTUAL\"",
        ),
        Case::new(
            "SCHEMA-enum",
            gw,
            "servers[0].tls.minProtocolVersion",
            json!("TLSV1_2"),
            json!("TLSV1_4"),
        ),
        Case::new(
            "SCHEMA-enum",
            gw,
            "servers[0].tls.maxProtocolVersion",
            json!("TLSV1_3"),
            json!("TLS1_3"),
        ),
        Case::new(
            "SCHEMA-size",
            gw,
            "servers[0].tls",
            json!({"mode": "SIMPLE", "credentialNames": ["a", "b"]}),
            json!({"mode": "SIMPLE", "credentialNames": ["a", "b", "c"]}),
        )
        .at("servers[0].tls.credentialNames")
        .says("must have at most 2 items"),
        Case::new(
            "SCHEMA-size",
            gw,
            "servers[0].tls",
            json!({"mode": "SIMPLE", "tlsCertificates": many(2, |_| certificate.clone())}),
            json!({"mode": "SIMPLE", "tlsCertificates": many(3, |_| certificate.clone())}),
        )
        .at("servers[0].tls.tlsCertificates"),
    ]
}

/// The ServiceEntry's bounds: required hosts and port names, sizes, enums, list-map keys.
pub(crate) fn service_entry_cases() -> Vec<Case> {
    let se = "ServiceEntry";
    let address = |i: usize| json!(format!("10.0.{}.{}", i / 256, i % 256));
    let port = |i: usize| json!({"number": i + 1, "name": format!("p{i}"), "protocol": "TCP"});
    let label = |i: usize| (format!("k{i}"), json!("v"));
    vec![
        Case::new(
            "SCHEMA-required",
            se,
            "hosts",
            json!(["a.example.com"]),
            Value::Null,
        ),
        Case::new(
            "SCHEMA-size",
            se,
            "hosts",
            many(256, |i| json!(format!("h{i}.example.com"))),
            many(257, |i| json!(format!("h{i}.example.com"))),
        )
        .says("must have at most 256 items"),
        Case::new(
            "SCHEMA-size",
            se,
            "addresses",
            many(256, address),
            many(257, address),
        ),
        Case::new(
            "SCHEMA-size",
            se,
            "addresses",
            json!([text(64)]),
            json!([text(65)]),
        )
        .at("addresses[0]")
        .says("may not be more than 64 bytes"),
        Case::new("SCHEMA-size", se, "ports", many(256, port), many(257, port)),
        Case::new(
            "SCHEMA-listmap",
            se,
            "ports",
            json!([{"number": 1, "name": "a"}, {"number": 2, "name": "b"}]),
            json!([{"number": 1, "name": "a"}, {"number": 2, "name": "a"}]),
        )
        .at("ports[1]")
        .says("Duplicate value: {\"name\":\"a\"}")
        .not_in_crd_schema(),
        Case::new(
            "SCHEMA-required",
            se,
            "ports[0].name",
            json!("tls"),
            Value::Null,
        ),
        Case::new("SCHEMA-size", se, "ports[0].name", text(256), text(257)),
        Case::new("SCHEMA-size", se, "ports[0].protocol", text(256), text(257)),
        Case::new(
            "SCHEMA-enum",
            se,
            "location",
            json!("MESH_INTERNAL"),
            json!("MESH_OUTSIDE"),
        ),
        Case::new(
            "SCHEMA-enum",
            se,
            "resolution",
            json!("DNS"),
            json!("DNS_RR"),
        ),
        Case::new(
            "SCHEMA-size",
            se,
            "endpoints",
            many(4096, |i| json!({"address": address(i)})),
            many(4097, |i| json!({"address": address(i)})),
        ),
        Case::new(
            "SCHEMA-size",
            se,
            "endpoints[0].address",
            text(256),
            text(257),
        ),
        Case::new(
            "SCHEMA-size",
            se,
            "endpoints[0].labels",
            map_of(256, label),
            map_of(257, label),
        )
        .says("should have at most 256 properties"),
        Case::new(
            "SCHEMA-size",
            se,
            "endpoints[0].locality",
            text(2048),
            text(2049),
        ),
        Case::new(
            "SCHEMA-size",
            se,
            "endpoints[0].network",
            text(2048),
            text(2049),
        ),
        Case::new(
            "SCHEMA-size",
            se,
            "endpoints[0].ports",
            map_of(128, |i| (format!("p{i}"), json!(8080))),
            map_of(129, |i| (format!("p{i}"), json!(8080))),
        ),
        Case::new(
            "SCHEMA-size",
            se,
            "endpoints[0].serviceAccount",
            text(253),
            text(254),
        ),
        Case::new(
            "SCHEMA-size",
            se,
            "workloadSelector.labels",
            map_of(256, label),
            map_of(257, label),
        ),
        Case::new(
            "SCHEMA-size",
            se,
            "workloadSelector.labels",
            json!({"app": text(63)}),
            json!({"app": text(64)}),
        )
        .says("may not be more than 63 bytes"),
    ]
}

/// The VirtualService's bounds: required destinations and hosts, enums, base64 bodies.
pub(crate) fn virtual_service_cases() -> Vec<Case> {
    let vs = "VirtualService";
    let host = json!({"host": "a.example.com"});
    vec![
        Case::new(
            "SCHEMA-required",
            vs,
            "http[0].route[0].destination",
            host.clone(),
            Value::Null,
        ),
        Case::new(
            "SCHEMA-required",
            vs,
            "http[0].route[0].destination.host",
            json!("a.example.com"),
            Value::Null,
        ),
        Case::new(
            "SCHEMA-required",
            vs,
            "http[0].mirror",
            host.clone(),
            json!({"subset": "v1"}),
        )
        .at("http[0].mirror.host"),
        Case::new(
            "SCHEMA-required",
            vs,
            "http[0].mirrors",
            json!([{"destination": host}]),
            json!([{"percentage": {"value": 5}}]),
        )
        .at("http[0].mirrors[0].destination"),
        Case::new(
            "SCHEMA-required",
            vs,
            "http[0].mirrors",
            json!([{"destination": host}]),
            json!([{"destination": {"subset": "v1"}}]),
        )
        .at("http[0].mirrors[0].destination.host"),
        Case::new(
            "SCHEMA-enum",
            vs,
            "http[0].redirect",
            json!({"derivePort": "FROM_REQUEST_PORT"}),
            json!({"derivePort": "FROM_ANYWHERE"}),
        )
        .at("http[0].redirect.derivePort"),
        Case::new(
            "SCHEMA-enum",
            vs,
            "http[0].corsPolicy",
            json!({"unmatchedPreflights": "FORWARD"}),
            json!({"unmatchedPreflights": "DROP"}),
        )
        .at("http[0].corsPolicy.unmatchedPreflights"),
        Case::new(
            "SCHEMA-format",
            vs,
            "http[0].directResponse",
            json!({"status": 200, "body": {"bytes": "b2s="}}),
            json!({"status": 200, "body": {"bytes": "not base64!"}}),
        )
        .at("http[0].directResponse.body.bytes")
        .says("must be of type byte: \"not base64!\"")
        .not_in_crd_schema(),
        Case::new(
            "SCHEMA-required",
            vs,
            "tls[0].match",
            json!([{"sniHosts": ["a.example.com"]}]),
            Value::Null,
        ),
        Case::new(
            "SCHEMA-required",
            vs,
            "tls[0].match[0].sniHosts",
            json!(["a.example.com"]),
            Value::Null,
        ),
        Case::new(
            "SCHEMA-required",
            vs,
            "tls[0].route[0].destination",
            host.clone(),
            Value::Null,
        ),
        Case::new(
            "SCHEMA-required",
            vs,
            "tls[0].route[0].destination.host",
            json!("a.example.com"),
            Value::Null,
        ),
        Case::new(
            "SCHEMA-required",
            vs,
            "tcp[0].route[0].destination",
            host,
            Value::Null,
        ),
        Case::new(
            "SCHEMA-required",
            vs,
            "tcp[0].route[0].destination.host",
            json!("a.example.com"),
            Value::Null,
        ),
    ]
}

/// The DestinationRule's bounds, at each placement of a traffic policy.
pub(crate) fn destination_rule_cases() -> Vec<Case> {
    let dr = "DestinationRule";
    let label = |i: usize| (format!("k{i}"), json!("v"));
    let port = |i: usize| json!({"port": {"number": i + 1}});
    let lb = "trafficPolicy.loadBalancer";
    let cookie = |c: Value| json!({"consistentHash": {"httpCookie": c}});
    let warmup = |w: Value| json!({"warmup": w});
    vec![
        Case::new("SCHEMA-required", dr, "host", json!("a"), Value::Null),
        Case::new(
            "SCHEMA-required",
            dr,
            "subsets[0].name",
            json!("v1"),
            Value::Null,
        ),
        Case::new(
            "SCHEMA-size",
            dr,
            "workloadSelector.matchLabels",
            map_of(4096, label),
            map_of(4097, label),
        )
        .says("should have at most 4096 properties"),
        Case::new(
            "SCHEMA-size",
            dr,
            "workloadSelector.matchLabels",
            json!({"app": text(63)}),
            json!({"app": text(64)}),
        ),
        Case::new(
            "SCHEMA-size",
            dr,
            "trafficPolicy.portLevelSettings",
            many(4096, port),
            many(4097, port),
        )
        .says("must have at most 4096 items"),
        Case::new(
            "SCHEMA-size",
            dr,
            "subsets[0].trafficPolicy.portLevelSettings",
            many(4096, port),
            many(4097, port),
        ),
        Case::new(
            "SCHEMA-required",
            dr,
            "trafficPolicy.tunnel",
            json!({"targetHost": "proxy", "targetPort": 8080}),
            json!({"targetPort": 8080}),
        )
        .at("trafficPolicy.tunnel.targetHost"),
        Case::new(
            "SCHEMA-enum",
            dr,
            "trafficPolicy.proxyProtocol.version",
            json!("V2"),
            json!("V3"),
        ),
        Case::new(
            "SCHEMA-range",
            dr,
            "trafficPolicy.retryBudget.percent",
            json!(100),
            json!(100.5),
        )
        .says("should be less than or equal to 100"),
        Case::new(
            "SCHEMA-range",
            dr,
            "trafficPolicy.retryBudget.percent",
            json!(0),
            json!(-1),
        )
        .says("should be greater than or equal to 0"),
        Case::new(
            "SCHEMA-enum",
            dr,
            lb,
            json!({"simple": "ROUND_ROBIN"}),
            json!({"simple": "ROUNDROBIN"}),
        )
        .at("trafficPolicy.loadBalancer.simple"),
        Case::new(
            "SCHEMA-required",
            dr,
            lb,
            cookie(json!({"name": "c", "ttl": "0s"})),
            cookie(json!({"ttl": "0s"})),
        )
        .at("trafficPolicy.loadBalancer.consistentHash.httpCookie.name"),
        Case::new(
            "SCHEMA-required",
            dr,
            lb,
            cookie(json!({"name": "c", "attributes": [{"name": "SameSite", "value": "Lax"}]})),
            cookie(json!({"name": "c", "attributes": [{"value": "Lax"}]})),
        )
        .at("trafficPolicy.loadBalancer.consistentHash.httpCookie.attributes[0].name"),
        Case::new(
            "SCHEMA-required",
            dr,
            lb,
            warmup(json!({"duration": "60s"})),
            warmup(json!({"minimumPercent": 5})),
        )
        .at("trafficPolicy.loadBalancer.warmup.duration"),
        Case::new(
            "SCHEMA-range",
            dr,
            lb,
            warmup(json!({"duration": "60s", "minimumPercent": 100})),
            warmup(json!({"duration": "60s", "minimumPercent": 150})),
        )
        .at("trafficPolicy.loadBalancer.warmup.minimumPercent")
        .says("should be less than or equal to 100"),
        Case::new(
            "SCHEMA-range",
            dr,
            lb,
            warmup(json!({"duration": "60s", "minimumPercent": 0})),
            warmup(json!({"duration": "60s", "minimumPercent": -1})),
        )
        .at("trafficPolicy.loadBalancer.warmup.minimumPercent")
        .says("should be greater than or equal to 0"),
        Case::new(
            "SCHEMA-range",
            dr,
            lb,
            warmup(json!({"duration": "60s", "aggression": 0})),
            warmup(json!({"duration": "60s", "aggression": -0.1})),
        )
        .at("trafficPolicy.loadBalancer.warmup.aggression"),
        Case::new(
            "SCHEMA-range",
            dr,
            "trafficPolicy.loadBalancer.zoneAwareLbSetting.minClusterSize",
            json!(1),
            json!(0),
        )
        .says("should be greater than or equal to 1"),
        Case::new(
            "SCHEMA-enum",
            dr,
            "trafficPolicy.connectionPool.http.h2UpgradePolicy",
            json!("UPGRADE"),
            json!("ALWAYS"),
        ),
        Case::new(
            "SCHEMA-range",
            dr,
            "trafficPolicy.outlierDetection.outlierDetectionHttpErrorCodes",
            json!([100, 599]),
            json!([503, 600]),
        )
        .at("trafficPolicy.outlierDetection.outlierDetectionHttpErrorCodes[1]")
        .says("should be less than or equal to 599"),
        Case::new(
            "SCHEMA-range",
            dr,
            "trafficPolicy.outlierDetection.outlierDetectionHttpErrorCodes",
            json!([100]),
            json!([99]),
        )
        .at("trafficPolicy.outlierDetection.outlierDetectionHttpErrorCodes[0]")
        .says("should be greater than or equal to 100"),
        Case::new(
            "SCHEMA-enum",
            dr,
            "trafficPolicy.tls.mode",
            json!("ISTIO_MUTUAL"),
            json!("STRICT"),
        ),
        // The other placements of a traffic policy.
        Case::new(
            "SCHEMA-enum",
            dr,
            "subsets[0].trafficPolicy.tls.mode",
            json!("DISABLE"),
            json!("STRICT"),
        ),
        Case::new(
            "SCHEMA-range",
            dr,
            "trafficPolicy.portLevelSettings[0].loadBalancer.warmup",
            json!({"duration": "60s", "aggression": 1}),
            json!({"duration": "60s", "aggression": -1}),
        )
        .at("trafficPolicy.portLevelSettings[0].loadBalancer.warmup.aggression"),
        Case::new(
            "SCHEMA-enum",
            dr,
            "subsets[0].trafficPolicy.portLevelSettings[0].connectionPool.http.h2UpgradePolicy",
            json!("DEFAULT"),
            json!("ALWAYS"),
        ),
    ]
}
