package transport_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/aerongo/aerongo/transport"
)

// AddPublication adds a concurrent publication: any number of goroutines
// may offer on it at once.
func ExampleClient_AddPublication() {
	cl, ctx, stop, err := startClient()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer stop()

	sub, err := cl.AddSubscription(ctx, "aeron:ipc", 2001)
	if err != nil {
		fmt.Println(err)
		return
	}
	pub, err := cl.AddPublication(ctx, "aeron:ipc", 2001)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer pub.Close()
	fmt.Println("exclusive:", pub.IsExclusive())

	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := pub.OfferCtx(ctx, []byte("tick"), nil); err != nil {
				fmt.Println(err)
			}
		}()
	}
	wg.Wait()

	received := 0
	for received < 4 && ctx.Err() == nil {
		n, err := sub.Poll(func([]byte, *transport.Header) { received++ }, 10)
		if err != nil {
			fmt.Println(err)
			return
		}
		transport.YieldingIdleStrategy{}.Idle(n)
	}
	fmt.Println("received:", received)
	// Output:
	// exclusive: false
	// received: 4
}

// AddExclusivePublication adds a publication with a session of its own, for
// one offering goroutine at a time.
func ExampleClient_AddExclusivePublication() {
	cl, ctx, stop, err := startClient()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer stop()

	sub, err := cl.AddSubscription(ctx, "aeron:ipc", 2002)
	if err != nil {
		fmt.Println(err)
		return
	}
	first, err := cl.AddExclusivePublication(ctx, "aeron:ipc", 2002)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer first.Close()
	second, err := cl.AddExclusivePublication(ctx, "aeron:ipc", 2002)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer second.Close()
	fmt.Println("exclusive:", first.IsExclusive())
	fmt.Println("own sessions:", first.SessionID() != second.SessionID())

	if err := sub.WaitConnected(ctx); err != nil {
		fmt.Println(err)
		return
	}
	if _, err := first.OfferCtx(ctx, []byte("from an exclusive publication"), nil); err != nil {
		fmt.Println(err)
		return
	}
	if _, err := sub.PollCtx(ctx, func(msg []byte, _ *transport.Header) { fmt.Println(string(msg)) }, 1, nil); err != nil {
		fmt.Println(err)
	}
	// Output:
	// exclusive: true
	// own sessions: true
	// from an exclusive publication
}

// AddSubscription adds a subscription; it receives from every publication
// on its channel and stream, each one an image.
func ExampleClient_AddSubscription() {
	cl, ctx, stop, err := startClient()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer stop()

	sub, err := cl.AddSubscription(ctx, "aeron:ipc", 2003)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer sub.Close()
	fmt.Println(sub.Channel(), sub.StreamID(), sub.IsConnected())

	for _, text := range []string{"from a", "from b"} {
		pub, err := cl.AddExclusivePublication(ctx, "aeron:ipc", 2003)
		if err != nil {
			fmt.Println(err)
			return
		}
		defer pub.Close()
		if _, err := pub.OfferCtx(ctx, []byte(text), nil); err != nil {
			fmt.Println(err)
			return
		}
	}
	var got []string
	for len(got) < 2 && ctx.Err() == nil {
		_, err := sub.PollCtx(ctx, func(msg []byte, _ *transport.Header) { got = append(got, string(msg)) }, 10, nil)
		if err != nil {
			fmt.Println(err)
			return
		}
	}
	slices.Sort(got) // images are polled in turn: order across publications varies
	fmt.Println(got)
	// Output:
	// aeron:ipc 2003 false
	// [from a from b]
}

// ForEach visits the driver's counters in id order; here those of one
// stream: the publication's position and limit and the subscriber's
// position (labels carry session ids, so only their kinds are printed).
func ExampleCounters_ForEach() {
	cl, ctx, stop, err := startClient()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer stop()
	if _, err := cl.AddSubscription(ctx, "aeron:ipc", 2004); err != nil {
		fmt.Println(err)
		return
	}
	pub, err := cl.AddPublication(ctx, "aeron:ipc", 2004)
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := pub.WaitConnected(ctx); err != nil {
		fmt.Println(err)
		return
	}

	err = cl.Counters().ForEach(func(c transport.Counter) bool {
		if strings.Contains(c.Label, " 2004 aeron:ipc") {
			kind, _, _ := strings.Cut(c.Label, ":")
			fmt.Println(kind)
		}
		return true // false stops the walk
	})
	if err != nil {
		fmt.Println(err)
	}
	// Output:
	// pub-pos (concurrent)
	// pub-lmt
	// sub-pos
}

// All ranges over the counters; here the driver's system counters (type id
// 0) of errors, as a health check would read them.
func ExampleCounters_All() {
	cl, _, stop, err := startClient()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer stop()
	for c := range cl.Counters().All() {
		if c.TypeID == 0 && strings.HasPrefix(c.Label, "Error") {
			name, _, _ := strings.Cut(c.Label, ":") // "Errors: version=..."
			fmt.Println(name, c.Value)
		}
	}
	// Output:
	// Errors 0
	// Error Frames received 0
	// Error Frames sent 0
}

// Get reads one counter by id: its type, label and value. An id that names
// no allocated counter is an error.
func ExampleCounters_Get() {
	cl, _, stop, err := startClient()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer stop()
	c, err := cl.Counters().Get(transport.CounterIDErrors)
	if err != nil {
		fmt.Println(err)
		return
	}
	name, _, _ := strings.Cut(c.Label, ":")
	fmt.Println(c.ID, c.TypeID, name, c.Value)

	_, err = cl.Counters().Get(1 << 20)
	fmt.Println(err)
	// Output:
	// 15 0 Errors 0
	// transport: counter 1048576 is not allocated
}

// Value reads a counter's value alone: here the subscriber position counter
// of an image (Image.SubscriberPositionID), to see how far the subscriber
// lags behind the publication.
func ExampleCounters_Value() {
	cl, ctx, stop, err := startClient()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer stop()
	images := make(chan transport.Image, 1)
	sub, err := cl.AddSubscription(ctx, "aeron:ipc", 2005,
		transport.WithAvailableImageHandler(func(img transport.Image) { images <- img }))
	if err != nil {
		fmt.Println(err)
		return
	}
	pub, err := cl.AddExclusivePublication(ctx, "aeron:ipc", 2005)
	if err != nil {
		fmt.Println(err)
		return
	}
	var img transport.Image
	select {
	case img = <-images:
	case <-ctx.Done():
		fmt.Println(ctx.Err())
		return
	}
	printLag := func(when string) {
		published, err := pub.Position()
		if err != nil {
			fmt.Println(err)
			return
		}
		consumed, err := cl.Counters().Value(img.SubscriberPositionID)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println("lag", when+":", published-consumed)
	}

	for range 3 {
		if _, err := pub.OfferCtx(ctx, []byte("hello"), nil); err != nil {
			fmt.Println(err)
			return
		}
	}
	printLag("before poll") // 3 frames of 32+5 bytes, each aligned to 64
	for received := 0; received < 3 && ctx.Err() == nil; {
		n, err := sub.PollCtx(ctx, func([]byte, *transport.Header) {}, 10, nil)
		if err != nil {
			fmt.Println(err)
			return
		}
		received += n
	}
	printLag("after poll")
	// Output:
	// lag before poll: 192
	// lag after poll: 0
}

// ReadDriverErrors reads the media driver's error log, which a tool can read
// beside a running driver or after it stopped; here the driver refused a
// publication with an invalid MTU.
func ExampleReadDriverErrors() {
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
	_, err = cl.AddPublication(ctx, "aeron:udp?endpoint=127.0.0.1:40123|mtu=7", 2006)
	fmt.Println("refused:", err != nil)

	// The driver logs an error just after it answers the client.
	for ctx.Err() == nil {
		errs, err := transport.ReadDriverErrors(drv.Dir(), time.Second)
		if err != nil {
			fmt.Println(err)
			return
		}
		if len(errs) > 0 {
			for _, e := range errs {
				// Message is Aeron's error stack, the error on its first line.
				first, _, _ := strings.Cut(e.Message, "\n")
				fmt.Println(e.Count, first, strings.Contains(e.Message, "mtuLength=7"))
			}
			return
		}
		time.Sleep(time.Millisecond)
	}
	fmt.Println(ctx.Err())
	// Output:
	// refused: true
	// 1 (22) Invalid argument true
}

// Errors reads the error log of a driver running in this process, here
// after it refused a publication with a term length that is not a power of
// two.
func ExampleDriver_Errors() {
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
	_, err = cl.AddPublication(ctx, "aeron:ipc?term-length=1000000", 2011)
	fmt.Println("refused:", err != nil)

	// The driver logs an error just after it answers the client.
	for ctx.Err() == nil {
		errs, err := drv.Errors()
		if err != nil {
			fmt.Println(err)
			return
		}
		if len(errs) > 0 {
			fmt.Println(len(errs), strings.Contains(errs[0].Message, "1000000"))
			return
		}
		time.Sleep(time.Millisecond)
	}
	fmt.Println(ctx.Err())
	// Output:
	// refused: true
	// 1 true
}

// ParseChannelURI splits a channel URI into its prefix, media and
// parameters; a malformed URI is an error.
func ExampleParseChannelURI() {
	u, err := transport.ParseChannelURI("aeron-spy:aeron:udp?endpoint=127.0.0.1:40123|term-length=1m")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(u.Prefix, u.Media)
	fmt.Println(u)

	_, err = transport.ParseChannelURI("aeron:tcp?endpoint=127.0.0.1:40123")
	fmt.Println(err)
	// Output:
	// aeron-spy udp
	// aeron-spy:aeron:udp?endpoint=127.0.0.1:40123|term-length=1m
	// transport: channel "aeron:tcp?endpoint=127.0.0.1:40123": media "tcp" is neither ipc nor udp
}

// Get reads one parameter of a URI and reports whether it is set.
func ExampleChannelURI_Get() {
	u, err := transport.ParseChannelURI("aeron:udp?endpoint=127.0.0.1:40123|mtu=8k")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(u.Get("mtu"))
	fmt.Println(u.Get("term-length"))
	// Output:
	// 8k true
	//  false
}

// With sets a parameter on a copy: an existing one is replaced in place, a
// new one appended.
func ExampleChannelURI_With() {
	base := transport.UDPChannel("127.0.0.1:40123").With("mtu", "1408")
	tuned := base.With("mtu", "8k").With("term-length", "4m")
	fmt.Println(base)
	fmt.Println(tuned)
	// Output:
	// aeron:udp?endpoint=127.0.0.1:40123|mtu=1408
	// aeron:udp?endpoint=127.0.0.1:40123|mtu=8k|term-length=4m
}

// Without removes a parameter from a copy of the URI.
func ExampleChannelURI_Without() {
	u, err := transport.ParseChannelURI("aeron:ipc?term-length=64k|alias=quotes")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(u.Without("alias"))
	fmt.Println(u.Without("alias").Without("term-length"))
	// Output:
	// aeron:ipc?term-length=64k
	// aeron:ipc
}

// IPCChannel builds an IPC channel URI with parameters, here a small term
// length for a low-volume stream.
func ExampleIPCChannel() {
	cl, ctx, stop, err := startClient()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer stop()

	channel := transport.IPCChannel().With("term-length", "64k").String()
	fmt.Println(channel)
	pub, err := cl.AddPublication(ctx, channel, 2007)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer pub.Close()
	fmt.Println("term length:", pub.TermBufferLength())
	// Output:
	// aeron:ipc?term-length=64k
	// term length: 65536
}

// A duty-cycle loop polls, then passes the work it did to its idle
// strategy: a positive count resets the strategy, zero idles one step. The
// same loop runs here with each of the four strategies.
func ExampleIdleStrategy() {
	cl, ctx, stop, err := startClient()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer stop()
	sub, err := cl.AddSubscription(ctx, "aeron:ipc", 2008)
	if err != nil {
		fmt.Println(err)
		return
	}
	pub, err := cl.AddPublication(ctx, "aeron:ipc", 2008)
	if err != nil {
		fmt.Println(err)
		return
	}

	strategies := []transport.IdleStrategy{
		transport.BusySpinIdleStrategy{},                                 // lowest latency, one core busy
		transport.YieldingIdleStrategy{},                                 // gives way to other goroutines
		transport.SleepingIdleStrategy{Duration: 100 * time.Microsecond}, // low CPU use
		transport.NewBackoffIdleStrategy(),                               // spin, yield, then sleep
	}
	for _, idle := range strategies {
		if _, err := pub.OfferCtx(ctx, []byte("work"), nil); err != nil {
			fmt.Println(err)
			return
		}
		done := false
		for !done && ctx.Err() == nil {
			workCount, err := sub.Poll(func(msg []byte, _ *transport.Header) {
				fmt.Printf("%T: %s\n", idle, msg)
				done = true
			}, 10)
			if err != nil {
				fmt.Println(err)
				return
			}
			// Other work of the loop adds to workCount here.
			idle.Idle(workCount)
		}
	}
	// Output:
	// transport.BusySpinIdleStrategy: work
	// transport.YieldingIdleStrategy: work
	// transport.SleepingIdleStrategy: work
	// *transport.BackoffIdleStrategy: work
}

// NewBackoffIdleStrategy has Aeron's defaults; a strategy with other bounds
// is a struct literal. Here it paces a wait for a subscriber.
func ExampleNewBackoffIdleStrategy() {
	idle := transport.NewBackoffIdleStrategy()
	fmt.Println(idle.MaxSpins, idle.MaxYields, idle.MinPark, idle.MaxPark)
	gentle := &transport.BackoffIdleStrategy{MaxSpins: 1, MaxYields: 1, MinPark: 50 * time.Microsecond, MaxPark: 10 * time.Millisecond}

	cl, ctx, stop, err := startClient()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer stop()
	pub, err := cl.AddPublication(ctx, "aeron:ipc", 2009)
	if err != nil {
		fmt.Println(err)
		return
	}
	if _, err := cl.AddSubscription(ctx, "aeron:ipc", 2009); err != nil {
		fmt.Println(err)
		return
	}
	for !pub.IsConnected() && ctx.Err() == nil {
		gentle.Idle(0)
	}
	gentle.Reset()
	fmt.Println("connected:", pub.IsConnected())
	// Output:
	// 10 20 1µs 1ms
	// connected: true
}

// With DriverOptions.ManualMainLoop the driver has no threads of its own:
// the application runs its duty cycle, DoWork then Idle with the work
// done, here on a goroutine of its own.
func ExampleDriver_Idle() {
	drv, err := transport.StartEmbeddedDriver(transport.DriverOptions{ManualMainLoop: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	loopCtx, stopLoop := context.WithCancel(context.Background())
	loopDone := make(chan struct{})
	go func() {
		defer close(loopDone)
		for loopCtx.Err() == nil {
			drv.Idle(drv.DoWork())
		}
	}()
	defer func() {
		stopLoop()
		<-loopDone
		drv.Close()
	}()

	cl, err := transport.Connect(transport.ClientOptions{Dir: drv.Dir()})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	sub, err := cl.AddSubscription(ctx, "aeron:ipc?term-length=64k", 2010)
	if err != nil {
		fmt.Println(err)
		return
	}
	pub, err := cl.AddPublication(ctx, "aeron:ipc?term-length=64k", 2010)
	if err != nil {
		fmt.Println(err)
		return
	}
	if _, err := pub.OfferCtx(ctx, []byte("driven by the caller"), nil); err != nil {
		fmt.Println(err)
		return
	}
	if _, err := sub.PollCtx(ctx, func(msg []byte, _ *transport.Header) { fmt.Println(string(msg)) }, 1, nil); err != nil {
		fmt.Println(err)
	}
	// Output: driven by the caller
}
