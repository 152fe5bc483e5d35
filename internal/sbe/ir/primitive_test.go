package ir

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParsePrimitive(t *testing.T) {
	for p := Char; p <= Double; p++ {
		got, ok := ParsePrimitive(p.String())
		assert.True(t, ok, p.String())
		assert.Equal(t, p, got)
	}
	for _, bad := range []string{"", "int", "uint128", "Char", "string", "float32"} {
		_, ok := ParsePrimitive(bad)
		assert.False(t, ok, bad)
	}
	assert.Equal(t, "", Primitive(200).String())
	assert.Equal(t, "", Primitive(200).GoType())
	assert.Equal(t, 0, Primitive(200).Size())
}

func TestPrimitiveSizes(t *testing.T) {
	want := map[Primitive]int{Char: 1, Int8: 1, Uint8: 1, Int16: 2, Uint16: 2, Int32: 4, Uint32: 4, Float: 4,
		Int64: 8, Uint64: 8, Double: 8}
	for p, n := range want {
		assert.Equal(t, n, p.Size(), p.String())
	}
}

func TestParseValue(t *testing.T) {
	tests := []struct {
		p    Primitive
		text string
		want any
		err  bool
	}{
		{Char, "A", byte('A'), false},
		{Char, "AB", nil, true},
		{Char, "", nil, true},
		{Char, "é", nil, true},
		{Int8, "-128", int8(-128), false},
		{Int8, "128", nil, true},
		{Int16, "-32768", int16(-32768), false},
		{Int32, "2147483647", int32(math.MaxInt32), false},
		{Int32, "0x10", nil, true},
		{Int64, "-9223372036854775808", int64(math.MinInt64), false},
		{Uint8, "255", uint8(255), false},
		{Uint8, "-1", nil, true},
		{Uint16, "65536", nil, true},
		{Uint32, "4294967295", uint32(math.MaxUint32), false},
		{Uint64, "18446744073709551615", uint64(math.MaxUint64), false},
		{Uint64, "18446744073709551616", nil, true},
		{Float, "1.5", float32(1.5), false},
		{Float, "1e39", nil, true},
		{Float, "abc", nil, true},
		{Double, "-0.25", -0.25, false},
		{Double, "+Inf", math.Inf(1), false},
		{InvalidPrimitive, "1", nil, true},
	}
	for _, tt := range tests {
		v, err := ParseValue(tt.p, tt.text)
		if tt.err {
			assert.Error(t, err, "ParseValue(%s, %q)", tt.p, tt.text)
			continue
		}
		require.NoError(t, err, "ParseValue(%s, %q)", tt.p, tt.text)
		assert.Equal(t, tt.want, v.Any(), "ParseValue(%s, %q)", tt.p, tt.text)
		assert.Equal(t, tt.p, v.Primitive)
	}
	nan, err := ParseValue(Double, "NaN")
	require.NoError(t, err)
	assert.True(t, nan.IsNaN())
	assert.Equal(t, "NaN", nan.String())
}

func TestValueMethods(t *testing.T) {
	assert.Equal(t, "-5", IntValue(Int16, -5).String())
	assert.Equal(t, int64(-5), IntValue(Int16, -5).Int())
	assert.Equal(t, -5.0, IntValue(Int16, -5).Float())
	assert.Equal(t, "65", UintValue(Char, 'A').String())
	assert.Equal(t, 7.0, UintValue(Uint32, 7).Float())
	assert.Equal(t, "1.5", FloatValue(Float, 1.5).String())
	assert.Equal(t, "0.1", FloatValue(Double, 0.1).String())
	assert.Equal(t, float32(0.1), FloatValue(Float, 0.1).Any())
	assert.True(t, IntValue(Int8, -1).Less(IntValue(Int8, 0)))
	assert.False(t, UintValue(Uint64, math.MaxUint64).Less(UintValue(Uint64, 0)))
	assert.True(t, FloatValue(Double, -1).Less(FloatValue(Double, 1)))
	assert.False(t, Float.NullValue().Less(FloatValue(Float, 1)))
	assert.False(t, UintValue(Uint8, 3).IsNaN())
	assert.Nil(t, Value{}.Any())
	// Float NaN values are equal with ==, which DeepEqual of the IR relies on.
	a, b := Float.NullValue(), Float.NullValue()
	assert.True(t, a == b)
	assert.True(t, Double.NullValue() == FloatValue(Double, math.NaN()))
	for p := Char; p <= Double; p++ {
		assert.Equal(t, p, p.NullValue().Primitive)
		if !p.Floating() {
			assert.True(t, p.MinValue().Less(p.MaxValue()), p.String())
			null := p.NullValue()
			inRange := !null.Less(p.MinValue()) && !p.MaxValue().Less(null)
			assert.False(t, inRange, "%s null %s lies in [%s, %s]", p, null, p.MinValue(), p.MaxValue())
		}
	}
}

func TestPresenceAndKindStrings(t *testing.T) {
	assert.Equal(t, "required", Required.String())
	assert.Equal(t, "optional", Optional.String())
	assert.Equal(t, "constant", Constant.String())
	assert.Equal(t, "type", KindEncoded.String())
	assert.Equal(t, "enum", KindEnum.String())
	assert.Equal(t, "set", KindSet.String())
	assert.Equal(t, "composite", KindComposite.String())
	assert.Equal(t, "invalid", TypeKind(0).String())
}

func TestCanonicalNaN(t *testing.T) {
	// Java's Float.NaN and Double.NaN, not Go's math.NaN() (0x7ff8000000000001).
	assert.Equal(t, uint64(0x7fc00000), Float.NullValue().Bits)
	assert.Equal(t, uint64(0x7ff8000000000000), Double.NullValue().Bits)
	assert.Equal(t, uint64(0x7ff8000000000000), FloatValue(Double, math.NaN()).Bits)
	assert.Equal(t, uint64(0x7ff8000000000000), FloatValue(Double, math.Float64frombits(0xfff0000000000123)).Bits)
	for _, p := range []Primitive{Float, Double} {
		v, err := ParseValue(p, "NaN")
		require.NoError(t, err)
		assert.Equal(t, p.NullValue(), v, "ParseValue(%s, NaN)", p)
	}
	assert.Equal(t, math.Float64bits(1.5), FloatValue(Double, 1.5).Bits)
}
