package transport_test

import (
	"context"
	"math"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aerongo/aerongo/gen/aotelemetry"
	"github.com/aerongo/aerongo/gen/market"
	"github.com/aerongo/aerongo/transport"
)

// Message counts of the typed round trips: 100,000 small messages, 200
// wavefront frames of about 320 KiB (each fragmented); a tenth or less
// under the race detector, which slows every callback from C.
var (
	typedCount  = pick(100_000, 5_000)
	framesCount = pick(200, 20)
)

func pick(normal, race int) int {
	if transport.TypedTestRace {
		return race
	}
	return normal
}

// typedStreams hands out stream ids apart from those of the other tests of
// the package.
var typedStreams atomic.Int32

func typedStream() int32 { return 20_000 + typedStreams.Add(1) }

// typedClient connects a client to the package's shared driver, closed
// when t ends.
func typedClient(t testing.TB) *transport.Client { return dirClient(t, transport.TypedTestDriverDir()) }

// dirClient connects a client to the driver in dir, closed when t ends.
func dirClient(t testing.TB, dir string) *transport.Client {
	cl, err := transport.Connect(transport.ClientOptions{Dir: dir, DriverTimeout: 5 * time.Second, ClientName: t.Name(),
		ErrorHandler: func(err error) { t.Logf("client error: %v", err) }})
	require.NoError(t, err)
	t.Cleanup(func() { _ = cl.Close() })
	return cl
}

func typedCtx(t testing.TB, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

// waitConnected waits until pub and sub see each other.
func waitConnected(t testing.TB, ctx context.Context, pub *transport.Publication, sub *transport.Subscription) {
	t.Helper()
	require.NoError(t, pub.WaitConnected(ctx))
	require.NoError(t, sub.WaitConnected(ctx))
}

// quote is the i-th Quote of a test stream.
func quote(i int, q *market.Quote) {
	*q = market.Quote{Symbol: "ESZ6", Venue: market.VenueXcme, Sequence: uint64(i), Timestamp: uint64(1_700_000_000_000_000_000 + i),
		Bid: 51_222_500 + int64(i%100), BidSize: int64(i % 7), Ask: 51_225_000 + int64(i%100), AskSize: int64(i%11 + 1)}
}

// trade is the i-th Trade of a test stream.
func trade(i int, v *market.Trade) {
	*v = market.Trade{Symbol: "NQZ6", Venue: market.VenueXeur, TradeID: uint64(i), Timestamp: uint64(i) * 3,
		Price: int64(i) * 25, Quantity: int64(i%50 + 1), Aggressor: market.Side(i % 2), Conditions: market.TradeConditions(i % 16)}
}

// book is the i-th BookSnapshot: i%6 bid levels and i%4 ask levels, each
// with a few orders (some of undisclosed quantity).
func book(i int, v *market.BookSnapshot) {
	v.Symbol, v.Venue, v.Sequence, v.Timestamp = "FGBLZ6", market.VenueXlon, uint64(i), uint64(i)*7
	v.Bids = v.Bids[:0]
	for l := 0; l < i%6; l++ {
		lv := market.BookSnapshotBids{Price: int64(1000 - l), Quantity: int64(10 * (l + 1))}
		for o := 0; o < (i+l)%4; o++ {
			q := int64(o + 1)
			if o == 2 {
				q = math.MinInt64 // null: not disclosed
			}
			lv.Orders = append(lv.Orders, market.BookSnapshotBidsOrders{OrderID: uint64(i*100 + l*10 + o), Quantity: q})
		}
		v.Bids = append(v.Bids, lv)
	}
	v.Asks = v.Asks[:0]
	for l := 0; l < i%4; l++ {
		lv := market.BookSnapshotAsks{Price: int64(1001 + l), Quantity: int64(5 * (l + 1))}
		for o := 0; o < (i+l)%3; o++ {
			lv.Orders = append(lv.Orders, market.BookSnapshotAsksOrders{OrderID: uint64(i*100 + l*10 + o), Quantity: int64(o + 2)})
		}
		v.Asks = append(v.Asks, lv)
	}
	v.Source = []string{"", "cme-mdp3", "eobi"}[i%3]
}

// slopesPerFrame makes a wavefront frame of 40,960 slopes: 320 KiB of
// float32 pairs.
const slopesPerFrame = 40_960

// frame is the i-th WavefrontFrame.
func frame(i int, v *aotelemetry.WavefrontFrame) {
	v.FrameID, v.Timestamp, v.SensorID = uint64(i), uint64(i)*1000, 7
	v.Kind = aotelemetry.SensorKind(i % 3)
	v.Flags = aotelemetry.FrameFlags(i % 16)
	v.Shape = aotelemetry.Shape{Subapertures: 1600, PixelsPerSubaperture: 8, PixelScale: 0.25}
	v.Exposure = 0.001
	if cap(v.Slopes) < slopesPerFrame {
		v.Slopes = make([]aotelemetry.WavefrontFrameSlopes, slopesPerFrame)
	}
	v.Slopes = v.Slopes[:slopesPerFrame]
	for k := range v.Slopes {
		v.Slopes[k] = aotelemetry.WavefrontFrameSlopes{X: float32(i) + float32(k)*0.5, Y: float32(k) - float32(i)}
	}
	v.Pixels = append(v.Pixels[:0], byte(i), byte(i>>8), 0xAB)
}

// mirror is the i-th MirrorCommand.
func mirror(i int, v *aotelemetry.MirrorCommand) {
	v.FrameID, v.MirrorID, v.Gain = uint64(i), uint16(i%3), 0.5+float64(i%10)/100
	v.Actuators = v.Actuators[:0]
	for k := 0; k < i%9; k++ {
		v.Actuators = append(v.Actuators, aotelemetry.MirrorCommandActuators{Index: uint16(k), Stroke: float32(k) * 0.01})
	}
}

// typedPublisher and typedSubscriber are what the tests need of a
// generated publisher and subscriber.
type typedPublisher interface {
	Publication() *transport.Publication
	Close() error
}

type typedSubscriber interface {
	Subscription() *transport.Subscription
	Close() error
}

// openTyped opens a generated subscriber (newSub) and publisher (newPub,
// with opts) on a new stream of channel through cl, waits until they are
// connected and closes them when t ends.
func openTyped[P typedPublisher, S typedSubscriber](t testing.TB, cl *transport.Client, channel string,
	newPub func(context.Context, *transport.Client, string, int32, ...transport.TypedOption) (P, error),
	newSub func(context.Context, *transport.Client, string, int32, ...transport.TypedOption) (S, error),
	opts ...transport.TypedOption,
) (P, S) {
	t.Helper()
	ctx := typedCtx(t, 10*time.Second)
	stream := typedStream()
	sub, err := newSub(ctx, cl, channel, stream)
	require.NoError(t, err)
	t.Cleanup(func() { _ = sub.Close() })
	pub, err := newPub(ctx, cl, channel, stream, opts...)
	require.NoError(t, err)
	t.Cleanup(func() { _ = pub.Close() })
	waitConnected(t, ctx, pub.Publication(), sub.Subscription())
	return pub, sub
}

// quoteStream is openTyped for Quotes.
func quoteStream(t testing.TB, cl *transport.Client, channel string, opts ...transport.TypedOption) (*market.QuotePublisher, *market.QuoteSubscriber) {
	t.Helper()
	return openTyped(t, cl, channel, market.NewQuotePublisher, market.NewQuoteSubscriber, opts...)
}

// wavefrontStream is openTyped for WavefrontFrames.
func wavefrontStream(t testing.TB, cl *transport.Client, channel string, opts ...transport.TypedOption) (*aotelemetry.WavefrontFramePublisher, *aotelemetry.WavefrontFrameSubscriber) {
	t.Helper()
	return openTyped(t, cl, channel, aotelemetry.NewWavefrontFramePublisher, aotelemetry.NewWavefrontFrameSubscriber, opts...)
}

// offerQuotes offers quote(0) to quote(n-1) through pub's generated Offer
// on a goroutine of its own, and sends the first error, or nil once all are
// offered, on the returned channel.
func offerQuotes(ctx context.Context, pub *market.QuotePublisher, n int) <-chan error {
	done := make(chan error, 1)
	go func() {
		var q market.Quote
		for i := 0; i < n; i++ {
			quote(i, &q)
			if err := pub.Offer(ctx, &q); err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	return done
}

// readQuotes polls every subscriber in subs, in turn on this goroutine,
// until each has read n Quotes or ctx ends, and checks that each read
// quote(0) to quote(n-1), in order, and rejected nothing.
func readQuotes(t testing.TB, ctx context.Context, subs []*market.QuoteSubscriber, n int) {
	t.Helper()
	got := make([]int, len(subs))
	bad := make([]int, len(subs))
	var want market.Quote
	idle := transport.NewBackoffIdleStrategy()
	for slices.Min(got) < n && ctx.Err() == nil {
		work := 0
		for i, sub := range subs {
			k, err := sub.PollValues(func(q *market.Quote) {
				quote(got[i], &want)
				if *q != want {
					bad[i]++
				}
				got[i]++
			}, 256)
			require.NoError(t, err)
			work += k
		}
		idle.Idle(work)
	}
	for i, sub := range subs {
		assert.Equal(t, n, got[i], "Quotes subscriber %d received", i)
		assert.Zero(t, bad[i], "Quotes subscriber %d received that differ from those published", i)
		assert.Zero(t, sub.Rejections().Total(), "frames subscriber %d rejected", i)
	}
}

// multiStream opens a market MultiSubscriber with h and a Quote and a Trade
// publisher on stream of IPC through cl, waits until they are connected and
// closes them when t ends.
func multiStream(t testing.TB, cl *transport.Client, stream int32, h *market.Handlers) (*transport.MultiSubscriber, *market.QuotePublisher, *market.TradePublisher) {
	t.Helper()
	ctx := typedCtx(t, 10*time.Second)
	sub, err := market.NewMultiSubscriber(ctx, cl, "aeron:ipc", stream, h)
	require.NoError(t, err)
	t.Cleanup(func() { _ = sub.Close() })
	qp, err := market.NewQuotePublisher(ctx, cl, "aeron:ipc", stream)
	require.NoError(t, err)
	t.Cleanup(func() { _ = qp.Close() })
	tp, err := market.NewTradePublisher(ctx, cl, "aeron:ipc", stream)
	require.NoError(t, err)
	t.Cleanup(func() { _ = tp.Close() })
	waitConnected(t, ctx, qp.Publication(), sub.Subscription())
	return sub, qp, tp
}
