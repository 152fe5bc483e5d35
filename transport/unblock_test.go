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

// offerAroundDroppedClaim offers message 0, drops a claim and offers
// messages 1 to 3 on pub, then polls sub until message 0 has arrived; it
// returns what sub has read so far.
func offerAroundDroppedClaim(t *testing.T, ctx context.Context, pub *Publication, sub *Subscription) [][]byte {
	_, err := pub.OfferCtx(ctx, unblockMessage(0), nil)
	require.NoError(t, err)
	dropClaim(t, ctx, pub)
	for i := 1; i <= 3; i++ {
		_, err = pub.OfferCtx(ctx, unblockMessage(i), nil)
		require.NoError(t, err)
	}
	var got [][]byte
	pollUntil(t, sub, collectInto(&got), holds(&got, 1), 10*time.Second)
	return got
}

// readPastDroppedClaim polls sub until messages 1 to 3 follow message 0 in
// got, checks them and that nothing else arrives (the claim became one
// padding frame), and that the driver counted one unblocking since before.
func readPastDroppedClaim(t *testing.T, cl *Client, sub *Subscription, got [][]byte, before int64) {
	start := time.Now()
	pollUntil(t, sub, collectInto(&got), holds(&got, 4), 15*time.Second)
	t.Logf("read past the claim after %v more", time.Since(start).Round(time.Millisecond))
	for i, m := range got {
		assert.Equal(t, unblockMessage(i), m, "message %d", i)
	}
	time.Sleep(100 * time.Millisecond)
	n, err := sub.Poll(func(m []byte, _ *Header) { t.Errorf("unexpected message %x", m) }, 10)
	require.NoError(t, err)
	assert.Zero(t, n)
	assert.Equal(t, before+1, unblockedPublications(t, cl))
}

const unblockChannel = "aeron:ipc?term-length=64k"

func TestDriverUnblocksDroppedClaim(t *testing.T) {
	// Concurrent publications: the driver pads over a claim that blocks
	// the stream for PublicationUnblockTimeout, while the publication
	// stays open.
	cl := unblockClient(t)
	pub, sub := pubSub(t, cl, unblockChannel, false)
	before := unblockedPublications(t, cl)
	got := offerAroundDroppedClaim(t, testContext(t, 20*time.Second), pub, sub)

	// The claim blocks the stream: nothing after it is readable yet.
	time.Sleep(300 * time.Millisecond)
	n, err := sub.Poll(func([]byte, *Header) { t.Error("a message read past an uncommitted claim") }, 10)
	require.NoError(t, err)
	require.Zero(t, n)

	readPastDroppedClaim(t, cl, sub, got, before)
}

func TestDriverDrainsPastDroppedExclusiveClaim(t *testing.T) {
	// An exclusive publication is not unblocked while it is open (the
	// driver leaves its single writer alone); when it closes, the driver
	// drains its log and pads over the claim, and the subscriber reads the
	// messages after it.
	cl := unblockClient(t)
	pub, sub := pubSub(t, cl, unblockChannel, true)
	before := unblockedPublications(t, cl)
	got := offerAroundDroppedClaim(t, testContext(t, 20*time.Second), pub, sub)
	require.NoError(t, pub.Close())
	readPastDroppedClaim(t, cl, sub, got, before)
}
