// Command ping is the Go IPC round-trip program, the same shape and flags as
// bench/c/ping.c, over the public transport API: an exclusive publication on
// stream -i, echoes on stream -i+1, every round trip recorded and the
// percentiles computed from the sorted samples.
package main

import (
	"context"
	"encoding/binary"
	"errors"
	"time"

	"github.com/aerongo/aerongo/bench/internal/harness"
	"github.com/aerongo/aerongo/transport"
)

func main() {
	o := harness.Parse("IPC ping (round-trip time)")
	if o.Size < 8 {
		harness.Fail("options", errors.New("message size must be at least 8"))
	}
	env := harness.Start(o)
	defer env.Stop()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	sub, err := env.Client.AddSubscription(ctx, o.Channel, o.StreamID+1)
	if err != nil {
		harness.Fail("add subscription", err)
	}
	pub, err := env.Client.AddExclusivePublication(ctx, o.Channel, o.StreamID)
	if err != nil {
		harness.Fail("add publication", err)
	}
	if err := pub.WaitConnected(ctx); err != nil {
		harness.Fail("pong not connected", err)
	}
	if err := sub.WaitConnected(ctx); err != nil {
		harness.Fail("pong not connected", err)
	}

	base := time.Now()
	samples := make([]int64, 0, o.Count)
	recording := false
	var received uint64
	handler := transport.FragmentHandler(func(msg []byte, _ *transport.Header) {
		now := int64(time.Since(base))
		if recording && len(samples) < cap(samples) {
			samples = append(samples, now-int64(binary.LittleEndian.Uint64(msg)))
		}
		received++
	})
	msg := make([]byte, o.Size)
	run := func(count int) {
		for range count {
			for {
				binary.LittleEndian.PutUint64(msg, uint64(time.Since(base)))
				if _, err := pub.Offer(msg); err == nil {
					break
				}
			}
			want := received + 1
			for received < want {
				if _, err := sub.Poll(handler, o.FragmentLimit); err != nil {
					harness.Fail("poll", err)
				}
			}
		}
	}
	run(o.Warmup)
	recording = true
	run(o.Count)
	harness.Result(append([]any{"role", "ping", "size", o.Size}, harness.Summarise(samples)...)...)
}
