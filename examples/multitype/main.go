// Command multitype carries quotes, trades and order-book snapshots on one
// stream and receives them with the schema's generated dispatcher: one
// handler per message type, flyweight decoders, nothing allocated per
// message.
//
//	go run ./examples/multitype [-n 4]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/aerongo/aerongo/gen/market"
	"github.com/aerongo/aerongo/transport"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return // -h: the usage is printed
		}
		fmt.Fprintln(os.Stderr, "multitype:", err)
		os.Exit(1)
	}
}

const stream = 1002

func run(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("multitype", flag.ContinueOnError)
	n := fs.Int("n", 4, "rounds of one quote, one trade and one snapshot")
	if err := fs.Parse(args); err != nil {
		return err
	}
	drv, err := transport.StartEmbeddedDriver(transport.DriverOptions{ThreadingMode: transport.ThreadingShared, SparseTermFiles: true})
	if err != nil {
		return err
	}
	defer drv.Close()
	cl, err := transport.Connect(transport.ClientOptions{Dir: drv.Dir()})
	if err != nil {
		return err
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	// One handler per message type; each gets a decoder over the log buffer.
	received := 0
	h := &market.Handlers{
		OnQuote: func(d *market.QuoteDecoder) error {
			fmt.Fprintf(out, "quote    %s bid %d ask %d\n", d.Symbol(), d.Bid(), d.Ask())
			received++
			return nil
		},
		OnTrade: func(d *market.TradeDecoder) error {
			fmt.Fprintf(out, "trade    %s %d @ %d %v\n", d.Symbol(), d.Quantity(), d.Price(), d.Aggressor())
			received++
			return nil
		},
		OnBookSnapshot: func(d *market.BookSnapshotDecoder) error {
			fmt.Fprintf(out, "snapshot %s", d.Symbol())
			for lv := range d.Bids().All() {
				orders := 0
				for range lv.Orders().All() {
					orders++
				}
				fmt.Fprintf(out, " bid %d x %d (%d orders)", lv.Price(), lv.Quantity(), orders)
			}
			for lv := range d.Asks().All() {
				fmt.Fprintf(out, " ask %d x %d", lv.Price(), lv.Quantity())
			}
			fmt.Fprintf(out, " from %s\n", d.Source())
			received++
			return d.Err()
		},
	}
	sub, err := market.NewMultiSubscriber(ctx, cl, "aeron:ipc", stream, h,
		transport.WithRejectHandler(func(_ []byte, _ *transport.Header, err error) { fmt.Fprintln(out, "rejected:", err) }))
	if err != nil {
		return err
	}
	defer sub.Close()

	// Three typed publishers on the same stream.
	quotes, err := market.NewQuotePublisher(ctx, cl, "aeron:ipc", stream)
	if err != nil {
		return err
	}
	defer quotes.Close()
	trades, err := market.NewTradePublisher(ctx, cl, "aeron:ipc", stream)
	if err != nil {
		return err
	}
	defer trades.Close()
	books, err := market.NewBookSnapshotPublisher(ctx, cl, "aeron:ipc", stream)
	if err != nil {
		return err
	}
	defer books.Close()

	for i := 0; i < *n; i++ {
		px := int64(51225000 + 25*i)
		if err := quotes.Offer(ctx, &market.Quote{Symbol: "ESZ6", Venue: market.VenueXcme, Sequence: uint64(i), Bid: px - 25, Ask: px, BidSize: 4, AskSize: 2}); err != nil {
			return err
		}
		if err := trades.Offer(ctx, &market.Trade{Symbol: "ESZ6", Venue: market.VenueXcme, TradeID: uint64(i), Price: px, Quantity: 2, Aggressor: market.SideBuy}); err != nil {
			return err
		}
		book := market.BookSnapshot{Symbol: "ESZ6", Venue: market.VenueXcme, Sequence: uint64(i), Source: "demo",
			Bids: []market.BookSnapshotBids{{Price: px - 25, Quantity: 4, Orders: []market.BookSnapshotBidsOrders{{OrderID: 1, Quantity: 3}, {OrderID: 2, Quantity: 1}}}},
			Asks: []market.BookSnapshotAsks{{Price: px, Quantity: 2}}}
		if err := books.Offer(ctx, &book); err != nil {
			return err
		}
	}

	idle := transport.NewBackoffIdleStrategy()
	for received < 3**n {
		k, err := sub.Poll(10)
		if err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		idle.Idle(k)
	}
	fmt.Fprintf(out, "%d messages, %d rejected\n", received, sub.Rejections().Total())
	return nil
}
