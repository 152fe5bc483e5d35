package aeronc

// The //export callbacks through which Aeron's C code calls back into Go.
// The preamble holds declarations only, as //export requires.

/*
#include "shim.h"
*/
import "C"

import (
	"runtime/cgo"
	"unsafe"
)

// aerongoOnError runs on the client conductor's thread for asynchronous
// client errors (driver timeout, conductor errors, ...). The conductor passes
// Aeron's code positive; Errno keeps Aeron's codes negative, as
// aeron_errcode() does.
//
//export aerongoOnError
func aerongoOnError(handle C.uintptr_t, code C.int, message *C.char) {
	h, ok := cgo.Handle(handle).Value().(ErrorHandler)
	if !ok || h == nil {
		return
	}
	h(Errno(-code), C.GoString(message))
}

// aerongoOnFragment runs inside Subscription.Poll for every reassembled message.
//
//export aerongoOnFragment
func aerongoOnFragment(slot C.uintptr_t, buffer *C.uint8_t, length C.size_t, header *C.aerongo_header_t) {
	s := lookupSlot(uintptr(slot))
	if s == nil || s.panicked || s.frag == nil {
		return
	}
	defer s.recoverHandlerPanic()
	fillHeader(&s.header, header)
	s.frag.OnFragment(unsafe.Slice((*byte)(unsafe.Pointer(buffer)), int(length)), &s.header)
}

// aerongoOnControlledFragment runs inside Subscription.ControlledPoll for
// every reassembled message and returns the handler's action.
//
//export aerongoOnControlledFragment
func aerongoOnControlledFragment(slot C.uintptr_t, buffer *C.uint8_t, length C.size_t, header *C.aerongo_header_t) (action C.int) {
	s := lookupSlot(uintptr(slot))
	if s == nil || s.panicked || s.frag == nil {
		return C.int(ActionAbort)
	}
	action = C.int(ActionAbort)
	defer s.recoverHandlerPanic()
	fillHeader(&s.header, header)
	return C.int(s.frag.OnControlledFragment(unsafe.Slice((*byte)(unsafe.Pointer(buffer)), int(length)), &s.header))
}

// aerongoOnImage runs on the client conductor's thread when an image becomes
// available (available != 0) or unavailable.
//
//export aerongoOnImage
func aerongoOnImage(handle C.uintptr_t, available C.int, img *C.aerongo_image_t) {
	s, ok := cgo.Handle(handle).Value().(*subState)
	if !ok {
		return
	}
	image := Image{
		CorrelationID:        int64(img.correlation_id),
		JoinPosition:         int64(img.join_position),
		PositionBitsToShift:  int32(img.position_bits_to_shift),
		TermBufferLength:     int32(img.term_buffer_length),
		MTULength:            int32(img.mtu_length),
		SessionID:            int32(img.session_id),
		InitialTermID:        int32(img.initial_term_id),
		SubscriberPositionID: int32(img.subscriber_position_id),
	}
	if img.source_identity != nil {
		image.SourceIdentity = C.GoString(img.source_identity)
	}
	s.handler.OnImage(image, available != 0)
}

// aerongoOnSubscriptionClosed runs on the client conductor's thread once
// Aeron has released a closed subscription; no callback for it follows.
//
//export aerongoOnSubscriptionClosed
func aerongoOnSubscriptionClosed(handle C.uintptr_t) {
	s, ok := cgo.Handle(handle).Value().(*subState)
	if !ok {
		return
	}
	s.release()
}

// aerongoOnErrorLogEntry runs inside ReadErrorLog for each distinct error.
//
//export aerongoOnErrorLogEntry
func aerongoOnErrorLogEntry(handle C.uintptr_t, count C.int32_t, first, last C.int64_t, message *C.char, length C.size_t) {
	entries, ok := cgo.Handle(handle).Value().(*[]ErrorLogEntry)
	if !ok {
		return
	}
	*entries = append(*entries, ErrorLogEntry{
		Count:   int32(count),
		FirstMs: int64(first),
		LastMs:  int64(last),
		Message: C.GoStringN(message, C.int(length)),
	})
}

func fillHeader(dst *FragmentHeader, src *C.aerongo_header_t) {
	dst.ReservedValue = int64(src.reserved_value)
	dst.Position = int64(src.position)
	dst.FrameLength = int32(src.frame_length)
	dst.TermOffset = int32(src.term_offset)
	dst.SessionID = int32(src.session_id)
	dst.StreamID = int32(src.stream_id)
	dst.TermID = int32(src.term_id)
	dst.InitialTermID = int32(src.initial_term_id)
	dst.PositionBitsToShift = int32(src.position_bits_to_shift)
	dst.Type = int16(src._type)
	dst.Flags = uint8(src.flags)
	dst.Version = int8(src.version)
}
