package emit

import (
	"fmt"
	"testing"

	"github.com/dave/jennifer/jen"
	"github.com/stretchr/testify/require"

	"github.com/aerongo/aerongo/internal/sbe/ir"
)

// loadSchema builds a schema from type and message declarations, with the
// standard message header and group and var data composites.
func loadSchema(t *testing.T, byteOrder, types, messages string) *ir.Schema {
	t.Helper()
	src := `<?xml version="1.0" encoding="UTF-8"?>
<sbe:messageSchema xmlns:sbe="http://fixprotocol.io/2016/sbe" package="unit" id="5" version="2" byteOrder="` + byteOrder + `">
  <types>
    <composite name="messageHeader">
      <type name="blockLength" primitiveType="uint16"/>
      <type name="templateId" primitiveType="uint16"/>
      <type name="schemaId" primitiveType="uint16"/>
      <type name="version" primitiveType="uint16"/>
    </composite>
    <composite name="groupSizeEncoding">
      <type name="blockLength" primitiveType="uint16"/>
      <type name="numInGroup" primitiveType="uint16"/>
    </composite>
    <composite name="varString">
      <type name="length" primitiveType="uint32"/>
      <type name="varData" primitiveType="uint8" length="0" characterEncoding="UTF-8"/>
    </composite>
` + types + `
  </types>
` + messages + `
</sbe:messageSchema>`
	s, err := ir.LoadBytes("unit.xml", []byte(src), nil)
	require.NoError(t, err)
	return s
}

// render formats emitted code as Go text.
func render(code jen.Code) string { return fmt.Sprintf("%#v", code) }
