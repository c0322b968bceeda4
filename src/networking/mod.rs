//! The typed `networking.istio.io` API.
//!
//! One Rust type per Istio message, named after it (`HTTPRoute` is [`HttpRoute`],
//! `ClientTLSSettings` is [`ClientTlsSettings`]); one-of groups are enums; proto enums are enums
//! that keep unknown values; every struct has a typed builder (`Type::builder()`) that requires
//! what Istio requires. The four kinds — [`Gateway`], [`ServiceEntry`], [`VirtualService`] and
//! [`DestinationRule`] — are whole Kubernetes objects that implement `kube_core::Resource`.
//!
//! A few large messages that most configurations leave out are boxed where they appear
//! (`Option<Box<T>>`): an HTTP rule's redirect, direct response, delegate, rewrite, fault and
//! CORS policy, the header changes of one route destination, a subset's traffic policy, and a
//! traffic policy's load balancer. Each would otherwise take its full size in every rule,
//! destination, subset or policy that does not set it (an `HttpRoute` is 480 bytes instead of
//! 1 KiB, an `HttpRouteDestination` 72 instead of 208, a `Subset` 56 instead of 1,176), which
//! every read, copy and list of them pays for. A DestinationRule's own traffic policy is boxed
//! as well, although most rules set one: it is 768 bytes, and inline it made every
//! `DestinationRule` 1,328 bytes that reading moves whole from one layer to the next (boxed,
//! 568, and the policy is moved into its box once). Builders take these unboxed
//! (`.fault(fault)`), and `as_deref()` reads them as `Option<&T>`.
//!
//! Text is held as [`CompactString`] (re-exported from `compact_str`), not `String`: the same
//! 24 bytes, but text of up to 24 bytes is kept in them rather than in a heap block of its
//! own. Most text in Istio configuration is that short (subset and port names, label keys and
//! values, `mesh`, protocols, header names), and each heap block is paid for twice, when an
//! object is read and when it is dropped: with `String`, reading the benchmark corpus asked for 25
//! blocks per object, with `CompactString` 15 (13 now; see BENCHMARKS.md). A `CompactString` dereferences to `&str` and
//! compares with `&str` and `String`; a field takes `"text".into()` or `String::into()`, and
//! the builders' list and map setters take any iterable of text (`.hosts(["a.example.com"])`,
//! a `Vec<String>`, an iterator). Object metadata stays Kubernetes' own `ObjectMeta`.
//!
//! Istio's `map<string, …>` fields (labels, selectors, header matches and changes) are
//! [`StringMap`]s: sorted lists of entries that read, write and compare as a `BTreeMap` does,
//! at the size of what they hold. These maps nearly always hold one to three entries, for
//! which a `BTreeMap` node of room for eleven is 544 bytes; reading the benchmark corpus, the
//! maps alone took a quarter of the objects' memory that way.
//!
//! Reading is lenient where Istio's webhook, not its parser, is the judge: a bad port number, a
//! malformed duration or an unknown enum value still read, and validation reports them with
//! their path. Unknown fields are ignored by the types (so they keep working against a newer
//! Istio) and reported by [`crate::manifest`].

#[cfg(feature = "proptest")]
#[cfg_attr(docsrs, doc(cfg(feature = "proptest")))]
pub mod arbitrary;
pub(crate) mod exact;
pub(crate) mod kind;
pub(crate) mod number;
pub(crate) mod oneof;
pub(crate) mod wire_enum;

mod destination_rule;
mod duration;
mod gateway;
mod selector;
mod service_entry;
mod status;
pub mod string_map;
mod string_match;
pub(crate) mod text;
mod virtual_service;

pub use compact_str::CompactString;
pub use destination_rule::*;
pub use duration::{Duration, DurationError};
pub use gateway::*;
pub use kind::{ApiVersion, GROUP, IstioKind, UnknownApiVersion, WithVersion};
pub use selector::{PortSelector, WorkloadSelector, type_v1beta1};
pub use service_entry::*;
pub use status::*;
pub use string_map::StringMap;
pub use string_match::{MatchType, StringMatch};
pub use virtual_service::*;
