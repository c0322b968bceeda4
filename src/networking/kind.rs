//! What the four kinds share: the Kubernetes object around a spec, the API versions Istio
//! serves, and the `kube_core::Resource` wiring.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// The API group of every kind in this module.
pub const GROUP: &str = "networking.istio.io";

/// A version of `networking.istio.io` that Istio serves.
///
/// All three carry the same schema (the v1beta1 and v1alpha3 protos are aliases of one message
/// set), so one set of types serves them all and the version is only a choice made when
/// writing. `v1` is Istio's storage version and the default.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ApiVersion {
    /// `networking.istio.io/v1`, the storage version since Istio 1.27.
    #[default]
    #[serde(rename = "v1")]
    V1,
    /// `networking.istio.io/v1beta1`, for meshes older than Istio 1.22.
    #[serde(rename = "v1beta1")]
    V1beta1,
    /// `networking.istio.io/v1alpha3`, the oldest version still served.
    #[serde(rename = "v1alpha3")]
    V1alpha3,
}

impl ApiVersion {
    /// Every served version, newest first.
    pub const ALL: [ApiVersion; 3] = [ApiVersion::V1, ApiVersion::V1beta1, ApiVersion::V1alpha3];

    /// The version alone: `v1`, `v1beta1` or `v1alpha3`.
    pub fn version(self) -> &'static str {
        match self {
            ApiVersion::V1 => "v1",
            ApiVersion::V1beta1 => "v1beta1",
            ApiVersion::V1alpha3 => "v1alpha3",
        }
    }

    /// The `apiVersion` field's value, such as `networking.istio.io/v1`.
    pub fn api_version(self) -> &'static str {
        match self {
            ApiVersion::V1 => "networking.istio.io/v1",
            ApiVersion::V1beta1 => "networking.istio.io/v1beta1",
            ApiVersion::V1alpha3 => "networking.istio.io/v1alpha3",
        }
    }

    /// The served version an `apiVersion` field names, if it names one.
    pub fn from_api_version(api_version: &str) -> Option<Self> {
        let version = api_version.strip_prefix(GROUP)?.strip_prefix('/')?;
        version.parse().ok()
    }
}

impl fmt::Display for ApiVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.version())
    }
}

/// The text did not name a served version.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown networking.istio.io version {0:?}: expected v1, v1beta1 or v1alpha3")]
pub struct UnknownApiVersion(pub String);

impl FromStr for ApiVersion {
    type Err = UnknownApiVersion;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "v1" => Ok(ApiVersion::V1),
            "v1beta1" => Ok(ApiVersion::V1beta1),
            "v1alpha3" => Ok(ApiVersion::V1alpha3),
            other => Err(UnknownApiVersion(other.to_owned())),
        }
    }
}

/// A string read only to be compared, such as an object's `apiVersion` and `kind`: borrowed
/// from the input whenever the reader lends it, copied only when it cannot (a string with
/// escapes, or a reader that owns its text).
///
/// Serde borrows a bare `Cow<str>` field but not one inside an `Option`, which copied both
/// strings of every object read.
#[derive(Clone, Debug)]
pub(crate) struct Lent<'a>(pub(crate) Cow<'a, str>);

impl Lent<'_> {
    /// The text.
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Lent<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Lent<'de>;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a string")
            }

            fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<Lent<'de>, E> {
                Ok(Lent(Cow::Borrowed(v)))
            }

            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Lent<'de>, E> {
                Ok(Lent(Cow::Owned(v.to_owned())))
            }

            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Lent<'de>, E> {
                Ok(Lent(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}

/// Checks the `apiVersion` and `kind` read from a document against the type being read.
pub(crate) fn check_type_meta(
    api_version: Option<&str>,
    kind: Option<&str>,
    expected_kind: &str,
) -> Result<(), String> {
    if let Some(api_version) = api_version
        && ApiVersion::from_api_version(api_version).is_none()
    {
        return Err(format!(
            "apiVersion {api_version:?} is not a served version of {GROUP} \
             (v1, v1beta1 or v1alpha3)"
        ));
    }
    if let Some(kind) = kind
        && kind != expected_kind
    {
        return Err(format!("kind {kind:?} cannot be read as a {expected_kind}"));
    }
    Ok(())
}

/// An object of one of the four kinds, for code that handles them alike.
pub trait IstioKind:
    kube_core::Resource<DynamicType = (), Scope = kube_core::NamespaceResourceScope>
    + Serialize
    + serde::de::DeserializeOwned
{
    /// The kind's name, such as `VirtualService`.
    const KIND: &'static str;
    /// The kind's plural resource name, such as `virtualservices`.
    const PLURAL: &'static str;

    /// Writes the whole object with the given `apiVersion` (plain `Serialize` uses `v1`).
    fn serialize_with_version<S: serde::Serializer>(
        &self,
        version: ApiVersion,
        serializer: S,
    ) -> Result<S::Ok, S::Error>;

    /// A view of the object that serializes with the given `apiVersion`.
    ///
    /// ```
    /// use istio_egress::networking::{ApiVersion, IstioKind, ServiceEntry, ServiceEntrySpec};
    ///
    /// let entry = ServiceEntry::new("api", ServiceEntrySpec::builder().hosts(["a.example"]).build());
    /// let json = serde_json::to_value(entry.with_version(ApiVersion::V1beta1))?;
    /// assert_eq!(json["apiVersion"], "networking.istio.io/v1beta1");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    fn with_version(&self, version: ApiVersion) -> WithVersion<'_, Self>
    where
        Self: Sized,
    {
        WithVersion {
            object: self,
            version,
        }
    }
}

/// An Istio object paired with the `apiVersion` it is to be written with; see
/// [`IstioKind::with_version`].
#[derive(Clone, Copy, Debug)]
pub struct WithVersion<'a, K> {
    object: &'a K,
    version: ApiVersion,
}

impl<K: IstioKind> Serialize for WithVersion<'_, K> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.object.serialize_with_version(self.version, serializer)
    }
}

/// Declares one kind: the object struct around its spec, its serde and schema, and its
/// `kube_core` traits.
macro_rules! istio_kind {
    (
        $(#[$meta:meta])*
        $name:ident, $spec:ident, plural = $plural:literal
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, Default, PartialEq)]
        pub struct $name {
            /// The object's name, namespace, labels and other Kubernetes metadata.
            pub metadata: ::k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta,
            /// What the object asks of the mesh.
            pub spec: $spec,
            /// What Istio reports about the object; `None` for objects being written.
            pub status: ::std::option::Option<$crate::networking::IstioStatus>,
        }

        impl $name {
            /// An object with this name and spec, in no namespace yet (Kubernetes puts it in
            /// the namespace it is applied to).
            pub fn new(name: impl Into<String>, spec: $spec) -> Self {
                Self {
                    metadata: ::k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta {
                        name: Some(name.into()),
                        ..Default::default()
                    },
                    spec,
                    status: None,
                }
            }

            /// Sets the namespace and returns the object, for chaining after [`Self::new`].
            pub fn in_namespace(mut self, namespace: impl Into<String>) -> Self {
                self.metadata.namespace = Some(namespace.into());
                self
            }

        }

        impl $crate::networking::IstioKind for $name {
            const KIND: &'static str = stringify!($name);
            const PLURAL: &'static str = $plural;

            fn serialize_with_version<S: ::serde::Serializer>(
                &self,
                version: $crate::networking::ApiVersion,
                serializer: S,
            ) -> Result<S::Ok, S::Error> {
                use ::serde::ser::SerializeStruct;
                let fields = if self.status.is_some() { 5 } else { 4 };
                let mut out = serializer.serialize_struct(stringify!($name), fields)?;
                out.serialize_field("apiVersion", version.api_version())?;
                out.serialize_field("kind", stringify!($name))?;
                out.serialize_field("metadata", &self.metadata)?;
                out.serialize_field("spec", &self.spec)?;
                if let Some(status) = &self.status {
                    out.serialize_field("status", status)?;
                }
                out.end()
            }
        }

        impl ::serde::Serialize for $name {
            /// Writes the whole Kubernetes object with `apiVersion: networking.istio.io/v1`.
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                $crate::networking::IstioKind::serialize_with_version(
                    self,
                    $crate::networking::ApiVersion::V1,
                    serializer,
                )
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            /// Reads a whole Kubernetes object of any served version; a document of another
            /// kind or group is an error.
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                #[derive(::serde::Deserialize)]
                #[serde(rename_all = "camelCase")]
                struct Wire<'a> {
                    // Borrowed from the input where it allows, as they are only compared.
                    #[serde(default, borrow)]
                    api_version: Option<$crate::networking::kind::Lent<'a>>,
                    #[serde(default, borrow)]
                    kind: Option<$crate::networking::kind::Lent<'a>>,
                    #[serde(default)]
                    metadata: ::k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta,
                    #[serde(default)]
                    spec: $spec,
                    #[serde(default)]
                    status: Option<$crate::networking::IstioStatus>,
                }
                let wire = Wire::deserialize(deserializer)?;
                $crate::networking::kind::check_type_meta(
                    wire.api_version.as_ref().map(|v| v.as_str()),
                    wire.kind.as_ref().map(|k| k.as_str()),
                    stringify!($name),
                )
                .map_err(<D::Error as ::serde::de::Error>::custom)?;
                Ok(Self { metadata: wire.metadata, spec: wire.spec, status: wire.status })
            }
        }

        impl ::schemars::JsonSchema for $name {
            fn schema_name() -> ::std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(generator: &mut ::schemars::SchemaGenerator) -> ::schemars::Schema {
                let metadata = generator
                    .subschema_for::<::k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta>();
                let spec = generator.subschema_for::<$spec>();
                let status = generator.subschema_for::<$crate::networking::IstioStatus>();
                ::schemars::json_schema!({
                    "type": "object",
                    "description": concat!("A ", stringify!($name), " of networking.istio.io."),
                    "properties": {
                        "apiVersion": { "type": "string" },
                        "kind": { "type": "string", "enum": [stringify!($name)] },
                        "metadata": metadata,
                        "spec": spec,
                        "status": status,
                    },
                })
            }
        }

        impl ::kube_core::Resource for $name {
            type DynamicType = ();
            type Scope = ::kube_core::NamespaceResourceScope;

            fn kind(_: &()) -> ::std::borrow::Cow<'_, str> {
                stringify!($name).into()
            }
            fn group(_: &()) -> ::std::borrow::Cow<'_, str> {
                $crate::networking::GROUP.into()
            }
            fn version(_: &()) -> ::std::borrow::Cow<'_, str> {
                "v1".into()
            }
            fn plural(_: &()) -> ::std::borrow::Cow<'_, str> {
                $plural.into()
            }
            fn meta(&self) -> &::k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta {
                &self.metadata
            }
            fn meta_mut(&mut self) -> &mut ::k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta {
                &mut self.metadata
            }
        }

        impl ::kube_core::object::HasSpec for $name {
            type Spec = $spec;
            fn spec(&self) -> &$spec {
                &self.spec
            }
            fn spec_mut(&mut self) -> &mut $spec {
                &mut self.spec
            }
        }

        impl ::kube_core::object::HasStatus for $name {
            type Status = $crate::networking::IstioStatus;
            fn status(&self) -> Option<&Self::Status> {
                self.status.as_ref()
            }
            fn status_mut(&mut self) -> &mut Option<Self::Status> {
                &mut self.status
            }
        }
    };
}

pub(crate) use istio_kind;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::networking::VirtualService;

    #[test]
    fn type_meta_is_borrowed_where_the_text_allows() {
        let lent: Lent<'_> = serde_json::from_str(r#""networking.istio.io/v1""#).unwrap();
        assert!(matches!(lent.0, Cow::Borrowed("networking.istio.io/v1")));
        // An escape makes serde_json build the text: it is copied, and still compared.
        let lent: Lent<'_> = serde_json::from_str(r#""networking.istio.io\/v1""#).unwrap();
        assert!(matches!(&lent.0, Cow::Owned(text) if text == "networking.istio.io/v1"));
        let escaped = r#"{"apiVersion": "networking.istio.io\/v1", "kind": "Virtual\u0053ervice"}"#;
        assert!(serde_json::from_str::<VirtualService>(escaped).is_ok());
    }

    #[test]
    fn type_meta_of_another_type_or_shape_is_an_error() {
        let read = |text: &str| serde_json::from_str::<VirtualService>(text).unwrap_err();
        let number = read(r#"{"apiVersion": 1}"#).to_string();
        assert!(number.contains("expected a string"), "{number}");
        let version = read(r#"{"apiVersion": "networking.istio.io/v2"}"#).to_string();
        assert!(version.contains("not a served version"), "{version}");
        let kind = read(r#"{"kind": "Gateway"}"#).to_string();
        assert!(
            kind.contains("cannot be read as a VirtualService"),
            "{kind}"
        );
    }
}
