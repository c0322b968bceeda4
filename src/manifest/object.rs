//! [`Object`]: one Kubernetes object read from a manifest, typed where this crate knows it.

use k8s_openapi::api::core::v1::{Namespace, Pod, Secret, Service};
use k8s_openapi::api::networking::v1::NetworkPolicy;
use serde::{Serialize, Serializer};

use crate::networking::{
    ApiVersion, DestinationRule, GROUP, Gateway, IstioKind, ServiceEntry, VirtualService,
};

/// One object of a manifest.
///
/// The four Istio kinds and the Kubernetes kinds that analysis needs as context are typed;
/// every other kind is kept as raw JSON in [`Object::Other`], so a manifest written back holds
/// everything it held.
#[derive(Clone, Debug, PartialEq)]
pub enum Object {
    /// A `networking.istio.io` Gateway.
    Gateway(Box<Gateway>),
    /// A `networking.istio.io` ServiceEntry.
    ServiceEntry(Box<ServiceEntry>),
    /// A `networking.istio.io` VirtualService.
    VirtualService(Box<VirtualService>),
    /// A `networking.istio.io` DestinationRule.
    DestinationRule(Box<DestinationRule>),
    /// A Kubernetes Service (`v1`).
    Service(Box<Service>),
    /// A Kubernetes Namespace (`v1`).
    Namespace(Box<Namespace>),
    /// A Kubernetes Pod (`v1`).
    Pod(Box<Pod>),
    /// A Kubernetes NetworkPolicy (`networking.k8s.io/v1`).
    NetworkPolicy(Box<NetworkPolicy>),
    /// A Kubernetes Secret (`v1`).
    Secret(Box<Secret>),
    /// Any other kind, kept as read.
    Other(serde_json::Value),
}

/// Which typed variant of [`Object`] an `apiVersion` and `kind` read into.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum KnownKind {
    Gateway,
    ServiceEntry,
    VirtualService,
    DestinationRule,
    Service,
    Namespace,
    Pod,
    NetworkPolicy,
    Secret,
}

impl KnownKind {
    /// The typed kind for this `apiVersion` and `kind`. Istio kinds are matched by group alone,
    /// so that an unserved version is reported rather than passed over.
    pub(crate) fn of(api_version: &str, kind: &str) -> Option<Self> {
        let group = api_version.rsplit_once('/').map_or("", |(group, _)| group);
        match (group, api_version, kind) {
            (GROUP, _, "Gateway") => Some(Self::Gateway),
            (GROUP, _, "ServiceEntry") => Some(Self::ServiceEntry),
            (GROUP, _, "VirtualService") => Some(Self::VirtualService),
            (GROUP, _, "DestinationRule") => Some(Self::DestinationRule),
            (_, "v1", "Service") => Some(Self::Service),
            (_, "v1", "Namespace") => Some(Self::Namespace),
            (_, "v1", "Pod") => Some(Self::Pod),
            (_, "v1", "Secret") => Some(Self::Secret),
            (_, "networking.k8s.io/v1", "NetworkPolicy") => Some(Self::NetworkPolicy),
            _ => None,
        }
    }
}

/// An object borrowed where it lies: what analysis reads, so that objects held in other
/// shapes (a bundle's lists) are analysed without being moved into [`Object`]s.
#[derive(Clone, Copy, Debug)]
pub(crate) enum ObjectView<'a> {
    Gateway(&'a Gateway),
    ServiceEntry(&'a ServiceEntry),
    VirtualService(&'a VirtualService),
    DestinationRule(&'a DestinationRule),
    Service(&'a Service),
    Namespace(&'a Namespace),
    Pod(&'a Pod),
    NetworkPolicy(&'a NetworkPolicy),
    Secret(&'a Secret),
    Other(&'a serde_json::Value),
}

impl<'a> ObjectView<'a> {
    /// The object's `kind`.
    pub(crate) fn kind(self) -> &'a str {
        match self {
            ObjectView::Gateway(_) => "Gateway",
            ObjectView::ServiceEntry(_) => "ServiceEntry",
            ObjectView::VirtualService(_) => "VirtualService",
            ObjectView::DestinationRule(_) => "DestinationRule",
            ObjectView::Service(_) => "Service",
            ObjectView::Namespace(_) => "Namespace",
            ObjectView::Pod(_) => "Pod",
            ObjectView::NetworkPolicy(_) => "NetworkPolicy",
            ObjectView::Secret(_) => "Secret",
            ObjectView::Other(value) => value.get("kind").and_then(|k| k.as_str()).unwrap_or(""),
        }
    }

    /// The object's `metadata.name`, if it has one.
    pub(crate) fn name(self) -> Option<&'a str> {
        self.metadata_field("name")
    }

    /// The object's `metadata.namespace`, if it has one.
    pub(crate) fn namespace(self) -> Option<&'a str> {
        self.metadata_field("namespace")
    }

    fn metadata_field(self, field: &str) -> Option<&'a str> {
        let meta = match self {
            ObjectView::Gateway(o) => &o.metadata,
            ObjectView::ServiceEntry(o) => &o.metadata,
            ObjectView::VirtualService(o) => &o.metadata,
            ObjectView::DestinationRule(o) => &o.metadata,
            ObjectView::Service(o) => &o.metadata,
            ObjectView::Namespace(o) => &o.metadata,
            ObjectView::Pod(o) => &o.metadata,
            ObjectView::NetworkPolicy(o) => &o.metadata,
            ObjectView::Secret(o) => &o.metadata,
            ObjectView::Other(value) => {
                return value.get("metadata")?.get(field)?.as_str();
            }
        };
        match field {
            "name" => meta.name.as_deref(),
            _ => meta.namespace.as_deref(),
        }
    }
}

impl Object {
    /// The object, borrowed.
    pub(crate) fn view(&self) -> ObjectView<'_> {
        match self {
            Object::Gateway(o) => ObjectView::Gateway(o),
            Object::ServiceEntry(o) => ObjectView::ServiceEntry(o),
            Object::VirtualService(o) => ObjectView::VirtualService(o),
            Object::DestinationRule(o) => ObjectView::DestinationRule(o),
            Object::Service(o) => ObjectView::Service(o),
            Object::Namespace(o) => ObjectView::Namespace(o),
            Object::Pod(o) => ObjectView::Pod(o),
            Object::NetworkPolicy(o) => ObjectView::NetworkPolicy(o),
            Object::Secret(o) => ObjectView::Secret(o),
            Object::Other(value) => ObjectView::Other(value),
        }
    }

    /// The object's `kind`.
    pub fn kind(&self) -> &str {
        self.view().kind()
    }

    /// The object's `metadata.name`, if it has one.
    pub fn name(&self) -> Option<&str> {
        self.view().name()
    }

    /// The object's `metadata.namespace`, if it has one.
    pub fn namespace(&self) -> Option<&str> {
        self.view().namespace()
    }

    /// A view that serializes the object, writing Istio kinds with the given `apiVersion`
    /// and every other kind as it is.
    pub fn with_version(&self, version: ApiVersion) -> VersionedObject<'_> {
        VersionedObject {
            object: self,
            version,
        }
    }
}

/// An [`Object`] paired with the `networking.istio.io` version to write; see
/// [`Object::with_version`].
#[derive(Clone, Copy, Debug)]
pub struct VersionedObject<'a> {
    object: &'a Object,
    version: ApiVersion,
}

impl Serialize for VersionedObject<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        VersionedView {
            object: self.object.view(),
            version: self.version,
        }
        .serialize(serializer)
    }
}

/// [`VersionedObject`] for a borrowed view: an object written with the given
/// `networking.istio.io` version, wherever it is held.
#[derive(Clone, Copy, Debug)]
pub(crate) struct VersionedView<'a> {
    pub(crate) object: ObjectView<'a>,
    pub(crate) version: ApiVersion,
}

impl Serialize for VersionedView<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let version = self.version;
        match self.object {
            ObjectView::Gateway(o) => o.serialize_with_version(version, serializer),
            ObjectView::ServiceEntry(o) => o.serialize_with_version(version, serializer),
            ObjectView::VirtualService(o) => o.serialize_with_version(version, serializer),
            ObjectView::DestinationRule(o) => o.serialize_with_version(version, serializer),
            ObjectView::Service(o) => o.serialize(serializer),
            ObjectView::Namespace(o) => o.serialize(serializer),
            ObjectView::Pod(o) => o.serialize(serializer),
            ObjectView::NetworkPolicy(o) => o.serialize(serializer),
            ObjectView::Secret(o) => o.serialize(serializer),
            ObjectView::Other(value) => value.serialize(serializer),
        }
    }
}

impl Serialize for Object {
    /// Writes the object; Istio kinds as `networking.istio.io/v1`.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.with_version(ApiVersion::V1).serialize(serializer)
    }
}

macro_rules! object_from {
    ($($variant:ident),+) => {$(
        impl From<$variant> for Object {
            fn from(value: $variant) -> Self {
                Object::$variant(Box::new(value))
            }
        }
    )+};
}

object_from!(
    Gateway,
    ServiceEntry,
    VirtualService,
    DestinationRule,
    Service,
    Namespace,
    Pod,
    NetworkPolicy,
    Secret
);
