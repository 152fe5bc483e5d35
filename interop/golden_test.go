package interop

import (
	"bytes"
	"encoding/hex"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/aerongo/aerongo/internal/sbe/dyn"
	"github.com/aerongo/aerongo/testdata/golden/baseline"
	"github.com/aerongo/aerongo/testdata/golden/extension"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestGoldenVectorsDyn: every frame written by SBE's Java encoders decodes
// with the on-the-fly codec to the values the Java decoders read, and
// encoding those values gives the same bytes.
func TestGoldenVectorsDyn(t *testing.T) {
	for _, v := range goldenVectors(t) {
		t.Run(v.schema+"/"+v.name, func(t *testing.T) {
			s := loadSchema(t, v.schema)
			got, err := dyn.Decode(s, v.frame)
			require.NoError(t, err)
			assert.True(t, dyn.Equal(v.doc, got), "decoded %s\ngot  %s", v.jsonPath, jsonText(t, got))

			again, err := dyn.Encode(s, "", v.doc)
			require.NoError(t, err)
			assert.Equal(t, hex.EncodeToString(v.frame), hex.EncodeToString(again), "encoding %s", v.jsonPath)
		})
	}
}

// TestGoldenVectorsGenerated: the Car frames written by SBE's Java
// encoders unmarshal into the structs aerongen generated for the Car
// example and its extension, and marshal back to the same bytes.
func TestGoldenVectorsGenerated(t *testing.T) {
	type codec interface {
		UnmarshalBinary([]byte) error
		MarshalBinary() ([]byte, error)
	}
	fresh := map[string]func() codec{
		"example-schema":           func() codec { return &baseline.Car{} },
		"example-extension-schema": func() codec { return &extension.Car{} },
	}
	n := 0
	for _, v := range goldenVectors(t) {
		newCar, ok := fresh[v.schema]
		if !ok {
			continue
		}
		n++
		t.Run(v.schema+"/"+v.name, func(t *testing.T) {
			car := newCar()
			require.NoError(t, car.UnmarshalBinary(v.frame))
			again, err := car.MarshalBinary()
			require.NoError(t, err)
			assert.Equal(t, hex.EncodeToString(v.frame), hex.EncodeToString(again))
		})
	}
	assert.NotZero(t, n)
}

// TestGoldenVectorsFresh reruns the Java vector writer and compares its
// output with the checked-in vectors (scripts/interop-vectors.sh refreshes
// them).
func TestGoldenVectorsFresh(t *testing.T) {
	javaPeer(t)
	tmp := t.TempDir()
	runJava(t, "vectors", tmp)
	want := listFiles(t, goldenDir(t))
	got := listFiles(t, tmp)
	assert.Equal(t, keysOf(want), keysOf(got), "vector files differ; run scripts/interop-vectors.sh")
	for name, data := range got {
		if old, ok := want[name]; ok && !bytes.Equal(old, data) {
			t.Errorf("%s is stale; run scripts/interop-vectors.sh", name)
		}
	}
}

func listFiles(t testing.TB, root string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		data, err := os.ReadFile(path)
		out[filepath.ToSlash(rel)] = data
		return err
	})
	require.NoError(t, err)
	return out
}

func keysOf(m map[string][]byte) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
