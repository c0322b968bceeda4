//! Cross-object analysis: what `istioctl analyze` finds in a set of objects that each pass
//! validation but do not fit together.
//!
//! [`analyze`] indexes the set once — by kind, by namespace and name, by host and by labels —
//! and runs Istio's analyzers for these kinds over the index, so the cost grows with the
//! number of objects, not with the number of pairs. Kubernetes objects in the set (Services,
//! Pods, Namespaces, Secrets, Nodes as raw objects) are the context Istio's analyzers use;
//! where none are given, those checks see an empty cluster, as `istioctl analyze` does
//! offline. [`Options`] holds the mesh configuration the analyzers read, with Istio's
//! defaults.
//!
//! Findings have the same shape as validation's, with Istio's message codes (`IST0101`
//! ReferencedResourceNotFound, `IST0109`, `IST0112`, `IST0128`/`IST0129`, `IST0132`,
//! `IST0134`, `IST0145`, …), the analyzer's name as the rule, and the path of the field at
//! fault inside the object they are about.
//!
//! ```
//! use istio_egress::analyze::{analyze, Options};
//! use istio_egress::manifest;
//!
//! let objects = manifest::from_str(r#"
//! apiVersion: networking.istio.io/v1
//! kind: VirtualService
//! metadata: {name: api, namespace: shop}
//! spec:
//!   hosts: [api.example.com]
//!   gateways: [mesh, egress]
//!   http:
//!   - route:
//!     - destination: {host: api.example.com}
//! "#)?;
//! let analysis = analyze(&objects, &Options::default());
//! let missing = analysis.findings.iter().find(|f| f.finding.code == "IST0101").unwrap();
//! assert_eq!(missing.finding.path.to_string(), "spec.gateways[1]");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod annotations;
mod conditions;
mod deprecation;
mod destination_rule;
pub(crate) mod fast;
pub(crate) mod fqdn;
mod gateway;
mod index;
mod labels;
mod service_entry;
mod sink;
mod virtual_service;
mod visibility;

use crate::manifest::{Object, ObjectView};
use crate::validate::{self, Finding, Validate};
use compact_str::CompactString;
use index::Index;
use sink::Sink;
pub(crate) use virtual_service::HostSet;

/// The mesh configuration the analyzers read, with Istio's defaults.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Options {
    /// The mesh's root namespace (`istio-system`), where mesh-wide configuration lives.
    pub root_namespace: String,
    /// The cluster's DNS domain (`cluster.local`): Services are `name.namespace.svc.<domain>`.
    pub cluster_domain: String,
    /// `exportTo` of ServiceEntries and Services that set none (`defaultServiceExportTo`;
    /// Istio's default is every namespace).
    pub default_service_export_to: Vec<CompactString>,
    /// `exportTo` of VirtualServices that set none (`defaultVirtualServiceExportTo`).
    pub default_virtual_service_export_to: Vec<CompactString>,
    /// `exportTo` of DestinationRules that set none (`defaultDestinationRuleExportTo`).
    pub default_destination_rule_export_to: Vec<CompactString>,
    /// The proxies capture DNS (`ISTIO_META_DNS_CAPTURE` in the mesh's proxy metadata).
    pub dns_capture: bool,
    /// The proxies allocate addresses for ServiceEntries (`ISTIO_META_DNS_AUTO_ALLOCATE`).
    pub dns_auto_allocate: bool,
    /// istiod allocates addresses for ServiceEntries (`PILOT_ENABLE_IP_AUTOALLOCATE` in the
    /// mesh's proxy metadata, as the ServiceEntry analyzer reads it).
    pub ip_autoallocate: bool,
    /// Gateways select only workloads in their own namespace
    /// (`PILOT_SCOPE_GATEWAY_TO_NAMESPACE`).
    pub scope_gateway_to_namespace: bool,
    /// The time certificates are checked against, in seconds since the Unix epoch; `None`
    /// for the clock's time.
    pub now: Option<u64>,
    /// Also run per-object validation (`istioctl analyze` runs it as the schema analyzers).
    pub validate: bool,
    /// The settings for that validation.
    pub validate_options: validate::Options,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            root_namespace: "istio-system".into(),
            cluster_domain: "cluster.local".into(),
            default_service_export_to: vec!["*".into()],
            default_virtual_service_export_to: vec!["*".into()],
            default_destination_rule_export_to: vec!["*".into()],
            dns_capture: false,
            dns_auto_allocate: false,
            ip_autoallocate: false,
            scope_gateway_to_namespace: false,
            now: None,
            validate: false,
            validate_options: validate::Options::default(),
        }
    }
}

impl Options {
    /// Also runs per-object validation, so that the result is what `istioctl analyze` reports.
    pub fn with_validation(mut self) -> Self {
        self.validate = true;
        self
    }
}

/// A finding about one object of the analyzed set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObjectFinding {
    /// The object's position in the analyzed slice.
    pub object: usize,
    /// What was found, with the path inside that object.
    pub finding: Finding,
}

/// The result of [`analyze`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Analysis {
    /// Every finding, grouped by analyzer, in the order the analyzers ran.
    pub findings: Vec<ObjectFinding>,
}

impl Analysis {
    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.findings
            .iter()
            .any(|f| f.finding.severity == validate::Severity::Error)
    }

    /// The findings about the object at `object`.
    pub fn for_object(&self, object: usize) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(move |f| f.object == object)
            .map(|f| &f.finding)
    }

    /// The findings of one analyzer (or validation rule), by its rule name.
    pub fn of_rule<'a, 'r>(
        &'a self,
        rule: &'r str,
    ) -> impl Iterator<Item = &'a ObjectFinding> + use<'a, 'r> {
        self.findings.iter().filter(move |f| f.finding.rule == rule)
    }

    /// The findings with the given message code.
    pub fn with_code<'a>(&'a self, code: &'a str) -> impl Iterator<Item = &'a ObjectFinding> {
        self.findings.iter().filter(move |f| f.finding.code == code)
    }
}

/// Analyzes a set of objects together, as `istioctl analyze` does.
pub fn analyze(objects: &[Object], options: &Options) -> Analysis {
    let objects: Vec<ObjectView<'_>> = objects.iter().map(Object::view).collect();
    analyze_borrowed(&objects, options)
}

/// [`analyze`] for objects borrowed where they lie; findings name positions in `objects`.
pub(crate) fn analyze_borrowed(objects: &[ObjectView<'_>], options: &Options) -> Analysis {
    let index = Index::new(objects, options);
    let mut sink = Sink::default();
    if options.validate {
        for (position, object) in objects.iter().enumerate() {
            for finding in object.validate_with(&options.validate_options) {
                sink.push(position, finding);
            }
        }
    }
    virtual_service::run(&index, options, &mut sink);
    gateway::run(&index, options, &mut sink);
    destination_rule::run(&index, options, &mut sink);
    service_entry::run(&index, options, &mut sink);
    deprecation::run(&index, options, &mut sink);
    conditions::run(&index, options, &mut sink);
    annotations::run(&index, options, &mut sink);
    Analysis {
        findings: sink.finish(),
    }
}
