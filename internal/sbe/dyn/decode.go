package dyn

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"io"
	"sort"

	"github.com/aerongo/aerongo/internal/sbe/ir"
)

// maxEmptyEntries bounds the group entries of zero encoded bytes one frame
// may declare (entries with a zero block length and no groups or var data):
// they cost no frame bytes, so only this limit stops a few bytes of header
// from asking for billions of them. It admits a full group with a uint16
// count.
const maxEmptyEntries = 1 << 16

// Decode decodes one frame (message header, root block, groups and var
// data) with the schema s. The result starts with the member "$message"
// holding the message name, followed by the message's fields, groups and
// var data in schema order; see the package documentation for the mapping.
//
// The header's blockLength and version are honoured: a newer message's
// extra block bytes are skipped, and fields, groups and var data newer than
// the header's version decode as absent. A frame that is truncated, carries
// another schema id or an unknown template, declares a length out of range,
// or has bytes after the message (unless the header's version is newer than
// the schema's) is rejected with a *PathError.
func Decode(s *ir.Schema, frame []byte) (Object, error) {
	d := decoder{bo: s.ByteOrder, buf: frame}
	return d.message(s)
}

// DecodeJSON decodes one frame like Decode and writes the message to w as
// compact JSON followed by a newline.
func DecodeJSON(s *ir.Schema, frame []byte, w io.Writer) error {
	obj, err := Decode(s, frame)
	if err != nil {
		return err
	}
	b, err := appendJSON(nil, obj)
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

type decoder struct {
	bo      binary.ByteOrder
	buf     []byte
	version int
	empty   uint64 // zero-length group entries decoded so far
}

func (d *decoder) message(s *ir.Schema) (Object, error) {
	h := s.Header
	if len(d.buf) < h.Size {
		return nil, fail(nil, ErrTruncated, fmt.Sprintf("message header needs %d bytes, frame has %d", h.Size, len(d.buf)))
	}
	hb := d.buf[:h.Size]
	schemaID, err := d.uint(h.SchemaID, hb, nil)
	if err != nil {
		return nil, err
	}
	if schemaID != uint64(s.ID) {
		return nil, fail(nil, ErrSchemaID, fmt.Sprintf("frame has schema id %d, schema %q has id %d", schemaID, s.Package, s.ID))
	}
	templateID, err := d.uint(h.TemplateID, hb, nil)
	if err != nil {
		return nil, err
	}
	var m *ir.Message
	if templateID <= 1<<31 {
		m = s.Message(int(templateID))
	}
	if m == nil {
		return nil, fail(nil, ErrTemplate, fmt.Sprintf("template id %d is not a message of schema %q", templateID, s.Package))
	}
	version, err := d.uint(h.Version, hb, nil)
	if err != nil {
		return nil, err
	}
	d.version = int(min(version, 1<<31))
	blockLength, err := d.uint(h.BlockLength, hb, nil)
	if err != nil {
		return nil, err
	}
	obj := make(Object, 0, 1+len(m.Fields)+len(m.Groups)+len(m.Data))
	obj = append(obj, Member{Name: "$message", Value: m.Name})
	obj, pos, err := d.entry(obj, m.Fields, m.Groups, m.Data, blockLength, h.Size, nil)
	if err != nil {
		return nil, err
	}
	if pos != len(d.buf) && d.version <= s.Version {
		return nil, fail(nil, ErrTrailing, fmt.Sprintf("%d bytes after the message at offset %d", len(d.buf)-pos, pos))
	}
	return obj, nil
}

// truncated reports that n bytes of what at offset pos do not fit the frame.
func (d *decoder) truncated(at *path, what string, n uint64, pos int) error {
	return fail(at, ErrTruncated, fmt.Sprintf("%s of %d bytes at offset %d, frame has %d", what, n, pos, len(d.buf)))
}

// entry decodes a block of blockLength bytes at pos followed by groups and
// var data, appending the members to obj; it returns the position after it.
func (d *decoder) entry(obj Object, fields []*ir.Field, groups []*ir.Group, data []*ir.Data, blockLength uint64, pos int, at *path) (Object, int, error) {
	if uint64(len(d.buf)-pos) < blockLength {
		return nil, 0, d.truncated(at, "block", blockLength, pos)
	}
	block := d.buf[pos : pos+int(blockLength)]
	for _, f := range fields {
		v, err := d.field(f, block, at)
		if err != nil {
			return nil, 0, err
		}
		obj = append(obj, Member{Name: f.Name, Value: v})
	}
	pos += int(blockLength)
	for _, g := range groups {
		v, next, err := d.group(g, pos, at.field(g.Name))
		if err != nil {
			return nil, 0, err
		}
		obj, pos = append(obj, Member{Name: g.Name, Value: v}), next
	}
	for _, v := range data {
		s, next, err := d.data(v, pos, at.field(v.Name))
		if err != nil {
			return nil, 0, err
		}
		obj, pos = append(obj, Member{Name: v.Name, Value: s}), next
	}
	return obj, pos, nil
}

func (d *decoder) field(f *ir.Field, block []byte, at *path) (any, error) {
	switch {
	case f.Presence == ir.Constant:
		return constant(f.Type, f.ConstValue, f.Const, f.ValueRef), nil
	case f.SinceVersion > d.version:
		return d.absent(f.Type), nil
	case f.Offset+f.Size > len(block):
		return nil, fail(at.field(f.Name), ErrLength, fmt.Sprintf("block length %d ends before the field's %d bytes at offset %d", len(block), f.Size, f.Offset))
	}
	return d.value(f.Type, block[f.Offset:f.Offset+f.Size], fieldNullable(f)), nil
}

// absent returns what a value of t newer than the frame's version decodes
// as: the decoding of its null value in a nullable context.
func (d *decoder) absent(t ir.Type) any {
	b := make([]byte, t.EncodedSize())
	writeNull(d.bo, t, b)
	return d.value(t, b, true)
}

// value decodes one value of t held in b (len(b) == t.EncodedSize()).
// nullable tells that a null value decodes as JSON null.
func (d *decoder) value(t ir.Type, b []byte, nullable bool) any {
	switch t := t.(type) {
	case *ir.Encoded:
		return d.encoded(t, b, nullable)
	case *ir.Enum:
		raw := get(d.bo, t.Encoding, b)
		if nullable && isNull(raw, t.NullValue) {
			return nil
		}
		for _, v := range t.Values {
			if v.Value.Bits == raw.Bits {
				return v.Name
			}
		}
		return number(raw)
	case *ir.Set:
		raw := get(d.bo, t.Encoding, b).Bits
		names := []any{}
		for _, c := range choicesByBit(t) {
			if c.Bit < 64 && raw&(1<<c.Bit) != 0 {
				names = append(names, c.Name)
			}
		}
		return names
	case *ir.Composite:
		obj := make(Object, 0, len(t.Members))
		for _, m := range t.Members {
			obj = append(obj, Member{Name: m.Name, Value: d.member(m, b, nullable)})
		}
		return obj
	}
	return nil
}

func (d *decoder) member(m *ir.Member, b []byte, nullable bool) any {
	if isConstMember(m) {
		e, _ := m.Type.(*ir.Encoded)
		if e == nil {
			return nil
		}
		return constant(e, e.ConstValue, e.Const, e.ValueRef)
	}
	if m.SinceVersion > d.version {
		return d.absent(m.Type)
	}
	end := m.Offset + m.Size()
	if end > len(b) {
		return nil
	}
	return d.value(m.Type, b[m.Offset:end], memberNullable(m, nullable))
}

func (d *decoder) encoded(t *ir.Encoded, b []byte, nullable bool) any {
	p := t.Primitive
	size := p.Size()
	if !t.Array {
		v := get(d.bo, p, b)
		switch {
		case nullable && isNull(v, t.NullValue):
			return nil
		case p == ir.Char:
			return decodeText(b[:1], t.CharacterEncoding)
		}
		return number(v)
	}
	n := len(b) / size
	if nullable {
		allNull := true
		for i := 0; i < n && allNull; i++ {
			allNull = isNull(get(d.bo, p, b[i*size:]), t.NullValue)
		}
		if allNull {
			return nil
		}
	}
	switch {
	case t.IsString():
		if i := bytes.IndexByte(b, 0); i >= 0 {
			b = b[:i]
		}
		return decodeText(b, t.CharacterEncoding)
	case p == ir.Uint8 || p == ir.Int8:
		return base64.StdEncoding.EncodeToString(b)
	}
	arr := make([]any, n)
	for i := range arr {
		v := get(d.bo, p, b[i*size:])
		if nullable && isNull(v, t.NullValue) {
			continue
		}
		arr[i] = number(v)
	}
	return arr
}

func (d *decoder) group(g *ir.Group, pos int, at *path) (any, int, error) {
	if g.SinceVersion > d.version {
		return []any{}, pos, nil
	}
	size := g.DimensionType.Size
	if len(d.buf)-pos < size {
		return nil, 0, d.truncated(at, "group dimensions", uint64(size), pos)
	}
	dim := d.buf[pos : pos+size]
	blockLength, err := d.uint(g.BlockLengthMember, dim, at)
	if err != nil {
		return nil, 0, err
	}
	count, err := d.uint(g.NumInGroupMember, dim, at)
	if err != nil {
		return nil, 0, err
	}
	if err := countInRange(g, count, ErrLength, at); err != nil {
		return nil, 0, err
	}
	pos += size
	if blockLength > 0 && count > uint64(len(d.buf)-pos)/blockLength {
		return nil, 0, d.truncated(at, fmt.Sprintf("%d entries", count), count*blockLength, pos)
	}
	if blockLength == 0 && !d.consumesBytes(g) {
		if d.empty += count; d.empty > maxEmptyEntries {
			return nil, 0, fail(at, ErrLength, fmt.Sprintf("more than %d group entries of zero bytes in the frame", maxEmptyEntries))
		}
	}
	arr := make([]any, 0, min(count, 1024))
	for i := uint64(0); i < count; i++ {
		obj := make(Object, 0, len(g.Fields)+len(g.Groups)+len(g.Data))
		obj, pos, err = d.entry(obj, g.Fields, g.Groups, g.Data, blockLength, pos, at.elem(int(i)))
		if err != nil {
			return nil, 0, err
		}
		arr = append(arr, obj)
	}
	return arr, pos, nil
}

// consumesBytes reports whether an entry of g with an empty block still
// takes frame bytes: the dimensions of a nested group or a var data length.
func (d *decoder) consumesBytes(g *ir.Group) bool {
	for _, n := range g.Groups {
		if n.SinceVersion <= d.version && n.DimensionType.Size > 0 {
			return true
		}
	}
	for _, v := range g.Data {
		if v.SinceVersion <= d.version && dataHeaderSize(v) > 0 {
			return true
		}
	}
	return false
}

func (d *decoder) data(v *ir.Data, pos int, at *path) (any, int, error) {
	if v.SinceVersion > d.version {
		return "", pos, nil
	}
	hsize := dataHeaderSize(v)
	if len(d.buf)-pos < hsize {
		return nil, 0, d.truncated(at, "var data length", uint64(hsize), pos)
	}
	n, err := d.uint(v.LengthMember, d.buf[pos:pos+hsize], at)
	if err != nil {
		return nil, 0, err
	}
	if n > v.MaxLength {
		return nil, 0, fail(at, ErrLength, fmt.Sprintf("var data length %d exceeds maxValue %d", n, v.MaxLength))
	}
	pos += hsize
	esize := uint64(max(v.VarDataPrimitive.Size(), 1))
	if n > uint64(len(d.buf)-pos)/esize {
		return nil, 0, d.truncated(at, "var data", n*esize, pos)
	}
	payload := d.buf[pos : pos+int(n*esize)]
	pos += len(payload)
	if v.IsString {
		return decodeText(payload, v.CharacterEncoding), pos, nil
	}
	return base64.StdEncoding.EncodeToString(payload), pos, nil
}

// uint reads a non-negative integer member (a header, dimension or length
// member) of the composite held in b.
func (d *decoder) uint(m *ir.Member, b []byte, at *path) (uint64, error) {
	t, ok := m.Type.(*ir.Encoded)
	if !ok || t.Array || t.Primitive.Floating() {
		return 0, fail(at, ErrLength, fmt.Sprintf("%s is not an integer", m.Name))
	}
	var v ir.Value
	switch {
	case isConstMember(m) && t.Const != nil:
		v = *t.Const
	case m.Offset+t.Primitive.Size() > len(b):
		return 0, fail(at, ErrTruncated, fmt.Sprintf("%s lies outside its composite", m.Name))
	default:
		v = get(d.bo, t.Primitive, b[m.Offset:])
	}
	if t.Primitive.Signed() && v.Int() < 0 {
		return 0, fail(at, ErrLength, fmt.Sprintf("%s is negative: %d", m.Name, v.Int()))
	}
	return v.Bits, nil
}

// countInRange checks a group's entry count against its numInGroup type;
// kind is the sentinel the error wraps.
func countInRange(g *ir.Group, count uint64, kind error, at *path) error {
	t, ok := g.NumInGroupMember.Type.(*ir.Encoded)
	if !ok {
		return nil
	}
	lo, hi := t.MinValue, t.MaxValue
	if t.Primitive.Signed() {
		if (lo.Int() < 0 || count >= uint64(lo.Int())) && (hi.Int() >= 0 && count <= uint64(hi.Int())) {
			return nil
		}
	} else if count >= lo.Bits && count <= hi.Bits {
		return nil
	}
	return fail(at, kind, fmt.Sprintf("numInGroup %d out of range [%s, %s]", count, lo, hi))
}

// constant returns the JSON form of a constant: the enum value name of a
// valueRef, the text of a char constant, else the number.
func constant(t ir.Type, text string, v *ir.Value, ref *ir.EnumValueRef) any {
	if ref != nil && ref.Value != nil {
		return ref.Value.Name
	}
	if e, ok := t.(*ir.Encoded); ok && (e.Primitive == ir.Char || e.IsString()) {
		return text
	}
	if v != nil {
		return number(*v)
	}
	return text
}

// choicesByBit returns a set's choices ordered by bit index.
func choicesByBit(t *ir.Set) []*ir.Choice {
	cs := append([]*ir.Choice(nil), t.Choices...)
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].Bit < cs[j].Bit })
	return cs
}
