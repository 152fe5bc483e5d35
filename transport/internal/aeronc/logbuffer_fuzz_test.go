package aeronc

import (
	"encoding/binary"
	"fmt"
	"reflect"
	"testing"
	"unsafe"

	lb "github.com/aerongo/aerongo/transport/internal/logbuffer"
)

// FuzzGoAppenderMatchesC decodes the input as a sequence of operations
// (offer, offerv, claim with commit or abort, an exclusive reservation
// committed, which C does as a claim, limit and connection changes,
// exclusive padding) and applies each to the C client's publication and to
// the Go appender: results and whole logs must stay equal.
func FuzzGoAppenderMatchesC(f *testing.F) {
	f.Add(false, []byte{0, 10, 0, 1, 200, 5, 2, 50, 0, 3, 0, 0})
	f.Add(true, []byte{0, 255, 20, 6, 4, 0, 0, 1, 30, 30, 2, 255, 5, 3, 1, 0})
	f.Add(false, []byte{4, 0, 0, 0, 16, 0, 5, 1, 0, 0, 100, 0, 4, 1, 0})
	f.Fuzz(func(t *testing.T, exclusive bool, program []byte) {
		p := newPair(t, exclusive)
		p.setConnected(true)
		for i := 0; i+3 <= len(program) && i < 3*400; i += 3 {
			kind := program[i] % 7
			n := int(binary.LittleEndian.Uint16(program[i+1:]))
			var o op
			switch kind {
			case 0:
				o = offerOp(n%9000, program[i+1])
			case 1:
				o = offervOp(n%3000, (n/3)%1500, int(program[i+2]))
			case 2:
				o = claimOp(n%1400, program[i+2], false)
				if exclusive && program[i+2]%2 == 1 {
					o = reserveOp(n%1400, program[i+2])
				}
			case 3:
				o = claimOp(n%1400, program[i+2], true)
			case 4:
				o = ctlOp("limit", func(p *pair) {
					if n%2 == 0 {
						p.setLimit(1 << 62)
					} else {
						p.setLimit(p.c.Position() + int64(n%4096))
					}
				})
			case 5:
				o = ctlOp("connected", func(p *pair) { p.setConnected(n%4 != 0) })
			default:
				if !exclusive {
					o = offerOp(n%64, 1)
					break
				}
				length := n % 3000
				o = op{false, fmt.Sprintf("padding %d", length),
					func(p *pair) int64 { return p.c.AppendPadding(length) },
					func(p *pair) int64 { return p.e.AppendPadding(length) }}
			}
			cr, gr := o.c(p), o.g(p)
			if cr != gr {
				t.Fatalf("op %d (%s): C %d, Go %d", i/3, o.name, cr, gr)
			}
			p.check(t, fmt.Sprintf("op %d (%s)", i/3, o.name))
		}
	})
}

// FuzzGoControlledPollMatchesC runs the C image's controlled poll and the Go
// reader's over the same log with a fuzzed action script and fragment
// limits, with and without reassembly: the same deliveries and subscriber
// positions after every poll.
func FuzzGoControlledPollMatchesC(f *testing.F) {
	f.Add(true, []byte{4, 4, 1, 3, 2, 4}, []byte{1, 5, 9})
	f.Add(false, []byte{1, 1, 4, 2}, []byte{3})
	f.Fuzz(func(t *testing.T, assemble bool, script []byte, limits []byte) {
		if len(script) == 0 || len(limits) == 0 {
			return
		}
		actions := make([]int32, len(script))
		continues := false
		for i, b := range script {
			actions[i] = int32(b%4) + 1
			continues = continues || actions[i] != 1
		}
		if !continues {
			return // only aborts: no poll ever moves on
		}
		c, err := NewCLog(CLogParams{TermLength: cmpTermLength, PageSize: cmpPageSize, MTU: cmpMTU, InitialTermID: cmpInitial,
			SessionID: cmpSession, StreamID: cmpStream, CorrelationID: cmpCorrID})
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		c.SetConnected(true)
		p := &pair{c: c}
		for _, o := range commonOps()[:60] {
			if !o.ctl {
				o.c(p)
			}
		}
		mem := c.Memory()
		log, err := lb.WrapBytes(mem)
		if err != nil {
			t.Fatal(err)
		}
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
		for polls := 0; c.SubscriberPosition() < c.Position() && polls < 2000; polls++ {
			limit := 1 + int(limits[polls%len(limits)]%16)
			want := c.ControlledPoll(limit, assemble, actions, &cNext)
			got = got[:0]
			r.ControlledPoll(handler, limit)
			for i := range want {
				if want[i].BufferOffset < 0 && i < len(got) {
					got[i].BufferOffset = -1
				}
			}
			if !reflect.DeepEqual(want, got) {
				t.Fatalf("poll %d (limit %d): C %+v\nGo %+v", polls, limit, want, got)
			}
			if c.SubscriberPosition() != r.Position() {
				t.Fatalf("poll %d: subscriber position C %d, Go %d", polls, c.SubscriberPosition(), r.Position())
			}
		}
	})
}
