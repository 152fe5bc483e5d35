package dyn

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/aerongo/aerongo/internal/sbe/ir"
	"github.com/stretchr/testify/require"
)

// repoRoot returns the module root (the directory holding go.mod).
func repoRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	require.NoError(t, err)
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		require.NotEqual(t, parent, dir, "no go.mod above the test directory")
		dir = parent
	}
}

// referenceSchemas are the schemas nobody in this project wrote, read from
// ../shared/schemas next to the repository.
var referenceSchemas = []string{
	"sbe-examples/example-schema.xml",
	"sbe-examples/example-extension-schema.xml",
	"aeron/aeron-archive-codecs.xml",
	"aeron/aeron-cluster-codecs.xml",
}

// sharedSchema returns the path of a reference schema under
// ../shared/schemas, skipping the test when that directory is missing.
func sharedSchema(t testing.TB, rel string) string {
	t.Helper()
	path := filepath.Join(repoRoot(t), "..", "shared", "schemas", rel)
	if _, err := os.Stat(path); err != nil {
		t.Skipf("reference schema %s not found: %v", rel, err)
	}
	return path
}

// allSchemas returns the paths of the reference schemas, of the
// project's own schemas, of the generator's golden test schemas and of this
// package's test schema.
func allSchemas(t testing.TB) []string {
	t.Helper()
	root := repoRoot(t)
	var paths []string
	shared := filepath.Join(root, "..", "shared", "schemas")
	if _, err := os.Stat(shared); err != nil {
		t.Logf("reference schemas not found in %s; testing the project's schemas only", shared)
	} else {
		for _, p := range referenceSchemas {
			paths = append(paths, filepath.Join(shared, p))
		}
	}
	own, err := filepath.Glob(filepath.Join(root, "schemas", "*.xml"))
	require.NoError(t, err)
	require.NotEmpty(t, own)
	paths = append(paths, own...)
	golden, err := filepath.Glob(filepath.Join(root, "testdata", "golden", "*", "schema.xml"))
	require.NoError(t, err)
	paths = append(paths, golden...)
	return append(paths, filepath.Join("testdata", "tick.xml"))
}

func loadSchema(t testing.TB, path string) *ir.Schema {
	t.Helper()
	s, err := ir.Load(path)
	require.NoError(t, err, "load %s", path)
	return s
}

// sampler builds documents with valid, varied values for a message, from
// the schema alone. k varies the values; optional values are null for
// some k.
type sampler struct {
	k int
}

func (sm *sampler) next() int { sm.k++; return sm.k }

// message returns a document for m and the document Decode must give for
// its frame (the same plus "$message" and the constants).
func (sm *sampler) message(m *ir.Message) (doc, want Object) {
	doc, want = sm.entry(m.Fields, m.Groups, m.Data, 0)
	want = append(Object{{Name: "$message", Value: m.Name}}, want...)
	return doc, want
}

func (sm *sampler) entry(fields []*ir.Field, groups []*ir.Group, data []*ir.Data, depth int) (doc, want Object) {
	for _, f := range fields {
		if f.Presence == ir.Constant {
			want = append(want, Member{Name: f.Name, Value: expectConst(f.Type, f.ConstValue, f.ValueRef)})
			continue
		}
		nullable := f.Presence == ir.Optional || f.SinceVersion > 0
		d, w := sm.value(f.Type, nullable)
		doc = append(doc, Member{Name: f.Name, Value: d})
		want = append(want, Member{Name: f.Name, Value: w})
	}
	for _, g := range groups {
		n := 2
		if depth > 1 {
			n = 1
		}
		docs, wants := []any{}, []any{}
		for range n {
			d, w := sm.entry(g.Fields, g.Groups, g.Data, depth+1)
			docs, wants = append(docs, d), append(wants, w)
		}
		doc = append(doc, Member{Name: g.Name, Value: docs})
		want = append(want, Member{Name: g.Name, Value: wants})
	}
	for _, v := range data {
		k := sm.next()
		var s string
		if v.IsString {
			s = fmt.Sprintf("%s text %d", v.Name, k)
			if isUTF8(v.CharacterEncoding) {
				s += " \u00e9\u4e16"
			}
			s = s[:min(uint64(len(s)), v.MaxLength)]
		} else {
			raw := []byte{0, byte(k), 0xff, 0x80, byte(k >> 8)}
			s = base64.StdEncoding.EncodeToString(raw[:min(uint64(len(raw)), v.MaxLength)])
		}
		doc = append(doc, Member{Name: v.Name, Value: s})
		want = append(want, Member{Name: v.Name, Value: s})
	}
	return doc, want
}

func expectConst(t ir.Type, text string, ref *ir.EnumValueRef) any {
	if ref != nil {
		return ref.Value.Name
	}
	if e, ok := t.(*ir.Encoded); ok && (e.Primitive == ir.Char || e.IsString()) {
		return text
	}
	return json.Number(text)
}

// value returns a document value for t and its expected decoding.
func (sm *sampler) value(t ir.Type, nullable bool) (doc, want any) {
	k := sm.next()
	if nullable && k%3 == 0 {
		if _, isSet := t.(*ir.Set); !isSet {
			if _, isComposite := t.(*ir.Composite); !isComposite {
				return nil, nil
			}
		}
	}
	switch t := t.(type) {
	case *ir.Encoded:
		switch {
		case !t.Array && t.Primitive == ir.Char:
			s := string(rune('A' + k%26))
			return s, s
		case !t.Array:
			v := sampleNumber(t, k)
			return v, v
		case t.IsString():
			n := min(t.Length, 1+k%t.Length)
			var b strings.Builder
			for i := range n {
				b.WriteByte(byte('a' + (k+i)%26))
			}
			return b.String(), b.String()
		case t.Primitive == ir.Uint8 || t.Primitive == ir.Int8:
			raw := make([]byte, t.Length)
			for i := range raw {
				raw[i] = byte(k*31 + i)
			}
			s := base64.StdEncoding.EncodeToString(raw)
			return s, s
		}
		arr := make([]any, t.Length)
		for i := range arr {
			arr[i] = sampleNumber(t, k+i)
		}
		return arr, arr
	case *ir.Enum:
		v := t.Values[k%len(t.Values)].Name
		return v, v
	case *ir.Set:
		names := []any{}
		for _, c := range choicesByBit(t) {
			if (c.Bit+k)%2 == 0 {
				names = append(names, c.Name)
			}
		}
		return names, names
	case *ir.Composite:
		var doc, want Object
		for _, m := range t.Members {
			if m.Presence == ir.Constant || typePresence(m.Type) == ir.Constant {
				e := m.Type.(*ir.Encoded)
				want = append(want, Member{Name: m.Name, Value: expectConst(e, e.ConstValue, e.ValueRef)})
				continue
			}
			d, w := sm.value(m.Type, nullable || m.Presence == ir.Optional || m.SinceVersion > 0)
			doc = append(doc, Member{Name: m.Name, Value: d})
			want = append(want, Member{Name: m.Name, Value: w})
		}
		return doc, want
	}
	panic(fmt.Sprintf("unexpected type %T", t))
}

// sampleNumber returns a value of t within its minValue and maxValue: for
// 64-bit integers near the ends of the range, so exactness is tested.
func sampleNumber(t *ir.Encoded, k int) json.Number {
	p := t.Primitive
	lo, hi := t.MinValue, t.MaxValue
	switch {
	case p.Floating():
		f := 1.5 + float64(k%1000)*0.25
		if t.CustomMin && f < lo.Float() || t.CustomMax && f > hi.Float() {
			f = lo.Float()
		}
		return json.Number(strconv.FormatFloat(f, 'g', -1, 64))
	case p.Signed():
		if p == ir.Int64 && !t.CustomMin && k%2 == 0 {
			return json.Number(strconv.FormatInt(math.MinInt64+1+int64(k), 10))
		}
		span := uint64(hi.Int() - lo.Int())
		return json.Number(strconv.FormatInt(lo.Int()+int64(uint64(k*7919+1)%(span+1)), 10))
	default:
		if p == ir.Uint64 && !t.CustomMax && k%2 == 0 {
			return json.Number(strconv.FormatUint(math.MaxUint64-1-uint64(k), 10))
		}
		span := hi.Bits - lo.Bits
		v := lo.Bits + uint64(k*7919+1)
		if span != math.MaxUint64 {
			v = lo.Bits + uint64(k*7919+1)%(span+1)
		}
		return json.Number(strconv.FormatUint(v, 10))
	}
}
