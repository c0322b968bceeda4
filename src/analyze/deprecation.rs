//! `deprecation.FieldAnalyzer` (named `deprecation.DeprecationAnalyzer` in Istio): warns about
//! deprecated fields the set still uses (IST0002). Of the kinds analyzed here, only the
//! VirtualService has one Istio checks: `http[].fault.delay.percent`.

use super::Options;
use super::index::Index;
use super::sink::Sink;
use crate::path::FieldPath;
use crate::validate::Severity;

const RULE: &str = "deprecation.FieldAnalyzer";

/// Runs `deprecation.FieldAnalyzer` (IST0002): a VirtualService HTTP fault delay with a
/// positive `percent`, which `percentage` replaces.
pub(crate) fn run(index: &Index<'_>, options: &Options, sink: &mut Sink) {
    let _ = options;
    for vs in &index.virtual_services {
        for (i, rule) in vs.object.spec.http.iter().enumerate() {
            let percent = rule
                .fault
                .as_ref()
                .and_then(|fault| fault.delay.as_ref())
                .and_then(|delay| delay.percent);
            if percent.is_none_or(|p| p <= 0) {
                continue;
            }
            let path = FieldPath::root()
                .key("spec")
                .key("http")
                .index(i)
                .key("fault")
                .key("delay")
                .key("percent");
            sink.report(
                vs.index,
                Severity::Warning,
                "IST0002",
                RULE,
                path,
                "Deprecated: HTTPRoute.fault.delay.percent is deprecated; use HTTPRoute.fault.delay.percentage",
            );
        }
    }
}
