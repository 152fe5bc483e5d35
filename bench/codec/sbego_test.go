//go:build sbego

package codec

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	sbe "github.com/aerongo/aerongo/bench/sbego/baseline"
	sbes "github.com/aerongo/aerongo/bench/sbego/structs/baseline"
	"github.com/aerongo/aerongo/testdata/golden/baseline"
)

func init() {
	extraEncode = append(extraEncode, namedBench{"sbe-go-flyweight", benchmarkSBEEncode})
	extraDecode = append(extraDecode, namedBench{"sbe-go-flyweight", benchmarkSBEDecode})
}

// encodeSBE writes the Car through SBE's own Go flyweights, the way SBE's
// Go examples do.
func encodeSBE(hdr *sbe.MessageHeader, car *sbe.Car, buf []byte) uint64 {
	n := uint64(len(buf))
	car.WrapAndApplyHeader(buf, 0, n)
	car.SetSerialNumber(1234).SetModelYear(2013).SetAvailable(sbe.BooleanType_T).SetCode(sbe.Model_A)
	car.PutSomeNumbersValues(0, 1, 2, 3)
	car.SetVehicleCode("abcdef")
	ex := car.Extras()
	ex.Clear()
	ex.SetCruiseControl(true).SetSportsPack(true).SetSunRoof(false)
	en := car.Engine()
	en.SetCapacity(2000).SetNumCylinders(4).SetManufacturerCode("123").SetEfficiency(35).SetBoosterEnabled(sbe.BooleanType_T)
	en.Booster().SetBoostType(sbe.BoostType_NITROUS).SetHorsePower(200)
	ff := car.FuelFiguresCount(uint16(len(fuel)))
	for _, f := range fuel {
		ff.Next().SetSpeed(f.speed).SetMpg(f.mpg).PutUsageDescription(f.usage)
	}
	pf := car.PerformanceFiguresCount(uint16(len(perf)))
	for _, p := range perf {
		pf.Next().SetOctaneRating(p.octane)
		acc := pf.AccelerationCount(uint16(len(accelMph)))
		for i, mph := range accelMph {
			acc.Next().SetMph(mph).SetSeconds(p.secs[i])
		}
	}
	car.PutManufacturer("Honda")
	car.PutModel("Civic VTi")
	car.PutActivationCode("abcdef")
	return sbe.MessageHeaderEncodedLength + car.EncodedLength()
}

// decodeSBE reads every value through SBE's flyweights; var data is copied
// into scratch (SBE's string getters allocate).
func decodeSBE(hdr *sbe.MessageHeader, car *sbe.Car, frame, scratch []byte) uint64 {
	n := uint64(len(frame))
	hdr.Wrap(frame, 0, 0, n)
	car.WrapForDecode(frame, sbe.MessageHeaderEncodedLength, uint64(hdr.BlockLength()), uint64(hdr.Version()), n)
	sum := car.SerialNumber() + uint64(car.ModelYear()) + uint64(car.Available()) + uint64(car.Code())
	for i := uint64(0); i < 4; i++ {
		sum += uint64(car.SomeNumbersIndex(i))
	}
	sum += uint64(len(car.VehicleCode()))
	ex := car.Extras()
	if ex.SunRoof() {
		sum += 1
	}
	if ex.SportsPack() {
		sum += 2
	}
	if ex.CruiseControl() {
		sum += 4
	}
	en := car.Engine()
	sum += uint64(en.Capacity()) + uint64(en.NumCylinders()) + uint64(len(en.ManufacturerCode())) + uint64(en.Efficiency()) + uint64(en.BoosterEnabled())
	bo := en.Booster()
	sum += uint64(bo.BoostType()) + uint64(bo.HorsePower())
	ff := car.FuelFigures()
	for ff.HasNext() {
		ff.Next()
		sum += uint64(ff.Speed()) + uint64(ff.Mpg()) + uint64(ff.GetUsageDescription(scratch))
	}
	pf := car.PerformanceFigures()
	for pf.HasNext() {
		pf.Next()
		sum += uint64(pf.OctaneRating())
		acc := pf.Acceleration()
		for acc.HasNext() {
			acc.Next()
			sum += uint64(acc.Mph()) + uint64(acc.Seconds())
		}
	}
	sum += uint64(car.GetManufacturer(scratch) + car.GetModel(scratch) + car.GetActivationCode(scratch))
	return sum
}

// TestSBEGoSameBytes: SBE's Go flyweights and aerongen write identical
// frames for the Car, and each side reads the other's frame.
func TestSBEGoSameBytes(t *testing.T) {
	car := carValue()
	want, err := car.MarshalBinary()
	require.NoError(t, err)
	var hdr sbe.MessageHeader
	var sc sbe.Car
	buf := make([]byte, 256)
	n := encodeSBE(&hdr, &sc, buf)
	assert.Equal(t, want, buf[:n])
	assert.Equal(t, uint64(wantChecksum), decodeSBE(&hdr, &sc, want, make([]byte, 64)))
	var got baseline.Car
	require.NoError(t, got.UnmarshalBinary(buf[:n]))
	assert.Equal(t, car, got)
}

func benchmarkSBEEncode(b *testing.B) {
	var hdr sbe.MessageHeader
	var car sbe.Car
	buf := make([]byte, 256)
	b.ReportAllocs()
	for b.Loop() {
		if encodeSBE(&hdr, &car, buf) == 0 {
			b.Fatal("empty frame")
		}
	}
}

func benchmarkSBEDecode(b *testing.B) {
	c := carValue()
	frame, err := c.MarshalBinary()
	if err != nil {
		b.Fatal(err)
	}
	var hdr sbe.MessageHeader
	var car sbe.Car
	scratch := make([]byte, 64)
	b.ReportAllocs()
	for b.Loop() {
		if sum := decodeSBE(&hdr, &car, frame, scratch); sum != wantChecksum {
			b.Fatal(sum)
		}
	}
}

func init() {
	extraEncode = append(extraEncode, namedBench{"sbe-go-struct", benchmarkSBEStructEncode})
	extraDecode = append(extraDecode, namedBench{"sbe-go-struct", benchmarkSBEStructDecode})
}

// sbeStructCar is the Car as a value of SBE's default Go struct codecs.
func sbeStructCar() sbes.Car {
	c := sbes.Car{
		SerialNumber: 1234, ModelYear: 2013, Available: sbes.BooleanType.T, Code: sbes.Model.A,
		SomeNumbers: [4]uint32{0, 1, 2, 3},
		Engine: sbes.Engine{Capacity: 2000, NumCylinders: 4, Efficiency: 35, BoosterEnabled: sbes.BooleanType.T,
			Booster: sbes.EngineBooster{BoostType: sbes.BoostType.NITROUS, HorsePower: 200}},
		Manufacturer: []byte("Honda"), Model: []byte("Civic VTi"), ActivationCode: []byte("abcdef"),
	}
	copy(c.VehicleCode[:], "abcdef")
	copy(c.Engine.ManufacturerCode[:], "123")
	// Constants, which SBE's decoder fills in.
	c.DiscountedModel = sbes.Model.C
	c.Engine.MaxRpm = 9000
	copy(c.Engine.Fuel[:], "Petrol")
	c.Extras[sbes.OptionalExtrasChoice.CruiseControl] = true
	c.Extras[sbes.OptionalExtrasChoice.SportsPack] = true
	for _, f := range fuel {
		c.FuelFigures = append(c.FuelFigures, sbes.CarFuelFigures{Speed: f.speed, Mpg: f.mpg, UsageDescription: []byte(f.usage)})
	}
	for _, p := range perf {
		pf := sbes.CarPerformanceFigures{OctaneRating: p.octane}
		for i, mph := range accelMph {
			pf.Acceleration = append(pf.Acceleration, sbes.CarPerformanceFiguresAcceleration{Mph: mph, Seconds: p.secs[i]})
		}
		c.PerformanceFigures = append(c.PerformanceFigures, pf)
	}
	return c
}

// encodeSBEStruct writes the message header and the Car through SBE's
// struct codecs (no range checks, the cheaper of its two modes).
func encodeSBEStruct(m *sbes.SbeGoMarshaller, w *bytes.Buffer, c *sbes.Car) error {
	hdr := sbes.MessageHeader{BlockLength: c.SbeBlockLength(), TemplateId: c.SbeTemplateId(), SchemaId: c.SbeSchemaId(), Version: c.SbeSchemaVersion()}
	if err := hdr.Encode(m, w); err != nil {
		return err
	}
	return c.Encode(m, w, false)
}

// decodeSBEStruct reads a frame into c through SBE's struct codecs.
func decodeSBEStruct(m *sbes.SbeGoMarshaller, r *bytes.Reader, frame []byte, c *sbes.Car) error {
	r.Reset(frame)
	var hdr sbes.MessageHeader
	if err := hdr.Decode(m, r, 0); err != nil {
		return err
	}
	return c.Decode(m, r, hdr.Version, hdr.BlockLength, false)
}

// TestSBEGoStructSameBytes: SBE's struct codecs write the frame aerongen
// writes for the Car and read it back to the same value.
func TestSBEGoStructSameBytes(t *testing.T) {
	car := carValue()
	want, err := car.MarshalBinary()
	require.NoError(t, err)
	c := sbeStructCar()
	var w bytes.Buffer
	m := sbes.NewSbeGoMarshaller()
	require.NoError(t, encodeSBEStruct(m, &w, &c))
	assert.Equal(t, want, w.Bytes())
	var got sbes.Car
	require.NoError(t, decodeSBEStruct(m, bytes.NewReader(nil), want, &got))
	assert.Equal(t, c, got)
}

func benchmarkSBEStructEncode(b *testing.B) {
	c := sbeStructCar()
	m := sbes.NewSbeGoMarshaller()
	var w bytes.Buffer
	w.Grow(256)
	b.ReportAllocs()
	for b.Loop() {
		w.Reset()
		if err := encodeSBEStruct(m, &w, &c); err != nil {
			b.Fatal(err)
		}
	}
}

func benchmarkSBEStructDecode(b *testing.B) {
	car := carValue()
	frame, err := car.MarshalBinary()
	if err != nil {
		b.Fatal(err)
	}
	m := sbes.NewSbeGoMarshaller()
	r := bytes.NewReader(nil)
	var c sbes.Car
	b.ReportAllocs()
	for b.Loop() {
		if err := decodeSBEStruct(m, r, frame, &c); err != nil {
			b.Fatal(err)
		}
	}
}
