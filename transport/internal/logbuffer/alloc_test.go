package logbuffer

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// steady is a publication with a reader and cleaner, so that offers and
// polls can run for ever without back pressure. Its appender is a
// concurrent one (a, newSteady) or an exclusive one (e, newExclusiveSteady).
type steady struct {
	*testPub
	a  *Appender
	e  *ExclusiveAppender
	r  *Reader
	cl *cleaner
}

func newSteady(t testing.TB) *steady {
	s := newSteadyLog(t)
	s.a = NewAppender(s.log, s.params())
	return s
}

func newExclusiveSteady(t testing.TB) *steady {
	s := newSteadyLog(t)
	s.e = NewExclusiveAppender(s.log, s.params())
	return s
}

// newSteadyLog is a steady without its appender.
func newSteadyLog(t testing.TB) *steady {
	p := newTestPub(t, 1<<20, 1408, 0)
	s := &steady{testPub: p, r: NewReader(p.log, p.readerParams())}
	s.cl = &cleaner{log: p.log, window: 1 << 19, limit: &p.limit}
	s.cl.step(0)
	return s
}

// drain polls everything published so far and moves the cleaner on.
func (s *steady) drain(h FragmentHandler) {
	for s.r.Poll(h, 1<<20) > 0 {
	}
	s.cl.step(s.r.Position())
}

func noop([]byte, *Header) {}

func TestHotPathsDoNotAllocate(t *testing.T) {
	s := newSteady(t)
	msg := make([]byte, 32)
	vecs := [][]byte{msg[:10], msg[10:]}
	var c Claim
	offer := func() {
		for s.a.Offer(msg) < 0 {
			s.drain(noop)
		}
	}
	assert.Zero(t, testing.AllocsPerRun(1000, offer), "Offer")
	assert.Zero(t, testing.AllocsPerRun(1000, func() {
		for s.a.Offerv(vecs) < 0 {
			s.drain(noop)
		}
	}), "Offerv")
	assert.Zero(t, testing.AllocsPerRun(1000, func() {
		for tryClaim(s.a, 32, &c) < 0 {
			s.drain(noop)
		}
		c.Buffer()[0] = 1
		c.Commit()
	}), "TryClaim+Commit")
	assert.Zero(t, testing.AllocsPerRun(1000, func() {
		for tryClaim(s.a, 32, &c) < 0 {
			s.drain(noop)
		}
		c.Abort()
	}), "TryClaim+Abort")
	assert.Zero(t, testing.AllocsPerRun(1000, func() {
		offer()
		s.r.Poll(noop, 10)
	}), "Poll")
	ctl := func([]byte, *Header) Action { return Continue }
	assert.Zero(t, testing.AllocsPerRun(1000, func() {
		offer()
		s.r.ControlledPoll(ctl, 10)
	}), "ControlledPoll")

	asm := NewFragmentAssembler(noop)
	big := make([]byte, 5000)
	require.Positive(t, s.a.Offer(big))
	s.drain(asm.Handler()) // grows the assembler's buffer once
	assert.Zero(t, testing.AllocsPerRun(200, func() {
		for s.a.Offer(big) < 0 {
			s.drain(asm.Handler())
		}
		s.r.Poll(asm.Handler(), 10)
	}), "Poll with FragmentAssembler")

	casm := NewControlledFragmentAssembler(func([]byte, *Header) Action { return Continue })
	assert.Zero(t, testing.AllocsPerRun(200, func() {
		for s.a.Offer(big) < 0 {
			for s.r.ControlledPoll(casm.Handler(), 1<<20) > 0 {
			}
			s.cl.step(s.r.Position())
		}
		s.r.ControlledPoll(casm.Handler(), 10)
	}), "ControlledPoll with ControlledFragmentAssembler")
}

func TestExclusiveHotPathsDoNotAllocate(t *testing.T) {
	s := newExclusiveSteady(t)
	e := s.e
	drain := func() { s.drain(noop) }
	msg := make([]byte, 32)
	var c Claim
	assert.Zero(t, testing.AllocsPerRun(1000, func() {
		for e.Offer(msg) < 0 {
			drain()
		}
	}), "exclusive Offer")
	assert.Zero(t, testing.AllocsPerRun(1000, func() {
		for tryClaim(e, 32, &c) < 0 {
			drain()
		}
		c.Commit()
	}), "exclusive TryClaim+Commit")
	assert.Zero(t, testing.AllocsPerRun(1000, func() {
		for reserve(e, msg) < 0 {
			drain()
		}
	}), "exclusive Reserve+CommitReservation")
}

func benchOffer(b *testing.B, size int) {
	s := newSteady(b)
	msg := make([]byte, size)
	b.ReportAllocs()
	b.SetBytes(int64(size))
	for b.Loop() {
		for s.a.Offer(msg) < 0 {
			s.drain(noop)
		}
	}
}

func BenchmarkOffer32(b *testing.B)   { benchOffer(b, 32) }
func BenchmarkOffer1024(b *testing.B) { benchOffer(b, 1024) }

func BenchmarkExclusiveOffer32(b *testing.B) {
	s := newExclusiveSteady(b)
	msg := make([]byte, 32)
	b.ReportAllocs()
	b.SetBytes(32)
	for b.Loop() {
		for s.e.Offer(msg) < 0 {
			s.drain(noop)
		}
	}
}

func BenchmarkTryClaimCommit32(b *testing.B) {
	s := newSteady(b)
	var c Claim
	b.ReportAllocs()
	b.SetBytes(32)
	for b.Loop() {
		for tryClaim(s.a, 32, &c) < 0 {
			s.drain(noop)
		}
		c.Buffer()[0] = 1
		c.Commit()
	}
}

// BenchmarkExclusiveClaim32 and BenchmarkExclusiveReserve32 write a
// 32-byte message into an exclusive log through a claim and through a
// reservation, each committed: the two ways of writing in place.
func BenchmarkExclusiveClaim32(b *testing.B) {
	benchExclusiveInPlace(b, func(e *ExclusiveAppender) bool {
		c, res := e.Claim(32)
		if res < 0 {
			return false
		}
		c.Buffer()[0] = 1
		c.Commit()
		return true
	})
}

func BenchmarkExclusiveReserve32(b *testing.B) {
	benchExclusiveInPlace(b, func(e *ExclusiveAppender) bool {
		c, res := e.Reserve(32)
		if res < 0 {
			return false
		}
		c.Buffer()[0] = 1
		CommitReservation(e, c)
		return true
	})
}

// benchExclusiveInPlace runs write on an exclusive log, draining it with a
// reader and a cleaner whenever write is refused.
func benchExclusiveInPlace(b *testing.B, write func(e *ExclusiveAppender) bool) {
	s := newExclusiveSteady(b)
	b.ReportAllocs()
	b.SetBytes(32)
	for b.Loop() {
		for !write(s.e) {
			s.drain(noop)
		}
	}
}

// BenchmarkPoll32 measures reading: each iteration polls one 32-byte
// message; the log is refilled outside the timer.
func BenchmarkPoll32(b *testing.B) {
	s := newSteady(b)
	msg := make([]byte, 32)
	var sum int
	h := func(buf []byte, _ *Header) { sum += len(buf) }
	b.ReportAllocs()
	b.SetBytes(32)
	for b.Loop() {
		if s.r.Poll(h, 1) == 0 {
			b.StopTimer()
			s.cl.step(s.r.Position())
			for s.a.Offer(msg) > 0 {
			}
			b.StartTimer()
			s.r.Poll(h, 1)
		}
	}
	if sum == 0 {
		b.Fatal("nothing read")
	}
}
