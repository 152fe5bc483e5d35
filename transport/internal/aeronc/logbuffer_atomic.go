package aeronc

import (
	"sync/atomic"
	"unsafe"
)

// atomicLoadPointer mirrors AERON_GET_ACQUIRE of a pointer in C memory.
func atomicLoadPointer(p *unsafe.Pointer) unsafe.Pointer { return atomic.LoadPointer(p) }

// atomicLoadInt64 mirrors AERON_GET_ACQUIRE of an int64 in C memory.
func atomicLoadInt64(p *int64) int64 { return atomic.LoadInt64(p) }

// atomicStoreInt64 mirrors AERON_SET_RELEASE of an int64 in C memory.
func atomicStoreInt64(p *int64, v int64) { atomic.StoreInt64(p, v) }
