package transport

import (
	"fmt"
	"time"

	"github.com/aerongo/aerongo/transport/internal/aeronc"
)

// DriverError is one distinct error the media driver recorded in its error
// log (in the CnC file), with how often and when it was observed.
type DriverError struct {
	Count   int
	First   time.Time
	Last    time.Time
	Message string
}

// ReadDriverErrors reads the distinct errors recorded by the media driver in
// dir (Driver.Dir for an embedded driver), waiting up to timeout for its CnC
// file. It works for a running driver or the files a stopped one left.
func ReadDriverErrors(dir string, timeout time.Duration) ([]DriverError, error) {
	entries, err := aeronc.ReadErrorLog(dir, timeout)
	if err != nil {
		return nil, fmt.Errorf("transport: read driver errors in %q: %w", dir, err)
	}
	out := make([]DriverError, len(entries))
	for i, e := range entries {
		out[i] = DriverError{
			Count:   int(e.Count),
			First:   time.UnixMilli(e.FirstMs),
			Last:    time.UnixMilli(e.LastMs),
			Message: e.Message,
		}
	}
	return out, nil
}

// Errors reads the driver's error log; see ReadDriverErrors.
func (d *Driver) Errors() ([]DriverError, error) {
	return ReadDriverErrors(d.dir, time.Second)
}
