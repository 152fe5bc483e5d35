package runtime

import "encoding/binary"

// MessageHeaderLength is the encoded size of the standard SBE message
// header: blockLength, templateId, schemaId and version, each a uint16.
const MessageHeaderLength = 8

// MessageHeader is a flyweight over the standard SBE message header at the
// start of a frame. Schemas with a custom header get their own generated
// flyweight; this one serves code that inspects frames without knowing the
// schema (transports, tools). The zero value reads little-endian headers.
type MessageHeader struct {
	buf       []byte
	off       int
	bigEndian bool
}

// WrapMessageHeader wraps the header at buf[off:]. It fails with
// ErrShortBuffer when fewer than MessageHeaderLength bytes remain.
func WrapMessageHeader(buf []byte, off int, bigEndian bool) (MessageHeader, error) {
	if off < 0 || off > len(buf) || len(buf)-off < MessageHeaderLength {
		have := len(buf) - off
		if off < 0 || off > len(buf) {
			have = 0
		}
		return MessageHeader{}, ShortBuffer("message header", off, MessageHeaderLength, have)
	}
	return MessageHeader{buf: buf, off: off, bigEndian: bigEndian}, nil
}

func (h MessageHeader) u16(at int) uint16 {
	b := h.buf[h.off+at : h.off+at+2]
	if h.bigEndian {
		return binary.BigEndian.Uint16(b)
	}
	return binary.LittleEndian.Uint16(b)
}

func (h MessageHeader) put16(at int, v uint16) {
	b := h.buf[h.off+at : h.off+at+2]
	if h.bigEndian {
		binary.BigEndian.PutUint16(b, v)
		return
	}
	binary.LittleEndian.PutUint16(b, v)
}

// BlockLength is the length of the message's root block.
func (h MessageHeader) BlockLength() uint16 { return h.u16(0) }

// TemplateID identifies the message type within its schema.
func (h MessageHeader) TemplateID() uint16 { return h.u16(2) }

// SchemaID identifies the schema.
func (h MessageHeader) SchemaID() uint16 { return h.u16(4) }

// Version is the schema version the message was encoded with.
func (h MessageHeader) Version() uint16 { return h.u16(6) }

// SetBlockLength writes the root block length.
func (h MessageHeader) SetBlockLength(v uint16) { h.put16(0, v) }

// SetTemplateID writes the template id.
func (h MessageHeader) SetTemplateID(v uint16) { h.put16(2, v) }

// SetSchemaID writes the schema id.
func (h MessageHeader) SetSchemaID(v uint16) { h.put16(4, v) }

// SetVersion writes the schema version.
func (h MessageHeader) SetVersion(v uint16) { h.put16(6, v) }
