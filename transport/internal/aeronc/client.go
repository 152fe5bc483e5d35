package aeronc

/*
#include <stdlib.h>
#include "shim.h"
*/
import "C"

import (
	"runtime/cgo"
	"sync"
	"time"
	"unsafe"
)

// ErrorHandler receives the client's asynchronous errors on the client
// conductor's thread.
type ErrorHandler func(code Errno, message string)

// Client is a connected Aeron C client (aeron_t) with its context. Its
// methods other than Close may be called from any goroutine; Close must not
// race with them (the transport package serialises that).
type Client struct {
	ctx      *C.aeron_context_t
	client   *C.aeron_t
	counters *C.aeron_counters_reader_t

	errorHandle cgo.Handle

	mu      sync.Mutex
	handles map[cgo.Handle]*subState
}

// Connect maps the media driver's CnC file in dir (Aeron's default directory
// when empty), waiting up to timeout for a live driver, and starts the client
// conductor thread. With preTouch the client maps every log buffer with its
// pages populated (aeron_context_set_pre_touch_mapped_memory); without it
// Aeron's default (and environment) stands. onError must not be nil:
// Aeron's default handler exits the process.
func Connect(dir string, timeout time.Duration, name string, preTouch bool, onError ErrorHandler) (*Client, error) {
	if err := CheckLinkedVersion(); err != nil {
		return nil, err
	}
	c := &Client{handles: make(map[cgo.Handle]*subState)}
	c.errorHandle = cgo.NewHandle(onError)

	var cdir, cname *C.char
	if dir != "" {
		cdir = C.CString(dir)
		defer C.free(unsafe.Pointer(cdir))
	}
	if name != "" {
		cname = C.CString(name)
		defer C.free(unsafe.Pointer(cname))
	}
	var r C.aerongo_result_t
	if C.aerongo_client_connect(&c.ctx, &c.client, cdir, C.int64_t(timeout.Milliseconds()), cname,
		C.bool(preTouch), C.uintptr_t(c.errorHandle), &r) < 0 {
		c.errorHandle.Delete()
		return nil, resultError("aeron connect", &r)
	}
	c.counters = C.aeron_counters_reader(c.client)
	return c, nil
}

// Close closes the C client (which releases every publication and
// subscription it still holds) and its context, then deletes the handles
// Aeron no longer reports to.
func (c *Client) Close() {
	C.aerongo_client_close(c.ctx, c.client)
	c.ctx, c.client, c.counters = nil, nil, nil
	c.errorHandle.Delete()
	c.mu.Lock()
	left := make([]*subState, 0, len(c.handles))
	for _, s := range c.handles {
		left = append(left, s)
	}
	c.mu.Unlock()
	for _, s := range left {
		s.release()
	}
}

// ClientID returns Aeron's id of this client.
func (c *Client) ClientID() int64 {
	return int64(C.aeron_client_id(c.client))
}

func (c *Client) track(s *subState) {
	c.mu.Lock()
	c.handles[s.handle] = s
	c.mu.Unlock()
}

func (c *Client) untrack(s *subState) {
	c.mu.Lock()
	delete(c.handles, s.handle)
	c.mu.Unlock()
}

// TrackedSubscriptions is the number of subscriptions whose callback state
// Aeron may still use (added and not yet reported closed).
func (c *Client) TrackedSubscriptions() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.handles)
}

// IsClosed reports whether Aeron's client conductor has closed, e.g. after
// the driver stopped answering for longer than the driver timeout.
func (c *Client) IsClosed() bool {
	return bool(C.aeron_is_closed(c.client))
}
