// Package logbuffer is Aeron's log-buffer format in pure Go: the log metadata
// layout, the data frame header, the concurrent and exclusive term appenders
// (offer, offerv, try-claim with commit and abort, padding at the end of a
// term, rotation), the term reader, the fragment assembler and the position
// arithmetic.
//
// It works on the memory that Aeron's C client maps for a publication or an
// image (a log file: three term buffers followed by the log metadata page) and
// equally on a plain byte slice, which is how the unit tests drive it.
//
// The layout and the memory ordering follow Aeron 1.51.0 exactly
// (aeron-client/src/main/c: concurrent/aeron_logbuffer_descriptor.h,
// protocol/aeron_udp_protocol.h, aeron_publication.c,
// aeron_exclusive_publication.[ch], aeron_image.c, aeron_fragment_assembler.[ch];
// the Java client's io.aeron.logbuffer package has the same rules). Every
// shared field written or read by another thread or process goes through
// sync/atomic or storeRelease32/64, and each such access names the C or Java
// operation it mirrors. Acquire loads are atomic.Load* (a plain MOV on amd64,
// LDAR on arm64, as C's). Release stores on the hot path (the frame header
// and frame length, the exclusive tail, the subscriber position) are
// storeRelease32/64: on amd64 a MOV in assembly, exactly what C's
// AERON_SET_RELEASE compiles to under x86-TSO, because atomic.Store* is an
// XCHG there, a full barrier that drains the store buffer (it made an offer
// of 32 bytes about 40% slower); elsewhere, and under the race detector,
// they are atomic.Store* (STLR on arm64). Rare stores (rotation, connection
// flags) stay atomic.Store*.
//
// The format is little-endian, as Aeron's protocol is; fields are accessed in
// host byte order like the C client does, so the package supports
// little-endian hosts only (amd64, arm64, riscv64, ...).
//
// Nothing here allocates on the hot path: offer, offerv, try-claim, commit,
// abort, poll and controlled poll allocate nothing.
package logbuffer
