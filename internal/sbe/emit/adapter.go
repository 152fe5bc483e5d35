package emit

// Values the emitters need that the IR does not (yet) precompute. Each is a
// pure function of the IR; they are collected here so that they can move
// into package ir without touching the emitters' logic.

import (
	"encoding/binary"
	"math"
	"slices"
	"strconv"

	"github.com/aerongo/aerongo/internal/sbe/ir"
)

// item is a fixed-size value inside a block or composite: a message or
// group field, or a composite member.
type item struct {
	Name         string
	GoName       string
	SetterName   string
	Offset       int
	Type         ir.Type
	Presence     ir.Presence
	SinceVersion int
	Const        *ir.Value
	ConstValue   string
	ValueRef     *ir.EnumValueRef
	Description  string
	Deprecated   bool
	// DeprecatedSince is the schema version of the deprecated attribute.
	DeprecatedSince int
}

func fieldItem(f *ir.Field) item {
	return item{Name: f.Name, GoName: f.GoName, SetterName: f.SetterName, Offset: f.Offset, Type: f.Type,
		Presence: f.Presence, SinceVersion: f.SinceVersion, Const: f.Const, ConstValue: f.ConstValue,
		ValueRef: f.ValueRef, Description: f.Description, Deprecated: f.IsDeprecated, DeprecatedSince: f.Deprecated}
}

func memberItem(m *ir.Member) item {
	it := item{Name: m.Name, GoName: m.GoName, SetterName: m.SetterName, Offset: m.Offset, Type: m.Type,
		Presence: m.Presence, SinceVersion: m.SinceVersion, Description: m.Description, Deprecated: m.IsDeprecated,
		DeprecatedSince: m.Deprecated}
	if e, ok := m.Type.(*ir.Encoded); ok && m.Presence == ir.Constant {
		it.Const, it.ConstValue, it.ValueRef = e.Const, e.ConstValue, e.ValueRef
	}
	return it
}

// blockNeeds lists, for each schema version at which a field appears, the
// number of block bytes the fields of that version occupy: a decoder
// rejects a block length below the need of the acting version, so that a
// getter never reads past the block. Sorted by version.
type versionNeed struct{ Version, Need int }

func blockNeeds(fields []*ir.Field) []versionNeed {
	versions := []int{0}
	for _, f := range fields {
		if !slices.Contains(versions, f.SinceVersion) {
			versions = append(versions, f.SinceVersion)
		}
	}
	slices.Sort(versions)
	var out []versionNeed
	for _, v := range versions {
		need := 0
		for _, f := range fields {
			if f.SinceVersion <= v && f.Presence != ir.Constant && f.Offset+f.Size > need {
				need = f.Offset + f.Size
			}
		}
		if len(out) == 0 || out[len(out)-1].Need != need {
			out = append(out, versionNeed{v, need})
		}
	}
	return out
}

// isVarDataComposite reports a composite used as var data type (a member of
// length 0): it gets no flyweight or struct of its own.
func isVarDataComposite(c *ir.Composite) bool {
	for _, m := range c.Members {
		if e, ok := m.Type.(*ir.Encoded); ok && e.Length == 0 {
			return true
		}
	}
	return false
}

// Unexported identifiers of generated code, derived from IR names.
func childField(goName string) string       { return "g" + goName }
func nullBlockName(goName string) string    { return "null" + goName }
func handlerName(goName string) string      { return "On" + goName }
func handlerDecoder(goName string) string   { return "d" + goName }
func hasName(choice string) string          { return "Has" + choice }
func setChoiceName(choice string) string    { return "Set" + choice }
func stringSetterName(setter string) string { return setter + "String" }
func atName(goName string) string           { return goName + "At" }
func bytesName(goName string) string        { return goName + "Bytes" }
func setAtName(setter string) string        { return setter + "At" }
func isNullName(goName string) string       { return goName + "IsNull" }

// canonicalNaN replaces any NaN by the quiet NaN Java and C++ write
// (Double.NaN 0x7ff8000000000000, Float.NaN 0x7fc00000), so that null
// floats have the same bytes as the reference implementations. Go's
// math.NaN() is 0x7ff8000000000001.
func canonicalNaN(v ir.Value) ir.Value {
	if !isNaNValue(v) {
		return v
	}
	if v.Primitive == ir.Float {
		return ir.Value{Primitive: ir.Float, Bits: 0x7fc00000}
	}
	return ir.Value{Primitive: ir.Double, Bits: 0x7ff8000000000000}
}

// putValue writes one value in the schema's byte order (for null images).
func putValue(b []byte, order binary.ByteOrder, v ir.Value) {
	v = canonicalNaN(v)
	switch v.Primitive.Size() {
	case 1:
		b[0] = byte(v.Bits)
	case 2:
		order.PutUint16(b, uint16(v.Bits))
	case 4:
		order.PutUint32(b, uint32(v.Bits))
	case 8:
		order.PutUint64(b, v.Bits)
	}
}

// nullImage is the encoding of a composite whose every member holds its
// null value: an absent composite field reads from it.
func nullImage(c *ir.Composite, order binary.ByteOrder) []byte {
	b := make([]byte, c.Size)
	fillNull(b, c, order)
	return b
}

func fillNull(b []byte, c *ir.Composite, order binary.ByteOrder) {
	for _, m := range c.Members {
		if m.Presence == ir.Constant {
			continue
		}
		at := b[m.Offset:]
		switch t := m.Type.(type) {
		case *ir.Encoded:
			n := t.Primitive.Size()
			for i := 0; i < t.Length; i++ {
				putValue(at[i*n:], order, t.NullValue)
			}
		case *ir.Enum:
			putValue(at, order, t.NullValue)
		case *ir.Composite:
			fillNull(at, t, order)
		}
	}
}

// goFloatBits formats a float or double as an exact bit-pattern expression.
func floatBitsText(v ir.Value) string {
	v = canonicalNaN(v)
	if v.Primitive == ir.Float {
		return "0x" + strconv.FormatUint(uint64(uint32(v.Bits)), 16)
	}
	return "0x" + strconv.FormatUint(v.Bits, 16)
}

func isNaNValue(v ir.Value) bool {
	return v.Primitive.Floating() && math.IsNaN(v.Float())
}
