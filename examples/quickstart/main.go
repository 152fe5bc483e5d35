// Command quickstart publishes and receives typed market-data quotes over
// IPC with a media driver embedded in the process: the smallest complete
// program of this module.
//
//	go run ./examples/quickstart [-n 5]
//
// The Quote type, its codec and its NewQuotePublisher/NewQuoteSubscriber
// are generated from schemas/market.xml into gen/market (go generate ./gen/...).
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
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

func run(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("quickstart", flag.ContinueOnError)
	n := fs.Int("n", 5, "quotes to publish")
	if err := fs.Parse(args); err != nil {
		return err
	}

	// A C media driver in this process, in a temporary directory.
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
	sub, err := market.NewQuoteSubscriber(ctx, cl, "aeron:ipc", 1001)
	if err != nil {
		return err
	}
	defer sub.Close()
	pub, err := market.NewQuotePublisher(ctx, cl, "aeron:ipc", 1001)
	if err != nil {
		return err
	}
	defer pub.Close()

	// Publish: each Quote is encoded straight into the log buffer.
	go func() {
		for i := 1; i <= *n; i++ {
			q := market.Quote{Symbol: "ESZ6", Venue: market.VenueXcme, Sequence: uint64(i),
				Timestamp: uint64(time.Now().UnixNano()), Bid: 51222500 + int64(i)*25, BidSize: 3, Ask: 51225000 + int64(i)*25, AskSize: 5}
			if err := pub.Offer(ctx, &q); err != nil {
				fmt.Fprintln(out, "offer:", err)
				return
			}
		}
	}()

	// Receive: a Go iterator over decoded quotes.
	for q, err := range sub.All(ctx) {
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "quote %d %s %v bid %d x %d ask %d x %d\n", q.Sequence, q.Symbol, q.Venue, q.Bid, q.BidSize, q.Ask, q.AskSize)
		if q.Sequence == uint64(*n) {
			break
		}
	}
	return nil
}
