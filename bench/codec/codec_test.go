package codec

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aerongo/aerongo/testdata/golden/baseline"
)

// namedBench is one implementation of a benchmark case.
type namedBench struct {
	name string
	fn   func(b *testing.B)
}

// Implementations registered by the files with build tags.
var (
	extraEncode []namedBench
	extraDecode []namedBench
)

var fuel = []struct {
	speed uint16
	mpg   float32
	usage string
}{{30, 35.9, "Urban Cycle"}, {55, 49.0, "Combined Cycle"}, {75, 40.0, "Highway Cycle"}}

var perf = []struct {
	octane uint8
	secs   [3]float32
}{{95, [3]float32{4.0, 7.5, 12.2}}, {99, [3]float32{3.8, 7.1, 11.8}}}

var accelMph = [3]uint16{30, 60, 100}

// carValue is the Car of SBE's examples as a plain struct.
func carValue() baseline.Car {
	c := baseline.Car{
		SerialNumber: 1234, ModelYear: 2013, Available: baseline.BooleanTypeT, Code: baseline.ModelA,
		SomeNumbers: [4]uint32{0, 1, 2, 3}, VehicleCode: "abcdef",
		Extras: baseline.OptionalExtrasCruiseControl | baseline.OptionalExtrasSportsPack,
		Engine: baseline.Engine{Capacity: 2000, NumCylinders: 4, ManufacturerCode: "123", Efficiency: 35,
			BoosterEnabled: baseline.BooleanTypeT, Booster: baseline.Booster{BoostType: baseline.BoostTypeNitrous, HorsePower: 200}},
		Manufacturer: "Honda", Model: "Civic VTi", ActivationCode: "abcdef",
	}
	for _, f := range fuel {
		c.FuelFigures = append(c.FuelFigures, baseline.CarFuelFigures{Speed: f.speed, Mpg: f.mpg, UsageDescription: f.usage})
	}
	for _, p := range perf {
		pf := baseline.CarPerformanceFigures{OctaneRating: p.octane}
		for i, mph := range accelMph {
			pf.Acceleration = append(pf.Acceleration, baseline.CarPerformanceFiguresAcceleration{Mph: mph, Seconds: p.secs[i]})
		}
		c.PerformanceFigures = append(c.PerformanceFigures, pf)
	}
	return c
}

// encodeFlyweight writes the Car through aerongen's encoder.
func encodeFlyweight(e *baseline.CarEncoder, buf []byte) (int, error) {
	if err := e.WrapForEncode(buf); err != nil {
		return 0, err
	}
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
	bo := en.Booster()
	bo.SetBoostType(baseline.BoostTypeNitrous)
	bo.SetHorsePower(200)
	ff, err := e.FuelFiguresCount(len(fuel))
	if err != nil {
		return 0, err
	}
	for _, f := range fuel {
		if err := ff.Next(); err != nil {
			return 0, err
		}
		ff.SetSpeed(f.speed)
		ff.SetMpg(f.mpg)
		if err := ff.SetUsageDescriptionString(f.usage); err != nil {
			return 0, err
		}
	}
	pf, err := e.PerformanceFiguresCount(len(perf))
	if err != nil {
		return 0, err
	}
	for _, p := range perf {
		if err := pf.Next(); err != nil {
			return 0, err
		}
		pf.SetOctaneRating(p.octane)
		acc, err := pf.AccelerationCount(len(accelMph))
		if err != nil {
			return 0, err
		}
		for i, mph := range accelMph {
			if err := acc.Next(); err != nil {
				return 0, err
			}
			acc.SetMph(mph)
			acc.SetSeconds(p.secs[i])
		}
	}
	if err := e.SetManufacturerString("Honda"); err != nil {
		return 0, err
	}
	if err := e.SetModelString("Civic VTi"); err != nil {
		return 0, err
	}
	if err := e.SetActivationCodeString("abcdef"); err != nil {
		return 0, err
	}
	return e.Finish()
}

// decodeFlyweight reads every value of the Car through aerongen's decoder
// and returns a checksum.
func decodeFlyweight(d *baseline.CarDecoder, frame []byte) (uint64, error) {
	if err := d.Wrap(frame); err != nil {
		return 0, err
	}
	sum := d.SerialNumber() + uint64(d.ModelYear()) + uint64(d.Available()) + uint64(d.Code())
	for i := 0; i < 4; i++ {
		sum += uint64(d.SomeNumbersAt(i))
	}
	sum += uint64(len(d.VehicleCode())) + uint64(d.Extras())
	en := d.Engine()
	sum += uint64(en.Capacity()) + uint64(en.NumCylinders()) + uint64(len(en.ManufacturerCode())) + uint64(en.Efficiency()) + uint64(en.BoosterEnabled())
	bo := en.Booster()
	sum += uint64(bo.BoostType()) + uint64(bo.HorsePower())
	ff := d.FuelFigures()
	for ff.Next() {
		sum += uint64(ff.Speed()) + uint64(ff.Mpg()) + uint64(len(ff.UsageDescription()))
	}
	pf := d.PerformanceFigures()
	for pf.Next() {
		sum += uint64(pf.OctaneRating())
		acc := pf.Acceleration()
		for acc.Next() {
			sum += uint64(acc.Mph()) + uint64(acc.Seconds())
		}
	}
	sum += uint64(len(d.Manufacturer()) + len(d.Model()) + len(d.ActivationCode()))
	return sum, d.Err()
}

// TestWorkloadsAgree: the flyweight and struct workloads write the same
// bytes and read the same checksum, so the benchmarks compare like with like.
func TestWorkloadsAgree(t *testing.T) {
	car := carValue()
	want, err := car.MarshalBinary()
	require.NoError(t, err)
	var e baseline.CarEncoder
	buf := make([]byte, 256)
	n, err := encodeFlyweight(&e, buf)
	require.NoError(t, err)
	assert.Equal(t, want, buf[:n])
	var d baseline.CarDecoder
	sum, err := decodeFlyweight(&d, want)
	require.NoError(t, err)
	assert.Equal(t, uint64(wantChecksum), sum)
}

// wantChecksum is decodeFlyweight's sum over carValue.
const wantChecksum = 1234 + 2013 + 1 + 'A' + 0 + 1 + 2 + 3 + 6 + 6 + 2000 + 4 + 3 + 35 + 1 + 'N' + 200 +
	30 + 35 + 11 + 55 + 49 + 14 + 75 + 40 + 13 +
	95 + 30 + 4 + 60 + 7 + 100 + 12 + 99 + 30 + 3 + 60 + 7 + 100 + 11 +
	5 + 9 + 6

func BenchmarkCarEncode(b *testing.B) {
	b.Run("aerongo-flyweight", func(b *testing.B) {
		var e baseline.CarEncoder
		buf := make([]byte, 256)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := encodeFlyweight(&e, buf); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("aerongo-struct", func(b *testing.B) {
		car := carValue()
		buf := make([]byte, 0, 256)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := car.AppendBinary(buf[:0]); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, x := range extraEncode {
		b.Run(x.name, x.fn)
	}
}

func BenchmarkCarDecode(b *testing.B) {
	car := carValue()
	frame, err := car.MarshalBinary()
	if err != nil {
		b.Fatal(err)
	}
	b.Run("aerongo-flyweight", func(b *testing.B) {
		var d baseline.CarDecoder
		b.ReportAllocs()
		for b.Loop() {
			if sum, err := decodeFlyweight(&d, frame); err != nil || sum != wantChecksum {
				b.Fatal(sum, err)
			}
		}
	})
	b.Run("aerongo-struct", func(b *testing.B) {
		var got baseline.Car
		b.ReportAllocs()
		for b.Loop() {
			if err := got.UnmarshalBinary(frame); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, x := range extraDecode {
		b.Run(x.name, x.fn)
	}
}
