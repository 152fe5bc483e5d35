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
