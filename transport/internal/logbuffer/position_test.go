package logbuffer

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPositionArithmetic(t *testing.T) {
	cases := []struct {
		termLength    int
		initialTermID int32
		termID        int32
		termOffset    int32
		position      int64
	}{
		{64 * 1024, 0, 0, 0, 0},
		{64 * 1024, 0, 0, 4096, 4096},
		{64 * 1024, 0, 1, 32, 64*1024 + 32},
		{64 * 1024, 100, 103, 64, 3*64*1024 + 64},
		{64 * 1024, -5, -3, 0, 2 * 64 * 1024},
		{16 * 1024 * 1024, 1 << 30, 1<<30 + 7, 1024, 7*16*1024*1024 + 1024},
		// term ids wrap around int32
		{64 * 1024, 2147483647, -2147483648, 96, 64*1024 + 96},
		{1 << 30, 0, 5, 1 << 29, 5<<30 + 1<<29},
	}
	for _, c := range cases {
		name := fmt.Sprintf("T%d/init%d/term%d/off%d", c.termLength, c.initialTermID, c.termID, c.termOffset)
		t.Run(name, func(t *testing.T) {
			shift := PositionBitsToShift(c.termLength)
			require.Equal(t, c.termLength, 1<<shift)
			assert.Equal(t, c.position, ComputePosition(c.termID, c.termOffset, shift, c.initialTermID))
			assert.Equal(t, c.termID, ComputeTermIDFromPosition(c.position, shift, c.initialTermID))
			assert.Equal(t, c.termOffset, ComputeTermOffsetFromPosition(c.position, shift))
			assert.Equal(t, c.position-int64(c.termOffset), ComputeTermBeginPosition(c.termID, shift, c.initialTermID))
			termCount := ComputeTermCount(c.termID, c.initialTermID)
			assert.Equal(t, int(termCount%3), IndexByPosition(c.position, shift))
			assert.Equal(t, int(termCount%3), IndexByTerm(c.initialTermID, c.termID))
		})
	}
}

func TestRawTailParts(t *testing.T) {
	raw := int64(-7)<<32 | 4096
	assert.Equal(t, int32(-7), TermID(raw))
	assert.Equal(t, int32(4096), TermOffset(raw, 64*1024))
	// a tail pushed past the end of the term by racing writers is capped
	assert.Equal(t, int32(64*1024), TermOffset(int64(3)<<32|(64*1024+96), 64*1024))
}

func TestGeometry(t *testing.T) {
	assert.NoError(t, CheckTermLength(64*1024))
	assert.NoError(t, CheckTermLength(1<<30))
	assert.ErrorIs(t, CheckTermLength(32*1024), ErrTermLength)
	assert.ErrorIs(t, CheckTermLength(96*1024), ErrTermLength)
	assert.ErrorIs(t, CheckPageSize(1000), ErrPageSize)
	assert.Equal(t, 3*64*1024+4096, ComputeLogLength(64*1024, 4096))
	assert.Equal(t, 4<<20, ComputeLogLength(1<<20, 2<<20))
	assert.Equal(t, 8*1024, ComputeMaxMessageLength(64*1024))
	assert.Equal(t, 16<<20, ComputeMaxMessageLength(1<<30))
	assert.Equal(t, MaxPossiblePosition(64*1024), int64(64*1024)<<31)
	// max payload 1376: two full frames and a 100-byte last frame
	assert.Equal(t, 2*1408+160, ComputeFragmentedLength(2*1376+100, 1376))
	assert.Equal(t, 2*1408, ComputeFragmentedLength(2*1376, 1376))
}

func TestNewLogMetadata(t *testing.T) {
	l, err := NewLog(LogParams{TermLength: 128 * 1024, MTU: 4096, InitialTermID: -9, SessionID: 3, StreamID: 4, CorrelationID: 99, Type: LogTypeExclusivePublication})
	require.NoError(t, err)
	assert.Equal(t, 128*1024, l.TermLength())
	assert.Equal(t, 4096, l.MTU())
	assert.Equal(t, PageMinSize, l.PageSize())
	assert.Equal(t, int32(-9), l.InitialTermID())
	assert.Equal(t, int64(99), l.CorrelationID())
	assert.Equal(t, uint8(LogTypeExclusivePublication), l.Type())
	assert.Equal(t, int32(3), l.SessionID())
	assert.Equal(t, int32(4), l.StreamID())
	assert.Equal(t, int64(-9)<<32, l.RawTail(0))
	assert.Equal(t, int64(-11)<<32, l.RawTail(1))
	assert.Equal(t, int64(-10)<<32, l.RawTail(2))
	assert.Equal(t, int32(0), l.ActiveTermCount())
	h := l.DefaultHeader()
	assert.Equal(t, frame{Flags: FlagsUnfragmented, Type: TypeData, SessionID: 3, StreamID: 4, TermID: -9}, decodeFrame(h[:], 0))
	assert.False(t, l.IsConnected())
	assert.Equal(t, int64(1<<63-1), l.EndOfStreamPosition())

	// the same memory viewed as a whole log file
	l2, err := WrapBytes(l.backing)
	require.NoError(t, err)
	assert.Equal(t, l.terms, l2.terms)

	_, err = NewLog(LogParams{TermLength: 1000})
	assert.ErrorIs(t, err, ErrTermLength)
	_, err = NewLog(LogParams{TermLength: 64 * 1024, MTU: 1000})
	assert.Error(t, err)
}

func TestRotateLogAfterWrap(t *testing.T) {
	l, err := NewLog(LogParams{TermLength: 64 * 1024})
	require.NoError(t, err)
	// rotate three times: each partition gets its next term id
	for count := int32(0); count < 6; count++ {
		termID := count
		assert.True(t, l.RotateLog(count, termID))
		assert.False(t, l.RotateLog(count, termID), "a second rotation of the same term loses the CAS")
		next := IndexByTermCount(count + 1)
		assert.Equal(t, int64(termID+1)<<32, l.RawTail(next))
	}
	assert.Equal(t, int32(6), l.ActiveTermCount())
}

func TestConstructorsNeedCounters(t *testing.T) {
	l, err := NewLog(LogParams{TermLength: 64 * 1024})
	require.NoError(t, err)
	assert.Panics(t, func() { NewAppender(l, PublicationParams{}) })
	assert.Panics(t, func() { NewExclusiveAppender(l, PublicationParams{}) })
	assert.Panics(t, func() { NewReader(l, ReaderParams{}) })
}
