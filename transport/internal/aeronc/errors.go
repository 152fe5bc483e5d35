package aeronc

import (
	"fmt"
	"syscall"
)

// Errno is an error code as aeron_errcode() reports it: a positive value is
// a system errno (EINVAL, ENOENT, ...); a negative value is one of Aeron's
// codes, negated: the driver's error codes (ErrnoInvalidChannel ...
// ErrnoPublicationRevoked) and the client's (ErrnoDriverTimeout ...).
type Errno int32

// Aeron's codes, negated as aeron_errcode() reports them.
const (
	ErrnoInvalidChannel                 Errno = -1
	ErrnoUnknownSubscription            Errno = -2
	ErrnoUnknownPublication             Errno = -3
	ErrnoChannelEndpointError           Errno = -4
	ErrnoUnknownCounter                 Errno = -5
	ErrnoUnknownCommandTypeID           Errno = -6
	ErrnoMalformedCommand               Errno = -7
	ErrnoNotSupported                   Errno = -8
	ErrnoUnknownHost                    Errno = -9
	ErrnoResourceTemporarilyUnavailable Errno = -10
	ErrnoGenericError                   Errno = -11
	ErrnoStorageSpace                   Errno = -12
	ErrnoImageRejected                  Errno = -13
	ErrnoPublicationRevoked             Errno = -14

	ErrnoDriverTimeout           Errno = -1000
	ErrnoClientTimeout           Errno = -1001
	ErrnoConductorServiceTimeout Errno = -1002
	ErrnoBufferFull              Errno = -1003
	ErrnoDriverBufferFull        Errno = -1004
)

var errnoText = map[Errno]string{
	ErrnoInvalidChannel:                 "invalid channel",
	ErrnoUnknownSubscription:            "unknown subscription",
	ErrnoUnknownPublication:             "unknown publication",
	ErrnoChannelEndpointError:           "channel endpoint error",
	ErrnoUnknownCounter:                 "unknown counter",
	ErrnoUnknownCommandTypeID:           "unknown command type id",
	ErrnoMalformedCommand:               "malformed command",
	ErrnoNotSupported:                   "not supported",
	ErrnoUnknownHost:                    "unknown host",
	ErrnoResourceTemporarilyUnavailable: "resource temporarily unavailable",
	ErrnoGenericError:                   "generic error",
	ErrnoStorageSpace:                   "insufficient storage space",
	ErrnoImageRejected:                  "image rejected",
	ErrnoPublicationRevoked:             "publication revoked",
	ErrnoDriverTimeout:                  "driver timeout",
	ErrnoClientTimeout:                  "client timeout",
	ErrnoConductorServiceTimeout:        "client conductor service timeout",
	ErrnoBufferFull:                     "client command buffer full",
	ErrnoDriverBufferFull:               "driver command buffer full",
}

// Error describes the code.
func (e Errno) Error() string {
	if s, ok := errnoText[e]; ok {
		return "aeron: " + s
	}
	if e > 0 {
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
	return fmt.Sprintf("%s: %s: %s", e.Op, e.Code.Error(), e.Message)
}

// Unwrap returns the code so errors.Is matches an Errno.
func (e *Error) Unwrap() error { return e.Code }
