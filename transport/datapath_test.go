package transport

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aerongo/aerongo/transport/internal/aeronc"
)

// TestDataPathMakesNoCgoCalls counts the process's cgo calls around a loop
// of offers, offervs, claims and polls of both kinds, on a concurrent and
// an exclusive publication: the data path must not cross into C at all
// (the poller calls C once per new image, which the warm-up covers).
func TestDataPathMakesNoCgoCalls(t *testing.T) {
	for _, exclusive := range []bool{false, true} {
		t.Run(fmt.Sprintf("exclusive=%v", exclusive), func(t *testing.T) {
			cl := newTestClient(t)
			pub, sub := pubSub(t, cl, "aeron:ipc?term-length=64k", exclusive)
			msg := make([]byte, 100)
			received := 0
			handler := FragmentHandler(func(m []byte, h *Header) { received++ })
			controlled := ControlledFragmentHandler(func(m []byte, h *Header) ControlledAction {
				received++
				return ActionContinue
			})
			// Warm up: the first poll meets the image (one cgo call).
			_, err := pub.Offer(msg)
			require.NoError(t, err)
			pollUntil(t, sub, handler, func() bool { return received == 1 }, 5*time.Second)

			const target = 15000
			sent := 1
			deadline := time.Now().Add(20 * time.Second)
			before := runtime.NumCgoCall()
			for received < target && time.Now().Before(deadline) {
				if sent < target {
					if _, err := pub.Offer(msg); err == nil {
						sent++
					}
					if _, err := pub.Offerv(msg[:10], msg[10:]); err == nil {
						sent++
					}
					if c, err := pub.TryClaim(len(msg)); err == nil {
						copy(c.Buffer(), msg)
						c.Commit()
						sent++
					}
				}
				if _, err := sub.Poll(handler, 10); err != nil {
					t.Fatal(err)
				}
				if _, err := sub.ControlledPoll(controlled, 10); err != nil {
					t.Fatal(err)
				}
				if _, err := pub.Position(); err != nil {
					t.Fatal(err)
				}
				_ = pub.IsConnected()
			}
			calls := runtime.NumCgoCall() - before
			require.GreaterOrEqual(t, received, target, "messages received")
			assert.Zero(t, calls, "cgo calls while %d messages were offered and polled", received)
		})
	}
}

// cRecorder is the handler of a subscription polled by the C client's own
// poll (aeron_subscription_poll with its fragment assembler): it checks
// that each writer's messages arrive once and in order.
type cRecorder struct {
	next [2]int
	bad  error
}

func (r *cRecorder) OnFragment(msg []byte, h *aeronc.FragmentHeader) {
	r.bad = checkMixed(r.bad, &r.next, msg, "C poll")
}
func (r *cRecorder) OnControlledFragment([]byte, *aeronc.FragmentHeader) int {
	return aeronc.ActionContinue
}
func (r *cRecorder) OnImage(aeronc.Image, bool) {}

// mixedMsg is message seq of writer w: writer, sequence, then a pattern
// whose length varies with seq, so that some messages are fragmented.
func mixedMsg(w, seq int) []byte {
	n := 8 + (seq*37)%3000
	b := make([]byte, n)
	binary.LittleEndian.PutUint32(b[0:], uint32(w))
	binary.LittleEndian.PutUint32(b[4:], uint32(seq))
	for i := 8; i < n; i++ {
		b[i] = byte(w*31 + seq + i)
	}
	return b
}

func checkMixed(bad error, next *[2]int, msg []byte, who string) error {
	if bad != nil {
		return bad
	}
	if len(msg) < 8 {
		return fmt.Errorf("%s: short message of %d bytes", who, len(msg))
	}
	w := int(binary.LittleEndian.Uint32(msg[0:]))
	seq := int(binary.LittleEndian.Uint32(msg[4:]))
	if w > 1 {
		return fmt.Errorf("%s: unknown writer %d", who, w)
	}
	if seq != next[w] || !bytes.Equal(msg, mixedMsg(w, seq)) {
		return fmt.Errorf("%s: writer %d seq %d (len %d), want seq %d", who, w, seq, len(msg), next[w])
	}
	next[w] = seq + 1
	return nil
}

// TestMixedGoAndCWritersOnOnePublication interleaves, from two OS threads,
// the transport's Go offers and the C client's own aeron_publication_offer
// on one concurrent publication, over term rotations and fragmented
// messages. The transport's Go poll and a subscription read by the C
// client's poll must each see every message once, in order per writer.
func TestMixedGoAndCWritersOnOnePublication(t *testing.T) {
	cl := newTestClient(t)
	const channel = "aeron:ipc?term-length=64k"
	pub, sub := pubSub(t, cl, channel, false)

	rec := &cRecorder{}
	var cSub *aeronc.Subscription
	require.NoError(t, cl.withClient(func(ac *aeronc.Client) error {
		async, err := ac.AddSubscription(channel, pub.StreamID(), rec)
		if err != nil {
			return err
		}
		deadline := time.Now().Add(10 * time.Second)
		for cSub == nil && err == nil && time.Now().Before(deadline) {
			cSub, err = async.Poll()
			time.Sleep(time.Millisecond)
		}
		return err
	}))
	require.NotNil(t, cSub)
	defer func() { _ = cl.withClient(func(*aeronc.Client) error { cSub.Close(); return nil }) }()
	for deadline := time.Now().Add(10 * time.Second); !cSub.IsConnected() && time.Now().Before(deadline); {
		time.Sleep(time.Millisecond)
	}
	require.True(t, cSub.IsConnected())

	perWriter := 20000
	if raceEnabled {
		perWriter = 4000
	}
	cPub := pub.pub // the C publication under the Go one
	writers := [2]func([]byte) (int64, error){
		pub.Offer, // Go appender
		func(m []byte) (int64, error) { // aeron_publication_offer through cgo
			rc := cPub.Offer(m)
			if rc < 0 {
				return rc, offerError(rc)
			}
			return rc, nil
		},
	}
	var wg sync.WaitGroup
	for w, offer := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			deadline := time.Now().Add(60 * time.Second)
			for seq := 0; seq < perWriter; {
				_, err := offer(mixedMsg(w, seq))
				switch {
				case err == nil:
					seq++
				case retryable(err) && time.Now().Before(deadline):
					runtime.Gosched()
				default:
					t.Errorf("writer %d seq %d: %v", w, seq, err)
					return
				}
			}
		}()
	}

	var next [2]int
	var bad error
	var lastPos int64
	handler := func(msg []byte, h *Header) {
		bad = checkMixed(bad, &next, msg, "Go poll")
		if bad == nil && h.Position() <= lastPos {
			bad = fmt.Errorf("Go poll: position %d after %d", h.Position(), lastPos)
		}
		lastPos = h.Position()
	}
	total := 2 * perWriter
	deadline := time.Now().Add(90 * time.Second)
	for (next[0]+next[1] < total || rec.next[0]+rec.next[1] < total) && bad == nil && rec.bad == nil && time.Now().Before(deadline) {
		n, err := sub.Poll(handler, 50)
		require.NoError(t, err)
		c, err := cSub.Poll(50)
		require.NoError(t, err)
		if n+c == 0 {
			runtime.Gosched()
		}
	}
	wg.Wait()
	require.NoError(t, bad)
	require.NoError(t, rec.bad)
	assert.Equal(t, [2]int{perWriter, perWriter}, next)
	assert.Equal(t, [2]int{perWriter, perWriter}, rec.next)
	pos, err := pub.Position()
	require.NoError(t, err)
	assert.Equal(t, pos, lastPos, "the Go poll ends at the publication's position")
	assert.Equal(t, 1, sub.ImageCount())
	assert.Equal(t, 1, cSub.ImageCount())
}
