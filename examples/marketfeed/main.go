// Command marketfeed is the demo of this module: a media driver embedded in
// the process, a typed market-data publisher and subscriber generated from
// schemas/market.xml, and a live line each second with the message rate,
// the throughput and the latency from publish to receive (p50/p99, from the
// timestamp each message carries), then a summary. It exits on its own.
//
//	go run ./examples/marketfeed                  # 5 s of Quotes (65 bytes) over IPC
//	go run ./examples/marketfeed -size 1000       # order-book snapshots of about 1 KB
//	go run ./examples/marketfeed -depth 10        # order-book snapshots, 10 levels a side
//	go run ./examples/marketfeed -size 1000000    # 1 MB snapshots, fragmented, over 8 MiB terms
//	go run ./examples/marketfeed -rate 0          # as fast as the subscriber keeps up
//	go run ./examples/marketfeed -channel 'aeron:udp?endpoint=127.0.0.1:40500'
//
// The publisher encodes each message straight into the log buffer; the
// subscriber reads it in place with a flyweight decoder; neither allocates
// per message.
//
// The client is connected with PreTouchMappedMemory and the default channel
// sets 1 MiB terms. The driver creates its term files sparse, so a page of
// a log is allocated and mapped on its first write; pre-touch maps each log
// with its pages populated, and small terms keep the populated logs small.
// With Aeron's default 64 MiB IPC terms and no pre-touch every page written
// in a 5-second run is a first write. On a 2-CPU machine the 1 MiB terms
// alone took the latency's p99 from 6.6 to 3.1 µs, and the unthrottled rate
// from 5.8 M to 6.6 M messages a second.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"sync/atomic"
	"time"

	"github.com/HdrHistogram/hdrhistogram-go"

	"github.com/aerongo/aerongo/gen/market"
	"github.com/aerongo/aerongo/transport"
)

func main() {
	// Publisher and subscriber spin (they never park, which would add the
	// wake-up time to the latency), and the media driver needs a core of
	// its own. With fewer than 4 CPUs there are not enough cores for the
	// three: the two goroutines then share one thread (the subscriber
	// yields to the publisher whenever a poll finds nothing) and leave the
	// other core to the driver. On 2 CPUs that takes the latency's p99 from
	// hundreds of microseconds, where the OS time-slices the threads, to a
	// few. A GOMAXPROCS set in the environment is kept.
	if os.Getenv("GOMAXPROCS") == "" && runtime.NumCPU() < 4 {
		runtime.GOMAXPROCS(1)
		fmt.Printf("marketfeed: %d CPUs: publisher and subscriber share one thread (GOMAXPROCS=1), the media driver has the rest\n", runtime.NumCPU())
	}
	if err := run(os.Args[1:], os.Stdout); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return // -h: the usage is printed
		}
		fmt.Fprintln(os.Stderr, "marketfeed:", err)
		os.Exit(1)
	}
}

const streamID = 1010

// defaultChannel is IPC with 1 MiB terms (see the package doc).
const defaultChannel = "aeron:ipc?term-length=1m"

// A BookSnapshot is snapshotBase bytes plus snapshotLevel a level: a bid
// and an ask level of 16 bytes, each with a 4-byte group header and 2
// orders of 16.
const (
	snapshotBase  = 55
	snapshotLevel = 104
)

// channelFor is defaultChannel, or IPC with the shortest term that carries
// messages of size bytes when 1 MiB terms do not: Aeron limits a message to
// an eighth of the term length (and 16 MiB), and term lengths are powers of
// two up to 1 GiB.
func channelFor(size int) string {
	term := 1 << 20
	for term/8 < size && term < 1<<30 {
		term <<= 1
	}
	if term == 1<<20 {
		return defaultChannel
	}
	return fmt.Sprintf("aeron:ipc?term-length=%dm", term>>20)
}

// feed is one typed stream: offer publishes message seq stamped ts; poll
// hands each received message's sequence, timestamp and size to on.
type feed struct {
	size  int
	offer func(ctx context.Context, seq uint64, ts int64) error
	poll  func(limit int) (int, error)
	// rejected counts frames the subscriber could not read.
	rejected func() uint64
	close    func()
}

// onMessage receives what poll read; set before polling.
type onMessage func(seq uint64, ts int64)

func quoteFeed(ctx context.Context, cl *transport.Client, channel string, on *onMessage) (*feed, error) {
	sub, err := market.NewQuoteSubscriber(ctx, cl, channel, streamID)
	if err != nil {
		return nil, err
	}
	pub, err := market.NewQuotePublisher(ctx, cl, channel, streamID, transport.WithExclusivePublication(),
		transport.WithIdleStrategy(transport.YieldingIdleStrategy{}))
	if err != nil {
		sub.Close()
		return nil, err
	}
	q := market.Quote{Symbol: "ESZ6", Venue: market.VenueXcme, Bid: 51222500, BidSize: 12, Ask: 51225000, AskSize: 9}
	handler := func(d *market.QuoteDecoder) { (*on)(d.Sequence(), int64(d.Timestamp())) }
	return &feed{
		size: q.SBEEncodedLength(),
		offer: func(ctx context.Context, seq uint64, ts int64) error {
			q.Sequence, q.Timestamp = seq, uint64(ts)
			q.Bid = 51222500 + int64(seq%8)*25
			q.Ask = q.Bid + 25
			return pub.Offer(ctx, &q)
		},
		poll:     func(limit int) (int, error) { return sub.Poll(handler, limit) },
		rejected: func() uint64 { return sub.Rejections().Total() },
		close:    func() { pub.Close(); sub.Close() },
	}, nil
}

func bookFeed(ctx context.Context, cl *transport.Client, channel string, depth int, on *onMessage) (*feed, error) {
	sub, err := market.NewBookSnapshotSubscriber(ctx, cl, channel, streamID)
	if err != nil {
		return nil, err
	}
	pub, err := market.NewBookSnapshotPublisher(ctx, cl, channel, streamID, transport.WithExclusivePublication(),
		transport.WithIdleStrategy(transport.YieldingIdleStrategy{}))
	if err != nil {
		sub.Close()
		return nil, err
	}
	b := market.BookSnapshot{Symbol: "ESZ6", Venue: market.VenueXcme, Source: "marketfeed",
		Bids: make([]market.BookSnapshotBids, depth), Asks: make([]market.BookSnapshotAsks, depth)}
	for l := range depth {
		b.Bids[l] = market.BookSnapshotBids{Price: 51222500 - int64(l)*25, Quantity: int64(10 + l),
			Orders: []market.BookSnapshotBidsOrders{{OrderID: uint64(2 * l), Quantity: 4}, {OrderID: uint64(2*l + 1), Quantity: int64(6 + l)}}}
		b.Asks[l] = market.BookSnapshotAsks{Price: 51225000 + int64(l)*25, Quantity: int64(8 + l),
			Orders: []market.BookSnapshotAsksOrders{{OrderID: uint64(2 * l), Quantity: 3}, {OrderID: uint64(2*l + 1), Quantity: int64(5 + l)}}}
	}
	handler := func(d *market.BookSnapshotDecoder) { (*on)(d.Sequence(), int64(d.Timestamp())) }
	return &feed{
		size: b.SBEEncodedLength(),
		offer: func(ctx context.Context, seq uint64, ts int64) error {
			b.Sequence, b.Timestamp = seq, uint64(ts)
			return pub.Offer(ctx, &b)
		},
		poll:     func(limit int) (int, error) { return sub.Poll(handler, limit) },
		rejected: func() uint64 { return sub.Rejections().Total() },
		close:    func() { pub.Close(); sub.Close() },
	}, nil
}

func run(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("marketfeed", flag.ContinueOnError)
	duration := fs.Duration("duration", 5*time.Second, "how long to publish")
	size := fs.Int("size", 65, "message size in bytes: 65 sends Quotes; more sends BookSnapshots deep enough to be at least this long")
	depth := fs.Int("depth", 0, "BookSnapshot levels a side (2 orders a level), instead of -size")
	rate := fs.Int("rate", 200_000, "messages per second to publish; 0: as fast as possible (latency then includes queueing)")
	channel := fs.String("channel", defaultChannel, "Aeron channel (1 MiB terms: see the package doc; longer when -size needs them)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *depth == 0 && *size > 65 {
		*depth = max(1, (*size-snapshotBase+snapshotLevel-1)/snapshotLevel)
	}
	channelSet := false
	fs.Visit(func(f *flag.Flag) { channelSet = channelSet || f.Name == "channel" })
	if *depth > 0 && !channelSet {
		*channel = channelFor(snapshotBase + *depth*snapshotLevel)
	}
	drv, err := transport.StartEmbeddedDriver(transport.DriverOptions{ThreadingMode: transport.ThreadingShared, SparseTermFiles: true})
	if err != nil {
		return err
	}
	defer drv.Close()
	cl, err := transport.Connect(transport.ClientOptions{Dir: drv.Dir(), PreTouchMappedMemory: true})
	if err != nil {
		return err
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), *duration+30*time.Second)
	defer cancel()

	var on onMessage
	var f *feed
	kind := "Quote"
	if *depth > 0 {
		kind = fmt.Sprintf("BookSnapshot (%d levels a side)", *depth)
		f, err = bookFeed(ctx, cl, *channel, *depth, &on)
	} else {
		f, err = quoteFeed(ctx, cl, *channel, &on)
	}
	if err != nil {
		return err
	}
	defer f.close()
	rateText := "unthrottled"
	if *rate > 0 {
		rateText = fmt.Sprintf("%d msg/s", *rate)
	}
	fmt.Fprintf(out, "marketfeed: %s, %d bytes a message, %s, %s, %v\n", kind, f.size, *channel, rateText, *duration)

	// Publisher: paced in small batches, stamped with the wall clock.
	var published atomic.Uint64
	pubDone := make(chan error, 1)
	go func() {
		start := time.Now()
		end := start.Add(*duration)
		var seq uint64
		for {
			now := time.Now()
			if now.After(end) {
				pubDone <- nil
				return
			}
			due := uint64(1 << 62)
			if *rate > 0 {
				due = uint64(now.Sub(start).Seconds() * float64(*rate))
			}
			if seq >= due {
				// Nothing due: let the subscriber run (a sleep would hand
				// the goroutine to the runtime's timers and threads).
				runtime.Gosched()
				continue
			}
			for i := 0; i < 256 && seq < due; i++ {
				if err := f.offer(ctx, seq, time.Now().UnixNano()); err != nil {
					pubDone <- err
					return
				}
				seq++
				published.Store(seq)
			}
			// After each batch, let the subscriber read (it matters when
			// the two share a thread).
			runtime.Gosched()
		}
	}()

	// Subscriber: flyweight poll on this goroutine; latency per message.
	second := hdrhistogram.New(1, int64(time.Minute), 3)
	total := hdrhistogram.New(1, int64(time.Minute), 3)
	var received, gaps, inSecond uint64
	var next uint64
	on = func(seq uint64, ts int64) {
		lat := time.Now().UnixNano() - ts
		if lat < 1 {
			lat = 1
		}
		_ = second.RecordValue(lat)
		_ = total.RecordValue(lat)
		if seq != next {
			gaps++
		}
		next = seq + 1
		received++
		inSecond++
	}
	us := func(v int64) float64 { return float64(v) / 1e3 }
	start := time.Now()
	tick := start.Add(time.Second)
	// Spin and yield when idle, never park: a parked subscriber adds its
	// park time (tens of microseconds with the OS timer) to the latency.
	// It keeps one core busy; WithIdleStrategy or a BackoffIdleStrategy
	// trades that for latency.
	idle := transport.YieldingIdleStrategy{}
	var pubErr error
	pubFinished := false
	for {
		n, err := f.poll(256)
		if err != nil {
			return err
		}
		if now := time.Now(); !now.Before(tick) {
			fmt.Fprintf(out, "%3.0fs %11.0f msg/s %8.1f MB/s   latency p50 %8.2f µs  p99 %9.2f µs\n",
				now.Sub(start).Seconds(), float64(inSecond), float64(inSecond)*float64(f.size)/1e6,
				us(second.ValueAtQuantile(50)), us(second.ValueAtQuantile(99)))
			second.Reset()
			inSecond = 0
			tick = tick.Add(time.Second)
		}
		if !pubFinished {
			select {
			case pubErr = <-pubDone:
				pubFinished = true
			default:
			}
		}
		if pubFinished && (pubErr != nil || received >= published.Load()) {
			break
		}
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("received %d of %d: %w", received, published.Load(), err)
		}
		idle.Idle(n)
	}
	if pubErr != nil {
		return pubErr
	}
	elapsed := time.Since(start)
	fmt.Fprintf(out, "summary: %d messages published, %d received, %d lost, %d out of order, %d rejected in %.1f s\n",
		published.Load(), received, published.Load()-received, gaps, f.rejected(), elapsed.Seconds())
	fmt.Fprintf(out, "summary: %.0f msg/s, %.1f MB/s; latency µs p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f\n",
		float64(received)/elapsed.Seconds(), float64(received)*float64(f.size)/elapsed.Seconds()/1e6,
		us(total.ValueAtQuantile(50)), us(total.ValueAtQuantile(90)), us(total.ValueAtQuantile(99)),
		us(total.ValueAtQuantile(99.9)), us(total.Max()))
	return nil
}
