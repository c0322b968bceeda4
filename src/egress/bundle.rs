//! [`EgressBundle`]: the objects a route or a plan composes to.

use k8s_openapi::api::networking::v1::NetworkPolicy;

use crate::manifest::Object;
use crate::networking::{DestinationRule, Gateway, ServiceEntry, VirtualService};
use crate::validate::Finding;

/// The objects composed for a route or a plan, by kind, ready to apply, with what validation
/// and analysis found worth a warning.
///
/// Every object has passed Istio's per-object validation and cross-object analysis (with the
/// egress gateway's Service and pods as context) without an error.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EgressBundle {
    /// The ServiceEntries: one per set of hosts, and one per wildcard upstream.
    pub service_entries: Vec<ServiceEntry>,
    /// The Gateway objects: one per egress gateway, one server per gateway port.
    pub gateways: Vec<Gateway>,
    /// The DestinationRules: the gateway hop's (in each client namespace, or the gateway's
    /// namespace) and the TLS origination ones.
    pub destination_rules: Vec<DestinationRule>,
    /// The VirtualServices: one per set of hosts, binding `mesh` and the Gateway.
    pub virtual_services: Vec<VirtualService>,
    /// The NetworkPolicies, one per client namespace, when asked for.
    pub network_policies: Vec<NetworkPolicy>,
    /// Warnings (and informational findings) from validation and analysis, each about one
    /// object of the bundle. Expected ones include IST0129 when a DestinationRule originates
    /// TLS without `caCertificates` (credential-supplied CA, or `insecureSkipVerify`).
    pub warnings: Vec<BundleFinding>,
}

impl EgressBundle {
    /// Every object, in the order to apply them: ServiceEntries, Gateways,
    /// DestinationRules, VirtualServices, NetworkPolicies.
    pub fn objects(&self) -> Vec<Object> {
        let mut out: Vec<Object> = Vec::with_capacity(self.len());
        out.extend(self.service_entries.iter().cloned().map(Object::from));
        out.extend(self.gateways.iter().cloned().map(Object::from));
        out.extend(self.destination_rules.iter().cloned().map(Object::from));
        out.extend(self.virtual_services.iter().cloned().map(Object::from));
        out.extend(self.network_policies.iter().cloned().map(Object::from));
        out
    }

    /// Every object, in the order of [`objects`](Self::objects), moved out of the bundle rather
    /// than copied: the way to write a bundle that is not needed afterwards. Its
    /// [`warnings`](Self::warnings) go with it, so read them first.
    ///
    /// ```
    /// use istio_egress::egress::{EgressMode, EgressRoute};
    /// use istio_egress::manifest;
    ///
    /// let bundle = EgressRoute::new(["api.example.com"], EgressMode::TlsPassthrough).compose()?;
    /// for warning in &bundle.warnings {
    ///     eprintln!("{warning}");
    /// }
    /// let yaml = manifest::to_yaml(&bundle.into_objects(), Default::default())?;
    /// assert!(yaml.contains("kind: ServiceEntry"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn into_objects(mut self) -> Vec<Object> {
        let mut out: Vec<Object> = Vec::with_capacity(self.len());
        out.extend(self.service_entries.drain(..).map(Object::from));
        out.extend(self.gateways.drain(..).map(Object::from));
        out.extend(self.destination_rules.drain(..).map(Object::from));
        out.extend(self.virtual_services.drain(..).map(Object::from));
        out.extend(self.network_policies.drain(..).map(Object::from));
        out
    }

    /// The number of objects.
    pub fn len(&self) -> usize {
        self.service_entries.len()
            + self.gateways.len()
            + self.destination_rules.len()
            + self.virtual_services.len()
            + self.network_policies.len()
    }

    /// Whether there is no object.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A finding about one object of a bundle.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BundleFinding {
    /// The object's kind.
    pub kind: String,
    /// The object's namespace.
    pub namespace: String,
    /// The object's name.
    pub name: String,
    /// What was found.
    pub finding: Finding,
}

impl std::fmt::Display for BundleFinding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {}/{}: {}",
            self.kind, self.namespace, self.name, self.finding
        )
    }
}
