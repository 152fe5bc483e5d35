package transport_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aerongo/aerongo/gen/aotelemetry"
	"github.com/aerongo/aerongo/gen/market"
	"github.com/aerongo/aerongo/transport"
)

// TestTypedUDPUnderLoss runs typed streams over UDP between two embedded
// drivers, as two processes would, while the receiving driver drops 5% of
// the data datagrams it receives (the C driver's "loss" interceptor, set
// through Aeron's own environment variables; seeded, but which datagrams it
// drops depends on timing, as heartbeats and retransmissions draw from the
// same generator). Every Quote, through the generated Offer and
// PollValues, and every WavefrontFrame of some 230 datagrams, through the
// generic Publisher and Subscriber, still arrives once,
// in order and intact: the Go reader stops at each gap and resumes when the
// driver's NAK brings the retransmission. The drivers' counters show that
// datagrams were dropped and resent.
func TestTypedUDPUnderLoss(t *testing.T) {
	opts := udpDriverOptions(4 << 20)
	sender, err := transport.StartEmbeddedDriver(opts)
	require.NoError(t, err)
	t.Cleanup(func() { _ = sender.Close() })
	// The C driver reads the interceptor list when its context is made,
	// and the loss arguments once per process when the first receive
	// endpoint with the interceptor opens: only the receiving driver drops.
	// The mask selects data frames (type 1; padding, type 0, passes).
	t.Setenv("AERON_UDP_CHANNEL_INCOMING_INTERCEPTORS", "loss")
	t.Setenv("AERON_UDP_CHANNEL_TRANSPORT_BINDINGS_LOSS_ARGS", "rate=0.05|recv-msg-mask=0x2|seed=20261202")
	receiver, err := transport.StartEmbeddedDriver(opts)
	require.NoError(t, err)
	t.Cleanup(func() { _ = receiver.Close() })

	pubClient := dirClient(t, sender.Dir())
	subClient := dirClient(t, receiver.Dir())
	channel := fmt.Sprintf("aeron:udp?endpoint=127.0.0.1:%d", transport.FreeUDPPort(t))
	ctx := typedCtx(t, 60*time.Second)

	t.Run("Quote", func(t *testing.T) {
		stream := typedStream()
		sub, err := market.NewQuoteSubscriber(ctx, subClient, channel, stream)
		require.NoError(t, err)
		defer sub.Close()
		pub, err := market.NewQuotePublisher(ctx, pubClient, channel, stream, transport.WithExclusivePublication())
		require.NoError(t, err)
		defer pub.Close()
		waitConnected(t, ctx, pub.Publication(), sub.Subscription())
		n := typedCount / 5
		pubErr := offerQuotes(ctx, pub, n)
		got, bad := 0, 0
		var want market.Quote
		drain(t, func() (int, error) {
			return sub.PollValues(func(v *market.Quote) {
				if quote(got, &want); *v != want {
					bad++
				}
				got++
			}, 256)
		}, &got, n)
		require.NoError(t, <-pubErr)
		assert.Zero(t, bad, "Quotes that differ from those published")
		assert.Zero(t, sub.Rejections().Total())
	})
	t.Run("WavefrontFrame", func(t *testing.T) {
		stream := typedStream()
		sub, err := aotelemetry.NewWavefrontFrameSubscriber(ctx, subClient, channel, stream)
		require.NoError(t, err)
		defer sub.Close()
		pub, err := aotelemetry.NewWavefrontFramePublisher(ctx, pubClient, channel, stream)
		require.NoError(t, err)
		defer pub.Close()
		var f aotelemetry.WavefrontFrame
		frame(0, &f)
		require.Greater(t, f.SBEEncodedLength()/pub.Publication().MaxPayloadLength(), 200, "datagrams a frame")
		roundTrip(t, pub.Publisher, sub.Subscriber, framesCount, frame)
	})

	naks := systemCounter(t, subClient, "NAKs sent")
	resent := systemCounter(t, pubClient, "Retransmits sent")
	t.Logf("NAKs sent %d, retransmits sent %d", naks, resent)
	assert.Positive(t, naks, "the receiving driver lost nothing to NAK")
	assert.Positive(t, resent, "the sending driver resent nothing")
}

// systemCounter is the value of the driver's system counter labelled label.
func systemCounter(t *testing.T, cl *transport.Client, label string) int64 {
	t.Helper()
	for c := range cl.Counters().All() {
		if c.Label == label {
			return c.Value
		}
	}
	t.Fatalf("no counter %q", label)
	return 0
}

// udpDriverOptions are the options of the embedded drivers that the UDP
// tests start: shared threading, backoff idling, sparse terms of
// termLength bytes, a short linger.
func udpDriverOptions(termLength int) transport.DriverOptions {
	return transport.DriverOptions{
		ThreadingMode:            transport.ThreadingShared,
		IdleStrategy:             "backoff",
		SparseTermFiles:          true,
		TermLength:               termLength,
		PublicationLingerTimeout: 100 * time.Millisecond,
	}
}
