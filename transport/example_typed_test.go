package transport_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aerongo/aerongo/gen/market"
	"github.com/aerongo/aerongo/transport"
)

// startClient starts a media driver in this process and connects a client;
// ctx bounds what the example waits for (10 s), and stop cancels it and
// closes both.
func startClient() (cl *transport.Client, ctx context.Context, stop func(), err error) {
	drv, err := transport.StartEmbeddedDriver(transport.DriverOptions{ThreadingMode: transport.ThreadingShared, SparseTermFiles: true})
	if err != nil {
		return nil, nil, nil, err
	}
	cl, err = transport.Connect(transport.ClientOptions{Dir: drv.Dir()})
	if err != nil {
		drv.Close()
		return nil, nil, nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	return cl, ctx, func() { cancel(); cl.Close(); drv.Close() }, nil
}

// A typed stream of the Quote message generated from schemas/market.xml:
// publish Go structs, receive them decoded.
func ExampleAddPublisher() {
	drv, err := transport.StartEmbeddedDriver(transport.DriverOptions{ThreadingMode: transport.ThreadingShared})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer drv.Close()
	cl, err := transport.Connect(transport.ClientOptions{Dir: drv.Dir()})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	sub, err := transport.AddSubscriber[market.Quote](ctx, cl, "aeron:ipc", 1001)
	if err != nil {
		fmt.Println(err)
		return
	}
	pub, err := transport.AddPublisher[market.Quote](ctx, cl, "aeron:ipc", 1001)
	if err != nil {
		fmt.Println(err)
		return
	}
	q := market.Quote{Symbol: "ESZ6", Venue: market.VenueXcme, Sequence: 1, Bid: 51222500, BidSize: 3, Ask: 51225000, AskSize: 5}
	// Offer waits while no subscriber is connected yet (or the stream is
	// back pressured), until ctx ends.
	if err := pub.Offer(ctx, &q); err != nil {
		fmt.Println(err)
		return
	}
	got, err := sub.Take(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s %v bid %d x %d ask %d x %d\n", got.Symbol, got.Venue, got.Bid, got.BidSize, got.Ask, got.AskSize)
	// Output: ESZ6 XCME bid 51222500 x 3 ask 51225000 x 5
}

// PollValues suits an event loop: it decodes what arrived into one reused
// value and returns at once.
func ExampleSubscriber_PollValues() {
	cl, ctx, stop, err := startClient()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer stop()
	sub, _ := transport.AddSubscriber[market.Trade](ctx, cl, "aeron:ipc", 1002)
	pub, _ := transport.AddPublisher[market.Trade](ctx, cl, "aeron:ipc", 1002)
	for i := 1; i <= 3; i++ {
		_ = pub.Offer(ctx, &market.Trade{Symbol: "NQZ6", TradeID: uint64(i), Price: 2000000 + int64(i), Quantity: 1})
	}
	received := 0
	onTrade := func(t *market.Trade) { // t is reused: copy what you keep
		fmt.Println("trade", t.TradeID, t.Price)
		received++
	}
	idle := transport.NewBackoffIdleStrategy()
	for received < 3 && ctx.Err() == nil {
		n, err := sub.PollValues(onTrade, 10)
		if err != nil {
			fmt.Println(err)
			return
		}
		idle.Idle(n) // other work of the loop goes here
	}
	// Output:
	// trade 1 2000001
	// trade 2 2000002
	// trade 3 2000003
}

// All is a Go iterator over the stream; break leaves the following messages
// in the stream.
func ExampleSubscriber_All() {
	cl, ctx, stop, err := startClient()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer stop()
	sub, _ := transport.AddSubscriber[market.Quote](ctx, cl, "aeron:ipc", 1003)
	pub, _ := transport.AddPublisher[market.Quote](ctx, cl, "aeron:ipc", 1003)
	for i := 1; i <= 5; i++ {
		_ = pub.Offer(ctx, &market.Quote{Symbol: "ESZ6", Sequence: uint64(i)})
	}
	for q, err := range sub.All(ctx) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println("quote", q.Sequence)
		if q.Sequence == 3 {
			break
		}
	}
	next, _ := sub.Take(ctx)
	fmt.Println("then", next.Sequence)
	// Output:
	// quote 1
	// quote 2
	// quote 3
	// then 4
}

// OfferFunc hands the claimed bytes of the log buffer to a flyweight
// encoder: nothing is copied.
func ExamplePublisher_OfferFunc() {
	cl, ctx, stop, err := startClient()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer stop()
	sub, _ := transport.AddSubscriber[market.Quote](ctx, cl, "aeron:ipc", 1004)
	pub, _ := transport.AddPublisher[market.Quote](ctx, cl, "aeron:ipc", 1004)
	var enc market.QuoteEncoder
	err = pub.OfferFunc(ctx, market.QuoteFrameLength, func(buf []byte) error {
		if err := enc.WrapForEncode(buf); err != nil {
			return err
		}
		enc.SetSymbolString("FDAXZ6")
		enc.SetSequence(42)
		enc.SetBid(2_450_000)
		return nil
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	q, _ := sub.Take(ctx)
	fmt.Println(q.Symbol, q.Sequence, q.Bid)
	// Output: FDAXZ6 42 2450000
}

// A stream of several message types of one schema goes through the
// schema's generated Dispatch; frames of other schemas are counted and
// reported, not delivered.
func ExampleAddMultiSubscriber() {
	cl, ctx, stop, err := startClient()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer stop()
	h := &market.Handlers{
		OnQuote: func(d *market.QuoteDecoder) error { fmt.Println("quote", d.Sequence()); return nil },
		OnTrade: func(d *market.TradeDecoder) error { fmt.Println("trade", d.TradeID()); return nil },
	}
	sub, _ := transport.AddMultiSubscriber(ctx, cl, "aeron:ipc", 1005,
		func(frame []byte) error { return market.Dispatch(frame, h) },
		transport.WithRejectHandler(func(frame []byte, _ *transport.Header, err error) { fmt.Println("rejected:", err) }))
	quotes, _ := transport.AddPublisher[market.Quote](ctx, cl, "aeron:ipc", 1005)
	trades, _ := transport.AddPublisher[market.Trade](ctx, cl, "aeron:ipc", 1005)
	_ = quotes.Offer(ctx, &market.Quote{Sequence: 1})
	_ = trades.Offer(ctx, &market.Trade{TradeID: 7})
	_, _ = quotes.Publication().OfferCtx(ctx, []byte("not an SBE frame"), nil)
	for sub.Rejections().Total() == 0 && ctx.Err() == nil {
		if _, err := sub.Poll(10); err != nil {
			fmt.Println(err)
			return
		}
	}
	// Output:
	// quote 1
	// trade 7
	// rejected: sbe: foreign schema id in market at offset 4: want schema id 101, got 28257
}

// TryOffer makes one attempt, for loops that do other work while the
// stream is back pressured or has no subscriber yet.
func ExamplePublisher_TryOffer() {
	cl, ctx, stop, err := startClient()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer stop()
	pub, _ := transport.AddPublisher[market.Quote](ctx, cl, "aeron:ipc", 1006)
	err = pub.TryOffer(&market.Quote{Sequence: 1})
	fmt.Println(errors.Is(err, transport.ErrNotConnected))
	// Output: true
}

// NewPublisher and NewSubscriber type an existing publication and
// subscription (here an exclusive publication, so one goroutine offers).
func ExampleNewSubscriber() {
	cl, ctx, stop, err := startClient()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer stop()
	rawSub, _ := cl.AddSubscription(ctx, "aeron:ipc", 1007)
	rawPub, _ := cl.AddExclusivePublication(ctx, "aeron:ipc", 1007)
	sub := transport.NewSubscriber[market.Trade](rawSub)
	pub := transport.NewPublisher[market.Trade](rawPub, transport.WithIdleStrategy(transport.YieldingIdleStrategy{}))
	defer pub.Close() // closes rawPub
	defer sub.Close() // closes rawSub
	_ = pub.Offer(ctx, &market.Trade{Symbol: "ZNZ6", TradeID: 11, Aggressor: market.SideSell})
	t, err := sub.Take(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(t.Symbol, t.TradeID, t.Aggressor, sub.Subscription() == rawSub)
	// Output: ZNZ6 11 Sell true
}

// PollFrames hands out whole frames, for a decoder of the caller's choice;
// an error that IsRejection rejects the frame.
func ExampleSubscriber_PollFrames() {
	cl, ctx, stop, err := startClient()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer stop()
	sub, _ := transport.AddSubscriber[market.Quote](ctx, cl, "aeron:ipc", 1008)
	pub, _ := transport.AddPublisher[market.Quote](ctx, cl, "aeron:ipc", 1008)
	_ = pub.Offer(ctx, &market.Quote{Symbol: "ESZ6", Bid: 10, Ask: 12})
	var d market.QuoteDecoder
	done := false
	onFrame := func(frame []byte, h *transport.Header) error {
		if err := d.Wrap(frame); err != nil {
			return err // counted in Rejections
		}
		fmt.Printf("%d bytes: spread %d\n", len(frame), d.Ask()-d.Bid())
		done = true
		return nil
	}
	for !done && ctx.Err() == nil {
		if _, err := sub.PollFrames(onFrame, 10); err != nil {
			fmt.Println(err)
			return
		}
	}
	// Output: 65 bytes: spread 2
}

// A frame that is not a readable message of the subscriber's type is
// counted by cause and handed to the reject handler, never delivered.
func ExampleWithRejectHandler() {
	cl, ctx, stop, err := startClient()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer stop()
	sub, _ := transport.AddSubscriber[market.Quote](ctx, cl, "aeron:ipc", 1009,
		transport.WithRejectHandler(func(frame []byte, h *transport.Header, err error) {
			fmt.Println("rejected", len(frame), "bytes:", err)
		}))
	trades, _ := transport.AddPublisher[market.Trade](ctx, cl, "aeron:ipc", 1009)
	quotes, _ := transport.AddPublisher[market.Quote](ctx, cl, "aeron:ipc", 1009)
	_ = trades.Offer(ctx, &market.Trade{TradeID: 1}) // another message type on the stream
	_ = quotes.Offer(ctx, &market.Quote{Sequence: 2})
	q, err := sub.Take(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("quote", q.Sequence)
	fmt.Printf("%+v\n", sub.Rejections())
	// Output:
	// rejected 51 bytes: sbe: unknown template id in Quote at offset 2: want template id 1, got 2
	// quote 2
	// {ForeignSchema:0 UnknownTemplate:1 Unreadable:0}
}

// A handler that polls the Subscription itself and decodes the frames hands
// those it cannot read to Reject, so they are counted with the
// Subscriber's own rejections (the generated flyweight Poll works so).
func ExampleSubscriber_Reject() {
	cl, ctx, stop, err := startClient()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer stop()
	sub, _ := transport.AddSubscriber[market.Quote](ctx, cl, "aeron:ipc", 1010)
	trades, _ := transport.AddPublisher[market.Trade](ctx, cl, "aeron:ipc", 1010)
	quotes, _ := transport.AddPublisher[market.Quote](ctx, cl, "aeron:ipc", 1010)
	_ = trades.Offer(ctx, &market.Trade{TradeID: 1})
	_ = quotes.Offer(ctx, &market.Quote{Symbol: "ESZ6", Bid: 10, Ask: 12})
	var d market.QuoteDecoder
	done := false
	handler := func(frame []byte, h *transport.Header) {
		if err := d.Wrap(frame); err != nil {
			sub.Reject(frame, h, err)
			return
		}
		fmt.Println("spread", d.Ask()-d.Bid())
		done = true
	}
	for !done && ctx.Err() == nil {
		if _, err := sub.Subscription().Poll(handler, 10); err != nil {
			fmt.Println(err)
			return
		}
	}
	fmt.Printf("%+v\n", sub.Rejections())
	// Output:
	// spread 2
	// {ForeignSchema:0 UnknownTemplate:1 Unreadable:0}
}
