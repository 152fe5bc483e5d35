package dyn

import (
	"encoding/json"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSpecialFloats: NaN and the infinities travel as strings; in an
// optional float NaN is the null value and decodes as null.
func TestSpecialFloats(t *testing.T) {
	s := loadSchema(t, filepath.Join(repoRoot(t), "schemas", "aotelemetry.xml"))
	doc := `{"$message":"WavefrontFrame","frameId":1,"timestamp":2,"sensorId":3,"kind":"Pyramid","flags":["LoopClosed"],` +
		`"shape":{"subapertures":4,"pixelsPerSubaperture":5,"pixelScale":"-Infinity"},"exposure":"NaN",` +
		`"slopes":[{"x":"Infinity","y":-0.1},{"x":3.4028235e+38,"y":1e-45}],"pixels":"AAEC"}`
	frame, err := EncodeJSON(s, "", strings.NewReader(doc))
	require.NoError(t, err)
	got, err := Decode(s, frame)
	require.NoError(t, err)
	assert.Equal(t, doc, jsonText(t, got))

	tick := loadTick(t)
	for _, y := range []string{`"NaN"`, `null`} {
		frame, err := EncodeJSON(tick, "", strings.NewReader(tickWith(t, "pos", `{"x":1,"y":`+y+`}`)))
		require.NoError(t, err)
		got, err := Decode(tick, frame)
		require.NoError(t, err)
		pos, _ := got.Get("pos")
		assert.Equal(t, `{"x":1,"y":null}`, jsonText(t, pos), "y = %s", y)
	}
}

// TestEncodeGoValues encodes documents built in Go: maps, Go integers and
// floats, and the output of encoding/json with UseNumber.
func TestEncodeGoValues(t *testing.T) {
	s := loadSchema(t, filepath.Join(repoRoot(t), "schemas", "market.xml"))
	doc := map[string]any{
		"symbol": "ESZ6", "venue": "XEUR", "sequence": uint64(math.MaxUint64 - 1), "timestamp": 17,
		"bid": int64(math.MinInt64 + 1), "bidSize": int32(2), "ask": 3.0, "askSize": json.Number("4"),
	}
	frame, err := Encode(s, "Quote", doc)
	require.NoError(t, err)
	got, err := Decode(s, frame)
	require.NoError(t, err)
	assert.Equal(t, `{"$message":"Quote","symbol":"ESZ6","venue":"XEUR","sequence":18446744073709551614,"timestamp":17,`+
		`"bid":-9223372036854775807,"bidSize":2,"ask":3,"askSize":4}`, jsonText(t, got))

	var fromJSON map[string]any
	dec := json.NewDecoder(strings.NewReader(jsonText(t, got)))
	dec.UseNumber()
	require.NoError(t, dec.Decode(&fromJSON))
	again, err := Encode(s, "", fromJSON)
	require.NoError(t, err)
	assert.Equal(t, frame, again)

	marshalled, err := json.Marshal(got)
	require.NoError(t, err)
	assert.Equal(t, jsonText(t, got), string(marshalled), "Object implements json.Marshaler in member order")

	doc["bidSize"] = 2.5
	_, err = Encode(s, "Quote", doc)
	assert.EqualError(t, err, "$.bidSize: value 2.5 is not an integer")
	delete(doc, "bidSize")
	doc["zeta"], doc["alpha"] = 1, 2
	_, err = Encode(s, "Quote", doc)
	assert.EqualError(t, err, `$.alpha: Quote has no field "alpha"`, "map members are checked in sorted order")
}

func TestJSONStrings(t *testing.T) {
	got := string(appendString(nil, "a\"\\\n\r\t\x01\x7f<>&\u2028\xff\u00e9"))
	assert.Equal(t, `"a\"\\\n\r\t\u0001\u007f<>&\u2028\ufffd`+"\u00e9\"", got)
	var back string
	require.NoError(t, json.Unmarshal([]byte(got), &back))
	assert.Equal(t, "a\"\\\n\r\t\x01\x7f<>&\u2028\ufffd\u00e9", back)
}

func TestEqual(t *testing.T) {
	parse := func(s string) any {
		v, err := ParseJSON(strings.NewReader(s))
		require.NoError(t, err)
		return v
	}
	same := [][2]any{
		{parse(`{"a":1,"b":[1.5,"x",null]}`), parse(`{"b":[1.50,"x",null],"a":1.0}`)},
		{parse(`18446744073709551615`), uint64(math.MaxUint64)},
		{parse(`{"n":-3}`), map[string]any{"n": -3}},
		{parse(`"NaN"`), math.NaN()},
	}
	for _, p := range same {
		assert.True(t, Equal(p[0], p[1]), "Equal(%v, %v)", p[0], p[1])
	}
	different := [][2]any{
		{parse(`{"a":1}`), parse(`{"a":1,"b":2}`)},
		{parse(`{"a":1}`), parse(`{"b":1}`)},
		{parse(`[1,2]`), parse(`[2,1]`)},
		{parse(`18446744073709551615`), parse(`18446744073709551614`)},
		{parse(`-9223372036854775808`), parse(`-9223372036854775807`)},
		{parse(`1`), parse(`"1"`)},
		{parse(`null`), parse(`0`)},
		{parse(`[]`), parse(`null`)},
		{parse(`{}`), parse(`[]`)},
	}
	for _, p := range different {
		assert.False(t, Equal(p[0], p[1]), "Equal(%v, %v)", p[0], p[1])
	}
}
