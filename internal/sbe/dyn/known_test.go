package dyn

import (
	"bytes"
	"encoding/hex"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aerongo/aerongo/internal/sbe/ir"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func loadTick(t testing.TB) *ir.Schema {
	t.Helper()
	return loadSchema(t, filepath.Join("testdata", "tick.xml"))
}

// tickDoc and tickFrame are one Tick of testdata/tick.xml and its frame,
// worked out by hand from the schema (big-endian).
const tickDoc = `{"$message":"Tick","id":258,"side":"Sell","flags":["a","b"],"code":"AB","level":9,"maybe":null,` +
	`"pos":{"x":-2,"y":0.5},"pair":[1,-1],"raw":"AQID","kind":"Sell","late":7,` +
	`"legs":[{"qty":-1,"note":"hi"},{"qty":2,"note":""}],"payload":"/w=="}`

var tickFrame = strings.Join([]string{
	// header: blockLength 40, templateId 9, schemaId 7, version 2, flags 0
	"0028", "0009", "0007", "0002", "00",
	// root block: id, side 'S', flags bits 0 and 9, code "AB" NUL padded, level
	"0000000000000102", "53", "0201", "41420000", "09",
	// maybe (int32 null), pos.x -2, pos.y 0.5, pair 1 -1, raw 1 2 3, late 7
	"80000000", "fffe", "3f000000", "0001ffff", "010203", "0007",
	// padding up to blockLength 40
	"0000000000",
	// legs: blockLength 4 and count 2 as uint8; entry: qty, note length (uint8) and text
	"04", "02", "ffffffff", "02", "6869", "00000002", "00",
	// payload: uint16 length 1, one byte
	"0001", "ff",
}, "")

func TestKnownFrame(t *testing.T) {
	s := loadTick(t)
	want, err := hex.DecodeString(tickFrame)
	require.NoError(t, err)

	frame, err := EncodeJSON(s, "Tick", strings.NewReader(tickDoc))
	require.NoError(t, err)
	assert.Equal(t, tickFrame, hex.EncodeToString(frame))

	var out bytes.Buffer
	require.NoError(t, DecodeJSON(s, want, &out))
	assert.Equal(t, tickDoc+"\n", out.String())
}

// TestKnownFrameOlderVersion decodes a version 1 Tick: the header's
// blockLength stops before late (sinceVersion 2), which is then null.
func TestKnownFrameOlderVersion(t *testing.T) {
	s := loadTick(t)
	frame, err := hex.DecodeString(strings.Join([]string{
		"0021", "0009", "0007", "0001", "00",
		"0000000000000001", "42", "0000", "00000000", "01",
		"00000005", "0000", "7fc00000", "00000000", "000000",
		"04", "00",
		"0000",
	}, ""))
	require.NoError(t, err)
	got, err := Decode(s, frame)
	require.NoError(t, err)
	assert.Equal(t, `{"$message":"Tick","id":1,"side":"Buy","flags":[],"code":"","level":1,"maybe":5,`+
		`"pos":{"x":0,"y":null},"pair":[0,0],"raw":"AAAA","kind":"Sell","late":null,"legs":[],"payload":""}`,
		jsonText(t, got))
}

// TestKnownFrameNewerVersion decodes a Tick from a newer writer: a longer
// root block, a longer group entry and bytes after the message, all skipped.
func TestKnownFrameNewerVersion(t *testing.T) {
	s := loadTick(t)
	frame, err := hex.DecodeString(strings.Join([]string{
		"002a", "0009", "0007", "0003", "00",
		"0000000000000001", "42", "0001", "41424344", "02",
		"80000000", "0003", "7fc00000", "00000000", "000000", "0009", "0000000000", "eeee",
		"06", "01", "00000003", "aaaa", "01", "7a",
		"0000",
		"0102030405",
	}, ""))
	require.NoError(t, err)
	got, err := Decode(s, frame)
	require.NoError(t, err)
	assert.Equal(t, `{"$message":"Tick","id":1,"side":"Buy","flags":["a"],"code":"ABCD","level":2,"maybe":null,`+
		`"pos":{"x":3,"y":null},"pair":[0,0],"raw":"AAAA","kind":"Sell","late":9,"legs":[{"qty":3,"note":"z"}],"payload":""}`,
		jsonText(t, got))
}

// carDoc is a Car of SBE's example schema, with the values of SBE's own
// examples.
const carDoc = `{"$message":"Car","serialNumber":1234,"modelYear":2013,"available":"T","code":"A",` +
	`"someNumbers":[1,2,3,4],"vehicleCode":"abcdef","extras":["sunRoof","cruiseControl"],"discountedModel":"C",` +
	`"engine":{"capacity":2000,"numCylinders":4,"maxRpm":9000,"manufacturerCode":"123","fuel":"Petrol",` +
	`"efficiency":35,"boosterEnabled":"T","booster":{"BoostType":"NITROUS","horsePower":200}},` +
	`"fuelFigures":[{"speed":30,"mpg":35.9,"usageDescription":"Urban Cycle"},{"speed":55,"mpg":49,"usageDescription":"Combined Cycle"}],` +
	`"performanceFigures":[{"octaneRating":95,"acceleration":[{"mph":30,"seconds":4},{"mph":60,"seconds":7.5}]}],` +
	`"manufacturer":"Honda","model":"Civic VTi","activationCode":"abcdef"}`

// TestCarJSON checks the decoding of SBE's Car example in full, constants
// included.
func TestCarJSON(t *testing.T) {
	s := loadSchema(t, sharedSchema(t, "sbe-examples/example-schema.xml"))
	frame, err := EncodeJSON(s, "", strings.NewReader(carDoc))
	require.NoError(t, err)
	// Header 8, root block 8+2+1+1+16+6+1+ engine 10 = 45, fuelFigures 4+2*(6+4)+11+14,
	// performanceFigures 4+1+4+2*6, var data 4+5, 4+9, 4+6.
	assert.Len(t, frame, 8+45+4+20+25+4+1+4+12+9+13+10)
	assert.Equal(t, "2d00010001000000", hex.EncodeToString(frame[:8]))
	var out bytes.Buffer
	require.NoError(t, DecodeJSON(s, frame, &out))
	assert.Equal(t, carDoc+"\n", out.String())
}
