package logbuffer

import (
	"encoding/binary"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const termLen64K = 64 * 1024

func TestOfferUnfragmentedWritesHeaderAndPayload(t *testing.T) {
	p := newTestPub(t, termLen64K, 1408, 7)
	a := NewAppender(p.log, p.params())
	msg := pattern(100, 1)

	pos := a.Offer(msg)
	require.Equal(t, int64(align(100+HeaderLength, FrameAlignment)), pos)
	pos2 := a.Offer(msg[:1])
	require.Equal(t, pos+64, pos2)

	term := p.log.Term(0)
	got := frames(term)
	require.Len(t, got, 2)
	assert.Equal(t, frame{Length: 132, Flags: FlagsUnfragmented, Type: TypeData, TermOffset: 0,
		SessionID: testSession, StreamID: testStream, TermID: 7}, got[0])
	assert.Equal(t, frame{Length: 33, Flags: FlagsUnfragmented, Type: TypeData, TermOffset: 160,
		SessionID: testSession, StreamID: testStream, TermID: 7}, got[1])
	assert.Equal(t, msg, term[HeaderLength:HeaderLength+100])
	assert.Equal(t, msg[:1], term[160+HeaderLength:160+HeaderLength+1])
	assert.Equal(t, pos2, a.Position())
	assert.Equal(t, int64(7)<<32|int64(pos2), p.log.RawTail(0))
}

func TestOfferFragmentsAtMaxPayload(t *testing.T) {
	const mtu = 4096
	p := newTestPub(t, termLen64K, mtu, 0)
	a := NewAppender(p.log, p.params())
	maxPayload := mtu - HeaderLength
	require.Equal(t, maxPayload, a.MaxPayloadLength())
	require.Equal(t, termLen64K/8, a.MaxMessageLength())

	for _, length := range []int{maxPayload, maxPayload + 1, 2 * maxPayload, 2*maxPayload + 17} {
		t.Run(fmt.Sprint(length), func(t *testing.T) {
			p := newTestPub(t, termLen64K, mtu, 0)
			a := NewAppender(p.log, p.params())
			msg := pattern(length, 3)
			pos := a.Offer(msg)
			require.Equal(t, int64(ComputeFragmentedLength(length, maxPayload)), pos)

			term := p.log.Term(0)
			got := frames(term)
			wantFrames := (length + maxPayload - 1) / maxPayload
			require.Len(t, got, wantFrames)
			var payload []byte
			off := 0
			for i, f := range got {
				var flags uint8
				if i == 0 {
					flags |= FlagBegin
				}
				if i == wantFrames-1 {
					flags |= FlagEnd
				}
				assert.Equal(t, flags, f.Flags, "frame %d flags", i)
				assert.Equal(t, int32(off), f.TermOffset, "frame %d offset", i)
				assert.Equal(t, int16(TypeData), f.Type)
				n := int(f.Length) - HeaderLength
				assert.LessOrEqual(t, n, maxPayload)
				payload = append(payload, term[off+HeaderLength:off+HeaderLength+n]...)
				off += align(int(f.Length), FrameAlignment)
			}
			assert.Equal(t, msg, payload)
		})
	}
}

func TestOfferRejectsMessageLongerThanMaxMessageLength(t *testing.T) {
	p := newTestPub(t, termLen64K, 1408, 0)
	a := NewAppender(p.log, p.params())
	assert.Equal(t, TooLong, a.Offer(make([]byte, a.MaxMessageLength()+1)))
	var c Claim
	assert.Equal(t, TooLong, tryClaim(a, a.MaxPayloadLength()+1, &c))
	assert.Equal(t, int64(0), a.Position())
}

func TestTermEndPadsAndRotates(t *testing.T) {
	const initialTermID = -3
	p := newTestPub(t, termLen64K, 1408, initialTermID)
	a := NewAppender(p.log, p.params())
	msg := pattern(1000, 9) // 1056 bytes a frame
	var offers int
	var res int64
	for {
		res = a.Offer(msg)
		if res < 0 {
			break
		}
		offers++
	}
	require.Equal(t, AdminAction, res)
	require.Equal(t, termLen64K/1056, offers)

	term0 := p.log.Term(0)
	got := frames(term0)
	require.Len(t, got, offers+1)
	pad := got[offers]
	padOffset := int32(offers * 1056)
	assert.Equal(t, frame{Length: termLen64K - padOffset, Flags: FlagsUnfragmented, Type: TypePad,
		TermOffset: padOffset, SessionID: testSession, StreamID: testStream, TermID: initialTermID}, pad)

	// the log rotated: active term count 1, partition 1 holds the next term
	assert.Equal(t, int32(1), p.log.ActiveTermCount())
	assert.Equal(t, int64(initialTermID+1)<<32, p.log.RawTail(1))
	assert.Equal(t, int64(termLen64K), a.Position())

	res = a.Offer(msg)
	assert.Equal(t, int64(termLen64K+1056), res)
	f := decodeFrame(p.log.Term(1), 0)
	assert.Equal(t, int32(initialTermID+1), f.TermID)
	assert.Equal(t, int32(0), f.TermOffset)
}

func TestExactFitLeavesNoPadding(t *testing.T) {
	p := newTestPub(t, termLen64K, 4096, 0)
	a := NewAppender(p.log, p.params())
	// 16 frames of 4096 fill a 64 KiB term exactly
	msg := pattern(4096-HeaderLength, 1)
	for i := 1; i <= 16; i++ {
		require.Equal(t, int64(i*4096), a.Offer(msg))
	}
	// the next offer trips the term at its very end: no room for padding
	require.Equal(t, AdminAction, a.Offer(msg))
	got := frames(p.log.Term(0))
	require.Len(t, got, 16)
	for _, f := range got {
		assert.Equal(t, int16(TypeData), f.Type)
	}
	assert.Equal(t, int64(2*4096+termLen64K), a.Offer(pattern(2*len(msg), 2)))
}

func TestRotationThroughAllPartitions(t *testing.T) {
	p := newTestPub(t, termLen64K, 1408, 100)
	a := NewAppender(p.log, p.params())
	r := NewReader(p.log, p.readerParams())
	c := &cleaner{log: p.log, window: termLen64K / 2, limit: &p.limit}
	c.step(0)
	msg := pattern(200, 5)
	var sent, received int
	handler := func(buf []byte, h *Header) {
		require.Equal(t, pattern(200, 5), buf)
		received++
	}
	for sent < 2000 { // about 7 terms
		res := a.Offer(msg)
		switch {
		case res > 0:
			sent++
		case res == AdminAction, res == BackPressured:
		default:
			t.Fatalf("offer %d: %d", sent, res)
		}
		r.Poll(handler, 10)
		c.step(r.Position())
	}
	for r.Poll(handler, 100) > 0 {
	}
	assert.Equal(t, sent, received)
	assert.Greater(t, p.log.ActiveTermCount(), int32(5))
	assert.Equal(t, a.Position(), r.Position())
	assert.Equal(t, int32(100)+p.log.ActiveTermCount(), TermID(p.log.RawTailVolatile()))
}

func TestBackPressureAtPublicationLimit(t *testing.T) {
	p := newTestPub(t, termLen64K, 1408, 0)
	a := NewAppender(p.log, p.params())
	p.limit = 256
	msg := pattern(32, 0) // 64 bytes a frame
	for i := 1; i <= 4; i++ {
		require.Equal(t, int64(64*i), a.Offer(msg))
	}
	var c Claim
	assert.Equal(t, BackPressured, a.Offer(msg))
	assert.Equal(t, BackPressured, tryClaim(a, 8, &c))
	assert.Equal(t, BackPressured, a.Offerv([][]byte{msg}))
	p.log.SetIsConnected(false)
	assert.Equal(t, NotConnected, a.Offer(msg))
	p.log.SetIsConnected(true)
	atomic.StoreInt64(&p.limit, 320)
	assert.Equal(t, int64(320), a.Offer(msg))
	assert.Equal(t, int64(320), a.Position())
}

func TestClosedPublicationWritesNothing(t *testing.T) {
	p := newTestPub(t, termLen64K, 1408, 0)
	a := NewAppender(p.log, p.params())
	a.closed.Set()
	var c Claim
	assert.Equal(t, Closed, a.Offer([]byte("x")))
	assert.Equal(t, Closed, a.Offerv([][]byte{[]byte("x")}))
	assert.Equal(t, Closed, tryClaim(a, 1, &c))
	assert.Equal(t, Closed, a.Position())
	assert.False(t, a.IsConnected())
	assert.Equal(t, int64(0), p.log.RawTail(0))
}

func TestMaxPositionExceeded(t *testing.T) {
	const initialTermID = 5
	p := newTestPub(t, termLen64K, 1408, initialTermID)
	// the last term a log can hold: term count 2^31 - 1
	startTermID := int32(initialTermID)
	lastTermID := startTermID + (1<<31 - 1) // wraps, as term ids do
	p.log.InitTailsAt(initialTermID, lastTermID, termLen64K-64)
	a := NewAppender(p.log, p.params())
	require.Equal(t, a.MaxPossiblePosition()-64, a.Position())
	assert.Equal(t, a.MaxPossiblePosition(), a.Offer(make([]byte, 32)))
	assert.Equal(t, MaxPositionExceeded, a.Offer(make([]byte, 32)))

	// back pressure near the end reports max position exceeded too
	p2 := newTestPub(t, termLen64K, 1408, initialTermID)
	p2.log.InitTailsAt(initialTermID, lastTermID, termLen64K-64)
	a2 := NewAppender(p2.log, p2.params())
	p2.limit = 0
	assert.Equal(t, MaxPositionExceeded, a2.Offer(make([]byte, 32)))
	assert.Equal(t, BackPressured, a2.Offer(make([]byte, 0)))
}

func TestStaleActiveTermGivesAdminAction(t *testing.T) {
	p := newTestPub(t, termLen64K, 1408, 0)
	a := NewAppender(p.log, p.params())
	// the active term count moved on but the partition's tail was not yet rotated
	require.True(t, p.log.CASActiveTermCount(0, 1))
	assert.Equal(t, AdminAction, a.Offer([]byte("x")))
}

func TestOffervGathers(t *testing.T) {
	p := newTestPub(t, termLen64K, 1408, 0)
	a := NewAppender(p.log, p.params())
	parts := [][]byte{[]byte("hello, "), {}, []byte("gathered "), []byte("world")}
	pos := a.Offerv(parts)
	require.Equal(t, int64(align(21+HeaderLength, FrameAlignment)), pos)
	term := p.log.Term(0)
	assert.Equal(t, "hello, gathered world", string(term[HeaderLength:HeaderLength+21]))

	// fragmented gather: vectors straddle fragment boundaries
	big := pattern(5000, 11)
	vecs := [][]byte{big[:1], big[1:1500], big[1500:1501], big[1501:4000], big[4000:]}
	pos2 := a.Offerv(vecs)
	require.Equal(t, pos+int64(ComputeFragmentedLength(5000, 1408-HeaderLength)), pos2)
	var got []byte
	for _, f := range frames(term)[1:] {
		off := int(f.TermOffset)
		got = append(got, term[off+HeaderLength:off+int(f.Length)]...)
	}
	assert.Equal(t, big, got)
}

func TestTryClaimCommitAndAbort(t *testing.T) {
	p := newTestPub(t, termLen64K, 1408, 0)
	a := NewAppender(p.log, p.params())
	var c Claim
	pos := tryClaim(a, 10, &c)
	require.Equal(t, int64(64), pos)
	term := p.log.Term(0)
	// before commit the frame length is negative: in progress
	assert.Equal(t, int32(-42), FrameLength(term, 0))
	copy(c.Buffer(), "0123456789")
	c.SetReservedValue(77)
	c.Commit()
	f := decodeFrame(term, 0)
	assert.Equal(t, frame{Length: 42, Flags: FlagsUnfragmented, Type: TypeData, SessionID: testSession,
		StreamID: testStream, Reserved: 77}, f)
	assert.Equal(t, "0123456789", string(term[HeaderLength:HeaderLength+10]))

	require.Equal(t, int64(128), tryClaim(a, 20, &c))
	c.Abort()
	f = decodeFrame(term, 64)
	assert.Equal(t, int16(TypePad), f.Type)
	assert.Equal(t, int32(52), f.Length)

	// a reader skips the aborted frame
	r := NewReader(p.log, p.readerParams())
	var seen []string
	n := r.Poll(func(buf []byte, h *Header) { seen = append(seen, string(buf)) }, 10)
	assert.Equal(t, 1, n)
	assert.Equal(t, []string{"0123456789"}, seen)
	assert.Equal(t, int64(128), r.Position())
}

// TestConcurrentClaimsAndOffers runs several writers on one concurrent
// publication while a reader polls and a cleaner recycles terms: every
// message arrives once, in order per writer.
func TestConcurrentClaimsAndOffers(t *testing.T) {
	const writers = 4
	perWriter := 20000
	if testing.Short() || raceEnabled {
		perWriter = 5000
	}
	p := newTestPub(t, termLen64K, 1408, 42)
	a := NewAppender(p.log, p.params())
	r := NewReader(p.log, p.readerParams())
	c := &cleaner{log: p.log, window: termLen64K / 2, limit: &p.limit}
	c.step(0)

	var wg sync.WaitGroup
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var claim Claim
			var buf [24]byte
			for seq := 0; seq < perWriter; {
				length := 8 + seq%17 // vary frame sizes so writers straddle term ends differently
				binary.LittleEndian.PutUint32(buf[0:], uint32(w))
				binary.LittleEndian.PutUint32(buf[4:], uint32(seq))
				var res int64
				switch seq % 3 {
				case 0:
					res = tryClaim(a, length, &claim)
					if res > 0 {
						copy(claim.Buffer(), buf[:length])
						claim.Commit()
					}
				case 1:
					res = a.Offer(buf[:length])
				default:
					res = a.Offerv([][]byte{buf[:4], buf[4:length]})
				}
				switch {
				case res > 0:
					seq++
				case res == AdminAction || res == BackPressured:
					runtime.Gosched()
				default:
					t.Errorf("writer %d seq %d: result %d", w, seq, res)
					return
				}
			}
		}()
	}

	next := make([]uint32, writers)
	total := 0
	var failed error
	handler := func(buf []byte, h *Header) {
		w := binary.LittleEndian.Uint32(buf[0:])
		seq := binary.LittleEndian.Uint32(buf[4:])
		if failed == nil && (int(w) >= writers || seq != next[w] || len(buf) != 8+int(seq)%17) {
			failed = fmt.Errorf("writer %d: got seq %d len %d, want seq %d", w, seq, len(buf), next[w])
		}
		if int(w) < writers {
			next[w] = seq + 1
		}
		total++
	}
	for total < writers*perWriter && failed == nil {
		if r.Poll(handler, 64) == 0 {
			runtime.Gosched()
		}
		c.step(r.Position())
	}
	wg.Wait()
	require.NoError(t, failed)
	assert.Equal(t, writers*perWriter, total)
	for w := range writers {
		assert.Equal(t, uint32(perWriter), next[w])
	}
	assert.Equal(t, a.Position(), r.Position())
	assert.Greater(t, p.log.ActiveTermCount(), int32(2), "the test should rotate through every partition")
}
