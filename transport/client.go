package transport

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/aerongo/aerongo/transport/internal/aeronc"
)

// DefaultDriverTimeout is how long Connect waits for a media driver when
// ClientOptions.DriverTimeout is zero (Aeron's default).
const DefaultDriverTimeout = 10 * time.Second

// ClientOptions configures Connect.
type ClientOptions struct {
	// Dir is the media driver's Aeron directory (Driver.Dir for an embedded
	// driver). Empty: Aeron's default (AERON_DIR, else /dev/shm/aeron-$USER).
	Dir string
	// DriverTimeout bounds the wait for a live driver at Connect and is the
	// client's driver liveness timeout afterwards. Zero: DefaultDriverTimeout.
	DriverTimeout time.Duration
	// ErrorHandler receives the client's asynchronous errors (each an
	// *Error) on the client conductor's thread. Nil: they are written to
	// standard error.
	ErrorHandler func(err error)
	// ClientName is shown in the driver's counters and logs.
	ClientName string
	// PreTouchMappedMemory maps each publication's and image's log buffer
	// with all its pages populated (Aeron's aeron.pre.touch.mapped.memory),
	// so that no offer or poll pays a page fault on its first write to or
	// read of a page. Adding a publication or subscription then takes longer,
	// and the whole log becomes resident: three terms of 64 MiB at Aeron's
	// default IPC term length. False leaves Aeron's default, off unless the
	// environment sets AERON_CLIENT_PRE_TOUCH_MAPPED_MEMORY=true.
	PreTouchMappedMemory bool
}

// Client is a connection to a media driver. Its methods are safe for
// concurrent use; Close releases every publication and subscription it made.
type Client struct {
	opts ClientOptions

	// mu guards c: control-plane calls hold it shared, Close exclusively.
	mu     sync.RWMutex
	c      *aeronc.Client
	closed bool

	resMu sync.Mutex
	pubs  map[*Publication]struct{}
	subs  map[*Subscription]struct{}
}

// Connect connects to the media driver in opts.Dir. Without a live driver it
// fails with an error matching ErrnoDriverTimeout once DriverTimeout has
// passed; with a driver of another Aeron version it fails with an error
// matching ErrVersionMismatch. When the driver of a connected client falls
// silent for DriverTimeout, the client's conductor reports it to the
// ErrorHandler (an error matching ErrnoDriverTimeout), terminates and
// closes every publication and subscription of the client: their calls
// fail with ErrClientTerminated from then on, and the client can only be
// closed.
func Connect(opts ClientOptions) (*Client, error) {
	if opts.DriverTimeout <= 0 {
		opts.DriverTimeout = DefaultDriverTimeout
	}
	handler := opts.ErrorHandler
	if handler == nil {
		handler = func(err error) { fmt.Fprintln(os.Stderr, "transport: aeron client error:", err) }
	}
	onError := func(code aeronc.Errno, message string) {
		handler(&Error{Op: "aeron client", Code: code, Message: message})
	}
	c, err := aeronc.Connect(opts.Dir, opts.DriverTimeout, opts.ClientName, opts.PreTouchMappedMemory, onError)
	if err != nil {
		return nil, fmt.Errorf("transport: connect to media driver in %q: %w", displayDir(opts.Dir), err)
	}
	if err := checkDriverVersion(c.Counters()); err != nil {
		c.Close()
		return nil, fmt.Errorf("transport: connect to media driver in %q: %w", displayDir(opts.Dir), err)
	}
	return &Client{
		opts: opts,
		c:    c,
		pubs: make(map[*Publication]struct{}),
		subs: make(map[*Subscription]struct{}),
	}, nil
}

func displayDir(dir string) string {
	if dir == "" {
		return "(Aeron default directory)"
	}
	return dir
}

// System counter ids of Aeron's media driver (aeron_counters.h).
const (
	CounterIDErrors       = 15
	CounterIDAeronVersion = 34
)

const systemCounterTypeID = 0

// checkDriverVersion compares the driver's version, from its "Aeron software"
// system counter, with the linked client library's. The C client only checks
// the CnC file's layout version, which many Aeron releases share.
func checkDriverVersion(cs aeronc.Counters) error {
	cmajor, cminor, cpatch := aeronc.LinkedVersion()
	major, minor, patch, ok := driverVersion(cs)
	if !ok {
		return fmt.Errorf("%w: the driver publishes no Aeron version counter (older than this client's %d.%d.%d)",
			ErrVersionMismatch, cmajor, cminor, cpatch)
	}
	if major != cmajor || minor != cminor {
		return fmt.Errorf("%w: driver is Aeron %d.%d.%d, client is Aeron %d.%d.%d; run a %d.%d.x driver",
			ErrVersionMismatch, major, minor, patch, cmajor, cminor, cpatch, cmajor, cminor)
	}
	return nil
}

func driverVersion(cs aeronc.Counters) (major, minor, patch int, ok bool) {
	if state, ok := cs.State(CounterIDAeronVersion); !ok || state != aeronc.CounterAllocated {
		return 0, 0, 0, false
	}
	if typeID, ok := cs.TypeID(CounterIDAeronVersion); !ok || typeID != systemCounterTypeID {
		return 0, 0, 0, false
	}
	label, _ := cs.Label(CounterIDAeronVersion)
	if !strings.HasPrefix(label, "Aeron software") {
		return 0, 0, 0, false
	}
	if v := atomicLoad(cs.Addr(CounterIDAeronVersion)); v > 0 {
		return int(v>>16) & 0xff, int(v>>8) & 0xff, int(v) & 0xff, true
	}
	// The driver sets the value when it starts; the label carries the same text.
	const key = "version="
	i := strings.Index(label, key)
	if i < 0 {
		return 0, 0, 0, false
	}
	text := label[i+len(key):]
	if j := strings.IndexByte(text, ' '); j >= 0 {
		text = text[:j]
	}
	parts := strings.SplitN(text, ".", 3)
	if len(parts) != 3 {
		return 0, 0, 0, false
	}
	var nums [3]int
	for k, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil {
			return 0, 0, 0, false
		}
		nums[k] = n
	}
	return nums[0], nums[1], nums[2], true
}

// Close closes every publication and subscription of the client and then
// the client. It is safe to call more than once and from any goroutine,
// also while other goroutines offer or poll (they get ErrClosed).
func (c *Client) Close() error {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return nil
	}
	c.closed = true
	c.mu.Unlock()

	c.resMu.Lock()
	pubs := make([]*Publication, 0, len(c.pubs))
	for p := range c.pubs {
		pubs = append(pubs, p)
	}
	subs := make([]*Subscription, 0, len(c.subs))
	for s := range c.subs {
		subs = append(subs, s)
	}
	c.pubs, c.subs = map[*Publication]struct{}{}, map[*Subscription]struct{}{}
	c.resMu.Unlock()

	// Detach the resources (waiting for in-flight offers and polls); the C
	// client frees them when it closes.
	for _, p := range pubs {
		p.detach()
	}
	for _, s := range subs {
		s.detach()
	}

	c.mu.Lock()
	c.c.Close()
	c.c = nil
	c.mu.Unlock()
	return nil
}

// IsClosed reports whether Close was called.
func (c *Client) IsClosed() bool {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.closed
}

// ClientID is the id the driver knows this client by.
func (c *Client) ClientID() (int64, error) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.closed {
		return 0, ErrClosed
	}
	return c.c.ClientID(), nil
}

// withClient runs f with the C client held open, or returns ErrClosed.
func (c *Client) withClient(f func(*aeronc.Client) error) error {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.closed {
		return ErrClosed
	}
	return f(c.c)
}

// asyncWait polls an asynchronous add until it completes, ctx ends or the
// client closes.
func (c *Client) asyncWait(ctx context.Context, poll func(*aeronc.Client) (bool, error), cancel func(*aeronc.Client)) error {
	idle := BackoffIdleStrategy{MinPark: 50 * time.Microsecond, MaxPark: time.Millisecond}
	for {
		var done bool
		err := c.withClient(func(ac *aeronc.Client) error {
			var perr error
			done, perr = poll(ac)
			return perr
		})
		if err != nil || done {
			return err
		}
		var conductorClosed bool
		_ = c.withClient(func(ac *aeronc.Client) error { conductorClosed = ac.IsClosed(); return nil })
		if conductorClosed {
			return ErrClientTerminated
		}
		if cerr := ctx.Err(); cerr != nil {
			_ = c.withClient(func(ac *aeronc.Client) error { cancel(ac); return nil })
			return cerr
		}
		idle.Idle(0)
	}
}

func (c *Client) addPublication(ctx context.Context, channel string, streamID int32, exclusive bool) (*Publication, error) {
	var async *aeronc.AsyncPublication
	err := c.withClient(func(ac *aeronc.Client) error {
		var aerr error
		async, aerr = ac.AddPublication(channel, streamID, exclusive)
		return aerr
	})
	if err != nil {
		return nil, err
	}
	var ap *aeronc.Publication
	err = c.asyncWait(ctx, func(*aeronc.Client) (bool, error) {
		p, perr := async.Poll()
		ap = p
		return p != nil, perr
	}, func(*aeronc.Client) { async.Cancel() })
	if err != nil {
		return nil, err
	}
	p, err := newPublication(c, ap)
	if err != nil {
		_ = c.withClient(func(*aeronc.Client) error { ap.Close(); return nil })
		return nil, err
	}
	c.resMu.Lock()
	defer c.resMu.Unlock()
	if c.IsClosed() {
		return nil, ErrClosed
	}
	c.pubs[p] = struct{}{}
	return p, nil
}

// AddPublication adds a concurrent publication (safe for use by many
// goroutines) on channel and streamID, waiting for the driver until ctx ends.
func (c *Client) AddPublication(ctx context.Context, channel string, streamID int32) (*Publication, error) {
	p, err := c.addPublication(ctx, channel, streamID, false)
	if err != nil {
		return nil, fmt.Errorf("transport: add publication %s stream %d: %w", channel, streamID, err)
	}
	return p, nil
}

// AddExclusivePublication adds an exclusive publication: its own session,
// offered to by one goroutine at a time, slightly cheaper per message.
func (c *Client) AddExclusivePublication(ctx context.Context, channel string, streamID int32) (*Publication, error) {
	p, err := c.addPublication(ctx, channel, streamID, true)
	if err != nil {
		return nil, fmt.Errorf("transport: add exclusive publication %s stream %d: %w", channel, streamID, err)
	}
	return p, nil
}

func (c *Client) untrackPublication(p *Publication) {
	c.resMu.Lock()
	delete(c.pubs, p)
	c.resMu.Unlock()
}

func (c *Client) untrackSubscription(s *Subscription) {
	c.resMu.Lock()
	delete(c.subs, s)
	c.resMu.Unlock()
}
