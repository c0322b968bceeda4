//! [`Limits`]: what reading one manifest may cost, whatever its text.

use std::fmt;

/// Bounds on the work and memory that reading a manifest may take.
///
/// Every limit applies to each document on its own, except [`Limits::max_documents`] and the
/// budget for expanding YAML aliases, which apply to the whole manifest. A document that
/// breaks a limit is reported as a [`ReadError`](super::ReadError) whose
/// [`limit`](super::ReadError::limit) names the limit (and whose message names it too), and
/// the documents around it are still read.
///
/// Within these limits, reading costs time and memory in proportion to the text: without
/// aliases no document holds more than its text says, and what aliases add is bounded for the
/// manifest as a whole, so many small alias bombs cost no more than one. The defaults are far
/// above what real Kubernetes manifests need; the largest document they admit reads in under
/// half a second and 100 MB in release builds.
///
/// ```
/// use istio_egress::manifest::{Format, Limit, Limits, Manifest};
///
/// let limits = Limits::default().with_max_depth(4);
/// let read = Manifest::parse_with("a: {b: {c: {d: {e: 1}}}}\n", Format::Yaml, &limits);
/// assert_eq!(read.errors[0].limit, Some(Limit::Depth));
/// assert_eq!(read.errors[0].line, Some(1));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// The largest document, in bytes of text, that is read; a larger one is reported, and no
    /// more of its text than this is parsed. It also bounds the text that expanding YAML
    /// aliases may add, over the whole manifest.
    ///
    /// Default 16 MiB. The Kubernetes API server refuses request bodies over 3 MB and etcd
    /// stores objects of at most 1.5 MiB, so no object a cluster accepts comes near it; the
    /// headroom is for `List` documents, such as an export of a namespace, which hold many
    /// objects in one document.
    pub max_document_bytes: usize,
    /// The deepest nesting of mappings and sequences (objects and arrays) in a document; the
    /// document itself is the first level.
    ///
    /// Default 64: more than twice the deepest object in Istio's own CRDs (28 levels). The
    /// YAML reader recurses once per level, taking about 3 KiB of stack per level in release
    /// builds and about 22 KiB in debug builds; at 64 levels a whole read takes under 200 KiB
    /// of stack in release builds and about 1.5 MiB in debug builds, within the 2 MiB that
    /// Rust gives a spawned thread by default. Values above [`Limits::MAX_DEPTH_CEILING`] are
    /// treated as the ceiling.
    pub max_depth: usize,
    /// The most values (scalars, mapping keys among them, and collections) a document may
    /// hold, counting those that expanding YAML aliases adds.
    ///
    /// Default 250,000: the largest of Istio's CRDs holds about 12,000, and a `List` of a few
    /// hundred objects fits; a document this large reads in a quarter to half a second, and
    /// takes a few tens of megabytes.
    pub max_nodes: usize,
    /// The most nodes that expanding YAML aliases (`*name`) and merge keys (`<<`) may add,
    /// counted together with the copies kept of anchored nodes (`&name`) to expand them, over
    /// the whole manifest; what a "billion laughs" alias bomb multiplies. It also bounds the
    /// alias references and merge keys of each document.
    ///
    /// Default 100,000: Kubernetes manifests rarely use aliases at all, and those that do
    /// repeat small blocks a handful of times.
    pub max_alias_expansions: usize,
    /// The most documents (those with content) read from one manifest; the document past
    /// the limit is reported, and it and everything after it are not read.
    ///
    /// Default 100,000: well above the largest rendered Helm charts, while bounding the
    /// objects kept in memory: a hundred thousand small objects read in about half a second
    /// and take about a hundred megabytes.
    pub max_documents: usize,
}

impl Limits {
    /// The default limits, as documented on each field.
    pub const DEFAULT: Limits = Limits {
        max_document_bytes: 16 * 1024 * 1024,
        max_depth: 64,
        max_nodes: 250_000,
        max_alias_expansions: 100_000,
        max_documents: 100_000,
    };

    /// The highest [`Limits::max_depth`] honoured: JSON documents cannot nest deeper (it is
    /// `serde_json`'s recursion limit), and at this depth the YAML reader needs about 400 KiB
    /// of stack in release builds and about 3 MiB in debug builds, which the main thread's
    /// 8 MiB stack holds (a spawned thread's 2 MiB does not, in debug builds).
    pub const MAX_DEPTH_CEILING: usize = 128;

    /// These limits with [`Limits::max_document_bytes`] set.
    #[must_use]
    pub const fn with_max_document_bytes(mut self, bytes: usize) -> Self {
        self.max_document_bytes = bytes;
        self
    }

    /// These limits with [`Limits::max_depth`] set.
    #[must_use]
    pub const fn with_max_depth(mut self, depth: usize) -> Self {
        self.max_depth = depth;
        self
    }

    /// These limits with [`Limits::max_nodes`] set.
    #[must_use]
    pub const fn with_max_nodes(mut self, nodes: usize) -> Self {
        self.max_nodes = nodes;
        self
    }

    /// These limits with [`Limits::max_alias_expansions`] set.
    #[must_use]
    pub const fn with_max_alias_expansions(mut self, expansions: usize) -> Self {
        self.max_alias_expansions = expansions;
        self
    }

    /// These limits with [`Limits::max_documents`] set.
    #[must_use]
    pub const fn with_max_documents(mut self, documents: usize) -> Self {
        self.max_documents = documents;
        self
    }

    /// The depth limit actually applied: [`Limits::max_depth`], at most the ceiling.
    pub(crate) fn depth(&self) -> usize {
        self.max_depth.min(Self::MAX_DEPTH_CEILING)
    }

    /// The value of one limit.
    pub fn value(&self, limit: Limit) -> usize {
        match limit {
            Limit::DocumentBytes => self.max_document_bytes,
            Limit::Depth => self.depth(),
            Limit::Nodes => self.max_nodes,
            Limit::AliasExpansions => self.max_alias_expansions,
            Limit::Documents => self.max_documents,
        }
    }
}

impl Default for Limits {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// One of the [`Limits`], as named by a [`ReadError`](super::ReadError) that broke it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Limit {
    /// [`Limits::max_document_bytes`].
    DocumentBytes,
    /// [`Limits::max_depth`].
    Depth,
    /// [`Limits::max_nodes`].
    Nodes,
    /// [`Limits::max_alias_expansions`].
    AliasExpansions,
    /// [`Limits::max_documents`].
    Documents,
}

impl Limit {
    /// The name of the [`Limits`] field, such as `max_depth`.
    pub fn name(self) -> &'static str {
        match self {
            Limit::DocumentBytes => "max_document_bytes",
            Limit::Depth => "max_depth",
            Limit::Nodes => "max_nodes",
            Limit::AliasExpansions => "max_alias_expansions",
            Limit::Documents => "max_documents",
        }
    }
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
