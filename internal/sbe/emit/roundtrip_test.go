package emit_test

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"reflect"
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

// goldenPackage is the schema-level API of one generated golden package.
type goldenPackage struct {
	name        string
	templateIDs func() []int
	newMessage  func(int) runtime.Message
	bigEndian   bool
}

var goldenPackages = []goldenPackage{
	{"baseline", baseline.TemplateIDs, baseline.NewMessage, false},
	{"extension", extension.TemplateIDs, extension.NewMessage, false},
	{"archive", archive.TemplateIDs, archive.NewMessage, false},
	{"cluster", cluster.TemplateIDs, cluster.NewMessage, false},
	{"features", features.TemplateIDs, features.NewMessage, false},
	{"bigendian", bigendian.TemplateIDs, bigendian.NewMessage, true},
}

// fill sets every exported field of v to random data: numbers of every bit
// pattern (floats finite), strings of up to two letters (char arrays are at
// least that long), byte slices and group slices of up to three elements
// (nil when empty, as decoding leaves them).
func fill(v reflect.Value, r *rand.Rand) {
	switch v.Kind() {
	case reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(r.Uint64())
	case reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(int64(r.Uint64()))
	case reflect.Float32, reflect.Float64:
		v.SetFloat(float64(float32(r.NormFloat64() * 1000)))
	case reflect.String:
		b := make([]byte, r.IntN(3))
		for i := range b {
			b[i] = byte('a' + r.IntN(26))
		}
		v.SetString(string(b))
	case reflect.Array:
		for i := 0; i < v.Len(); i++ {
			fill(v.Index(i), r)
		}
	case reflect.Slice:
		n := r.IntN(4)
		if n == 0 {
			v.Set(reflect.Zero(v.Type()))
			return
		}
		v.Set(reflect.MakeSlice(v.Type(), n, n))
		for i := 0; i < n; i++ {
			fill(v.Index(i), r)
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				fill(v.Field(i), r)
			}
		}
	default:
		panic("fill: unexpected kind " + v.Kind().String())
	}
}

// randomMessage returns a message of the template id filled from seed.
func randomMessage(p goldenPackage, id int, seed uint64) runtime.Message {
	m := p.newMessage(id)
	fill(reflect.ValueOf(m).Elem(), rand.New(rand.NewPCG(seed, uint64(id))))
	return m
}

// TestRoundTripAllMessages: for every message of every golden schema,
// struct -> frame -> struct gives the same value, the frame has the
// advertised length, every strict prefix is rejected, and re-decoding into
// the same value and appending into a buffer with room allocate nothing.
func TestRoundTripAllMessages(t *testing.T) {
	for _, p := range goldenPackages {
		t.Run(p.name, func(t *testing.T) {
			ids := p.templateIDs()
			require.NotEmpty(t, ids)
			for _, id := range ids {
				for seed := uint64(0); seed < 8; seed++ {
					m := randomMessage(p, id, seed)
					frame, err := m.MarshalBinary()
					require.NoError(t, err, "%s template %d seed %d", p.name, id, seed)
					require.Equal(t, m.SBEEncodedLength(), len(frame))
					hdr, err := runtime.WrapMessageHeader(frame, 0, p.bigEndian)
					require.NoError(t, err)
					assert.Equal(t, uint16(id), hdr.TemplateID())
					assert.Equal(t, m.SBETemplateID(), hdr.TemplateID())
					assert.Equal(t, m.SBESchemaID(), hdr.SchemaID())
					assert.Equal(t, m.SBESchemaVersion(), hdr.Version())
					assert.Equal(t, m.SBEBlockLength(), hdr.BlockLength())

					// Appended over stale bytes, the frame is the same:
					// every byte the encoder does not write is zeroed.
					dirty := bytes.Repeat([]byte{0xa5}, 3+2*len(frame))[:3]
					again, err := m.AppendBinary(dirty)
					require.NoError(t, err)
					require.Equal(t, frame, again[3:], "%s template %d seed %d: appended over stale bytes", p.name, id, seed)

					got := p.newMessage(id)
					require.NoError(t, got.UnmarshalBinary(frame), "%s template %d seed %d", p.name, id, seed)
					require.Equal(t, m, got, "%s template %d seed %d", p.name, id, seed)

					for n := 0; n < len(frame); n++ {
						err := p.newMessage(id).UnmarshalBinary(frame[:n:n])
						require.Error(t, err, "%s template %d: prefix of %d of %d bytes accepted", p.name, id, n, len(frame))
						require.True(t, errors.Is(err, runtime.ErrShortBuffer), "%s template %d prefix %d: %v", p.name, id, n, err)
					}

					if seed == 0 {
						buf := make([]byte, 0, 2*len(frame))
						allocs := testing.AllocsPerRun(20, func() {
							if err := got.UnmarshalBinary(frame); err != nil {
								t.Fatal(err)
							}
							if _, err := got.AppendBinary(buf[:0]); err != nil {
								t.Fatal(err)
							}
						})
						assert.Zero(t, allocs, "%s template %d allocates", p.name, id)
					}
				}
			}
		})
	}
}

// fuzzFrame decodes data as a frame of the package: never a panic, and a
// frame that decodes re-encodes to bytes that decode and re-encode to the
// same bytes.
func fuzzFrame(t *testing.T, p goldenPackage, data []byte) {
	hdr, err := runtime.WrapMessageHeader(data, 0, p.bigEndian)
	if err != nil {
		return
	}
	m := p.newMessage(int(hdr.TemplateID()))
	if m == nil {
		return
	}
	if err := m.UnmarshalBinary(data); err != nil {
		return
	}
	b1, err := m.MarshalBinary()
	if err != nil {
		if errors.Is(err, runtime.ErrRange) {
			return // decoded counts or lengths beyond the schema's maxima
		}
		t.Fatalf("re-encode: %v", err)
	}
	m2 := p.newMessage(int(hdr.TemplateID()))
	if err := m2.UnmarshalBinary(b1); err != nil {
		t.Fatalf("decode of re-encoded frame: %v", err)
	}
	b2, err := m2.MarshalBinary()
	if err != nil {
		t.Fatalf("second re-encode: %v", err)
	}
	if !bytes.Equal(b1, b2) {
		t.Fatalf("decode(encode(x)) != x:\n%x\n%x", b1, b2)
	}
}

func fuzzSeeds(f *testing.F, p goldenPackage) {
	for _, id := range p.templateIDs() {
		for seed := uint64(0); seed < 2; seed++ {
			frame, err := randomMessage(p, id, seed).MarshalBinary()
			if err != nil {
				f.Fatal(err)
			}
			f.Add(frame)
		}
	}
}

func fuzzPackage(f *testing.F, name string) {
	for _, p := range goldenPackages {
		if p.name == name {
			fuzzSeeds(f, p)
			f.Fuzz(func(t *testing.T, data []byte) { fuzzFrame(t, p, data) })
			return
		}
	}
	f.Fatalf("no golden package %s", name)
}

func FuzzBaseline(f *testing.F) {
	car := sampleCar()
	frame, err := car.MarshalBinary()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(frame)
	fuzzPackage(f, "baseline")
}

func FuzzExtension(f *testing.F) { fuzzPackage(f, "extension") }
func FuzzArchive(f *testing.F)   { fuzzPackage(f, "archive") }
func FuzzCluster(f *testing.F)   { fuzzPackage(f, "cluster") }
func FuzzFeatures(f *testing.F)  { fuzzPackage(f, "features") }
func FuzzBigEndian(f *testing.F) { fuzzPackage(f, "bigendian") }
