package transport

import (
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// rusageThread is Linux's RUSAGE_THREAD: the calling thread's usage.
const rusageThread = 1

// threadMinorFaults is the calling thread's count of minor page faults.
func threadMinorFaults(t *testing.T) int64 {
	var ru syscall.Rusage
	require.NoError(t, syscall.Getrusage(rusageThread, &ru))
	return ru.Minflt
}

// offerFaults offers 1,600 messages of 224 bytes (frames of 256, 400 KiB,
// inside the 512 KiB window of a 1 MiB term) on a fresh IPC publication of
// a client with or without PreTouchMappedMemory, and returns the minor page
// faults the offering thread took.
func offerFaults(t *testing.T, preTouch bool) int64 {
	cl, err := Connect(ClientOptions{Dir: sharedDriver.Dir(), DriverTimeout: 5 * time.Second, ClientName: t.Name(),
		PreTouchMappedMemory: preTouch, ErrorHandler: func(err error) { t.Logf("client error: %v", err) }})
	require.NoError(t, err)
	defer cl.Close()
	pub, _ := pubSub(t, cl, "aeron:ipc?term-length=1m", true)
	msg := make([]byte, 224)
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	before := threadMinorFaults(t)
	for i := range 1600 {
		_, err := pub.Offer(msg)
		require.NoError(t, err, "offer %d", i)
	}
	return threadMinorFaults(t) - before
}

func TestPreTouchMappedMemory(t *testing.T) {
	cold := offerFaults(t, false)
	warm := offerFaults(t, true)
	t.Logf("minor page faults while writing 100 pages of a log: %d without pre-touch, %d with", cold, warm)
	// The offers write 100 pages. Without pre-touch each first write
	// faults; with it the pages are mapped already. (Under -race the race
	// detector's shadow memory adds faults of its own to both counts.)
	require.GreaterOrEqual(t, cold-warm, int64(90), "pre-touch saves the faults of the log's pages")
}
