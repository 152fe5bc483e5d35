package logbuffer

// Position arithmetic (concurrent/aeron_logbuffer_descriptor.h). A position is
// the number of bytes from the start of the stream: the term count (terms
// since the initial term id, wrapping in 32 bits) shifted by
// positionBitsToShift, plus the offset in the term.

// TermOffset is the tail offset of a raw tail, capped at termLength
// (aeron_logbuffer_term_offset).
func TermOffset(rawTail int64, termLength int32) int32 {
	offset := rawTail & 0xFFFFFFFF
	if offset < int64(termLength) {
		return int32(offset)
	}
	return termLength
}

// TermID is the term id of a raw tail (aeron_logbuffer_term_id).
func TermID(rawTail int64) int32 { return int32(rawTail >> 32) }

// ComputeTermCount is termID - initialTermID with 32-bit wrap-around
// (aeron_logbuffer_compute_term_count).
func ComputeTermCount(termID, initialTermID int32) int32 { return termID - initialTermID }

// IndexByTermCount is the partition of a term count (aeron_logbuffer_index_by_term_count).
func IndexByTermCount(termCount int32) int { return int(uint32(termCount) % PartitionCount) }

// IndexByTerm is the partition of termID (aeron_logbuffer_index_by_term).
func IndexByTerm(initialTermID, termID int32) int {
	return IndexByTermCount(ComputeTermCount(termID, initialTermID))
}

// IndexByPosition is the partition that holds position (aeron_logbuffer_index_by_position).
func IndexByPosition(position int64, positionBitsToShift int) int {
	return int(uint64(position>>positionBitsToShift) % PartitionCount)
}

// ComputePosition mirrors aeron_logbuffer_compute_position.
func ComputePosition(termID, termOffset int32, positionBitsToShift int, initialTermID int32) int64 {
	termCount := int64(ComputeTermCount(termID, initialTermID))
	// The shift is at most 30 (a 1 GiB term); & 63 tells the compiler it
	// is in range, which spares the offer path a sign test and a mask.
	return termCount<<(uint(positionBitsToShift)&63) + int64(termOffset)
}

// ComputeTermBeginPosition mirrors aeron_logbuffer_compute_term_begin_position.
func ComputeTermBeginPosition(termID int32, positionBitsToShift int, initialTermID int32) int64 {
	return ComputePosition(termID, 0, positionBitsToShift, initialTermID)
}

// ComputeTermIDFromPosition mirrors aeron_logbuffer_compute_term_id_from_position.
func ComputeTermIDFromPosition(position int64, positionBitsToShift int, initialTermID int32) int32 {
	return int32(position>>positionBitsToShift) + initialTermID
}

// ComputeTermOffsetFromPosition mirrors aeron_logbuffer_compute_term_offset_from_position.
func ComputeTermOffsetFromPosition(position int64, positionBitsToShift int) int32 {
	mask := int64(1)<<positionBitsToShift - 1
	return int32(position & mask)
}

// MaxPossiblePosition is the position after which a publication refuses to
// write: termLength << 31 (max_possible_position in aeron_publication_create).
func MaxPossiblePosition(termLength int) int64 { return int64(termLength) << 31 }
