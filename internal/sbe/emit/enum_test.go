package emit

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestEnumChar(t *testing.T) {
	s := loadSchema(t, "littleEndian", `
    <enum name="Side" encodingType="char" description="Order side.">
      <validValue name="Buy">B</validValue>
      <validValue name="Sell" deprecated="1">S</validValue>
    </enum>`, "")
	got := render(newGen(s).enum(s.Enums[0]))
	for _, want := range []string{
		"// Side: Order side.\ntype Side byte",
		"SideBuy Side = 'B'",
		"// Deprecated: deprecated in the schema since version 1.\n\tSideSell Side = 'S'",
		"SideNullValue Side = 0",
		"case SideBuy, SideSell:\n\t\treturn true",
		"case SideNullValue:\n\t\treturn \"NULL_VAL\"",
		`return "Side(" + strconv.FormatUint(uint64(v), 10) + ")"`,
		"case \"Sell\":\n\t\t*v = SideSell",
		"func (v *Side) UnmarshalText(text []byte) error",
		`fmt.Errorf("unit: unknown Side %q", text)`,
	} {
		assert.Contains(t, got, want)
	}
}

func TestEnumSigned(t *testing.T) {
	s := loadSchema(t, "littleEndian", `
    <enum name="Status" encodingType="int8">
      <validValue name="Negative">-1</validValue>
    </enum>`, "")
	got := render(newGen(s).enum(s.Enums[0]))
	assert.Contains(t, got, "// Status is the SBE enum Status.\ntype Status int8")
	assert.Contains(t, got, "StatusNegative Status = -1")
	assert.Contains(t, got, "StatusNullValue Status = -128")
	assert.Contains(t, got, "strconv.FormatInt(int64(v), 10)")
}
