package ir

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func msg(body string) string {
	return `<sbe:message name="M" id="1">` + "\n" + body + "\n</sbe:message>"
}

func TestValidation(t *testing.T) {
	tests := []struct {
		name  string
		src   string
		files map[string]string
		rule  string
		msg   string
		// file and line of the error; line 0 means the line of the
		// "<!--E-->" marker in src.
		file string
		line int
	}{
		{
			name: "malformed XML",
			src:  doc("", "", msg(`<field name="a" id="1" type="uint8">`+"\n<!--E--></sbe:message>")),
			rule: "xml", msg: "malformed XML",
		},
		{
			name: "unknown field type",
			src:  doc("", "", msg(`<!--E--><field name="a" id="1" type="Nope"/>`)),
			rule: ruleUnknownType, msg: `refers to unknown type "Nope"`,
		},
		{
			name: "field without type",
			src:  doc("", "", msg(`<!--E--><field name="a" id="1"/>`)),
			rule: ruleUnknownType, msg: "has no type",
		},
		{
			name: "unknown primitiveType",
			src:  doc("", `<!--E--><type name="T" primitiveType="int128"/>`, ""),
			rule: ruleUnknownType, msg: `primitiveType "int128" is not an SBE primitive`,
		},
		{
			name: "ref to unknown type",
			src:  doc("", "<composite name=\"C\">\n<!--E--><ref name=\"r\" type=\"Missing\"/></composite>", ""),
			rule: ruleUnknownType, msg: `refers to unknown type "Missing"`,
		},
		{
			name: "valueRef malformed",
			src:  doc("", enumModel, msg(`<!--E--><field name="a" id="1" type="Model" presence="constant" valueRef="ModelC"/>`)),
			rule: ruleValueRef, msg: "not of the form enum-name.value-name",
		},
		{
			name: "valueRef unknown enum",
			src:  doc("", enumModel, msg(`<!--E--><field name="a" id="1" type="Model" presence="constant" valueRef="Modl.C"/>`)),
			rule: ruleValueRef, msg: `no enum "Modl"`,
		},
		{
			name: "valueRef unknown value",
			src:  doc("", enumModel, msg(`<!--E--><field name="a" id="1" type="Model" presence="constant" valueRef="Model.Z"/>`)),
			rule: ruleValueRef, msg: `enum "Model" has no value "Z"`,
		},
		{
			name: "valueRef of another enum",
			src:  doc("", enumModel+`<enum name="Other" encodingType="char"><validValue name="C">C</validValue></enum>`, msg(`<!--E--><field name="a" id="1" type="Model" presence="constant" valueRef="Other.C"/>`)),
			rule: ruleValueRef, msg: `is not a value of the field's enum "Model"`,
		},
		{
			name: "valueRef encoding mismatch",
			src:  doc("", enumModel, msg(`<!--E--><field name="a" id="1" type="uint16" presence="constant" valueRef="Model.C"/>`)),
			rule: ruleValueRef, msg: "has encoding char, the field is uint16",
		},
		{
			name: "valueRef without constant presence",
			src:  doc("", enumModel, msg(`<!--E--><field name="a" id="1" type="Model" valueRef="Model.C"/>`)),
			rule: ruleValueRef, msg: "valueRef without presence constant",
		},
		{
			name: "valueRef to a non-enum",
			src:  doc("", `<type name="U" primitiveType="uint8"/>`, msg(`<!--E--><field name="a" id="1" type="uint8" presence="constant" valueRef="U.x"/>`)),
			rule: ruleValueRef, msg: `"U" is not an enum`,
		},
		{
			name: "duplicate message id",
			src:  doc("", "", `<sbe:message name="A" id="1"/>`+"\n<!--E--><sbe:message name=\"B\" id=\"1\"/>"),
			rule: ruleDuplicate, msg: "id 1 already used at t.xml:",
		},
		{
			name: "duplicate message name",
			src:  doc("", "", `<sbe:message name="A" id="1"/>`+"\n<!--E--><sbe:message name=\"A\" id=\"2\"/>"),
			rule: ruleDuplicate, msg: `message name "A" already used`,
		},
		{
			name: "duplicate field id",
			src:  doc("", "", msg(`<field name="a" id="1" type="uint8"/>`+"\n"+`<!--E--><field name="b" id="1" type="uint8"/>`)),
			rule: ruleDuplicate, msg: "id 1 already used",
		},
		{
			name: "duplicate id within a group",
			src:  doc("", "", msg(`<field name="a" id="1" type="uint8"/>`+"\n<group name=\"g\" id=\"2\">\n"+`<field name="b" id="3" type="uint8"/>`+"\n"+`<!--E--><data name="c" id="3" type="varDataEncoding"/></group>`)),
			rule: ruleDuplicate, msg: "id 3 already used",
		},
		{
			name: "duplicate id of a group and a field",
			src:  doc("", "", msg(`<field name="a" id="1" type="uint8"/>`+"\n"+`<!--E--><group name="g" id="1"/>`)),
			rule: ruleDuplicate, msg: "id 1 already used",
		},
		{
			name: "a nested group may reuse an id of its parent",
			src:  doc("", "", msg(`<field name="a" id="1" type="uint8"/>`+"\n<group name=\"g\" id=\"2\">\n"+`<field name="b" id="1" type="uint8"/></group>`)),
		},
		{
			name: "duplicate field name",
			src:  doc("", "", msg(`<field name="a" id="1" type="uint8"/>`+"\n"+`<!--E--><data name="a" id="2" type="varDataEncoding"/>`)),
			rule: ruleDuplicate, msg: `member name "a" already used`,
		},
		{
			name: "duplicate type name",
			src:  doc("", `<type name="T" primitiveType="uint8"/>`+"\n"+`<!--E--><enum name="T" encodingType="uint8"/>`, ""),
			rule: ruleDuplicate, msg: `type "T" already declared at t.xml:`,
		},
		{
			name: "type named like a primitive",
			src:  doc("", `<!--E--><type name="uint8" primitiveType="uint16"/>`, ""),
			rule: ruleDuplicate, msg: "is a primitive type name",
		},
		{
			name: "duplicate composite member",
			src:  doc("", "<composite name=\"C\"><type name=\"a\" primitiveType=\"uint8\"/>\n<!--E--><type name=\"a\" primitiveType=\"uint8\"/></composite>", ""),
			rule: ruleDuplicate, msg: `member "a" already declared`,
		},
		{
			name: "duplicate enum value name",
			src:  doc("", "<enum name=\"E\" encodingType=\"uint8\"><validValue name=\"A\">0</validValue>\n<!--E--><validValue name=\"A\">1</validValue></enum>", ""),
			rule: ruleDuplicate, msg: `validValue "A" already declared`,
		},
		{
			name: "duplicate enum value",
			src:  doc("", "<enum name=\"E\" encodingType=\"uint8\"><validValue name=\"A\">0</validValue>\n<!--E--><validValue name=\"B\">0</validValue></enum>", ""),
			rule: ruleDuplicate, msg: `has the value "0" of "A"`,
		},
		{
			name: "duplicate choice bit",
			src:  doc("", "<set name=\"S\" encodingType=\"uint8\"><choice name=\"a\">0</choice>\n<!--E--><choice name=\"b\">0</choice></set>", ""),
			rule: ruleDuplicate, msg: `uses bit 0 of "a"`,
		},
		{
			name: "group after var data",
			src:  doc("", "", msg(`<data name="d" id="1" type="varDataEncoding"/>`+"\n"+`<!--E--><group name="g" id="2"/>`)),
			rule: ruleOrder, msg: `group "g" after var data`,
		},
		{
			name: "field after group",
			src:  doc("", "", msg(`<group name="g" id="2"/>`+"\n"+`<!--E--><field name="a" id="1" type="uint8"/>`)),
			rule: ruleOrder, msg: `field "a" after a group`,
		},
		{
			name: "field after var data in a group",
			src:  doc("", "", msg("<group name=\"g\" id=\"2\">\n"+`<data name="d" id="3" type="varDataEncoding"/>`+"\n"+`<!--E--><field name="a" id="1" type="uint8"/></group>`)),
			rule: ruleOrder, msg: `field "a" after var data`,
		},
		{
			name: "blockLength smaller than its fields",
			src:  doc("", "", "<sbe:message name=\"M\" id=\"1\" blockLength=\"6\">\n"+`<field name="a" id="1" type="uint32"/>`+"\n"+`<!--E--><field name="b" id="2" type="uint32"/>`+"\n</sbe:message>"),
			rule: ruleBlockLength, msg: `blockLength 6 is smaller than its fields: "b" ends at 8`,
		},
		{
			name: "group blockLength smaller than its fields",
			src:  doc("", "", msg("<group name=\"g\" id=\"1\" blockLength=\"2\">\n"+`<!--E--><field name="a" id="2" type="uint32"/></group>`)),
			rule: ruleBlockLength, msg: "blockLength 2 is smaller than its fields",
		},
		{
			name: "offset beyond blockLength",
			src:  doc("", "", "<sbe:message name=\"M\" id=\"1\" blockLength=\"8\">\n"+`<!--E--><field name="a" id="1" type="uint8" offset="8"/>`+"\n</sbe:message>"),
			rule: ruleOffset, msg: "at offset 8 is beyond blockLength 8",
		},
		{
			name: "overlapping offset",
			src:  doc("", "", msg(`<field name="a" id="1" type="uint32"/>`+"\n"+`<!--E--><field name="b" id="2" type="uint8" offset="2"/>`)),
			rule: ruleOffset, msg: "offset 2 overlaps the previous field, which ends at 4",
		},
		{
			name: "backwards offset",
			src:  doc("", "", msg(`<field name="a" id="1" type="uint8" offset="10"/>`+"\n"+`<!--E--><field name="b" id="2" type="uint8" offset="3"/>`)),
			rule: ruleOffset, msg: "offset 3 overlaps the previous field, which ends at 11",
		},
		{
			name: "overlapping composite member",
			src:  doc("", "<composite name=\"C\"><type name=\"a\" primitiveType=\"uint32\"/>\n<!--E--><type name=\"b\" primitiveType=\"uint8\" offset=\"1\"/></composite>", ""),
			rule: ruleOffset, msg: `member "b" at offset 1 overlaps the previous member, which ends at 4`,
		},
		{
			name: "negative offset",
			src:  doc("", "", msg(`<!--E--><field name="a" id="1" type="uint8" offset="-1"/>`)),
			rule: ruleAttr, msg: `offset="-1" is not an integer`,
		},
		{
			name: "enum value out of range",
			src:  doc("", "<enum name=\"E\" encodingType=\"uint8\">\n<!--E--><validValue name=\"A\">256</validValue></enum>", ""),
			rule: ruleRange, msg: "out of range of the uint8 encoding",
		},
		{
			name: "negative value in unsigned enum",
			src:  doc("", "<enum name=\"E\" encodingType=\"uint16\">\n<!--E--><validValue name=\"A\">-1</validValue></enum>", ""),
			rule: ruleRange, msg: "out of range of the uint16 encoding",
		},
		{
			name: "int8 enum value out of range",
			src:  doc("", "<enum name=\"E\" encodingType=\"int8\">\n<!--E--><validValue name=\"A\">-129</validValue></enum>", ""),
			rule: ruleRange, msg: "out of range of the int8 encoding",
		},
		{
			name: "char enum value of two characters",
			src:  doc("", "<enum name=\"E\" encodingType=\"char\">\n<!--E--><validValue name=\"A\">AB</validValue></enum>", ""),
			rule: ruleRange, msg: "not a single ASCII character",
		},
		{
			name: "enum over a float",
			src:  doc("", `<!--E--><enum name="E" encodingType="float"/>`, ""),
			rule: ruleEncoding, msg: "is not char or an integer",
		},
		{
			name: "enum over an unknown encoding",
			src:  doc("", `<!--E--><enum name="E" encodingType="u8"/>`, ""),
			rule: ruleEncoding, msg: `encodingType "u8" is neither a primitive nor a declared type`,
		},
		{
			name: "enum without encodingType",
			src:  doc("", `<!--E--><enum name="E"/>`, ""),
			rule: ruleEncoding, msg: "has no encodingType",
		},
		{
			name: "enum value equal to the encoding type's null",
			src:  doc("", `<type name="O" primitiveType="uint8" presence="optional" nullValue="7"/>`+"\n"+`<enum name="E" encodingType="O">`+"\n"+`<!--E--><validValue name="A">7</validValue></enum>`, ""),
			rule: ruleRange, msg: `validValue "A" uses the null value 7`,
		},
		{
			name: "enum value equal to the enum's nullValue",
			src:  doc("", `<enum name="E" encodingType="int8" nullValue="0">`+"\n"+`<!--E--><validValue name="A">0</validValue></enum>`, ""),
			rule: ruleRange, msg: `uses the null value 0`,
		},
		{
			name: "uint8 enum value 255 is the default null",
			src:  doc("", `<enum name="E" encodingType="uint8">`+"\n"+`<!--E--><validValue name="A">255</validValue></enum>`, ""),
			rule: ruleRange, msg: `uses the null value 255`,
		},
		{
			name: "enum value outside the encoding type's range",
			src:  doc("", `<type name="Small" primitiveType="uint8" maxValue="9"/>`+"\n"+`<enum name="E" encodingType="Small">`+"\n"+`<!--E--><validValue name="A">10</validValue></enum>`, ""),
			rule: ruleRange, msg: `is outside the range 0 to 9`,
		},
		{
			name: "bad enum nullValue",
			src:  doc("", `<!--E--><enum name="E" encodingType="uint8" nullValue="x"/>`, ""),
			rule: ruleNull, msg: `nullValue: "x" is not a valid uint8`,
		},
		{
			name: "constant enum type",
			src:  doc("", `<!--E--><enum name="E" encodingType="uint8" presence="constant"/>`, ""),
			rule: rulePresence, msg: "an enum type cannot be constant",
		},
		{
			name: "constant char shorter than its text",
			src:  doc("", `<!--E--><type name="C" primitiveType="char" length="3" presence="constant">Petrol</type>`, ""),
			rule: ruleConstant, msg: `length 3 is less than the constant "Petrol"`,
		},
		{
			name: "semanticType differs from the type's",
			src:  doc("", `<type name="Ts" primitiveType="uint64" semanticType="UTCTimestamp"/>`, msg(`<!--E--><field name="a" id="1" type="Ts" semanticType="Price"/>`)),
			rule: ruleAttr, msg: `semanticType "Price" differs from the semanticType "UTCTimestamp" of its type`,
		},
		{
			name: "set choice beyond the encoding",
			src:  doc("", "<set name=\"S\" encodingType=\"uint8\">\n<!--E--><choice name=\"a\">8</choice></set>", ""),
			rule: ruleRange, msg: `bit "8" is not in [0, 7] for uint8`,
		},
		{
			name: "uint64 set choice 64",
			src:  doc("", "<set name=\"S\" encodingType=\"uint64\">\n<!--E--><choice name=\"a\">64</choice></set>", ""),
			rule: ruleRange, msg: "is not in [0, 63]",
		},
		{
			name: "set over a signed encoding",
			src:  doc("", `<!--E--><set name="S" encodingType="int8"/>`, ""),
			rule: ruleEncoding, msg: "is not uint8, uint16, uint32 or uint64",
		},
		{
			name: "constant type without value",
			src:  doc("", `<!--E--><type name="C" primitiveType="uint8" presence="constant"/>`, ""),
			rule: ruleConstant, msg: "presence is constant but no value is given",
		},
		{
			name: "constant type with a bad value",
			src:  doc("", `<!--E--><type name="C" primitiveType="uint8" presence="constant">300</type>`, ""),
			rule: ruleConstant, msg: `"300" is not a valid uint8`,
		},
		{
			name: "constant field without valueRef",
			src:  doc("", "", msg(`<!--E--><field name="a" id="1" type="uint8" presence="constant"/>`)),
			rule: ruleConstant, msg: "no valueRef and the type is not constant",
		},
		{
			name: "value on a non-constant type",
			src:  doc("", `<!--E--><type name="C" primitiveType="uint8">5</type>`, ""),
			rule: ruleConstant, msg: "presence is not constant",
		},
		{
			name: "optional field of a constant type",
			src:  doc("", `<type name="C" primitiveType="uint8" presence="constant">5</type>`, msg(`<!--E--><field name="a" id="1" type="C" presence="optional"/>`)),
			rule: rulePresence, msg: "presence optional on a constant type",
		},
		{
			name: "bad presence",
			src:  doc("", `<!--E--><type name="C" primitiveType="uint8" presence="sometimes"/>`, ""),
			rule: rulePresence, msg: `presence="sometimes"`,
		},
		{
			name: "bad nullValue for the primitive",
			src:  doc("", `<!--E--><type name="T" primitiveType="int32" presence="optional" nullValue="abc"/>`, ""),
			rule: ruleNull, msg: `nullValue: "abc" is not a valid int32`,
		},
		{
			name: "nullValue out of range",
			src:  doc("", `<!--E--><type name="T" primitiveType="uint8" presence="optional" nullValue="256"/>`, ""),
			rule: ruleNull, msg: `nullValue: "256" is not a valid uint8`,
		},
		{
			name: "bad minValue",
			src:  doc("", `<!--E--><type name="T" primitiveType="float" minValue="x1"/>`, ""),
			rule: ruleNull, msg: `minValue: "x1" is not a valid float`,
		},
		{
			name: "bad maxValue",
			src:  doc("", `<!--E--><type name="T" primitiveType="int8" maxValue="128"/>`, ""),
			rule: ruleNull, msg: `maxValue: "128" is not a valid int8`,
		},
		{
			name: "minValue above maxValue",
			src:  doc("", `<!--E--><type name="T" primitiveType="int8" minValue="10" maxValue="5"/>`, ""),
			rule: ruleNull, msg: "minValue 10 is greater than maxValue 5",
		},
		{
			name: "characterEncoding on a non-char type",
			src:  doc("", `<!--E--><type name="T" primitiveType="int32" characterEncoding="UTF-8"/>`, ""),
			rule: ruleCharEnc, msg: "characterEncoding on a int32 type",
		},
		{
			name: "missing messageHeader",
			src:  strings.Replace(doc("", "", ""), `<composite name="messageHeader">`, `<composite name="header">`, 1),
			rule: ruleHeader, msg: `no header composite "messageHeader"`, line: 2,
		},
		{
			name: "missing custom headerType",
			src:  doc(defaultAttrs+` headerType="hdr"`, "", ""),
			rule: ruleHeader, msg: `no header composite "hdr"`, line: 2,
		},
		{
			name: "header without templateId",
			src:  doc(defaultAttrs+` headerType="hdr"`, "<!--E--><composite name=\"hdr\"><type name=\"blockLength\" primitiveType=\"uint16\"/><type name=\"schemaId\" primitiveType=\"uint16\"/><type name=\"version\" primitiveType=\"uint16\"/></composite>", ""),
			rule: ruleHeader, msg: `header type "hdr" has no "templateId" member`,
		},
		{
			name: "header field of the wrong type",
			src:  doc(defaultAttrs+` headerType="hdr"`, "<composite name=\"hdr\"><type name=\"blockLength\" primitiveType=\"uint16\"/>\n<!--E--><type name=\"templateId\" primitiveType=\"int16\"/><type name=\"schemaId\" primitiveType=\"uint16\"/><type name=\"version\" primitiveType=\"uint16\"/></composite>", ""),
			rule: ruleHeader, msg: `member "templateId" must be a single non-constant unsigned integer`,
		},
		{
			name: "headerType not a composite",
			src:  doc(defaultAttrs+` headerType="hdr"`, `<!--E--><type name="hdr" primitiveType="uint64"/>`, ""),
			rule: ruleHeader, msg: `header type "hdr" is not a valid composite`,
		},
		{
			name: "schema id at the header limit is accepted",
			src:  doc(`package="t" id="65535" version="0"`, "", ""),
			rule: "", msg: "",
		},
		{
			name: "message id too large for the header",
			src:  doc("", "", `<!--E--><sbe:message name="A" id="70000"/>`),
			rule: ruleHeader, msg: "id 70000 does not fit the header's templateId",
		},
		{
			name: "dimension type without numInGroup",
			src:  doc("", "<!--E--><composite name=\"dim\"><type name=\"blockLength\" primitiveType=\"uint16\"/></composite>", msg(`<group name="g" id="1" dimensionType="dim"/>`)),
			rule: ruleDimension, msg: `dimension type "dim" has no "numInGroup" member`,
		},
		{
			name: "dimension type without blockLength",
			src:  doc("", "<!--E--><composite name=\"dim\"><type name=\"numInGroup\" primitiveType=\"uint16\"/></composite>", msg(`<group name="g" id="1" dimensionType="dim"/>`)),
			rule: ruleDimension, msg: `has no "blockLength" member`,
		},
		{
			name: "dimension type not a composite",
			src:  doc("", `<type name="dim" primitiveType="uint16"/>`, msg(`<!--E--><group name="g" id="1" dimensionType="dim"/>`)),
			rule: ruleDimension, msg: `dimensionType "dim" is not a composite`,
		},
		{
			name: "unknown dimension type",
			src:  doc("", "", msg(`<!--E--><group name="g" id="1" dimensionType="dim"/>`)),
			rule: ruleUnknownType, msg: `unknown type "dim"`,
		},
		{
			name: "group blockLength too large for its dimension",
			src:  doc("", `<composite name="dim"><type name="blockLength" primitiveType="uint8"/><type name="numInGroup" primitiveType="uint8"/></composite>`, msg(`<!--E--><group name="g" id="1" dimensionType="dim" blockLength="300"/>`)),
			rule: ruleDimension, msg: "blockLength 300 does not fit",
		},
		{
			name: "var data type without length",
			src:  doc("", "<!--E--><composite name=\"vd\"><type name=\"varData\" primitiveType=\"uint8\" length=\"0\"/></composite>", msg(`<data name="d" id="1" type="vd"/>`)),
			rule: ruleVarData, msg: `has no "length" member`,
		},
		{
			name: "var data type without varData",
			src:  doc("", "<!--E--><composite name=\"vd\"><type name=\"length\" primitiveType=\"uint8\"/></composite>", msg(`<data name="d" id="1" type="vd"/>`)),
			rule: ruleVarData, msg: `has no "varData" member`,
		},
		{
			name: "var data of wrong element type",
			src:  doc("", "<composite name=\"vd\"><type name=\"length\" primitiveType=\"uint8\"/>\n<!--E--><type name=\"varData\" primitiveType=\"int32\" length=\"0\"/></composite>", msg(`<data name="d" id="1" type="vd"/>`)),
			rule: ruleVarData, msg: "must be uint8 or char",
		},
		{
			name: "varData not right after length",
			src:  doc("", "<composite name=\"vd\"><type name=\"length\" primitiveType=\"uint8\"/>\n<!--E--><type name=\"varData\" primitiveType=\"uint8\" length=\"0\" offset=\"4\"/></composite>", msg(`<data name="d" id="1" type="vd"/>`)),
			rule: ruleVarData, msg: "must directly follow length",
		},
		{
			name: "signed var data length",
			src:  doc("", "<composite name=\"vd\">\n<!--E--><type name=\"length\" primitiveType=\"int16\"/><type name=\"varData\" primitiveType=\"uint8\" length=\"0\"/></composite>", msg(`<data name="d" id="1" type="vd"/>`)),
			rule: ruleVarData, msg: `member "length" must be a single non-constant unsigned integer`,
		},
		{
			name: "constant var data",
			src:  doc("", "", msg(`<!--E--><data name="d" id="1" type="varDataEncoding" presence="constant"/>`)),
			rule: rulePresence, msg: "var data cannot be constant",
		},
		{
			name: "enum encodingType is a composite",
			src:  doc("", `<!--E--><enum name="E" encodingType="groupSizeEncoding"/>`, ""),
			rule: ruleEncoding, msg: `encodingType "groupSizeEncoding" is not a simple type`,
		},
		{
			name: "enum encodingType is an array",
			src:  doc("", `<type name="A" primitiveType="uint8" length="2"/>`+"\n"+`<!--E--><enum name="E" encodingType="A"/>`, ""),
			rule: ruleEncoding, msg: `is an array or a constant`,
		},
		{
			name: "type valueRef without constant presence",
			src:  doc("", enumModel+"\n"+`<!--E--><type name="T" primitiveType="char" valueRef="Model.A"/>`, ""),
			rule: ruleValueRef, msg: "valueRef on a type whose presence is not constant",
		},
		{
			name: "type valueRef of another encoding",
			src:  doc("", enumModel+"\n"+`<!--E--><type name="T" primitiveType="uint8" presence="constant" valueRef="Model.A"/>`, ""),
			rule: ruleValueRef, msg: "has encoding char, the type is uint8",
		},
		{
			name: "constant numeric array",
			src:  doc("", `<!--E--><type name="T" primitiveType="uint8" length="2" presence="constant">1</type>`, ""),
			rule: ruleConstant, msg: "a constant array of uint8 is not supported",
		},
		{
			name: "var data type not a composite",
			src:  doc("", "", msg(`<!--E--><data name="d" id="1" type="uint32"/>`)),
			rule: ruleUnknownType, msg: `unknown type "uint32"`,
		},
		{
			name: "var data type is a simple type",
			src:  doc("", `<type name="vd" primitiveType="uint32"/>`, msg(`<!--E--><data name="d" id="1" type="vd"/>`)),
			rule: ruleVarData, msg: `type "vd" is not a composite with length and varData`,
		},
		{
			name: "field of a var data type",
			src:  doc("", "", msg(`<!--E--><field name="a" id="1" type="varDataEncoding"/>`)),
			rule: ruleVarData, msg: "is a var data composite; use <data>",
		},
		{
			name: "sinceVersion greater than the schema version",
			src:  doc("", "", msg(`<!--E--><field name="a" id="1" type="uint8" sinceVersion="4"/>`)),
			rule: ruleVersion, msg: "sinceVersion 4 is greater than the schema version 3",
		},
		{
			name: "enum value sinceVersion greater than the schema version",
			src:  doc("", "<enum name=\"E\" encodingType=\"uint8\">\n<!--E--><validValue name=\"A\" sinceVersion=\"9\">0</validValue></enum>", ""),
			rule: ruleVersion, msg: "sinceVersion 9 is greater",
		},
		{
			name: "xi:include of a missing file",
			src:  doc("", "", "<!--E--><xi:include href=\"missing.xml\"/>"),
			rule: "xi:include", msg: `cannot include "missing.xml"`,
		},
		{
			name:  "error inside an included file",
			src:   doc("", "", `<xi:include href="inc.xml"/>`),
			files: map[string]string{"inc.xml": "<types>\n\n<type name=\"T\" primitiveType=\"wat\"/>\n</types>"},
			rule:  ruleUnknownType, msg: `primitiveType "wat"`, file: "inc.xml", line: 3,
		},
		{
			name: "composite ref cycle",
			src:  doc("", "<composite name=\"A\"><ref name=\"b\" type=\"B\"/></composite>\n<composite name=\"B\">\n<!--E--><ref name=\"a\" type=\"A\"/></composite>", ""),
			rule: ruleCycle, msg: `type "A" contains itself`,
		},
		{
			name: "composite refers to itself",
			src:  doc("", "<composite name=\"A\"><type name=\"x\" primitiveType=\"uint8\"/>\n<!--E--><ref name=\"me\" type=\"A\"/></composite>", ""),
			rule: ruleCycle, msg: `type "A" contains itself`,
		},
		{
			name: "bad byteOrder",
			src:  doc(defaultAttrs+` byteOrder="middleEndian"`, "", ""),
			rule: ruleByteOrder, msg: `byteOrder="middleEndian"`, line: 2,
		},
		{
			name: "schema without id",
			src:  doc(`package="t"`, "", ""),
			rule: ruleAttr, msg: "messageSchema has no id", line: 2,
		},
		{
			name: "schema version not a number",
			src:  doc(`package="t" id="1" version="v2"`, "", ""),
			rule: ruleAttr, msg: `version="v2" is not an integer`, line: 2,
		},
		{
			name: "message without id",
			src:  doc("", "", `<!--E--><sbe:message name="A"/>`),
			rule: ruleAttr, msg: `message "A" has no id`,
		},
		{
			name: "message without name",
			src:  doc("", "", `<!--E--><sbe:message id="3"/>`),
			rule: ruleName, msg: "message without a name",
		},
		{
			name: "field without id",
			src:  doc("", "", msg(`<!--E--><field name="a" type="uint8"/>`)),
			rule: ruleAttr, msg: `field "a" has no id`,
		},
		{
			name: "unknown element",
			src:  doc("", "", msg(`<!--E--><fields name="a" id="1" type="uint8"/>`)),
			rule: "structure", msg: "unexpected element <fields> in <message>",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := LoadBytes("t.xml", []byte(tt.src), includeMap(tt.files))
			if tt.rule == "" {
				// A valid boundary case: accepted.
				require.NoError(t, err)
				require.NotNil(t, s)
				return
			}
			require.Error(t, err, "LoadBytes(%q)", tt.src)
			assert.Nil(t, s)
			var list ErrorList
			require.True(t, errors.As(err, &list), "%T", err)
			file, line := tt.file, tt.line
			if file == "" {
				file = "t.xml"
			}
			if line == 0 {
				line = markerLine(tt.src)
				require.NotZero(t, line, "no marker in the test schema")
			}
			var found bool
			for _, e := range list {
				if e.Pos.File == file && e.Pos.Line == line && e.Rule == tt.rule && strings.Contains(e.Msg, tt.msg) {
					found = true
					assert.True(t, strings.HasPrefix(e.Error(), fmt.Sprintf("%s:%d:", file, line)), e.Error())
					assert.Contains(t, e.Error(), ": "+tt.rule+": ")
				}
			}
			assert.True(t, found, "got:\n%v\nwant %s:%d: %s: ...%s...", err, file, line, tt.rule, tt.msg)
		})
	}
}

const enumModel = `<enum name="Model" encodingType="char"><validValue name="A">A</validValue><validValue name="C">C</validValue></enum>`

func TestSchemaIDOutOfHeaderRange(t *testing.T) {
	src := strings.Replace(doc(`package="t" id="300"`, "", ""),
		`<type name="schemaId" primitiveType="uint16"/>`, `<type name="schemaId" primitiveType="uint8"/>`, 1)
	_, err := LoadBytes("t.xml", []byte(src), nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "t.xml:2:1: headerType: schema id 300 does not fit the header's schemaId (uint8)")
}

func TestErrorsSortedAndAllReported(t *testing.T) {
	src := doc("", `<type name="A" primitiveType="nope"/>`, `<sbe:message name="M" id="1">
  <field name="x" id="1" type="Missing"/>
  <data name="d" id="2" type="varDataEncoding"/>
  <group name="g" id="3"/>
</sbe:message>
<sbe:message name="N" id="1"/>`)
	_, err := LoadBytes("t.xml", []byte(src), nil)
	require.Error(t, err)
	var list ErrorList
	require.True(t, errors.As(err, &list))
	require.Len(t, list, 4, err.Error())
	for i := 1; i < len(list); i++ {
		assert.LessOrEqual(t, list[i-1].Pos.Compare(list[i].Pos), 0, "errors out of order:\n%v", err)
	}
	assert.Equal(t, []string{ruleUnknownType, ruleUnknownType, ruleOrder, ruleDuplicate},
		[]string{list[0].Rule, list[1].Rule, list[2].Rule, list[3].Rule})
	var one *Error
	require.True(t, errors.As(err, &one))
	assert.Equal(t, list[0], one)
}

func TestSchemaIDWidthFollowsHeader(t *testing.T) {
	_, err := LoadBytes("t.xml", []byte(doc(`package="t" id="70000"`, "", "")), nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "schema id 70000 does not fit the header's schemaId (uint16)")
	src := strings.Replace(doc(`package="t" id="70000"`, "", ""),
		`<type name="schemaId" primitiveType="uint16"/>`, `<type name="schemaId" primitiveType="uint32"/>`, 1)
	s := mustBuild(t, src)
	assert.Equal(t, 70000, s.ID)
	assert.Equal(t, 4, s.Header.SchemaID.Size())
}
