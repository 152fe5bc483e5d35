package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestQuickstart(t *testing.T) {
	var out strings.Builder
	require.NoError(t, run([]string{"-n", "3"}, &out))
	assert.Equal(t, "quote 1 ESZ6 XCME bid 51222525 x 3 ask 51225025 x 5\n"+
		"quote 2 ESZ6 XCME bid 51222550 x 3 ask 51225050 x 5\n"+
		"quote 3 ESZ6 XCME bid 51222575 x 3 ask 51225075 x 5\n", out.String())
}
