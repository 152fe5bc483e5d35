package dyn

import (
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"

	"github.com/aerongo/aerongo/internal/sbe/ir"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestEvolution encodes every message with one version of a schema and
// decodes it with the other, both ways: a newer message on an older reader
// loses the newer members; an older message on a newer reader shows them
// absent (null, [] or "").
func TestEvolution(t *testing.T) {
	root := repoRoot(t)
	type pair struct {
		older, newer string
		// newerOnOlder is false when the newer schema inserts a group
		// before var data: the wire format gives an older reader no way to
		// skip it (only trailing groups and data can be skipped).
		newerOnOlder bool
	}
	pairs := []pair{{filepath.Join(root, "schemas", "evolution-v0.xml"), filepath.Join(root, "schemas", "evolution-v1.xml"), false}}
	base := filepath.Join(root, "..", "shared", "schemas", "sbe-examples")
	if _, err := os.Stat(base); err == nil {
		pairs = append(pairs, pair{filepath.Join(base, "example-schema.xml"), filepath.Join(base, "example-extension-schema.xml"), true})
	} else {
		t.Logf("SBE's example schemas not found: %v", err)
	}
	for _, pair := range pairs {
		older, newer := loadSchema(t, pair.older), loadSchema(t, pair.newer)
		require.Less(t, older.Version, newer.Version)
		for _, dir := range []struct {
			name     string
			from, to *ir.Schema
		}{{"newer on older", newer, older}, {"older on newer", older, newer}} {
			if dir.to == older && !pair.newerOnOlder {
				continue
			}
			t.Run(filepath.Base(pair.newer)+"/"+dir.name, func(t *testing.T) {
				sm := &sampler{}
				for _, m := range dir.from.Messages {
					target := dir.to.MessageByName(m.Name)
					require.NotNil(t, target, m.Name)
					for range 3 {
						doc, want := sm.message(m)
						frame, err := Encode(dir.from, m.Name, doc)
						require.NoError(t, err)
						got, err := Decode(dir.to, frame)
						require.NoError(t, err, "%s", m.Name)
						expect := append(Object{{Name: "$message", Value: m.Name}},
							project(want, m.Fields, m.Groups, m.Data, target.Fields, target.Groups, target.Data)...)
						assert.True(t, Equal(expect, got), "%s:\nwant %s\ngot  %s", m.Name, jsonText(t, expect), jsonText(t, got))

						// The decoded document encodes with the reader's schema
						// and decodes to the same document.
						again, err := Encode(dir.to, "", got)
						require.NoError(t, err)
						back, err := Decode(dir.to, again)
						require.NoError(t, err)
						assert.True(t, Equal(got, back), "%s: re-encoded with the reader's schema", m.Name)
					}
				}
			})
		}
	}
}

// project returns the document a reader with the dst members sees for a
// document written with the src members.
func project(doc Object, srcFields []*ir.Field, srcGroups []*ir.Group, srcData []*ir.Data,
	dstFields []*ir.Field, dstGroups []*ir.Group, dstData []*ir.Data) Object {
	var out Object
	for _, f := range dstFields {
		v, ok := doc.Get(f.Name)
		if !ok {
			if f.Presence == ir.Constant {
				v = expectConst(f.Type, f.ConstValue, f.ValueRef)
			} else {
				v = absentJSON(f.Type)
			}
		} else if e, isEnum := f.Type.(*ir.Enum); isEnum {
			if name, isName := v.(string); isName && e.ValueByName(name) == nil {
				for _, sf := range srcFields {
					if sf.Name == f.Name {
						v = number(sf.Type.(*ir.Enum).ValueByName(name).Value)
					}
				}
			}
		}
		out = append(out, Member{Name: f.Name, Value: v})
	}
	for _, g := range dstGroups {
		v, ok := doc.Get(g.Name)
		entries := []any{}
		if ok {
			var src *ir.Group
			for _, sg := range srcGroups {
				if sg.Name == g.Name {
					src = sg
				}
			}
			for _, e := range v.([]any) {
				entries = append(entries, project(e.(Object), src.Fields, src.Groups, src.Data, g.Fields, g.Groups, g.Data))
			}
		}
		out = append(out, Member{Name: g.Name, Value: entries})
	}
	for _, d := range dstData {
		v, ok := doc.Get(d.Name)
		if !ok {
			v = ""
		}
		out = append(out, Member{Name: d.Name, Value: v})
	}
	return out
}

// absentJSON is the documented decoding of a field newer than the frame.
func absentJSON(t ir.Type) any {
	switch t := t.(type) {
	case *ir.Set:
		return []any{}
	case *ir.Composite:
		var obj Object
		for _, m := range t.Members {
			if e, ok := m.Type.(*ir.Encoded); ok && e.Presence == ir.Constant {
				obj = append(obj, Member{Name: m.Name, Value: expectConst(e, e.ConstValue, e.ValueRef)})
				continue
			}
			obj = append(obj, Member{Name: m.Name, Value: absentJSON(m.Type)})
		}
		return obj
	}
	return nil
}

// TestUnknownEnumValue decodes an enum value the schema does not list
// (such as one added in a newer version) as its number, and encodes the
// number back to the same byte.
func TestUnknownEnumValue(t *testing.T) {
	s := loadTick(t)
	frame := mustHex(t, tickFrame)
	frame[9+8] = 'X'
	got, err := Decode(s, frame)
	require.NoError(t, err)
	side, _ := got.Get("side")
	assert.Equal(t, "88", jsonText(t, side))
	again, err := Encode(s, "", got)
	require.NoError(t, err)
	assert.Equal(t, hex.EncodeToString(frame), hex.EncodeToString(again))
}
