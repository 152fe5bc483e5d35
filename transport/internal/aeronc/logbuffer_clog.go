package aeronc

/*
#cgo CFLAGS: -I${SRCDIR}/../../../.aeron/include
#cgo LDFLAGS: -L${SRCDIR}/../../../.aeron/lib -laeron_driver_static -laeron_static -lbsd -luuid -lm -ldl -lpthread -lrt
#include <stdlib.h>
#include "logbuffer_shim.h"
*/
import "C"

import (
	"errors"
	"unsafe"
)

// CLog is a log buffer on C memory written and read by Aeron's own C client
// code: a concurrent or exclusive publication (aeron_publication_offer,
// aeron_exclusive_publication_offer, try-claim with aeron_buffer_claim_commit
// and _abort) and an image (aeron_image_poll, optionally through
// aeron_image_fragment_assembler_handler), with no driver or client
// conductor. The tests of transport/internal/logbuffer compare the Go
// log-buffer code against it; it is not used on any data path.
type CLog struct {
	p *C.aerongo_lb_t
}

// CLogParams describe the log and its publication.
type CLogParams struct {
	TermLength    int
	PageSize      int
	MTU           int
	InitialTermID int32
	SessionID     int32
	StreamID      int32
	CorrelationID int64
	Exclusive     bool
}

// NewCLog allocates the log, initialises its metadata with Aeron's
// aeron_logbuffer_metadata_init and its tails as the driver does, and creates
// the C publication and image over it. The publication limit starts high and
// is_connected at 0.
func NewCLog(p CLogParams) (*CLog, error) {
	excl := C.int(0)
	if p.Exclusive {
		excl = 1
	}
	h := C.aerongo_lb_new(C.int32_t(p.TermLength), C.int32_t(p.PageSize), C.int32_t(p.MTU), C.int32_t(p.InitialTermID),
		C.int32_t(p.SessionID), C.int32_t(p.StreamID), C.int64_t(p.CorrelationID), excl)
	if h == nil {
		return nil, errors.New("aeronc: cannot create the C log buffer")
	}
	return &CLog{p: h}, nil
}

// Close frees the C memory.
func (l *CLog) Close() {
	if l.p != nil {
		C.aerongo_lb_free(l.p)
		l.p = nil
	}
}

// Bytes is a copy of the whole log: three terms, then the metadata page last.
func (l *CLog) Bytes() []byte {
	return C.GoBytes(unsafe.Pointer(C.aerongo_lb_base(l.p)), C.int(C.aerongo_lb_length(l.p)))
}

// Memory is the log's C memory itself, valid until Close. Go code may read
// and write it as the other side of a shared log buffer.
func (l *CLog) Memory() []byte {
	return unsafe.Slice((*byte)(unsafe.Pointer(C.aerongo_lb_base(l.p))), int(C.aerongo_lb_length(l.p)))
}

// SetLimit stores the publication limit (aeron_counter_set_release).
func (l *CLog) SetLimit(v int64) { C.aerongo_lb_set_limit(l.p, C.int64_t(v)) }

// SetConnected stores the metadata's is_connected.
func (l *CLog) SetConnected(connected bool) {
	v := C.int32_t(0)
	if connected {
		v = 1
	}
	C.aerongo_lb_set_connected(l.p, v)
}

// SetPosition resets the tails to termID and termOffset as the driver does
// for a publication created at a position.
func (l *CLog) SetPosition(termID, termOffset int32) {
	C.aerongo_lb_set_position(l.p, C.int32_t(termID), C.int32_t(termOffset))
}

// SubscriberPosition is the image's subscriber position.
func (l *CLog) SubscriberPosition() int64 { return int64(C.aerongo_lb_subscriber_position(l.p)) }

// Offer calls the C publication's offer.
func (l *CLog) Offer(b []byte) int64 {
	var ptr *C.uint8_t
	if len(b) > 0 {
		ptr = (*C.uint8_t)(unsafe.Pointer(&b[0]))
	}
	return int64(C.aerongo_lb_offer(l.p, ptr, C.size_t(len(b))))
}

// Offerv calls the C publication's offerv with one iovec per element of vecs
// (at most 64).
func (l *CLog) Offerv(vecs [][]byte) int64 {
	var flat []byte
	lengths := make([]C.size_t, len(vecs))
	for i, v := range vecs {
		flat = append(flat, v...)
		lengths[i] = C.size_t(len(v))
	}
	flat = append(flat, 0) // never empty, so &flat[0] is valid
	var lp *C.size_t
	if len(lengths) > 0 {
		lp = &lengths[0]
	}
	return int64(C.aerongo_lb_offerv(l.p, (*C.uint8_t)(unsafe.Pointer(&flat[0])), lp, C.size_t(len(vecs))))
}

// TryClaim claims length bytes, fills them with fill, then commits (or
// aborts) the claim.
func (l *CLog) TryClaim(length int, fill byte, abort bool) int64 {
	a := C.int(0)
	if abort {
		a = 1
	}
	return int64(C.aerongo_lb_try_claim(l.p, C.size_t(length), C.uint8_t(fill), a))
}

// AppendPadding calls aeron_exclusive_publication_append_padding.
func (l *CLog) AppendPadding(length int) int64 {
	return int64(C.aerongo_lb_append_padding(l.p, C.size_t(length)))
}

// Position is the C publication's position.
func (l *CLog) Position() int64 { return int64(C.aerongo_lb_position(l.p)) }

// CFragment is what the C image's handler saw for one fragment or message.
type CFragment struct {
	// BufferOffset is the payload's offset from the start of the log, or -1
	// for a message the C fragment assembler reassembled.
	BufferOffset          int64
	Position              int64
	ReservedValue         int64
	Length                int32
	TermID                int32
	TermOffset            int32
	SessionID             int32
	StreamID              int32
	FrameLength           int32
	FragmentedFrameLength int32
	Checksum              uint32 // FNV-1a 32 of the payload
	Flags                 uint8
}

// Poll calls aeron_image_poll with fragmentLimit (through the C image
// fragment assembler when assemble is set) and returns what the handler saw.
func (l *CLog) Poll(fragmentLimit int, assemble bool) []CFragment {
	out := make([]C.aerongo_lb_fragment_t, fragmentLimit)
	a := C.int(0)
	if assemble {
		a = 1
	}
	var op *C.aerongo_lb_fragment_t
	if len(out) > 0 {
		op = &out[0]
	}
	n := int(C.aerongo_lb_poll(l.p, op, C.int(len(out)), C.int(fragmentLimit), a))
	return convertFragments(out[:n])
}

func convertFragments(out []C.aerongo_lb_fragment_t) []CFragment {
	res := make([]CFragment, len(out))
	for i := range res {
		f := &out[i]
		res[i] = CFragment{
			BufferOffset:          int64(f.buffer_offset),
			Position:              int64(f.position),
			ReservedValue:         int64(f.reserved_value),
			Length:                int32(f.length),
			TermID:                int32(f.term_id),
			TermOffset:            int32(f.term_offset),
			SessionID:             int32(f.session_id),
			StreamID:              int32(f.stream_id),
			FrameLength:           int32(f.frame_length),
			FragmentedFrameLength: int32(f.fragmented_frame_length),
			Checksum:              uint32(f.checksum),
			Flags:                 uint8(f.flags),
		}
	}
	return res
}

// BenchOffer runs n offers of msg in one C call (see aerongo_lb_bench_offer)
// and returns how many succeeded.
func (l *CLog) BenchOffer(msg []byte, n int) int {
	return int(C.aerongo_lb_bench_offer(l.p, (*C.uint8_t)(unsafe.Pointer(unsafe.SliceData(msg))), C.size_t(len(msg)), C.int64_t(n)))
}

// BenchPoll polls the image in one C call until n fragments were seen,
// winding the subscriber position back to 0 whenever a poll finds nothing.
func (l *CLog) BenchPoll(n, fragmentLimit int) int {
	return int(C.aerongo_lb_bench_poll(l.p, C.int64_t(n), C.int(fragmentLimit)))
}

// ControlledPoll calls aeron_image_controlled_poll (through the C image
// controlled fragment assembler when assemble is set) with a handler that
// records each delivery and answers with actions[*next % len(actions)]
// (Aeron's action values: 1 abort, 2 break, 3 commit, 4 continue),
// advancing *next.
func (l *CLog) ControlledPoll(fragmentLimit int, assemble bool, actions []int32, next *int64) []CFragment {
	out := make([]C.aerongo_lb_fragment_t, fragmentLimit+1)
	a := C.int(0)
	if assemble {
		a = 1
	}
	idx := C.int64_t(*next)
	n := int(C.aerongo_lb_controlled_poll(l.p, &out[0], C.int(len(out)), C.int(fragmentLimit), a,
		(*C.int32_t)(unsafe.Pointer(&actions[0])), C.int(len(actions)), &idx))
	*next = int64(idx)
	return convertFragments(out[:n])
}

// LogLayoutOffsets returns, from the C compiler, the offsetof of every
// aeron_logbuffer_metadata_t field in declaration order and its sizeof, then
// the aeron_data_header_t field offsets and sizeof, then the offsets of
// is_closed in aeron_publication_t, aeron_exclusive_publication_t and
// aeron_image_t.
func LogLayoutOffsets() []int64 {
	out := make([]C.int64_t, 64)
	n := int(C.aerongo_lb_metadata_offsets(&out[0], C.int(len(out))))
	res := make([]int64, n)
	for i := range res {
		res[i] = int64(out[i])
	}
	return res
}
