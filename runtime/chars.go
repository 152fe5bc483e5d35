package runtime

import (
	"encoding/binary"
	"unsafe"
)

// PutChars8 writes s into the 8-byte char array b: the first 8 bytes of s,
// or all of s followed by NUL bytes when s is shorter. Generated encoders
// use it for a string written into a char array of length 8 (a symbol,
// typically): it inlines to one 8-byte store and no call, where copy and
// clear cost two calls into the Go runtime.
func PutChars8(b *[8]byte, s string) {
	var w uint64
	if len(s) >= 8 {
		w = binary.LittleEndian.Uint64(unsafe.Slice(unsafe.StringData(s), 8))
	} else {
		// Byte i of s is byte i of the array: little-endian packing.
		for i := len(s) - 1; i >= 0; i-- {
			w = w<<8 | uint64(s[i])
		}
	}
	binary.LittleEndian.PutUint64(b[:], w)
}
