package transport_test

import (
	"bytes"
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aerongo/aerongo/gen/aotelemetry"
	v0 "github.com/aerongo/aerongo/gen/evolution/v0"
	v1 "github.com/aerongo/aerongo/gen/evolution/v1"
	"github.com/aerongo/aerongo/gen/market"
	"github.com/aerongo/aerongo/runtime"
	"github.com/aerongo/aerongo/transport"
)

// roundTrip publishes n values made by mk from one goroutine and receives
// them with PollValues on the test goroutine; every received value must
// encode to the same bytes as the value published at its index, so nothing
// is lost, duplicated, reordered or changed.
func roundTrip[T any, P runtime.MessagePtr[T]](t *testing.T, pub *transport.Publisher[T, P], sub *transport.Subscriber[T, P], n int, mk func(int, *T)) {
	t.Helper()
	ctx := typedCtx(t, 60*time.Second)
	waitConnected(t, ctx, pub.Publication(), sub.Subscription())

	var wg sync.WaitGroup
	var pubErr error
	wg.Add(1)
	go func() {
		defer wg.Done()
		pubErr = offerEach(ctx, pub, n, mk)
	}()

	var want T
	var wantBuf, gotBuf []byte
	got, bad := 0, 0
	check := func(v *T) {
		mk(got, &want)
		var err error
		wantBuf, err = P(&want).AppendBinary(wantBuf[:0])
		require.NoError(t, err)
		gotBuf, err = P(v).AppendBinary(gotBuf[:0])
		require.NoError(t, err)
		if !bytes.Equal(wantBuf, gotBuf) && bad < 5 {
			bad++
			t.Errorf("message %d: got %+v, want %+v", got, *v, want)
		}
		got++
	}
	idle := transport.NewBackoffIdleStrategy()
	for got < n && ctx.Err() == nil {
		k, err := sub.PollValues(check, 256)
		require.NoError(t, err)
		idle.Idle(k)
	}
	wg.Wait()
	require.NoError(t, pubErr)
	require.Equal(t, n, got, "messages received")
	assert.Zero(t, bad, "messages that differ")
	assert.Zero(t, sub.Rejections().Total(), "rejected frames")
	// Nothing more arrives.
	k, err := sub.PollValues(func(*T) { got++ }, 10)
	require.NoError(t, err)
	assert.Zero(t, k)
	assert.Equal(t, n, got)
}

// offerEach offers the values mk makes for 0 to n-1 through pub, one value
// reused, and returns the first error.
func offerEach[T any, P runtime.MessagePtr[T]](ctx context.Context, pub *transport.Publisher[T, P], n int, mk func(int, *T)) error {
	var v T
	for i := range n {
		mk(i, &v)
		if err := pub.Offer(ctx, &v); err != nil {
			return err
		}
	}
	return nil
}

func TestTypedRoundTripMarket(t *testing.T) {
	cl := typedClient(t)
	ctx := typedCtx(t, 30*time.Second)
	t.Run("Quote", func(t *testing.T) {
		pub, sub := quoteStream(t, cl, "aeron:ipc", transport.WithExclusivePublication())
		require.True(t, pub.Publication().IsExclusive())
		roundTrip(t, pub.Publisher, sub.Subscriber, typedCount, quote)
	})
	t.Run("Trade", func(t *testing.T) {
		stream := typedStream()
		sub, err := market.NewTradeSubscriber(ctx, cl, "aeron:ipc", stream)
		require.NoError(t, err)
		defer sub.Close()
		pub, err := market.NewTradePublisher(ctx, cl, "aeron:ipc", stream)
		require.NoError(t, err)
		defer pub.Close()
		require.False(t, pub.Publication().IsExclusive())
		roundTrip(t, pub.Publisher, sub.Subscriber, typedCount, trade)
	})
	t.Run("BookSnapshot", func(t *testing.T) {
		stream := typedStream()
		sub, err := market.NewBookSnapshotSubscriber(ctx, cl, "aeron:ipc", stream)
		require.NoError(t, err)
		defer sub.Close()
		pub, err := market.NewBookSnapshotPublisher(ctx, cl, "aeron:ipc", stream)
		require.NoError(t, err)
		defer pub.Close()
		roundTrip(t, pub.Publisher, sub.Subscriber, typedCount, book)
	})
}

func TestTypedRoundTripTelemetry(t *testing.T) {
	cl := typedClient(t)
	ctx := typedCtx(t, 30*time.Second)
	t.Run("WavefrontFrame", func(t *testing.T) {
		stream := typedStream()
		// Generic constructors over the generated struct, without the glue.
		sub, err := transport.AddSubscriber[aotelemetry.WavefrontFrame](ctx, cl, "aeron:ipc", stream)
		require.NoError(t, err)
		defer sub.Close()
		pub, err := transport.AddPublisher[aotelemetry.WavefrontFrame](ctx, cl, "aeron:ipc", stream)
		require.NoError(t, err)
		defer pub.Close()
		var f aotelemetry.WavefrontFrame
		frame(0, &f)
		require.Greater(t, f.SBEEncodedLength(), 300<<10)
		require.Greater(t, f.SBEEncodedLength(), pub.Publication().MaxPayloadLength(), "frames are fragmented")
		roundTrip(t, pub, sub, framesCount, frame)
	})
	t.Run("MirrorCommand", func(t *testing.T) {
		stream := typedStream()
		sub, err := aotelemetry.NewMirrorCommandSubscriber(ctx, cl, "aeron:ipc", stream)
		require.NoError(t, err)
		defer sub.Close()
		pub, err := aotelemetry.NewMirrorCommandPublisher(ctx, cl, "aeron:ipc", stream)
		require.NoError(t, err)
		defer pub.Close()
		roundTrip(t, pub.Publisher, sub.Subscriber, typedCount, mirror)
	})
}

func orderV0(i int, v *v0.Order) {
	v.OrderID, v.Price, v.Quantity, v.Status = uint64(i), int64(i)*10, uint32(i%1000), v0.Status(i%2)
	v.Fills = v.Fills[:0]
	for k := 0; k < i%3; k++ {
		v.Fills = append(v.Fills, v0.OrderFills{Price: int64(i + k), Quantity: uint32(k + 1)})
	}
	v.Account = []string{"acc-1", "acc-22", ""}[i%3]
}

func orderV1(i int, v *v1.Order) {
	v.OrderID, v.Price, v.Quantity, v.Status = uint64(i), int64(i)*10, uint32(i%1000), v1.Status(i%3)
	v.StopPrice, v.ClientTag = int64(i)*9, uint32(i%77)
	v.Fills = v.Fills[:0]
	for k := 0; k < i%3; k++ {
		v.Fills = append(v.Fills, v1.OrderFills{Price: int64(i + k), Quantity: uint32(k + 1), VenueFee: int32(-k)})
	}
	v.Account = []string{"acc-1", "acc-22", ""}[i%3]
	v.Memo = []string{"", "memo"}[i%2]
}

func TestTypedRoundTripEvolution(t *testing.T) {
	cl := typedClient(t)
	ctx := typedCtx(t, 30*time.Second)
	t.Run("v0", func(t *testing.T) {
		stream := typedStream()
		sub, err := v0.NewOrderSubscriber(ctx, cl, "aeron:ipc", stream)
		require.NoError(t, err)
		defer sub.Close()
		pub, err := v0.NewOrderPublisher(ctx, cl, "aeron:ipc", stream)
		require.NoError(t, err)
		defer pub.Close()
		roundTrip(t, pub.Publisher, sub.Subscriber, typedCount, orderV0)
	})
	t.Run("v1", func(t *testing.T) {
		stream := typedStream()
		sub, err := v1.NewOrderSubscriber(ctx, cl, "aeron:ipc", stream)
		require.NoError(t, err)
		defer sub.Close()
		pub, err := v1.NewOrderPublisher(ctx, cl, "aeron:ipc", stream)
		require.NoError(t, err)
		defer pub.Close()
		roundTrip(t, pub.Publisher, sub.Subscriber, typedCount, orderV1)
	})
	t.Run("v0 Amend", func(t *testing.T) {
		stream := typedStream()
		sub, err := v0.NewAmendSubscriber(ctx, cl, "aeron:ipc", stream)
		require.NoError(t, err)
		defer sub.Close()
		pub, err := v0.NewAmendPublisher(ctx, cl, "aeron:ipc", stream)
		require.NoError(t, err)
		defer pub.Close()
		roundTrip(t, pub.Publisher, sub.Subscriber, typedCount, amendV0)
	})
	t.Run("v1 Amend", func(t *testing.T) {
		stream := typedStream()
		sub, err := v1.NewAmendSubscriber(ctx, cl, "aeron:ipc", stream)
		require.NoError(t, err)
		defer sub.Close()
		pub, err := v1.NewAmendPublisher(ctx, cl, "aeron:ipc", stream)
		require.NoError(t, err)
		defer pub.Close()
		roundTrip(t, pub.Publisher, sub.Subscriber, typedCount, amendV1)
	})
}

// crossVersion publishes n values of one schema version and checks each
// value received with the other version's subscriber.
func crossVersion[S, R any, PS runtime.MessagePtr[S], PR runtime.MessagePtr[R]](t *testing.T, pub *transport.Publisher[S, PS], sub *transport.Subscriber[R, PR], n int, mk func(int, *S), check func(i int, got *R) bool) {
	t.Helper()
	ctx := typedCtx(t, 60*time.Second)
	waitConnected(t, ctx, pub.Publication(), sub.Subscription())
	errc := make(chan error, 1)
	go func() {
		var v S
		for i := 0; i < n; i++ {
			mk(i, &v)
			if err := pub.Offer(ctx, &v); err != nil {
				errc <- err
				return
			}
		}
		errc <- nil
	}()
	got, bad := 0, 0
	idle := transport.NewBackoffIdleStrategy()
	for got < n && ctx.Err() == nil {
		k, err := sub.PollValues(func(v *R) {
			if !check(got, v) && bad < 5 {
				bad++
				t.Errorf("message %d: %+v", got, *v)
			}
			got++
		}, 256)
		require.NoError(t, err)
		idle.Idle(k)
	}
	require.NoError(t, <-errc)
	assert.Equal(t, n, got)
	assert.Zero(t, bad)
	assert.Zero(t, sub.Rejections().Total())
}

func amendV0(i int, v *v0.Amend) {
	v.OrderID, v.NewPrice, v.NewQuantity = uint64(i), int64(i)*3, uint32(i%500)
	v.Legs = v.Legs[:0]
	for k := 0; k < i%4; k++ {
		v.Legs = append(v.Legs, v0.AmendLegs{LegID: uint16(k), Ratio: uint32(i + k)})
	}
	v.Reason = []string{"", "price", "size"}[i%3]
}

func amendV1(i int, v *v1.Amend) {
	v.OrderID, v.NewPrice, v.NewQuantity, v.ValidUntil = uint64(i), int64(i)*3, uint32(i%500), uint64(i)*1000
	v.Legs = v.Legs[:0]
	for k := 0; k < i%4; k++ {
		v.Legs = append(v.Legs, v1.AmendLegs{LegID: uint16(k), Ratio: uint32(i + k), VenueFee: int32(k * 2)})
	}
	v.Reason = []string{"", "price", "size"}[i%3]
	v.Trader = []string{"t1", ""}[i%2]
}

// TestTypedEvolution: v1 publishers to v0 subscribers (newer block fields,
// group fields and trailing var data skipped) and v0 publishers to v1
// subscribers (newer fields read as null, newer var data empty), for both
// messages of the schema.
func TestTypedEvolution(t *testing.T) {
	cl := typedClient(t)
	ctx := typedCtx(t, 30*time.Second)
	t.Run("v1 to v0 Amend", func(t *testing.T) {
		stream := typedStream()
		sub, err := v0.NewAmendSubscriber(ctx, cl, "aeron:ipc", stream)
		require.NoError(t, err)
		defer sub.Close()
		pub, err := v1.NewAmendPublisher(ctx, cl, "aeron:ipc", stream)
		require.NoError(t, err)
		defer pub.Close()
		var want v1.Amend
		crossVersion(t, pub.Publisher, sub.Subscriber, typedCount, amendV1, func(i int, got *v0.Amend) bool {
			amendV1(i, &want)
			ok := got.OrderID == want.OrderID && got.NewPrice == want.NewPrice && got.NewQuantity == want.NewQuantity &&
				got.Reason == want.Reason && len(got.Legs) == len(want.Legs)
			for k := range got.Legs {
				ok = ok && got.Legs[k].LegID == want.Legs[k].LegID && got.Legs[k].Ratio == want.Legs[k].Ratio
			}
			return ok
		})
	})
	t.Run("v1 to v0 Order", func(t *testing.T) {
		stream := typedStream()
		sub, err := v0.NewOrderSubscriber(ctx, cl, "aeron:ipc", stream)
		require.NoError(t, err)
		defer sub.Close()
		pub, err := v1.NewOrderPublisher(ctx, cl, "aeron:ipc", stream)
		require.NoError(t, err)
		defer pub.Close()
		var want v1.Order
		crossVersion(t, pub.Publisher, sub.Subscriber, typedCount, func(i int, v *v1.Order) {
			orderV1(i, v)
			v.Status = v1.Status(i % 2) // Suspended is newer than v0
		}, func(i int, got *v0.Order) bool {
			orderV1(i, &want)
			ok := got.OrderID == want.OrderID && got.Price == want.Price && got.Quantity == want.Quantity &&
				uint8(got.Status) == uint8(i%2) && got.Account == want.Account && len(got.Fills) == len(want.Fills)
			for k := range got.Fills {
				ok = ok && got.Fills[k].Price == want.Fills[k].Price && got.Fills[k].Quantity == want.Fills[k].Quantity
			}
			return ok
		})
	})
	t.Run("v0 to v1 Amend", func(t *testing.T) {
		stream := typedStream()
		sub, err := v1.NewAmendSubscriber(ctx, cl, "aeron:ipc", stream)
		require.NoError(t, err)
		defer sub.Close()
		pub, err := v0.NewAmendPublisher(ctx, cl, "aeron:ipc", stream)
		require.NoError(t, err)
		defer pub.Close()
		var want v0.Amend
		crossVersion(t, pub.Publisher, sub.Subscriber, typedCount, amendV0, func(i int, got *v1.Amend) bool {
			amendV0(i, &want)
			ok := got.OrderID == want.OrderID && got.NewPrice == want.NewPrice && got.NewQuantity == want.NewQuantity &&
				got.Reason == want.Reason && len(got.Legs) == len(want.Legs) &&
				// Newer than v0: null and empty.
				got.ValidUntil == 1<<64-1 && got.Trader == ""
			for k := range got.Legs {
				ok = ok && got.Legs[k].LegID == want.Legs[k].LegID && got.Legs[k].Ratio == want.Legs[k].Ratio &&
					got.Legs[k].VenueFee == -1<<31
			}
			return ok
		})
	})
	t.Run("v0 to v1 Order", func(t *testing.T) {
		stream := typedStream()
		sub, err := v1.NewOrderSubscriber(ctx, cl, "aeron:ipc", stream)
		require.NoError(t, err)
		defer sub.Close()
		pub, err := v0.NewOrderPublisher(ctx, cl, "aeron:ipc", stream)
		require.NoError(t, err)
		defer pub.Close()
		var want v0.Order
		crossVersion(t, pub.Publisher, sub.Subscriber, typedCount, orderV0, func(i int, got *v1.Order) bool {
			orderV0(i, &want)
			ok := got.OrderID == want.OrderID && got.Price == want.Price && got.Quantity == want.Quantity &&
				uint8(got.Status) == uint8(want.Status) && got.Account == want.Account && len(got.Fills) == len(want.Fills) &&
				// Fields, groups and var data newer than v0 read as null or empty.
				got.StopPrice == -1<<63 && got.ClientTag == 1<<32-1 && got.Memo == ""
			for k := range got.Fills {
				ok = ok && got.Fills[k].Price == want.Fills[k].Price && got.Fills[k].Quantity == want.Fills[k].Quantity &&
					got.Fills[k].VenueFee == -1<<31
			}
			return ok
		})
	})
}

// TestTypedInterleavedFragmentedPublishers: two exclusive publishers (two
// images) offer wavefront frames of about 320 KiB, some 230 fragments
// each, at once on one stream, and the subscriber polls 7 fragments at a
// time, so every poll stops in the middle of a frame and the next one may
// go on with the other image's. Each image keeps its own reassembly: every
// frame of each publisher arrives once, in its publisher's order, intact.
func TestTypedInterleavedFragmentedPublishers(t *testing.T) {
	cl := typedClient(t)
	ctx := typedCtx(t, 60*time.Second)
	stream := typedStream()
	sub, err := aotelemetry.NewWavefrontFrameSubscriber(ctx, cl, "aeron:ipc", stream)
	require.NoError(t, err)
	defer sub.Close()
	n := framesCount / 4
	// Publisher k offers frame(k*1000), frame(k*1000+1), ...
	var pubErrs [2]chan error
	for k := range pubErrs {
		pub, err := aotelemetry.NewWavefrontFramePublisher(ctx, cl, "aeron:ipc", stream, transport.WithExclusivePublication())
		require.NoError(t, err)
		defer pub.Close()
		require.NoError(t, pub.Publication().WaitConnected(ctx))
		pubErrs[k] = make(chan error, 1)
		go func() {
			var f aotelemetry.WavefrontFrame
			for i := range n {
				frame(k*1000+i, &f)
				if err := pub.Offer(ctx, &f); err != nil {
					pubErrs[k] <- err
					return
				}
			}
			pubErrs[k] <- nil
		}()
	}

	var got [2]int
	bad := 0
	var want aotelemetry.WavefrontFrame
	var wantBuf, gotBuf []byte
	check := func(f *aotelemetry.WavefrontFrame) {
		k := min(int(f.FrameID)/1000, 1)
		frame(k*1000+got[k], &want)
		wantBuf, _ = want.AppendBinary(wantBuf[:0])
		gotBuf, _ = f.AppendBinary(gotBuf[:0])
		if !bytes.Equal(wantBuf, gotBuf) {
			if bad == 0 {
				t.Errorf("publisher %d, frame %d: got frame %d (%d slopes), want frame %d", k, got[k], f.FrameID, len(f.Slopes), want.FrameID)
			}
			bad++
		}
		got[k]++
	}
	idle := transport.NewBackoffIdleStrategy()
	for (got[0] < n || got[1] < n) && ctx.Err() == nil {
		k, err := sub.PollValues(check, 7)
		require.NoError(t, err)
		idle.Idle(k)
	}
	for _, ch := range pubErrs {
		require.NoError(t, <-ch)
	}
	assert.Equal(t, [2]int{n, n}, got, "frames received from each publisher")
	assert.Zero(t, bad, "frames that differ")
	assert.Zero(t, sub.Rejections().Total(), "rejected frames")
	assert.Equal(t, 2, sub.Subscription().ImageCount(), "images")
}

// TestTypedPublishersShareAPublication: four goroutines, each with a
// Publisher of its own (NewPublisher) over one concurrent Publication, as
// the Publisher's doc advises for several publishing goroutines. Two offer
// small MirrorCommands, two WavefrontFrames of about 320 KiB, fragmented,
// into the same log at once; each fragmented message takes its whole range
// of the term in one step, so the fragments of different messages never
// interleave. The subscription reads every message once, whole, and in
// its writer's order.
func TestTypedPublishersShareAPublication(t *testing.T) {
	cl := typedClient(t)
	ctx := typedCtx(t, 60*time.Second)
	const channel = "aeron:ipc?term-length=4m"
	stream := typedStream()
	sub, err := cl.AddSubscription(ctx, channel, stream)
	require.NoError(t, err)
	defer sub.Close()
	raw, err := cl.AddPublication(ctx, channel, stream)
	require.NoError(t, err)
	defer raw.Close()
	waitConnected(t, ctx, raw, sub)
	require.False(t, raw.IsExclusive())

	// Writer w stamps its index i into the message's frame id: w<<32 | i.
	const writers = 4
	counts := [writers]int{typedCount / 10, typedCount / 10, framesCount / 4, framesCount / 4}
	writerErrs := make(chan error, writers)
	for w := range writers {
		go func() {
			stamp := func(i int) uint64 { return uint64(w)<<32 | uint64(i) }
			if w < 2 {
				writerErrs <- offerEach(ctx, transport.NewPublisher[aotelemetry.MirrorCommand](raw), counts[w],
					func(i int, m *aotelemetry.MirrorCommand) { mirror(i, m); m.FrameID = stamp(i) })
			} else {
				writerErrs <- offerEach(ctx, transport.NewPublisher[aotelemetry.WavefrontFrame](raw), counts[w],
					func(i int, f *aotelemetry.WavefrontFrame) { frame(i, f); f.FrameID = stamp(i) })
			}
		}()
	}

	var next [writers]int
	total, bad := 0, 0
	var m, wantM aotelemetry.MirrorCommand
	var f, wantF aotelemetry.WavefrontFrame
	var wantBuf []byte
	report := func(format string, args ...any) {
		if bad == 0 {
			t.Errorf(format, args...)
		}
		bad++
	}
	handler := func(msg []byte, _ *transport.Header) {
		total++
		var id uint64
		switch {
		case m.UnmarshalBinary(msg) == nil:
			id = m.FrameID
		case f.UnmarshalBinary(msg) == nil:
			id = f.FrameID
		default:
			report("message %d of %d bytes is neither a MirrorCommand nor a WavefrontFrame", total, len(msg))
			return
		}
		w, i := int(id>>32), int(id&0xFFFFFFFF)
		if w >= writers || i != next[w] {
			report("message %d: writer %d index %d, want index %d", total, w, i, next[min(w, writers-1)])
			return
		}
		next[w]++
		var want runtime.Message = &wantM
		if w < 2 {
			mirror(i, &wantM)
			wantM.FrameID = id
		} else {
			frame(i, &wantF)
			wantF.FrameID = id
			want = &wantF
		}
		wantBuf, _ = want.AppendBinary(wantBuf[:0])
		if !bytes.Equal(msg, wantBuf) {
			report("writer %d message %d differs from what it offered", w, i)
		}
	}
	sum := 0
	for _, c := range counts {
		sum += c
	}
	idle := transport.NewBackoffIdleStrategy()
	for total < sum && ctx.Err() == nil {
		k, err := sub.Poll(handler, 64)
		require.NoError(t, err)
		idle.Idle(k)
	}
	for range writers {
		require.NoError(t, <-writerErrs)
	}
	assert.Equal(t, counts, next, "messages of each writer read")
	assert.Zero(t, bad, "messages out of order or not as offered")
}
