package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPingPong(t *testing.T) {
	var out strings.Builder
	require.NoError(t, run([]string{"-n", "2000", "-warmup", "200"}, &out))
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	require.Len(t, lines, 2, out.String())
	assert.Equal(t, "2000 round trips of a 65-byte Quote over aeron:ipc?term-length=1m (after 200 warm-up)", lines[0])
	assert.True(t, strings.HasPrefix(lines[1], "rtt µs: min "), lines[1])
	assert.Contains(t, lines[1], " p99.99 ")
}
