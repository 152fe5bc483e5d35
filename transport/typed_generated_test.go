package transport_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aerongo/aerongo/gen/market"
	"github.com/aerongo/aerongo/transport"
)

// generatedCount is how many messages TestGeneratedOfferPoll sends of each
// type: every symbol length from 0 to 10 many times over.
const generatedCount = 2_000

// symbolOf is the i-th symbol: 0 to 10 bytes, so that the 8-byte char array
// is written from shorter, exact and longer strings.
func symbolOf(i int) string { return "ABCDEFGHIJ"[:i%11] }

// TestGeneratedOfferPoll drives the generated publisher's own Offer, which
// writes a direct frame into the claim with putFrame's statements, and
// OfferEncoder, and the generated subscriber's own Poll and PollValues,
// whose handlers have Wrap's fast path (and for PollValues the decode of a
// direct frame) written out. The frames a raw subscription reads must be
// the bytes MarshalBinary writes, and the typed polls must read back every
// field.
func TestGeneratedOfferPoll(t *testing.T) {
	cl := typedClient(t)
	ctx := typedCtx(t, 60*time.Second)

	t.Run("Quote", func(t *testing.T) {
		pub, sub, raw := openGenerated(t, ctx, cl, market.NewQuotePublisher, market.NewQuoteSubscriber)

		mk := func(i int, q *market.Quote) { quote(i, q); q.Symbol = symbolOf(i) }
		var q market.Quote
		for i := 0; i < generatedCount; i++ {
			mk(i, &q)
			require.NoError(t, pub.Offer(ctx, &q))
		}
		checkRawFrames(t, raw, generatedCount, func(i int) ([]byte, error) { mk(i, &q); return q.MarshalBinary() })

		// Handlers must not stop the goroutine (require): they record.
		got, bad := 0, ""
		var want market.Quote
		onQuote := func(d *market.QuoteDecoder) {
			mk(got, &want)
			sym := want.Symbol
			if len(sym) > 8 {
				sym = sym[:8]
			}
			n, err := d.SBEFrameLength()
			if bad == "" && (err != nil || n != market.QuoteFrameLength || string(d.Symbol()) != sym || d.Venue() != want.Venue ||
				d.Sequence() != want.Sequence || d.Timestamp() != want.Timestamp || d.Bid() != want.Bid ||
				d.BidSize() != want.BidSize || d.Ask() != want.Ask || d.AskSize() != want.AskSize) {
				bad = fmt.Sprintf("message %d: frame length %d (%v), symbol %q, sequence %d, bid %d; want %+v",
					got, n, err, d.Symbol(), d.Sequence(), d.Bid(), want)
			}
			got++
		}
		for got < generatedCount && ctx.Err() == nil {
			_, err := sub.Poll(onQuote, 100)
			require.NoError(t, err)
		}
		require.Empty(t, bad)
		require.Equal(t, generatedCount, got)
		assert.Zero(t, sub.Rejections().Total())
	})

	t.Run("Quote values", func(t *testing.T) {
		// OfferEncoder, whose encodeFrame is written out, and PollValues,
		// whose handler reads a direct frame of the current version itself.
		pub, sub, raw := openGenerated(t, ctx, cl, market.NewQuotePublisher, market.NewQuoteSubscriber)
		mk := func(i int, q *market.Quote) { quote(i, q); q.Symbol = symbolOf(i) }
		var q market.Quote
		write := func(e *market.QuoteEncoder) error {
			e.SetSymbolString(q.Symbol)
			e.SetVenue(q.Venue)
			e.SetSequence(q.Sequence)
			e.SetTimestamp(q.Timestamp)
			e.SetBid(q.Bid)
			e.SetBidSize(q.BidSize)
			e.SetAsk(q.Ask)
			e.SetAskSize(q.AskSize)
			return nil
		}
		for i := 0; i < generatedCount; i++ {
			mk(i, &q)
			require.NoError(t, pub.OfferEncoder(ctx, market.QuoteFrameLength, write))
		}
		checkRawFrames(t, raw, generatedCount, func(i int) ([]byte, error) { mk(i, &q); return q.MarshalBinary() })

		got, bad := 0, ""
		var want market.Quote
		onQuote := func(v *market.Quote) {
			mk(got, &want)
			want.Symbol = want.Symbol[:min(len(want.Symbol), 8)]
			if bad == "" && *v != want {
				bad = fmt.Sprintf("message %d: got %+v, want %+v", got, *v, want)
			}
			got++
		}
		for got < generatedCount && ctx.Err() == nil {
			_, err := sub.PollValues(onQuote, 100)
			require.NoError(t, err)
		}
		require.Empty(t, bad)
		require.Equal(t, generatedCount, got)
		assert.Zero(t, sub.Rejections().Total())
	})

	t.Run("Trade", func(t *testing.T) {
		pub, sub, raw := openGenerated(t, ctx, cl, market.NewTradePublisher, market.NewTradeSubscriber)

		mk := func(i int, v *market.Trade) { trade(i, v); v.Symbol = symbolOf(i) }
		var v market.Trade
		for i := 0; i < generatedCount; i++ {
			mk(i, &v)
			require.NoError(t, pub.Offer(ctx, &v))
		}
		checkRawFrames(t, raw, generatedCount, func(i int) ([]byte, error) { mk(i, &v); return v.MarshalBinary() })

		got, bad := 0, ""
		var want market.Trade
		onTrade := func(d *market.TradeDecoder) {
			mk(got, &want)
			if bad == "" && (string(d.Symbol()) != want.Symbol[:min(len(want.Symbol), 8)] || d.TradeID() != want.TradeID ||
				d.Price() != want.Price || d.Quantity() != want.Quantity || d.Aggressor() != want.Aggressor ||
				d.Conditions() != want.Conditions) {
				bad = fmt.Sprintf("message %d: symbol %q, trade id %d, price %d; want %+v", got, d.Symbol(), d.TradeID(), d.Price(), want)
			}
			got++
		}
		for got < generatedCount && ctx.Err() == nil {
			_, err := sub.Poll(onTrade, 100)
			require.NoError(t, err)
		}
		require.Empty(t, bad)
		require.Equal(t, generatedCount, got)
		assert.Zero(t, sub.Rejections().Total())
	})

	t.Run("BookSnapshot", func(t *testing.T) {
		// Groups and var data: Offer goes through the encoder; the poll
		// handler's fast path also resets the decoder's group walk.
		pub, sub, raw := openGenerated(t, ctx, cl, market.NewBookSnapshotPublisher, market.NewBookSnapshotSubscriber)
		const n = generatedCount / 4
		var v market.BookSnapshot
		for i := 0; i < n; i++ {
			book(i, &v)
			require.NoError(t, pub.Offer(ctx, &v))
		}
		checkRawFrames(t, raw, n, func(i int) ([]byte, error) { book(i, &v); return v.MarshalBinary() })

		got, bad := 0, ""
		var want market.BookSnapshot
		onBook := func(d *market.BookSnapshotDecoder) {
			book(got, &want)
			if bad == "" {
				bad = checkBook(d, &want)
				if bad != "" {
					bad = fmt.Sprintf("message %d: %s", got, bad)
				}
			}
			got++
		}
		for got < n && ctx.Err() == nil {
			_, err := sub.Poll(onBook, 100)
			require.NoError(t, err)
		}
		require.Empty(t, bad)
		require.Equal(t, n, got)
		assert.Zero(t, sub.Rejections().Total())
	})
}

// checkBook reads d through its group and var data accessors, in schema
// order, and returns how it differs from want ("" when it does not).
func checkBook(d *market.BookSnapshotDecoder, want *market.BookSnapshot) string {
	if d.Sequence() != want.Sequence || d.Timestamp() != want.Timestamp || string(d.Symbol()) != want.Symbol {
		return fmt.Sprintf("block: sequence %d, timestamp %d, symbol %q", d.Sequence(), d.Timestamp(), d.Symbol())
	}
	bids := d.Bids()
	if bids.Count() != len(want.Bids) {
		return fmt.Sprintf("%d bid levels, want %d", bids.Count(), len(want.Bids))
	}
	for l := 0; bids.Next(); l++ {
		w := want.Bids[l]
		if bids.Price() != w.Price || bids.Quantity() != w.Quantity {
			return fmt.Sprintf("bid level %d: price %d, quantity %d", l, bids.Price(), bids.Quantity())
		}
		orders := bids.Orders()
		if orders.Count() != len(w.Orders) {
			return fmt.Sprintf("bid level %d: %d orders, want %d", l, orders.Count(), len(w.Orders))
		}
		for o := 0; orders.Next(); o++ {
			if orders.OrderID() != w.Orders[o].OrderID || orders.Quantity() != w.Orders[o].Quantity {
				return fmt.Sprintf("bid level %d order %d: id %d, quantity %d", l, o, orders.OrderID(), orders.Quantity())
			}
		}
	}
	asks := d.Asks()
	if asks.Count() != len(want.Asks) {
		return fmt.Sprintf("%d ask levels, want %d", asks.Count(), len(want.Asks))
	}
	for l := 0; asks.Next(); l++ {
		if asks.Price() != want.Asks[l].Price {
			return fmt.Sprintf("ask level %d: price %d", l, asks.Price())
		}
	}
	if src := string(d.Source()); src != want.Source {
		return fmt.Sprintf("source %q, want %q", src, want.Source)
	}
	if err := d.Err(); err != nil {
		return fmt.Sprintf("decoder error %v", err)
	}
	return ""
}

// openGenerated opens, on a new IPC stream, a generated publisher and
// subscriber (openTyped) and a raw subscription, connected, closed when t
// ends.
func openGenerated[P typedPublisher, S typedSubscriber](t *testing.T, ctx context.Context, cl *transport.Client,
	newPub func(context.Context, *transport.Client, string, int32, ...transport.TypedOption) (P, error),
	newSub func(context.Context, *transport.Client, string, int32, ...transport.TypedOption) (S, error),
) (P, S, *transport.Subscription) {
	t.Helper()
	pub, sub := openTyped(t, cl, "aeron:ipc", newPub, newSub)
	raw, err := cl.AddSubscription(ctx, "aeron:ipc", pub.Publication().StreamID())
	require.NoError(t, err)
	t.Cleanup(func() { _ = raw.Close() })
	require.NoError(t, raw.WaitConnected(ctx))
	return pub, sub, raw
}

// checkRawFrames polls n messages from raw and requires message i to be the
// bytes want(i) returns. The handler records the first mismatch: a handler
// must not stop its goroutine (require) inside a poll.
func checkRawFrames(t *testing.T, raw *transport.Subscription, n int, want func(i int) ([]byte, error)) {
	t.Helper()
	got, bad := 0, ""
	deadline := time.Now().Add(30 * time.Second)
	handler := func(msg []byte, _ *transport.Header) {
		w, err := want(got)
		if bad == "" && (err != nil || !bytes.Equal(w, msg)) {
			bad = fmt.Sprintf("message %d: got % x, want % x (%v)", got, msg, w, err)
		}
		got++
	}
	for got < n && time.Now().Before(deadline) {
		_, err := raw.Poll(handler, 100)
		require.NoError(t, err)
	}
	require.Empty(t, bad)
	require.Equal(t, n, got)
}
