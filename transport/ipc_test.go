package transport

import (
	"bytes"
	"context"
	"encoding/binary"
	"hash/crc32"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sequencedCount is the message count of the IPC ordering test.
func sequencedCount() int {
	if raceEnabled {
		return 100_000
	}
	return 1_000_000
}

// sequencedPayload fills buf with seq and a pattern derived from it; the
// length varies with seq between 8 and 71 bytes.
func sequencedPayload(buf []byte, seq uint64) []byte {
	n := 8 + int(seq%64)
	b := buf[:n]
	binary.LittleEndian.PutUint64(b, seq)
	for i := 8; i < n; i++ {
		b[i] = byte(seq) + byte(i)
	}
	return b
}

func TestIPCSequencedMessagesNoneLostDuplicatedOrReordered(t *testing.T) {
	for _, exclusive := range []bool{false, true} {
		name := "concurrent"
		if exclusive {
			name = "exclusive"
		}
		t.Run(name, func(t *testing.T) {
			count := sequencedCount()
			if exclusive {
				count /= 10 // the exclusive path shares the code; a tenth suffices
			}
			cl := newTestClient(t)
			pub, sub := pubSub(t, cl, "aeron:ipc?term-length=1m", exclusive)
			ctx := testContext(t, 2*time.Minute)

			var wg sync.WaitGroup
			var pubErr error
			wg.Add(1)
			go func() {
				defer wg.Done()
				buf := make([]byte, 128)
				idle := NewBackoffIdleStrategy()
				for seq := uint64(0); seq < uint64(count); seq++ {
					if _, err := pub.OfferCtx(ctx, sequencedPayload(buf, seq), idle); err != nil {
						pubErr = err
						return
					}
					idle.Reset()
				}
			}()

			var next uint64
			var bad int
			var firstBad string
			want := make([]byte, 128)
			handler := func(msg []byte, h *Header) {
				exp := sequencedPayload(want, next)
				if !bytes.Equal(msg, exp) {
					if bad == 0 {
						got := uint64(0)
						if len(msg) >= 8 {
							got = binary.LittleEndian.Uint64(msg)
						}
						firstBad = "expected seq " + itoa(next) + ", got seq " + itoa(got) + " len " + itoa(uint64(len(msg)))
					}
					bad++
				}
				next++
			}
			pollUntil(t, sub, handler, func() bool { return next >= uint64(count) || bad > 0 }, 2*time.Minute)
			wg.Wait()
			require.NoError(t, pubErr)
			require.Zero(t, bad, firstBad)
			assert.Equal(t, uint64(count), next)

			// Nothing beyond the last message arrives.
			n, err := sub.Poll(handler, 10)
			require.NoError(t, err)
			assert.Zero(t, n)
		})
	}
}

func itoa(v uint64) string {
	var b [20]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + v%10)
		v /= 10
		if v == 0 {
			return string(b[i:])
		}
	}
}

func TestIPCMessageSizesUpTo16MiBReassembledIntact(t *testing.T) {
	cl := newTestClient(t)
	// Aeron's longest message is min(term length / 8, 16 MiB).
	pub, sub := pubSub(t, cl, "aeron:ipc?term-length=128m", false)
	require.Equal(t, 16<<20, pub.MaxMessageLength())
	maxPayload := pub.MaxPayloadLength()

	sizes := []int{0, 1, 7, 31, 32, 33, 1000, maxPayload - 1, maxPayload, maxPayload + 1,
		2*maxPayload + 5, 64 << 10, 1<<20 + 3, 4 << 20, 16<<20 - 1, 16 << 20}
	rng := rand.New(rand.NewPCG(1, 2))
	msgs := make([][]byte, len(sizes))
	sums := make([]uint32, len(sizes))
	for i, n := range sizes {
		msgs[i] = make([]byte, n)
		for j := range msgs[i] {
			msgs[i][j] = byte(rng.Uint32())
		}
		sums[i] = crc32.ChecksumIEEE(msgs[i])
	}

	ctx := testContext(t, time.Minute)
	go func() {
		for _, m := range msgs {
			if _, err := pub.OfferCtx(ctx, m, nil); err != nil {
				t.Errorf("offer %d bytes: %v", len(m), err)
				return
			}
		}
	}()

	i := 0
	var mismatches []string
	handler := func(msg []byte, h *Header) {
		if i < len(sizes) && (len(msg) != sizes[i] || crc32.ChecksumIEEE(msg) != sums[i]) {
			mismatches = append(mismatches, "message "+itoa(uint64(i))+" of "+itoa(uint64(sizes[i]))+" bytes arrived as "+itoa(uint64(len(msg)))+" bytes or with another checksum")
		}
		if h.Flags()&0xC0 != 0xC0 && len(msg) <= maxPayload {
			mismatches = append(mismatches, "unfragmented message without begin and end flags")
		}
		i++
	}
	pollUntil(t, sub, handler, func() bool { return i >= len(sizes) }, time.Minute)
	assert.Empty(t, mismatches)
	assert.Equal(t, len(sizes), i)
}

func TestOffervAndTryClaim(t *testing.T) {
	cl := newTestClient(t)
	pub, sub := pubSub(t, cl, "aeron:ipc?term-length=1m", false)
	maxPayload := pub.MaxPayloadLength()

	big := bytes.Repeat([]byte("0123456789abcdef"), (3*maxPayload)/16) // fragmented
	want := [][]byte{
		[]byte("header|body|trailer"),
		big,
		[]byte("claimed"),
		[]byte("after-abort"),
	}
	_, err := pub.Offerv([]byte("header|"), []byte("body|"), nil, []byte("trailer"))
	require.NoError(t, err)
	_, err = pub.Offerv(big[:100], big[100:len(big)-1], big[len(big)-1:])
	require.NoError(t, err)

	c, err := pub.TryClaim(len("claimed"))
	require.NoError(t, err)
	require.Len(t, c.Buffer(), len("claimed"))
	copy(c.Buffer(), "claimed")
	c.Commit()

	c, err = pub.TryClaim(5)
	require.NoError(t, err)
	copy(c.Buffer(), "never")
	c.Abort()

	before, err := pub.Position()
	require.NoError(t, err)
	pos, err := pub.Offer([]byte("after-abort"))
	require.NoError(t, err)
	assert.Greater(t, pos, before)

	_, err = pub.TryClaim(maxPayload + 1)
	assert.ErrorIs(t, err, ErrMessageTooLong)
	_, err = pub.Offer(make([]byte, pub.MaxMessageLength()+1))
	assert.ErrorIs(t, err, ErrMessageTooLong)

	var got [][]byte
	var lastPos int64
	var sessionOK, streamOK = true, true
	handler := func(msg []byte, h *Header) {
		got = append(got, bytes.Clone(msg))
		lastPos = h.Position()
		sessionOK = sessionOK && h.SessionID() == pub.SessionID()
		streamOK = streamOK && h.StreamID() == pub.StreamID()
	}
	pollUntil(t, sub, handler, func() bool { return len(got) >= len(want) }, 10*time.Second)
	assert.Equal(t, want, got)
	assert.Equal(t, pos, lastPos)
	assert.True(t, sessionOK)
	assert.True(t, streamOK)
}

func TestPublicationAccessors(t *testing.T) {
	cl := newTestClient(t)
	pub, sub := pubSub(t, cl, "aeron:ipc?term-length=64k", true)
	assert.True(t, pub.IsExclusive())
	assert.True(t, pub.IsConnected())
	assert.False(t, pub.IsClosed())
	assert.Equal(t, "aeron:ipc?term-length=64k", pub.Channel())
	assert.Equal(t, sub.StreamID(), pub.StreamID())
	assert.Equal(t, 64<<10, pub.TermBufferLength())
	assert.Equal(t, 8<<10, pub.MaxMessageLength())
	assert.Greater(t, pub.MaxPayloadLength(), 1000)
	assert.Equal(t, ChannelStatusActive, pub.ChannelStatus())
	assert.Equal(t, 1, sub.ImageCount())
	assert.True(t, sub.IsConnected())
	assert.NotZero(t, pub.RegistrationID())
	assert.NotZero(t, sub.RegistrationID())

	require.NoError(t, pub.Close())
	require.NoError(t, pub.Close())
	assert.True(t, pub.IsClosed())
	assert.False(t, pub.IsConnected())
	_, err := pub.Offer([]byte("x"))
	assert.ErrorIs(t, err, ErrClosed)
	_, err = pub.Offerv([]byte("x"))
	assert.ErrorIs(t, err, ErrClosed)
	_, err = pub.TryClaim(1)
	assert.ErrorIs(t, err, ErrClosed)
	_, err = pub.Position()
	assert.ErrorIs(t, err, ErrClosed)
	assert.ErrorIs(t, pub.WaitConnected(context.Background()), ErrClosed)
}

func TestOfferWithoutSubscriberIsNotConnected(t *testing.T) {
	cl := newTestClient(t)
	ctx := testContext(t, 10*time.Second)
	pub, err := cl.AddPublication(ctx, "aeron:ipc", nextStreamID())
	require.NoError(t, err)
	defer pub.Close()
	pos, err := pub.Offer([]byte("nobody listens"))
	assert.Same(t, ErrNotConnected, err)
	assert.Negative(t, pos)

	short, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel()
	_, err = pub.OfferCtx(short, []byte("x"), SleepingIdleStrategy{Duration: time.Millisecond})
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.ErrorIs(t, pub.WaitConnected(short), context.DeadlineExceeded)
}

func TestSubscriptionPollCtx(t *testing.T) {
	cl := newTestClient(t)
	pub, sub := pubSub(t, cl, "aeron:ipc?term-length=64k", false)
	var got []string
	handler := func(msg []byte, h *Header) { got = append(got, string(msg)) }

	short, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	start := time.Now()
	n, err := sub.PollCtx(short, handler, 10, nil)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Zero(t, n)
	assert.GreaterOrEqual(t, time.Since(start), 30*time.Millisecond)

	go func() {
		time.Sleep(20 * time.Millisecond)
		_, _ = pub.OfferCtx(context.Background(), []byte("late"), nil)
	}()
	n, err = sub.PollCtx(testContext(t, 10*time.Second), handler, 10, YieldingIdleStrategy{})
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	assert.Equal(t, []string{"late"}, got)

	require.NoError(t, sub.Close())
	_, err = sub.PollCtx(context.Background(), handler, 10, nil)
	assert.ErrorIs(t, err, ErrClosed)
	_, err = sub.ControlledPoll(func([]byte, *Header) ControlledAction { return ActionContinue }, 1)
	assert.ErrorIs(t, err, ErrClosed)
	assert.False(t, sub.IsConnected())
	assert.Zero(t, sub.ImageCount())
	assert.ErrorIs(t, sub.WaitConnected(context.Background()), ErrClosed)
}

func TestImagesOfTwoExclusivePublications(t *testing.T) {
	cl := newTestClient(t)
	ctx := testContext(t, 10*time.Second)
	stream := nextStreamID()
	var mu sync.Mutex
	available := map[int32]Image{}
	unavailable := map[int32]bool{}
	sub, err := cl.AddSubscription(ctx, "aeron:ipc", stream,
		WithAvailableImageHandler(func(img Image) { mu.Lock(); available[img.SessionID] = img; mu.Unlock() }),
		WithUnavailableImageHandler(func(img Image) { mu.Lock(); unavailable[img.SessionID] = true; mu.Unlock() }))
	require.NoError(t, err)
	defer sub.Close()
	a, err := cl.AddExclusivePublication(ctx, "aeron:ipc", stream)
	require.NoError(t, err)
	defer a.Close()
	b, err := cl.AddExclusivePublication(ctx, "aeron:ipc", stream)
	require.NoError(t, err)
	defer b.Close()
	require.NotEqual(t, a.SessionID(), b.SessionID())
	require.NoError(t, a.WaitConnected(ctx))
	require.NoError(t, b.WaitConnected(ctx))
	assert.Eventually(t, func() bool { return sub.ImageCount() == 2 }, 5*time.Second, time.Millisecond)
	assert.Eventually(t, func() bool { mu.Lock(); defer mu.Unlock(); return len(available) == 2 }, 5*time.Second, time.Millisecond)

	_, err = a.Offer([]byte("from a"))
	require.NoError(t, err)
	_, err = b.Offer([]byte("from b"))
	require.NoError(t, err)
	bySession := map[int32]string{}
	pollUntil(t, sub, func(msg []byte, h *Header) { bySession[h.SessionID()] = string(msg) },
		func() bool { return len(bySession) == 2 }, 5*time.Second)
	assert.Equal(t, map[int32]string{a.SessionID(): "from a", b.SessionID(): "from b"}, bySession)

	require.NoError(t, a.Close())
	assert.Eventually(t, func() bool { mu.Lock(); defer mu.Unlock(); return unavailable[a.SessionID()] }, 10*time.Second, 5*time.Millisecond)
	assert.Eventually(t, func() bool { return sub.ImageCount() == 1 }, 5*time.Second, time.Millisecond)
	mu.Lock()
	assert.False(t, unavailable[b.SessionID()])
	imgA := available[a.SessionID()]
	assert.Equal(t, a.SessionID(), imgA.SessionID)
	assert.Equal(t, int32(a.TermBufferLength()), imgA.TermBufferLength)
	assert.GreaterOrEqual(t, imgA.SubscriberPositionID, int32(0))
	mu.Unlock()
}

func TestConcurrentPublicationSharedByGoroutines(t *testing.T) {
	const writers = 4
	perWriter := 50_000
	if raceEnabled {
		perWriter = 5_000
	}
	cl := newTestClient(t)
	pub, sub := pubSub(t, cl, "aeron:ipc?term-length=1m", false)
	ctx := testContext(t, time.Minute)
	var wg sync.WaitGroup
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			var msg [16]byte
			for seq := 0; seq < perWriter; seq++ {
				binary.LittleEndian.PutUint64(msg[:8], uint64(w))
				binary.LittleEndian.PutUint64(msg[8:], uint64(seq))
				var err error
				if seq%2 == 0 {
					_, err = pub.OfferCtx(ctx, msg[:], nil)
				} else {
					var c Claim
					if c, err = pub.TryClaimCtx(ctx, len(msg), nil); err == nil {
						copy(c.Buffer(), msg[:])
						c.Commit()
					}
				}
				if err != nil {
					t.Errorf("writer %d seq %d: %v", w, seq, err)
					return
				}
			}
		}(w)
	}
	next := make([]int, writers)
	bad, total := 0, 0
	pollUntil(t, sub, func(msg []byte, h *Header) {
		total++
		if len(msg) != 16 {
			bad++
			return
		}
		w := binary.LittleEndian.Uint64(msg[:8])
		seq := binary.LittleEndian.Uint64(msg[8:])
		if w >= writers || int(seq) != next[w] {
			bad++
			return
		}
		next[w]++
	}, func() bool { return total >= writers*perWriter || bad > 0 }, time.Minute)
	wg.Wait()
	assert.Zero(t, bad)
	for w := range next {
		assert.Equal(t, perWriter, next[w], "writer %d", w)
	}
}
