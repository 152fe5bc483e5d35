package transport_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/aerongo/aerongo/gen/market"
	"github.com/aerongo/aerongo/transport"
)

// TestTypedChannelKinds runs typed Quote streams over two more kinds of
// Aeron channel, on one embedded driver. spy: a subscriber on the UDP
// channel and a spy (aeron-spy:), which reads the publication's log in the
// publishing driver, without the network. mdc: multi-destination-cast with
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
