package interop

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/aerongo/aerongo/gen/aotelemetry"
	evolutionv0 "github.com/aerongo/aerongo/gen/evolution/v0"
	evolutionv1 "github.com/aerongo/aerongo/gen/evolution/v1"
	"github.com/aerongo/aerongo/gen/market"
	"github.com/aerongo/aerongo/internal/sbe/dyn"
	"github.com/aerongo/aerongo/runtime"
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

// generated maps each schema to the NewMessage function of the package
// aerongen generated for it: the golden Car packages and gen/.
var generated = map[string]func(templateID int) runtime.Message{
	"example-schema":           baseline.NewMessage,
	"example-extension-schema": extension.NewMessage,
	"market":                   market.NewMessage,
	"aotelemetry":              aotelemetry.NewMessage,
	"evolution-v0":             evolutionv0.NewMessage,
	"evolution-v1":             evolutionv1.NewMessage,
}

// templateID reads the template id of a frame of the schemas here (the
// standard little-endian message header).
func templateID(frame []byte) int { return int(binary.LittleEndian.Uint16(frame[2:4])) }

// TestGoldenVectorsGenerated: every frame written by SBE's Java encoders
// unmarshals into the struct aerongen generated for its message, and
// marshals back to the same bytes.
func TestGoldenVectorsGenerated(t *testing.T) {
	for _, v := range goldenVectors(t) {
		t.Run(v.schema+"/"+v.name, func(t *testing.T) {
			newMessage, ok := generated[v.schema]
			require.True(t, ok, "no generated package for %s", v.schema)
			msg := newMessage(templateID(v.frame))
			require.NotNil(t, msg)
			require.NoError(t, msg.UnmarshalBinary(v.frame))
			again, err := msg.MarshalBinary()
			require.NoError(t, err)
			assert.Equal(t, hex.EncodeToString(v.frame), hex.EncodeToString(again))
		})
	}
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
