package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMultitype(t *testing.T) {
	var out strings.Builder
	require.NoError(t, run([]string{"-n", "2"}, &out))
	assert.Equal(t, `quote    ESZ6 bid 51224975 ask 51225000
trade    ESZ6 2 @ 51225000 Buy
snapshot ESZ6 bid 51224975 x 4 (2 orders) ask 51225000 x 2 from demo
quote    ESZ6 bid 51225000 ask 51225025
trade    ESZ6 2 @ 51225025 Buy
snapshot ESZ6 bid 51225000 x 4 (2 orders) ask 51225025 x 2 from demo
6 messages, 0 rejected
`, out.String())
}
