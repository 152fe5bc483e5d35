package ir

import (
	"encoding/binary"
	"fmt"
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
		byName:          map[string]Type{},
	}
	b.s = s
	s.Files = append([]string{s.SourceFile}, doc.Includes...)
	if doc.ID == "" {
		b.errorf(doc.Pos, ruleAttr, "messageSchema has no id")
	}
	s.ID = b.intAttr(doc.Pos, "id", doc.ID, 0, 1<<16-1)
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
		if b.decls[d.DeclName()] != d {
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

func (b *builder) encoded(d *schema.Type) *Encoded {
	pos := d.Pos
	if d.Name == "" {
		b.errorf(pos, ruleName, "type without a name")
	}
	prim, ok := ParsePrimitive(d.PrimitiveType)
	if !ok {
		if d.PrimitiveType == "" {
			b.errorf(pos, ruleAttr, "type %q has no primitiveType", d.Name)
		} else {
			b.errorf(pos, ruleUnknownType, "type %q: primitiveType %q is not an SBE primitive", d.Name, d.PrimitiveType)
		}
		return nil
	}
	t := &Encoded{
		Name:         d.Name,
		Primitive:    prim,
		SemanticType: d.SemanticType,
		Description:  d.Description,
		Pos:          pos,
	}
	t.Length = b.intAttr(pos, "length", d.Length, 1, maxOffset/8)
	t.Presence, _ = b.presence(pos, d.Presence)
	t.SinceVersion = b.since(pos, d.SinceVersion, 0)
	t.Deprecated, t.IsDeprecated = b.deprecated(pos, d.Deprecated)
	t.CharacterEncoding = d.CharacterEncoding
	if d.CharacterEncoding != "" && prim != Char && prim != Uint8 {
		b.errorf(pos, ruleCharEnc, "type %q: characterEncoding on a %s type (only char and uint8 carry text)", d.Name, prim)
	}
	if prim == Char && t.CharacterEncoding == "" {
		t.CharacterEncoding = "US-ASCII"
	}
	t.NullValue, t.MinValue, t.MaxValue = prim.NullValue(), prim.MinValue(), prim.MaxValue()
	if d.NullValue != "" {
		// A nullValue on a required type is kept: it is the null of
		// optional fields of that type.
		if v, err := ParseValue(prim, d.NullValue); err != nil {
			b.errorf(pos, ruleNull, "type %q: nullValue: %v", d.Name, err)
		} else {
			t.NullValue, t.CustomNull = v, true
		}
	}
	if d.MinValue != "" {
		if v, err := ParseValue(prim, d.MinValue); err != nil {
			b.errorf(pos, ruleNull, "type %q: minValue: %v", d.Name, err)
		} else {
			t.MinValue, t.CustomMin = v, true
		}
	}
	if d.MaxValue != "" {
		if v, err := ParseValue(prim, d.MaxValue); err != nil {
			b.errorf(pos, ruleNull, "type %q: maxValue: %v", d.Name, err)
		} else {
			t.MaxValue, t.CustomMax = v, true
		}
	}
	if t.MaxValue.Less(t.MinValue) {
		b.errorf(pos, ruleNull, "type %q: minValue %s is greater than maxValue %s", d.Name, t.MinValue, t.MaxValue)
	}
	if d.ValueRef != "" && t.Presence != Constant {
		b.errorf(pos, ruleValueRef, "type %q: valueRef on a type whose presence is not constant", d.Name)
	}
	if t.Presence == Constant {
		b.constantType(t, d)
	} else if d.Text != "" {
		b.errorf(pos, ruleConstant, "type %q: a value %q is given but presence is not constant", d.Name, d.Text)
	}
	t.Array = t.Length != 1
	return t
}

func (b *builder) constantType(t *Encoded, d *schema.Type) {
	text := d.Text
	if d.ValueRef != "" {
		ref := b.valueRef(d.Pos, d.ValueRef)
		if ref == nil {
			return
		}
		if ref.Enum.Encoding != t.Primitive {
			b.errorf(d.Pos, ruleValueRef, "type %q: valueRef %q has encoding %s, the type is %s", d.Name, d.ValueRef, ref.Enum.Encoding, t.Primitive)
			return
		}
		t.ValueRef = ref
		text = ref.Value.Literal
	} else if text == "" {
		b.errorf(d.Pos, ruleConstant, "type %q: presence is constant but no value is given", d.Name)
		return
	}
	t.ConstValue = text
	if t.Primitive == Char && (len(text) != 1 || t.Length > 1) {
		for i := 0; i < len(text); i++ {
			if text[i] >= 0x80 {
				b.errorf(d.Pos, ruleConstant, "type %q: constant %q is not ASCII", d.Name, text)
				return
			}
		}
		switch {
		case d.Length == "":
			t.Length = len(text)
		case t.Length < len(text):
			b.errorf(d.Pos, ruleConstant, "type %q: length %d is less than the constant %q", d.Name, t.Length, text)
		}
		return
	}
	if t.Length != 1 {
		b.errorf(d.Pos, ruleConstant, "type %q: a constant array of %s is not supported (only char arrays)", d.Name, t.Primitive)
		return
	}
	v, err := ParseValue(t.Primitive, text)
	if err != nil {
		b.errorf(d.Pos, ruleConstant, "type %q: constant: %v", d.Name, err)
		return
	}
	t.Const = &v
}

// valueRef resolves "Enum.Value".
func (b *builder) valueRef(pos Pos, ref string) *EnumValueRef {
	i := strings.LastIndexByte(ref, '.')
	if i <= 0 || i == len(ref)-1 {
		b.errorf(pos, ruleValueRef, "valueRef %q is not of the form enum-name.value-name", ref)
		return nil
	}
	enumName, valueName := ref[:i], ref[i+1:]
	d, ok := b.decls[enumName]
	if !ok {
		b.errorf(pos, ruleValueRef, "valueRef %q: no enum %q", ref, enumName)
		return nil
	}
	e, ok := b.resolveDecl(d).(*Enum)
	if !ok || e == nil {
		b.errorf(pos, ruleValueRef, "valueRef %q: %q is not an enum", ref, enumName)
		return nil
	}
	v := e.ValueByName(valueName)
	if v == nil {
		b.errorf(pos, ruleValueRef, "valueRef %q: enum %q has no value %q", ref, enumName, valueName)
		return nil
	}
	return &EnumValueRef{Enum: e, Value: v}
}

// encodingType resolves an enum's or set's encodingType: a primitive name
// or a top-level encoded type.
func (b *builder) encodingType(pos Pos, owner, name string) (Primitive, *Encoded) {
	if p, ok := ParsePrimitive(name); ok {
		return p, nil
	}
	if name == "" {
		b.errorf(pos, ruleEncoding, "%s has no encodingType", owner)
		return InvalidPrimitive, nil
	}
	d, ok := b.decls[name]
	if !ok {
		b.errorf(pos, ruleEncoding, "%s: encodingType %q is neither a primitive nor a declared type", owner, name)
		return InvalidPrimitive, nil
	}
	e, ok := b.resolveDecl(d).(*Encoded)
	if !ok || e == nil {
		b.errorf(pos, ruleEncoding, "%s: encodingType %q is not a simple type", owner, name)
		return InvalidPrimitive, nil
	}
	if e.Length != 1 || e.Presence == Constant {
		b.errorf(pos, ruleEncoding, "%s: encodingType %q is an array or a constant", owner, name)
		return InvalidPrimitive, nil
	}
	return e.Primitive, e
}

func (b *builder) enum(d *schema.Enum) *Enum {
	pos := d.Pos
	owner := fmt.Sprintf("enum %q", d.Name)
	if d.Name == "" {
		b.errorf(pos, ruleName, "enum without a name")
	}
	prim, enc := b.encodingType(pos, owner, d.EncodingType)
	if prim == InvalidPrimitive {
		return nil
	}
	if prim.Floating() {
		b.errorf(pos, ruleEncoding, "%s: encodingType %s is not char or an integer", owner, prim)
		return nil
	}
	e := &Enum{
		Name:             d.Name,
		Encoding:         prim,
		EncodingTypeName: d.EncodingType,
		NullValue:        prim.NullValue(),
		SemanticType:     d.SemanticType,
		Description:      d.Description,
		Pos:              pos,
	}
	if enc != nil {
		e.Presence = enc.Presence
		e.NullValue = enc.NullValue
	}
	if d.Presence != "" {
		if p, ok := b.presence(pos, d.Presence); ok {
			if p == Constant {
				b.errorf(pos, rulePresence, "%s: an enum type cannot be constant (use a constant field with valueRef)", owner)
			} else {
				e.Presence = p
			}
		}
	}
	if d.NullValue != "" {
		if v, err := ParseValue(prim, d.NullValue); err != nil {
			b.errorf(pos, ruleNull, "%s: nullValue: %v", owner, err)
		} else {
			e.NullValue = v
		}
	}
	minV, maxV := prim.MinValue(), prim.MaxValue()
	if enc != nil {
		minV, maxV = enc.MinValue, enc.MaxValue
	}
	e.SinceVersion = b.since(pos, d.SinceVersion, 0)
	e.Deprecated, e.IsDeprecated = b.deprecated(pos, d.Deprecated)
	names := map[string]Pos{}
	values := map[Value]string{}
	for _, vv := range d.Values {
		if vv.Name == "" {
			b.errorf(vv.Pos, ruleName, "%s: validValue without a name", owner)
			continue
		}
		if p, ok := names[vv.Name]; ok {
			b.errorf(vv.Pos, ruleDuplicate, "%s: validValue %q already declared at %s", owner, vv.Name, p)
			continue
		}
		names[vv.Name] = vv.Pos
		v, err := ParseValue(prim, vv.Text)
		if err != nil {
			b.errorf(vv.Pos, ruleRange, "%s: validValue %q: %v (out of range of the %s encoding)", owner, vv.Name, err, prim)
			continue
		}
		if other, ok := values[v]; ok {
			b.errorf(vv.Pos, ruleDuplicate, "%s: validValue %q has the value %q of %q", owner, vv.Name, vv.Text, other)
			continue
		}
		if prim != Char {
			if v == e.NullValue {
				b.errorf(vv.Pos, ruleRange, "%s: validValue %q uses the null value %s", owner, vv.Name, e.NullValue)
				continue
			}
			if v.Less(minV) || maxV.Less(v) {
				b.errorf(vv.Pos, ruleRange, "%s: validValue %q is outside the range %s to %s of its encoding", owner, vv.Name, minV, maxV)
				continue
			}
		}
		values[v] = vv.Name
		ev := &EnumValue{
			Name:        vv.Name,
			Literal:     vv.Text,
			Value:       v,
			Description: vv.Description,
			Pos:         vv.Pos,
		}
		ev.SinceVersion = b.since(vv.Pos, vv.SinceVersion, e.SinceVersion)
		ev.Deprecated, ev.IsDeprecated = b.deprecated(vv.Pos, vv.Deprecated)
		e.Values = append(e.Values, ev)
	}
	return e
}

func (b *builder) set(d *schema.Set) *Set {
	pos := d.Pos
	owner := fmt.Sprintf("set %q", d.Name)
	if d.Name == "" {
		b.errorf(pos, ruleName, "set without a name")
	}
	prim, _ := b.encodingType(pos, owner, d.EncodingType)
	if prim == InvalidPrimitive {
		return nil
	}
	if prim != Uint8 && prim != Uint16 && prim != Uint32 && prim != Uint64 {
		b.errorf(pos, ruleEncoding, "%s: encodingType %s is not uint8, uint16, uint32 or uint64", owner, prim)
		return nil
	}
	s := &Set{
		Name:             d.Name,
		Encoding:         prim,
		EncodingTypeName: d.EncodingType,
		SemanticType:     d.SemanticType,
		Description:      d.Description,
		Pos:              pos,
	}
	s.SinceVersion = b.since(pos, d.SinceVersion, 0)
	s.Deprecated, s.IsDeprecated = b.deprecated(pos, d.Deprecated)
	names := map[string]Pos{}
	bits := map[int]string{}
	width := prim.Size() * 8
	for _, c := range d.Choices {
		if c.Name == "" {
			b.errorf(c.Pos, ruleName, "%s: choice without a name", owner)
			continue
		}
		if p, ok := names[c.Name]; ok {
			b.errorf(c.Pos, ruleDuplicate, "%s: choice %q already declared at %s", owner, c.Name, p)
			continue
		}
		names[c.Name] = c.Pos
		bit, err := strconv.Atoi(c.Text)
		if err != nil || bit < 0 || bit >= width {
			b.errorf(c.Pos, ruleRange, "%s: choice %q: bit %q is not in [0, %d] for %s", owner, c.Name, c.Text, width-1, prim)
			continue
		}
		if other, ok := bits[bit]; ok {
			b.errorf(c.Pos, ruleDuplicate, "%s: choice %q uses bit %d of %q", owner, c.Name, bit, other)
			continue
		}
		bits[bit] = c.Name
		ch := &Choice{Name: c.Name, Bit: bit, Description: c.Description, Pos: c.Pos}
		ch.SinceVersion = b.since(c.Pos, c.SinceVersion, s.SinceVersion)
		ch.Deprecated, ch.IsDeprecated = b.deprecated(c.Pos, c.Deprecated)
		s.Choices = append(s.Choices, ch)
	}
	return s
}

func (b *builder) composite(d *schema.Composite) *Composite {
	pos := d.Pos
	if d.Name == "" {
		b.errorf(pos, ruleName, "composite without a name")
	}
	c := &Composite{
		Name:         d.Name,
		SemanticType: d.SemanticType,
		Description:  d.Description,
		Pos:          pos,
	}
	c.SinceVersion = b.since(pos, d.SinceVersion, 0)
	c.Deprecated, c.IsDeprecated = b.deprecated(pos, d.Deprecated)
	names := map[string]Pos{}
	off := 0
	ok := true
	for _, md := range d.Members {
		mpos := md.Position()
		name := md.DeclName()
		if name == "" {
			b.errorf(mpos, ruleName, "composite %q: member without a name", d.Name)
			ok = false
			continue
		}
		if p, dup := names[name]; dup {
			b.errorf(mpos, ruleDuplicate, "composite %q: member %q already declared at %s", d.Name, name, p)
			ok = false
			continue
		}
		names[name] = mpos
		m := &Member{Name: name, Pos: mpos}
		var offText, since, depr string
		switch md := md.(type) {
		case *schema.Ref:
			m.Ref = true
			offText, since, depr = md.Offset, md.SinceVersion, md.Deprecated
			m.Description = md.Description
			m.Type = b.lookup(mpos, md.Type, fmt.Sprintf("ref %q", name))
			if m.Type == nil {
				ok = false
				continue
			}
		case *schema.Type:
			offText, since, depr = md.Offset, md.SinceVersion, md.Deprecated
			m.Description = md.Description
			t := b.resolveDecl(md)
			if t == nil {
				ok = false
				continue
			}
			m.Type = t
		case *schema.Enum:
			offText, since, depr = md.Offset, md.SinceVersion, md.Deprecated
			m.Description = md.Description
			t := b.resolveDecl(md)
			if t == nil {
				ok = false
				continue
			}
			m.Type = t
			b.nested[c] = append(b.nested[c], t)
		case *schema.Set:
			offText, since, depr = md.Offset, md.SinceVersion, md.Deprecated
			m.Description = md.Description
			t := b.resolveDecl(md)
			if t == nil {
				ok = false
				continue
			}
			m.Type = t
			b.nested[c] = append(b.nested[c], t)
		case *schema.Composite:
			offText, since, depr = md.Offset, md.SinceVersion, md.Deprecated
			m.Description = md.Description
			t := b.resolveDecl(md)
			if t == nil {
				ok = false
				continue
			}
			m.Type = t
			b.nested[c] = append(b.nested[c], t)
		}
		m.SinceVersion = b.since(mpos, since, c.SinceVersion)
		m.Deprecated, m.IsDeprecated = b.deprecated(mpos, depr)
		switch t := m.Type.(type) {
		case *Encoded:
			m.Presence = t.Presence
		case *Enum:
			m.Presence = t.Presence
		}
		if offText != "" {
			o := b.intAttr(mpos, "offset", offText, off, maxOffset)
			if o < off {
				b.errorf(mpos, ruleOffset, "composite %q: member %q at offset %d overlaps the previous member, which ends at %d", d.Name, name, o, off)
			}
			off = o
		}
		m.Offset = off
		off += m.Size()
		if off > maxOffset {
			b.errorf(mpos, ruleOffset, "composite %q is larger than %d bytes", d.Name, maxOffset)
			return nil
		}
		c.Members = append(c.Members, m)
	}
	if !ok {
		return nil
	}
	c.Size = off
	c.IsVarData = b.isVarData(c)
	return c
}

// header resolves the headerType composite.
func (b *builder) header() {
	name := b.doc.HeaderType
	if name == "" {
		name = "messageHeader"
	}
	d, ok := b.decls[name]
	if !ok {
		b.errorf(b.doc.Pos, ruleHeader, "no header composite %q is declared", name)
		return
	}
	c, ok := b.resolveDecl(d).(*Composite)
	if !ok || c == nil {
		b.errorf(d.Position(), ruleHeader, "header type %q is not a valid composite", name)
		return
	}
	h := &Header{Composite: c, Size: c.Size}
	want := []struct {
		name string
		dst  **Member
	}{
		{"blockLength", &h.BlockLength},
		{"templateId", &h.TemplateID},
		{"schemaId", &h.SchemaID},
		{"version", &h.Version},
	}
	valid := true
	for _, w := range want {
		m := b.unsignedMember(c, w.name, ruleHeader, "header type")
		if m == nil {
			valid = false
			continue
		}
		*w.dst = m
	}
	if !valid {
		return
	}
	for _, m := range c.Members {
		switch m.Name {
		case "blockLength", "templateId", "schemaId", "version":
		default:
			h.Extra = append(h.Extra, m)
		}
	}
	if max := maxOf(h.SchemaID); uint64(b.s.ID) > max {
		b.errorf(b.doc.Pos, ruleHeader, "schema id %d does not fit the header's schemaId (%s)", b.s.ID, h.SchemaID.Type.(*Encoded).Primitive)
	}
	if max := maxOf(h.Version); uint64(b.s.Version) > max {
		b.errorf(b.doc.Pos, ruleHeader, "schema version %d does not fit the header's version (%s)", b.s.Version, h.Version.Type.(*Encoded).Primitive)
	}
	c.IsHeader = true
	b.s.Header = h
}

// unsignedMember returns the member of c with the given name if it is a
// single, non-constant unsigned integer; else it reports an error.
func (b *builder) unsignedMember(c *Composite, name, rule, what string) *Member {
	m := c.Member(name)
	if m == nil {
		b.errorf(c.Pos, rule, "%s %q has no %q member", what, c.Name, name)
		return nil
	}
	e, ok := m.Type.(*Encoded)
	if !ok || e.Length != 1 || e.Presence == Constant || (e.Primitive != Uint8 && e.Primitive != Uint16 && e.Primitive != Uint32 && e.Primitive != Uint64) {
		b.errorf(m.Pos, rule, "%s %q: member %q must be a single non-constant unsigned integer", what, c.Name, name)
		return nil
	}
	return m
}

// maxOf returns the largest value a single unsigned member can hold on the wire.
func maxOf(m *Member) uint64 {
	e := m.Type.(*Encoded)
	if e.CustomMax {
		return e.MaxValue.Uint()
	}
	return e.Primitive.NullValue().Uint()
}

// messageScope tracks the ids of the members of one message or group
// (ids are unique per level, as in SBE's own tool: a nested group may reuse
// an id of its parent).
type messageScope struct {
	msg *Message
	ids map[int]Pos
}

func (b *builder) messages() {
	ids := map[int]Pos{}
	names := map[string]Pos{}
	for _, md := range b.doc.Messages {
		pos := md.Pos
		if md.Name == "" {
			b.errorf(pos, ruleName, "message without a name")
			continue
		}
		if md.ID == "" {
			b.errorf(pos, ruleAttr, "message %q has no id", md.Name)
			continue
		}
		m := &Message{
			Name:         md.Name,
			SemanticType: md.SemanticType,
			Description:  md.Description,
			Pos:          pos,
		}
		m.ID = b.intAttr(pos, "id", md.ID, 0, 1<<31-1)
		if p, ok := names[md.Name]; ok {
			b.errorf(pos, ruleDuplicate, "message name %q already used at %s", md.Name, p)
			continue
		}
		names[md.Name] = pos
		if p, ok := ids[m.ID]; ok {
			b.errorf(pos, ruleDuplicate, "message %q: id %d already used at %s", md.Name, m.ID, p)
			continue
		}
		ids[m.ID] = pos
		if h := b.s.Header; h != nil && uint64(m.ID) > maxOf(h.TemplateID) {
			b.errorf(pos, ruleHeader, "message %q: id %d does not fit the header's templateId", md.Name, m.ID)
		}
		m.SinceVersion = b.since(pos, md.SinceVersion, 0)
		m.Deprecated, m.IsDeprecated = b.deprecated(pos, md.Deprecated)
		ms := &messageScope{msg: m, ids: map[int]Pos{}}
		blk := &block{}
		b.members(ms, blk, md.Members, m.SinceVersion, fmt.Sprintf("message %q", md.Name))
		m.Fields, m.Groups, m.Data = blk.fields, blk.groups, blk.data
		m.BlockLength = b.blockLength(pos, md.BlockLength, blk.end, fmt.Sprintf("message %q", md.Name), m.Fields)
		if h := b.s.Header; h != nil && uint64(m.BlockLength) > maxOf(h.BlockLength) {
			b.errorf(pos, ruleBlockLength, "message %q: blockLength %d does not fit the header's blockLength", md.Name, m.BlockLength)
		}
		b.s.Messages = append(b.s.Messages, m)
	}
}

// block collects the members of a message or group.
type block struct {
	fields []*Field
	groups []*Group
	data   []*Data
	end    int
}

func (b *builder) blockLength(pos Pos, text string, end int, owner string, fields []*Field) int {
	if text == "" {
		return end
	}
	n := b.intAttr(pos, "blockLength", text, end, maxOffset)
	if n == 0 {
		// blockLength="0" means "not specified", as in SBE's own tool.
		return end
	}
	for _, f := range fields {
		if f.Size == 0 {
			continue
		}
		if f.Offset >= n {
			b.errorf(f.Pos, ruleOffset, "%s: field %q at offset %d is beyond blockLength %d", owner, f.Name, f.Offset, n)
		} else if f.Offset+f.Size > n {
			b.errorf(f.Pos, ruleBlockLength, "%s: blockLength %d is smaller than its fields: %q ends at %d", owner, n, f.Name, f.Offset+f.Size)
		}
	}
	return n
}

func (b *builder) memberID(ms *messageScope, pos Pos, text, what string) int {
	if text == "" {
		b.errorf(pos, ruleAttr, "%s has no id", what)
		return 0
	}
	id := b.intAttr(pos, "id", text, 0, 1<<31-1)
	if p, ok := ms.ids[id]; ok {
		b.errorf(pos, ruleDuplicate, "%s: id %d already used at %s", what, id, p)
	}
	ms.ids[id] = pos
	return id
}

func (b *builder) members(ms *messageScope, blk *block, members []schema.Member, since int, owner string) {
	const (
		inFields = iota
		inGroups
		inData
	)
	state := inFields
	names := map[string]Pos{}
	for _, mem := range members {
		pos := mem.Position()
		name := mem.MemberName()
		if name == "" {
			b.errorf(pos, ruleName, "%s: member without a name", owner)
			continue
		}
		if p, ok := names[name]; ok {
			b.errorf(pos, ruleDuplicate, "%s: member name %q already used at %s", owner, name, p)
			continue
		}
		names[name] = pos
		switch mem := mem.(type) {
		case *schema.Field:
			switch state {
			case inGroups:
				b.errorf(pos, ruleOrder, "%s: field %q after a group (fields come first)", owner, name)
			case inData:
				b.errorf(pos, ruleOrder, "%s: field %q after var data (fields come first)", owner, name)
			}
			if f := b.field(ms, blk, mem, since, owner); f != nil {
				blk.fields = append(blk.fields, f)
			}
		case *schema.Group:
			if state == inData {
				b.errorf(pos, ruleOrder, "%s: group %q after var data (groups come before data)", owner, name)
			} else {
				state = inGroups
			}
			if g := b.group(ms, mem, since, owner); g != nil {
				blk.groups = append(blk.groups, g)
			}
		case *schema.Data:
			state = inData
			if d := b.data(ms, mem, since, owner); d != nil {
				blk.data = append(blk.data, d)
			}
		}
	}
}

func (b *builder) field(ms *messageScope, blk *block, d *schema.Field, since int, owner string) *Field {
	pos := d.Pos
	what := fmt.Sprintf("%s: field %q", owner, d.Name)
	f := &Field{
		Name:         d.Name,
		SemanticType: d.SemanticType,
		Description:  d.Description,
		Epoch:        d.Epoch,
		TimeUnit:     d.TimeUnit,
		Pos:          pos,
	}
	f.ID = b.memberID(ms, pos, d.ID, what)
	f.SinceVersion = b.since(pos, d.SinceVersion, since)
	f.Deprecated, f.IsDeprecated = b.deprecated(pos, d.Deprecated)
	if p, ok := ParsePrimitive(d.Type); ok {
		t := &Encoded{Name: d.Type, Builtin: true, Primitive: p, Length: 1,
			NullValue: p.NullValue(), MinValue: p.MinValue(), MaxValue: p.MaxValue(), Pos: pos}
		if p == Char {
			t.CharacterEncoding = "US-ASCII"
		}
		f.Type = t
	} else {
		f.Type = b.lookup(pos, d.Type, what)
		if f.Type == nil {
			return nil
		}
	}
	if ts := typeSinceVersion(f.Type); ts > f.SinceVersion {
		f.SinceVersion = ts
	}
	if st := typeSemanticType(f.Type); d.SemanticType != "" && st != "" && st != d.SemanticType {
		b.errorf(pos, ruleAttr, "%s: semanticType %q differs from the semanticType %q of its type", what, d.SemanticType, st)
	}
	if f.SemanticType == "" {
		f.SemanticType = typeSemanticType(f.Type)
	}
	if c, ok := f.Type.(*Composite); ok && b.isVarData(c) {
		b.errorf(pos, ruleVarData, "%s: type %q is a var data composite; use <data>", what, d.Type)
	}
	switch t := f.Type.(type) {
	case *Encoded:
		f.Presence = t.Presence
		if t.Presence == Constant {
			f.ConstValue, f.Const, f.ValueRef = t.ConstValue, t.Const, t.ValueRef
		}
	case *Enum:
		f.Presence = t.Presence
	}
	if d.Presence != "" {
		p, ok := b.presence(pos, d.Presence)
		if ok {
			if f.Presence == Constant && p != Constant {
				b.errorf(pos, rulePresence, "%s: presence %s on a constant type", what, p)
			}
			f.Presence = p
		}
	}
	if d.ValueRef != "" {
		if f.Presence != Constant {
			b.errorf(pos, ruleValueRef, "%s: valueRef without presence constant", what)
		} else if ref := b.valueRef(pos, d.ValueRef); ref != nil {
			switch t := f.Type.(type) {
			case *Enum:
				if t != ref.Enum {
					b.errorf(pos, ruleValueRef, "%s: valueRef %q is not a value of the field's enum %q", what, d.ValueRef, t.Name)
				}
			case *Encoded:
				if t.Primitive != ref.Enum.Encoding || t.Length != 1 {
					b.errorf(pos, ruleValueRef, "%s: valueRef %q has encoding %s, the field is %s", what, d.ValueRef, ref.Enum.Encoding, t.Primitive)
				}
			default:
				b.errorf(pos, ruleValueRef, "%s: valueRef on a %s field", what, f.Type.Kind())
			}
			f.ValueRef = ref
			f.ConstValue = ref.Value.Literal
			v := ref.Value.Value
			f.Const = &v
		}
	} else if f.Presence == Constant && f.ConstValue == "" {
		b.errorf(pos, ruleConstant, "%s: presence is constant but there is no valueRef and the type is not constant", what)
	}
	if f.Presence == Optional {
		if _, ok := f.Type.(*Composite); ok {
			b.errorf(pos, rulePresence, "%s: a composite field cannot be optional (its members carry presence)", what)
		}
		if _, ok := f.Type.(*Set); ok {
			b.errorf(pos, rulePresence, "%s: a set field cannot be optional", what)
		}
	}
	if f.Presence != Constant {
		f.Size = f.Type.EncodedSize()
	}
	off := blk.end
	if d.Offset != "" {
		o := b.intAttr(pos, "offset", d.Offset, off, maxOffset)
		if o < off {
			b.errorf(pos, ruleOffset, "%s: offset %d overlaps the previous field, which ends at %d", what, o, off)
		}
		off = o
	}
	f.Offset = off
	if f.Presence != Constant {
		blk.end = off + f.Size
	}
	if blk.end > maxOffset {
		b.errorf(pos, ruleOffset, "%s: block larger than %d bytes", what, maxOffset)
		blk.end = maxOffset
	}
	return f
}

// isVarData reports a composite with length and varData members.
func (b *builder) isVarData(c *Composite) bool {
	return c.Member("length") != nil && c.Member("varData") != nil
}

func (b *builder) group(ms *messageScope, d *schema.Group, since int, owner string) *Group {
	pos := d.Pos
	what := fmt.Sprintf("%s: group %q", owner, d.Name)
	g := &Group{
		Name:         d.Name,
		SemanticType: d.SemanticType,
		Description:  d.Description,
		Pos:          pos,
	}
	g.ID = b.memberID(ms, pos, d.ID, what)
	g.SinceVersion = b.since(pos, d.SinceVersion, since)
	g.Deprecated, g.IsDeprecated = b.deprecated(pos, d.Deprecated)
	dim := d.DimensionType
	if dim == "" {
		dim = "groupSizeEncoding"
	}
	dt := b.lookup(pos, dim, what+" dimensionType")
	var dimOK bool
	if dt != nil {
		c, ok := dt.(*Composite)
		if !ok {
			b.errorf(pos, ruleDimension, "%s: dimensionType %q is not a composite", what, dim)
		} else {
			g.DimensionType = c
			g.BlockLengthMember = b.unsignedMember(c, "blockLength", ruleDimension, what+": dimension type")
			g.NumInGroupMember = b.unsignedMember(c, "numInGroup", ruleDimension, what+": dimension type")
			dimOK = g.BlockLengthMember != nil && g.NumInGroupMember != nil
			c.IsDimension = dimOK
		}
	}
	blk := &block{}
	inner := &messageScope{msg: ms.msg, ids: map[int]Pos{}}
	b.members(inner, blk, d.Members, g.SinceVersion, fmt.Sprintf("group %q", d.Name))
	g.Fields, g.Groups, g.Data = blk.fields, blk.groups, blk.data
	g.BlockLength = b.blockLength(pos, d.BlockLength, blk.end, fmt.Sprintf("group %q", d.Name), g.Fields)
	if dimOK && uint64(g.BlockLength) > maxOf(g.BlockLengthMember) {
		b.errorf(pos, ruleDimension, "%s: blockLength %d does not fit the dimension's blockLength", what, g.BlockLength)
	}
	if !dimOK {
		return nil
	}
	return g
}

func (b *builder) data(ms *messageScope, d *schema.Data, since int, owner string) *Data {
	pos := d.Pos
	what := fmt.Sprintf("%s: data %q", owner, d.Name)
	v := &Data{
		Name:         d.Name,
		SemanticType: d.SemanticType,
		Description:  d.Description,
		Pos:          pos,
	}
	v.ID = b.memberID(ms, pos, d.ID, what)
	v.SinceVersion = b.since(pos, d.SinceVersion, since)
	v.Deprecated, v.IsDeprecated = b.deprecated(pos, d.Deprecated)
	if d.Presence != "" {
		if p, ok := b.presence(pos, d.Presence); ok && p == Constant {
			b.errorf(pos, rulePresence, "%s: var data cannot be constant", what)
		}
	}
	t := b.lookup(pos, d.Type, what)
	if t == nil {
		return nil
	}
	c, ok := t.(*Composite)
	if !ok {
		b.errorf(pos, ruleVarData, "%s: type %q is not a composite with length and varData", what, d.Type)
		return nil
	}
	v.Type = c
	v.LengthMember = b.unsignedMember(c, "length", ruleVarData, what+": type")
	vd := c.Member("varData")
	if vd == nil {
		b.errorf(c.Pos, ruleVarData, "%s: type %q has no %q member", what, c.Name, "varData")
		return nil
	}
	e, ok := vd.Type.(*Encoded)
	if !ok || (e.Primitive != Uint8 && e.Primitive != Char) || e.Presence == Constant {
		b.errorf(vd.Pos, ruleVarData, "%s: member varData of %q must be uint8 or char", what, c.Name)
		return nil
	}
	if v.LengthMember == nil {
		return nil
	}
	if vd.Offset != v.LengthMember.Offset+v.LengthMember.Size() {
		b.errorf(vd.Pos, ruleVarData, "%s: member varData of %q must directly follow length", what, c.Name)
	}
	v.VarDataMember = vd
	v.LengthPrimitive = v.LengthMember.Type.(*Encoded).Primitive
	v.VarDataPrimitive = e.Primitive
	v.MaxLength = v.LengthMember.Type.(*Encoded).MaxValue.Uint()
	v.CharacterEncoding = e.CharacterEncoding
	v.IsString = e.CharacterEncoding != ""
	return v
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
