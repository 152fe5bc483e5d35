package aeronc

import (
	"fmt"
	"testing"
	"unsafe"

	lb "github.com/aerongo/aerongo/transport/internal/logbuffer"
)

// The benchmarks below run the same loops over the same kind of C memory
// once through Aeron's C client code (one cgo call for all b.N operations)
// and once through the Go log-buffer code, so that their ns/op compare the
// appenders and readers themselves.

const benchTermLength = 1 << 20

func newBenchCLog(b *testing.B, exclusive bool) *CLog {
	c, err := NewCLog(CLogParams{TermLength: benchTermLength, PageSize: cmpPageSize, MTU: cmpMTU,
		SessionID: cmpSession, StreamID: cmpStream, Exclusive: exclusive})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(c.Close)
	c.SetConnected(true)
	return c
}

func benchmarkOffer(b *testing.B, size int, exclusive, useGo bool) {
	c := newBenchCLog(b, exclusive)
	msg := make([]byte, size)
	b.SetBytes(int64(size))
	b.ReportAllocs()
	if !useGo {
		b.ResetTimer()
		if got := c.BenchOffer(msg, b.N); got < b.N*9/10 {
			b.Fatalf("only %d of %d offers succeeded", got, b.N)
		}
		return
	}
	log, err := lb.WrapBytes(c.Memory())
	if err != nil {
		b.Fatal(err)
	}
	limit := int64(1 << 62)
	params := lb.PublicationParams{SessionID: cmpSession, StreamID: cmpStream, Limit: lb.NewCounter(unsafe.Pointer(&limit))}
	var offer func([]byte) int64
	if exclusive {
		offer = lb.NewExclusiveAppender(log, params).Offer
	} else {
		offer = lb.NewAppender(log, params).Offer
	}
	ok := 0
	b.ResetTimer()
	for range b.N {
		r := offer(msg)
		if r > 0 {
			ok++
		} else if r == lb.AdminAction {
			clear(log.Term(lb.IndexByTermCount(log.ActiveTermCount())))
		}
	}
	if ok < b.N*9/10 {
		b.Fatalf("only %d of %d offers succeeded", ok, b.N)
	}
}

func BenchmarkOffer(b *testing.B) {
	for _, size := range []int{32, 1024} {
		for _, exclusive := range []bool{false, true} {
			for _, impl := range []string{"C", "Go"} {
				b.Run(fmt.Sprintf("size=%d/exclusive=%v/%s", size, exclusive, impl), func(b *testing.B) {
					benchmarkOffer(b, size, exclusive, impl == "Go")
				})
			}
		}
	}
}

func BenchmarkPoll(b *testing.B) {
	for _, impl := range []string{"C", "Go"} {
		b.Run("size=32/"+impl, func(b *testing.B) {
			c := newBenchCLog(b, false)
			msg := make([]byte, 32)
			for range 1000 {
				if c.Offer(msg) < 0 {
					b.Fatal("prefill failed")
				}
			}
			b.SetBytes(32)
			b.ReportAllocs()
			if impl == "C" {
				b.ResetTimer()
				c.BenchPoll(b.N, 20)
				return
			}
			log, err := lb.WrapBytes(c.Memory())
			if err != nil {
				b.Fatal(err)
			}
			var pos int64
			counter := lb.NewCounter(unsafe.Pointer(&pos))
			r := lb.NewReader(log, lb.ReaderParams{SubscriberPosition: counter})
			seen := 0
			handler := func([]byte, *lb.Header) { seen++ }
			b.ResetTimer()
			for seen < b.N {
				if r.Poll(handler, 20) <= 0 {
					counter.Set(0)
				}
			}
		})
	}
}
