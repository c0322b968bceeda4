//! Who uses a route: its client namespaces, and the `exportTo` scope they lead to.

use super::at;
use crate::egress::error::ComposeError;
use crate::egress::names;
use crate::egress::route::EgressRoute;
use crate::egress::scope::{Namespaces, Scope};

pub(super) fn check_clients<'r>(
    route: &'r EgressRoute,
    path: &str,
) -> Result<&'r [String], ComposeError> {
    for (i, ns) in route.client_namespaces.iter().enumerate() {
        let field = || at(path, format_args!("clientNamespaces[{i}]"));
        names::check_label(field, ns, "namespace")?;
        if route.client_namespaces.iter().take(i).any(|o| o == ns) {
            return Err(ComposeError::invalid(field(), ns, "is listed twice"));
        }
    }
    Ok(&route.client_namespaces)
}

/// The namespaces that must see the route's ServiceEntry and VirtualService.
pub(super) fn scope_of<'r>(
    route: &'r EgressRoute,
    path: &str,
    clients: &'r [String],
) -> Result<Scope<'r>, ComposeError> {
    let own = route.gateway.namespace.as_str();
    let Some(list) = &route.export_to else {
        if clients.is_empty() {
            return Ok(Scope::All);
        }
        let set: Namespaces<'_> = clients.iter().map(String::as_str).chain([own]).collect();
        return Ok(Scope::Namespaces(set));
    };
    let f = |i: usize| at(path, format_args!("exportTo[{i}]"));
    if list.is_empty() {
        return Err(ComposeError::invalid(
            at(path, "exportTo"),
            "[]",
            "is empty: leave exportTo out for the default",
        ));
    }
    let mut set = Namespaces::default();
    for (i, entry) in list.iter().enumerate() {
        let name = match entry.as_str() {
            "*" if list.len() == 1 => return Ok(Scope::All),
            "*" => {
                return Err(ComposeError::invalid(
                    f(i),
                    entry,
                    "cannot be combined with other entries",
                ));
            }
            "~" => {
                return Err(ComposeError::unsupported(
                    f(i),
                    "would hide the objects from every namespace, the gateway's included",
                ));
            }
            "." => own,
            other => {
                names::check_label(|| f(i), other, "namespace")?;
                other
            }
        };
        if !set.insert(name) {
            return Err(ComposeError::invalid(
                f(i),
                entry,
                "is listed twice ('.' is the gateway's namespace)",
            ));
        }
    }
    if !route.direct && !set.contains(own) {
        return Err(ComposeError::unsupported(
            at(path, "exportTo"),
            format!(
                "must include '.' (the gateway's namespace {own}): the gateway only binds \
                 VirtualServices exported to it and only reaches ServiceEntries it sees"
            ),
        ));
    }
    if let Some(missing) = clients.iter().find(|ns| !set.contains(ns.as_str())) {
        return Err(ComposeError::unsupported(
            at(path, "exportTo"),
            format!("must include the client namespace {missing}, or its sidecars see no route"),
        ));
    }
    Ok(Scope::Namespaces(set))
}
