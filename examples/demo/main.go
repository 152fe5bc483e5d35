// Command demo runs Aeron's C media driver in this process, a publisher and
// a subscriber of raw byte messages on it, prints the message and byte rates
// every second and a summary at the end, and exits on its own.
//
//	go run ./examples/demo -duration 5s -size 32 -channel aeron:ipc
package main

import (
	"context"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aerongo/aerongo/transport"
)

func main() {
	duration := flag.Duration("duration", 5*time.Second, "how long to publish")
	size := flag.Int("size", 32, "message size in bytes")
	channel := flag.String("channel", "aeron:ipc", "Aeron channel URI")
	stream := flag.Int("stream", 1001, "stream id")
	flag.Parse()
	if err := run(*duration, *size, *channel, int32(*stream)); err != nil {
		fmt.Fprintln(os.Stderr, "demo:", err)
		os.Exit(1)
	}
}

type stats struct {
	sent, received, receivedBytes, outOfOrder, backPressured atomic.Int64
}

func run(duration time.Duration, size int, channel string, stream int32) error {
	if size < 0 {
		return fmt.Errorf("-size must not be negative")
	}
	drv, err := transport.StartEmbeddedDriver(transport.DriverOptions{
		ThreadingMode:   transport.ThreadingShared,
		SparseTermFiles: true,
	})
	if err != nil {
		return err
	}
	defer drv.Close()
	cl, err := transport.Connect(transport.ClientOptions{Dir: drv.Dir(), ClientName: "demo"})
	if err != nil {
		return err
	}
	defer cl.Close()

	setup, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	sub, err := cl.AddSubscription(setup, channel, stream)
	if err != nil {
		return err
	}
	pub, err := cl.AddExclusivePublication(setup, channel, stream)
	if err != nil {
		return err
	}
	if err := pub.WaitConnected(setup); err != nil {
		return fmt.Errorf("publication not connected: %w", err)
	}
	if size > pub.MaxMessageLength() {
		return fmt.Errorf("-size %d is above the channel's max message length %d", size, pub.MaxMessageLength())
	}
	fmt.Printf("driver %s, channel %s, stream %d, %d-byte messages for %v\n", drv.Dir(), channel, stream, size, duration)

	var st stats
	var stopPub, stopSub atomic.Bool
	var pubDone, subDone sync.WaitGroup
	pubDone.Add(1)
	subDone.Add(1)
	go func() { defer pubDone.Done(); publish(pub, size, &stopPub, &st) }()
	go func() { defer subDone.Done(); subscribe(sub, &stopSub, &st) }()

	start := time.Now()
	ticker := time.NewTicker(time.Second)
	defer ticker.Stop()
	lastMsgs, lastBytes, lastTime := int64(0), int64(0), start
	for now := range ticker.C {
		msgs, bytes := st.received.Load(), st.receivedBytes.Load()
		secs := now.Sub(lastTime).Seconds()
		fmt.Printf("%5.1fs  %12.0f msgs/s  %9.2f MB/s  back pressured %d\n", now.Sub(start).Seconds(),
			float64(msgs-lastMsgs)/secs, float64(bytes-lastBytes)/secs/1e6, st.backPressured.Load())
		lastMsgs, lastBytes, lastTime = msgs, bytes, now
		if now.Sub(start) >= duration {
			break
		}
	}
	stopPub.Store(true)
	elapsed := time.Since(start)
	// Once the publisher has made its last offer (and counted it), let the
	// subscriber drain what was published, then stop it.
	pubDone.Wait()
	deadline := time.Now().Add(5 * time.Second)
	for st.received.Load() < st.sent.Load() && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	stopSub.Store(true)
	subDone.Wait()

	sent, received := st.sent.Load(), st.received.Load()
	fmt.Printf("summary: sent %d, received %d, out of order %d in %.2fs: %.0f msgs/s, %.2f MB/s\n",
		sent, received, st.outOfOrder.Load(), elapsed.Seconds(),
		float64(received)/elapsed.Seconds(), float64(st.receivedBytes.Load())/elapsed.Seconds()/1e6)
	if received != sent || st.outOfOrder.Load() != 0 {
		return errors.New("messages were lost or reordered")
	}
	return nil
}

// publish offers size-byte messages carrying a sequence number (when size
// allows) as fast as the subscriber takes them.
func publish(pub *transport.Publication, size int, stop *atomic.Bool, st *stats) {
	msg := make([]byte, size)
	idle := transport.NewBackoffIdleStrategy()
	for seq := uint64(0); !stop.Load(); {
		if size >= 8 {
			binary.LittleEndian.PutUint64(msg, seq)
		}
		_, err := pub.Offer(msg)
		switch {
		case err == nil:
			seq++
			st.sent.Add(1)
			idle.Reset()
		case errors.Is(err, transport.ErrBackPressured), errors.Is(err, transport.ErrAdminAction),
			errors.Is(err, transport.ErrNotConnected):
			st.backPressured.Add(1)
			idle.Idle(0)
		default:
			fmt.Fprintln(os.Stderr, "offer:", err)
			return
		}
	}
}

// subscribe polls until stopped, checking the sequence numbers.
func subscribe(sub *transport.Subscription, stop *atomic.Bool, st *stats) {
	var next uint64
	handler := func(msg []byte, _ *transport.Header) {
		if len(msg) >= 8 {
			if binary.LittleEndian.Uint64(msg) != next {
				st.outOfOrder.Add(1)
			}
			next++
		}
		st.received.Add(1)
		st.receivedBytes.Add(int64(len(msg)))
	}
	idle := transport.NewBackoffIdleStrategy()
	for !stop.Load() {
		n, err := sub.Poll(handler, 256)
		if err != nil {
			fmt.Fprintln(os.Stderr, "poll:", err)
			return
		}
		idle.Idle(n)
	}
}
