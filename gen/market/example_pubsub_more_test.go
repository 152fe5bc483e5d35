package market_test

import (
	"errors"
	"fmt"

	"github.com/aerongo/aerongo/gen/market"
	"github.com/aerongo/aerongo/transport"
)

// Offer publishes a Quote struct, encoded straight into the publication's
// log buffer; it retries while the publication is back-pressured or not yet
// connected, until ctx is done.
func ExampleQuotePublisher_Offer() {
	cl, ctx, stop, err := startClient()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer stop()

	sub, err := market.NewQuoteSubscriber(ctx, cl, "aeron:ipc", 2101)
	if err != nil {
		fmt.Println(err)
		return
	}
	pub, err := market.NewQuotePublisher(ctx, cl, "aeron:ipc", 2101)
	if err != nil {
		fmt.Println(err)
		return
	}
	q := market.Quote{Symbol: "ESZ6", Venue: market.VenueXcme, Sequence: 1, Bid: 51222500, BidSize: 12, Ask: 51225000, AskSize: 3}
	if err := pub.Offer(ctx, &q); err != nil {
		fmt.Println(err)
		return
	}
	got, err := sub.Take(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%+v\n", *got)
	// Output:
	// {Symbol:ESZ6 Venue:XCME Sequence:1 Timestamp:0 Bid:51222500 BidSize:12 Ask:51225000 AskSize:3}
}

// TryOffer makes one attempt and returns the refusal as it is, for an
// event loop that does other work until the stream takes the Quote: here
// there is no subscriber yet at first.
func ExampleQuotePublisher_TryOffer() {
	cl, ctx, stop, err := startClient()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer stop()

	pub, err := market.NewQuotePublisher(ctx, cl, "aeron:ipc", 2107)
	if err != nil {
		fmt.Println(err)
		return
	}
	q := market.Quote{Symbol: "ESZ6", Sequence: 1}
	err = pub.TryOffer(&q)
	fmt.Println("no subscriber:", errors.Is(err, transport.ErrNotConnected))

	sub, err := market.NewQuoteSubscriber(ctx, cl, "aeron:ipc", 2107)
	if err != nil {
		fmt.Println(err)
		return
	}
	for ctx.Err() == nil { // the event loop: other work goes between attempts
		err := pub.TryOffer(&q)
		if err == nil {
			break
		}
		if !errors.Is(err, transport.ErrNotConnected) && !errors.Is(err, transport.ErrBackPressured) &&
			!errors.Is(err, transport.ErrAdminAction) {
			fmt.Println(err)
			return
		}
	}
	got, err := sub.Take(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("took", got.Symbol, got.Sequence)
	// Output:
	// no subscriber: true
	// took ESZ6 1
}

// TryOfferEncoder is TryOffer at the flyweight level: fn writes the Quote
// through a QuoteEncoder over the claimed log buffer, and is not called at
// all while the stream refuses it.
func ExampleQuotePublisher_TryOfferEncoder() {
	cl, ctx, stop, err := startClient()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer stop()

	pub, err := market.NewQuotePublisher(ctx, cl, "aeron:ipc", 2108)
	if err != nil {
		fmt.Println(err)
		return
	}
	calls := 0
	write := func(e *market.QuoteEncoder) error {
		calls++
		e.SetSymbolString("NQZ6")
		e.SetSequence(7)
		return nil
	}
	err = pub.TryOfferEncoder(market.QuoteFrameLength, write)
	fmt.Println("no subscriber:", errors.Is(err, transport.ErrNotConnected), "calls:", calls)

	sub, err := market.NewQuoteSubscriber(ctx, cl, "aeron:ipc", 2108)
	if err != nil {
		fmt.Println(err)
		return
	}
	for ctx.Err() == nil {
		err := pub.TryOfferEncoder(market.QuoteFrameLength, write)
		if err == nil {
			break
		}
		if !errors.Is(err, transport.ErrNotConnected) && !errors.Is(err, transport.ErrBackPressured) &&
			!errors.Is(err, transport.ErrAdminAction) {
			fmt.Println(err)
			return
		}
	}
	got, err := sub.Take(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("took", got.Symbol, got.Sequence, "calls:", calls)
	// Output:
	// no subscriber: true calls: 0
	// took NQZ6 7 calls: 1
}

// Poll hands each message to fn through a QuoteDecoder that reads the log
// buffer in place: nothing is copied, and the decoder is valid only during
// the call.
func ExampleQuoteSubscriber_Poll() {
	cl, ctx, stop, err := startClient()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer stop()

	sub, err := market.NewQuoteSubscriber(ctx, cl, "aeron:ipc", 2102)
	if err != nil {
		fmt.Println(err)
		return
	}
	pub, err := market.NewQuotePublisher(ctx, cl, "aeron:ipc", 2102)
	if err != nil {
		fmt.Println(err)
		return
	}
	for i := 1; i <= 3; i++ {
		if err := pub.Offer(ctx, &market.Quote{Symbol: "NQZ6", Sequence: uint64(i), Bid: 2150000, Ask: 2150000 + int64(i)*25}); err != nil {
			fmt.Println(err)
			return
		}
	}
	received := 0
	onQuote := func(d *market.QuoteDecoder) {
		// d.Symbol() is a view into the log buffer: convert it to keep it.
		fmt.Printf("%d %s spread %d\n", d.Sequence(), d.Symbol(), d.Ask()-d.Bid())
		received++
	}
	for received < 3 && ctx.Err() == nil { // Poll does not block: bound the loop by ctx
		if _, err := sub.Poll(onQuote, 10); err != nil {
			fmt.Println(err)
			return
		}
	}
	if err := ctx.Err(); err != nil {
		fmt.Println(err)
		return
	}
	// Output:
	// 1 NQZ6 spread 25
	// 2 NQZ6 spread 50
	// 3 NQZ6 spread 75
}

// PollValues decodes each message into one Quote that the subscriber reuses:
// the value is overwritten by the next message, so copy what you keep.
func ExampleQuoteSubscriber_PollValues() {
	cl, ctx, stop, err := startClient()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer stop()

	sub, err := market.NewQuoteSubscriber(ctx, cl, "aeron:ipc", 2103)
	if err != nil {
		fmt.Println(err)
		return
	}
	pub, err := market.NewQuotePublisher(ctx, cl, "aeron:ipc", 2103)
	if err != nil {
		fmt.Println(err)
		return
	}
	for i, sym := range []string{"ESZ6", "NQZ6", "YMZ6"} {
		if err := pub.Offer(ctx, &market.Quote{Symbol: sym, Venue: market.VenueXcme, Sequence: uint64(i + 1)}); err != nil {
			fmt.Println(err)
			return
		}
	}
	var kept []market.Quote
	onQuote := func(q *market.Quote) {
		kept = append(kept, *q) // a copy: *q is reused for the next message
	}
	for len(kept) < 3 && ctx.Err() == nil { // PollValues does not block: bound the loop by ctx
		if _, err := sub.PollValues(onQuote, 10); err != nil {
			fmt.Println(err)
			return
		}
	}
	if err := ctx.Err(); err != nil {
		fmt.Println(err)
		return
	}
	for _, q := range kept {
		fmt.Println(q.Sequence, q.Symbol, q.Venue)
	}
	// Output:
	// 1 ESZ6 XCME
	// 2 NQZ6 XCME
	// 3 YMZ6 XCME
}

// PollWithHeader also hands the handler the message's transport.Header:
// which publisher (session) sent it and the stream position after it, what
// a consumer records to resume from or to tell publishers apart.
func ExampleQuoteSubscriber_PollWithHeader() {
	cl, ctx, stop, err := startClient()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer stop()

	sub, err := market.NewQuoteSubscriber(ctx, cl, "aeron:ipc", 2104)
	if err != nil {
		fmt.Println(err)
		return
	}
	pub, err := market.NewQuotePublisher(ctx, cl, "aeron:ipc", 2104)
	if err != nil {
		fmt.Println(err)
		return
	}
	for i := 1; i <= 3; i++ {
		if err := pub.Offer(ctx, &market.Quote{Symbol: "ESZ6", Sequence: uint64(i)}); err != nil {
			fmt.Println(err)
			return
		}
	}
	session := pub.Publication().SessionID()
	received := 0
	onQuote := func(d *market.QuoteDecoder, h *transport.Header) {
		// A 65-byte Quote takes a 128-byte frame (32-byte frame header, 32-byte alignment).
		fmt.Printf("%d from our publisher: %t, position %d\n", d.Sequence(), h.SessionID() == session, h.Position())
		received++
	}
	for received < 3 && ctx.Err() == nil { // PollWithHeader does not block: bound the loop by ctx
		if _, err := sub.PollWithHeader(onQuote, 10); err != nil {
			fmt.Println(err)
			return
		}
	}
	if err := ctx.Err(); err != nil {
		fmt.Println(err)
	}
	// Output:
	// 1 from our publisher: true, position 128
	// 2 from our publisher: true, position 256
	// 3 from our publisher: true, position 384
}

// PollValuesWithHeader is PollValues with the header: here the position
// after each Quote is kept with its copy.
func ExampleQuoteSubscriber_PollValuesWithHeader() {
	cl, ctx, stop, err := startClient()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer stop()

	sub, err := market.NewQuoteSubscriber(ctx, cl, "aeron:ipc", 2105)
	if err != nil {
		fmt.Println(err)
		return
	}
	pub, err := market.NewQuotePublisher(ctx, cl, "aeron:ipc", 2105)
	if err != nil {
		fmt.Println(err)
		return
	}
	for i, sym := range []string{"ESZ6", "NQZ6"} {
		if err := pub.Offer(ctx, &market.Quote{Symbol: sym, Sequence: uint64(i + 1)}); err != nil {
			fmt.Println(err)
			return
		}
	}
	type positioned struct {
		quote    market.Quote
		position int64
	}
	var kept []positioned
	onQuote := func(q *market.Quote, h *transport.Header) {
		kept = append(kept, positioned{*q, h.Position()})
	}
	for len(kept) < 2 && ctx.Err() == nil {
		if _, err := sub.PollValuesWithHeader(onQuote, 10); err != nil {
			fmt.Println(err)
			return
		}
	}
	if err := ctx.Err(); err != nil {
		fmt.Println(err)
		return
	}
	for _, k := range kept {
		fmt.Println(k.quote.Sequence, k.quote.Symbol, "up to", k.position)
	}
	// Output:
	// 1 ESZ6 up to 128
	// 2 NQZ6 up to 256
}

// ControlledPoll lets the handler push back: a consumer whose queue holds
// two Quotes aborts the third, which stays in the stream and comes first in
// the next poll, once the queue has been worked off. Nothing is lost or
// reordered.
func ExampleQuoteSubscriber_ControlledPoll() {
	cl, ctx, stop, err := startClient()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer stop()

	sub, err := market.NewQuoteSubscriber(ctx, cl, "aeron:ipc", 2106)
	if err != nil {
		fmt.Println(err)
		return
	}
	pub, err := market.NewQuotePublisher(ctx, cl, "aeron:ipc", 2106)
	if err != nil {
		fmt.Println(err)
		return
	}
	for i := 1; i <= 5; i++ {
		if err := pub.Offer(ctx, &market.Quote{Symbol: "ESZ6", Sequence: uint64(i)}); err != nil {
			fmt.Println(err)
			return
		}
	}
	queue := make([]uint64, 0, 2)
	onQuote := func(d *market.QuoteDecoder, h *transport.Header) transport.ControlledAction {
		if len(queue) == cap(queue) {
			return transport.ActionAbort // full: leave it in the stream for the next poll
		}
		queue = append(queue, d.Sequence())
		return transport.ActionContinue
	}
	for done := 0; done < 5 && ctx.Err() == nil; { // ControlledPoll does not block: bound the loop by ctx
		if _, err := sub.ControlledPoll(onQuote, 10); err != nil {
			fmt.Println(err)
			return
		}
		if len(queue) > 0 {
			fmt.Println("worked off", queue)
			done += len(queue)
			queue = queue[:0]
		}
	}
	if err := ctx.Err(); err != nil {
		fmt.Println(err)
	}
	// Output:
	// worked off [1 2]
	// worked off [3 4]
	// worked off [5]
}
