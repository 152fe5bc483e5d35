package transport

import (
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/aerongo/aerongo/transport/internal/aeronc"
)

// ThreadingMode selects how the media driver runs its conductor, sender and
// receiver agents.
type ThreadingMode int

// Threading modes. ThreadingDefault keeps Aeron's default (the
// AERON_THREADING_MODE environment variable, else dedicated).
const (
	ThreadingDefault       ThreadingMode = iota
	ThreadingDedicated                   // three threads: conductor, sender, receiver
	ThreadingSharedNetwork               // conductor, and sender with receiver
	ThreadingShared                      // one thread for all agents
)

func (m ThreadingMode) aeron() int {
	switch m {
	case ThreadingDedicated:
		return aeronc.ThreadingDedicated
	case ThreadingSharedNetwork:
		return aeronc.ThreadingSharedNetwork
	case ThreadingShared:
		return aeronc.ThreadingShared
	}
	return aeronc.ThreadingDefault
}

// DriverOptions configures an embedded media driver. Zero values keep
// Aeron's defaults (including those taken from AERON_* environment variables).
type DriverOptions struct {
	// Dir is the driver's Aeron directory. Empty: a new temporary directory
	// (under /dev/shm when present), removed by Close.
	Dir string
	// ThreadingMode of the driver's agents.
	ThreadingMode ThreadingMode
	// IdleStrategy names Aeron's idle strategy for every agent of the
	// driver: "backoff", "sleep-ns", "yield", "noop" (busy spin).
	IdleStrategy string
	// TermLength is the term buffer length of network publications (a
	// power of two from 64 KiB to 1 GiB).
	TermLength int
	// IPCTermLength is the term buffer length of IPC publications. The
	// longest message is min(term length / 8, 16 MiB).
	IPCTermLength int
	// MTU is the maximum frame length of network publications.
	MTU int
	// IPCMTU is the maximum frame length of IPC publications.
	IPCMTU int
	// SparseTermFiles makes term files sparse (allocated on first touch).
	SparseTermFiles bool
	// ClientLivenessTimeout: a client silent for this long is closed.
	ClientLivenessTimeout time.Duration
	// PublicationLingerTimeout: how long a closed publication's log lingers.
	PublicationLingerTimeout time.Duration
	// ImageLivenessTimeout: how long an image lingers without activity.
	ImageLivenessTimeout time.Duration
	// PublicationConnectionTimeout: how long a network publication waits
	// for status messages before it is not connected.
	PublicationConnectionTimeout time.Duration
	// PublicationUnblockTimeout: how long a blocked claim may stay before
	// the driver unblocks the log.
	PublicationUnblockTimeout time.Duration
	// DriverTimeout: the driver's own timeout for clients to see it alive.
	DriverTimeout time.Duration
	// ManualMainLoop starts no driver threads: the caller runs the driver by
	// calling Driver.DoWork (and Driver.Idle) in a loop.
	ManualMainLoop bool
	// DeleteDirOnClose removes a caller-supplied Dir on Close. A temporary
	// directory (empty Dir) is always removed.
	DeleteDirOnClose bool
}

// Driver is an Aeron C media driver running in this process.
type Driver struct {
	dir       string
	removeDir bool
	manual    bool

	mu     sync.Mutex
	driver *aeronc.Driver
}

// StartEmbeddedDriver starts Aeron's C media driver in this process, on its
// own threads unless ManualMainLoop is set. Close stops it.
func StartEmbeddedDriver(opts DriverOptions) (*Driver, error) {
	d := &Driver{dir: opts.Dir, manual: opts.ManualMainLoop, removeDir: opts.DeleteDirOnClose}
	if d.dir == "" {
		base := ""
		if st, err := os.Stat("/dev/shm"); err == nil && st.IsDir() {
			base = "/dev/shm"
		}
		dir, err := os.MkdirTemp(base, "aerongo-driver-")
		if err != nil {
			return nil, fmt.Errorf("transport: driver directory: %w", err)
		}
		d.dir, d.removeDir = dir, true
	}
	sparse := -1
	if opts.SparseTermFiles {
		sparse = 1
	}
	drv, err := aeronc.StartDriver(aeronc.DriverOptions{
		Dir:                   d.dir,
		IdleStrategy:          opts.IdleStrategy,
		ThreadingMode:         opts.ThreadingMode.aeron(),
		TermLength:            opts.TermLength,
		IPCTermLength:         opts.IPCTermLength,
		MTU:                   opts.MTU,
		IPCMTU:                opts.IPCMTU,
		ClientLiveness:        opts.ClientLivenessTimeout,
		PublicationLinger:     opts.PublicationLingerTimeout,
		ImageLiveness:         opts.ImageLivenessTimeout,
		PublicationConnection: opts.PublicationConnectionTimeout,
		PublicationUnblock:    opts.PublicationUnblockTimeout,
		DriverTimeout:         opts.DriverTimeout,
		SparseTerms:           sparse,
		DeleteDirOnStart:      d.removeDir,
		DeleteDirOnShutdown:   d.removeDir,
		ManualMainLoop:        opts.ManualMainLoop,
	})
	if err != nil {
		if d.removeDir {
			_ = os.RemoveAll(d.dir)
		}
		return nil, fmt.Errorf("transport: start embedded driver in %s: %w", d.dir, err)
	}
	d.driver = drv
	return d, nil
}

// Dir is the driver's Aeron directory, to pass as ClientOptions.Dir.
func (d *Driver) Dir() string { return d.dir }

// DoWork runs one duty cycle of a driver started with ManualMainLoop and
// returns the work done (0 when idle or closed).
func (d *Driver) DoWork() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.driver == nil || !d.manual {
		return 0
	}
	return d.driver.DoWork()
}

// Idle idles a ManualMainLoop driver with its configured idle strategy.
func (d *Driver) Idle(workCount int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.driver == nil || !d.manual {
		return
	}
	d.driver.Idle(workCount)
}

// Close stops the driver and removes its directory when it created it (or
// DeleteDirOnClose was set). Clients of this driver should be closed first.
// Close is safe to call more than once.
func (d *Driver) Close() error {
	d.mu.Lock()
	drv := d.driver
	d.driver = nil
	d.mu.Unlock()
	if drv == nil {
		return nil
	}
	err := drv.Close()
	if d.removeDir {
		if rerr := os.RemoveAll(d.dir); rerr != nil && err == nil {
			err = rerr
		}
	}
	if err != nil {
		return fmt.Errorf("transport: close embedded driver: %w", err)
	}
	return nil
}
