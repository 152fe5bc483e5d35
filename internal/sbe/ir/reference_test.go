package ir

import (
	"encoding/binary"
	"path/filepath"
	"testing"

	"github.com/aerongo/aerongo/internal/sbe/schema"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func loadRef(t *testing.T, name string) *Schema {
	t.Helper()
	s, err := Load(filepath.Join(refDir, name))
	require.NoError(t, err, "Load(%s)", name)
	return s
}

type offsetCase struct {
	name   string
	offset int
	size   int
}

func checkFields(t *testing.T, owner string, fields []*Field, want []offsetCase) {
	t.Helper()
	require.Len(t, fields, len(want), owner)
	for i, w := range want {
		f := fields[i]
		assert.Equal(t, w.name, f.Name, "%s field %d", owner, i)
		assert.Equal(t, w.offset, f.Offset, "%s.%s offset", owner, w.name)
		assert.Equal(t, w.size, f.Size, "%s.%s size", owner, w.name)
	}
}

// The offsets and block lengths below are those of the Java codecs that
// SBE's own generator writes for these schemas (CarEncoder.BLOCK_LENGTH = 45
// for the baseline and 62 for the extension, Engine ENCODED_LENGTH = 10).
func TestExampleSchemaCar(t *testing.T) {
	s := loadRef(t, "sbe-examples/example-schema.xml")
	assert.Equal(t, "baseline", s.Package)
	assert.Equal(t, "baseline", s.GoPackage)
	assert.Equal(t, 1, s.ID)
	assert.Equal(t, 0, s.Version)
	assert.Equal(t, "5.2", s.SemanticVersion)
	assert.Equal(t, "littleEndian", s.ByteOrderName)
	assert.Equal(t, binary.ByteOrder(binary.LittleEndian), s.ByteOrder)
	assert.Equal(t, "example-schema.xml", s.SourceFile)
	assert.Equal(t, []string{"example-schema.xml", "common-types.xml"}, s.Files)
	assert.Equal(t, Pos{File: "example-schema.xml", Line: 2, Col: 1}, s.Pos)

	require.NotNil(t, s.Header)
	assert.Equal(t, 8, s.Header.Size)
	assert.Equal(t, 0, s.Header.BlockLength.Offset)
	assert.Equal(t, 2, s.Header.TemplateID.Offset)
	assert.Equal(t, 4, s.Header.SchemaID.Offset)
	assert.Equal(t, 6, s.Header.Version.Offset)
	assert.Empty(t, s.Header.Extra)
	assert.Equal(t, "common-types.xml", s.Header.Composite.Pos.File)
	assert.Equal(t, 3, s.Header.Composite.Pos.Line)

	var names []string
	for _, ty := range s.Types {
		names = append(names, ty.TypeName())
	}
	assert.Equal(t, []string{"messageHeader", "groupSizeEncoding", "varStringEncoding", "varAsciiEncoding",
		"varDataEncoding", "ModelYear", "VehicleCode", "Ron", "someNumbers", "Percentage", "Booster", "BoostType",
		"Engine", "BooleanType", "Model", "OptionalExtras"}, names)
	assert.Len(t, s.Enums, 3)
	assert.Len(t, s.Sets, 1)
	assert.Len(t, s.Composites, 7)
	assert.Len(t, s.Encoded, 5)

	for _, c := range s.Composites {
		assert.Equal(t, c.Name == "messageHeader", c.IsHeader, c.Name)
		assert.Equal(t, c.Name == "groupSizeEncoding", c.IsDimension, c.Name)
		assert.Equal(t, c.Name == "varStringEncoding" || c.Name == "varAsciiEncoding" || c.Name == "varDataEncoding", c.IsVarData, c.Name)
	}

	engine := s.Lookup("Engine").(*Composite)
	assert.Equal(t, 10, engine.Size)
	var got []offsetCase
	for _, m := range engine.Members {
		got = append(got, offsetCase{m.Name, m.Offset, m.Size()})
	}
	assert.Equal(t, []offsetCase{
		{"capacity", 0, 2}, {"numCylinders", 2, 1}, {"maxRpm", 3, 0}, {"manufacturerCode", 3, 3},
		{"fuel", 6, 0}, {"efficiency", 6, 1}, {"boosterEnabled", 7, 1}, {"booster", 8, 2},
	}, got)
	maxRpm := engine.Member("maxRpm").Type.(*Encoded)
	assert.Equal(t, Constant, maxRpm.Presence)
	require.NotNil(t, maxRpm.Const)
	assert.Equal(t, uint64(9000), maxRpm.Const.Uint())
	fuel := engine.Member("fuel").Type.(*Encoded)
	assert.Equal(t, "Petrol", fuel.ConstValue)
	assert.Equal(t, 6, fuel.Length)
	assert.Nil(t, fuel.Const)
	assert.True(t, engine.Member("booster").Ref)
	assert.Same(t, s.Lookup("Booster"), engine.Member("booster").Type)
	pct := engine.Member("efficiency").Type.(*Encoded)
	assert.Equal(t, "Percentage", pct.Name)
	assert.Equal(t, int64(0), pct.MinValue.Int())
	assert.Equal(t, int64(100), pct.MaxValue.Int())

	booster := s.Lookup("Booster").(*Composite)
	bt := booster.Member("BoostType").Type.(*Enum)
	assert.Equal(t, Char, bt.Encoding)
	assert.Equal(t, "BoostTypeSupercharger", bt.Values[1].ConstName)
	assert.Equal(t, uint64('S'), bt.Values[1].Value.Uint())
	assert.Nil(t, s.Lookup("BoostType"), "types declared in composites are not top-level names")

	car := s.MessageByName("Car")
	require.NotNil(t, car)
	assert.Same(t, car, s.Message(1))
	assert.Equal(t, 45, car.BlockLength)
	assert.Equal(t, "Description of a basic Car", car.Description)
	assert.Equal(t, "CarEncoder", car.EncoderName)
	assert.Equal(t, "CarDecoder", car.DecoderName)
	checkFields(t, "Car", car.Fields, []offsetCase{
		{"serialNumber", 0, 8}, {"modelYear", 8, 2}, {"available", 10, 1}, {"code", 11, 1},
		{"someNumbers", 12, 16}, {"vehicleCode", 28, 6}, {"extras", 34, 1}, {"discountedModel", 35, 0},
		{"engine", 35, 10},
	})
	dm := fieldByName(car.Fields, "discountedModel")
	assert.Equal(t, Constant, dm.Presence)
	require.NotNil(t, dm.ValueRef)
	assert.Equal(t, "C", dm.ValueRef.Value.Name)
	assert.Same(t, s.Lookup("Model"), dm.ValueRef.Enum)
	assert.Equal(t, "C", dm.ConstValue)
	assert.Equal(t, uint64('C'), dm.Const.Uint())
	vc := fieldByName(car.Fields, "vehicleCode").Type.(*Encoded)
	assert.Equal(t, "ASCII", vc.CharacterEncoding)
	assert.True(t, vc.IsString())
	sn := fieldByName(car.Fields, "someNumbers").Type.(*Encoded)
	assert.Equal(t, 4, sn.Length)
	assert.False(t, sn.IsString())
	serial := fieldByName(car.Fields, "serialNumber").Type.(*Encoded)
	assert.True(t, serial.Builtin)
	assert.Equal(t, Uint64, serial.Primitive)

	require.Len(t, car.Groups, 2)
	ff := car.Groups[0]
	assert.Equal(t, "FuelFigures", ff.GoName)
	assert.Equal(t, "CarFuelFigures", ff.TypeName)
	assert.Equal(t, "CarFuelFiguresEncoder", ff.EncoderName)
	assert.Equal(t, 6, ff.BlockLength)
	assert.Equal(t, 10, ff.ID)
	assert.Equal(t, 0, ff.BlockLengthMember.Offset)
	assert.Equal(t, 2, ff.NumInGroupMember.Offset)
	checkFields(t, "fuelFigures", ff.Fields, []offsetCase{{"speed", 0, 2}, {"mpg", 2, 4}})
	require.Len(t, ff.Data, 1)
	assert.Equal(t, "ASCII", ff.Data[0].CharacterEncoding)
	pf := car.Groups[1]
	assert.Equal(t, 1, pf.BlockLength)
	require.Len(t, pf.Groups, 1)
	acc := pf.Groups[0]
	assert.Equal(t, "CarPerformanceFiguresAcceleration", acc.TypeName)
	assert.Equal(t, "CarPerformanceFiguresAccelerationDecoder", acc.DecoderName)
	assert.Equal(t, 6, acc.BlockLength)
	checkFields(t, "acceleration", acc.Fields, []offsetCase{{"mph", 0, 2}, {"seconds", 2, 4}})

	require.Len(t, car.Data, 3)
	for _, d := range car.Data {
		assert.True(t, d.IsString, d.Name)
		assert.Equal(t, Uint32, d.LengthPrimitive)
		assert.Equal(t, Uint8, d.VarDataPrimitive)
		assert.Equal(t, 0, d.LengthMember.Offset)
		assert.Equal(t, 4, d.VarDataMember.Offset)
		assert.Equal(t, uint64(1073741824), d.MaxLength)
	}
	assert.Equal(t, "UTF-8", car.Data[0].CharacterEncoding)
	assert.Equal(t, "Manufacturer", car.Data[0].GoName)
	assert.Equal(t, "SetManufacturer", car.Data[0].SetterName)
}

func TestExampleExtensionSchemaCar(t *testing.T) {
	s := loadRef(t, "sbe-examples/example-extension-schema.xml")
	assert.Equal(t, 1, s.Version)
	car := s.MessageByName("Car")
	assert.Equal(t, 62, car.BlockLength)
	uuid := fieldByName(car.Fields, "uuid")
	assert.Equal(t, 45, uuid.Offset)
	assert.Equal(t, 16, uuid.Size)
	assert.Equal(t, 1, uuid.SinceVersion)
	assert.Equal(t, Optional, uuid.Presence)
	assert.Equal(t, "UUID", uuid.GoName)
	assert.Equal(t, int64(-1<<63), uuid.Type.(*Encoded).NullValue.Int())
	chc := fieldByName(car.Fields, "cupHolderCount")
	assert.Equal(t, 61, chc.Offset)
	assert.Equal(t, uint64(255), chc.Type.(*Encoded).NullValue.Uint())
	assert.Equal(t, "CupHolderCountT", chc.Type.TypeGoName())
	for _, f := range car.Fields {
		if f.Name != "uuid" && f.Name != "cupHolderCount" {
			assert.Equal(t, 0, f.SinceVersion, f.Name)
		}
	}
}

func TestAeronArchiveCodecs(t *testing.T) {
	s := loadRef(t, "aeron/aeron-archive-codecs.xml")
	assert.Equal(t, "io.aeron.archive.codecs", s.Package)
	assert.Equal(t, "codecs", s.GoPackage)
	assert.Equal(t, 101, s.ID)
	assert.Equal(t, 14, s.Version)
	// Block lengths of Aeron's generated Java codecs; CatalogHeader and
	// RecordingDescriptorHeader are padded to 32 by an explicit offset.
	for name, want := range map[string]int{
		"ControlResponse":           32,
		"AuthConnectRequest":        16,
		"RecordingDescriptor":       80,
		"CatalogHeader":             32,
		"RecordingDescriptorHeader": 32,
	} {
		m := s.MessageByName(name)
		require.NotNil(t, m, name)
		assert.Equal(t, want, m.BlockLength, name)
	}
	rdh := s.MessageByName("RecordingDescriptorHeader")
	checkFields(t, "RecordingDescriptorHeader", rdh.Fields, []offsetCase{
		{"length", 0, 4}, {"state", 4, 4}, {"checksum", 8, 4}, {"reserved", 31, 1},
	})
	cr := s.MessageByName("ControlResponse")
	v := fieldByName(cr.Fields, "version")
	assert.Equal(t, Optional, v.Presence)
	assert.Equal(t, 4, v.SinceVersion)
	vt := v.Type.(*Encoded)
	assert.True(t, vt.CustomNull)
	assert.Equal(t, int64(0), vt.NullValue.Int())
	assert.Equal(t, int64(2), vt.MinValue.Int())
	assert.Equal(t, int64(16777215), vt.MaxValue.Int())
	assert.Equal(t, "ControlSessionID", cr.Fields[0].GoName)
	require.Len(t, cr.Data, 1)
	assert.Equal(t, "US-ASCII", cr.Data[0].CharacterEncoding)
	state := s.Lookup("RecordingState").(*Enum)
	assert.Equal(t, 10, state.ValueByName("DELETED").SinceVersion)
	assert.Equal(t, "RecordingStateDeleted", state.ValueByName("DELETED").ConstName)
	assert.Equal(t, Int32, state.Encoding)
	assert.Equal(t, int64(-1<<31), state.NullValue.Int())
	rr := s.MessageByName("ReplicateRequest2")
	assert.Equal(t, 6, rr.SinceVersion)
	for _, f := range rr.Fields {
		assert.GreaterOrEqual(t, f.SinceVersion, 6, f.Name)
	}
	assert.Equal(t, 8, rr.Data[3].SinceVersion)
	assert.False(t, rr.Data[3].IsString)
}

func TestAeronClusterCodecs(t *testing.T) {
	s := loadRef(t, "aeron/aeron-cluster-codecs.xml")
	assert.Equal(t, "codecs", s.GoPackage)
	smh := s.MessageByName("SessionMessageHeader")
	require.NotNil(t, smh)
	// Aeron's SESSION_HEADER_LENGTH is the 8-byte message header plus this block.
	assert.Equal(t, 24, smh.BlockLength)
	assert.Equal(t, 8, s.Header.Size)
	for _, m := range s.Messages {
		for _, g := range m.Groups {
			assert.Equal(t, "groupSizeEncoding", g.DimensionType.Name, m.Name+"."+g.Name)
			assert.Equal(t, m.GoName+g.GoName, g.TypeName)
		}
	}
}

func TestProjectSchemas(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "..", "..", "schemas", "*.xml"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		s, err := Load(f)
		require.NoError(t, err, f)
		assert.NotEmpty(t, s.Messages, f)
	}
}

func TestLookupsOnNilAndMissing(t *testing.T) {
	var nilSchema *Schema
	assert.Nil(t, nilSchema.Lookup("x"))
	assert.Nil(t, nilSchema.Message(1))
	assert.Nil(t, nilSchema.MessageByName("x"))
	s := loadRef(t, "sbe-examples/example-schema.xml")
	assert.Nil(t, s.Lookup("NoSuchType"))
	assert.Nil(t, s.Message(99))
	assert.Nil(t, s.MessageByName("Truck"))
	assert.Nil(t, s.Lookup("Engine").(*Composite).Member("nope"))
	assert.Nil(t, s.Lookup("Model").(*Enum).ValueByName("Z"))
	for _, ty := range s.Types {
		assert.NotZero(t, ty.Position().Line)
		if ty.TypeName() == "BoostType" {
			continue // declared inside the Booster composite
		}
		assert.Same(t, ty, s.Lookup(ty.TypeName()), "top-level types are found by name")
	}
}

func TestLoadMissingFile(t *testing.T) {
	_, err := Load(filepath.Join("testdata", "missing.xml"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "missing.xml: read:")
}

func TestBuildNil(t *testing.T) {
	s, err := Build(nil)
	assert.Nil(t, s)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "no schema document")
}

func TestBuildSkipsHolesInHandBuiltTrees(t *testing.T) {
	src := doc("", `<composite name="C"><type name="a" primitiveType="uint8"/></composite>`, msg(`<field name="a" id="1" type="C"/><group name="g" id="2"/>`))
	d, err := schema.Parse("t.xml", []byte(src), nil)
	require.NoError(t, err)
	var nilType *schema.Type
	var nilField *schema.Field
	d.Types = append(d.Types, nil, nilType)
	d.Messages = append(d.Messages, nil)
	d.Messages[0].Members = append(d.Messages[0].Members, nil, nilField)
	d.Types[4].(*schema.Composite).Members = append(d.Types[4].(*schema.Composite).Members, nil)
	s, err := Build(d)
	require.NoError(t, err)
	assert.Len(t, s.Messages, 1)
	assert.Len(t, s.Messages[0].Fields, 1)
	assert.Len(t, s.Messages[0].Groups, 1)
	assert.Equal(t, 1, s.Lookup("C").(*Composite).Size)
}
