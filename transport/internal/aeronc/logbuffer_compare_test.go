package aeronc

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"runtime"
	"sync"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	lb "github.com/aerongo/aerongo/transport/internal/logbuffer"
)

const (
	cmpTermLength = 64 * 1024
	cmpPageSize   = 4096
	cmpMTU        = 1408
	cmpSession    = int32(-559038737)
	cmpStream     = int32(1001)
	cmpInitial    = int32(-2)
	cmpCorrID     = int64(12345)
)

func TestLogLayoutMatchesC(t *testing.T) {
	want := []int64{
		lb.MetaTermTailCountersOffset, lb.MetaActiveTermCountOffset, lb.MetaEndOfStreamPositionOffset,
		lb.MetaIsConnectedOffset, lb.MetaActiveTransportCountOffset, lb.MetaCorrelationIDOffset,
		lb.MetaInitialTermIDOffset, lb.MetaDefaultFrameHeaderLengthOffset, lb.MetaMTULengthOffset,
		lb.MetaTermLengthOffset, lb.MetaPageSizeOffset, lb.MetaPublicationWindowLengthOffset,
		lb.MetaReceiverWindowLengthOffset, lb.MetaSocketSndbufLengthOffset,
		lb.MetaOSDefaultSocketSndbufLengthOffset, lb.MetaOSMaxSocketSndbufLengthOffset,
		lb.MetaSocketRcvbufLengthOffset, lb.MetaOSDefaultSocketRcvbufLengthOffset,
		lb.MetaOSMaxSocketRcvbufLengthOffset, lb.MetaMaxResendOffset, lb.MetaDefaultHeaderOffset,
		lb.MetaEntityTagOffset, lb.MetaResponseCorrelationIDOffset, lb.MetaLingerTimeoutNsOffset,
		lb.MetaUntetheredWindowLimitTimeoutNsOffset, lb.MetaUntetheredRestingTimeoutNsOffset,
		lb.MetaGroupOffset, lb.MetaIsResponseOffset, lb.MetaRejoinOffset, lb.MetaReliableOffset,
		lb.MetaSparseOffset, lb.MetaSignalEOSOffset, lb.MetaSpiesSimulateConnectionOffset, lb.MetaTetherOffset,
		lb.MetaIsPublicationRevokedOffset, lb.MetaTypeOffset, lb.MetaUntetheredLingerTimeoutNsOffset,
		lb.MetaStructLength,
		lb.FrameLengthOffset, lb.VersionOffset, lb.FlagsOffset, lb.TypeOffset, lb.TermOffsetOffset,
		lb.SessionIDOffset, lb.StreamIDOffset, lb.TermIDOffset, lb.ReservedValueOffset, lb.HeaderLength,
	}
	got := LogLayoutOffsets()
	require.GreaterOrEqual(t, len(got), len(want))
	assert.Equal(t, want, got[:len(want)])
	assert.LessOrEqual(t, int64(lb.MetaStructLength), int64(lb.MetadataLength))
}

// pair is the same log written once by Aeron's C client and once by the Go appender.
type pair struct {
	c    *CLog
	log  *lb.Log
	a    *lb.Appender
	e    *lb.ExclusiveAppender
	lim  int64
	excl bool
}

func newPair(t *testing.T, exclusive bool) *pair {
	t.Helper()
	c, err := NewCLog(CLogParams{TermLength: cmpTermLength, PageSize: cmpPageSize, MTU: cmpMTU, InitialTermID: cmpInitial,
		SessionID: cmpSession, StreamID: cmpStream, CorrelationID: cmpCorrID, Exclusive: exclusive})
	require.NoError(t, err)
	t.Cleanup(c.Close)
	typ := uint8(lb.LogTypeConcurrentPublication)
	if exclusive {
		typ = lb.LogTypeExclusivePublication
	}
	log, err := lb.NewLog(lb.LogParams{TermLength: cmpTermLength, PageSize: cmpPageSize, MTU: cmpMTU,
		InitialTermID: cmpInitial, SessionID: cmpSession, StreamID: cmpStream, CorrelationID: cmpCorrID, Type: typ})
	require.NoError(t, err)
	p := &pair{c: c, log: log, lim: 1 << 62, excl: exclusive}
	p.c.SetLimit(p.lim)
	p.newAppender()
	return p
}

func (p *pair) newAppender() {
	params := lb.PublicationParams{SessionID: cmpSession, StreamID: cmpStream, Limit: lb.NewCounter(unsafe.Pointer(&p.lim))}
	if p.excl {
		p.e = lb.NewExclusiveAppender(p.log, params)
	} else {
		p.a = lb.NewAppender(p.log, params)
	}
}

func (p *pair) goOffer(b []byte) int64 {
	if p.excl {
		return p.e.Offer(b)
	}
	return p.a.Offer(b)
}

func (p *pair) goOfferv(v [][]byte) int64 {
	if p.excl {
		return p.e.Offerv(v)
	}
	return p.a.Offerv(v)
}

func (p *pair) goClaim(n int, fill byte, abort bool) int64 {
	var c lb.Claim
	var res int64
	if p.excl {
		c, res = p.e.Claim(n)
	} else {
		c, res = p.a.Claim(n)
	}
	if res > 0 {
		fillBytes(c.Buffer(), fill)
		if abort {
			c.Abort()
		} else {
			c.Commit()
		}
	}
	return res
}

func (p *pair) goPosition() int64 {
	if p.excl {
		return p.e.Position()
	}
	return p.a.Position()
}

func (p *pair) setConnected(v bool) {
	p.c.SetConnected(v)
	p.log.SetIsConnected(v)
}

func (p *pair) setLimit(v int64) {
	p.c.SetLimit(v)
	p.lim = v
}

// check compares the whole log, metadata included.
func (p *pair) check(t *testing.T, step string) {
	t.Helper()
	cb := p.c.Bytes()
	gb := unsafe.Slice(&p.log.Term(0)[0], len(cb))
	if !bytes.Equal(cb, gb) {
		for i := range cb {
			if cb[i] != gb[i] {
				t.Fatalf("%s: logs differ first at byte %d (term %d offset %d): C %#x, Go %#x",
					step, i, i/cmpTermLength, i%cmpTermLength, cb[i], gb[i])
			}
		}
	}
	require.Equal(t, p.c.Position(), p.goPosition(), "%s: position", step)
}

// op is one operation applied to both logs.
type op struct {
	ctl  bool // changes the counters or flags, writes no frame
	name string
	c    func(p *pair) int64
	g    func(p *pair) int64
}

func offerOp(n int, seed byte) op {
	msg := make([]byte, n)
	for i := range msg {
		msg[i] = seed + byte(i*13)
	}
	return op{false, fmt.Sprintf("offer %d", n), func(p *pair) int64 { return p.c.Offer(msg) }, func(p *pair) int64 { return p.goOffer(msg) }}
}

func offervOp(splits ...int) op {
	var vecs [][]byte
	seed := byte(len(splits))
	for _, n := range splits {
		v := make([]byte, n)
		for i := range v {
			v[i] = seed
			seed += 7
		}
		vecs = append(vecs, v)
	}
	return op{false, fmt.Sprintf("offerv %v", splits), func(p *pair) int64 { return p.c.Offerv(vecs) }, func(p *pair) int64 { return p.goOfferv(vecs) }}
}

func claimOp(n int, fill byte, abort bool) op {
	return op{false, fmt.Sprintf("claim %d abort=%v", n, abort),
		func(p *pair) int64 { return p.c.TryClaim(n, fill, abort) },
		func(p *pair) int64 { return p.goClaim(n, fill, abort) }}
}

// reserveOp is an exclusive publication's reservation of n bytes filled
// with fill and committed (Reserve, CommitReservation), against the C
// try-claim and commit of the same.
func reserveOp(n int, fill byte) op {
	return op{false, fmt.Sprintf("reserve %d", n),
		func(p *pair) int64 { return p.c.TryClaim(n, fill, false) },
		func(p *pair) int64 {
			c, res := p.e.Reserve(n)
			if res > 0 {
				fillBytes(c.Buffer(), fill)
				lb.CommitReservation(p.e, c)
			}
			return res
		}}
}

// fillBytes sets every byte of buf to v, as the Go side of claimOp and
// reserveOp fills what it was granted.
func fillBytes(buf []byte, v byte) {
	for i := range buf {
		buf[i] = v
	}
}

func ctlOp(name string, f func(p *pair)) op {
	return op{true, name, func(p *pair) int64 { f(p); return 0 }, func(p *pair) int64 { return 0 }}
}

func runOps(t *testing.T, p *pair, ops []op) {
	t.Helper()
	for i, o := range ops {
		cr := o.c(p)
		gr := o.g(p)
		require.Equal(t, cr, gr, "op %d (%s): C and Go results", i, o.name)
		p.check(t, fmt.Sprintf("op %d (%s)", i, o.name))
	}
}

func commonOps() []op {
	maxPayload := cmpMTU - lb.HeaderLength
	ops := []op{
		offerOp(0, 1), offerOp(1, 2), offerOp(31, 3), offerOp(32, 4), offerOp(100, 5),
		offerOp(maxPayload, 6), offerOp(maxPayload+1, 7), offerOp(3*maxPayload, 8), offerOp(3*maxPayload+5, 9),
		offerOp(cmpTermLength/8, 10), offerOp(cmpTermLength/8+1, 11),
		offervOp(5, 0, 17), offervOp(maxPayload-3, 10), offervOp(700, 700, 700, 1, 2000),
		claimOp(0, 0xAA, false), claimOp(77, 0xBB, false), claimOp(maxPayload, 0xCC, false),
		claimOp(50, 0xDD, true), claimOp(maxPayload+1, 0xEE, false),
		ctlOp("limit at the tail", func(p *pair) { p.setLimit(p.c.Position()) }),
		offerOp(10, 12), claimOp(10, 1, false), offervOp(3, 4),
		ctlOp("not connected", func(p *pair) { p.setConnected(false) }),
		offerOp(10, 13),
		ctlOp("connected, limit lifted", func(p *pair) { p.setConnected(true); p.setLimit(1 << 62) }),
	}
	// fill past two term ends with mixed sizes: padding and rotation
	for i := range 150 {
		switch i % 4 {
		case 0:
			ops = append(ops, offerOp(900+i, byte(i)))
		case 1:
			ops = append(ops, claimOp(300+i, byte(i), i%8 == 1))
		case 2:
			ops = append(ops, offervOp(i, 2*i, 3000))
		default:
			ops = append(ops, offerOp(i, byte(i)))
		}
	}
	return ops
}

func TestGoAppenderWritesSameBytesAsC(t *testing.T) {
	p := newPair(t, false)
	p.setConnected(true)
	p.check(t, "initial metadata")
	runOps(t, p, commonOps())
	require.Greater(t, p.log.ActiveTermCount(), int32(1), "the sequence should cross two term ends")
}

func TestGoExclusiveAppenderWritesSameBytesAsC(t *testing.T) {
	p := newPair(t, true)
	p.setConnected(true)
	p.check(t, "initial metadata")
	ops := commonOps()
	ops = append(ops,
		op{false, "padding 0", func(p *pair) int64 { return p.c.AppendPadding(0) }, func(p *pair) int64 { return p.e.AppendPadding(0) }},
		op{false, "padding 5000", func(p *pair) int64 { return p.c.AppendPadding(5000) }, func(p *pair) int64 { return p.e.AppendPadding(5000) }},
	)
	runOps(t, p, ops)
	require.Greater(t, p.log.ActiveTermCount(), int32(1))
}

func TestMaxPositionExceededLikeC(t *testing.T) {
	for _, exclusive := range []bool{false, true} {
		t.Run(fmt.Sprintf("exclusive=%v", exclusive), func(t *testing.T) {
			p := newPair(t, exclusive)
			p.setConnected(true)
			last := cmpInitial + (1<<31 - 1)
			p.c.SetPosition(last, cmpTermLength-256)
			p.log.InitTailsAt(cmpInitial, last, cmpTermLength-256)
			p.newAppender()
			p.check(t, "at the last term")
			runOps(t, p, []op{
				offerOp(100, 1), offerOp(100, 2), offerOp(10, 3),
				ctlOp("limit at the tail", func(p *pair) { p.setLimit(p.c.Position()) }),
				offerOp(10, 4), offerOp(0, 5),
			})
		})
	}
}

// goFragment is what the Go reader saw, in CLog.Poll's terms.
type goFragment = CFragment

func fnv32a(b []byte) uint32 {
	h := fnv.New32a()
	h.Write(b)
	return h.Sum32()
}

func TestGoReaderSeesWhatCImageSees(t *testing.T) {
	for _, assemble := range []bool{false, true} {
		t.Run(fmt.Sprintf("assemble=%v", assemble), func(t *testing.T) {
			c, err := NewCLog(CLogParams{TermLength: cmpTermLength, PageSize: cmpPageSize, MTU: cmpMTU, InitialTermID: cmpInitial,
				SessionID: cmpSession, StreamID: cmpStream, CorrelationID: cmpCorrID})
			require.NoError(t, err)
			defer c.Close()
			c.SetConnected(true)
			// the C publication writes two terms' worth of everything
			p := &pair{c: c}
			for _, o := range commonOps()[:120] {
				if !o.ctl {
					o.c(p)
				}
			}
			c.SetLimit(1 << 62)

			log, err := lb.WrapBytes(c.Memory())
			require.NoError(t, err)
			var subPos int64
			r := lb.NewReader(log, lb.ReaderParams{SubscriberPosition: lb.NewCounter(unsafe.Pointer(&subPos))})
			base := uintptr(unsafe.Pointer(&c.Memory()[0]))
			var got []goFragment
			record := func(buf []byte, h *lb.Header) {
				off := int64(-1)
				if len(buf) > 0 {
					if a := uintptr(unsafe.Pointer(&buf[0])); a >= base && a < base+uintptr(len(c.Memory())) {
						off = int64(a - base)
					}
				} else if !assemble || h.Flags()&lb.FlagsUnfragmented == lb.FlagsUnfragmented {
					off = int64(uintptr(unsafe.Pointer(unsafe.SliceData(buf))) - base)
				}
				got = append(got, goFragment{BufferOffset: off, Position: h.Position(), ReservedValue: h.ReservedValue(),
					Length: int32(len(buf)), TermID: h.TermID(), TermOffset: h.TermOffset(), SessionID: h.SessionID(),
					StreamID: h.StreamID(), FrameLength: h.FrameLength(), FragmentedFrameLength: h.FragmentedFrameLength(),
					Checksum: fnv32a(buf), Flags: h.Flags()})
			}
			handler := lb.FragmentHandler(record)
			if assemble {
				handler = lb.NewFragmentAssembler(record).Handler()
			}
			var want []CFragment
			for _, limit := range []int{1, 3, 7, 1000, 1000, 1000, 1000, 1000} {
				want = append(want, c.Poll(limit, assemble)...)
				r.Poll(handler, limit)
				require.Equal(t, c.SubscriberPosition(), r.Position(), "subscriber positions after poll(%d)", limit)
			}
			require.Equal(t, c.Position(), r.Position(), "read to the end")
			require.NotEmpty(t, want)
			if assemble {
				// C reports a reassembled message's payload address in its builder
				for i := range want {
					if want[i].BufferOffset < 0 || i < len(got) && got[i].BufferOffset < 0 {
						want[i].BufferOffset, got[i].BufferOffset = -1, -1
					}
				}
			}
			assert.Equal(t, want, got)
		})
	}
}

// TestMixedGoAndCWriters interleaves the C client's aeron_publication_offer
// and the Go appender from two threads on one concurrent publication; the Go
// reader and the C image both read every message once, in order per writer.
func TestMixedGoAndCWriters(t *testing.T) {
	const termLength = 1 << 20
	perWriter := 20000 // 2 x 20000 x 64 bytes stays within the three terms: no cleaning needed
	c, err := NewCLog(CLogParams{TermLength: termLength, PageSize: cmpPageSize, MTU: cmpMTU, InitialTermID: 0,
		SessionID: cmpSession, StreamID: cmpStream})
	require.NoError(t, err)
	defer c.Close()
	c.SetConnected(true)
	log, err := lb.WrapBytes(c.Memory())
	require.NoError(t, err)
	limit := int64(1 << 62)
	a := lb.NewAppender(log, lb.PublicationParams{SessionID: cmpSession, StreamID: cmpStream, Limit: lb.NewCounter(unsafe.Pointer(&limit))})

	msg := func(writer, seq int) []byte {
		b := make([]byte, 16)
		binary.LittleEndian.PutUint32(b[0:], uint32(writer))
		binary.LittleEndian.PutUint32(b[4:], uint32(seq))
		binary.LittleEndian.PutUint64(b[8:], uint64(seq)*0x9E3779B97F4A7C15)
		return b
	}
	var wg sync.WaitGroup
	offer := func(writer int, f func([]byte) int64) {
		defer wg.Done()
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		for seq := 0; seq < perWriter; {
			res := f(msg(writer, seq))
			switch {
			case res > 0:
				seq++
			case res == lb.AdminAction:
			default:
				t.Errorf("writer %d seq %d: %d", writer, seq, res)
				return
			}
		}
	}
	wg.Add(2)
	go offer(0, c.Offer)
	go offer(1, a.Offer)

	// the Go reader polls while both write
	var subPos int64
	r := lb.NewReader(log, lb.ReaderParams{SubscriberPosition: lb.NewCounter(unsafe.Pointer(&subPos))})
	next := [2]int{}
	var bad error
	check := func(buf []byte, counts *[2]int) {
		w := int(binary.LittleEndian.Uint32(buf[0:]))
		seq := int(binary.LittleEndian.Uint32(buf[4:]))
		if bad == nil && (w > 1 || seq != counts[w] || !bytes.Equal(buf, msg(w, seq))) {
			bad = fmt.Errorf("writer %d: seq %d, want %d", w, seq, counts[w])
		}
		if w <= 1 {
			counts[w] = seq + 1
		}
	}
	for next[0]+next[1] < 2*perWriter && bad == nil {
		if r.Poll(func(buf []byte, _ *lb.Header) { check(buf, &next) }, 100) == 0 {
			runtime.Gosched()
		}
	}
	wg.Wait()
	require.NoError(t, bad)
	assert.Equal(t, [2]int{perWriter, perWriter}, next)

	// the C image reads the same log with its own subscriber position
	cnext := [2]int{}
	for {
		frags := c.Poll(1000, false)
		if len(frags) == 0 && c.SubscriberPosition() == c.Position() {
			break
		}
		mem := c.Memory()
		for _, f := range frags {
			check(mem[f.BufferOffset:f.BufferOffset+int64(f.Length)], &cnext)
		}
	}
	require.NoError(t, bad)
	assert.Equal(t, [2]int{perWriter, perWriter}, cnext)
	assert.Equal(t, c.Position(), r.Position())
	assert.Equal(t, a.Position(), c.Position())
}

// recordFragment turns what a Go handler saw into a CFragment, with the
// payload's offset in the C log (or -1 outside it, as C reports a message
// reassembled in its builder).
func recordFragment(mem []byte, buf []byte, h *lb.Header) CFragment {
	base := uintptr(unsafe.Pointer(&mem[0]))
	off := int64(-1)
	if a := uintptr(unsafe.Pointer(unsafe.SliceData(buf))); a >= base && a < base+uintptr(len(mem)) {
		off = int64(a - base)
	}
	return CFragment{BufferOffset: off, Position: h.Position(), ReservedValue: h.ReservedValue(),
		Length: int32(len(buf)), TermID: h.TermID(), TermOffset: h.TermOffset(), SessionID: h.SessionID(),
		StreamID: h.StreamID(), FrameLength: h.FrameLength(), FragmentedFrameLength: h.FragmentedFrameLength(),
		Checksum: fnv32a(buf), Flags: h.Flags()}
}

// TestGoControlledPollMatchesC drives Aeron's aeron_image_controlled_poll
// (with and without its image controlled fragment assembler) and the Go
// reader's ControlledPoll (with and without the Go controlled assembler) over
// the same log with the same scripted actions: the same deliveries, in the
// same order, and the same subscriber position after every poll.
func TestGoControlledPollMatchesC(t *testing.T) {
	actions := []int32{4, 4, 1, 4, 3, 2, 4, 1, 1, 4, 3, 4, 4, 2}
	for _, assemble := range []bool{false, true} {
		t.Run(fmt.Sprintf("assemble=%v", assemble), func(t *testing.T) {
			c, err := NewCLog(CLogParams{TermLength: cmpTermLength, PageSize: cmpPageSize, MTU: cmpMTU, InitialTermID: cmpInitial,
				SessionID: cmpSession, StreamID: cmpStream, CorrelationID: cmpCorrID})
			require.NoError(t, err)
			defer c.Close()
			c.SetConnected(true)
			p := &pair{c: c}
			for _, o := range commonOps()[:120] {
				if !o.ctl {
					o.c(p)
				}
			}
			mem := c.Memory()
			log, err := lb.WrapBytes(mem)
			require.NoError(t, err)
			var subPos int64
			r := lb.NewReader(log, lb.ReaderParams{SubscriberPosition: lb.NewCounter(unsafe.Pointer(&subPos))})
			var got []CFragment
			goNext := 0
			record := func(buf []byte, h *lb.Header) lb.Action {
				got = append(got, recordFragment(mem, buf, h))
				a := lb.Action(actions[goNext%len(actions)])
				goNext++
				return a
			}
			handler := lb.ControlledFragmentHandler(record)
			if assemble {
				handler = lb.NewControlledFragmentAssembler(record).Handler()
			}
			var cNext int64
			polls := 0
			for c.SubscriberPosition() < c.Position() && polls < 10000 {
				limit := 1 + polls%9
				want := c.ControlledPoll(limit, assemble, actions, &cNext)
				got = got[:0]
				nGo := r.ControlledPoll(handler, limit)
				if assemble {
					for i := range want {
						if want[i].BufferOffset < 0 && i < len(got) {
							got[i].BufferOffset = -1
						}
					}
				}
				require.Equal(t, want, got, "poll %d (limit %d)", polls, limit)
				require.LessOrEqual(t, nGo, limit)
				require.Equal(t, c.SubscriberPosition(), r.Position(), "poll %d: subscriber positions", polls)
				polls++
			}
			require.Equal(t, c.Position(), r.Position(), "read to the end")
			require.Equal(t, int64(goNext), cNext, "the same number of deliveries")
			require.Greater(t, goNext, 100, "the script should deliver every message at least once")
			t.Logf("%d polls, %d deliveries", polls, goNext)
		})
	}
}
