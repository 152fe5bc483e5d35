package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestEventLoop(t *testing.T) {
	var out strings.Builder
	require.NoError(t, run([]string{"-frames", "200", "-rate", "5000"}, &out))
	assert.True(t, strings.HasPrefix(out.String(), "frames sent 200, processed 200, commands applied 200 (last for frame 199)\n"), out.String())
}
