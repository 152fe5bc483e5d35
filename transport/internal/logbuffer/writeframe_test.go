package logbuffer

import (
	"bytes"
	"testing"
	"unsafe"

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
