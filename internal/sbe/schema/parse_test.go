package schema

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const refDir = "../../../../shared/schemas"

func TestParseFilePositionsAndIncludes(t *testing.T) {
	s, err := ParseFile(filepath.Join("testdata", "include-root.xml"))
	require.NoError(t, err)
	assert.Equal(t, "include-root.xml", s.File)
	assert.Equal(t, []string{"types/header.xml", "types/more.xml"}, s.Includes)
	assert.Equal(t, Pos{File: "include-root.xml", Line: 2, Col: 1}, s.Pos)
	assert.Equal(t, "inc", s.Package)
	assert.Equal(t, "7", s.ID)
	assert.Equal(t, "2", s.Version)
	require.Len(t, s.Types, 3)
	hdr := s.Types[0].(*Composite)
	assert.Equal(t, "messageHeader", hdr.Name)
	assert.Equal(t, Pos{File: "types/header.xml", Line: 3, Col: 5}, hdr.Pos)
	require.Len(t, hdr.Members, 4)
	assert.Equal(t, Pos{File: "types/header.xml", Line: 5, Col: 9}, hdr.Members[1].Position())
	side := s.Types[1].(*Enum)
	assert.Equal(t, Pos{File: "types/more.xml", Line: 2, Col: 3}, side.Pos)
	assert.Equal(t, "0", side.Values[0].Text)
	assert.Equal(t, Pos{File: "types/more.xml", Line: 2, Col: 42}, side.Values[0].Pos)
	price := s.Types[2].(*Type)
	assert.Equal(t, Pos{File: "include-root.xml", Line: 7, Col: 9}, price.Pos)
	require.Len(t, s.Messages, 1)
	f := s.Messages[0].Members[0].(*Field)
	assert.Equal(t, "Price", f.Type)
	assert.Equal(t, 10, f.Pos.Line)
}

func TestParseReferenceSchemas(t *testing.T) {
	for _, name := range []string{
		"sbe-examples/example-schema.xml",
		"sbe-examples/example-extension-schema.xml",
		"aeron/aeron-archive-codecs.xml",
		"aeron/aeron-cluster-codecs.xml",
	} {
		t.Run(name, func(t *testing.T) {
			s, err := ParseFile(filepath.Join(refDir, name))
			require.NoError(t, err)
			assert.NotEmpty(t, s.Messages)
			assert.NotEmpty(t, s.Types)
			assert.Equal(t, filepath.Base(name), s.File)
		})
	}
	s, err := ParseFile(filepath.Join(refDir, "sbe-examples/example-schema.xml"))
	require.NoError(t, err)
	assert.Equal(t, []string{"common-types.xml"}, s.Includes)
	assert.Equal(t, "messageHeader", s.Types[0].DeclName())
	assert.Equal(t, "common-types.xml", s.Types[0].Position().File)
	car := s.Messages[0]
	assert.Equal(t, "Car", car.Name)
	assert.Equal(t, "Description of a basic Car", car.Description)
	var kinds []string
	for _, m := range car.Members {
		switch m.(type) {
		case *Field:
			kinds = append(kinds, "f")
		case *Group:
			kinds = append(kinds, "g")
		case *Data:
			kinds = append(kinds, "d")
		}
	}
	assert.Equal(t, "f f f f f f f f f g g d d d", strings.Join(kinds, " "))
	fuel := car.Members[9].(*Group)
	assert.Equal(t, "groupSizeEncoding", fuel.DimensionType)
	require.Len(t, fuel.Members, 3)
	assert.Equal(t, "varAsciiEncoding", fuel.Members[2].(*Data).Type)
	engine := s.Types[11].(*Composite)
	assert.Equal(t, "Engine", engine.Name)
	maxRpm := engine.Members[2].(*Type)
	assert.Equal(t, "constant", maxRpm.Presence)
	assert.Equal(t, "9000", maxRpm.Text)
	ref := engine.Members[7].(*Ref)
	assert.Equal(t, "Booster", ref.Type)
}

func includeMap(files map[string]string) IncludeFunc {
	return func(name string) ([]byte, error) {
		src, ok := files[name]
		if !ok {
			return nil, os.ErrNotExist
		}
		return []byte(src), nil
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name     string
		src      string
		files    map[string]string
		wantPos  string
		wantRule string
		wantMsg  string
	}{
		{
			name:     "malformed XML",
			src:      "<messageSchema>\n<types>\n</typo>\n</messageSchema>",
			wantPos:  "s.xml:3",
			wantRule: "xml",
			wantMsg:  "malformed XML",
		},
		{
			name:     "empty document",
			src:      "",
			wantPos:  "s.xml:1",
			wantRule: "xml",
			wantMsg:  "no root element",
		},
		{
			name:     "wrong root",
			src:      "<types/>",
			wantPos:  "s.xml:1:1",
			wantRule: "structure",
			wantMsg:  "want <messageSchema>",
		},
		{
			name:     "unknown element in types",
			src:      "<messageSchema>\n<types>\n  <typ name=\"x\"/>\n</types>\n</messageSchema>",
			wantPos:  "s.xml:3:3",
			wantRule: "structure",
			wantMsg:  "unexpected element <typ> in <types>",
		},
		{
			name:     "field outside a message",
			src:      "<messageSchema>\n<types>\n<field name=\"x\"/>\n</types>\n</messageSchema>",
			wantPos:  "s.xml:3:1",
			wantRule: "structure",
			wantMsg:  "unexpected element <field>",
		},
		{
			name:     "ref outside a composite",
			src:      "<messageSchema>\n<types>\n<ref name=\"x\" type=\"y\"/>\n</types>\n</messageSchema>",
			wantPos:  "s.xml:3:1",
			wantRule: "structure",
			wantMsg:  "<ref> belongs in a <composite>",
		},
		{
			name:     "unknown element in message",
			src:      "<messageSchema>\n<message name=\"m\" id=\"1\">\n<type name=\"x\"/>\n</message>\n</messageSchema>",
			wantPos:  "s.xml:3:1",
			wantRule: "structure",
			wantMsg:  "unexpected element <type> in <message>",
		},
		{
			name:     "include missing file",
			src:      "<messageSchema xmlns:xi=\"http://www.w3.org/2001/XInclude\">\n  <xi:include href=\"nope.xml\"/>\n</messageSchema>",
			wantPos:  "s.xml:2:3",
			wantRule: "xi:include",
			wantMsg:  `cannot include "nope.xml": file does not exist`,
		},
		{
			name:     "include without href",
			src:      "<messageSchema xmlns:xi=\"http://www.w3.org/2001/XInclude\">\n  <xi:include/>\n</messageSchema>",
			wantPos:  "s.xml:2:3",
			wantRule: "xi:include",
			wantMsg:  "without href",
		},
		{
			name:     "include cycle",
			src:      "<messageSchema xmlns:xi=\"http://www.w3.org/2001/XInclude\">\n<xi:include href=\"a.xml\"/>\n</messageSchema>",
			files:    map[string]string{"a.xml": "<types xmlns:xi=\"http://www.w3.org/2001/XInclude\">\n<xi:include href=\"s.xml\"/></types>"},
			wantPos:  "a.xml:2:1",
			wantRule: "xi:include",
			wantMsg:  "include cycle",
		},
		{
			name:     "malformed included file names that file",
			src:      "<messageSchema xmlns:xi=\"http://www.w3.org/2001/XInclude\">\n<xi:include href=\"a.xml\"/>\n</messageSchema>",
			files:    map[string]string{"a.xml": "<types>\n\n<type name=\"x\">\n</types>"},
			wantPos:  "a.xml:4",
			wantRule: "xml",
			wantMsg:  "malformed XML",
		},
		{
			name:     "include by URL",
			src:      "<messageSchema xmlns:xi=\"http://www.w3.org/2001/XInclude\">\n<xi:include href=\"http://example.com/a.xml\"/>\n</messageSchema>",
			wantPos:  "s.xml:2:1",
			wantRule: "xi:include",
			wantMsg:  "only local files",
		},
		{
			name:     "unsupported charset",
			src:      "<?xml version=\"1.0\" encoding=\"EBCDIC\"?>\n<messageSchema/>",
			wantPos:  "s.xml:",
			wantRule: "xml",
			wantMsg:  "unsupported charset",
		},
		{
			name:     "nesting too deep",
			src:      "<messageSchema>" + strings.Repeat("<composite>", 100) + strings.Repeat("</composite>", 100) + "</messageSchema>",
			wantPos:  "s.xml:1:",
			wantRule: "xml",
			wantMsg:  "nested more than",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Parse("s.xml", []byte(tt.src), includeMap(tt.files))
			require.Error(t, err, "Parse(%q)", tt.src)
			assert.Nil(t, s)
			var list ErrorList
			require.True(t, errors.As(err, &list))
			var found bool
			for _, e := range list {
				if strings.HasPrefix(e.Pos.String(), tt.wantPos) && e.Rule == tt.wantRule && strings.Contains(e.Msg, tt.wantMsg) {
					found = true
				}
			}
			assert.True(t, found, "Parse(%q) = %v, want %s: %s: ...%s...", tt.src, err, tt.wantPos, tt.wantRule, tt.wantMsg)
			var one *Error
			assert.True(t, errors.As(err, &one))
		})
	}
}

func TestParseNoIncludeResolver(t *testing.T) {
	_, err := Parse("s.xml", []byte(`<messageSchema xmlns:xi="http://www.w3.org/2001/XInclude"><xi:include href="a.xml"/></messageSchema>`), nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "no include resolver")
}

func TestParseFaithfulAttributes(t *testing.T) {
	src := `<sbe:messageSchema xmlns:sbe="http://fixprotocol.io/2016/sbe" package="p" id="3" version="4"
  semanticVersion="1.2" description="d" byteOrder="bigEndian" headerType="hdr">
  <types>
    <type name="t" primitiveType="char" length="4" presence="optional" nullValue="x" minValue="a" maxValue="z"
      characterEncoding="ASCII" semanticType="String" description="td" sinceVersion="1" deprecated="2" offset="8"/>
    <type name="c" primitiveType="uint8" presence="constant" valueRef="E.A">  7 </type>
    <set name="s" encodingType="uint16" sinceVersion="1"><choice name="a" deprecated="3">  5  </choice></set>
    <composite name="k" offset="2"><ref name="r" type="t" offset="1" sinceVersion="2"/></composite>
  </types>
  <sbe:message name="m" id="9" blockLength="64" semanticType="D" description="md" sinceVersion="1" deprecated="2">
    <field name="f" id="1" type="t" offset="4" presence="constant" valueRef="E.A" sinceVersion="1" deprecated="1"
      semanticType="S" description="fd" epoch="unix" timeUnit="millisecond"/>
    <group name="g" id="2" dimensionType="dim" blockLength="16" sinceVersion="1">
      <data name="v" id="3" type="var" presence="optional"/>
    </group>
  </sbe:message>
</sbe:messageSchema>`
	s, err := Parse("a.xml", []byte(src), nil)
	require.NoError(t, err)
	assert.Equal(t, "bigEndian", s.ByteOrder)
	assert.Equal(t, "hdr", s.HeaderType)
	assert.Equal(t, "1.2", s.SemanticVersion)
	ty := s.Types[0].(*Type)
	assert.Equal(t, Type{Pos: ty.Pos, Name: "t", PrimitiveType: "char", Length: "4", Presence: "optional", NullValue: "x",
		MinValue: "a", MaxValue: "z", CharacterEncoding: "ASCII", SemanticType: "String", Description: "td",
		SinceVersion: "1", Deprecated: "2", Offset: "8"}, *ty)
	c := s.Types[1].(*Type)
	assert.Equal(t, "7", c.Text)
	assert.Equal(t, "E.A", c.ValueRef)
	set := s.Types[2].(*Set)
	assert.Equal(t, "5", set.Choices[0].Text)
	assert.Equal(t, "3", set.Choices[0].Deprecated)
	k := s.Types[3].(*Composite)
	assert.Equal(t, "2", k.Offset)
	assert.Equal(t, &Ref{Pos: k.Members[0].Position(), Name: "r", Type: "t", Offset: "1", SinceVersion: "2"}, k.Members[0])
	m := s.Messages[0]
	assert.Equal(t, "64", m.BlockLength)
	assert.Equal(t, "2", m.Deprecated)
	f := m.Members[0].(*Field)
	assert.Equal(t, "millisecond", f.TimeUnit)
	assert.Equal(t, "unix", f.Epoch)
	assert.Equal(t, "E.A", f.ValueRef)
	assert.Equal(t, "4", f.Offset)
	g := m.Members[1].(*Group)
	assert.Equal(t, "dim", g.DimensionType)
	assert.Equal(t, "16", g.BlockLength)
	assert.Equal(t, "optional", g.Members[0].(*Data).Presence)
}

func TestErrorListOrder(t *testing.T) {
	var l ErrorList
	l.Add(Pos{File: "b.xml", Line: 1}, "r", "x")
	l.Add(Pos{File: "a.xml", Line: 9, Col: 2}, "r", "y")
	l.Add(Pos{File: "a.xml", Line: 3}, "r", "z")
	l.Add(Pos{File: "a.xml", Line: 3}, "r", "z")
	err := l.Err()
	require.Error(t, err)
	assert.Equal(t, "a.xml:3: r: z\na.xml:9:2: r: y\nb.xml:1: r: x", err.Error())
	assert.NoError(t, ErrorList(nil).Err())
}

func TestParseFileMissing(t *testing.T) {
	_, err := ParseFile(filepath.Join("testdata", "no-such-file.xml"))
	require.Error(t, err)
	var list ErrorList
	require.True(t, errors.As(err, &list))
	assert.Equal(t, "no-such-file.xml", list[0].Pos.File)
	assert.Equal(t, "read", list[0].Rule)
}

func TestParseStructureErrors(t *testing.T) {
	tests := []struct{ src, want string }{
		{`<messageSchema xmlns:xi="http://www.w3.org/2001/XInclude"><xi:include href="a.xml" parse="text"/></messageSchema>`, `parse="text" is not supported`},
		{`<messageSchema xmlns:xi="http://www.w3.org/2001/XInclude"><xi:include href="a.xml" xpointer="x"/></messageSchema>`, "xpointer is not supported"},
		{`<messageSchema><types><type name="t"><x/></type></types></messageSchema>`, "unexpected element <x> in <type>"},
		{`<messageSchema><types><enum name="e"><choice/></enum></types></messageSchema>`, "unexpected element <choice> in <enum>"},
		{`<messageSchema><types><enum name="e"><validValue name="a"><b/></validValue></enum></types></messageSchema>`, "unexpected element <b> in <validValue>"},
		{`<messageSchema><types><set name="s"><validValue/></set></types></messageSchema>`, "unexpected element <validValue> in <set>"},
		{`<messageSchema><types><set name="s"><choice name="a"><b/></choice></set></types></messageSchema>`, "unexpected element <b> in <choice>"},
		{`<messageSchema><types><composite name="c"><field name="f"/></composite></types></messageSchema>`, "unexpected element <field> in <composite>"},
		{`<messageSchema><types><composite name="c"><ref name="r" type="t"><x/></ref></composite></types></messageSchema>`, "unexpected element <x> in <ref>"},
		{`<messageSchema><message name="m"><field name="f"><x/></field></message></messageSchema>`, "unexpected element <x> in <field>"},
		{`<messageSchema><message name="m"><data name="d"><x/></data></message></messageSchema>`, "unexpected element <x> in <data>"},
		{`<messageSchema><message name="m"><group name="g"><ref/></group></message></messageSchema>`, "unexpected element <ref> in <group>"},
		{`<messageSchema><composite name="c"/></messageSchema>`, "unexpected element <composite> in <messageSchema>"},
	}
	for _, tt := range tests {
		_, err := Parse("s.xml", []byte(tt.src), includeMap(map[string]string{"a.xml": "<types/>"}))
		require.Error(t, err, "Parse(%q)", tt.src)
		assert.Contains(t, err.Error(), tt.want, "Parse(%q)", tt.src)
	}
}

func TestParseIncludeLimit(t *testing.T) {
	var b strings.Builder
	b.WriteString(`<messageSchema xmlns:xi="http://www.w3.org/2001/XInclude">`)
	for i := 0; i < maxIncludes+5; i++ {
		b.WriteString(`<xi:include href="t` + strings.Repeat("x", i) + `.xml"/>`)
	}
	b.WriteString(`</messageSchema>`)
	_, err := Parse("s.xml", []byte(b.String()), func(string) ([]byte, error) { return []byte("<types/>"), nil })
	require.Error(t, err)
	assert.Contains(t, err.Error(), "more than 64 includes")
}

func TestMemberAndDeclAccessors(t *testing.T) {
	s, err := ParseFile(filepath.Join(refDir, "sbe-examples/example-schema.xml"))
	require.NoError(t, err)
	for _, d := range s.Types {
		assert.NotEmpty(t, d.DeclName())
		assert.NotZero(t, d.Position().Line)
		if c, ok := d.(*Composite); ok {
			for _, m := range c.Members {
				assert.NotEmpty(t, m.DeclName())
				assert.Greater(t, m.Position().Line, c.Pos.Line)
			}
		}
	}
	var walk func([]Member)
	walk = func(ms []Member) {
		for _, m := range ms {
			assert.NotEmpty(t, m.MemberName())
			assert.NotZero(t, m.Position().Line)
			if g, ok := m.(*Group); ok {
				walk(g.Members)
			}
		}
	}
	for _, m := range s.Messages {
		walk(m.Members)
	}
}
