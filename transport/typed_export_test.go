package transport

import (
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Hooks for the typed-stream tests of package transport_test, which import
// the generated packages under gen/ (those import transport, so the tests
// cannot live in package transport itself).

// TypedTestDriverDir is the directory of the shared embedded test driver.
func TypedTestDriverDir() string { return sharedDriver.Dir() }

// FreeUDPPort is freeUDPPort, for the typed UDP tests.
func FreeUDPPort(t *testing.T) int { return freeUDPPort(t) }

// TypedTestRace reports whether the tests run under the race detector.
const TypedTestRace = raceEnabled

// StartManualTestDriver starts an embedded driver with opts and
// ManualMainLoop set, and runs its duty cycle (DoWork, Idle) on a goroutine.
// stop ends that cycle without closing the driver, so that it falls silent
// as a hung driver process does; it may be called more than once. When t
// ends the cycle is stopped and the driver closed.
func StartManualTestDriver(t testing.TB, opts DriverOptions) (drv *Driver, stop func()) {
	opts.ManualMainLoop = true
	drv, err := StartEmbeddedDriver(opts)
	require.NoError(t, err)
	var quit atomic.Bool
	var loop sync.WaitGroup
	loop.Add(1)
	go func() {
		defer loop.Done()
		for !quit.Load() {
			drv.Idle(drv.DoWork())
		}
	}()
	stop = func() {
		quit.Store(true)
		loop.Wait()
	}
	t.Cleanup(func() {
		stop()
		assert.NoError(t, drv.Close())
	})
	return drv, stop
}
