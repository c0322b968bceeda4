//! [`Ctx`]: the walk through an object, which knows where it is and collects findings.

use super::finding::{Finding, Severity, codes};
use crate::path::{FieldPath, Segment};

/// One step of the path being walked, borrowed from the object so that walking allocates
/// nothing until something is found.
#[derive(Clone, Copy, Debug)]
enum Step<'o> {
    Key(&'o str),
    Index(usize),
}

/// Where the walk is and what it has found so far.
#[derive(Debug, Default)]
pub(crate) struct Ctx<'o> {
    steps: Vec<Step<'o>>,
    findings: Vec<Finding>,
}

impl<'o> Ctx<'o> {
    /// A walk starting at the top of the object.
    pub(crate) fn new() -> Self {
        Self {
            // Deep enough for every path of these kinds: the steps are allocated once.
            steps: Vec::with_capacity(16),
            findings: Vec::new(),
        }
    }

    /// Runs `check` one key deeper.
    pub(crate) fn key<R>(&mut self, key: &'o str, check: impl FnOnce(&mut Self) -> R) -> R {
        self.steps.push(Step::Key(key));
        let result = check(self);
        self.steps.pop();
        result
    }

    /// Runs `check` one list position deeper.
    pub(crate) fn index<R>(&mut self, index: usize, check: impl FnOnce(&mut Self) -> R) -> R {
        self.steps.push(Step::Index(index));
        let result = check(self);
        self.steps.pop();
        result
    }

    /// Runs `check` for every item of a list, each at its position under `key`.
    pub(crate) fn each<T>(
        &mut self,
        key: &'o str,
        items: &'o [T],
        mut check: impl FnMut(&mut Self, &'o T),
    ) {
        self.key(key, |ctx| {
            for (i, item) in items.iter().enumerate() {
                ctx.index(i, |ctx| check(ctx, item));
            }
        });
    }

    /// The path of the current position.
    pub(crate) fn path(&self) -> FieldPath {
        self.steps
            .iter()
            .map(|step| match step {
                Step::Key(key) => Segment::Key((*key).to_owned().into()),
                Step::Index(index) => Segment::Index(*index),
            })
            .collect()
    }

    /// Records a finding at the current position.
    pub(crate) fn report(
        &mut self,
        severity: Severity,
        code: &'static str,
        rule: &'static str,
        message: impl Into<String>,
    ) {
        let path = self.path();
        self.findings.push(Finding {
            severity,
            code,
            rule,
            path,
            message: message.into(),
        });
    }

    /// Records an error (IST0106) at the current position.
    pub(crate) fn error(&mut self, rule: &'static str, message: impl Into<String>) {
        self.report(
            Severity::Error,
            codes::SCHEMA_VALIDATION_ERROR,
            rule,
            message,
        );
    }

    /// Records an error (IST0106) at a field below the current position.
    pub(crate) fn error_at(
        &mut self,
        key: &'o str,
        rule: &'static str,
        message: impl Into<String>,
    ) {
        self.key(key, |ctx| ctx.error(rule, message));
    }

    /// Records a warning (IST0133) at the current position.
    pub(crate) fn warning(&mut self, rule: &'static str, message: impl Into<String>) {
        self.report(Severity::Warning, codes::SCHEMA_WARNING, rule, message);
    }

    /// Records a warning (IST0133) at a field below the current position.
    pub(crate) fn warning_at(
        &mut self,
        key: &'o str,
        rule: &'static str,
        message: impl Into<String>,
    ) {
        self.key(key, |ctx| ctx.warning(rule, message));
    }

    /// The findings, in the order they were recorded.
    pub(crate) fn finish(self) -> Vec<Finding> {
        self.findings
    }
}
