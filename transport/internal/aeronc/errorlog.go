package aeronc

/*
#include <stdlib.h>
#include "shim.h"
*/
import "C"

import (
	"runtime/cgo"
	"time"
	"unsafe"
)

// ErrorLogEntry is one distinct error in a media driver's error log.
type ErrorLogEntry struct {
	Count   int32 // observations
	FirstMs int64 // first observation, ms since the Unix epoch
	LastMs  int64 // last observation, ms since the Unix epoch
	Message string
}

// ReadErrorLog maps the CnC file in dir (waiting up to timeout for it) and
// returns the driver's distinct errors.
func ReadErrorLog(dir string, timeout time.Duration) ([]ErrorLogEntry, error) {
	var entries []ErrorLogEntry
	h := cgo.NewHandle(&entries)
	defer h.Delete()
	cdir := C.CString(dir)
	defer C.free(unsafe.Pointer(cdir))
	var r C.aerongo_result_t
	if C.aerongo_error_log_read(cdir, C.int64_t(timeout.Milliseconds()), C.uintptr_t(h), &r) < 0 {
		return nil, resultError("aeron read error log", &r)
	}
	return entries, nil
}
