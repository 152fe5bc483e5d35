package ir

import (
	"encoding/binary"
	"path"
	"strconv"
	"strings"

	"github.com/aerongo/aerongo/internal/sbe/schema"
)

// Rule names used in errors.
const (
	ruleAttr        = "attribute"
	ruleName        = "name"
	ruleDuplicate   = "duplicate"
	ruleUnknownType = "unknown type"
	ruleValueRef    = "valueRef"
	ruleOrder       = "member order"
	ruleOffset      = "offset"
	ruleBlockLength = "blockLength"
	ruleRange       = "value range"
	ruleConstant    = "constant"
	ruleNull        = "null/min/max"
	ruleHeader      = "headerType"
	ruleDimension   = "dimensionType"
	ruleVarData     = "var data type"
	ruleVersion     = "sinceVersion"
	ruleCycle       = "composite cycle"
	ruleCharEnc     = "characterEncoding"
	ruleEncoding    = "encodingType"
	ruleByteOrder   = "byteOrder"
	rulePresence    = "presence"
	ruleLength      = "length"
)

// maxOffset bounds offsets, lengths and block lengths so that sums cannot
// overflow; no SBE length field is wider than 32 bits in practice.
const maxOffset = 1 << 30

type builder struct {
	doc  *schema.Schema
	s    *Schema
	errs ErrorList

	decls     map[string]schema.TypeDecl
	resolved  map[schema.TypeDecl]Type
	resolving map[schema.TypeDecl]bool
	// nested lists the types declared inside each composite, in order.
	nested map[*Composite][]Type
}

func newBuilder(doc *schema.Schema) *builder {
	return &builder{
		doc:       doc,
		decls:     map[string]schema.TypeDecl{},
		resolved:  map[schema.TypeDecl]Type{},
		resolving: map[schema.TypeDecl]bool{},
		nested:    map[*Composite][]Type{},
	}
}

func (b *builder) errorf(pos Pos, rule, format string, args ...any) {
	b.errs.Add(pos, rule, format, args...)
}

// intAttr parses an optional non-negative integer attribute bounded by max.
func (b *builder) intAttr(pos Pos, attr, text string, def, max int) int {
	if text == "" {
		return def
	}
	n, err := strconv.Atoi(strings.TrimSpace(text))
	if err != nil || n < 0 || n > max {
		b.errorf(pos, ruleAttr, "%s=%q is not an integer in [0, %d]", attr, text, max)
		return def
	}
	return n
}

func (b *builder) since(pos Pos, text string, parent int) int {
	v := b.intAttr(pos, "sinceVersion", text, 0, maxOffset)
	if v > b.s.Version {
		b.errorf(pos, ruleVersion, "sinceVersion %d is greater than the schema version %d", v, b.s.Version)
	}
	if v < parent {
		v = parent
	}
	return v
}

func (b *builder) deprecated(pos Pos, text string) (int, bool) {
	if text == "" {
		return 0, false
	}
	return b.intAttr(pos, "deprecated", text, 0, maxOffset), true
}

func (b *builder) presence(pos Pos, text string) (Presence, bool) {
	switch text {
	case "", "required":
		return Required, true
	case "optional":
		return Optional, true
	case "constant":
		return Constant, true
	}
	b.errorf(pos, rulePresence, "presence=%q is not required, optional or constant", text)
	return Required, false
}

func (b *builder) build() *Schema {
	doc := b.doc
	s := &Schema{
		Package:         doc.Package,
		GoPackage:       GoPackageName(doc.Package),
		SemanticVersion: doc.SemanticVersion,
		Description:     doc.Description,
		SourceFile:      path.Base(doc.File),
		Pos:             doc.Pos,
		byName:          map[string]Type{},
	}
	b.s = s
	s.Files = append([]string{s.SourceFile}, doc.Includes...)
	if doc.ID == "" {
		b.errorf(doc.Pos, ruleAttr, "messageSchema has no id")
	}
	s.ID = b.intAttr(doc.Pos, "id", doc.ID, 0, 1<<31-1)
	s.Version = b.intAttr(doc.Pos, "version", doc.Version, 0, 1<<31-1)
	switch doc.ByteOrder {
	case "", "littleEndian":
		s.ByteOrderName, s.ByteOrder = "littleEndian", binary.LittleEndian
	case "bigEndian":
		s.ByteOrderName, s.ByteOrder, s.BigEndian = "bigEndian", binary.BigEndian, true
	default:
		b.errorf(doc.Pos, ruleByteOrder, "byteOrder=%q is not littleEndian or bigEndian", doc.ByteOrder)
		s.ByteOrderName, s.ByteOrder = "littleEndian", binary.LittleEndian
	}

	// Index and resolve the top-level types.
	for _, d := range doc.Types {
		if isNil(d) {
			continue
		}
		name := d.DeclName()
		if name == "" {
			b.errorf(d.Position(), ruleName, "type without a name")
			continue
		}
		if _, ok := ParsePrimitive(name); ok {
			b.errorf(d.Position(), ruleDuplicate, "type name %q is a primitive type name", name)
			continue
		}
		if prev, ok := b.decls[name]; ok {
			b.errorf(d.Position(), ruleDuplicate, "type %q already declared at %s", name, prev.Position())
			continue
		}
		b.decls[name] = d
	}
	for _, d := range doc.Types {
		if isNil(d) || b.decls[d.DeclName()] != d {
			continue
		}
		t := b.resolveDecl(d)
		if t == nil {
			continue
		}
		s.byName[d.DeclName()] = t
		b.addType(t)
	}

	b.header()
	b.messages()
	b.names()
	return s
}

// addType appends t and the types declared inside it to the type lists.
func (b *builder) addType(t Type) {
	s := b.s
	s.Types = append(s.Types, t)
	switch t := t.(type) {
	case *Enum:
		s.Enums = append(s.Enums, t)
	case *Set:
		s.Sets = append(s.Sets, t)
	case *Encoded:
		s.Encoded = append(s.Encoded, t)
	case *Composite:
		s.Composites = append(s.Composites, t)
		for _, n := range b.nested[t] {
			b.addType(n)
		}
	}
}

// lookup resolves a type name used by a field, ref, dimensionType, ...
func (b *builder) lookup(pos Pos, name, what string) Type {
	d, ok := b.decls[name]
	if !ok {
		if name == "" {
			b.errorf(pos, ruleUnknownType, "%s has no type", what)
		} else {
			b.errorf(pos, ruleUnknownType, "%s refers to unknown type %q", what, name)
		}
		return nil
	}
	if b.resolving[d] {
		b.errorf(pos, ruleCycle, "%s: type %q contains itself (a cycle of composite refs)", what, name)
		return nil
	}
	return b.resolveDecl(d)
}

// resolveDecl resolves a top-level or nested declaration once.
func (b *builder) resolveDecl(d schema.TypeDecl) Type {
	if t, ok := b.resolved[d]; ok {
		return t
	}
	if b.resolving[d] {
		b.errorf(d.Position(), ruleCycle, "type %q contains itself (a cycle of type references)", d.DeclName())
		return nil
	}
	b.resolving[d] = true
	var t Type
	switch d := d.(type) {
	case *schema.Type:
		if e := b.encoded(d); e != nil {
			t = e
		}
	case *schema.Enum:
		if e := b.enum(d); e != nil {
			t = e
		}
	case *schema.Set:
		if e := b.set(d); e != nil {
			t = e
		}
	case *schema.Composite:
		if c := b.composite(d); c != nil {
			t = c
		}
	}
	delete(b.resolving, d)
	b.resolved[d] = t
	return t
}

// typeSemanticType returns the semanticType of a type.
func typeSemanticType(t Type) string {
	switch t := t.(type) {
	case *Encoded:
		return t.SemanticType
	case *Enum:
		return t.SemanticType
	case *Set:
		return t.SemanticType
	case *Composite:
		return t.SemanticType
	}
	return ""
}

// typeSinceVersion returns the sinceVersion of a declared type (0 for builtins).
func typeSinceVersion(t Type) int {
	switch t := t.(type) {
	case *Encoded:
		return t.SinceVersion
	case *Enum:
		return t.SinceVersion
	case *Set:
		return t.SinceVersion
	case *Composite:
		return t.SinceVersion
	}
	return 0
}

// isNil reports a nil interface or an interface holding a nil pointer, so
// that a hand-built schema tree with holes is skipped rather than followed.
func isNil(v any) bool {
	switch v := v.(type) {
	case nil:
		return true
	case *schema.Type:
		return v == nil
	case *schema.Enum:
		return v == nil
	case *schema.Set:
		return v == nil
	case *schema.Composite:
		return v == nil
	case *schema.Ref:
		return v == nil
	case *schema.Field:
		return v == nil
	case *schema.Group:
		return v == nil
	case *schema.Data:
		return v == nil
	}
	return false
}
