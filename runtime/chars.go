package runtime

import (
	"encoding/binary"
	"unsafe"
)

// PutChars8 writes s into the 8-byte char array b: the first 8 bytes of s,
// or all of s followed by NUL bytes when s is shorter. Generated encoders
// use it for a string written into a char array of length 8 (a symbol,
// typically): it inlines to two 4-byte loads (a byte loop below 4 bytes)
// and one 8-byte store, with no call, where copy and clear cost two calls
// into the Go runtime.
func PutChars8(b *[8]byte, s string) {
	var w uint64
	if n := len(s); n >= 4 {
		// Bytes 0-3 and m-4 to m-1 of s, m the bytes that fit: two 4-byte
		// loads, which overlap when m < 8 (the overlapping bytes are the
		// same in both, so OR keeps them).
		m := min(n, 8)
		p := unsafe.Pointer(unsafe.StringData(s))
		w = uint64(binary.LittleEndian.Uint32((*[4]byte)(p)[:])) |
			uint64(binary.LittleEndian.Uint32((*[4]byte)(unsafe.Add(p, m-4))[:]))<<(8*(uint(m-4)&7))
	} else {
		// Byte i of s is byte i of the array.
		for i := range n {
			w |= uint64(s[i]) << (8 * (uint(i) & 7))
		}
	}
	binary.LittleEndian.PutUint64(b[:], w)
}
