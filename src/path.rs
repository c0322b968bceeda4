//! [`FieldPath`]: where a value sits inside an object, written the way `kubectl` and Istio
//! write it (`spec.http[0].route[1].weight`).

use std::borrow::Cow;
use std::fmt;

/// One step of a [`FieldPath`].
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Segment {
    /// A key of an object.
    Key(Cow<'static, str>),
    /// A position in a list, from 0.
    Index(usize),
}

/// A path from the top of a document to one value in it.
///
/// ```
/// use istio_egress::path::FieldPath;
///
/// let path = FieldPath::root().key("spec").key("http").index(0).key("timeout");
/// assert_eq!(path.to_string(), "spec.http[0].timeout");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FieldPath {
    segments: Vec<Segment>,
}

impl FieldPath {
    /// The top of the document.
    pub fn root() -> Self {
        Self::default()
    }

    /// This path followed by an object key.
    pub fn key(mut self, key: impl Into<Cow<'static, str>>) -> Self {
        self.segments.push(Segment::Key(key.into()));
        self
    }

    /// This path followed by a list position.
    pub fn index(mut self, index: usize) -> Self {
        self.segments.push(Segment::Index(index));
        self
    }

    /// Appends one step in place.
    pub fn push(&mut self, segment: Segment) {
        self.segments.push(segment);
    }

    /// The steps, from the top.
    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// Whether this is the top of the document.
    pub fn is_root(&self) -> bool {
        self.segments.is_empty()
    }
}

impl FromIterator<Segment> for FieldPath {
    fn from_iter<I: IntoIterator<Item = Segment>>(iter: I) -> Self {
        Self {
            segments: iter.into_iter().collect(),
        }
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for segment in &self.segments {
            match segment {
                Segment::Key(key) => {
                    if !first {
                        f.write_str(".")?;
                    }
                    f.write_str(key)?;
                }
                Segment::Index(index) => write!(f, "[{index}]")?,
            }
            first = false;
        }
        Ok(())
    }
}
