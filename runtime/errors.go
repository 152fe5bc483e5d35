package runtime

import (
	"errors"
	"strconv"
)

// Sentinel errors of generated codecs. Decoders and encoders return an
// *Error that wraps one of them, so callers test with errors.Is.
var (
	// ErrShortBuffer: the buffer ends before the encoded data does (decode)
	// or before the data to be written fits (encode).
	ErrShortBuffer = errors.New("sbe: buffer too short")
	// ErrVersion: the frame's version or block length cannot be read by
	// this decoder (for example a block shorter than the fields of its version).
	ErrVersion = errors.New("sbe: unreadable version")
	// ErrUnknownTemplate: the message header names a template id that the
	// schema does not define, or not the one the decoder was asked for.
	ErrUnknownTemplate = errors.New("sbe: unknown template id")
	// ErrSchemaID: the message header names another schema.
	ErrSchemaID = errors.New("sbe: foreign schema id")
	// ErrOrder: groups and variable-length data were written out of schema
	// order.
	ErrOrder = errors.New("sbe: groups and var data written out of order")
	// ErrRange: a value does not fit its encoding (a group count or a var
	// data length larger than its header type allows).
	ErrRange = errors.New("sbe: value out of range")
)

// Error carries the details of a codec failure. Kind is one of the sentinel
// errors above and is what Unwrap returns.
type Error struct {
	Kind error
	// Where names the schema element: a message, "Message.group" or
	// "Message.data".
	Where string
	// Offset is the byte offset in the buffer at which the problem was found.
	Offset int
	// Want and Got are the expected and found quantities: bytes for
	// ErrShortBuffer, ids for ErrSchemaID and ErrUnknownTemplate, lengths for
	// ErrVersion (block length) and ErrRange.
	Want, Got int
}

func (e *Error) Error() string {
	var b []byte
	b = append(b, e.Kind.Error()...)
	if e.Where != "" {
		b = append(b, " in "...)
		b = append(b, e.Where...)
	}
	b = append(b, " at offset "...)
	b = strconv.AppendInt(b, int64(e.Offset), 10)
	switch e.Kind {
	case ErrShortBuffer:
		b = append(b, ": need "...)
		b = strconv.AppendInt(b, int64(e.Want), 10)
		b = append(b, " bytes, have "...)
		b = strconv.AppendInt(b, int64(e.Got), 10)
	case ErrSchemaID:
		b = append(b, ": want schema id "...)
		b = strconv.AppendInt(b, int64(e.Want), 10)
		b = append(b, ", got "...)
		b = strconv.AppendInt(b, int64(e.Got), 10)
	case ErrUnknownTemplate:
		if e.Want >= 0 {
			b = append(b, ": want template id "...)
			b = strconv.AppendInt(b, int64(e.Want), 10)
			b = append(b, ", got "...)
		} else {
			b = append(b, ": template id "...)
		}
		b = strconv.AppendInt(b, int64(e.Got), 10)
	case ErrVersion:
		b = append(b, ": block length "...)
		b = strconv.AppendInt(b, int64(e.Got), 10)
		b = append(b, " shorter than the "...)
		b = strconv.AppendInt(b, int64(e.Want), 10)
		b = append(b, " bytes its version needs"...)
	case ErrRange:
		b = append(b, ": "...)
		b = strconv.AppendInt(b, int64(e.Got), 10)
		b = append(b, " exceeds the maximum "...)
		b = strconv.AppendInt(b, int64(e.Want), 10)
	}
	return string(b)
}

func (e *Error) Unwrap() error { return e.Kind }

// ShortBuffer reports that need bytes were required at off but the buffer
// holds have.
func ShortBuffer(where string, off, need, have int) error {
	return &Error{Kind: ErrShortBuffer, Where: where, Offset: off, Want: need, Got: have}
}

// SchemaMismatch reports a message header of another schema.
func SchemaMismatch(where string, off int, want, got uint64) error {
	return &Error{Kind: ErrSchemaID, Where: where, Offset: off, Want: clampInt(want), Got: clampInt(got)}
}

// UnknownTemplate reports a template id that is not want (want < 0: not
// defined by the schema at all).
func UnknownTemplate(where string, off int, want int, got uint64) error {
	return &Error{Kind: ErrUnknownTemplate, Where: where, Offset: off, Want: want, Got: clampInt(got)}
}

// BlockTooShort reports a block length below what the acting version's
// fields occupy.
func BlockTooShort(where string, off, need, got int) error {
	return &Error{Kind: ErrVersion, Where: where, Offset: off, Want: need, Got: got}
}

// OutOfOrder reports an element written after a later one.
func OutOfOrder(where string, off int) error {
	return &Error{Kind: ErrOrder, Where: where, Offset: off}
}

// OutOfRange reports a count or length larger than its encoding allows.
func OutOfRange(where string, off int, max, got uint64) error {
	return &Error{Kind: ErrRange, Where: where, Offset: off, Want: clampInt(max), Got: clampInt(got)}
}

// MulSat returns a*b for non-negative a and b, or the largest int when the
// product does not fit: the size a huge group count claims, for an error.
func MulSat(a, b int) int {
	if a < 0 || b < 0 {
		return 0
	}
	if b != 0 && a > maxInt/b {
		return maxInt
	}
	return a * b
}

func clampInt(v uint64) int {
	if v > uint64(maxInt) {
		return maxInt
	}
	return int(v)
}

const maxInt = int(^uint(0) >> 1)
