package transport_test

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"net"
	"time"

	"github.com/aerongo/aerongo/transport"
)

// Offer makes one attempt and says why it failed; a loop of one's own
// retries the outcomes that mean "try again" (or use OfferCtx).
func ExamplePublication_Offer() {
	cl, ctx, stop, err := startClient()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer stop()
	pub, err := cl.AddPublication(ctx, "aeron:ipc", 2020)
	if err != nil {
		fmt.Println(err)
		return
	}
	_, err = pub.Offer([]byte("too early"))
	fmt.Println(errors.Is(err, transport.ErrNotConnected))

	sub, err := cl.AddSubscription(ctx, "aeron:ipc", 2020)
	if err != nil {
		fmt.Println(err)
		return
	}
	idle := transport.NewBackoffIdleStrategy()
	for sent := false; !sent; {
		_, err := pub.Offer([]byte("offered"))
		switch err {
		case nil:
			sent = true
		case transport.ErrNotConnected, transport.ErrBackPressured, transport.ErrAdminAction:
			if ctx.Err() != nil {
				fmt.Println(ctx.Err())
				return
			}
			idle.Idle(0) // or do other work
		default:
			fmt.Println(err) // closed, max position exceeded, too long
			return
		}
	}
	if _, err := sub.PollCtx(ctx, func(msg []byte, _ *transport.Header) { fmt.Println(string(msg)) }, 1, nil); err != nil {
		fmt.Println(err)
	}
	// Output:
	// true
	// offered
}

// OfferCtx retries while no subscriber is connected or the stream is back
// pressured, until ctx ends.
func ExamplePublication_OfferCtx() {
	cl, ctx, stop, err := startClient()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer stop()
	sub, err := cl.AddSubscription(ctx, "aeron:ipc", 2021)
	if err != nil {
		fmt.Println(err)
		return
	}
	pub, err := cl.AddPublication(ctx, "aeron:ipc", 2021)
	if err != nil {
		fmt.Println(err)
		return
	}
	if _, err := pub.OfferCtx(ctx, []byte("waited for a subscriber"), nil); err != nil {
		fmt.Println(err)
		return
	}
	if _, err := sub.PollCtx(ctx, func(msg []byte, _ *transport.Header) { fmt.Println(string(msg)) }, 1, nil); err != nil {
		fmt.Println(err)
		return
	}

	// No subscriber ever comes for this one: OfferCtx gives up with ctx.
	lonely, err := cl.AddPublication(ctx, "aeron:ipc", 2022)
	if err != nil {
		fmt.Println(err)
		return
	}
	shortCtx, shortCancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer shortCancel()
	_, err = lonely.OfferCtx(shortCtx, []byte("nobody listens"), transport.YieldingIdleStrategy{})
	fmt.Println(err)
	// Output:
	// waited for a subscriber
	// context deadline exceeded
}

// Offerv gathers a message from parts, here a header and a payload kept in
// separate buffers, with no copy into an intermediate buffer.
func ExamplePublication_Offerv() {
	cl, ctx, stop, err := startClient()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer stop()
	sub, err := cl.AddSubscription(ctx, "aeron:ipc", 2023)
	if err != nil {
		fmt.Println(err)
		return
	}
	pub, err := cl.AddExclusivePublication(ctx, "aeron:ipc", 2023)
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := pub.WaitConnected(ctx); err != nil {
		fmt.Println(err)
		return
	}
	header := []byte("v1|orders|")
	payload := []byte("buy 10 ESZ6")
	if _, err := pub.Offerv(header, payload); err != nil {
		fmt.Println(err)
		return
	}
	if _, err := sub.PollCtx(ctx, func(msg []byte, _ *transport.Header) { fmt.Println(string(msg)) }, 1, nil); err != nil {
		fmt.Println(err)
	}
	// Output: v1|orders|buy 10 ESZ6
}

// TryClaimCtx claims space in the log buffer, retrying like OfferCtx; the
// message is written in place and then committed. A claim holds one frame
// at most (MaxPayloadLength).
func ExamplePublication_TryClaimCtx() {
	cl, ctx, stop, err := startClient()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer stop()
	sub, err := cl.AddSubscription(ctx, "aeron:ipc", 2024)
	if err != nil {
		fmt.Println(err)
		return
	}
	pub, err := cl.AddExclusivePublication(ctx, "aeron:ipc", 2024)
	if err != nil {
		fmt.Println(err)
		return
	}

	claim, err := pub.TryClaimCtx(ctx, 16, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	buf := claim.Buffer()
	binary.LittleEndian.PutUint64(buf[0:], 42)     // order id
	binary.LittleEndian.PutUint64(buf[8:], 512250) // price
	claim.Commit()

	_, err = sub.PollCtx(ctx, func(msg []byte, _ *transport.Header) {
		fmt.Println("order", binary.LittleEndian.Uint64(msg), "price", binary.LittleEndian.Uint64(msg[8:]))
	}, 1, nil)
	if err != nil {
		fmt.Println(err)
		return
	}

	_, err = pub.TryClaimCtx(ctx, pub.MaxPayloadLength()+1, nil)
	fmt.Println(errors.Is(err, transport.ErrMessageTooLong))
	// Output:
	// order 42 price 512250
	// true
}

// WaitConnected waits until a subscriber is connected, or the publication
// closes.
func ExamplePublication_WaitConnected() {
	cl, ctx, stop, err := startClient()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer stop()
	pub, err := cl.AddPublication(ctx, "aeron:ipc", 2025)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("connected:", pub.IsConnected())
	if _, err := cl.AddSubscription(ctx, "aeron:ipc", 2025); err != nil {
		fmt.Println(err)
		return
	}
	if err := pub.WaitConnected(ctx); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("connected:", pub.IsConnected())

	// A closed publication stops waiting.
	pub.Close()
	fmt.Println(pub.WaitConnected(ctx))
	// Output:
	// connected: false
	// connected: true
	// transport: closed
}

// Poll delivers what has arrived, at most limit fragments, and returns at
// once; an event loop calls it again and again.
func ExampleSubscription_Poll() {
	cl, ctx, stop, err := startClient()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer stop()
	sub, err := cl.AddSubscription(ctx, "aeron:ipc", 2026)
	if err != nil {
		fmt.Println(err)
		return
	}
	pub, err := cl.AddPublication(ctx, "aeron:ipc", 2026)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, m := range []string{"a", "b", "c", "d", "e"} {
		if _, err := pub.OfferCtx(ctx, []byte(m), nil); err != nil {
			fmt.Println(err)
			return
		}
	}

	var batch []string
	handler := func(msg []byte, _ *transport.Header) { batch = append(batch, string(msg)) } // copy: msg is valid in the call only
	// Wait for the publication's image, so that the first poll finds the messages.
	if err := sub.WaitConnected(ctx); err != nil {
		fmt.Println(err)
		return
	}
	for total := 0; total < 5 && ctx.Err() == nil; {
		batch = batch[:0]
		n, err := sub.Poll(handler, 2)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(n, batch)
		total += n
	}
	// Output:
	// 2 [a b]
	// 2 [c d]
	// 1 [e]
}

// PollCtx waits for at least one message, idling between empty polls.
func ExampleSubscription_PollCtx() {
	cl, ctx, stop, err := startClient()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer stop()
	sub, err := cl.AddSubscription(ctx, "aeron:ipc", 2027)
	if err != nil {
		fmt.Println(err)
		return
	}
	pub, err := cl.AddPublication(ctx, "aeron:ipc", 2027)
	if err != nil {
		fmt.Println(err)
		return
	}
	go func() {
		time.Sleep(20 * time.Millisecond)
		if _, err := pub.OfferCtx(ctx, []byte("later"), nil); err != nil {
			fmt.Println(err)
		}
	}()

	n, err := sub.PollCtx(ctx, func(msg []byte, h *transport.Header) {
		fmt.Printf("%s on stream %d\n", msg, h.StreamID())
	}, 10, transport.SleepingIdleStrategy{Duration: time.Millisecond})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("fragments:", n)
	// Output:
	// later on stream 2027
	// fragments: 1
}

// WaitConnected waits until a publication is connected to the
// subscription, as one of its images.
func ExampleSubscription_WaitConnected() {
	cl, ctx, stop, err := startClient()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer stop()
	sub, err := cl.AddSubscription(ctx, "aeron:ipc", 2028)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("connected:", sub.IsConnected(), "images:", sub.ImageCount())
	if _, err := cl.AddExclusivePublication(ctx, "aeron:ipc", 2028); err != nil {
		fmt.Println(err)
		return
	}
	if err := sub.WaitConnected(ctx); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("connected:", sub.IsConnected(), "images:", sub.ImageCount())
	// Output:
	// connected: false images: 0
	// connected: true images: 1
}

// The available image handler learns of each publication (image) that
// joins the stream. It runs on the client conductor's thread: hand the
// Image over, do not call the Client from it.
func ExampleWithAvailableImageHandler() {
	cl, ctx, stop, err := startClient()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer stop()
	joined := make(chan transport.Image, 4)
	_, err = cl.AddSubscription(ctx, "aeron:ipc", 2029,
		transport.WithAvailableImageHandler(func(img transport.Image) { joined <- img }))
	if err != nil {
		fmt.Println(err)
		return
	}
	pub, err := cl.AddExclusivePublication(ctx, "aeron:ipc", 2029)
	if err != nil {
		fmt.Println(err)
		return
	}
	select {
	case img := <-joined:
		fmt.Println("joined:", img.SourceIdentity, img.SessionID == pub.SessionID(), img.JoinPosition)
	case <-ctx.Done():
		fmt.Println(ctx.Err())
	}
	// Output: joined: aeron:ipc true 0
}

// The unavailable image handler learns of each image that leaves the stream,
// here after its publication closed (which the driver notices after a
// while).
func ExampleWithUnavailableImageHandler() {
	cl, ctx, stop, err := startClient()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer stop()
	left := make(chan transport.Image, 4)
	sub, err := cl.AddSubscription(ctx, "aeron:ipc", 2030,
		transport.WithUnavailableImageHandler(func(img transport.Image) { left <- img }))
	if err != nil {
		fmt.Println(err)
		return
	}
	pub, err := cl.AddExclusivePublication(ctx, "aeron:ipc", 2030)
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := sub.WaitConnected(ctx); err != nil {
		fmt.Println(err)
		return
	}
	session := pub.SessionID()
	pub.Close()
	select {
	case img := <-left:
		fmt.Println("left:", img.SessionID == session)
	case <-ctx.Done():
		fmt.Println(ctx.Err())
	}
	// Output: left: true
}

// Abort gives a claimed range back: the log keeps it as padding, which
// subscribers skip, so the message after it is the next one they see.
func ExampleClaim_Abort() {
	cl, ctx, stop, err := startClient()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer stop()
	sub, err := cl.AddSubscription(ctx, "aeron:ipc", 2031)
	if err != nil {
		fmt.Println(err)
		return
	}
	pub, err := cl.AddExclusivePublication(ctx, "aeron:ipc", 2031)
	if err != nil {
		fmt.Println(err)
		return
	}
	claim, err := pub.TryClaimCtx(ctx, 8, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	if encodeFailed := true; encodeFailed {
		claim.Abort() // e.g. the message could not be encoded after all
	}
	if _, err := pub.OfferCtx(ctx, []byte("after the aborted claim"), nil); err != nil {
		fmt.Println(err)
		return
	}
	n, err := sub.PollCtx(ctx, func(msg []byte, _ *transport.Header) { fmt.Println(string(msg)) }, 10, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("fragments:", n)
	// Output:
	// after the aborted claim
	// fragments: 1
}

// ChannelStatus reports whether a UDP channel's endpoint is up; IPC
// channels are always active.
func ExamplePublication_ChannelStatus() {
	cl, ctx, stop, err := startClient()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer stop()
	// A port that is free now; an application uses its configured one.
	probe, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		fmt.Println(err)
		return
	}
	endpoint := probe.LocalAddr().String()
	probe.Close()

	channel := transport.UDPChannel(endpoint).String()
	sub, err := cl.AddSubscription(ctx, channel, 2032)
	if err != nil {
		fmt.Println(err)
		return
	}
	pub, err := cl.AddPublication(ctx, channel, 2032)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("publication:", pub.ChannelStatus())
	fmt.Println("subscription:", sub.ChannelStatus())
	// Output:
	// publication: active
	// subscription: active
}
