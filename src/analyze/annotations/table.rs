//! Istio's resource annotations: each name, the kinds of object it may be placed on, and
//! whether it is deprecated.
//!
//! Source: istio/api `annotation/annotations.yaml`, as generated into
//! `annotation/annotations.gen.go` (`AllResourceAnnotations`) — the newest version of that
//! file the reference index holds (it lists `sidecar.istio.io/nativeSidecar`, Istio 1.24) —
//! plus `istio.io/reroute-virtual-interfaces` (a Pod annotation since Istio 1.25). Only the
//! name, resource types and `deprecated` flag are kept. Annotations added to Istio later are
//! unknown here and reported as such.

/// The kinds of object Istio lists for its annotations (`annotation.ResourceTypes`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Resource {
    Any,
    AuthorizationPolicy,
    Gateway,
    GatewayClass,
    Ingress,
    Namespace,
    Pod,
    Service,
    ServiceEntry,
    WorkloadEntry,
}

impl Resource {
    /// The kind's name, as Istio writes it in messages.
    fn as_str(self) -> &'static str {
        match self {
            Resource::Any => "Any",
            Resource::AuthorizationPolicy => "AuthorizationPolicy",
            Resource::Gateway => "Gateway",
            Resource::GatewayClass => "GatewayClass",
            Resource::Ingress => "Ingress",
            Resource::Namespace => "Namespace",
            Resource::Pod => "Pod",
            Resource::Service => "Service",
            Resource::ServiceEntry => "ServiceEntry",
            Resource::WorkloadEntry => "WorkloadEntry",
        }
    }
}

/// One of Istio's annotations.
#[derive(Debug)]
pub(super) struct Known {
    /// Its name, such as `sidecar.istio.io/inject`.
    pub(super) name: &'static str,
    /// The kinds of object it belongs on, in Istio's order.
    pub(super) resources: &'static [Resource],
    /// Whether Istio marks it deprecated.
    pub(super) deprecated: bool,
}

impl Known {
    /// For IST0107: whether it may be placed on any kind of object.
    pub(super) fn applies_anywhere(&self) -> bool {
        self.resources.contains(&Resource::Any)
    }

    /// For IST0107: whether it may be placed on objects of `kind`.
    pub(super) fn applies_to(&self, kind: &str) -> bool {
        self.resources.iter().any(|r| r.as_str() == kind)
    }

    /// For IST0107's message: the kinds it belongs on, comma separated.
    pub(super) fn kinds(&self) -> String {
        let kinds: Vec<&str> = self.resources.iter().map(|r| r.as_str()).collect();
        kinds.join(", ")
    }
}

/// For `annotations.K8sAnalyzer` (IST0108): the known annotation of this name.
pub(super) fn lookup(name: &str) -> Option<&'static Known> {
    ANNOTATIONS
        .binary_search_by(|known| known.name.cmp(name))
        .ok()
        .and_then(|position| ANNOTATIONS.get(position))
}

/// For `annotations.K8sAnalyzer`'s table: one entry.
const fn known(name: &'static str, resources: &'static [Resource], deprecated: bool) -> Known {
    Known {
        name,
        resources,
        deprecated,
    }
}

use Resource::{
    Any, AuthorizationPolicy, Gateway, GatewayClass, Ingress, Namespace, Pod, Service,
    ServiceEntry, WorkloadEntry,
};

const POD: &[Resource] = &[Pod];

/// Every known annotation, sorted by name (byte order) for the binary search.
static ANNOTATIONS: &[Known] = &[
    known("alpha.istio.io/canonical-serviceaccounts", &[Service], true),
    known(
        "alpha.istio.io/kubernetes-serviceaccounts",
        &[Service],
        true,
    ),
    known("ambient.istio.io/bypass-inbound-capture", POD, false),
    known("ambient.istio.io/redirection", POD, false),
    known(
        "ambient.istio.io/waypoint-inbound-binding",
        &[GatewayClass, Gateway],
        false,
    ),
    known("galley.istio.io/analyze-suppress", &[Any], false),
    known("gateway.istio.io/controller-version", &[Any], false),
    known("gateway.istio.io/name-override", &[Gateway], false),
    known("gateway.istio.io/service-account", &[Gateway], false),
    known("inject.istio.io/templates", POD, false),
    known("istio.io/autoRegistrationGroup", &[WorkloadEntry], false),
    known("istio.io/connectedAt", &[WorkloadEntry], false),
    known("istio.io/disconnectedAt", &[WorkloadEntry], false),
    known("istio.io/dry-run", &[AuthorizationPolicy], false),
    known("istio.io/reroute-virtual-interfaces", POD, false),
    known("istio.io/rev", POD, false),
    known("istio.io/workloadController", &[WorkloadEntry], false),
    known("kubernetes.io/ingress.class", &[Ingress], false),
    known("networking.istio.io/exportTo", &[Service], false),
    known("networking.istio.io/service-type", &[Gateway], false),
    known(
        "networking.istio.io/traffic-distribution",
        &[Service, ServiceEntry],
        false,
    ),
    known("prometheus.istio.io/merge-metrics", POD, false),
    known("proxy.istio.io/config", POD, false),
    known("proxy.istio.io/overrides", POD, false),
    known(
        "readiness.status.sidecar.istio.io/applicationPorts",
        POD,
        false,
    ),
    known(
        "readiness.status.sidecar.istio.io/failureThreshold",
        POD,
        false,
    ),
    known(
        "readiness.status.sidecar.istio.io/initialDelaySeconds",
        POD,
        false,
    ),
    known(
        "readiness.status.sidecar.istio.io/periodSeconds",
        POD,
        false,
    ),
    known("sidecar.istio.io/agentLogLevel", POD, false),
    known("sidecar.istio.io/bootstrapOverride", POD, false),
    known("sidecar.istio.io/componentLogLevel", POD, false),
    known("sidecar.istio.io/discoveryAddress", POD, true),
    known("sidecar.istio.io/enableCoreDump", POD, false),
    known("sidecar.istio.io/extraStatTags", POD, true),
    known("sidecar.istio.io/inject", POD, true),
    known("sidecar.istio.io/interceptionMode", POD, false),
    known("sidecar.istio.io/logLevel", POD, false),
    known("sidecar.istio.io/nativeSidecar", POD, false),
    known("sidecar.istio.io/proxyCPU", POD, false),
    known("sidecar.istio.io/proxyCPULimit", POD, false),
    known("sidecar.istio.io/proxyImage", POD, false),
    known("sidecar.istio.io/proxyImageType", POD, false),
    known("sidecar.istio.io/proxyMemory", POD, false),
    known("sidecar.istio.io/proxyMemoryLimit", POD, false),
    known("sidecar.istio.io/rewriteAppHTTPProbers", POD, false),
    known("sidecar.istio.io/statsHistogramBuckets", POD, false),
    known("sidecar.istio.io/statsInclusionPrefixes", POD, true),
    known("sidecar.istio.io/statsInclusionRegexps", POD, true),
    known("sidecar.istio.io/statsInclusionSuffixes", POD, true),
    known("sidecar.istio.io/status", POD, false),
    known("sidecar.istio.io/userVolume", POD, false),
    known("sidecar.istio.io/userVolumeMount", POD, false),
    known("status.sidecar.istio.io/port", POD, false),
    known(
        "topology.istio.io/controlPlaneClusters",
        &[Namespace],
        false,
    ),
    known("traffic.istio.io/nodeSelector", &[Service], false),
    known("traffic.sidecar.istio.io/excludeInboundPorts", POD, false),
    known("traffic.sidecar.istio.io/excludeInterfaces", POD, false),
    known(
        "traffic.sidecar.istio.io/excludeOutboundIPRanges",
        POD,
        false,
    ),
    known("traffic.sidecar.istio.io/excludeOutboundPorts", POD, false),
    known("traffic.sidecar.istio.io/includeInboundPorts", POD, false),
    known(
        "traffic.sidecar.istio.io/includeOutboundIPRanges",
        POD,
        false,
    ),
    known("traffic.sidecar.istio.io/includeOutboundPorts", POD, false),
    known("traffic.sidecar.istio.io/kubevirtInterfaces", POD, false),
];

#[cfg(test)]
mod tests {
    use super::*;

    /// The table `annotations.K8sAnalyzer` searches (IST0108) is sorted and complete.
    #[test]
    fn sorted_and_found() {
        assert!(ANNOTATIONS.windows(2).all(|w| match w {
            [a, b] => a.name < b.name,
            _ => true,
        }));
        for known in ANNOTATIONS {
            assert_eq!(lookup(known.name).map(|k| k.name), Some(known.name));
        }
        assert!(lookup("sidecar.istio.io/injectt").is_none());
    }
}
