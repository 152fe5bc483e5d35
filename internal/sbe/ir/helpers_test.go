package ir

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

const refDir = "../../../../shared/schemas"

// stdTypes are the composites most test schemas need.
const stdTypes = `
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
<composite name="varStringEncoding">
  <type name="length" primitiveType="uint32" maxValue="1073741824"/>
  <type name="varData" primitiveType="uint8" length="0" characterEncoding="UTF-8"/>
</composite>
<composite name="varDataEncoding">
  <type name="length" primitiveType="uint32" maxValue="1073741824"/>
  <type name="varData" primitiveType="uint8" length="0"/>
</composite>
`

const defaultAttrs = `package="t" id="1" version="3"`

// doc returns a schema document with the given root attributes (defaultAttrs
// when empty), the standard types followed by types, then messages.
func doc(attrs, types, messages string) string {
	if attrs == "" {
		attrs = defaultAttrs
	}
	return `<?xml version="1.0" encoding="UTF-8"?>
<sbe:messageSchema xmlns:sbe="http://fixprotocol.io/2016/sbe" xmlns:xi="http://www.w3.org/2001/XInclude" ` + attrs + `>
<types>` + stdTypes + types + `
</types>
` + messages + `
</sbe:messageSchema>
`
}

func includeMap(files map[string]string) func(string) ([]byte, error) {
	return func(name string) ([]byte, error) {
		src, ok := files[name]
		if !ok {
			return nil, os.ErrNotExist
		}
		return []byte(src), nil
	}
}

func mustBuild(t *testing.T, src string) *Schema {
	t.Helper()
	s, err := LoadBytes("t.xml", []byte(src), nil)
	require.NoError(t, err, "LoadBytes(%q)", src)
	return s
}

// markerLine returns the 1-based line of the first "<!--E-->" in src, or 0.
func markerLine(src string) int {
	i := strings.Index(src, "<!--E-->")
	if i < 0 {
		return 0
	}
	return strings.Count(src[:i], "\n") + 1
}

func fieldByName(fields []*Field, name string) *Field {
	for _, f := range fields {
		if f.Name == name {
			return f
		}
	}
	return nil
}
