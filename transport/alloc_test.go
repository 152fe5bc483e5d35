package transport

import (
	"time"

	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The data path allocates nothing per message: each test runs the path many
// times between measurements and requires zero allocations per run.

const allocRuns = 2000

func TestOfferAndPollAllocateNothing(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates on its own; allocation counts are meaningful only without -race")
	}
	cl := newTestClient(t)
	pub, sub := pubSub(t, cl, "aeron:ipc?term-length=1m", false)
	msg := make([]byte, 32)
	received := 0
	handler := func(m []byte, h *Header) { received += len(m) }
	offered := 0

	allocs := testing.AllocsPerRun(allocRuns, func() {
		if _, err := pub.Offer(msg); err == nil {
			offered++
		}
		_, _ = sub.Poll(handler, 10)
	})
	assert.Zero(t, allocs, "Offer + Poll allocations per message")
	require.Positive(t, offered)
	assert.Positive(t, received)
}

func TestOffervAllocatesNothing(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates on its own; allocation counts are meaningful only without -race")
	}
	cl := newTestClient(t)
	pub, sub := pubSub(t, cl, "aeron:ipc?term-length=1m", true)
	head, body := make([]byte, 8), make([]byte, 24)
	handler := func([]byte, *Header) {}
	offered := 0
	allocs := testing.AllocsPerRun(allocRuns, func() {
		if _, err := pub.Offerv(head, body); err == nil {
			offered++
		}
		_, _ = sub.Poll(handler, 10)
	})
	assert.Zero(t, allocs, "Offerv allocations per message")
	require.Positive(t, offered)
}

func TestTryClaimCommitAllocatesNothing(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates on its own; allocation counts are meaningful only without -race")
	}
	cl := newTestClient(t)
	pub, sub := pubSub(t, cl, "aeron:ipc?term-length=1m", false)
	handler := func([]byte, *Header) {}
	claimed := 0
	allocs := testing.AllocsPerRun(allocRuns, func() {
		if c, err := pub.TryClaim(32); err == nil {
			c.Buffer()[0] = 1
			c.Commit()
			claimed++
		}
		_, _ = sub.Poll(handler, 10)
	})
	assert.Zero(t, allocs, "TryClaim + Commit allocations per message")
	require.Positive(t, claimed)
}

func TestControlledPollAllocatesNothing(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates on its own; allocation counts are meaningful only without -race")
	}
	cl := newTestClient(t)
	pub, sub := pubSub(t, cl, "aeron:ipc?term-length=1m", false)
	msg := make([]byte, 32)
	received := 0
	handler := func(m []byte, h *Header) ControlledAction { received++; return ActionContinue }
	allocs := testing.AllocsPerRun(allocRuns, func() {
		_, _ = pub.Offer(msg)
		_, _ = sub.ControlledPoll(handler, 10)
	})
	assert.Zero(t, allocs, "ControlledPoll allocations per message")
	assert.Positive(t, received)
}

func TestFragmentedPollAllocatesNothingInSteadyState(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates on its own; allocation counts are meaningful only without -race")
	}
	cl := newTestClient(t)
	pub, sub := pubSub(t, cl, "aeron:ipc?term-length=1m", false)
	msg := make([]byte, 3*pub.MaxPayloadLength()) // reassembled from 4 fragments
	received := 0
	handler := func(m []byte, h *Header) { received++ }
	allocs := testing.AllocsPerRun(200, func() {
		_, _ = pub.Offer(msg)
		_, _ = sub.Poll(handler, 10)
	})
	assert.Zero(t, allocs, "fragmented Offer + reassembling Poll allocations per message")
	assert.Positive(t, received)
}

func TestErrorOutcomesAllocateNothing(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates on its own; allocation counts are meaningful only without -race")
	}
	cl := newTestClient(t)
	// No subscriber: every offer is ErrNotConnected, a preallocated value.
	pub, err := cl.AddPublication(testContext(t, 5*time.Second), "aeron:ipc", nextStreamID())
	require.NoError(t, err)
	defer pub.Close()
	msg := make([]byte, 32)
	var last error
	allocs := testing.AllocsPerRun(allocRuns, func() {
		_, last = pub.Offer(msg)
		_, _ = pub.TryClaim(8)
	})
	assert.Zero(t, allocs)
	assert.Same(t, ErrNotConnected, last)
}

func TestContextHelpersAllocateNothing(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates on its own; allocation counts are meaningful only without -race")
	}
	cl := newTestClient(t)
	pub, sub := pubSub(t, cl, "aeron:ipc?term-length=1m", false)
	ctx := testContext(t, time.Minute)
	msg := make([]byte, 32)
	received := 0
	handler := func(m []byte, h *Header) { received++ }
	allocs := testing.AllocsPerRun(allocRuns, func() {
		if _, err := pub.OfferCtx(ctx, msg, nil); err != nil {
			t.Error(err)
		}
		if _, err := sub.PollCtx(ctx, handler, 10, nil); err != nil {
			t.Error(err)
		}
	})
	assert.Zero(t, allocs, "OfferCtx + PollCtx allocations per message")
	assert.Positive(t, received)
}
