package logbuffer

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestExclusiveOfferClaimAndRotation(t *testing.T) {
	const initialTermID = 77
	p := newTestPub(t, termLen64K, 1408, initialTermID)
	e := NewExclusiveAppender(p.log, p.params())
	msg := pattern(1000, 3)
	var offers int
	var res int64
	for {
		res = e.Offer(msg)
		if res < 0 {
			break
		}
		offers++
		assert.Equal(t, int64(offers*1056), res)
		// the tail is published with every append
		assert.Equal(t, int64(initialTermID)<<32|res, p.log.RawTail(0))
	}
	require.Equal(t, AdminAction, res)
	term0 := p.log.Term(0)
	fr := frames(term0)
	require.Len(t, fr, offers+1)
	assert.Equal(t, int16(TypePad), fr[offers].Type)
	assert.Equal(t, int32(termLen64K-offers*1056), fr[offers].Length)

	// rotated: the next term in partition 1, active term count 1
	assert.Equal(t, int32(1), p.log.ActiveTermCount())
	assert.Equal(t, int64(termLen64K), e.Position())
	assert.Equal(t, int32(initialTermID+1), e.TermID())

	var c Claim
	pos := tryClaim(e, 3, &c)
	require.Equal(t, int64(termLen64K+64), pos)
	copy(c.Buffer(), "abc")
	c.Commit()
	f := decodeFrame(p.log.Term(1), 0)
	assert.Equal(t, frame{Length: 35, Flags: FlagsUnfragmented, Type: TypeData, SessionID: testSession,
		StreamID: testStream, TermID: initialTermID + 1}, f)

	pos = e.Offerv([][]byte{[]byte("de"), []byte("f")})
	require.Equal(t, int64(termLen64K+128), pos)
	assert.Equal(t, "def", string(p.log.Term(1)[64+HeaderLength:64+HeaderLength+3]))

	pos = e.AppendPadding(100)
	require.Equal(t, int64(termLen64K+128+160), pos)
	f = decodeFrame(p.log.Term(1), 128)
	assert.Equal(t, int16(TypePad), f.Type)
	assert.Equal(t, int32(132), f.Length)
}

func TestExclusiveBackPressureClosedAndMaxPosition(t *testing.T) {
	p := newTestPub(t, termLen64K, 1408, 0)
	e := NewExclusiveAppender(p.log, p.params())
	p.limit = 64
	require.Equal(t, int64(64), e.Offer(make([]byte, 8)))
	assert.Equal(t, BackPressured, e.Offer(make([]byte, 8)))
	p.log.SetIsConnected(false)
	assert.Equal(t, NotConnected, e.Offer(make([]byte, 8)))
	e.closed.Set()
	assert.Equal(t, Closed, e.Offer(make([]byte, 8)))
	assert.Equal(t, Closed, e.Position())

	p2 := newTestPub(t, termLen64K, 1408, 0)
	last := int32(1<<31 - 1)
	p2.log.InitTailsAt(0, last, termLen64K-64)
	e2 := NewExclusiveAppender(p2.log, p2.params())
	require.Equal(t, e2.MaxPossiblePosition()-64, e2.Position())
	assert.Equal(t, e2.MaxPossiblePosition(), e2.Offer(make([]byte, 32)))
	assert.Equal(t, MaxPositionExceeded, e2.Offer(make([]byte, 32)))
}

func TestExclusiveFragmentsLikeConcurrent(t *testing.T) {
	pc := newTestPub(t, termLen64K, 2048, 5)
	pe := newTestPub(t, termLen64K, 2048, 5)
	a := NewAppender(pc.log, pc.params())
	e := NewExclusiveAppender(pe.log, pe.params())
	for i, n := range []int{0, 7, 2016, 2017, 5000, 8192} {
		msg := pattern(n, byte(i))
		assert.Equal(t, a.Offer(msg), e.Offer(msg), "offer %d bytes", n)
	}
	assert.Equal(t, pc.log.Term(0), pe.log.Term(0))
}

// reserve is e's Reserve and CommitReservation of a message with payload
// msg, in tryClaim's shape: the position, or the refusal.
func reserve(e *ExclusiveAppender, msg []byte) int64 {
	c, res := e.Reserve(len(msg))
	if res < 0 {
		return res
	}
	copy(c.Buffer(), msg)
	CommitReservation(e, c)
	return res
}

// A reservation committed leaves what a claim committed leaves: the same
// positions, the same refusals at the end of a term (padding, rotation),
// the same bytes in every term and the same tails, with offers (fragmented
// ones too) in between.
func TestExclusiveReserveMatchesClaim(t *testing.T) {
	pc := newTestPub(t, termLen64K, 1408, 9)
	pr := newTestPub(t, termLen64K, 1408, 9)
	ec := NewExclusiveAppender(pc.log, pc.params())
	er := NewExclusiveAppender(pr.log, pr.params())
	for i := 0; i < 300; i++ { // more than a term: crosses the end of term 0 and rotates
		if i%5 == 4 {
			// Offers, fragmented ones too, between the two in the same
			// appender.
			msg := pattern([]int{40, 3000}[i%2], byte(i))
			require.Equal(t, ec.Offer(msg), er.Offer(msg), "offer %d of %d bytes", i, len(msg))
			continue
		}
		msg := pattern([]int{0, 1, 31, 32, 65, 500, 1000, 1376}[i%8], byte(i))
		var c Claim
		want := tryClaim(ec, len(msg), &c)
		if want >= 0 {
			copy(c.Buffer(), msg)
			c.Commit()
		}
		require.Equal(t, want, reserve(er, msg), "message %d of %d bytes", i, len(msg))
		require.Equal(t, ec.Position(), er.Position())
	}
	require.Equal(t, pc.log.ActiveTermCount(), pr.log.ActiveTermCount())
	require.GreaterOrEqual(t, pr.log.ActiveTermCount(), int32(1), "the appenders rotated the term")
	for i := 0; i < PartitionCount; i++ {
		assert.Equal(t, pc.log.RawTail(i), pr.log.RawTail(i), "tail %d", i)
		assert.Equal(t, pc.log.Term(i), pr.log.Term(i), "term %d", i)
	}
	// Refusals are Claim's.
	pr.limit = er.Position()
	c, res := er.Reserve(8)
	assert.Equal(t, BackPressured, res)
	assert.Equal(t, Claim{}, c, "no frame granted")
	_, res = er.Reserve(1409)
	assert.Equal(t, TooLong, res)
	er.closed.Set()
	_, res = er.Reserve(8)
	assert.Equal(t, Closed, res)
}

// Until it is committed a reservation stores nothing but the payload its
// writer puts there: the tail and the frame's header stay as they were, so
// readers see no frame. AbortReservation zeroes the payload and the next message takes
// its place.
func TestExclusiveReserveStoresNothingUntilCommit(t *testing.T) {
	p := newTestPub(t, termLen64K, 1408, 0)
	e := NewExclusiveAppender(p.log, p.params())
	require.Equal(t, int64(64), e.Offer(pattern(10, 1)))
	tail := p.log.RawTail(0)
	term := p.log.Term(0)

	c, res := e.Reserve(100)
	require.Equal(t, int64(64+160), res, "the position the frame will end at")
	copy(c.Buffer(), pattern(100, 2))
	assert.Equal(t, tail, p.log.RawTail(0))
	assert.Equal(t, int64(64), e.Position())
	assert.Equal(t, make([]byte, HeaderLength), term[64:64+HeaderLength], "no header before the commit")
	assert.Len(t, frames(term), 1)

	AbortReservation(e, c)
	assert.Equal(t, make([]byte, termLen64K-64), term[64:], "aborted: beyond the tail is zero again")
	assert.Equal(t, tail, p.log.RawTail(0))

	require.Equal(t, int64(64+64), reserve(e, pattern(20, 3)), "the next message takes the aborted one's place")
	fr := frames(term)
	require.Len(t, fr, 2)
	assert.Equal(t, frame{Length: HeaderLength + 20, TermOffset: 64, Flags: FlagsUnfragmented, Type: TypeData,
		SessionID: testSession, StreamID: testStream}, fr[1])
	assert.Equal(t, pattern(20, 3), term[64+HeaderLength:64+HeaderLength+20])
	assert.Equal(t, make([]byte, termLen64K-128), term[128:])
	assert.Equal(t, int64(128), p.log.RawTail(0))
}
