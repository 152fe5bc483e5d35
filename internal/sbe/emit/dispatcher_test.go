package emit

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestDispatcher(t *testing.T) {
	s := loadSchema(t, "littleEndian", "", `
  <sbe:message name="A" id="10"><field name="x" id="1" type="uint8"/></sbe:message>
  <sbe:message name="B" id="20"><field name="y" id="1" type="uint8"/></sbe:message>`)
	got := render(newGen(s).dispatcher())
	for _, want := range []string{
		"func TemplateIDs() []int {\n\treturn []int{10, 20}\n}",
		"case 10:\n\t\treturn new(A)",
		"OnA func(d *ADecoder) error",
		"OnUnknownTemplate func(templateID int, frame []byte) error",
		"dA ADecoder\n\tdB BDecoder",
		"if v := binary.LittleEndian.Uint16(frame[4:]); v != SchemaID {",
		"case 20:\n\t\tif h.OnB == nil {\n\t\t\treturn nil\n\t\t}\n\t\tif err := h.dB.Wrap(frame); err != nil {\n\t\t\treturn err\n\t\t}\n\t\treturn h.OnB(&h.dB)",
		`return runtime.UnknownTemplate("unit", 2, -1, uint64(id))`,
	} {
		assert.Contains(t, got, want)
	}
}
