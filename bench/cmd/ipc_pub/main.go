// Command ipc_pub is the Go IPC publisher throughput program, the same shape
// and flags as bench/c/ipc_pub.c, over the public transport API.
package main

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/aerongo/aerongo/bench/internal/harness"
	"github.com/aerongo/aerongo/transport"
)

func main() {
	o := harness.Parse("IPC publisher throughput")
	if o.Size < 8 {
		harness.Fail("options", errors.New("message size must be at least 8"))
	}
	env := harness.Start(o)
	defer env.Stop()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var pub *transport.Publication
	var err error
	if o.Exclusive {
		pub, err = env.Client.AddExclusivePublication(ctx, o.Channel, o.StreamID)
	} else {
		pub, err = env.Client.AddPublication(ctx, o.Channel, o.StreamID)
	}
	if err != nil {
		harness.Fail("add publication", err)
	}
	if err := pub.WaitConnected(ctx); err != nil {
		harness.Fail("no subscriber connected", err)
	}

	msg := make([]byte, o.Size)
	deadline := time.Now().Add(time.Duration(o.Duration * float64(time.Second)))
	var sent, backPressured uint64
	start := time.Now()
	for sent < uint64(o.Count) {
		binary.LittleEndian.PutUint64(msg, sent)
		_, err := pub.Offer(msg)
		if err == nil {
			sent++
			continue
		}
		if !errors.Is(err, transport.ErrBackPressured) && !errors.Is(err, transport.ErrAdminAction) {
			fmt.Fprintln(os.Stderr, "offer failed:", err)
			os.Exit(1)
		}
		backPressured++
		if backPressured&0xFFF == 0 && time.Now().After(deadline) {
			break
		}
	}
	secs := time.Since(start).Seconds()
	harness.Result("role", "pub", "size", o.Size, "msgs", sent, "secs", fmt.Sprintf("%.4f", secs),
		"msgs_per_sec", fmt.Sprintf("%.0f", float64(sent)/secs),
		"mb_per_sec", fmt.Sprintf("%.1f", float64(sent)*float64(o.Size)/secs/1e6), "back_pressured", backPressured)
}
