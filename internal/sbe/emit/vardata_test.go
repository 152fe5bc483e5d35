package emit

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/aerongo/aerongo/internal/sbe/ir"
)

func TestVarData(t *testing.T) {
	s := loadSchema(t, "bigEndian", `
    <composite name="shortBytes">
      <type name="length" primitiveType="uint8" maxValue="100"/>
      <type name="varData" primitiveType="uint8" length="0"/>
    </composite>`, `
  <sbe:message name="M" id="1">
    <data name="text" id="2" type="varString"/>
    <data name="payload" id="3" type="shortBytes" sinceVersion="2"/>
  </sbe:message>`)
	g := newGen(s)
	helpers := render(g.varHelpers([]ir.Primitive{ir.Uint32, ir.Uint8}))
	for _, want := range []string{
		"func readVarUint8(buf []byte, pos, lenOff, hdr int, where string) ([]byte, int, error)",
		"n := uint64(binary.BigEndian.Uint32(buf[pos+lenOff:]))",
		"return buf[start:end:end], end, nil",
		"func writeVarUint32[T ~[]byte | ~string](buf []byte, pos, lenOff, hdr int, max uint64, v T, where string) (int, error)",
		"runtime.OutOfRange(where, pos, max, uint64(len(v)))",
	} {
		assert.Contains(t, helpers, want)
	}
	assert.Less(t, indexOf(helpers, "readVarUint8"), indexOf(helpers, "readVarUint32"), "helpers in primitive order")

	c := messageContainer(s.Messages[0])
	get := render(g.dataGetter(c, 1, s.Messages[0].Data[1]))
	assert.Contains(t, get, "func (d *MDecoder) Payload() []byte {\n\tif d.ver < 2 {\n\t\treturn nil\n\t}\n\tif !d.seek(1) {")
	assert.Contains(t, get, "n := uint64(d.buf[p])\n\tp += 1\n\tif n > uint64(len(d.buf)-p) {")
	assert.Contains(t, get, "return d.buf[p:d.pos:d.pos]")
	set := render(g.dataSetters(c, 1, s.Messages[0].Data[1]))
	assert.Contains(t, set, "if uint64(len(v)) > 100 {\n\t\treturn runtime.OutOfRange(\"M.payload\", e.pos, 100, uint64(len(v)))")
	assert.Contains(t, set, "e.buf[p] = byte(len(v))\n\te.pos = p + 1 + copy(e.buf[p+1:], v)")
	assert.Contains(t, set, "func (e *MEncoder) SetPayloadString(v string) error")
}

func indexOf(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}
