package ir

import (
	"go/token"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestGoName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"sensorId", "SensorID"},
		{"sensorID", "SensorID"},
		{"url", "URL"},
		{"httpApi", "HTTPAPI"},
		{"HTTPServer", "HTTPServer"},
		{"mantissa64", "Mantissa64"},
		{"Mantissa64", "Mantissa64"},
		{"utf8String", "UTF8String"},
		{"serialNumber", "SerialNumber"},
		{"someNumbers", "SomeNumbers"},
		{"SUPERCHARGER", "Supercharger"},
		{"RECORDING_UNKNOWN", "RecordingUnknown"},
		{"REPLICATE_END", "ReplicateEnd"},
		{"OK", "OK"},
		{"T", "T"},
		{"a", "A"},
		{"uuid_t", "UUIDT"},
		{"cupHolderCount_t", "CupHolderCountT"},
		{"snake_case_name", "SnakeCaseName"},
		{"kebab-name", "KebabName"},
		{"type", "Type"},
		{"func", "Func"},
		{"1st", "X1st"},
		{"", "X"},
		{"__", "X"},
		{"ShackHartmann", "ShackHartmann"},
		{"XCME", "Xcme"},
		{"isOK", "IsOK"},
		{"ids", "Ids"},
		{"sensor_id", "SensorID"},
		{"héllo", "HLlo"},
		{"URLs", "URLs"},
		{"sensorIDs", "SensorIDs"},
		{"IDsByName", "IDsByName"},
		{"HTTPSProxy", "HTTPSProxy"},
		{"XMLHttpRequest", "XMLHTTPRequest"},
		{"getHTTPs", "GetHTTPS"},
	}
	for _, tt := range tests {
		got := GoName(tt.in)
		assert.Equal(t, tt.want, got, "GoName(%q)", tt.in)
		assert.True(t, token.IsIdentifier(got) && token.IsExported(got), "GoName(%q) = %q is not an exported identifier", tt.in, got)
	}
}

func TestGoPackageName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"baseline", "baseline"},
		{"io.aeron.archive.codecs", "codecs"},
		{"Market", "market"},
		{"my-pkg", "mypkg"},
		{"a.type", "typepkg"},
		{"a.9lives", "x9lives"},
		{"", "sbe"},
		{"...", "sbe"},
		{"_", "sbe"},
		{"a.__", "sbe"},
		{"_x", "_x"},
	}
	for _, tt := range tests {
		got := GoPackageName(tt.in)
		assert.Equal(t, tt.want, got, "GoPackageName(%q)", tt.in)
		assert.True(t, token.IsIdentifier(got), got)
	}
}

func TestNameCollisions(t *testing.T) {
	s := mustBuild(t, doc("", `
<type name="Quote" primitiveType="int64"/>
<type name="quote_" primitiveType="int32"/>
<type name="QuoteEncoder" primitiveType="int8"/>
<type name="Handlers" primitiveType="int8"/>
<enum name="Side" encodingType="uint8">
  <validValue name="buy">0</validValue>
  <validValue name="BUY_">1</validValue>
</enum>
<type name="SideBuy" primitiveType="uint8"/>
<composite name="Box">
  <type name="size" primitiveType="uint8"/>
  <type name="setX" primitiveType="uint8"/>
  <type name="x" primitiveType="uint8"/>
</composite>`, `
<sbe:message name="quote" id="1">
  <field name="wrap" id="1" type="uint8"/>
  <field name="encode" id="2" type="uint8"/>
  <field name="String" id="3" type="uint8"/>
  <field name="sensor_id" id="4" type="uint8"/>
  <field name="sensorId" id="5" type="uint8"/>
  <field name="setFoo" id="6" type="uint8"/>
  <field name="foo" id="7" type="uint8"/>
  <field name="type" id="8" type="uint8"/>
  <group name="count" id="9">
    <field name="next" id="10" type="uint8"/>
  </group>
  <data name="bytes" id="11" type="varDataEncoding"/>
</sbe:message>
<sbe:message name="Quote_Fields" id="2">
  <group name="fields" id="1"><field name="x" id="2" type="uint8"/></group>
</sbe:message>
<sbe:message name="QuoteFields" id="3"/>`))
	q := s.Messages[0]
	assert.Equal(t, "Quote", q.GoName)
	assert.Equal(t, "QuoteEncoder", q.EncoderName)
	var got []string
	for _, f := range q.Fields {
		got = append(got, f.GoName+"/"+f.SetterName)
	}
	assert.Equal(t, []string{
		"WrapField/SetWrapField", "EncodeField/SetEncodeField", "StringField/SetStringField",
		"SensorID/SetSensorID", "SensorIDField/SetSensorIDField", "SetFoo/SetSetFoo", "FooField/SetFooField",
		"Type/SetType",
	}, got)
	assert.Equal(t, "CountGroup", q.Groups[0].GoName)
	assert.Equal(t, "QuoteCountGroup", q.Groups[0].TypeName)
	assert.Equal(t, "NextField", q.Groups[0].Fields[0].GoName)
	assert.Equal(t, "BytesData", q.Data[0].GoName)
	assert.Equal(t, "SetBytesData", q.Data[0].SetterName)

	// "Quote_Fields" and "QuoteFields" both case to QuoteFields: the first
	// message in document order keeps it, the second gets the "Message"
	// suffix. Group entry types are named after all messages.
	assert.Equal(t, "QuoteFields", s.Messages[1].GoName)
	assert.Equal(t, "QuoteFieldsMessage", s.Messages[2].GoName)
	assert.Equal(t, "QuoteFieldsFields", s.Messages[1].Groups[0].TypeName)

	// Types yield to messages, their codecs and reserved package names.
	assert.Equal(t, "QuoteType", s.Lookup("Quote").TypeGoName())
	assert.Equal(t, "QuoteType2", s.Lookup("quote_").TypeGoName())
	assert.Equal(t, "QuoteEncoderType", s.Lookup("QuoteEncoder").TypeGoName())
	assert.Equal(t, "HandlersType", s.Lookup("Handlers").TypeGoName())

	side := s.Lookup("Side").(*Enum)
	assert.Equal(t, "Buy", side.Values[0].GoName)
	assert.Equal(t, "BuyValue", side.Values[1].GoName)
	// The type SideBuy is named before the enum's constants.
	assert.Equal(t, "SideBuy", s.Lookup("SideBuy").TypeGoName())
	assert.Equal(t, "SideBuyValue", side.Values[0].ConstName)
	assert.Equal(t, "SideBuyValueValue", side.Values[1].ConstName)

	box := s.Lookup("Box").(*Composite)
	var members []string
	for _, m := range box.Members {
		members = append(members, m.GoName+"/"+m.SetterName)
	}
	assert.Equal(t, []string{"Size/SetSize", "SetX/SetSetX", "XMember/SetXMember"}, members)

	// Every package-level name is unique.
	seen := map[string]string{}
	add := func(name, what string) {
		require.NotEmpty(t, name, what)
		if prev, ok := seen[name]; ok {
			t.Errorf("%s and %s share the Go name %s", prev, what, name)
		}
		seen[name] = what
	}
	var walk func(gs []*Group)
	walk = func(gs []*Group) {
		for _, g := range gs {
			add(g.TypeName, "group "+g.Name)
			add(g.EncoderName, "group encoder "+g.Name)
			add(g.DecoderName, "group decoder "+g.Name)
			walk(g.Groups)
		}
	}
	for _, m := range s.Messages {
		add(m.GoName, "message "+m.Name)
		add(m.EncoderName, "encoder "+m.Name)
		add(m.DecoderName, "decoder "+m.Name)
		walk(m.Groups)
	}
	for _, ty := range s.Types {
		add(ty.TypeGoName(), "type "+ty.TypeName())
		switch ty := ty.(type) {
		case *Enum:
			add(ty.NullName, "null of "+ty.Name)
			for _, v := range ty.Values {
				add(v.ConstName, "value "+v.Name)
			}
		case *Composite:
			add(ty.EncoderName, "encoder of "+ty.Name)
			add(ty.DecoderName, "decoder of "+ty.Name)
		}
	}
	for n := range ReservedPackageNames {
		_, taken := seen[n]
		assert.False(t, taken, n)
	}
}

func TestDerivedAccessorNames(t *testing.T) {
	s := mustBuild(t, doc("", `
<composite name="Box"><type name="w" primitiveType="uint8"/></composite>
<type name="BoxSize" primitiveType="uint8"/>
<type name="WrapBoxDecoder" primitiveType="uint8"/>
<set name="Opts" encodingType="uint8">
  <choice name="string">0</choice>
  <choice name="fast">1</choice>
  <choice name="hasFast">2</choice>
</set>`, `
<sbe:message name="Order" id="1">
  <field name="price" id="1" type="int64" presence="optional"/>
  <field name="priceIsNull" id="2" type="uint8"/>
  <field name="fillsCount" id="3" type="uint8"/>
  <group name="fills" id="4"/>
  <data name="memo" id="5" type="varStringEncoding"/>
  <data name="memoLength" id="6" type="varDataEncoding"/>
</sbe:message>`))
	m := s.Messages[0]
	price := m.Fields[0]
	assert.Equal(t, []string{"Price", "SetPrice", "PriceAt", "SetPriceAt", "PriceIsNull", "SetPriceNull", "SetPriceString"},
		[]string{price.GoName, price.SetterName, price.AtName, price.SetAtName, price.IsNullName, price.SetNullName, price.SetStringName})
	assert.Equal(t, "PriceIsNullField", m.Fields[1].GoName)
	assert.Equal(t, "FillsCount", m.Fields[2].GoName)
	assert.Equal(t, "FillsGroup", m.Groups[0].GoName)
	assert.Equal(t, "FillsGroupCount", m.Groups[0].CountName)
	assert.Equal(t, "OrderFillsGroup", m.Groups[0].TypeName)
	assert.Equal(t, "SetMemoString", m.Data[0].SetStringName)
	assert.Equal(t, "MemoLength", m.Data[1].GoName, "a data length is not a reserved name")
	assert.Equal(t, "OnOrder", m.HandlerName)
	assert.Equal(t, "dOrder", m.HandlerDecoderName)
	assert.Equal(t, "PriceBytes", price.BytesName)
	assert.Equal(t, "gFillsGroup", m.Groups[0].ChildName)

	box := s.Lookup("Box").(*Composite)
	assert.Equal(t, "BoxSize", box.SizeName)
	assert.Equal(t, "BoxSizeType", s.Lookup("BoxSize").TypeGoName())
	assert.Equal(t, "WrapBoxDecoder", s.Lookup("WrapBoxDecoder").TypeGoName(), "a type keeps its name against a composite's wrap functions")
	assert.Equal(t, "WrapBox2Encoder", box.WrapEncoderName)
	assert.Equal(t, "WrapBox2Decoder", box.WrapDecoderName)
	assert.Equal(t, "WAt", box.Members[0].AtName)

	opts := s.Lookup("Opts").(*Set)
	var got []string
	for _, c := range opts.Choices {
		got = append(got, c.GoName+"/"+c.HasName+"/"+c.SetterName+"/"+c.ConstName)
	}
	assert.Equal(t, []string{
		"StringChoice/HasStringChoice/SetStringChoice/OptsStringChoice",
		"Fast/HasFast/SetFast/OptsFast",
		"HasFastChoice/HasHasFastChoice/SetHasFastChoice/OptsHasFastChoice",
	}, got)
}

// TestReservedNameScopes: composite members are kept only from the method
// names go vet fixes (Format, Seek, ...), message members also from the
// generated methods, and a message whose handler field would be a
// dispatcher field of its own (OnUnknownTemplate) is renamed.
func TestReservedNameScopes(t *testing.T) {
	s := mustBuild(t, doc("", `
<composite name="Box">
  <type name="blockLength" primitiveType="uint16"/>
  <type name="format" primitiveType="uint8"/>
  <type name="seek" primitiveType="uint8"/>
</composite>`, `
<sbe:message name="UnknownTemplate" id="1">
  <field name="blockLength" id="1" type="uint8"/>
  <field name="format" id="2" type="uint8"/>
</sbe:message>`))
	box := s.Lookup("Box").(*Composite)
	var members []string
	for _, m := range box.Members {
		members = append(members, m.GoName)
	}
	assert.Equal(t, []string{"BlockLength", "FormatMember", "SeekMember"}, members)

	m := s.Messages[0]
	assert.Equal(t, "UnknownTemplateMessage", m.GoName)
	assert.Equal(t, "OnUnknownTemplateMessage", m.HandlerName)
	assert.Equal(t, "BlockLengthField", m.Fields[0].GoName)
	assert.Equal(t, "FormatField", m.Fields[1].GoName)
}

// TestCompositeWrapNames: a composite's wrap functions take the names left
// over after every type and message, never a type's own names.
func TestCompositeWrapNames(t *testing.T) {
	s := mustBuild(t, doc("", `
<composite name="Box"><type name="w" primitiveType="uint8"/></composite>
<composite name="Crate"><type name="w" primitiveType="uint8"/></composite>`, `
<sbe:message name="WrapBox" id="1">
  <field name="a" id="1" type="uint8"/>
</sbe:message>`))
	box := s.Lookup("Box").(*Composite)
	assert.Equal(t, []string{"Box", "BoxEncoder", "BoxDecoder", "BoxSize"},
		[]string{box.GoName, box.EncoderName, box.DecoderName, box.SizeName}, "the message WrapBox does not rename Box")
	assert.Equal(t, []string{"WrapBox2Encoder", "WrapBox2Decoder"}, []string{box.WrapEncoderName, box.WrapDecoderName})
	crate := s.Lookup("Crate").(*Composite)
	assert.Equal(t, []string{"WrapCrateEncoder", "WrapCrateDecoder"}, []string{crate.WrapEncoderName, crate.WrapDecoderName})
}
