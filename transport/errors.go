package transport

import (
	"errors"

	"github.com/aerongo/aerongo/transport/internal/aeronc"
)

// Outcomes of Offer, Offerv and TryClaim other than success. They are
// preallocated values, returned as they are (never wrapped) on the hot path,
// so errors.Is and == both match them.
var (
	// ErrNotConnected: no subscriber is connected to the publication.
	ErrNotConnected = errors.New("transport: publication not connected")
	// ErrBackPressured: the subscribers are behind; retry later.
	ErrBackPressured = errors.New("transport: publication back pressured")
	// ErrAdminAction: the log rotated to a new term; retry at once.
	ErrAdminAction = errors.New("transport: publication admin action, retry")
	// ErrClosed: the publication, subscription or client is closed.
	ErrClosed = errors.New("transport: closed")
	// ErrMaxPositionExceeded: the publication reached its maximum position.
	ErrMaxPositionExceeded = errors.New("transport: publication max position exceeded")
	// ErrPublicationError: Aeron reported an error for the offer.
	ErrPublicationError = errors.New("transport: publication error")
	// ErrMessageTooLong: the message is longer than the publication's limit.
	ErrMessageTooLong = errors.New("transport: message longer than the publication allows")
)

// ErrClientTerminated means that Aeron's client conductor has stopped
// (after a driver timeout or another fatal error reported to the
// ErrorHandler) and closed every publication and subscription of the
// client; the client can only be closed. Adds, offers, claims and polls
// report it from then on, the polls once nothing is left to read. It
// matches ErrClosed too (errors.Is), so a loop that ends on ErrClosed ends
// on it.
var ErrClientTerminated error = clientTerminated{}

type clientTerminated struct{}

func (clientTerminated) Error() string {
	return "transport: Aeron client terminated (see the error handler's report)"
}

// Is makes ErrClientTerminated match ErrClosed.
func (clientTerminated) Is(target error) bool { return target == ErrClosed }

// ErrVersionMismatch is wrapped by the error Connect returns when the media
// driver is not the Aeron version this module links (1.51.x).
var ErrVersionMismatch = errors.New("transport: Aeron media driver version mismatch")

// Errno is an error code from Aeron's C client or driver: a system errno or
// one of the Errno* constants.
type Errno = aeronc.Errno

// Error is a failure reported by Aeron's C code with its operation, code and
// Aeron's message; errors.Is(err, ErrnoDriverTimeout) matches on the code.
type Error = aeronc.Error

// Aeron's error codes (negative, as aeron_errcode() reports them; positive
// Errno values are system errnos).
const (
	ErrnoInvalidChannel                 = aeronc.ErrnoInvalidChannel
	ErrnoUnknownSubscription            = aeronc.ErrnoUnknownSubscription
	ErrnoUnknownPublication             = aeronc.ErrnoUnknownPublication
	ErrnoChannelEndpointError           = aeronc.ErrnoChannelEndpointError
	ErrnoUnknownCounter                 = aeronc.ErrnoUnknownCounter
	ErrnoUnknownCommandTypeID           = aeronc.ErrnoUnknownCommandTypeID
	ErrnoMalformedCommand               = aeronc.ErrnoMalformedCommand
	ErrnoNotSupported                   = aeronc.ErrnoNotSupported
	ErrnoUnknownHost                    = aeronc.ErrnoUnknownHost
	ErrnoResourceTemporarilyUnavailable = aeronc.ErrnoResourceTemporarilyUnavailable
	ErrnoGenericError                   = aeronc.ErrnoGenericError
	ErrnoStorageSpace                   = aeronc.ErrnoStorageSpace
	ErrnoImageRejected                  = aeronc.ErrnoImageRejected
	ErrnoPublicationRevoked             = aeronc.ErrnoPublicationRevoked
	ErrnoDriverTimeout                  = aeronc.ErrnoDriverTimeout
	ErrnoClientTimeout                  = aeronc.ErrnoClientTimeout
	ErrnoConductorServiceTimeout        = aeronc.ErrnoConductorServiceTimeout
	ErrnoBufferFull                     = aeronc.ErrnoBufferFull
	ErrnoDriverBufferFull               = aeronc.ErrnoDriverBufferFull
)

// offerError maps a negative offer or try-claim outcome to its sentinel.
func offerError(rc int64) error {
	switch rc {
	case aeronc.PublicationNotConnected:
		return ErrNotConnected
	case aeronc.PublicationBackPressured:
		return ErrBackPressured
	case aeronc.PublicationAdminAction:
		return ErrAdminAction
	case aeronc.PublicationClosed:
		// The Go data path is retired before the C publication is closed,
		// so a live path finds it closed only after the client conductor
		// force-closed it on terminating.
		return ErrClientTerminated
	case aeronc.PublicationMaxPositionExceeded:
		return ErrMaxPositionExceeded
	}
	return ErrPublicationError
}

// retryable reports whether an offer outcome may succeed when retried.
func retryable(err error) bool {
	return err == ErrBackPressured || err == ErrNotConnected || err == ErrAdminAction
}
