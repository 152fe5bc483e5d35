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
		// The encoder writes the header with the schema's block length and version.
		"binary.LittleEndian.PutUint16(buf[0:], uint16(24))",
		"binary.LittleEndian.PutUint16(buf[6:], uint16(2))",
		"*(*[32]byte)(buf[:32]) = [32]byte{}",
		"func (e *QuoteEncoder) Finish() (int, error) {\n\tif err := e.seek(2, \"Quote\"); err != nil {",
	} {
		assert.Contains(t, got, want)
	}
}
