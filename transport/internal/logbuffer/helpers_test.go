package logbuffer

import (
	"encoding/binary"
	"sync/atomic"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/require"
)

const (
	testSession = int32(0x1234)
	testStream  = int32(1001)
)

// tryClaim is a's Claim of n bytes into *c, in the shape of the C client's
// try-claim (a result code, the claim through a pointer), for loops and
// assertions on the result.
func tryClaim(a interface{ Claim(int) (Claim, int64) }, n int, c *Claim) int64 {
	var res int64
	*c, res = a.Claim(n)
	return res
}

// testPub is a log on a byte slice with the counters a driver would keep.
type testPub struct {
	log    *Log
	limit  int64
	subPos int64
	closed uint32
}

func newTestPub(t testing.TB, termLength, mtu int, initialTermID int32) *testPub {
	t.Helper()
	l, err := NewLog(LogParams{TermLength: termLength, MTU: mtu, InitialTermID: initialTermID, SessionID: testSession, StreamID: testStream})
	require.NoError(t, err)
	p := &testPub{log: l, limit: 1 << 62}
	l.SetIsConnected(true)
	return p
}

func (p *testPub) params() PublicationParams {
	return PublicationParams{
		SessionID: testSession,
		StreamID:  testStream,
		Limit:     NewCounter(unsafe.Pointer(&p.limit)),
		Closed:    NewByteFlag(unsafe.Pointer(&p.closed)),
	}
}

func (p *testPub) readerParams() ReaderParams {
	return ReaderParams{SubscriberPosition: NewCounter(unsafe.Pointer(&p.subPos))}
}

// frame is a decoded frame header.
type frame struct {
	Length, TermOffset, SessionID, StreamID, TermID int32
	Version                                         int8
	Flags                                           uint8
	Type                                            int16
	Reserved                                        int64
}

func decodeFrame(term []byte, offset int) frame {
	b := term[offset : offset+HeaderLength]
	le := binary.LittleEndian
	return frame{
		Length:     int32(le.Uint32(b[0:])),
		Version:    int8(b[4]),
		Flags:      b[5],
		Type:       int16(le.Uint16(b[6:])),
		TermOffset: int32(le.Uint32(b[8:])),
		SessionID:  int32(le.Uint32(b[12:])),
		StreamID:   int32(le.Uint32(b[16:])),
		TermID:     int32(le.Uint32(b[20:])),
		Reserved:   int64(le.Uint64(b[24:])),
	}
}

// frames walks the committed frames of a term from offset 0.
func frames(term []byte) (out []frame) {
	for off := 0; off < len(term); {
		f := decodeFrame(term, off)
		if f.Length <= 0 {
			break
		}
		out = append(out, f)
		off += align(int(f.Length), FrameAlignment)
	}
	return out
}

func pattern(n int, seed byte) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = seed + byte(i*7)
	}
	return b
}

// cleaner plays the IPC publication's part in the driver: it zeroes each
// term once every subscriber has moved past it and raises the publication
// limit to the subscriber position plus a window.
type cleaner struct {
	log     *Log
	cleaned int64 // position up to which terms are zeroed
	window  int64
	limit   *int64
}

func (c *cleaner) step(subscriberPosition int64) {
	termLength := int64(c.log.TermLength())
	bitsToShift := PositionBitsToShift(int(termLength))
	for c.cleaned+termLength <= subscriberPosition-termLength {
		clear(c.log.Term(IndexByPosition(c.cleaned, bitsToShift)))
		c.cleaned += termLength
	}
	atomic.StoreInt64(c.limit, subscriberPosition+c.window)
}
