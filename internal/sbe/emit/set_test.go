package emit

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSetUint64(t *testing.T) {
	s := loadSchema(t, "littleEndian", `
    <set name="Flags" encodingType="uint64">
      <choice name="first">0</choice>
      <choice name="last" description="The top bit.">63</choice>
    </set>`, "")
	got := render(newGen(s).set(s.Sets[0]))
	for _, want := range []string{
		"type Flags uint64",
		"FlagsFirst Flags = 1 << 0",
		"// FlagsLast: The top bit.\n\tFlagsLast Flags = 1 << 63",
		"func (s Flags) HasLast() bool {\n\treturn s&FlagsLast != 0\n}",
		"func (s *Flags) SetLast(on bool) {\n\tif on {\n\t\t*s |= FlagsLast\n\t} else {\n\t\t*s &^= FlagsLast\n\t}\n}",
		`b = append(b, "last"...)`,
		"func (s Flags) String() string",
	} {
		assert.Contains(t, got, want)
	}
}
