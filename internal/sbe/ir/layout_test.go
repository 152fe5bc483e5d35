package ir

import (
	"encoding/binary"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBlockNeeds(t *testing.T) {
	s := mustBuild(t, doc("", "", `
<sbe:message name="Quote" id="3" blockLength="24">
  <field name="price" id="1" type="int64"/>
  <field name="qty" id="2" type="uint32" sinceVersion="2"/>
  <field name="venue" id="3" type="uint16" sinceVersion="1"/>
  <group name="levels" id="6">
    <field name="px" id="7" type="int64"/>
    <field name="ts" id="8" type="int64" sinceVersion="2"/>
  </group>
  <group name="empty" id="9"/>
</sbe:message>`))
	m := s.Messages[0]
	// venue (version 1) ends after qty (version 2): version 1 needs the
	// whole 14 bytes (the gap included) and version 2 adds no entry.
	assert.Equal(t, []BlockNeed{{0, 8}, {1, 14}}, m.BlockNeeds)
	assert.Equal(t, []BlockNeed{{0, 8}, {2, 16}}, m.Groups[0].BlockNeeds)
	assert.Equal(t, []BlockNeed{{0, 0}}, m.Groups[1].BlockNeeds)
}

func TestPathsAndGroupCounts(t *testing.T) {
	s := mustBuild(t, doc("", `
<composite name="smallGroup">
  <type name="blockLength" primitiveType="uint16"/>
  <type name="numInGroup" primitiveType="uint16" maxValue="100"/>
</composite>
<composite name="hugeGroup">
  <type name="blockLength" primitiveType="uint32"/>
  <type name="numInGroup" primitiveType="uint64"/>
</composite>`, `
<sbe:message name="Car" id="1">
  <group name="fuelFigures" id="2" dimensionType="smallGroup">
    <group name="points" id="3" dimensionType="hugeGroup"/>
    <data name="note" id="4" type="varStringEncoding"/>
  </group>
  <group name="plain" id="5"/>
  <data name="make" id="6" type="varStringEncoding"/>
</sbe:message>`))
	m := s.Messages[0]
	ff := m.Groups[0]
	assert.Equal(t, "Car", m.Path)
	assert.Equal(t, "Car.fuelFigures", ff.Path)
	assert.Equal(t, "Car.fuelFigures.points", ff.Groups[0].Path)
	assert.Equal(t, "Car.fuelFigures.note", ff.Data[0].Path)
	assert.Equal(t, "Car.make", m.Data[0].Path)

	assert.Equal(t, uint64(100), ff.MaxCount)
	assert.True(t, ff.HasMaxCount)
	assert.Equal(t, uint64(math.MaxInt64), ff.Groups[0].MaxCount, "uint64 counts are bounded by Go's int")
	assert.False(t, ff.Groups[0].HasMaxCount)
	assert.Equal(t, uint64(65534), m.Groups[1].MaxCount, "the uint16 default maxValue")
	assert.False(t, m.Groups[1].HasMaxCount)

	byName := func(name string) *Composite { return s.Lookup(name).(*Composite) }
	assert.True(t, byName("varStringEncoding").UsedAsVarData)
	assert.True(t, byName("varStringEncoding").VarLength)
	assert.False(t, byName("varDataEncoding").UsedAsVarData, "declared but not used")
	assert.True(t, byName("varDataEncoding").VarLength)
	assert.True(t, byName("smallGroup").IsDimension)
	assert.False(t, byName("smallGroup").VarLength)
	assert.False(t, byName("smallGroup").UsedAsVarData)
	assert.True(t, byName("hugeGroup").IsDimension)
}

func TestNullImage(t *testing.T) {
	s := mustBuild(t, doc("", `
<enum name="Side" encodingType="char"><validValue name="Buy">B</validValue></enum>
<composite name="Inner">
  <type name="a" primitiveType="int16"/>
  <type name="k" primitiveType="uint8" presence="constant">7</type>
  <type name="f" primitiveType="float" presence="optional"/>
</composite>
<composite name="Outer">
  <type name="code" primitiveType="char" length="3"/>
  <type name="big" primitiveType="uint32" offset="4"/>
  <ref name="inner" type="Inner"/>
  <ref name="side" type="Side"/>
  <type name="later" primitiveType="double" presence="optional"/>
  <type name="nums" primitiveType="uint16" length="2" nullValue="7"/>
</composite>`, ""))
	outer := s.Lookup("Outer").(*Composite)
	img := outer.NullImage(binary.LittleEndian)
	require.Len(t, img, 27)
	assert.Equal(t, []byte{0, 0, 0}, img[0:3], "char null is 0")
	assert.Equal(t, byte(0), img[3], "padding stays zero")
	assert.Equal(t, []byte{0xff, 0xff, 0xff, 0xff}, img[4:8], "uint32 null")
	assert.Equal(t, []byte{0x00, 0x80}, img[8:10], "int16 null of the nested composite")
	assert.Equal(t, []byte{0x00, 0x00, 0xc0, 0x7f}, img[10:14], "float NaN as Java writes it")
	assert.Equal(t, byte(0), img[14], "char enum null")
	assert.Equal(t, []byte{0, 0, 0, 0, 0, 0, 0xf8, 0x7f}, img[15:23], "double NaN as Java writes it")
	assert.Equal(t, []byte{7, 0, 7, 0}, img[23:27], "every array element holds the custom null")
	big := outer.NullImage(binary.BigEndian)
	assert.Equal(t, []byte{0x80, 0x00}, big[8:10])
	assert.Equal(t, []byte{0x7f, 0xf8, 0, 0, 0, 0, 0, 0}, big[15:23])
	assert.Equal(t, "nullOuter", outer.NullBlockName)
}
