package dyn

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRoundTripAllMessages encodes sample documents for every message of
// every schema, decodes the frames and compares the documents, through the
// value API and through JSON text.
func TestRoundTripAllMessages(t *testing.T) {
	for _, file := range allSchemas(t) {
		s := loadSchema(t, file)
		t.Run(filepath.Base(file), func(t *testing.T) {
			require.NotEmpty(t, s.Messages)
			sm := &sampler{}
			for _, m := range s.Messages {
				for round := range 3 {
					doc, want := sm.message(m)
					frame, err := Encode(s, m.Name, doc)
					require.NoError(t, err, "Encode(%s) round %d", m.Name, round)
					got, err := Decode(s, frame)
					require.NoError(t, err, "Decode(%s) round %d", m.Name, round)
					assert.True(t, Equal(want, got), "%s round %d:\nwant %s\ngot  %s", m.Name, round, jsonText(t, want), jsonText(t, got))

					var out bytes.Buffer
					require.NoError(t, DecodeJSON(s, frame, &out))
					again, err := EncodeJSON(s, "", bytes.NewReader(out.Bytes()))
					require.NoError(t, err, "EncodeJSON(%s) of %s", m.Name, out.String())
					assert.Equal(t, frame, again, "%s: JSON text round trip changed the frame", m.Name)
				}
			}
		})
	}
}

func jsonText(t testing.TB, v any) string {
	t.Helper()
	b, err := appendJSON(nil, v)
	require.NoError(t, err)
	return string(b)
}
