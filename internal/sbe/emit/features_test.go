package emit_test

import (
	"bytes"
	"encoding/binary"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aerongo/aerongo/runtime"
	"github.com/aerongo/aerongo/testdata/golden/bigendian"
	"github.com/aerongo/aerongo/testdata/golden/features"
)

func TestFeaturesConstantsAndNulls(t *testing.T) {
	var o features.Order
	o.Price = 0 // the schema's custom null
	o.OptCount = 999
	o.Ratio = math.NaN()
	o.AddedV2.Mantissa = 5
	o.BytesField = [4]uint8{1, 2, 3, 4}
	o.Shorts = [3]int16{-1, 0, 1}
	frame, err := o.MarshalBinary()
	require.NoError(t, err)

	var d features.OrderDecoder
	require.NoError(t, d.Wrap(frame))
	assert.Equal(t, "XLON", d.Venue())
	assert.Equal(t, uint32(3735928559), d.Magic())
	assert.Equal(t, features.SideSell, d.DefaultSide())
	assert.Equal(t, int8(-4), d.AddedV2().Exponent())
	assert.Equal(t, int64(5), d.AddedV2().Mantissa())
	assert.True(t, d.PriceIsNull())
	assert.True(t, d.OptCountIsNull())
	assert.True(t, d.RatioIsNull())
	assert.Equal(t, []byte{1, 2, 3, 4}, d.BytesFieldBytes(), "byte arrays as a view")
	assert.Equal(t, [3]int16{-1, 0, 1}, d.Shorts())
	assert.Equal(t, int16(-1), d.ShortsAt(0))
	assert.Equal(t, int16(math.MinInt16), d.ShortsAt(3), "index out of range reads null")

	o.Price, o.OptCount, o.Ratio = 1, 0, 0.5
	frame, err = o.MarshalBinary()
	require.NoError(t, err)
	require.NoError(t, d.Wrap(frame))
	assert.False(t, d.PriceIsNull())
	assert.False(t, d.OptCountIsNull())
	assert.False(t, d.RatioIsNull())

	var e features.OrderEncoder
	buf := make([]byte, 512)
	require.NoError(t, e.WrapForEncode(buf))
	e.SetPriceNull()
	e.SetOptCountNull()
	e.SetRatioNull()
	n, err := e.Finish()
	require.NoError(t, err)
	require.NoError(t, d.Wrap(buf[:n]))
	assert.True(t, d.PriceIsNull())
	assert.True(t, d.OptCountIsNull())
	assert.True(t, d.RatioIsNull())
}

func TestFeaturesEnumsAndSets(t *testing.T) {
	assert.Equal(t, "Buy", features.SideBuy.String())
	assert.Equal(t, "Side(90)", features.Side('Z').String())
	assert.True(t, features.SideCross.IsValid())
	assert.False(t, features.SideNullValue.IsValid())
	text, err := features.StatusNegative.MarshalText()
	require.NoError(t, err)
	assert.Equal(t, "Negative", string(text))
	_, err = features.Status(9).MarshalText()
	assert.Error(t, err)
	var s features.Status
	require.NoError(t, s.UnmarshalText([]byte("Positive")))
	assert.Equal(t, features.StatusPositive, s)
	require.NoError(t, s.UnmarshalText([]byte("NULL_VAL")))
	assert.Equal(t, features.StatusNullValue, s)
	assert.Error(t, s.UnmarshalText([]byte("positive")))
	assert.Equal(t, "Wide(7)", features.Wide(7).String())
	assert.Equal(t, features.Wide(4000000000), features.WideLarge)

	var p features.Permissions
	p.SetRead(true)
	p.SetTop(true)
	assert.True(t, p.HasRead())
	assert.True(t, p.HasTop())
	assert.False(t, p.HasWrite())
	assert.Equal(t, features.Permissions(1|1<<63), p)
	assert.Equal(t, "{read,top}", p.String())
	p.SetRead(false)
	assert.Equal(t, "{top}", p.String())
	assert.Equal(t, "{a,5}", (features.TinyA | 1<<5).String())
	assert.Equal(t, "{}", features.Tiny(0).String())
}

// TestFeaturesPaddingZeroed: gaps between members and fields are written as
// zero even over a dirty buffer, so equal values give equal bytes.
func TestFeaturesPaddingZeroed(t *testing.T) {
	o := features.Order{OrderID: 1, Symbol: "AB"}
	o.Outer.Padded.A = 0xff
	clean, err := o.MarshalBinary()
	require.NoError(t, err)
	dirty := make([]byte, 0, len(clean))
	for i := 0; i < cap(dirty); i++ {
		dirty = append(dirty, 0xee)
	}
	out, err := o.AppendBinary(dirty[:0])
	require.NoError(t, err)
	assert.Equal(t, clean, out)
	// Custom header: 12 bytes, the extra field zero.
	assert.Equal(t, []byte{0, 0, 0, 0}, clean[8:12])
	assert.Equal(t, uint16(128), binary.LittleEndian.Uint16(clean[0:]))
	assert.Equal(t, uint16(42), binary.LittleEndian.Uint16(clean[4:]))
	assert.Equal(t, uint16(2), binary.LittleEndian.Uint16(clean[6:]))
	// Symbol is NUL-padded to its 8 bytes at offset 8 of the block.
	assert.Equal(t, []byte("AB\x00\x00\x00\x00\x00\x00"), clean[12+8:12+16])
}

func TestFeaturesKeywordNames(t *testing.T) {
	in := features.Type{Func: 1, Range: 2, FooBar: 3, FooBarField: 4, Map: features.SideBuy, Go: "go"}
	frame, err := in.MarshalBinary()
	require.NoError(t, err)
	var out features.Type
	require.NoError(t, out.UnmarshalBinary(frame))
	assert.Equal(t, in, out)
	var seen []string
	h := features.Handlers{
		OnType: func(d *features.TypeDecoder) error { seen = append(seen, string(d.Go())); return d.Err() },
		//lint:ignore SA1019 the dispatcher must still route a message the schema deprecates
		OnHeartbeat: func(*features.HeartbeatDecoder) error { seen = append(seen, "hb"); return nil },
	}
	require.NoError(t, features.Dispatch(frame, &h))
	//lint:ignore SA1019 the deprecated message is still encoded and dispatched
	hb, err := (&features.Heartbeat{}).MarshalBinary()
	require.NoError(t, err)
	require.NoError(t, features.Dispatch(hb, &h))
	assert.Equal(t, []string{"go", "hb"}, seen)
}

// olderOrder encodes an Order without legs and returns it as the frames of
// schema versions 0, 1 and 2: version 1 lacks the group added (since 2),
// version 0 also the var data late (since 1).
func olderOrder(t *testing.T) (v0, v1, v2 []byte) {
	o := features.Order{OrderID: 77, AddedV1: 5, Memo: "memo", Blob: []byte{1, 2}}
	o.AddedV2.Mantissa = 9
	o.Outer.Since = 3
	o.Outer.Count = 4
	v2, err := o.MarshalBinary()
	require.NoError(t, err)
	const hdr, block = 12, 128
	legs, empty, added := 3, 4, 4
	memo, blob, late := 4+4, 2+2, 1
	require.Equal(t, hdr+block+legs+empty+added+memo+blob+late, len(v2))
	at := hdr + block + legs + empty
	v1 = append(append([]byte(nil), v2[:at]...), v2[at+added:]...)
	binary.LittleEndian.PutUint16(v1[6:], 1)
	v0 = append([]byte(nil), v1[:len(v1)-late]...)
	binary.LittleEndian.PutUint16(v0[6:], 0)
	return v0, v1, v2
}

func TestFeaturesOlderVersions(t *testing.T) {
	v0, v1, v2 := olderOrder(t)
	for _, tc := range []struct {
		ver   int
		frame []byte
	}{{0, v0}, {1, v1}, {2, v2}} {
		var d features.OrderDecoder
		require.NoError(t, d.Wrap(tc.frame), "version %d", tc.ver)
		assert.Equal(t, tc.ver, d.SBEActingVersion())
		assert.Equal(t, uint64(77), d.OrderID())
		if tc.ver >= 1 {
			assert.Equal(t, int32(5), d.AddedV1())
		} else {
			assert.Equal(t, int32(math.MinInt32), d.AddedV1(), "field newer than the frame reads null")
		}
		if tc.ver >= 2 {
			assert.Equal(t, int64(9), d.AddedV2().Mantissa())
			assert.Equal(t, uint32(3), d.Outer().Since())
		} else {
			assert.Equal(t, int64(math.MinInt64), d.AddedV2().Mantissa(), "composite newer than the frame reads null")
			assert.True(t, d.Outer().SinceIsNull(), "composite member newer than the frame reads null")
		}
		assert.Equal(t, uint16(4), d.Outer().Count())
		assert.Equal(t, 0, d.Legs().Count())
		assert.Equal(t, 0, d.Added().Count())
		assert.Equal(t, "memo", string(d.Memo()))
		assert.Equal(t, []byte{1, 2}, d.Blob())
		assert.Empty(t, d.Late())
		require.NoError(t, d.Err())
		n, err := d.SBEFrameLength()
		require.NoError(t, err)
		assert.Equal(t, len(tc.frame), n, "version %d", tc.ver)

		var o features.Order
		require.NoError(t, o.UnmarshalBinary(tc.frame), "version %d", tc.ver)
		assert.Equal(t, "memo", o.Memo)
		for n := 0; n < len(tc.frame); n++ {
			assert.Error(t, new(features.Order).UnmarshalBinary(tc.frame[:n:n]), "version %d prefix %d", tc.ver, n)
		}
	}
	// A version-1 frame whose block is too short for the version-1 fields.
	bad := append([]byte(nil), v1...)
	binary.LittleEndian.PutUint16(bad[0:], 100)
	var d features.OrderDecoder
	assert.ErrorIs(t, d.Wrap(bad), runtime.ErrVersion)
}

func TestFeaturesNestedGroups(t *testing.T) {
	o := features.Order{
		Legs: []features.OrderLegs{
			{LegID: 1, Ratio: 0.5, LegNote: "first", Fills: []features.OrderLegsFills{{Qty: 10, At: 100, Note: "a"}, {Qty: 20, At: 200}},
				Tags: []features.OrderLegsTags{{Tag: 'x'}}},
			{LegID: 2, Fills: []features.OrderLegsFills{{Qty: 30, At: 300, Note: "c"}}},
		},
		Added: []features.OrderAdded{{Value: 7, Label: "seven"}},
		Late:  "late",
	}
	frame, err := o.MarshalBinary()
	require.NoError(t, err)
	var d features.OrderDecoder
	require.NoError(t, d.Wrap(frame))
	legs := d.Legs()
	require.Equal(t, 2, legs.Count())
	var qty []uint32
	var notes []string
	for legs.Next() {
		for f := range legs.Fills().All() {
			qty = append(qty, f.Qty())
			notes = append(notes, string(f.Note()))
		}
		notes = append(notes, string(legs.LegNote()))
	}
	require.NoError(t, legs.Err())
	assert.Equal(t, []uint32{10, 20, 30}, qty)
	assert.Equal(t, []string{"a", "", "first", "c", ""}, notes)
	added := d.Added()
	require.True(t, added.Next())
	assert.Equal(t, "seven", string(added.Label()))
	assert.Equal(t, "late", string(d.Late()))
	require.NoError(t, d.Err())

	var back features.Order
	require.NoError(t, back.UnmarshalBinary(frame))
	assert.Equal(t, o, back)

	// Var data longer than its length type's maximum is refused.
	var e features.OrderEncoder
	buf := make([]byte, 4096)
	require.NoError(t, e.WrapForEncode(buf))
	lg, err := e.LegsCount(1)
	require.NoError(t, err)
	require.NoError(t, lg.Next())
	assert.ErrorIs(t, lg.SetLegNote(make([]byte, 255)), runtime.ErrRange)
	assert.ErrorIs(t, e.SetBlob(make([]byte, 1001)), runtime.ErrRange)
	_, err = e.LegsCount(1)
	assert.ErrorIs(t, err, runtime.ErrOrder, "legs again after blob")
	require.NoError(t, e.WrapForEncode(buf))
	_, err = e.LegsCount(255)
	assert.ErrorIs(t, err, runtime.ErrRange, "numInGroup uint8 holds at most 254")
}

func TestBigEndianBytes(t *testing.T) {
	s := bigendian.Sample{U16: 0x0102, I32: -2, Kind: bigendian.KindAlpha, Bits: bigendian.BitsHigh, Opt: 5, Later: 9,
		Point: bigendian.Point{X: 1.5, Y: -2.25}, Text: "hi",
		Points: []bigendian.SamplePoints{{P: bigendian.Point{X: 3, Y: 4}, Label: "p"}}}
	frame, err := s.MarshalBinary()
	require.NoError(t, err)
	assert.Equal(t, []byte{0, 48, 0, 9, 0, 7, 0, 1}, frame[:8], "big-endian header: block 48, template 9, schema 7, version 1")
	assert.Equal(t, []byte{1, 2}, frame[8:10])
	assert.Equal(t, []byte{0xff, 0xff, 0xff, 0xfe}, frame[10:14])
	assert.Equal(t, []byte{0, 2, 'h', 'i'}, frame[len(frame)-4:])
	var back bigendian.Sample
	require.NoError(t, back.UnmarshalBinary(frame))
	assert.Equal(t, s, back)
	hdr, err := runtime.WrapMessageHeader(frame, 0, true)
	require.NoError(t, err)
	assert.Equal(t, uint16(9), hdr.TemplateID())
}

// TestFeaturesHugeGroupCount: a 32-bit count and a 32-bit block length whose
// product overflows an int are rejected as a short buffer that names a
// positive size, not read.
func TestFeaturesHugeGroupCount(t *testing.T) {
	o := features.Order{Legs: []features.OrderLegs{{LegID: 1, Fills: []features.OrderLegsFills{{Qty: 0xA1B2C3D4}}}}}
	frame, err := o.MarshalBinary()
	require.NoError(t, err)
	// The fills dimension (blockLength uint32, numInGroup uint32) sits just
	// before the entry that starts with qty.
	at := bytes.Index(frame, []byte{0xD4, 0xC3, 0xB2, 0xA1})
	require.Greater(t, at, 8)
	binary.LittleEndian.PutUint32(frame[at-8:], 0xFFFFFFF0)
	binary.LittleEndian.PutUint32(frame[at-4:], 0xFFFFFFF0)
	var d features.OrderDecoder
	require.NoError(t, d.Wrap(frame))
	legs := d.Legs()
	require.True(t, legs.Next())
	fills := legs.Fills()
	assert.False(t, fills.Next())
	var rerr *runtime.Error
	require.ErrorAs(t, fills.Err(), &rerr)
	assert.ErrorIs(t, rerr, runtime.ErrShortBuffer)
	assert.Equal(t, int(^uint(0)>>1), rerr.Want, "saturated size")
	var back features.Order
	assert.ErrorIs(t, back.UnmarshalBinary(frame), runtime.ErrShortBuffer)
}

// TestFeaturesCompositeWraps puts the composites' flyweights over a caller's
// buffer: the custom message header of a frame read and written on its own,
// a composite with a member newer than the acting version, and buffers too
// short for them.
func TestFeaturesCompositeWraps(t *testing.T) {
	frame, err := (&features.Order{OrderID: 77}).MarshalBinary()
	require.NoError(t, err)
	h, err := features.WrapFrameHeaderDecoder(frame, features.SchemaVersion)
	require.NoError(t, err)
	assert.Equal(t, uint16(features.SchemaID), h.SchemaID())
	assert.Equal(t, uint16(features.SchemaVersion), h.Version())
	assert.Equal(t, uint16(1), h.TemplateID())

	e, err := features.WrapFrameHeaderEncoder(frame)
	require.NoError(t, err)
	e.SetFlags(0xA5A5)
	assert.Equal(t, uint32(0xA5A5), h.Flags(), "encoder and decoder share the caller's bytes")
	var d features.OrderDecoder
	require.NoError(t, d.Wrap(frame))
	assert.Equal(t, uint64(77), d.OrderID())

	buf := make([]byte, features.OuterSize)
	oe, err := features.WrapOuterEncoder(buf)
	require.NoError(t, err)
	oe.SetCount(4)
	oe.SetSince(3)
	for ver, since := range map[int]bool{1: false, 2: true} {
		od, err := features.WrapOuterDecoder(buf, ver)
		require.NoError(t, err)
		assert.Equal(t, uint16(4), od.Count())
		assert.Equal(t, !since, od.SinceIsNull(), "version %d", ver)
	}

	for n := range features.OuterSize {
		_, err := features.WrapOuterDecoder(buf[:n], features.SchemaVersion)
		assert.ErrorIs(t, err, runtime.ErrShortBuffer, "%d bytes", n)
		_, err = features.WrapOuterEncoder(buf[:n])
		assert.ErrorIs(t, err, runtime.ErrShortBuffer, "%d bytes", n)
	}
	_, err = features.WrapFrameHeaderDecoder(frame[:features.FrameHeaderSize-1], 0)
	assert.EqualError(t, err, "sbe: buffer too short in frameHeader at offset 0: need 12 bytes, have 11")
}
