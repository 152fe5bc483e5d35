package aeronc

/*
#include <stdlib.h>
#include "shim.h"
*/
import "C"

import (
	"runtime/cgo"
	"sync"
	"sync/atomic"
	"unsafe"
)

// Controlled poll actions (aeron_controlled_fragment_handler_action_t).
const (
	ActionAbort    = 1
	ActionBreak    = 2
	ActionCommit   = 3
	ActionContinue = 4
)

// FragmentHeader is the header of a delivered message (for a reassembled
// message, of its last fragment) and the position after it.
type FragmentHeader struct {
	ReservedValue       int64
	Position            int64
	FrameLength         int32
	TermOffset          int32
	SessionID           int32
	StreamID            int32
	TermID              int32
	InitialTermID       int32
	PositionBitsToShift int32
	Type                int16
	Flags               uint8
	Version             int8
}

// Image describes an image (one publisher's stream as seen by a subscription).
type Image struct {
	SourceIdentity       string
	CorrelationID        int64
	JoinPosition         int64
	PositionBitsToShift  int32
	TermBufferLength     int32
	MTULength            int32
	SessionID            int32
	InitialTermID        int32
	SubscriberPositionID int32
}

// SubscriptionHandler receives a subscription's image events. OnImage runs
// on the client conductor's thread.
type SubscriptionHandler interface {
	OnImage(img Image, available bool)
}

// FragmentSink is implemented by a SubscriptionHandler that also receives
// the messages of the C client's poll (Subscription.Poll and
// ControlledPoll); those methods run on the polling goroutine. A handler
// that only reads through an ImagePoller need not implement it.
type FragmentSink interface {
	OnFragment(msg []byte, h *FragmentHeader)
	OnControlledFragment(msg []byte, h *FragmentHeader) int
}

// subState is the Go side of a subscription that C calls back into: found by
// a cgo.Handle from the image and close callbacks (conductor thread) and by a
// slot index from the fragment callbacks (polling goroutine, no allocation).
type subState struct {
	handler SubscriptionHandler
	frag    FragmentSink // handler as a FragmentSink, or nil
	client  *Client
	handle  cgo.Handle
	slot    uintptr

	header     FragmentHeader
	panicked   bool
	panicValue any

	released atomic.Bool
}

func (s *subState) recoverHandlerPanic() {
	if r := recover(); r != nil {
		s.panicked = true
		s.panicValue = r
	}
}

// rethrow re-panics on the polling goroutine, outside C frames, with a
// handler's panic.
func (s *subState) rethrow() {
	if !s.panicked {
		return
	}
	v := s.panicValue
	s.panicked, s.panicValue = false, nil
	panic(v)
}

// release drops the handle and the slot; safe to call more than once.
func (s *subState) release() {
	if !s.released.CompareAndSwap(false, true) {
		return
	}
	s.client.untrack(s)
	freeSlot(s.slot)
	s.handle.Delete()
}

// The slot table maps the clientd of the fragment assemblers to subscription
// state without a map lookup or allocation per fragment.
var slots struct {
	mu    sync.Mutex
	table atomic.Pointer[[]*subState]
	free  []uintptr
}

func allocSlot(s *subState) uintptr {
	slots.mu.Lock()
	defer slots.mu.Unlock()
	var cur []*subState
	if p := slots.table.Load(); p != nil {
		cur = *p
	}
	var idx uintptr
	if n := len(slots.free); n > 0 {
		idx = slots.free[n-1]
		slots.free = slots.free[:n-1]
	} else {
		idx = uintptr(len(cur))
		if idx == 0 {
			idx = 1 // 0 is never a valid slot
		}
	}
	next := make([]*subState, max(len(cur), int(idx)+1))
	copy(next, cur)
	next[idx] = s
	slots.table.Store(&next)
	return idx
}

func freeSlot(idx uintptr) {
	slots.mu.Lock()
	defer slots.mu.Unlock()
	p := slots.table.Load()
	if p == nil || int(idx) >= len(*p) || (*p)[idx] == nil {
		return
	}
	next := make([]*subState, len(*p))
	copy(next, *p)
	next[idx] = nil
	slots.table.Store(&next)
	slots.free = append(slots.free, idx)
}

func lookupSlot(idx uintptr) *subState {
	p := slots.table.Load()
	if p == nil || int(idx) >= len(*p) {
		return nil
	}
	return (*p)[idx]
}

// Subscription is an aeron_subscription_t with its fragment assemblers.
// Poll and ControlledPoll must be called from one goroutine at a time, and
// Close must not race with them (the transport package serialises that).
type Subscription struct {
	sub        *C.aeron_subscription_t
	assembler  *C.aeron_fragment_assembler_t
	controlled *C.aeron_controlled_fragment_assembler_t
	state      *subState

	Channel                  string
	StreamID                 int32
	RegistrationID           int64
	ChannelStatusIndicatorID int32
}

// AsyncSubscription is an add-subscription request in flight.
type AsyncSubscription struct {
	client  *Client
	async   *C.aeron_async_add_subscription_t
	state   *subState
	channel string
	stream  int32
}

// AddSubscription starts adding a subscription whose messages and image
// events go to handler.
func (c *Client) AddSubscription(channel string, streamID int32, handler SubscriptionHandler) (*AsyncSubscription, error) {
	s := &subState{handler: handler, client: c}
	s.frag, _ = handler.(FragmentSink)
	s.handle = cgo.NewHandle(s)
	s.slot = allocSlot(s)
	c.track(s)

	uri := C.CString(channel)
	defer C.free(unsafe.Pointer(uri))
	a := &AsyncSubscription{client: c, state: s, channel: channel, stream: streamID}
	var r C.aerongo_result_t
	if C.aerongo_add_subscription(&a.async, c.client, uri, C.int32_t(streamID), C.uintptr_t(s.handle), &r) < 0 {
		s.release()
		return nil, resultError("aeron add subscription", &r)
	}
	return a, nil
}

// Poll returns the subscription once the driver has added it, nil while it
// is still pending, or the driver's error.
func (a *AsyncSubscription) Poll() (*Subscription, error) {
	var r C.aerongo_result_t
	s := &Subscription{state: a.state, Channel: a.channel, StreamID: a.stream}
	if C.aerongo_add_subscription_poll(&s.sub, a.async, &r) < 0 {
		// Aeron will not call back for a subscription that failed to add.
		a.state.release()
		return nil, resultError("aeron add subscription", &r)
	}
	if s.sub == nil {
		return nil, nil
	}
	if C.aerongo_assemblers_create(&s.assembler, &s.controlled, C.uintptr_t(a.state.slot), &r) < 0 {
		C.aerongo_subscription_close(s.sub, C.uintptr_t(a.state.handle))
		return nil, resultError("aeron fragment assembler", &r)
	}
	var c C.aeron_subscription_constants_t
	if C.aeron_subscription_constants(s.sub, &c) == 0 {
		s.RegistrationID = int64(c.registration_id)
		s.ChannelStatusIndicatorID = int32(c.channel_status_indicator_id)
	}
	return s, nil
}

// Cancel abandons the request; Aeron closes the subscription if it was added.
// The handle stays registered until the client closes, as image callbacks
// may still arrive.
func (a *AsyncSubscription) Cancel() {
	C.aeron_async_add_subscription_cancel(a.client.client, a.async)
}

// Poll delivers up to limit reassembled messages to the handler's OnFragment
// (the handler must be a FragmentSink).
func (s *Subscription) Poll(limit int) (int, error) {
	if s.state.frag == nil {
		return 0, &Error{Op: "aeron subscription poll: the handler is no FragmentSink", Code: ErrnoGenericError}
	}
	n := C.aerongo_subscription_poll(s.sub, s.assembler, C.int32_t(limit))
	s.state.rethrow()
	if n < 0 {
		return 0, &Error{Op: "aeron subscription poll", Code: ErrnoGenericError}
	}
	return int(n), nil
}

// ControlledPoll delivers up to limit reassembled messages to the handler's
// OnControlledFragment, honouring the returned actions.
func (s *Subscription) ControlledPoll(limit int) (int, error) {
	if s.state.frag == nil {
		return 0, &Error{Op: "aeron subscription controlled poll: the handler is no FragmentSink", Code: ErrnoGenericError}
	}
	n := C.aerongo_subscription_controlled_poll(s.sub, s.controlled, C.int32_t(limit))
	s.state.rethrow()
	if n < 0 {
		return 0, &Error{Op: "aeron subscription controlled poll", Code: ErrnoGenericError}
	}
	return int(n), nil
}

// IsConnected reports whether at least one image is connected.
func (s *Subscription) IsConnected() bool {
	return bool(C.aeron_subscription_is_connected(s.sub))
}

// ImageCount is the number of images.
func (s *Subscription) ImageCount() int {
	return int(C.aeron_subscription_image_count(s.sub))
}

// ChannelStatus is the channel status indicator's value (1 active, -1 errored).
func (s *Subscription) ChannelStatus() int64 {
	return int64(C.aeron_subscription_channel_status(s.sub))
}

// Close asks Aeron to close the subscription and frees the assemblers; the
// state is released when Aeron reports the close complete (or the client
// closes).
func (s *Subscription) Close() {
	if s.sub == nil {
		return
	}
	C.aerongo_subscription_close(s.sub, C.uintptr_t(s.state.handle))
	C.aerongo_assemblers_delete(s.assembler, s.controlled)
	s.sub, s.assembler, s.controlled = nil, nil, nil
}

// Detach frees the assemblers of a subscription whose client is closing
// (aeron_close frees the subscription itself); the value must not be used after.
func (s *Subscription) Detach() {
	C.aerongo_assemblers_delete(s.assembler, s.controlled)
	s.sub, s.assembler, s.controlled = nil, nil, nil
}
