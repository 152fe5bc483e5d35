package aeronc

/*
#include "shim.h"
*/
import "C"

import "unsafe"

// Counter record states (AERON_COUNTER_RECORD_*).
const (
	CounterUnused    = 0
	CounterAllocated = 1
)

// CounterLabelMaxLength is the longest label a counter record holds.
const CounterLabelMaxLength = 380

// Counters reads the media driver's counters through the client's mapping.
// It is valid while its Client is open.
type Counters struct {
	r *C.aeron_counters_reader_t
}

// Counters returns the client's counters reader.
func (c *Client) Counters() Counters { return Counters{r: c.counters} }

// MaxID is the highest counter id the counters file can hold.
func (c Counters) MaxID() int32 {
	return int32(C.aeron_counters_reader_max_counter_id(c.r))
}

// State returns the record state of counter id, ok false when id is out of range.
func (c Counters) State(id int32) (state int32, ok bool) {
	var s C.int32_t
	if C.aeron_counters_reader_counter_state(c.r, C.int32_t(id), &s) < 0 {
		return 0, false
	}
	return int32(s), true
}

// TypeID returns the type id of counter id.
func (c Counters) TypeID(id int32) (int32, bool) {
	var t C.int32_t
	if C.aeron_counters_reader_counter_type_id(c.r, C.int32_t(id), &t) < 0 {
		return 0, false
	}
	return int32(t), true
}

// Label returns the label of counter id.
func (c Counters) Label(id int32) (string, bool) {
	var buf [CounterLabelMaxLength + 1]C.char
	n := C.aerongo_counter_label(c.r, C.int32_t(id), &buf[0], C.int32_t(len(buf)))
	if n < 0 {
		return "", false
	}
	return C.GoStringN(&buf[0], n), true
}

// Addr returns the address of counter id's value in the mapped counters
// file, or nil when id is out of range. Read it with sync/atomic.
func (c Counters) Addr(id int32) *int64 {
	if id < 0 || id > c.MaxID() {
		return nil
	}
	return (*int64)(unsafe.Pointer(C.aeron_counters_reader_addr(c.r, C.int32_t(id))))
}
