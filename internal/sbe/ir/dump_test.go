package ir

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "update golden files")

// TestDumpGolden compares the dump of this package's testdata schemas with
// testdata/golden; go test -update rewrites them.
func TestDumpGolden(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.xml"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		if strings.HasSuffix(f, "-types.xml") {
			continue // included by another schema, not a schema itself
		}
		name := strings.TrimSuffix(filepath.Base(f), ".xml")
		t.Run(name, func(t *testing.T) {
			s, err := Load(f)
			require.NoError(t, err)
			var got bytes.Buffer
			require.NoError(t, s.Dump(&got))
			golden := filepath.Join("testdata", "golden", name+".txt")
			if *update {
				require.NoError(t, os.MkdirAll(filepath.Dir(golden), 0o755))
				require.NoError(t, os.WriteFile(golden, got.Bytes(), 0o644))
			}
			want, err := os.ReadFile(golden)
			require.NoError(t, err, "missing golden file; run go test -update")
			assert.Equal(t, string(want), got.String(), "stale golden file %s; run go test -update", golden)
		})
	}
}

type failWriter struct{ n int }

func (w *failWriter) Write(p []byte) (int, error) {
	if w.n == 0 {
		return 0, os.ErrClosed
	}
	w.n--
	return len(p), nil
}

func TestDumpReportsWriteErrors(t *testing.T) {
	s, err := Load(filepath.Join("testdata", "kitchen-sink.xml"))
	require.NoError(t, err)
	assert.ErrorIs(t, s.Dump(&failWriter{n: 3}), os.ErrClosed)
}
