package interop

import (
	"bufio"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aerongo/aerongo/internal/sbe/dyn"
	"github.com/aerongo/aerongo/testdata/golden/baseline"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// goDocs are values written by the Go side for the Java peer to read, per
// schema; members in schema order, constants included (the Java verifier
// compares every member).
var goDocs = map[string][]string{
	"example-schema": {
		`{"$message":"Car","serialNumber":77,"modelYear":1999,"available":"F","code":"C","someNumbers":[9,8,7,6],` +
			`"vehicleCode":"GO1","extras":["sportsPack"],"discountedModel":"C","engine":{"capacity":1600,"numCylinders":4,` +
			`"maxRpm":9000,"manufacturerCode":"G","fuel":"Petrol","efficiency":42,"boosterEnabled":"F",` +
			`"booster":{"BoostType":"SUPERCHARGER","horsePower":90}},` +
			`"fuelFigures":[{"speed":50,"mpg":0.5,"usageDescription":"go"}],` +
			`"performanceFigures":[{"octaneRating":98,"acceleration":[]},{"octaneRating":99,"acceleration":[{"mph":10,"seconds":-2.5}]}],` +
			`"manufacturer":"Gopher «Go» ∑","model":"","activationCode":"0123456789"}`,
	},
	"example-extension-schema": {
		`{"$message":"Car","serialNumber":78,"modelYear":2000,"available":"T","code":"A","someNumbers":[0,0,0,1],` +
			`"vehicleCode":"","extras":[],"discountedModel":"C","engine":{"capacity":1,"numCylinders":1,` +
			`"maxRpm":9000,"manufacturerCode":"","fuel":"Petrol","efficiency":1,"boosterEnabled":"T",` +
			`"booster":{"BoostType":"TURBO","horsePower":1}},"uuid":[null,-1],"cupHolderCount":null,` +
			`"fuelFigures":[],"performanceFigures":[],"manufacturer":"","model":"m","activationCode":""}`,
	},
	"market": {
		`{"$message":"Quote","symbol":"GOQ","venue":"XEUR","sequence":1,"timestamp":2,"bid":-3,"bidSize":4,"ask":-5,"askSize":6}`,
		`{"$message":"Trade","symbol":"GOTRADE","venue":"XCME","tradeId":9,"timestamp":10,"price":11,"quantity":-12,` +
			`"aggressor":"Buy","conditions":["Closing"]}`,
		`{"$message":"BookSnapshot","symbol":"B","venue":"XEUR","sequence":3,"timestamp":4,` +
			`"bids":[{"price":1,"quantity":2,"orders":[{"orderId":5,"quantity":null}]}],` +
			`"asks":[{"price":3,"quantity":4,"orders":[]},{"price":5,"quantity":6,"orders":[{"orderId":7,"quantity":8},{"orderId":9,"quantity":-1}]}],` +
			`"source":"go ✓"}`,
	},
	"aotelemetry": {
		"", // a WavefrontFrame with more slopes than a uint16 count holds, built by wavefrontDoc
		`{"$message":"MirrorCommand","frameId":5,"mirrorId":6,"gain":-1e+300,"actuators":[{"index":1,"stroke":"-Infinity"}]}`,
	},
	"evolution-v0": {
		`{"$message":"Order","orderId":5,"price":6,"quantity":7,"status":"Active","fills":[{"price":1,"quantity":2}],"account":"go"}`,
		`{"$message":"Amend","orderId":1,"newPrice":2,"newQuantity":3,"legs":[{"legId":4,"ratio":5}],"reason":""}`,
	},
	"evolution-v1": {
		`{"$message":"Order","orderId":5,"price":6,"quantity":7,"status":"Suspended","stopPrice":null,"clientTag":8,` +
			`"fills":[{"price":1,"quantity":2,"venueFee":null},{"price":3,"quantity":4,"venueFee":-5}],` +
			`"account":"go","memo":"v1 ✓"}`,
		`{"$message":"Amend","orderId":9,"newPrice":-1,"newQuantity":2,"validUntil":3,` +
			`"legs":[{"legId":4,"ratio":5,"venueFee":null},{"legId":6,"ratio":7,"venueFee":8}],"reason":"go","trader":"gö"}`,
	},
}

// wavefrontDoc is a WavefrontFrame with 70,000 slopes (the group's count
// is a uint32) and 1 KiB of pixels.
func wavefrontDoc() string {
	var b strings.Builder
	b.WriteString(`{"$message":"WavefrontFrame","frameId":1,"timestamp":2,"sensorId":3,"kind":"Curvature",` +
		`"flags":["DarkSubtracted","FlatFielded"],"shape":{"subapertures":35000,"pixelsPerSubaperture":4,"pixelScale":0.125},` +
		`"exposure":0.5,"slopes":[`)
	for i := range 70000 {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"x":%d.25,"y":-%d.5}`, i%1000, i%777)
	}
	b.WriteString(`],"pixels":"` + strings.Repeat("AQID", 341) + `AQ=="}`)
	return b.String()
}

// writeGoFrames encodes the goDocs with the on-the-fly codec into
// dir/<schema>/go-<n>.bin with the document as go-<n>.json, and checks
// that the Go side decodes each frame back to its document.
func writeGoFrames(t *testing.T, dir string) {
	t.Helper()
	for schemaKey, docs := range goDocs {
		s := loadSchema(t, schemaKey)
		sub := filepath.Join(dir, schemaKey)
		require.NoError(t, os.MkdirAll(sub, 0o755))
		for i, text := range docs {
			if text == "" {
				text = wavefrontDoc()
			}
			doc, err := dyn.ParseJSON(strings.NewReader(text))
			require.NoError(t, err)
			frame, err := dyn.Encode(s, "", doc)
			require.NoError(t, err, "%s #%d", schemaKey, i)
			back, err := dyn.Decode(s, frame)
			require.NoError(t, err)
			require.True(t, dyn.Equal(doc, back), "%s #%d: Go round trip", schemaKey, i)
			base := filepath.Join(sub, fmt.Sprintf("go-%d", i))
			require.NoError(t, os.WriteFile(base+".bin", frame, 0o644))
			require.NoError(t, os.WriteFile(base+".json", []byte(text), 0o644))
		}
	}
}

// goFramesDir writes the frames Go produces for the peers to read into a
// temporary directory, <schema>/<name>.bin with <name>.json: the goDocs
// through the on-the-fly codec, a Car marshalled from a Go struct by the
// generated code, the golden values re-encoded by Go, and the on-the-fly
// codec's own sampled vectors (internal/sbe/dyn/testdata/vectors).
func goFramesDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	writeGoFrames(t, dir)

	// The golden values re-encoded by Go.
	for _, v := range goldenVectors(t) {
		frame, err := dyn.Encode(loadSchema(t, v.schema), "", v.doc)
		require.NoError(t, err)
		text, err := os.ReadFile(v.jsonPath)
		require.NoError(t, err)
		base := filepath.Join(dir, v.schema, "golden-"+v.name)
		require.NoError(t, os.WriteFile(base+".bin", frame, 0o644))
		require.NoError(t, os.WriteFile(base+".json", text, 0o644))
	}

	// The on-the-fly codec's sampled vectors: one {"frame": hex, "json": doc} per line.
	for _, key := range schemaKeys() {
		data, err := os.ReadFile(filepath.Join(repoRoot(t), "internal", "sbe", "dyn", "testdata", "vectors", key+".jsonl"))
		if os.IsNotExist(err) {
			continue
		}
		require.NoError(t, err)
		for n, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
			doc, err := dyn.ParseJSON(strings.NewReader(line))
			require.NoError(t, err)
			obj, ok := doc.(dyn.Object)
			require.True(t, ok, "%s line %d", key, n+1)
			hexFrame, _ := obj.Get("frame")
			hexText, ok := hexFrame.(string)
			require.True(t, ok, "%s line %d: frame", key, n+1)
			frame, err := hex.DecodeString(hexText)
			require.NoError(t, err)
			values, _ := obj.Get("json")
			valuesObj, ok := values.(dyn.Object)
			require.True(t, ok, "%s line %d: json", key, n+1)
			text, err := valuesObj.MarshalJSON()
			require.NoError(t, err)
			base := filepath.Join(dir, key, fmt.Sprintf("dyn-%d", n))
			require.NoError(t, os.WriteFile(base+".bin", frame, 0o644))
			require.NoError(t, os.WriteFile(base+".json", text, 0o644))
		}
	}

	// A Car built as a Go struct and marshalled by the generated code; its
	// JSON is the same values written by hand.
	car := baseline.Car{
		SerialNumber: 31, ModelYear: 2024, Available: baseline.BooleanTypeT, Code: baseline.ModelB,
		SomeNumbers: [4]uint32{4, 3, 2, 1}, VehicleCode: "STRUCT",
		Extras: baseline.OptionalExtrasSunRoof | baseline.OptionalExtrasSportsPack,
		Engine: baseline.Engine{Capacity: 3000, NumCylinders: 6, ManufacturerCode: "ST", Efficiency: 77,
			BoosterEnabled: baseline.BooleanTypeF, Booster: baseline.Booster{BoostType: baseline.BoostTypeNitrous, HorsePower: 11}},
		FuelFigures: []baseline.CarFuelFigures{{Speed: 1, Mpg: 2.5, UsageDescription: "a"}, {Speed: 2, Mpg: -1, UsageDescription: ""}},
		PerformanceFigures: []baseline.CarPerformanceFigures{{OctaneRating: 91,
			Acceleration: []baseline.CarPerformanceFiguresAcceleration{{Mph: 3, Seconds: 0.75}}}},
		Manufacturer: "Strüct", Model: "M", ActivationCode: "code",
	}
	frame, err := car.MarshalBinary()
	require.NoError(t, err)
	carJSON := `{"$message":"Car","serialNumber":31,"modelYear":2024,"available":"T","code":"B","someNumbers":[4,3,2,1],` +
		`"vehicleCode":"STRUCT","extras":["sunRoof","sportsPack"],"discountedModel":"C","engine":{"capacity":3000,` +
		`"numCylinders":6,"maxRpm":9000,"manufacturerCode":"ST","fuel":"Petrol","efficiency":77,"boosterEnabled":"F",` +
		`"booster":{"BoostType":"NITROUS","horsePower":11}},"fuelFigures":[{"speed":1,"mpg":2.5,"usageDescription":"a"},` +
		`{"speed":2,"mpg":-1,"usageDescription":""}],"performanceFigures":[{"octaneRating":91,"acceleration":[{"mph":3,"seconds":0.75}]}],` +
		`"manufacturer":"Strüct","model":"M","activationCode":"code"}`
	base := filepath.Join(dir, "example-schema", "struct-0")
	require.NoError(t, os.WriteFile(base+".bin", frame, 0o644))
	require.NoError(t, os.WriteFile(base+".json", []byte(carJSON), 0o644))
	return dir
}

// TestJavaReadsGoFrames: frames encoded by Go decode in SBE's Java decoders
// to the values Go wrote, and the Java encoders write the same bytes for
// those values.
func TestJavaReadsGoFrames(t *testing.T) {
	javaPeer(t)
	dir := goFramesDir(t)
	for _, key := range schemaKeys() {
		t.Run(key, func(t *testing.T) {
			out := runJava(t, "verify", key, filepath.Join(dir, key))
			lines := strings.Split(strings.TrimSpace(out), "\n")
			files, _ := filepath.Glob(filepath.Join(dir, key, "*.bin"))
			assert.Len(t, lines, len(files), "one verdict per frame:\n%s", out)
			for _, l := range lines {
				assert.True(t, strings.HasPrefix(l, "ok "), "%s", l)
			}
		})
	}
}

// javaDecode decodes frames with the Java codecs of schemaKey and returns
// one document (or a $error) per frame.
func javaDecode(t *testing.T, schemaKey string, files []string) []any {
	t.Helper()
	out := runJava(t, append([]string{"decode", schemaKey}, files...)...)
	var docs []any
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(nil, 64<<20)
	for sc.Scan() {
		doc, err := dyn.ParseJSON(strings.NewReader(sc.Text()))
		require.NoError(t, err, sc.Text())
		docs = append(docs, doc)
	}
	require.Len(t, docs, len(files))
	return docs
}

func javaError(doc any) (string, bool) {
	if o, ok := doc.(dyn.Object); ok {
		if v, ok := o.Get("$error"); ok {
			s, _ := v.(string)
			return s, true
		}
	}
	return "", false
}

// TestEvolutionAcrossLanguages decodes the frames of one schema version
// with the other version, in Java and C++ (SBE's generated decoders) and in
// Go (the on-the-fly codec, and the generated structs): all read the same
// values. Frames come from both
// languages: the golden vectors (Java) and the Go frames.
func TestEvolutionAcrossLanguages(t *testing.T) {
	javaPeer(t)
	dir := t.TempDir()
	writeGoFrames(t, dir)
	pairs := []struct{ from, to string }{
		{"example-extension-schema", "example-schema"},
		{"example-schema", "example-extension-schema"},
		{"evolution-v0", "evolution-v1"},
		{"evolution-v1", "evolution-v0"},
	}
	for _, p := range pairs {
		t.Run(p.from+"_on_"+p.to, func(t *testing.T) {
			var files []string
			golden, _ := filepath.Glob(filepath.Join(goldenDir(t), p.from, "*.bin"))
			goFrames, _ := filepath.Glob(filepath.Join(dir, p.from, "*.bin"))
			files = append(golden, goFrames...)
			require.NotEmpty(t, files)
			javaDocs := javaDecode(t, p.to, files)
			reader := loadSchema(t, p.to)
			goDocs := map[string]any{}
			for i, f := range files {
				frame, err := os.ReadFile(f)
				require.NoError(t, err)
				goDoc, goErr := dyn.Decode(reader, frame)
				jerr, javaFailed := javaError(javaDocs[i])
				require.NoError(t, goErr, f)
				goDocs[f] = goDoc
				require.False(t, javaFailed, "%s: Java: %s", f, jerr)
				assert.True(t, dyn.Equal(goDoc, javaDocs[i]), "%s:\nGo   %s\nJava %s", f, jsonText(t, goDoc), jsonText(t, javaDocs[i]))

				// The generated struct of the reader's schema reads the frame and
				// writes what the reader's schema says of it.
				msg := generated[p.to](templateID(frame))
				require.NotNil(t, msg, f)
				require.NoError(t, msg.UnmarshalBinary(frame), f)
				got, err := msg.MarshalBinary()
				require.NoError(t, err)
				want, err := dyn.Encode(reader, "", javaDocs[i])
				require.NoError(t, err)
				assert.Equal(t, hex.EncodeToString(want), hex.EncodeToString(got), f)
			}

			// SBE's C++ decoders of the reader's schema read the same values.
			if bin, ok := cppPeerPath(t); ok {
				runCpp(t, bin, p.to, goDocs, true)
			} else {
				t.Log("C++ peer not built; evolution checked in Java and Go only")
			}
		})
	}
}
