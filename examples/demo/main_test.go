package main

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestDemo runs the demo for a second over IPC: run fails when a message
// was lost or reordered, or the driver, client or stream could not start.
func TestDemo(t *testing.T) {
	require.NoError(t, run(time.Second, 32, "aeron:ipc", 3001))
}

// TestDemoShortMessages runs it with messages too short for a sequence
// number, which it then only counts.
func TestDemoShortMessages(t *testing.T) {
	require.NoError(t, run(time.Second, 4, "aeron:ipc?term-length=64k", 3002))
}

func TestDemoRejectsFlags(t *testing.T) {
	require.ErrorContains(t, run(time.Second, -1, "aeron:ipc", 3003), "-size must not be negative")
	require.ErrorContains(t, run(time.Second, 1<<30, "aeron:ipc", 3004), "max message length")
}
