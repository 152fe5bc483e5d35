package aeronc

/*
#cgo noescape aeron_publication_offer
#cgo nocallback aeron_publication_offer
#cgo noescape aeron_exclusive_publication_offer
#cgo nocallback aeron_exclusive_publication_offer
#cgo noescape aeron_publication_try_claim
#cgo nocallback aeron_publication_try_claim
#cgo noescape aeron_exclusive_publication_try_claim
#cgo nocallback aeron_exclusive_publication_try_claim
#cgo noescape aeron_publication_offerv
#cgo nocallback aeron_publication_offerv
#cgo noescape aeron_exclusive_publication_offerv
#cgo nocallback aeron_exclusive_publication_offerv
#cgo nocallback aeron_publication_position
#cgo nocallback aeron_exclusive_publication_position
#cgo nocallback aeron_publication_is_connected
#cgo nocallback aeron_exclusive_publication_is_connected
#include <stdlib.h>
#include "shim.h"
*/
import "C"

import (
	"runtime"
	"sync"
	"sync/atomic"
	"unsafe"
)

// Offer outcomes below zero (aeronc.h AERON_PUBLICATION_*).
const (
	PublicationNotConnected        = -1
	PublicationBackPressured       = -2
	PublicationAdminAction         = -3
	PublicationClosed              = -4
	PublicationMaxPositionExceeded = -5
	PublicationError               = -6
)

// DataHeaderLength is the length of an Aeron data frame header.
const DataHeaderLength = 32

// PublicationConstants are the values Aeron fixes when a publication is added.
type PublicationConstants struct {
	Channel                   string
	RegistrationID            int64
	OriginalRegistrationID    int64
	MaxPossiblePosition       int64
	MaxMessageLength          int32
	MaxPayloadLength          int32
	TermBufferLength          int32
	StreamID                  int32
	SessionID                 int32
	InitialTermID             int32
	PublicationLimitCounterID int32
	ChannelStatusIndicatorID  int32
}

// Publication is an aeron_publication_t or, for an exclusive publication, an
// aeron_exclusive_publication_t. Close must not race with the other methods.
type Publication struct {
	pub *C.aeron_publication_t
	ex  *C.aeron_exclusive_publication_t

	// Guards the scratch iovec array and pinner of the fragmented Offerv path.
	ovMu     sync.Mutex
	iov      *C.aeron_iovec_t
	iovCap   int
	ovPinner runtime.Pinner

	Constants PublicationConstants
}

// AsyncPublication is an add-publication request in flight.
type AsyncPublication struct {
	client    *Client
	async     *C.aeron_async_add_publication_t
	asyncEx   *C.aeron_async_add_exclusive_publication_t
	exclusive bool
}

// AddPublication starts adding a publication (exclusive or concurrent).
func (c *Client) AddPublication(channel string, streamID int32, exclusive bool) (*AsyncPublication, error) {
	uri := C.CString(channel)
	defer C.free(unsafe.Pointer(uri))
	a := &AsyncPublication{client: c, exclusive: exclusive}
	var r C.aerongo_result_t
	if exclusive {
		if C.aerongo_add_exclusive_publication(&a.asyncEx, c.client, uri, C.int32_t(streamID), &r) < 0 {
			return nil, resultError("aeron add exclusive publication", &r)
		}
		return a, nil
	}
	if C.aerongo_add_publication(&a.async, c.client, uri, C.int32_t(streamID), &r) < 0 {
		return nil, resultError("aeron add publication", &r)
	}
	return a, nil
}

// Poll returns the publication once the driver has added it, nil while it is
// still pending, or the driver's error.
func (a *AsyncPublication) Poll() (*Publication, error) {
	var r C.aerongo_result_t
	p := &Publication{}
	if a.exclusive {
		if C.aerongo_add_exclusive_publication_poll(&p.ex, a.asyncEx, &r) < 0 {
			return nil, resultError("aeron add exclusive publication", &r)
		}
		if p.ex == nil {
			return nil, nil
		}
	} else {
		if C.aerongo_add_publication_poll(&p.pub, a.async, &r) < 0 {
			return nil, resultError("aeron add publication", &r)
		}
		if p.pub == nil {
			return nil, nil
		}
	}
	p.loadConstants()
	return p, nil
}

// Cancel abandons the request; Aeron closes the publication if it was added.
func (a *AsyncPublication) Cancel() {
	if a.exclusive {
		C.aeron_async_add_exclusive_publication_cancel(a.client.client, a.asyncEx)
		return
	}
	C.aeron_async_add_publication_cancel(a.client.client, a.async)
}

func (p *Publication) loadConstants() {
	var c C.aerongo_pub_constants_t
	var channel *C.char
	if p.ex != nil {
		C.aerongo_exclusive_publication_constants(p.ex, &c, &channel)
	} else {
		C.aerongo_publication_constants(p.pub, &c, &channel)
	}
	p.Constants = PublicationConstants{
		RegistrationID:            int64(c.registration_id),
		OriginalRegistrationID:    int64(c.original_registration_id),
		MaxPossiblePosition:       int64(c.max_possible_position),
		MaxMessageLength:          int32(c.max_message_length),
		MaxPayloadLength:          int32(c.max_payload_length),
		TermBufferLength:          int32(c.term_buffer_length),
		StreamID:                  int32(c.stream_id),
		SessionID:                 int32(c.session_id),
		InitialTermID:             int32(c.initial_term_id),
		PublicationLimitCounterID: int32(c.publication_limit_counter_id),
		ChannelStatusIndicatorID:  int32(c.channel_status_indicator_id),
	}
	if channel != nil {
		p.Constants.Channel = C.GoString(channel)
	}
}

// Exclusive reports whether this is an exclusive publication.
func (p *Publication) Exclusive() bool { return p.ex != nil }

// Offer appends msg as one message (fragmented when longer than the max
// payload length) and returns the new position or a negative Publication* code.
func (p *Publication) Offer(msg []byte) int64 {
	if p.ex != nil {
		return int64(C.aeron_exclusive_publication_offer(p.ex, bytesPtr(msg), C.size_t(len(msg)), nil, nil))
	}
	return int64(C.aeron_publication_offer(p.pub, bytesPtr(msg), C.size_t(len(msg)), nil, nil))
}

// Claim is a claimed range in the publication's term buffer, written in
// place and then committed or aborted.
type Claim struct {
	frame  unsafe.Pointer
	data   unsafe.Pointer
	length int
}

// Buffer is the claimed payload range.
func (c *Claim) Buffer() []byte {
	if c.data == nil {
		return nil
	}
	return unsafe.Slice((*byte)(c.data), c.length)
}

// Valid reports whether the claim holds a claimed range.
func (c *Claim) Valid() bool { return c.frame != nil }

// TryClaim claims n bytes (n <= max payload length) and returns the new
// position or a negative Publication* code.
func (p *Publication) TryClaim(n int, claim *Claim) int64 {
	var bc C.aeron_buffer_claim_t
	var rc C.int64_t
	if p.ex != nil {
		rc = C.aeron_exclusive_publication_try_claim(p.ex, C.size_t(n), &bc)
	} else {
		rc = C.aeron_publication_try_claim(p.pub, C.size_t(n), &bc)
	}
	if rc > 0 {
		claim.frame = unsafe.Pointer(bc.frame_header)
		claim.data = unsafe.Pointer(bc.data)
		claim.length = int(bc.length)
	}
	return int64(rc)
}

// CommitClaim publishes a claimed frame: a release store of its frame length,
// as aeron_buffer_claim_commit does.
func CommitClaim(c *Claim) {
	if c.frame == nil {
		return
	}
	atomic.StoreInt32((*int32)(c.frame), int32(c.length+DataHeaderLength))
	c.frame, c.data, c.length = nil, nil, 0
}

// AbortClaim turns a claimed frame into padding the subscribers skip, as
// aeron_buffer_claim_abort does.
func AbortClaim(c *Claim) {
	if c.frame == nil {
		return
	}
	*(*int16)(unsafe.Add(c.frame, 6)) = 0 // frame type PAD
	atomic.StoreInt32((*int32)(c.frame), int32(c.length+DataHeaderLength))
	c.frame, c.data, c.length = nil, nil, 0
}

// Offerv offers the concatenation of parts as one message. A message that
// fits in one frame is written through TryClaim; a longer one goes through
// aeron_*_offerv with the parts pinned for the call.
func (p *Publication) Offerv(parts [][]byte) int64 {
	total := 0
	for _, b := range parts {
		total += len(b)
	}
	if total <= int(p.Constants.MaxPayloadLength) {
		var c Claim
		rc := p.TryClaim(total, &c)
		if rc <= 0 {
			return rc
		}
		buf := c.Buffer()
		off := 0
		for _, b := range parts {
			off += copy(buf[off:], b)
		}
		CommitClaim(&c)
		return rc
	}
	return p.offervFragmented(parts)
}

func (p *Publication) offervFragmented(parts [][]byte) int64 {
	p.ovMu.Lock()
	defer p.ovMu.Unlock()
	if p.iovCap < len(parts) {
		if p.iov != nil {
			C.free(unsafe.Pointer(p.iov))
		}
		p.iov = (*C.aeron_iovec_t)(C.calloc(C.size_t(len(parts)), C.size_t(unsafe.Sizeof(C.aeron_iovec_t{}))))
		p.iovCap = len(parts)
	}
	iov := unsafe.Slice(p.iov, len(parts))
	for i, b := range parts {
		if len(b) > 0 {
			p.ovPinner.Pin(unsafe.SliceData(b))
		}
		iov[i].iov_base = bytesPtr(b)
		iov[i].iov_len = C.size_t(len(b))
	}
	var rc C.int64_t
	if p.ex != nil {
		rc = C.aeron_exclusive_publication_offerv(p.ex, p.iov, C.size_t(len(parts)), nil, nil)
	} else {
		rc = C.aeron_publication_offerv(p.pub, p.iov, C.size_t(len(parts)), nil, nil)
	}
	for i := range iov {
		iov[i].iov_base = nil
	}
	p.ovPinner.Unpin()
	return int64(rc)
}

// Position is the publication's current position, or a negative code when closed.
func (p *Publication) Position() int64 {
	if p.ex != nil {
		return int64(C.aeron_exclusive_publication_position(p.ex))
	}
	return int64(C.aeron_publication_position(p.pub))
}

// IsConnected reports whether a subscriber is connected.
func (p *Publication) IsConnected() bool {
	if p.ex != nil {
		return bool(C.aeron_exclusive_publication_is_connected(p.ex))
	}
	return bool(C.aeron_publication_is_connected(p.pub))
}

// IsClosed reports whether Aeron considers the publication closed.
func (p *Publication) IsClosed() bool {
	if p.ex != nil {
		return bool(C.aeron_exclusive_publication_is_closed(p.ex))
	}
	return bool(C.aeron_publication_is_closed(p.pub))
}

// ChannelStatus is the channel status indicator's value (1 active, -1 errored).
func (p *Publication) ChannelStatus() int64 {
	if p.ex != nil {
		return int64(C.aeron_exclusive_publication_channel_status(p.ex))
	}
	return int64(C.aeron_publication_channel_status(p.pub))
}

// Close asks Aeron to close the publication; the value must not be used after.
func (p *Publication) Close() {
	if p.ex != nil {
		C.aeron_exclusive_publication_close(p.ex, nil, nil)
	} else if p.pub != nil {
		C.aeron_publication_close(p.pub, nil, nil)
	}
	p.ex, p.pub = nil, nil
	if p.iov != nil {
		C.free(unsafe.Pointer(p.iov))
		p.iov, p.iovCap = nil, 0
	}
}

// Detach frees the Go-side resources of a publication whose client is
// closing (aeron_close frees the publication itself); the value must not be
// used after.
func (p *Publication) Detach() {
	p.ex, p.pub = nil, nil
	if p.iov != nil {
		C.free(unsafe.Pointer(p.iov))
		p.iov, p.iovCap = nil, 0
	}
}
