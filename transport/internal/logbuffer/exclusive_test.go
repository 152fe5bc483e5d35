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
