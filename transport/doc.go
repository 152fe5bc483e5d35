// Package transport is the Go API over Aeron 1.51: an embedded C media
// driver, clients, publications, subscriptions, counters, idle strategies
// and channel URIs.
//
// The control plane (driver, client conductor, adding and closing
// publications and subscriptions, image events, counters) is Aeron's own C
// code through cgo (package transport/internal/aeronc, the only package of
// the module that imports "C"). The data path (Offer, Offerv, TryClaim,
// TryReserve, Poll, ControlledPoll) is Go over the log buffers and counters that the C
// client mapped (package transport/internal/logbuffer, Aeron's log-buffer
// format and memory ordering): it crosses into C zero times and allocates
// nothing per message. A publication is written only while it is open, and
// an image is read only while the C client keeps it mapped (the image list
// the poll loaded, as aeron_subscription_poll does).
//
// The data path's errors are preallocated sentinels (ErrBackPressured,
// ErrNotConnected and ErrAdminAction are worth a retry; OfferCtx,
// TryClaimCtx and the typed Publisher retry them); the control plane's wrap
// an *Error with Aeron's Errno and message. When a connected driver
// falls silent for the client's DriverTimeout, the client reports it to its
// ErrorHandler and every call on its publications and subscriptions fails
// with ErrClientTerminated (which matches ErrClosed), so a loop waiting with
// a context that never ends still returns.
//
// Typed streams carry the SBE message types that aerongen generates (any T
// whose pointer is a runtime.MessagePtr): Publisher[T] encodes a T straight into a
// claim of the log buffer (Offer, which waits out back pressure with its
// IdleStrategy until its context ends, and TryOffer, one attempt), or has
// the caller's flyweight encoder write the claimed bytes (OfferFunc);
// messages longer than a frame go fragmented. Subscriber[T] decodes into
// one reused value (PollValues, ControlledPollValues), hands out whole frames
// for flyweight decoders (PollFrames), and blocks for values (Take,
// TakeInto, All); MultiSubscriber takes every message type of a schema from
// one stream through the generated dispatcher. Frames of another schema,
// another template or an unreadable version are counted (Rejections) and
// reported to the WithRejectHandler handler, never delivered. The generated
// pub/sub file of a schema (aerongen -pubsub) wraps these per message type
// with concrete code: NewQuotePublisher, NewQuoteSubscriber and their
// flyweight Poll, ControlledPoll and OfferEncoder; its Offer and TryOffer
// encode into a reservation (TryReserve), a claim whose frame header,
// length and tail an exclusive publication writes together at commit.
//
// Message bytes passed to a FragmentHandler are valid only during the call:
// once the subscriber position moves past them an IPC publication cleans
// (zeroes) the consumed frames. Nothing in this package hands them out later.
//
// A typical program:
//
//	drv, err := transport.StartEmbeddedDriver(transport.DriverOptions{})
//	...
//	defer drv.Close()
//	cl, err := transport.Connect(transport.ClientOptions{Dir: drv.Dir()})
//	...
//	defer cl.Close()
//	pub, err := cl.AddPublication(ctx, "aeron:ipc", 1001)
//	sub, err := cl.AddSubscription(ctx, "aeron:ipc", 1001)
//	_, err = pub.Offer([]byte("hello"))
//	n, err := sub.Poll(func(msg []byte, h *transport.Header) { ... }, 10)
package transport
