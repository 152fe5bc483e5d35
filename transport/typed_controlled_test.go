package transport_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aerongo/aerongo/gen/aotelemetry"
	"github.com/aerongo/aerongo/gen/market"
	"github.com/aerongo/aerongo/transport"
)

// TestTypedControlledPoll: the generated flyweight ControlledPoll and the
// generic ControlledPollValues follow each of the handler's actions as
// Subscription.ControlledPoll does. An aborted message comes again, at the
// same position, first in the next poll; Break ends the poll after its
// message; Commit and Continue go on. A frame that is not the subscriber's
// type is rejected and consumed without reaching the handler. Fragmented
// messages are aborted and delivered again whole, and a panicking handler
// leaves its message in the stream.
func TestTypedControlledPoll(t *testing.T) {
	cl := typedClient(t)
	ctx := typedCtx(t, 30*time.Second)

	t.Run("QuoteSubscriber.ControlledPoll", func(t *testing.T) {
		pub, sub := quoteStream(t, cl, "aeron:ipc", transport.WithExclusivePublication())

		var q market.Quote
		var tr market.Trade
		trade(9, &tr)
		foreign, err := tr.MarshalBinary()
		require.NoError(t, err)
		for i := 0; i < 6; i++ {
			quote(i, &q)
			require.NoError(t, pub.Offer(ctx, &q))
			if i == 1 {
				_, err := pub.Publication().OfferCtx(ctx, foreign, nil) // a Trade on the Quote stream
				require.NoError(t, err)
			}
		}

		type seen struct {
			seq      uint64
			position int64
		}
		var got []seen
		actions := map[uint64][]transport.ControlledAction{ // per sequence number, in turn; then Continue
			0: {transport.ActionAbort, transport.ActionContinue},
			1: {transport.ActionBreak},
			2: {transport.ActionCommit},
			4: {transport.ActionAbort, transport.ActionContinue},
		}
		onQuote := func(d *market.QuoteDecoder, h *transport.Header) transport.ControlledAction {
			seq := d.Sequence()
			got = append(got, seen{seq, h.Position()})
			if a := actions[seq]; len(a) > 0 {
				actions[seq] = a[1:]
				return a[0]
			}
			return transport.ActionContinue
		}
		poll := func() int {
			n, err := sub.ControlledPoll(onQuote, 10)
			require.NoError(t, err)
			return n
		}
		assert.Equal(t, 0, poll(), "0 aborted")
		assert.Equal(t, 2, poll(), "0, then 1 breaks")
		assert.Equal(t, 3, poll(), "the Trade rejected, 2 committed, 3, then 4 aborted")
		assert.Equal(t, 2, poll(), "4 again and 5")
		assert.Equal(t, 0, poll(), "nothing left")
		seqs := make([]uint64, len(got))
		for i, s := range got {
			seqs[i] = s.seq
		}
		assert.Equal(t, []uint64{0, 0, 1, 2, 3, 4, 4, 5}, seqs)
		assert.Equal(t, got[0].position, got[1].position, "the aborted 0 comes again at its position")
		assert.Equal(t, got[5].position, got[6].position, "the aborted 4 comes again at its position")
		assert.Equal(t, transport.Rejections{UnknownTemplate: 1}, sub.Rejections())
	})

	t.Run("Subscriber.ControlledPollValues", func(t *testing.T) {
		stream := typedStream()
		sub, err := transport.AddSubscriber[market.Trade](ctx, cl, "aeron:ipc", stream)
		require.NoError(t, err)
		defer sub.Close()
		pub, err := transport.AddPublisher[market.Trade](ctx, cl, "aeron:ipc", stream)
		require.NoError(t, err)
		defer pub.Close()
		waitConnected(t, ctx, pub.Publication(), sub.Subscription())
		var v market.Trade
		for i := 0; i < 4; i++ {
			trade(i, &v)
			require.NoError(t, pub.Offer(ctx, &v))
			if i == 0 {
				foreign := []byte{8, 0, 1, 0, 99, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8} // schema 99
				_, err := pub.Publication().OfferCtx(ctx, foreign, nil)
				require.NoError(t, err)
			}
		}
		var ids []uint64
		aborted := map[uint64]bool{}
		onTrade := func(v *market.Trade, h *transport.Header) transport.ControlledAction {
			var want market.Trade
			trade(int(v.TradeID), &want)
			assert.Equal(t, want, *v)
			ids = append(ids, v.TradeID)
			if v.TradeID%2 == 1 && !aborted[v.TradeID] {
				aborted[v.TradeID] = true
				return transport.ActionAbort
			}
			return transport.ActionContinue
		}
		var counts []int
		for len(ids) < 6 && len(counts) < 10 {
			n, err := sub.ControlledPollValues(onTrade, 10)
			require.NoError(t, err)
			counts = append(counts, n)
		}
		assert.Equal(t, []uint64{0, 1, 1, 2, 3, 3}, ids)
		assert.Equal(t, []int{2, 2, 1}, counts, "0 and the foreign frame, then 1 aborted; 1, 2, then 3 aborted; 3")
		assert.Equal(t, transport.Rejections{ForeignSchema: 1}, sub.Rejections())
	})

	t.Run("fragmented", func(t *testing.T) {
		pub, sub := wavefrontStream(t, cl, "aeron:ipc")
		var f aotelemetry.WavefrontFrame
		for i := 0; i < 2; i++ {
			frame(i, &f)
			require.NoError(t, pub.Offer(ctx, &f))
		}
		frame(0, &f)
		size := f.SBEEncodedLength()
		require.Greater(t, size, pub.Publication().MaxPayloadLength(), "fragmented")

		var ids []uint64
		abort := true
		onFrame := func(d *aotelemetry.WavefrontFrameDecoder, h *transport.Header) transport.ControlledAction {
			n, err := d.SBEFrameLength()
			assert.NoError(t, err)
			assert.Equal(t, size, n, "a whole frame")
			assert.Equal(t, []byte{byte(d.FrameID()), 0, 0xAB}, bytes.Clone(d.Pixels()))
			ids = append(ids, d.FrameID())
			if abort {
				abort = false
				return transport.ActionAbort
			}
			return transport.ActionContinue
		}
		for len(ids) < 3 && ctx.Err() == nil {
			_, err := sub.ControlledPoll(onFrame, 1000)
			require.NoError(t, err)
		}
		assert.Equal(t, []uint64{0, 0, 1}, ids, "the aborted frame came again, whole")
		// PollValues sees nothing more.
		n, err := sub.PollValues(func(*aotelemetry.WavefrontFrame) { t.Error("a frame delivered twice") }, 1000)
		require.NoError(t, err)
		assert.Zero(t, n)
	})

	t.Run("panic", func(t *testing.T) {
		pub, sub := quoteStream(t, cl, "aeron:ipc")
		var q market.Quote
		for i := 0; i < 2; i++ {
			quote(i, &q)
			require.NoError(t, pub.Offer(ctx, &q))
		}
		func() {
			defer func() { assert.Equal(t, "boom", recover()) }()
			_, _ = sub.ControlledPoll(func(*market.QuoteDecoder, *transport.Header) transport.ControlledAction { panic("boom") }, 10)
		}()
		var seqs []uint64
		n, err := sub.ControlledPoll(func(d *market.QuoteDecoder, _ *transport.Header) transport.ControlledAction {
			seqs = append(seqs, d.Sequence())
			return transport.ActionContinue
		}, 10)
		require.NoError(t, err)
		assert.Equal(t, 2, n)
		assert.Equal(t, []uint64{0, 1}, seqs, "the message the handler panicked on came again")
	})
}

// TestTypedErrAbort: a MultiSubscriber handler or a PollFrames function that
// returns ErrAbort leaves its message in the stream. The poll stops there
// without an error and the next poll delivers the message again, before
// the ones after it; nothing is counted as rejected; Run keeps polling
// until the handler takes it.
func TestTypedErrAbort(t *testing.T) {
	cl := typedClient(t)
	ctx := typedCtx(t, 30*time.Second)

	t.Run("MultiSubscriber", func(t *testing.T) {
		stream := typedStream()
		var seen []string
		aborts := 0
		h := &market.Handlers{
			OnQuote: func(d *market.QuoteDecoder) error {
				seen = append(seen, fmt.Sprintf("Q%d", d.Sequence()))
				if d.Sequence() == 1 && aborts < 2 { // full twice, then takes it
					aborts++
					return transport.ErrAbort
				}
				return nil
			},
			OnTrade: func(d *market.TradeDecoder) error {
				seen = append(seen, fmt.Sprintf("T%d", d.TradeID()))
				return nil
			},
			OnBookSnapshot: func(*market.BookSnapshotDecoder) error { return nil },
		}
		sub, qp, tp := multiStream(t, cl, stream, h)
		var q market.Quote
		var tr market.Trade
		for i := 0; i < 3; i++ {
			quote(i, &q)
			require.NoError(t, qp.Offer(ctx, &q))
			trade(i, &tr)
			require.NoError(t, tp.Offer(ctx, &tr))
		}
		n, err := sub.Poll(10)
		require.NoError(t, err, "an abort is not an error")
		assert.Equal(t, 2, n, "Q0 and T0, then Q1 aborted")
		n, err = sub.Poll(10)
		require.NoError(t, err)
		assert.Equal(t, 0, n, "Q1 aborted again")
		// Run takes the rest; it polls until ctx ends.
		runCtx, cancel := context.WithCancel(ctx)
		defer cancel()
		h.OnBookSnapshot = func(*market.BookSnapshotDecoder) error { cancel(); return nil }
		var b market.BookSnapshot
		book(0, &b)
		bp, err := market.NewBookSnapshotPublisher(ctx, cl, "aeron:ipc", stream)
		require.NoError(t, err)
		defer bp.Close()
		require.NoError(t, bp.Publication().WaitConnected(ctx))
		require.NoError(t, bp.Offer(ctx, &b)) // the last message: it ends Run
		require.ErrorIs(t, sub.Run(runCtx), context.Canceled)
		assert.Equal(t, []string{"Q0", "T0", "Q1", "Q1", "Q1", "T1", "Q2", "T2"}, seen)
		assert.Zero(t, sub.Rejections().Total())
	})

	t.Run("PollFrames", func(t *testing.T) {
		stream := typedStream()
		sub, err := transport.AddSubscriber[market.Quote](ctx, cl, "aeron:ipc", stream)
		require.NoError(t, err)
		defer sub.Close()
		pub, err := transport.AddPublisher[market.Quote](ctx, cl, "aeron:ipc", stream)
		require.NoError(t, err)
		defer pub.Close()
		waitConnected(t, ctx, pub.Publication(), sub.Subscription())
		var q market.Quote
		for i := 0; i < 3; i++ {
			quote(i, &q)
			require.NoError(t, pub.Offer(ctx, &q))
		}
		var seqs []uint64
		var positions []int64
		abort := true
		var d market.QuoteDecoder
		read := func(frame []byte, h *transport.Header) error {
			if err := d.Wrap(frame); err != nil {
				return err
			}
			seqs = append(seqs, d.Sequence())
			positions = append(positions, h.Position())
			if d.Sequence() == 1 && abort {
				abort = false
				return transport.ErrAbort
			}
			return nil
		}
		n, err := sub.PollFrames(read, 10)
		require.NoError(t, err)
		assert.Equal(t, 1, n)
		n, err = sub.PollFrames(read, 10)
		require.NoError(t, err)
		assert.Equal(t, 2, n)
		assert.Equal(t, []uint64{0, 1, 1, 2}, seqs)
		assert.Equal(t, positions[1], positions[2], "the aborted frame came again at its position")
		assert.Zero(t, sub.Rejections().Total())
	})
}
