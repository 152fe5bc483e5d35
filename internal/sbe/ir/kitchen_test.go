package ir

import (
	"encoding/binary"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestKitchenSink(t *testing.T) {
	s, err := Load(filepath.Join("testdata", "kitchen-sink.xml"))
	require.NoError(t, err)
	assert.Equal(t, "kitchen", s.GoPackage)
	assert.Equal(t, 42, s.ID)
	assert.Equal(t, 3, s.Version)
	assert.Equal(t, binary.ByteOrder(binary.BigEndian), s.ByteOrder)
	assert.Equal(t, []string{"kitchen-sink.xml", "kitchen-types.xml"}, s.Files)
	assert.Equal(t, "header", s.Header.Composite.Name)
	assert.Equal(t, 10, s.Header.Size)
	require.Len(t, s.Header.Extra, 1)
	assert.Equal(t, 8, s.Header.Extra[0].Offset)

	money := s.Lookup("Money").(*Composite)
	assert.Equal(t, 8, money.Size)
	quote := s.Lookup("Quote").(*Composite)
	assert.Equal(t, 25, quote.Size)
	assert.Equal(t, 16, quote.Member("ask").Offset)

	o := s.MessageByName("Order")
	assert.Equal(t, 96, o.BlockLength)
	checkFields(t, "Order", o.Fields, []offsetCase{
		{"symbol", 0, 8}, {"side", 8, 1}, {"status", 9, 2}, {"price", 16, 8}, {"stopPrice", 24, 8},
		{"fill", 32, 1}, {"ratio", 33, 8}, {"vendor", 41, 0}, {"defaultSide", 41, 0}, {"flags", 41, 8},
		{"quote", 49, 25}, {"levels", 74, 16}, {"type", 90, 1},
	})
	assert.Equal(t, "Type", fieldByName(o.Fields, "type").GoName)
	assert.Equal(t, "ACME", fieldByName(o.Fields, "vendor").ConstValue)
	assert.Equal(t, "BUY", fieldByName(o.Fields, "defaultSide").ValueRef.Value.Name)
	assert.Equal(t, 1, fieldByName(o.Fields, "stopPrice").SinceVersion)

	fills := o.Groups[0]
	assert.Equal(t, 12, fills.BlockLength)
	assert.Equal(t, "OrderFills", fills.TypeName)
	legs := fills.Groups[0]
	assert.Equal(t, 2, legs.SinceVersion)
	assert.Equal(t, 2, legs.Fields[0].SinceVersion)
	assert.Equal(t, "OrderFillsLegs", legs.TypeName)
	assert.Equal(t, "groupSizeEncoding", legs.DimensionType.Name)
	assert.Equal(t, Uint8, fills.Data[0].LengthPrimitive)
	notes := o.Groups[1]
	assert.Equal(t, 8, notes.BlockLength)
	assert.Equal(t, 1, notes.Fields[0].SinceVersion)
	assert.True(t, o.Data[0].IsString)
	assert.Equal(t, Uint16, o.Data[0].LengthPrimitive)
	assert.False(t, o.Data[1].IsString)
	assert.Equal(t, 3, o.Data[1].SinceVersion)

	hb := s.MessageByName("Heartbeat")
	assert.Equal(t, 1, hb.SinceVersion)
	assert.True(t, hb.IsDeprecated)
	assert.Equal(t, 0, hb.BlockLength)
	assert.Empty(t, hb.Fields)

	assert.True(t, s.Lookup("Status").(*Enum).ValueByName("canceled").IsDeprecated)
	assert.Equal(t, 63, s.Lookup("Flags").(*Set).Choices[1].Bit)
}
