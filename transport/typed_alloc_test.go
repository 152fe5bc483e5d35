package transport_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aerongo/aerongo/gen/aotelemetry"
	"github.com/aerongo/aerongo/gen/market"
	"github.com/aerongo/aerongo/transport"
)

// The typed hot paths allocate nothing in steady state: every measurement
// runs after a warm-up that grows the reused buffers and slices.

const typedAllocRuns = 1000

func skipAllocsUnderRace(t *testing.T) {
	if transport.TypedTestRace {
		t.Skip("the race detector allocates on its own; allocation counts are meaningful only without -race")
	}
}

// drain polls sub until want messages arrived through poll.
func drain(t *testing.T, poll func() (int, error), got *int, want int) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for *got < want {
		_, err := poll()
		require.NoError(t, err)
		require.False(t, time.Now().After(deadline), "received %d of %d", *got, want)
	}
}

func TestTypedQuoteAllocatesNothing(t *testing.T) {
	skipAllocsUnderRace(t)
	cl := typedClient(t)
	ctx := typedCtx(t, 30*time.Second)
	pub, sub := quoteStream(t, cl, "aeron:ipc", transport.WithExclusivePublication())

	var q market.Quote
	quote(1, &q)
	seq := uint64(0)
	encode := func(e *market.QuoteEncoder) error {
		e.SetSymbolString("ESZ6")
		e.SetVenue(market.VenueXcme)
		e.SetSequence(seq)
		e.SetBid(100)
		e.SetAsk(101)
		return nil
	}
	got := 0
	var sum uint64
	onDecoder := func(d *market.QuoteDecoder) { sum += d.Sequence(); got++ }
	onValue := func(v *market.Quote) { sum += v.Sequence; got++ }
	pollDecoder := func() (int, error) { return sub.Poll(onDecoder, 10) }

	// Warm up both paths.
	for i := 0; i < 10; i++ {
		require.NoError(t, pub.Offer(ctx, &q))
		require.NoError(t, pub.OfferEncoder(ctx, market.QuoteFrameLength, encode))
	}
	drain(t, pollDecoder, &got, 20)

	allocs := testing.AllocsPerRun(typedAllocRuns, func() {
		q.Sequence++
		if err := pub.Offer(ctx, &q); err != nil {
			t.Fatal(err)
		}
	})
	assert.Zero(t, allocs, "Publisher.Offer")
	allocs = testing.AllocsPerRun(typedAllocRuns, func() {
		q.Sequence++
		if err := pub.TryOffer(&q); err != nil {
			t.Fatal(err)
		}
	})
	assert.Zero(t, allocs, "QuotePublisher.TryOffer")
	allocs = testing.AllocsPerRun(typedAllocRuns, func() {
		seq++
		if err := pub.OfferEncoder(ctx, market.QuoteFrameLength, encode); err != nil {
			t.Fatal(err)
		}
	})
	assert.Zero(t, allocs, "QuotePublisher.OfferEncoder")
	allocs = testing.AllocsPerRun(typedAllocRuns, func() {
		seq++
		if err := pub.TryOfferEncoder(market.QuoteFrameLength, encode); err != nil {
			t.Fatal(err)
		}
	})
	assert.Zero(t, allocs, "QuotePublisher.TryOfferEncoder")
	// 4*(typedAllocRuns+1) messages wait; poll half of them one at a time.
	got = 0
	allocs = testing.AllocsPerRun(typedAllocRuns, func() {
		if _, err := sub.Poll(onDecoder, 1); err != nil {
			t.Fatal(err)
		}
	})
	assert.Zero(t, allocs, "QuoteSubscriber.Poll")
	assert.Equal(t, typedAllocRuns+1, got, "one message per Poll")
	got = 0
	allocs = testing.AllocsPerRun(typedAllocRuns, func() {
		if _, err := sub.PollValues(onValue, 1); err != nil {
			t.Fatal(err)
		}
	})
	assert.Zero(t, allocs, "Subscriber.PollValues")
	assert.Equal(t, typedAllocRuns+1, got, "one message per PollValues")
	got = 0
	drain(t, pollDecoder, &got, 2*(typedAllocRuns+1)) // the other half

	// The same for the header variants, over as many new messages.
	for i := 0; i < 2*(typedAllocRuns+1); i++ {
		q.Sequence++
		require.NoError(t, pub.Offer(ctx, &q))
	}
	var positions int64
	onDecoderH := func(d *market.QuoteDecoder, h *transport.Header) { positions += h.Position(); got++ }
	onValueH := func(v *market.Quote, h *transport.Header) { positions += h.Position(); got++ }
	got = 0
	allocs = testing.AllocsPerRun(typedAllocRuns, func() {
		if _, err := sub.PollWithHeader(onDecoderH, 1); err != nil {
			t.Fatal(err)
		}
	})
	assert.Zero(t, allocs, "QuoteSubscriber.PollWithHeader")
	assert.Equal(t, typedAllocRuns+1, got, "one message per PollWithHeader")
	got = 0
	allocs = testing.AllocsPerRun(typedAllocRuns, func() {
		if _, err := sub.PollValuesWithHeader(onValueH, 1); err != nil {
			t.Fatal(err)
		}
	})
	assert.Zero(t, allocs, "QuoteSubscriber.PollValuesWithHeader")
	assert.Equal(t, typedAllocRuns+1, got, "one message per PollValuesWithHeader")
	assert.NotZero(t, positions)

	// The controlled polls: each message is aborted once, then taken.
	for i := 0; i < 2*(typedAllocRuns+1); i++ {
		q.Sequence++
		require.NoError(t, pub.Offer(ctx, &q))
	}
	aborted := false
	onDecoderC := func(d *market.QuoteDecoder, h *transport.Header) transport.ControlledAction {
		if aborted = !aborted; aborted {
			return transport.ActionAbort
		}
		got++
		return transport.ActionContinue
	}
	onValueC := func(v *market.Quote, h *transport.Header) transport.ControlledAction {
		if aborted = !aborted; aborted {
			return transport.ActionAbort
		}
		got++
		return transport.ActionContinue
	}
	got = 0
	allocs = testing.AllocsPerRun(typedAllocRuns, func() {
		for _, n := range []int{0, 1} { // aborted, then taken
			if k, err := sub.ControlledPoll(onDecoderC, 1); err != nil || k != n {
				t.Fatal(k, err)
			}
		}
	})
	assert.Zero(t, allocs, "QuoteSubscriber.ControlledPoll")
	assert.Equal(t, typedAllocRuns+1, got, "one message per two ControlledPolls")
	got = 0
	allocs = testing.AllocsPerRun(typedAllocRuns, func() {
		for _, n := range []int{0, 1} {
			if k, err := sub.ControlledPollValues(onValueC, 1); err != nil || k != n {
				t.Fatal(k, err)
			}
		}
	})
	assert.Zero(t, allocs, "Subscriber.ControlledPollValues")
	assert.Equal(t, typedAllocRuns+1, got, "one message per two ControlledPollValues")

	// TakeInto, one message into one value each time.
	for i := 0; i < typedAllocRuns+1; i++ {
		q.Sequence++
		require.NoError(t, pub.Offer(ctx, &q))
	}
	var into market.Quote
	allocs = testing.AllocsPerRun(typedAllocRuns, func() {
		if err := sub.TakeInto(ctx, &into); err != nil {
			t.Fatal(err)
		}
	})
	assert.Zero(t, allocs, "Subscriber.TakeInto")
	assert.Equal(t, q.Sequence, into.Sequence, "the last TakeInto took the last Quote")
	assert.Zero(t, sub.Rejections().Total())
}

// TestTypedGroupsAllocateNothing: messages with nested groups and var data
// (BookSnapshot) and fragmented messages (WavefrontFrame, through the
// Publisher's scratch buffer) reuse their buffers and slices.
func TestTypedGroupsAllocateNothing(t *testing.T) {
	skipAllocsUnderRace(t)
	cl := typedClient(t)
	ctx := typedCtx(t, 30*time.Second)

	t.Run("BookSnapshot", func(t *testing.T) {
		stream := typedStream()
		sub, err := market.NewBookSnapshotSubscriber(ctx, cl, "aeron:ipc", stream)
		require.NoError(t, err)
		defer sub.Close()
		pub, err := market.NewBookSnapshotPublisher(ctx, cl, "aeron:ipc", stream)
		require.NoError(t, err)
		defer pub.Close()
		waitConnected(t, ctx, pub.Publication(), sub.Subscription())
		var b market.BookSnapshot
		book(5, &b) // 5 bid levels, 1 ask level, orders in each
		got, levels := 0, 0
		onValue := func(v *market.BookSnapshot) { got++; levels += len(v.Bids) + len(v.Asks) }
		allocs := testing.AllocsPerRun(typedAllocRuns, func() {
			b.Sequence++
			if err := pub.Offer(ctx, &b); err != nil {
				t.Fatal(err)
			}
			if _, err := sub.PollValues(onValue, 10); err != nil {
				t.Fatal(err)
			}
		})
		assert.Zero(t, allocs, "BookSnapshot Offer + PollValues")
		drain(t, func() (int, error) { return sub.PollValues(onValue, 10) }, &got, typedAllocRuns+1)
		assert.Equal(t, 6*got, levels)
	})
	t.Run("WavefrontFrame", func(t *testing.T) {
		pub, sub := wavefrontStream(t, cl, "aeron:ipc")
		var f aotelemetry.WavefrontFrame
		frame(3, &f)
		got := 0
		onValue := func(v *aotelemetry.WavefrontFrame) {
			if len(v.Slopes) == slopesPerFrame {
				got++
			}
		}
		const runs = 50
		allocs := testing.AllocsPerRun(runs, func() {
			f.FrameID++
			if err := pub.Offer(ctx, &f); err != nil {
				t.Fatal(err)
			}
			for n := got; got == n; {
				if _, err := sub.PollValues(onValue, 64); err != nil {
					t.Fatal(err)
				}
			}
		})
		assert.Zero(t, allocs, "fragmented WavefrontFrame Offer + PollValues")
		assert.Equal(t, runs+1, got)
	})
}

func TestTypedMultiSubscriberAllocatesNothing(t *testing.T) {
	skipAllocsUnderRace(t)
	cl := typedClient(t)
	ctx := typedCtx(t, 30*time.Second)
	stream := typedStream()
	quotes, trades := 0, 0
	h := &market.Handlers{
		OnQuote: func(d *market.QuoteDecoder) error { quotes++; return nil },
		OnTrade: func(d *market.TradeDecoder) error { trades++; return nil },
	}
	sub, qp, tp := multiStream(t, cl, stream, h)
	var q market.Quote
	var tr market.Trade
	quote(1, &q)
	trade(1, &tr)
	allocs := testing.AllocsPerRun(typedAllocRuns, func() {
		if err := qp.Offer(ctx, &q); err != nil {
			t.Fatal(err)
		}
		if err := tp.Offer(ctx, &tr); err != nil {
			t.Fatal(err)
		}
		if _, err := sub.Poll(10); err != nil {
			t.Fatal(err)
		}
	})
	assert.Zero(t, allocs, "MultiSubscriber.Poll with two publishers")
	total := 0
	drain(t, func() (int, error) { n, err := sub.Poll(10); total = quotes + trades; return n, err }, &total, 2*(typedAllocRuns+1))
	assert.Equal(t, typedAllocRuns+1, quotes)
	assert.Equal(t, typedAllocRuns+1, trades)
}
