package ir

import (
	"encoding/binary"
	"fmt"
	"math"
	"strconv"
)

// Primitive is an SBE primitive type.
type Primitive uint8

// The SBE 1.0 primitive types.
const (
	InvalidPrimitive Primitive = iota
	Char
	Int8
	Int16
	Int32
	Int64
	Uint8
	Uint16
	Uint32
	Uint64
	Float
	Double
)

var primitiveNames = [...]string{
	InvalidPrimitive: "",
	Char:             "char",
	Int8:             "int8",
	Int16:            "int16",
	Int32:            "int32",
	Int64:            "int64",
	Uint8:            "uint8",
	Uint16:           "uint16",
	Uint32:           "uint32",
	Uint64:           "uint64",
	Float:            "float",
	Double:           "double",
}

var primitiveGoNames = [...]string{
	InvalidPrimitive: "",
	Char:             "byte",
	Int8:             "int8",
	Int16:            "int16",
	Int32:            "int32",
	Int64:            "int64",
	Uint8:            "uint8",
	Uint16:           "uint16",
	Uint32:           "uint32",
	Uint64:           "uint64",
	Float:            "float32",
	Double:           "float64",
}

// ParsePrimitive returns the primitive with the given SBE name ("uint16").
func ParsePrimitive(name string) (Primitive, bool) {
	for p := Char; p <= Double; p++ {
		if primitiveNames[p] == name {
			return p, true
		}
	}
	return InvalidPrimitive, false
}

// String returns the SBE name of the primitive ("char", "uint16", "double").
func (p Primitive) String() string {
	if int(p) < len(primitiveNames) {
		return primitiveNames[p]
	}
	return ""
}

// GoType returns the Go type of one value: "byte" for char, "float32" for
// float, "float64" for double, else the SBE name.
func (p Primitive) GoType() string {
	if int(p) < len(primitiveGoNames) {
		return primitiveGoNames[p]
	}
	return ""
}

// Size returns the encoded size in bytes.
func (p Primitive) Size() int {
	switch p {
	case Char, Int8, Uint8:
		return 1
	case Int16, Uint16:
		return 2
	case Int32, Uint32, Float:
		return 4
	case Int64, Uint64, Double:
		return 8
	}
	return 0
}

// Signed reports a signed integer primitive.
func (p Primitive) Signed() bool { return p >= Int8 && p <= Int64 }

// Unsigned reports an unsigned integer primitive or char.
func (p Primitive) Unsigned() bool { return p == Char || (p >= Uint8 && p <= Uint64) }

// Floating reports float or double.
func (p Primitive) Floating() bool { return p == Float || p == Double }

// NullValue returns the specification's default null value.
func (p Primitive) NullValue() Value {
	switch p {
	case Char:
		return UintValue(p, 0)
	case Int8:
		return IntValue(p, math.MinInt8)
	case Int16:
		return IntValue(p, math.MinInt16)
	case Int32:
		return IntValue(p, math.MinInt32)
	case Int64:
		return IntValue(p, math.MinInt64)
	case Uint8:
		return UintValue(p, math.MaxUint8)
	case Uint16:
		return UintValue(p, math.MaxUint16)
	case Uint32:
		return UintValue(p, math.MaxUint32)
	case Uint64:
		return UintValue(p, math.MaxUint64)
	case Float, Double:
		return FloatValue(p, math.NaN())
	}
	return Value{}
}

// MinValue returns the specification's default minimum value.
func (p Primitive) MinValue() Value {
	switch p {
	case Char:
		return UintValue(p, 0x20)
	case Int8:
		return IntValue(p, math.MinInt8+1)
	case Int16:
		return IntValue(p, math.MinInt16+1)
	case Int32:
		return IntValue(p, math.MinInt32+1)
	case Int64:
		return IntValue(p, math.MinInt64+1)
	case Uint8, Uint16, Uint32, Uint64:
		return UintValue(p, 0)
	case Float:
		return FloatValue(p, -math.MaxFloat32)
	case Double:
		return FloatValue(p, -math.MaxFloat64)
	}
	return Value{}
}

// MaxValue returns the specification's default maximum value.
func (p Primitive) MaxValue() Value {
	switch p {
	case Char:
		return UintValue(p, 0x7e)
	case Int8:
		return IntValue(p, math.MaxInt8)
	case Int16:
		return IntValue(p, math.MaxInt16)
	case Int32:
		return IntValue(p, math.MaxInt32)
	case Int64:
		return IntValue(p, math.MaxInt64)
	case Uint8:
		return UintValue(p, math.MaxUint8-1)
	case Uint16:
		return UintValue(p, math.MaxUint16-1)
	case Uint32:
		return UintValue(p, math.MaxUint32-1)
	case Uint64:
		return UintValue(p, math.MaxUint64-1)
	case Float:
		return FloatValue(p, math.MaxFloat32)
	case Double:
		return FloatValue(p, math.MaxFloat64)
	}
	return Value{}
}

// Value is one value of a primitive. Bits holds the value's bit pattern: the
// two's complement of a signed integer, an unsigned integer or char as is,
// math.Float32bits of a float and math.Float64bits of a double, so values
// (NaN included) compare with ==.
type Value struct {
	Primitive Primitive
	Bits      uint64
}

// IntValue returns a signed integer value of p.
func IntValue(p Primitive, v int64) Value { return Value{Primitive: p, Bits: uint64(v)} }

// UintValue returns an unsigned integer or char value of p.
func UintValue(p Primitive, v uint64) Value { return Value{Primitive: p, Bits: v} }

// The quiet NaNs that Java's Float.NaN and Double.NaN (and C++'s
// quiet_NaN) encode to. Go's math.NaN() is 0x7ff8000000000001.
const (
	CanonicalFloatNaN  = 0x7fc00000
	CanonicalDoubleNaN = 0x7ff8000000000000
)

// FloatValue returns a float or double value of p. Any NaN becomes the
// canonical quiet NaN of p (CanonicalFloatNaN, CanonicalDoubleNaN), so
// that null floats have the bytes the reference implementations write.
func FloatValue(p Primitive, v float64) Value {
	if p == Float {
		if math.IsNaN(v) {
			return Value{Primitive: p, Bits: CanonicalFloatNaN}
		}
		return Value{Primitive: p, Bits: uint64(math.Float32bits(float32(v)))}
	}
	if math.IsNaN(v) {
		return Value{Primitive: p, Bits: CanonicalDoubleNaN}
	}
	return Value{Primitive: p, Bits: math.Float64bits(v)}
}

// put writes the value at b[0:] in the given byte order, in
// Primitive.Size() bytes.
func (v Value) put(b []byte, order binary.ByteOrder) {
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

// Int returns a signed integer value (the bits as int64 for other kinds).
func (v Value) Int() int64 { return int64(v.Bits) }

// Uint returns an unsigned integer or char value (the raw bits for other kinds).
func (v Value) Uint() uint64 { return v.Bits }

// Float returns a float or double value as float64, and integers converted.
func (v Value) Float() float64 {
	switch {
	case v.Primitive == Float:
		return float64(math.Float32frombits(uint32(v.Bits)))
	case v.Primitive == Double:
		return math.Float64frombits(v.Bits)
	case v.Primitive.Signed():
		return float64(v.Int())
	}
	return float64(v.Bits)
}

// IsNaN reports a float or double NaN.
func (v Value) IsNaN() bool { return v.Primitive.Floating() && math.IsNaN(v.Float()) }

// Any returns the value as its Go type: byte, int8..uint64, float32 or float64.
func (v Value) Any() any {
	switch v.Primitive {
	case Char:
		return byte(v.Bits)
	case Int8:
		return int8(v.Bits)
	case Int16:
		return int16(v.Bits)
	case Int32:
		return int32(v.Bits)
	case Int64:
		return int64(v.Bits)
	case Uint8:
		return uint8(v.Bits)
	case Uint16:
		return uint16(v.Bits)
	case Uint32:
		return uint32(v.Bits)
	case Uint64:
		return v.Bits
	case Float:
		return math.Float32frombits(uint32(v.Bits))
	case Double:
		return math.Float64frombits(v.Bits)
	}
	return nil
}

// String formats the value in decimal ("NaN", "+Inf" for floats, the
// decimal code for char).
func (v Value) String() string {
	switch {
	case v.Primitive.Signed():
		return strconv.FormatInt(v.Int(), 10)
	case v.Primitive == Float:
		return strconv.FormatFloat(v.Float(), 'g', -1, 32)
	case v.Primitive == Double:
		return strconv.FormatFloat(v.Float(), 'g', -1, 64)
	}
	return strconv.FormatUint(v.Bits, 10)
}

// Less orders two values of one primitive numerically (NaN is never less).
func (v Value) Less(w Value) bool {
	switch {
	case v.Primitive.Signed():
		return v.Int() < w.Int()
	case v.Primitive.Floating():
		return v.Float() < w.Float()
	}
	return v.Bits < w.Bits
}

// ParseValue parses the schema text of a value of p: a decimal integer, a
// float literal (NaN and Inf accepted), or for char a single ASCII
// character.
func ParseValue(p Primitive, text string) (Value, error) {
	switch {
	case p == Char:
		if len(text) != 1 || text[0] >= 0x80 {
			return Value{}, fmt.Errorf("char value %q is not a single ASCII character", text)
		}
		return UintValue(p, uint64(text[0])), nil
	case p.Signed():
		n, err := strconv.ParseInt(text, 10, p.Size()*8)
		if err != nil {
			return Value{}, fmt.Errorf("%q is not a valid %s", text, p)
		}
		return IntValue(p, n), nil
	case p.Unsigned():
		n, err := strconv.ParseUint(text, 10, p.Size()*8)
		if err != nil {
			return Value{}, fmt.Errorf("%q is not a valid %s", text, p)
		}
		return UintValue(p, n), nil
	case p.Floating():
		f, err := strconv.ParseFloat(text, p.Size()*8)
		if err != nil {
			return Value{}, fmt.Errorf("%q is not a valid %s", text, p)
		}
		return FloatValue(p, f), nil
	}
	return Value{}, fmt.Errorf("invalid primitive")
}
