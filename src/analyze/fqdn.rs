//! Hosts as fully qualified names, the way Istio's analyzers complete them.

use std::borrow::Cow;

/// A host as the analyzers compare it: a name without a dot that is not a wildcard is a
/// Service in `namespace` (`reviews` → `reviews.<namespace>.svc.<domain>`); anything else is
/// kept, and borrowed rather than copied.
pub(super) fn fqdn<'h>(host: &'h str, namespace: &str, domain: &str) -> Cow<'h, str> {
    if host.starts_with('*') || host.contains('.') {
        Cow::Borrowed(host)
    } else {
        Cow::Owned(format!("{host}.{namespace}.svc.{domain}"))
    }
}
