package emit

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestGroupCustomDimensions(t *testing.T) {
	s := loadSchema(t, "littleEndian", `
    <composite name="tinyDim">
      <type name="numInGroup" primitiveType="uint8"/>
      <type name="blockLength" primitiveType="uint8"/>
    </composite>
    <composite name="hugeDim">
      <type name="blockLength" primitiveType="uint64"/>
      <type name="numInGroup" primitiveType="uint64"/>
    </composite>`, `
  <sbe:message name="M" id="1">
    <group name="outer" id="2" dimensionType="tinyDim">
      <field name="a" id="3" type="uint8"/>
      <group name="inner" id="4" dimensionType="hugeDim" sinceVersion="1">
        <field name="b" id="5" type="uint16"/>
      </group>
    </group>
  </sbe:message>`)
	m := s.Messages[0]
	g := newGen(s)
	parent := messageContainer(m)
	got := render(g.group(parent, m.Groups[0]))
	for _, want := range []string{
		// Members read where the dimension composite puts them.
		"blockLength := int(buf[pos+1])\n\tcount := int(buf[pos])",
		// A one-byte count with its default maximum.
		"if n < 0 || uint64(n) > 254 {",
		"buf[pos+1] = byte(1)\n\tbuf[pos] = byte(n)",
		// Counts the buffer cannot hold are rejected before any entry is read.
		"count*max(blockLength, 1) > room",
		// The nested group is absent before version 1.
		"func (d *MOuterDecoder) Inner() *MOuterInnerDecoder {\n\tg := &d.gInner\n\tif d.ver < 1 {\n\t\tg.reset(d.buf, d.ver, nil)\n\t\treturn g\n\t}",
		"type MOuterInnerDecoder struct",
		// 64-bit dimensions: the room check divides instead of multiplying
		// (the product could overflow).
		"count > room/max(blockLength, 1)",
		"runtime.MulSat(count, max(blockLength, 1)), room)",
		"func (d *MOuterDecoder) All() iter.Seq[*MOuterDecoder]",
	} {
		assert.Contains(t, got, want)
	}
}
