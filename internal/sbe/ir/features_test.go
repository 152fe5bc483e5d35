package ir

import (
	"encoding/binary"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPrimitiveFields(t *testing.T) {
	tests := []struct {
		typ    string
		prim   Primitive
		goType string
		size   int
		null   string
		min    string
		max    string
	}{
		{"char", Char, "byte", 1, "0", "32", "126"},
		{"int8", Int8, "int8", 1, "-128", "-127", "127"},
		{"int16", Int16, "int16", 2, "-32768", "-32767", "32767"},
		{"int32", Int32, "int32", 4, "-2147483648", "-2147483647", "2147483647"},
		{"int64", Int64, "int64", 8, "-9223372036854775808", "-9223372036854775807", "9223372036854775807"},
		{"uint8", Uint8, "uint8", 1, "255", "0", "254"},
		{"uint16", Uint16, "uint16", 2, "65535", "0", "65534"},
		{"uint32", Uint32, "uint32", 4, "4294967295", "0", "4294967294"},
		{"uint64", Uint64, "uint64", 8, "18446744073709551615", "0", "18446744073709551614"},
		{"float", Float, "float32", 4, "NaN", "-3.4028235e+38", "3.4028235e+38"},
		{"double", Double, "float64", 8, "NaN", "-1.7976931348623157e+308", "1.7976931348623157e+308"},
	}
	for _, tt := range tests {
		t.Run(tt.typ, func(t *testing.T) {
			src := doc("", "", `<sbe:message name="M" id="1">
  <field name="a" id="1" type="uint8"/>
  <field name="v" id="2" type="`+tt.typ+`" presence="optional"/>
  <field name="w" id="3" type="`+tt.typ+`"/>
</sbe:message>`)
			s := mustBuild(t, src)
			m := s.Messages[0]
			v := m.Fields[1]
			e := v.Type.(*Encoded)
			assert.Equal(t, tt.prim, e.Primitive)
			assert.Equal(t, tt.goType, e.Primitive.GoType())
			assert.Equal(t, tt.typ, e.Primitive.String())
			assert.Equal(t, tt.size, v.Size)
			assert.Equal(t, 1, v.Offset)
			assert.Equal(t, 1+tt.size, m.Fields[2].Offset)
			assert.Equal(t, 1+2*tt.size, m.BlockLength)
			assert.Equal(t, Optional, v.Presence)
			assert.Equal(t, Required, m.Fields[2].Presence)
			assert.Equal(t, tt.null, e.NullValue.String())
			assert.Equal(t, tt.min, e.MinValue.String())
			assert.Equal(t, tt.max, e.MaxValue.String())
			assert.Equal(t, tt.prim.NullValue(), e.NullValue)
			assert.Equal(t, "", e.GoName, "builtin types have no Go name")
		})
	}
}

func TestArraysAndCharEncoding(t *testing.T) {
	s := mustBuild(t, doc("", `
<type name="Sym" primitiveType="char" length="8"/>
<type name="Name" primitiveType="char" length="16" characterEncoding="UTF-8"/>
<type name="Raw" primitiveType="uint8" length="5"/>
<type name="Text" primitiveType="uint8" length="4" characterEncoding="ISO-8859-1"/>
<type name="Quad" primitiveType="double" length="4"/>
<type name="One" primitiveType="int16" length="1"/>`, `
<sbe:message name="M" id="1">
  <field name="sym" id="1" type="Sym"/>
  <field name="name" id="2" type="Name"/>
  <field name="raw" id="3" type="Raw"/>
  <field name="text" id="4" type="Text"/>
  <field name="quad" id="5" type="Quad"/>
  <field name="one" id="6" type="One"/>
</sbe:message>`))
	tests := []struct {
		field    string
		length   int
		size     int
		offset   int
		enc      string
		isString bool
		array    bool
	}{
		{"sym", 8, 8, 0, "US-ASCII", true, true},
		{"name", 16, 16, 8, "UTF-8", true, true},
		{"raw", 5, 5, 24, "", false, true},
		{"text", 4, 4, 29, "ISO-8859-1", true, true},
		{"quad", 4, 32, 33, "", false, true},
		{"one", 1, 2, 65, "", false, false},
	}
	m := s.Messages[0]
	for _, tt := range tests {
		f := fieldByName(m.Fields, tt.field)
		e := f.Type.(*Encoded)
		assert.Equal(t, tt.length, e.Length, tt.field)
		assert.Equal(t, tt.size, f.Size, tt.field)
		assert.Equal(t, tt.offset, f.Offset, tt.field)
		assert.Equal(t, tt.enc, e.CharacterEncoding, tt.field)
		assert.Equal(t, tt.isString, e.IsString(), tt.field)
		assert.Equal(t, tt.array, e.Array, tt.field)
	}
	assert.Equal(t, 67, m.BlockLength)
}

func TestComposites(t *testing.T) {
	s := mustBuild(t, doc("", `
<type name="Qty" primitiveType="int32"/>
<composite name="Inner">
  <type name="a" primitiveType="uint16"/>
  <type name="b" primitiveType="uint8"/>
</composite>
<composite name="Outer" description="outer doc" semanticType="Px">
  <ref name="inner" type="Inner"/>
  <composite name="Local">
    <enum name="Flag" encodingType="uint8"><validValue name="On">1</validValue></enum>
    <set name="Bits" encodingType="uint32"><choice name="x">31</choice></set>
    <type name="c" primitiveType="int64"/>
  </composite>
  <ref name="qty" type="Qty" offset="24"/>
  <type name="pad" primitiveType="uint8" offset="30"/>
</composite>`, `
<sbe:message name="M" id="1">
  <field name="o" id="1" type="Outer"/>
  <field name="after" id="2" type="uint8"/>
</sbe:message>`))
	outer := s.Lookup("Outer").(*Composite)
	assert.Equal(t, "outer doc", outer.Description)
	assert.Equal(t, "Px", outer.SemanticType)
	assert.Equal(t, "OuterEncoder", outer.EncoderName)
	assert.Equal(t, "OuterDecoder", outer.DecoderName)
	var got []offsetCase
	for _, m := range outer.Members {
		got = append(got, offsetCase{m.Name, m.Offset, m.Size()})
	}
	assert.Equal(t, []offsetCase{{"inner", 0, 3}, {"Local", 3, 13}, {"qty", 24, 4}, {"pad", 30, 1}}, got)
	assert.Equal(t, 31, outer.Size)
	local := outer.Member("Local").Type.(*Composite)
	assert.False(t, outer.Member("Local").Ref)
	assert.Equal(t, []int{0, 1, 5}, []int{local.Members[0].Offset, local.Members[1].Offset, local.Members[2].Offset})
	assert.Equal(t, 31, local.Member("Bits").Type.(*Set).Choices[0].Bit)
	var names []string
	for _, ty := range s.Types[4:] {
		names = append(names, ty.TypeName()+":"+ty.Kind().String())
	}
	assert.Equal(t, []string{"Qty:type", "Inner:composite", "Outer:composite", "Local:composite", "Flag:enum", "Bits:set"}, names)
	assert.Equal(t, "LocalEncoder", local.EncoderName)
	assert.Equal(t, "FlagOn", local.Member("Flag").Type.(*Enum).Values[0].ConstName)
	m := s.Messages[0]
	assert.Equal(t, 31, m.Fields[1].Offset)
	assert.Equal(t, 32, m.BlockLength)
}

func TestEnums(t *testing.T) {
	s := mustBuild(t, doc("", `
<enum name="Side" encodingType="uint8" description="side doc">
  <validValue name="BUY" description="buy doc">0</validValue>
  <validValue name="SELL">1</validValue>
  <validValue name="SHORT_SELL" sinceVersion="2" deprecated="3">2</validValue>
</enum>
<enum name="Venue" encodingType="char">
  <validValue name="xcme">C</validValue>
  <validValue name="Eurex">E</validValue>
</enum>
<enum name="Wide" encodingType="int64">
  <validValue name="Low">-9223372036854775807</validValue>
  <validValue name="High">9223372036854775807</validValue>
</enum>
<type name="OptU8" primitiveType="uint8" presence="optional" nullValue="200"/>
<enum name="Opt" encodingType="OptU8"><validValue name="A">1</validValue></enum>`, `
<sbe:message name="M" id="1">
  <field name="side" id="1" type="Side"/>
  <field name="venue" id="2" type="Venue"/>
  <field name="wide" id="3" type="Wide"/>
  <field name="opt" id="4" type="Opt"/>
</sbe:message>`))
	side := s.Lookup("Side").(*Enum)
	assert.Equal(t, Uint8, side.Encoding)
	assert.Equal(t, "uint8", side.EncodingTypeName)
	assert.Equal(t, "side doc", side.Description)
	assert.Equal(t, "SideNullValue", side.NullName)
	assert.Equal(t, uint64(255), side.NullValue.Uint())
	var got [][3]string
	for _, v := range side.Values {
		got = append(got, [3]string{v.Name, v.GoName, v.ConstName})
	}
	assert.Equal(t, [][3]string{{"BUY", "Buy", "SideBuy"}, {"SELL", "Sell", "SideSell"}, {"SHORT_SELL", "ShortSell", "SideShortSell"}}, got)
	assert.Equal(t, "buy doc", side.Values[0].Description)
	ss := side.ValueByName("SHORT_SELL")
	assert.Equal(t, 2, ss.SinceVersion)
	assert.True(t, ss.IsDeprecated)
	assert.Equal(t, 3, ss.Deprecated)
	assert.Equal(t, uint64(2), ss.Value.Uint())
	assert.Equal(t, "2", ss.Literal)
	assert.False(t, side.Values[0].IsDeprecated)

	venue := s.Lookup("Venue").(*Enum)
	assert.Equal(t, Char, venue.Encoding)
	assert.Equal(t, uint64('C'), venue.Values[0].Value.Uint())
	assert.Equal(t, "Xcme", venue.Values[0].GoName)
	assert.Equal(t, uint64(0), venue.NullValue.Uint())

	wide := s.Lookup("Wide").(*Enum)
	assert.Equal(t, int64(math.MaxInt64), wide.Values[1].Value.Int())
	assert.Equal(t, 8, wide.EncodedSize())

	opt := s.Lookup("Opt").(*Enum)
	assert.Equal(t, Uint8, opt.Encoding)
	assert.Equal(t, "OptU8", opt.EncodingTypeName)
	assert.Equal(t, Optional, opt.Presence)
	assert.Equal(t, uint64(200), opt.NullValue.Uint())
	m := s.Messages[0]
	assert.Equal(t, Optional, fieldByName(m.Fields, "opt").Presence)
	assert.Equal(t, []int{0, 1, 2, 10}, []int{m.Fields[0].Offset, m.Fields[1].Offset, m.Fields[2].Offset, m.Fields[3].Offset})
}

func TestSets(t *testing.T) {
	for _, tt := range []struct {
		enc  string
		prim Primitive
		bit  string
	}{
		{"uint8", Uint8, "7"}, {"uint16", Uint16, "15"}, {"uint32", Uint32, "31"}, {"uint64", Uint64, "63"},
	} {
		t.Run(tt.enc, func(t *testing.T) {
			s := mustBuild(t, doc("", `
<set name="Flags" encodingType="`+tt.enc+`" description="flags">
  <choice name="first">0</choice>
  <choice name="last_bit" description="top" sinceVersion="1">`+tt.bit+`</choice>
</set>`, `<sbe:message name="M" id="1"><field name="f" id="1" type="Flags"/></sbe:message>`))
			set := s.Lookup("Flags").(*Set)
			assert.Equal(t, tt.prim, set.Encoding)
			assert.Equal(t, tt.prim.Size(), s.Messages[0].BlockLength)
			require.Len(t, set.Choices, 2)
			assert.Equal(t, 0, set.Choices[0].Bit)
			assert.Equal(t, tt.prim.Size()*8-1, set.Choices[1].Bit)
			assert.Equal(t, "LastBit", set.Choices[1].GoName)
			assert.Equal(t, "FlagsLastBit", set.Choices[1].ConstName)
			assert.Equal(t, 1, set.Choices[1].SinceVersion)
			assert.Equal(t, "top", set.Choices[1].Description)
		})
	}
}

func TestConstants(t *testing.T) {
	s := mustBuild(t, doc("", `
<enum name="Model" encodingType="char"><validValue name="A">A</validValue><validValue name="C">C</validValue></enum>
<enum name="Kind" encodingType="uint8"><validValue name="X">7</validValue></enum>
<type name="Rpm" primitiveType="uint16" presence="constant">9000</type>
<type name="Fuel" primitiveType="char" presence="constant">Petrol</type>
<type name="Letter" primitiveType="char" presence="constant">Z</type>
<type name="Pi" primitiveType="double" presence="constant">3.5</type>
<type name="KindX" primitiveType="uint8" presence="constant" valueRef="Kind.X"/>
<composite name="Eng">
  <type name="cap" primitiveType="uint16"/>
  <type name="maxRpm" primitiveType="uint16" presence="constant">9000</type>
  <type name="kind" primitiveType="uint8" presence="constant" valueRef="Kind.X"/>
  <type name="n" primitiveType="uint8"/>
</composite>`, `
<sbe:message name="M" id="1">
  <field name="a" id="1" type="uint32"/>
  <field name="rpm" id="2" type="Rpm"/>
  <field name="fuel" id="3" type="Fuel"/>
  <field name="letter" id="4" type="Letter"/>
  <field name="pi" id="5" type="Pi"/>
  <field name="model" id="6" type="Model" presence="constant" valueRef="Model.C"/>
  <field name="kindNum" id="7" type="uint8" presence="constant" valueRef="Kind.X"/>
  <field name="kindX" id="8" type="KindX"/>
  <field name="eng" id="9" type="Eng"/>
  <field name="b" id="10" type="uint16"/>
</sbe:message>`))
	m := s.Messages[0]
	for _, name := range []string{"rpm", "fuel", "letter", "pi", "model", "kindNum", "kindX"} {
		f := fieldByName(m.Fields, name)
		assert.Equal(t, Constant, f.Presence, name)
		assert.Equal(t, 0, f.Size, name)
		assert.Equal(t, 4, f.Offset, name)
	}
	assert.Equal(t, "9000", fieldByName(m.Fields, "rpm").ConstValue)
	assert.Equal(t, uint64(9000), fieldByName(m.Fields, "rpm").Const.Uint())
	fuel := fieldByName(m.Fields, "fuel")
	assert.Equal(t, "Petrol", fuel.ConstValue)
	assert.Nil(t, fuel.Const)
	assert.Equal(t, 6, fuel.Type.(*Encoded).Length)
	assert.Equal(t, uint64('Z'), fieldByName(m.Fields, "letter").Const.Uint())
	assert.Equal(t, 3.5, fieldByName(m.Fields, "pi").Const.Float())
	model := fieldByName(m.Fields, "model")
	assert.Equal(t, "C", model.ConstValue)
	assert.Equal(t, "C", model.ValueRef.Value.Name)
	assert.Equal(t, uint64('C'), model.Const.Uint())
	kn := fieldByName(m.Fields, "kindNum")
	assert.Equal(t, "X", kn.ValueRef.Value.Name)
	assert.Equal(t, uint64(7), kn.Const.Uint())
	kx := fieldByName(m.Fields, "kindX")
	assert.Equal(t, "7", kx.ConstValue)
	require.NotNil(t, kx.ValueRef)
	assert.Equal(t, "Kind", kx.ValueRef.Enum.Name)
	eng := s.Lookup("Eng").(*Composite)
	assert.Equal(t, 3, eng.Size)
	assert.Equal(t, 2, eng.Member("n").Offset)
	assert.Equal(t, Constant, eng.Member("kind").Presence)
	assert.Equal(t, uint64(7), eng.Member("kind").Type.(*Encoded).Const.Uint())
	assert.Equal(t, 4, fieldByName(m.Fields, "eng").Offset)
	assert.Equal(t, 7, fieldByName(m.Fields, "b").Offset)
	assert.Equal(t, 9, m.BlockLength)
}

func TestOptionalNullMinMax(t *testing.T) {
	s := mustBuild(t, doc("", `
<type name="OptI32" primitiveType="int32" presence="optional"/>
<type name="OptZero" primitiveType="int32" presence="optional" nullValue="0"/>
<type name="OptF" primitiveType="float" presence="optional" nullValue="-1.5"/>
<type name="OptC" primitiveType="char" presence="optional" nullValue="?"/>
<type name="Pct" primitiveType="int8" minValue="0" maxValue="100"/>
<type name="Big" primitiveType="uint64" maxValue="18446744073709551615"/>`, `
<sbe:message name="M" id="1">
  <field name="a" id="1" type="OptI32"/>
  <field name="b" id="2" type="OptZero"/>
  <field name="c" id="3" type="OptF"/>
  <field name="d" id="4" type="OptC"/>
  <field name="e" id="5" type="Pct"/>
  <field name="f" id="6" type="Big"/>
  <field name="g" id="7" type="Pct" presence="optional"/>
</sbe:message>`))
	get := func(n string) *Encoded { return s.Lookup(n).(*Encoded) }
	assert.Equal(t, int64(math.MinInt32), get("OptI32").NullValue.Int())
	assert.False(t, get("OptI32").CustomNull)
	assert.Equal(t, int64(0), get("OptZero").NullValue.Int())
	assert.True(t, get("OptZero").CustomNull)
	assert.Equal(t, -1.5, get("OptF").NullValue.Float())
	assert.False(t, get("OptF").NullValue.IsNaN())
	assert.Equal(t, uint64('?'), get("OptC").NullValue.Uint())
	assert.Equal(t, int64(0), get("Pct").MinValue.Int())
	assert.Equal(t, int64(100), get("Pct").MaxValue.Int())
	assert.True(t, get("Pct").CustomMin && get("Pct").CustomMax)
	assert.Equal(t, uint64(math.MaxUint64), get("Big").MaxValue.Uint())
	assert.True(t, Uint64.NullValue().Uint() == math.MaxUint64)
	g := fieldByName(s.Messages[0].Fields, "g")
	assert.Equal(t, Optional, g.Presence)
	assert.Equal(t, Required, g.Type.(*Encoded).Presence)
	assert.Equal(t, int64(math.MinInt8), g.Type.(*Encoded).NullValue.Int())
	for _, f := range s.Messages[0].Fields {
		assert.Equal(t, f.Presence != Required, f.Name == "a" || f.Name == "b" || f.Name == "c" || f.Name == "d" || f.Name == "g", f.Name)
	}
}

func TestExplicitOffsetsAndBlockLength(t *testing.T) {
	s := mustBuild(t, doc("", ``, `
<sbe:message name="M" id="1" blockLength="64">
  <field name="a" id="1" type="uint8"/>
  <field name="b" id="2" type="uint64" offset="8"/>
  <field name="c" id="3" type="uint16"/>
  <field name="d" id="4" type="uint32" offset="20"/>
  <group name="g" id="5" blockLength="32">
    <field name="x" id="6" type="uint8"/>
    <field name="y" id="7" type="int32" offset="4"/>
  </group>
</sbe:message>
<sbe:message name="N" id="2">
  <field name="a" id="1" type="uint8"/>
  <field name="b" id="2" type="uint8" offset="1"/>
</sbe:message>`))
	m := s.Messages[0]
	checkFields(t, "M", m.Fields, []offsetCase{{"a", 0, 1}, {"b", 8, 8}, {"c", 16, 2}, {"d", 20, 4}})
	assert.Equal(t, 64, m.BlockLength)
	g := m.Groups[0]
	checkFields(t, "g", g.Fields, []offsetCase{{"x", 0, 1}, {"y", 4, 4}})
	assert.Equal(t, 32, g.BlockLength)
	assert.Equal(t, 2, s.Messages[1].BlockLength)
}

func TestByteOrder(t *testing.T) {
	for _, tt := range []struct {
		attr string
		name string
		bo   binary.ByteOrder
		big  bool
	}{
		{``, "littleEndian", binary.LittleEndian, false},
		{` byteOrder="littleEndian"`, "littleEndian", binary.LittleEndian, false},
		{` byteOrder="bigEndian"`, "bigEndian", binary.BigEndian, true},
	} {
		s := mustBuild(t, doc(defaultAttrs+tt.attr, "", `<sbe:message name="M" id="1"/>`))
		assert.Equal(t, tt.name, s.ByteOrderName)
		assert.Equal(t, tt.bo, s.ByteOrder)
		assert.Equal(t, tt.big, s.BigEndian)
	}
}

func TestGroupsAndVarData(t *testing.T) {
	s := mustBuild(t, doc(`package="t" id="1" version="4"`, `
<composite name="bigGroup">
  <type name="blockLength" primitiveType="uint16"/>
  <type name="numInGroup" primitiveType="uint32" maxValue="100000"/>
</composite>
<composite name="tinyGroup">
  <type name="numInGroup" primitiveType="uint8"/>
  <type name="blockLength" primitiveType="uint8"/>
</composite>
<composite name="shortBytes">
  <type name="length" primitiveType="uint8"/>
  <type name="varData" primitiveType="uint8" length="0"/>
</composite>
<composite name="charText">
  <type name="length" primitiveType="uint16"/>
  <type name="varData" primitiveType="char" length="0"/>
</composite>`, `
<sbe:message name="Book" id="1">
  <field name="seq" id="1" type="uint64"/>
  <group name="levels" id="2" dimensionType="bigGroup" sinceVersion="1" description="levels doc">
    <field name="price" id="3" type="int64"/>
    <group name="orders" id="4" dimensionType="tinyGroup">
      <field name="qty" id="5" type="int32" sinceVersion="3"/>
      <data name="tag" id="6" type="shortBytes"/>
    </group>
    <data name="note" id="7" type="charText" sinceVersion="2"/>
  </group>
  <group name="empty" id="8">
  </group>
  <data name="blob" id="9" type="varDataEncoding"/>
  <data name="text" id="10" type="varStringEncoding" sinceVersion="4"/>
</sbe:message>`))
	m := s.Messages[0]
	require.Len(t, m.Groups, 2)
	lv := m.Groups[0]
	assert.Equal(t, "bigGroup", lv.DimensionType.Name)
	assert.Equal(t, 6, lv.DimensionType.Size)
	assert.Equal(t, Uint32, lv.NumInGroupMember.Type.(*Encoded).Primitive)
	assert.Equal(t, 2, lv.NumInGroupMember.Offset)
	assert.Equal(t, 1, lv.SinceVersion)
	assert.Equal(t, "levels doc", lv.Description)
	assert.Equal(t, 1, lv.Fields[0].SinceVersion, "fields inherit the group's sinceVersion")
	ord := lv.Groups[0]
	assert.Equal(t, 1, ord.SinceVersion)
	assert.Equal(t, "BookLevelsOrders", ord.TypeName)
	assert.Equal(t, 1, ord.BlockLengthMember.Offset)
	assert.Equal(t, 0, ord.NumInGroupMember.Offset)
	assert.Equal(t, 3, ord.Fields[0].SinceVersion)
	assert.Equal(t, 4, ord.BlockLength)
	tag := ord.Data[0]
	assert.Equal(t, 1, tag.SinceVersion)
	assert.False(t, tag.IsString)
	assert.Equal(t, Uint8, tag.LengthPrimitive)
	assert.Equal(t, 1, tag.VarDataMember.Offset)
	assert.Equal(t, uint64(254), tag.MaxLength)
	note := lv.Data[0]
	assert.Equal(t, 2, note.SinceVersion)
	assert.True(t, note.IsString)
	assert.Equal(t, "US-ASCII", note.CharacterEncoding)
	assert.Equal(t, Char, note.VarDataPrimitive)
	assert.Equal(t, Uint16, note.LengthPrimitive)
	empty := m.Groups[1]
	assert.Equal(t, "groupSizeEncoding", empty.DimensionType.Name, "dimensionType defaults to groupSizeEncoding")
	assert.Equal(t, 0, empty.BlockLength)
	assert.Equal(t, 0, empty.SinceVersion)
	assert.False(t, m.Data[0].IsString)
	assert.True(t, m.Data[1].IsString)
	assert.Equal(t, 4, m.Data[1].SinceVersion)
	assert.Equal(t, 8, m.BlockLength)
}

func TestCustomHeaderAndSchemaAttributes(t *testing.T) {
	src := `<?xml version="1.0"?>
<messageSchema package="my.pkg.Type" id="65000" version="7" semanticVersion="2.1" description="schema doc"
  byteOrder="bigEndian" headerType="hdr">
<types>
  <composite name="hdr">
    <type name="templateId" primitiveType="uint8"/>
    <type name="flags" primitiveType="uint8"/>
    <type name="blockLength" primitiveType="uint16"/>
    <type name="version" primitiveType="uint8"/>
    <type name="schemaId" primitiveType="uint16"/>
    <type name="extra" primitiveType="uint32"/>
  </composite>
  <composite name="groupSizeEncoding">
    <type name="blockLength" primitiveType="uint16"/>
    <type name="numInGroup" primitiveType="uint16"/>
  </composite>
</types>
<message name="A" id="255" sinceVersion="7" deprecated="7" semanticType="D" description="a doc"/>
</messageSchema>`
	s := mustBuild(t, src)
	assert.Equal(t, "my.pkg.Type", s.Package)
	assert.Equal(t, "typepkg", s.GoPackage)
	assert.Equal(t, 65000, s.ID)
	assert.Equal(t, 7, s.Version)
	assert.Equal(t, "2.1", s.SemanticVersion)
	assert.Equal(t, "schema doc", s.Description)
	assert.True(t, s.BigEndian)
	h := s.Header
	assert.Equal(t, "hdr", h.Composite.Name)
	assert.Equal(t, 11, h.Size)
	assert.Equal(t, 0, h.TemplateID.Offset)
	assert.Equal(t, 2, h.BlockLength.Offset)
	assert.Equal(t, 4, h.Version.Offset)
	assert.Equal(t, 5, h.SchemaID.Offset)
	require.Len(t, h.Extra, 2)
	assert.Equal(t, "flags", h.Extra[0].Name)
	assert.Equal(t, "extra", h.Extra[1].Name)
	assert.Equal(t, 7, h.Extra[1].Offset)
	a := s.Messages[0]
	assert.Equal(t, 255, a.ID)
	assert.Equal(t, 7, a.SinceVersion)
	assert.True(t, a.IsDeprecated)
	assert.Equal(t, "D", a.SemanticType)
	assert.Equal(t, "a doc", a.Description)
	assert.Equal(t, 0, a.BlockLength)
}

func TestFieldMetadata(t *testing.T) {
	src := doc("", `<type name="Ts" primitiveType="uint64" semanticType="UTCTimestamp" description="ts type"/>`, `
<sbe:message name="M" id="1">
  <!--E--><field name="ts" id="1" type="Ts" epoch="unix" timeUnit="nanosecond" semanticType="UTCTimestamp"
    description="when" deprecated="2"/>
  <field name="n" id="2" type="uint8" sinceVersion="3"/>
</sbe:message>`)
	s := mustBuild(t, src)
	f := s.Messages[0].Fields[0]
	assert.Equal(t, "unix", f.Epoch)
	assert.Equal(t, "nanosecond", f.TimeUnit)
	assert.Equal(t, "UTCTimestamp", f.SemanticType)
	assert.Equal(t, "when", f.Description)
	assert.True(t, f.IsDeprecated)
	assert.Equal(t, 2, f.Deprecated)
	assert.Equal(t, "ts type", f.Type.(*Encoded).Description)
	assert.Equal(t, "UTCTimestamp", f.Type.(*Encoded).SemanticType)
	assert.Equal(t, 3, s.Messages[0].Fields[1].SinceVersion)
	assert.False(t, s.Messages[0].Fields[1].IsDeprecated)
	assert.Equal(t, Pos{File: "t.xml", Line: markerLine(src), Col: 11}, f.Pos)
}

func TestXInclude(t *testing.T) {
	files := map[string]string{
		"common.xml": "<types>\n" + stdTypes + "\n</types>",
		"sub/extra.xml": `<types xmlns:xi="http://www.w3.org/2001/XInclude">
  <type name="Px" primitiveType="int64"/>
  <xi:include href="deeper.xml"/>
</types>`,
		"sub/deeper.xml": `<types>
<enum name="E" encodingType="uint8"><validValue name="A">0</validValue></enum>
</types>`,
	}
	src := `<?xml version="1.0"?>
<sbe:messageSchema xmlns:sbe="http://fixprotocol.io/2016/sbe" xmlns:xi="http://www.w3.org/2001/XInclude" package="inc" id="2">
  <xi:include href="common.xml"/>
  <xi:include href="sub/extra.xml"/>
  <sbe:message name="M" id="1">
    <field name="px" id="1" type="Px"/>
    <field name="e" id="2" type="E"/>
  </sbe:message>
</sbe:messageSchema>`
	s, err := LoadBytes("root.xml", []byte(src), includeMap(files))
	require.NoError(t, err)
	assert.Equal(t, []string{"root.xml", "common.xml", "sub/extra.xml", "sub/deeper.xml"}, s.Files)
	assert.Equal(t, Pos{File: "sub/extra.xml", Line: 2, Col: 3}, s.Lookup("Px").Position())
	assert.Equal(t, "sub/deeper.xml", s.Lookup("E").Position().File)
	assert.Equal(t, 9, s.Messages[0].BlockLength)
}

func TestEnumPresenceAndNullAttributes(t *testing.T) {
	s := mustBuild(t, doc("", `
<enum name="E" encodingType="uint8" presence="optional" nullValue="100"><validValue name="A">0</validValue></enum>
<enum name="Plain" encodingType="int8"><validValue name="A">-127</validValue></enum>`, ""))
	e := s.Lookup("E").(*Enum)
	assert.Equal(t, Optional, e.Presence)
	assert.Equal(t, uint64(100), e.NullValue.Uint())
	p := s.Lookup("Plain").(*Enum)
	assert.Equal(t, Required, p.Presence)
	assert.Equal(t, int64(-128), p.NullValue.Int())
}

func TestNullValueOnRequiredType(t *testing.T) {
	s := mustBuild(t, doc("", `<type name="Qty" primitiveType="int32" nullValue="0"/>`, `
<sbe:message name="M" id="1">
  <field name="req" id="1" type="Qty"/>
  <field name="opt" id="2" type="Qty" presence="optional"/>
</sbe:message>`))
	q := s.Lookup("Qty").(*Encoded)
	assert.Equal(t, Required, q.Presence)
	assert.True(t, q.CustomNull)
	assert.Equal(t, int64(0), q.NullValue.Int())
	assert.Equal(t, Required, s.Messages[0].Fields[0].Presence)
	assert.Equal(t, Optional, s.Messages[0].Fields[1].Presence)
}

func TestConstantCharLengths(t *testing.T) {
	s := mustBuild(t, doc("", `
<type name="Padded" primitiveType="char" length="8" presence="constant">Petrol</type>
<type name="Exact" primitiveType="char" presence="constant">Diesel</type>
<type name="One" primitiveType="char" length="1" presence="constant">X</type>
<type name="OnePadded" primitiveType="char" length="4" presence="constant">X</type>`, ""))
	for _, tt := range []struct {
		name   string
		length int
		single bool
	}{
		{"Padded", 8, false}, {"Exact", 6, false}, {"One", 1, true}, {"OnePadded", 4, false},
	} {
		e := s.Lookup(tt.name).(*Encoded)
		assert.Equal(t, tt.length, e.Length, tt.name)
		assert.Equal(t, tt.single, e.Const != nil, tt.name)
		assert.Equal(t, 0, e.Size(), tt.name)
	}
	assert.Equal(t, "Petrol", s.Lookup("Padded").(*Encoded).ConstValue)
}

func TestZeroBlockLengthMeansComputed(t *testing.T) {
	s := mustBuild(t, doc("", "", `
<sbe:message name="M" id="1" blockLength="0">
  <field name="a" id="1" type="uint32"/>
  <group name="g" id="2" blockLength="0"><field name="b" id="3" type="uint16"/></group>
</sbe:message>`))
	assert.Equal(t, 4, s.Messages[0].BlockLength)
	assert.Equal(t, 2, s.Messages[0].Groups[0].BlockLength)
}

func TestFieldInheritsSemanticType(t *testing.T) {
	s := mustBuild(t, doc("", `<type name="Ts" primitiveType="uint64" semanticType="UTCTimestamp"/>`, `
<sbe:message name="M" id="1">
  <field name="a" id="1" type="Ts"/>
  <field name="b" id="2" type="Ts" semanticType="UTCTimestamp"/>
  <field name="c" id="3" type="uint8" semanticType="Qty"/>
</sbe:message>`))
	f := s.Messages[0].Fields
	assert.Equal(t, []string{"UTCTimestamp", "UTCTimestamp", "Qty"}, []string{f[0].SemanticType, f[1].SemanticType, f[2].SemanticType})
}

func TestFieldNullValue(t *testing.T) {
	s := mustBuild(t, doc("", `
<type name="Q" primitiveType="int32" presence="optional" nullValue="-1"/>
<enum name="E" encodingType="char"><validValue name="A">A</validValue></enum>
<set name="S" encodingType="uint8"><choice name="a">0</choice></set>`, `
<sbe:message name="M" id="1">
  <field name="q" id="1" type="Q"/>
  <field name="e" id="2" type="E" presence="optional"/>
  <field name="s" id="3" type="S"/>
  <field name="c" id="4" type="groupSizeEncoding"/>
  <field name="d" id="5" type="double" presence="optional"/>
</sbe:message>`))
	f := s.Messages[0].Fields
	v, ok := f[0].NullValue()
	assert.True(t, ok)
	assert.Equal(t, int64(-1), v.Int())
	v, ok = f[1].NullValue()
	assert.True(t, ok)
	assert.Equal(t, uint64(0), v.Uint())
	_, ok = f[2].NullValue()
	assert.False(t, ok)
	_, ok = f[3].NullValue()
	assert.False(t, ok)
	v, ok = f[4].NullValue()
	assert.True(t, ok && v.IsNaN())
}

func TestFieldInheritsTypeSinceVersion(t *testing.T) {
	s := mustBuild(t, doc("", `<type name="New" primitiveType="uint8" presence="optional" sinceVersion="2"/>`, `
<sbe:message name="M" id="1">
  <field name="a" id="1" type="New"/>
  <field name="b" id="2" type="New" sinceVersion="3"/>
</sbe:message>`))
	assert.Equal(t, 2, s.Messages[0].Fields[0].SinceVersion)
	assert.Equal(t, 3, s.Messages[0].Fields[1].SinceVersion)
}

func TestOptionalCompositeAndSetFields(t *testing.T) {
	s := mustBuild(t, doc("", `
<composite name="PriceNull">
  <type name="mantissa" primitiveType="int64" presence="optional" nullValue="9223372036854775807"/>
  <type name="exponent" primitiveType="int8" presence="constant">-9</type>
</composite>
<set name="S" encodingType="uint8"><choice name="a">0</choice></set>`, `
<sbe:message name="M" id="1">
  <field name="px" id="1" type="PriceNull" presence="optional"/>
  <field name="s" id="2" type="S" presence="optional"/>
</sbe:message>`))
	f := s.Messages[0].Fields
	assert.Equal(t, Optional, f[0].Presence)
	assert.Equal(t, 8, f[0].Size)
	pn := s.Lookup("PriceNull").(*Composite)
	assert.Equal(t, Optional, pn.Member("mantissa").Presence)
	assert.Equal(t, int64(math.MaxInt64), pn.Member("mantissa").Type.(*Encoded).NullValue.Int())
	assert.Equal(t, int64(-9), pn.Member("exponent").Type.(*Encoded).Const.Int())
	assert.Equal(t, Optional, f[1].Presence)
}
