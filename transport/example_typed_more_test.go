package transport_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aerongo/aerongo/gen/market"
	"github.com/aerongo/aerongo/transport"
)

// AddSubscriber adds a subscription that decodes the messages of one SBE
// type, here market.Trade.
func ExampleAddSubscriber() {
	cl, ctx, stop, err := startClient()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer stop()
	sub, err := transport.AddSubscriber[market.Trade](ctx, cl, "aeron:ipc", 2040)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer sub.Close()
	pub, err := transport.AddPublisher[market.Trade](ctx, cl, "aeron:ipc", 2040)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer pub.Close()
	if err := pub.Offer(ctx, &market.Trade{Symbol: "CLZ6", TradeID: 9, Price: 7125, Quantity: 4, Aggressor: market.SideBuy}); err != nil {
		fmt.Println(err)
		return
	}
	t, err := sub.Take(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(t.Symbol, t.TradeID, t.Quantity, "@", t.Price, t.Aggressor)
	// Output: CLZ6 9 4 @ 7125 Buy
}

// NewPublisher types a publication the application added itself, here one
// with a small term length; the Publisher then owns it.
func ExampleNewPublisher() {
	cl, ctx, stop, err := startClient()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer stop()
	channel := transport.IPCChannel().With("term-length", "64k").String()
	sub, err := transport.AddSubscriber[market.Quote](ctx, cl, channel, 2041)
	if err != nil {
		fmt.Println(err)
		return
	}
	rawPub, err := cl.AddPublication(ctx, channel, 2041)
	if err != nil {
		fmt.Println(err)
		return
	}
	pub := transport.NewPublisher[market.Quote](rawPub)
	defer pub.Close() // closes rawPub

	if err := pub.Offer(ctx, &market.Quote{Symbol: "6EZ6", Sequence: 5, Bid: 11650, Ask: 11651}); err != nil {
		fmt.Println(err)
		return
	}
	q, err := sub.Take(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(q.Symbol, q.Sequence, q.Bid, q.Ask, pub.Publication().TermBufferLength())
	// Output: 6EZ6 5 11650 11651 65536
}

// NewMultiSubscriber dispatches the messages of an existing subscription to
// the schema's generated handlers, one per message type.
func ExampleNewMultiSubscriber() {
	cl, ctx, stop, err := startClient()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer stop()
	rawSub, err := cl.AddSubscription(ctx, "aeron:ipc", 2042)
	if err != nil {
		fmt.Println(err)
		return
	}
	received := 0
	h := &market.Handlers{
		OnQuote: func(d *market.QuoteDecoder) error {
			fmt.Printf("quote %s bid %d\n", d.Symbol(), d.Bid())
			received++
			return nil
		},
		OnTrade: func(d *market.TradeDecoder) error {
			fmt.Printf("trade %s price %d\n", d.Symbol(), d.Price())
			received++
			return nil
		},
	}
	sub := transport.NewMultiSubscriber(rawSub, func(frame []byte) error { return market.Dispatch(frame, h) })
	defer sub.Close() // closes rawSub

	// One publication carries both message types, in the order offered.
	rawPub, err := cl.AddExclusivePublication(ctx, "aeron:ipc", 2042)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer rawPub.Close()
	quotes := transport.NewPublisher[market.Quote](rawPub)
	trades := transport.NewPublisher[market.Trade](rawPub)
	if err := quotes.Offer(ctx, &market.Quote{Symbol: "ESZ6", Bid: 51222500}); err != nil {
		fmt.Println(err)
		return
	}
	if err := trades.Offer(ctx, &market.Trade{Symbol: "ESZ6", Price: 51225000}); err != nil {
		fmt.Println(err)
		return
	}
	for received < 2 && ctx.Err() == nil {
		if _, err := sub.Poll(10); err != nil {
			fmt.Println(err)
			return
		}
	}
	// Output:
	// quote ESZ6 bid 51222500
	// trade ESZ6 price 51225000
}

// Poll dispatches what has arrived and returns at once, for an event loop
// that passes the work count to its idle strategy.
func ExampleMultiSubscriber_Poll() {
	cl, ctx, stop, err := startClient()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer stop()
	var quotes, trades int
	h := &market.Handlers{
		OnQuote: func(*market.QuoteDecoder) error { quotes++; return nil },
		OnTrade: func(*market.TradeDecoder) error { trades++; return nil },
	}
	sub, err := transport.AddMultiSubscriber(ctx, cl, "aeron:ipc", 2043,
		func(frame []byte) error { return market.Dispatch(frame, h) })
	if err != nil {
		fmt.Println(err)
		return
	}
	qp, err := transport.AddPublisher[market.Quote](ctx, cl, "aeron:ipc", 2043)
	if err != nil {
		fmt.Println(err)
		return
	}
	tp, err := transport.AddPublisher[market.Trade](ctx, cl, "aeron:ipc", 2043)
	if err != nil {
		fmt.Println(err)
		return
	}
	for i := range 3 {
		if err := qp.Offer(ctx, &market.Quote{Sequence: uint64(i)}); err != nil {
			fmt.Println(err)
			return
		}
	}
	if err := tp.Offer(ctx, &market.Trade{TradeID: 1}); err != nil {
		fmt.Println(err)
		return
	}

	idle := transport.NewBackoffIdleStrategy()
	for quotes+trades < 4 && ctx.Err() == nil {
		n, err := sub.Poll(10)
		if err != nil {
			fmt.Println(err)
			return
		}
		idle.Idle(n)
	}
	fmt.Println("quotes:", quotes, "trades:", trades)
	// Output: quotes: 3 trades: 1
}

// Run is the subscriber's own loop: it dispatches until ctx ends or a
// handler returns an error that is not a rejection; here the handler stops
// it at the end of the session.
func ExampleMultiSubscriber_Run() {
	cl, ctx, stop, err := startClient()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer stop()
	errEndOfSession := errors.New("end of session")
	h := &market.Handlers{
		OnTrade: func(d *market.TradeDecoder) error {
			fmt.Println("trade", d.TradeID())
			if d.TradeID() == 3 {
				return errEndOfSession
			}
			return nil
		},
	}
	sub, err := transport.AddMultiSubscriber(ctx, cl, "aeron:ipc", 2044,
		func(frame []byte) error { return market.Dispatch(frame, h) })
	if err != nil {
		fmt.Println(err)
		return
	}
	pub, err := transport.AddPublisher[market.Trade](ctx, cl, "aeron:ipc", 2044)
	if err != nil {
		fmt.Println(err)
		return
	}
	for id := uint64(1); id <= 3; id++ {
		if err := pub.Offer(ctx, &market.Trade{TradeID: id}); err != nil {
			fmt.Println(err)
			return
		}
	}

	err = sub.Run(ctx)
	fmt.Println("stopped:", err)
	// Output:
	// trade 1
	// trade 2
	// trade 3
	// stopped: end of session
}

// Offer encodes a value straight into the log buffer, waiting while no
// subscriber is connected or the stream is back pressured.
func ExamplePublisher_Offer() {
	cl, ctx, stop, err := startClient()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer stop()
	pub, err := transport.AddPublisher[market.Quote](ctx, cl, "aeron:ipc", 2045)
	if err != nil {
		fmt.Println(err)
		return
	}
	sub, err := transport.AddSubscriber[market.Quote](ctx, cl, "aeron:ipc", 2045)
	if err != nil {
		fmt.Println(err)
		return
	}
	q := market.Quote{Symbol: "ZBZ6", Venue: market.VenueXcme, Bid: 11503, Ask: 11504}
	for seq := uint64(1); seq <= 2; seq++ {
		q.Sequence = seq
		if err := pub.Offer(ctx, &q); err != nil {
			fmt.Println(err)
			return
		}
	}
	for range 2 {
		got, err := sub.Take(ctx)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(got.Symbol, got.Venue, got.Sequence, got.Bid, got.Ask)
	}

	pub.Close()
	fmt.Println(pub.Offer(ctx, &q))
	// Output:
	// ZBZ6 XCME 1 11503 11504
	// ZBZ6 XCME 2 11503 11504
	// transport: closed
}

// TryOfferFunc makes one attempt to publish a message written by a
// flyweight encoder; the encoder runs only when the claim succeeds, so an
// event loop can retry later without encoding twice.
func ExamplePublisher_TryOfferFunc() {
	cl, ctx, stop, err := startClient()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer stop()
	sub, err := transport.AddSubscriber[market.Trade](ctx, cl, "aeron:ipc", 2046)
	if err != nil {
		fmt.Println(err)
		return
	}
	pub, err := transport.AddPublisher[market.Trade](ctx, cl, "aeron:ipc", 2046)
	if err != nil {
		fmt.Println(err)
		return
	}
	var enc market.TradeEncoder
	encode := func(buf []byte) error {
		if err := enc.WrapForEncode(buf); err != nil {
			return err
		}
		enc.SetSymbolString("GCZ6")
		enc.SetTradeID(77)
		enc.SetPrice(26500)
		enc.SetQuantity(2)
		return nil
	}

	idle := transport.NewBackoffIdleStrategy()
	for {
		err := pub.TryOfferFunc(market.TradeFrameLength, encode)
		if err == nil {
			break
		}
		if !errors.Is(err, transport.ErrNotConnected) && !errors.Is(err, transport.ErrBackPressured) &&
			!errors.Is(err, transport.ErrAdminAction) {
			fmt.Println(err)
			return
		}
		if ctx.Err() != nil {
			fmt.Println(ctx.Err())
			return
		}
		idle.Idle(0) // the loop's other work goes here
	}
	t, err := sub.Take(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(t.Symbol, t.TradeID, t.Price, t.Quantity)
	// Output: GCZ6 77 26500 2
}

// Take blocks for the next message, or until ctx ends.
func ExampleSubscriber_Take() {
	cl, ctx, stop, err := startClient()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer stop()
	sub, err := transport.AddSubscriber[market.Quote](ctx, cl, "aeron:ipc", 2047)
	if err != nil {
		fmt.Println(err)
		return
	}

	quiet, quietCancel := context.WithTimeout(ctx, 20*time.Millisecond)
	defer quietCancel()
	_, err = sub.Take(quiet)
	fmt.Println(err)

	pub, err := transport.AddPublisher[market.Quote](ctx, cl, "aeron:ipc", 2047)
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := pub.Offer(ctx, &market.Quote{Symbol: "ESZ6", Sequence: 1}); err != nil {
		fmt.Println(err)
		return
	}
	q, err := sub.Take(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(q.Symbol, q.Sequence)
	// Output:
	// context deadline exceeded
	// ESZ6 1
}

// TakeInto blocks for one message like Take, decoding it into a value the
// caller keeps: a loop of TakeInto into one value allocates nothing.
func ExampleSubscriber_TakeInto() {
	cl, ctx, stop, err := startClient()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer stop()
	sub, err := transport.AddSubscriber[market.Quote](ctx, cl, "aeron:ipc", 2051)
	if err != nil {
		fmt.Println(err)
		return
	}
	pub, err := transport.AddPublisher[market.Quote](ctx, cl, "aeron:ipc", 2051)
	if err != nil {
		fmt.Println(err)
		return
	}
	for i := 1; i <= 3; i++ {
		if err := pub.Offer(ctx, &market.Quote{Symbol: "ESZ6", Sequence: uint64(i), Bid: 100 + int64(i)}); err != nil {
			fmt.Println(err)
			return
		}
	}
	var q market.Quote // one value, overwritten by each TakeInto
	for i := 0; i < 3; i++ {
		if err := sub.TakeInto(ctx, &q); err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(q.Symbol, q.Sequence, q.Bid)
	}
	// Output:
	// ESZ6 1 101
	// ESZ6 2 102
	// ESZ6 3 103
}

// IsRejection tells the codec errors for which a subscriber rejects a frame
// and goes on (here a Trade frame read as a Quote) from a handler's own
// errors, which stop the poll.
func ExampleIsRejection() {
	frame, err := (&market.Trade{TradeID: 1}).MarshalBinary()
	if err != nil {
		fmt.Println(err)
		return
	}
	var d market.QuoteDecoder
	err = d.Wrap(frame)
	fmt.Println(transport.IsRejection(err), err)
	fmt.Println(transport.IsRejection(errors.New("order book out of sync")))
	// Output:
	// true sbe: unknown template id in Quote at offset 2: want template id 1, got 2
	// false
}

// WithExclusivePublication gives the Publisher an exclusive publication, for
// a stream published by one goroutine.
func ExampleWithExclusivePublication() {
	cl, ctx, stop, err := startClient()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer stop()
	sub, err := transport.AddSubscriber[market.Trade](ctx, cl, "aeron:ipc", 2048)
	if err != nil {
		fmt.Println(err)
		return
	}
	pub, err := transport.AddPublisher[market.Trade](ctx, cl, "aeron:ipc", 2048, transport.WithExclusivePublication())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("exclusive:", pub.Publication().IsExclusive())
	if err := pub.Offer(ctx, &market.Trade{Symbol: "SIZ6", TradeID: 3}); err != nil {
		fmt.Println(err)
		return
	}
	t, err := sub.Take(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(t.Symbol, t.TradeID)
	// Output:
	// exclusive: true
	// SIZ6 3
}

// WithIdleStrategy sets how a Publisher waits in Offer and a Subscriber in
// Take: here the publisher spins, for latency, and the subscriber sleeps
// between empty polls, to leave the CPU to others.
func ExampleWithIdleStrategy() {
	cl, ctx, stop, err := startClient()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer stop()
	sub, err := transport.AddSubscriber[market.Quote](ctx, cl, "aeron:ipc", 2049,
		transport.WithIdleStrategy(transport.SleepingIdleStrategy{Duration: 200 * time.Microsecond}))
	if err != nil {
		fmt.Println(err)
		return
	}
	pub, err := transport.AddPublisher[market.Quote](ctx, cl, "aeron:ipc", 2049,
		transport.WithIdleStrategy(transport.BusySpinIdleStrategy{}))
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := pub.Offer(ctx, &market.Quote{Symbol: "NGZ6", Sequence: 8}); err != nil {
		fmt.Println(err)
		return
	}
	q, err := sub.Take(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(q.Symbol, q.Sequence)
	// Output: NGZ6 8
}

// WithSubscriptionOptions passes subscription options, such as image
// handlers, through to the subscription of a typed subscriber.
func ExampleWithSubscriptionOptions() {
	cl, ctx, stop, err := startClient()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer stop()
	joined := make(chan transport.Image, 4)
	sub, err := transport.AddSubscriber[market.Quote](ctx, cl, "aeron:ipc", 2050,
		transport.WithSubscriptionOptions(
			transport.WithAvailableImageHandler(func(img transport.Image) { joined <- img })))
	if err != nil {
		fmt.Println(err)
		return
	}
	pub, err := transport.AddPublisher[market.Quote](ctx, cl, "aeron:ipc", 2050)
	if err != nil {
		fmt.Println(err)
		return
	}
	select {
	case img := <-joined:
		fmt.Println("publisher joined:", img.SessionID == pub.Publication().SessionID())
	case <-ctx.Done():
		fmt.Println(ctx.Err())
		return
	}
	if err := pub.Offer(ctx, &market.Quote{Symbol: "ESZ6", Sequence: 1}); err != nil {
		fmt.Println(err)
		return
	}
	q, err := sub.Take(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(q.Symbol, q.Sequence)
	// Output:
	// publisher joined: true
	// ESZ6 1
}

// ControlledPollValues lets the handler push back without losing anything:
// ActionAbort leaves the message in the stream, and the next poll delivers
// it again. Here a consumer takes at most two Trades a poll.
func ExampleSubscriber_ControlledPollValues() {
	cl, ctx, stop, err := startClient()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer stop()
	sub, _ := transport.AddSubscriber[market.Trade](ctx, cl, "aeron:ipc", 2052)
	pub, _ := transport.AddPublisher[market.Trade](ctx, cl, "aeron:ipc", 2052)
	for i := 1; i <= 3; i++ {
		_ = pub.Offer(ctx, &market.Trade{Symbol: "NQZ6", TradeID: uint64(i), Quantity: 1})
	}
	taken, received := 0, 0
	onTrade := func(t *market.Trade, h *transport.Header) transport.ControlledAction {
		if taken == 2 {
			return transport.ActionAbort
		}
		fmt.Println("trade", t.TradeID, "at position", h.Position())
		taken++
		received++
		return transport.ActionContinue
	}
	for poll := 1; received < 3 && ctx.Err() == nil; poll++ {
		taken = 0
		if _, err := sub.ControlledPollValues(onTrade, 10); err != nil {
			fmt.Println(err)
			return
		}
		if taken > 0 {
			fmt.Println("poll", poll, "took", taken)
		}
	}
	// Output:
	// trade 1 at position 96
	// trade 2 at position 192
	// poll 1 took 2
	// trade 3 at position 288
	// poll 2 took 1
}
