package ir

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/aerongo/aerongo/internal/sbe/schema"
)

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
		if vv == nil {
			continue
		}
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
		if c == nil {
			continue
		}
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
		if isNil(md) {
			continue
		}
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
	for _, m := range c.Members {
		if e, ok := m.Type.(*Encoded); ok && e.Length == 0 {
			c.VarLength = true
		}
	}
	return c
}
