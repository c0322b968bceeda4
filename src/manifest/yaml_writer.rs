//! A block-style YAML writer for any `Serialize` value, written for speed and for output that
//! every YAML reader takes back unchanged.
//!
//! The layout is the one `kubectl` prints: two spaces per mapping level, sequence items at their
//! key's indentation, `{}` and `[]` for empty collections. Strings are written plain only when
//! no YAML 1.1 or 1.2 reader could take them for anything else (a number, a boolean, null, an
//! indicator); multi-line strings that suit it become literal blocks (`|`, `|-`); everything
//! else is double-quoted with escapes for every character YAML does not print as itself.
//! Keys longer than YAML allows for implicit keys are written as explicit `? ` entries.

use std::cell::Cell;
use std::fmt::{self, Write as _};

use serde::ser::{self, Serialize};

/// A value could not be written as YAML.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YamlWriteError {
    message: String,
}

impl fmt::Display for YamlWriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for YamlWriteError {}

impl ser::Error for YamlWriteError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        YamlWriteError {
            message: msg.to_string(),
        }
    }
}

/// Appends `value` to `out` as one YAML document (without a `---` line), ending in a line break.
pub(crate) fn write_document<T: Serialize + ?Sized>(
    out: &mut String,
    value: &T,
) -> Result<(), YamlWriteError> {
    value.serialize(Node {
        out,
        lead: Lead::Top,
        indent: 0,
    })
}

/// What precedes a node on its line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Lead {
    /// Nothing: the node is a document, at column 0.
    Top,
    /// `key:` (no space yet), the key at the node's indentation.
    AfterKey,
    /// `- `, the dash at the node's indentation.
    AfterDash,
}

/// The longest key written as an implicit `key: value` entry; YAML caps implicit keys at 1,024
/// characters, and longer ones are written as explicit `? key` entries.
const IMPLICIT_KEY_MAX: usize = 1000;

/// A node to be written: where it goes and what precedes it.
struct Node<'o> {
    out: &'o mut String,
    lead: Lead,
    /// The indentation of the key or dash before it (0 at the top).
    indent: usize,
}

impl<'o> Node<'o> {
    /// Writes a scalar already in its YAML form.
    fn scalar(self, text: &str) {
        space_after(self.out, self.lead);
        self.out.push_str(text);
        self.out.push('\n');
    }

    /// Writes a float in the form [`Float`] gives it.
    fn float(self, value: impl fmt::Display) {
        space_after(self.out, self.lead);
        let _ = write!(self.out, "{value}");
        self.out.push('\n');
    }

    /// Writes a string in the safest readable style.
    fn string(self, value: &str) {
        space_after(self.out, self.lead);
        match style(value) {
            Style::Plain => self.out.push_str(value),
            Style::Literal => {
                let content = self.indent + 2;
                self.out
                    .push_str(if value.ends_with('\n') { "|" } else { "|-" });
                let body = value.strip_suffix('\n').unwrap_or(value);
                for line in body.split('\n') {
                    self.out.push('\n');
                    if !line.is_empty() {
                        indent(self.out, content);
                        self.out.push_str(line);
                    }
                }
            }
            Style::Quoted => quote(self.out, value),
        }
        self.out.push('\n');
    }

    fn block(self, kind: Kind) -> Block<'o> {
        let entries = match (self.lead, kind) {
            (Lead::Top, _) => 0,
            (Lead::AfterKey, Kind::Sequence) => self.indent,
            _ => self.indent + 2,
        };
        Block {
            out: self.out,
            lead: self.lead,
            indent: entries,
            kind,
            empty: true,
        }
    }

    /// Starts an enum variant with data, `Variant:` as the one key of a mapping, and returns
    /// the block of its data. The outer mapping needs nothing more once its entry is started.
    fn variant(self, variant: &str, kind: Kind) -> Block<'o> {
        let mut outer = self.block(Kind::Mapping);
        outer.next_line();
        push_key(outer.out, &key_text(variant), outer.indent);
        Node {
            out: outer.out,
            lead: Lead::AfterKey,
            indent: outer.indent,
        }
        .block(kind)
    }
}

/// Whether a block holds mapping entries or sequence items.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Mapping,
    Sequence,
}

/// A mapping or sequence being written; its entries or items sit at `indent`.
struct Block<'o> {
    out: &'o mut String,
    lead: Lead,
    indent: usize,
    kind: Kind,
    empty: bool,
}

impl<'o> Block<'o> {
    /// Positions the output for the next entry or item: the first of a block after a dash
    /// goes on the dash's line; the others start a line at the block's indentation.
    fn next_line(&mut self) {
        let inline = self.empty && self.lead != Lead::AfterKey;
        if self.empty && self.lead == Lead::AfterKey {
            self.out.push('\n');
        }
        self.empty = false;
        if !inline {
            indent(self.out, self.indent);
        }
    }

    /// Starts the next sequence item, returning where its value goes.
    fn item(&mut self) -> Node<'_> {
        self.next_line();
        self.out.push_str("- ");
        Node {
            out: self.out,
            lead: Lead::AfterDash,
            indent: self.indent,
        }
    }

    /// Starts the next mapping entry with a key already in YAML form, returning where its
    /// value goes.
    fn entry(&mut self, key: &str) -> Node<'_> {
        self.next_line();
        push_key(self.out, key, self.indent);
        Node {
            out: self.out,
            lead: Lead::AfterKey,
            indent: self.indent,
        }
    }

    /// Ends the block: an empty one is written as `{}` or `[]`.
    fn end(self) {
        if self.empty {
            space_after(self.out, self.lead);
            self.out.push_str(match self.kind {
                Kind::Mapping => "{}\n",
                Kind::Sequence => "[]\n",
            });
        }
    }
}

/// The space between a key's `:` and a value on its line; nothing after a dash (`- ` has its
/// space) or at the top of a document.
fn space_after(out: &mut String, lead: Lead) {
    if lead == Lead::AfterKey {
        out.push(' ');
    }
}

fn indent(out: &mut String, width: usize) {
    const SPACES: &str = "                                                                ";
    let mut left = width;
    while left > 0 {
        let n = left.min(SPACES.len());
        out.push_str(SPACES.get(..n).unwrap_or_default());
        left -= n;
    }
}

/// How a string is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Style {
    /// As itself.
    Plain,
    /// As a literal block (`|` or `|-`), its lines indented under the key or dash.
    Literal,
    /// Double-quoted, with escapes.
    Quoted,
}

/// Words that YAML 1.1 or 1.2 readers resolve to null, booleans or special floats when plain.
const RESERVED: &[&str] = &[
    "null", "~", "true", "false", "yes", "no", "on", "off", "y", "n", ".inf", ".nan",
];

/// The bytes a plain scalar may hold anywhere: letters, digits and `_-./@+`.
// Indexing in a constant is checked when the crate compiles; it cannot fail at run time.
#[allow(clippy::indexing_slicing)]
static ALWAYS_PLAIN: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = matches!(
            b as u8,
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'_' | b'-' | b'.' | b'/' | b'@' | b'+'
        );
        b += 1;
    }
    table
};

/// Whether `b` is plain wherever it stands.
fn always_plain_byte(b: u8) -> bool {
    ALWAYS_PLAIN.get(usize::from(b)).copied().unwrap_or(false)
}

fn style(value: &str) -> Style {
    if plain_is_safe(value) {
        Style::Plain
    } else if literal_is_safe(value) {
        Style::Literal
    } else {
        Style::Quoted
    }
}

/// Whether `value` reads back as the same string when written plain, in a mapping value, a
/// sequence item, a key or a document, under YAML 1.1 and 1.2 alike. Deliberately narrow:
/// ASCII letters, digits and `_ - . / @ + : ,` (and single inner spaces), starting with a
/// letter, `_`, `/` or `.`, and nothing that looks like a number, boolean or null.
fn plain_is_safe(value: &str) -> bool {
    let bytes = value.as_bytes();
    let Some(&first) = bytes.first() else {
        return false;
    };
    if !(first.is_ascii_alphabetic() || matches!(first, b'_' | b'/' | b'.')) {
        return false;
    }
    if first == b'.'
        && bytes
            .get(1)
            .is_some_and(|b| b.is_ascii_digit() || *b == b'.')
    {
        return false;
    }
    // Most text is letters, digits and `-._/@+` only, safe wherever they stand: skip those
    // before looking at each byte with what surrounds it.
    let clean = bytes.iter().take_while(|&&b| always_plain_byte(b)).count();
    let mut previous = clean
        .checked_sub(1)
        .and_then(|i| bytes.get(i))
        .copied()
        .unwrap_or(0);
    for (i, &b) in bytes.iter().enumerate().skip(clean) {
        let ok = match b {
            _ if always_plain_byte(b) => true,
            // `: ` and a final `:` would end a key; `,` is harmless in block context.
            b':' => bytes.get(i + 1).is_some_and(|next| *next != b' '),
            b',' => true,
            // Single inner spaces, not after `:` nor before `#` or another space.
            b' ' => {
                previous != b' '
                    && previous != b':'
                    && bytes
                        .get(i + 1)
                        .is_some_and(|next| *next != b' ' && *next != b'#')
            }
            _ => false,
        };
        if !ok {
            return false;
        }
        previous = b;
    }
    // Every reserved word starts with one of these (`~` cannot start a plain scalar here).
    value.len() > 5
        || !matches!(
            first.to_ascii_lowercase(),
            b'n' | b't' | b'f' | b'y' | b'o' | b'.'
        )
        || !RESERVED.iter().any(|word| value.eq_ignore_ascii_case(word))
}

/// [`plain_is_safe`] for a struct's field name, remembered. Field names are `&'static str`s
/// from the types' derives, so a name's address and length stand for the same text for the
/// whole run: a small cache keeps the names found plain, and each is scanned once per thread
/// rather than once per field written (the scan of the names was half of `plain_is_safe`'s
/// time, and that a third of the writer's). The cache has two ways per set, and its set is a
/// multiplicative hash of the address: names lie next to each other in the binary, a few
/// bytes apart, and with one way the names that shared a slot took turns to miss, by an
/// amount that moved with the binary's layout.
fn field_name_is_plain(name: &'static str) -> bool {
    const SETS: usize = 128;
    thread_local! {
        static PLAIN: [[Cell<(usize, usize)>; 2]; SETS] =
            const { [const { [const { Cell::new((0, 0)) }, const { Cell::new((0, 0)) }] }; SETS] };
    }
    const { assert!(SETS.is_power_of_two()) };
    let id = (name.as_ptr() as usize, name.len());
    // Fibonacci hashing: the top bits of the product spread neighbouring addresses.
    let set = (id.0 as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - SETS.trailing_zeros());
    PLAIN.with(|cache| {
        let Some([recent, older]) = usize::try_from(set).ok().and_then(|set| cache.get(set)) else {
            return plain_is_safe(name);
        };
        if recent.get() == id || older.get() == id {
            return true;
        }
        let plain = plain_is_safe(name);
        if plain {
            older.set(recent.get());
            recent.set(id);
        }
        plain
    })
}

/// Whether `value` can be written as a literal block: several lines of printable text, the
/// first not starting with a space, no carriage returns or tabs, no line ending in a space,
/// and at most one final line break.
fn literal_is_safe(value: &str) -> bool {
    let body = value.strip_suffix('\n').unwrap_or(value);
    if !body.contains('\n') || body.ends_with('\n') {
        return false;
    }
    if body.starts_with([' ', '\n']) {
        return false;
    }
    body.split('\n')
        .all(|line| !line.ends_with(' ') && line.chars().all(|c| c != '\t' && !needs_escape(c)))
}

/// Characters a double-quoted string escapes: those YAML does not print as themselves, and
/// the byte-order mark and line separators, which some readers treat specially.
fn needs_escape(c: char) -> bool {
    matches!(c,
        '\0'..='\u{1F}' | '\u{7F}'..='\u{9F}' | '\u{2028}' | '\u{2029}' | '\u{FEFF}'
        | '\u{FFFE}' | '\u{FFFF}')
}

/// Writes `value` double-quoted.
fn quote(out: &mut String, value: &str) {
    out.push('"');
    let mut rest = value;
    while let Some(at) = rest.find(|c: char| c == '"' || c == '\\' || needs_escape(c)) {
        let (plain, tail) = rest.split_at(at);
        out.push_str(plain);
        let mut chars = tail.chars();
        let Some(c) = chars.next() else { break };
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\0' => out.push_str("\\0"),
            c if (c as u32) < 0x100 => {
                let _ = write!(out, "\\x{:02X}", c as u32);
            }
            c => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
        }
        rest = chars.as_str();
    }
    out.push_str(rest);
    out.push('"');
}

macro_rules! integer_scalar {
    ($($method:ident: $ty:ty),* $(,)?) => {$(
        fn $method(self, value: $ty) -> Result<(), YamlWriteError> {
            // `itoa` writes the digits without `core::fmt`'s machinery, which was a tenth
            // of the writer's time on a bundle's port numbers.
            self.scalar(itoa::Buffer::new().format(value));
            Ok(())
        }
    )*};
}

/// A float in the form [`float`] gives it.
struct Float(f64);

impl fmt::Display for Float {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let value = self.0;
        if value.is_nan() {
            f.write_str(".nan")
        } else if value.is_infinite() {
            f.write_str(if value > 0.0 { ".inf" } else { "-.inf" })
        } else {
            // `Debug` is the shortest form that reads back exactly, and always marks a float
            // (`1.0`, `1e16`).
            write!(f, "{value:?}")
        }
    }
}

impl<'o> ser::Serializer for Node<'o> {
    type Ok = ();
    type Error = YamlWriteError;
    type SerializeSeq = Block<'o>;
    type SerializeTuple = Block<'o>;
    type SerializeTupleStruct = Block<'o>;
    type SerializeTupleVariant = Block<'o>;
    type SerializeMap = MapBlock<'o>;
    type SerializeStruct = Block<'o>;
    type SerializeStructVariant = Block<'o>;

    fn serialize_bool(self, value: bool) -> Result<(), YamlWriteError> {
        self.scalar(if value { "true" } else { "false" });
        Ok(())
    }

    integer_scalar! {
        serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64,
        serialize_i128: i128, serialize_u8: u8, serialize_u16: u16, serialize_u32: u32,
        serialize_u64: u64, serialize_u128: u128,
    }

    fn serialize_f32(self, value: f32) -> Result<(), YamlWriteError> {
        if value.is_finite() {
            // The shortest form of the `f32` itself, which reads back as the same `f32`.
            self.float(format_args!("{value:?}"));
        } else {
            self.float(Float(f64::from(value)));
        }
        Ok(())
    }

    fn serialize_f64(self, value: f64) -> Result<(), YamlWriteError> {
        self.float(Float(value));
        Ok(())
    }

    fn serialize_char(self, value: char) -> Result<(), YamlWriteError> {
        self.string(value.encode_utf8(&mut [0; 4]));
        Ok(())
    }

    fn serialize_str(self, value: &str) -> Result<(), YamlWriteError> {
        self.string(value);
        Ok(())
    }

    fn serialize_bytes(self, value: &[u8]) -> Result<(), YamlWriteError> {
        let mut seq = self.block(Kind::Sequence);
        for byte in value {
            ser::SerializeSeq::serialize_element(&mut seq, byte)?;
        }
        seq.end();
        Ok(())
    }

    fn serialize_none(self) -> Result<(), YamlWriteError> {
        self.scalar("null");
        Ok(())
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), YamlWriteError> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), YamlWriteError> {
        self.scalar("null");
        Ok(())
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), YamlWriteError> {
        self.serialize_unit()
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), YamlWriteError> {
        self.string(variant);
        Ok(())
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), YamlWriteError> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), YamlWriteError> {
        let mut map = self.block(Kind::Mapping);
        value.serialize(map.entry(&key_text(variant)))?;
        map.end();
        Ok(())
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Block<'o>, YamlWriteError> {
        Ok(self.block(Kind::Sequence))
    }

    fn serialize_tuple(self, _len: usize) -> Result<Block<'o>, YamlWriteError> {
        Ok(self.block(Kind::Sequence))
    }

    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Block<'o>, YamlWriteError> {
        Ok(self.block(Kind::Sequence))
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Block<'o>, YamlWriteError> {
        Ok(self.variant(variant, Kind::Sequence))
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<MapBlock<'o>, YamlWriteError> {
        Ok(MapBlock {
            block: self.block(Kind::Mapping),
            key: String::new(),
            has_key: false,
        })
    }

    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Block<'o>, YamlWriteError> {
        Ok(self.block(Kind::Mapping))
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Block<'o>, YamlWriteError> {
        Ok(self.variant(variant, Kind::Mapping))
    }
}

/// Writes `key:` (explicit when too long for an implicit key) after the line is positioned.
fn push_key(out: &mut String, key: &str, indent_width: usize) {
    if key.len() > IMPLICIT_KEY_MAX {
        out.push_str("? ");
        out.push_str(key);
        out.push('\n');
        indent(out, indent_width);
    } else {
        out.push_str(key);
    }
    out.push(':');
}

/// Appends a key in its YAML form: plain when safe, else double-quoted (never a literal
/// block).
fn push_key_text(out: &mut String, key: &str) {
    if plain_is_safe(key) {
        out.push_str(key);
    } else {
        quote(out, key);
    }
}

/// A key in its YAML form, for the rare keys that are not plain (variant names, field names
/// with unusual characters).
fn key_text(key: &str) -> String {
    let mut text = String::with_capacity(key.len() + 2);
    push_key_text(&mut text, key);
    text
}

/// The sequence-shaped serializer traits, all writing items.
macro_rules! sequence_impl {
    ($($trait:ident :: $method:ident),* $(,)?) => {$(
        impl ser::$trait for Block<'_> {
            type Ok = ();
            type Error = YamlWriteError;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), YamlWriteError> {
                value.serialize(self.item())
            }
            fn end(self) -> Result<(), YamlWriteError> {
                Block::end(self);
                Ok(())
            }
        }
    )*};
}

sequence_impl! {
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field,
}

impl ser::SerializeStruct for Block<'_> {
    type Ok = ();
    type Error = YamlWriteError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), YamlWriteError> {
        if field_name_is_plain(key) {
            value.serialize(self.entry(key))
        } else {
            value.serialize(self.entry(&key_text(key)))
        }
    }
    fn end(self) -> Result<(), YamlWriteError> {
        Block::end(self);
        Ok(())
    }
}

impl ser::SerializeStructVariant for Block<'_> {
    type Ok = ();
    type Error = YamlWriteError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), YamlWriteError> {
        ser::SerializeStruct::serialize_field(self, key, value)
    }
    fn end(self) -> Result<(), YamlWriteError> {
        Block::end(self);
        Ok(())
    }
}

/// A mapping with keys of any scalar type. Each key is written in YAML form into a buffer kept
/// for the whole mapping, then placed when its value comes.
struct MapBlock<'o> {
    block: Block<'o>,
    key: String,
    has_key: bool,
}

impl ser::SerializeMap for MapBlock<'_> {
    type Ok = ();
    type Error = YamlWriteError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), YamlWriteError> {
        self.key.clear();
        key.serialize(KeySerializer { out: &mut self.key })?;
        self.has_key = true;
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), YamlWriteError> {
        if !std::mem::take(&mut self.has_key) {
            return Err(ser::Error::custom("a mapping value came before its key"));
        }
        value.serialize(self.block.entry(&self.key))
    }
    fn end(self) -> Result<(), YamlWriteError> {
        self.block.end();
        Ok(())
    }
}

/// Writes a mapping key (a string, number, boolean or character) in YAML form.
struct KeySerializer<'k> {
    out: &'k mut String,
}

impl KeySerializer<'_> {
    fn text(self, key: &str) -> Result<(), YamlWriteError> {
        push_key_text(self.out, key);
        Ok(())
    }
}

fn not_a_key<T>(what: &str) -> Result<T, YamlWriteError> {
    Err(ser::Error::custom(format_args!(
        "a mapping key must be a string, number or boolean, not {what}"
    )))
}

macro_rules! integer_key {
    ($($method:ident: $ty:ty),* $(,)?) => {$(
        fn $method(self, value: $ty) -> Result<(), YamlWriteError> {
            self.out.push_str(itoa::Buffer::new().format(value));
            Ok(())
        }
    )*};
}

impl<'k> ser::Serializer for KeySerializer<'k> {
    type Ok = ();
    type Error = YamlWriteError;
    type SerializeSeq = ser::Impossible<(), YamlWriteError>;
    type SerializeTuple = ser::Impossible<(), YamlWriteError>;
    type SerializeTupleStruct = ser::Impossible<(), YamlWriteError>;
    type SerializeTupleVariant = ser::Impossible<(), YamlWriteError>;
    type SerializeMap = ser::Impossible<(), YamlWriteError>;
    type SerializeStruct = ser::Impossible<(), YamlWriteError>;
    type SerializeStructVariant = ser::Impossible<(), YamlWriteError>;

    fn serialize_bool(self, value: bool) -> Result<(), YamlWriteError> {
        self.out.push_str(if value { "true" } else { "false" });
        Ok(())
    }
    integer_key! {
        serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64,
        serialize_i128: i128, serialize_u8: u8, serialize_u16: u16, serialize_u32: u32,
        serialize_u64: u64, serialize_u128: u128,
    }
    fn serialize_f32(self, value: f32) -> Result<(), YamlWriteError> {
        self.serialize_f64(f64::from(value))
    }
    fn serialize_f64(self, value: f64) -> Result<(), YamlWriteError> {
        let _ = write!(self.out, "{}", Float(value));
        Ok(())
    }
    fn serialize_char(self, value: char) -> Result<(), YamlWriteError> {
        self.text(value.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, value: &str) -> Result<(), YamlWriteError> {
        self.text(value)
    }
    fn serialize_bytes(self, _value: &[u8]) -> Result<(), YamlWriteError> {
        not_a_key("bytes")
    }
    fn serialize_none(self) -> Result<(), YamlWriteError> {
        self.out.push_str("null");
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), YamlWriteError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), YamlWriteError> {
        self.serialize_none()
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), YamlWriteError> {
        self.serialize_none()
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), YamlWriteError> {
        self.text(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), YamlWriteError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<(), YamlWriteError> {
        not_a_key("an enum variant with data")
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, YamlWriteError> {
        not_a_key("a sequence")
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, YamlWriteError> {
        not_a_key("a tuple")
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct, YamlWriteError> {
        not_a_key("a tuple struct")
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, YamlWriteError> {
        not_a_key("an enum variant with data")
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, YamlWriteError> {
        not_a_key("a mapping")
    }
    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStruct, YamlWriteError> {
        not_a_key("a struct")
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, YamlWriteError> {
        not_a_key("an enum variant with data")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn yaml<T: Serialize>(value: &T) -> String {
        let mut out = String::new();
        write_document(&mut out, value).unwrap();
        out
    }

    fn back(text: &str) -> serde_json::Value {
        serde_saphyr::from_str(text).unwrap_or_else(|e| panic!("{text}\n{e}"))
    }

    #[test]
    fn layout_is_kubectls() {
        let value = serde_json::json!({
            "a": {"b": [1, {"c": "d", "e": []}, [2, 3]], "f": {}},
            "g": [],
            "h": [[], {}],
        });
        let text = yaml(&value);
        assert_eq!(
            text,
            "a:\n  b:\n  - 1\n  - c: d\n    e: []\n  - - 2\n    - 3\n  f: {}\ng: []\nh:\n- []\n- {}\n"
        );
        assert_eq!(back(&text), value);
    }

    #[test]
    fn every_reserved_word_is_refused_in_either_case() {
        for word in RESERVED {
            for word in [word.to_string(), word.to_ascii_uppercase()] {
                assert!(!plain_is_safe(&word), "{word}");
            }
        }
    }

    #[test]
    fn strings_that_look_like_other_things_are_quoted() {
        for s in [
            "",
            "true",
            "False",
            "yes",
            "NO",
            "on",
            "Off",
            "y",
            "N",
            "null",
            "Null",
            "~",
            "1",
            "-1",
            "+1",
            "0x1F",
            "0o7",
            "1e3",
            "1.5",
            ".5",
            ".inf",
            "-.inf",
            ".NaN",
            "1:20",
            "2001-12-14",
            "*",
            "&a",
            "!tag",
            "|",
            ">",
            "- a",
            "-",
            "---",
            "...",
            "a: b",
            "a:",
            "a #b",
            " a",
            "a ",
            "a  b",
            "'a'",
            "\"a\"",
            "%x",
            "@a",
            "`a",
            "{a}",
            "[a]",
            "?",
            "? a",
            "#",
            "a\tb",
            "\u{7f}",
            "\u{85}",
            "\u{feff}a",
            "\u{2028}",
            "é",
            "a\r\nb",
        ] {
            let text = yaml(&serde_json::json!({ s: s }));
            assert_eq!(
                back(&text),
                serde_json::json!({ s: s }),
                "{s:?} as {text:?}"
            );
        }
        for plain in [
            "a",
            "api.example.com",
            "./a.b",
            "*.x",
            "a b",
            "http://a:80/x",
        ] {
            let text = yaml(&plain);
            let expect_plain = !plain.starts_with('*');
            assert_eq!(text == format!("{plain}\n"), expect_plain, "{text:?}");
            assert_eq!(back(&text), plain);
        }
    }

    #[test]
    fn multi_line_strings_are_literal_blocks_when_they_can_be() {
        let cases = [
            ("a\nb\n", true),
            ("a\nb", true),
            ("a\n\nb\n", true),
            ("a\nb\n\n", false),
            (" a\nb", false),
            ("\na", false),
            ("a \nb", false),
            ("a\r\nb", false),
            ("a\n  b\n", true),
        ];
        for (s, literal) in cases {
            for value in [
                serde_json::json!({ "k": s }),
                serde_json::json!([s]),
                serde_json::json!({"k": [{"j": s}]}),
            ] {
                let text = yaml(&value);
                assert_eq!(text.contains('|'), literal, "{s:?} as {text:?}");
                assert_eq!(back(&text), value, "{s:?} as {text:?}");
            }
        }
    }

    #[test]
    fn numbers_and_keys_read_back() {
        let value = serde_json::json!({
            "f": 1.0, "g": 1e16, "h": -2.5e-7, "i": u64::MAX, "j": i64::MIN, "k": true,
            "n": null, "1": "one", "true": "t", "a: b": 1, "k".repeat(1500): {"x": [1]},
        });
        let text = yaml(&value);
        assert_eq!(back(&text), value, "{text}");
        let mut numbered = BTreeMap::new();
        numbered.insert(7u32, "seven");
        assert!(yaml(&numbered).starts_with("7: seven"));
        // Every integer width writes its decimal digits, as a value and as a key.
        let extremes = (i8::MIN, u16::MAX, i32::MIN, i128::MIN, u128::MAX, 0u8);
        let expected: String = [
            i8::MIN.to_string(),
            u16::MAX.to_string(),
            i32::MIN.to_string(),
            i128::MIN.to_string(),
            u128::MAX.to_string(),
            "0".into(),
        ]
        .iter()
        .map(|digits| format!("- {digits}\n"))
        .collect();
        assert_eq!(yaml(&extremes), expected);
        let keyed: BTreeMap<i128, u8> = [(i128::MIN, 1)].into_iter().collect();
        assert_eq!(yaml(&keyed), format!("{}: 1\n", i128::MIN));
        let bad: BTreeMap<Vec<u8>, u8> = [(vec![1], 1)].into_iter().collect();
        let mut out = String::new();
        let error = write_document(&mut out, &bad).unwrap_err();
        assert!(error.to_string().contains("mapping key"), "{error}");
    }

    #[test]
    fn field_names_are_quoted_when_not_plain_every_time() {
        #[derive(serde::Serialize)]
        struct Fields {
            plain: u8,
            #[serde(rename = "yes")]
            reserved: u8,
            #[serde(rename = "a: b")]
            colon: u8,
            #[serde(rename = "")]
            empty: u8,
        }
        let fields = Fields {
            plain: 1,
            reserved: 2,
            colon: 3,
            empty: 4,
        };
        let expected = "plain: 1\n\"yes\": 2\n\"a: b\": 3\n\"\": 4\n";
        // The second write reads the field-name cache the first one filled.
        assert_eq!(yaml(&fields), expected);
        assert_eq!(yaml(&fields), expected);
    }

    #[test]
    fn long_keys_are_explicit_wherever_they_sit() {
        let long = "k".repeat(1200);
        let value = serde_json::json!([
            { long.clone(): [1, 2], "b": "c" },
            { "a": { long.clone(): { "x": "y" } } },
            { long.clone(): "line one\nline two\n" },
        ]);
        let text = yaml(&value);
        assert_eq!(text.matches("? ").count(), 3, "{text}");
        assert_eq!(back(&text), value, "{text}");
    }

    #[test]
    fn enums_take_their_serde_shapes() {
        #[derive(serde::Serialize)]
        enum E {
            Unit,
            New(u8),
            Tuple(u8, u8),
            Struct { a: u8 },
        }
        let text = yaml(&vec![
            E::Unit,
            E::New(1),
            E::Tuple(1, 2),
            E::Struct { a: 1 },
        ]);
        assert_eq!(
            text,
            "- Unit\n- New: 1\n- Tuple:\n  - 1\n  - 2\n- Struct:\n    a: 1\n"
        );
        assert_eq!(
            back(&text),
            serde_json::json!(["Unit", {"New": 1}, {"Tuple": [1, 2]}, {"Struct": {"a": 1}}])
        );
    }

    fn tricky_string() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let pieces = vec![
            "a",
            "Z",
            "-",
            " ",
            "  ",
            ":",
            "#",
            "\n",
            "\t",
            "\r",
            "'",
            "\"",
            "\\",
            "1",
            "0",
            ".",
            "*",
            "true",
            "No",
            "null",
            "~",
            "\u{e9}",
            "\u{85}",
            "\u{feff}",
            "\u{2028}",
            "|",
            ">",
            "{",
            "}",
            "[",
            "]",
            "?",
            "%",
            "@",
            "`",
            "!",
            "&",
            ",",
            "0x",
            "e",
            "---",
            "...",
            "/",
            "\u{7f}",
            "\u{0}",
            "\u{1f600}",
        ];
        let parts = proptest::collection::vec(proptest::sample::select(pieces), 0..8);
        prop_oneof![
            any::<String>(),
            parts.clone().prop_map(|parts| parts.concat()),
            // Strings that start like plain scalars, so the plain-or-quoted decision is tried.
            ("[a-z]{1,3}", parts).prop_map(|(word, parts)| word + &parts.concat()),
        ]
    }

    fn json_value() -> impl proptest::strategy::Strategy<Value = serde_json::Value> {
        use proptest::prelude::*;
        use serde_json::Value;
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            any::<f64>()
                .prop_filter("finite", |f| f.is_finite())
                .prop_map(Value::from),
            tricky_string().prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 48, 6, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                proptest::collection::btree_map(tricky_string(), inner, 0..6)
                    .prop_map(|map| Value::Object(map.into_iter().collect())),
            ]
        })
    }

    proptest::proptest! {
        #[test]
        fn any_json_value_reads_back_equal(value in json_value()) {
            let text = yaml(&value);
            let read: serde_json::Value = serde_saphyr::from_str(&text)
                .map_err(|e| proptest::test_runner::TestCaseError::fail(format!("{text}\n{e}")))?;
            proptest::prop_assert_eq!(read, value, "{}", text);
        }
    }
}
