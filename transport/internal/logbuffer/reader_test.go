package logbuffer

import (
	"fmt"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPollDeliversFramesAndSkipsPadding(t *testing.T) {
	p := newTestPub(t, termLen64K, 1408, 3)
	a := NewAppender(p.log, p.params())
	r := NewReader(p.log, p.readerParams())
	var c Claim
	require.Positive(t, a.Offer([]byte("one")))
	require.Positive(t, tryClaim(a, 5, &c))
	c.Abort()
	require.Positive(t, a.Offer([]byte("three")))
	// an in-progress claim stops the reader
	require.Positive(t, tryClaim(a, 4, &c))
	require.Positive(t, a.Offer([]byte("after")))

	type got struct {
		msg                                 string
		termOffset, termID, session, stream int32
		position                            int64
		flags                               uint8
	}
	var seen []got
	handler := func(buf []byte, h *Header) {
		seen = append(seen, got{string(buf), h.TermOffset(), h.TermID(), h.SessionID(), h.StreamID(), h.Position(), h.Flags()})
	}
	n := r.Poll(handler, 10)
	assert.Equal(t, 2, n)
	assert.Equal(t, []got{
		{"one", 0, 3, testSession, testStream, 64, FlagsUnfragmented},
		{"three", 128, 3, testSession, testStream, 192, FlagsUnfragmented},
	}, seen)
	assert.Equal(t, int64(192), r.Position())

	copy(c.Buffer(), "four")
	c.Commit()
	seen = nil
	assert.Equal(t, 2, r.Poll(handler, 10))
	assert.Equal(t, "four", seen[0].msg)
	assert.Equal(t, "after", seen[1].msg)
	assert.Equal(t, a.Position(), r.Position())
	assert.Equal(t, 0, r.Poll(handler, 10))
}

func TestPollRespectsFragmentLimitAndTermEnd(t *testing.T) {
	p := newTestPub(t, termLen64K, 1408, 0)
	a := NewAppender(p.log, p.params())
	r := NewReader(p.log, p.readerParams())
	msg := pattern(1000, 1)
	for a.Offer(msg) > 0 {
	}
	// the term is full and padded; the next message is in the next term
	require.Positive(t, a.Offer(msg))
	count := 0
	handler := func([]byte, *Header) { count++ }
	assert.Equal(t, 3, r.Poll(handler, 3))
	assert.Equal(t, int64(3*1056), r.Position())
	total := 3
	for {
		n := r.Poll(handler, 1000)
		if n == 0 && r.Position() >= a.Position() {
			break
		}
		total += n
	}
	// poll stops at the end of a term; the padding moves the position to the next term
	assert.Equal(t, termLen64K/1056+1, total)
	assert.Equal(t, a.Position(), r.Position())
}

func TestControlledPollActions(t *testing.T) {
	p := newTestPub(t, termLen64K, 1408, 0)
	a := NewAppender(p.log, p.params())
	r := NewReader(p.log, p.readerParams())
	for i := range 6 {
		require.Positive(t, a.Offer([]byte{byte(i)}))
	}
	var seen []byte
	script := map[byte]Action{}
	handler := func(buf []byte, h *Header) Action {
		seen = append(seen, buf[0])
		if act, ok := script[buf[0]]; ok {
			delete(script, buf[0])
			return act
		}
		return Continue
	}
	// abort on 1: 0 consumed, 1 delivered again next time
	script[1] = Abort
	assert.Equal(t, 1, r.ControlledPoll(handler, 10))
	assert.Equal(t, []byte{0, 1}, seen)
	assert.Equal(t, int64(64), r.Position())

	// break on 2: 1 and 2 consumed
	seen = nil
	script[2] = Break
	assert.Equal(t, 2, r.ControlledPoll(handler, 10))
	assert.Equal(t, []byte{1, 2}, seen)
	assert.Equal(t, int64(192), r.Position())

	// commit on 3 moves the position at once; abort on 4 keeps it after 3
	seen = nil
	var during int64
	script[3] = Commit
	script[4] = Abort
	h2 := func(buf []byte, h *Header) Action {
		act := handler(buf, h)
		if buf[0] == 4 {
			during = r.Position()
		}
		return act
	}
	assert.Equal(t, 1, r.ControlledPoll(h2, 10))
	assert.Equal(t, int64(256), during)
	assert.Equal(t, int64(256), r.Position())
	seen = nil
	assert.Equal(t, 2, r.ControlledPoll(handler, 10))
	assert.Equal(t, []byte{4, 5}, seen)
	assert.Equal(t, a.Position(), r.Position())
}

func TestClosedReaderDeliversNothing(t *testing.T) {
	p := newTestPub(t, termLen64K, 1408, 0)
	a := NewAppender(p.log, p.params())
	var closed uint32
	params := p.readerParams()
	params.Closed = NewByteFlag(unsafe.Pointer(&closed))
	r := NewReader(p.log, params)
	require.Positive(t, a.Offer([]byte("x")))
	NewByteFlag(unsafe.Pointer(&closed)).Set()
	assert.True(t, r.IsClosed())
	assert.Equal(t, 0, r.Poll(func([]byte, *Header) { t.Fatal("handler called") }, 10))
	assert.Equal(t, int64(0), r.Position())
}

func TestReadTerm(t *testing.T) {
	p := newTestPub(t, termLen64K, 1408, 9)
	a := NewAppender(p.log, p.params())
	for i := range 4 {
		require.Positive(t, a.Offer(pattern(10*i, byte(i))))
	}
	h := NewHeader(9, termLen64K)
	var lengths []int
	n, off := ReadTerm(p.log.Term(0), 0, func(buf []byte, h *Header) { lengths = append(lengths, len(buf)) }, 3, h)
	assert.Equal(t, 3, n)
	assert.Equal(t, []int{0, 10, 20}, lengths)
	assert.Equal(t, int32(32+64+64), off)
	n, off = ReadTerm(p.log.Term(0), off, func(buf []byte, h *Header) { lengths = append(lengths, len(buf)) }, 3, h)
	assert.Equal(t, 1, n)
	assert.Equal(t, int32(a.Position()), off)
}

func TestByteFlagBytePositions(t *testing.T) {
	var words [2]uint32
	for i := range 8 {
		words = [2]uint32{}
		f := NewByteFlag(unsafe.Add(unsafe.Pointer(&words), i))
		assert.False(t, f.IsSet(), "byte %d", i)
		f.Set()
		assert.True(t, f.IsSet(), "byte %d", i)
		b := unsafe.Slice((*byte)(unsafe.Pointer(&words)), 8)
		for j := range 8 {
			want := byte(0)
			if i == j {
				want = 1
			}
			assert.Equal(t, want, b[j], "set byte %d, byte %d", i, j)
		}
	}
	assert.False(t, ByteFlag{}.IsSet())
}

// assembled is one message from the assembler with its header values.
type assembled struct {
	msg                   []byte
	flags                 uint8
	termOffset            int32
	frameLength           int32
	fragmentedFrameLength int32
	position              int64
}

func TestFragmentAssemblerReassembles(t *testing.T) {
	const mtu = 1408
	maxPayload := mtu - HeaderLength
	for _, length := range []int{0, 1, maxPayload, maxPayload + 1, 3*maxPayload - 1, 5000, termLen64K / 8} {
		for _, direct := range []bool{false, true} {
			testFragmentAssemblerReassembles(t, mtu, length, direct)
		}
	}
}

// testFragmentAssemblerReassembles offers "before", length bytes and "after"
// and polls them through an assembler: with Poll and the assembler's
// handler, or (direct) with PollAssembled.
func testFragmentAssemblerReassembles(t *testing.T, mtu, length int, direct bool) {
	maxPayload := mtu - HeaderLength
	t.Run(fmt.Sprintf("%d/direct=%v", length, direct), func(t *testing.T) {
		p := newTestPub(t, termLen64K, mtu, 0)
		a := NewAppender(p.log, p.params())
		r := NewReader(p.log, p.readerParams())
		var got []assembled
		asm := NewFragmentAssembler(func(buf []byte, h *Header) {
			got = append(got, assembled{append([]byte(nil), buf...), h.Flags(), h.TermOffset(), h.FrameLength(), h.FragmentedFrameLength(), h.Position()})
		})
		msg := pattern(length, 4)
		require.Positive(t, a.Offer([]byte("before")))
		pos := a.Offer(msg)
		require.Positive(t, pos)
		require.Positive(t, a.Offer([]byte("after")))
		poll := func() int { return r.Poll(asm.Handler(), 1000) }
		if direct {
			poll = func() int { return r.PollAssembled(asm, 1000) }
		}
		for poll() > 0 {
		}
		require.Len(t, got, 3)
		assert.Equal(t, "before", string(got[0].msg))
		assert.Equal(t, string(msg), string(got[1].msg))
		assert.Equal(t, "after", string(got[2].msg))
		m := got[1]
		assert.Equal(t, uint8(FlagsUnfragmented), m.flags&FlagsUnfragmented)
		assert.Equal(t, int32(64), m.termOffset)
		assert.Equal(t, int32(HeaderLength+length), m.frameLength)
		assert.Equal(t, pos, m.position, "header position is the position after the message")
		if length > maxPayload {
			assert.Equal(t, int32(ComputeFragmentedLength(length, maxPayload)), m.fragmentedFrameLength)
		} else {
			assert.Equal(t, int32(-1), m.fragmentedFrameLength)
		}
	})
}

func TestFragmentAssemblerDropsBrokenMessage(t *testing.T) {
	p := newTestPub(t, termLen64K, 1408, 0)
	a := NewAppender(p.log, p.params())
	var got [][]byte
	asm := NewFragmentAssembler(func(buf []byte, h *Header) { got = append(got, append([]byte(nil), buf...)) })
	big := pattern(3000, 1)
	require.Positive(t, a.Offer(big)) // 3 fragments at 0, 1408, 2816
	require.Positive(t, a.Offer(big)) // 3 more
	term := p.log.Term(0)
	h := NewHeader(0, termLen64K)
	deliver := func(off int) {
		h.frame = unsafe.Pointer(&term[off])
		f := decodeFrame(term, off)
		asm.OnFragment(term[off+HeaderLength:off+int(f.Length)], h)
	}
	fr := frames(term)
	require.Len(t, fr, 6)
	// BEGIN of the first, then the MIDDLE of the second: dropped
	deliver(int(fr[0].TermOffset))
	deliver(int(fr[4].TermOffset))
	// the END of the first no longer continues anything
	deliver(int(fr[2].TermOffset))
	assert.Empty(t, got)
	// a clean run of the second still assembles
	for _, f := range fr[3:] {
		deliver(int(f.TermOffset))
	}
	require.Len(t, got, 1)
	assert.Equal(t, big, got[0])

	// a fragment from another session with the expected offset is refused too
	deliver(int(fr[0].TermOffset))
	other := append([]byte(nil), term[fr[1].TermOffset:int(fr[1].TermOffset)+int(fr[1].Length)]...)
	*(*int32)(unsafe.Pointer(&other[SessionIDOffset])) = testSession + 1
	h.frame = unsafe.Pointer(&other[0])
	asm.OnFragment(other[HeaderLength:], h)
	deliver(int(fr[2].TermOffset))
	assert.Len(t, got, 1)
}

func TestFragmentAssemblerReusesBuffer(t *testing.T) {
	p := newTestPub(t, termLen64K, 1408, 0)
	a := NewAppender(p.log, p.params())
	r := NewReader(p.log, p.readerParams())
	count := 0
	asm := NewFragmentAssembler(func(buf []byte, h *Header) { count++ })
	msg := pattern(6000, 2)
	require.Positive(t, a.Offer(msg))
	for r.Poll(asm.Handler(), 100) > 0 {
	}
	capacity := asm.Capacity()
	assert.GreaterOrEqual(t, capacity, 6000)
	require.Positive(t, a.Offer(msg))
	for r.Poll(asm.Handler(), 100) > 0 {
	}
	assert.Equal(t, capacity, asm.Capacity())
	assert.Equal(t, 2, count)
}

func TestControlledFragmentAssemblerAbortRedelivers(t *testing.T) {
	p := newTestPub(t, termLen64K, 1408, 0)
	a := NewAppender(p.log, p.params())
	r := NewReader(p.log, p.readerParams())
	big := pattern(4000, 3) // three fragments
	require.Positive(t, a.Offer([]byte("small")))
	pos := a.Offer(big)
	require.Positive(t, pos)
	require.Positive(t, a.Offer([]byte("tail")))

	var got []string
	var positions []int64
	aborts := 1
	asm := NewControlledFragmentAssembler(func(buf []byte, h *Header) Action {
		if len(buf) == len(big) && aborts > 0 {
			aborts--
			return Abort
		}
		got = append(got, string(buf))
		positions = append(positions, h.Position())
		return Continue
	})
	// first poll: "small", then the big message is aborted at its last fragment
	n := r.ControlledPoll(asm.Handler(), 10)
	assert.Equal(t, 3, n, "small and the first two fragments of big")
	assert.Equal(t, []string{"small"}, got)
	endOffset := int64(64 + 2*1408) // the last fragment of big starts here
	assert.Equal(t, endOffset, r.Position())
	// second poll redelivers the last fragment: the whole message again, then "tail"
	n = r.ControlledPoll(asm.Handler(), 10)
	assert.Equal(t, 2, n)
	require.Equal(t, []string{"small", string(big), "tail"}, got)
	assert.Equal(t, pos, positions[1])
	assert.Equal(t, a.Position(), r.Position())
}

func TestControlledFragmentAssemblerPassesActions(t *testing.T) {
	p := newTestPub(t, termLen64K, 1408, 0)
	a := NewAppender(p.log, p.params())
	r := NewReader(p.log, p.readerParams())
	for range 3 {
		require.Positive(t, a.Offer(pattern(3000, 1)))
	}
	count := 0
	asm := NewControlledFragmentAssembler(func(buf []byte, h *Header) Action {
		count++
		assert.Len(t, buf, 3000)
		return Break
	})
	// each poll stops after one whole message: three fragments
	assert.Equal(t, 3, r.ControlledPoll(asm.Handler(), 100))
	assert.Equal(t, 1, count)
	assert.Equal(t, 3, r.ControlledPoll(asm.Handler(), 100))
	assert.Equal(t, 2, count)
}
