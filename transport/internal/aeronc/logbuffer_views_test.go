package aeronc

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	lb "github.com/aerongo/aerongo/transport/internal/logbuffer"
)

// ignoreHandler is the C subscription's own handler; the tests below read
// through the Go ImagePoller instead.
type ignoreHandler struct{}

func (ignoreHandler) OnFragment([]byte, *FragmentHeader)               {}
func (ignoreHandler) OnControlledFragment([]byte, *FragmentHeader) int { return 4 }
func (ignoreHandler) OnImage(Image, bool)                              {}

// recordingHandler checks, as the C subscription's handler, that each
// writer's messages arrive once and in order.
type recordingHandler struct {
	ignoreHandler
	next [2]int
	bad  error
}

func (r *recordingHandler) OnFragment(msg []byte, h *FragmentHeader) {
	w := int(binary.LittleEndian.Uint32(msg[0:]))
	seq := int(binary.LittleEndian.Uint32(msg[4:]))
	if r.bad == nil && (w > 1 || seq != r.next[w] || !bytes.Equal(msg, liveMsg(w, seq))) {
		r.bad = fmt.Errorf("C poll: writer %d seq %d (len %d), want %d", w, seq, len(msg), r.next[w%2])
	}
	if w <= 1 {
		r.next[w] = seq + 1
	}
}

type liveDriver struct {
	drv *Driver
	cl  *Client
}

func startLiveDriver(t *testing.T) *liveDriver {
	t.Helper()
	return startLiveDriverWith(t, DriverOptions{})
}

// startLiveDriverWith starts a shared-mode driver with a 64 KiB IPC term in
// a new directory; o supplies the other settings.
func startLiveDriverWith(t *testing.T, o DriverOptions) *liveDriver {
	t.Helper()
	dir, err := os.MkdirTemp("/dev/shm", "aerongo-lbviews-")
	if err != nil {
		dir = t.TempDir()
	}
	o.Dir, o.ThreadingMode, o.IPCTermLength = dir, ThreadingShared, 64*1024
	o.DeleteDirOnStart, o.DeleteDirOnShutdown, o.SparseTerms = true, true, -1
	drv, err := StartDriver(o)
	require.NoError(t, err)
	cl, err := Connect(dir, 10*time.Second, "logbuffer-views-test", false, nil)
	if err != nil {
		_ = drv.Close()
		require.NoError(t, err)
	}
	d := &liveDriver{drv: drv, cl: cl}
	t.Cleanup(func() {
		d.cl.Close()
		_ = d.drv.Close()
		_ = os.RemoveAll(dir)
	})
	return d
}

func (d *liveDriver) publication(t testing.TB, stream int32, exclusive bool) *Publication {
	t.Helper()
	a, err := d.cl.AddPublication("aeron:ipc", stream, exclusive)
	require.NoError(t, err)
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		p, err := a.Poll()
		require.NoError(t, err)
		if p != nil {
			return p
		}
		time.Sleep(time.Millisecond)
	}
	t.Fatal("publication not added")
	return nil
}

func (d *liveDriver) subscription(t testing.TB, stream int32) *Subscription {
	t.Helper()
	return d.subscriptionWith(t, stream, ignoreHandler{})
}

func (d *liveDriver) subscriptionWith(t testing.TB, stream int32, handler SubscriptionHandler) *Subscription {
	t.Helper()
	a, err := d.cl.AddSubscription("aeron:ipc", stream, handler)
	require.NoError(t, err)
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		s, err := a.Poll()
		require.NoError(t, err)
		if s != nil {
			return s
		}
		time.Sleep(time.Millisecond)
	}
	t.Fatal("subscription not added")
	return nil
}

func liveMsg(writer, seq int) []byte {
	n := 16
	if seq%97 == 0 {
		n = 5000 // fragmented: the IPC MTU is 1408
	}
	b := make([]byte, n)
	binary.LittleEndian.PutUint32(b[0:], uint32(writer))
	binary.LittleEndian.PutUint32(b[4:], uint32(seq))
	for i := 8; i < n; i++ {
		b[i] = byte(seq + i)
	}
	return b
}

// TestGoDataPathOnLiveDriver offers through the Go appender on the log of a
// real IPC publication (interleaved with the C client's own offers from
// another thread) and reads through the Go image poller of one real
// subscription and the C client's own poll of another: each sees every
// message once, in order per writer, fragmented ones reassembled, across
// many term rotations with the driver cleaning terms.
func TestGoDataPathOnLiveDriver(t *testing.T) {
	d := startLiveDriver(t)
	pub := d.publication(t, 7001, false)
	sub := d.subscription(t, 7001)
	cRecorder := &recordingHandler{}
	cSub := d.subscriptionWith(t, 7001, cRecorder)
	defer cSub.Close()
	defer sub.Close()
	defer pub.Close()

	view := pub.LogView()
	log, err := view.Log()
	require.NoError(t, err)
	require.Equal(t, 64*1024, log.TermLength())
	app := lb.NewAppender(log, view.PublicationParams())
	poller := sub.NewImagePoller()

	const perWriter = 20000
	offer := func(writer int, f func([]byte) int64, wg *sync.WaitGroup) {
		defer wg.Done()
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		deadline := time.Now().Add(20 * time.Second)
		for seq := 0; seq < perWriter; {
			res := f(liveMsg(writer, seq))
			switch {
			case res > 0:
				seq++
			case res == lb.BackPressured || res == lb.AdminAction || res == lb.NotConnected:
				if time.Now().After(deadline) {
					t.Errorf("writer %d stuck at %d: %d", writer, seq, res)
					return
				}
				runtime.Gosched()
			default:
				t.Errorf("writer %d seq %d: %d", writer, seq, res)
				return
			}
		}
	}
	var wg sync.WaitGroup
	wg.Add(2)
	go offer(0, app.Offer, &wg)
	go offer(1, pub.Offer, &wg)

	next := [2]int{}
	var bad error
	var lastPos int64
	handler := func(buf []byte, h *lb.Header) {
		w := int(binary.LittleEndian.Uint32(buf[0:]))
		seq := int(binary.LittleEndian.Uint32(buf[4:]))
		switch {
		case bad != nil:
		case w > 1:
			bad = fmt.Errorf("unknown writer %d", w)
		case seq != next[w] || !bytes.Equal(buf, liveMsg(w, seq)):
			bad = fmt.Errorf("writer %d: seq %d (len %d), want %d", w, seq, len(buf), next[w])
		case h.Position() <= lastPos || h.SessionID() != view.SessionID || h.StreamID() != 7001:
			bad = fmt.Errorf("header: position %d after %d, session %d stream %d", h.Position(), lastPos, h.SessionID(), h.StreamID())
		}
		if w <= 1 {
			next[w] = seq + 1
		}
		lastPos = h.Position()
	}
	deadline := time.Now().Add(30 * time.Second)
	cDone := func() bool { return cRecorder.next[0]+cRecorder.next[1] == 2*perWriter }
	for (next[0]+next[1] < 2*perWriter || !cDone()) && bad == nil && cRecorder.bad == nil && time.Now().Before(deadline) {
		n := poller.Poll(handler, 50)
		c, err := cSub.Poll(50) // the C client's own poll, through cgo
		require.NoError(t, err)
		if n+c == 0 {
			runtime.Gosched()
		}
	}
	wg.Wait()
	require.NoError(t, bad)
	require.NoError(t, cRecorder.bad)
	assert.Equal(t, [2]int{perWriter, perWriter}, next)
	assert.Equal(t, [2]int{perWriter, perWriter}, cRecorder.next)
	assert.Equal(t, 1, poller.ImageCount())
	assert.Greater(t, log.ActiveTermCount(), int32(PartitionCountForTest), "the run should rotate through every partition")
	assert.Equal(t, pub.Position(), lastPos)
}

// PartitionCountForTest is the number of term rotations after which every
// partition was reused at least once.
const PartitionCountForTest = lb.PartitionCount

func TestGoExclusiveAppenderOnLiveDriver(t *testing.T) {
	d := startLiveDriver(t)
	pub := d.publication(t, 7002, true)
	sub := d.subscription(t, 7002)
	defer sub.Close()
	defer pub.Close()
	view := pub.LogView()
	log, err := view.Log()
	require.NoError(t, err)
	app := lb.NewExclusiveAppender(log, view.PublicationParams())
	poller := sub.NewImagePoller()

	const total = 30000
	sent, received := 0, 0
	var lastPos int64
	var claim lb.Claim
	handler := func(buf []byte, h *lb.Header) {
		if received < total && !bytes.Equal(buf, liveMsg(2, received)) {
			t.Fatalf("message %d differs", received)
		}
		received++
		lastPos = h.Position()
	}
	deadline := time.Now().Add(30 * time.Second)
	for received < total && time.Now().Before(deadline) {
		if sent < total {
			msg := liveMsg(2, sent)
			var res int64
			if sent%2 == 0 && len(msg) <= app.MaxPayloadLength() {
				claim, res = app.Claim(len(msg))
				if res > 0 {
					copy(claim.Buffer(), msg)
					claim.Commit()
				}
			} else {
				res = app.Offer(msg)
			}
			if res > 0 {
				sent++
			}
		}
		poller.Poll(handler, 10)
	}
	assert.Equal(t, total, received)
	assert.Equal(t, app.Position(), lastPos, "the last message ends at the appender's position")
	// the C exclusive publication keeps its position in its own struct, so
	// it does not see what the Go appender wrote: Go must be its only writer
	assert.Equal(t, int64(0), pub.Position())
	assert.Greater(t, log.ActiveTermCount(), int32(lb.PartitionCount))
}

// TestImagePollerFollowsImageList has two exclusive publications (two
// sessions, so two images) on one stream: the poller reads both round-robin;
// when one publication closes, its image leaves the list, the poller drops
// its reader and proposes the new change number, and the client conductor
// can then release the image while polling goes on with the other.
func TestImagePollerFollowsImageList(t *testing.T) {
	d := startLiveDriverWith(t, DriverOptions{PublicationLinger: 10 * time.Millisecond, ImageLiveness: 100 * time.Millisecond})
	sub := d.subscription(t, 7005)
	defer sub.Close()
	pubA := d.publication(t, 7005, true)
	pubB := d.publication(t, 7005, true)
	defer pubB.Close()
	appender := func(p *Publication) *lb.ExclusiveAppender {
		v := p.LogView()
		log, err := v.Log()
		require.NoError(t, err)
		return lb.NewExclusiveAppender(log, v.PublicationParams())
	}
	a, b := appender(pubA), appender(pubB)
	poller := sub.NewImagePoller()
	sessions := map[int32]int{}
	handler := func(buf []byte, h *lb.Header) { sessions[h.SessionID()]++ }
	deadline := time.Now().Add(10 * time.Second)
	for (sessions[pubA.LogView().SessionID] < 1000 || sessions[pubB.LogView().SessionID] < 1000) && time.Now().Before(deadline) {
		a.Offer([]byte("from a"))
		b.Offer([]byte("from b"))
		poller.Poll(handler, 10)
	}
	require.Equal(t, 2, poller.ImageCount())
	require.GreaterOrEqual(t, sessions[pubA.LogView().SessionID], 1000)
	require.GreaterOrEqual(t, sessions[pubB.LogView().SessionID], 1000)

	sessionB := pubB.LogView().SessionID
	pubA.Close() // the Go appender a must not be used from here on: its log is unmapped
	before := sessions[sessionB]
	for poller.ImageCount() != 1 && time.Now().Before(deadline) {
		b.Offer([]byte("from b"))
		poller.Poll(handler, 10)
		time.Sleep(100 * time.Microsecond)
	}
	require.Equal(t, 1, poller.ImageCount(), "the closed publication's image leaves the list")
	assert.Equal(t, poller.change, atomicLoadInt64(poller.lastChange), "the poller proposed the list it now polls")
	assert.GreaterOrEqual(t, poller.change, int64(2), "two additions and a removal")
	for range 2000 {
		for b.Offer([]byte("from b")) < 0 {
			poller.Poll(handler, 10)
		}
		poller.Poll(handler, 10)
	}
	assert.Greater(t, sessions[sessionB], before+1000)
}

func TestImagePollerDoesNotAllocate(t *testing.T) {
	d := startLiveDriver(t)
	pub := d.publication(t, 7003, false)
	sub := d.subscription(t, 7003)
	defer sub.Close()
	defer pub.Close()
	view := pub.LogView()
	log, err := view.Log()
	require.NoError(t, err)
	app := lb.NewAppender(log, view.PublicationParams())
	poller := sub.NewImagePoller()
	msg := make([]byte, 32)
	count := 0
	handler := func([]byte, *lb.Header) { count++ }
	// let the image arrive and the poller build its reader
	deadline := time.Now().Add(10 * time.Second)
	for poller.ImageCount() == 0 && time.Now().Before(deadline) {
		poller.Poll(handler, 10)
	}
	require.Equal(t, 1, poller.ImageCount())
	allocs := testing.AllocsPerRun(2000, func() {
		for app.Offer(msg) < 0 {
			poller.Poll(handler, 10)
		}
		poller.Poll(handler, 10)
	})
	assert.Zero(t, allocs)
	assert.Greater(t, count, 1000)
}

// BenchmarkLiveIPC measures IPC throughput on a live embedded driver, in
// one process: "Go" is the Go appender on one goroutine (its own OS thread)
// and the Go image poller with reassembly on another, the data path the
// transport gets once it uses the log buffers directly; "C" is the same shape
// in Aeron's C client alone (BenchCIPC). Run with -count to interleave.
func BenchmarkLiveIPC(b *testing.B) {
	for _, size := range []int{32, 1024} {
		for _, impl := range []string{"C", "Go"} {
			b.Run(fmt.Sprintf("size=%d/%s", size, impl), func(b *testing.B) {
				benchLiveIPC(b, size, impl == "Go")
			})
		}
	}
}

func benchLiveIPC(b *testing.B, size int, useGo bool) {
	dir, err := os.MkdirTemp("/dev/shm", "aerongo-lbbench-")
	if err != nil {
		b.Fatal(err)
	}
	defer os.RemoveAll(dir)
	drv, err := StartDriver(DriverOptions{Dir: dir, ThreadingMode: ThreadingShared, IPCTermLength: 16 << 20,
		DeleteDirOnStart: true, DeleteDirOnShutdown: true, SparseTerms: -1})
	if err != nil {
		b.Fatal(err)
	}
	defer drv.Close()
	cl, err := Connect(dir, 10*time.Second, "logbuffer-bench", false, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer cl.Close()
	ld := &liveDriver{drv: drv, cl: cl}
	pub := ld.publication(b, 7100, false)
	sub := ld.subscription(b, 7100)
	defer sub.Close()
	defer pub.Close()
	for deadline := time.Now().Add(10 * time.Second); !pub.IsConnected() && time.Now().Before(deadline); {
		time.Sleep(time.Millisecond)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	if !useGo {
		b.ResetTimer()
		elapsed, err := BenchCIPC(pub, sub, size, b.N, 20)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(b.N)/elapsed.Seconds(), "msgs/s")
		return
	}
	view := pub.LogView()
	log, err := view.Log()
	if err != nil {
		b.Fatal(err)
	}
	app := lb.NewAppender(log, view.PublicationParams())
	poller := sub.NewImagePoller()
	msg := make([]byte, size)
	received := 0
	handler := func([]byte, *lb.Header) { received++ }
	for deadline := time.Now().Add(10 * time.Second); poller.ImageCount() == 0 && time.Now().Before(deadline); {
		poller.Poll(handler, 10)
	}
	b.ResetTimer()
	start := time.Now()
	done := make(chan struct{})
	go func() {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		for sent := 0; sent < b.N; {
			if app.Offer(msg) > 0 {
				sent++
			}
		}
		close(done)
	}()
	runtime.LockOSThread() // as the C poller, which runs on the calling thread inside one cgo call
	for received < b.N {
		poller.Poll(handler, 20)
	}
	runtime.UnlockOSThread()
	<-done
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "msgs/s")
}

func TestImagePollerControlledPollOnLiveDriver(t *testing.T) {
	d := startLiveDriver(t)
	pub := d.publication(t, 7004, false)
	sub := d.subscription(t, 7004)
	defer sub.Close()
	defer pub.Close()
	view := pub.LogView()
	log, err := view.Log()
	require.NoError(t, err)
	app := lb.NewAppender(log, view.PublicationParams())
	poller := sub.NewImagePoller()
	for deadline := time.Now().Add(10 * time.Second); poller.ImageCount() == 0 && time.Now().Before(deadline); {
		poller.Poll(func([]byte, *lb.Header) {}, 10)
	}
	require.Equal(t, 1, poller.ImageCount())
	msgs := [][]byte{liveMsg(0, 1), liveMsg(0, 97), liveMsg(0, 2)} // the middle one is fragmented
	for _, m := range msgs {
		for app.Offer(m) < 0 {
		}
	}
	var got [][]byte
	aborted := false
	handler := func(buf []byte, h *lb.Header) lb.Action {
		if len(buf) == 5000 && !aborted {
			aborted = true
			return lb.Abort
		}
		got = append(got, append([]byte(nil), buf...))
		return lb.Continue
	}
	for deadline := time.Now().Add(10 * time.Second); len(got) < 3 && time.Now().Before(deadline); {
		poller.ControlledPoll(handler, 10)
	}
	require.True(t, aborted)
	assert.Equal(t, msgs, got)
}

// BenchmarkLivePingPong measures IPC round trips on a live embedded driver in
// one process, b.N measured pings after 10,000 warm-up ones: "C" is Aeron's
// C client alone (BenchCPingPong); "Go" is the same shape on the Go data
// path (exclusive appenders, try-claim echo, image pollers), ping and pong
// each on their own OS thread. Reports percentiles of the sorted samples.
func BenchmarkLivePingPong(b *testing.B) {
	for _, impl := range []string{"C", "Go"} {
		b.Run("size=32/"+impl, func(b *testing.B) { benchLivePingPong(b, 32, impl == "Go") })
	}
}

func benchLivePingPong(b *testing.B, size int, useGo bool) {
	const warmup = 10000
	dir, err := os.MkdirTemp("/dev/shm", "aerongo-lbpingpong-")
	if err != nil {
		b.Fatal(err)
	}
	defer os.RemoveAll(dir)
	drv, err := StartDriver(DriverOptions{Dir: dir, ThreadingMode: ThreadingShared, IPCTermLength: 16 << 20,
		DeleteDirOnStart: true, DeleteDirOnShutdown: true, SparseTerms: -1})
	if err != nil {
		b.Fatal(err)
	}
	defer drv.Close()
	cl, err := Connect(dir, 10*time.Second, "logbuffer-pingpong", false, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer cl.Close()
	ld := &liveDriver{drv: drv, cl: cl}
	pingSub := ld.subscription(b, 7201)
	pongSub := ld.subscription(b, 7202)
	pingPub := ld.publication(b, 7201, true)
	pongPub := ld.publication(b, 7202, true)
	defer pingSub.Close()
	defer pongSub.Close()
	defer pingPub.Close()
	defer pongPub.Close()
	for deadline := time.Now().Add(10 * time.Second); (!pingPub.IsConnected() || !pongPub.IsConnected()) && time.Now().Before(deadline); {
		time.Sleep(time.Millisecond)
	}
	samples := make([]int64, b.N)
	b.ReportAllocs()
	if !useGo {
		b.ResetTimer()
		if err := BenchCPingPong(pingPub, pingSub, pongPub, pongSub, size, warmup, samples); err != nil {
			b.Fatal(err)
		}
	} else {
		appender := func(p *Publication) *lb.ExclusiveAppender {
			v := p.LogView()
			log, err := v.Log()
			if err != nil {
				b.Fatal(err)
			}
			return lb.NewExclusiveAppender(log, v.PublicationParams())
		}
		pingApp, pongApp := appender(pingPub), appender(pongPub)
		pingPoller, pongPoller := pingSub.NewImagePoller(), pongSub.NewImagePoller()
		total := warmup + b.N
		base := time.Now()
		b.ResetTimer()
		done := make(chan struct{})
		go func() { // pong
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			defer close(done)
			echoed := 0
			var claim lb.Claim
			echo := func(buf []byte, _ *lb.Header) {
				for res := int64(-1); res < 0; {
					claim, res = pongApp.Claim(len(buf))
				}
				copy(claim.Buffer(), buf)
				claim.Commit()
				echoed++
			}
			for echoed < total {
				pingPoller.Poll(echo, 10)
			}
		}()
		runtime.LockOSThread()
		msg := make([]byte, size)
		received := 0
		var lastRTT int64
		onPong := func(buf []byte, _ *lb.Header) {
			lastRTT = int64(time.Since(base)) - int64(binary.LittleEndian.Uint64(buf))
			received++
		}
		for i := range total {
			for {
				binary.LittleEndian.PutUint64(msg, uint64(time.Since(base)))
				if pingApp.Offer(msg) > 0 {
					break
				}
			}
			for received <= i {
				pongPoller.Poll(onPong, 10)
			}
			if i >= warmup {
				samples[i-warmup] = lastRTT
			}
		}
		runtime.UnlockOSThread()
		<-done
	}
	b.StopTimer()
	slices.Sort(samples)
	pct := func(p float64) float64 {
		rank := int(math.Ceil(p*float64(len(samples))/100 - 1e-9))
		return float64(samples[max(rank, 1)-1])
	}
	b.ReportMetric(pct(50), "p50-ns")
	b.ReportMetric(pct(90), "p90-ns")
	b.ReportMetric(pct(99), "p99-ns")
	b.ReportMetric(pct(99.9), "p99.9-ns")
}
