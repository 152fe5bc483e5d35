package transport_test

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aerongo/aerongo/internal/examplecheck"
)

// shownBy names, for the entry points that have no example of their own,
// the example that shows them.
var shownBy = map[string]string{
	// The four idle strategies are used the same way.
	"BackoffIdleStrategy.Idle":  "IdleStrategy",
	"BusySpinIdleStrategy.Idle": "IdleStrategy",
	"SleepingIdleStrategy.Idle": "IdleStrategy",
	"YieldingIdleStrategy.Idle": "IdleStrategy",
}

// TestExamplesCoverEntryPoints fails when an entry point of this package (an
// exported function, or a method that takes arguments or returns an
// iterator: internal/examplecheck) has no runnable Example, so that the
// package documentation shows every one of them at work.
func TestExamplesCoverEntryPoints(t *testing.T) {
	pkg, err := examplecheck.Read(".")
	require.NoError(t, err)
	require.NotEmpty(t, pkg.EntryPoints)
	var missing []string
	for _, ep := range pkg.EntryPoints {
		if len(ep.Examples) > 0 {
			continue
		}
		if ex, ok := shownBy[ep.Name]; ok && slices.Contains(pkg.Examples, ex) {
			continue
		}
		missing = append(missing, ep.Name)
	}
	assert.Empty(t, missing, "entry points without an Example")
	assert.Empty(t, pkg.NotRun, "examples without an Output comment, which go test does not run")
}
