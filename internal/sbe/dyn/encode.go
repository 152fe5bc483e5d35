package dyn

import (
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"io"
	"sort"

	"github.com/aerongo/aerongo/internal/sbe/ir"
)

// EncodeOptions adjusts Encode.
type EncodeOptions struct {
	// SkipMinMax accepts values outside a type's minValue and maxValue as
	// long as they fit the primitive, so that any frame Decode accepts can
	// be written back exactly.
	SkipMinMax bool
}

// Encode encodes a document as a frame of the named message with the
// schema s: message header (the schema's id and version, the message's
// template id and block length), root block, groups and var data.
//
// doc is an Object or a map[string]any whose values are nil, string,
// json.Number, Go integers and floats, []any, Object or map[string]any, as
// ParseJSON returns them. message may be "" when the document names its
// message in "$message"; when both are given they must agree. Errors are
// *PathErrors naming the JSON path of the offending value.
func Encode(s *ir.Schema, message string, doc any) ([]byte, error) {
	return EncodeOptions{}.Encode(s, message, doc)
}

// EncodeJSON reads one JSON document from r and encodes it like Encode.
func EncodeJSON(s *ir.Schema, message string, r io.Reader) ([]byte, error) {
	return EncodeOptions{}.EncodeJSON(s, message, r)
}

// EncodeJSON reads one JSON document from r and encodes it like Encode.
func (o EncodeOptions) EncodeJSON(s *ir.Schema, message string, r io.Reader) ([]byte, error) {
	doc, err := ParseJSON(r)
	if err != nil {
		return nil, err
	}
	return o.Encode(s, message, doc)
}

// Encode is Encode with options.
func (o EncodeOptions) Encode(s *ir.Schema, message string, doc any) ([]byte, error) {
	obj, ok := asObject(doc)
	if !ok {
		return nil, fail(nil, ErrType, fmt.Sprintf("want an object, got %s", jsonType(doc)))
	}
	if v, ok := obj.get("$message"); ok {
		name, isString := v.(string)
		at := (*path)(nil).field("$message")
		switch {
		case !isString:
			return nil, fail(at, ErrType, fmt.Sprintf("want a string, got %s", jsonType(v)))
		case message == "":
			message = name
		case name != message:
			return nil, fail(at, ErrMessage, fmt.Sprintf("document is a %q, encoding a %q", name, message))
		}
	}
	if message == "" {
		return nil, fail(nil, ErrMessage, "no message name given and no \"$message\" in the document")
	}
	m := s.MessageByName(message)
	if m == nil {
		return nil, fail(nil, ErrMessage, fmt.Sprintf("no message %q in schema %q", message, s.Package))
	}
	e := encoder{bo: s.ByteOrder, opts: o}
	h := s.Header
	e.buf = make([]byte, h.Size, h.Size+m.BlockLength+64)
	hb := e.buf[:h.Size]
	for _, x := range h.Extra {
		if !isConstMember(x) && memberNullable(x, false) {
			writeNull(e.bo, x.Type, hb[x.Offset:x.Offset+x.Size()])
		}
	}
	for _, w := range []struct {
		m *ir.Member
		v uint64
	}{
		{h.BlockLength, uint64(m.BlockLength)},
		{h.TemplateID, uint64(m.ID)},
		{h.SchemaID, uint64(s.ID)},
		{h.Version, uint64(s.Version)},
	} {
		if err := e.putUint(w.m, hb, w.v, nil); err != nil {
			return nil, err
		}
	}
	if err := e.entry(obj, true, m.Name, m.Fields, m.Groups, m.Data, m.BlockLength, nil); err != nil {
		return nil, err
	}
	return e.buf, nil
}

type encoder struct {
	bo   binary.ByteOrder
	buf  []byte
	opts EncodeOptions
}

// entry appends a block of blockLength bytes holding the fields of obj,
// then its groups and var data.
func (e *encoder) entry(obj docObject, root bool, owner string, fields []*ir.Field, groups []*ir.Group, data []*ir.Data, blockLength int, at *path) error {
	if err := checkNames(obj, root, owner, fields, groups, data, at); err != nil {
		return err
	}
	start := len(e.buf)
	e.buf = append(e.buf, make([]byte, blockLength)...)
	block := e.buf[start:]
	for _, f := range fields {
		if f.Presence == ir.Constant {
			continue
		}
		v, present := obj.get(f.Name)
		if f.Offset+f.Size > len(block) {
			return fail(at.field(f.Name), ErrLength, fmt.Sprintf("field at offset %d does not fit block length %d", f.Offset, blockLength))
		}
		if err := e.value(f.Type, block[f.Offset:f.Offset+f.Size], v, present || f.Presence == ir.Optional, fieldNullable(f), at.field(f.Name)); err != nil {
			return err
		}
	}
	for _, g := range groups {
		v, _ := obj.get(g.Name)
		if err := e.group(g, v, at.field(g.Name)); err != nil {
			return err
		}
	}
	for _, d := range data {
		v, _ := obj.get(d.Name)
		if err := e.data(d, v, at.field(d.Name)); err != nil {
			return err
		}
	}
	return nil
}

// checkNames rejects members of obj that name no field, group or var data
// (constants are accepted and ignored).
func checkNames(obj docObject, root bool, owner string, fields []*ir.Field, groups []*ir.Group, data []*ir.Data, at *path) error {
	known := func(name string) bool {
		if root && name == "$message" {
			return true
		}
		for _, f := range fields {
			if f.Name == name {
				return true
			}
		}
		for _, g := range groups {
			if g.Name == name {
				return true
			}
		}
		for _, d := range data {
			if d.Name == name {
				return true
			}
		}
		return false
	}
	for _, name := range obj.names() {
		if !known(name) {
			return fail(at.field(name), ErrName, fmt.Sprintf("%s has no field %q", owner, name))
		}
	}
	return nil
}

// value writes the document value v of type t into b. nullable tells that
// null writes the null value; present that v counts as given, which is the
// case for a member in the document and for an absent optional one (an
// absent required value is an error, even where null is accepted).
func (e *encoder) value(t ir.Type, b []byte, v any, present, nullable bool, at *path) error {
	if !present {
		return fail(at, ErrMissing, "missing required field")
	}
	if v == nil {
		if nullable {
			writeNull(e.bo, t, b)
			return nil
		}
		return fail(at, ErrMissing, "null for a required field")
	}
	switch t := t.(type) {
	case *ir.Encoded:
		return e.encoded(t, b, v, nullable, at)
	case *ir.Enum:
		var raw ir.Value
		switch v := v.(type) {
		case string:
			ev := t.ValueByName(v)
			if ev == nil {
				return fail(at, ErrName, fmt.Sprintf("enum %s has no value %q", t.Name, v))
			}
			raw = ev.Value
		default:
			var err error
			if raw, err = parseNumber(t.Encoding, v, at); err != nil {
				if _, isNum := numberText(v); !isNum {
					return fail(at, ErrType, fmt.Sprintf("want a value name of enum %s, got %s", t.Name, jsonType(v)))
				}
				return err
			}
		}
		put(e.bo, t.Encoding, b, raw.Bits)
		return nil
	case *ir.Set:
		arr, ok := v.([]any)
		if !ok {
			return fail(at, ErrType, fmt.Sprintf("want an array of choice names of set %s, got %s", t.Name, jsonType(v)))
		}
		var bits uint64
		for i, c := range arr {
			name, ok := c.(string)
			if !ok {
				return fail(at.elem(i), ErrType, fmt.Sprintf("want a choice name of set %s, got %s", t.Name, jsonType(c)))
			}
			choice := choiceByName(t, name)
			if choice == nil {
				return fail(at.elem(i), ErrName, fmt.Sprintf("set %s has no choice %q", t.Name, name))
			}
			bits |= 1 << choice.Bit
		}
		put(e.bo, t.Encoding, b, bits)
		return nil
	case *ir.Composite:
		obj, ok := asObject(v)
		if !ok {
			return fail(at, ErrType, fmt.Sprintf("want an object for composite %s, got %s", t.Name, jsonType(v)))
		}
		for _, name := range obj.names() {
			if t.Member(name) == nil {
				return fail(at.field(name), ErrName, fmt.Sprintf("composite %s has no member %q", t.Name, name))
			}
		}
		for _, m := range t.Members {
			if isConstMember(m) {
				continue
			}
			mv, present := obj.get(m.Name)
			end := m.Offset + m.Size()
			if end > len(b) {
				return fail(at.field(m.Name), ErrLength, fmt.Sprintf("member at offset %d lies outside composite %s", m.Offset, t.Name))
			}
			if err := e.value(m.Type, b[m.Offset:end], mv, present || memberOptional(m), memberNullable(m, nullable), at.field(m.Name)); err != nil {
				return err
			}
		}
		return nil
	}
	return fail(at, ErrType, fmt.Sprintf("unsupported type %T", t))
}

func (e *encoder) encoded(t *ir.Encoded, b []byte, v any, nullable bool, at *path) error {
	p := t.Primitive
	size := p.Size()
	if !t.Array {
		if p == ir.Char {
			s, ok := v.(string)
			if !ok {
				return fail(at, ErrType, fmt.Sprintf("want a one-character string, got %s", jsonType(v)))
			}
			c, err := encodeText(s, t.CharacterEncoding, at)
			if err != nil {
				return err
			}
			if len(c) != 1 {
				return fail(at, ErrRange, fmt.Sprintf("want one character, got %d bytes", len(c)))
			}
			return e.scalar(t, b, ir.UintValue(ir.Char, uint64(c[0])), at)
		}
		val, err := parseNumber(p, v, at)
		if err != nil {
			return err
		}
		return e.scalar(t, b, val, at)
	}
	switch {
	case t.IsString():
		s, ok := v.(string)
		if !ok {
			return fail(at, ErrType, fmt.Sprintf("want a string, got %s", jsonType(v)))
		}
		c, err := encodeText(s, t.CharacterEncoding, at)
		if err != nil {
			return err
		}
		if len(c) > len(b) {
			return fail(at, ErrRange, fmt.Sprintf("string of %d bytes longer than %s of length %d", len(c), typeName(t), t.Length))
		}
		copy(b, c)
		return nil
	case p == ir.Uint8 || p == ir.Int8:
		s, ok := v.(string)
		if !ok {
			return fail(at, ErrType, fmt.Sprintf("want a base64 string, got %s", jsonType(v)))
		}
		raw, err := base64.StdEncoding.DecodeString(s)
		if err != nil {
			return fail(at, ErrType, fmt.Sprintf("invalid base64: %v", err))
		}
		if len(raw) != len(b) {
			return fail(at, ErrRange, fmt.Sprintf("%d bytes for %s of length %d", len(raw), typeName(t), t.Length))
		}
		copy(b, raw)
		return nil
	}
	arr, ok := v.([]any)
	if !ok {
		return fail(at, ErrType, fmt.Sprintf("want an array of %d numbers, got %s", t.Length, jsonType(v)))
	}
	if len(arr) != t.Length {
		return fail(at, ErrRange, fmt.Sprintf("%d elements for %s of length %d", len(arr), typeName(t), t.Length))
	}
	for i, x := range arr {
		eb := b[i*size : (i+1)*size]
		if x == nil {
			if !nullable {
				return fail(at.elem(i), ErrMissing, "null for a required element")
			}
			put(e.bo, p, eb, t.NullValue.Bits)
			continue
		}
		val, err := parseNumber(p, x, at.elem(i))
		if err != nil {
			return err
		}
		if err := e.scalar(t, eb, val, at.elem(i)); err != nil {
			return err
		}
	}
	return nil
}

// scalar checks one value against the type's bounds and writes it.
func (e *encoder) scalar(t *ir.Encoded, b []byte, v ir.Value, at *path) error {
	if !e.opts.SkipMinMax {
		if err := checkMinMax(t, v, at); err != nil {
			return err
		}
	}
	put(e.bo, t.Primitive, b, v.Bits)
	return nil
}

func (e *encoder) group(g *ir.Group, v any, at *path) error {
	var entries []any
	if v != nil {
		arr, ok := v.([]any)
		if !ok {
			return fail(at, ErrType, fmt.Sprintf("want an array of entries, got %s", jsonType(v)))
		}
		entries = arr
	}
	count := uint64(len(entries))
	if err := countInRange(g, count, ErrRange, at); err != nil {
		return err
	}
	start := len(e.buf)
	e.buf = append(e.buf, make([]byte, g.DimensionType.Size)...)
	dim := e.buf[start:]
	if err := e.putUint(g.BlockLengthMember, dim, uint64(g.BlockLength), at); err != nil {
		return err
	}
	if err := e.putUint(g.NumInGroupMember, dim, count, at); err != nil {
		return err
	}
	for i, x := range entries {
		obj, ok := asObject(x)
		if !ok {
			return fail(at.elem(i), ErrType, fmt.Sprintf("want an object for an entry of group %s, got %s", g.Name, jsonType(x)))
		}
		if err := e.entry(obj, false, "group "+g.Name, g.Fields, g.Groups, g.Data, g.BlockLength, at.elem(i)); err != nil {
			return err
		}
	}
	return nil
}

func (e *encoder) data(d *ir.Data, v any, at *path) error {
	var payload []byte
	if v != nil {
		s, ok := v.(string)
		if !ok {
			return fail(at, ErrType, fmt.Sprintf("want a string, got %s", jsonType(v)))
		}
		var err error
		if d.IsString {
			payload, err = encodeText(s, d.CharacterEncoding, at)
		} else if payload, err = base64.StdEncoding.DecodeString(s); err != nil {
			err = fail(at, ErrType, fmt.Sprintf("invalid base64: %v", err))
		}
		if err != nil {
			return err
		}
	}
	esize := max(d.VarDataPrimitive.Size(), 1)
	if len(payload)%esize != 0 {
		return fail(at, ErrRange, fmt.Sprintf("%d bytes is not a whole number of %s elements", len(payload), d.VarDataPrimitive))
	}
	n := uint64(len(payload) / esize)
	if n > d.MaxLength {
		return fail(at, ErrRange, fmt.Sprintf("length %d exceeds maxValue %d of %s", n, d.MaxLength, d.Type.Name))
	}
	start := len(e.buf)
	e.buf = append(e.buf, make([]byte, dataHeaderSize(d))...)
	if err := e.putUint(d.LengthMember, e.buf[start:], n, at); err != nil {
		return err
	}
	e.buf = append(e.buf, payload...)
	return nil
}

// putUint writes a non-negative integer into a header, dimension or length
// member of the composite held in b.
func (e *encoder) putUint(m *ir.Member, b []byte, n uint64, at *path) error {
	t, ok := m.Type.(*ir.Encoded)
	if !ok || t.Array || t.Primitive.Floating() {
		return fail(at, ErrType, fmt.Sprintf("%s is not an integer", m.Name))
	}
	if isConstMember(m) {
		if t.Const != nil && t.Const.Bits != n {
			return fail(at, ErrRange, fmt.Sprintf("%s is the constant %s, not %d", m.Name, t.Const, n))
		}
		return nil
	}
	bits := t.Primitive.Size() * 8
	limit := uint64(1)<<bits - 1
	if bits == 64 {
		limit = ^uint64(0)
	}
	if t.Primitive.Signed() {
		limit >>= 1
	}
	if n > limit {
		return fail(at, ErrRange, fmt.Sprintf("%s %d out of range for %s", m.Name, n, t.Primitive))
	}
	if m.Offset+t.Primitive.Size() > len(b) {
		return fail(at, ErrLength, fmt.Sprintf("%s lies outside its composite", m.Name))
	}
	put(e.bo, t.Primitive, b[m.Offset:], n)
	return nil
}

func typeName(t *ir.Encoded) string {
	if t.Builtin {
		return t.Primitive.String()
	}
	return t.Name
}

func choiceByName(t *ir.Set, name string) *ir.Choice {
	for _, c := range t.Choices {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// docObject is a document object: an Object or a map[string]any.
type docObject struct {
	obj Object
	m   map[string]any
}

func asObject(v any) (docObject, bool) {
	switch v := v.(type) {
	case Object:
		return docObject{obj: v}, true
	case map[string]any:
		return docObject{m: v}, true
	}
	return docObject{}, false
}

func (o docObject) get(name string) (any, bool) {
	if o.m != nil {
		v, ok := o.m[name]
		return v, ok
	}
	return o.obj.Get(name)
}

// names returns the member names, in document order for an Object and
// sorted for a map, so errors are deterministic.
func (o docObject) names() []string {
	if o.m == nil {
		names := make([]string, len(o.obj))
		for i, m := range o.obj {
			names[i] = m.Name
		}
		return names
	}
	names := make([]string, 0, len(o.m))
	for k := range o.m {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}
