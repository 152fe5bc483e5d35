package emit

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const unitComposites = `
    <enum name="Side" encodingType="char"><validValue name="Buy">B</validValue></enum>
    <composite name="Inner">
      <type name="a" primitiveType="int16"/>
      <type name="k" primitiveType="uint8" presence="constant">7</type>
    </composite>
    <composite name="Outer">
      <type name="code" primitiveType="char" length="3"/>
      <type name="big" primitiveType="uint32" offset="4"/>
      <ref name="inner" type="Inner"/>
      <ref name="side" type="Side"/>
      <type name="later" primitiveType="double" presence="optional" sinceVersion="2"/>
    </composite>`

func TestCompositeFlyweights(t *testing.T) {
	s := loadSchema(t, "bigEndian", unitComposites, "")
	outer := s.Composites[len(s.Composites)-1]
	require.Equal(t, "Outer", outer.Name)
	got := render(newGen(s).composite(outer))
	for _, want := range []string{
		"type OuterDecoder struct {\n\tbuf []byte // starts at the composite\n\tver int\n}",
		"func (d OuterDecoder) Code() []byte {\n\tb := d.buf[0:3:3]\n\tfor i, c := range b {\n\t\tif c == 0 {\n\t\t\treturn b[:i]",
		"func (e OuterEncoder) SetCodeString(v string) {\n\tn := copy(e.buf[0:3], v)\n\tclear(e.buf[n:3])",
		"func (d OuterDecoder) Big() uint32 {\n\treturn binary.BigEndian.Uint32(d.buf[4:])",
		"func (e OuterEncoder) SetBig(v uint32) {\n\tbinary.BigEndian.PutUint32(e.buf[4:], uint32(v))",
		"func (d OuterDecoder) Inner() InnerDecoder {\n\treturn InnerDecoder{\n\t\tbuf: d.buf[8:],\n\t\tver: d.ver,\n\t}",
		"func (d OuterDecoder) Side() Side {\n\treturn Side(d.buf[10])",
		"func (d OuterDecoder) Later() float64 {\n\tif d.ver < 2 {\n\t\treturn math.Float64frombits(0x7ff8000000000000)\n\t}",
		"func (d OuterDecoder) LaterIsNull() bool {\n\tv := d.Later()\n\treturn v != v\n}",
		"const OuterSize = 19",
	} {
		assert.Contains(t, got, want)
	}
	inner := render(newGen(s).composite(s.Composites[len(s.Composites)-2]))
	assert.Contains(t, inner, "func (d InnerDecoder) K() uint8 {\n\treturn 7\n}")
	assert.NotContains(t, inner, "SetK", "constants have no setter")
}

func TestNullBlock(t *testing.T) {
	s := loadSchema(t, "bigEndian", unitComposites, "")
	inner := s.Composites[len(s.Composites)-2]
	require.Equal(t, "Inner", inner.Name)
	assert.Equal(t, "// nullInner is Inner with every member null: fields newer than a message's version read from it.\n"+
		"var nullInner = [...]byte{0x80, 0x00}", render(newGen(s).nullBlock(inner)))
}
