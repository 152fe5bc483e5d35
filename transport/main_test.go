package transport

import (
	"context"
	"fmt"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// sharedDriver is the embedded C media driver most tests use; tests that
// need their own driver (UDP between two drivers, version checks, manual
// main loop) start one.
var sharedDriver *Driver

// testDriverOptions keeps test drivers light on a small shared machine: one
// driver thread, sparse term files, short lingering.
func testDriverOptions() DriverOptions {
	return DriverOptions{
		ThreadingMode:            ThreadingShared,
		IdleStrategy:             "backoff",
		SparseTermFiles:          true,
		PublicationLingerTimeout: 100 * time.Millisecond,
		ImageLivenessTimeout:     500 * time.Millisecond,
	}
}

func TestMain(m *testing.M) {
	drv, err := StartEmbeddedDriver(testDriverOptions())
	if err != nil {
		fmt.Fprintln(os.Stderr, "start shared test driver:", err)
		os.Exit(1)
	}
	sharedDriver = drv
	code := m.Run()
	if err := drv.Close(); err != nil {
		fmt.Fprintln(os.Stderr, "close shared test driver:", err)
		code = 1
	}
	os.Exit(code)
}

var streamSeq atomic.Int32

// nextStreamID gives every test its own stream, so no two tests share a log.
func nextStreamID() int32 { return 1000 + streamSeq.Add(1) }

func testContext(t testing.TB, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

func connectTo(t testing.TB, dir string) *Client {
	cl, err := Connect(ClientOptions{Dir: dir, DriverTimeout: 5 * time.Second, ClientName: t.Name(),
		ErrorHandler: func(err error) { t.Logf("client error: %v", err) }})
	require.NoError(t, err)
	t.Cleanup(func() { _ = cl.Close() })
	return cl
}

func newTestClient(t testing.TB) *Client { return connectTo(t, sharedDriver.Dir()) }

// pubSub adds a subscription and a publication on channel and a fresh stream
// and waits until they are connected.
func pubSub(t testing.TB, cl *Client, channel string, exclusive bool) (*Publication, *Subscription) {
	ctx := testContext(t, 10*time.Second)
	stream := nextStreamID()
	sub, err := cl.AddSubscription(ctx, channel, stream)
	require.NoError(t, err)
	t.Cleanup(func() { _ = sub.Close() })
	var pub *Publication
	if exclusive {
		pub, err = cl.AddExclusivePublication(ctx, channel, stream)
	} else {
		pub, err = cl.AddPublication(ctx, channel, stream)
	}
	require.NoError(t, err)
	t.Cleanup(func() { _ = pub.Close() })
	require.NoError(t, pub.WaitConnected(ctx))
	require.NoError(t, sub.WaitConnected(ctx))
	return pub, sub
}

// pollUntil polls sub with fn until done reports true or the deadline passes.
func pollUntil(t testing.TB, sub *Subscription, fn FragmentHandler, done func() bool, timeout time.Duration) {
	deadline := time.Now().Add(timeout)
	idle := NewBackoffIdleStrategy()
	for !done() {
		n, err := sub.Poll(fn, 256)
		require.NoError(t, err)
		if time.Now().After(deadline) {
			t.Fatalf("poll: timed out after %v", timeout)
		}
		idle.Idle(n)
	}
}
