//! Generated objects of the four kinds (the `proptest` feature's `Arbitrary`) write and read
//! back unchanged: through `serde_json` and `serde-saphyr` directly, and through the manifest
//! writers and `Manifest`, in every served version, with no field reported unknown.

use std::fmt::Debug;

use istio_egress::manifest::{self, Format, Manifest, Object};
use istio_egress::networking::{
    ApiVersion, DestinationRule, Gateway, IstioKind, ServiceEntry, VirtualService,
};
use proptest::prelude::*;
use serde::de::DeserializeOwned;

/// Round trips are cheap; this many cases per kind take well under a second each.
const CASES: u32 = 128;

/// Reads `text` with `read`, listing the paths of the fields the type ignored.
fn read_tracking<'de, D, T>(deserializer: D) -> (Result<T, D::Error>, Vec<String>)
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    let mut ignored = Vec::new();
    let value = serde_ignored::deserialize(deserializer, |path| ignored.push(path.to_string()));
    (value, ignored)
}

/// The object through `serde_json` and `serde-saphyr`, and through the manifest writers in
/// `version`, is the object again, and nothing written is ignored on reading.
fn round_trips<K>(object: &K, version: ApiVersion)
where
    K: IstioKind + DeserializeOwned + PartialEq + Debug + Clone + Into<Object>,
{
    let json = serde_json::to_string(&object.with_version(version)).unwrap();
    let (back, ignored) = read_tracking::<_, K>(&mut serde_json::Deserializer::from_str(&json));
    assert_eq!(&back.unwrap(), object, "serde_json: {json}");
    assert!(ignored.is_empty(), "serde_json ignored {ignored:?}: {json}");

    let yaml = serde_saphyr::to_string(&object.with_version(version)).unwrap();
    let (back, ignored) = serde_saphyr::with_deserializer_from_str(&yaml, |deserializer| {
        let (back, ignored) = read_tracking::<_, K>(deserializer);
        back.map(|back| (back, ignored))
    })
    .unwrap_or_else(|e| panic!("serde-saphyr: {e}\n{yaml}"));
    assert_eq!(&back, object, "serde-saphyr:\n{yaml}");
    assert!(
        ignored.is_empty(),
        "serde-saphyr ignored {ignored:?}:\n{yaml}"
    );

    let object: Object = object.clone().into();
    let yaml = manifest::to_yaml([&object], version).unwrap();
    through_manifest(&object, &yaml, Format::Yaml);
    let json = manifest::to_json([&object], version).unwrap();
    through_manifest(&object, &json, Format::Json);
}

fn through_manifest(object: &Object, written: &str, format: Format) {
    let read = Manifest::parse_as(written, format);
    assert!(read.errors.is_empty(), "{:?}\n{written}", read.errors);
    assert_eq!(read.documents.len(), 1, "{written}");
    let document = &read.documents[0];
    assert_eq!(&document.object, object, "{format:?}:\n{written}");
    assert!(
        document.unknown_fields.is_empty(),
        "{format:?} unknown fields {:?}:\n{written}",
        document.unknown_fields
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn gateways_round_trip(object in any::<Gateway>(), version in any::<ApiVersion>()) {
        round_trips(&object, version);
    }

    #[test]
    fn service_entries_round_trip(
        object in any::<ServiceEntry>(),
        version in any::<ApiVersion>(),
    ) {
        round_trips(&object, version);
    }

    #[test]
    fn virtual_services_round_trip(
        object in any::<VirtualService>(),
        version in any::<ApiVersion>(),
    ) {
        round_trips(&object, version);
    }

    #[test]
    fn destination_rules_round_trip(
        object in any::<DestinationRule>(),
        version in any::<ApiVersion>(),
    ) {
        round_trips(&object, version);
    }
}
