package harness

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPercentileNearestRank(t *testing.T) {
	s := make([]int64, 1000)
	for i := range s {
		s[i] = int64(1000 - i) // unsorted on purpose: Summarise sorts
	}
	fields := Summarise(s)
	m := map[string]any{}
	for i := 0; i+1 < len(fields); i += 2 {
		m[fields[i].(string)] = fields[i+1]
	}
	assert.Equal(t, int64(500), m["p50_ns"])
	assert.Equal(t, int64(900), m["p90_ns"])
	assert.Equal(t, int64(990), m["p99_ns"])
	assert.Equal(t, int64(999), m["p999_ns"])
	assert.Equal(t, int64(1000), m["max_ns"])
	assert.Equal(t, int64(1), Percentile([]int64{1, 2}, 0))
}

func TestParseSize(t *testing.T) {
	for in, want := range map[string]int{"32": 32, "16m": 16 << 20, "64K": 64 << 10, "1g": 1 << 30, "0x10": 16} {
		got, err := parseSize(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	_, err := parseSize("x")
	assert.Error(t, err)
}
