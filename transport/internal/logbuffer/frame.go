package logbuffer

import (
	"sync/atomic"
	"unsafe"
)

// Data frame header layout (aeron_data_header_t in protocol/aeron_udp_protocol.h,
// the Java DataHeaderFlyweight), little-endian, 32 bytes:
//
//	0  frame_length   int32 (volatile: written last, with release semantics)
//	4  version        int8
//	5  flags          uint8
//	6  type           int16
//	8  term_offset    int32
//	12 session_id     int32
//	16 stream_id      int32
//	20 term_id        int32
//	24 reserved_value int64
const (
	HeaderLength        = 32 // AERON_DATA_HEADER_LENGTH
	FrameLengthOffset   = 0
	VersionOffset       = 4
	FlagsOffset         = 5
	TypeOffset          = 6
	TermOffsetOffset    = 8
	SessionIDOffset     = 12
	StreamIDOffset      = 16
	TermIDOffset        = 20
	ReservedValueOffset = 24
	// FrameHeaderLength is the length of the common frame header (AERON_FRAME_HEADER_LENGTH).
	FrameHeaderLength = 8
)

// Frame header values.
const (
	FrameHeaderVersion = 0 // AERON_FRAME_HEADER_VERSION

	FlagBegin         = 0x80 // AERON_DATA_HEADER_BEGIN_FLAG
	FlagEnd           = 0x40 // AERON_DATA_HEADER_END_FLAG
	FlagEOS           = 0x20 // AERON_DATA_HEADER_EOS_FLAG
	FlagRevoked       = 0x10 // AERON_DATA_HEADER_REVOKED_FLAG
	FlagsUnfragmented = FlagBegin | FlagEnd

	TypePad   = 0x00 // AERON_HDR_TYPE_PAD
	TypeData  = 0x01 // AERON_HDR_TYPE_DATA
	TypeNak   = 0x02 // AERON_HDR_TYPE_NAK
	TypeSM    = 0x03 // AERON_HDR_TYPE_SM
	TypeErr   = 0x04 // AERON_HDR_TYPE_ERR
	TypeSetup = 0x05 // AERON_HDR_TYPE_SETUP
	TypeRTTM  = 0x06 // AERON_HDR_TYPE_RTTM

	// DefaultReservedValue is AERON_DATA_HEADER_DEFAULT_RESERVED_VALUE.
	DefaultReservedValue = 0
)

// versionFlagsTypeData is the upper half of a frame's first 8 bytes for an
// unfragmented data frame: version 0, flags BEGIN|END, type DATA. The Java
// HeaderWriter writes it together with the negative frame length in one
// ordered 64-bit store; the C client writes the same bytes.
const versionFlagsTypeData = int64(FrameHeaderVersion)<<32 | int64(FlagsUnfragmented)<<40 | int64(TypeData)<<48

// versionFlagsTypePad is the same for a padding frame.
const versionFlagsTypePad = int64(FrameHeaderVersion)<<32 | int64(FlagsUnfragmented)<<40 | int64(TypePad)<<48

// CacheLinePad is put first and last in a struct that one thread writes on
// every message or poll, so that no other heap object shares a cache line
// with its fields: Go's allocator packs objects of a size class side by
// side, not on cache-line boundaries, and two threads writing neighbouring
// objects hand the shared line back and forth on every write (false
// sharing). 64 bytes is the line on x86-64 and most arm64 cores, and
// AERON_CACHE_LINE_LENGTH.
type CacheLinePad [64]byte

func frameAt(term unsafe.Pointer, offset int32) unsafe.Pointer { return unsafe.Add(term, offset) }

// frameLengthVolatile mirrors AERON_GET_ACQUIRE(frame->frame_header.frame_length)
// (Java getIntVolatile).
func frameLengthVolatile(frame unsafe.Pointer) int32 { return atomic.LoadInt32((*int32)(frame)) }

// frameLengthOrdered mirrors AERON_SET_RELEASE(frame->frame_header.frame_length, length)
// (Java putIntRelease / putIntOrdered).
func frameLengthOrdered(frame unsafe.Pointer, length int32) {
	storeRelease32((*int32)(frame), length)
}

// writeHeader writes a frame header the way the publication's header writer
// does: the negative frame length first with an ordered store, so a reader
// or the driver's unblocker sees the frame as in progress, then the rest of
// the header with plain stores. The C client does
// AERON_SET_RELEASE(frame_length, -length); aeron_release(); then the fields;
// the Java HeaderWriter does putLongRelease(versionFlagsType | -length),
// storeStoreFence, then two plain putLong. This follows the Java form: one
// ordered 64-bit store of length, version, flags and type, which leaves the
// same bytes as the C client.
func writeHeader(frame unsafe.Pointer, length, termOffset, sessionID, streamID, termID int32, versionFlagsType int64) {
	w0, w1, w2 := headerWords(length, termOffset, sessionID, streamID, termID, versionFlagsType)
	putHeaderWords(frame, w0, w1, w2)
}

// putHeaderWords stores the header words at frame in writeHeader's order:
// w0 (release), then w1 and w2.
func putHeaderWords(frame unsafe.Pointer, w0, w1, w2 int64) {
	storeRelease64((*int64)(frame), w0)
	*(*int64)(unsafe.Add(frame, TermOffsetOffset)) = w1
	*(*int64)(unsafe.Add(frame, StreamIDOffset)) = w2
}

// headerWords are the three 64-bit words writeHeader stores, in its order.
func headerWords(length, termOffset, sessionID, streamID, termID int32, versionFlagsType int64) (w0, w1, w2 int64) {
	return versionFlagsType | int64(uint32(-length)),
		int64(uint32(termOffset)) | int64(sessionID)<<32,
		int64(uint32(streamID)) | int64(termID)<<32
}

// FrameLength reads the frame length at offset in term with acquire
// semantics (AERON_GET_ACQUIRE).
func FrameLength(term []byte, offset int) int32 {
	return frameLengthVolatile(unsafe.Pointer(&term[offset : offset+HeaderLength][0]))
}

// FrameType reads the type field of the frame at offset.
func FrameType(term []byte, offset int) int16 {
	return *(*int16)(unsafe.Pointer(&term[offset+TypeOffset : offset+HeaderLength][0]))
}

// IsPaddingFrame reports whether the frame at offset is a padding frame.
func IsPaddingFrame(term []byte, offset int) bool { return FrameType(term, offset) == TypePad }
