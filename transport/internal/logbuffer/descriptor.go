package logbuffer

import (
	"errors"
	"fmt"
	"math/bits"
	"sync/atomic"
	"unsafe"
)

// Log-buffer constants (concurrent/aeron_logbuffer_descriptor.h).
const (
	// PartitionCount is the number of term buffers in a log (AERON_LOGBUFFER_PARTITION_COUNT).
	PartitionCount = 3
	// TermMinLength is the smallest term length (AERON_LOGBUFFER_TERM_MIN_LENGTH).
	TermMinLength = 64 * 1024
	// TermMaxLength is the largest term length (AERON_LOGBUFFER_TERM_MAX_LENGTH).
	TermMaxLength = 1024 * 1024 * 1024
	// PageMinSize and PageMaxSize bound the page size a log is aligned to.
	PageMinSize = 4 * 1024
	PageMaxSize = 1024 * 1024 * 1024
	// MetadataLength is the length of the log metadata page at the end of a
	// log file (AERON_LOGBUFFER_META_DATA_LENGTH).
	MetadataLength = PageMinSize
	// FrameAlignment is the alignment of every frame in a term (AERON_LOGBUFFER_FRAME_ALIGNMENT).
	FrameAlignment = 32
	// DefaultFrameHeaderMaxLength is the space for the default frame header
	// in the metadata (AERON_LOGBUFFER_DEFAULT_FRAME_HEADER_MAX_LENGTH).
	DefaultFrameHeaderMaxLength = 128
	// MaxMessageLengthLimit caps the length of one message whatever the term
	// length (AERON_FRAME_MAX_MESSAGE_LENGTH).
	MaxMessageLengthLimit = 16 * 1024 * 1024
	// MaxUDPPayloadLength is the largest UDP payload (AERON_MAX_UDP_PAYLOAD_LENGTH).
	MaxUDPPayloadLength = 65504
)

// Log types stored in the metadata's type field.
const (
	LogTypeConcurrentPublication = 0 // AERON_LOGBUFFER_TYPE_CONCURRENT_PUBLICATION
	LogTypeExclusivePublication  = 1 // AERON_LOGBUFFER_TYPE_EXCLUSIVE_PUBLICATION
	LogTypePublicationImage      = 2 // AERON_LOGBUFFER_TYPE_PUBLICATION_IMAGE
)

// Offsets of the fields of aeron_logbuffer_metadata_t (#pragma pack(4)); the
// same values as the Java LogBufferDescriptor's LOG_*_OFFSET constants.
const (
	MetaTermTailCountersOffset               = 0
	MetaActiveTermCountOffset                = 24
	MetaEndOfStreamPositionOffset            = 128
	MetaIsConnectedOffset                    = 136
	MetaActiveTransportCountOffset           = 140
	MetaCorrelationIDOffset                  = 256
	MetaInitialTermIDOffset                  = 264
	MetaDefaultFrameHeaderLengthOffset       = 268
	MetaMTULengthOffset                      = 272
	MetaTermLengthOffset                     = 276
	MetaPageSizeOffset                       = 280
	MetaPublicationWindowLengthOffset        = 284
	MetaReceiverWindowLengthOffset           = 288
	MetaSocketSndbufLengthOffset             = 292
	MetaOSDefaultSocketSndbufLengthOffset    = 296
	MetaOSMaxSocketSndbufLengthOffset        = 300
	MetaSocketRcvbufLengthOffset             = 304
	MetaOSDefaultSocketRcvbufLengthOffset    = 308
	MetaOSMaxSocketRcvbufLengthOffset        = 312
	MetaMaxResendOffset                      = 316
	MetaDefaultHeaderOffset                  = 320
	MetaEntityTagOffset                      = 448
	MetaResponseCorrelationIDOffset          = 456
	MetaLingerTimeoutNsOffset                = 464
	MetaUntetheredWindowLimitTimeoutNsOffset = 472
	MetaUntetheredRestingTimeoutNsOffset     = 480
	MetaGroupOffset                          = 488
	MetaIsResponseOffset                     = 489
	MetaRejoinOffset                         = 490
	MetaReliableOffset                       = 491
	MetaSparseOffset                         = 492
	MetaSignalEOSOffset                      = 493
	MetaSpiesSimulateConnectionOffset        = 494
	MetaTetherOffset                         = 495
	MetaIsPublicationRevokedOffset           = 496
	MetaTypeOffset                           = 497
	MetaUntetheredLingerTimeoutNsOffset      = 500
	// MetaStructLength is sizeof(aeron_logbuffer_metadata_t).
	MetaStructLength = 508
)

// Errors returned when a log's geometry is not one Aeron accepts.
var (
	ErrTermLength = errors.New("logbuffer: term length must be a power of two in [64 KiB, 1 GiB]")
	ErrPageSize   = errors.New("logbuffer: page size must be a power of two in [4 KiB, 1 GiB]")
	ErrLogLength  = errors.New("logbuffer: log memory too short or misaligned for its term length")
)

// CheckTermLength mirrors aeron_logbuffer_check_term_length.
func CheckTermLength(termLength int) error {
	if termLength < TermMinLength || termLength > TermMaxLength || termLength&(termLength-1) != 0 {
		return fmt.Errorf("%w: %d", ErrTermLength, termLength)
	}
	return nil
}

// CheckPageSize mirrors aeron_logbuffer_check_page_size.
func CheckPageSize(pageSize int) error {
	if pageSize < PageMinSize || pageSize > PageMaxSize || pageSize&(pageSize-1) != 0 {
		return fmt.Errorf("%w: %d", ErrPageSize, pageSize)
	}
	return nil
}

// ComputeLogLength is the length of a log file for a term length and page
// size (aeron_logbuffer_compute_log_length).
func ComputeLogLength(termLength, pageSize int) int {
	return align(termLength*PartitionCount+MetadataLength, pageSize)
}

// ComputeMaxMessageLength is the longest message a publication with this term
// length accepts (aeron_compute_max_message_length).
func ComputeMaxMessageLength(termLength int) int {
	return min(termLength>>3, MaxMessageLengthLimit)
}

// ComputeFragmentedLength is the number of term bytes a message of length
// bytes occupies once fragmented at maxPayloadLength
// (aeron_logbuffer_compute_fragmented_length).
func ComputeFragmentedLength(length, maxPayloadLength int) int {
	numMaxPayloads := length / maxPayloadLength
	remaining := length % maxPayloadLength
	last := 0
	if remaining > 0 {
		last = align(remaining+HeaderLength, FrameAlignment)
	}
	return numMaxPayloads*(maxPayloadLength+HeaderLength) + last
}

func align(v, alignment int) int { return (v + alignment - 1) &^ (alignment - 1) }

func align32(v, alignment int32) int32 { return (v + alignment - 1) &^ (alignment - 1) }

// Log is a view of one log: the three term buffers and the metadata. The
// memory is either mapped by the C client (FromPointers) or a Go byte slice
// (WrapBytes, NewLog). A Log holds raw pointers; the owner of the memory keeps
// it alive and mapped for as long as the Log is used.
type Log struct {
	meta       unsafe.Pointer
	terms      [PartitionCount]unsafe.Pointer
	termLength int32
	backing    []byte // keeps Go-allocated memory reachable
}

// FromPointers builds a Log over memory mapped elsewhere, for example the
// term_buffers[i].addr and log_meta_data.addr of the C client's
// aeron_mapped_raw_log_t. termLength must match the metadata's term length.
func FromPointers(terms [PartitionCount]unsafe.Pointer, termLength int, meta unsafe.Pointer) (*Log, error) {
	if err := CheckTermLength(termLength); err != nil {
		return nil, err
	}
	for _, t := range terms {
		if t == nil || uintptr(t)%FrameAlignment != 0 {
			return nil, ErrLogLength
		}
	}
	if meta == nil || uintptr(meta)%8 != 0 {
		return nil, ErrLogLength
	}
	l := &Log{meta: meta, terms: terms, termLength: int32(termLength)}
	if got := l.TermLength(); got != termLength {
		return nil, fmt.Errorf("%w: metadata term length %d, expected %d", ErrLogLength, got, termLength)
	}
	return l, nil
}

// WrapBytes views a whole log file held in b, laid out as Aeron maps it:
// term i at i*termLength, the metadata in the last MetadataLength bytes. The
// term length is read from the metadata. b must be 8-byte aligned.
func WrapBytes(b []byte) (*Log, error) {
	if len(b) < TermMinLength*PartitionCount+MetadataLength || uintptr(unsafe.Pointer(&b[0]))%8 != 0 {
		return nil, ErrLogLength
	}
	meta := unsafe.Pointer(&b[len(b)-MetadataLength])
	termLength := int(*(*int32)(unsafe.Add(meta, MetaTermLengthOffset)))
	if err := CheckTermLength(termLength); err != nil {
		return nil, err
	}
	if termLength*PartitionCount > len(b)-MetadataLength {
		return nil, ErrLogLength
	}
	l := &Log{meta: meta, termLength: int32(termLength), backing: b}
	for i := range l.terms {
		l.terms[i] = unsafe.Pointer(&b[i*termLength])
	}
	return l, nil
}

// LogParams are the values a media driver writes into a new log's metadata;
// NewLog uses them to build a log on a Go byte slice.
type LogParams struct {
	TermLength    int
	PageSize      int // 0 means PageMinSize
	MTU           int // 0 means 1408, Aeron's default MTU
	InitialTermID int32
	SessionID     int32
	StreamID      int32
	CorrelationID int64
	Type          uint8
}

// NewLog allocates an 8-byte aligned, zeroed log on the Go heap and
// initialises its metadata the way the media driver does for a new
// publication (aeron_ipc_publication_create: tail counters, active term count,
// aeron_logbuffer_metadata_init and the default header).
func NewLog(p LogParams) (*Log, error) {
	if p.PageSize == 0 {
		p.PageSize = PageMinSize
	}
	if p.MTU == 0 {
		p.MTU = 1408
	}
	if err := CheckTermLength(p.TermLength); err != nil {
		return nil, err
	}
	if err := CheckPageSize(p.PageSize); err != nil {
		return nil, err
	}
	if p.MTU < HeaderLength || p.MTU%FrameAlignment != 0 || p.MTU > MaxUDPPayloadLength {
		return nil, fmt.Errorf("logbuffer: MTU %d must be a multiple of %d in [%d, %d]", p.MTU, FrameAlignment, HeaderLength, MaxUDPPayloadLength)
	}
	words := make([]uint64, ComputeLogLength(p.TermLength, p.PageSize)/8)
	b := unsafe.Slice((*byte)(unsafe.Pointer(&words[0])), len(words)*8)
	meta := b[len(b)-MetadataLength:]
	putInt32(meta, MetaTermLengthOffset, int32(p.TermLength))
	putInt32(meta, MetaPageSizeOffset, int32(p.PageSize))
	putInt32(meta, MetaMTULengthOffset, int32(p.MTU))
	putInt32(meta, MetaInitialTermIDOffset, p.InitialTermID)
	putInt64(meta, MetaCorrelationIDOffset, p.CorrelationID)
	putInt64(meta, MetaEndOfStreamPositionOffset, 1<<63-1)
	meta[MetaTypeOffset] = p.Type
	// aeron_logbuffer_fill_default_header
	putInt32(meta, MetaDefaultFrameHeaderLengthOffset, HeaderLength)
	h := meta[MetaDefaultHeaderOffset:]
	h[VersionOffset] = FrameHeaderVersion
	h[FlagsOffset] = FlagsUnfragmented
	putInt16(h, TypeOffset, TypeData)
	putInt32(h, SessionIDOffset, p.SessionID)
	putInt32(h, StreamIDOffset, p.StreamID)
	putInt32(h, TermIDOffset, p.InitialTermID)
	l, err := WrapBytes(b)
	if err != nil {
		return nil, err
	}
	l.InitTails(p.InitialTermID)
	return l, nil
}

// InitTails sets the tail counters and the active term count of a new log
// as the driver does when it creates a publication with no explicit
// position: term 0 at initialTermID, the others at the term ids they would
// have held PartitionCount terms earlier.
func (l *Log) InitTails(initialTermID int32) {
	atomic.StoreInt64(l.tailAddr(0), int64(uint64(uint32(initialTermID))<<32))
	for i := 1; i < PartitionCount; i++ {
		expected := initialTermID + int32(i) - PartitionCount
		atomic.StoreInt64(l.tailAddr(i), int64(uint64(uint32(expected))<<32))
	}
	atomic.StoreInt32(l.activeTermCountAddr(), 0)
}

// InitTailsAt sets the tail counters and active term count as the driver does
// for a publication created at an explicit position (term id and offset):
// the active partition holds termID at termOffset, the others the term ids
// they would have held before it.
func (l *Log) InitTailsAt(initialTermID, termID, termOffset int32) {
	termCount := ComputeTermCount(termID, initialTermID)
	index := IndexByTermCount(termCount)
	atomic.StoreInt64(l.tailAddr(index), int64(uint64(uint32(termID))<<32|uint64(uint32(termOffset))))
	for i := 1; i < PartitionCount; i++ {
		expected := termID + int32(i) - PartitionCount
		index = (index + 1) % PartitionCount
		atomic.StoreInt64(l.tailAddr(index), int64(uint64(uint32(expected))<<32))
	}
	atomic.StoreInt32(l.activeTermCountAddr(), termCount)
}

func putInt16(b []byte, off int, v int16) { *(*int16)(unsafe.Pointer(&b[off])) = v }
func putInt32(b []byte, off int, v int32) { *(*int32)(unsafe.Pointer(&b[off])) = v }
func putInt64(b []byte, off int, v int64) { *(*int64)(unsafe.Pointer(&b[off])) = v }

// TermLength is the metadata's term_length (constant for the log's life).
func (l *Log) TermLength() int { return int(*(*int32)(unsafe.Add(l.meta, MetaTermLengthOffset))) }

// MTU is the metadata's mtu_length.
func (l *Log) MTU() int { return int(*(*int32)(unsafe.Add(l.meta, MetaMTULengthOffset))) }

// PageSize is the metadata's page_size.
func (l *Log) PageSize() int { return int(*(*int32)(unsafe.Add(l.meta, MetaPageSizeOffset))) }

// InitialTermID is the metadata's initial_term_id.
func (l *Log) InitialTermID() int32 { return *(*int32)(unsafe.Add(l.meta, MetaInitialTermIDOffset)) }

// CorrelationID is the metadata's correlation_id.
func (l *Log) CorrelationID() int64 { return *(*int64)(unsafe.Add(l.meta, MetaCorrelationIDOffset)) }

// Type is the metadata's log type (LogType*).
func (l *Log) Type() uint8 { return *(*uint8)(unsafe.Add(l.meta, MetaTypeOffset)) }

// DefaultHeader is a copy of the default frame header in the metadata.
func (l *Log) DefaultHeader() [HeaderLength]byte {
	return *(*[HeaderLength]byte)(unsafe.Add(l.meta, MetaDefaultHeaderOffset))
}

// SessionID and StreamID are read from the default frame header.
func (l *Log) SessionID() int32 {
	return *(*int32)(unsafe.Add(l.meta, MetaDefaultHeaderOffset+SessionIDOffset))
}

// StreamID is the stream id in the default frame header.
func (l *Log) StreamID() int32 {
	return *(*int32)(unsafe.Add(l.meta, MetaDefaultHeaderOffset+StreamIDOffset))
}

// Term is the bytes of term buffer i.
func (l *Log) Term(i int) []byte {
	return unsafe.Slice((*byte)(l.terms[i]), l.termLength)
}

// Metadata is the bytes of the metadata page.
func (l *Log) Metadata() []byte { return unsafe.Slice((*byte)(l.meta), MetadataLength) }

func (l *Log) tailAddr(i int) *int64 {
	return (*int64)(unsafe.Add(l.meta, MetaTermTailCountersOffset+8*i))
}

func (l *Log) activeTermCountAddr() *int32 {
	return (*int32)(unsafe.Add(l.meta, MetaActiveTermCountOffset))
}

// RawTail is the raw tail of partition i: term id in the high 32 bits, tail
// offset in the low 32 bits. Mirrors AERON_GET_ACQUIRE(term_tail_counters[i]).
func (l *Log) RawTail(i int) int64 { return atomic.LoadInt64(l.tailAddr(i)) }

// ActiveTermCount mirrors aeron_logbuffer_active_term_count (AERON_GET_ACQUIRE).
func (l *Log) ActiveTermCount() int32 { return atomic.LoadInt32(l.activeTermCountAddr()) }

// RawTailVolatile is the raw tail of the active partition
// (AERON_LOGBUFFER_RAWTAIL_VOLATILE: two acquire loads).
func (l *Log) RawTailVolatile() int64 {
	return atomic.LoadInt64(l.tailAddr(IndexByTermCount(l.ActiveTermCount())))
}

// IsConnected mirrors the publication's AERON_GET_ACQUIRE(log_meta_data->is_connected) == 1.
func (l *Log) IsConnected() bool {
	return atomic.LoadInt32((*int32)(unsafe.Add(l.meta, MetaIsConnectedOffset))) == 1
}

// SetIsConnected is the driver's AERON_SET_RELEASE(log_meta_data->is_connected, ...).
func (l *Log) SetIsConnected(connected bool) {
	v := int32(0)
	if connected {
		v = 1
	}
	atomic.StoreInt32((*int32)(unsafe.Add(l.meta, MetaIsConnectedOffset)), v)
}

// EndOfStreamPosition mirrors AERON_GET_ACQUIRE(metadata->end_of_stream_position).
func (l *Log) EndOfStreamPosition() int64 {
	return atomic.LoadInt64((*int64)(unsafe.Add(l.meta, MetaEndOfStreamPositionOffset)))
}

// SetEndOfStreamPosition is the driver's AERON_SET_RELEASE(end_of_stream_position, ...).
func (l *Log) SetEndOfStreamPosition(p int64) {
	atomic.StoreInt64((*int64)(unsafe.Add(l.meta, MetaEndOfStreamPositionOffset)), p)
}

// ActiveTransportCount mirrors AERON_GET_ACQUIRE(metadata->active_transport_count).
func (l *Log) ActiveTransportCount() int32 {
	return atomic.LoadInt32((*int32)(unsafe.Add(l.meta, MetaActiveTransportCountOffset)))
}

// IsPublicationRevoked mirrors AERON_GET_ACQUIRE(metadata->is_publication_revoked).
func (l *Log) IsPublicationRevoked() bool {
	return loadByte(unsafe.Add(l.meta, MetaIsPublicationRevokedOffset)) != 0
}

// CASRawTail mirrors aeron_logbuffer_cas_raw_tail (lock cmpxchgq).
func (l *Log) CASRawTail(i int, expected, update int64) bool {
	return atomic.CompareAndSwapInt64(l.tailAddr(i), expected, update)
}

// CASActiveTermCount mirrors aeron_logbuffer_cas_active_term_count (lock cmpxchgl).
func (l *Log) CASActiveTermCount(expected, update int32) bool {
	return atomic.CompareAndSwapInt32(l.activeTermCountAddr(), expected, update)
}

// RotateLog moves the log on to the next term as a concurrent publication
// does once a term is tripped (aeron_logbuffer_rotate_log): the next
// partition's tail is set to the next term id if it still holds the term
// from PartitionCount terms ago, then the active term count is CASed from
// currentTermCount to currentTermCount+1. It reports whether this caller won
// the second CAS.
func (l *Log) RotateLog(currentTermCount, currentTermID int32) bool {
	nextTermID := currentTermID + 1
	nextTermCount := currentTermCount + 1
	nextIndex := IndexByTermCount(nextTermCount)
	expectedTermID := nextTermID - PartitionCount
	for {
		rawTail := atomic.LoadInt64(l.tailAddr(nextIndex)) // AERON_GET_ACQUIRE(raw_tail, ...)
		if expectedTermID != TermID(rawTail) {
			break
		}
		if l.CASRawTail(nextIndex, rawTail, int64(uint64(uint32(nextTermID))<<32)) {
			break
		}
	}
	return l.CASActiveTermCount(currentTermCount, nextTermCount)
}

// loadByte reads one byte with acquire semantics by an atomic load of the
// aligned 32-bit word that holds it (Go has no public 8-bit atomic load; on
// amd64 and arm64 the word load is single-copy atomic and gives the byte the
// same ordering as C's AERON_GET_ACQUIRE of a volatile bool/uint8).
func loadByte(p unsafe.Pointer) uint8 {
	k := uintptr(p) & 3
	word := (*uint32)(unsafe.Add(p, -int(k)))
	return uint8(atomic.LoadUint32(word) >> (k * 8))
}

// ByteFlag is a view of a volatile bool or uint8 that another thread sets, for
// example the is_closed field of the C client's aeron_publication_t or
// aeron_image_t. The word holding the byte must be readable memory.
type ByteFlag struct {
	word  *uint32
	shift uint32
}

// NewByteFlag views the byte at p. p must point into memory that stays
// valid (C-allocated, or kept alive by the caller).
func NewByteFlag(p unsafe.Pointer) ByteFlag {
	a := uintptr(p)
	return ByteFlag{word: (*uint32)(unsafe.Add(p, -int(a&3))), shift: uint32(a&3) * 8}
}

// IsSet mirrors AERON_GET_ACQUIRE(flag): true when the byte is non-zero. The
// zero ByteFlag is never set.
func (f ByteFlag) IsSet() bool {
	return f.word != nil && uint8(atomic.LoadUint32(f.word)>>(f.shift&31)) != 0
}

// Set stores 1 into the byte with a CAS loop on its word, mirroring
// AERON_SET_RELEASE(flag, true) without disturbing the neighbouring bytes.
func (f ByteFlag) Set() {
	for {
		old := atomic.LoadUint32(f.word)
		if atomic.CompareAndSwapUint32(f.word, old, old|1<<f.shift) {
			return
		}
	}
}

// PositionBitsToShift is log2(termLength) (aeron_number_of_trailing_zeroes).
func PositionBitsToShift(termLength int) int { return bits.TrailingZeros32(uint32(termLength)) }
