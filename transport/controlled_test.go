package transport

import (
	"bytes"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/aerongo/aerongo/transport/internal/logbuffer"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestControlledPollSemantics(t *testing.T) {
	cl := newTestClient(t)
	pub, sub := pubSub(t, cl, "aeron:ipc?term-length=64k", false)
	for i := 0; i < 8; i++ {
		_, err := pub.Offer([]byte("m" + strconv.Itoa(i)))
		require.NoError(t, err)
	}

	var seen []string
	var positions []int64
	poll := func(decide func(msg string) ControlledAction, limit int) int {
		t.Helper()
		n, err := sub.ControlledPoll(func(msg []byte, h *Header) ControlledAction {
			seen = append(seen, string(msg))
			positions = append(positions, h.Position())
			return decide(string(msg))
		}, limit)
		require.NoError(t, err)
		return n
	}
	always := func(a ControlledAction) func(string) ControlledAction {
		return func(string) ControlledAction { return a }
	}

	// Abort: nothing consumed, the same message comes again.
	assert.Equal(t, 0, poll(always(ActionAbort), 10))
	assert.Equal(t, 0, poll(always(ActionAbort), 10))
	assert.Equal(t, []string{"m0", "m0"}, seen)

	// Break: the message is consumed and the poll stops after it.
	seen = nil
	assert.Equal(t, 1, poll(always(ActionBreak), 10))
	assert.Equal(t, []string{"m0"}, seen)

	// Continue up to the limit.
	seen = nil
	assert.Equal(t, 2, poll(always(ActionContinue), 2))
	assert.Equal(t, []string{"m1", "m2"}, seen)

	// Commit m3, then abort at m4: m3 stays consumed, m4 comes again.
	seen = nil
	n := poll(func(msg string) ControlledAction {
		if msg == "m3" {
			return ActionCommit
		}
		return ActionAbort
	}, 10)
	assert.Equal(t, 1, n)
	assert.Equal(t, []string{"m3", "m4"}, seen)

	// Continue after an abort within the same poll rolls back only to the
	// last commit point: m4 consumed with continue, m5 aborted.
	seen = nil
	n = poll(func(msg string) ControlledAction {
		if msg == "m5" {
			return ActionAbort
		}
		return ActionContinue
	}, 10)
	assert.Equal(t, 1, n)
	assert.Equal(t, []string{"m4", "m5"}, seen)

	// Plain Poll picks up where the controlled poll stopped.
	var rest []string
	pollUntil(t, sub, func(msg []byte, h *Header) { rest = append(rest, string(msg)) },
		func() bool { return len(rest) >= 3 }, 5*time.Second)
	assert.Equal(t, []string{"m5", "m6", "m7"}, rest)

	for i := 1; i < len(positions); i++ {
		assert.GreaterOrEqual(t, positions[i], int64(0))
	}
}

func TestControlledActionString(t *testing.T) {
	for a, want := range map[ControlledAction]string{
		ActionAbort: "abort", ActionBreak: "break", ActionCommit: "commit", ActionContinue: "continue",
		ControlledAction(9): "ControlledAction(9)",
	} {
		assert.Equal(t, want, a.String(), "ControlledAction(%d).String()", int(a))
	}
}

func TestHandlerPanicPropagatesOutOfPoll(t *testing.T) {
	cl := newTestClient(t)
	pub, sub := pubSub(t, cl, "aeron:ipc?term-length=64k", false)
	for _, m := range []string{"a", "boom", "c"} {
		_, err := pub.Offer([]byte(m))
		require.NoError(t, err)
	}
	var seen []string
	handler := func(msg []byte, h *Header) {
		seen = append(seen, string(msg))
		if string(msg) == "boom" {
			panic("handler failed on boom")
		}
	}
	deadline := time.Now().Add(5 * time.Second)
	for len(seen) < 2 && time.Now().Before(deadline) {
		assert.PanicsWithValue(t, "handler failed on boom", func() {
			for len(seen) < 2 {
				_, _ = sub.Poll(handler, 10)
			}
		})
	}
	// The subscription keeps working after the panic: "boom" counts as
	// consumed, "c" comes with the next poll, before "after".
	_, err := pub.Offer([]byte("after"))
	require.NoError(t, err)
	var after []string
	pollUntil(t, sub, func(msg []byte, h *Header) { after = append(after, string(msg)) },
		func() bool { return len(after) > 0 && after[len(after)-1] == "after" }, 5*time.Second)
	assert.Equal(t, []string{"a", "boom"}, seen)
	assert.Equal(t, []string{"c", "after"}, after)
}

func TestHandlerPanicPropagatesOutOfControlledPoll(t *testing.T) {
	cl := newTestClient(t)
	pub, sub := pubSub(t, cl, "aeron:ipc?term-length=64k", false)
	for _, m := range []string{"a", "boom", "c"} {
		_, err := pub.Offer([]byte(m))
		require.NoError(t, err)
	}
	var seen []string
	panics := 1
	handler := func(msg []byte, h *Header) ControlledAction {
		seen = append(seen, string(msg))
		if string(msg) == "boom" && panics > 0 {
			panics--
			panic("handler failed on boom")
		}
		return ActionContinue
	}
	deadline := time.Now().Add(5 * time.Second)
	for panics > 0 && time.Now().Before(deadline) {
		assert.PanicsWithValue(t, "handler failed on boom", func() {
			for panics > 0 {
				_, _ = sub.ControlledPoll(handler, 10)
			}
		})
	}
	// The panicking message was not consumed: it is delivered again.
	for len(seen) < 4 && time.Now().Before(deadline) {
		_, err := sub.ControlledPoll(handler, 10)
		require.NoError(t, err)
	}
	assert.Equal(t, []string{"a", "boom", "boom", "c"}, seen)
}

func TestHandlerPanicOnReassembledMessage(t *testing.T) {
	cl := newTestClient(t)
	for _, controlled := range []bool{false, true} {
		t.Run(fmt.Sprintf("controlled=%v", controlled), func(t *testing.T) {
			pub, sub := pubSub(t, cl, "aeron:ipc?term-length=64k", false)
			big := bytes.Repeat([]byte{0xAB}, 3*pub.MaxPayloadLength()+5) // four fragments
			for _, m := range [][]byte{[]byte("a"), big, []byte("c")} {
				_, err := pub.Offer(m)
				require.NoError(t, err)
			}
			var seen []int
			panics := 1
			deliver := func(msg []byte) {
				seen = append(seen, len(msg))
				if len(msg) == len(big) && panics > 0 {
					panics--
					panic("big")
				}
			}
			poll := func() {
				if controlled {
					_, _ = sub.ControlledPoll(func(msg []byte, h *Header) ControlledAction { deliver(msg); return ActionContinue }, 10)
				} else {
					_, _ = sub.Poll(func(msg []byte, h *Header) { deliver(msg) }, 10)
				}
			}
			deadline := time.Now().Add(5 * time.Second)
			for panics > 0 && time.Now().Before(deadline) {
				assert.PanicsWithValue(t, "big", func() {
					for panics > 0 {
						poll()
					}
				})
			}
			want := []int{1, len(big), 1} // the panicking message counts as consumed
			if controlled {
				want = []int{1, len(big), len(big), 1} // it is delivered again, whole
			}
			for len(seen) < len(want) && time.Now().Before(deadline) {
				poll()
			}
			assert.Equal(t, want, seen)
		})
	}
}

// TestControlledActionValues: a controlled handler's result goes to the term
// reader as it is (readerControlledHandler), so each ControlledAction must
// be the reader's action of the same meaning.
func TestControlledActionValues(t *testing.T) {
	assert.Equal(t, int(logbuffer.Abort), int(ActionAbort))
	assert.Equal(t, int(logbuffer.Break), int(ActionBreak))
	assert.Equal(t, int(logbuffer.Commit), int(ActionCommit))
	assert.Equal(t, int(logbuffer.Continue), int(ActionContinue))
}

// headerValues is every accessor of a handler's Header, read in the call.
type headerValues struct {
	session, stream, termID, termOffset, initialTermID, frameLength int32
	position, reserved                                              int64
	flags                                                           uint8
	typ                                                             int16
}

func readHeader(h *Header) headerValues {
	return headerValues{
		session: h.SessionID(), stream: h.StreamID(), termID: h.TermID(), termOffset: h.TermOffset(),
		initialTermID: h.InitialTermID(), frameLength: h.FrameLength(), position: h.Position(),
		reserved: h.ReservedValue(), flags: h.Flags(), typ: h.Type(),
	}
}

// TestHandlerHeader reads every Header accessor inside Poll's and
// ControlledPoll's handlers, for a one-frame message and a reassembled one,
// against the values the publication implies.
func TestHandlerHeader(t *testing.T) {
	cl := newTestClient(t)
	pub, sub := pubSub(t, cl, "aeron:ipc?term-length=64k", true)
	ctx := testContext(t, 10*time.Second)
	sub2, err := cl.AddSubscription(ctx, "aeron:ipc?term-length=64k", pub.StreamID())
	require.NoError(t, err)
	t.Cleanup(func() { _ = sub2.Close() })
	require.NoError(t, sub2.WaitConnected(ctx))

	small := []byte("one frame")
	large := bytes.Repeat([]byte("x"), 3*pub.MaxPayloadLength()+7)
	pos1, err := pub.Offer(small)
	require.NoError(t, err)
	pos2, err := pub.Offer(large)
	require.NoError(t, err)
	align := func(n int) int32 { return int32((n + 31) &^ 31) }
	want := []headerValues{
		{frameLength: int32(32 + len(small)), termOffset: 0, position: pos1},
		{frameLength: int32(32 + len(large)), termOffset: align(32 + len(small)), position: pos2},
	}
	for i := range want {
		want[i].session, want[i].stream = pub.SessionID(), pub.StreamID()
		want[i].flags, want[i].typ = 0xC0, 1
	}

	var got, gotCtl []headerValues
	pollUntil(t, sub, func(msg []byte, h *Header) { got = append(got, readHeader(h)) },
		func() bool { return len(got) == 2 }, 10*time.Second)
	deadline := time.Now().Add(10 * time.Second)
	for len(gotCtl) < 2 && time.Now().Before(deadline) {
		_, err := sub2.ControlledPoll(func(msg []byte, h *Header) ControlledAction {
			gotCtl = append(gotCtl, readHeader(h))
			return ActionContinue
		}, 16)
		require.NoError(t, err)
	}
	require.Len(t, gotCtl, 2)
	for i := range want {
		// the first term's id is the initial one
		want[i].termID, want[i].initialTermID = got[i].initialTermID, got[i].initialTermID
	}
	assert.Equal(t, want, got)
	assert.Equal(t, want, gotCtl)
}
