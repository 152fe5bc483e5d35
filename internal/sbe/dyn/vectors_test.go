package dyn

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite testdata/vectors from the current codec")

// TestVectors checks the frame and JSON pairs in testdata/vectors, one
// file per schema and one line per case: {"frame": "<hex>", "json": <the
// decoded document>}. Peers in other languages can check their codecs
// against the same files. Decoding each frame must give exactly the JSON
// text, and encoding the JSON exactly the frame. -update rewrites the
// files from sample documents. The generator's golden test schemas are
// left out: they change with the generator.
func TestVectors(t *testing.T) {
	for _, file := range allSchemas(t) {
		if filepath.Base(file) == "schema.xml" {
			continue
		}
		s := loadSchema(t, file)
		name := strings.TrimSuffix(filepath.Base(file), ".xml")
		vectors := filepath.Join("testdata", "vectors", name+".jsonl")
		if *update {
			var out bytes.Buffer
			sm := &sampler{}
			for _, m := range s.Messages {
				doc, _ := sm.message(m)
				frame, err := Encode(s, m.Name, doc)
				require.NoError(t, err)
				got, err := Decode(s, frame)
				require.NoError(t, err)
				fmt.Fprintf(&out, `{"frame":"%x","json":%s}`+"\n", frame, jsonText(t, got))
			}
			require.NoError(t, os.MkdirAll(filepath.Dir(vectors), 0o755))
			require.NoError(t, os.WriteFile(vectors, out.Bytes(), 0o644))
		}
		t.Run(name, func(t *testing.T) {
			f, err := os.Open(vectors)
			require.NoError(t, err, "run go test -update to create it")
			defer f.Close()
			sc := bufio.NewScanner(f)
			sc.Buffer(nil, 1<<20)
			cases := 0
			for line := 1; sc.Scan(); line++ {
				text := sc.Text()
				frameHex, rest, ok := strings.Cut(strings.TrimPrefix(text, `{"frame":"`), `","json":`)
				require.True(t, ok, "%s:%d: malformed line", vectors, line)
				wantJSON := strings.TrimSuffix(rest, "}")
				frame, err := hex.DecodeString(frameHex)
				require.NoError(t, err, "%s:%d", vectors, line)

				got, err := Decode(s, frame)
				if assert.NoError(t, err, "%s:%d: Decode", vectors, line) {
					assert.Equal(t, wantJSON, jsonText(t, got), "%s:%d: Decode", vectors, line)
				}
				again, err := EncodeJSON(s, "", strings.NewReader(wantJSON))
				if assert.NoError(t, err, "%s:%d: EncodeJSON", vectors, line) {
					assert.Equal(t, frameHex, hex.EncodeToString(again), "%s:%d: EncodeJSON", vectors, line)
				}
				cases++
			}
			require.NoError(t, sc.Err())
			assert.Equal(t, len(s.Messages), cases, "%s: one case per message", vectors)
		})
	}
}
