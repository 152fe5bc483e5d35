// Package ir is the resolved, validated model of one SBE message schema.
//
// It is built from the faithful XML tree of package schema and precomputes
// everything a code emitter or an on-the-fly codec needs: the primitive of
// every encoded value, offsets inside composites and blocks, block lengths,
// schema versions (sinceVersion inherited from the enclosing message, group
// and type), null, minimum and maximum values with the specification's
// defaults applied, and Go identifiers with collisions resolved. Consumers
// never derive a name or an offset themselves.
//
// Every slice in the model is in a deterministic order (document order after
// xi:include expansion unless documented otherwise), and building the same
// schema twice gives deeply equal values.
//
// # Validation
//
// Build reports every problem it finds as an *Error (file:line:col, rule,
// message) in an ErrorList sorted by position, and never panics. The rules,
// by the name that appears in messages:
//
//   - xml, structure, xi:include: malformed XML, unexpected elements, and
//     include failures (missing file, cycle, unsupported parse or xpointer),
//     reported by package schema.
//   - attribute, name: missing or malformed ids, names, offsets, lengths,
//     versions; a field's semanticType that differs from its type's.
//   - duplicate: type, member, message, enum value and set choice names;
//     message ids; member ids within one message or group level; enum
//     values and choice bits.
//   - unknown type, composite cycle, encodingType: references that do not
//     resolve, composites that contain themselves, enums over floats, sets
//     over anything but uint8..uint64.
//   - valueRef, constant, presence: valueRef syntax and target, constants
//     without a value or with a value that does not parse, presence values,
//     constant enum types, constant var data.
//   - value range, null/min/max: enum values outside the encoding's range
//     or equal to its null, set bits beyond the encoding's width, nullValue,
//     minValue and maxValue that do not parse for the primitive, min > max.
//   - characterEncoding: on a primitive other than char or uint8.
//   - member order: fields after a group or var data, groups after var data.
//   - offset, blockLength: explicit offsets that overlap or go backwards,
//     fields beyond an explicit blockLength (blockLength="0" means computed),
//     block lengths that do not fit the header or dimension type.
//   - headerType, dimensionType, var data type: the header composite with
//     unsigned blockLength, templateId, schemaId and version, which also
//     bound block lengths, message ids, the schema id and version; group
//     dimensions with unsigned blockLength and numInGroup; var data
//     composites with an unsigned length and a uint8 or char varData right
//     after it.
//   - sinceVersion: a sinceVersion greater than the schema version.
package ir

import (
	"encoding/binary"
	"slices"

	"github.com/aerongo/aerongo/internal/sbe/schema"
)

// Pos is a position in a schema file: base file name, 1-based line and column.
type Pos = schema.Pos

// Error is one schema error: its position, the rule broken and a message.
type Error = schema.Error

// ErrorList is a list of schema errors sorted by file and line; it is the
// error type returned by Load and Build when a schema is rejected.
type ErrorList = schema.ErrorList

// Schema is one resolved message schema.
type Schema struct {
	// Package is the schema's package attribute as written, e.g. "io.aeron.archive.codecs".
	Package string
	// GoPackage is a valid Go package name derived from Package: its last
	// dot-separated element, lower-cased, with characters other than letters,
	// digits and '_' removed (e.g. "codecs"); "sbe" if nothing remains, an
	// "x" prefix before a leading digit, and a "pkg" suffix after a Go keyword.
	GoPackage string
	// ID is the schema id (messageSchema id attribute).
	ID int
	// Version is the schema version (messageSchema version attribute, 0 when absent).
	Version int
	// SemanticVersion is the semanticVersion attribute, verbatim.
	SemanticVersion string
	// Description is the schema's description attribute.
	Description string
	// ByteOrder is binary.LittleEndian or binary.BigEndian.
	ByteOrder binary.ByteOrder `json:"-"`
	// ByteOrderName is "littleEndian" or "bigEndian", as in the schema.
	ByteOrderName string
	// BigEndian reports ByteOrderName == "bigEndian".
	BigEndian bool
	// Header is the message header composite (headerType, "messageHeader" by default).
	Header *Header
	// Types lists every named type of the schema: the top-level types in
	// document order, each enum, set or composite declared inside a composite
	// directly after the composite that declares it.
	Types []Type
	// Enums, Sets, Composites and Encoded are Types split by kind, same order.
	Enums      []*Enum
	Sets       []*Set
	Composites []*Composite
	Encoded    []*Encoded
	// Messages in document order.
	Messages []*Message
	// SourceFile is the base name of the schema file (never an absolute path).
	SourceFile string
	// Files is the base name of the schema file followed by the names of
	// the files it xi:includes (relative to it), in include order.
	Files []string
	// Pos is the position of the messageSchema element.
	Pos Pos

	byName map[string]Type
}

// Lookup returns the top-level type with the given schema name, or nil.
func (s *Schema) Lookup(name string) Type {
	if s == nil {
		return nil
	}
	return s.byName[name]
}

// Message returns the message with the given template id, or nil.
func (s *Schema) Message(id int) *Message {
	if s == nil {
		return nil
	}
	for _, m := range s.Messages {
		if m.ID == id {
			return m
		}
	}
	return nil
}

// MessageByName returns the message with the given schema name, or nil.
func (s *Schema) MessageByName(name string) *Message {
	if s == nil {
		return nil
	}
	for _, m := range s.Messages {
		if m.Name == name {
			return m
		}
	}
	return nil
}

// Header is the resolved message header composite. BlockLength, TemplateID,
// SchemaID and Version are members of Composite with their offsets resolved;
// any other members of the composite are extra header fields.
type Header struct {
	Composite   *Composite
	BlockLength *Member
	TemplateID  *Member
	SchemaID    *Member
	Version     *Member
	// Extra lists header members other than the four standard ones.
	Extra []*Member
	// Size is the encoded size of the header in bytes.
	Size int
}

// Presence is the presence of an encoded value.
type Presence uint8

const (
	// Required values are always present.
	Required Presence = iota
	// Optional values may hold the null value.
	Optional
	// Constant values are not on the wire; their value comes from the schema.
	Constant
)

// String returns the schema spelling: "required", "optional" or "constant".
func (p Presence) String() string {
	switch p {
	case Optional:
		return "optional"
	case Constant:
		return "constant"
	default:
		return "required"
	}
}

// TypeKind tells which concrete type a Type is.
type TypeKind uint8

const (
	// KindEncoded is *Encoded.
	KindEncoded TypeKind = iota + 1
	// KindEnum is *Enum.
	KindEnum
	// KindSet is *Set.
	KindSet
	// KindComposite is *Composite.
	KindComposite
)

// String returns "type", "enum", "set" or "composite".
func (k TypeKind) String() string {
	switch k {
	case KindEncoded:
		return "type"
	case KindEnum:
		return "enum"
	case KindSet:
		return "set"
	case KindComposite:
		return "composite"
	}
	return "invalid"
}

// Type is a resolved schema type: *Encoded, *Enum, *Set or *Composite.
type Type interface {
	// Kind tells the concrete type.
	Kind() TypeKind
	// TypeName is the name in the schema ("uint64" for an implicit primitive type).
	TypeName() string
	// TypeGoName is the Go identifier of the type ("" for an implicit primitive type).
	TypeGoName() string
	// EncodedSize is the size in bytes of one encoded value (0 for a
	// variable-length varData member, and for constants on the wire).
	EncodedSize() int
	// Position is where the type is declared.
	Position() Pos
}

// Encoded is a simple type: a primitive, or a fixed-length array of one.
type Encoded struct {
	// Name is the schema name. For a field declared with a primitive type
	// name (type="uint64"), Name is the primitive name and Builtin is true.
	Name string
	// GoName is the Go identifier of a named type; it is "" for a builtin
	// and for a <type> declared inside a composite (which is only a member).
	GoName string
	// Builtin is true for the implicit type of a primitive type name.
	Builtin   bool
	Primitive Primitive
	// Length is the number of elements: 1 for a single value, greater than 1
	// for a fixed-length array, 0 for the varData of a var data composite.
	// For a constant char array it is the length attribute, else the length
	// of the constant text.
	Length int
	// Array reports Length != 1.
	Array bool
	// CharacterEncoding is the characterEncoding attribute; a char type
	// without one has "US-ASCII".
	CharacterEncoding string
	Presence          Presence
	// ConstValue is the constant's text from the schema (element text, or
	// the enum value's literal for a valueRef) when Presence is Constant.
	// A constant char array is Length bytes: ConstValue padded with NULs
	// when the length attribute is longer than the text.
	ConstValue string
	// Const is the parsed constant value of a single-element constant.
	Const *Value
	// ValueRef is the enum value a constant refers to with valueRef, or nil.
	ValueRef *EnumValueRef
	// NullValue, MinValue and MaxValue are always set; the specification's
	// defaults for the primitive apply where the schema gives none.
	NullValue Value
	MinValue  Value
	MaxValue  Value
	// CustomNull, CustomMin and CustomMax report an explicit attribute.
	CustomNull   bool
	CustomMin    bool
	CustomMax    bool
	SinceVersion int
	Deprecated   int
	IsDeprecated bool
	SemanticType string
	Description  string
	Pos          Pos
}

// Size is Primitive.Size() * Length, or 0 for a constant.
func (t *Encoded) Size() int {
	if t.Presence == Constant {
		return 0
	}
	return t.Primitive.Size() * t.Length
}

// Kind implements Type.
func (t *Encoded) Kind() TypeKind { return KindEncoded }

// TypeName implements Type.
func (t *Encoded) TypeName() string { return t.Name }

// TypeGoName implements Type.
func (t *Encoded) TypeGoName() string { return t.GoName }

// EncodedSize implements Type.
func (t *Encoded) EncodedSize() int { return t.Size() }

// Position implements Type.
func (t *Encoded) Position() Pos { return t.Pos }

// IsString reports a char array or a uint8 array with a character encoding:
// a value a codec shows as text.
func (t *Encoded) IsString() bool {
	return t.Array && (t.Primitive == Char || (t.Primitive == Uint8 && t.CharacterEncoding != ""))
}

// EnumValueRef is a resolved valueRef: an enum and one of its values.
type EnumValueRef struct {
	Enum  *Enum
	Value *EnumValue
}

// Enum is an enumeration over a char or integer encoding.
type Enum struct {
	Name   string
	GoName string
	// Encoding is the primitive of the encodingType (directly, or through a named encoded type).
	Encoding Primitive
	// EncodingTypeName is the encodingType attribute as written.
	EncodingTypeName string
	// Presence is the enum's presence attribute, else the presence of a
	// named encoding type (Required or Optional).
	Presence Presence
	Values   []*EnumValue
	// NullValue is the enum's nullValue attribute, else the named encoding
	// type's null value, else the primitive's default; for integer
	// encodings no value in Values equals it.
	NullValue Value
	// NullName is the Go identifier of the null constant, GoName+"NullValue".
	NullName     string
	SinceVersion int
	Deprecated   int
	IsDeprecated bool
	SemanticType string
	Description  string
	Pos          Pos
}

// Kind implements Type.
func (t *Enum) Kind() TypeKind { return KindEnum }

// TypeName implements Type.
func (t *Enum) TypeName() string { return t.Name }

// TypeGoName implements Type.
func (t *Enum) TypeGoName() string { return t.GoName }

// EncodedSize implements Type.
func (t *Enum) EncodedSize() int { return t.Encoding.Size() }

// Position implements Type.
func (t *Enum) Position() Pos { return t.Pos }

// ValueByName returns the value with the given schema name, or nil.
func (t *Enum) ValueByName(name string) *EnumValue {
	for _, v := range t.Values {
		if v.Name == name {
			return v
		}
	}
	return nil
}

// EnumValue is one validValue of an enum.
type EnumValue struct {
	Name string
	// GoName is the value's name in Go casing ("SUPERCHARGER" -> "Supercharger").
	GoName string
	// ConstName is the Go constant identifier, Enum.GoName+GoName (e.g. "BoostTypeSupercharger").
	ConstName string
	// Literal is the element text as written ("T", "9").
	Literal string
	// Value is the parsed value in the enum's encoding.
	Value        Value
	SinceVersion int
	Deprecated   int
	IsDeprecated bool
	Description  string
	Pos          Pos
}

// Set is a bit set (multiple-choice) over an unsigned encoding.
type Set struct {
	Name             string
	GoName           string
	Encoding         Primitive
	EncodingTypeName string
	Choices          []*Choice
	SinceVersion     int
	Deprecated       int
	IsDeprecated     bool
	SemanticType     string
	Description      string
	Pos              Pos
}

// Kind implements Type.
func (t *Set) Kind() TypeKind { return KindSet }

// TypeName implements Type.
func (t *Set) TypeName() string { return t.Name }

// TypeGoName implements Type.
func (t *Set) TypeGoName() string { return t.GoName }

// EncodedSize implements Type.
func (t *Set) EncodedSize() int { return t.Encoding.Size() }

// Position implements Type.
func (t *Set) Position() Pos { return t.Pos }

// Choice is one bit of a set.
type Choice struct {
	Name   string
	GoName string
	// ConstName is the Go identifier of the bit constant, Set.GoName+GoName.
	ConstName string
	// HasName ("Has"+GoName) and SetterName ("Set"+GoName) name the set
	// type's methods for the choice; they never collide with each other or
	// with ReservedSetMethodNames.
	HasName    string
	SetterName string
	// Bit is the bit index, 0 for the least significant bit.
	Bit          int
	SinceVersion int
	Deprecated   int
	IsDeprecated bool
	Description  string
	Pos          Pos
}

// Composite is a composite type: an ordered list of members.
type Composite struct {
	Name   string
	GoName string
	// EncoderName and DecoderName are the Go identifiers of the composite's
	// flyweights (GoName+"Encoder", GoName+"Decoder").
	EncoderName string
	DecoderName string
	// SizeName is GoName+"Size", a package-level constant name.
	SizeName string
	// WrapEncoderName and WrapDecoderName ("Wrap"+EncoderName,
	// "Wrap"+DecoderName, or with a numeric suffix after GoName when taken)
	// are the package-level functions that put the flyweights over a
	// caller's buffer. They are claimed after every type's names, so they
	// never rename a type.
	WrapEncoderName string
	WrapDecoderName string
	// NullBlockName is "null"+GoName, the package-level variable holding
	// the composite's null image (see NullImage) for composite fields newer
	// than a reader's acting version.
	NullBlockName string
	// IsHeader marks the schema's header type; IsDimension a composite used
	// as a group's dimensionType; IsVarData a composite shaped as a var data
	// encoding (members "length" and "varData"), whether used or not.
	IsHeader    bool
	IsDimension bool
	IsVarData   bool
	// UsedAsVarData marks a composite that is the type of a <data> element.
	UsedAsVarData bool
	// VarLength marks a composite with a member of length 0 (the varData
	// of a var data encoding): it has no fixed layout, and generated code
	// gives it no flyweight or plain struct.
	VarLength bool
	Members   []*Member
	// Size is the encoded size in bytes (end of the last member, padding included).
	Size         int
	SinceVersion int
	Deprecated   int
	IsDeprecated bool
	SemanticType string
	Description  string
	Pos          Pos
}

// Kind implements Type.
func (t *Composite) Kind() TypeKind { return KindComposite }

// TypeName implements Type.
func (t *Composite) TypeName() string { return t.Name }

// TypeGoName implements Type.
func (t *Composite) TypeGoName() string { return t.GoName }

// EncodedSize implements Type.
func (t *Composite) EncodedSize() int { return t.Size }

// Position implements Type.
func (t *Composite) Position() Pos { return t.Pos }

// Member returns the member with the given schema name, or nil.
func (t *Composite) Member(name string) *Member {
	for _, m := range t.Members {
		if m.Name == name {
			return m
		}
	}
	return nil
}

// NullImage returns the encoding of the composite in the given byte order
// with every non-constant member holding its null value (nested
// composites included, arrays element by element): a composite field newer
// than a reader's acting version reads from it. It is Size bytes long.
func (t *Composite) NullImage(order binary.ByteOrder) []byte {
	b := make([]byte, t.Size)
	t.fillNull(b, order)
	return b
}

func (t *Composite) fillNull(b []byte, order binary.ByteOrder) {
	for _, m := range t.Members {
		if m.Presence == Constant {
			continue
		}
		at := b[m.Offset:]
		switch mt := m.Type.(type) {
		case *Encoded:
			n := mt.Primitive.Size()
			for i := 0; i < mt.Length; i++ {
				mt.NullValue.put(at[i*n:], order)
			}
		case *Enum:
			mt.NullValue.put(at, order)
		case *Composite:
			mt.fillNull(at, order)
		}
	}
}

// Member is one member of a composite.
type Member struct {
	Name string
	// GoName is the accessor name; SetterName is "Set"+GoName.
	GoName     string
	SetterName string
	// Derived accessor names, all reserved in the composite's scope:
	// AtName = GoName+"At", SetAtName = SetterName+"At", IsNullName =
	// GoName+"IsNull", SetNullName = SetterName+"Null", SetStringName =
	// SetterName+"String", BytesName = GoName+"Bytes".
	AtName        string
	SetAtName     string
	IsNullName    string
	SetNullName   string
	SetStringName string
	BytesName     string
	// Offset is the byte offset within the composite.
	Offset int
	// Type is the member's type. For a <type> member it is an *Encoded
	// declared in place; for an <enum>, <set> or <composite> member the
	// type declared in place (also listed in Schema.Types); for a <ref> the
	// referenced type.
	Type Type
	// Ref is true for a <ref> member.
	Ref          bool
	Presence     Presence
	SinceVersion int
	Deprecated   int
	IsDeprecated bool
	Description  string
	Pos          Pos
}

// Size is the encoded size of the member (0 for a constant).
func (m *Member) Size() int { return m.Type.EncodedSize() }

// Message is one message of the schema.
type Message struct {
	Name   string
	GoName string
	// EncoderName and DecoderName name the message's flyweights
	// (GoName+"Encoder", GoName+"Decoder").
	EncoderName string
	DecoderName string
	// HandlerName is "On"+GoName, the dispatcher's handler field;
	// HandlerDecoderName is "d"+GoName, the dispatcher's unexported field
	// holding the message's decoder. Neither collides with the other
	// fields of the dispatcher (OnUnknownTemplate).
	HandlerName        string
	HandlerDecoderName string
	ID                 int
	// Path is the schema path used in error messages: the message name.
	Path string
	// BlockLength is the root block length: the explicit blockLength
	// attribute, or the end of the last fixed field.
	BlockLength int
	// BlockNeeds lists the block bytes each acting version needs (see
	// BlockNeed): a decoder rejects a shorter block.
	BlockNeeds   []BlockNeed
	SemanticType string
	SinceVersion int
	Deprecated   int
	IsDeprecated bool
	Description  string
	Fields       []*Field
	Groups       []*Group
	Data         []*Data
	Pos          Pos
}

// Field is one fixed-size field of a message or group block.
type Field struct {
	Name       string
	GoName     string
	SetterName string
	// Derived accessor names, reserved in the block's scope like those of
	// Member: AtName, SetAtName, IsNullName, SetNullName, SetStringName,
	// BytesName.
	AtName        string
	SetAtName     string
	IsNullName    string
	SetNullName   string
	SetStringName string
	BytesName     string
	ID            int
	// Offset is the byte offset in the block.
	Offset int
	// Size is the encoded size (0 for a constant field).
	Size int
	Type Type
	// Presence is the effective presence: the field's presence attribute
	// when given, else the presence of its type. An optional set or
	// composite field has no null value of its own (see NullValue); the
	// members of a composite carry their own presence.
	Presence Presence
	// ConstValue, Const and ValueRef describe a constant field; they come
	// from the field's valueRef, else from its constant type.
	ConstValue string
	Const      *Value
	ValueRef   *EnumValueRef
	// SinceVersion is the field's sinceVersion, raised to that of the
	// enclosing message or group and of the field's type when those are
	// higher: a reader whose acting version is lower reads the field as null.
	SinceVersion int
	Deprecated   int
	IsDeprecated bool
	// SemanticType is the field's semanticType, else its type's.
	SemanticType string
	Description  string
	Epoch        string
	TimeUnit     string
	Pos          Pos
}

// Group is a repeating group.
type Group struct {
	Name   string
	GoName string
	// TypeName is the Go identifier of one entry's plain struct, qualified by
	// its parents (e.g. "CarFuelFigures"); EncoderName and DecoderName are
	// TypeName+"Encoder" and TypeName+"Decoder".
	TypeName    string
	EncoderName string
	DecoderName string
	// CountName is GoName+"Count", the parent encoder's method that starts
	// the group; it is reserved in the parent's scope.
	CountName string
	// ChildName is "g"+GoName, the unexported field of the parent's
	// flyweights that holds the group's decoder or encoder. It cannot
	// collide with the flyweights' other fields, which start with a
	// lower-case letter followed by another.
	ChildName string
	ID        int
	// Path is the schema path used in error messages, the names of the
	// enclosing message and groups and the group's own, joined by dots
	// ("Car.fuelFigures").
	Path string
	// DimensionType is the dimension composite; BlockLengthMember and
	// NumInGroupMember are its members with offsets resolved.
	DimensionType     *Composite
	BlockLengthMember *Member
	NumInGroupMember  *Member
	// MaxCount is the largest entry count: the numInGroup member's
	// maxValue (its primitive's default maximum when the schema gives
	// none), at most math.MaxInt64. HasMaxCount reports an explicit
	// maxValue, which decoders enforce as well as encoders.
	MaxCount    uint64
	HasMaxCount bool
	// BlockLength is the block length of one entry.
	BlockLength int
	// BlockNeeds lists the entry block bytes each acting version needs.
	BlockNeeds   []BlockNeed
	SemanticType string
	// SinceVersion is at least the SinceVersion of the enclosing group.
	SinceVersion int
	Deprecated   int
	IsDeprecated bool
	Description  string
	Fields       []*Field
	Groups       []*Group
	Data         []*Data
	Pos          Pos
}

// BlockNeed is the number of block bytes that the fields of a message or
// group entry occupy for readers at an acting version: the largest end
// (offset+size) of the non-constant fields whose SinceVersion is at most
// Version. A BlockNeeds list starts at version 0 and has one entry per
// version at which the need grows, in increasing order; the need of an
// acting version is that of the last entry whose Version is not above it.
type BlockNeed struct {
	Version int
	Length  int
}

// blockNeeds computes a BlockNeeds list.
func blockNeeds(fields []*Field) []BlockNeed {
	versions := []int{0}
	for _, f := range fields {
		if !slices.Contains(versions, f.SinceVersion) {
			versions = append(versions, f.SinceVersion)
		}
	}
	slices.Sort(versions)
	var out []BlockNeed
	for _, v := range versions {
		need := 0
		for _, f := range fields {
			if f.SinceVersion <= v && f.Presence != Constant && f.Offset+f.Size > need {
				need = f.Offset + f.Size
			}
		}
		if len(out) == 0 || out[len(out)-1].Length != need {
			out = append(out, BlockNeed{Version: v, Length: need})
		}
	}
	return out
}

// Data is a variable-length data field.
type Data struct {
	Name       string
	GoName     string
	SetterName string
	// SetStringName is SetterName+"String".
	SetStringName string
	ID            int
	// Path is the schema path used in error messages ("Car.manufacturer").
	Path string
	// Type is the var data composite; LengthMember and VarDataMember are its
	// "length" and "varData" members.
	Type          *Composite
	LengthMember  *Member
	VarDataMember *Member
	// LengthPrimitive is the primitive of the length, VarDataPrimitive of an element.
	LengthPrimitive  Primitive
	VarDataPrimitive Primitive
	// MaxLength is the length member's maxValue (its primitive's max by default).
	MaxLength uint64
	// CharacterEncoding is the varData member's characterEncoding; IsString
	// reports it is set (the value is text, else bytes).
	CharacterEncoding string
	IsString          bool
	SemanticType      string
	SinceVersion      int
	Deprecated        int
	IsDeprecated      bool
	Description       string
	Pos               Pos
}

// Load reads, parses (following xi:include relative to the file) and
// builds one schema file.
func Load(path string) (*Schema, error) {
	doc, err := schema.ParseFile(path)
	if err != nil {
		return nil, err
	}
	return Build(doc)
}

// LoadBytes parses and builds a schema held in memory. name is used in
// positions; include resolves xi:include hrefs (nil rejects includes).
func LoadBytes(name string, src []byte, include schema.IncludeFunc) (*Schema, error) {
	doc, err := schema.Parse(name, src, include)
	if err != nil {
		return nil, err
	}
	return Build(doc)
}

// Build resolves and validates a parsed schema. A rejected schema gives an
// ErrorList holding every error found, sorted by position.
func Build(doc *schema.Schema) (*Schema, error) {
	if doc == nil {
		return nil, ErrorList{{Rule: "structure", Msg: "no schema document"}}
	}
	b := newBuilder(doc)
	s := b.build()
	if err := b.errs.Err(); err != nil {
		return nil, err
	}
	return s, nil
}

// NullValue returns the value that encodes null for the field: the null
// value of its encoded type or enum. ok is false for sets and composites,
// which have no null value of their own.
func (f *Field) NullValue() (v Value, ok bool) {
	switch t := f.Type.(type) {
	case *Encoded:
		return t.NullValue, true
	case *Enum:
		return t.NullValue, true
	}
	return Value{}, false
}
