package aeronc

import (
	"encoding/binary"
	"fmt"
	"testing"
)

// FuzzGoAppenderMatchesC decodes the input as a sequence of operations
// (offer, offerv, claim with commit or abort, limit and connection changes,
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
