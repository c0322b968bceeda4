//! [`Index`]: the object set, sorted by kind and indexed once by name, namespace, host and
//! labels, so that every analyzer looks things up instead of comparing all pairs.

use crate::analyze::fast::Map;
use std::borrow::Cow;

use k8s_openapi::api::core::v1::{Namespace, Pod, Secret, Service};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use serde_json::Value;

use super::Options;
use super::fqdn::service_fqdn;
use super::labels::{LabelIndex, Labels};
use super::visibility::Visibility;
use crate::manifest::ObjectView;
use crate::networking::{DestinationRule, Gateway, ServiceEntry, VirtualService};

/// One object of a kind, with where it stands in the input and its namespace and name.
#[derive(Debug)]
pub(crate) struct Entry<'a, T> {
    /// Its position in the analyzed slice.
    pub(crate) index: usize,
    /// Its namespace (`default` when unset).
    pub(crate) namespace: &'a str,
    /// Its name (empty when unset).
    pub(crate) name: &'a str,
    /// The object.
    pub(crate) object: &'a T,
}

// Manual impls: a derive would ask `T: Clone`.
impl<T> Clone for Entry<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for Entry<'_, T> {}

/// A service the mesh knows under a host name: a ServiceEntry host, or a Kubernetes Service
/// under its cluster-local name.
#[derive(Clone, Debug)]
pub(crate) struct RegisteredHost<'a> {
    /// The host as declared (`api.example.com`, `*.wikipedia.org`,
    /// `reviews.shop.svc.cluster.local`).
    pub(crate) host: Cow<'a, str>,
    /// The namespace of the object that declares it.
    pub(crate) namespace: &'a str,
    /// Its ports, borrowed from the object that declares it.
    pub(crate) ports: Ports<'a>,
    /// Which namespaces see it.
    pub(crate) visibility: Visibility<'a>,
}

/// The ports of a [`RegisteredHost`], where its object lists them: looked at for their
/// numbers only, so nothing is copied out of the object.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Ports<'a> {
    /// A ServiceEntry's `spec.ports`.
    Entry(&'a [crate::networking::ServicePort]),
    /// A Kubernetes Service's `spec.ports`.
    Service(&'a [k8s_openapi::api::core::v1::ServicePort]),
}

impl Ports<'_> {
    /// How many ports there are.
    pub(crate) fn len(&self) -> usize {
        match self {
            Ports::Entry(ports) => ports.len(),
            Ports::Service(ports) => ports.len(),
        }
    }

    /// The port numbers, in order; a Service port outside `u32` reads as 0.
    pub(crate) fn numbers(&self) -> impl Iterator<Item = u32> + '_ {
        let (entry, service) = match *self {
            Ports::Entry(ports) => (ports, &[][..]),
            Ports::Service(ports) => (&[][..], ports),
        };
        let entry = entry.iter().map(|p| p.number);
        entry.chain(service.iter().map(|p| u32::try_from(p.port).unwrap_or(0)))
    }
}

/// The set of objects being analyzed, indexed.
///
/// Analyzers with their own lookup rules (Istio's differ from one analyzer to the next) build
/// their own maps from these lists, once.
#[derive(Debug, Default)]
pub(crate) struct Index<'a> {
    pub(crate) gateways: Vec<Entry<'a, Gateway>>,
    pub(crate) service_entries: Vec<Entry<'a, ServiceEntry>>,
    pub(crate) virtual_services: Vec<Entry<'a, VirtualService>>,
    pub(crate) destination_rules: Vec<Entry<'a, DestinationRule>>,
    pub(crate) services: Vec<Entry<'a, Service>>,
    pub(crate) pods: Vec<Entry<'a, Pod>>,
    pub(crate) secrets: Vec<Entry<'a, Secret>>,
    pub(crate) namespaces: Vec<Entry<'a, Namespace>>,
    /// Objects of kinds without a type here, kept raw (Nodes, RequestAuthentications, …).
    pub(crate) others: Vec<Entry<'a, Value>>,
    /// Gateways by (namespace, name).
    pub(crate) gateway_by_name: Map<(&'a str, &'a str), usize>,
    /// Secrets by (namespace, name).
    pub(crate) secret_by_name: Map<(&'a str, &'a str), usize>,
    /// Pods by their labels; positions are into `pods`.
    pub(crate) pod_labels: LabelIndex<'a>,
    /// Every registered host (ServiceEntry hosts and Kubernetes Services).
    pub(crate) hosts: Vec<RegisteredHost<'a>>,
}

/// The namespace and name in an object's metadata (`default` and empty when unset).
fn id(metadata: &ObjectMeta) -> (&str, &str) {
    (
        metadata.namespace.as_deref().unwrap_or("default"),
        metadata.name.as_deref().unwrap_or(""),
    )
}

fn entry<'a, T>(index: usize, metadata: &'a ObjectMeta, object: &'a T) -> Entry<'a, T> {
    let (namespace, name) = id(metadata);
    Entry {
        index,
        namespace,
        name,
        object,
    }
}

impl<'a> Index<'a> {
    /// Indexes the objects: one pass over them, then one over the hosts they declare.
    pub(crate) fn new(objects: &[ObjectView<'a>], options: &'a Options) -> Self {
        let mut index = Index::sized_for(objects);
        for (i, &object) in objects.iter().enumerate() {
            match object {
                ObjectView::Gateway(o) => {
                    let e = entry(i, &o.metadata, o);
                    index
                        .gateway_by_name
                        .insert((e.namespace, e.name), index.gateways.len());
                    index.gateways.push(e);
                }
                ObjectView::ServiceEntry(o) => index.service_entries.push(entry(i, &o.metadata, o)),
                ObjectView::VirtualService(o) => {
                    index.virtual_services.push(entry(i, &o.metadata, o))
                }
                ObjectView::DestinationRule(o) => {
                    index.destination_rules.push(entry(i, &o.metadata, o))
                }
                ObjectView::Service(o) => index.services.push(entry(i, &o.metadata, o)),
                ObjectView::Pod(o) => {
                    index.pod_labels.push(o.metadata.labels.as_ref());
                    index.pods.push(entry(i, &o.metadata, o));
                }
                ObjectView::Secret(o) => {
                    let e = entry(i, &o.metadata, o);
                    index
                        .secret_by_name
                        .insert((e.namespace, e.name), index.secrets.len());
                    index.secrets.push(e);
                }
                ObjectView::Namespace(o) => index.namespaces.push(entry(i, &o.metadata, o)),
                ObjectView::NetworkPolicy(_) => {}
                ObjectView::Other(value) => {
                    let meta = value.get("metadata");
                    let text = |key: &str| meta.and_then(|m| m.get(key)).and_then(Value::as_str);
                    index.others.push(Entry {
                        index: i,
                        namespace: text("namespace").unwrap_or("default"),
                        name: text("name").unwrap_or(""),
                        object: value,
                    });
                }
            }
        }
        index.register_hosts(options);
        index
    }

    /// An empty index with room for the objects of each kind: one cheap pass over the
    /// kinds spares the lists their growth.
    fn sized_for(objects: &[ObjectView<'a>]) -> Self {
        let mut counts = [0usize; 9];
        for object in objects {
            let slot = match object {
                ObjectView::Gateway(_) => 0,
                ObjectView::ServiceEntry(_) => 1,
                ObjectView::VirtualService(_) => 2,
                ObjectView::DestinationRule(_) => 3,
                ObjectView::Service(_) => 4,
                ObjectView::Pod(_) => 5,
                ObjectView::Secret(_) => 6,
                ObjectView::Namespace(_) => 7,
                ObjectView::NetworkPolicy(_) | ObjectView::Other(_) => 8,
            };
            if let Some(count) = counts.get_mut(slot) {
                *count += 1;
            }
        }
        let [
            gateways,
            service_entries,
            virtual_services,
            destination_rules,
            services,
            pods,
            secrets,
            namespaces,
            others,
        ] = counts;
        let map = |n| Map::with_capacity(n);
        Index {
            gateways: Vec::with_capacity(gateways),
            service_entries: Vec::with_capacity(service_entries),
            virtual_services: Vec::with_capacity(virtual_services),
            destination_rules: Vec::with_capacity(destination_rules),
            services: Vec::with_capacity(services),
            pods: Vec::with_capacity(pods),
            secrets: Vec::with_capacity(secrets),
            namespaces: Vec::with_capacity(namespaces),
            others: Vec::with_capacity(others),
            gateway_by_name: map(gateways),
            secret_by_name: map(secrets),
            // A pod carries a label or two (`app`, `version`), and most labels are shared.
            pod_labels: LabelIndex::with_capacity(pods, pods),
            ..Index::default()
        }
    }

    fn register_hosts(&mut self, options: &'a Options) {
        let declared = self
            .service_entries
            .iter()
            .map(|e| e.object.spec.hosts.len());
        let mut hosts = Vec::with_capacity(declared.sum::<usize>() + self.services.len());
        for e in &self.service_entries {
            let visibility = Visibility::of(
                &e.object.spec.export_to,
                e.namespace,
                &options.default_service_export_to,
            );
            let ports = Ports::Entry(&e.object.spec.ports);
            // Each host gets the entry's ports and visibility: copies for all but the last.
            if let Some((last, others)) = e.object.spec.hosts.split_last() {
                for host in others {
                    hosts.push(RegisteredHost {
                        host: Cow::Borrowed(host),
                        namespace: e.namespace,
                        ports,
                        visibility: visibility.clone(),
                    });
                }
                hosts.push(RegisteredHost {
                    host: Cow::Borrowed(last),
                    namespace: e.namespace,
                    ports,
                    visibility,
                });
            }
        }
        for e in &self.services {
            let annotation = e
                .object
                .metadata
                .annotations
                .as_ref()
                .and_then(|a| a.get("networking.istio.io/exportTo"));
            let visibility = match annotation {
                Some(list) => Visibility::from_annotation(list, e.namespace),
                None => Visibility::of(&[], e.namespace, &options.default_service_export_to),
            };
            let ports = Ports::Service(
                e.object
                    .spec
                    .as_ref()
                    .and_then(|s| s.ports.as_deref())
                    .unwrap_or_default(),
            );
            hosts.push(RegisteredHost {
                host: Cow::Owned(service_fqdn(e.name, e.namespace, &options.cluster_domain)),
                namespace: e.namespace,
                ports,
                visibility,
            });
        }
        self.hosts = hosts;
    }

    /// The pods (positions into `pods`) whose labels include all of `selector`, in any
    /// namespace or, when `namespace` is given, in that one.
    pub(crate) fn pods_selected<'s, S: Labels>(
        &'s self,
        selector: &'s S,
        namespace: Option<&'s str>,
    ) -> impl Iterator<Item = &'s Entry<'a, Pod>> + 's {
        self.pod_labels
            .select(selector)
            .filter_map(|position| self.pods.get(position))
            .filter(move |pod| namespace.is_none_or(|ns| pod.namespace == ns))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use k8s_openapi::api::core::v1::ServicePort as KubePort;

    #[test]
    fn ports_give_their_numbers_in_order_from_either_kind_of_object() {
        let entry = [
            crate::networking::ServicePort::new(443, "TLS", "tls"),
            crate::networking::ServicePort::new(80, "HTTP", "http"),
        ];
        let ports = Ports::Entry(&entry);
        assert_eq!(ports.len(), 2);
        assert_eq!(ports.numbers().collect::<Vec<_>>(), [443, 80]);
        let kube = |port| KubePort {
            port,
            ..KubePort::default()
        };
        // A number no `u32` holds reads as 0, which no destination port matches.
        let service = [kube(8080), kube(-1)];
        let ports = Ports::Service(&service);
        assert_eq!(ports.len(), 2);
        assert_eq!(ports.numbers().collect::<Vec<_>>(), [8080, 0]);
        assert_eq!(Ports::Service(&[]).numbers().count(), 0);
    }
}
