package transport

import (
	"testing"
)

// Benchmarks of the data path over the shared embedded driver, IPC, 32-byte
// messages. Run with: go test -run '^$' -bench . -benchmem ./transport/

const benchMsgLen = 32

func benchPair(b *testing.B, exclusive bool) (*Publication, *Subscription) {
	cl := newTestClient(b)
	return pubSub(b, cl, "aeron:ipc?term-length=16m", exclusive)
}

// drainEvery polls the subscription every batch offers so the publisher
// never waits on back pressure; the poll cost is part of the measurement.
const drainEvery = 64

func BenchmarkOffer(b *testing.B) {
	for _, exclusive := range []bool{false, true} {
		name := "concurrent"
		if exclusive {
			name = "exclusive"
		}
		b.Run(name, func(b *testing.B) {
			pub, sub := benchPair(b, exclusive)
			msg := make([]byte, benchMsgLen)
			handler := func([]byte, *Header) {}
			b.ReportAllocs()
			b.SetBytes(benchMsgLen)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				for {
					if _, err := pub.Offer(msg); err == nil {
						break
					}
					_, _ = sub.Poll(handler, drainEvery)
				}
				if i%drainEvery == drainEvery-1 {
					_, _ = sub.Poll(handler, drainEvery)
				}
			}
		})
	}
}

func BenchmarkOfferv(b *testing.B) {
	pub, sub := benchPair(b, true)
	head, body := make([]byte, 8), make([]byte, benchMsgLen-8)
	handler := func([]byte, *Header) {}
	b.ReportAllocs()
	b.SetBytes(benchMsgLen)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for {
			if _, err := pub.Offerv(head, body); err == nil {
				break
			}
			_, _ = sub.Poll(handler, drainEvery)
		}
		if i%drainEvery == drainEvery-1 {
			_, _ = sub.Poll(handler, drainEvery)
		}
	}
}

func BenchmarkTryClaimCommit(b *testing.B) {
	pub, sub := benchPair(b, true)
	handler := func([]byte, *Header) {}
	b.ReportAllocs()
	b.SetBytes(benchMsgLen)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for {
			c, err := pub.TryClaim(benchMsgLen)
			if err == nil {
				c.Buffer()[0] = byte(i)
				c.Commit()
				break
			}
			_, _ = sub.Poll(handler, drainEvery)
		}
		if i%drainEvery == drainEvery-1 {
			_, _ = sub.Poll(handler, drainEvery)
		}
	}
}

// BenchmarkPoll measures the subscriber side alone: the messages are offered
// outside the timer in batches, then polled.
func BenchmarkPoll(b *testing.B) {
	pub, sub := benchPair(b, true)
	msg := make([]byte, benchMsgLen)
	received := 0
	handler := func(m []byte, h *Header) { received++ }
	const batch = 4096
	b.ReportAllocs()
	b.SetBytes(benchMsgLen)
	b.ResetTimer()
	for done := 0; done < b.N; {
		n := min(batch, b.N-done)
		b.StopTimer()
		for i := 0; i < n; i++ {
			for {
				if _, err := pub.Offer(msg); err == nil {
					break
				}
			}
		}
		b.StartTimer()
		target := received + n
		for received < target {
			_, _ = sub.Poll(handler, 256)
		}
		done += n
	}
}

func BenchmarkControlledPoll(b *testing.B) {
	pub, sub := benchPair(b, true)
	msg := make([]byte, benchMsgLen)
	received := 0
	handler := func(m []byte, h *Header) ControlledAction { received++; return ActionContinue }
	const batch = 4096
	b.ReportAllocs()
	b.SetBytes(benchMsgLen)
	b.ResetTimer()
	for done := 0; done < b.N; {
		n := min(batch, b.N-done)
		b.StopTimer()
		for i := 0; i < n; i++ {
			for {
				if _, err := pub.Offer(msg); err == nil {
					break
				}
			}
		}
		b.StartTimer()
		target := received + n
		for received < target {
			_, _ = sub.ControlledPoll(handler, 256)
		}
		done += n
	}
}

// BenchmarkPingPong measures an IPC round trip: ping offers, a pong
// goroutine polls and echoes on a second stream, ping polls the echo.
func BenchmarkPingPong(b *testing.B) {
	cl := newTestClient(b)
	pingPub, pingSub := pubSub(b, cl, "aeron:ipc?term-length=1m", true)
	pongPub, pongSub := pubSub(b, cl, "aeron:ipc?term-length=1m", true)

	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		echo := func(msg []byte, h *Header) {
			for {
				if _, err := pongPub.Offer(msg); err == nil || !retryable(err) {
					return
				}
			}
		}
		for {
			select {
			case <-done:
				return
			default:
			}
			_, _ = pingSub.Poll(echo, 16)
		}
	}()

	msg := make([]byte, benchMsgLen)
	got := false
	onPong := func([]byte, *Header) { got = true }
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for {
			if _, err := pingPub.Offer(msg); err == nil {
				break
			}
		}
		got = false
		for !got {
			_, _ = pongSub.Poll(onPong, 1)
		}
	}
	b.StopTimer()
	close(done)
	<-stopped
}

// BenchmarkPollEmpty is one poll of a connected subscription with nothing to
// read: what a busy-polling receiver pays per loop while it waits, so half
// of it is added, on average, to the latency of each message it receives.
func BenchmarkPollEmpty(b *testing.B) {
	_, sub := benchPair(b, true)
	handler := func(m []byte, h *Header) {}
	b.ReportAllocs()
	for b.Loop() {
		if n, _ := sub.Poll(handler, 20); n != 0 {
			b.Fatal("a message arrived")
		}
	}
}
