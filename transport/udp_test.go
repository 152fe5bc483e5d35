package transport

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// freeUDPPort finds a loopback UDP port nobody is bound to right now.
func freeUDPPort(t *testing.T) int {
	conn, err := net.ListenPacket("udp", "127.0.0.1:0")
	require.NoError(t, err)
	port := conn.LocalAddr().(*net.UDPAddr).Port
	require.NoError(t, conn.Close())
	return port
}

func TestUDPUnicastBetweenTwoDrivers(t *testing.T) {
	// Each side has its own embedded driver and directory, as two processes would.
	opts := testDriverOptions()
	opts.TermLength = 1 << 20
	drvA, err := StartEmbeddedDriver(opts)
	require.NoError(t, err)
	defer drvA.Close()
	drvB, err := StartEmbeddedDriver(opts)
	require.NoError(t, err)
	defer drvB.Close()
	require.NotEqual(t, drvA.Dir(), drvB.Dir())

	publisher := connectTo(t, drvA.Dir())
	subscriber := connectTo(t, drvB.Dir())
	channel := fmt.Sprintf("aeron:udp?endpoint=127.0.0.1:%d", freeUDPPort(t))
	ctx := testContext(t, 30*time.Second)
	stream := nextStreamID()

	var available, unavailable sync.WaitGroup
	available.Add(1)
	unavailable.Add(1)
	var imageSource string
	sub, err := subscriber.AddSubscription(ctx, channel, stream,
		WithAvailableImageHandler(func(img Image) { imageSource = img.SourceIdentity; available.Done() }),
		WithUnavailableImageHandler(func(Image) { unavailable.Done() }))
	require.NoError(t, err)
	defer sub.Close()
	pub, err := publisher.AddExclusivePublication(ctx, channel, stream)
	require.NoError(t, err)
	require.NoError(t, pub.WaitConnected(ctx))
	require.NoError(t, sub.WaitConnected(ctx))
	available.Wait()
	assert.Contains(t, imageSource, "127.0.0.1")
	assert.Equal(t, ChannelStatusActive, pub.ChannelStatus())
	assert.Equal(t, ChannelStatusActive, sub.ChannelStatus())

	count := 20_000
	if raceEnabled {
		count = 5_000
	}
	large := bytes.Repeat([]byte{0xA5}, 3*pub.MaxPayloadLength()+17) // fragmented over UDP
	go func() {
		buf := make([]byte, 128)
		for seq := uint64(0); seq < uint64(count); seq++ {
			if _, err := pub.OfferCtx(ctx, sequencedPayload(buf, seq), nil); err != nil {
				t.Errorf("offer %d: %v", seq, err)
				return
			}
		}
		if _, err := pub.OfferCtx(ctx, large, nil); err != nil {
			t.Errorf("offer large: %v", err)
		}
	}()

	var next uint64
	var bad int
	var gotLarge []byte
	want := make([]byte, 128)
	handler := func(msg []byte, h *Header) {
		if next == uint64(count) {
			gotLarge = bytes.Clone(msg)
			next++
			return
		}
		if !bytes.Equal(msg, sequencedPayload(want, next)) {
			if bad == 0 && len(msg) >= 8 {
				t.Logf("expected seq %d, got %d", next, binary.LittleEndian.Uint64(msg))
			}
			bad++
		}
		next++
	}
	pollUntil(t, sub, handler, func() bool { return next > uint64(count) || bad > 0 }, 30*time.Second)
	assert.Zero(t, bad)
	assert.Equal(t, large, gotLarge)

	require.NoError(t, pub.Close())
	waitOrFail(t, &unavailable, 10*time.Second, "unavailable image handler")
}

func waitOrFail(t *testing.T, wg *sync.WaitGroup, d time.Duration, what string) {
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("%s not called within %v", what, d)
	}
}
