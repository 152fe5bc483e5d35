//go:build amd64 && !race

#include "go_asm.h"
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

// func writeFrame(frame unsafe.Pointer, w0, w1, w2 int64, src unsafe.Pointer, n int, length int32)
// A whole unfragmented frame in one call: the header words w0 (release),
// w1 and w2, the n payload bytes from src after the header, then the frame
// length (release), in that order. The caller keeps n small
// (smallFrameCopy); larger payloads go through the runtime's memmove.
TEXT ·writeFrame(SB), NOSPLIT, $0-52
	MOVQ frame+0(FP), DI
	MOVQ w0+8(FP), AX
	MOVQ w1+16(FP), DX
	MOVQ w2+24(FP), R10
	MOVQ src+32(FP), SI
	MOVQ n+40(FP), CX
	MOVL length+48(FP), R9
	JMP  frameBody<>(SB)

// func putTailAndFrame(tail *int64, tailValue int64, frame unsafe.Pointer, w0, w1, w2 int64, src unsafe.Pointer, n int, length int32)
// The exclusive publication's tail (a release store), then writeFrame.
TEXT ·putTailAndFrame(SB), NOSPLIT, $0-68
	MOVQ tail+0(FP), AX
	MOVQ tailValue+8(FP), BX
	MOVQ BX, 0(AX)
	MOVQ frame+16(FP), DI
	MOVQ w0+24(FP), AX
	MOVQ w1+32(FP), DX
	MOVQ w2+40(FP), R10
	MOVQ src+48(FP), SI
	MOVQ n+56(FP), CX
	MOVL length+64(FP), R9
	JMP  frameBody<>(SB)

// frameBody writes the header words AX, DX, R10 at DI, copies CX bytes from
// SI to DI+32 and stores the frame length R9 at DI; it returns to the
// caller of writeFrame or putTailAndFrame. Payloads of 16 bytes or more
// are copied 64 bytes a round while that many remain, then 16 at a time,
// the last 16-byte block overlapping the one before; shorter ones with two
// overlapping moves of 8, 4 or 2 bytes, or one byte. X0-X3 are scratch
// (ABI0 code may clobber them; X15 is not touched).
TEXT frameBody<>(SB), NOSPLIT|NOFRAME, $0-0
	MOVQ AX, 0(DI)
	MOVQ DX, 8(DI)
	MOVQ R10, 16(DI)
	LEAQ 32(DI), BX
	CMPQ CX, $16
	JB   lt16
	MOVQ CX, DX
	SUBQ $16, DX
	XORQ R8, R8
	CMPQ CX, $80
	JB   loop16
	// 64 bytes a round while at least 64 remain before the last block.
	LEAQ -64(DX), R11
loop64:
	MOVOU (SI)(R8*1), X0
	MOVOU 16(SI)(R8*1), X1
	MOVOU 32(SI)(R8*1), X2
	MOVOU 48(SI)(R8*1), X3
	MOVOU X0, (BX)(R8*1)
	MOVOU X1, 16(BX)(R8*1)
	MOVOU X2, 32(BX)(R8*1)
	MOVOU X3, 48(BX)(R8*1)
	ADDQ $64, R8
	CMPQ R8, R11
	JBE  loop64
	CMPQ R8, DX
	JAE  last16
loop16:
	MOVOU (SI)(R8*1), X0
	MOVOU X0, (BX)(R8*1)
	ADDQ $16, R8
	CMPQ R8, DX
	JB   loop16
last16:
	MOVOU (SI)(DX*1), X0
	MOVOU X0, (BX)(DX*1)
	JMP  done
lt16:
	CMPQ CX, $8
	JB   lt8
	MOVQ (SI), AX
	MOVQ -8(SI)(CX*1), R8
	MOVQ AX, (BX)
	MOVQ R8, -8(BX)(CX*1)
	JMP  done
lt8:
	CMPQ CX, $4
	JB   lt4
	MOVL (SI), AX
	MOVL -4(SI)(CX*1), R8
	MOVL AX, (BX)
	MOVL R8, -4(BX)(CX*1)
	JMP  done
lt4:
	TESTQ CX, CX
	JEQ  done
	MOVB (SI), AX
	MOVB AX, (BX)
	CMPQ CX, $2
	JB   done
	MOVW -2(SI)(CX*1), AX
	MOVW AX, -2(BX)(CX*1)
done:
	MOVL R9, 0(DI)
	RET

// func CommitReservation(e *ExclusiveAppender, c Claim)
// With e (the exclusive appender whose Reserve granted c): resulting =
// termOffset + c's frame length aligned to 32; the tail of the active
// partition, termID<<32 | resulting (release); at c's frame the header
// words w1 (termOffset, sessionID) and w2 (streamID, termID), then w0 (the
// positive frame length, version, flags and type), which publishes the
// frame (release); then e.termOffset = resulting. Field offsets and
// constants come from go_asm.h. Without e: c's frame length (release) at
// c's frame, as Claim.Commit.
TEXT ·CommitReservation(SB), NOSPLIT, $0-24
	MOVQ  e+0(FP), AX
	MOVQ  c_frame+8(FP), DI
	MOVL  c_frameLength+16(FP), CX
	TESTQ AX, AX
	JEQ   claim
	MOVL  ExclusiveAppender_termOffset(AX), DX
	MOVL  ExclusiveAppender_termID(AX), R9
	LEAL  (const_FrameAlignment-1)(CX), R8
	ANDL  $-const_FrameAlignment, R8
	ADDL  DX, R8
	MOVQ  R9, R10
	SHLQ  $32, R10
	ORQ   R8, R10
	MOVQ  ExclusiveAppender_activePartitionIndex(AX), R11
	MOVQ  (ExclusiveAppender_publicationBase+publicationBase_meta)(AX), BX
	MOVQ  R10, const_MetaTermTailCountersOffset(BX)(R11*8)
	MOVL  (ExclusiveAppender_publicationBase+publicationBase_sessionID)(AX), SI
	SHLQ  $32, SI
	ORQ   DX, SI
	MOVQ  SI, 8(DI)
	MOVL  (ExclusiveAppender_publicationBase+publicationBase_streamID)(AX), SI
	SHLQ  $32, R9
	ORQ   SI, R9
	MOVQ  R9, 16(DI)
	MOVQ  $const_versionFlagsTypeData, SI
	ORQ   CX, SI
	MOVQ  SI, 0(DI)
	MOVL  R8, ExclusiveAppender_termOffset(AX)
	RET
claim:
	MOVL CX, 0(DI)
	RET
