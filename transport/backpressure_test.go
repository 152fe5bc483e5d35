package transport

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSlowSubscriberBackPressuresAndLosesNothing(t *testing.T) {
	cl := newTestClient(t)
	// A 64 KiB term gives a 32 KiB publication window: about 30 messages of 1 KiB.
	pub, sub := pubSub(t, cl, "aeron:ipc?term-length=64k", false)

	msg := make([]byte, 1000)
	backPressured := 0
	offered := 0
	for backPressured == 0 && offered < 1000 {
		_, err := pub.Offer(sequencedPayloadSized(msg, uint64(offered)))
		switch {
		case err == nil:
			offered++
		case errors.Is(err, ErrBackPressured):
			backPressured++
		default:
			require.NoError(t, err)
		}
	}
	require.Equal(t, 1, backPressured, "a publication nobody drains must back-pressure")
	assert.Less(t, offered, 64)

	// Now a slow subscriber (one message per poll, with pauses) and a
	// publisher that retries: everything arrives, in order.
	total := 3000
	if raceEnabled {
		total = 1000
	}
	var retries atomic.Int64
	ctx := testContext(t, time.Minute)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		buf := make([]byte, 1000)
		for seq := offered; seq < total; seq++ {
			for {
				_, err := pub.Offer(sequencedPayloadSized(buf, uint64(seq)))
				if err == nil {
					break
				}
				if !errors.Is(err, ErrBackPressured) && !errors.Is(err, ErrAdminAction) {
					t.Errorf("offer %d: %v", seq, err)
					return
				}
				retries.Add(1)
				if ctx.Err() != nil {
					t.Errorf("offer %d: %v", seq, ctx.Err())
					return
				}
				time.Sleep(50 * time.Microsecond)
			}
		}
	}()

	next := 0
	bad := 0
	want := make([]byte, 1000)
	handler := func(m []byte, h *Header) {
		if !bytes.Equal(m, sequencedPayloadSized(want, uint64(next))) {
			bad++
		}
		next++
	}
	deadline := time.Now().Add(time.Minute)
	for next < total && time.Now().Before(deadline) {
		n, err := sub.Poll(handler, 1)
		require.NoError(t, err)
		if next%200 == 0 || n == 0 {
			time.Sleep(200 * time.Microsecond)
		}
	}
	wg.Wait()
	assert.Equal(t, total, next)
	assert.Zero(t, bad)
	assert.Positive(t, retries.Load(), "the slow subscriber should have back-pressured the publisher")
}

// sequencedPayloadSized fills all of buf with seq and a pattern.
func sequencedPayloadSized(buf []byte, seq uint64) []byte {
	for i := range buf {
		buf[i] = byte(seq>>(8*(i%8))) ^ byte(i)
	}
	return buf
}

func TestCloseWhileOtherGoroutinesOfferAndPoll(t *testing.T) {
	rounds := 5
	if raceEnabled {
		rounds = 2
	}
	for round := 0; round < rounds; round++ {
		cl, err := Connect(ClientOptions{Dir: sharedDriver.Dir(), DriverTimeout: 5 * time.Second})
		require.NoError(t, err)
		ctx := testContext(t, 20*time.Second)
		stream := nextStreamID()
		sub, err := cl.AddSubscription(ctx, "aeron:ipc?term-length=64k", stream)
		require.NoError(t, err)
		pub, err := cl.AddPublication(ctx, "aeron:ipc?term-length=64k", stream)
		require.NoError(t, err)
		require.NoError(t, pub.WaitConnected(ctx))

		var stop atomic.Bool
		var wg sync.WaitGroup
		var offerEnd, claimEnd, pollEnd atomic.Value
		wg.Add(3)
		go func() { // offers until closed
			defer wg.Done()
			msg := []byte("payload")
			for !stop.Load() {
				if _, err := pub.Offer(msg); errors.Is(err, ErrClosed) {
					offerEnd.Store(err)
					return
				}
			}
		}()
		go func() { // claims until closed
			defer wg.Done()
			for !stop.Load() {
				c, err := pub.TryClaim(16)
				if errors.Is(err, ErrClosed) {
					claimEnd.Store(err)
					return
				}
				if err == nil {
					copy(c.Buffer(), "claimed")
					c.Commit()
				}
			}
		}()
		go func() { // polls until closed
			defer wg.Done()
			h := func([]byte, *Header) {}
			for !stop.Load() {
				if _, err := sub.Poll(h, 10); errors.Is(err, ErrClosed) {
					pollEnd.Store(err)
					return
				}
			}
		}()

		time.Sleep(20 * time.Millisecond)
		closers := sync.WaitGroup{}
		closers.Add(3)
		// Close everything from other goroutines, twice, in a racing order.
		go func() { defer closers.Done(); assert.NoError(t, sub.Close()); assert.NoError(t, sub.Close()) }()
		go func() { defer closers.Done(); assert.NoError(t, pub.Close()) }()
		go func() { defer closers.Done(); assert.NoError(t, cl.Close()); assert.NoError(t, cl.Close()) }()
		closers.Wait()

		done := make(chan struct{})
		go func() { wg.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			stop.Store(true)
			t.Fatal("offer, claim or poll did not end with ErrClosed after Close")
		}
		assert.Equal(t, ErrClosed, offerEnd.Load())
		assert.Equal(t, ErrClosed, claimEnd.Load())
		assert.Equal(t, ErrClosed, pollEnd.Load())

		_, err = cl.AddPublication(context.Background(), "aeron:ipc", stream)
		assert.ErrorIs(t, err, ErrClosed)
		_, err = cl.AddSubscription(context.Background(), "aeron:ipc", stream)
		assert.ErrorIs(t, err, ErrClosed)
		_, err = cl.Counters().Value(0)
		assert.ErrorIs(t, err, ErrClosed)
		assert.True(t, cl.IsClosed())
	}
}

func TestMaxPositionExceeded(t *testing.T) {
	cl := newTestClient(t)
	// Start the exclusive publication in the last term Aeron can address,
	// near its end: the next messages cross the maximum position.
	const termLength = 64 << 10
	channel := fmt.Sprintf("aeron:ipc?term-length=%d|init-term-id=0|term-id=%d|term-offset=%d",
		termLength, math.MaxInt32, termLength-1024)
	pub, _ := pubSub(t, cl, channel, true)
	var err error
	for i := 0; i < 64 && err == nil; i++ {
		_, err = pub.Offer(make([]byte, 200))
	}
	assert.Same(t, ErrMaxPositionExceeded, err)
	_, err = pub.TryClaim(200)
	assert.Same(t, ErrMaxPositionExceeded, err)
}

func TestAdminActionAtTermRotation(t *testing.T) {
	cl := newTestClient(t)
	// 128 bytes before the end of the first term: a 200-byte message does
	// not fit, so the publication pads the term, rotates and asks for a retry.
	const termLength = 64 << 10
	channel := fmt.Sprintf("aeron:ipc?term-length=%d|init-term-id=7|term-id=7|term-offset=%d", termLength, termLength-128)
	pub, sub := pubSub(t, cl, channel, true)
	msg := bytes.Repeat([]byte{7}, 200)
	pos, err := pub.Offer(msg)
	assert.Same(t, ErrAdminAction, err)
	assert.Negative(t, pos)
	pos, err = pub.Offer(msg)
	require.NoError(t, err)
	assert.Greater(t, pos, int64(termLength))

	var got []byte
	pollUntil(t, sub, func(m []byte, h *Header) {
		got = bytes.Clone(m)
		assert.Equal(t, int32(8), h.TermID())
		assert.Equal(t, int32(7), h.InitialTermID())
	}, func() bool { return got != nil }, 5*time.Second)
	assert.Equal(t, msg, got)
}
