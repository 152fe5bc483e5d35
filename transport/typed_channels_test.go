package transport_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aerongo/aerongo/gen/market"
	"github.com/aerongo/aerongo/transport"
)

// TestTypedChannelKinds runs typed Quote streams over more kinds of Aeron
// channel, on one embedded driver. spy: a subscriber on the UDP channel and
// a spy (aeron-spy:), which reads the publication's log in the publishing
// driver, without the network. session: subscribers that name a publisher's
// session (session-id=) on a stream with two. mdc: multi-destination-cast with
// dynamic control, two subscribers of their own endpoints joining the
// publication through its control endpoint. Every subscriber reads every
// Quote once, in order and intact.
func TestTypedChannelKinds(t *testing.T) {
	cl := typedClient(t)
	ctx := typedCtx(t, 60*time.Second)
	n := typedCount / 5

	t.Run("spy", func(t *testing.T) {
		channel := fmt.Sprintf("aeron:udp?endpoint=127.0.0.1:%d", transport.FreeUDPPort(t))
		stream := typedStream()
		var subs []*market.QuoteSubscriber
		for _, ch := range []string{channel, "aeron-spy:" + channel} {
			sub, err := market.NewQuoteSubscriber(ctx, cl, ch, stream)
			require.NoError(t, err)
			defer sub.Close()
			subs = append(subs, sub)
		}
		pub, err := market.NewQuotePublisher(ctx, cl, channel, stream, transport.WithExclusivePublication())
		require.NoError(t, err)
		defer pub.Close()
		for _, sub := range subs {
			waitConnected(t, ctx, pub.Publication(), sub.Subscription())
		}
		pubErr := offerQuotes(ctx, pub, n)
		readQuotes(t, ctx, subs, n)
		require.NoError(t, <-pubErr)
	})

	t.Run("session", func(t *testing.T) {
		// Two exclusive publishers (two sessions) on one stream, and a
		// subscriber for each that names its session on the channel: each
		// reads only its own publisher's Quotes.
		stream := typedStream()
		var pubs []*market.QuotePublisher
		var subs []*market.QuoteSubscriber
		for range 2 {
			pub, err := market.NewQuotePublisher(ctx, cl, "aeron:ipc", stream, transport.WithExclusivePublication())
			require.NoError(t, err)
			defer pub.Close()
			sub, err := market.NewQuoteSubscriber(ctx, cl, fmt.Sprintf("aeron:ipc?session-id=%d", pub.Publication().SessionID()), stream)
			require.NoError(t, err)
			defer sub.Close()
			waitConnected(t, ctx, pub.Publication(), sub.Subscription())
			pubs, subs = append(pubs, pub), append(subs, sub)
		}
		// The second session offers first, Quotes that readQuotes would
		// count as wrong on the first session's subscriber.
		const others = 100
		var other market.Quote
		for i := range others {
			quote(1_000_000+i, &other)
			require.NoError(t, pubs[1].Offer(ctx, &other))
		}
		pubErr := offerQuotes(ctx, pubs[0], n)
		readQuotes(t, ctx, subs[:1], n)
		require.NoError(t, <-pubErr)
		got := 0
		drain(t, func() (int, error) {
			return subs[1].PollValues(func(q *market.Quote) {
				if quote(1_000_000+got, &other); *q != other {
					t.Errorf("second session, Quote %d: got %+v, want %+v", got, *q, other)
				}
				got++
			}, 256)
		}, &got, others)
		for _, sub := range subs {
			assert.Equal(t, 1, sub.Subscription().ImageCount(), "images of a session's subscriber")
		}
	})

	t.Run("mdc", func(t *testing.T) {
		control := fmt.Sprintf("127.0.0.1:%d", transport.FreeUDPPort(t))
		stream := typedStream()
		// fc=min: the publication goes at the pace of the slower subscriber.
		pub, err := market.NewQuotePublisher(ctx, cl, "aeron:udp?control-mode=dynamic|fc=min|control="+control, stream)
		require.NoError(t, err)
		defer pub.Close()
		var subs []*market.QuoteSubscriber
		for range 2 {
			ch := fmt.Sprintf("aeron:udp?endpoint=127.0.0.1:%d|control-mode=dynamic|control=%s", transport.FreeUDPPort(t), control)
			sub, err := market.NewQuoteSubscriber(ctx, cl, ch, stream)
			require.NoError(t, err)
			defer sub.Close()
			subs = append(subs, sub)
		}
		// Both joined before the first offer, so neither starts late.
		for _, sub := range subs {
			waitConnected(t, ctx, pub.Publication(), sub.Subscription())
		}
		pubErr := offerQuotes(ctx, pub, n)
		readQuotes(t, ctx, subs, n)
		require.NoError(t, <-pubErr)
	})
}
