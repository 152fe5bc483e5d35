package ir

import (
	"os"
	"path/filepath"
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
