package runtime

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"
)

// putCharsRef is the definition PutChars8 must match: copy, then NUL-fill.
func putCharsRef(b *[8]byte, s string) {
	n := copy(b[:], s)
	clear(b[n:])
}

func TestPutChars8(t *testing.T) {
	for n := 0; n <= 12; n++ {
		for _, fill := range []byte{0, 0xff} {
			// Distinct bytes with a NUL among them, so that order and NUL
			// handling both show.
			s := "AB\x00DEFGHIJKL"[:n]
			var got, want [8]byte
			for i := range got {
				got[i], want[i] = fill, fill
			}
			PutChars8(&got, s)
			putCharsRef(&want, s)
			require.Equal(t, want, got, "len %d, array filled with %#x", n, fill)
		}
	}
}

func FuzzPutChars8(f *testing.F) {
	f.Add("ESZ6", byte(0xff))
	f.Add("ABCDEFGHIJ", byte(0))
	f.Add("", byte(7))
	f.Fuzz(func(t *testing.T, s string, fill byte) {
		var got, want [8]byte
		for i := range got {
			got[i], want[i] = fill, fill
		}
		PutChars8(&got, s)
		putCharsRef(&want, s)
		if got != want {
			t.Fatalf("PutChars8(%q) = %v, want %v", s, got, want)
		}
	})
}

func TestPutChars8Allocs(t *testing.T) {
	var b [8]byte
	s := "ESZ6"
	require.Zero(t, testing.AllocsPerRun(100, func() { PutChars8(&b, s) }))
}

// BenchmarkPutChars8 writes symbols of 4 and 8 bytes, with PutChars8 and
// with the copy and clear it replaces (putCharsRef), in the same run.
func BenchmarkPutChars8(b *testing.B) {
	for _, s := range []string{"ESZ6", "ESZ6 CME"} {
		var out [8]byte
		b.Run(fmt.Sprintf("len%d", len(s)), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				PutChars8(&out, s)
			}
		})
		b.Run(fmt.Sprintf("len%d-copy", len(s)), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				putCharsRef(&out, s)
			}
		})
	}
}
