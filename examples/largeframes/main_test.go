package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLargeFrames(t *testing.T) {
	var out strings.Builder
	require.NoError(t, run([]string{"-frames", "20", "-slopes", "40000"}, &out))
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	require.Len(t, lines, 2, out.String())
	// 8 header + 34 block + 6 group header + 40000*8 slopes + 4 pixels length.
	assert.True(t, strings.HasPrefix(lines[0], "frame 320052 bytes, max payload "), lines[0])
	assert.True(t, strings.HasPrefix(lines[1], "20 frames received, 0 corrupt, 0 rejected: "), lines[1])
}
