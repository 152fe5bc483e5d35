// Command largeframes streams adaptive-optics wavefront-sensor frames of a
// few hundred KiB (float32 x/y slopes per subaperture) over IPC. Each frame
// is longer than one Aeron frame, so the publisher offers it fragmented and
// the subscriber receives it reassembled, decoded into one reused value.
//
//	go run ./examples/largeframes [-frames 100] [-slopes 40960]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"time"

	"github.com/aerongo/aerongo/gen/aotelemetry"
	"github.com/aerongo/aerongo/transport"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return // -h: the usage is printed
		}
		fmt.Fprintln(os.Stderr, "largeframes:", err)
		os.Exit(1)
	}
}

// slope is the deterministic test pattern of slope k of frame i.
func slope(i, k int) (x, y float32) {
	return float32(k%1024)*0.001 + float32(i), float32(i%1024)*0.001 - float32(k)
}

func run(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("largeframes", flag.ContinueOnError)
	frames := fs.Int("frames", 100, "frames to stream")
	slopes := fs.Int("slopes", 40960, "subapertures per frame (8 bytes of slopes each)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	drv, err := transport.StartEmbeddedDriver(transport.DriverOptions{ThreadingMode: transport.ThreadingShared, SparseTermFiles: true})
	if err != nil {
		return err
	}
	defer drv.Close()
	cl, err := transport.Connect(transport.ClientOptions{Dir: drv.Dir()})
	if err != nil {
		return err
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()

	sub, err := aotelemetry.NewWavefrontFrameSubscriber(ctx, cl, "aeron:ipc", 1003)
	if err != nil {
		return err
	}
	defer sub.Close()
	pub, err := aotelemetry.NewWavefrontFramePublisher(ctx, cl, "aeron:ipc", 1003, transport.WithExclusivePublication())
	if err != nil {
		return err
	}
	defer pub.Close()

	f := aotelemetry.WavefrontFrame{SensorID: 1, Kind: aotelemetry.SensorKindShackHartmann,
		Shape:    aotelemetry.Shape{Subapertures: uint16(min(*slopes, math.MaxUint16)), PixelsPerSubaperture: 8, PixelScale: 0.3},
		Exposure: 0.0005, Slopes: make([]aotelemetry.WavefrontFrameSlopes, *slopes)}
	f.Flags.SetLoopClosed(true)
	size := f.SBEEncodedLength()
	fmt.Fprintf(out, "frame %d bytes, max payload %d bytes: %d fragments per frame\n",
		size, pub.Publication().MaxPayloadLength(), (size+pub.Publication().MaxPayloadLength()-1)/pub.Publication().MaxPayloadLength())

	errc := make(chan error, 1)
	start := time.Now()
	go func() {
		for i := 0; i < *frames; i++ {
			f.FrameID = uint64(i)
			f.Timestamp = uint64(time.Now().UnixNano())
			for k := range f.Slopes {
				f.Slopes[k].X, f.Slopes[k].Y = slope(i, k)
			}
			if err := pub.Offer(ctx, &f); err != nil {
				errc <- err
				return
			}
		}
		errc <- nil
	}()

	received, corrupt := 0, 0
	check := func(v *aotelemetry.WavefrontFrame) {
		ok := v.FrameID == uint64(received) && len(v.Slopes) == *slopes
		for k := 0; ok && k < len(v.Slopes); k += 97 {
			x, y := slope(received, k)
			ok = v.Slopes[k].X == x && v.Slopes[k].Y == y
		}
		if !ok {
			corrupt++
		}
		received++
	}
	idle := transport.NewBackoffIdleStrategy()
	for received < *frames {
		n, err := sub.PollValues(check, 64)
		if err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		idle.Idle(n)
	}
	if err := <-errc; err != nil {
		return err
	}
	elapsed := time.Since(start)
	fmt.Fprintf(out, "%d frames received, %d corrupt, %d rejected: %.0f frames/s, %.1f MB/s\n", received, corrupt,
		sub.Rejections().Total(), float64(received)/elapsed.Seconds(), float64(received*size)/elapsed.Seconds()/1e6)
	if corrupt > 0 {
		return fmt.Errorf("%d corrupt frames", corrupt)
	}
	return nil
}
