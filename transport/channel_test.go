package transport

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseChannelURIRoundTrips(t *testing.T) {
	for _, s := range []string{
		"aeron:ipc",
		"aeron:ipc?term-length=64k",
		"aeron:udp?endpoint=127.0.0.1:40123|interface=127.0.0.1|mtu=1408",
		"aeron-spy:aeron:udp?endpoint=224.0.1.1:40456",
	} {
		u, err := ParseChannelURI(s)
		require.NoError(t, err, "ParseChannelURI(%q)", s)
		assert.Equal(t, s, u.String(), "ParseChannelURI(%q).String()", s)
	}
}

func TestParseChannelURIRejects(t *testing.T) {
	for _, s := range []string{"", "udp://x", "aeron:tcp?endpoint=x", "aeron:udp?endpoint", "aeron:udp?=x", ":aeron:ipc"} {
		_, err := ParseChannelURI(s)
		assert.Error(t, err, "ParseChannelURI(%q)", s)
	}
}

func TestChannelURIWithGetWithout(t *testing.T) {
	u := UDPChannel("127.0.0.1:40123").With("term-length", "1m")
	assert.Equal(t, "aeron:udp?endpoint=127.0.0.1:40123|term-length=1m", u.String())
	v, ok := u.Get("term-length")
	assert.True(t, ok)
	assert.Equal(t, "1m", v)
	_, ok = u.Get("mtu")
	assert.False(t, ok)

	changed := u.With("endpoint", "127.0.0.1:40124")
	assert.Equal(t, "aeron:udp?endpoint=127.0.0.1:40124|term-length=1m", changed.String())
	assert.Equal(t, "aeron:udp?endpoint=127.0.0.1:40123|term-length=1m", u.String(), "With does not modify its receiver")
	assert.Equal(t, "aeron:udp?endpoint=127.0.0.1:40123", u.Without("term-length").String())
	assert.Equal(t, "aeron:ipc?term-length=64k", IPCChannel().With("term-length", "64k").String())
}
