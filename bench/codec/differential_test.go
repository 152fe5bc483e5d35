package codec

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/aerongo/aerongo/testdata/golden/baseline"
)

// carFromFlyweight reads a frame into a Car through the flyweight decoder,
// element by element (group accessors, Next, var data getters): the
// reference the in-place struct decoder is checked against.
func carFromFlyweight(frame []byte) (baseline.Car, error) {
	var c baseline.Car
	var d baseline.CarDecoder
	if err := d.Wrap(frame); err != nil {
		return c, err
	}
	c.SerialNumber, c.ModelYear, c.Available, c.Code = d.SerialNumber(), d.ModelYear(), d.Available(), d.Code()
	c.SomeNumbers = d.SomeNumbers()
	c.VehicleCode = string(d.VehicleCode())
	c.Extras = d.Extras()
	en := d.Engine()
	c.Engine = baseline.Engine{Capacity: en.Capacity(), NumCylinders: en.NumCylinders(), ManufacturerCode: string(en.ManufacturerCode()),
		Efficiency: en.Efficiency(), BoosterEnabled: en.BoosterEnabled(),
		Booster: baseline.Booster{BoostType: en.Booster().BoostType(), HorsePower: en.Booster().HorsePower()}}
	ff := d.FuelFigures()
	c.FuelFigures = make([]baseline.CarFuelFigures, 0, ff.Count())
	for ff.Next() {
		c.FuelFigures = append(c.FuelFigures, baseline.CarFuelFigures{Speed: ff.Speed(), Mpg: ff.Mpg(), UsageDescription: string(ff.UsageDescription())})
	}
	pf := d.PerformanceFigures()
	c.PerformanceFigures = make([]baseline.CarPerformanceFigures, 0, pf.Count())
	for pf.Next() {
		p := baseline.CarPerformanceFigures{OctaneRating: pf.OctaneRating()}
		acc := pf.Acceleration()
		p.Acceleration = make([]baseline.CarPerformanceFiguresAcceleration, 0, acc.Count())
		for acc.Next() {
			p.Acceleration = append(p.Acceleration, baseline.CarPerformanceFiguresAcceleration{Mph: acc.Mph(), Seconds: acc.Seconds()})
		}
		if err := acc.Err(); err != nil {
			return c, err
		}
		c.PerformanceFigures = append(c.PerformanceFigures, p)
	}
	if err := ff.Err(); err != nil {
		return c, err
	}
	if err := pf.Err(); err != nil {
		return c, err
	}
	c.Manufacturer, c.Model, c.ActivationCode = string(d.Manufacturer()), string(d.Model()), string(d.ActivationCode())
	return c, d.Err()
}

// FuzzStructDecodeMatchesFlyweight: for any input, UnmarshalBinary (groups
// and var data read in place) fails exactly when the flyweight walk does,
// and otherwise gives the same Car. Seeded with the Car, every strict
// prefix of it and some single-byte changes.
func FuzzStructDecodeMatchesFlyweight(f *testing.F) {
	car := carValue()
	frame, err := car.MarshalBinary()
	if err != nil {
		f.Fatal(err)
	}
	for i := 0; i <= len(frame); i += 7 {
		f.Add(frame[:i])
	}
	for _, i := range []int{0, 2, 6, 53, 55, 57, 70} {
		b := append([]byte(nil), frame...)
		b[i] ^= 0xff
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		want, wantErr := carFromFlyweight(data)
		var got baseline.Car
		gotErr := got.UnmarshalBinary(data)
		require.Equal(t, wantErr == nil, gotErr == nil, "flyweight: %v, struct: %v", wantErr, gotErr)
		if wantErr != nil {
			require.Equal(t, wantErr.Error(), gotErr.Error())
			return
		}
		// Compared as frames: NaN floats differ from themselves, and empty
		// groups may be nil on one side.
		wb, werr := want.MarshalBinary()
		gb, gerr := got.MarshalBinary()
		require.Equal(t, werr == nil, gerr == nil, "%v, %v", werr, gerr)
		require.Equal(t, wb, gb)
	})
}

// carToFlyweight writes c through the flyweight encoder, element by element
// (Count, Next, setters, var data setters): the reference the in-place
// struct encoder is checked against.
func carToFlyweight(c *baseline.Car, buf []byte) ([]byte, error) {
	var e baseline.CarEncoder
	if err := e.WrapForEncode(buf); err != nil {
		return nil, err
	}
	e.SetSerialNumber(c.SerialNumber)
	e.SetModelYear(c.ModelYear)
	e.SetAvailable(c.Available)
	e.SetCode(c.Code)
	e.SetSomeNumbers(c.SomeNumbers)
	e.SetVehicleCodeString(c.VehicleCode)
	e.SetExtras(c.Extras)
	en := e.Engine()
	en.SetCapacity(c.Engine.Capacity)
	en.SetNumCylinders(c.Engine.NumCylinders)
	en.SetManufacturerCodeString(c.Engine.ManufacturerCode)
	en.SetEfficiency(c.Engine.Efficiency)
	en.SetBoosterEnabled(c.Engine.BoosterEnabled)
	en.Booster().SetBoostType(c.Engine.Booster.BoostType)
	en.Booster().SetHorsePower(c.Engine.Booster.HorsePower)
	ff, err := e.FuelFiguresCount(len(c.FuelFigures))
	if err != nil {
		return nil, err
	}
	for _, f := range c.FuelFigures {
		if err := ff.Next(); err != nil {
			return nil, err
		}
		ff.SetSpeed(f.Speed)
		ff.SetMpg(f.Mpg)
		if err := ff.SetUsageDescriptionString(f.UsageDescription); err != nil {
			return nil, err
		}
	}
	pf, err := e.PerformanceFiguresCount(len(c.PerformanceFigures))
	if err != nil {
		return nil, err
	}
	for _, p := range c.PerformanceFigures {
		if err := pf.Next(); err != nil {
			return nil, err
		}
		pf.SetOctaneRating(p.OctaneRating)
		acc, err := pf.AccelerationCount(len(p.Acceleration))
		if err != nil {
			return nil, err
		}
		for _, a := range p.Acceleration {
			if err := acc.Next(); err != nil {
				return nil, err
			}
			acc.SetMph(a.Mph)
			acc.SetSeconds(a.Seconds)
		}
	}
	if err := e.SetManufacturerString(c.Manufacturer); err != nil {
		return nil, err
	}
	if err := e.SetModelString(c.Model); err != nil {
		return nil, err
	}
	if err := e.SetActivationCodeString(c.ActivationCode); err != nil {
		return nil, err
	}
	n, err := e.Finish()
	if err != nil {
		return nil, err
	}
	return buf[:n], nil
}

// FuzzStructEncodeMatchesFlyweight: every Car a frame decodes to is written
// by AppendBinary (groups and var data written in place) to the bytes the
// flyweight encoder writes into a buffer of exactly its length (and that
// length is exact: one byte less fails).
func FuzzStructEncodeMatchesFlyweight(f *testing.F) {
	car := carValue()
	frame, err := car.MarshalBinary()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(frame)
	f.Fuzz(func(t *testing.T, data []byte) {
		var c baseline.Car
		if c.UnmarshalBinary(data) != nil {
			return
		}
		got, err := c.AppendBinary(nil)
		require.NoError(t, err)
		want, err := carToFlyweight(&c, make([]byte, len(got)))
		require.NoError(t, err)
		require.Equal(t, want, got)
		_, err = carToFlyweight(&c, make([]byte, len(got)-1))
		require.Error(t, err, "a buffer one byte short")
	})
}
