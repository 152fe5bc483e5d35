package transport

import (
	"runtime"
	"time"
)

// IdleStrategy decides how a polling or retrying loop waits when it did no
// work. Idle(workCount) is called after each attempt: a positive workCount
// resets the strategy, zero idles one step. An IdleStrategy value is used by
// one goroutine at a time.
type IdleStrategy interface {
	Idle(workCount int)
	Reset()
}

// BusySpinIdleStrategy never gives up the CPU: lowest latency, one core busy.
type BusySpinIdleStrategy struct{}

// Idle does nothing.
func (BusySpinIdleStrategy) Idle(int) {}

// Reset does nothing.
func (BusySpinIdleStrategy) Reset() {}

// YieldingIdleStrategy yields the processor to other goroutines when idle.
type YieldingIdleStrategy struct{}

// Idle yields when workCount is zero.
func (YieldingIdleStrategy) Idle(workCount int) {
	if workCount <= 0 {
		runtime.Gosched()
	}
}

// Reset does nothing.
func (YieldingIdleStrategy) Reset() {}

// SleepingIdleStrategy sleeps for Duration (1 ms when zero) when idle.
type SleepingIdleStrategy struct {
	Duration time.Duration
}

// Idle sleeps when workCount is zero.
func (s SleepingIdleStrategy) Idle(workCount int) {
	if workCount > 0 {
		return
	}
	d := s.Duration
	if d <= 0 {
		d = time.Millisecond
	}
	time.Sleep(d)
}

// Reset does nothing.
func (SleepingIdleStrategy) Reset() {}

// BackoffIdleStrategy spins, then yields, then sleeps with a doubling period
// from MinPark up to MaxPark, as Aeron's backoff idle strategy does. Create
// it with NewBackoffIdleStrategy or fill the fields (zero fields take the
// defaults).
type BackoffIdleStrategy struct {
	MaxSpins  int
	MaxYields int
	MinPark   time.Duration
	MaxPark   time.Duration

	spins  int
	yields int
	park   time.Duration
}

// Backoff defaults, as in Aeron's backoff idle strategy.
const (
	DefaultBackoffMaxSpins  = 10
	DefaultBackoffMaxYields = 20
	DefaultBackoffMinPark   = time.Microsecond
	DefaultBackoffMaxPark   = time.Millisecond
)

// NewBackoffIdleStrategy returns a backoff strategy with Aeron's defaults.
func NewBackoffIdleStrategy() *BackoffIdleStrategy {
	return &BackoffIdleStrategy{
		MaxSpins:  DefaultBackoffMaxSpins,
		MaxYields: DefaultBackoffMaxYields,
		MinPark:   DefaultBackoffMinPark,
		MaxPark:   DefaultBackoffMaxPark,
	}
}

// Idle advances one step of the backoff when workCount is zero and resets
// it otherwise.
func (b *BackoffIdleStrategy) Idle(workCount int) {
	if workCount > 0 {
		b.Reset()
		return
	}
	maxSpins, maxYields := b.MaxSpins, b.MaxYields
	if maxSpins <= 0 {
		maxSpins = DefaultBackoffMaxSpins
	}
	if maxYields <= 0 {
		maxYields = DefaultBackoffMaxYields
	}
	switch {
	case b.spins < maxSpins:
		b.spins++
	case b.yields < maxYields:
		b.yields++
		runtime.Gosched()
	default:
		minPark, maxPark := b.MinPark, b.MaxPark
		if minPark <= 0 {
			minPark = DefaultBackoffMinPark
		}
		if maxPark < minPark {
			maxPark = max(DefaultBackoffMaxPark, minPark)
		}
		if b.park < minPark {
			b.park = minPark
		}
		time.Sleep(b.park)
		b.park = min(b.park*2, maxPark)
	}
}

// Reset returns to spinning.
func (b *BackoffIdleStrategy) Reset() {
	b.spins, b.yields, b.park = 0, 0, 0
}
