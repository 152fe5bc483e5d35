//go:build race

package transport

// raceEnabled shrinks message counts under the race detector, which slows
// every cgo callback by an order of magnitude.
const raceEnabled = true
