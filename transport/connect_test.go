package transport

import (
	"context"
	"errors"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aerongo/aerongo/transport/internal/aeronc"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestConnectWithoutDriverFailsWithinTimeout(t *testing.T) {
	dir := t.TempDir()
	start := time.Now()
	cl, err := Connect(ClientOptions{Dir: dir, DriverTimeout: 300 * time.Millisecond})
	elapsed := time.Since(start)
	require.Error(t, err)
	assert.Nil(t, cl)
	assert.Less(t, elapsed, 3*time.Second)
	assert.ErrorIs(t, err, ErrnoDriverTimeout)
	var aerr *Error
	require.ErrorAs(t, err, &aerr)
	assert.Equal(t, ErrnoDriverTimeout, aerr.Code)
	assert.Contains(t, err.Error(), dir)
	assert.Contains(t, err.Error(), "CnC file not created")
}

func TestConnectToStoppedDriverFailsWithinTimeout(t *testing.T) {
	// A directory whose CnC file was left by a driver that stopped: the
	// client sees no heartbeat and gives up at the timeout.
	opts := testDriverOptions()
	opts.Dir = t.TempDir() + "/aeron"
	drv, err := StartEmbeddedDriver(opts)
	require.NoError(t, err)
	require.NoError(t, drv.Close())
	_, statErr := os.Stat(opts.Dir + "/cnc.dat")
	if statErr != nil {
		t.Skip("the driver removed its CnC file on close; nothing stale to connect to")
	}
	start := time.Now()
	_, err = Connect(ClientOptions{Dir: opts.Dir, DriverTimeout: 300 * time.Millisecond})
	require.Error(t, err)
	assert.Less(t, time.Since(start), 5*time.Second)
}

func TestDriverVersionMismatchFailsAtConnect(t *testing.T) {
	drv, err := StartEmbeddedDriver(testDriverOptions())
	require.NoError(t, err)
	defer drv.Close()

	cl := connectTo(t, drv.Dir())
	major, minor, patch, ok := driverVersion(cl.c.Counters())
	require.True(t, ok)
	lmaj, lmin, lpatch := aeronc.LinkedVersion()
	assert.Equal(t, []int{lmaj, lmin, lpatch}, []int{major, minor, patch})
	assert.Equal(t, []int{1, 51}, []int{major, minor})

	// Make the driver report another version, as a driver of another Aeron
	// release would, and connect again.
	addr := cl.c.Counters().Addr(CounterIDAeronVersion)
	require.NotNil(t, addr)
	orig := atomic.LoadInt64(addr)
	atomic.StoreInt64(addr, 1<<16|44<<8|2) // 1.44.2
	defer atomic.StoreInt64(addr, orig)

	other, err := Connect(ClientOptions{Dir: drv.Dir(), DriverTimeout: 2 * time.Second})
	require.Error(t, err)
	assert.Nil(t, other)
	assert.ErrorIs(t, err, ErrVersionMismatch)
	assert.Contains(t, err.Error(), "driver is Aeron 1.44.2")
	assert.Contains(t, err.Error(), "client is Aeron 1.51.")

	// Without the value, the version comes from the counter's label.
	atomic.StoreInt64(addr, 0)
	major, minor, patch, ok = driverVersion(cl.c.Counters())
	require.True(t, ok)
	assert.Equal(t, []int{lmaj, lmin, lpatch}, []int{major, minor, patch})

	atomic.StoreInt64(addr, orig)
	again, err := Connect(ClientOptions{Dir: drv.Dir(), DriverTimeout: 2 * time.Second})
	require.NoError(t, err)
	require.NoError(t, again.Close())
}

func TestLinkedLibraryIsTheSupportedVersion(t *testing.T) {
	require.NoError(t, aeronc.CheckLinkedVersion())
}

func TestEmbeddedDriverDirectoryLifecycle(t *testing.T) {
	drv, err := StartEmbeddedDriver(testDriverOptions())
	require.NoError(t, err)
	dir := drv.Dir()
	_, err = os.Stat(dir + "/cnc.dat")
	require.NoError(t, err, "the driver's CnC file exists while it runs")
	require.NoError(t, drv.Close())
	require.NoError(t, drv.Close())
	_, err = os.Stat(dir)
	assert.True(t, os.IsNotExist(err), "the temporary directory is removed on Close")

	// A caller's directory stays unless DeleteDirOnClose is set.
	opts := testDriverOptions()
	opts.Dir = t.TempDir() + "/mine"
	drv, err = StartEmbeddedDriver(opts)
	require.NoError(t, err)
	assert.Equal(t, opts.Dir, drv.Dir())
	require.NoError(t, drv.Close())
	_, err = os.Stat(opts.Dir)
	assert.NoError(t, err)

	// A second driver on the directory of a running one is refused.
	opts.Dir = t.TempDir() + "/busy"
	first, err := StartEmbeddedDriver(opts)
	require.NoError(t, err)
	defer first.Close()
	_, err = StartEmbeddedDriver(opts)
	assert.Error(t, err)
}

func TestEmbeddedDriverInvalidOptions(t *testing.T) {
	opts := testDriverOptions()
	opts.IPCTermLength = 1000 // not a power of two
	_, err := StartEmbeddedDriver(opts)
	require.Error(t, err)
	var aerr *Error
	assert.ErrorAs(t, err, &aerr)
}

func TestManualMainLoopDriver(t *testing.T) {
	drv, stop := StartManualTestDriver(t, testDriverOptions())
	defer func() {
		stop()
		require.NoError(t, drv.Close())
		assert.Zero(t, drv.DoWork(), "DoWork after Close does nothing")
	}()

	cl := connectTo(t, drv.Dir())
	pub, sub := pubSub(t, cl, "aeron:ipc?term-length=64k", false)
	for i := 0; i < 100; i++ {
		_, err := pub.OfferCtx(testContext(t, 5*time.Second), []byte{byte(i)}, nil)
		require.NoError(t, err)
	}
	got := 0
	pollUntil(t, sub, func(msg []byte, h *Header) {
		if len(msg) == 1 && int(msg[0]) == got {
			got++
		}
	}, func() bool { return got == 100 }, 10*time.Second)
	require.NoError(t, cl.Close())
}

func TestClientErrorHandlerAndCounters(t *testing.T) {
	var mu sync.Mutex
	var errs []error
	cl, err := Connect(ClientOptions{Dir: sharedDriver.Dir(), DriverTimeout: 5 * time.Second, ClientName: "counters-test",
		ErrorHandler: func(err error) { mu.Lock(); errs = append(errs, err); mu.Unlock() }})
	require.NoError(t, err)
	defer cl.Close()
	id, err := cl.ClientID()
	require.NoError(t, err)
	assert.NotZero(t, id)

	// An invalid channel is refused by the driver with its message.
	_, err = cl.AddPublication(testContext(t, 5*time.Second), "aeron:udp?endpoint=not a host:x", 1)
	require.Error(t, err)
	var aerr *Error
	require.ErrorAs(t, err, &aerr)
	assert.NotEmpty(t, aerr.Message)
	assert.Negative(t, int32(aerr.Code), "a driver's refusal carries Aeron's code: %v", err)

	pub, sub := pubSub(t, cl, "aeron:ipc?term-length=64k", false)
	_, err = pub.Offer([]byte("counted"))
	require.NoError(t, err)
	pollUntil(t, sub, func([]byte, *Header) {}, func() bool {
		n, _ := sub.Poll(func([]byte, *Header) {}, 1)
		return n == 0
	}, time.Second)

	version, err := cl.Counters().Get(CounterIDAeronVersion)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(version.Label, "Aeron software: version=1.51."), version.Label)
	assert.Equal(t, int64(1<<16|51<<8), version.Value&^0xff)

	var all []Counter
	for c := range cl.Counters().All() {
		all = append(all, c)
	}
	require.Greater(t, len(all), CounterIDAeronVersion)
	assert.Equal(t, int32(0), all[0].ID)
	assert.Equal(t, "Bytes sent", all[0].Label)
	foundPubPos := false
	for _, c := range all {
		if strings.HasPrefix(c.Label, "pub-pos") && strings.Contains(c.Label, "term-length=64k") {
			foundPubPos = true
		}
	}
	assert.True(t, foundPubPos, "a publisher position counter exists for the publication")

	v, err := cl.Counters().Value(CounterIDAeronVersion)
	require.NoError(t, err)
	assert.Equal(t, version.Value, v)
	_, err = cl.Counters().Get(1 << 30)
	assert.Error(t, err)

	// Stop early.
	seen := 0
	require.NoError(t, cl.Counters().ForEach(func(Counter) bool { seen++; return seen < 3 }))
	assert.Equal(t, 3, seen)

	mu.Lock()
	defer mu.Unlock()
	for _, e := range errs {
		assert.True(t, errors.As(e, &aerr), "asynchronous errors are *Error: %v", e)
	}
}

func TestAddWithCancelledContext(t *testing.T) {
	cl := newTestClient(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := cl.AddPublication(ctx, "aeron:ipc", nextStreamID())
	if err != nil { // the driver may have answered before the first check
		assert.ErrorIs(t, err, context.Canceled)
	}
	_, err = cl.AddSubscription(ctx, "aeron:ipc", nextStreamID())
	if err != nil {
		assert.ErrorIs(t, err, context.Canceled)
	}
}

func TestClosedSubscriptionsReleaseTheirCallbackState(t *testing.T) {
	cl := newTestClient(t)
	ctx := testContext(t, 20*time.Second)
	for i := 0; i < 20; i++ {
		sub, err := cl.AddSubscription(ctx, "aeron:ipc", nextStreamID())
		require.NoError(t, err)
		require.NoError(t, sub.Close())
	}
	keep, err := cl.AddSubscription(ctx, "aeron:ipc", nextStreamID())
	require.NoError(t, err)
	defer keep.Close()
	assert.Eventually(t, func() bool {
		var n int
		_ = cl.withClient(func(ac *aeronc.Client) error { n = ac.TrackedSubscriptions(); return nil })
		return n == 1
	}, 10*time.Second, 5*time.Millisecond, "Aeron reports every closed subscription closed, and its handle and slot are released")
}

func TestDriverStoppingUnderAClient(t *testing.T) {
	drv, err := StartEmbeddedDriver(testDriverOptions())
	require.NoError(t, err)
	defer drv.Close()
	errs := make(chan error, 16)
	cl, err := Connect(ClientOptions{Dir: drv.Dir(), DriverTimeout: 2 * time.Second,
		ErrorHandler: func(err error) {
			select {
			case errs <- err:
			default:
			}
		}})
	require.NoError(t, err)
	pub, sub := pubSub(t, cl, "aeron:ipc?term-length=64k", false)
	_, err = pub.Offer([]byte("before"))
	require.NoError(t, err)

	require.NoError(t, drv.Close())

	select {
	case err := <-errs:
		assert.ErrorIs(t, err, ErrnoDriverTimeout, "the client reports the driver's silence: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("no driver timeout reported")
	}
	// Offers stop succeeding, adding fails at once; nothing hangs or crashes.
	var offerErr error
	assert.Eventually(t, func() bool {
		_, offerErr = pub.Offer([]byte("after"))
		return offerErr != nil
	}, 10*time.Second, 10*time.Millisecond)
	assert.ErrorIs(t, offerErr, ErrClientTerminated)
	_, err = sub.Poll(func([]byte, *Header) {}, 10)
	if err == nil { // "before" was still there to read
		_, err = sub.Poll(func([]byte, *Header) {}, 10)
	}
	assert.ErrorIs(t, err, ErrClientTerminated)
	assert.ErrorIs(t, err, ErrClosed)
	assert.Eventually(t, cl.c.IsClosed, 10*time.Second, 10*time.Millisecond)
	start := time.Now()
	_, err = cl.AddPublication(testContext(t, 10*time.Second), "aeron:ipc", nextStreamID())
	assert.Error(t, err)
	assert.Less(t, time.Since(start), 5*time.Second)
	require.NoError(t, cl.Close())
}

func TestCountersForEachMayCloseTheClient(t *testing.T) {
	cl, err := Connect(ClientOptions{Dir: sharedDriver.Dir(), DriverTimeout: 5 * time.Second})
	require.NoError(t, err)
	seen := 0
	err = cl.Counters().ForEach(func(Counter) bool {
		seen++
		if seen == 2 {
			require.NoError(t, cl.Close())
		}
		return true
	})
	assert.ErrorIs(t, err, ErrClosed)
	assert.Equal(t, 2, seen)
}

func TestReadDriverErrors(t *testing.T) {
	drv, err := StartEmbeddedDriver(testDriverOptions())
	require.NoError(t, err)
	defer drv.Close()
	errs, err := drv.Errors()
	require.NoError(t, err)
	assert.Empty(t, errs, "a fresh driver has recorded no error")

	cl := connectTo(t, drv.Dir())
	for i := 0; i < 2; i++ {
		_, err = cl.AddPublication(testContext(t, 5*time.Second), "aeron:udp?endpoint=no-such-host.invalid:40123", 1)
		require.Error(t, err)
	}
	assert.Eventually(t, func() bool {
		errs, err = drv.Errors()
		return err == nil && len(errs) > 0
	}, 5*time.Second, 10*time.Millisecond)
	require.NotEmpty(t, errs)
	assert.Contains(t, errs[0].Message, "no-such-host.invalid")
	assert.GreaterOrEqual(t, errs[0].Count, 1)
	assert.False(t, errs[0].Last.Before(errs[0].First))
	assert.WithinDuration(t, time.Now(), errs[0].Last, time.Minute)

	_, err = ReadDriverErrors(t.TempDir(), 100*time.Millisecond)
	assert.Error(t, err, "no CnC file")
}

func TestReadDriverErrorsAfterTheDriverStopped(t *testing.T) {
	opts := testDriverOptions()
	opts.Dir = t.TempDir() + "/aeron"
	drv, err := StartEmbeddedDriver(opts)
	require.NoError(t, err)
	cl, err := Connect(ClientOptions{Dir: drv.Dir(), DriverTimeout: 5 * time.Second})
	require.NoError(t, err)
	_, err = cl.AddPublication(testContext(t, 5*time.Second), "aeron:udp?endpoint=no-such-host.invalid:40123", 1)
	require.Error(t, err)
	require.NoError(t, cl.Close())
	require.NoError(t, drv.Close())
	if _, statErr := os.Stat(opts.Dir + "/cnc.dat"); statErr != nil {
		t.Skip("the driver removed its CnC file on close; no error log left to read")
	}
	errs, err := ReadDriverErrors(opts.Dir, time.Second)
	require.NoError(t, err)
	require.NotEmpty(t, errs)
	assert.Contains(t, errs[0].Message, "no-such-host.invalid")
}
