package dyn

import (
	"encoding/hex"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// tickWith returns tickDoc with the member name set to value (JSON text),
// or removed when value is "".
func tickWith(t *testing.T, name, value string) string {
	t.Helper()
	doc, err := ParseJSON(strings.NewReader(tickDoc))
	require.NoError(t, err)
	obj := doc.(Object)
	out := Object{}
	found := false
	for _, m := range obj {
		if m.Name == name {
			found = true
			if value == "" {
				continue
			}
			v, err := ParseJSON(strings.NewReader(value))
			require.NoError(t, err)
			m.Value = v
		}
		out = append(out, m)
	}
	if !found && value != "" {
		v, err := ParseJSON(strings.NewReader(value))
		require.NoError(t, err)
		out = append(out, Member{Name: name, Value: v})
	}
	return jsonText(t, out)
}

func TestEncodeErrors(t *testing.T) {
	s := loadTick(t)
	tests := []struct {
		name, message, doc string
		kind               error
		want               string
	}{
		{"unknown message", "Nope", `{"id":1}`, ErrMessage, `$: no message "Nope" in schema "tick"`},
		{"message mismatch", "Empty", tickDoc, ErrMessage, `$.$message: document is a "Tick", encoding a "Empty"`},
		{"no message", "", `{}`, ErrMessage, `$: no message name given`},
		{"message not a string", "", `{"$message": 9}`, ErrType, `$.$message: want a string, got number`},
		{"not an object", "Tick", `[1]`, ErrType, `$: want an object, got array`},
		{"missing field", "Tick", tickWith(t, "id", ""), ErrMissing, `$.id: missing required field`},
		{"missing newer required field", "Tick", tickWith(t, "late", ""), ErrMissing, `$.late: missing required field`},
		{"null field", "Tick", tickWith(t, "id", "null"), ErrMissing, `$.id: null for a required field`},
		{"unknown field", "Tick", tickWith(t, "bogus", "1"), ErrName, `$.bogus: Tick has no field "bogus"`},
		{"empty field name", "Tick", tickWith(t, "", "1"), ErrName, `$.: Tick has no field ""`},
		{"string for number", "Tick", tickWith(t, "id", `"1"`), ErrType, `$.id: want a number for uint64, got string`},
		{"bool for number", "Tick", tickWith(t, "id", `true`), ErrType, `$.id: want a number for uint64, got boolean`},
		{"uint64 overflow", "Tick", tickWith(t, "id", "18446744073709551616"), ErrRange, `$.id: value 18446744073709551616 out of range for uint64`},
		{"negative unsigned", "Tick", tickWith(t, "id", "-1"), ErrRange, `$.id: value -1 out of range for uint64`},
		{"fraction", "Tick", tickWith(t, "id", "1.5"), ErrType, `$.id: value 1.5 is not an integer`},
		{"exponent", "Tick", tickWith(t, "id", "1e3"), ErrType, `$.id: value 1e3 is not an integer`},
		{"above maxValue", "Tick", tickWith(t, "level", "10"), ErrRange, `$.level: value 10 out of range [1, 9] of Level`},
		{"below minValue", "Tick", tickWith(t, "level", "0"), ErrRange, `$.level: value 0 out of range [1, 9] of Level`},
		{"int32 overflow", "Tick", tickWith(t, "maybe", "2147483648"), ErrRange, `$.maybe: value 2147483648 out of range for int32`},
		{"unknown enum name", "Tick", tickWith(t, "side", `"Hold"`), ErrName, `$.side: enum Side has no value "Hold"`},
		{"enum number too big", "Tick", tickWith(t, "side", `256`), ErrRange, `$.side: value 256 out of range for char`},
		{"enum of wrong type", "Tick", tickWith(t, "side", `[]`), ErrType, `$.side: want a value name of enum Side, got array`},
		{"unknown set choice", "Tick", tickWith(t, "flags", `["a","c"]`), ErrName, `$.flags[1]: set Flags has no choice "c"`},
		{"set choice not a string", "Tick", tickWith(t, "flags", `["a",1]`), ErrType, `$.flags[1]: want a choice name of set Flags, got number`},
		{"set not an array", "Tick", tickWith(t, "flags", `"a"`), ErrType, `$.flags: want an array of choice names of set Flags, got string`},
		{"null set", "Tick", tickWith(t, "flags", `null`), ErrMissing, `$.flags: null for a required field`},
		{"string too long", "Tick", tickWith(t, "code", `"ABCDE"`), ErrRange, `$.code: string of 5 bytes longer than Code of length 4`},
		{"character not in encoding", "Tick", tickWith(t, "code", `"\u4e16"`), ErrRange, `$.code: character '世' is not representable in US-ASCII`},
		{"char array not a string", "Tick", tickWith(t, "code", `1`), ErrType, `$.code: want a string, got number`},
		{"composite not an object", "Tick", tickWith(t, "pos", `1`), ErrType, `$.pos: want an object for composite point, got number`},
		{"unknown member", "Tick", tickWith(t, "pos", `{"x":1,"z":2}`), ErrName, `$.pos.z: composite point has no member "z"`},
		{"missing member", "Tick", tickWith(t, "pos", `{"y":1}`), ErrMissing, `$.pos.x: missing required field`},
		{"float out of range", "Tick", tickWith(t, "pos", `{"x":1,"y":1e39}`), ErrRange, `$.pos.y: value 1e39 out of range for float`},
		{"bad float string", "Tick", tickWith(t, "pos", `{"x":1,"y":"nan"}`), ErrType, `$.pos.y: string "nan" is not a number, "NaN", "Infinity" or "-Infinity"`},
		{"short array", "Tick", tickWith(t, "pair", `[1]`), ErrRange, `$.pair: 1 elements for Pair of length 2`},
		{"array element out of range", "Tick", tickWith(t, "pair", `[1,40000]`), ErrRange, `$.pair[1]: value 40000 out of range for int16`},
		{"null element of required array", "Tick", tickWith(t, "pair", `[1,null]`), ErrMissing, `$.pair[1]: null for a required element`},
		{"array not an array", "Tick", tickWith(t, "pair", `"AQID"`), ErrType, `$.pair: want an array of 2 numbers, got string`},
		{"bad base64", "Tick", tickWith(t, "raw", `"!!"`), ErrType, `$.raw: invalid base64`},
		{"base64 of wrong length", "Tick", tickWith(t, "raw", `"AQ=="`), ErrRange, `$.raw: 1 bytes for Bytes3 of length 3`},
		{"group not an array", "Tick", tickWith(t, "legs", `{}`), ErrType, `$.legs: want an array of entries, got object`},
		{"too many entries", "Tick", tickWith(t, "legs", `[{"qty":1},{"qty":1},{"qty":1},{"qty":1}]`), ErrRange, `$.legs: numInGroup 4 out of range [0, 3]`},
		{"entry not an object", "Tick", tickWith(t, "legs", `[{"qty":1},2]`), ErrType, `$.legs[1]: want an object for an entry of group legs, got number`},
		{"entry field", "Tick", tickWith(t, "legs", `[{"qty":1},{"qty":1e99}]`), ErrType, `$.legs[1].qty: value 1e99 is not an integer`},
		{"entry unknown field", "Tick", tickWith(t, "legs", `[{"qty":1,"bogus":0}]`), ErrName, `$.legs[0].bogus: group legs has no field "bogus"`},
		{"entry var data type", "Tick", tickWith(t, "legs", `[{"qty":1,"note":7}]`), ErrType, `$.legs[0].note: want a string, got number`},
		{"var data too long", "Tick", tickWith(t, "payload", `"AQIDBAU="`), ErrRange, `$.payload: length 5 exceeds maxValue 4 of blob`},
		{"var data bad base64", "Tick", tickWith(t, "payload", `"A"`), ErrType, `$.payload: invalid base64`},
		{"var data text too long for its length", "Tick", tickWith(t, "legs", `[{"qty":1,"note":"`+strings.Repeat("x", 256)+`"}]`), ErrRange,
			`$.legs[0].note: length 256 exceeds maxValue 254 of shortString`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := EncodeJSON(s, tt.message, strings.NewReader(tt.doc))
			require.Error(t, err)
			assert.True(t, strings.HasPrefix(err.Error(), tt.want), "error %q, want prefix %q", err, tt.want)
			assert.ErrorIs(t, err, tt.kind)
			var pe *PathError
			assert.ErrorAs(t, err, &pe)
		})
	}
}

func TestEncodeErrorCarExample(t *testing.T) {
	s := loadSchema(t, sharedSchema(t, "sbe-examples/example-schema.xml"))
	doc := `{"serialNumber":1,"modelYear":2,"available":"T","code":"A","someNumbers":[1,2,3,4],"vehicleCode":"x",
	  "extras":[],"engine":{"capacity":1,"numCylinders":1,"manufacturerCode":"1","efficiency":1,"boosterEnabled":"F",
	  "booster":{"BoostType":"TURBO","horsePower":1}},
	  "fuelFigures":[{"speed":1,"mpg":1,"usageDescription":""},{"speed":70000,"mpg":1,"usageDescription":""}]}`
	_, err := EncodeJSON(s, "Car", strings.NewReader(doc))
	require.Error(t, err)
	assert.Equal(t, "$.fuelFigures[1].speed: value 70000 out of range for uint16", err.Error())
}

// TestNullNewerRequiredField: a required field added after version 0 is
// null in older frames, so it accepts null (its null value) but not absence;
// an optional field may be left out.
func TestNullNewerRequiredField(t *testing.T) {
	s := loadTick(t)
	doc := tickWith(t, "maybe", "")
	doc = strings.Replace(doc, `"late":7`, `"late":null`, 1)
	frame, err := EncodeJSON(s, "", strings.NewReader(doc))
	require.NoError(t, err)
	assert.Equal(t, "ffff", hex.EncodeToString(frame[9+33:9+35]))
	assert.Equal(t, "80000000", hex.EncodeToString(frame[9+16:9+20]))
	got, err := Decode(s, frame)
	require.NoError(t, err)
	late, _ := got.Get("late")
	maybe, _ := got.Get("maybe")
	assert.Nil(t, late)
	assert.Nil(t, maybe)
}

func TestSkipMinMax(t *testing.T) {
	s := loadTick(t)
	doc := tickWith(t, "level", "255")
	_, err := EncodeJSON(s, "", strings.NewReader(doc))
	require.ErrorIs(t, err, ErrRange)
	frame, err := EncodeOptions{SkipMinMax: true}.EncodeJSON(s, "", strings.NewReader(doc))
	require.NoError(t, err)
	got, err := Decode(s, frame)
	require.NoError(t, err)
	level, _ := got.Get("level")
	assert.Equal(t, "255", jsonText(t, level))

	_, err = EncodeOptions{SkipMinMax: true}.EncodeJSON(s, "", strings.NewReader(tickWith(t, "level", "256")))
	assert.ErrorIs(t, err, ErrRange, "the primitive's range is always checked")
}

func TestParseJSONErrors(t *testing.T) {
	tests := []struct{ doc, want string }{
		{`{"a":1,"a":2}`, `$.a: invalid JSON: duplicate name in object`},
		{`{} {}`, `$: invalid JSON: more than one JSON value in the input`},
		{`{"a":[1,}`, `$.a[1]: invalid JSON`},
		{``, `$: invalid JSON: unexpected EOF`},
		{strings.Repeat("[", maxDepth+2), `invalid JSON: nesting deeper than 1000`},
	}
	for _, tt := range tests {
		_, err := ParseJSON(strings.NewReader(tt.doc))
		require.Error(t, err, "ParseJSON(%.20q)", tt.doc)
		assert.ErrorIs(t, err, ErrSyntax)
		assert.Contains(t, err.Error(), tt.want, "ParseJSON(%.20q)", tt.doc)
	}
}

func TestDecodeErrors(t *testing.T) {
	s := loadTick(t)
	valid, err := hex.DecodeString(tickFrame)
	require.NoError(t, err)
	// patch returns the valid frame with the hex bytes at offset replaced.
	patch := func(off int, hexBytes string) []byte {
		b := append([]byte(nil), valid...)
		p, err := hex.DecodeString(hexBytes)
		require.NoError(t, err)
		copy(b[off:], p)
		return b
	}
	const legs = 9 + 40 // offset of the legs dimensions
	tests := []struct {
		name  string
		frame []byte
		kind  error
		want  string
	}{
		{"empty", nil, ErrTruncated, "$: frame truncated: message header needs 9 bytes, frame has 0"},
		{"foreign schema", patch(4, "0008"), ErrSchemaID, `$: foreign schema id: frame has schema id 8, schema "tick" has id 7`},
		{"unknown template", patch(2, "0063"), ErrTemplate, `$: unknown template id: template id 99 is not a message of schema "tick"`},
		{"block too short for a field", patch(0, "000a"), ErrLength,
			"$.flags: length out of range: block length 10 ends before the field's 2 bytes at offset 9"},
		{"block beyond frame", patch(0, "0fff"), ErrTruncated, "$: frame truncated: block of 4095 bytes at offset 9, frame has 66"},
		{"count above maxValue", patch(legs, "0404"), ErrLength, "$.legs: length out of range: numInGroup 4 out of range [0, 3]"},
		{"entries beyond frame", patch(legs, "ff03"), ErrTruncated, "$.legs: frame truncated: 3 entries of 765 bytes at offset 51, frame has 66"},
		{"var data beyond frame", patch(legs+6, "0f"), ErrTruncated, "$.legs[0].note: frame truncated: var data of 15 bytes at offset 56, frame has 66"},
		{"var data above maxValue", patch(len(valid)-3, "0005"), ErrLength, "$.payload: length out of range: var data length 5 exceeds maxValue 4"},
		{"trailing bytes", append(append([]byte(nil), valid...), 0), ErrTrailing, "$: trailing bytes: 1 bytes after the message at offset 66"},
		{"zero-length entries", mustHex(t, "0000"+"000b"+"0007"+"0001"+"00"+"0000"+"fffffffe"), ErrLength,
			"$.marks: length out of range: more than 65536 group entries of zero bytes in the frame"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Decode(s, tt.frame)
			require.Error(t, err)
			assert.Equal(t, tt.want, err.Error())
			assert.ErrorIs(t, err, tt.kind)
		})
	}

	// Zero-length entries below the limit decode, with the newer field null.
	got, err := Decode(s, mustHex(t, "0000"+"000b"+"0007"+"0001"+"00"+"0000"+"00000002"))
	require.NoError(t, err)
	assert.Equal(t, `{"$message":"Marks","marks":[{"since":null},{"since":null}]}`, jsonText(t, got))
}

func mustHex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	require.NoError(t, err)
	return b
}

// TestTruncatedFrames checks that every strict prefix of a valid frame of
// every message of every schema is rejected as truncated.
func TestTruncatedFrames(t *testing.T) {
	for _, file := range allSchemas(t) {
		s := loadSchema(t, file)
		sm := &sampler{}
		for _, m := range s.Messages {
			doc, _ := sm.message(m)
			frame, err := Encode(s, m.Name, doc)
			require.NoError(t, err)
			_, err = Decode(s, frame)
			require.NoError(t, err)
			for n := range len(frame) {
				_, err := Decode(s, frame[:n])
				if !assert.Error(t, err, "%s: %s prefix of %d of %d bytes", file, m.Name, n, len(frame)) {
					continue
				}
				assert.True(t, errors.Is(err, ErrTruncated), "%s: %s prefix of %d bytes: %v", file, m.Name, n, err)
			}
		}
	}
}
