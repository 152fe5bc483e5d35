package aeronc

/*
#include <stdlib.h>
#include "shim.h"
*/
import "C"

import (
	"time"
	"unsafe"
)

// Threading modes of the media driver (aeron_threading_mode_t); ThreadingDefault
// keeps Aeron's default (AERON_THREADING_MODE or dedicated).
const (
	ThreadingDefault       = -1
	ThreadingDedicated     = 0
	ThreadingSharedNetwork = 1
	ThreadingShared        = 2
)

// DriverOptions configures the C media driver. Zero values keep Aeron's defaults.
type DriverOptions struct {
	Dir                   string
	IdleStrategy          string // Aeron's name: "noop", "spin", "yield", "sleep-ns", "backoff"
	ThreadingMode         int
	TermLength            int
	IPCTermLength         int
	MTU                   int
	IPCMTU                int
	ClientLiveness        time.Duration
	PublicationLinger     time.Duration
	ImageLiveness         time.Duration
	PublicationConnection time.Duration
	PublicationUnblock    time.Duration
	DriverTimeout         time.Duration
	SparseTerms           int // -1 keeps Aeron's default, 0 no, 1 yes
	DeleteDirOnStart      bool
	DeleteDirOnShutdown   bool
	ManualMainLoop        bool
}

// Driver is a running C media driver (aeron_driver_t) in this process.
type Driver struct {
	ctx    *C.aeron_driver_context_t
	driver *C.aeron_driver_t
}

// StartDriver initialises and starts a media driver. Unless ManualMainLoop
// is set the driver runs its agents on its own threads.
func StartDriver(o DriverOptions) (*Driver, error) {
	if err := CheckLinkedVersion(); err != nil {
		return nil, err
	}
	var co C.aerongo_driver_opts_t
	if o.Dir != "" {
		co.dir = C.CString(o.Dir)
		defer C.free(unsafe.Pointer(co.dir))
	}
	if o.IdleStrategy != "" {
		co.idle_strategy = C.CString(o.IdleStrategy)
		defer C.free(unsafe.Pointer(co.idle_strategy))
	}
	co.threading_mode = C.int32_t(o.ThreadingMode)
	co.term_length = C.int64_t(o.TermLength)
	co.ipc_term_length = C.int64_t(o.IPCTermLength)
	co.mtu_length = C.int64_t(o.MTU)
	co.ipc_mtu_length = C.int64_t(o.IPCMTU)
	co.client_liveness_timeout_ns = C.int64_t(o.ClientLiveness.Nanoseconds())
	co.publication_linger_timeout_ns = C.int64_t(o.PublicationLinger.Nanoseconds())
	co.image_liveness_timeout_ns = C.int64_t(o.ImageLiveness.Nanoseconds())
	co.publication_connection_timeout_ns = C.int64_t(o.PublicationConnection.Nanoseconds())
	co.publication_unblock_timeout_ns = C.int64_t(o.PublicationUnblock.Nanoseconds())
	co.driver_timeout_ms = C.int64_t(o.DriverTimeout.Milliseconds())
	co.sparse_terms = C.int32_t(o.SparseTerms)
	co.delete_dir_on_start = boolInt(o.DeleteDirOnStart)
	co.delete_dir_on_shutdown = boolInt(o.DeleteDirOnShutdown)
	co.manual_main_loop = boolInt(o.ManualMainLoop)

	d := &Driver{}
	var r C.aerongo_result_t
	if C.aerongo_driver_start(&d.ctx, &d.driver, &co, &r) < 0 {
		return nil, resultError("aeron start media driver", &r)
	}
	return d, nil
}

func boolInt(b bool) C.int32_t {
	if b {
		return 1
	}
	return 0
}

// DoWork runs one duty cycle of a driver started with ManualMainLoop and
// returns the amount of work done.
func (d *Driver) DoWork() int {
	return int(C.aeron_driver_main_do_work(d.driver))
}

// Idle idles the manual main loop with the driver's idle strategy.
func (d *Driver) Idle(workCount int) {
	C.aeron_driver_main_idle_strategy(d.driver, C.int(workCount))
}

// Close stops the driver's threads and releases the driver and its context.
func (d *Driver) Close() error {
	if d.driver == nil && d.ctx == nil {
		return nil
	}
	var r C.aerongo_result_t
	rc := C.aerongo_driver_close(d.ctx, d.driver, &r)
	d.ctx, d.driver = nil, nil
	if rc < 0 {
		return resultError("aeron close media driver", &r)
	}
	return nil
}
