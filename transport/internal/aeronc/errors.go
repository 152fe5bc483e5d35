package aeronc

import (
	"fmt"
	"syscall"
)

// Errno is an error code reported by Aeron's C client or media driver:
// either a system errno (EINVAL, ENOENT, ...) or one of Aeron's client codes
// (ErrnoDriverTimeout and the following constants).
type Errno int32

// Aeron's client error codes (aeronc.h AERON_CLIENT_ERROR_*), as reported by
// aeron_errcode().
const (
	ErrnoDriverTimeout            Errno = 1000
	ErrnoClientTimeout            Errno = 1001
	ErrnoConductorServiceTimeout  Errno = 1002
	ErrnoBufferFull               Errno = 1003
	ErrnoDriverBufferFull         Errno = 1004
	errnoAeronClientLowerBoundary Errno = 1000
)

// Error describes the code.
func (e Errno) Error() string {
	switch e {
	case ErrnoDriverTimeout:
		return "aeron: driver timeout"
	case ErrnoClientTimeout:
		return "aeron: client timeout"
	case ErrnoConductorServiceTimeout:
		return "aeron: conductor service timeout"
	case ErrnoBufferFull:
		return "aeron: buffer full"
	case ErrnoDriverBufferFull:
		return "aeron: driver buffer full"
	}
	if e > 0 && e < errnoAeronClientLowerBoundary {
		return "aeron: " + syscall.Errno(e).Error()
	}
	return fmt.Sprintf("aeron: error code %d", int32(e))
}

// Error is a failure reported by Aeron's C code: the operation, Aeron's code
// and Aeron's own message. errors.Is(err, ErrnoDriverTimeout) and the like
// match on the code.
type Error struct {
	Op      string
	Code    Errno
	Message string
}

func (e *Error) Error() string {
	if e.Message == "" {
		return e.Op + ": " + e.Code.Error()
	}
	return fmt.Sprintf("%s: %s (code %d): %s", e.Op, e.Code.Error(), int32(e.Code), e.Message)
}

// Unwrap returns the code so errors.Is matches an Errno.
func (e *Error) Unwrap() error { return e.Code }
