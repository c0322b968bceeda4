//! Istio's networking API (`networking.istio.io`) as Rust types.
//!
//! `istio-egress` models the four kinds that route a mesh's traffic out through an egress
//! gateway — [`Gateway`](networking::Gateway), [`ServiceEntry`](networking::ServiceEntry),
//! [`VirtualService`](networking::VirtualService) and
//! [`DestinationRule`](networking::DestinationRule) — with one Rust type per Istio message,
//! builders that insist on the fields Istio requires, and lossless JSON and YAML round trips.
//! The [`manifest`] module reads and writes whole multi-document manifests.
//!
//! ```
//! use istio_egress::networking::{Destination, HttpRoute, HttpRouteDestination, VirtualService,
//!     VirtualServiceSpec};
//!
//! let vs = VirtualService::new(
//!     "api",
//!     VirtualServiceSpec::builder()
//!         .hosts(["api.example.com"])
//!         .http(vec![HttpRoute::builder()
//!             .route(vec![HttpRouteDestination::builder()
//!                 .destination(Destination::new("api.example.com").port(443))
//!                 .build()])
//!             .build()])
//!         .build(),
//! );
//! let json = serde_json::to_value(&vs)?;
//! assert_eq!(json["apiVersion"], "networking.istio.io/v1");
//! assert_eq!(json["spec"]["http"][0]["route"][0]["destination"]["port"]["number"], 443);
//! # Ok::<(), serde_json::Error>(())
//! ```
//!
//! # Kubernetes versions
//!
//! Like every library built on `k8s-openapi`, this crate enables no Kubernetes version feature of
//! its own: the application that uses it picks one (`k8s-openapi = { version = "0.29", features =
//! ["latest"] }`), exactly as with `kube`.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
// Library code never panics on what it is given: no unwrap, expect, indexing or slicing that
// can fail, no panic-family macros. Unit tests (cfg(test)) may use them.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::string_slice,
        clippy::get_unwrap,
        clippy::unwrap_in_result,
        clippy::panic,
        clippy::panic_in_result_fn,
        clippy::unreachable,
        clippy::todo,
        clippy::unimplemented,
        clippy::exit,
    )
)]
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod analyze;
pub mod egress;
pub mod manifest;
pub mod networking;
pub mod path;
mod small_set;
pub mod validate;

/// The README's examples, run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
