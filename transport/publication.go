package transport

import (
	"context"
	"sync"

	"github.com/aerongo/aerongo/transport/internal/aeronc"
)

// ChannelStatus is the state of a publication's or subscription's channel.
type ChannelStatus int64

// Channel states (Aeron's channel status indicator values).
const (
	ChannelStatusErrored      ChannelStatus = -1
	ChannelStatusInitializing ChannelStatus = 0
	ChannelStatusActive       ChannelStatus = 1
	ChannelStatusClosing      ChannelStatus = 2
)

func (s ChannelStatus) String() string {
	switch s {
	case ChannelStatusErrored:
		return "errored"
	case ChannelStatusInitializing:
		return "initializing"
	case ChannelStatusActive:
		return "active"
	case ChannelStatusClosing:
		return "closing"
	}
	return "unknown"
}

// Publication publishes messages on one channel and stream. A concurrent
// publication (Client.AddPublication) may be used by many goroutines; an
// exclusive one (Client.AddExclusivePublication) by one at a time. Close may
// be called from any goroutine at any time; later calls return ErrClosed.
type Publication struct {
	client    *Client
	constants aeronc.PublicationConstants
	exclusive bool

	// mu guards pub: the data path holds it shared, Close exclusively.
	mu  sync.RWMutex
	pub *aeronc.Publication
}

func newPublication(c *Client, p *aeronc.Publication) *Publication {
	return &Publication{client: c, constants: p.Constants, exclusive: p.Exclusive(), pub: p}
}

// pubOffer is the data-path offer of one message.
func pubOffer(p *aeronc.Publication, msg []byte) int64 { return p.Offer(msg) }

// pubOfferv is the data-path offer of a message gathered from parts.
func pubOfferv(p *aeronc.Publication, parts [][]byte) int64 { return p.Offerv(parts) }

// pubTryClaim is the data-path claim of n bytes.
func pubTryClaim(p *aeronc.Publication, n int, c *aeronc.Claim) int64 { return p.TryClaim(n, c) }

// Offer publishes msg as one message, fragmented when it is longer than
// MaxPayloadLength, and returns the publication's new position. On failure
// it returns Aeron's negative status code and one of the preallocated
// errors: ErrBackPressured, ErrNotConnected, ErrAdminAction (retry),
// ErrClosed, ErrMaxPositionExceeded, ErrPublicationError, or
// ErrMessageTooLong. msg is not retained.
func (p *Publication) Offer(msg []byte) (int64, error) {
	if len(msg) > int(p.constants.MaxMessageLength) {
		return aeronc.PublicationError, ErrMessageTooLong
	}
	p.mu.RLock()
	if p.pub == nil {
		p.mu.RUnlock()
		return aeronc.PublicationClosed, ErrClosed
	}
	rc := pubOffer(p.pub, msg)
	p.mu.RUnlock()
	if rc < 0 {
		return rc, offerError(rc)
	}
	return rc, nil
}

// Offerv publishes the concatenation of parts as one message, like Offer.
func (p *Publication) Offerv(parts ...[]byte) (int64, error) {
	total := 0
	for _, b := range parts {
		total += len(b)
	}
	if total > int(p.constants.MaxMessageLength) {
		return aeronc.PublicationError, ErrMessageTooLong
	}
	p.mu.RLock()
	if p.pub == nil {
		p.mu.RUnlock()
		return aeronc.PublicationClosed, ErrClosed
	}
	rc := pubOfferv(p.pub, parts)
	p.mu.RUnlock()
	if rc < 0 {
		return rc, offerError(rc)
	}
	return rc, nil
}

// Claim is a range of the publication's log buffer claimed by TryClaim:
// write the message into Buffer, then Commit it (or Abort it, which leaves
// padding that subscribers skip). Until then the publication's subscribers
// cannot read past it, so commit promptly, and before closing the
// publication. A Claim must not be used after Commit or Abort.
type Claim struct {
	c aeronc.Claim
}

// Buffer is the claimed payload, exactly the length passed to TryClaim.
func (c *Claim) Buffer() []byte { return c.c.Buffer() }

// Commit publishes the claimed message.
func (c *Claim) Commit() { aeronc.CommitClaim(&c.c) }

// Abort discards the claimed range.
func (c *Claim) Abort() { aeronc.AbortClaim(&c.c) }

// TryClaim claims n bytes (at most MaxPayloadLength, so the message is one
// frame) for writing in place. Errors are those of Offer.
func (p *Publication) TryClaim(n int) (Claim, error) {
	var c Claim
	if n < 0 || n > int(p.constants.MaxPayloadLength) {
		return c, ErrMessageTooLong
	}
	p.mu.RLock()
	if p.pub == nil {
		p.mu.RUnlock()
		return c, ErrClosed
	}
	rc := pubTryClaim(p.pub, n, &c.c)
	p.mu.RUnlock()
	if rc < 0 {
		return c, offerError(rc)
	}
	return c, nil
}

// OfferCtx offers msg, retrying with idle (a backoff strategy when nil)
// while the publication is back pressured, not connected or rotating,
// until it succeeds, fails otherwise, or ctx ends (then ctx.Err()).
func (p *Publication) OfferCtx(ctx context.Context, msg []byte, idle IdleStrategy) (int64, error) {
	var backoff BackoffIdleStrategy // used when idle is nil; stays on the stack
	for {
		pos, err := p.Offer(msg)
		if err == nil || !retryable(err) {
			return pos, err
		}
		if cerr := ctx.Err(); cerr != nil {
			return pos, cerr
		}
		if idle != nil {
			idle.Idle(0)
		} else {
			backoff.Idle(0)
		}
	}
}

// TryClaimCtx claims n bytes, retrying like OfferCtx.
func (p *Publication) TryClaimCtx(ctx context.Context, n int, idle IdleStrategy) (Claim, error) {
	var backoff BackoffIdleStrategy // used when idle is nil; stays on the stack
	for {
		c, err := p.TryClaim(n)
		if err == nil || !retryable(err) {
			return c, err
		}
		if cerr := ctx.Err(); cerr != nil {
			return c, cerr
		}
		if idle != nil {
			idle.Idle(0)
		} else {
			backoff.Idle(0)
		}
	}
}

// WaitConnected waits until a subscriber is connected, ctx ends (ctx.Err())
// or the publication is closed (ErrClosed).
func (p *Publication) WaitConnected(ctx context.Context) error {
	idle := BackoffIdleStrategy{MaxPark: 5 * DefaultBackoffMaxPark}
	for {
		connected, err := p.isConnected()
		if err != nil {
			return err
		}
		if connected {
			return nil
		}
		if cerr := ctx.Err(); cerr != nil {
			return cerr
		}
		idle.Idle(0)
	}
}

func (p *Publication) isConnected() (bool, error) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	if p.pub == nil {
		return false, ErrClosed
	}
	return p.pub.IsConnected(), nil
}

// IsConnected reports whether at least one subscriber is connected.
func (p *Publication) IsConnected() bool {
	ok, _ := p.isConnected()
	return ok
}

// IsClosed reports whether the publication is closed (by Close, by its
// client's Close, or by Aeron).
func (p *Publication) IsClosed() bool {
	p.mu.RLock()
	defer p.mu.RUnlock()
	return p.pub == nil || p.pub.IsClosed()
}

// Position is the position the next message will be written at, or
// ErrClosed.
func (p *Publication) Position() (int64, error) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	if p.pub == nil {
		return 0, ErrClosed
	}
	pos := p.pub.Position()
	if pos < 0 {
		return pos, offerError(pos)
	}
	return pos, nil
}

// ChannelStatus is the state of the publication's channel
// (ChannelStatusErrored for a closed publication). An IPC channel has no
// status indicator and is always active.
func (p *Publication) ChannelStatus() ChannelStatus {
	p.mu.RLock()
	defer p.mu.RUnlock()
	if p.pub == nil || p.pub.IsClosed() {
		return ChannelStatusErrored
	}
	if p.constants.ChannelStatusIndicatorID < 0 {
		return ChannelStatusActive
	}
	return ChannelStatus(p.pub.ChannelStatus())
}

// MaxPayloadLength is the longest message that fits in one frame (and the
// longest TryClaim).
func (p *Publication) MaxPayloadLength() int { return int(p.constants.MaxPayloadLength) }

// MaxMessageLength is the longest message Offer accepts (fragmented).
func (p *Publication) MaxMessageLength() int { return int(p.constants.MaxMessageLength) }

// SessionID identifies the publication's stream of messages (its image at
// the subscribers).
func (p *Publication) SessionID() int32 { return p.constants.SessionID }

// StreamID is the stream id the publication was added with.
func (p *Publication) StreamID() int32 { return p.constants.StreamID }

// Channel is the publication's channel URI.
func (p *Publication) Channel() string { return p.constants.Channel }

// RegistrationID is the driver's id of this publication.
func (p *Publication) RegistrationID() int64 { return p.constants.RegistrationID }

// TermBufferLength is the length of one term of the publication's log.
func (p *Publication) TermBufferLength() int { return int(p.constants.TermBufferLength) }

// IsExclusive reports whether this is an exclusive publication.
func (p *Publication) IsExclusive() bool { return p.exclusive }

// Close closes the publication; it is safe to call more than once and from
// any goroutine, also while others offer (they then get ErrClosed).
func (p *Publication) Close() error {
	p.mu.Lock()
	pub := p.pub
	p.pub = nil
	p.mu.Unlock()
	if pub == nil {
		return nil
	}
	p.client.untrackPublication(p)
	if err := p.client.withClient(func(*aeronc.Client) error {
		pub.Close()
		return nil
	}); err != nil {
		pub.Detach() // the client closed first and freed the C publication
	}
	return nil
}

// detach forgets the C publication when the client closes (the client frees it).
func (p *Publication) detach() {
	p.mu.Lock()
	if p.pub != nil {
		p.pub.Detach()
	}
	p.pub = nil
	p.mu.Unlock()
}
