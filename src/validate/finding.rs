//! [`Finding`] and [`Report`]: what every check in this crate produces.

use std::fmt;

use serde::{Serialize, Serializer};

use crate::path::FieldPath;

/// How serious a finding is, as `istioctl analyze` grades its messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Istio would reject the configuration, or it cannot work.
    Error,
    /// Istio accepts it, but it is very likely a mistake.
    Warning,
    /// Worth knowing; nothing is broken.
    Info,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "Error",
            Severity::Warning => "Warning",
            Severity::Info => "Info",
        })
    }
}

/// Istio's message codes used by validation (analysis adds its own).
pub mod codes {
    /// `SchemaValidationError`: the object breaks a rule of the webhook or the CRD.
    pub const SCHEMA_VALIDATION_ERROR: &str = "IST0106";
    /// `VirtualServiceUnreachableRule`: a route can never be reached.
    pub const VIRTUAL_SERVICE_UNREACHABLE_RULE: &str = "IST0130";
    /// `VirtualServiceIneffectiveMatch`: a match can never be the one that applies.
    pub const VIRTUAL_SERVICE_INEFFECTIVE_MATCH: &str = "IST0131";
    /// `SchemaWarning`: the webhook accepts the object but warns about it.
    pub const SCHEMA_WARNING: &str = "IST0133";
}

/// One problem found in an object: how bad it is, Istio's code for it, our rule id, where it
/// is, and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Finding {
    /// How serious it is.
    pub severity: Severity,
    /// Istio's message code, such as `IST0106`.
    pub code: &'static str,
    /// This crate's stable id for the check: the number of the rule in the catalogue of
    /// Istio's webhook rules (`G18`, `V40`, `D27`), `CEL-<kind>-<n>` for the CRD's CEL rules,
    /// or `SCHEMA-<what>` for the CRD schema's own bounds.
    pub rule: &'static str,
    /// Where in the object, such as `spec.http[0].route[1].weight`; empty for the object as
    /// a whole.
    #[serde(serialize_with = "display")]
    pub path: FieldPath,
    /// What is wrong, worded like Istio's own message so that it can be searched for.
    pub message: String,
}

fn display<S: Serializer>(path: &FieldPath, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(path)
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} [{}] ", self.severity, self.code)?;
        if !self.path.is_root() {
            write!(f, "{}: ", self.path)?;
        }
        write!(f, "{} ({})", self.message, self.rule)
    }
}

/// The findings of one check, in the order they were found.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Report {
    /// Every finding.
    pub findings: Vec<Finding>,
}

impl Report {
    /// Whether any finding is an error, which is when Istio would refuse the object.
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }

    /// The findings that are errors.
    pub fn errors(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
    }

    /// The findings that are warnings.
    pub fn warnings(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Warning)
    }

    /// Whether nothing was found.
    pub fn is_empty(&self) -> bool {
        self.findings.is_empty()
    }

    /// The findings of one rule, for tests and filters.
    pub fn of_rule<'a>(&'a self, rule: &'a str) -> impl Iterator<Item = &'a Finding> + 'a {
        self.findings.iter().filter(move |f| f.rule == rule)
    }
}

impl IntoIterator for Report {
    type Item = Finding;
    type IntoIter = std::vec::IntoIter<Finding>;
    fn into_iter(self) -> Self::IntoIter {
        self.findings.into_iter()
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for finding in &self.findings {
            writeln!(f, "{finding}")?;
        }
        Ok(())
    }
}
