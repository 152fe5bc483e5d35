//go:build sbego

package dyn

// Cross-checks against the Go flyweights SBE's own tool generates for the
// Car example (bench/sbego, written by scripts; build tag sbego):
//
//	go test -tags sbego ./internal/sbe/dyn

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	sbe "github.com/aerongo/aerongo/bench/sbego/baseline"
)

// encodeCarSBE writes carDoc's values through SBE's flyweights.
func encodeCarSBE() []byte {
	buf := make([]byte, 512)
	var car sbe.Car
	car.WrapAndApplyHeader(buf, 0, uint64(len(buf)))
	car.SetSerialNumber(1234).SetModelYear(2013).SetAvailable(sbe.BooleanType_T).SetCode(sbe.Model_A)
	car.PutSomeNumbersValues(1, 2, 3, 4)
	car.SetVehicleCode("abcdef")
	ex := car.Extras()
	ex.Clear()
	ex.SetSunRoof(true).SetCruiseControl(true)
	en := car.Engine()
	en.SetCapacity(2000).SetNumCylinders(4).SetManufacturerCode("123").SetEfficiency(35).SetBoosterEnabled(sbe.BooleanType_T)
	en.Booster().SetBoostType(sbe.BoostType_NITROUS).SetHorsePower(200)
	ff := car.FuelFiguresCount(2)
	ff.Next().SetSpeed(30).SetMpg(35.9).PutUsageDescription("Urban Cycle")
	ff.Next().SetSpeed(55).SetMpg(49).PutUsageDescription("Combined Cycle")
	pf := car.PerformanceFiguresCount(1)
	pf.Next().SetOctaneRating(95)
	acc := pf.AccelerationCount(2)
	acc.Next().SetMph(30).SetSeconds(4)
	acc.Next().SetMph(60).SetSeconds(7.5)
	car.PutManufacturer("Honda")
	car.PutModel("Civic VTi")
	car.PutActivationCode("abcdef")
	return buf[:sbe.MessageHeaderEncodedLength+car.EncodedLength()]
}

// TestSBEFlyweights: the frame SBE's flyweights write decodes to carDoc,
// and encoding carDoc gives the same bytes, which SBE's flyweights read.
func TestSBEFlyweights(t *testing.T) {
	s := loadSchema(t, sharedSchema(t, "sbe-examples/example-schema.xml"))
	want := encodeCarSBE()
	got, err := Decode(s, want)
	require.NoError(t, err)
	assert.Equal(t, carDoc, jsonText(t, got))

	frame, err := EncodeJSON(s, "", strings.NewReader(carDoc))
	require.NoError(t, err)
	assert.Equal(t, want, frame)

	var hdr sbe.MessageHeader
	var car sbe.Car
	hdr.Wrap(frame, 0, 0, uint64(len(frame)))
	car.WrapForDecode(frame, sbe.MessageHeaderEncodedLength, uint64(hdr.BlockLength()), uint64(hdr.Version()), uint64(len(frame)))
	assert.Equal(t, uint64(1234), car.SerialNumber())
	assert.Equal(t, sbe.BoostType_NITROUS, car.Engine().Booster().BoostType())
	ff := car.FuelFigures()
	var usage []string
	for ff.HasNext() {
		ff.Next()
		usage = append(usage, ff.UsageDescription())
	}
	assert.Equal(t, []string{"Urban Cycle", "Combined Cycle"}, usage)
	pf := car.PerformanceFigures()
	for pf.HasNext() {
		pf.Next()
		acc := pf.Acceleration()
		for acc.HasNext() {
			acc.Next()
		}
	}
	assert.Equal(t, "Honda", car.Manufacturer())
	assert.Equal(t, "Civic VTi", car.Model())
	assert.Equal(t, "abcdef", car.ActivationCode())
}
