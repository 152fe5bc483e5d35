package runtime

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMessageHeaderRoundTrip(t *testing.T) {
	for _, big := range []bool{false, true} {
		buf := make([]byte, 10)
		h, err := WrapMessageHeader(buf, 2, big)
		require.NoError(t, err)
		h.SetBlockLength(0x0102)
		h.SetTemplateID(3)
		h.SetSchemaID(4)
		h.SetVersion(5)
		assert.Equal(t, uint16(0x0102), h.BlockLength())
		assert.Equal(t, uint16(3), h.TemplateID())
		assert.Equal(t, uint16(4), h.SchemaID())
		assert.Equal(t, uint16(5), h.Version())
		if big {
			assert.Equal(t, []byte{0, 0, 1, 2, 0, 3, 0, 4, 0, 5}, buf)
		} else {
			assert.Equal(t, []byte{0, 0, 2, 1, 3, 0, 4, 0, 5, 0}, buf)
		}
	}
}

func TestWrapMessageHeaderShort(t *testing.T) {
	for _, tc := range []struct{ n, off int }{{0, 0}, {7, 0}, {8, 1}, {8, 9}, {8, -1}} {
		_, err := WrapMessageHeader(make([]byte, tc.n), tc.off, false)
		require.Error(t, err, "len %d off %d", tc.n, tc.off)
		assert.True(t, errors.Is(err, ErrShortBuffer), "len %d off %d: %v", tc.n, tc.off, err)
	}
}

func TestErrorMessages(t *testing.T) {
	cases := []struct {
		err  error
		kind error
		want string
	}{
		{ShortBuffer("Car", 8, 45, 10), ErrShortBuffer, "sbe: buffer too short in Car at offset 8: need 45 bytes, have 10"},
		{SchemaMismatch("Car", 0, 1, 2), ErrSchemaID, "sbe: foreign schema id in Car at offset 0: want schema id 1, got 2"},
		{UnknownTemplate("Car", 0, 1, 7), ErrUnknownTemplate, "sbe: unknown template id in Car at offset 0: want template id 1, got 7"},
		{UnknownTemplate("baseline", 0, -1, 7), ErrUnknownTemplate, "sbe: unknown template id in baseline at offset 0: template id 7"},
		{BlockTooShort("Car", 8, 45, 40), ErrVersion, "sbe: unreadable version in Car at offset 8: block length 40 shorter than the 45 bytes its version needs"},
		{OutOfRange("Car.fuelFigures", 53, 65535, 70000), ErrRange, "sbe: value out of range in Car.fuelFigures at offset 53: 70000 exceeds the maximum 65535"},
		{OutOfOrder("Car.manufacturer", 60), ErrOrder, "sbe: groups and var data written out of order in Car.manufacturer at offset 60"},
	}
	for _, tc := range cases {
		assert.Equal(t, tc.want, tc.err.Error())
		assert.ErrorIs(t, tc.err, tc.kind, tc.want)
	}
	e := OutOfRange("x", 0, ^uint64(0), 1).(*Error)
	assert.Equal(t, maxInt, e.Want)
}

func TestEnforceVersionConstants(t *testing.T) {
	// The expressions generated code uses must be valid for GenVersion.
	const (
		_ = EnforceVersion(GenVersion - MinVersion)
		_ = EnforceVersion(MaxVersion - GenVersion)
	)
	assert.LessOrEqual(t, MinVersion, MaxVersion)
}

func TestMulSat(t *testing.T) {
	const maxInt = int(^uint(0) >> 1)
	for _, tt := range []struct{ a, b, want int }{
		{0, 0, 0}, {3, 4, 12}, {maxInt, 1, maxInt}, {maxInt, 2, maxInt},
		{1 << 32, 1 << 32, maxInt}, {1 << 31, 1 << 31, 1 << 62},
		{-1, 5, 0}, {5, 0, 0},
	} {
		if got := MulSat(tt.a, tt.b); got != tt.want {
			t.Errorf("MulSat(%d, %d) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}
