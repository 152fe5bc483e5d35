// Command ipc_sub is the Go IPC subscriber throughput program, the same
// shape and flags as bench/c/ipc_sub.c, over the public transport API. Run
// with -e it hosts the embedded driver that the publisher connects to.
package main

import (
	"context"
	"encoding/binary"
	"fmt"
	"os"
	"time"

	"github.com/aerongo/aerongo/bench/internal/harness"
	"github.com/aerongo/aerongo/transport"
)

func main() {
	o := harness.Parse("IPC subscriber throughput")
	env := harness.Start(o)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	sub, err := env.Client.AddSubscription(ctx, o.Channel, o.StreamID)
	if err != nil {
		harness.Fail("add subscription", err)
	}
	harness.Ready()
	if err := sub.WaitConnected(ctx); err != nil {
		harness.Fail("no publisher connected", err)
	}

	var received, bytes, errs uint64
	var first time.Time
	handler := transport.FragmentHandler(func(msg []byte, _ *transport.Header) {
		if binary.LittleEndian.Uint64(msg) != received {
			errs++
		}
		if received == 0 {
			first = time.Now()
		}
		received++
		bytes += uint64(len(msg))
	})
	deadline := time.Now().Add(time.Duration(o.Duration * float64(time.Second)))
	var last time.Time
	var idle uint64
	for received < uint64(o.Count) {
		n, err := sub.Poll(handler, o.FragmentLimit)
		if err != nil {
			harness.Fail("poll", err)
		}
		if n > 0 {
			last = time.Now()
			continue
		}
		idle++
		if idle&0xFFFF == 0 {
			now := time.Now()
			if now.After(deadline) || (received > 0 && now.Sub(last) > 2*time.Second) || sub.ImageCount() == 0 {
				break
			}
		}
	}
	secs := last.Sub(first).Seconds()
	harness.Result("role", "sub", "size", o.Size, "msgs", received, "secs", fmt.Sprintf("%.4f", secs),
		"msgs_per_sec", fmt.Sprintf("%.0f", float64(received)/secs),
		"mb_per_sec", fmt.Sprintf("%.1f", float64(bytes)/secs/1e6), "errors", errs)
	env.Stop()
	if errs != 0 || received != uint64(o.Count) {
		os.Exit(1)
	}
}
