//! Random values of every networking type, for property tests (feature `proptest`).
//!
//! Every message struct, one-of enum and proto enum of [`networking`](super), the three
//! `networking.istio.io` versions ([`ApiVersion`]) and the four kinds implement
//! [`proptest::arbitrary::Arbitrary`], so `any::<VirtualService>()` is a strategy:
//!
//! ```
//! use istio_egress::networking::VirtualService;
//! use proptest::prelude::*;
//! use proptest::strategy::ValueTree;
//! use proptest::test_runner::TestRunner;
//!
//! let mut runner = TestRunner::deterministic();
//! let vs = any::<VirtualService>().new_tree(&mut runner).unwrap().current();
//! let json = serde_json::to_string(&vs)?;
//! assert_eq!(serde_json::from_str::<VirtualService>(&json)?, vs);
//! # Ok::<(), serde_json::Error>(())
//! ```
//!
//! The values are those the types can carry through a write and a read, in JSON or YAML, and
//! come back equal — nothing outside that domain:
//!
//! - a proto enum's `Other` never holds one of the names Istio defines (that name reads back
//!   as the named variant);
//! - floating-point fields are finite (JSON has no infinity or NaN);
//! - one-of enums hold exactly one branch, as the wire form allows;
//! - the fields of [`IstioStatus::extra`] never use the names of the modelled status fields,
//!   which would read back into those fields;
//! - the objects' metadata sets only `name`, `namespace`, `labels` and `annotations`.
//!
//! Within it, they are meant to break things: strings are short but arbitrary Unicode, mixed
//! with words YAML treats specially (`true`, `~`, `0x1F`, `- a`, `a: b`, `#`) and with names
//! and hosts Istio objects use, so that objects generated together refer to each other;
//! numbers span their whole type as well as the usual ranges; durations are Go's syntax as
//! well as any text, since a malformed duration still reads. Every collection holds at most
//! two entries and the only nesting without a fixed depth, the free-form JSON of a status,
//! stops at two levels, so a value stays small and quick to make.

use compact_str::CompactString;

mod destination_rule;
mod gateway;
mod service_entry;
mod virtual_service;

use crate::networking::StringMap;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use proptest::collection::{btree_map, vec};
use proptest::option;
use proptest::prelude::*;
use proptest::sample::select;
use serde::Deserialize;
use serde_json::Value;

use super::{
    AnalysisMessageBase, AnalysisMessageLevel, AnalysisMessageType, ApiVersion, Duration,
    IstioCondition, IstioStatus, MatchType, PortSelector, StringMatch, WorkloadSelector,
    type_v1beta1,
};

/// Words mixed into generated text: scalars YAML reads as something other than a string,
/// characters with a meaning in YAML or JSON, and the names, hosts and values Istio objects
/// use, so that generated objects sometimes refer to each other.
const WORDS: &[&str] = &[
    "",
    " ",
    "true",
    "False",
    "null",
    "~",
    "yes",
    "off",
    "1",
    "-1",
    "0x1F",
    "0o17",
    "017",
    "1e3",
    ".5",
    "-.inf",
    ".nan",
    "1_000",
    "12:30",
    "- a",
    "a: b",
    "a:",
    "# c",
    "'",
    "\"",
    "\\",
    "&a",
    "*a",
    "!t",
    "|",
    ">",
    "%",
    "@",
    "`",
    "---",
    "...",
    "{}",
    "[]",
    "a\nb",
    " x ",
    "\t",
    "\u{0}",
    "\u{feff}",
    "\u{85}",
    "\u{2028}",
    "é",
    "default",
    "istio-system",
    "shop",
    "api",
    "egress",
    "mesh",
    "*",
    ".",
    "app",
    "istio",
    "egressgateway",
    "api.example.com",
    "*.example.com",
    "istio-egressgateway",
    "istio-egressgateway.istio-system.svc.cluster.local",
    "./api.example.com",
    "*/api.example.com",
    "shop/api.example.com",
    "203.0.113.7",
    "10.0.0.0/8",
    "2001:db8::1",
    "unix:///var/run/a.sock",
    "HTTP",
    "HTTPS",
    "TLS",
    "TCP",
    "GRPC",
    "http-web",
    "tls",
    "SIMPLE",
    "ISTIO_MUTUAL",
    "/etc/ssl/certs/ca-certificates.crt",
    "credential",
    "networking.istio.io/exportTo",
    "sidecar.istio.io/inject",
    "^/api/.*$",
    "(",
    "[a-",
    "5xx,connect-failure",
    "UNAVAILABLE",
    "aGVsbG8=",
    "10s",
    "1.5ms",
    "v1",
];

/// Short text: arbitrary Unicode, printable ASCII, or one of the words YAML, JSON and Istio
/// give a meaning to.
///
/// This is what every string field of the generated values holds; it is public so that tests
/// can fill the fields of other types (a Service's labels, say) the same way.
pub fn text() -> BoxedStrategy<String> {
    prop_oneof![
        2 => select(WORDS).prop_map(str::to_owned),
        2 => "[ -~]{0,10}",
        1 => "(?s).{0,6}",
    ]
    .boxed()
}

/// An object's metadata with its name, namespace, labels and annotations set, each or not;
/// the other fields of `ObjectMeta` stay empty.
///
/// The names come from a small pool most of the time, so that objects generated together
/// share namespaces and refer to each other by name.
pub fn object_meta() -> BoxedStrategy<ObjectMeta> {
    (
        option::of(name()),
        option::of(name()),
        option::of(btree_map(text(), text(), 0..3)),
        option::of(btree_map(text(), text(), 0..3)),
    )
        .prop_map(|(name, namespace, labels, annotations)| ObjectMeta {
            name,
            namespace,
            labels,
            annotations,
            ..ObjectMeta::default()
        })
        .boxed()
}

/// The names most generated objects and namespaces have.
const NAMES: &[&str] = &["default", "istio-system", "shop", "api", "egress", "mesh"];

/// A name: one of a few that objects share, any DNS label, or any text.
fn name() -> BoxedStrategy<String> {
    prop_oneof![
        3 => select(NAMES).prop_map(str::to_owned),
        1 => "[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?",
        1 => text(),
    ]
    .boxed()
}

/// What [`text`] makes, as the networking types hold it.
fn compact() -> BoxedStrategy<CompactString> {
    text().prop_map(CompactString::from).boxed()
}

/// An optional string.
fn opt_text() -> BoxedStrategy<Option<CompactString>> {
    option::of(compact()).boxed()
}

/// Up to two strings.
fn texts() -> BoxedStrategy<Vec<CompactString>> {
    vec(compact(), 0..3).boxed()
}

/// Up to two entries with text keys.
fn map<T: std::fmt::Debug + Clone + 'static>(
    values: impl Strategy<Value = T> + 'static,
) -> BoxedStrategy<StringMap<T>> {
    btree_map(compact(), values, 0..3)
        .prop_map(StringMap::from)
        .boxed()
}

/// Up to two values of a generated type.
fn list<T: Arbitrary + 'static>() -> BoxedStrategy<Vec<T>> {
    vec(any::<T>(), 0..3).boxed()
}

/// An optional value of a generated type.
fn maybe<T: Arbitrary + 'static>() -> BoxedStrategy<Option<T>> {
    option::of(any::<T>()).boxed()
}

/// An optional boolean.
fn flag() -> BoxedStrategy<Option<bool>> {
    option::of(any::<bool>()).boxed()
}

/// A `u32`, mostly a port number or a small count.
fn u32_value() -> BoxedStrategy<u32> {
    prop_oneof![3 => 0u32..=65536, 1 => any::<u32>()].boxed()
}

/// An `i32`, mostly a small count, percentage or status code.
fn i32_value() -> BoxedStrategy<i32> {
    prop_oneof![3 => -2i32..=600, 1 => any::<i32>()].boxed()
}

/// A `u64`, mostly a table or ring size.
fn u64_value() -> BoxedStrategy<u64> {
    prop_oneof![3 => 0u64..=5_000_100, 1 => any::<u64>()].boxed()
}

/// Numbers with a fraction, a negative zero, and whole numbers at and beyond the largest
/// that is written without a fraction.
const FRACTIONS: &[f64] = &[
    0.1,
    12.5,
    99.99,
    -0.0,
    -3.5,
    1e-7,
    2.5e15,
    9_007_199_254_740_992.0,
    1e21,
];

/// A finite `f64`: mostly a whole or common percentage, sometimes any finite value.
fn f64_value() -> BoxedStrategy<f64> {
    prop_oneof![
        2 => (0u8..=101).prop_map(f64::from),
        1 => select(FRACTIONS),
        1 => proptest::num::f64::POSITIVE
            | proptest::num::f64::NEGATIVE
            | proptest::num::f64::NORMAL
            | proptest::num::f64::SUBNORMAL
            | proptest::num::f64::ZERO,
    ]
    .boxed()
}

fn opt_u32() -> BoxedStrategy<Option<u32>> {
    option::of(u32_value()).boxed()
}

fn opt_i32() -> BoxedStrategy<Option<i32>> {
    option::of(i32_value()).boxed()
}

fn opt_u64() -> BoxedStrategy<Option<u64>> {
    option::of(u64_value()).boxed()
}

fn opt_f64() -> BoxedStrategy<Option<f64>> {
    option::of(f64_value()).boxed()
}

fn opt_duration() -> BoxedStrategy<Option<Duration>> {
    maybe::<Duration>()
}

/// Nests strategies (or patterns) into right-leaning pairs, so that a struct of any number
/// of fields is one strategy.
macro_rules! nest {
    ($one:expr) => { $one };
    ($first:expr, $($rest:expr),+) => {
        ($first, $crate::networking::arbitrary::nest!($($rest),+))
    };
}

/// The pattern that takes apart a value made by [`nest!`].
macro_rules! nest_pattern {
    ($one:ident) => { $one };
    ($first:ident, $($rest:ident),+) => {
        ($first, $crate::networking::arbitrary::nest_pattern!($($rest),+))
    };
}

/// Implements `Arbitrary` for a struct from one strategy per field; every field must be
/// named, so a field added to the struct fails to compile here until it is generated too.
macro_rules! arbitrary_struct {
    ($ty:ty { $($field:ident: $strategy:expr),+ $(,)? }) => {
        impl ::proptest::arbitrary::Arbitrary for $ty {
            type Parameters = ();
            type Strategy = ::proptest::strategy::BoxedStrategy<Self>;

            fn arbitrary_with((): ()) -> Self::Strategy {
                use ::proptest::strategy::Strategy as _;
                $crate::networking::arbitrary::nest!($($strategy),+)
                    .prop_map(|$crate::networking::arbitrary::nest_pattern!($($field),+)| {
                        Self { $($field),+ }
                    })
                    .boxed()
            }
        }
    };
}

/// Implements `Arbitrary` for proto enums: mostly a value Istio defines, sometimes
/// `Other` with a text that is none of them.
macro_rules! arbitrary_wire_enum {
    ($($ty:ty),+ $(,)?) => {$(
        impl ::proptest::arbitrary::Arbitrary for $ty {
            type Parameters = ();
            type Strategy = ::proptest::strategy::BoxedStrategy<Self>;

            fn arbitrary_with((): ()) -> Self::Strategy {
                use ::proptest::strategy::Strategy as _;
                ::proptest::prop_oneof![
                    4 => ::proptest::sample::select(<$ty>::KNOWN).prop_map(<$ty>::from),
                    1 => $crate::networking::arbitrary::other_name(<$ty>::KNOWN)
                        .prop_map(<$ty>::Other),
                ]
                .boxed()
            }
        }
    )+};
}

/// A name for a proto enum's `Other`: any text, or one of the `known` names lower-cased or
/// with a space after it — anything but a known name itself, which reads as its variant.
pub(crate) fn other_name(known: &'static [&'static str]) -> BoxedStrategy<String> {
    prop_oneof![
        2 => text(),
        1 => select(known).prop_map(str::to_owned),
        1 => select(known).prop_map(str::to_lowercase),
        1 => select(known).prop_map(|name| format!("{name} ")),
    ]
    .prop_filter(
        "a defined name reads as its variant, not as Other",
        move |name| !known.contains(&name.as_str()),
    )
    .boxed()
}

/// Implements `Arbitrary` for a kind: metadata, an arbitrary spec and, now and then, a
/// status.
macro_rules! arbitrary_kind {
    ($kind:ty, $spec:ty) => {
        impl ::proptest::arbitrary::Arbitrary for $kind {
            type Parameters = ();
            type Strategy = ::proptest::strategy::BoxedStrategy<Self>;

            fn arbitrary_with((): ()) -> Self::Strategy {
                use ::proptest::strategy::Strategy as _;
                (
                    $crate::networking::arbitrary::object_meta(),
                    ::proptest::arbitrary::any::<$spec>(),
                    ::proptest::option::weighted(
                        0.2,
                        ::proptest::arbitrary::any::<$crate::networking::IstioStatus>(),
                    ),
                )
                    .prop_map(|(metadata, spec, status)| Self {
                        metadata,
                        spec,
                        status,
                    })
                    .boxed()
            }
        }
    };
}

pub(crate) use {arbitrary_kind, arbitrary_struct, arbitrary_wire_enum, nest, nest_pattern};

arbitrary_wire_enum!(AnalysisMessageLevel);

impl Arbitrary for ApiVersion {
    type Parameters = ();
    type Strategy = BoxedStrategy<Self>;

    fn arbitrary_with((): ()) -> Self::Strategy {
        select(ApiVersion::ALL.to_vec()).boxed()
    }
}

/// Durations in Go's syntax, in all its forms.
const GO_DURATIONS: &[&str] = &[
    "0", "0s", "1ms", "10s", "1h30m", "-1s", "1.5ms", "100us", "5µs", ".5s",
];

impl Arbitrary for Duration {
    type Parameters = ();
    type Strategy = BoxedStrategy<Self>;

    /// Durations Istio accepts (`1.5s`, `1h30m`, `100us`), negative ones, and any text:
    /// a malformed duration reads as well, for validation to report.
    fn arbitrary_with((): ()) -> Self::Strategy {
        prop_oneof![
            2 => (0u64..100_000).prop_map(Duration::from_millis),
            1 => select(GO_DURATIONS).prop_filter_map("Go's syntax", |text| text.parse().ok()),
            1 => text().prop_filter_map("any text reads", |text| {
                let reader: serde::de::value::StringDeserializer<serde::de::value::Error> =
                    serde::de::IntoDeserializer::into_deserializer(text);
                Duration::deserialize(reader).ok()
            }),
        ]
        .boxed()
    }
}

impl Arbitrary for MatchType {
    type Parameters = ();
    type Strategy = BoxedStrategy<Self>;

    fn arbitrary_with((): ()) -> Self::Strategy {
        prop_oneof![
            compact().prop_map(MatchType::Exact),
            compact().prop_map(MatchType::Prefix),
            compact().prop_map(MatchType::Regex),
        ]
        .boxed()
    }
}

arbitrary_struct!(StringMatch {
    match_type: maybe::<MatchType>(),
});

arbitrary_struct!(WorkloadSelector {
    labels: map(compact())
});

arbitrary_struct!(type_v1beta1::WorkloadSelector {
    match_labels: map(compact()),
});

arbitrary_struct!(PortSelector { number: opt_u32() });

/// The names [`IstioStatus`] reads into its own fields; [`IstioStatus::extra`] cannot hold
/// them.
const STATUS_FIELDS: [&str; 3] = ["conditions", "validationMessages", "observedGeneration"];

arbitrary_struct!(IstioStatus {
    conditions: list::<IstioCondition>(),
    validation_messages: list::<AnalysisMessageBase>(),
    observed_generation: option::of(int_or_string()).boxed(),
    extra: btree_map(
        text().prop_filter("a modelled status field", |key| {
            !STATUS_FIELDS.contains(&key.as_str())
        }),
        json_value(),
        0..3,
    )
    .boxed(),
});

arbitrary_struct!(IstioCondition {
    type_: opt_text(),
    status: opt_text(),
    last_probe_time: opt_text(),
    last_transition_time: opt_text(),
    reason: opt_text(),
    message: opt_text(),
    observed_generation: option::of(int_or_string()).boxed(),
});

arbitrary_struct!(AnalysisMessageBase {
    type_: maybe::<AnalysisMessageType>(),
    level: maybe::<AnalysisMessageLevel>(),
    documentation_url: opt_text(),
});

arbitrary_struct!(AnalysisMessageType {
    name: opt_text(),
    code: opt_text(),
});

/// A number or a string, as Kubernetes writes generations.
fn int_or_string() -> BoxedStrategy<IntOrString> {
    prop_oneof![
        any::<i32>().prop_map(IntOrString::Int),
        text().prop_map(IntOrString::String),
    ]
    .boxed()
}

/// Any JSON value with finite numbers, at most two levels of arrays and objects deep.
fn json_value() -> BoxedStrategy<Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        f64_value().prop_map(Value::from),
        text().prop_map(Value::String),
    ];
    leaf.prop_recursive(2, 8, 2, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..3).prop_map(Value::Array),
            btree_map(text(), inner, 0..3).prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
    .boxed()
}
