package transport

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aerongo/aerongo/transport/internal/aeronc"
	"github.com/aerongo/aerongo/transport/internal/logbuffer"
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
//
// Offer, Offerv and TryClaim write the log buffer that the C client mapped
// with Go's term appenders (package logbuffer): no cgo call per message.
// See pubPath for how Close keeps that memory mapped while Go uses it.
type Publication struct {
	client    *Client
	constants aeronc.PublicationConstants
	exclusive bool

	// path is the data path while the publication is open, nil after Close.
	path atomic.Pointer[pubPath]
	// released is closed once the path that path held is unreachable.
	released chan struct{}

	// mu guards pub, the C publication, which Close frees once released.
	mu  sync.Mutex
	pub *aeronc.Publication
}

// pubPath is the publication's data path: the Go appender over the C
// client's mapped log, publication limit counter and is_closed flag.
//
// Lifetime: the C client (1.51) has no linger for publications; after
// aeron_publication_close its conductor unmaps the log and frees the struct
// at once. So the C close must wait until no goroutine can touch that memory
// any more. Every data-path call loads the pubPath once, uses only what it
// reaches from it and keeps it alive to its end (runtime.KeepAlive); a Claim
// keeps it until Commit or Abort. Close swaps the pointer to nil (later calls
// see ErrClosed) and then waits for the pubPath to become unreachable, which
// the garbage collector proves (a runtime.AddCleanup closes released), before
// it calls the C close. A call in flight holds the pubPath on its stack, so
// it cannot be collected before the call returns: the wait needs no
// cooperation from the data path, whose only cost is one atomic pointer load
// (a plain load on amd64), against two atomic read-modify-writes for a
// reader lock or an in-flight counter.
type pubPath struct {
	conc *logbuffer.Appender          // concurrent publication
	excl *logbuffer.ExclusiveAppender // exclusive publication
	pub  *aeronc.Publication          // for control-plane reads while open
}

func newPublication(c *Client, p *aeronc.Publication) (*Publication, error) {
	view := p.LogView()
	log, err := view.Log()
	if err != nil {
		return nil, err
	}
	path := &pubPath{pub: p}
	if p.Exclusive() {
		// From here on Go is the exclusive publication's only writer: the C
		// struct's term_offset, term_id and term_begin_position go stale, so
		// the C offer and position functions are not used for it.
		path.excl = logbuffer.NewExclusiveAppender(log, view.PublicationParams())
	} else {
		path.conc = logbuffer.NewAppender(log, view.PublicationParams())
	}
	pub := &Publication{client: c, constants: p.Constants, exclusive: p.Exclusive(), pub: p, released: make(chan struct{})}
	runtime.AddCleanup(path, func(ch chan struct{}) { close(ch) }, pub.released)
	pub.path.Store(path)
	return pub, nil
}

// pubOfferv is the data-path offer of a message gathered from parts.
func pubOfferv(d *pubPath, parts [][]byte) int64 {
	if d.excl != nil {
		return d.excl.Offerv(parts)
	}
	return d.conc.Offerv(parts)
}

// Offer publishes msg as one message, fragmented when it is longer than
// MaxPayloadLength, and returns the publication's new position. On failure
// it returns Aeron's negative status code and one of the preallocated
// errors: ErrBackPressured, ErrNotConnected, ErrAdminAction (retry),
// ErrClosed, ErrClientTerminated, ErrMaxPositionExceeded,
// ErrPublicationError, or ErrMessageTooLong. msg is not retained.
func (p *Publication) Offer(msg []byte) (int64, error) {
	if len(msg) > int(p.constants.MaxMessageLength) {
		return aeronc.PublicationError, ErrMessageTooLong
	}
	d := p.path.Load()
	if d == nil {
		return aeronc.PublicationClosed, ErrClosed
	}
	// The appender is called from here, not through a helper: Go inlines
	// neither, and this is the hottest call chain of a publisher.
	var rc int64
	if d.excl != nil {
		rc = d.excl.Offer(msg)
	} else {
		rc = d.conc.Offer(msg)
	}
	runtime.KeepAlive(d)
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
	d := p.path.Load()
	if d == nil {
		return aeronc.PublicationClosed, ErrClosed
	}
	rc := pubOfferv(d, parts)
	runtime.KeepAlive(d)
	if rc < 0 {
		return rc, offerError(rc)
	}
	return rc, nil
}

// Claim is a range of the publication's log buffer claimed by TryClaim:
// write the message into Buffer, then Commit it (or Abort it, which leaves
// padding that subscribers skip). Until then the publication's subscribers
// cannot read past it, so commit promptly. A Claim keeps the log mapped
// until it is committed or aborted, so Close waits for an outstanding Claim
// to be committed, aborted or dropped. A Claim must not be used after Commit
// or Abort.
type Claim struct {
	c    logbuffer.Claim
	path *pubPath
}

// Buffer is the claimed payload, exactly the length passed to TryClaim
// (nil after Commit or Abort).
func (c *Claim) Buffer() []byte {
	if c.path == nil {
		return nil
	}
	return c.c.Buffer()
}

// Commit publishes the claimed message (a release store of the frame
// length, as aeron_buffer_claim_commit).
func (c *Claim) Commit() {
	if c.path == nil {
		return
	}
	c.c.Commit()
	c.path = nil
}

// Abort discards the claimed range (aeron_buffer_claim_abort).
func (c *Claim) Abort() {
	if c.path == nil {
		return
	}
	c.c.Abort()
	c.path = nil
}

// TryClaim claims n bytes (at most MaxPayloadLength, so the message is one
// frame) for writing in place. Errors are those of Offer.
func (p *Publication) TryClaim(n int) (Claim, error) {
	if n < 0 || n > int(p.constants.MaxPayloadLength) {
		return Claim{}, ErrMessageTooLong
	}
	d := p.path.Load()
	if d == nil {
		return Claim{}, ErrClosed
	}
	// The claim comes back in registers; through an out parameter it cost
	// a stack round trip per message.
	var c logbuffer.Claim
	var rc int64
	if d.excl != nil {
		c, rc = d.excl.Claim(n)
	} else {
		c, rc = d.conc.Claim(n)
	}
	if rc < 0 {
		return Claim{}, offerError(rc)
	}
	return Claim{c: c, path: d}, nil
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

// Reservation is a range of the log buffer set aside by TryReserve for one
// message: write it through Buffer, then Commit or Abort it, with nothing
// in between that offers, claims or reserves on the same publication.
//
// On an exclusive publication it is a claim whose stores are deferred: the
// frame's header, its length and the publication's tail are all written
// at Commit, in one call, after the payload, where a Claim writes the tail
// and header when it is granted and the length at Commit. Until Commit the
// publication's position has not moved, so a reservation never holds up
// the stream's readers, and Abort zeroes what was written instead of
// leaving padding. The bytes past the tail are what the next frame's
// reader looks at, so a Reservation must not be dropped once written to, and
// its writer must not panic: it is for code that encodes the message with
// straight-line stores, as the generated publishers' Offer and TryOffer do.
// Code that runs a caller's function on the claimed bytes uses TryClaim.
// On a concurrent publication, whose tail other writers move too, a
// Reservation is an ordinary Claim.
type Reservation struct {
	path  *pubPath        // its excl, the exclusive appender that granted claim, or nil
	claim logbuffer.Claim // the frame (a concurrent publication's claim)
}

// Buffer is the reserved payload, exactly the length passed to TryReserve
// (nil after Commit or Abort).
func (r *Reservation) Buffer() []byte {
	if r.path == nil {
		return nil
	}
	return r.claim.Buffer()
}

// Commit publishes the message written into Buffer.
func (r *Reservation) Commit() {
	if r.path == nil {
		return
	}
	logbuffer.CommitReservation(r.path.excl, r.claim)
	runtime.KeepAlive(r.path) // the log stays mapped through the stores
	r.path = nil
}

// Abort gives the range back: on an exclusive publication its bytes are
// zeroed and the next message takes its place; on a concurrent one it
// becomes padding, as Claim.Abort.
func (r *Reservation) Abort() {
	if r.path == nil {
		return
	}
	logbuffer.AbortReservation(r.path.excl, r.claim)
	runtime.KeepAlive(r.path)
	r.path = nil
}

// TryReserve reserves n bytes (at most MaxPayloadLength, so the message is
// one frame) for a message written in place and committed at once (see
// Reservation). Errors are those of TryClaim.
func (p *Publication) TryReserve(n int) (Reservation, error) {
	d := p.path.Load()
	if d == nil || d.excl == nil || n < 0 || n > int(p.constants.MaxPayloadLength) {
		// A concurrent publication's reservation is a claim; TryClaim
		// also refuses a length out of range and a closed publication.
		c, err := p.TryClaim(n)
		return Reservation{path: c.path, claim: c.c}, err
	}
	c, rc := d.excl.Reserve(n)
	if rc < 0 {
		return Reservation{}, offerError(rc)
	}
	return Reservation{path: d, claim: c}, nil
}

// WaitConnected waits until a subscriber is connected, ctx ends (ctx.Err()),
// the publication is closed (ErrClosed) or its client terminated
// (ErrClientTerminated).
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
	d := p.path.Load()
	if d == nil {
		return false, ErrClosed
	}
	var ok, closed bool
	if d.excl != nil {
		ok = d.excl.IsConnected() // aeron_exclusive_publication_is_connected
		closed = !ok && d.excl.IsClosed()
	} else {
		ok = d.conc.IsConnected() // aeron_publication_is_connected
		closed = !ok && d.conc.IsClosed()
	}
	runtime.KeepAlive(d)
	if closed { // force-closed: see offerError
		return false, ErrClientTerminated
	}
	return ok, nil
}

// IsConnected reports whether at least one subscriber is connected (the
// log metadata's is_connected flag, as the C client reads it).
func (p *Publication) IsConnected() bool {
	ok, _ := p.isConnected()
	return ok
}

// IsClosed reports whether the publication is closed (by Close, by its
// client's Close, or by Aeron).
func (p *Publication) IsClosed() bool {
	d := p.path.Load()
	if d == nil {
		return true
	}
	var closed bool
	if d.excl != nil {
		closed = d.excl.IsClosed()
	} else {
		closed = d.conc.IsClosed()
	}
	runtime.KeepAlive(d)
	return closed
}

// Position is the position the next message will be written at, or
// ErrClosed. It is computed by the Go appender from the log's tail (for an
// exclusive publication, from the appender's own term id and offset).
func (p *Publication) Position() (int64, error) {
	d := p.path.Load()
	if d == nil {
		return 0, ErrClosed
	}
	var pos int64
	if d.excl != nil {
		pos = d.excl.Position()
	} else {
		pos = d.conc.Position()
	}
	runtime.KeepAlive(d)
	if pos < 0 {
		return pos, offerError(pos)
	}
	return pos, nil
}

// ChannelStatus is the state of the publication's channel
// (ChannelStatusErrored for a closed publication). An IPC channel has no
// status indicator and is always active.
func (p *Publication) ChannelStatus() ChannelStatus {
	d := p.path.Load()
	if d == nil {
		return ChannelStatusErrored
	}
	defer runtime.KeepAlive(d)
	if d.pub.IsClosed() {
		return ChannelStatusErrored
	}
	if p.constants.ChannelStatusIndicatorID < 0 {
		return ChannelStatusActive
	}
	return ChannelStatus(d.pub.ChannelStatus())
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
// any goroutine, also while others offer (they then get ErrClosed). It
// returns once no offer or claim of another goroutine can touch the log any
// more (see pubPath), having handed the publication to the C client's close.
func (p *Publication) Close() error {
	p.retire()
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

// retire ends the data path and waits until no goroutine holds it.
func (p *Publication) retire() {
	p.path.Store(nil)
	waitReleased(p.released)
}

// detach forgets the C publication when the client closes (the client frees
// it), once no goroutine holds the data path.
func (p *Publication) detach() {
	p.retire()
	p.mu.Lock()
	if p.pub != nil {
		p.pub.Detach()
	}
	p.pub = nil
	p.mu.Unlock()
}

// waitReleased waits until a data path's cleanup closed released: it runs
// the garbage collector until the path, which Close already dropped, is
// found unreachable, that is, until no call that loaded it is still running.
func waitReleased(released <-chan struct{}) {
	for {
		select {
		case <-released:
			return
		default:
		}
		runtime.GC()
		select {
		case <-released:
			return
		case <-time.After(time.Millisecond):
		}
	}
}
