// Command pong is the Go IPC echo program, the same shape and flags as
// bench/c/pong.c, over the public transport API: every message from stream
// -i goes back on stream -i+1 through an exclusive publication's try-claim.
// Run with -e it hosts the embedded driver that the ping connects to.
package main

import (
	"context"
	"os"
	"time"

	"github.com/aerongo/aerongo/bench/internal/harness"
	"github.com/aerongo/aerongo/transport"
)

func main() {
	o := harness.Parse("IPC pong (echo)")
	env := harness.Start(o)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	sub, err := env.Client.AddSubscription(ctx, o.Channel, o.StreamID)
	if err != nil {
		harness.Fail("add subscription", err)
	}
	pub, err := env.Client.AddExclusivePublication(ctx, o.Channel, o.StreamID+1)
	if err != nil {
		harness.Fail("add publication", err)
	}
	harness.Ready()
	if err := sub.WaitConnected(ctx); err != nil {
		harness.Fail("ping not connected", err)
	}

	var echoed uint64
	handler := transport.FragmentHandler(func(msg []byte, _ *transport.Header) {
		for {
			c, err := pub.TryClaim(len(msg))
			if err == nil {
				copy(c.Buffer(), msg)
				c.Commit()
				break
			}
		}
		echoed++
	})
	total := uint64(o.Warmup + o.Count)
	deadline := time.Now().Add(time.Duration(o.Duration * float64(time.Second)))
	var idle uint64
	for echoed < total {
		n, err := sub.Poll(handler, o.FragmentLimit)
		if err != nil {
			harness.Fail("poll", err)
		}
		if n == 0 {
			idle++
			if idle&0xFFFFF == 0 && time.Now().After(deadline) {
				break
			}
		}
	}
	harness.Result("role", "pong", "size", o.Size, "msgs", echoed)
	env.Stop()
	if echoed != total {
		os.Exit(1)
	}
}
