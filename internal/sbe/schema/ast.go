// Package schema parses SBE 1.0 message schema XML into a tree that is
// faithful to the document: elements in document order, attributes as the
// raw strings written (an absent attribute is ""), element text trimmed of
// surrounding white space, and every node with its file, line and column.
//
// xi:include elements are replaced by the elements of the included file, as
// an XInclude processor does; the included nodes carry the included file's
// name in their positions. Semantic checks (types exist, offsets, versions,
// ...) belong to package ir; this package reports only malformed XML, a
// structure the schema language does not allow (an unknown element, a field
// outside a message), and include failures.
package schema

// Schema is the root messageSchema element.
type Schema struct {
	Pos             Pos
	Package         string
	ID              string
	Version         string
	SemanticVersion string
	Description     string
	ByteOrder       string
	HeaderType      string
	// Types holds the children of every <types> element in document order.
	Types []TypeDecl
	// TypesPos holds the position of each <types> element.
	TypesPos []Pos
	Messages []*Message
	// File is the name of the root file; Includes the names of the included
	// files in include order.
	File     string
	Includes []string
}

// TypeDecl is a type declaration: *Type, *Enum, *Set, *Composite, or (only
// inside a composite) *Ref.
type TypeDecl interface {
	// DeclName returns the name attribute.
	DeclName() string
	// Position returns the position of the element.
	Position() Pos
}

// Type is a <type> element (an encoded type).
type Type struct {
	Pos               Pos
	Name              string
	PrimitiveType     string
	Length            string
	Presence          string
	NullValue         string
	MinValue          string
	MaxValue          string
	CharacterEncoding string
	SemanticType      string
	Description       string
	SinceVersion      string
	Deprecated        string
	Offset            string
	ValueRef          string
	// Text is the element's text (a constant's value).
	Text string
}

// Enum is an <enum> element.
type Enum struct {
	Pos          Pos
	Name         string
	EncodingType string
	Presence     string
	NullValue    string
	SemanticType string
	Description  string
	SinceVersion string
	Deprecated   string
	Offset       string
	Values       []*ValidValue
}

// ValidValue is a <validValue> element of an enum.
type ValidValue struct {
	Pos          Pos
	Name         string
	Description  string
	SinceVersion string
	Deprecated   string
	Text         string
}

// Set is a <set> element.
type Set struct {
	Pos          Pos
	Name         string
	EncodingType string
	SemanticType string
	Description  string
	SinceVersion string
	Deprecated   string
	Offset       string
	Choices      []*Choice
}

// Choice is a <choice> element of a set.
type Choice struct {
	Pos          Pos
	Name         string
	Description  string
	SinceVersion string
	Deprecated   string
	Text         string
}

// Composite is a <composite> element.
type Composite struct {
	Pos          Pos
	Name         string
	SemanticType string
	Description  string
	SinceVersion string
	Deprecated   string
	Offset       string
	Members      []TypeDecl
}

// Ref is a <ref> element inside a composite.
type Ref struct {
	Pos          Pos
	Name         string
	Type         string
	Offset       string
	SinceVersion string
	Deprecated   string
	Description  string
}

// DeclName implements TypeDecl.
func (t *Type) DeclName() string { return t.Name }

// Position implements TypeDecl.
func (t *Type) Position() Pos { return t.Pos }

// DeclName implements TypeDecl.
func (t *Enum) DeclName() string { return t.Name }

// Position implements TypeDecl.
func (t *Enum) Position() Pos { return t.Pos }

// DeclName implements TypeDecl.
func (t *Set) DeclName() string { return t.Name }

// Position implements TypeDecl.
func (t *Set) Position() Pos { return t.Pos }

// DeclName implements TypeDecl.
func (t *Composite) DeclName() string { return t.Name }

// Position implements TypeDecl.
func (t *Composite) Position() Pos { return t.Pos }

// DeclName implements TypeDecl.
func (t *Ref) DeclName() string { return t.Name }

// Position implements TypeDecl.
func (t *Ref) Position() Pos { return t.Pos }

// Message is an <sbe:message> element.
type Message struct {
	Pos          Pos
	Name         string
	ID           string
	BlockLength  string
	SemanticType string
	Description  string
	SinceVersion string
	Deprecated   string
	// Members are the <field>, <group> and <data> children in document order.
	Members []Member
}

// Member is a child of a message or group: *Field, *Group or *Data.
type Member interface {
	// MemberName returns the name attribute.
	MemberName() string
	// Position returns the position of the element.
	Position() Pos
}

// Field is a <field> element.
type Field struct {
	Pos          Pos
	Name         string
	ID           string
	Type         string
	Offset       string
	Presence     string
	ValueRef     string
	SinceVersion string
	Deprecated   string
	SemanticType string
	Description  string
	Epoch        string
	TimeUnit     string
}

// Group is a <group> element.
type Group struct {
	Pos           Pos
	Name          string
	ID            string
	DimensionType string
	BlockLength   string
	SemanticType  string
	Description   string
	SinceVersion  string
	Deprecated    string
	Members       []Member
}

// Data is a <data> element.
type Data struct {
	Pos          Pos
	Name         string
	ID           string
	Type         string
	Presence     string
	SemanticType string
	Description  string
	SinceVersion string
	Deprecated   string
}

// MemberName implements Member.
func (f *Field) MemberName() string { return f.Name }

// Position implements Member.
func (f *Field) Position() Pos { return f.Pos }

// MemberName implements Member.
func (g *Group) MemberName() string { return g.Name }

// Position implements Member.
func (g *Group) Position() Pos { return g.Pos }

// MemberName implements Member.
func (d *Data) MemberName() string { return d.Name }

// Position implements Member.
func (d *Data) Position() Pos { return d.Pos }
