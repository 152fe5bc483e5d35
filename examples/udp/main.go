// Command udp sends typed quotes between two processes over UDP, each with
// its own embedded media driver. Start the subscriber, then the publisher:
//
//	go run ./examples/udp -role sub -n 100000 &
//	go run ./examples/udp -role pub -n 100000
//
// Quotes go to the subscriber's endpoint (127.0.0.1:PORT); when it has them
// all, the subscriber answers on 127.0.0.1:PORT+1 with one Quote whose
// Sequence is the count it received, so the publisher exits only after its
// data arrived. Both print what they saw.
//
// -loss 0.05 makes the process's driver drop 5% of the data datagrams it
// receives (Aeron's loss interceptor): the quotes still all arrive, in
// order, repaired by NAKs and retransmissions, and the subscriber prints how
// many NAKs its driver sent.
//
//	go run ./examples/udp -role sub -n 100000 -loss 0.05 &
//	go run ./examples/udp -role pub -n 100000
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
		fmt.Fprintln(os.Stderr, "udp:", err)
		os.Exit(1)
	}
}

const (
	dataStream = 1006
	ackStream  = 1007
)

func run(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("udp", flag.ContinueOnError)
	role := fs.String("role", "", "pub or sub")
	n := fs.Int("n", 100000, "quotes to send")
	host := fs.String("host", "127.0.0.1", "subscriber's host")
	port := fs.Int("port", 40456, "subscriber's UDP port (the answer uses port+1 on the publisher's host)")
	pubHost := fs.String("pubhost", "127.0.0.1", "publisher's host, for the answer")
	timeout := fs.Duration("timeout", 60*time.Second, "give up after this long")
	loss := fs.Float64("loss", 0, "fraction of the data datagrams this process's driver drops on receipt (0 to 1)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *loss < 0 || *loss > 1 {
		return fmt.Errorf("-loss must be between 0 and 1, not %g", *loss)
	}
	if *loss > 0 {
		// Aeron's C driver reads these when its context is made and when its
		// first receive endpoint opens; the mask selects data frames.
		for k, v := range map[string]string{
			"AERON_UDP_CHANNEL_INCOMING_INTERCEPTORS":        "loss",
			"AERON_UDP_CHANNEL_TRANSPORT_BINDINGS_LOSS_ARGS": fmt.Sprintf("rate=%g|recv-msg-mask=0x2", *loss),
		} {
			if err := os.Setenv(k, v); err != nil {
				return err
			}
		}
	}
	data := fmt.Sprintf("aeron:udp?endpoint=%s:%d", *host, *port)
	ack := fmt.Sprintf("aeron:udp?endpoint=%s:%d", *pubHost, *port+1)

	drv, err := transport.StartEmbeddedDriver(transport.DriverOptions{ThreadingMode: transport.ThreadingShared, SparseTermFiles: true,
		// A publication whose subscriber went away (the other process
		// exited) is not connected after this long, instead of 5 s.
		PublicationConnectionTimeout: 500 * time.Millisecond})
	if err != nil {
		return err
	}
	defer drv.Close()
	cl, err := transport.Connect(transport.ClientOptions{Dir: drv.Dir()})
	if err != nil {
		return err
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()

	switch *role {
	case "pub":
		return publish(ctx, cl, data, ack, *n, out)
	case "sub":
		return subscribe(ctx, cl, data, ack, *n, out)
	}
	return fmt.Errorf("-role must be pub or sub, not %q", *role)
}

func publish(ctx context.Context, cl *transport.Client, data, ack string, n int, out io.Writer) error {
	answers, err := market.NewQuoteSubscriber(ctx, cl, ack, ackStream)
	if err != nil {
		return err
	}
	defer answers.Close()
	pub, err := market.NewQuotePublisher(ctx, cl, data, dataStream, transport.WithExclusivePublication())
	if err != nil {
		return err
	}
	defer pub.Close()
	// Offer waits (idling) until the subscriber is connected and whenever
	// it is behind.
	start := time.Now()
	q := market.Quote{Symbol: "ESZ6", Venue: market.VenueXcme, Bid: 51222500, Ask: 51225000, BidSize: 1, AskSize: 1}
	for i := 0; i < n; i++ {
		q.Sequence = uint64(i)
		q.Timestamp = uint64(time.Now().UnixNano())
		if err := pub.Offer(ctx, &q); err != nil {
			return fmt.Errorf("offer %d: %w", i, err)
		}
	}
	fmt.Fprintf(out, "pub: sent %d quotes to %s\n", n, data)
	got, err := answers.Take(ctx)
	if err != nil {
		return fmt.Errorf("waiting for the answer: %w", err)
	}
	fmt.Fprintf(out, "pub: subscriber received %d quotes in %v\n", got.Sequence, time.Since(start).Round(time.Millisecond))
	return nil
}

func subscribe(ctx context.Context, cl *transport.Client, data, ack string, n int, out io.Writer) error {
	sub, err := market.NewQuoteSubscriber(ctx, cl, data, dataStream)
	if err != nil {
		return err
	}
	defer sub.Close()
	fmt.Fprintf(out, "sub: listening on %s\n", data)
	received, gaps := 0, 0
	next := uint64(0)
	onQuote := func(d *market.QuoteDecoder) {
		if d.Sequence() != next {
			gaps++
		}
		next = d.Sequence() + 1
		received++
	}
	idle := transport.NewBackoffIdleStrategy()
	for received < n {
		k, err := sub.Poll(onQuote, 256)
		if err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("received %d of %d: %w", received, n, err)
		}
		idle.Idle(k)
	}
	fmt.Fprintf(out, "sub: received %d quotes, %d gaps, %d rejected\n", received, gaps, sub.Rejections().Total())
	for c := range cl.Counters().All() {
		if c.Label == "NAKs sent" && c.Value > 0 {
			fmt.Fprintf(out, "sub: the driver sent %d NAKs for lost datagrams\n", c.Value)
		}
	}

	answer, err := market.NewQuotePublisher(ctx, cl, ack, ackStream)
	if err != nil {
		return err
	}
	defer answer.Close()
	if err := answer.Offer(ctx, &market.Quote{Sequence: uint64(received)}); err != nil {
		return err
	}
	// Stay until the publisher has the answer and closes: the publication
	// then loses its subscriber.
	for answer.Publication().IsConnected() && ctx.Err() == nil {
		time.Sleep(10 * time.Millisecond)
	}
	if gaps > 0 {
		return fmt.Errorf("%d gaps in the sequence", gaps)
	}
	return nil
}
