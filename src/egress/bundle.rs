//! [`EgressBundle`]: the objects a route or a plan composes to.

use k8s_openapi::api::networking::v1::NetworkPolicy;

use crate::manifest::{self, Object, ObjectView, WriteError};
use crate::networking::{ApiVersion, DestinationRule, Gateway, ServiceEntry, VirtualService};
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

    /// Writes every object as YAML documents, in the order of [`objects`](Self::objects),
    /// Istio kinds with the given `apiVersion`: what [`manifest::to_yaml`] writes for them,
    /// without moving or copying the objects into [`Object`]s first.
    ///
    /// ```
    /// use istio_egress::egress::{EgressMode, EgressRoute};
    /// use istio_egress::manifest;
    ///
    /// let bundle = EgressRoute::new(["api.example.com"], EgressMode::TlsPassthrough).compose()?;
    /// let yaml = bundle.to_yaml(Default::default())?;
    /// assert!(yaml.contains("kind: ServiceEntry"));
    /// assert_eq!(yaml, manifest::to_yaml(&bundle.objects(), Default::default())?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_yaml(&self, version: ApiVersion) -> Result<String, WriteError> {
        manifest::write_yaml(self.views(), version)
    }

    /// Writes every object as one Kubernetes `List` in JSON, as [`manifest::to_json`] does,
    /// without moving or copying the objects.
    pub fn to_json(&self, version: ApiVersion) -> Result<String, WriteError> {
        manifest::write_json(self.views(), version)
    }

    /// Every object borrowed, in the order of [`objects`](Self::objects).
    pub(crate) fn views(&self) -> impl Iterator<Item = ObjectView<'_>> {
        let service_entries = self.service_entries.iter().map(ObjectView::ServiceEntry);
        let gateways = self.gateways.iter().map(ObjectView::Gateway);
        let rules = self
            .destination_rules
            .iter()
            .map(ObjectView::DestinationRule);
        let services = self.virtual_services.iter().map(ObjectView::VirtualService);
        let policies = self.network_policies.iter().map(ObjectView::NetworkPolicy);
        service_entries
            .chain(gateways)
            .chain(rules)
            .chain(services)
            .chain(policies)
    }

    /// Every object, in the order of [`objects`](Self::objects), moved out of the bundle rather
    /// than copied. Its [`warnings`](Self::warnings) go with it, so read them first.
    ///
    /// ```
    /// use istio_egress::egress::{EgressMode, EgressRoute};
    /// use istio_egress::manifest::Object;
    ///
    /// let bundle = EgressRoute::new(["api.example.com"], EgressMode::TlsPassthrough).compose()?;
    /// for warning in &bundle.warnings {
    ///     eprintln!("{warning}");
    /// }
    /// let objects = bundle.into_objects();
    /// assert!(matches!(objects[0], Object::ServiceEntry(_)));
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
