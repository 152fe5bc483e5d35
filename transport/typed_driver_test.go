package transport_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aerongo/aerongo/gen/market"
	"github.com/aerongo/aerongo/transport"
)

// TestTypedStreamsReportASilentDriver stops a driver's duty cycle without
// closing it, as a hung or killed driver process looks to its clients.
// Calls that wait with a context that never ends (Take, Run, All, PollCtx,
// Offer, WaitConnected) must return within the client's driver timeout and
// a margin, with ErrClientTerminated (which matches ErrClosed too), instead
// of waiting for messages that can no longer come or for room that will
// never be made.
func TestTypedStreamsReportASilentDriver(t *testing.T) {
	drv, silence := transport.StartManualTestDriver(t, transport.DriverOptions{ThreadingMode: transport.ThreadingShared,
		IdleStrategy: "backoff", SparseTermFiles: true, Dir: t.TempDir() + "/aeron"})

	const driverTimeout = time.Second
	reported := make(chan error, 1)
	cl, err := transport.Connect(transport.ClientOptions{Dir: drv.Dir(), DriverTimeout: driverTimeout,
		ErrorHandler: func(err error) {
			select {
			case reported <- err:
			default:
			}
		}})
	require.NoError(t, err)
	defer cl.Close()

	ctx := typedCtx(t, 10*time.Second)
	const channel = "aeron:ipc?term-length=64k"
	sub, err := market.NewQuoteSubscriber(ctx, cl, channel, 1)
	require.NoError(t, err)
	pub, err := market.NewQuotePublisher(ctx, cl, channel, 1)
	require.NoError(t, err)
	waitConnected(t, ctx, pub.Publication(), sub.Subscription())

	// The stream works: one Quote taken.
	var q market.Quote
	quote(1, &q)
	require.NoError(t, pub.Offer(ctx, &q))
	got, err := sub.Take(ctx)
	require.NoError(t, err)
	assert.Equal(t, q, *got)

	// One subscriber per waiting call (a subscriber is polled by one
	// goroutine at a time), joining after that Quote. A late IPC subscriber
	// joins where the driver last saw the stream's subscribers, which may
	// be before that Quote, so a call that returns on a message is called
	// again until it fails; nothing more comes.
	iterSub, err := market.NewQuoteSubscriber(ctx, cl, channel, 1)
	require.NoError(t, err)
	multiRaw, err := cl.AddSubscription(ctx, channel, 1)
	require.NoError(t, err)
	multi := transport.NewMultiSubscriber(multiRaw, func([]byte) error { return nil })
	rawSub, err := cl.AddSubscription(ctx, channel, 1)
	require.NoError(t, err)
	require.NoError(t, iterSub.Subscription().WaitConnected(ctx))
	require.NoError(t, multiRaw.WaitConnected(ctx))
	require.NoError(t, rawSub.WaitConnected(ctx))
	// A second stream for the offering call, its subscriber never polled.
	offerPub, err := market.NewQuotePublisher(ctx, cl, channel, 2)
	require.NoError(t, err)
	stalled, err := cl.AddSubscription(ctx, channel, 2)
	require.NoError(t, err)
	waitConnected(t, ctx, offerPub.Publication(), stalled)
	// A publication and a subscription waiting for a peer that never comes.
	lonePub, err := cl.AddPublication(ctx, channel, 3)
	require.NoError(t, err)
	loneSub, err := cl.AddSubscription(ctx, channel, 4)
	require.NoError(t, err)

	// Everything below waits on a context that never ends.
	never := context.Background()
	type outcome struct {
		call string
		err  error
		took time.Duration
	}
	outcomes := make(chan outcome, 7)
	var start time.Time
	var started sync.WaitGroup
	started.Add(1)
	run := func(call string, f func() error) {
		go func() {
			started.Wait()
			err := f()
			outcomes <- outcome{call, err, time.Since(start)}
		}()
	}
	run("Take", func() error { _, err := sub.Take(never); return err })
	run("MultiSubscriber.Run", func() error { return multi.Run(never) })
	run("Subscription.PollCtx", func() error {
		for {
			if _, err := rawSub.PollCtx(never, func([]byte, *transport.Header) {}, 10, nil); err != nil {
				return err
			}
		}
	})
	run("All", func() error {
		for _, err := range iterSub.All(never) {
			if err != nil {
				return err
			}
		}
		return errors.New("All ended without an error")
	})
	run("Offer", func() error {
		// Offers until one fails: the publication's window is far larger
		// than what gets offered before the client gives up.
		for i := 0; ; i++ {
			quote(i, &q)
			if err := offerPub.Offer(never, &q); err != nil {
				return err
			}
			time.Sleep(time.Millisecond)
		}
	})

	run("Publication.WaitConnected", func() error { return lonePub.WaitConnected(never) })
	run("Subscription.WaitConnected", func() error { return loneSub.WaitConnected(never) })

	// The driver goes silent.
	silence()
	start = time.Now()
	started.Done()

	limit := driverTimeout + 4*time.Second
	select {
	case err := <-reported:
		assert.ErrorIs(t, err, transport.ErrnoDriverTimeout, "the client reports the driver's silence: %v", err)
	case <-time.After(limit):
		t.Fatal("no driver timeout reported")
	}
	deadline := time.After(limit)
	for range 7 {
		select {
		case o := <-outcomes:
			t.Logf("%s returned after %v: %v", o.call, o.took.Round(time.Millisecond), o.err)
			assert.Less(t, o.took, limit, o.call)
			assert.ErrorIs(t, o.err, transport.ErrClientTerminated, o.call)
			assert.ErrorIs(t, o.err, transport.ErrClosed, o.call)
		case <-deadline:
			t.Fatalf("still waiting %v after the driver went silent", limit)
		}
	}

	// What the README advises: close the client and connect again. A new
	// driver (the old one stays silent) and a new client in this process
	// carry a typed stream again.
	require.NoError(t, cl.Close())
	drv2, err := transport.StartEmbeddedDriver(transport.DriverOptions{ThreadingMode: transport.ThreadingShared,
		SparseTermFiles: true, Dir: t.TempDir() + "/aeron-again"})
	require.NoError(t, err)
	defer drv2.Close()
	cl2 := dirClient(t, drv2.Dir())
	pub2, sub2 := quoteStream(t, cl2, channel)
	quote(2, &q)
	require.NoError(t, pub2.Offer(ctx, &q))
	got, err = sub2.Take(ctx)
	require.NoError(t, err)
	assert.Equal(t, q, *got)
}

// TestTypedCloseReleasesWaitingCalls closes what a call waits on from
// another goroutine, as Close allows, while Take, All, Run and Offer wait
// with a context that never ends: each returns ErrClosed at once. First
// each subscriber's own Close, then the client's Close for a publisher
// back pressured by a subscriber that is never polled.
func TestTypedCloseReleasesWaitingCalls(t *testing.T) {
	cl := typedClient(t)
	ctx := typedCtx(t, 20*time.Second)
	stream := typedStream()
	const channel = "aeron:ipc?term-length=64k"
	take, err := market.NewQuoteSubscriber(ctx, cl, channel, stream)
	require.NoError(t, err)
	iter, err := market.NewQuoteSubscriber(ctx, cl, channel, stream)
	require.NoError(t, err)
	multi, err := market.NewMultiSubscriber(ctx, cl, channel, stream, &market.Handlers{})
	require.NoError(t, err)
	pub, err := market.NewQuotePublisher(ctx, cl, channel, stream)
	require.NoError(t, err)
	waitConnected(t, ctx, pub.Publication(), take.Subscription())

	never := context.Background()
	type outcome struct {
		call string
		err  error
	}
	outcomes := make(chan outcome, 4)
	go func() { _, err := take.Take(never); outcomes <- outcome{"Take", err} }()
	go func() {
		for _, err := range iter.All(never) {
			if err != nil {
				outcomes <- outcome{"All", err}
				return
			}
		}
	}()
	go func() { outcomes <- outcome{"MultiSubscriber.Run", multi.Run(never)} }()
	time.Sleep(100 * time.Millisecond) // let them wait
	for _, c := range []interface{ Close() error }{take, iter, multi} {
		require.NoError(t, c.Close())
	}
	for range 3 {
		select {
		case o := <-outcomes:
			assert.ErrorIs(t, o.err, transport.ErrClosed, o.call)
			assert.NotErrorIs(t, o.err, transport.ErrClientTerminated, o.call)
		case <-time.After(5 * time.Second):
			t.Fatal("a call still waits after its subscriber closed")
		}
	}

	// Only the never-polled subscription is left: the publisher fills its
	// window and waits in Offer until the client closes.
	stalled, err := cl.AddSubscription(ctx, channel, stream)
	require.NoError(t, err)
	require.NoError(t, stalled.WaitConnected(ctx))
	go func() {
		var q market.Quote
		for i := 0; ; i++ {
			quote(i, &q)
			if err := pub.Offer(never, &q); err != nil {
				outcomes <- outcome{"Offer", err}
				return
			}
		}
	}()
	require.Eventually(t, func() bool {
		pos, err := pub.Publication().Position()
		return err == nil && pos >= 32*1024
	}, 5*time.Second, time.Millisecond, "the publisher fills its window")
	time.Sleep(50 * time.Millisecond)
	require.NoError(t, cl.Close())
	select {
	case o := <-outcomes:
		assert.ErrorIs(t, o.err, transport.ErrClosed, o.call)
	case <-time.After(5 * time.Second):
		t.Fatal("Offer still waits after the client closed")
	}
}
