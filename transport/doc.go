// Package transport is the Go API over Aeron 1.51: an embedded C media
// driver, clients, publications, subscriptions, counters, idle strategies
// and channel URIs.
//
// The control plane (driver, client conductor, adding and closing
// publications and subscriptions, image events, counters) is Aeron's own C
// code through cgo (package transport/internal/aeronc, the only package of
// the module that imports "C"). The data path (Offer, Offerv, TryClaim,
// Poll, ControlledPoll) allocates nothing per message. It currently uses the
// C client too: Offer and TryClaim are one cgo call each (a claim is
// committed in Go with a release store of the frame length), and Poll is one
// cgo call that calls back into Go once per message. It is kept in a few
// functions (pubOffer, pubOfferv, pubTryClaim, subPoll, subControlledPoll)
// so a Go data path over the mapped log buffers can take their place behind
// the same API.
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
