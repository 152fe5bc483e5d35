// Package harness is the common part of the Go benchmark programs in
// bench/cmd: the same flags as the raw C baseline in bench/c, the embedded
// driver, the client, percentiles and the "RESULT key=value" line that
// bench/run.sh reads.
package harness

import (
	"flag"
	"fmt"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/aerongo/aerongo/transport"
)

// Options are the flags shared with the C programs (bench/c/common.c).
type Options struct {
	Dir           string  // -d aeron directory (required)
	EmbedDriver   bool    // -e start the media driver in this process
	Threading     string  // -t dedicated | shared | sharednetwork
	Idle          string  // -I driver idle strategy
	TermLength    int     // -T IPC term length
	Size          int     // -s message size
	Count         int     // -n measured messages
	Warmup        int     // -w warm-up messages (ping, pong)
	Duration      float64 // -D stop after this many seconds
	FragmentLimit int     // -f fragments per poll
	Exclusive     bool    // -x exclusive publication (throughput publisher)
	Channel       string  // -c channel
	StreamID      int32   // -i stream id (ping: pong stream is stream id + 1)
	PreTouch      bool    // -p map log buffers with their pages populated
}

func parseSize(s string) (int, error) {
	mult := 1
	switch {
	case strings.HasSuffix(s, "k"), strings.HasSuffix(s, "K"):
		mult = 1 << 10
	case strings.HasSuffix(s, "m"), strings.HasSuffix(s, "M"):
		mult = 1 << 20
	case strings.HasSuffix(s, "g"), strings.HasSuffix(s, "G"):
		mult = 1 << 30
	}
	if mult != 1 {
		s = s[:len(s)-1]
	}
	v, err := strconv.ParseInt(s, 0, 64)
	if err != nil || v < 0 {
		return 0, fmt.Errorf("bad number %q", s)
	}
	return int(v) * mult, nil
}

func sizeFlag(fs *flag.FlagSet, p *int, name string, def int, usage string) {
	*p = def
	fs.Func(name, usage, func(s string) (err error) { *p, err = parseSize(s); return err })
}

// Parse reads the flags; it exits with a usage message on error.
func Parse(what string) Options {
	o := Options{}
	fs := flag.NewFlagSet(os.Args[0], flag.ExitOnError)
	fs.Usage = func() {
		fmt.Fprintf(os.Stderr, "%s: %s\n", os.Args[0], what)
		fs.PrintDefaults()
	}
	fs.StringVar(&o.Dir, "d", "", "aeron directory (required)")
	fs.BoolVar(&o.EmbedDriver, "e", false, "start the embedded C media driver in this process")
	fs.StringVar(&o.Threading, "t", "shared", "driver threading mode: dedicated, shared, sharednetwork")
	fs.StringVar(&o.Idle, "I", "", "driver idle strategy (backoff, noop, yield, sleep-ns)")
	sizeFlag(fs, &o.TermLength, "T", 16<<20, "IPC term length")
	sizeFlag(fs, &o.Size, "s", 32, "message size")
	sizeFlag(fs, &o.Count, "n", 10_000_000, "messages")
	sizeFlag(fs, &o.Warmup, "w", 10_000, "warm-up messages")
	fs.Float64Var(&o.Duration, "D", 30, "stop after this many seconds")
	sizeFlag(fs, &o.FragmentLimit, "f", 20, "fragments per poll")
	fs.BoolVar(&o.Exclusive, "x", false, "exclusive publication")
	fs.StringVar(&o.Channel, "c", "aeron:ipc", "channel")
	fs.BoolVar(&o.PreTouch, "p", false, "map log buffers with their pages populated (pre-touch)")
	stream := 1001
	sizeFlag(fs, &stream, "i", 1001, "stream id")
	_ = fs.Parse(os.Args[1:])
	o.StreamID = int32(stream)
	if o.Dir == "" {
		fs.Usage()
		os.Exit(2)
	}
	return o
}

// Env is the running driver (if embedded) and client.
type Env struct {
	Driver *transport.Driver
	Client *transport.Client
}

// Start starts the embedded driver when asked for, then connects.
func Start(o Options) *Env {
	e := &Env{}
	if o.EmbedDriver {
		mode := map[string]transport.ThreadingMode{
			"dedicated":     transport.ThreadingDedicated,
			"shared":        transport.ThreadingShared,
			"sharednetwork": transport.ThreadingSharedNetwork,
		}
		m, ok := mode[o.Threading]
		if !ok {
			Fail("threading mode", fmt.Errorf("unknown mode %q", o.Threading))
		}
		d, err := transport.StartEmbeddedDriver(transport.DriverOptions{
			Dir: o.Dir, ThreadingMode: m, IdleStrategy: o.Idle, IPCTermLength: o.TermLength, DeleteDirOnClose: true,
		})
		if err != nil {
			Fail("start embedded driver", err)
		}
		e.Driver = d
	}
	c, err := transport.Connect(transport.ClientOptions{Dir: o.Dir, DriverTimeout: 10 * time.Second, PreTouchMappedMemory: o.PreTouch})
	if err != nil {
		Fail("connect", err)
	}
	e.Client = c
	return e
}

// Stop closes the client, then the driver.
func (e *Env) Stop() {
	_ = e.Client.Close()
	if e.Driver != nil {
		_ = e.Driver.Close()
	}
}

// Fail prints what failed and exits.
func Fail(what string, err error) {
	fmt.Fprintf(os.Stderr, "%s: %v\n", what, err)
	os.Exit(1)
}

// Ready tells bench/run.sh that the receiving side is up.
func Ready() { fmt.Println("READY") }

// Result prints the RESULT line.
func Result(kv ...any) {
	var b strings.Builder
	b.WriteString("RESULT impl=go")
	for i := 0; i+1 < len(kv); i += 2 {
		fmt.Fprintf(&b, " %v=%v", kv[i], kv[i+1])
	}
	fmt.Println(b.String())
}

// Percentile is the nearest-rank percentile p of sorted samples, as the C
// ping computes it (the small epsilon keeps 99.9% of 1000 at rank 999
// despite 99.9/100 not being exact in binary).
func Percentile(sorted []int64, p float64) int64 {
	rank := int(math.Ceil(p*float64(len(sorted))/100 - 1e-9))
	rank = max(rank, 1)
	return sorted[rank-1]
}

// Summarise sorts samples and returns the RESULT fields of a ping run.
func Summarise(samples []int64) []any {
	slices.Sort(samples)
	var sum float64
	for _, s := range samples {
		sum += float64(s)
	}
	return []any{
		"msgs", len(samples),
		"p50_ns", Percentile(samples, 50), "p90_ns", Percentile(samples, 90),
		"p99_ns", Percentile(samples, 99), "p999_ns", Percentile(samples, 99.9),
		"max_ns", samples[len(samples)-1], "mean_ns", fmt.Sprintf("%.0f", sum/float64(len(samples))),
	}
}
