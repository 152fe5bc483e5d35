package transport_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aerongo/aerongo/gen/market"
	"github.com/aerongo/aerongo/transport"
)

// randomFrames makes n frames of the market schema, seeded: valid Quotes,
// Trades and BookSnapshots (nested groups, var data), most of them damaged
// (cut short, bytes overwritten in the message header or anywhere, a
// group's dimensions rewritten), and reports how many of each type were
// left intact.
func randomFrames(t *testing.T, seed uint64, n int) (frames [][]byte, intact map[string]int) {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	intact = map[string]int{}
	var q market.Quote
	var tr market.Trade
	var b market.BookSnapshot
	for i := 0; i < n; i++ {
		var frame []byte
		var id string
		switch r.IntN(3) {
		case 0:
			quote(i, &q)
			frame, id = must(t, q.MarshalBinary), "Quote"
		case 1:
			trade(i, &tr)
			frame, id = must(t, tr.MarshalBinary), "Trade"
		default:
			book(i, &b)
			frame, id = must(t, b.MarshalBinary), "BookSnapshot"
		}
		switch r.IntN(6) {
		case 0: // intact
			intact[id]++
		case 1: // cut short
			frame = frame[:r.IntN(len(frame))]
		case 2: // message header bytes overwritten
			for k := r.IntN(3) + 1; k > 0; k-- {
				frame[r.IntN(8)] = byte(r.Uint32())
			}
		case 3: // any bytes overwritten
			for k := r.IntN(4) + 1; k > 0; k-- {
				frame[r.IntN(len(frame))] = byte(r.Uint32())
			}
		case 4: // a group's dimensions (after a BookSnapshot's 33-byte block) rewritten
			if id == "BookSnapshot" && len(frame) >= 8+33+4 {
				frame[8+33+r.IntN(4)] = byte(r.Uint32())
			} else {
				frame = frame[:r.IntN(len(frame))]
			}
		default: // grown: random bytes appended
			for k := r.IntN(16) + 1; k > 0; k-- {
				frame = append(frame, byte(r.Uint32()))
			}
		}
		if len(frame) == 0 {
			frame = []byte{0} // Aeron carries no empty message here; a one-byte frame stands in
		}
		frames = append(frames, frame)
	}
	return frames, intact
}

// must returns what marshal returns, failing t on an error.
func must(t *testing.T, marshal func() ([]byte, error)) []byte {
	b, err := marshal()
	require.NoError(t, err)
	return b
}

// TestTypedRandomFrames offers damaged and intact frames of every market
// message type on one stream and reads them through the typed subscribers:
// a QuoteSubscriber's flyweight Poll, a BookSnapshotSubscriber's
// PollValues (the struct path, groups and var data) and a MultiSubscriber
// whose handlers read every field, group entry and var data. Nothing
// panics or reads out of bounds; every frame is either delivered or
// counted as rejected, and every intact frame of a subscriber's type is
// delivered.
func TestTypedRandomFrames(t *testing.T) {
	cl := typedClient(t)
	ctx := typedCtx(t, 30*time.Second)
	stream := typedStream()
	const channel = "aeron:ipc?term-length=1m"
	n := pick(3000, 1000)
	frames, intact := randomFrames(t, 20261202, n)

	quotes, err := market.NewQuoteSubscriber(ctx, cl, channel, stream)
	require.NoError(t, err)
	books, err := market.NewBookSnapshotSubscriber(ctx, cl, channel, stream)
	require.NoError(t, err)
	var multiDelivered int
	readBook := func(d *market.BookSnapshotDecoder) error {
		_, _, _ = d.Symbol(), d.Sequence(), d.Timestamp()
		for l := range d.Bids().All() {
			_, _ = l.Price(), l.Quantity()
			for o := range l.Orders().All() {
				_, _ = o.OrderID(), o.Quantity()
			}
		}
		for l := range d.Asks().All() {
			_, _ = l.Price(), l.Quantity()
			for o := range l.Orders().All() {
				_, _ = o.OrderID(), o.Quantity()
			}
		}
		_ = d.Source()
		if err := d.Err(); err != nil {
			return err
		}
		multiDelivered++
		return nil
	}
	multi, err := market.NewMultiSubscriber(ctx, cl, channel, stream, &market.Handlers{
		OnQuote: func(d *market.QuoteDecoder) error { _, _ = d.Sequence(), d.Symbol(); multiDelivered++; return nil },
		OnTrade: func(d *market.TradeDecoder) error {
			_, _ = d.TradeID(), d.Conditions()
			multiDelivered++
			return nil
		},
		OnBookSnapshot: readBook,
	})
	require.NoError(t, err)
	pub, err := cl.AddPublication(ctx, channel, stream)
	require.NoError(t, err)
	defer pub.Close()
	waitConnected(t, ctx, pub, quotes.Subscription())
	require.NoError(t, books.Subscription().WaitConnected(ctx))
	require.NoError(t, multi.Subscription().WaitConnected(ctx))

	var quoteCount, bookCount int
	onQuote := func(d *market.QuoteDecoder) { quoteCount++ }
	onBook := func(v *market.BookSnapshot) { bookCount++ }
	read := func() {
		_, err := quotes.Poll(onQuote, 64)
		require.NoError(t, err)
		_, err = books.PollValues(onBook, 64)
		require.NoError(t, err)
		_, err = multi.Poll(64)
		require.NoError(t, err)
	}
	for _, f := range frames {
		for {
			if _, err := pub.Offer(f); err == nil {
				break
			} else if !assert.ErrorIs(t, err, transport.ErrBackPressured) {
				return
			}
			read()
		}
	}
	done := func() bool {
		return quoteCount+int(quotes.Rejections().Total()) == n &&
			bookCount+int(books.Rejections().Total()) == n &&
			multiDelivered+int(multi.Rejections().Total()) == n
	}
	deadline := time.Now().Add(20 * time.Second)
	for !done() {
		read()
		require.False(t, time.Now().After(deadline), "quotes %d+%v, books %d+%v, multi %d+%v of %d",
			quoteCount, quotes.Rejections(), bookCount, books.Rejections(), multiDelivered, multi.Rejections(), n)
	}
	t.Logf("%d frames (%v intact): quotes %d %+v, books %d %+v, multi %d %+v", n, intact,
		quoteCount, quotes.Rejections(), bookCount, books.Rejections(), multiDelivered, multi.Rejections())
	assert.GreaterOrEqual(t, quoteCount, intact["Quote"])
	assert.GreaterOrEqual(t, bookCount, intact["BookSnapshot"])
	assert.GreaterOrEqual(t, multiDelivered, intact["Quote"]+intact["Trade"]+intact["BookSnapshot"])
	assert.Less(t, quoteCount, n, "damaged frames are rejected")
	assert.Less(t, multiDelivered, n, "damaged frames are rejected")
}
