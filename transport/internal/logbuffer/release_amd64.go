//go:build amd64 && !race

package logbuffer

import "unsafe"

// storeRelease32 stores v at addr with release semantics: every load and
// store before it is visible to another thread before v is (C's
// AERON_SET_RELEASE, Java's putIntRelease). On amd64 it is a plain MOV in
// assembly (release_amd64.s): atomic.StoreInt32 is an XCHG there, a full
// barrier that waits for the store buffer to drain and costs several times
// more on every offer.
//
//go:noescape
func storeRelease32(addr *int32, v int32)

// storeRelease64 is storeRelease32 for an int64 (AERON_SET_RELEASE on a
// 64-bit field, Java's putLongRelease).
//
//go:noescape
func storeRelease64(addr *int64, v int64)

// putTailAndHeader stores the exclusive tail (release) and then writes the
// frame header words w0 (release), w1 and w2 at frame, in one call: an
// exclusive offer or claim makes one call here instead of two.
//
//go:noescape
func putTailAndHeader(tail *int64, tailValue int64, frame unsafe.Pointer, w0, w1, w2 int64)

// writeFrame writes a whole unfragmented frame in one call: the header
// words w0 (release), w1 and w2, then n payload bytes from src after the
// header, then the frame length (release). It replaces a header store, a
// memmove and a length store, three calls, for payloads of at most
// smallFrameCopy bytes.
//
//go:noescape
func writeFrame(frame unsafe.Pointer, w0, w1, w2 int64, src unsafe.Pointer, n int, length int32)

// putTailAndFrame stores the exclusive tail (release) and then does what
// writeFrame does, in one call.
//
//go:noescape
func putTailAndFrame(tail *int64, tailValue int64, frame unsafe.Pointer, w0, w1, w2 int64, src unsafe.Pointer, n int, length int32)

// CommitReservation publishes a reservation in one call: with e, the
// exclusive appender whose Reserve granted c, it stores the tail (release),
// c's header words w1 and w2, then w0, whose frame length makes the frame
// visible (release), and moves e's term offset past the frame, all built
// from e's term id, term offset, active partition and ids as Reserve left
// them; without e, c's frame length, as c.Commit does.
//
//go:noescape
func CommitReservation(e *ExclusiveAppender, c Claim)
