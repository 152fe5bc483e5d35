package emit

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestStructs(t *testing.T) {
	s := loadSchema(t, "littleEndian", `
    <type name="Sym" primitiveType="char" length="4"/>
    <type name="Four" primitiveType="int32" presence="constant">4</type>
    <composite name="Pair"><type name="a" primitiveType="uint8"/><type name="b" primitiveType="uint8"/></composite>
    <composite name="blob"><type name="length" primitiveType="uint16"/><type name="varData" primitiveType="uint8" length="0"/></composite>`, `
  <sbe:message name="M" id="1">
    <field name="sym" id="1" type="Sym"/>
    <field name="pair" id="2" type="Pair"/>
    <field name="arr" id="3" type="Four"/>
    <group name="rows" id="4"><field name="v" id="5" type="uint8"/></group>
    <data name="text" id="6" type="varString"/>
    <data name="bin" id="7" type="blob"/>
  </sbe:message>`)
	g := newGen(s)
	got := render(g.messageStruct(s.Messages[0]))
	for _, want := range []string{
		"type M struct {\n\tSym  string\n\tPair Pair\n\tRows []MRows\n\tText string\n\tBin  []byte\n}",
		// Fixed fields are read and written through one view of the block.
		"b := (*[4]byte)(d.buf[d.off:])",
		"b := (*[4]byte)(e.buf[e.off:])",
		// Strings are NUL-padded, and kept when their bytes did not change.
		"n := copy(b[0:4], m.Sym)\n\t\tclear(b[n:4])",
		"if string(v) != m.Sym {\n\t\t\tm.Sym = string(v)\n\t\t}",
		"m.Pair.decode(d.Pair())",
		// Group slices reuse their capacity.
		"if n := g.count; cap(m.Rows) < n {\n\t\t\tm.Rows = make([]MRows, n)\n\t\t} else {\n\t\t\tm.Rows = m.Rows[:n]\n\t\t}",
		// Groups and var data are read and written in place, with the
		// flyweights' checks: a group entry must fit, var data too.
		"if len(d.buf)-pos < g.blockLength {\n\t\t\t\treturn runtime.ShortBuffer(\"M.rows\", pos, g.blockLength, len(d.buf)-pos)",
		"m.Bin = append(m.Bin[:0], d.buf[pos:pos+int(n)]...)",
		"if uint64(len(m.Text)) > 4294967294 {\n\t\treturn runtime.OutOfRange(\"M.text\", pos, 4294967294, uint64(len(m.Text)))",
		"binary.LittleEndian.PutUint16(e.buf[pos:], uint16(len(m.Bin)))\n\tpos += 2 + copy(e.buf[pos+2:], m.Bin)",
		"e.pos, e.stage, e.open = pos, 3, false",
		"d.pos, d.stage, d.open = pos, 3, false",
		"n := 6\n\tn += 4\n\tfor i := range m.Rows {\n\t\tn += m.Rows[i].encodedLength()\n\t}\n\tn += 4 + len(m.Text)\n\tn += 2 + len(m.Bin)",
		"var _ runtime.Message = (*M)(nil)",
		"func (m *M) SBEEncodedLength() int {\n\treturn 8 + m.encodedLength()\n}",
		"b = slices.Grow(b, n)[:start+n]",
		"if err := e.WrapForEncode(b[start:]); err != nil {\n\t\treturn b[:start], err",
	} {
		assert.Contains(t, got, want)
	}
	assert.NotContains(t, got, "Arr", "constants are not struct fields")
	comp := render(g.compositeStruct(s.Composites[len(s.Composites)-2]))
	assert.Contains(t, comp, "func (m *Pair) encode(e PairEncoder) {\n\te.SetA(m.A)\n\te.SetB(m.B)\n}")
}
