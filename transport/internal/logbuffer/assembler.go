package logbuffer

import "unsafe"

const (
	// assemblerMinCapacity is AERON_BUFFER_BUILDER_MIN_ALLOCATED_CAPACITY.
	assemblerMinCapacity = 4096
	// assemblerMaxCapacity is AERON_BUFFER_BUILDER_MAX_CAPACITY.
	assemblerMaxCapacity = 1<<31 - 1 - 8
)

// builder is the reassembly state of one image (aeron_buffer_builder_t):
// the payload so far, the term offset the next fragment must have, and a
// copy of the first fragment's header.
type builder struct {
	buf              []byte
	nextTermOffset   int32
	firstFrameLength int32
	header           Header
	frame            [HeaderLength]byte // copy of the first fragment's header
}

func (b *builder) init() {
	b.nextTermOffset = nullValue
	b.header.frame = unsafe.Pointer(&b.frame)
	b.header.fragmentedFrameLength = nullValue
}

// reset mirrors aeron_buffer_builder_reset.
func (b *builder) reset() {
	b.buf = b.buf[:0]
	b.nextTermOffset = nullValue
	b.header.fragmentedFrameLength = nullValue
	b.header.context = nil
}

// begin starts a message at its BEGIN fragment (reset, capture_header,
// append, next_term_offset).
func (b *builder) begin(buf []byte, h *Header) {
	b.reset()
	b.header.initialTermID = h.initialTermID
	b.header.positionBitsToShift = h.positionBitsToShift
	b.firstFrameLength = h.FrameLength()
	b.frame = *(*[HeaderLength]byte)(h.frame)
	b.append(buf)
	b.nextTermOffset = h.NextTermOffset()
}

// continues reports whether h is the next fragment of the message being
// built: at the expected term offset (as the C assembler checks) and, as a
// further guard, of the same term and session.
func (b *builder) continues(h *Header) bool {
	return b.nextTermOffset == h.TermOffset() && b.header.TermID() == h.TermID() && b.header.SessionID() == h.SessionID()
}

// complete mirrors aeron_buffer_builder_complete_header.
func (b *builder) complete(h *Header) *Header {
	b.header.context = h.context
	maxPayload := int(b.firstFrameLength) - HeaderLength
	b.header.fragmentedFrameLength = int32(ComputeFragmentedLength(len(b.buf), maxPayload))
	*(*int32)(unsafe.Pointer(&b.frame)) = int32(HeaderLength + len(b.buf))
	b.frame[FlagsOffset] |= h.Flags()
	return &b.header
}

func (b *builder) append(p []byte) {
	required := len(b.buf) + len(p)
	if required > cap(b.buf) {
		b.grow(required)
	}
	b.buf = append(b.buf, p...)
}

// grow mirrors aeron_buffer_builder_find_suitable_capacity.
func (b *builder) grow(required int) {
	capacity := cap(b.buf)
	for capacity < required {
		capacity = max(capacity+capacity>>1, assemblerMinCapacity)
		if capacity > assemblerMaxCapacity {
			capacity = assemblerMaxCapacity
			break
		}
	}
	nb := make([]byte, len(b.buf), capacity)
	copy(nb, b.buf)
	b.buf = nb
}

// FragmentAssembler reassembles the BEGIN, MIDDLE... and END fragments of one
// image's messages into a reusable buffer and hands whole messages to its
// delegate; unfragmented messages pass straight through. It mirrors the C
// client's aeron_image_fragment_assembler_t and buffer builder, and the Java
// ImageFragmentAssembler. A fragment that does not continue the message
// being built (another term offset, term id or session) drops the partial
// message. The buffer grows by half again, from 4 KiB, and is kept, so
// steady state allocates nothing.
type FragmentAssembler struct {
	_        CacheLinePad // a poll sets delegate
	delegate FragmentHandler
	handler  FragmentHandler
	b        builder
	_        CacheLinePad
}

// NewFragmentAssembler returns an assembler delivering whole messages to delegate.
func NewFragmentAssembler(delegate FragmentHandler) *FragmentAssembler {
	a := &FragmentAssembler{delegate: delegate}
	a.b.init()
	a.handler = a.OnFragment
	return a
}

// Handler is OnFragment as a FragmentHandler, created once so that passing
// it to Poll allocates nothing.
func (a *FragmentAssembler) Handler() FragmentHandler { return a.handler }

// Reset drops a partially assembled message.
func (a *FragmentAssembler) Reset() { a.b.reset() }

// Capacity is the length of the reassembly buffer.
func (a *FragmentAssembler) Capacity() int { return cap(a.b.buf) }

// OnFragment takes one fragment (aeron_image_fragment_assembler_handler).
func (a *FragmentAssembler) OnFragment(buf []byte, h *Header) {
	flags := h.Flags()
	switch {
	case flags&FlagsUnfragmented == FlagsUnfragmented:
		a.delegate(buf, h)
	case flags&FlagBegin == FlagBegin:
		a.b.begin(buf, h)
	case a.b.continues(h):
		a.b.append(buf)
		if flags&FlagEnd == FlagEnd {
			a.deliver(h)
		} else {
			a.b.nextTermOffset = h.NextTermOffset()
		}
	default:
		a.b.reset()
	}
}

// deliver hands the assembled message to the delegate and resets the
// builder, also when the delegate panics (the reader counts the message as
// consumed then).
func (a *FragmentAssembler) deliver(h *Header) {
	defer a.b.reset()
	a.delegate(a.b.buf, a.b.complete(h))
}

// SetDelegate replaces the handler of whole messages, for a poller that
// hands each poll's handler straight to the assembler.
func (a *FragmentAssembler) SetDelegate(delegate FragmentHandler) { a.delegate = delegate }

// ControlledFragmentAssembler is the FragmentAssembler for controlled polls
// (aeron_image_controlled_fragment_assembler_handler, Java
// ImageControlledFragmentAssembler): the delegate's action for a whole
// message is returned for its last fragment, and when the delegate aborts,
// the last fragment is taken back out of the buffer so that the poll can
// deliver it again.
type ControlledFragmentAssembler struct {
	_        CacheLinePad // a poll sets delegate
	delegate ControlledFragmentHandler
	handler  ControlledFragmentHandler
	b        builder
	_        CacheLinePad
}

// NewControlledFragmentAssembler returns an assembler delivering whole
// messages to delegate.
func NewControlledFragmentAssembler(delegate ControlledFragmentHandler) *ControlledFragmentAssembler {
	a := &ControlledFragmentAssembler{delegate: delegate}
	a.b.init()
	a.handler = a.OnFragment
	return a
}

// Handler is OnFragment as a ControlledFragmentHandler, created once.
func (a *ControlledFragmentAssembler) Handler() ControlledFragmentHandler { return a.handler }

// Reset drops a partially assembled message.
func (a *ControlledFragmentAssembler) Reset() { a.b.reset() }

// OnFragment takes one fragment and returns the action for the poll.
func (a *ControlledFragmentAssembler) OnFragment(buf []byte, h *Header) Action {
	flags := h.Flags()
	action := Continue
	switch {
	case flags&FlagsUnfragmented == FlagsUnfragmented:
		action = a.delegate(buf, h)
	case flags&FlagBegin == FlagBegin:
		a.b.begin(buf, h)
	case a.b.continues(h):
		limit := len(a.b.buf)
		a.b.append(buf)
		if flags&FlagEnd == FlagEnd {
			action = a.deliver(h, limit)
		} else {
			a.b.nextTermOffset = h.NextTermOffset()
		}
	default:
		a.b.reset()
	}
	return action
}

// deliver hands the assembled message to the delegate. When it aborts, or
// panics (the reader leaves that fragment unconsumed then), the last
// fragment, which ends at limit, is taken back out of the buffer so that the
// next poll can deliver it again; otherwise the builder is reset.
func (a *ControlledFragmentAssembler) deliver(h *Header, limit int) (action Action) {
	action = Abort
	defer func() {
		if action == Abort {
			a.b.buf = a.b.buf[:limit]
		} else {
			a.b.reset()
		}
	}()
	return a.delegate(a.b.buf, a.b.complete(h))
}

// SetDelegate replaces the handler of whole messages, for a poller that
// hands each poll's handler straight to the assembler.
func (a *ControlledFragmentAssembler) SetDelegate(delegate ControlledFragmentHandler) {
	a.delegate = delegate
}
