// Package aeronc is the only package of the module that imports "C". It wraps
// Aeron's C client and C media driver (Aeron 1.51.x) in small, flat calls:
// C shims in shim.c fill result structs so one cgo call does one operation,
// //export callbacks live in callbacks.go, Go values seen from C are found
// through runtime/cgo handles or the subscription slot table, and C error
// codes map to Errno and *Error.
//
// The data path (offer, try-claim, poll) is isolated in Publication.Offer,
// Publication.Offerv, Publication.TryClaim, CommitClaim, AbortClaim,
// Subscription.Poll and Subscription.ControlledPoll so that a pure Go data
// path over the mapped log buffers can replace them behind the same callers.
package aeronc

/*
#include "shim.h"
*/
import "C"

import (
	"fmt"
	"unsafe"
)

// Supported Aeron version: the client library linked into the binary and the
// media driver it talks to must both be this major.minor version.
const (
	VersionMajor = 1
	VersionMinor = 51
)

// LinkedVersion returns the version of the Aeron C library linked into the binary.
func LinkedVersion() (major, minor, patch int) {
	return int(C.aerongo_version_major()), int(C.aerongo_version_minor()), int(C.aerongo_version_patch())
}

// CheckLinkedVersion fails when the linked Aeron C library is not 1.51.x.
func CheckLinkedVersion() error {
	major, minor, patch := LinkedVersion()
	if major != VersionMajor || minor != VersionMinor {
		return fmt.Errorf("aeron: linked Aeron C library is %d.%d.%d, this module supports %d.%d.x only",
			major, minor, patch, VersionMajor, VersionMinor)
	}
	return nil
}

func resultError(op string, r *C.aerongo_result_t) error {
	return &Error{Op: op, Code: Errno(r.code), Message: C.GoString(&r.message[0])}
}

func bytesPtr(b []byte) *C.uint8_t {
	return (*C.uint8_t)(unsafe.Pointer(unsafe.SliceData(b)))
}
