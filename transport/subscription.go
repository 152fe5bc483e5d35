package transport

import (
	"context"
	"fmt"
	"sync"

	"github.com/aerongo/aerongo/transport/internal/aeronc"
)

// Header describes a delivered message: the data frame header of its last
// fragment and the stream position after it. The *Header passed to a
// handler is reused for the next message; copy the values you keep.
type Header struct {
	raw aeronc.FragmentHeader
}

// SessionID of the publication (image) the message came from.
func (h *Header) SessionID() int32 { return h.raw.SessionID }

// StreamID of the message.
func (h *Header) StreamID() int32 { return h.raw.StreamID }

// Position of the image after this message.
func (h *Header) Position() int64 { return h.raw.Position }

// TermID of the term holding the (last) frame.
func (h *Header) TermID() int32 { return h.raw.TermID }

// TermOffset of the (last) frame in its term.
func (h *Header) TermOffset() int32 { return h.raw.TermOffset }

// InitialTermID of the image.
func (h *Header) InitialTermID() int32 { return h.raw.InitialTermID }

// Flags of the (last) frame: 0x80 begin, 0x40 end of message.
func (h *Header) Flags() uint8 { return h.raw.Flags }

// ReservedValue of the (last) frame, as set by the publisher.
func (h *Header) ReservedValue() int64 { return h.raw.ReservedValue }

// FrameLength of the (last) frame, header included.
func (h *Header) FrameLength() int32 { return h.raw.FrameLength }

// Type of the frame (1 for data).
func (h *Header) Type() int16 { return h.raw.Type }

// FragmentHandler receives one whole (reassembled) message.
//
// msg points into Aeron's log buffer (or the fragment assembler's buffer for
// a fragmented message) and is valid only until the handler returns: once
// the subscriber position moves past it, an IPC publication cleans (zeroes)
// the consumed frames for reuse. Copy what you keep; never retain msg or h.
//
// The handler is called from inside a cgo call: it may panic (the panic
// resumes out of Poll) but must not call runtime.Goexit (testing's FailNow,
// require.*) and must not close its own subscription.
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

// dispatch receives the C callbacks of one subscription and forwards them to
// the handler of the poll in progress; it is created once per subscription.
type dispatch struct {
	fn     FragmentHandler
	cfn    ControlledFragmentHandler
	header Header
	cfg    subscriptionConfig
}

func (d *dispatch) OnFragment(msg []byte, h *aeronc.FragmentHeader) {
	d.header.raw = *h
	d.fn(msg, &d.header)
}

func (d *dispatch) OnControlledFragment(msg []byte, h *aeronc.FragmentHeader) int {
	d.header.raw = *h
	return int(d.cfn(msg, &d.header))
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
// publisher (image) on it. Poll and ControlledPoll are serialised: call them
// from one goroutine. Close may be called from any goroutine, but not from
// inside a handler.
type Subscription struct {
	client   *Client
	channel  string
	streamID int32
	regID    int64
	d        *dispatch

	// mu guards sub and the dispatch's current handler.
	mu  sync.Mutex
	sub *aeronc.Subscription
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
			s := &Subscription{client: c, channel: channel, streamID: streamID, regID: as.RegistrationID, d: d, sub: as}
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

// subPoll is the data-path poll delivering whole messages to the dispatch.
func subPoll(s *aeronc.Subscription, limit int) (int, error) { return s.Poll(limit) }

// subControlledPoll is the data-path controlled poll.
func subControlledPoll(s *aeronc.Subscription, limit int) (int, error) {
	return s.ControlledPoll(limit)
}

// Poll delivers up to limit messages (fragments, counting each fragment of a
// reassembled message) to fn and returns how many fragments it consumed.
// Fragmented messages are reassembled up to the publication's max message
// length. fn runs on the calling goroutine; msg is valid only inside fn (see
// FragmentHandler). A panic in fn propagates out of Poll (the rest of that
// poll's fragments are consumed without delivery). Poll allocates
// nothing; pass a handler value made once (a closure created per call may be
// allocated by the caller, as it is stored for the duration of the poll).
func (s *Subscription) Poll(fn FragmentHandler, limit int) (int, error) {
	s.mu.Lock()
	defer s.endPoll()
	if s.sub == nil {
		return 0, ErrClosed
	}
	s.d.fn = fn
	return subPoll(s.sub, limit)
}

// ControlledPoll is Poll with flow control by fn's return value: see
// ActionAbort, ActionBreak, ActionCommit and ActionContinue.
func (s *Subscription) ControlledPoll(fn ControlledFragmentHandler, limit int) (int, error) {
	s.mu.Lock()
	defer s.endPoll()
	if s.sub == nil {
		return 0, ErrClosed
	}
	s.d.cfn = fn
	return subControlledPoll(s.sub, limit)
}

// PollCtx polls with idle (a backoff strategy when nil) between empty polls
// until at least one fragment was delivered to fn, ctx ends (ctx.Err()) or
// the subscription is closed (ErrClosed). It returns the fragments consumed
// by the last poll.
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

func (s *Subscription) endPoll() {
	s.d.fn, s.d.cfn = nil, nil
	s.mu.Unlock()
}

// IsConnected reports whether at least one publisher (image) is connected.
func (s *Subscription) IsConnected() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sub != nil && s.sub.IsConnected()
}

// ImageCount is the number of images (connected publishers).
func (s *Subscription) ImageCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.sub == nil {
		return 0
	}
	return s.sub.ImageCount()
}

// ChannelStatus is the state of the subscription's channel. An IPC channel
// has no status indicator and is always active.
func (s *Subscription) ChannelStatus() ChannelStatus {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.sub == nil {
		return ChannelStatusErrored
	}
	if s.sub.ChannelStatusIndicatorID < 0 {
		return ChannelStatusActive
	}
	return ChannelStatus(s.sub.ChannelStatus())
}

// WaitConnected waits until a publisher is connected, ctx ends (ctx.Err())
// or the subscription is closed (ErrClosed).
func (s *Subscription) WaitConnected(ctx context.Context) error {
	idle := BackoffIdleStrategy{MaxPark: 5 * DefaultBackoffMaxPark}
	for {
		s.mu.Lock()
		closed := s.sub == nil
		connected := !closed && s.sub.IsConnected()
		s.mu.Unlock()
		if closed {
			return ErrClosed
		}
		if connected {
			return nil
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
// another goroutine finishes first.
func (s *Subscription) Close() error {
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

// detach forgets the C subscription when the client closes (the client frees it).
func (s *Subscription) detach() {
	s.mu.Lock()
	if s.sub != nil {
		s.sub.Detach()
	}
	s.sub = nil
	s.mu.Unlock()
}
