package transport

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestBackoffIdleStrategyProgression(t *testing.T) {
	b := &BackoffIdleStrategy{MaxSpins: 2, MaxYields: 2, MinPark: time.Microsecond, MaxPark: 8 * time.Microsecond}
	for i := 0; i < 4; i++ { // spins, then yields
		b.Idle(0)
	}
	assert.Equal(t, 2, b.spins)
	assert.Equal(t, 2, b.yields)
	assert.Zero(t, b.park)
	parks := []time.Duration{}
	for i := 0; i < 5; i++ {
		b.Idle(0)
		parks = append(parks, b.park)
	}
	assert.Equal(t, []time.Duration{2 * time.Microsecond, 4 * time.Microsecond, 8 * time.Microsecond,
		8 * time.Microsecond, 8 * time.Microsecond}, parks)
	b.Idle(1) // work done: back to spinning
	assert.Zero(t, b.spins)
	assert.Zero(t, b.yields)
	assert.Zero(t, b.park)
}

func TestIdleStrategiesReturn(t *testing.T) {
	for name, s := range map[string]IdleStrategy{
		"busy spin": BusySpinIdleStrategy{},
		"yielding":  YieldingIdleStrategy{},
		"sleeping":  SleepingIdleStrategy{Duration: time.Microsecond},
		"backoff":   NewBackoffIdleStrategy(),
	} {
		start := time.Now()
		for i := 0; i < 100; i++ {
			s.Idle(0)
		}
		s.Idle(1)
		s.Reset()
		assert.Less(t, time.Since(start), 2*time.Second, name)
	}
	start := time.Now()
	SleepingIdleStrategy{Duration: 5 * time.Millisecond}.Idle(0)
	assert.GreaterOrEqual(t, time.Since(start), 5*time.Millisecond)
	start = time.Now()
	SleepingIdleStrategy{Duration: time.Second}.Idle(1)
	assert.Less(t, time.Since(start), 500*time.Millisecond, "no sleep after work")
}
