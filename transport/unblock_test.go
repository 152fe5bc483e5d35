package transport

import (
	"bytes"
	"context"
	"encoding/binary"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The Go appenders write a claimed frame's header the way Aeron's clients
// do: a negative frame length until the commit. That is what the C media
// driver's unblocker (aeron_term_unblocker.c) relies on to pad over a claim
// that is never committed without padding over the messages after it. These
// tests drop a claim whose payload is non-zero at every frame alignment, as
// a 0 length would make the unblocker take the payload for the next frame,
// and check that the messages offered after it arrive intact and alone.

// unblockPayload is the dropped claim's payload: 0x01 at every byte, so any
// word of it read as a frame length is non-zero.
var unblockPayload = bytes.Repeat([]byte{1}, 200)

// unblockMessage is the i-th message of an unblock test.
func unblockMessage(i int) []byte {
	m := make([]byte, 40)
	copy(m, "unblock ")
	binary.LittleEndian.PutUint64(m[32:], uint64(i))
	return m
}

// collectInto is a fragment handler appending a copy of each message to
// *got.
func collectInto(got *[][]byte) FragmentHandler {
	return func(msg []byte, _ *Header) { *got = append(*got, bytes.Clone(msg)) }
}

// holds reports whether *got holds n messages.
func holds(got *[][]byte, n int) func() bool { return func() bool { return len(*got) >= n } }

// unblockedPublications is the driver's "Unblocked Publications" counter.
func unblockedPublications(t *testing.T, cl *Client) int64 {
	t.Helper()
	for c := range cl.Counters().All() {
		if c.TypeID == 0 && strings.HasPrefix(c.Label, "Unblocked Publications") {
			return c.Value
		}
	}
	t.Fatal("no Unblocked Publications counter")
	return 0
}

// unblockClient connects to a driver of the test's own, so that its
// Unblocked Publications counter counts this test's unblocking alone, with
// a short unblock timeout (which has to be longer than the client liveness
// timeout).
func unblockClient(t *testing.T) *Client {
	opts := testDriverOptions()
	opts.Dir = t.TempDir() + "/aeron"
	opts.ClientLivenessTimeout = 1500 * time.Millisecond
	opts.PublicationUnblockTimeout = 2 * time.Second
	drv, err := StartEmbeddedDriver(opts)
	require.NoError(t, err)
	t.Cleanup(func() { _ = drv.Close() })
	return connectTo(t, drv.Dir())
}

// dropClaim claims room for unblockPayload on pub, fills it and leaves the
// claim neither committed nor aborted.
func dropClaim(t *testing.T, ctx context.Context, pub *Publication) {
	t.Helper()
	c, err := pub.TryClaimCtx(ctx, len(unblockPayload), nil)
	require.NoError(t, err)
	copy(c.Buffer(), unblockPayload)
}

func TestDriverUnblocksDroppedClaim(t *testing.T) {
	// Concurrent publications: the driver pads over a claim that blocks
	// the stream for PublicationUnblockTimeout, while the publication
	// stays open.
	cl := unblockClient(t)
	ctx := testContext(t, 20*time.Second)

	const channel = "aeron:ipc?term-length=64k"
	sub, err := cl.AddSubscription(ctx, channel, 10)
	require.NoError(t, err)
	defer sub.Close()
	pub, err := cl.AddPublication(ctx, channel, 10)
	require.NoError(t, err)
	defer pub.Close()
	require.NoError(t, pub.WaitConnected(ctx))
	require.NoError(t, sub.WaitConnected(ctx))
	before := unblockedPublications(t, cl)

	_, err = pub.OfferCtx(ctx, unblockMessage(0), nil)
	require.NoError(t, err)
	dropClaim(t, ctx, pub)
	for i := 1; i <= 3; i++ {
		_, err = pub.OfferCtx(ctx, unblockMessage(i), nil)
		require.NoError(t, err)
	}

	var got [][]byte
	pollUntil(t, sub, collectInto(&got), holds(&got, 1), 10*time.Second)
	// The claim blocks the stream: nothing after it is readable yet.
	time.Sleep(300 * time.Millisecond)
	n, err := sub.Poll(func([]byte, *Header) { t.Error("a message read past an uncommitted claim") }, 10)
	require.NoError(t, err)
	require.Zero(t, n)

	start := time.Now()
	pollUntil(t, sub, collectInto(&got), holds(&got, 4), 15*time.Second)
	t.Logf("unblocked after %v more", time.Since(start).Round(time.Millisecond))
	for i, m := range got {
		assert.Equal(t, unblockMessage(i), m, "message %d", i)
	}
	// Nothing else: the claim became one padding frame.
	time.Sleep(100 * time.Millisecond)
	n, err = sub.Poll(func(m []byte, _ *Header) { t.Errorf("unexpected message %x", m) }, 10)
	require.NoError(t, err)
	assert.Zero(t, n)
	assert.Equal(t, before+1, unblockedPublications(t, cl))
}

func TestDriverDrainsPastDroppedExclusiveClaim(t *testing.T) {
	// An exclusive publication is not unblocked while it is open (the
	// driver leaves its single writer alone); when it closes, the driver
	// drains its log and pads over the claim, and the subscriber reads the
	// messages after it.
	cl := unblockClient(t)
	ctx := testContext(t, 20*time.Second)
	const stream = 10

	const channel = "aeron:ipc?term-length=64k"
	sub, err := cl.AddSubscription(ctx, channel, stream)
	require.NoError(t, err)
	defer sub.Close()
	pub, err := cl.AddExclusivePublication(ctx, channel, stream)
	require.NoError(t, err)
	require.NoError(t, pub.WaitConnected(ctx))
	require.NoError(t, sub.WaitConnected(ctx))
	before := unblockedPublications(t, cl)

	_, err = pub.OfferCtx(ctx, unblockMessage(0), nil)
	require.NoError(t, err)
	dropClaim(t, ctx, pub)
	for i := 1; i <= 3; i++ {
		_, err = pub.OfferCtx(ctx, unblockMessage(i), nil)
		require.NoError(t, err)
	}
	var got [][]byte
	pollUntil(t, sub, collectInto(&got), holds(&got, 1), 10*time.Second)
	require.NoError(t, pub.Close())

	pollUntil(t, sub, collectInto(&got), holds(&got, 4), 15*time.Second)
	for i, m := range got {
		assert.Equal(t, unblockMessage(i), m, "message %d", i)
	}
	time.Sleep(100 * time.Millisecond)
	n, err := sub.Poll(func(m []byte, _ *Header) { t.Errorf("unexpected message %x", m) }, 10)
	require.NoError(t, err)
	assert.Zero(t, n)
	assert.Equal(t, before+1, unblockedPublications(t, cl))
}
