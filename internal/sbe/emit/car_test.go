package emit_test

import (
	"errors"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aerongo/aerongo/runtime"
	"github.com/aerongo/aerongo/testdata/golden/baseline"
	"github.com/aerongo/aerongo/testdata/golden/extension"
)

// sampleCar is the Car of SBE's own examples (ExampleUsingGeneratedStub).
func sampleCar() baseline.Car {
	extras := baseline.OptionalExtras(0)
	extras.SetCruiseControl(true)
	extras.SetSportsPack(true)
	return baseline.Car{
		SerialNumber: 1234,
		ModelYear:    2013,
		Available:    baseline.BooleanTypeT,
		Code:         baseline.ModelA,
		SomeNumbers:  [4]uint32{0, 1, 2, 3},
		VehicleCode:  "abcdef",
		Extras:       extras,
		Engine: baseline.Engine{
			Capacity:         2000,
			NumCylinders:     4,
			ManufacturerCode: "123",
			Efficiency:       35,
			BoosterEnabled:   baseline.BooleanTypeT,
			Booster:          baseline.Booster{BoostType: baseline.BoostTypeNitrous, HorsePower: 200},
		},
		FuelFigures: []baseline.CarFuelFigures{
			{Speed: 30, Mpg: 35.9, UsageDescription: "Urban Cycle"},
			{Speed: 55, Mpg: 49.0, UsageDescription: "Combined Cycle"},
			{Speed: 75, Mpg: 40.0, UsageDescription: "Highway Cycle"},
		},
		PerformanceFigures: []baseline.CarPerformanceFigures{
			{OctaneRating: 95, Acceleration: []baseline.CarPerformanceFiguresAcceleration{
				{Mph: 30, Seconds: 4.0}, {Mph: 60, Seconds: 7.5}, {Mph: 100, Seconds: 12.2}}},
			{OctaneRating: 99, Acceleration: []baseline.CarPerformanceFiguresAcceleration{
				{Mph: 30, Seconds: 3.8}, {Mph: 60, Seconds: 7.1}, {Mph: 100, Seconds: 11.8}}},
		},
		Manufacturer:   "Honda",
		Model:          "Civic VTi",
		ActivationCode: "abcdef",
	}
}

func TestCarStructRoundTrip(t *testing.T) {
	car := sampleCar()
	frame, err := car.MarshalBinary()
	require.NoError(t, err)
	assert.Equal(t, car.SBEEncodedLength(), len(frame))

	var got baseline.Car
	require.NoError(t, got.UnmarshalBinary(frame))
	assert.Equal(t, car, got)

	// Reusing the value gives the same result.
	require.NoError(t, got.UnmarshalBinary(frame))
	assert.Equal(t, car, got)
}

func TestCarFlyweights(t *testing.T) {
	car := sampleCar()
	frame, err := car.MarshalBinary()
	require.NoError(t, err)

	var d baseline.CarDecoder
	require.NoError(t, d.Wrap(frame))
	assert.Equal(t, uint64(1234), d.SerialNumber())
	assert.Equal(t, uint16(2013), d.ModelYear())
	assert.Equal(t, baseline.BooleanTypeT, d.Available())
	assert.Equal(t, baseline.ModelA, d.Code())
	assert.Equal(t, uint32(2), d.SomeNumbersAt(2))
	assert.Equal(t, uint32(math.MaxUint32), d.SomeNumbersAt(4), "an index out of range reads the null value")
	assert.Equal(t, "abcdef", string(d.VehicleCode()))
	assert.True(t, d.Extras().HasCruiseControl())
	assert.False(t, d.Extras().HasSunRoof())
	assert.Equal(t, baseline.ModelC, d.DiscountedModel())
	e := d.Engine()
	assert.Equal(t, uint16(2000), e.Capacity())
	assert.Equal(t, uint16(9000), e.MaxRpm())
	assert.Equal(t, "Petrol", e.Fuel())
	assert.Equal(t, "123", string(e.ManufacturerCode()))
	assert.Equal(t, baseline.BoostTypeNitrous, e.Booster().BoostType())

	var speeds []uint16
	var usage []string
	for f := range d.FuelFigures().All() {
		speeds = append(speeds, f.Speed())
		usage = append(usage, string(f.UsageDescription()))
	}
	assert.Equal(t, []uint16{30, 55, 75}, speeds)
	assert.Equal(t, []string{"Urban Cycle", "Combined Cycle", "Highway Cycle"}, usage)

	pf := d.PerformanceFigures()
	assert.Equal(t, 2, pf.Count())
	var mph []uint16
	for pf.Next() {
		for a := range pf.Acceleration().All() {
			mph = append(mph, a.Mph())
		}
	}
	require.NoError(t, pf.Err())
	assert.Equal(t, []uint16{30, 60, 100, 30, 60, 100}, mph)
	assert.Equal(t, "Honda", string(d.Manufacturer()))
	assert.Equal(t, "Civic VTi", string(d.Model()))
	assert.Equal(t, "abcdef", string(d.ActivationCode()))
	require.NoError(t, d.Err())
	n, err := d.SBEFrameLength()
	require.NoError(t, err)
	assert.Equal(t, len(frame), n)

	// Skipping the groups: var data is still found.
	require.NoError(t, d.Wrap(frame))
	assert.Equal(t, "Civic VTi", string(d.Model()))
	// Going back to an earlier element re-walks from the block.
	assert.Equal(t, 3, d.FuelFigures().Count())
	assert.Equal(t, "Honda", string(d.Manufacturer()))
	require.NoError(t, d.Err())
}

// TestCarEncoderMatchesStruct writes the Car through the encoder by hand and
// compares with the struct's bytes; children not written come out empty.
func TestCarEncoderMatchesStruct(t *testing.T) {
	car := sampleCar()
	want, err := car.MarshalBinary()
	require.NoError(t, err)

	buf := make([]byte, 512)
	var e baseline.CarEncoder
	encodeCar(t, &e, buf)
	n, err := e.Finish()
	require.NoError(t, err)
	assert.Equal(t, want, buf[:n])

	// Only fixed fields: groups empty, var data empty.
	require.NoError(t, e.WrapForEncode(buf))
	e.SetSerialNumber(7)
	n, err = e.Finish()
	require.NoError(t, err)
	var got baseline.Car
	require.NoError(t, got.UnmarshalBinary(buf[:n]))
	assert.Equal(t, uint64(7), got.SerialNumber)
	assert.Empty(t, got.FuelFigures)
	assert.Equal(t, "", got.Manufacturer)
	assert.Equal(t, 8+45+4+4+4+4+4, n)

	// Out of order: var data before a group that follows... the group is
	// already written empty, so going back fails.
	require.NoError(t, e.WrapForEncode(buf))
	require.NoError(t, e.SetModelString("x"))
	_, err = e.FuelFiguresCount(1)
	assert.ErrorIs(t, err, runtime.ErrOrder)

	// More entries than announced.
	require.NoError(t, e.WrapForEncode(buf))
	g, err := e.FuelFiguresCount(1)
	require.NoError(t, err)
	require.NoError(t, g.Next())
	assert.ErrorIs(t, g.Next(), runtime.ErrRange)

	// Fewer entries than announced: the count is fixed up.
	require.NoError(t, e.WrapForEncode(buf))
	g, err = e.FuelFiguresCount(5)
	require.NoError(t, err)
	require.NoError(t, g.Next())
	g.SetSpeed(9)
	n, err = e.Finish()
	require.NoError(t, err)
	require.NoError(t, got.UnmarshalBinary(buf[:n]))
	require.Len(t, got.FuelFigures, 1)
	assert.Equal(t, uint16(9), got.FuelFigures[0].Speed)

	// Short buffers fail with ErrShortBuffer, never panic.
	for size := 0; size < len(want); size++ {
		var e baseline.CarEncoder
		err := e.WrapForEncode(make([]byte, size))
		if err == nil {
			err = tryEncodeCar(&e)
		}
		require.Error(t, err, "size %d", size)
		assert.ErrorIs(t, err, runtime.ErrShortBuffer, "size %d", size)
	}
}

func encodeCar(t *testing.T, e *baseline.CarEncoder, buf []byte) {
	require.NoError(t, e.WrapForEncode(buf))
	require.NoError(t, tryEncodeCar(e))
}

// tryEncodeCar writes sampleCar through the encoder, returning the first error.
func tryEncodeCar(e *baseline.CarEncoder) error {
	e.SetSerialNumber(1234)
	e.SetModelYear(2013)
	e.SetAvailable(baseline.BooleanTypeT)
	e.SetCode(baseline.ModelA)
	for i := 0; i < 4; i++ {
		e.SetSomeNumbersAt(i, uint32(i))
	}
	e.SetVehicleCodeString("abcdef")
	e.SetExtras(baseline.OptionalExtrasCruiseControl | baseline.OptionalExtrasSportsPack)
	en := e.Engine()
	en.SetCapacity(2000)
	en.SetNumCylinders(4)
	en.SetManufacturerCodeString("123")
	en.SetEfficiency(35)
	en.SetBoosterEnabled(baseline.BooleanTypeT)
	en.Booster().SetBoostType(baseline.BoostTypeNitrous)
	en.Booster().SetHorsePower(200)
	ff, err := e.FuelFiguresCount(3)
	if err != nil {
		return err
	}
	for _, f := range []struct {
		speed uint16
		mpg   float32
		usage string
	}{{30, 35.9, "Urban Cycle"}, {55, 49.0, "Combined Cycle"}, {75, 40.0, "Highway Cycle"}} {
		if err := ff.Next(); err != nil {
			return err
		}
		ff.SetSpeed(f.speed)
		ff.SetMpg(f.mpg)
		if err := ff.SetUsageDescriptionString(f.usage); err != nil {
			return err
		}
	}
	pf, err := e.PerformanceFiguresCount(2)
	if err != nil {
		return err
	}
	for _, p := range []struct {
		octane uint8
		secs   [3]float32
	}{{95, [3]float32{4.0, 7.5, 12.2}}, {99, [3]float32{3.8, 7.1, 11.8}}} {
		if err := pf.Next(); err != nil {
			return err
		}
		pf.SetOctaneRating(p.octane)
		acc, err := pf.AccelerationCount(3)
		if err != nil {
			return err
		}
		for i, mph := range []uint16{30, 60, 100} {
			if err := acc.Next(); err != nil {
				return err
			}
			acc.SetMph(mph)
			acc.SetSeconds(p.secs[i])
		}
	}
	if err := e.SetManufacturerString("Honda"); err != nil {
		return err
	}
	if err := e.SetModelString("Civic VTi"); err != nil {
		return err
	}
	if err := e.SetActivationCodeString("abcdef"); err != nil {
		return err
	}
	_, err = e.Finish()
	return err
}

// TestCarPrefixesRejected: every strict prefix of a valid frame fails to
// decode, through the struct and through SBEFrameLength, and never panics.
func TestCarPrefixesRejected(t *testing.T) {
	car := sampleCar()
	frame, err := car.MarshalBinary()
	require.NoError(t, err)
	for n := 0; n < len(frame); n++ {
		var got baseline.Car
		err := got.UnmarshalBinary(frame[:n:n])
		require.Error(t, err, "prefix of %d bytes", n)
		assert.ErrorIs(t, err, runtime.ErrShortBuffer, "prefix of %d bytes", n)

		var d baseline.CarDecoder
		if d.Wrap(frame[:n:n]) == nil {
			_, err := d.SBEFrameLength()
			assert.Error(t, err, "prefix of %d bytes", n)
		}
	}
}

func TestCarWrapErrors(t *testing.T) {
	car := sampleCar()
	frame, err := car.MarshalBinary()
	require.NoError(t, err)
	var d baseline.CarDecoder

	bad := append([]byte(nil), frame...)
	bad[4] = 9 // schema id
	err = d.Wrap(bad)
	assert.ErrorIs(t, err, runtime.ErrSchemaID)
	assert.ErrorIs(t, baseline.Dispatch(bad, &baseline.Handlers{}), runtime.ErrSchemaID)

	bad = append([]byte(nil), frame...)
	bad[2] = 9 // template id
	assert.ErrorIs(t, d.Wrap(bad), runtime.ErrUnknownTemplate)
	err = baseline.Dispatch(bad, &baseline.Handlers{})
	assert.ErrorIs(t, err, runtime.ErrUnknownTemplate)
	assert.Contains(t, err.Error(), "template id 9")
	var seen int
	require.NoError(t, baseline.Dispatch(bad, &baseline.Handlers{OnUnknownTemplate: func(id int, _ []byte) error { seen = id; return nil }}))
	assert.Equal(t, 9, seen)

	bad = append([]byte(nil), frame...)
	bad[0] = 10 // block length shorter than the version-0 fields
	err = d.Wrap(bad)
	assert.ErrorIs(t, err, runtime.ErrVersion)
	var re *runtime.Error
	require.True(t, errors.As(err, &re))
	assert.Equal(t, 45, re.Want)
}

func TestDispatch(t *testing.T) {
	car := sampleCar()
	frame, err := car.MarshalBinary()
	require.NoError(t, err)
	var serial uint64
	h := baseline.Handlers{OnCar: func(d *baseline.CarDecoder) error { serial = d.SerialNumber(); return nil }}
	require.NoError(t, baseline.Dispatch(frame, &h))
	assert.Equal(t, uint64(1234), serial)
	require.NoError(t, baseline.Dispatch(frame, &baseline.Handlers{}), "no handler: skipped")
	assert.ErrorIs(t, baseline.Dispatch(frame[:7], &h), runtime.ErrShortBuffer)

	allocs := testing.AllocsPerRun(100, func() {
		if err := baseline.Dispatch(frame, &h); err != nil {
			t.Fatal(err)
		}
	})
	assert.Zero(t, allocs, "Dispatch allocates")
}

// TestCarEvolution: a version-0 Car decodes with the version-1 (extension)
// code, new fields reading as null; a version-1 Car decodes with the
// version-0 code, the extra block bytes skipped.
func TestCarEvolution(t *testing.T) {
	old := sampleCar()
	frame, err := old.MarshalBinary()
	require.NoError(t, err)

	var d extension.CarDecoder
	require.NoError(t, d.Wrap(frame))
	assert.Equal(t, 0, d.SBEActingVersion())
	assert.True(t, d.CupHolderCountIsNull())
	assert.Equal(t, uint8(255), d.CupHolderCount())
	assert.Equal(t, [2]int64{-1 << 63, -1 << 63}, d.UUID())
	var newer extension.Car
	require.NoError(t, newer.UnmarshalBinary(frame))
	assert.Equal(t, old.SerialNumber, newer.SerialNumber)
	assert.Equal(t, old.Engine.Booster.HorsePower, newer.Engine.Booster.HorsePower)
	assert.Equal(t, old.Manufacturer, newer.Manufacturer)
	assert.Equal(t, old.ActivationCode, newer.ActivationCode)
	assert.Equal(t, len(old.PerformanceFigures), len(newer.PerformanceFigures))
	assert.Equal(t, old.PerformanceFigures[1].Acceleration[2].Seconds, newer.PerformanceFigures[1].Acceleration[2].Seconds)

	// Version 1 to version 0.
	newer.UUID = [2]int64{11, 22}
	newer.CupHolderCount = 3
	frame1, err := newer.MarshalBinary()
	require.NoError(t, err)
	assert.Greater(t, len(frame1), len(frame))
	var back baseline.Car
	require.NoError(t, back.UnmarshalBinary(frame1))
	assert.Equal(t, old, back)
	var d0 baseline.CarDecoder
	require.NoError(t, d0.Wrap(frame1))
	assert.Equal(t, 1, d0.SBEActingVersion())
	assert.Equal(t, 62, d0.SBEActingBlockLength())
	n, err := d0.SBEFrameLength()
	require.NoError(t, err)
	assert.Equal(t, len(frame1), n)

	// And back: the extension reads its own fields.
	var again extension.Car
	require.NoError(t, again.UnmarshalBinary(frame1))
	assert.Equal(t, newer, again)
}

// TestCarAllocs: flyweight encode and decode, AppendBinary into a buffer with
// capacity and UnmarshalBinary into a reused value allocate nothing.
func TestCarAllocs(t *testing.T) {
	car := sampleCar()
	frame, err := car.MarshalBinary()
	require.NoError(t, err)
	buf := make([]byte, 0, 1024)
	var e baseline.CarEncoder
	var d baseline.CarDecoder
	var got baseline.Car
	require.NoError(t, got.UnmarshalBinary(frame))

	cases := map[string]func(){
		"flyweight encode": func() {
			if err := e.WrapForEncode(buf[:cap(buf)]); err != nil {
				t.Fatal(err)
			}
			if err := tryEncodeCar(&e); err != nil {
				t.Fatal(err)
			}
		},
		"flyweight decode": func() { decodeCarFlyweight(t, &d, frame) },
		"AppendBinary": func() {
			if _, err := car.AppendBinary(buf[:0]); err != nil {
				t.Fatal(err)
			}
		},
		"UnmarshalBinary": func() {
			if err := got.UnmarshalBinary(frame); err != nil {
				t.Fatal(err)
			}
		},
		// A decoder on the stack stays there when groups are walked with Next
		// (All hands the decoder to the loop body, which moves it to the heap).
		"stack decoder": func() {
			var d baseline.CarDecoder
			decodeCarNext(t, &d, frame)
		},
	}
	for name, fn := range cases {
		assert.Zero(t, testing.AllocsPerRun(100, fn), name)
	}
}

func decodeCarFlyweight(t *testing.T, d *baseline.CarDecoder, frame []byte) {
	if err := d.Wrap(frame); err != nil {
		t.Fatal(err)
	}
	sum := d.SerialNumber() + uint64(d.ModelYear()) + uint64(d.Engine().Capacity())
	for f := range d.FuelFigures().All() {
		sum += uint64(f.Speed()) + uint64(len(f.UsageDescription()))
	}
	pf := d.PerformanceFigures()
	for pf.Next() {
		for a := range pf.Acceleration().All() {
			sum += uint64(a.Mph())
		}
	}
	sum += uint64(len(d.Manufacturer()) + len(d.Model()) + len(d.ActivationCode()))
	if d.Err() != nil || sum == 0 {
		t.Fatal(d.Err())
	}
}

func decodeCarNext(t *testing.T, d *baseline.CarDecoder, frame []byte) {
	if err := d.Wrap(frame); err != nil {
		t.Fatal(err)
	}
	sum := d.SerialNumber() + uint64(d.ModelYear()) + uint64(d.Engine().Capacity())
	ff := d.FuelFigures()
	for ff.Next() {
		sum += uint64(ff.Speed()) + uint64(len(ff.UsageDescription()))
	}
	pf := d.PerformanceFigures()
	for pf.Next() {
		acc := pf.Acceleration()
		for acc.Next() {
			sum += uint64(acc.Mph())
		}
	}
	sum += uint64(len(d.Manufacturer()) + len(d.Model()) + len(d.ActivationCode()))
	if d.Err() != nil || sum == 0 {
		t.Fatal(d.Err())
	}
}
