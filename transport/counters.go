package transport

import (
	"fmt"
	"iter"
	"sync/atomic"

	"github.com/aerongo/aerongo/transport/internal/aeronc"
)

// Counter is one of the media driver's counters.
type Counter struct {
	ID     int32
	TypeID int32
	Label  string
	Value  int64
}

// Counters reads the media driver's counters (system counters, positions,
// channel status, ...) through a client's mapping of the counters file.
type Counters struct {
	c *Client
}

// Counters returns the counters reader of the client; its methods return
// ErrClosed after the client closes.
func (c *Client) Counters() Counters { return Counters{c: c} }

func atomicLoad(addr *int64) int64 {
	if addr == nil {
		return 0
	}
	return atomic.LoadInt64(addr)
}

// ForEach calls fn for every allocated counter in id order until fn returns
// false. fn runs without any lock held, so it may use the client (or close it:
// ForEach then returns ErrClosed).
func (cs Counters) ForEach(fn func(Counter) bool) error {
	for id := int32(0); ; id++ {
		var c Counter
		var found, end bool
		err := cs.c.withClient(func(ac *aeronc.Client) error {
			r := ac.Counters()
			if id > r.MaxID() {
				end = true
				return nil
			}
			state, ok := r.State(id)
			if !ok || state == aeronc.CounterUnused {
				end = true // records are allocated from the start; the rest are unused
				return nil
			}
			if state != aeronc.CounterAllocated {
				return nil
			}
			typeID, _ := r.TypeID(id)
			label, _ := r.Label(id)
			c, found = Counter{ID: id, TypeID: typeID, Label: label, Value: atomicLoad(r.Addr(id))}, true
			return nil
		})
		if err != nil || end {
			return err
		}
		if found && !fn(c) {
			return nil
		}
	}
}

// All iterates over the allocated counters in id order (ForEach as an
// iterator; it stops early when the client is closed).
func (cs Counters) All() iter.Seq[Counter] {
	return func(yield func(Counter) bool) {
		_ = cs.ForEach(yield)
	}
}

// Get reads counter id.
func (cs Counters) Get(id int32) (Counter, error) {
	var out Counter
	err := cs.c.withClient(func(ac *aeronc.Client) error {
		r := ac.Counters()
		state, ok := r.State(id)
		if !ok || state != aeronc.CounterAllocated {
			return fmt.Errorf("transport: counter %d is not allocated", id)
		}
		typeID, _ := r.TypeID(id)
		label, _ := r.Label(id)
		out = Counter{ID: id, TypeID: typeID, Label: label, Value: atomicLoad(r.Addr(id))}
		return nil
	})
	return out, err
}

// Value reads the value of counter id.
func (cs Counters) Value(id int32) (int64, error) {
	var v int64
	err := cs.c.withClient(func(ac *aeronc.Client) error {
		addr := ac.Counters().Addr(id)
		if addr == nil {
			return fmt.Errorf("transport: counter id %d out of range", id)
		}
		v = atomicLoad(addr)
		return nil
	})
	return v, err
}
