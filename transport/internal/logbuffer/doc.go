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
// sync/atomic, and each such access names the C or Java operation it mirrors.
// On amd64 atomic.Store* compiles to XCHG, a full barrier, which is stronger
// than C's release store (a compiler barrier and a plain MOV under x86-TSO);
// atomic.Load* is a plain MOV, the same as C's acquire load. On arm64 they
// are STLR and LDAR, as the C client's C11 build uses.
//
// The format is little-endian, as Aeron's protocol is; fields are accessed in
// host byte order like the C client does, so the package supports
// little-endian hosts only (amd64, arm64, riscv64, ...).
//
// Nothing here allocates on the hot path: offer, offerv, try-claim, commit,
// abort, poll and controlled poll allocate nothing.
package logbuffer
