//! Our rule ids for the CRDs' CEL rules, numbered as the project's field inventory lists them.

pub(crate) const DURATION: &str = "must be a valid duration greater than 1ms";
pub(crate) const PORT: &str = "port must be between 1-65535";

/// Our rule ids: (kind, end of the schema path, message, id). The message tells apart the
/// rules that sit on one node.
pub(crate) const RULE_IDS: &[(&str, &str, &str, &str)] = &[
    (
        "Gateway",
        "spec.servers[].tls",
        "only one of credentialNames or tlsCertificates can be set",
        "CEL-GW-1",
    ),
    (
        "Gateway",
        "spec.servers[].tls",
        "only one of credentialName or credentialNames can be set",
        "CEL-GW-2",
    ),
    (
        "Gateway",
        "spec.servers[].tls",
        "only one of credentialName or tlsCertificates can be set",
        "CEL-GW-3",
    ),
    (
        "ServiceEntry",
        "spec",
        "only one of WorkloadSelector or Endpoints can be set",
        "CEL-SE-1",
    ),
    (
        "ServiceEntry",
        "spec",
        "CIDR addresses are allowed only for NONE/STATIC resolution types",
        "CEL-SE-2",
    ),
    (
        "ServiceEntry",
        "spec",
        "NONE mode cannot set endpoints",
        "CEL-SE-3",
    ),
    (
        "ServiceEntry",
        "spec",
        "DNS_ROUND_ROBIN mode cannot have multiple endpoints",
        "CEL-SE-4",
    ),
    (
        "ServiceEntry",
        "spec.endpoints[]",
        "Address is required",
        "CEL-SE-5",
    ),
    (
        "ServiceEntry",
        "spec.endpoints[]",
        "UDS may not include ports",
        "CEL-SE-6",
    ),
    (
        "ServiceEntry",
        "spec.endpoints[].address",
        "UDS must be an absolute path or abstract socket",
        "CEL-SE-7",
    ),
    (
        "ServiceEntry",
        "spec.endpoints[].address",
        "UDS may not be a dir",
        "CEL-SE-8",
    ),
    (
        "ServiceEntry",
        "spec.endpoints[].ports",
        "port name must be valid",
        "CEL-SE-9",
    ),
    (
        "ServiceEntry",
        "spec.endpoints[].ports{}",
        PORT,
        "CEL-SE-10",
    ),
    (
        "ServiceEntry",
        "spec.hosts[]",
        "hostname cannot be wildcard",
        "CEL-SE-11",
    ),
    (
        "ServiceEntry",
        "spec.ports",
        "port number cannot be duplicated",
        "CEL-SE-12",
    ),
    ("ServiceEntry", "spec.ports[].number", PORT, "CEL-SE-13"),
    ("ServiceEntry", "spec.ports[].targetPort", PORT, "CEL-SE-14"),
    (
        "ServiceEntry",
        "spec.workloadSelector.labels{}",
        "wildcard is not supported in selector",
        "CEL-SE-15",
    ),
    (
        "VirtualService",
        "spec.http[].timeout",
        DURATION,
        "CEL-VS-1",
    ),
    (
        "VirtualService",
        "retries.perTryTimeout",
        DURATION,
        "CEL-VS-2",
    ),
    ("VirtualService", "retries.backoff", DURATION, "CEL-VS-3"),
    (
        "VirtualService",
        "fault.delay.fixedDelay",
        DURATION,
        "CEL-VS-4",
    ),
    (
        "VirtualService",
        "fault.delay.exponentialDelay",
        DURATION,
        "CEL-VS-5",
    ),
    ("VirtualService", "corsPolicy.maxAge", DURATION, "CEL-VS-6"),
    (
        "DestinationRule",
        "tcp.connectTimeout",
        DURATION,
        "CEL-DR-1",
    ),
    (
        "DestinationRule",
        "tcp.maxConnectionDuration",
        DURATION,
        "CEL-DR-2",
    ),
    ("DestinationRule", "tcpKeepalive.time", DURATION, "CEL-DR-3"),
    (
        "DestinationRule",
        "tcpKeepalive.interval",
        DURATION,
        "CEL-DR-4",
    ),
    ("DestinationRule", "http.idleTimeout", DURATION, "CEL-DR-5"),
    (
        "DestinationRule",
        "http2KeepAlive.interval",
        DURATION,
        "CEL-DR-6",
    ),
    (
        "DestinationRule",
        "http2KeepAlive.timeout",
        DURATION,
        "CEL-DR-7",
    ),
    (
        "DestinationRule",
        "loadBalancer.warmupDurationSecs",
        DURATION,
        "CEL-DR-8",
    ),
    ("DestinationRule", "warmup.duration", DURATION, "CEL-DR-9"),
    (
        "DestinationRule",
        "outlierDetection.interval",
        DURATION,
        "CEL-DR-10",
    ),
    (
        "DestinationRule",
        "outlierDetection.baseEjectionTime",
        DURATION,
        "CEL-DR-11",
    ),
    (
        "DestinationRule",
        "spec.workloadSelector.matchLabels",
        "wildcard not allowed in label key match",
        "CEL-DR-12",
    ),
    (
        "DestinationRule",
        "spec.workloadSelector.matchLabels",
        "key must not be empty",
        "CEL-DR-13",
    ),
    (
        "DestinationRule",
        "spec.workloadSelector.matchLabels{}",
        "wildcard not allowed in label value match",
        "CEL-DR-14",
    ),
];
