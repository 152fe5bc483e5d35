package ir

import (
	"fmt"
	"math"

	"github.com/aerongo/aerongo/internal/sbe/schema"
)

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
		if md == nil {
			continue
		}
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
			Path:         md.Name,
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
		b.members(ms, blk, md.Members, m.SinceVersion, fmt.Sprintf("message %q", md.Name), m.Path)
		m.Fields, m.Groups, m.Data = blk.fields, blk.groups, blk.data
		m.BlockLength = b.blockLength(pos, md.BlockLength, blk.end, fmt.Sprintf("message %q", md.Name), m.Fields)
		m.BlockNeeds = blockNeeds(m.Fields)
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

// members resolves the members of a message or group; path is the
// schema path of the message or group ("Car", "Car.fuelFigures").
func (b *builder) members(ms *messageScope, blk *block, members []schema.Member, since int, owner, path string) {
	const (
		inFields = iota
		inGroups
		inData
	)
	state := inFields
	names := map[string]Pos{}
	for _, mem := range members {
		if isNil(mem) {
			continue
		}
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
			if g := b.group(ms, mem, since, owner, path); g != nil {
				blk.groups = append(blk.groups, g)
			}
		case *schema.Data:
			state = inData
			if d := b.data(ms, mem, since, owner, path); d != nil {
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

func (b *builder) group(ms *messageScope, d *schema.Group, since int, owner, parent string) *Group {
	pos := d.Pos
	what := fmt.Sprintf("%s: group %q", owner, d.Name)
	g := &Group{
		Name:         d.Name,
		Path:         parent + "." + d.Name,
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
	if dimOK {
		n := g.NumInGroupMember.Type.(*Encoded)
		g.MaxCount, g.HasMaxCount = min(n.MaxValue.Uint(), math.MaxInt64), n.CustomMax
	}
	blk := &block{}
	inner := &messageScope{msg: ms.msg, ids: map[int]Pos{}}
	b.members(inner, blk, d.Members, g.SinceVersion, fmt.Sprintf("group %q", d.Name), g.Path)
	g.Fields, g.Groups, g.Data = blk.fields, blk.groups, blk.data
	g.BlockLength = b.blockLength(pos, d.BlockLength, blk.end, fmt.Sprintf("group %q", d.Name), g.Fields)
	g.BlockNeeds = blockNeeds(g.Fields)
	if dimOK && uint64(g.BlockLength) > maxOf(g.BlockLengthMember) {
		b.errorf(pos, ruleDimension, "%s: blockLength %d does not fit the dimension's blockLength", what, g.BlockLength)
	}
	if !dimOK {
		return nil
	}
	return g
}

func (b *builder) data(ms *messageScope, d *schema.Data, since int, owner, parent string) *Data {
	pos := d.Pos
	what := fmt.Sprintf("%s: data %q", owner, d.Name)
	v := &Data{
		Name:         d.Name,
		Path:         parent + "." + d.Name,
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
	c.UsedAsVarData = true
	return v
}
