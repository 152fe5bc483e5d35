package ir

import (
	"encoding/xml"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzBuild checks that no schema makes parsing and building panic, and
// that a built schema holds the invariants consumers rely on.
func FuzzBuild(f *testing.F) {
	var files []string
	for _, pattern := range []string{
		filepath.Join(refDir, "*", "*.xml"),
		filepath.Join("..", "..", "..", "schemas", "*.xml"),
		filepath.Join("testdata", "*.xml"),
	} {
		m, err := filepath.Glob(pattern)
		if err != nil {
			f.Fatal(err)
		}
		files = append(files, m...)
	}
	common, err := os.ReadFile(filepath.Join(refDir, "sbe-examples", "common-types.xml"))
	if err != nil {
		f.Fatal(err)
	}
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src, common)
	}
	f.Add([]byte(doc("", enumModel, msg(`<field name="a" id="1" type="Model" presence="constant" valueRef="Model.C"/>`))), []byte(nil))
	f.Fuzz(func(t *testing.T, src, included []byte) {
		include := func(string) ([]byte, error) {
			if included == nil {
				return nil, os.ErrNotExist
			}
			return included, nil
		}
		s, err := LoadBytes("f.xml", src, include)
		if err != nil {
			if s != nil {
				t.Fatal("schema returned with an error")
			}
			return
		}
		checkInvariants(t, s)
	})
}

func checkInvariants(t *testing.T, s *Schema) {
	t.Helper()
	if s.Header == nil || s.ByteOrder == nil || s.GoPackage == "" {
		t.Fatalf("incomplete schema: header %v, byte order %v, package %q", s.Header, s.ByteOrder, s.GoPackage)
	}
	var block func(owner string, blockLength int, fields []*Field, groups []*Group, data []*Data)
	block = func(owner string, blockLength int, fields []*Field, groups []*Group, data []*Data) {
		end := 0
		for _, f := range fields {
			if f.GoName == "" || f.Type == nil {
				t.Fatalf("%s.%s: no Go name or type", owner, f.Name)
			}
			if f.Offset < end && f.Size > 0 {
				t.Fatalf("%s.%s: offset %d overlaps %d", owner, f.Name, f.Offset, end)
			}
			if f.Size > 0 {
				end = f.Offset + f.Size
			}
		}
		if end > blockLength {
			t.Fatalf("%s: fields end at %d beyond blockLength %d", owner, end, blockLength)
		}
		for _, g := range groups {
			if g.TypeName == "" || g.DimensionType == nil || g.BlockLengthMember == nil || g.NumInGroupMember == nil {
				t.Fatalf("%s.%s: incomplete group", owner, g.Name)
			}
			block(owner+"."+g.Name, g.BlockLength, g.Fields, g.Groups, g.Data)
		}
		for _, d := range data {
			if d.GoName == "" || d.LengthMember == nil || d.VarDataMember == nil {
				t.Fatalf("%s.%s: incomplete data", owner, d.Name)
			}
		}
	}
	for _, m := range s.Messages {
		if m.GoName == "" || m.EncoderName == "" {
			t.Fatalf("message %q without Go names", m.Name)
		}
		block(m.Name, m.BlockLength, m.Fields, m.Groups, m.Data)
	}
	for _, ty := range s.Types {
		if ty.TypeGoName() == "" {
			t.Fatalf("type %q without a Go name", ty.TypeName())
		}
	}
}

// FuzzBuildAttributes fills attribute values and element texts of a schema
// that uses every construct with fuzzed strings, which reaches the
// builder's checks far more often than mutating whole documents does. The
// first seed is a valid schema.
func FuzzBuildAttributes(f *testing.F) {
	f.Add("uint8", "1", "optional", "5", "1", "Model.C", "16", "dim", "uint8", "3", "varDataEncoding", "Model")
	f.Add("char", "0", "constant", "X", "9", "Model", "0", "Engine", "uint64", "63", "Engine", "Booster")
	f.Add("int8", "-1", "", "", "", "", "", "", "", "", "", "")
	f.Add("double", "1", "required", "NaN", "2", "Model.A", "1", "groupSizeEncoding", "int32", "-5", "varStringEncoding", "Engine")
	f.Fuzz(func(t *testing.T, prim, length, presence, null, since, valueRef, offset, dim, encoding, bit, dataType, ref string) {
		e := func(s string) string {
			var b strings.Builder
			if err := xml.EscapeText(&b, []byte(s)); err != nil {
				t.Skip()
			}
			return strings.ReplaceAll(b.String(), `"`, "&#34;")
		}
		types := `
<type name="T" primitiveType="` + e(prim) + `" length="` + e(length) + `" presence="` + e(presence) + `" nullValue="` + e(null) + `" sinceVersion="` + e(since) + `"/>
<type name="C" primitiveType="` + e(prim) + `" presence="constant">` + e(null) + `</type>
<type name="K" primitiveType="` + e(prim) + `" presence="constant" valueRef="` + e(valueRef) + `"/>
<enum name="Model" encodingType="` + e(encoding) + `"><validValue name="A">` + e(null) + `</validValue><validValue name="C">` + e(bit) + `</validValue></enum>
<set name="S" encodingType="` + e(encoding) + `"><choice name="a">` + e(bit) + `</choice></set>
<composite name="Booster"><type name="x" primitiveType="` + e(prim) + `" offset="` + e(offset) + `"/><ref name="r" type="` + e(ref) + `"/></composite>
<composite name="Engine"><ref name="b" type="Booster" offset="` + e(length) + `"/><enum name="In" encodingType="` + e(encoding) + `"><validValue name="v">` + e(bit) + `</validValue></enum></composite>
<composite name="dim"><type name="blockLength" primitiveType="` + e(prim) + `"/><type name="numInGroup" primitiveType="` + e(encoding) + `"/></composite>`
		msgs := `<sbe:message name="M" id="` + e(bit) + `">
  <field name="t" id="1" type="T" offset="` + e(offset) + `" presence="` + e(presence) + `" sinceVersion="` + e(since) + `"/>
  <field name="c" id="11" type="C"/>
  <field name="k" id="2" type="K"/>
  <field name="m" id="3" type="Model" presence="constant" valueRef="` + e(valueRef) + `"/>
  <field name="s" id="4" type="S"/>
  <field name="e" id="5" type="` + e(ref) + `"/>
  <field name="b" id="12" type="Engine"/>
  <group name="g" id="6" dimensionType="` + e(dim) + `" blockLength="` + e(length) + `" sinceVersion="` + e(since) + `">
    <field name="x" id="7" type="T"/>
    <group name="h" id="8" dimensionType="` + e(dim) + `"><data name="d" id="9" type="` + e(dataType) + `"/></group>
  </group>
  <data name="v" id="10" type="` + e(dataType) + `" sinceVersion="` + e(since) + `"/>
</sbe:message>`
		src := doc(`package="f" id="1" version="`+e(since)+`"`, types, msgs)
		s, err := LoadBytes("f.xml", []byte(src), nil)
		if err != nil {
			var list ErrorList
			if !errors.As(err, &list) || len(list) == 0 {
				t.Fatalf("error %v is not a non-empty ErrorList", err)
			}
			for _, e := range list {
				if e.Pos.File != "f.xml" || e.Pos.Line < 1 || e.Rule == "" || e.Msg == "" {
					t.Fatalf("error without position, rule or message: %#v", e)
				}
			}
			return
		}
		checkInvariants(t, s)
	})
}
