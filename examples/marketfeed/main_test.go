package main

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aerongo/aerongo/transport"
)

func TestMarketfeed(t *testing.T) {
	for _, tc := range []struct {
		args   []string
		header string
	}{
		{[]string{"-duration", "1500ms", "-rate", "50000"}, "marketfeed: Quote, 65 bytes a message, aeron:ipc?term-length=1m, 50000 msg/s, 1.5s"},
		{[]string{"-duration", "1100ms", "-rate", "0", "-depth", "3"}, "marketfeed: BookSnapshot (3 levels a side), 367 bytes a message, aeron:ipc?term-length=1m, unthrottled, 1.1s"},
		{[]string{"-duration", "1100ms", "-rate", "20000", "-size", "1000"}, "marketfeed: BookSnapshot (10 levels a side), 1095 bytes a message, aeron:ipc?term-length=1m, 20000 msg/s, 1.1s"},
		// Longer than 1 MiB terms carry (128 KiB): the demo picks 2 MiB.
		{[]string{"-duration", "1100ms", "-rate", "500", "-size", "200000"}, "marketfeed: BookSnapshot (1923 levels a side), 200047 bytes a message, aeron:ipc?term-length=2m, 500 msg/s, 1.1s"},
	} {
		var out strings.Builder
		require.NoError(t, run(tc.args, &out), "%v", tc.args)
		lines := strings.Split(strings.TrimSpace(out.String()), "\n")
		require.GreaterOrEqual(t, len(lines), 4, out.String())
		assert.Equal(t, tc.header, lines[0])
		assert.Regexp(t, `^  1s +\d+ msg/s +[\d.]+ MB/s   latency p50 +[\d.]+ µs  p99 +[\d.]+ µs$`, lines[1])
		summary := regexp.MustCompile(`^summary: (\d+) messages published, (\d+) received, 0 lost, 0 out of order, 0 rejected in `)
		m := summary.FindStringSubmatch(lines[len(lines)-2])
		require.NotNil(t, m, lines[len(lines)-2])
		assert.Equal(t, m[1], m[2])
		assert.NotEqual(t, "0", m[1])
		assert.True(t, strings.HasPrefix(lines[len(lines)-1], "summary: "), lines[len(lines)-1])
	}
}

// A channel given with -channel is used as it is: a message longer than it
// carries fails the run at once with the limit in the error.
func TestMarketfeedTooLongForChannel(t *testing.T) {
	var out strings.Builder
	err := run([]string{"-duration", "5s", "-size", "200000", "-channel", "aeron:ipc?term-length=1m"}, &out)
	require.ErrorIs(t, err, transport.ErrMessageTooLong)
	assert.Contains(t, err.Error(), "market.BookSnapshot of 200047 bytes; at most 131072 bytes on aeron:ipc?term-length=1m")
}

func TestChannelFor(t *testing.T) {
	assert.Equal(t, defaultChannel, channelFor(65))
	assert.Equal(t, defaultChannel, channelFor(128<<10))
	assert.Equal(t, "aeron:ipc?term-length=2m", channelFor(128<<10+1))
	assert.Equal(t, "aeron:ipc?term-length=8m", channelFor(1_000_000))
	assert.Equal(t, "aeron:ipc?term-length=128m", channelFor(16<<20))
}
