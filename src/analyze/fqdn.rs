//! Hosts as fully qualified names, the way Istio's analyzers complete them.

use std::borrow::Cow;

/// A host as the analyzers compare it: a name without a dot that is not a wildcard is a
/// Service in `namespace` (`reviews` → `reviews.<namespace>.svc.<domain>`); anything else is
/// kept, and borrowed rather than copied.
pub(super) fn fqdn<'h>(host: &'h str, namespace: &str, domain: &str) -> Cow<'h, str> {
    // Hosts are short, and most have a dot within their first few bytes: a byte loop finds it
    // before `str::contains` has set up its search.
    if host.starts_with('*') || host.bytes().any(|b| b == b'.') {
        Cow::Borrowed(host)
    } else {
        Cow::Owned(service_fqdn(host, namespace, domain))
    }
}

/// The cluster-local name of the Service `name` in `namespace`:
/// `name.namespace.svc.domain`.
///
/// Put together by hand: the analyzers name every Service of a set this way, the composer
/// its gateway's, and `format!` costs about ten times as much as the four copies.
pub(crate) fn service_fqdn(name: &str, namespace: &str, domain: &str) -> String {
    let mut fqdn = String::with_capacity(name.len() + namespace.len() + domain.len() + 6);
    fqdn.push_str(name);
    fqdn.push('.');
    fqdn.push_str(namespace);
    fqdn.push_str(".svc.");
    fqdn.push_str(domain);
    fqdn
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_names_are_services_of_the_namespace() {
        assert_eq!(
            fqdn("reviews", "shop", "cluster.local"),
            "reviews.shop.svc.cluster.local"
        );
        assert_eq!(service_fqdn("a", "b", "c"), "a.b.svc.c");
        // Non-ASCII text is copied whole; the capacity is only a hint.
        assert_eq!(service_fqdn("é", "ü", "x.y"), "é.ü.svc.x.y");
    }

    #[test]
    fn qualified_and_wildcard_names_are_borrowed() {
        for host in ["api.example.com", "*", "*.example.com", "reviews.shop"] {
            assert!(matches!(fqdn(host, "shop", "cluster.local"), Cow::Borrowed(h) if h == host));
        }
    }
}
