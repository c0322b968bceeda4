//! The merged model of a plan: every route's contribution folded into one entry per object to
//! write, with every conflict between routes turned into a [`ComposeError`].
//!
//! Objects are keyed by what they are about, not by route: one ServiceEntry per set of hosts,
//! one VirtualService per set of hosts, one Gateway (and one DestinationRule for the gateway
//! hop) per egress gateway with one server per gateway port, one origination DestinationRule
//! per destination host. Routes that name the same hosts merge into the same objects; routes
//! whose hosts overlap without being the same set are refused, since their VirtualServices
//! would both claim the overlap for the mesh (IST0109).
//!
//! The model borrows what the checked routes hold (hosts, namespaces, paths, the gateway) for
//! as long as the plan is composed, and copies only what goes into the objects.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use crate::analyze::HostSet;
use crate::analyze::fast::{Map, Set};

use super::EgressGateway;
use super::compose::{self, HopCtx, PortSpec, Rules};
use super::error::ComposeError;
use super::names;
use super::resolve::{Resolved, ServerKind, at};
use super::scope::Scope;
use crate::networking::{ClientTlsSettings, Resolution};

/// A name that routes may override: the first explicit value wins, and a different explicit
/// value later is a conflict.
#[derive(Clone, Debug)]
pub(crate) struct NameChoice<'r> {
    explicit: Option<(String, String)>,
    /// Borrowed where the default is text the routes already hold (a gateway's Service name).
    default: Cow<'r, str>,
    /// The route (path) and its field that would set the name, put together only for a
    /// message.
    default_field: (&'r str, &'static str),
}

impl<'r> NameChoice<'r> {
    /// The name `default`, which `route`'s `field` would override.
    fn new(default: impl Into<Cow<'r, str>>, route: &'r Resolved<'_>, field: &'static str) -> Self {
        Self {
            explicit: None,
            default: default.into(),
            default_field: (&route.path, field),
        }
    }

    /// Takes a route's override, if it has one; `field` gives the override's path, and is
    /// called only when there is one.
    fn offer(
        &mut self,
        value: Option<&String>,
        field: impl FnOnce() -> String,
    ) -> Result<(), ComposeError> {
        let Some(value) = value else { return Ok(()) };
        match &self.explicit {
            Some((chosen, _)) if chosen == value => Ok(()),
            Some((chosen, other)) => Err(ComposeError::conflict(
                field(),
                other.clone(),
                format!("the shared object is already named {chosen:?}, not {value:?}"),
            )),
            None => {
                self.explicit = Some((value.clone(), field()));
                Ok(())
            }
        }
    }

    /// The name.
    pub(crate) fn name(&self) -> &str {
        self.explicit.as_ref().map_or(&*self.default, |(v, _)| v)
    }

    /// The field that sets (or would set) the name.
    pub(crate) fn field(&self) -> Cow<'_, str> {
        match &self.explicit {
            Some((_, field)) => Cow::Borrowed(field),
            None => Cow::Owned(at(self.default_field.0, self.default_field.1)),
        }
    }
}

/// One listener of the gateway.
#[derive(Clone, Debug)]
pub(crate) struct ServerModel<'r> {
    pub(crate) port: u32,
    pub(crate) kind: ServerKind,
    pub(crate) hosts: Vec<&'r str>,
    /// The same hosts as a set, so that adding a route's hosts takes time linear in them.
    listed: Set<&'r str>,
    /// The SNI the sidecars send on this port (mutual servers): a name the server's hosts
    /// match, so that the gateway picks this server.
    pub(crate) sni: String,
    pub(crate) first: &'r str,
}

/// One egress gateway and everything shared by the routes through it.
#[derive(Clone, Debug)]
pub(crate) struct GatewayModel<'r> {
    pub(crate) gateway: &'r EgressGateway,
    /// Whether `gateway` is Istio's default one.
    pub(crate) is_default: bool,
    pub(crate) first: &'r str,
    pub(crate) name: NameChoice<'r>,
    pub(crate) rule_name: NameChoice<'r>,
    pub(crate) subset: NameChoice<'r>,
    pub(crate) servers: Vec<ServerModel<'r>>,
    /// Client namespaces of its routes: each gets a copy of the gateway hop's rule.
    pub(crate) clients: BTreeSet<&'r str>,
    /// Who must see the rule in the gateway's namespace, for routes with no client
    /// namespaces; `None` when every route names its clients.
    pub(crate) shared_scope: Option<Scope<'r>>,
}

impl GatewayModel<'_> {
    pub(crate) fn ctx(&self) -> HopCtx {
        HopCtx {
            gateway_host: self.gateway.host(),
            gateway_ref: self.reference(),
            subset: self.subset.name().to_owned(),
        }
    }

    /// How a VirtualService names the Gateway object: `namespace/name`.
    pub(crate) fn reference(&self) -> String {
        [self.gateway.namespace.as_str(), "/", self.name.name()].concat()
    }
}

/// A port of a ServiceEntry, with the route that declared it.
#[derive(Clone, Debug)]
pub(crate) struct SePort<'r> {
    pub(crate) spec: PortSpec<'r>,
}

/// One ServiceEntry.
#[derive(Clone, Debug)]
pub(crate) struct SeModel<'r> {
    pub(crate) key: HostKey<'r>,
    pub(crate) hosts: &'r [String],
    pub(crate) namespace: &'r str,
    pub(crate) name: NameChoice<'r>,
    pub(crate) scope: Scope<'r>,
    pub(crate) ports: Vec<SePort<'r>>,
    pub(crate) resolution: Resolution,
    /// The route (path) and its field that set `resolution`, if one has; put together only
    /// for a conflict's message.
    pub(crate) resolution_from: Option<(&'r str, &'static str)>,
    pub(crate) addresses: Vec<String>,
    pub(crate) endpoints: Vec<String>,
    /// The path of the route that set `addresses` and `endpoints`, if one has; as
    /// `resolution_from`.
    pub(crate) addresses_from: Option<&'r str>,
    pub(crate) first: &'r str,
}

/// One VirtualService.
#[derive(Clone, Debug)]
pub(crate) struct VsModel<'r> {
    pub(crate) hosts: &'r [String],
    pub(crate) namespace: &'r str,
    pub(crate) name: NameChoice<'r>,
    pub(crate) scope: Scope<'r>,
    /// The gateway model the VirtualService is bound to, besides `mesh`.
    pub(crate) gateway: Option<usize>,
    pub(crate) rules: Rules,
    pub(crate) first: &'r str,
}

/// One DestinationRule that originates TLS.
#[derive(Clone, Debug)]
pub(crate) struct OriginationModel<'r> {
    pub(crate) namespace: &'r str,
    pub(crate) host: String,
    pub(crate) selector: &'r BTreeMap<String, String>,
    pub(crate) name: NameChoice<'r>,
    /// Who must see it; ignored when there is a selector (`.` only).
    pub(crate) scope: Scope<'r>,
    /// Each port's TLS settings, with the path of the route that asked for them.
    pub(crate) ports: Vec<(u32, ClientTlsSettings, &'r str)>,
    pub(crate) first: &'r str,
    /// The next origination to the same host (another namespace or selector), if any.
    next_for_host: Option<usize>,
}

/// A set of hosts as a key: the distinct hosts, sorted. Most routes have one host, kept
/// without a list; a key of one host is always `One`, so equal sets are equal keys.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) enum HostKey<'r> {
    /// A single host.
    One(&'r str),
    /// Two or more hosts, sorted.
    Many(Vec<&'r str>),
}

impl<'r> std::ops::Deref for HostKey<'r> {
    type Target = [&'r str];

    fn deref(&self) -> &[&'r str] {
        match self {
            HostKey::One(host) => std::slice::from_ref(host),
            HostKey::Many(hosts) => hosts,
        }
    }
}

/// The key of a route's hosts.
fn host_key(hosts: &[String]) -> HostKey<'_> {
    if let [host] = hosts {
        return HostKey::One(host);
    }
    let mut key: Vec<&str> = hosts.iter().map(String::as_str).collect();
    key.sort_unstable();
    key.dedup();
    match key.as_slice() {
        [host] => HostKey::One(host),
        _ => HostKey::Many(key),
    }
}

/// The workload selector of an origination rule that selects none.
static NO_SELECTOR: BTreeMap<String, String> = BTreeMap::new();

/// Which routes share a host set, for the per-set checks.
#[derive(Clone, Debug)]
struct HostSetUse<'r> {
    key: HostKey<'r>,
    path: &'r str,
    namespace: &'r str,
    gateway: Option<usize>,
    app_port: u32,
    gateway_port: Option<u32>,
}

/// The merged model of a plan.
#[derive(Clone, Debug, Default)]
pub(crate) struct Model<'r> {
    pub(crate) gateways: Vec<GatewayModel<'r>>,
    pub(crate) service_entries: Vec<SeModel<'r>>,
    pub(crate) virtual_services: Vec<VsModel<'r>>,
    pub(crate) originations: Vec<OriginationModel<'r>>,
    /// For each route (by position), its gateway model.
    pub(crate) route_gateway: Vec<Option<usize>>,
    /// Each host of `service_entries`, with the position of its entry (a host is declared by
    /// one entry only), so that a plan of n routes merges in time linear in n.
    se_by_host: Map<&'r str, usize>,
    /// The position in `virtual_services` of each set of hosts.
    vs_by_key: Map<HostKey<'r>, usize>,
    /// The first origination to each host; the others follow `next_for_host`.
    origination_by_host: Map<String, usize>,
}

impl<'r> Model<'r> {
    /// Merges the routes, refusing what cannot be merged.
    pub(crate) fn build(routes: &'r [Resolved<'_>]) -> Result<Self, ComposeError> {
        // Sized for the common case of one entry and one VirtualService per route (see
        // `compose_routes` on why large lists are sized up front).
        let mut model = Model {
            service_entries: Vec::with_capacity(routes.len()),
            virtual_services: Vec::with_capacity(routes.len()),
            route_gateway: Vec::with_capacity(routes.len()),
            // Plans mostly go through one gateway.
            gateways: Vec::with_capacity(1),
            ..Model::default()
        };
        for route in routes {
            let gateway = match route.hop {
                Some(_) => Some(model.add_gateway(route)?),
                None => None,
            };
            model.route_gateway.push(gateway);
        }
        let mut uses = HostSetUses::default();
        for (route, &gateway) in routes.iter().zip(&model.route_gateway) {
            check_host_set(route, gateway, &mut uses)?;
        }
        // Every route has been through its gateway, so the names its rules refer to are final.
        let hops: Vec<HopCtx> = model.gateways.iter().map(GatewayModel::ctx).collect();
        for (position, route) in routes.iter().enumerate() {
            let gateway = model.route_gateway.get(position).copied().flatten();
            let ctx = gateway.and_then(|g| hops.get(g));
            let contribution = compose::contribute(route, ctx);
            model.add_service_entry(route, contribution.ports)?;
            if let Some(upstream) = &route.upstream
                && !contribution.upstream_ports.is_empty()
            {
                model.add_upstream(route, upstream, contribution.upstream_ports)?;
            }
            if gateway.is_some() || !contribution.rules.is_empty() {
                model.add_virtual_service(route, gateway, contribution.rules)?;
            }
            for (host, port) in contribution.originations {
                model.add_origination(route, &host, port)?;
            }
        }
        Ok(model)
    }

    fn add_gateway(&mut self, route: &'r Resolved<'_>) -> Result<usize, ComposeError> {
        let g = route.gateway;
        let hop = route.hop.as_ref().ok_or_else(|| {
            ComposeError::unsupported(route.at("direct"), "a direct route has no gateway")
        })?;
        let position = self
            .gateways
            .iter()
            .position(|m| m.gateway.namespace == g.namespace && m.gateway.service == g.service);
        let index = match position {
            Some(index) => index,
            None => {
                for other in &self.gateways {
                    let a = &other.gateway.selector;
                    let b = &g.selector;
                    let subset = |x: &BTreeMap<String, String>, y: &BTreeMap<String, String>| {
                        x.iter().all(|(k, v)| y.get(k) == Some(v))
                    };
                    if subset(a, b) || subset(b, a) {
                        return Err(ComposeError::conflict(
                            route.at("gateway.selector"),
                            format!("{}.gateway", other.first),
                            format!(
                                "selects the same gateway pods as the Service {}/{} does, \
                                 under another Service; two Gateway objects on the same pods \
                                 would fight over their ports (IST0145). Describe one gateway \
                                 the same way in every route",
                                other.gateway.namespace, other.gateway.service
                            ),
                        ));
                    }
                }
                let service = g.service.as_str();
                self.gateways.push(GatewayModel {
                    gateway: g,
                    is_default: route.gateway_is_default,
                    first: &route.path,
                    name: NameChoice::new(service, route, "names.gateway"),
                    rule_name: NameChoice::new(service, route, "names.gatewayDestinationRule"),
                    subset: NameChoice::new("egress", route, "names.subset"),
                    servers: Vec::new(),
                    clients: BTreeSet::new(),
                    shared_scope: None,
                });
                self.gateways.len().saturating_sub(1)
            }
        };
        let Some(model) = self.gateways.get_mut(index) else {
            return Err(ComposeError::unsupported(
                route.path.clone(),
                "internal: no gateway",
            ));
        };
        // The route that added the gateway is not compared with its own description.
        if !std::ptr::eq(model.gateway, g) && model.gateway != g {
            return Err(ComposeError::conflict(
                route.at("gateway"),
                format!("{}.gateway", model.first),
                format!(
                    "describes the egress gateway {}/{} differently; every route through one \
                     gateway must describe it the same way",
                    g.namespace, g.service
                ),
            ));
        }
        model
            .name
            .offer(route.names.gateway.as_ref(), || route.at("names.gateway"))?;
        model
            .rule_name
            .offer(route.names.gateway_destination_rule.as_ref(), || {
                route.at("names.gatewayDestinationRule")
            })?;
        model
            .subset
            .offer(route.names.subset.as_ref(), || route.at("names.subset"))?;
        if route.clients.is_empty() {
            match &mut model.shared_scope {
                Some(scope) => scope.union(&route.scope),
                None => model.shared_scope = Some(route.scope.clone()),
            }
        } else {
            model
                .clients
                .extend(route.clients.iter().map(String::as_str));
        }
        match model.servers.iter_mut().find(|s| s.port == hop.port) {
            Some(server) => {
                if server.kind != hop.kind {
                    return Err(ComposeError::conflict(
                        route.at(hop.port_field),
                        server.first.to_owned(),
                        format!(
                            "gateway port {} already carries {}; this {} route needs {}. Give \
                             it another gatewayPort (a port of the gateway Service)",
                            hop.port,
                            server.kind.describe(),
                            route.mode,
                            hop.kind.describe()
                        ),
                    ));
                }
                if server.kind == ServerKind::TlsMutual {
                    return Err(ComposeError::conflict(
                        route.at(hop.port_field),
                        server.first.to_owned(),
                        format!(
                            "gateway port {} already carries another route's stream; the \
                             gateway can only tell unwrapped streams apart by port, so each \
                             tcp or tls-in-mutual route needs a gatewayPort of its own",
                            hop.port
                        ),
                    ));
                }
                for host in route.hosts {
                    if server.listed.insert(host) {
                        server.hosts.push(host);
                    }
                }
            }
            None => model.servers.push(ServerModel {
                port: hop.port,
                kind: hop.kind,
                hosts: route.hosts.iter().map(String::as_str).collect(),
                listed: route.hosts.iter().map(String::as_str).collect(),
                sni: sni_for(route),
                first: &route.path,
            }),
        }
        Ok(index)
    }

    fn add_service_entry(
        &mut self,
        route: &'r Resolved<'_>,
        ports: Vec<PortSpec<'r>>,
    ) -> Result<(), ComposeError> {
        let key = host_key(route.hosts);
        let (addresses, endpoints) = addresses_of(route);
        let index = self.service_entry_for(key, route.hosts, route, || {
            NameChoice::new(
                names::slug(route.hosts.first().map_or("", String::as_str)),
                route,
                "names.serviceEntry",
            )
        })?;
        let Some(entry) = self.service_entries.get_mut(index) else {
            return Ok(());
        };
        entry.name.offer(route.names.service_entry.as_ref(), || {
            route.at("names.serviceEntry")
        })?;
        merge_resolution(entry, route.resolution.clone(), (&route.path, "resolution"))?;
        if entry.addresses.is_empty() && entry.endpoints.is_empty() {
            // The field is named only in a conflict with addresses already set.
            if !addresses.is_empty() || !endpoints.is_empty() {
                entry.addresses_from = Some(&route.path);
            }
            entry.addresses = addresses;
            entry.endpoints = endpoints;
        } else if entry.addresses != addresses || entry.endpoints != endpoints {
            return Err(ComposeError::conflict(
                route.at("addresses"),
                at(entry.addresses_from.unwrap_or_default(), "addresses"),
                "the same hosts need the same addresses in every route",
            ));
        }
        entry.scope.union(&route.scope);
        merge_ports(entry, ports)
    }

    fn add_upstream(
        &mut self,
        route: &'r Resolved<'_>,
        upstream: &'r String,
        ports: Vec<PortSpec<'r>>,
    ) -> Result<(), ComposeError> {
        let key = HostKey::One(upstream);
        let index = self.service_entry_for(key, std::slice::from_ref(upstream), route, || {
            NameChoice::new(names::slug(upstream), route, "names.upstreamServiceEntry")
        })?;
        let Some(entry) = self.service_entries.get_mut(index) else {
            return Ok(());
        };
        entry
            .name
            .offer(route.names.upstream_service_entry.as_ref(), || {
                route.at("names.upstreamServiceEntry")
            })?;
        merge_resolution(entry, Resolution::Dns, (&route.path, "wildcard.upstream"))?;
        // Through a gateway only the gateway connects to the upstream: clients that saw it
        // could reach it directly, around the gateway. A route for every namespace is the
        // exception: its VirtualService is exported to `*`, and Istio's analysis resolves
        // such a VirtualService's destinations among the entries exported to `*` (IST0101
        // otherwise), so the upstream's entry is exported to `*` as well.
        let scope = match (&route.hop, &route.scope) {
            (Some(_), Scope::Namespaces(_)) => Scope::only(route.namespace()),
            _ => route.scope.clone(),
        };
        entry.scope.union(&scope);
        merge_ports(entry, ports)
    }

    /// The ServiceEntry for exactly these hosts, created if needed; another entry sharing a
    /// host without being the same set is a conflict (two entries for one host).
    fn service_entry_for(
        &mut self,
        key: HostKey<'r>,
        hosts: &'r [String],
        route: &'r Resolved<'_>,
        name: impl FnOnce() -> NameChoice<'r>,
    ) -> Result<usize, ComposeError> {
        // The first entry sharing a host with `key`: hosts are declared by one entry each.
        let first = key
            .iter()
            .filter_map(|host| self.se_by_host.get(host).copied())
            .min();
        if let Some((index, entry)) = first.and_then(|i| Some((i, self.service_entries.get(i)?))) {
            if entry.key == key {
                if entry.namespace != route.namespace() {
                    return Err(ComposeError::conflict(
                        route.at("gateway.namespace"),
                        entry.first.to_owned(),
                        format!(
                            "the ServiceEntry for {} is written to {}; the same hosts must be \
                             declared in one namespace",
                            list(hosts),
                            entry.namespace
                        ),
                    ));
                }
                return Ok(index);
            }
            if let Some(shared) = entry.key.iter().find(|h| key.binary_search(h).is_ok()) {
                return Err(ComposeError::conflict(
                    name().field().into_owned(),
                    entry.first.to_owned(),
                    format!(
                        "{shared} would be declared by two ServiceEntries ({} and {}); a host \
                         (or a wildcard's upstream) must be declared once, with the same \
                         companions in every route",
                        list(entry.hosts),
                        list(hosts)
                    ),
                ));
            }
        }
        let position = self.service_entries.len();
        for &host in key.iter() {
            self.se_by_host.insert(host, position);
        }
        self.service_entries.push(SeModel {
            key,
            hosts,
            namespace: route.namespace(),
            name: name(),
            scope: Scope::none(),
            ports: Vec::new(),
            resolution: Resolution::Other(String::new()),
            resolution_from: None,
            addresses: Vec::new(),
            endpoints: Vec::new(),
            addresses_from: None,
            first: &route.path,
        });
        Ok(self.service_entries.len().saturating_sub(1))
    }

    fn add_virtual_service(
        &mut self,
        route: &'r Resolved<'_>,
        gateway: Option<usize>,
        rules: Rules,
    ) -> Result<(), ComposeError> {
        let key = host_key(route.hosts);
        let index = match self.vs_by_key.get(&key) {
            Some(&index) => index,
            None => {
                self.vs_by_key.insert(key, self.virtual_services.len());
                self.virtual_services.push(VsModel {
                    hosts: route.hosts,
                    namespace: route.namespace(),
                    name: NameChoice::new(
                        names::slug(route.hosts.first().map_or("", String::as_str)),
                        route,
                        "names.virtualService",
                    ),
                    scope: Scope::none(),
                    gateway: None,
                    rules: Rules::default(),
                    first: &route.path,
                });
                self.virtual_services.len().saturating_sub(1)
            }
        };
        let Some(vs) = self.virtual_services.get_mut(index) else {
            return Ok(());
        };
        vs.name.offer(route.names.virtual_service.as_ref(), || {
            route.at("names.virtualService")
        })?;
        if gateway.is_some() {
            vs.gateway = gateway;
        }
        vs.scope.union(&route.scope);
        vs.rules.extend(rules);
        Ok(())
    }

    fn add_origination(
        &mut self,
        route: &'r Resolved<'_>,
        host: &str,
        port: u32,
    ) -> Result<(), ComposeError> {
        let Some(tls) = route.origination_tls(host) else {
            return Ok(());
        };
        let selector = route
            .origination
            .as_ref()
            .map_or(&NO_SELECTOR, |o| &o.workload_selector);
        // Where the rule must be: with the gateway that originates; with the sidecars for a
        // direct route (in each client namespace when it selects workloads, which confines
        // it to its namespace).
        let placements: Vec<(&str, Scope<'_>)> = if route.hop.is_some() {
            vec![(route.namespace(), Scope::only(route.namespace()))]
        } else if selector.is_empty() {
            vec![(route.namespace(), route.scope.clone())]
        } else {
            route
                .clients
                .iter()
                .map(|ns| (ns.as_str(), Scope::only(ns)))
                .collect()
        };
        let field = || route.at("names.destinationRule");
        // The settings are moved into the last placement that needs them, copied before.
        let last = placements.len().saturating_sub(1);
        for (placement, (namespace, scope)) in placements.into_iter().enumerate() {
            let mut last_for_host = None;
            let mut position = None;
            let mut next = self.origination_by_host.get(host).copied();
            while let Some(at) = next {
                let Some(o) = self.originations.get(at) else {
                    break;
                };
                if o.namespace == namespace && o.selector == selector {
                    position = Some(at);
                    break;
                }
                last_for_host = Some(at);
                next = o.next_for_host;
            }
            let index = match position {
                Some(index) => index,
                None => {
                    let added = self.originations.len();
                    match last_for_host.and_then(|at| self.originations.get_mut(at)) {
                        Some(previous) => previous.next_for_host = Some(added),
                        None => {
                            self.origination_by_host.insert(host.to_owned(), added);
                        }
                    }
                    self.originations.push(OriginationModel {
                        namespace,
                        host: host.to_owned(),
                        selector,
                        name: NameChoice::new(
                            names::join(&[&names::slug(host), route.mode.as_str()]),
                            route,
                            "names.destinationRule",
                        ),
                        scope: Scope::none(),
                        ports: Vec::new(),
                        first: &route.path,
                        next_for_host: None,
                    });
                    added
                }
            };
            let Some(rule) = self.originations.get_mut(index) else {
                continue;
            };
            rule.name
                .offer(route.names.destination_rule.as_ref(), field)?;
            rule.scope.union(&scope);
            match rule.ports.iter().find(|(p, _, _)| *p == port) {
                Some((_, existing, _)) if *existing == tls => {}
                Some((_, _, other)) => {
                    return Err(ComposeError::conflict(
                        route.at("origination"),
                        at(other, "origination"),
                        format!(
                            "{host}:{port} would be reached with two different TLS settings; \
                             routes to one server port must originate alike"
                        ),
                    ));
                }
                None if placement == last => {
                    rule.ports.push((port, tls, &route.path));
                    break;
                }
                None => rule.ports.push((port, tls.clone(), &route.path)),
            }
        }
        Ok(())
    }
}

/// The SNI the sidecars send to the gateway for a mutual server opened by this route: the
/// first host; for wildcards, the upstream when the wildcard covers it, or else a name under
/// the wildcard, since the gateway picks the server by matching the SNI against its hosts.
fn sni_for(route: &Resolved<'_>) -> String {
    let first = route.hosts.first().cloned().unwrap_or_default();
    match &route.upstream {
        None => first,
        Some(upstream) => {
            if route.hosts.iter().any(|h| names::covers(h, upstream)) {
                upstream.clone()
            } else {
                first.replacen('*', "egress", 1)
            }
        }
    }
}

/// The ServiceEntry addresses and STATIC endpoints of a route.
fn addresses_of(route: &Resolved<'_>) -> (Vec<String>, Vec<String>) {
    let addresses = route
        .addresses
        .iter()
        .map(|a| match (&route.resolution, a.single) {
            // DNS-resolved entries may not carry CIDR notation, even /32.
            (Resolution::Dns | Resolution::DnsRoundRobin, Some(ip)) => ip.to_string(),
            _ => a.written.clone(),
        })
        .collect();
    let endpoints = match route.resolution {
        Resolution::Static => route
            .addresses
            .iter()
            .filter_map(|a| a.single.map(|ip| ip.to_string()))
            .collect(),
        _ => Vec::new(),
    };
    (addresses, endpoints)
}

/// Takes a route's resolution for the entry; `from` is the route (path) and the field that
/// gives it.
fn merge_resolution<'r>(
    entry: &mut SeModel<'r>,
    resolution: Resolution,
    from: (&'r str, &'static str),
) -> Result<(), ComposeError> {
    let Some((path, field)) = entry.resolution_from else {
        entry.resolution = resolution;
        entry.resolution_from = Some(from);
        return Ok(());
    };
    if entry.resolution != resolution {
        return Err(ComposeError::conflict(
            at(from.0, from.1),
            at(path, field),
            format!(
                "{} is resolved with {} there and {} here; one ServiceEntry has one resolution",
                list(entry.hosts),
                entry.resolution.as_str(),
                resolution.as_str()
            ),
        ));
    }
    Ok(())
}

fn merge_ports<'r>(entry: &mut SeModel<'r>, ports: Vec<PortSpec<'r>>) -> Result<(), ComposeError> {
    for port in ports {
        match entry.ports.iter().find(|p| p.spec.number == port.number) {
            Some(existing)
                if existing.spec.protocol == port.protocol
                    && existing.spec.target_port == port.target_port => {}
            Some(existing) => {
                let describe = |p: &PortSpec| match p.target_port {
                    Some(t) => format!("{} (to {t})", p.protocol),
                    None => p.protocol.to_owned(),
                };
                return Err(ComposeError::conflict(
                    port.field_path(),
                    existing.spec.field_path(),
                    format!(
                        "port {} of {} is declared {} there and {} here; a host's port has one \
                         protocol (IST0177)",
                        port.number,
                        list(entry.hosts),
                        describe(&existing.spec),
                        describe(&port)
                    ),
                ));
            }
            None => entry.ports.push(SePort { spec: port }),
        }
    }
    Ok(())
}

/// The host sets seen so far, their hosts filed in a [`HostSet`], so that a route is compared
/// only with the routes whose hosts may overlap its own: a plan of n routes, wildcards or not,
/// is checked in time linear in n.
#[derive(Debug, Default)]
struct HostSetUses<'r> {
    list: Vec<HostSetUse<'r>>,
    /// Every host of every use, with the use's position.
    hosts: HostSet<'r, usize>,
}

impl<'r> HostSetUses<'r> {
    /// The uses that may overlap `hosts` (a superset: Istio's matching, which the caller
    /// narrows to the composer's), in the order they were added, each once.
    fn candidates(&self, hosts: &[String]) -> Vec<usize> {
        let mut found: Vec<usize> = hosts
            .iter()
            .flat_map(|host| self.hosts.matching(host))
            .filter_map(|at| self.hosts.value(at).copied())
            .collect();
        found.sort_unstable();
        found.dedup();
        found
    }

    fn push(&mut self, used: HostSetUse<'r>) {
        let position = self.list.len();
        for &host in used.key.iter() {
            self.hosts.insert(host, position);
        }
        self.list.push(used);
    }
}

fn check_host_set<'r>(
    route: &'r Resolved<'_>,
    gateway: Option<usize>,
    uses: &mut HostSetUses<'r>,
) -> Result<(), ComposeError> {
    let key = host_key(route.hosts);
    let gateway_port = route.hop.as_ref().map(|h| h.port);
    // Only a use sharing a host, or with a wildcard, can overlap; the others pass every check.
    let candidates = uses.candidates(route.hosts);
    for other in candidates.iter().filter_map(|&i| uses.list.get(i)) {
        if other.key != key {
            for (i, host) in route.hosts.iter().enumerate() {
                if let Some(theirs) = other.key.iter().find(|o| names::hosts_overlap(host, o)) {
                    return Err(ComposeError::conflict(
                        route.at(&format!("hosts[{i}]")),
                        other.path.to_owned(),
                        format!(
                            "{host} overlaps {theirs} of a route with other hosts; routes that \
                             share a host must list the same hosts (their VirtualService is \
                             shared), or the mesh would see two routes for it (IST0109)"
                        ),
                    ));
                }
            }
            continue;
        }
        if other.namespace != route.namespace() {
            return Err(ComposeError::conflict(
                route.at("gateway.namespace"),
                other.path.to_owned(),
                "routes for the same hosts must write their objects to one namespace",
            ));
        }
        if let (Some(a), Some(b)) = (gateway, other.gateway)
            && a != b
        {
            return Err(ComposeError::conflict(
                route.at("gateway"),
                other.path.to_owned(),
                "routes for the same hosts must go through the same egress gateway",
            ));
        }
        if other.app_port == route.port {
            return Err(ComposeError::conflict(
                route.at(route.port_field),
                other.path.to_owned(),
                format!(
                    "both routes take the traffic for {} on port {}; keep one",
                    list(route.hosts),
                    route.port
                ),
            ));
        }
        if let (Some(mine), Some(theirs)) = (gateway_port, other.gateway_port)
            && mine == theirs
        {
            let field = route.hop.as_ref().map_or("gatewayPort", |h| h.port_field);
            return Err(ComposeError::conflict(
                route.at(field),
                other.path.to_owned(),
                format!(
                    "both routes send {} to gateway port {mine}, where the gateway could not \
                     tell them apart; give one another gatewayPort",
                    list(route.hosts)
                ),
            ));
        }
    }
    uses.push(HostSetUse {
        key,
        path: &route.path,
        namespace: route.namespace(),
        gateway,
        app_port: route.port,
        gateway_port,
    });
    Ok(())
}

fn list(hosts: &[String]) -> String {
    hosts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn used(key: HostKey<'_>) -> HostSetUse<'_> {
        HostSetUse {
            key,
            path: "",
            namespace: "",
            gateway: None,
            app_port: 0,
            gateway_port: None,
        }
    }

    /// Every use that shares or overlaps a host of a route is among its candidates, for exact
    /// hosts and wildcards at every depth.
    #[test]
    fn candidates_include_every_overlapping_use() {
        let mut names: Vec<String> = Vec::new();
        for a in ["a", "b"] {
            for b in ["x", "y"] {
                names.push(format!("{a}.{b}.com"));
                names.push(format!("*.{a}.{b}.com"));
                names.push(format!("{b}.com"));
                names.push(format!("*.{b}.com"));
            }
        }
        names.extend([
            "*.com".to_string(),
            "z.org".to_string(),
            "*.org".to_string(),
        ]);
        names.sort();
        names.dedup();
        let sets: Vec<Vec<String>> = names
            .iter()
            .map(|n| vec![n.clone()])
            .chain(names.windows(2).map(<[String]>::to_vec))
            .collect();
        let mut uses = HostSetUses::default();
        for set in &sets {
            uses.push(used(host_key(set)));
        }
        for query in &sets {
            let found = uses.candidates(query);
            let mut sorted = found.clone();
            sorted.sort_unstable();
            sorted.dedup();
            assert_eq!(found, sorted, "in order, each once");
            for (position, set) in sets.iter().enumerate() {
                let overlaps = query
                    .iter()
                    .any(|q| set.iter().any(|h| names::hosts_overlap(q, h)));
                if overlaps {
                    assert!(found.contains(&position), "{query:?} misses {set:?}");
                }
            }
        }
    }
}
