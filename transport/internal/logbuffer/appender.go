package logbuffer

import (
	"sync/atomic"
	"unsafe"
)

// Results of an offer or claim that wrote nothing. They are the values the C
// client returns (AERON_PUBLICATION_* in aeronc.h); a non-negative result is
// the new stream position.
const (
	NotConnected        int64 = -1 // AERON_PUBLICATION_NOT_CONNECTED
	BackPressured       int64 = -2 // AERON_PUBLICATION_BACK_PRESSURED
	AdminAction         int64 = -3 // AERON_PUBLICATION_ADMIN_ACTION
	Closed              int64 = -4 // AERON_PUBLICATION_CLOSED
	MaxPositionExceeded int64 = -5 // AERON_PUBLICATION_MAX_POSITION_EXCEEDED
	// TooLong is AERON_PUBLICATION_ERROR as the C client returns it for a
	// message longer than the max message length, or a claim longer than the
	// max payload length.
	TooLong int64 = -6
)

// Counter is a 64-bit counter in mapped memory, such as a publication limit
// or a subscriber position (a value slot of the CnC counters buffer).
type Counter struct{ addr *int64 }

// NewCounter views the counter value at p (for example the int64_t* the C
// client hands out for a publication's position_limit or an image's
// subscriber_position).
func NewCounter(p unsafe.Pointer) Counter { return Counter{addr: (*int64)(p)} }

// Get mirrors aeron_counter_get_acquire (Java getLongVolatile).
func (c Counter) Get() int64 { return atomic.LoadInt64(c.addr) }

// Set mirrors aeron_counter_set_release (Java setRelease / putLongOrdered).
func (c Counter) Set(v int64) { atomic.StoreInt64(c.addr, v) }

// Addr is the address of the counter value.
func (c Counter) Addr() *int64 { return c.addr }

// PublicationParams are what a publication takes from the C client besides
// the log: its session and stream ids, the publication limit counter and
// the closed flag.
type PublicationParams struct {
	SessionID int32
	StreamID  int32
	// Limit is the publication limit counter (aeron_publication_t.position_limit).
	Limit Counter
	// Closed is the publication's is_closed flag, checked before every write
	// as the C client does. The zero ByteFlag is never set.
	Closed ByteFlag
}

// publicationBase holds what the concurrent and exclusive appenders share;
// the fields mirror aeron_publication_t / aeron_exclusive_publication_t.
type publicationBase struct {
	log                 *Log
	meta                unsafe.Pointer
	terms               [PartitionCount]unsafe.Pointer
	limit               *int64
	closed              ByteFlag
	maxPossiblePosition int64
	termLength          int32
	maxPayloadLength    int32
	maxMessageLength    int32
	positionBitsToShift int32
	initialTermID       int32
	sessionID           int32
	streamID            int32
}

func (p *publicationBase) init(log *Log, params PublicationParams) {
	if params.Limit.addr == nil {
		panic("logbuffer: a publication needs its publication limit counter")
	}
	termLength := log.TermLength()
	p.log = log
	p.meta = log.meta
	p.terms = log.terms
	p.limit = params.Limit.addr
	p.closed = params.Closed
	p.termLength = int32(termLength)
	p.maxPossiblePosition = MaxPossiblePosition(termLength)
	p.maxPayloadLength = int32(log.MTU() - HeaderLength)
	p.maxMessageLength = int32(ComputeMaxMessageLength(termLength))
	p.positionBitsToShift = int32(PositionBitsToShift(termLength))
	p.initialTermID = log.InitialTermID()
	p.sessionID = params.SessionID
	p.streamID = params.StreamID
}

// MaxPayloadLength is the largest payload of one frame: MTU - header.
func (p *publicationBase) MaxPayloadLength() int { return int(p.maxPayloadLength) }

// MaxMessageLength is the largest message an offer accepts.
func (p *publicationBase) MaxMessageLength() int { return int(p.maxMessageLength) }

// MaxPossiblePosition is termLength << 31.
func (p *publicationBase) MaxPossiblePosition() int64 { return p.maxPossiblePosition }

// PositionBitsToShift is log2 of the term length.
func (p *publicationBase) PositionBitsToShift() int { return int(p.positionBitsToShift) }

// InitialTermID is the log's initial term id.
func (p *publicationBase) InitialTermID() int32 { return p.initialTermID }

// Log is the log this publication appends to.
func (p *publicationBase) Log() *Log { return p.log }

// IsClosed mirrors AERON_GET_ACQUIRE(publication->is_closed).
func (p *publicationBase) IsClosed() bool { return p.closed.IsSet() }

// PositionLimit mirrors aeron_publication_position_limit.
func (p *publicationBase) PositionLimit() int64 {
	if p.closed.IsSet() {
		return Closed
	}
	return atomic.LoadInt64(p.limit) // aeron_counter_get_acquire
}

// IsConnected mirrors aeron_publication_is_connected.
func (p *publicationBase) IsConnected() bool {
	return !p.closed.IsSet() && p.log.IsConnected()
}

func (p *publicationBase) tail(i int) *int64 {
	return (*int64)(unsafe.Add(p.meta, MetaTermTailCountersOffset+8*i))
}

// Claim is a frame reserved by an appender's Claim: write the payload into
// Buffer, then Commit (or Abort) it. A claim left neither committed nor
// aborted blocks the stream until the driver's unblocker pads over it.
type Claim struct {
	frame unsafe.Pointer
	// frameLength is the claimed payload's length plus the header's, the
	// value Commit stores: kept whole so that Commit (and the transport's
	// Commit around it) stays within the compiler's inlining budget.
	frameLength int32
}

// Buffer is the claimed payload, valid until Commit or Abort.
func (c *Claim) Buffer() []byte {
	return unsafe.Slice((*byte)(unsafe.Add(c.frame, HeaderLength)), c.frameLength-HeaderLength)
}

// Length is the claimed payload length.
func (c *Claim) Length() int { return int(c.frameLength - HeaderLength) }

// SetReservedValue writes the frame's reserved value (before Commit).
func (c *Claim) SetReservedValue(v int64) {
	*(*int64)(unsafe.Add(c.frame, ReservedValueOffset)) = v
}

// SetFlags overwrites the frame's flags (before Commit).
func (c *Claim) SetFlags(flags uint8) { *(*uint8)(unsafe.Add(c.frame, FlagsOffset)) = flags }

// Commit publishes the claimed frame (aeron_buffer_claim_commit:
// AERON_SET_RELEASE(frame_length, length + header); Java
// BufferClaim.commit's putIntRelease).
func (c *Claim) Commit() {
	frameLengthOrdered(c.frame, c.frameLength)
}

// Abort turns the claimed frame into padding that readers skip
// (aeron_buffer_claim_abort: type = PAD, then AERON_SET_RELEASE(frame_length, ...)).
func (c *Claim) Abort() {
	*(*int16)(unsafe.Add(c.frame, TypeOffset)) = TypePad
	frameLengthOrdered(c.frame, c.frameLength)
}

// Appender is the term appender of a concurrent publication: several
// goroutines (and other processes mapping the same log, such as the C client)
// may offer and claim at once, each reserving space with an atomic
// fetch-and-add on the active partition's tail counter. It mirrors
// aeron_publication.c.
type Appender struct {
	publicationBase
}

// NewAppender returns the concurrent appender of a publication over log.
func NewAppender(log *Log, params PublicationParams) *Appender {
	a := &Appender{}
	a.init(log, params)
	return a
}

// getAndAddRawTail mirrors AERON_GET_AND_ADD_INT64 (lock xaddq; Java getAndAddLong).
func getAndAddRawTail(addr *int64, delta int32) int64 {
	return atomic.AddInt64(addr, int64(delta)) - int64(delta)
}

// Position mirrors aeron_publication_position: the position of the active
// term's tail.
func (a *Appender) Position() int64 {
	if a.closed.IsSet() {
		return Closed
	}
	termCount := atomic.LoadInt32((*int32)(unsafe.Add(a.meta, MetaActiveTermCountOffset)))
	rawTail := atomic.LoadInt64(a.tail(IndexByTermCount(termCount)))
	termOffset := TermOffset(rawTail, a.termLength)
	return ComputePosition(TermID(rawTail), termOffset, int(a.positionBitsToShift), a.initialTermID)
}

// prepare is the common head of offer, offerv and try-claim in
// aeron_publication.c: the closed check, the limit, the active partition,
// and the stale-term check. It returns the partition index, or a negative
// result code in res.
func (a *Appender) prepare(length int32) (index int, res int64) {
	if a.closed.IsSet() { // AERON_GET_ACQUIRE(is_closed)
		return 0, Closed
	}
	limit := atomic.LoadInt64(a.limit)                                                     // aeron_counter_get_acquire(position_limit)
	termCount := atomic.LoadInt32((*int32)(unsafe.Add(a.meta, MetaActiveTermCountOffset))) // aeron_logbuffer_active_term_count
	index = IndexByTermCount(termCount)
	rawTail := atomic.LoadInt64(a.tail(index)) // aeron_publication_raw_tail_volatile
	termOffset := TermOffset(rawTail, a.termLength)
	termID := TermID(rawTail)
	if termCount != ComputeTermCount(termID, a.initialTermID) {
		return 0, AdminAction
	}
	position := ComputePosition(termID, termOffset, int(a.positionBitsToShift), a.initialTermID)
	if position >= limit {
		return 0, a.backPressureStatus(position, length)
	}
	return index, 0
}

// backPressureStatus mirrors aeron_publication_back_pressure_status.
func (a *Appender) backPressureStatus(position int64, length int32) int64 {
	if position+int64(align32(length+HeaderLength, FrameAlignment)) >= a.maxPossiblePosition {
		return MaxPositionExceeded
	}
	if atomic.LoadInt32((*int32)(unsafe.Add(a.meta, MetaIsConnectedOffset))) == 1 { // AERON_GET_ACQUIRE(is_connected)
		return BackPressured
	}
	return NotConnected
}

// Offer appends msg as one message, fragmented when it is longer than the
// max payload length (aeron_publication_offer). It returns the new position
// or one of the negative result codes. Its head (prepare) and the
// unfragmented path (aeron_publication_append_unfragmented_message) are
// written out in full here, as the C compiler inlines them: Go inlines
// neither, and the call to prepare alone cost a 32-byte offer 4% (14.31 ->
// 13.75 ns on the C client's memory, medians of 10; C takes 12.7 ns).
func (a *Appender) Offer(msg []byte) int64 {
	length := len(msg)
	if a.closed.IsSet() { // AERON_GET_ACQUIRE(is_closed)
		return Closed
	}
	limit := atomic.LoadInt64(a.limit)                                                     // aeron_counter_get_acquire(position_limit)
	termCount := atomic.LoadInt32((*int32)(unsafe.Add(a.meta, MetaActiveTermCountOffset))) // aeron_logbuffer_active_term_count
	index := IndexByTermCount(termCount)
	{ // the tail as it stands, in a scope of its own: the append below reserves its own
		current := atomic.LoadInt64(a.tail(index)) // aeron_publication_raw_tail_volatile
		currentTermID := TermID(current)
		if termCount != ComputeTermCount(currentTermID, a.initialTermID) {
			return AdminAction
		}
		if p := ComputePosition(currentTermID, TermOffset(current, a.termLength), int(a.positionBitsToShift), a.initialTermID); p >= limit {
			return a.backPressureStatus(p, int32(length))
		}
	}
	if length > int(a.maxPayloadLength) {
		if length > int(a.maxMessageLength) {
			return TooLong
		}
		return a.appendFragmented(index, msg, nil)
	}
	frameLength := int32(length) + HeaderLength
	aligned := align32(frameLength, FrameAlignment)
	rawTail := getAndAddRawTail(a.tail(index), aligned)
	termOffset := TermOffset(rawTail, a.termLength)
	termID := TermID(rawTail)
	resulting := termOffset + aligned
	position := ComputePosition(termID, resulting, int(a.positionBitsToShift), a.initialTermID)
	if resulting > a.termLength {
		return a.handleEndOfLog(index, termOffset, termID, position)
	}
	frame := frameAt(a.terms[index], termOffset)
	if length <= smallFrameCopy {
		// Header, payload and the release store of the length in one call.
		w0, w1, w2 := headerWords(frameLength, termOffset, a.sessionID, a.streamID, termID, versionFlagsTypeData)
		writeFrame(frame, w0, w1, w2, unsafe.Pointer(unsafe.SliceData(msg)), length, frameLength)
		return position
	}
	writeHeader(frame, frameLength, termOffset, a.sessionID, a.streamID, termID, versionFlagsTypeData)
	copy(unsafe.Slice((*byte)(unsafe.Add(frame, HeaderLength)), length), msg)
	frameLengthOrdered(frame, frameLength) // AERON_SET_RELEASE(frame_length, frame_length)
	return position
}

// smallFrameCopy is the longest payload that Offer writes with its header
// and length in one call (writeFrame) instead of a header store, a memmove
// and a length store; longer copies are the runtime memmove's business.
const smallFrameCopy = 2048

// Offerv appends the concatenation of vecs as one message (aeron_publication_offerv).
func (a *Appender) Offerv(vecs [][]byte) int64 {
	length := 0
	for _, v := range vecs {
		length += len(v)
	}
	index, res := a.prepare(int32(length))
	if res != 0 {
		return res
	}
	if length <= int(a.maxPayloadLength) {
		return a.appendUnfragmentedv(index, vecs, int32(length))
	}
	if length > int(a.maxMessageLength) {
		return TooLong
	}
	return a.appendFragmented(index, nil, vecs)
}

// Claim reserves a frame for a payload of length bytes, at most the max
// payload length (aeron_publication_try_claim). On success (a positive
// result) the caller writes the claim's Buffer and then commits or aborts
// it; on failure (a negative result) the claim is the zero Claim. It
// returns the claim rather than filling an out parameter: in registers, it
// saves a caller the stack round trip.
func (a *Appender) Claim(length int) (Claim, int64) {
	if length > int(a.maxPayloadLength) || length < 0 {
		return Claim{}, TooLong
	}
	index, res := a.prepare(int32(length))
	if res != 0 {
		return Claim{}, res
	}
	frameLength := int32(length) + HeaderLength
	aligned := align32(frameLength, FrameAlignment)
	rawTail := getAndAddRawTail(a.tail(index), aligned)
	termOffset := TermOffset(rawTail, a.termLength)
	termID := TermID(rawTail)
	resulting := termOffset + aligned
	position := ComputePosition(termID, resulting, int(a.positionBitsToShift), a.initialTermID)
	if resulting > a.termLength {
		return Claim{}, a.handleEndOfLog(index, termOffset, termID, position)
	}
	frame := frameAt(a.terms[index], termOffset)
	writeHeader(frame, frameLength, termOffset, a.sessionID, a.streamID, termID, versionFlagsTypeData)
	return Claim{frame: frame, frameLength: frameLength}, position
}

func (a *Appender) appendUnfragmentedv(index int, vecs [][]byte, length int32) int64 {
	frameLength := length + HeaderLength
	aligned := align32(frameLength, FrameAlignment)
	rawTail := getAndAddRawTail(a.tail(index), aligned)
	termOffset := TermOffset(rawTail, a.termLength)
	termID := TermID(rawTail)
	resulting := termOffset + aligned
	position := ComputePosition(termID, resulting, int(a.positionBitsToShift), a.initialTermID)
	if resulting > a.termLength {
		return a.handleEndOfLog(index, termOffset, termID, position)
	}
	frame := frameAt(a.terms[index], termOffset)
	writeHeader(frame, frameLength, termOffset, a.sessionID, a.streamID, termID, versionFlagsTypeData)
	dst := unsafe.Slice((*byte)(unsafe.Add(frame, HeaderLength)), length)
	for _, v := range vecs {
		dst = dst[copy(dst, v):]
	}
	frameLengthOrdered(frame, frameLength)
	return position
}

// appendFragmented writes msg (or, when msg is nil, the concatenation of
// vecs) as BEGIN, MIDDLE..., END frames of at most maxPayloadLength bytes
// each, reserving the whole fragmented length with one fetch-and-add
// (aeron_publication_append_fragmented_message[v]).
func (a *Appender) appendFragmented(index int, msg []byte, vecs [][]byte) int64 {
	length := len(msg)
	if msg == nil {
		for _, v := range vecs {
			length += len(v)
		}
	}
	framedLength := int32(ComputeFragmentedLength(length, int(a.maxPayloadLength)))
	rawTail := getAndAddRawTail(a.tail(index), framedLength)
	termOffset := TermOffset(rawTail, a.termLength)
	termID := TermID(rawTail)
	resulting := termOffset + framedLength
	position := ComputePosition(termID, resulting, int(a.positionBitsToShift), a.initialTermID)
	if resulting > a.termLength {
		return a.handleEndOfLog(index, termOffset, termID, position)
	}
	writeFragments(a.terms[index], termOffset, msg, vecs, length, a.maxPayloadLength, a.sessionID, a.streamID, termID)
	return position
}

// writeFragments writes the frames of a fragmented message starting at
// termOffset; the space is already reserved.
func writeFragments(term unsafe.Pointer, termOffset int32, msg []byte, vecs [][]byte, length int, maxPayload, sessionID, streamID, termID int32) {
	flags := uint8(FlagBegin)
	remaining := length
	frameOffset := termOffset
	vi, vo := 0, 0 // position in vecs
	for {
		toWrite := min(remaining, int(maxPayload))
		frameLength := int32(toWrite) + HeaderLength
		frame := frameAt(term, frameOffset)
		writeHeader(frame, frameLength, frameOffset, sessionID, streamID, termID, versionFlagsTypeData)
		dst := unsafe.Slice((*byte)(unsafe.Add(frame, HeaderLength)), toWrite)
		if msg != nil {
			copy(dst, msg[length-remaining:])
		} else {
			for len(dst) > 0 {
				n := copy(dst, vecs[vi][vo:])
				dst = dst[n:]
				vo += n
				if vo == len(vecs[vi]) {
					vi++
					vo = 0
				}
			}
		}
		if remaining <= int(maxPayload) {
			flags |= FlagEnd
		}
		*(*uint8)(unsafe.Add(frame, FlagsOffset)) = flags
		frameLengthOrdered(frame, frameLength)
		flags = 0
		frameOffset += align32(frameLength, FrameAlignment)
		remaining -= toWrite
		if remaining <= 0 {
			return
		}
	}
}

// handleEndOfLog mirrors aeron_publication_handle_end_of_log_condition: the
// writer that trips the term pads the rest of it, and every writer that went
// past the end tries to rotate the log and reports an admin action.
func (a *Appender) handleEndOfLog(index int, termOffset, termID int32, position int64) int64 {
	if termOffset < a.termLength {
		padding := a.termLength - termOffset
		frame := frameAt(a.terms[index], termOffset)
		writeHeader(frame, padding, termOffset, a.sessionID, a.streamID, termID, versionFlagsTypePad)
		frameLengthOrdered(frame, padding)
	}
	if position >= a.maxPossiblePosition {
		return MaxPositionExceeded
	}
	a.log.RotateLog(ComputeTermCount(termID, a.initialTermID), termID)
	return AdminAction
}
