// Command eventloop runs an adaptive-optics control loop as one event loop
// on one goroutine that never blocks in the transport. Each turn offers the
// next wavefront-sensor frame when one is due (a simulated camera; TryOffer,
// so a back-pressured frame is retried next turn), polls the wavefront
// stream with a flyweight decoder and turns each frame into a
// deformable-mirror command that it offers, polls the command stream (the
// mirror) into a reused value, and idles with a backoff strategy when the
// turn did no work.
//
//	go run ./examples/eventloop [-frames 500] [-rate 2000]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
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
		fmt.Fprintln(os.Stderr, "eventloop:", err)
		os.Exit(1)
	}
}

const (
	frameStream   = 1004
	commandStream = 1005
	subapertures  = 1600
	actuators     = 97
)

func run(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("eventloop", flag.ContinueOnError)
	frames := fs.Int("frames", 500, "frames to process")
	rate := fs.Int("rate", 2000, "camera frames per second")
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
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	frameSub, err := aotelemetry.NewWavefrontFrameSubscriber(ctx, cl, "aeron:ipc", frameStream)
	if err != nil {
		return err
	}
	defer frameSub.Close()
	camera, err := aotelemetry.NewWavefrontFramePublisher(ctx, cl, "aeron:ipc", frameStream, transport.WithExclusivePublication())
	if err != nil {
		return err
	}
	defer camera.Close()
	commandSub, err := aotelemetry.NewMirrorCommandSubscriber(ctx, cl, "aeron:ipc", commandStream)
	if err != nil {
		return err
	}
	defer commandSub.Close()
	controller, err := aotelemetry.NewMirrorCommandPublisher(ctx, cl, "aeron:ipc", commandStream, transport.WithExclusivePublication())
	if err != nil {
		return err
	}
	defer controller.Close()
	if err := frameSub.Subscription().WaitConnected(ctx); err != nil {
		return err
	}
	if err := commandSub.Subscription().WaitConnected(ctx); err != nil {
		return err
	}

	// The camera's frame, reused; its slopes tilt a little from frame to frame.
	frame := aotelemetry.WavefrontFrame{SensorID: 3, Kind: aotelemetry.SensorKindPyramid,
		Shape:  aotelemetry.Shape{Subapertures: subapertures, PixelsPerSubaperture: 4, PixelScale: 0.2},
		Slopes: make([]aotelemetry.WavefrontFrameSlopes, subapertures)}
	cmd := aotelemetry.MirrorCommand{MirrorID: 1, Gain: 0.4, Actuators: make([]aotelemetry.MirrorCommandActuators, actuators)}

	var (
		sent, processed, applied int
		pendingCmd               bool // a computed command waits for the controller's publication
		backPressured, turns     int
		idleTurns                int
		lastFrame                uint64
	)
	// Handlers made once: the loop allocates nothing per message.
	onFrame := func(d *aotelemetry.WavefrontFrameDecoder) {
		// Average the x and y slopes into a tip/tilt command (a real
		// controller multiplies by a reconstructor matrix here).
		var sx, sy float64
		n := 0
		for s := range d.Slopes().All() {
			sx += float64(s.X())
			sy += float64(s.Y())
			n++
		}
		cmd.FrameID = d.FrameID()
		for k := range cmd.Actuators {
			cmd.Actuators[k] = aotelemetry.MirrorCommandActuators{Index: uint16(k), Stroke: float32(-cmd.Gain * (sx + sy*float64(k)/actuators) / float64(n))}
		}
		pendingCmd = true
		processed++
	}
	onCommand := func(c *aotelemetry.MirrorCommand) { applied++; lastFrame = c.FrameID }

	period := time.Second / time.Duration(*rate)
	next := time.Now()
	idle := transport.NewBackoffIdleStrategy()
	start := time.Now()
	for applied < *frames {
		if err := ctx.Err(); err != nil {
			return err
		}
		turns++
		work := 0
		if sent < *frames && !time.Now().Before(next) {
			frame.FrameID = uint64(sent)
			for k := range frame.Slopes {
				frame.Slopes[k] = aotelemetry.WavefrontFrameSlopes{X: float32(sent%100) * 0.01, Y: float32(k%40) * 0.001}
			}
			switch err := camera.TryOffer(&frame); {
			case err == nil:
				sent++
				next = next.Add(period)
				work++
			case errors.Is(err, transport.ErrBackPressured), errors.Is(err, transport.ErrAdminAction):
				backPressured++
			default:
				return err
			}
		}
		if pendingCmd {
			switch err := controller.TryOffer(&cmd); {
			case err == nil:
				pendingCmd = false
				work++
			case errors.Is(err, transport.ErrBackPressured), errors.Is(err, transport.ErrAdminAction):
				backPressured++
			default:
				return err
			}
		}
		if !pendingCmd { // one command in flight at a time
			n, err := frameSub.Poll(onFrame, 1)
			if err != nil {
				return err
			}
			work += n
		}
		n, err := commandSub.PollValues(onCommand, 10)
		if err != nil {
			return err
		}
		work += n
		if work == 0 {
			idleTurns++
		}
		idle.Idle(work)
	}
	elapsed := time.Since(start)
	fmt.Fprintf(out, "frames sent %d, processed %d, commands applied %d (last for frame %d)\n", sent, processed, applied, lastFrame)
	fmt.Fprintf(out, "%d turns (%d idle), %d back-pressured offers, %.0f frames/s\n", turns, idleTurns, backPressured, float64(applied)/elapsed.Seconds())
	return nil
}
