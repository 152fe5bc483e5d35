//go:build !amd64 || race

package logbuffer

import (
	"sync/atomic"
	"unsafe"
)

// storeRelease32 stores v at addr with release semantics (C's
// AERON_SET_RELEASE, Java's putIntRelease). Off amd64 atomic.StoreInt32 is
// already a release store (STLR on arm64). Under the race detector it is the
// atomic store on every architecture, so that the detector sees the
// happens-before edge that a reader's acquire load of the same field makes.
func storeRelease32(addr *int32, v int32) { atomic.StoreInt32(addr, v) }

// storeRelease64 is storeRelease32 for an int64.
func storeRelease64(addr *int64, v int64) { atomic.StoreInt64(addr, v) }

// putTailAndHeader stores the exclusive tail (release), then the frame
// header words w0 (release), w1 and w2 at frame.
func putTailAndHeader(tail *int64, tailValue int64, frame unsafe.Pointer, w0, w1, w2 int64) {
	atomic.StoreInt64(tail, tailValue)
	putHeaderWords(frame, w0, w1, w2)
}

// writeFrame writes the header words w0 (release), w1 and w2 at frame, the
// n payload bytes from src after the header, then the frame length
// (release).
func writeFrame(frame unsafe.Pointer, w0, w1, w2 int64, src unsafe.Pointer, n int, length int32) {
	putHeaderWords(frame, w0, w1, w2)
	copy(unsafe.Slice((*byte)(unsafe.Add(frame, HeaderLength)), n), unsafe.Slice((*byte)(src), n))
	frameLengthOrdered(frame, length)
}

// putTailAndFrame stores the exclusive tail (release), then writeFrame.
func putTailAndFrame(tail *int64, tailValue int64, frame unsafe.Pointer, w0, w1, w2 int64, src unsafe.Pointer, n int, length int32) {
	atomic.StoreInt64(tail, tailValue)
	writeFrame(frame, w0, w1, w2, src, n, length)
}

// CommitReservation publishes a reservation: with e, the exclusive
// appender whose Reserve granted c, the tail (release), c's header words w1
// and w2, then w0 with the frame length (release), and e's new term
// offset, built from e's state as Reserve left it; without e, c's frame, as
// c.Commit does.
func CommitReservation(e *ExclusiveAppender, c Claim) {
	if e == nil {
		c.Commit()
		return
	}
	termOffset := e.termOffset
	resulting := termOffset + align32(c.frameLength, FrameAlignment)
	atomic.StoreInt64(e.tail(e.activePartitionIndex), rawTail(e.termID, resulting))
	// headerWords negates the length (a claim's header holds it negative
	// until its commit); this header is written whole, length positive.
	w0, w1, w2 := headerWords(-c.frameLength, termOffset, e.sessionID, e.streamID, e.termID, versionFlagsTypeData)
	*(*int64)(unsafe.Add(c.frame, 8)) = w1
	*(*int64)(unsafe.Add(c.frame, 16)) = w2
	atomic.StoreInt64((*int64)(c.frame), w0)
	e.termOffset = resulting
}
