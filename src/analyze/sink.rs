//! [`Sink`]: where analyzers put what they find.

use super::ObjectFinding;
use crate::path::FieldPath;
use crate::validate::{Finding, Severity};

/// Collects findings, each about one object of the set.
#[derive(Debug, Default)]
pub(crate) struct Sink {
    findings: Vec<ObjectFinding>,
}

impl Sink {
    /// Records a finding about the object at position `object` of the input.
    pub(crate) fn report(
        &mut self,
        object: usize,
        severity: Severity,
        code: &'static str,
        rule: &'static str,
        path: FieldPath,
        message: impl Into<String>,
    ) {
        self.push(
            object,
            Finding {
                severity,
                code,
                rule,
                path,
                message: message.into(),
            },
        );
    }

    /// Records a finding already made.
    pub(crate) fn push(&mut self, object: usize, finding: Finding) {
        self.findings.push(ObjectFinding { object, finding });
    }

    /// The findings, in the order they were recorded.
    pub(crate) fn finish(self) -> Vec<ObjectFinding> {
        self.findings
    }
}
