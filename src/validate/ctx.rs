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

/// How many steps [`Steps`] holds in place: deeper than any path of these kinds.
const INLINE_STEPS: usize = 16;

/// The path being walked, as a stack of steps. Validation makes one per object, so the
/// steps live in place; a deeper path (none of these kinds has one) continues in `deeper`.
#[derive(Debug)]
struct Steps<'o> {
    inline: [Step<'o>; INLINE_STEPS],
    /// How many steps the path has: those in `inline` first, then those in `deeper`.
    depth: usize,
    deeper: Vec<Step<'o>>,
}

impl<'o> Steps<'o> {
    fn new() -> Self {
        Self {
            inline: [Step::Index(0); INLINE_STEPS],
            depth: 0,
            deeper: Vec::new(),
        }
    }

    fn push(&mut self, step: Step<'o>) {
        match self.inline.get_mut(self.depth) {
            Some(slot) => *slot = step,
            None => self.deeper.push(step),
        }
        self.depth += 1;
    }

    fn pop(&mut self) {
        self.depth = self.depth.saturating_sub(1);
        if self.depth >= INLINE_STEPS {
            self.deeper.pop();
        }
    }

    /// The steps from the top of the object down.
    fn iter(&self) -> impl Iterator<Item = &Step<'o>> {
        let inline = self.inline.get(..self.depth).unwrap_or(&self.inline);
        inline.iter().chain(&self.deeper)
    }
}

/// Where the walk is and what it has found so far.
#[derive(Debug)]
pub(crate) struct Ctx<'o> {
    steps: Steps<'o>,
    findings: Vec<Finding>,
}

impl<'o> Ctx<'o> {
    /// A walk starting at the top of the object.
    pub(crate) fn new() -> Self {
        Self {
            steps: Steps::new(),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_deeper_than_the_inline_steps_come_out_whole() {
        let keys: Vec<String> = (0..INLINE_STEPS + 3).map(|i| format!("k{i}")).collect();
        fn descend<'o>(ctx: &mut Ctx<'o>, keys: &'o [String]) {
            match keys.split_first() {
                Some((first, rest)) => ctx.key(first, |ctx| {
                    ctx.index(7, |ctx| descend(ctx, rest));
                    // Back up from the deeper levels, the path is this level's again.
                    ctx.error("T", "after");
                }),
                None => ctx.error("T", "bottom"),
            }
        }
        let mut ctx = Ctx::new();
        descend(&mut ctx, &keys);
        ctx.error("T", "top");
        let findings = ctx.finish();
        let bottom = keys
            .iter()
            .map(|k| format!("{k}[7]"))
            .collect::<Vec<_>>()
            .join(".");
        assert_eq!(findings[0].path.to_string(), bottom);
        // Back at the deepest key, without its position.
        assert_eq!(
            findings[1].path.to_string(),
            bottom.strip_suffix("[7]").unwrap()
        );
        assert_eq!(findings.last().unwrap().path.to_string(), "");
        assert_eq!(findings.len(), keys.len() + 2);
        assert_eq!(findings[findings.len() - 2].path.to_string(), "k0");
    }
}
