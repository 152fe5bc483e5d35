package logbuffer

import (
	"sync/atomic"
	"unsafe"
)

// Header describes the frame a handler is given. It is only valid inside the
// handler call: it points into the term buffer, which the driver cleans once
// the subscriber position has moved past the frame.
type Header struct {
	frame                 unsafe.Pointer
	initialTermID         int32
	positionBitsToShift   int32
	fragmentedFrameLength int32 // -1 (AERON_NULL_VALUE) unless the message was reassembled
	context               unsafe.Pointer
}

// nullValue is AERON_NULL_VALUE.
const nullValue = -1

// FrameLength is the frame's length (header included); for a reassembled
// message, the header plus the whole message.
func (h *Header) FrameLength() int32 { return *(*int32)(h.frame) }

// Version is the frame's version field.
func (h *Header) Version() int8 { return *(*int8)(unsafe.Add(h.frame, VersionOffset)) }

// Flags is the frame's flags (FlagBegin, FlagEnd, FlagEOS, ...).
func (h *Header) Flags() uint8 { return *(*uint8)(unsafe.Add(h.frame, FlagsOffset)) }

// Type is the frame's type (TypeData, TypePad, ...).
func (h *Header) Type() int16 { return *(*int16)(unsafe.Add(h.frame, TypeOffset)) }

// TermOffset is the frame's offset in its term (the first fragment's for a
// reassembled message).
func (h *Header) TermOffset() int32 { return *(*int32)(unsafe.Add(h.frame, TermOffsetOffset)) }

// SessionID is the frame's session id.
func (h *Header) SessionID() int32 { return *(*int32)(unsafe.Add(h.frame, SessionIDOffset)) }

// StreamID is the frame's stream id.
func (h *Header) StreamID() int32 { return *(*int32)(unsafe.Add(h.frame, StreamIDOffset)) }

// TermID is the frame's term id.
func (h *Header) TermID() int32 { return *(*int32)(unsafe.Add(h.frame, TermIDOffset)) }

// ReservedValue is the frame's reserved value.
func (h *Header) ReservedValue() int64 {
	return *(*int64)(unsafe.Add(h.frame, ReservedValueOffset))
}

// InitialTermID is the log's initial term id.
func (h *Header) InitialTermID() int32 { return h.initialTermID }

// PositionBitsToShift is log2 of the term length.
func (h *Header) PositionBitsToShift() int { return int(h.positionBitsToShift) }

// FragmentedFrameLength is the term space the reassembled message took, or
// -1 for a single frame.
func (h *Header) FragmentedFrameLength() int32 { return h.fragmentedFrameLength }

// Context is the opaque value the reader was given (the C client passes the
// image).
func (h *Header) Context() unsafe.Pointer { return h.context }

// NextTermOffset is the offset after this frame or message, aligned
// (aeron_header_next_term_offset).
func (h *Header) NextTermOffset() int32 {
	occupancy := h.FrameLength()
	if h.fragmentedFrameLength > occupancy {
		occupancy = h.fragmentedFrameLength
	}
	return align32(h.TermOffset()+occupancy, FrameAlignment)
}

// Position is the stream position after this frame or message
// (aeron_header_position).
func (h *Header) Position() int64 {
	return ComputePosition(h.TermID(), h.NextTermOffset(), int(h.positionBitsToShift), h.initialTermID)
}

// FragmentHandler receives one fragment: its payload and header, both valid
// only during the call.
type FragmentHandler func(buf []byte, h *Header)

// Action is what a ControlledFragmentHandler tells the reader to do next
// (aeron_controlled_fragment_handler_action_t).
type Action int

// Controlled poll actions, with the C client's values.
const (
	// Abort the poll and leave the position before this fragment; it is
	// delivered again on the next poll.
	Abort Action = 1
	// Break out of the poll after this fragment; the position moves past it.
	Break Action = 2
	// Commit moves the subscriber position past this fragment now, then
	// continues.
	Commit Action = 3
	// Continue with the next fragment.
	Continue Action = 4
)

// ControlledFragmentHandler is a FragmentHandler that steers the poll.
type ControlledFragmentHandler func(buf []byte, h *Header) Action

// Reader reads a subscription's image of a log: it delivers the frames
// between the subscriber position and the tail, skipping padding, and then
// moves the subscriber position on. It mirrors aeron_image_t's poll functions
// (aeron_image.c) and the Java TermReader. One goroutine polls a Reader at a
// time.
type Reader struct {
	_                   CacheLinePad // header is written for every frame read
	terms               [PartitionCount]unsafe.Pointer
	subscriberPosition  *int64
	closed              ByteFlag
	termLength          int32
	termLengthMask      int32
	positionBitsToShift int32
	header              Header
	_                   CacheLinePad
}

// ReaderParams are what an image takes from the C client besides the log.
type ReaderParams struct {
	// SubscriberPosition is the image's subscriber position counter
	// (aeron_image_t.subscriber_position).
	SubscriberPosition Counter
	// Closed is the image's is_closed flag, checked before every frame as
	// the C client does. The zero ByteFlag is never set.
	Closed ByteFlag
	// Context is handed to handlers through Header.Context.
	Context unsafe.Pointer
}

// NewReader returns a reader of log at the subscriber position counter.
func NewReader(log *Log, params ReaderParams) *Reader {
	if params.SubscriberPosition.addr == nil {
		panic("logbuffer: a reader needs its subscriber position counter")
	}
	termLength := log.TermLength()
	r := &Reader{
		terms:               log.terms,
		subscriberPosition:  params.SubscriberPosition.addr,
		closed:              params.Closed,
		termLength:          int32(termLength),
		termLengthMask:      int32(termLength - 1),
		positionBitsToShift: int32(PositionBitsToShift(termLength)),
	}
	r.header = Header{
		initialTermID:         log.InitialTermID(),
		positionBitsToShift:   r.positionBitsToShift,
		fragmentedFrameLength: nullValue,
		context:               params.Context,
	}
	return r
}

// Position is the subscriber position (a plain read by the owning poller,
// as aeron_image_position does).
func (r *Reader) Position() int64 { return atomic.LoadInt64(r.subscriberPosition) }

// IsClosed mirrors AERON_GET_ACQUIRE(image->is_closed).
func (r *Reader) IsClosed() bool { return r.closed.IsSet() }

// Poll delivers up to fragmentLimit fragments of the current term from the
// subscriber position on, then moves the position past every frame read,
// padding included (aeron_image_poll). It returns the number of fragments
// delivered.
//
// A handler may panic: the panic leaves Poll with the frames read so far,
// the panicking one included, consumed (the position moves past them as on
// a normal return), and the frames after it wait for the next poll. The
// C client has no such case; the cost is one deferred call per poll that
// finds a frame, none per fragment.
func (r *Reader) Poll(handler FragmentHandler, fragmentLimit int) int {
	return r.poll(handler, nil, fragmentLimit)
}

// PollAssembled is Poll through the fragment assembler a (Poll with
// a.Handler()), except that an unfragmented message goes from the reader
// straight to a's delegate: one indirect call a message fewer.
func (r *Reader) PollAssembled(a *FragmentAssembler, fragmentLimit int) int {
	return r.poll(nil, a, fragmentLimit)
}

// poll is Poll with handler, or PollAssembled with a when a is not nil.
func (r *Reader) poll(handler FragmentHandler, a *FragmentAssembler, fragmentLimit int) int {
	initialPosition, term, initialOffset, ok := r.start()
	if !ok {
		return 0 // nothing to read: no deferred commit to arm
	}
	offset := initialOffset
	// progress is offset as of the frame being delivered, for the deferred
	// commit; the loop only writes it, so offset stays out of memory.
	progress := initialOffset
	done := false
	defer func() {
		if !done { // a handler panicked
			r.commit(initialPosition, initialOffset, progress)
		}
	}()
	fragmentsRead := 0
	for fragmentsRead < fragmentLimit && offset < r.termLength {
		if r.closed.IsSet() {
			break
		}
		frame := frameAt(term, offset)
		frameLength := frameLengthVolatile(frame) // AERON_GET_ACQUIRE(frame_length)
		if frameLength <= 0 {
			break
		}
		frameOffset := offset
		offset += align32(frameLength, FrameAlignment)
		if *(*int16)(unsafe.Add(frame, TypeOffset)) != TypePad {
			fragmentsRead++
			r.header.frame = frame
			progress = offset
			buf := unsafe.Slice((*byte)(unsafe.Add(term, frameOffset+HeaderLength)), frameLength-HeaderLength)
			switch {
			case a == nil:
				handler(buf, &r.header)
			case *(*uint8)(unsafe.Add(frame, FlagsOffset))&FlagsUnfragmented == FlagsUnfragmented:
				a.delegate(buf, &r.header)
			default:
				a.OnFragment(buf, &r.header)
			}
		}
	}
	done = true
	r.commit(initialPosition, initialOffset, offset)
	return fragmentsRead
}

// start is where a poll begins: the subscriber position, its term and
// offset in it, and whether there is a frame to read there (the image is
// open and the frame committed).
func (r *Reader) start() (position int64, term unsafe.Pointer, offset int32, ok bool) {
	if r.closed.IsSet() {
		return 0, nil, 0, false
	}
	position = atomic.LoadInt64(r.subscriberPosition) // C reads *subscriber_position; only this poller writes it
	term = r.terms[IndexByPosition(position, int(r.positionBitsToShift))]
	offset = int32(position) & r.termLengthMask
	return position, term, offset, frameLengthVolatile(frameAt(term, offset)) > 0
}

// commit moves the subscriber position past the frames read from
// initialOffset up to offset, unless there are none or the image closed.
func (r *Reader) commit(initialPosition int64, initialOffset, offset int32) {
	newPosition := initialPosition + int64(offset-initialOffset)
	if newPosition > initialPosition && !r.closed.IsSet() {
		storeRelease64(r.subscriberPosition, newPosition) // aeron_counter_set_release
	}
}

// ControlledPoll is Poll with a handler that can abort, break or commit
// (aeron_image_controlled_poll).
//
// A handler that panics acts as an abort: its frame stays unconsumed and is
// delivered again by the next poll; the frames before it are consumed.
func (r *Reader) ControlledPoll(handler ControlledFragmentHandler, fragmentLimit int) int {
	initialPosition, term, initialOffset, ok := r.start()
	if !ok {
		return 0
	}
	offset := initialOffset
	// pending is the offset a panicking handler leaves the position at: the
	// start of its own frame.
	pending := initialOffset
	done := false
	defer func() {
		if !done {
			r.commit(initialPosition, initialOffset, pending)
		}
	}()
	fragmentsRead := 0
	for fragmentsRead < fragmentLimit && offset < r.termLength {
		if r.closed.IsSet() {
			break
		}
		frame := frameAt(term, offset)
		frameLength := frameLengthVolatile(frame) // AERON_GET_ACQUIRE(frame_length)
		if frameLength <= 0 {
			break
		}
		frameOffset := offset
		aligned := align32(frameLength, FrameAlignment)
		offset += aligned
		if *(*int16)(unsafe.Add(frame, TypeOffset)) == TypePad {
			continue
		}
		fragmentsRead++
		r.header.frame = frame
		pending = frameOffset
		action := handler(unsafe.Slice((*byte)(unsafe.Add(term, frameOffset+HeaderLength)), frameLength-HeaderLength), &r.header)
		if action == Abort {
			fragmentsRead--
			offset -= aligned
			break
		}
		if action == Break {
			break
		}
		if action == Commit {
			initialPosition += int64(offset - initialOffset)
			initialOffset = offset
			if !r.closed.IsSet() {
				storeRelease64(r.subscriberPosition, initialPosition) // aeron_counter_set_release
			}
		}
	}
	done = true
	r.commit(initialPosition, initialOffset, offset)
	return fragmentsRead
}

// ReadTerm is the term reader on its own (Java TermReader.read): it reads
// frames of term from offset, delivering non-padding frames to handler with
// header, until fragmentLimit fragments, the end of the term, or a frame not
// yet committed. It returns the fragments delivered and the offset after the
// last frame consumed. header supplies the initial term id and position
// shift; its frame is set per fragment.
func ReadTerm(term []byte, offset int32, handler FragmentHandler, fragmentLimit int, header *Header) (fragmentsRead int, newOffset int32) {
	base := unsafe.Pointer(unsafe.SliceData(term))
	capacity := int32(len(term))
	for fragmentsRead < fragmentLimit && offset < capacity {
		frame := frameAt(base, offset)
		frameLength := frameLengthVolatile(frame) // Java getIntVolatile
		if frameLength <= 0 {
			break
		}
		frameOffset := offset
		offset += align32(frameLength, FrameAlignment)
		if *(*int16)(unsafe.Add(frame, TypeOffset)) != TypePad {
			fragmentsRead++
			header.frame = frame
			handler(term[frameOffset+HeaderLength:frameOffset+frameLength], header)
		}
	}
	return fragmentsRead, offset
}

// NewHeader returns a Header for ReadTerm over a log with this initial term
// id and term length.
func NewHeader(initialTermID int32, termLength int) *Header {
	return &Header{
		initialTermID:         initialTermID,
		positionBitsToShift:   int32(PositionBitsToShift(termLength)),
		fragmentedFrameLength: nullValue,
	}
}
