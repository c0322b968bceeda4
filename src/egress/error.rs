//! [`ComposeError`]: why a route or a plan could not be turned into Istio objects.

use std::fmt;

use crate::validate::Finding;

/// Why [`EgressRoute::compose`](super::EgressRoute::compose) or
/// [`EgressPlan::compose`](super::EgressPlan::compose) returned no bundle.
///
/// Every variant names the field at fault as a path into the input: `hosts[0]` or
/// `origination.credentialName` for a single route, `routes[1].hosts[0]` for a plan. The path
/// uses the serialized (camelCase) field names, so it points at what the user wrote in YAML.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ComposeError {
    /// A value the route needs is absent: no hosts, a `tcp` route without `addresses` or
    /// `port`, mutual TLS origination without `origination.credentialName`, and the like.
    #[error("{field}: {message}")]
    Missing {
        /// Where the value should have been.
        field: String,
        /// What is missing and why it is needed.
        message: String,
    },
    /// A value is malformed: a host that is not a DNS name, a port outside 1..65535, an
    /// address that is not an IP, a name that is not a DNS-1123 label.
    #[error("{field}: {value:?} {message}")]
    Invalid {
        /// The field holding the value.
        field: String,
        /// The value as written.
        value: String,
        /// What is wrong with it.
        message: String,
    },
    /// Values that are each well formed but cannot work together, such as a wildcard host
    /// with DNS resolution or `tls-in-mutual` without the gateway.
    #[error("{field}: {message}")]
    Unsupported {
        /// The field whose value cannot be honoured.
        field: String,
        /// Why, and what to do instead.
        message: String,
    },
    /// The egress gateway's Service has no port for the gateway hop the route needs.
    #[error(
        "{field}: the egress gateway Service {service} has no port {port} (its ports: {}); \
         add it to gateway.ports or choose another gatewayPort",
        list_ports(available)
    )]
    PortNotOnGateway {
        /// The field the port came from (`gatewayPort`, `port`, or `mode` for a mode's
        /// default port).
        field: String,
        /// The port the gateway hop would use.
        port: u32,
        /// The Service, as `namespace/name`.
        service: String,
        /// The ports the Service has.
        available: Vec<u32>,
    },
    /// Two routes of a plan ask for things one set of Istio objects cannot give both.
    #[error("{field}: conflicts with {other}: {message}")]
    Conflict {
        /// The field of the later route at fault.
        field: String,
        /// The route (or field of it) it conflicts with, such as `routes[0]`.
        other: String,
        /// What conflicts, and how to resolve it.
        message: String,
    },
    /// An object the composer made failed Istio's validation or analysis. This is a bug in
    /// the composer or an input it failed to reject; the findings say what Istio would say.
    #[error(
        "{field}: the composed {object} would be rejected: {}",
        list_findings(findings)
    )]
    Rejected {
        /// The route that produced the object (`routes[1]`, or empty for a single route).
        field: String,
        /// The object, as `Kind namespace/name`.
        object: String,
        /// The error findings about it.
        findings: Vec<Finding>,
    },
}

impl ComposeError {
    /// The path of the field at fault, such as `routes[1].hosts[0]`.
    pub fn field(&self) -> &str {
        match self {
            ComposeError::Missing { field, .. }
            | ComposeError::Invalid { field, .. }
            | ComposeError::Unsupported { field, .. }
            | ComposeError::PortNotOnGateway { field, .. }
            | ComposeError::Conflict { field, .. }
            | ComposeError::Rejected { field, .. } => field,
        }
    }

    pub(crate) fn missing(field: impl Into<String>, message: impl Into<String>) -> Self {
        ComposeError::Missing {
            field: field.into(),
            message: message.into(),
        }
    }

    pub(crate) fn invalid(
        field: impl Into<String>,
        value: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        ComposeError::Invalid {
            field: field.into(),
            value: value.into(),
            message: message.into(),
        }
    }

    pub(crate) fn unsupported(field: impl Into<String>, message: impl Into<String>) -> Self {
        ComposeError::Unsupported {
            field: field.into(),
            message: message.into(),
        }
    }

    pub(crate) fn conflict(
        field: impl Into<String>,
        other: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        ComposeError::Conflict {
            field: field.into(),
            other: other.into(),
            message: message.into(),
        }
    }
}

fn list_ports(ports: &[u32]) -> String {
    if ports.is_empty() {
        return "none".into();
    }
    ports
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

fn list_findings(findings: &[Finding]) -> String {
    struct Joined<'a>(&'a [Finding]);
    impl fmt::Display for Joined<'_> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            for (i, finding) in self.0.iter().enumerate() {
                if i > 0 {
                    f.write_str("; ")?;
                }
                write!(f, "{finding}")?;
            }
            Ok(())
        }
    }
    Joined(findings).to_string()
}
