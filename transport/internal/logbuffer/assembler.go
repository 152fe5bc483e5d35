package logbuffer

import "unsafe"

const (
	// assemblerMinCapacity is AERON_BUFFER_BUILDER_MIN_ALLOCATED_CAPACITY.
	assemblerMinCapacity = 4096
	// assemblerMaxCapacity is AERON_BUFFER_BUILDER_MAX_CAPACITY.
	assemblerMaxCapacity = 1<<31 - 1 - 8
)

// FragmentAssembler reassembles the BEGIN, MIDDLE... and END fragments of one
// image's messages into a reusable buffer and hands whole messages to its
// delegate; unfragmented messages pass straight through. It mirrors the C
// client's aeron_image_fragment_assembler_t and buffer builder, and the Java
// ImageFragmentAssembler. A fragment that does not continue the message
// being built (another term offset, term id or session) drops the partial
// message. The buffer grows by half again, from 4 KiB, and is kept, so
// steady state allocates nothing.
type FragmentAssembler struct {
	delegate         FragmentHandler
	handler          FragmentHandler
	buf              []byte
	nextTermOffset   int32
	firstFrameLength int32
	header           Header
	frame            [HeaderLength]byte // copy of the first fragment's header
}

// NewFragmentAssembler returns an assembler delivering whole messages to delegate.
func NewFragmentAssembler(delegate FragmentHandler) *FragmentAssembler {
	a := &FragmentAssembler{delegate: delegate, nextTermOffset: nullValue}
	a.header.frame = unsafe.Pointer(&a.frame)
	a.header.fragmentedFrameLength = nullValue
	a.handler = a.OnFragment
	return a
}

// Handler is OnFragment as a FragmentHandler, created once so that passing
// it to Poll allocates nothing.
func (a *FragmentAssembler) Handler() FragmentHandler { return a.handler }

// Reset drops a partially assembled message.
func (a *FragmentAssembler) Reset() {
	a.buf = a.buf[:0]
	a.nextTermOffset = nullValue
	a.header.fragmentedFrameLength = nullValue
	a.header.context = nil
}

// OnFragment takes one fragment (aeron_image_fragment_assembler_handler).
func (a *FragmentAssembler) OnFragment(buf []byte, h *Header) {
	flags := h.Flags()
	switch {
	case flags&FlagsUnfragmented == FlagsUnfragmented:
		a.delegate(buf, h)
	case flags&FlagBegin == FlagBegin:
		a.Reset()
		// aeron_buffer_builder_capture_header
		a.header.initialTermID = h.initialTermID
		a.header.positionBitsToShift = h.positionBitsToShift
		a.firstFrameLength = h.FrameLength()
		a.frame = *(*[HeaderLength]byte)(h.frame)
		a.append(buf)
		a.nextTermOffset = h.NextTermOffset()
	case a.nextTermOffset == h.TermOffset() && a.header.TermID() == h.TermID() && a.header.SessionID() == h.SessionID():
		a.append(buf)
		if flags&FlagEnd == FlagEnd {
			a.complete(h)
			a.delegate(a.buf, &a.header)
			a.Reset()
		} else {
			a.nextTermOffset = h.NextTermOffset()
		}
	default:
		a.Reset()
	}
}

// complete mirrors aeron_buffer_builder_complete_header.
func (a *FragmentAssembler) complete(h *Header) {
	a.header.context = h.context
	maxPayload := int(a.firstFrameLength) - HeaderLength
	a.header.fragmentedFrameLength = int32(ComputeFragmentedLength(len(a.buf), maxPayload))
	*(*int32)(unsafe.Pointer(&a.frame)) = int32(HeaderLength + len(a.buf))
	a.frame[FlagsOffset] |= h.Flags()
}

func (a *FragmentAssembler) append(b []byte) {
	required := len(a.buf) + len(b)
	if required > cap(a.buf) {
		a.grow(required)
	}
	a.buf = append(a.buf, b...)
}

// grow mirrors aeron_buffer_builder_find_suitable_capacity.
func (a *FragmentAssembler) grow(required int) {
	capacity := cap(a.buf)
	for capacity < required {
		capacity = max(capacity+capacity>>1, assemblerMinCapacity)
		if capacity > assemblerMaxCapacity {
			capacity = assemblerMaxCapacity
			break
		}
	}
	nb := make([]byte, len(a.buf), capacity)
	copy(nb, a.buf)
	a.buf = nb
}

// Capacity is the length of the reassembly buffer.
func (a *FragmentAssembler) Capacity() int { return cap(a.buf) }
