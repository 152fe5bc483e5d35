//go:build amd64 && !race

#include "textflag.h"

// Release stores for x86-64: a plain MOV. Under x86-TSO a store is not
// reordered with earlier loads or stores, so a MOV has release semantics in
// hardware; the call itself keeps the Go compiler from moving memory
// operations across it. This is what the C client's AERON_SET_RELEASE
// compiles to (a compiler barrier and a MOV) and what Java's putIntRelease
// and putLongRelease are on this architecture.

// func storeRelease32(addr *int32, v int32)
TEXT ·storeRelease32(SB), NOSPLIT, $0-12
	MOVQ addr+0(FP), AX
	MOVL v+8(FP), BX
	MOVL BX, 0(AX)
	RET

// func storeRelease64(addr *int64, v int64)
TEXT ·storeRelease64(SB), NOSPLIT, $0-16
	MOVQ addr+0(FP), AX
	MOVQ v+8(FP), BX
	MOVQ BX, 0(AX)
	RET

// func putTailAndHeader(tail *int64, tailValue int64, frame unsafe.Pointer, w0, w1, w2 int64)
// The exclusive publication's tail (a release store), then the frame
// header: its first word (negative length, version, flags, type) and the
// two after it, in that order.
TEXT ·putTailAndHeader(SB), NOSPLIT, $0-48
	MOVQ tail+0(FP), AX
	MOVQ tailValue+8(FP), BX
	MOVQ BX, 0(AX)
	MOVQ frame+16(FP), AX
	MOVQ w0+24(FP), BX
	MOVQ BX, 0(AX)
	MOVQ w1+32(FP), BX
	MOVQ BX, 8(AX)
	MOVQ w2+40(FP), BX
	MOVQ BX, 16(AX)
	RET
