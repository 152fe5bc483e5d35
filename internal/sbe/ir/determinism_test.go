package ir

import (
	"path/filepath"
	"reflect"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestDeterministic builds each schema three times and requires deeply
// equal results (values, names, order; NaN null values compare by bits).
func TestDeterministic(t *testing.T) {
	files := []string{
		filepath.Join(refDir, "sbe-examples", "example-schema.xml"),
		filepath.Join(refDir, "sbe-examples", "example-extension-schema.xml"),
		filepath.Join(refDir, "aeron", "aeron-archive-codecs.xml"),
		filepath.Join(refDir, "aeron", "aeron-cluster-codecs.xml"),
	}
	project, err := filepath.Glob(filepath.Join("..", "..", "..", "schemas", "*.xml"))
	require.NoError(t, err)
	files = append(files, project...)
	require.GreaterOrEqual(t, len(files), 5)
	for _, f := range files {
		first, err := Load(f)
		require.NoError(t, err, f)
		for i := 0; i < 2; i++ {
			again, err := Load(f)
			require.NoError(t, err, f)
			if !reflect.DeepEqual(first, again) {
				t.Fatalf("%s: build %d differs from the first", f, i+2)
			}
		}
	}
	src := doc("", `<type name="F" primitiveType="float" presence="optional"/>`, "")
	s := mustBuild(t, src)
	require.True(t, s.Lookup("F").(*Encoded).NullValue.IsNaN())
	require.True(t, reflect.DeepEqual(s, mustBuild(t, src)), "NaN null values must compare equal")
}
