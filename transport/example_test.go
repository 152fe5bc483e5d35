package transport_test

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	"github.com/aerongo/aerongo/transport"
)

// Start a media driver in this process, connect, publish and receive one
// message over IPC.
func Example() {
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
	sub, err := cl.AddSubscription(ctx, "aeron:ipc", 1001)
	if err != nil {
		fmt.Println(err)
		return
	}
	pub, err := cl.AddPublication(ctx, "aeron:ipc", 1001)
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := pub.WaitConnected(ctx); err != nil {
		fmt.Println(err)
		return
	}
	if _, err := pub.OfferCtx(ctx, []byte("hello, aeron"), nil); err != nil {
		fmt.Println(err)
		return
	}
	received := false
	for !received && ctx.Err() == nil {
		_, _ = sub.Poll(func(msg []byte, h *transport.Header) {
			fmt.Printf("%s (stream %d)\n", msg, h.StreamID())
			received = true
		}, 10)
	}
	// Output: hello, aeron (stream 1001)
}

func ExampleStartEmbeddedDriver() {
	drv, err := transport.StartEmbeddedDriver(transport.DriverOptions{
		ThreadingMode:   transport.ThreadingShared,
		IPCTermLength:   8 << 20,
		SparseTermFiles: true,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(drv.Dir() != "")
	fmt.Println(drv.Close())
	// Output:
	// true
	// <nil>
}

func ExampleConnect_noDriver() {
	_, err := transport.Connect(transport.ClientOptions{Dir: "/nonexistent/aeron", DriverTimeout: 100 * time.Millisecond})
	fmt.Println(errors.Is(err, transport.ErrnoDriverTimeout))
	// Output: true
}

func ExamplePublication_TryClaim() {
	drv, _ := transport.StartEmbeddedDriver(transport.DriverOptions{ThreadingMode: transport.ThreadingShared})
	defer drv.Close()
	cl, _ := transport.Connect(transport.ClientOptions{Dir: drv.Dir()})
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	sub, _ := cl.AddSubscription(ctx, "aeron:ipc", 7)
	pub, _ := cl.AddExclusivePublication(ctx, "aeron:ipc", 7)
	_ = pub.WaitConnected(ctx)

	// Write the message in place in the log buffer, then commit it.
	claim, err := pub.TryClaimCtx(ctx, 5, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	copy(claim.Buffer(), "claim")
	claim.Commit()

	for n := 0; n == 0 && ctx.Err() == nil; {
		n, _ = sub.Poll(func(msg []byte, _ *transport.Header) { fmt.Println(string(msg)) }, 1)
	}
	// Output: claim
}

func ExamplePublication_TryReserve() {
	drv, _ := transport.StartEmbeddedDriver(transport.DriverOptions{ThreadingMode: transport.ThreadingShared})
	defer drv.Close()
	cl, _ := transport.Connect(transport.ClientOptions{Dir: drv.Dir()})
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	sub, _ := cl.AddSubscription(ctx, "aeron:ipc", 8)
	pub, _ := cl.AddExclusivePublication(ctx, "aeron:ipc", 8)
	_ = pub.WaitConnected(ctx)

	// Fill the reserved bytes with plain stores and commit at once: the
	// frame's header, its length and the publication's tail are written
	// together by Commit.
	var r transport.Reservation
	var err error
	for r, err = pub.TryReserve(8); err != nil; r, err = pub.TryReserve(8) {
		if ctx.Err() != nil {
			fmt.Println(err)
			return
		}
	}
	binary.LittleEndian.PutUint64(r.Buffer(), 42)
	r.Commit()

	for n := 0; n == 0 && ctx.Err() == nil; {
		n, _ = sub.Poll(func(msg []byte, _ *transport.Header) { fmt.Println(binary.LittleEndian.Uint64(msg)) }, 1)
	}
	// Output: 42
}

func ExampleSubscription_ControlledPoll() {
	drv, _ := transport.StartEmbeddedDriver(transport.DriverOptions{ThreadingMode: transport.ThreadingShared})
	defer drv.Close()
	cl, _ := transport.Connect(transport.ClientOptions{Dir: drv.Dir()})
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	sub, _ := cl.AddSubscription(ctx, "aeron:ipc", 8)
	pub, _ := cl.AddPublication(ctx, "aeron:ipc", 8)
	_ = pub.WaitConnected(ctx)
	for _, m := range []string{"one", "two", "three"} {
		_, _ = pub.OfferCtx(ctx, []byte(m), nil)
	}

	// Stop after "two"; "three" stays for the next poll.
	for done := false; !done && ctx.Err() == nil; {
		_, _ = sub.ControlledPoll(func(msg []byte, _ *transport.Header) transport.ControlledAction {
			fmt.Println(string(msg))
			if string(msg) == "two" {
				done = true
				return transport.ActionBreak
			}
			return transport.ActionContinue
		}, 10)
	}
	fmt.Println("--")
	for n := 0; n == 0 && ctx.Err() == nil; {
		n, _ = sub.ControlledPoll(func(msg []byte, _ *transport.Header) transport.ControlledAction {
			fmt.Println(string(msg))
			return transport.ActionContinue
		}, 10)
	}
	// Output:
	// one
	// two
	// --
	// three
}

func ExampleClient_Counters() {
	drv, _ := transport.StartEmbeddedDriver(transport.DriverOptions{ThreadingMode: transport.ThreadingShared})
	defer drv.Close()
	cl, _ := transport.Connect(transport.ClientOptions{Dir: drv.Dir()})
	defer cl.Close()
	c, err := cl.Counters().Get(transport.CounterIDAeronVersion)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c.Label[:len("Aeron software: version=1.51")])
	// Output: Aeron software: version=1.51
}

func ExampleUDPChannel() {
	fmt.Println(transport.UDPChannel("127.0.0.1:40123").With("term-length", "1m"))
	// Output: aeron:udp?endpoint=127.0.0.1:40123|term-length=1m
}

// A latency-sensitive setup: the client maps every log buffer with its pages
// populated, so no offer or poll pays the page fault of a page's first
// touch, and the stream's small terms keep those populated logs small.
func ExampleConnect_preTouch() {
	drv, err := transport.StartEmbeddedDriver(transport.DriverOptions{ThreadingMode: transport.ThreadingShared, SparseTermFiles: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer drv.Close()
	cl, err := transport.Connect(transport.ClientOptions{Dir: drv.Dir(), PreTouchMappedMemory: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer cl.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	const channel = "aeron:ipc?term-length=1m"
	sub, err := cl.AddSubscription(ctx, channel, 1002)
	if err != nil {
		fmt.Println(err)
		return
	}
	pub, err := cl.AddExclusivePublication(ctx, channel, 1002)
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := pub.WaitConnected(ctx); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("term length:", pub.TermBufferLength())
	if _, err := pub.OfferCtx(ctx, []byte("ping"), transport.BusySpinIdleStrategy{}); err != nil {
		fmt.Println(err)
		return
	}
	_, err = sub.PollCtx(ctx, func(msg []byte, _ *transport.Header) { fmt.Printf("%s\n", msg) }, 1, transport.BusySpinIdleStrategy{})
	if err != nil {
		fmt.Println(err)
	}
	// Output:
	// term length: 1048576
	// ping
}
