//! Writing the merged model out as typed objects, with the route each object came from and
//! a check that no two different objects got the same name.

use crate::networking::StringMap;
use std::collections::{BTreeMap, BTreeSet};

use compact_str::CompactString;

use crate::analyze::fast::Map;
use crate::networking::text;

use super::EgressGateway;
use super::bundle::EgressBundle;
use super::compose::{MESH, Rules};
use super::error::ComposeError;
use super::model::{GatewayModel, Model, NameChoice, OriginationModel, SeModel, VsModel};
use super::network_policy::{self, NetworkPolicyOptions};
use super::resolve::{Resolved, ServerKind, at};
use super::scope::Scope;
use crate::networking::{
    ClientTlsMode, ClientTlsSettings, DestinationRule, DestinationRuleSpec, Gateway, GatewaySpec,
    Location, Port, PortSelector, PortTrafficPolicy, Server, ServerTlsMode, ServerTlsSettings,
    ServiceEntry, ServiceEntrySpec, ServicePort, Subset, TrafficPolicy, VirtualService,
    VirtualServiceSpec, WorkloadEntry, type_v1beta1,
};

/// The objects, and for each object of [`EgressBundle::objects`] (same order) the path of the
/// route that produced it.
pub(crate) struct Emitted<'r> {
    pub(crate) bundle: EgressBundle,
    pub(crate) origins: Vec<&'r str>,
}

/// What a name is given to; described only when two claims on one name meet, so that naming
/// an object writes no text.
#[derive(Clone, Copy)]
enum Owner<'a> {
    /// A ServiceEntry or VirtualService for these hosts.
    Hosts(&'a [String]),
    /// The Gateway object of this egress gateway.
    Gateway(&'a EgressGateway),
    /// The gateway hop's DestinationRule of this egress gateway.
    GatewayHop(&'a EgressGateway),
    /// The DestinationRule originating TLS to this host.
    Origination(&'a str),
}

impl Owner<'_> {
    fn describe(self) -> String {
        match self {
            Owner::Hosts(hosts) => format!("the hosts {}", hosts.join(", ")),
            Owner::Gateway(gateway) => format!("the gateway {}", gateway.service),
            Owner::GatewayHop(gateway) => format!("the gateway hop to {}", gateway.host()),
            Owner::Origination(host) => format!("TLS origination to {host}"),
        }
    }
}

/// Names already given, by kind, namespace and name, with what they name and which field
/// sets it.
struct Names<'a> {
    taken: Map<(&'static str, &'a str, &'a str), (Owner<'a>, &'a NameChoice<'a>)>,
}

impl<'a> Names<'a> {
    fn claim(
        &mut self,
        kind: &'static str,
        namespace: &'a str,
        choice: &'a NameChoice<'a>,
        owner: Owner<'a>,
    ) -> Result<(), ComposeError> {
        let name = choice.name();
        let Some(&(other, other_choice)) = self.taken.get(&(kind, namespace, name)) else {
            self.taken.insert((kind, namespace, name), (owner, choice));
            return Ok(());
        };
        let (other, what) = (other.describe(), owner.describe());
        if other == what {
            return Ok(());
        }
        Err(ComposeError::conflict(
            choice.field(),
            other_choice.field(),
            format!(
                "the {kind} {namespace}/{name} would name both {other} and {what}; set this \
                 name explicitly"
            ),
        ))
    }
}

/// Writes the model's objects. The VirtualServices' rules are moved out of the model, not
/// copied; the rest of it stays.
pub(crate) fn emit<'r>(
    model: &mut Model<'r>,
    routes: &'r [Resolved<'_>],
    network_policy: Option<&'r NetworkPolicyOptions>,
    plan_path: &str,
) -> Result<Emitted<'r>, ComposeError> {
    let rules: Vec<Rules> = model
        .virtual_services
        .iter_mut()
        .map(|vs| std::mem::take(&mut vs.rules))
        .collect();
    let model = &*model;
    // A gateway hop's rule per client namespace, and one more for routes without clients.
    let hop_rules: usize = model
        .gateways
        .iter()
        .map(|g| g.clients.len() + usize::from(g.shared_scope.is_some()))
        .sum();
    let mut bundle = EgressBundle {
        service_entries: Vec::with_capacity(model.service_entries.len()),
        gateways: Vec::with_capacity(model.gateways.len()),
        destination_rules: Vec::with_capacity(hop_rules + model.originations.len()),
        virtual_services: Vec::with_capacity(model.virtual_services.len()),
        ..EgressBundle::default()
    };
    let mut origins = Vec::with_capacity(
        model.service_entries.len()
            + model.gateways.len()
            + hop_rules
            + model.originations.len()
            + model.virtual_services.len(),
    );
    let mut names = Names {
        taken: Map::with_capacity(origins.capacity()),
    };

    for entry in &model.service_entries {
        names.claim(
            "ServiceEntry",
            entry.namespace,
            &entry.name,
            Owner::Hosts(entry.hosts),
        )?;
        bundle.service_entries.push(service_entry(entry));
        origins.push(entry.first);
    }
    for gateway in &model.gateways {
        names.claim(
            "Gateway",
            &gateway.gateway.namespace,
            &gateway.name,
            Owner::Gateway(gateway.gateway),
        )?;
        bundle.gateways.push(gateway_object(gateway));
        origins.push(gateway.first);
    }
    for gateway in &model.gateways {
        for (namespace, rule) in gateway_rules(gateway) {
            names.claim(
                "DestinationRule",
                namespace,
                &gateway.rule_name,
                Owner::GatewayHop(gateway.gateway),
            )?;
            bundle.destination_rules.push(rule);
            origins.push(gateway.first);
        }
    }
    for rule in &model.originations {
        names.claim(
            "DestinationRule",
            rule.namespace,
            &rule.name,
            Owner::Origination(&rule.host),
        )?;
        bundle.destination_rules.push(origination_rule(rule));
        origins.push(rule.first);
    }
    for (vs, rules) in model.virtual_services.iter().zip(rules) {
        names.claim(
            "VirtualService",
            vs.namespace,
            &vs.name,
            Owner::Hosts(vs.hosts),
        )?;
        let gateway = vs.gateway.and_then(|g| model.gateways.get(g));
        bundle
            .virtual_services
            .push(virtual_service(vs, rules, gateway));
        origins.push(vs.first);
    }
    if let Some(options) = network_policy {
        for (client, (allowed, origin)) in policies(model, routes, options, plan_path)? {
            bundle
                .network_policies
                .push(network_policy::policy(options, client, &allowed));
            origins.push(origin);
        }
    }
    Ok(Emitted { bundle, origins })
}

/// An `exportTo` list; never empty, since empty would mean the mesh's default.
fn export_to(scope: &Scope<'_>, namespace: &str) -> Vec<CompactString> {
    let list = scope.export_to(namespace);
    if list.is_empty() {
        vec![CompactString::const_new(".")]
    } else {
        list
    }
}

fn service_entry(entry: &SeModel<'_>) -> ServiceEntry {
    let mut ports: Vec<ServicePort> = entry
        .ports
        .iter()
        .map(|p| {
            let name = port_name(p.spec.protocol, p.spec.number);
            let mut port = ServicePort::new(p.spec.number, p.spec.protocol, name);
            port.target_port = p.spec.target_port;
            port
        })
        .collect();
    ports.sort_by_key(|p| p.number);
    let spec = ServiceEntrySpec {
        hosts: text::list(entry.hosts),
        addresses: text::list(&entry.addresses),
        ports,
        location: Some(Location::MeshExternal),
        resolution: Some(entry.resolution.clone()),
        endpoints: entry
            .endpoints
            .iter()
            .map(|address| WorkloadEntry::builder().address(address.as_str()).build())
            .collect(),
        export_to: export_to(&entry.scope, entry.namespace),
        ..ServiceEntrySpec::default()
    };
    ServiceEntry::new(entry.name.name(), spec).in_namespace(entry.namespace)
}

fn gateway_object(model: &GatewayModel<'_>) -> Gateway {
    let mut servers: Vec<&super::model::ServerModel> = model.servers.iter().collect();
    servers.sort_by_key(|s| s.port);
    let servers = servers
        .into_iter()
        .map(|server| {
            let (protocol, prefix, mode) = match server.kind {
                ServerKind::HttpMutual => ("HTTPS", "https", ServerTlsMode::IstioMutual),
                ServerKind::TlsPassthrough => ("TLS", "tls", ServerTlsMode::Passthrough),
                ServerKind::TlsMutual => ("TLS", "tls", ServerTlsMode::IstioMutual),
            };
            Server::builder()
                .port(Port::new(
                    server.port,
                    protocol,
                    port_name(prefix, server.port),
                ))
                // `./host`: only VirtualServices in the Gateway's own namespace (ours) may
                // bind to the server, so no other namespace can route the gateway's traffic.
                .hosts(server.hosts.iter().map(|h| {
                    let mut host = CompactString::with_capacity(h.len() + 2);
                    host.push_str("./");
                    host.push_str(h);
                    host
                }))
                .tls(ServerTlsSettings::builder().mode(mode).build())
                .build()
        })
        .collect::<Vec<_>>();
    Gateway::new(
        model.name.name(),
        GatewaySpec::builder()
            .selector(&model.gateway.selector)
            .servers(servers)
            .build(),
    )
    .in_namespace(&model.gateway.namespace)
}

/// The gateway hop's DestinationRule, in every namespace that needs it: a copy in each
/// client namespace (first on those sidecars' lookup path), and one in the gateway's
/// namespace for routes that name no clients; each with its namespace.
fn gateway_rules<'m>(model: &GatewayModel<'m>) -> Vec<(&'m str, DestinationRule)> {
    // By namespace, each once: the clients come sorted, and the gateway's own namespace is
    // merged in at its place.
    let mut placements: Vec<(&str, Scope<'_>)> = Vec::with_capacity(model.clients.len() + 1);
    placements.extend(model.clients.iter().map(|&ns| (ns, Scope::only(ns))));
    if let Some(scope) = &model.shared_scope {
        let namespace = model.gateway.namespace.as_str();
        match placements.binary_search_by(|(ns, _)| (*ns).cmp(namespace)) {
            Ok(at) => {
                if let Some((_, placed)) = placements.get_mut(at) {
                    placed.union(scope);
                }
            }
            Err(at) => placements.insert(at, (namespace, scope.clone())),
        }
    }
    let mut servers: Vec<&super::model::ServerModel> = model
        .servers
        .iter()
        .filter(|s| s.kind.is_mutual())
        .collect();
    servers.sort_by_key(|s| s.port);
    let settings: Vec<PortTrafficPolicy> = servers
        .into_iter()
        .map(|server| PortTrafficPolicy {
            port: Some(PortSelector::number(server.port)),
            tls: Some(ClientTlsSettings {
                mode: Some(ClientTlsMode::IstioMutual),
                sni: Some(server.sni.as_str().into()),
                ..ClientTlsSettings::default()
            }),
            ..PortTrafficPolicy::default()
        })
        .collect();
    let mut subset = Some(Subset {
        name: model.subset.name().into(),
        labels: StringMap::new(),
        traffic_policy: (!settings.is_empty()).then(|| {
            Box::new(TrafficPolicy {
                port_level_settings: settings,
                ..TrafficPolicy::default()
            })
        }),
    });
    let last = placements.len().saturating_sub(1);
    placements
        .into_iter()
        .enumerate()
        .map(|(i, (namespace, scope))| {
            // Each rule has its own copy of the subset; the last takes the original.
            let subset = if i == last {
                subset.take()
            } else {
                subset.clone()
            };
            let spec = DestinationRuleSpec {
                host: model.gateway.host().into(),
                subsets: subset.into_iter().collect(),
                export_to: export_to(&scope, namespace),
                ..DestinationRuleSpec::default()
            };
            let rule = DestinationRule::new(model.rule_name.name(), spec).in_namespace(namespace);
            (namespace, rule)
        })
        .collect()
}

fn origination_rule(rule: &OriginationModel<'_>) -> DestinationRule {
    let mut ports: Vec<&(u32, ClientTlsSettings, &str)> = rule.ports.iter().collect();
    ports.sort_by_key(|(port, _, _)| *port);
    let settings = ports
        .into_iter()
        .map(|(port, tls, _)| PortTrafficPolicy {
            port: Some(PortSelector::number(*port)),
            tls: Some(tls.clone()),
            ..PortTrafficPolicy::default()
        })
        .collect();
    let workload_selector = (!rule.selector.is_empty()).then(|| type_v1beta1::WorkloadSelector {
        match_labels: text::map(rule.selector),
    });
    let export = if workload_selector.is_some() {
        vec![CompactString::const_new(".")]
    } else {
        export_to(&rule.scope, rule.namespace)
    };
    let spec = DestinationRuleSpec {
        host: rule.host.as_str().into(),
        traffic_policy: Some(Box::new(TrafficPolicy {
            port_level_settings: settings,
            ..TrafficPolicy::default()
        })),
        subsets: Vec::new(),
        export_to: export,
        workload_selector,
    };
    DestinationRule::new(rule.name.name(), spec).in_namespace(rule.namespace)
}

fn virtual_service(
    vs: &VsModel<'_>,
    mut rules: Rules,
    gateway: Option<&GatewayModel<'_>>,
) -> VirtualService {
    let gateways = match gateway {
        Some(g) => vec![CompactString::const_new(MESH), g.reference().into()],
        // Bound to the mesh alone: `mesh` is the default, in the list and in the matches.
        None => {
            strip_mesh(&mut rules);
            Vec::new()
        }
    };
    let spec = VirtualServiceSpec {
        hosts: text::list(vs.hosts),
        gateways,
        http: rules.http,
        tls: rules.tls,
        tcp: rules.tcp,
        export_to: export_to(&vs.scope, vs.namespace),
    };
    VirtualService::new(vs.name.name(), spec).in_namespace(vs.namespace)
}

fn strip_mesh(rules: &mut Rules) {
    let only_mesh = |g: &mut Vec<CompactString>| {
        if g.iter().all(|x| x == MESH) {
            g.clear();
        }
    };
    for rule in &mut rules.http {
        rule.r#match
            .iter_mut()
            .for_each(|m| only_mesh(&mut m.gateways));
    }
    for rule in &mut rules.tls {
        rule.r#match
            .iter_mut()
            .for_each(|m| only_mesh(&mut m.gateways));
    }
    for rule in &mut rules.tcp {
        rule.r#match
            .iter_mut()
            .for_each(|m| only_mesh(&mut m.gateways));
    }
}

type Policies<'r> = BTreeMap<&'r str, (BTreeSet<&'r str>, &'r str)>;

/// The NetworkPolicies by client namespace: the namespaces each may reach, and the first
/// route that asked for it. Refuses what the policies would break.
fn policies<'r>(
    model: &Model<'_>,
    routes: &'r [Resolved<'_>],
    options: &'r NetworkPolicyOptions,
    plan_path: &str,
) -> Result<Policies<'r>, ComposeError> {
    super::names::check_label(
        || at(plan_path, "networkPolicy.name"),
        &options.name,
        "name",
    )?;
    super::names::check_label(
        || at(plan_path, "networkPolicy.controlPlaneNamespace"),
        &options.control_plane_namespace,
        "namespace",
    )?;
    super::names::check_label(
        || at(plan_path, "networkPolicy.dnsNamespace"),
        &options.dns_namespace,
        "namespace",
    )?;
    let mut out: Policies = BTreeMap::new();
    for (route, gateway) in routes.iter().zip(&model.route_gateway) {
        if gateway.is_none() {
            continue;
        }
        if route.clients.is_empty() {
            return Err(ComposeError::missing(
                route.at("clientNamespaces"),
                "a NetworkPolicy is written into each client namespace, so with networkPolicy \
                 every gateway route must name its client namespaces",
            ));
        }
        for (i, client) in route.clients.iter().enumerate() {
            if *client == route.namespace() || *client == options.control_plane_namespace {
                return Err(ComposeError::unsupported(
                    route.at(&format!("clientNamespaces[{i}]")),
                    format!(
                        "{client} holds the egress gateway or the control plane; a NetworkPolicy \
                         there would cut them off from the outside"
                    ),
                ));
            }
            let entry = out
                .entry(client)
                .or_insert_with(|| (BTreeSet::new(), &route.path));
            entry.0.insert(route.namespace());
            entry.0.insert(&options.control_plane_namespace);
        }
    }
    if out.is_empty() {
        return Err(ComposeError::unsupported(
            at(plan_path, "networkPolicy"),
            "there is no gateway route, so no namespace to confine to a gateway",
        ));
    }
    for route in routes.iter().filter(|r| r.hop.is_none()) {
        if route.clients.is_empty() {
            return Err(ComposeError::conflict(
                route.at("direct"),
                at(plan_path, "networkPolicy"),
                "this direct route serves every namespace, but the NetworkPolicies would \
                 block its traffic in the client namespaces of the gateway routes; name its \
                 client namespaces",
            ));
        }
        for (i, client) in route.clients.iter().enumerate() {
            if out.contains_key(client.as_str()) {
                return Err(ComposeError::conflict(
                    route.at(&format!("clientNamespaces[{i}]")),
                    at(plan_path, "networkPolicy"),
                    format!(
                        "the NetworkPolicy in {client} lets traffic out only through the \
                         gateway, which would block this direct route"
                    ),
                ));
            }
        }
    }
    Ok(out)
}

/// A port's name, the prefix in lower case then the number: `https-443` for a Gateway
/// server, `http-80` for a ServiceEntry port of protocol `HTTP`. Short enough to stay inline.
fn port_name(prefix: &str, port: u32) -> CompactString {
    let mut name = CompactString::with_capacity(prefix.len() + 6);
    name.extend(prefix.chars().map(|c| c.to_ascii_lowercase()));
    name.push('-');
    name.push_str(itoa::Buffer::new().format(port));
    name
}
