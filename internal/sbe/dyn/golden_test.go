package dyn

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aerongo/aerongo/runtime"
	"github.com/aerongo/aerongo/testdata/golden/archive"
	"github.com/aerongo/aerongo/testdata/golden/baseline"
	"github.com/aerongo/aerongo/testdata/golden/bigendian"
	"github.com/aerongo/aerongo/testdata/golden/cluster"
	"github.com/aerongo/aerongo/testdata/golden/extension"
	"github.com/aerongo/aerongo/testdata/golden/features"
)

// TestGeneratedCodeAgrees checks this codec against the Go code aerongen
// generates for the same schemas (the golden packages), two independent
// readings of one IR: every frame this package encodes unmarshals into the
// generated struct, which marshals it back to the same bytes.
func TestGeneratedCodeAgrees(t *testing.T) {
	root := repoRoot(t)
	shared := filepath.Join(root, "..", "shared", "schemas")
	packages := []struct {
		name, schema string
		newMessage   func(int) runtime.Message
	}{
		{"baseline", filepath.Join(shared, "sbe-examples", "example-schema.xml"), baseline.NewMessage},
		{"extension", filepath.Join(shared, "sbe-examples", "example-extension-schema.xml"), extension.NewMessage},
		{"archive", filepath.Join(shared, "aeron", "aeron-archive-codecs.xml"), archive.NewMessage},
		{"cluster", filepath.Join(shared, "aeron", "aeron-cluster-codecs.xml"), cluster.NewMessage},
		{"features", filepath.Join(root, "testdata", "golden", "features", "schema.xml"), features.NewMessage},
		{"bigendian", filepath.Join(root, "testdata", "golden", "bigendian", "schema.xml"), bigendian.NewMessage},
	}
	for _, pkg := range packages {
		t.Run(pkg.name, func(t *testing.T) {
			if _, err := os.Stat(pkg.schema); err != nil {
				t.Skipf("schema not found: %v", err)
			}
			s := loadSchema(t, pkg.schema)
			sm := &sampler{}
			for _, m := range s.Messages {
				for round := range 3 {
					doc, _ := sm.message(m)
					frame, err := Encode(s, m.Name, doc)
					require.NoError(t, err)
					msg := pkg.newMessage(m.ID)
					require.NotNil(t, msg, "generated code has no message %d (%s)", m.ID, m.Name)
					if !assert.NoError(t, msg.UnmarshalBinary(frame), "%s round %d: generated UnmarshalBinary of %s", m.Name, round, jsonText(t, doc)) {
						continue
					}
					out, err := msg.MarshalBinary()
					require.NoError(t, err)
					if !assert.Equal(t, frame, out, "%s round %d: generated MarshalBinary differs", m.Name, round) {
						if got, err := Decode(s, out); err == nil {
							t.Logf("sent %s\nback %s", jsonText(t, doc), jsonText(t, got))
						}
					}
				}
			}
		})
	}
}
