package runtime

import "encoding"

// Message is implemented by the plain struct generated for every message of
// a schema (through its pointer type). Typed publishers and subscribers use
// it as their constraint.
//
// The SBE-prefixed methods report constants of the message type; they carry
// the prefix so that they never collide with the struct's field names.
type Message interface {
	encoding.BinaryAppender
	encoding.BinaryMarshaler
	encoding.BinaryUnmarshaler

	// SBETemplateID is the message's template id.
	SBETemplateID() uint16
	// SBESchemaID is the id of the message's schema.
	SBESchemaID() uint16
	// SBESchemaVersion is the schema version the code was generated from.
	SBESchemaVersion() uint16
	// SBEBlockLength is the length of the message's root block.
	SBEBlockLength() uint16
	// SBEEncodedLength is the exact length of the frame that AppendBinary
	// writes for the current value, message header included.
	SBEEncodedLength() int
}

// MessagePtr constrains a type parameter to the pointer of a generated
// message struct, so generic code can declare values of T and call methods
// on *T:
//
//	func Decode[T any, P runtime.MessagePtr[T]](frame []byte) (T, error) {
//		var v T
//		err := P(&v).UnmarshalBinary(frame)
//		return v, err
//	}
type MessagePtr[T any] interface {
	*T
	Message
}
