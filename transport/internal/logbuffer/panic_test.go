package logbuffer

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pollPanics runs poll and returns the value it panicked with (nil if none).
func pollPanics(poll func()) (v any) {
	defer func() { v = recover() }()
	poll()
	return nil
}

func TestPollHandlerPanicConsumesThroughPanickingFrame(t *testing.T) {
	p := newTestPub(t, termLen64K, 1408, 0)
	a := NewAppender(p.log, p.params())
	r := NewReader(p.log, p.readerParams())
	for i := range 5 {
		require.Positive(t, a.Offer([]byte{byte(i)}))
	}
	var seen []byte
	handler := func(buf []byte, h *Header) {
		seen = append(seen, buf[0])
		if buf[0] == 2 {
			panic("two")
		}
	}
	assert.Equal(t, "two", pollPanics(func() { r.Poll(handler, 10) }))
	assert.Equal(t, []byte{0, 1, 2}, seen)
	assert.Equal(t, int64(3*64), r.Position(), "0, 1 and the panicking 2 are consumed")
	seen = nil
	assert.Equal(t, 2, r.Poll(handler, 10))
	assert.Equal(t, []byte{3, 4}, seen)
	assert.Equal(t, a.Position(), r.Position())
}

func TestControlledPollHandlerPanicLeavesItsFrame(t *testing.T) {
	p := newTestPub(t, termLen64K, 1408, 0)
	a := NewAppender(p.log, p.params())
	r := NewReader(p.log, p.readerParams())
	for i := range 5 {
		require.Positive(t, a.Offer([]byte{byte(i)}))
	}
	var seen []byte
	panics := 1
	handler := func(buf []byte, h *Header) Action {
		seen = append(seen, buf[0])
		if buf[0] == 1 {
			return Commit
		}
		if buf[0] == 3 && panics > 0 {
			panics--
			panic("three")
		}
		return Continue
	}
	assert.Equal(t, "three", pollPanics(func() { r.ControlledPoll(handler, 10) }))
	assert.Equal(t, []byte{0, 1, 2, 3}, seen)
	assert.Equal(t, int64(3*64), r.Position(), "0, 1 (committed) and 2 are consumed, 3 is not")
	seen = nil
	assert.Equal(t, 2, r.ControlledPoll(handler, 10))
	assert.Equal(t, []byte{3, 4}, seen)
	assert.Equal(t, a.Position(), r.Position())
}

func TestFragmentAssemblerHandlerPanicDropsOnlyThatMessage(t *testing.T) {
	for _, direct := range []bool{false, true} {
		t.Run(fmt.Sprintf("direct=%v", direct), func(t *testing.T) { testAssemblerPanic(t, direct) })
	}
}

// testAssemblerPanic: a delegate panics on a reassembled message, polled
// with Poll and the assembler's handler or (direct) with PollAssembled.
func testAssemblerPanic(t *testing.T, direct bool) {
	p := newTestPub(t, termLen64K, 1408, 0)
	a := NewAppender(p.log, p.params())
	r := NewReader(p.log, p.readerParams())
	big := pattern(3000, 5) // three fragments
	require.Positive(t, a.Offer(big))
	require.Positive(t, a.Offer(pattern(2000, 6))) // two fragments
	require.Positive(t, a.Offer([]byte("tail")))
	var got [][]byte
	panics := 1
	asm := NewFragmentAssembler(func(buf []byte, h *Header) {
		if len(buf) == len(big) && panics > 0 {
			panics--
			panic("big")
		}
		got = append(got, append([]byte(nil), buf...))
	})
	poll := func() int { return r.Poll(asm.Handler(), 10) }
	if direct {
		poll = func() int { return r.PollAssembled(asm, 10) }
	}
	assert.Equal(t, "big", pollPanics(func() { poll() }))
	assert.Empty(t, got)
	for poll() > 0 {
	}
	require.Len(t, got, 2, "the next messages assemble from a reset builder")
	assert.Equal(t, pattern(2000, 6), got[0])
	assert.Equal(t, "tail", string(got[1]))
	assert.Equal(t, a.Position(), r.Position())
}

func TestControlledFragmentAssemblerHandlerPanicRedelivers(t *testing.T) {
	p := newTestPub(t, termLen64K, 1408, 0)
	a := NewAppender(p.log, p.params())
	r := NewReader(p.log, p.readerParams())
	big := pattern(4000, 7) // three fragments
	require.Positive(t, a.Offer(big))
	require.Positive(t, a.Offer([]byte("tail")))
	var got [][]byte
	panics := 1
	asm := NewControlledFragmentAssembler(func(buf []byte, h *Header) Action {
		if len(buf) == len(big) && panics > 0 {
			panics--
			panic("big")
		}
		got = append(got, append([]byte(nil), buf...))
		return Continue
	})
	assert.Equal(t, "big", pollPanics(func() { r.ControlledPoll(asm.Handler(), 10) }))
	assert.Empty(t, got)
	assert.Equal(t, int64(2*1408), r.Position(), "the last fragment of big stays unconsumed")
	for r.ControlledPoll(asm.Handler(), 10) > 0 {
	}
	require.Len(t, got, 2)
	assert.Equal(t, big, got[0], "delivered again whole, its last fragment not appended twice")
	assert.Equal(t, "tail", string(got[1]))
	assert.Equal(t, a.Position(), r.Position())
}
