package logbuffer

import (
	"bytes"
	"fmt"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// writeFrameReference is writeFrame in plain Go: the header words, the
// payload, then the frame length.
func writeFrameReference(frame []byte, w0, w1, w2 int64, payload []byte, length int32) {
	*(*int64)(unsafe.Pointer(&frame[0])) = w0
	*(*int64)(unsafe.Pointer(&frame[TermOffsetOffset])) = w1
	*(*int64)(unsafe.Pointer(&frame[StreamIDOffset])) = w2
	copy(frame[HeaderLength:], payload)
	*(*int32)(unsafe.Pointer(&frame[0])) = length
}

// Every payload length writeFrame and putTailAndFrame take, at every
// alignment of the source: the same bytes as the reference, nothing written
// before the frame or after its payload.
func TestWriteFrameMatchesReference(t *testing.T) {
	const guard = 64
	src := pattern(smallFrameCopy+16, 9)
	for n := 0; n <= smallFrameCopy; n++ {
		for _, shift := range []int{0, 1, 7, 13} {
			payload := src[shift : shift+n]
			length := int32(HeaderLength + n)
			w0, w1, w2 := headerWords(length, 4096, 11, 22, 33, versionFlagsTypeData)
			want := bytes.Repeat([]byte{0xEE}, guard+HeaderLength+smallFrameCopy+guard)
			writeFrameReference(want[guard:], w0, w1, w2, payload, length)

			got := bytes.Repeat([]byte{0xEE}, len(want))
			writeFrame(unsafe.Pointer(&got[guard]), w0, w1, w2, unsafe.Pointer(unsafe.SliceData(payload)), n, length)
			require.Equal(t, want, got, "writeFrame n=%d shift=%d", n, shift)

			got = bytes.Repeat([]byte{0xEE}, len(want))
			var tail int64
			putTailAndFrame(&tail, 0x1234_0000_5678, unsafe.Pointer(&got[guard]), w0, w1, w2, unsafe.Pointer(unsafe.SliceData(payload)), n, length)
			require.Equal(t, want, got, "putTailAndFrame n=%d shift=%d", n, shift)
			require.Equal(t, int64(0x1234_0000_5678), tail)
		}
	}
}

// Offers on both sides of smallFrameCopy, unfragmented under a large MTU:
// the one-call path and the shared path leave the same frames, read back
// whole by the reader, on a concurrent and an exclusive publication.
func TestOfferAroundSmallFrameCopy(t *testing.T) {
	const mtu = 8192
	lengths := []int{smallFrameCopy - 1, smallFrameCopy, smallFrameCopy + 1, 6000}
	for _, exclusive := range []bool{false, true} {
		t.Run(fmt.Sprintf("exclusive=%v", exclusive), func(t *testing.T) {
			p := newTestPub(t, termLen64K, mtu, 5)
			offer := NewAppender(p.log, p.params()).Offer
			if exclusive {
				offer = NewExclusiveAppender(p.log, p.params()).Offer
			}
			r := NewReader(p.log, p.readerParams())
			want := int64(0)
			for i, n := range lengths {
				want += int64(align(HeaderLength+n, FrameAlignment))
				require.Equal(t, want, offer(pattern(n, byte(i))), "position after %d bytes", n)
			}
			var got [][]byte
			require.Equal(t, len(lengths), r.Poll(func(buf []byte, h *Header) {
				require.Equal(t, uint8(FlagsUnfragmented), h.Flags())
				got = append(got, append([]byte(nil), buf...))
			}, 10))
			for i, n := range lengths {
				assert.Equal(t, pattern(n, byte(i)), got[i], "payload of %d bytes", n)
			}
			fr := frames(p.log.Term(0))
			require.Len(t, fr, len(lengths))
			for i, f := range fr {
				assert.Equal(t, int32(HeaderLength+lengths[i]), f.Length)
				assert.Equal(t, int16(TypeData), f.Type)
				assert.Equal(t, testSession, f.SessionID)
				assert.Equal(t, int32(5), f.TermID)
			}
		})
	}
}
