package market_test

import (
	"context"
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

// Publish Quote structs and receive them through a flyweight decoder that
// reads the log buffer in place.
func ExampleNewQuotePublisher() {
	cl, ctx, stop, err := startClient()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer stop()

	sub, err := market.NewQuoteSubscriber(ctx, cl, "aeron:ipc", 1001)
	if err != nil {
		fmt.Println(err)
		return
	}
	pub, err := market.NewQuotePublisher(ctx, cl, "aeron:ipc", 1001)
	if err != nil {
		fmt.Println(err)
		return
	}
	for i := 1; i <= 2; i++ {
		q := market.Quote{Symbol: "ESZ6", Venue: market.VenueXcme, Sequence: uint64(i), Bid: 51222500, Ask: 51225000 + int64(i)*25}
		if err := pub.Offer(ctx, &q); err != nil { // encodes into the log buffer
			fmt.Println(err)
			return
		}
	}
	received := 0
	onQuote := func(d *market.QuoteDecoder) { // d is valid only during the call
		fmt.Printf("%d %s %v %d/%d\n", d.Sequence(), d.Symbol(), d.Venue(), d.Bid(), d.Ask())
		received++
	}
	for received < 2 && ctx.Err() == nil {
		if _, err := sub.Poll(onQuote, 10); err != nil {
			fmt.Println(err)
			return
		}
	}
	// Output:
	// 1 ESZ6 XCME 51222500/51225025
	// 2 ESZ6 XCME 51222500/51225050
}

// Decoded values: Take blocks for one, All iterates.
func ExampleNewQuoteSubscriber() {
	cl, ctx, stop, err := startClient()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer stop()
	sub, _ := market.NewQuoteSubscriber(ctx, cl, "aeron:ipc", 1002)
	pub, _ := market.NewQuotePublisher(ctx, cl, "aeron:ipc", 1002)
	for i := 1; i <= 3; i++ {
		_ = pub.Offer(ctx, &market.Quote{Symbol: "NQZ6", Sequence: uint64(i)})
	}
	first, err := sub.Take(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("took", first.Symbol, first.Sequence)
	for q, err := range sub.All(ctx) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println("then", q.Sequence)
		if q.Sequence == 3 {
			break
		}
	}
	// Output:
	// took NQZ6 1
	// then 2
	// then 3
}

// OfferEncoder writes a message field by field into the claimed log buffer.
func ExampleBookSnapshotPublisher_OfferEncoder() {
	cl, ctx, stop, err := startClient()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer stop()
	sub, _ := market.NewBookSnapshotSubscriber(ctx, cl, "aeron:ipc", 1003)
	pub, _ := market.NewBookSnapshotPublisher(ctx, cl, "aeron:ipc", 1003)

	// The frame length: header and block, each group's header and entries,
	// the var data's length and bytes. (market.BookSnapshot's SBEEncodedLength
	// computes it for a struct value.)
	const source = "cme"
	n := 8 + 25 + (4 + 1*(16+4+1*16)) + (4 + 0) + (4 + len(source))
	err = pub.OfferEncoder(ctx, n, func(e *market.BookSnapshotEncoder) error {
		e.SetSymbolString("ESZ6")
		e.SetSequence(7)
		bids, err := e.BidsCount(1)
		if err != nil {
			return err
		}
		if err := bids.Next(); err != nil {
			return err
		}
		bids.SetPrice(51222500)
		bids.SetQuantity(12)
		orders, err := bids.OrdersCount(1)
		if err != nil {
			return err
		}
		if err := orders.Next(); err != nil {
			return err
		}
		orders.SetOrderID(99)
		orders.SetQuantity(12)
		if _, err := e.AsksCount(0); err != nil {
			return err
		}
		return e.SetSourceString(source)
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	b, err := sub.Take(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(b.Symbol, b.Sequence, b.Bids[0].Price, b.Bids[0].Orders[0].OrderID, len(b.Asks), b.Source)
	// Output: ESZ6 7 51222500 99 0 cme
}

// One stream, several message types: the generated Handlers receive each
// type through its decoder.
func ExampleNewMultiSubscriber() {
	cl, ctx, stop, err := startClient()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer stop()
	received := 0
	h := &market.Handlers{
		OnQuote: func(d *market.QuoteDecoder) error { fmt.Println("quote", d.Bid(), d.Ask()); received++; return nil },
		OnTrade: func(d *market.TradeDecoder) error {
			fmt.Println("trade", d.Price(), d.Aggressor())
			received++
			return nil
		},
	}
	sub, _ := market.NewMultiSubscriber(ctx, cl, "aeron:ipc", 1004, h)
	quotes, _ := market.NewQuotePublisher(ctx, cl, "aeron:ipc", 1004)
	trades, _ := market.NewTradePublisher(ctx, cl, "aeron:ipc", 1004)
	_ = quotes.Offer(ctx, &market.Quote{Bid: 100, Ask: 101})
	_ = trades.Offer(ctx, &market.Trade{Price: 101, Aggressor: market.SideBuy})
	for received < 2 && ctx.Err() == nil {
		if _, err := sub.Poll(10); err != nil {
			fmt.Println(err)
			return
		}
	}
	// Output:
	// quote 100 101
	// trade 101 Buy
}
