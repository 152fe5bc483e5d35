package logbuffer

import (
	"sync/atomic"
	"unsafe"
)

// ExclusiveAppender is the term appender of an exclusive publication: one
// writer at a time, which keeps the term id, term offset and term begin
// position in its own fields and publishes the tail with an ordered store
// instead of a fetch-and-add. It mirrors aeron_exclusive_publication.[ch].
// It must be the only writer of its log: its position state is private, so
// the C client's own aeron_exclusive_publication_offer must not be used on
// the same publication.
type ExclusiveAppender struct {
	_ CacheLinePad // the writer's fields below change on every message
	publicationBase
	_                    CacheLinePad // keep the writer's fields off the shared fields' cache line, as the C struct pads them
	termBeginPosition    int64
	termOffset           int32
	termID               int32
	activePartitionIndex int
	_                    CacheLinePad
}

// NewExclusiveAppender returns the appender of an exclusive publication over
// log, starting from the log's active tail (aeron_exclusive_publication_create).
func NewExclusiveAppender(log *Log, params PublicationParams) *ExclusiveAppender {
	e := &ExclusiveAppender{}
	e.init(log, params)
	termCount := log.ActiveTermCount()
	index := IndexByTermCount(termCount)
	rawTail := log.RawTail(index)
	e.activePartitionIndex = index
	e.termID = TermID(rawTail)
	e.termOffset = int32(rawTail & 0xFFFFFFFF)
	e.termBeginPosition = ComputeTermBeginPosition(e.termID, int(e.positionBitsToShift), e.initialTermID)
	return e
}

// Position mirrors aeron_exclusive_publication_position.
func (e *ExclusiveAppender) Position() int64 {
	if e.closed.IsSet() {
		return Closed
	}
	return e.termBeginPosition + int64(e.termOffset)
}

// TermID is the active term id.
func (e *ExclusiveAppender) TermID() int32 { return e.termID }

// TermOffset is the offset of the tail in the active term.
func (e *ExclusiveAppender) TermOffset() int32 { return e.termOffset }

// putRawTailOrdered mirrors aeron_put_raw_tail_release:
// AERON_SET_RELEASE(*addr, (uint64_t)term_id << 32 | term_offset).
func putRawTailOrdered(addr *int64, termID, termOffset int32) {
	storeRelease64(addr, rawTail(termID, termOffset))
}

// rawTail packs a term id and a term offset as the raw tail counter holds
// them.
func rawTail(termID, termOffset int32) int64 {
	return int64(uint64(uint32(termID))<<32 | uint64(uint32(termOffset)))
}

// backPressureStatus mirrors aeron_exclusive_publication_back_pressure_status
// (which, unlike the concurrent one, adds the bare message length).
func (e *ExclusiveAppender) backPressureStatus(position int64, length int32) int64 {
	if position+int64(length) >= e.maxPossiblePosition {
		return MaxPositionExceeded
	}
	if atomic.LoadInt32((*int32)(unsafe.Add(e.meta, MetaIsConnectedOffset))) == 1 { // AERON_GET_ACQUIRE(is_connected)
		return BackPressured
	}
	return NotConnected
}

// newPosition mirrors aeron_exclusive_publication_new_position.
func (e *ExclusiveAppender) newPosition(resultingOffset int32) int64 {
	if resultingOffset > 0 {
		e.termOffset = resultingOffset
		return e.termBeginPosition + int64(resultingOffset)
	}
	if e.termBeginPosition+int64(e.termLength) >= e.maxPossiblePosition {
		return MaxPositionExceeded
	}
	e.rotateTerm()
	return AdminAction
}

// rotateTerm mirrors aeron_exclusive_publication_rotate_term: the next
// partition's tail is reset to the next term id, then the active term count
// is published with an ordered store.
func (e *ExclusiveAppender) rotateTerm() {
	nextTermID := e.termID + 1
	nextTermCount := ComputeTermCount(nextTermID, e.initialTermID)
	nextIndex := IndexByTermCount(nextTermCount)
	e.activePartitionIndex = nextIndex
	e.termOffset = 0
	e.termID = nextTermID
	e.termBeginPosition += int64(e.termLength)
	// C: a plain store of term_tail_counters[next_index]; an atomic store
	// here, so that Go's race detector and memory model see it ordered.
	atomic.StoreInt64(e.tail(nextIndex), int64(uint64(uint32(nextTermID))<<32))
	// AERON_SET_RELEASE(log_meta_data->active_term_count, next_term_count)
	atomic.StoreInt32((*int32)(unsafe.Add(e.meta, MetaActiveTermCountOffset)), nextTermCount)
}

// Offer mirrors aeron_exclusive_publication_offer. The unfragmented path of
// a payload up to smallFrameCopy bytes is written out in full here
// (aeron_append_unfragmented_message and
// aeron_exclusive_publication_new_position), as the C compiler inlines it.
func (e *ExclusiveAppender) Offer(msg []byte) int64 {
	if e.closed.IsSet() { // AERON_GET_ACQUIRE(is_closed)
		return Closed
	}
	length := len(msg)
	limit := atomic.LoadInt64(e.limit) // aeron_counter_get_acquire(position_limit)
	termOffset := e.termOffset
	position := e.termBeginPosition + int64(termOffset)
	if position >= limit {
		return e.backPressureStatus(position, int32(length))
	}
	if length > int(e.maxPayloadLength) {
		if length > int(e.maxMessageLength) {
			return TooLong
		}
		return e.newPosition(e.appendFragmented(termOffset, msg, nil, length))
	}
	if length > smallFrameCopy {
		// The copy dominates: the shared path (beginFrame, memmove, length).
		return e.newPosition(e.appendUnfragmented(termOffset, msg, nil, int32(length)))
	}
	frameLength := int32(length) + HeaderLength
	resulting := termOffset + align32(frameLength, FrameAlignment)
	index := e.activePartitionIndex
	if resulting > e.termLength {
		putRawTailOrdered(e.tail(index), e.termID, resulting)
		e.handleEndOfLog(termOffset)
		return e.newPosition(-2)
	}
	// Tail, header, payload and the release store of the length in one call.
	frame := frameAt(e.terms[index], termOffset)
	w0, w1, w2 := headerWords(frameLength, termOffset, e.sessionID, e.streamID, e.termID, versionFlagsTypeData)
	putTailAndFrame(e.tail(index), rawTail(e.termID, resulting), frame, w0, w1, w2, unsafe.Pointer(unsafe.SliceData(msg)), length, frameLength)
	e.termOffset = resulting
	return e.termBeginPosition + int64(resulting)
}

// Offerv mirrors aeron_exclusive_publication_offerv.
func (e *ExclusiveAppender) Offerv(vecs [][]byte) int64 {
	length := 0
	for _, v := range vecs {
		length += len(v)
	}
	if e.closed.IsSet() {
		return Closed
	}
	limit := atomic.LoadInt64(e.limit) // aeron_counter_get_acquire(position_limit)
	termOffset := e.termOffset
	position := e.termBeginPosition + int64(termOffset)
	if position >= limit {
		return e.backPressureStatus(position, int32(length))
	}
	var resulting int32
	if length <= int(e.maxPayloadLength) {
		resulting = e.appendUnfragmented(termOffset, nil, vecs, int32(length))
	} else {
		if length > int(e.maxMessageLength) {
			return TooLong
		}
		resulting = e.appendFragmented(termOffset, nil, vecs, length)
	}
	return e.newPosition(resulting)
}

// Claim mirrors aeron_exclusive_publication_try_claim, returning the claim,
// which on failure (a negative result) is the zero Claim.
func (e *ExclusiveAppender) Claim(length int) (Claim, int64) {
	if length > int(e.maxPayloadLength) || length < 0 {
		return Claim{}, TooLong
	}
	if e.closed.IsSet() {
		return Claim{}, Closed
	}
	limit := atomic.LoadInt64(e.limit) // aeron_counter_get_acquire(position_limit)
	termOffset := e.termOffset
	position := e.termBeginPosition + int64(termOffset)
	if position >= limit {
		return Claim{}, e.backPressureStatus(position, int32(length))
	}
	frameLength := int32(length) + HeaderLength
	resulting := termOffset + align32(frameLength, FrameAlignment)
	index := e.activePartitionIndex
	if resulting > e.termLength {
		putRawTailOrdered(e.tail(index), e.termID, resulting)
		e.handleEndOfLog(termOffset)
		return Claim{}, e.newPosition(-2)
	}
	// beginFrame, written out: as a call it costs an offer 6%.
	frame := frameAt(e.terms[index], termOffset)
	w0, w1, w2 := headerWords(frameLength, termOffset, e.sessionID, e.streamID, e.termID, versionFlagsTypeData)
	putTailAndHeader(e.tail(index), rawTail(e.termID, resulting), frame, w0, w1, w2)
	return Claim{frame: frame, frameLength: frameLength}, e.newPosition(resulting)
}

// AppendPadding appends a padding frame with room for length bytes of
// payload (aeron_exclusive_publication_append_padding).
func (e *ExclusiveAppender) AppendPadding(length int) int64 {
	if length > int(e.maxMessageLength) || length < 0 {
		return TooLong
	}
	if e.closed.IsSet() {
		return Closed
	}
	limit := atomic.LoadInt64(e.limit) // aeron_counter_get_acquire(position_limit)
	termOffset := e.termOffset
	position := e.termBeginPosition + int64(termOffset)
	if position >= limit {
		return e.backPressureStatus(position, int32(length))
	}
	frameLength := int32(length) + HeaderLength
	resulting := termOffset + align32(frameLength, FrameAlignment)
	frame := e.beginFrame(termOffset, resulting, frameLength, versionFlagsTypePad)
	if frame == nil {
		return e.newPosition(-2)
	}
	frameLengthOrdered(frame, frameLength)
	return e.newPosition(resulting)
}

// beginFrame moves the tail past a frame of frameLength at termOffset
// (ending at resulting) and writes the frame's header, as the exclusive
// publication does before the payload: putRawTailOrdered then writeHeader,
// in one call (putTailAndHeader). When the frame does not fit in the term it
// stores the tail, pads the rest of the term and returns nil.
func (e *ExclusiveAppender) beginFrame(termOffset, resulting, frameLength int32, versionFlagsType int64) unsafe.Pointer {
	index := e.activePartitionIndex
	if resulting > e.termLength {
		putRawTailOrdered(e.tail(index), e.termID, resulting)
		e.handleEndOfLog(termOffset)
		return nil
	}
	frame := frameAt(e.terms[index], termOffset)
	w0, w1, w2 := headerWords(frameLength, termOffset, e.sessionID, e.streamID, e.termID, versionFlagsType)
	putTailAndHeader(e.tail(index), rawTail(e.termID, resulting), frame, w0, w1, w2)
	return frame
}

// appendUnfragmented mirrors aeron_append_unfragmented_message[v] of the
// exclusive publication; it returns the resulting offset or -2 when the term
// was tripped.
func (e *ExclusiveAppender) appendUnfragmented(termOffset int32, msg []byte, vecs [][]byte, length int32) int32 {
	frameLength := length + HeaderLength
	resulting := termOffset + align32(frameLength, FrameAlignment)
	frame := e.beginFrame(termOffset, resulting, frameLength, versionFlagsTypeData)
	if frame == nil {
		return -2
	}
	dst := unsafe.Slice((*byte)(unsafe.Add(frame, HeaderLength)), length)
	if vecs == nil {
		copy(dst, msg)
	} else {
		for _, v := range vecs {
			dst = dst[copy(dst, v):]
		}
	}
	frameLengthOrdered(frame, frameLength)
	return resulting
}

// appendFragmented mirrors aeron_append_fragmented_message[v] of the
// exclusive publication.
func (e *ExclusiveAppender) appendFragmented(termOffset int32, msg []byte, vecs [][]byte, length int) int32 {
	framedLength := int32(ComputeFragmentedLength(length, int(e.maxPayloadLength)))
	resulting := termOffset + framedLength
	putRawTailOrdered(e.tail(e.activePartitionIndex), e.termID, resulting)
	if resulting > e.termLength {
		e.handleEndOfLog(termOffset)
		return -2
	}
	writeFragments(e.terms[e.activePartitionIndex], termOffset, msg, vecs, length, e.maxPayloadLength, e.sessionID, e.streamID, e.termID)
	return resulting
}

// handleEndOfLog mirrors the exclusive aeron_handle_end_of_log_condition:
// pad the rest of the term.
func (e *ExclusiveAppender) handleEndOfLog(termOffset int32) {
	if termOffset < e.termLength {
		padding := e.termLength - termOffset
		frame := frameAt(e.terms[e.activePartitionIndex], termOffset)
		writeHeader(frame, padding, termOffset, e.sessionID, e.streamID, e.termID, versionFlagsTypePad)
		frameLengthOrdered(frame, padding)
	}
}

// Reserve is Claim deferred: it checks what Claim checks and returns the
// frame at the tail as a Claim (whose Buffer is the payload, and whose
// Commit must not be called) and the position the frame will end at, but
// stores nothing, in the log or in the appender. The tail, the frame
// header and the frame length are stored by CommitReservation, in one
// call, after the caller has written the payload; it builds them from the
// appender's own state (term id and offset, active partition), which is
// why nothing needs to be kept between the two. AbortReservation zeroes
// the payload instead. Until then the publication's position has not
// moved, so neither readers nor the driver look at the frame, and a
// reservation never blocks a stream.
//
// It is for a writer that fills the payload with straight-line stores: the
// bytes beyond the tail must be zero for readers, so a reservation must be
// committed or aborted before anything else touches the appender (another
// Offer, Claim or Reserve would write over it, and a reservation dropped
// after its payload was written leaves bytes where the next frames'
// lengths are read). Results are those of Claim; when the frame does not
// fit in the term, the term is padded and rotated as Claim does.
func (e *ExclusiveAppender) Reserve(length int) (Claim, int64) {
	if length > int(e.maxPayloadLength) || length < 0 {
		return Claim{}, TooLong
	}
	if e.closed.IsSet() {
		return Claim{}, Closed
	}
	limit := atomic.LoadInt64(e.limit) // aeron_counter_get_acquire(position_limit)
	termOffset := e.termOffset
	position := e.termBeginPosition + int64(termOffset)
	if position >= limit {
		return Claim{}, e.backPressureStatus(position, int32(length))
	}
	frameLength := int32(length) + HeaderLength
	resulting := termOffset + align32(frameLength, FrameAlignment)
	index := e.activePartitionIndex
	if resulting > e.termLength {
		putRawTailOrdered(e.tail(index), e.termID, resulting)
		e.handleEndOfLog(termOffset)
		return Claim{}, e.newPosition(-2)
	}
	return Claim{frame: frameAt(e.terms[index], termOffset), frameLength: frameLength}, e.termBeginPosition + int64(resulting)
}

// AbortReservation gives a reservation back: with e (the exclusive
// appender whose Reserve granted c) the payload c, which the caller may
// have written, is zeroed, as the log is beyond the tail and nothing else
// was stored; without, c is a claim and becomes padding (Claim.Abort).
func AbortReservation(e *ExclusiveAppender, c Claim) {
	if e == nil {
		c.Abort()
		return
	}
	clear(c.Buffer())
}
