//go:build !race

package logbuffer

const raceEnabled = false
