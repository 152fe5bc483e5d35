package emit

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

const unitMessage = `
  <sbe:message name="Quote" id="3" blockLength="24">
    <field name="price" id="1" type="int64"/>
    <field name="qty" id="2" type="uint32" sinceVersion="1"/>
    <field name="venue" id="3" type="uint16" sinceVersion="2"/>
    <group name="levels" id="4">
      <field name="px" id="5" type="int64"/>
    </group>
    <data name="note" id="6" type="varString"/>
  </sbe:message>`

func TestMessageFlyweights(t *testing.T) {
	s := loadSchema(t, "littleEndian", "", unitMessage)
	got := render(newGen(s).message(s.Messages[0]))
	for _, want := range []string{
		// Wrap checks the schema and template ids from the header.
		"if v := binary.LittleEndian.Uint16(buf[4:]); v != 5 {\n\t\treturn runtime.SchemaMismatch(\"Quote\", 4, 5, uint64(v))",
		"if v := binary.LittleEndian.Uint16(buf[2:]); v != 3 {\n\t\treturn runtime.UnknownTemplate(\"Quote\", 2, 3, uint64(v))",
		"blockLength := int(binary.LittleEndian.Uint16(buf[0:]))\n\tversion := int(binary.LittleEndian.Uint16(buf[6:]))\n\toff := 8\n\tneed := 8",
		// The block must hold the fields of the acting version.
		"need := 8\n\tif version >= 1 {\n\t\tneed = 12\n\t}\n\tif version >= 2 {\n\t\tneed = 14\n\t}\n\tif blockLength < need {",
		// Fields newer than the acting version read as null.
		"func (d *QuoteDecoder) Qty() uint32 {\n\tif d.ver < 1 {\n\t\treturn 4294967295\n\t}\n\treturn binary.LittleEndian.Uint32(d.buf[d.off+8:])",
		"func (d *QuoteDecoder) Price() int64 {\n\treturn int64(binary.LittleEndian.Uint64(d.buf[d.off:]))",
		// In-order access inlines; out of order goes through seekSlow.
		"func (d *QuoteDecoder) seek(k int) bool {\n\tif d.stage == k && !d.open && d.err == nil {\n\t\treturn true\n\t}\n\treturn d.seekSlow(k)",
		// A frame with the very header this code writes (block length 24,
		// template 3, schema 5, version 2) wraps after one comparison.
		"if len(buf) >= 32 && binary.LittleEndian.Uint64(buf) == 0x2000500030018 {\n\t\td.buf = buf\n\t\td.off = 8\n\t\td.blockLength = 24\n\t\td.ver = 2\n",
		// The encoder writes that header in one store and zeroes the block.
		"binary.LittleEndian.PutUint64(buf, 0x2000500030018)",
		"*(*[24]byte)(buf[8:32]) = [24]byte{}",
		"func (e *QuoteEncoder) Finish() (int, error) {\n\tif err := e.seek(2, \"Quote\"); err != nil {",
	} {
		assert.Contains(t, got, want)
	}
}

// A message with no groups or var data (flat) keeps no walk state, and its
// plain struct is written by putFrame, zeroing only what no field writes.
func TestFlatMessage(t *testing.T) {
	const flat = `
  <sbe:message name="Tick" id="4" blockLength="20">
    <field name="px" id="1" type="int64"/>
    <field name="sym" id="2" type="sym8"/>
    <field name="flag" id="3" type="uint8" offset="17"/>
  </sbe:message>`
	s := loadSchema(t, "bigEndian", `<type name="sym8" primitiveType="char" length="8"/>`, flat)
	g := newGen(s)
	got := render(g.message(s.Messages[0]))
	for _, want := range []string{
		"type TickDecoder struct {\n\tbuf         []byte\n\toff         int // start of the block\n\tblockLength int // acting block length\n\tver         int // acting version\n}",
		"type TickEncoder struct {\n\tbuf []byte\n\toff int // start of the block\n}",
		// Big-endian header bytes 00 14 00 04 00 05 00 02 as one word.
		"if len(buf) >= 28 && binary.LittleEndian.Uint64(buf) == 0x200050004001400 {",
		"func (d *TickDecoder) Err() error {\n\treturn nil\n}",
		"func (e *TickEncoder) Finish() (int, error) {\n\treturn 28, nil\n}",
		"runtime.PutChars8((*[8]byte)(e.buf[e.off+8:e.off+16]), v)",
	} {
		assert.Contains(t, got, want)
	}
	str := render(g.messageStruct(s.Messages[0]))
	for _, want := range []string{
		// Bytes 16 and 18-19 of the block are written by no field: the
		// block is zeroed before the header (one store) and the fields.
		"func (m *Tick) putFrame(buf []byte) error {\n\tif len(buf) < 28 {\n\t\treturn runtime.ShortBuffer(\"Tick\", 0, 28, len(buf))\n\t}\n\t*(*[20]byte)(buf[8:28]) = [20]byte{}\n\tbinary.LittleEndian.PutUint64(buf, 0x200050004001400)\n",
		"runtime.PutChars8((*[8]byte)(b[8:16]), m.Sym)",
	} {
		assert.Contains(t, str, want)
	}
	assert.NotContains(t, str, "func (m *Tick) encode(")
}
