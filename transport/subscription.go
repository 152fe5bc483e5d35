package transport

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/aerongo/aerongo/transport/internal/aeronc"
	"github.com/aerongo/aerongo/transport/internal/logbuffer"
)

// Header describes a delivered message: the data frame header of its last
// fragment (for a reassembled message, the first fragment's header with the
// whole length and the end flag, as Aeron's fragment assemblers give it) and
// the stream position after it. It reads the frame in the log buffer (or
// the assembler's copy), so it is valid only inside the handler call, and
// the *Header passed to a handler is reused for the next message; copy the
// values you keep.
type Header logbuffer.Header

// The term reader hands its *logbuffer.Header to the application's handler
// as this package's *Header (see readerHandler): Header must stay a defined
// type over logbuffer.Header, with no fields of its own.

// SessionID of the publication (image) the message came from.
func (h *Header) SessionID() int32 { return (*logbuffer.Header)(h).SessionID() }

// StreamID of the message.
func (h *Header) StreamID() int32 { return (*logbuffer.Header)(h).StreamID() }

// Position of the image after this message.
func (h *Header) Position() int64 { return (*logbuffer.Header)(h).Position() }

// TermID of the term holding the (last) frame.
func (h *Header) TermID() int32 { return (*logbuffer.Header)(h).TermID() }

// TermOffset of the frame in its term (of the first fragment for a
// reassembled message).
func (h *Header) TermOffset() int32 { return (*logbuffer.Header)(h).TermOffset() }

// InitialTermID of the image.
func (h *Header) InitialTermID() int32 { return (*logbuffer.Header)(h).InitialTermID() }

// Flags of the (last) frame: 0x80 begin, 0x40 end of message.
func (h *Header) Flags() uint8 { return (*logbuffer.Header)(h).Flags() }

// ReservedValue of the (last) frame, as set by the publisher.
func (h *Header) ReservedValue() int64 { return (*logbuffer.Header)(h).ReservedValue() }

// FrameLength of the (last) frame, header included.
func (h *Header) FrameLength() int32 { return (*logbuffer.Header)(h).FrameLength() }

// Type of the frame (1 for data).
func (h *Header) Type() int16 { return (*logbuffer.Header)(h).Type() }

// FragmentHandler receives one whole (reassembled) message.
//
// msg points into Aeron's log buffer (or the fragment assembler's buffer for
// a fragmented message) and is valid only until the handler returns: once
// the subscriber position moves past it, an IPC publication cleans (zeroes)
// the consumed frames for reuse. Copy what you keep; never retain msg or h.
//
// The handler runs on the polling goroutine. It may panic: the panic leaves
// Poll at once, with the messages delivered so far, the panicking one
// included, consumed, and the others kept for the next poll. It must not
// call runtime.Goexit (testing's FailNow, require.*) and must not close its
// own subscription.
type FragmentHandler func(msg []byte, h *Header)

// ControlledAction tells ControlledPoll what to do after a message.
type ControlledAction int

// Controlled poll actions.
const (
	// ActionAbort: do not consume this message; it is delivered again by
	// the next poll. The poll stops.
	ActionAbort ControlledAction = aeronc.ActionAbort
	// ActionBreak: consume this message and stop the poll.
	ActionBreak ControlledAction = aeronc.ActionBreak
	// ActionCommit: consume this message and commit the position now,
	// then continue.
	ActionCommit ControlledAction = aeronc.ActionCommit
	// ActionContinue: consume this message and continue.
	ActionContinue ControlledAction = aeronc.ActionContinue
)

func (a ControlledAction) String() string {
	switch a {
	case ActionAbort:
		return "abort"
	case ActionBreak:
		return "break"
	case ActionCommit:
		return "commit"
	case ActionContinue:
		return "continue"
	}
	return fmt.Sprintf("ControlledAction(%d)", int(a))
}

// ControlledFragmentHandler receives one whole message and decides what
// ControlledPoll does next. msg and h are valid only inside the call, as for
// FragmentHandler.
type ControlledFragmentHandler func(msg []byte, h *Header) ControlledAction

// Image describes one publisher's stream (session) as seen by a subscription.
type Image struct {
	SessionID            int32
	CorrelationID        int64
	JoinPosition         int64
	SourceIdentity       string
	InitialTermID        int32
	TermBufferLength     int32
	MTULength            int32
	SubscriberPositionID int32
}

// ImageHandler is called when an image becomes available or unavailable. It
// runs on the client conductor's thread: return promptly, and do not call
// the Client's methods (add, close, counters) from it.
type ImageHandler func(Image)

// SubscriptionOption configures AddSubscription.
type SubscriptionOption func(*subscriptionConfig)

type subscriptionConfig struct {
	onAvailable   ImageHandler
	onUnavailable ImageHandler
}

// WithAvailableImageHandler sets the handler for new images.
func WithAvailableImageHandler(h ImageHandler) SubscriptionOption {
	return func(c *subscriptionConfig) { c.onAvailable = h }
}

// WithUnavailableImageHandler sets the handler for images going away.
func WithUnavailableImageHandler(h ImageHandler) SubscriptionOption {
	return func(c *subscriptionConfig) { c.onUnavailable = h }
}

// dispatch forwards the C client's image callbacks to the image handlers.
type dispatch struct {
	cfg subscriptionConfig
}

// readerHandler is fn as the term reader's handler type, so that the reader
// (and the fragment assembler) calls the application's handler directly,
// with no forwarding call per message: a forwarding handler that wrapped the
// reader's header cost the 32-byte IPC round trip about 9 ns of its 320
// (DESIGN.md). The two func types differ only in the header pointer's type,
// and Header is a defined type over logbuffer.Header, so the pointer the
// reader passes is a valid *Header and both signatures take the same
// arguments in the same registers and stack slots.
func readerHandler(fn FragmentHandler) logbuffer.FragmentHandler {
	return *(*logbuffer.FragmentHandler)(unsafe.Pointer(&fn))
}

// These fail to compile when the handler types stop matching as
// readerHandler and readerControlledHandler need: the same parameters but
// for the header pointer's type, and results of the same size.
var (
	_ = func(fn FragmentHandler) logbuffer.FragmentHandler {
		return func(b []byte, h *logbuffer.Header) { fn(b, (*Header)(h)) }
	}
	_ = func(fn ControlledFragmentHandler) logbuffer.ControlledFragmentHandler {
		return func(b []byte, h *logbuffer.Header) logbuffer.Action { return logbuffer.Action(fn(b, (*Header)(h))) }
	}
	_ = [1]struct{}{}[unsafe.Sizeof(ControlledAction(0))-unsafe.Sizeof(logbuffer.Action(0))]
)

// readerControlledHandler is readerHandler for controlled handlers:
// ControlledAction and logbuffer.Action are both int with the same values
// (TestControlledActionValues).
func readerControlledHandler(fn ControlledFragmentHandler) logbuffer.ControlledFragmentHandler {
	return *(*logbuffer.ControlledFragmentHandler)(unsafe.Pointer(&fn))
}

func (d *dispatch) OnImage(img aeronc.Image, available bool) {
	h := d.cfg.onUnavailable
	if available {
		h = d.cfg.onAvailable
	}
	if h == nil {
		return
	}
	h(Image{
		SessionID:            img.SessionID,
		CorrelationID:        img.CorrelationID,
		JoinPosition:         img.JoinPosition,
		SourceIdentity:       img.SourceIdentity,
		InitialTermID:        img.InitialTermID,
		TermBufferLength:     img.TermBufferLength,
		MTULength:            img.MTULength,
		SubscriberPositionID: img.SubscriberPositionID,
	})
}

// Subscription receives the messages of one channel and stream from every
// publisher (image) on it. Poll and ControlledPoll must be called from one
// goroutine at a time. Close may be called from any goroutine, but not from
// inside a handler.
//
// Polls read the images' log buffers with Go's term readers and fragment
// assemblers (an ImagePoller over the C subscription's image list): no cgo
// call per poll or per message.
type Subscription struct {
	client   *Client
	channel  string
	streamID int32
	regID    int64
	d        *dispatch

	// path is the data path while the subscription is open, nil after Close.
	path atomic.Pointer[subPath]
	// released is closed once the path that path held is unreachable.
	released chan struct{}

	// mu guards sub, the C subscription, which Close frees once released.
	mu  sync.Mutex
	sub *aeronc.Subscription
}

// subPath is the subscription's data path: the image poller over the C
// subscription's image list and the images' mapped logs.
//
// Lifetime: an image the poller read from the image list it loaded stays
// mapped until the poller proposes a newer list's change number (the C
// client conductor frees a removed image only once the subscription's
// proposed change number reached the image's removal and its refcount is
// 0), so polls need no lock against the conductor. aeron_subscription_close
// however deletes the subscription's images at once, so the C close waits,
// as a publication's does (see pubPath), until the subPath is unreachable:
// a poll in progress, handlers included, holds it on its stack.
type subPath struct {
	poller *aeronc.ImagePoller
	// terminated is the C subscription's is_closed, set while the path is
	// live only by the client conductor's forced close when it terminates.
	// It is the poller's ClosedFlag, kept here too: read through the
	// poller it costs an empty poll 0.4 ns (6.48 -> 6.87 ns, medians of 6).
	terminated logbuffer.ByteFlag
	sub        *aeronc.Subscription // for control-plane reads while open
}

// outcome is the result of a poll of the path that read n fragments: with
// none read, ErrClientTerminated once the client's conductor force-closed
// the subscription.
func (p *subPath) outcome(n int) (int, error) {
	terminated := n == 0 && p.terminated.IsSet()
	runtime.KeepAlive(p) // the flag is the C subscription's, freed after p
	if terminated {
		return 0, ErrClientTerminated
	}
	return n, nil
}

// AddSubscription adds a subscription on channel and streamID, waiting for
// the driver until ctx ends.
func (c *Client) AddSubscription(ctx context.Context, channel string, streamID int32, opts ...SubscriptionOption) (*Subscription, error) {
	d := &dispatch{}
	for _, o := range opts {
		o(&d.cfg)
	}
	var async *aeronc.AsyncSubscription
	err := c.withClient(func(ac *aeronc.Client) error {
		var aerr error
		async, aerr = ac.AddSubscription(channel, streamID, d)
		return aerr
	})
	if err == nil {
		var as *aeronc.Subscription
		err = c.asyncWait(ctx, func(*aeronc.Client) (bool, error) {
			s, perr := async.Poll()
			as = s
			return s != nil, perr
		}, func(*aeronc.Client) { async.Cancel() })
		if err == nil {
			s := &Subscription{client: c, channel: channel, streamID: streamID, regID: as.RegistrationID, d: d, sub: as,
				released: make(chan struct{})}
			poller := as.NewImagePoller()
			path := &subPath{poller: poller, terminated: poller.ClosedFlag(), sub: as}
			runtime.AddCleanup(path, func(ch chan struct{}) { close(ch) }, s.released)
			s.path.Store(path)
			c.resMu.Lock()
			defer c.resMu.Unlock()
			if c.IsClosed() {
				return nil, fmt.Errorf("transport: add subscription %s stream %d: %w", channel, streamID, ErrClosed)
			}
			c.subs[s] = struct{}{}
			return s, nil
		}
	}
	return nil, fmt.Errorf("transport: add subscription %s stream %d: %w", channel, streamID, err)
}

// Poll delivers up to limit messages (fragments, counting each fragment of a
// reassembled message) to fn and returns how many fragments it consumed.
// Fragmented messages are reassembled up to the publication's max message
// length. fn runs on the calling goroutine; msg is valid only inside fn (see
// FragmentHandler). A panic in fn propagates out of Poll: the message it
// panicked on counts as consumed, the ones after it are delivered by the
// next poll. Poll fails with ErrClosed after Close, and with
// ErrClientTerminated when it finds nothing to read after the client's
// conductor terminated (a driver timeout: see Connect). Poll allocates
// nothing; pass a handler value made once (a closure created per call may be
// allocated by the caller, as it is stored for the duration of the poll).
func (s *Subscription) Poll(fn FragmentHandler, limit int) (int, error) {
	p := s.path.Load()
	if p == nil {
		return 0, ErrClosed
	}
	return p.outcome(p.poller.Poll(readerHandler(fn), limit))
}

// ControlledPoll is Poll with flow control by fn's return value: see
// ActionAbort, ActionBreak, ActionCommit and ActionContinue. A panic in fn
// propagates out of ControlledPoll; that message stays unconsumed, as for
// ActionAbort, and is delivered again by the next poll.
func (s *Subscription) ControlledPoll(fn ControlledFragmentHandler, limit int) (int, error) {
	p := s.path.Load()
	if p == nil {
		return 0, ErrClosed
	}
	return p.outcome(p.poller.ControlledPoll(readerControlledHandler(fn), limit))
}

// PollCtx polls with idle (a backoff strategy when nil) between empty polls
// until at least one fragment was delivered to fn, ctx ends (ctx.Err()),
// the subscription is closed (ErrClosed) or its client terminated
// (ErrClientTerminated). It returns the fragments consumed by the last poll.
func (s *Subscription) PollCtx(ctx context.Context, fn FragmentHandler, limit int, idle IdleStrategy) (int, error) {
	var backoff BackoffIdleStrategy // used when idle is nil; stays on the stack
	for {
		n, err := s.Poll(fn, limit)
		if err != nil || n > 0 {
			return n, err
		}
		if cerr := ctx.Err(); cerr != nil {
			return 0, cerr
		}
		if idle != nil {
			idle.Idle(0)
		} else {
			backoff.Idle(0)
		}
	}
}

// IsConnected reports whether at least one publisher (image) is connected.
func (s *Subscription) IsConnected() bool {
	p := s.path.Load()
	if p == nil {
		return false
	}
	ok := p.sub.IsConnected()
	runtime.KeepAlive(p)
	return ok
}

// ImageCount is the number of images (connected publishers) in the C
// subscription's current image list, the list the next poll reads.
func (s *Subscription) ImageCount() int {
	p := s.path.Load()
	if p == nil {
		return 0
	}
	n := p.sub.ImageCount()
	runtime.KeepAlive(p)
	return n
}

// ChannelStatus is the state of the subscription's channel. An IPC channel
// has no status indicator and is always active.
func (s *Subscription) ChannelStatus() ChannelStatus {
	p := s.path.Load()
	if p == nil {
		return ChannelStatusErrored
	}
	defer runtime.KeepAlive(p)
	if p.sub.ChannelStatusIndicatorID < 0 {
		return ChannelStatusActive
	}
	return ChannelStatus(p.sub.ChannelStatus())
}

// WaitConnected waits until a publisher is connected, ctx ends (ctx.Err()),
// the subscription is closed (ErrClosed) or its client terminated
// (ErrClientTerminated).
func (s *Subscription) WaitConnected(ctx context.Context) error {
	idle := BackoffIdleStrategy{MaxPark: 5 * DefaultBackoffMaxPark}
	for {
		p := s.path.Load()
		if p == nil {
			return ErrClosed
		}
		connected := p.sub.IsConnected()
		terminated := !connected && p.terminated.IsSet()
		runtime.KeepAlive(p)
		p = nil
		if connected {
			return nil
		}
		if terminated {
			return ErrClientTerminated
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		idle.Idle(0)
	}
}

// Channel is the subscription's channel URI.
func (s *Subscription) Channel() string { return s.channel }

// StreamID is the subscription's stream id.
func (s *Subscription) StreamID() int32 { return s.streamID }

// RegistrationID is the driver's id of this subscription.
func (s *Subscription) RegistrationID() int64 { return s.regID }

// Close closes the subscription; safe to call more than once and from any
// goroutine except from inside one of its handlers. A poll in progress on
// another goroutine finishes first (see subPath).
func (s *Subscription) Close() error {
	s.retire()
	s.mu.Lock()
	sub := s.sub
	s.sub = nil
	s.mu.Unlock()
	if sub == nil {
		return nil
	}
	s.client.untrackSubscription(s)
	if err := s.client.withClient(func(*aeronc.Client) error {
		sub.Close()
		return nil
	}); err != nil {
		sub.Detach() // the client closed first and freed the C subscription
	}
	return nil
}

// retire ends the data path and waits until no goroutine holds it.
func (s *Subscription) retire() {
	s.path.Store(nil)
	waitReleased(s.released)
}

// detach forgets the C subscription when the client closes (the client
// frees it), once no poll holds the data path.
func (s *Subscription) detach() {
	s.retire()
	s.mu.Lock()
	if s.sub != nil {
		s.sub.Detach()
	}
	s.sub = nil
	s.mu.Unlock()
}
