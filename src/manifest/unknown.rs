//! Which fields a typed read passed over: [`deserialize`] wraps any serde deserializer and
//! notes the path of every value the target type skips (a key it has no field for), so that
//! a lenient type still lets the reader report what it did not keep.
//!
//! The wrapper rides along every value: each map value and list element is read through it,
//! and it keeps where it is as a chain of steps on the stack. A map key is kept by reference
//! to the input when the deserializer lends it (as `serde_json` does for keys without
//! escapes), so reading a well-formed document allocates nothing here; a path is built only
//! for a skipped value.
//!
//! [`deserialize_within`] also holds the read to a nesting depth, measured as the JSON
//! splitter measures it (each map and list one level, the document itself the first), so
//! that a document read straight from a stream, which no splitter has measured, still cannot
//! nest deeper than the limit.

use std::borrow::Cow;
use std::fmt;

use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor,
};

use crate::path::{FieldPath, Segment};

/// Deserializes a `T` from `deserializer`, pushing onto `unknown` the path of every value `T`
/// skipped, in the order they were read.
pub(crate) fn deserialize<'de, D, T>(
    deserializer: D,
    unknown: &mut Vec<FieldPath>,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: de::Deserialize<'de>,
{
    deserialize_within(deserializer, unknown, usize::MAX)
}

/// Like [`deserialize`], and fails as soon as a map or list (skipped ones included) would sit
/// deeper than `max_depth` levels.
pub(crate) fn deserialize_within<'de, D, T>(
    deserializer: D,
    unknown: &mut Vec<FieldPath>,
    max_depth: usize,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: de::Deserialize<'de>,
{
    T::deserialize(Tracked {
        inner: deserializer,
        state: State {
            at: &Step::Root,
            unknown,
            depth: 0,
            max_depth,
        },
    })
}

/// The error of a read that went past its depth limit.
fn too_deep<E: de::Error>(max_depth: usize) -> E {
    E::custom(format_args!("nested deeper than {max_depth} levels"))
}

/// Where a value sits: a chain of steps back to the top of the document, each on the stack
/// of the reader one level up.
enum Step<'a> {
    Root,
    Key(&'a Step<'a>, &'a str),
    Index(&'a Step<'a>, usize),
}

impl Step<'_> {
    fn path(&self) -> FieldPath {
        let mut segments = Vec::new();
        let mut step = self;
        loop {
            match step {
                Step::Root => break,
                Step::Key(parent, key) => {
                    segments.push(Segment::Key(Cow::Owned((*key).to_owned())));
                    step = parent;
                }
                Step::Index(parent, index) => {
                    segments.push(Segment::Index(*index));
                    step = parent;
                }
            }
        }
        segments.into_iter().rev().collect()
    }
}

/// Forwards the `deserialize_*` methods that take only a visitor, wrapping the visitor.
macro_rules! forward_deserialize {
    ($wrap:ident; $($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
            self.inner.$method($wrap::new(visitor, self.state))
        }
    )*};
}

/// Forwards the `deserialize_*` methods that take arguments besides the visitor.
macro_rules! forward_deserialize_with {
    ($wrap:ident) => {
        fn deserialize_unit_struct<V: Visitor<'de>>(
            self,
            name: &'static str,
            visitor: V,
        ) -> Result<V::Value, Self::Error> {
            self.inner
                .deserialize_unit_struct(name, $wrap::new(visitor, self.state))
        }

        fn deserialize_newtype_struct<V: Visitor<'de>>(
            self,
            name: &'static str,
            visitor: V,
        ) -> Result<V::Value, Self::Error> {
            self.inner
                .deserialize_newtype_struct(name, $wrap::new(visitor, self.state))
        }

        fn deserialize_tuple<V: Visitor<'de>>(
            self,
            len: usize,
            visitor: V,
        ) -> Result<V::Value, Self::Error> {
            self.inner
                .deserialize_tuple(len, $wrap::new(visitor, self.state))
        }

        fn deserialize_tuple_struct<V: Visitor<'de>>(
            self,
            name: &'static str,
            len: usize,
            visitor: V,
        ) -> Result<V::Value, Self::Error> {
            self.inner
                .deserialize_tuple_struct(name, len, $wrap::new(visitor, self.state))
        }

        fn deserialize_struct<V: Visitor<'de>>(
            self,
            name: &'static str,
            fields: &'static [&'static str],
            visitor: V,
        ) -> Result<V::Value, Self::Error> {
            self.inner
                .deserialize_struct(name, fields, $wrap::new(visitor, self.state))
        }

        fn deserialize_enum<V: Visitor<'de>>(
            self,
            name: &'static str,
            variants: &'static [&'static str],
            visitor: V,
        ) -> Result<V::Value, Self::Error> {
            self.inner
                .deserialize_enum(name, variants, $wrap::new(visitor, self.state))
        }

        fn is_human_readable(&self) -> bool {
            self.inner.is_human_readable()
        }
    };
}

/// Forwards `visit_*` methods of scalars unchanged.
macro_rules! forward_visit {
    ($($method:ident($ty:ty))*) => {$(
        fn $method<E: de::Error>(self, value: $ty) -> Result<Self::Value, E> {
            self.visitor.$method(value)
        }
    )*};
}

/// Where a wrapper is and where skipped values go.
struct State<'a> {
    at: &'a Step<'a>,
    unknown: &'a mut Vec<FieldPath>,
    /// The maps and lists the value is inside.
    depth: usize,
    /// The most maps and lists a value may be inside, itself included.
    max_depth: usize,
}

impl<'a> State<'a> {
    /// The state one step down, at `at`.
    fn below<'b>(&'b mut self, at: &'b Step<'b>) -> State<'b> {
        State {
            at,
            unknown: self.unknown,
            depth: self.depth,
            max_depth: self.max_depth,
        }
    }

    /// The state inside a map or list that starts here, or the depth error.
    fn inside<E: de::Error>(self) -> Result<State<'a>, E> {
        let depth = self.depth + 1;
        if depth > self.max_depth {
            return Err(too_deep(self.max_depth));
        }
        Ok(State { depth, ..self })
    }
}

/// A value's deserializer, wrapped: a skipped value is noted; the visitor is wrapped so that
/// the maps, lists, options and enums inside are read through the wrapper too.
struct Tracked<'a, D> {
    inner: D,
    state: State<'a>,
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Tracked<'_, D> {
    type Error = D::Error;

    /// A value the type skips: note where it was, then skip it (measuring its depth, when
    /// the read has a limit).
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.state.unknown.push(self.state.at.path());
        if self.state.max_depth == usize::MAX {
            return self.inner.deserialize_ignored_any(visitor);
        }
        let skip = Skip {
            depth: self.state.depth,
            max_depth: self.state.max_depth,
        };
        self.inner.deserialize_any(skip)?;
        visitor.visit_unit()
    }

    forward_deserialize!(Wrap; deserialize_any deserialize_bool deserialize_i8 deserialize_i16
        deserialize_i32 deserialize_i64 deserialize_i128 deserialize_u8 deserialize_u16
        deserialize_u32 deserialize_u64 deserialize_u128 deserialize_f32 deserialize_f64
        deserialize_char deserialize_str deserialize_string deserialize_bytes
        deserialize_byte_buf deserialize_option deserialize_unit deserialize_seq deserialize_map
        deserialize_identifier);
    forward_deserialize_with!(Wrap);
}

/// A visitor wrapped by [`Tracked`].
struct Wrap<'a, V> {
    visitor: V,
    state: State<'a>,
}

impl<'a, V> Wrap<'a, V> {
    fn new(visitor: V, state: State<'a>) -> Self {
        Self { visitor, state }
    }
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Wrap<'_, V> {
    type Value = V::Value;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.visitor.expecting(formatter)
    }

    forward_visit!(visit_bool(bool) visit_i8(i8) visit_i16(i16) visit_i32(i32) visit_i64(i64)
        visit_i128(i128) visit_u8(u8) visit_u16(u16) visit_u32(u32) visit_u64(u64)
        visit_u128(u128) visit_f32(f32) visit_f64(f64) visit_char(char) visit_str(&str)
        visit_borrowed_str(&'de str) visit_string(String) visit_bytes(&[u8])
        visit_borrowed_bytes(&'de [u8]) visit_byte_buf(Vec<u8>));

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        self.visitor.visit_none()
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        self.visitor.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, inner: D) -> Result<Self::Value, D::Error> {
        self.visitor.visit_some(Tracked {
            inner,
            state: self.state,
        })
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, inner: D) -> Result<Self::Value, D::Error> {
        self.visitor.visit_newtype_struct(Tracked {
            inner,
            state: self.state,
        })
    }

    fn visit_seq<A: SeqAccess<'de>>(self, inner: A) -> Result<Self::Value, A::Error> {
        self.visitor.visit_seq(Seq {
            inner,
            state: self.state.inside()?,
            index: 0,
        })
    }

    fn visit_map<A: MapAccess<'de>>(self, inner: A) -> Result<Self::Value, A::Error> {
        self.visitor.visit_map(Map {
            inner,
            state: self.state.inside()?,
            key: Cow::Borrowed(""),
        })
    }

    /// An enum is counted as a level: written as a one-key map it is one, and written as a
    /// string it holds nothing deeper, so counting it can only overstate the depth.
    fn visit_enum<A: EnumAccess<'de>>(self, inner: A) -> Result<Self::Value, A::Error> {
        self.visitor.visit_enum(Enum {
            inner,
            state: self.state.inside()?,
        })
    }
}

/// A skipped value's walk, measuring how deep it nests.
#[derive(Clone, Copy)]
pub(crate) struct Skip {
    /// The maps and lists the value is inside.
    depth: usize,
    max_depth: usize,
}

impl Skip {
    /// A walk that skips a value and fails if it nests deeper than `max_depth` levels (each
    /// map and list one level).
    pub(crate) fn within(max_depth: usize) -> Self {
        Skip {
            depth: 0,
            max_depth,
        }
    }

    /// The walk inside a map or list that starts here, or the depth error.
    fn inside<E: de::Error>(&self) -> Result<Skip, E> {
        let depth = self.depth + 1;
        if depth > self.max_depth {
            return Err(too_deep(self.max_depth));
        }
        Ok(Skip {
            depth,
            max_depth: self.max_depth,
        })
    }
}

impl<'de> DeserializeSeed<'de> for Skip {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, inner: D) -> Result<(), D::Error> {
        inner.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Skip {
    type Value = ();

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("any value")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Ok(())
    }

    fn visit_bytes<E: de::Error>(self, _: &[u8]) -> Result<(), E> {
        Ok(())
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_some<D: Deserializer<'de>>(self, inner: D) -> Result<(), D::Error> {
        inner.deserialize_any(self)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, inner: D) -> Result<(), D::Error> {
        inner.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let inside = self.inside()?;
        while seq.next_element_seed(inside)?.is_some() {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let inside = self.inside()?;
        while map.next_key::<de::IgnoredAny>()?.is_some() {
            map.next_value_seed(inside)?;
        }
        Ok(())
    }

    fn visit_enum<A: EnumAccess<'de>>(self, access: A) -> Result<(), A::Error> {
        let inside = self.inside()?;
        let (de::IgnoredAny, variant) = access.variant::<de::IgnoredAny>()?;
        variant.newtype_variant_seed(inside)
    }
}

/// A seed whose value is read through [`Tracked`] at a given place.
struct Seed<'a, S> {
    seed: S,
    state: State<'a>,
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Seed<'_, S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, inner: D) -> Result<S::Value, D::Error> {
        self.seed.deserialize(Tracked {
            inner,
            state: self.state,
        })
    }
}

/// A list, wrapped: each element is read at its index.
struct Seq<'a, A> {
    inner: A,
    state: State<'a>,
    index: usize,
}

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for Seq<'_, A> {
    type Error = A::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, A::Error> {
        let at = Step::Index(self.state.at, self.index);
        self.index += 1;
        let state = self.state.below(&at);
        self.inner.next_element_seed(Seed { seed, state })
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

/// A map, wrapped: each key is kept, and its value read under it.
struct Map<'a, 'de, A> {
    inner: A,
    state: State<'a>,
    /// The last key read: borrowed from the input when the deserializer lends it.
    key: Cow<'de, str>,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Map<'_, 'de, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        self.key = Cow::Borrowed("");
        self.inner.next_key_seed(KeySeed {
            seed,
            key: &mut self.key,
        })
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        let at = Step::Key(self.state.at, &self.key);
        let state = self.state.below(&at);
        self.inner.next_value_seed(Seed { seed, state })
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

/// An enum, wrapped: its content is read at the enum's own place. The variant's name is not
/// made a step of the path, as `serde_ignored` does not make it one either; the crate's types
/// read no externally tagged enums, where it would be a key of the document.
struct Enum<'a, A> {
    inner: A,
    state: State<'a>,
}

impl<'a, 'de, A: EnumAccess<'de>> EnumAccess<'de> for Enum<'a, A> {
    type Error = A::Error;
    type Variant = Enum<'a, A::Variant>;

    fn variant_seed<S: DeserializeSeed<'de>>(
        self,
        seed: S,
    ) -> Result<(S::Value, Self::Variant), A::Error> {
        let (value, inner) = self.inner.variant_seed(seed)?;
        Ok((
            value,
            Enum {
                inner,
                state: self.state,
            },
        ))
    }
}

impl<'de, A: VariantAccess<'de>> VariantAccess<'de> for Enum<'_, A> {
    type Error = A::Error;

    fn unit_variant(self) -> Result<(), A::Error> {
        self.inner.unit_variant()
    }

    fn newtype_variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<S::Value, A::Error> {
        self.inner.newtype_variant_seed(Seed {
            seed,
            state: self.state,
        })
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, A::Error> {
        self.inner
            .tuple_variant(len, Wrap::new(visitor, self.state))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        self.inner
            .struct_variant(fields, Wrap::new(visitor, self.state))
    }
}

/// A map key's seed: the key is read as the type wants it, and kept as text on the way.
struct KeySeed<'k, 'de, S> {
    seed: S,
    key: &'k mut Cow<'de, str>,
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for KeySeed<'_, 'de, S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, inner: D) -> Result<S::Value, D::Error> {
        self.seed.deserialize(KeyDeserializer {
            inner,
            state: self.key,
        })
    }
}

/// A map key's deserializer: forwards everything, with the visitor wrapped to keep the key.
struct KeyDeserializer<'k, 'de, D> {
    inner: D,
    state: &'k mut Cow<'de, str>,
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for KeyDeserializer<'_, 'de, D> {
    type Error = D::Error;

    forward_deserialize!(KeyVisitor; deserialize_any deserialize_bool deserialize_i8
        deserialize_i16 deserialize_i32 deserialize_i64 deserialize_i128 deserialize_u8
        deserialize_u16 deserialize_u32 deserialize_u64 deserialize_u128 deserialize_f32
        deserialize_f64 deserialize_char deserialize_str deserialize_string deserialize_bytes
        deserialize_byte_buf deserialize_option deserialize_unit deserialize_seq deserialize_map
        deserialize_identifier deserialize_ignored_any);
    forward_deserialize_with!(KeyVisitor);
}

/// A map key's visitor: keeps a text or number key, then hands it on.
struct KeyVisitor<'k, 'de, V> {
    visitor: V,
    key: &'k mut Cow<'de, str>,
}

impl<'k, 'de, V> KeyVisitor<'k, 'de, V> {
    fn new(visitor: V, key: &'k mut Cow<'de, str>) -> Self {
        Self { visitor, key }
    }

    /// Keeps a key that is not text (a number or a boolean) in its written form.
    fn keep(self, key: impl ToString) -> V {
        *self.key = Cow::Owned(key.to_string());
        self.visitor
    }
}

/// Keeps scalar keys as text, then forwards.
macro_rules! keep_visit {
    ($($method:ident($ty:ty))*) => {$(
        fn $method<E: de::Error>(self, value: $ty) -> Result<Self::Value, E> {
            self.keep(value).$method(value)
        }
    )*};
}

impl<'de, V: Visitor<'de>> Visitor<'de> for KeyVisitor<'_, 'de, V> {
    type Value = V::Value;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.visitor.expecting(formatter)
    }

    fn visit_borrowed_str<E: de::Error>(self, value: &'de str) -> Result<Self::Value, E> {
        *self.key = Cow::Borrowed(value);
        self.visitor.visit_borrowed_str(value)
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
        *self.key = Cow::Owned(value.to_owned());
        self.visitor.visit_str(value)
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<Self::Value, E> {
        *self.key = Cow::Owned(value.clone());
        self.visitor.visit_string(value)
    }

    keep_visit!(visit_bool(bool) visit_i8(i8) visit_i16(i16) visit_i32(i32) visit_i64(i64)
        visit_i128(i128) visit_u8(u8) visit_u16(u16) visit_u32(u32) visit_u64(u64)
        visit_u128(u128) visit_f32(f32) visit_f64(f64) visit_char(char));

    forward_visit!(visit_bytes(&[u8]) visit_borrowed_bytes(&'de [u8]) visit_byte_buf(Vec<u8>));

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        self.visitor.visit_none()
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        self.visitor.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, inner: D) -> Result<Self::Value, D::Error> {
        self.visitor.visit_some(inner)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, inner: D) -> Result<Self::Value, D::Error> {
        self.visitor.visit_newtype_struct(inner)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, inner: A) -> Result<Self::Value, A::Error> {
        self.visitor.visit_seq(inner)
    }

    fn visit_map<A: MapAccess<'de>>(self, inner: A) -> Result<Self::Value, A::Error> {
        self.visitor.visit_map(inner)
    }

    fn visit_enum<A: EnumAccess<'de>>(self, inner: A) -> Result<Self::Value, A::Error> {
        self.visitor.visit_enum(inner)
    }
}
