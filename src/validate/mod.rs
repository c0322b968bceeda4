//! Per-object validation with Istio's own rules.
//!
//! [`Validate::validate`] checks one object the way a cluster would before accepting it:
//!
//! - the rules of Istio's validating webhook (`istiod`), numbered as in the project's
//!   catalogue (`M1`–`M3` for metadata, `G1`–`G32` Gateway, `SE1`–`SE30` ServiceEntry,
//!   `V1`–`V49` VirtualService, `D1`–`D29` DestinationRule), with Istio's severities and
//!   wording;
//! - the 71 CEL rules of the CRDs (`x-kubernetes-validations`), evaluated natively (rule ids
//!   `CEL-GW-1`…, `CEL-SE-1`…, `CEL-VS-1`…, `CEL-DR-1`…);
//! - the CRD schema's own bounds for objects built in code (`SCHEMA-*`): enum values, numeric
//!   ranges, required fields and list sizes.
//!
//! Every [`Finding`] carries the JSON path of the field at fault, Istio's message code
//! (`IST0106` for errors, `IST0133` for warnings, `IST0130`/`IST0131` for unreachable routes
//! and ineffective matches) and a message worded like Istio's.
//!
//! ```
//! use istio_egress::manifest;
//! use istio_egress::validate::Validate;
//!
//! let objects = manifest::from_str(r#"
//! apiVersion: networking.istio.io/v1
//! kind: VirtualService
//! metadata: {name: api, namespace: shop}
//! spec:
//!   hosts: [api.example.com]
//!   http:
//!   - timeout: 1.5ms
//!     route:
//!     - destination: {host: api.example.com}
//! "#)?;
//! let report = objects[0].validate();
//! let finding = report.errors().next().unwrap();
//! assert_eq!(finding.path.to_string(), "spec.http[0].timeout");
//! assert_eq!(finding.code, "IST0106");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod cel;
pub(crate) mod common;
mod ctx;
mod destination_rule;
mod finding;
mod gateway;
mod metadata;
mod schema;
mod service_entry;
mod virtual_service;

pub use finding::{Finding, Report, Severity, codes};

use crate::manifest::{Object, ObjectView};
use crate::networking::{DestinationRule, Gateway, ServiceEntry, VirtualService};
use ctx::Ctx;

/// Settings of the mesh that change what the webhook accepts or warns about.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Options {
    /// Whether istiod allocates addresses for ServiceEntries that have none
    /// (`PILOT_ENABLE_IP_AUTOALLOCATE`, on by default since Istio 1.25). When it does, a
    /// DNS-resolved ServiceEntry with TCP ports needs no `addresses` (rule SE14).
    pub ip_autoallocate: bool,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            ip_autoallocate: true,
        }
    }
}

impl Options {
    /// Sets [`Options::ip_autoallocate`].
    pub fn ip_autoallocate(mut self, enabled: bool) -> Self {
        self.ip_autoallocate = enabled;
        self
    }
}

/// An object that can be checked with Istio's per-object rules.
pub trait Validate {
    /// Checks the object with the default [`Options`].
    fn validate(&self) -> Report {
        self.validate_with(&Options::default())
    }

    /// Checks the object with the given mesh settings.
    fn validate_with(&self, options: &Options) -> Report;
}

macro_rules! validate_kind {
    ($kind:ident, $module:ident, $cel:ident, $schema:ident) => {
        impl Validate for $kind {
            fn validate_with(&self, options: &Options) -> Report {
                let mut ctx = Ctx::new();
                metadata::check(&self.metadata, stringify!($kind), &mut ctx);
                $module::check(self, options, &mut ctx);
                ctx.key("spec", |ctx| {
                    cel::$cel(&self.spec, ctx);
                    schema::$schema(&self.spec, ctx);
                });
                Report {
                    findings: ctx.finish(),
                }
            }
        }
    };
}

validate_kind!(Gateway, gateway, gateway, gateway);
validate_kind!(ServiceEntry, service_entry, service_entry, service_entry);
validate_kind!(
    VirtualService,
    virtual_service,
    virtual_service,
    virtual_service
);
validate_kind!(
    DestinationRule,
    destination_rule,
    destination_rule,
    destination_rule
);

impl Validate for Object {
    /// Checks an Istio object; other kinds have no per-object rules here and give an empty
    /// report.
    fn validate_with(&self, options: &Options) -> Report {
        self.view().validate_with(options)
    }
}

impl Validate for ObjectView<'_> {
    /// Checks an Istio object, as [`Object`]'s does.
    fn validate_with(&self, options: &Options) -> Report {
        match self {
            ObjectView::Gateway(o) => o.validate_with(options),
            ObjectView::ServiceEntry(o) => o.validate_with(options),
            ObjectView::VirtualService(o) => o.validate_with(options),
            ObjectView::DestinationRule(o) => o.validate_with(options),
            _ => Report::default(),
        }
    }
}
