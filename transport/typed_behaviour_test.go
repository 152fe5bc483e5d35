package transport_test

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aerongo/aerongo/gen/aotelemetry"
	"github.com/aerongo/aerongo/gen/market"
	"github.com/aerongo/aerongo/runtime"
	"github.com/aerongo/aerongo/transport"
)

// badFrames are frames that a Quote subscriber must reject, with the cause
// each must be counted under.
func badFrames(t *testing.T) (frames [][]byte, causes []error) {
	var q market.Quote
	quote(7, &q)
	good, err := q.MarshalBinary()
	require.NoError(t, err)
	variant := func(off int, v uint16) []byte {
		b := append([]byte(nil), good...)
		binary.LittleEndian.PutUint16(b[off:], v)
		return b
	}
	var tr market.Trade
	trade(3, &tr)
	tradeFrame, err := tr.MarshalBinary()
	require.NoError(t, err)
	var mc aotelemetry.MirrorCommand
	mirror(4, &mc)
	mirrorFrame, err := mc.MarshalBinary()
	require.NoError(t, err)
	return [][]byte{
			tradeFrame,         // another message of the schema
			variant(2, 99),     // a template the schema does not define
			mirrorFrame,        // another schema
			variant(4, 999),    // another schema id
			variant(0, 4),      // a block shorter than Quote's fields
			good[:len(good)-1], // truncated
			good[:3],           // not even a header
		}, []error{
			runtime.ErrUnknownTemplate, runtime.ErrUnknownTemplate, runtime.ErrSchemaID, runtime.ErrSchemaID,
			runtime.ErrVersion, runtime.ErrShortBuffer, runtime.ErrShortBuffer,
		}
}

// TestTypedRejections: frames that are not a readable Quote are counted by
// cause and reported to the handler, on both the flyweight and the value
// path, and the Quotes around them are delivered.
func TestTypedRejections(t *testing.T) {
	cl := typedClient(t)
	ctx := typedCtx(t, 20*time.Second)
	frames, causes := badFrames(t)
	for _, path := range []string{"Poll", "PollValues"} {
		t.Run(path, func(t *testing.T) {
			stream := typedStream()
			var reported []error
			sub, err := market.NewQuoteSubscriber(ctx, cl, "aeron:ipc", stream,
				transport.WithRejectHandler(func(frame []byte, h *transport.Header, err error) {
					assert.Equal(t, stream, h.StreamID())
					assert.NotEmpty(t, frame)
					reported = append(reported, err)
				}))
			require.NoError(t, err)
			defer sub.Close()
			pub, err := market.NewQuotePublisher(ctx, cl, "aeron:ipc", stream)
			require.NoError(t, err)
			defer pub.Close()
			raw := pub.Publication()
			waitConnected(t, ctx, raw, sub.Subscription())

			var q market.Quote
			for i, f := range frames {
				quote(i, &q)
				require.NoError(t, pub.Offer(ctx, &q))
				_, err := raw.OfferCtx(ctx, f, nil)
				require.NoError(t, err)
			}
			quote(len(frames), &q)
			require.NoError(t, pub.Offer(ctx, &q))

			var seqs []uint64
			poll := func() (int, error) {
				if path == "Poll" {
					return sub.Poll(func(d *market.QuoteDecoder) { seqs = append(seqs, d.Sequence()) }, 10)
				}
				return sub.PollValues(func(v *market.Quote) { seqs = append(seqs, v.Sequence) }, 10)
			}
			deadline := time.Now().Add(10 * time.Second)
			for len(seqs)+len(reported) < 2*len(frames)+1 {
				_, err := poll()
				require.NoError(t, err)
				require.False(t, time.Now().After(deadline), "timed out: %d quotes, %d rejected", len(seqs), len(reported))
			}
			assert.Equal(t, []uint64{0, 1, 2, 3, 4, 5, 6, 7}, seqs)
			require.Len(t, reported, len(causes))
			for i := range causes {
				assert.ErrorIs(t, reported[i], causes[i], "frame %d", i)
				assert.True(t, transport.IsRejection(reported[i]))
			}
			assert.Equal(t, transport.Rejections{ForeignSchema: 2, UnknownTemplate: 2, Unreadable: 3}, sub.Rejections())
			assert.Equal(t, uint64(7), sub.Rejections().Total())
		})
	}
}

var errStop = errors.New("stop here")

// TestTypedMultiSubscriber: one stream carrying every market message type
// from three publishers, plus frames of another schema, of an unknown
// template and of an unreadable block; a handler's own error stops the poll
// and is returned.
func TestTypedMultiSubscriber(t *testing.T) {
	cl := typedClient(t)
	ctx := typedCtx(t, 20*time.Second)
	stream := typedStream()
	var order []string
	var rejected []error
	stopAt := uint64(5)
	h := &market.Handlers{
		OnQuote: func(d *market.QuoteDecoder) error {
			order = append(order, "Q")
			if d.Sequence() == stopAt {
				return errStop
			}
			return nil
		},
		OnTrade:        func(d *market.TradeDecoder) error { order = append(order, "T"); return nil },
		OnBookSnapshot: func(d *market.BookSnapshotDecoder) error { order = append(order, "B"); return nil },
	}
	sub, err := market.NewMultiSubscriber(ctx, cl, "aeron:ipc", stream, h,
		transport.WithRejectHandler(func(_ []byte, _ *transport.Header, err error) { rejected = append(rejected, err) }))
	require.NoError(t, err)
	defer sub.Close()
	qp, err := market.NewQuotePublisher(ctx, cl, "aeron:ipc", stream)
	require.NoError(t, err)
	defer qp.Close()
	tp, err := market.NewTradePublisher(ctx, cl, "aeron:ipc", stream)
	require.NoError(t, err)
	defer tp.Close()
	bp, err := market.NewBookSnapshotPublisher(ctx, cl, "aeron:ipc", stream)
	require.NoError(t, err)
	defer bp.Close()
	mp, err := aotelemetry.NewMirrorCommandPublisher(ctx, cl, "aeron:ipc", stream)
	require.NoError(t, err)
	defer mp.Close()
	waitConnected(t, ctx, qp.Publication(), sub.Subscription())

	var q market.Quote
	var tr market.Trade
	var b market.BookSnapshot
	var m aotelemetry.MirrorCommand
	unknown := make([]byte, 16)
	binary.LittleEndian.PutUint16(unknown[2:], 42) // template 42 of schema 101
	binary.LittleEndian.PutUint16(unknown[4:], market.SchemaID)
	quote(99, &q)
	shortBlock, err := q.MarshalBinary()
	require.NoError(t, err)
	binary.LittleEndian.PutUint16(shortBlock[0:], 12) // a block shorter than Quote's fields
	for i := 0; i < 10; i++ {
		quote(i, &q)
		require.NoError(t, qp.Offer(ctx, &q))
		trade(i, &tr)
		require.NoError(t, tp.Offer(ctx, &tr))
		book(i, &b)
		require.NoError(t, bp.Offer(ctx, &b))
		if i%5 == 0 {
			mirror(i, &m)
			require.NoError(t, mp.Offer(ctx, &m))
			_, err := qp.Publication().OfferCtx(ctx, unknown, nil)
			require.NoError(t, err)
		}
	}
	_, err = qp.Publication().OfferCtx(ctx, shortBlock, nil)
	require.NoError(t, err)
	want := 30
	deadline := time.Now().Add(10 * time.Second)
	stopped := false
	for len(order) < want || len(rejected) < 5 {
		_, err := sub.Poll(100)
		if err != nil {
			require.ErrorIs(t, err, errStop)
			require.False(t, stopped, "stopped once")
			stopped = true
			// The poll stopped right after the Quote that failed.
			assert.Equal(t, "Q", order[len(order)-1])
			assert.Len(t, order, 16)
		}
		require.False(t, time.Now().After(deadline), "timed out after %d messages", len(order))
	}
	assert.True(t, stopped)
	for i := 0; i < 10; i++ {
		assert.Equal(t, []string{"Q", "T", "B"}, order[3*i:3*i+3], "round %d", i)
	}
	require.Len(t, rejected, 5)
	assert.Len(t, order, want, "no message delivered twice")
	assert.Equal(t, transport.Rejections{ForeignSchema: 2, UnknownTemplate: 2, Unreadable: 1}, sub.Rejections())
	assert.ErrorIs(t, rejected[0], runtime.ErrSchemaID)
	assert.ErrorIs(t, rejected[1], runtime.ErrUnknownTemplate)
	assert.ErrorIs(t, rejected[4], runtime.ErrVersion)

	// Run returns when ctx ends.
	rctx, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	assert.ErrorIs(t, sub.Run(rctx), context.DeadlineExceeded)
}

// TestTypedTakeAndAll: Take returns one new value and leaves the rest; All
// iterates over one reused value and leaves what follows a break in the
// stream; both end with ctx and with Close.
func TestTypedTakeAndAll(t *testing.T) {
	cl := typedClient(t)
	ctx := typedCtx(t, 20*time.Second)
	stream := typedStream()
	sub, err := market.NewQuoteSubscriber(ctx, cl, "aeron:ipc", stream, transport.WithIdleStrategy(transport.YieldingIdleStrategy{}))
	require.NoError(t, err)
	pub, err := market.NewQuotePublisher(ctx, cl, "aeron:ipc", stream)
	require.NoError(t, err)
	defer pub.Close()
	waitConnected(t, ctx, pub.Publication(), sub.Subscription())
	var q market.Quote
	for i := 0; i < 6; i++ {
		quote(i, &q)
		require.NoError(t, pub.Offer(ctx, &q))
	}
	first, err := sub.Take(ctx)
	require.NoError(t, err)
	var want market.Quote
	quote(0, &want)
	assert.Equal(t, want, *first)
	second, err := sub.Take(ctx)
	require.NoError(t, err)
	assert.Equal(t, uint64(1), second.Sequence)
	assert.Equal(t, uint64(0), first.Sequence, "Take returns a new value each time")

	var seen []uint64
	var last *market.Quote
	for v, err := range sub.All(ctx) {
		require.NoError(t, err)
		if last != nil {
			assert.Same(t, last, v, "All reuses one value")
		}
		last = v
		seen = append(seen, v.Sequence)
		if v.Sequence == 3 {
			break
		}
	}
	assert.Equal(t, []uint64{2, 3}, seen)
	// The loop body runs outside the poll: it may take from the subscriber.
	for v, err := range sub.All(ctx) {
		require.NoError(t, err)
		assert.Equal(t, uint64(4), v.Sequence, "messages after the break stay in the stream")
		sixth, err := sub.Take(ctx)
		require.NoError(t, err)
		assert.Equal(t, uint64(5), sixth.Sequence)
		break
	}

	short, cancel := context.WithTimeout(ctx, 30*time.Millisecond)
	defer cancel()
	_, err = sub.Take(short)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	n := 0
	for v, err := range sub.All(short) {
		assert.Nil(t, v)
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		n++
	}
	assert.Equal(t, 1, n, "All yields the error once")

	// The loop body may close the subscriber: All then yields ErrClosed.
	quote(6, &q)
	require.NoError(t, pub.Offer(ctx, &q))
	var outcomes []error
	for v, err := range sub.All(ctx) {
		outcomes = append(outcomes, err)
		if err == nil {
			assert.Equal(t, uint64(6), v.Sequence)
			require.NoError(t, sub.Close())
		}
	}
	require.Len(t, outcomes, 2)
	assert.NoError(t, outcomes[0])
	assert.ErrorIs(t, outcomes[1], transport.ErrClosed)
	_, err = sub.Take(ctx)
	assert.ErrorIs(t, err, transport.ErrClosed)
	for _, err := range sub.All(ctx) {
		assert.ErrorIs(t, err, transport.ErrClosed)
	}
	_, err = sub.Poll(func(*market.QuoteDecoder) {}, 1)
	assert.ErrorIs(t, err, transport.ErrClosed)
	_, err = sub.PollValues(func(*market.Quote) {}, 1)
	assert.ErrorIs(t, err, transport.ErrClosed)
}

// countingIdle counts the idle steps of a publisher.
type countingIdle struct{ idles, resets int }

func (c *countingIdle) Idle(int) { c.idles++ }
func (c *countingIdle) Reset()   { c.resets++ }

func TestTypedPublisherOutcomes(t *testing.T) {
	cl := typedClient(t)
	ctx := typedCtx(t, 20*time.Second)
	var q market.Quote
	quote(1, &q)

	t.Run("not connected", func(t *testing.T) {
		idle := &countingIdle{}
		pub, err := market.NewQuotePublisher(ctx, cl, "aeron:ipc", typedStream(), transport.WithIdleStrategy(idle))
		require.NoError(t, err)
		defer pub.Close()
		assert.ErrorIs(t, pub.TryOffer(&q), transport.ErrNotConnected)
		short, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
		defer cancel()
		assert.ErrorIs(t, pub.Offer(short, &q), context.DeadlineExceeded)
		assert.Positive(t, idle.idles, "the publisher idled with its strategy")
		assert.ErrorIs(t, pub.OfferEncoder(short, market.QuoteFrameLength, func(*market.QuoteEncoder) error { return nil }), context.DeadlineExceeded)
		require.NoError(t, pub.Close())
		assert.ErrorIs(t, pub.Offer(ctx, &q), transport.ErrClosed)
		assert.ErrorIs(t, pub.TryOffer(&q), transport.ErrClosed)
	})

	t.Run("encoder", func(t *testing.T) {
		stream := typedStream()
		sub, err := market.NewBookSnapshotSubscriber(ctx, cl, "aeron:ipc", stream)
		require.NoError(t, err)
		defer sub.Close()
		pub, err := market.NewBookSnapshotPublisher(ctx, cl, "aeron:ipc", stream)
		require.NoError(t, err)
		defer pub.Close()
		waitConnected(t, ctx, pub.Publication(), sub.Subscription())

		var b market.BookSnapshot
		book(4, &b)
		n := b.SBEEncodedLength()
		write := func(e *market.BookSnapshotEncoder, seq uint64) error {
			e.SetSymbolString(b.Symbol)
			e.SetVenue(b.Venue)
			e.SetSequence(seq)
			e.SetTimestamp(b.Timestamp)
			bids, err := e.BidsCount(len(b.Bids))
			if err != nil {
				return err
			}
			for _, lv := range b.Bids {
				if err := bids.Next(); err != nil {
					return err
				}
				bids.SetPrice(lv.Price)
				bids.SetQuantity(lv.Quantity)
				orders, err := bids.OrdersCount(len(lv.Orders))
				if err != nil {
					return err
				}
				for _, o := range lv.Orders {
					if err := orders.Next(); err != nil {
						return err
					}
					orders.SetOrderID(o.OrderID)
					orders.SetQuantity(o.Quantity)
				}
			}
			asks, err := e.AsksCount(len(b.Asks))
			if err != nil {
				return err
			}
			for _, lv := range b.Asks {
				if err := asks.Next(); err != nil {
					return err
				}
				asks.SetPrice(lv.Price)
				asks.SetQuantity(lv.Quantity)
				orders, err := asks.OrdersCount(len(lv.Orders))
				if err != nil {
					return err
				}
				for _, o := range lv.Orders {
					if err := orders.Next(); err != nil {
						return err
					}
					orders.SetOrderID(o.OrderID)
					orders.SetQuantity(o.Quantity)
				}
			}
			return e.SetSourceString(b.Source)
		}
		require.NoError(t, pub.OfferEncoder(ctx, n, func(e *market.BookSnapshotEncoder) error { return write(e, 100) }))
		// An error of the encoding function aborts the claim.
		assert.ErrorIs(t, pub.OfferEncoder(ctx, n, func(e *market.BookSnapshotEncoder) error { return errStop }), errStop)
		// A length other than the one announced is refused.
		err = pub.OfferEncoder(ctx, n+8, func(e *market.BookSnapshotEncoder) error { return write(e, 101) })
		assert.ErrorIs(t, err, transport.ErrEncodedLength)
		require.NoError(t, pub.OfferEncoder(ctx, n, func(e *market.BookSnapshotEncoder) error { return write(e, 102) }))

		var got []market.BookSnapshot
		deadline := time.Now().Add(10 * time.Second)
		for len(got) < 2 && time.Now().Before(deadline) {
			_, err := sub.PollValues(func(v *market.BookSnapshot) {
				var c market.BookSnapshot
				raw, err := v.MarshalBinary()
				require.NoError(t, err)
				require.NoError(t, c.UnmarshalBinary(raw))
				got = append(got, c)
			}, 10)
			require.NoError(t, err)
		}
		require.Len(t, got, 2, "the aborted claims delivered nothing")
		assert.Equal(t, uint64(100), got[0].Sequence)
		assert.Equal(t, uint64(102), got[1].Sequence)
		for _, g := range got {
			g.Sequence = b.Sequence
			wantBytes, _ := b.MarshalBinary()
			gotBytes, _ := g.MarshalBinary()
			assert.Equal(t, wantBytes, gotBytes)
		}
		assert.Zero(t, sub.Rejections().Total(), "padding of aborted claims is not a message")
	})

	t.Run("TryOffer", func(t *testing.T) {
		// The generated TryOffer: one attempt, refusals returned as they
		// are, a message longer than a frame offered fragmented.
		pub, sub := quoteStream(t, cl, "aeron:ipc?term-length=64k", transport.WithExclusivePublication())
		// The subscriber does not poll: the publication fills its window
		// (half a 64 KiB term) and refuses the rest, without waiting.
		// The first attempt is retried until the driver has set the
		// publication's limit; from then on each is tried once.
		var q market.Quote
		quote(0, &q)
		var err error
		for err = pub.TryOffer(&q); err != nil; err = pub.TryOffer(&q) {
			require.True(t, errors.Is(err, transport.ErrBackPressured) || errors.Is(err, transport.ErrAdminAction), err)
			require.NoError(t, ctx.Err())
		}
		sent := 1
		for ; sent < 10_000; sent++ {
			quote(sent, &q)
			if err = pub.TryOffer(&q); err != nil {
				break
			}
		}
		require.ErrorIs(t, err, transport.ErrBackPressured)
		assert.Equal(t, 32<<10/128, sent, "128-byte Quote frames in a 32 KiB window")
		got := 0
		drain(t, func() (int, error) {
			return sub.PollValues(func(v *market.Quote) {
				quote(got, &q)
				assert.Equal(t, q, *v)
				got++
			}, 100)
		}, &got, sent)

		fpub, fsub := wavefrontStream(t, cl, "aeron:ipc")
		var f aotelemetry.WavefrontFrame
		frame(5, &f)
		require.Greater(t, f.SBEEncodedLength(), fpub.Publication().MaxPayloadLength())
		// Retried until the driver has set the publication's limit.
		for err = fpub.TryOffer(&f); err != nil; err = fpub.TryOffer(&f) {
			require.True(t, errors.Is(err, transport.ErrBackPressured) || errors.Is(err, transport.ErrAdminAction), err)
			require.NoError(t, ctx.Err())
		}
		taken, err := fsub.Take(ctx)
		require.NoError(t, err)
		wantBytes, _ := f.MarshalBinary()
		gotBytes, _ := taken.MarshalBinary()
		assert.Equal(t, wantBytes, gotBytes)
	})

	t.Run("TryOfferEncoder", func(t *testing.T) {
		// One attempt at the flyweight level: a refusal is returned and fn
		// is not called; an error of fn aborts the claim; a message longer
		// than a frame is offered fragmented.
		pub, sub := quoteStream(t, cl, "aeron:ipc?term-length=64k", transport.WithExclusivePublication())
		calls := 0
		write := func(seq uint64) func(e *market.QuoteEncoder) error {
			return func(e *market.QuoteEncoder) error {
				calls++
				e.SetSymbolString("ESZ6")
				e.SetSequence(seq)
				return nil
			}
		}
		var err error
		for err = pub.TryOfferEncoder(market.QuoteFrameLength, write(0)); err != nil; err = pub.TryOfferEncoder(market.QuoteFrameLength, write(0)) {
			require.True(t, errors.Is(err, transport.ErrBackPressured) || errors.Is(err, transport.ErrAdminAction), err)
			require.NoError(t, ctx.Err())
		}
		assert.ErrorIs(t, pub.TryOfferEncoder(market.QuoteFrameLength, func(*market.QuoteEncoder) error { return errStop }), errStop)
		sent := 1
		for ; sent < 10_000; sent++ {
			if err = pub.TryOfferEncoder(market.QuoteFrameLength, write(uint64(sent))); err != nil {
				break
			}
		}
		require.ErrorIs(t, err, transport.ErrBackPressured)
		assert.Equal(t, sent, calls, "fn ran once per accepted claim, never when refused")
		assert.Equal(t, 32<<10/128-1, sent, "128-byte Quote frames in a 32 KiB window, one taken by the aborted claim's padding")
		got := 0
		drain(t, func() (int, error) {
			return sub.Poll(func(d *market.QuoteDecoder) {
				assert.Equal(t, uint64(got), d.Sequence())
				got++
			}, 100)
		}, &got, sent)
		assert.Zero(t, sub.Rejections().Total(), "the aborted claim left padding, not a message")

		// Longer than a frame: fn encodes into the scratch buffer, then the
		// fragmented offer is attempted once.
		fstream := typedStream()
		fpub, err := aotelemetry.NewWavefrontFramePublisher(ctx, cl, "aeron:ipc", fstream)
		require.NoError(t, err)
		defer fpub.Close()
		var f aotelemetry.WavefrontFrame
		frame(3, &f)
		n := f.SBEEncodedLength()
		require.Greater(t, n, fpub.Publication().MaxPayloadLength())
		writeFrame := func(e *aotelemetry.WavefrontFrameEncoder) error { return writeWavefront(e, &f) }
		assert.ErrorIs(t, fpub.TryOfferEncoder(n, writeFrame), transport.ErrNotConnected, "no subscriber yet")
		fsub, err := aotelemetry.NewWavefrontFrameSubscriber(ctx, cl, "aeron:ipc", fstream)
		require.NoError(t, err)
		defer fsub.Close()
		waitConnected(t, ctx, fpub.Publication(), fsub.Subscription())
		for err = fpub.TryOfferEncoder(n, writeFrame); err != nil; err = fpub.TryOfferEncoder(n, writeFrame) {
			require.True(t, errors.Is(err, transport.ErrBackPressured) || errors.Is(err, transport.ErrAdminAction), err)
			require.NoError(t, ctx.Err())
		}
		taken, err := fsub.Take(ctx)
		require.NoError(t, err)
		wantBytes, _ := f.MarshalBinary()
		gotBytes, _ := taken.MarshalBinary()
		assert.Equal(t, wantBytes, gotBytes)
	})

	t.Run("fragmented encoder", func(t *testing.T) {
		pub, sub := wavefrontStream(t, cl, "aeron:ipc")
		var f aotelemetry.WavefrontFrame
		frame(9, &f)
		n := f.SBEEncodedLength()
		require.Greater(t, n, pub.Publication().MaxPayloadLength())
		require.NoError(t, pub.OfferEncoder(ctx, n, func(e *aotelemetry.WavefrontFrameEncoder) error { return writeWavefront(e, &f) }))
		got, err := sub.Take(ctx)
		require.NoError(t, err)
		wantBytes, _ := f.MarshalBinary()
		gotBytes, _ := got.MarshalBinary()
		assert.Equal(t, wantBytes, gotBytes)
	})

	t.Run("too long", func(t *testing.T) {
		// 64 KiB terms carry messages of at most 8 KiB: a wavefront frame
		// of 200 KiB is refused by every way of offering, at once (not
		// retried until ctx ends), with the numbers in the error, and
		// nothing reaches the stream.
		const channel = "aeron:ipc?term-length=64k"
		pub, sub := wavefrontStream(t, cl, channel)
		require.Equal(t, 8192, pub.Publication().MaxMessageLength())

		var f aotelemetry.WavefrontFrame
		frame(3, &f)
		n := f.SBEEncodedLength()
		want := fmt.Sprintf("aotelemetry.WavefrontFrame of %d bytes; at most 8192 bytes on %s", n, channel)
		called := 0
		fn := func(e *aotelemetry.WavefrontFrameEncoder) error { called++; return writeWavefront(e, &f) }
		buf := func(b []byte) error { called++; return nil }
		for name, offer := range map[string]func() error{
			"Offer":           func() error { return pub.Offer(ctx, &f) },
			"TryOffer":        func() error { return pub.TryOffer(&f) },
			"OfferEncoder":    func() error { return pub.OfferEncoder(ctx, n, fn) },
			"TryOfferEncoder": func() error { return pub.TryOfferEncoder(n, fn) },
			"generic Offer":   func() error { return pub.Publisher.Offer(ctx, &f) },
			"OfferFunc":       func() error { return pub.OfferFunc(ctx, n, buf) },
			"TryOfferFunc":    func() error { return pub.TryOfferFunc(n, buf) },
		} {
			err := offer()
			require.ErrorIs(t, err, transport.ErrMessageTooLong, name)
			assert.Contains(t, err.Error(), want, name)
		}
		assert.Zero(t, called, "no encoding function ran")

		// The publisher still carries what fits, and only that arrived.
		f.Slopes = f.Slopes[:100]
		require.NoError(t, pub.Offer(ctx, &f))
		got, err := sub.Take(ctx)
		require.NoError(t, err)
		assert.Equal(t, f.FrameID, got.FrameID)
		assert.Len(t, got.Slopes, 100)
		k, err := sub.PollValues(func(*aotelemetry.WavefrontFrame) {}, 10)
		require.NoError(t, err)
		assert.Zero(t, k)
		assert.Zero(t, sub.Rejections())
	})
}

// TestTypedHandlerPanic pins what a panic in a typed handler does. It
// always propagates out of the poll. The generated subscribers' Poll and
// PollValues read with Subscription.Poll: the message the handler panicked
// on counts as consumed. The generic PollFrames and the MultiSubscriber
// read with controlled polls, as Subscription.ControlledPoll: it stays in
// the stream and the next poll delivers it again. Either way the messages
// before it are consumed once and those after it follow in order, and
// nothing is counted as rejected.
func TestTypedHandlerPanic(t *testing.T) {
	cl := typedClient(t)
	ctx := typedCtx(t, 20*time.Second)
	stream := typedStream()
	sub, err := market.NewQuoteSubscriber(ctx, cl, "aeron:ipc", stream)
	require.NoError(t, err)
	var multiSeen []uint64
	multiPoison := true
	multi, err := market.NewMultiSubscriber(ctx, cl, "aeron:ipc", stream, &market.Handlers{
		OnQuote: func(d *market.QuoteDecoder) error {
			if d.Sequence() == 2 && multiPoison {
				multiPoison = false
				panic("handler failed")
			}
			multiSeen = append(multiSeen, d.Sequence())
			return nil
		}})
	require.NoError(t, err)
	pub, err := market.NewQuotePublisher(ctx, cl, "aeron:ipc", stream)
	require.NoError(t, err)
	defer pub.Close()
	waitConnected(t, ctx, pub.Publication(), sub.Subscription())
	require.NoError(t, multi.Subscription().WaitConnected(ctx))
	var q market.Quote
	for i := 0; i < 6; i++ {
		quote(i, &q)
		require.NoError(t, pub.Offer(ctx, &q))
	}

	// recovered runs poll and returns what it panicked with, or nil.
	recovered := func(poll func() (int, error)) (r any) {
		defer func() { r = recover() }()
		_, err := poll()
		require.NoError(t, err)
		return nil
	}
	failOn := func(seq, at uint64) {
		if seq == at {
			panic("handler failed")
		}
	}
	var seen []uint64
	r := recovered(func() (int, error) {
		return sub.PollValues(func(v *market.Quote) { failOn(v.Sequence, 1); seen = append(seen, v.Sequence) }, 10)
	})
	assert.Equal(t, "handler failed", r)
	assert.Equal(t, []uint64{0}, seen)
	r = recovered(func() (int, error) {
		return sub.Poll(func(d *market.QuoteDecoder) { failOn(d.Sequence(), 2); seen = append(seen, d.Sequence()) }, 10)
	})
	assert.Equal(t, "handler failed", r, "message 1 was consumed: the flyweight handler sees 2 next")
	assert.Equal(t, []uint64{0}, seen)
	frames := func(at uint64) func() (int, error) {
		return func() (int, error) {
			return sub.PollFrames(func(frame []byte, _ *transport.Header) error {
				var d market.QuoteDecoder
				if err := d.Wrap(frame); err != nil {
					return err
				}
				failOn(d.Sequence(), at)
				seen = append(seen, d.Sequence())
				return nil
			}, 10)
		}
	}
	r = recovered(frames(3))
	assert.Equal(t, "handler failed", r, "message 2 was consumed: PollFrames sees 3 next")
	assert.Equal(t, []uint64{0}, seen)
	assert.Nil(t, recovered(frames(99)))
	assert.Equal(t, []uint64{0, 3, 4, 5}, seen, "PollFrames delivers 3 again, then the rest")

	r = recovered(func() (int, error) { return multi.Poll(10) })
	assert.Equal(t, "handler failed", r)
	assert.Equal(t, []uint64{0, 1}, multiSeen)
	assert.Nil(t, recovered(func() (int, error) { return multi.Poll(10) }))
	assert.Equal(t, []uint64{0, 1, 2, 3, 4, 5}, multiSeen, "the MultiSubscriber delivers 2 again, then the rest")

	assert.Zero(t, sub.Rejections().Total(), "a panic is not a rejection")
	assert.Zero(t, multi.Rejections().Total(), "a panic is not a rejection")
}

// TestTypedHeaders: the header variants of the generated polls hand each
// message's header to the handler: the publisher's session and the stream,
// and the position after the message, which for a fragmented message is
// the position after its last fragment (the publication's position after
// the Offer).
func TestTypedHeaders(t *testing.T) {
	cl := typedClient(t)
	ctx := typedCtx(t, 30*time.Second)
	t.Run("Quote", func(t *testing.T) {
		pub, sub := quoteStream(t, cl, "aeron:ipc")
		stream := sub.Subscription().StreamID()
		var q market.Quote
		var want []int64
		for i := 0; i < 6; i++ {
			quote(i, &q)
			require.NoError(t, pub.Offer(ctx, &q))
			pos, err := pub.Publication().Position()
			require.NoError(t, err)
			want = append(want, pos)
		}
		var positions []int64
		var seqs []uint64
		got := 0
		check := func(seq uint64, h *transport.Header) {
			assert.Equal(t, pub.Publication().SessionID(), h.SessionID())
			assert.Equal(t, stream, h.StreamID())
			seqs = append(seqs, seq)
			positions = append(positions, h.Position())
			got++
		}
		onDecoder := func(d *market.QuoteDecoder, h *transport.Header) { check(d.Sequence(), h) }
		onValue := func(v *market.Quote, h *transport.Header) { check(v.Sequence, h) }
		drain(t, func() (int, error) { return sub.PollWithHeader(onDecoder, 3-got) }, &got, 3)
		drain(t, func() (int, error) { return sub.PollValuesWithHeader(onValue, 6-got) }, &got, 6)
		assert.Equal(t, []uint64{0, 1, 2, 3, 4, 5}, seqs)
		assert.Equal(t, want, positions)
	})
	t.Run("WavefrontFrame", func(t *testing.T) {
		pub, sub := wavefrontStream(t, cl, "aeron:ipc")
		var f aotelemetry.WavefrontFrame
		var want []int64
		for i := 0; i < 2; i++ {
			frame(i, &f)
			require.NoError(t, pub.Offer(ctx, &f))
			pos, err := pub.Publication().Position()
			require.NoError(t, err)
			want = append(want, pos)
		}
		require.Greater(t, f.SBEEncodedLength(), pub.Publication().MaxPayloadLength(), "frames are fragmented")
		var positions []int64
		var ids []uint64
		got := 0
		onFrame := func(v *aotelemetry.WavefrontFrame, h *transport.Header) {
			assert.Equal(t, pub.Publication().SessionID(), h.SessionID())
			assert.Len(t, v.Slopes, slopesPerFrame)
			ids = append(ids, v.FrameID)
			positions = append(positions, h.Position())
			got++
		}
		drain(t, func() (int, error) { return sub.PollValuesWithHeader(onFrame, 100) }, &got, 2)
		assert.Equal(t, []uint64{0, 1}, ids)
		assert.Equal(t, want, positions)
	})
}

// TestTypedMultiSubscriberHeader: a MultiSubscriber's handlers read the
// header of the message they handle through Header, here to tell two
// publishers of one stream apart by session and to see each one's
// positions; outside a handler Header is nil.
func TestTypedMultiSubscriberHeader(t *testing.T) {
	cl := typedClient(t)
	ctx := typedCtx(t, 20*time.Second)
	stream := typedStream()
	var multi *transport.MultiSubscriber
	positions := map[int32][]int64{}
	got := 0
	record := func() {
		got++
		h := multi.Header()
		if !assert.NotNil(t, h) { // not require: FailNow cannot leave a poll handler
			return
		}
		assert.Equal(t, stream, h.StreamID())
		positions[h.SessionID()] = append(positions[h.SessionID()], h.Position())
	}
	multi, err := market.NewMultiSubscriber(ctx, cl, "aeron:ipc", stream, &market.Handlers{
		OnQuote: func(*market.QuoteDecoder) error { record(); return nil },
		OnTrade: func(*market.TradeDecoder) error { record(); return nil },
	})
	require.NoError(t, err)
	defer multi.Close()
	quotes, err := market.NewQuotePublisher(ctx, cl, "aeron:ipc", stream, transport.WithExclusivePublication())
	require.NoError(t, err)
	defer quotes.Close()
	trades, err := market.NewTradePublisher(ctx, cl, "aeron:ipc", stream, transport.WithExclusivePublication())
	require.NoError(t, err)
	defer trades.Close()
	require.NoError(t, quotes.Publication().WaitConnected(ctx))
	require.NoError(t, trades.Publication().WaitConnected(ctx))
	require.Eventually(t, func() bool { return multi.Subscription().ImageCount() == 2 }, 5*time.Second, time.Millisecond)

	want := map[int32][]int64{}
	offered := func(p *transport.Publication) {
		pos, err := p.Position()
		require.NoError(t, err)
		want[p.SessionID()] = append(want[p.SessionID()], pos)
	}
	var q market.Quote
	var tr market.Trade
	for i := 0; i < 3; i++ {
		quote(i, &q)
		require.NoError(t, quotes.Offer(ctx, &q))
		offered(quotes.Publication())
		trade(i, &tr)
		require.NoError(t, trades.Offer(ctx, &tr))
		offered(trades.Publication())
	}
	drain(t, func() (int, error) {
		n, err := multi.Poll(10)
		assert.Nil(t, multi.Header(), "no header outside a handler")
		return n, err
	}, &got, 6)
	assert.Equal(t, want, positions)
}

// writeWavefront writes f through e, a flyweight encoder over a whole frame.
func writeWavefront(e *aotelemetry.WavefrontFrameEncoder, f *aotelemetry.WavefrontFrame) error {
	e.SetFrameID(f.FrameID)
	e.SetTimestamp(f.Timestamp)
	e.SetSensorID(f.SensorID)
	e.SetKind(f.Kind)
	e.SetFlags(f.Flags)
	sh := e.Shape()
	sh.SetSubapertures(f.Shape.Subapertures)
	sh.SetPixelsPerSubaperture(f.Shape.PixelsPerSubaperture)
	sh.SetPixelScale(f.Shape.PixelScale)
	e.SetExposure(f.Exposure)
	g, err := e.SlopesCount(len(f.Slopes))
	if err != nil {
		return err
	}
	for _, s := range f.Slopes {
		if err := g.Next(); err != nil {
			return err
		}
		g.SetX(s.X)
		g.SetY(s.Y)
	}
	return e.SetPixels(f.Pixels)
}
