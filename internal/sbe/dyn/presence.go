package dyn

import (
	"encoding/binary"

	"github.com/aerongo/aerongo/internal/sbe/ir"
)

// fieldNullable reports whether a field may hold its null value and show
// it as JSON null: an optional field, or one added after version 0 (older
// frames, and newer readers of them, see its null value).
func fieldNullable(f *ir.Field) bool {
	return f.Presence == ir.Optional || f.SinceVersion > 0
}

// memberNullable reports whether a composite member may hold its null
// value: the composite's value is nullable, or the member is optional or
// was added after version 0.
func memberNullable(m *ir.Member, parent bool) bool {
	return parent || m.Presence == ir.Optional || m.SinceVersion > 0 || typePresence(m.Type) == ir.Optional
}

// memberOptional reports a composite member that may be left out of a
// document: an optional one.
func memberOptional(m *ir.Member) bool {
	return m.Presence == ir.Optional || typePresence(m.Type) == ir.Optional
}

// typePresence returns the presence declared on a type.
func typePresence(t ir.Type) ir.Presence {
	switch t := t.(type) {
	case *ir.Encoded:
		return t.Presence
	case *ir.Enum:
		return t.Presence
	}
	return ir.Required
}

// isConstMember reports a composite member that is not on the wire.
func isConstMember(m *ir.Member) bool {
	return m.Presence == ir.Constant || typePresence(m.Type) == ir.Constant
}

// writeNull writes the null encoding of t into b: every element of an
// encoded type and every enum its null value, a set no bits, a composite
// each of its members' null encodings.
func writeNull(bo binary.ByteOrder, t ir.Type, b []byte) {
	switch t := t.(type) {
	case *ir.Encoded:
		if t.Presence == ir.Constant {
			return
		}
		size := t.Primitive.Size()
		for i := 0; i < t.Length && (i+1)*size <= len(b); i++ {
			put(bo, t.Primitive, b[i*size:], t.NullValue.Bits)
		}
	case *ir.Enum:
		if len(b) >= t.Encoding.Size() {
			put(bo, t.Encoding, b, t.NullValue.Bits)
		}
	case *ir.Set:
		clear(b[:min(len(b), t.Encoding.Size())])
	case *ir.Composite:
		for _, m := range t.Members {
			if isConstMember(m) || m.Offset+m.Size() > len(b) {
				continue
			}
			writeNull(bo, m.Type, b[m.Offset:m.Offset+m.Size()])
		}
	}
}

// dataHeaderSize is the size of a var data field's length prefix: the
// offset of the data in its composite.
func dataHeaderSize(v *ir.Data) int {
	return max(v.VarDataMember.Offset, v.LengthMember.Offset+v.LengthMember.Size())
}
