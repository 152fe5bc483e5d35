package interop

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/aerongo/aerongo/internal/sbe/dyn"
	"github.com/aerongo/aerongo/internal/sbe/ir"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// cppPeer returns the path of the C++ peer, or skips the test when it is
// not built.
func cppPeer(t *testing.T) string {
	t.Helper()
	bin, ok := cppPeerPath(t)
	if !ok {
		t.Skip("C++ peer not built (run scripts/interop-build.sh or make setup)")
	}
	return bin
}

func cppPeerPath(t *testing.T) (string, bool) {
	bin := filepath.Join(repoRoot(t), "interop", "cpp", "build", "sbe-vectors")
	_, err := os.Stat(bin)
	return bin, err == nil
}

// TestCppGoldenVectors: SBE's generated C++ codecs decode every golden
// frame into their DTOs and encode the DTOs back to the same bytes, and
// the values the C++ codec prints match the vector's JSON.
func TestCppGoldenVectors(t *testing.T) {
	bin := cppPeer(t)
	vectors := goldenVectors(t)
	for _, key := range schemaKeys() {
		t.Run(key, func(t *testing.T) {
			docs := map[string]any{}
			for _, v := range vectors {
				if v.schema == key {
					docs[strings.TrimSuffix(v.jsonPath, ".json")+".bin"] = v.doc
				}
			}
			checkCpp(t, bin, key, docs)
		})
	}
}

// TestCppReadsGoFrames: the same for the frames Go produces (see
// goFramesDir): the C++ DTOs re-encode them to the same bytes.
func TestCppReadsGoFrames(t *testing.T) {
	bin := cppPeer(t)
	dir := goFramesDir(t)
	for _, key := range schemaKeys() {
		t.Run(key, func(t *testing.T) {
			files, err := filepath.Glob(filepath.Join(dir, key, "*.bin"))
			require.NoError(t, err)
			docs := map[string]any{}
			for _, f := range files {
				text, err := os.ReadFile(strings.TrimSuffix(f, ".bin") + ".json")
				require.NoError(t, err)
				docs[f], err = dyn.ParseJSON(bytes.NewReader(text))
				require.NoError(t, err, f)
			}
			checkCpp(t, bin, key, docs)
		})
	}
}

// checkCpp runs the C++ peer on the frames (file to expected document) of
// one schema: each must round-trip byte for byte and print its values.
func checkCpp(t *testing.T, bin, key string, docs map[string]any) {
	t.Helper()
	runCpp(t, bin, key, docs, false)
}

// runCpp runs the C++ peer on the frames of docs with the codecs of key;
// with readOnly the frames (of another version of the schema) are decoded
// but not re-encoded, and an enum value the reader does not know may print
// as NULL_VALUE, as SBE's C++ printer shows it.
func runCpp(t *testing.T, bin, key string, docs map[string]any, readOnly bool) {
	t.Helper()
	require.NotEmpty(t, docs)
	files := make([]string, 0, len(docs))
	for f := range docs {
		files = append(files, f)
	}
	sort.Strings(files)
	args := append([]string{key}, files...)
	if readOnly {
		args = append([]string{"-read"}, args...)
	}
	cmd := exec.Command(bin, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()
	lines := strings.Split(strings.TrimSuffix(stdout.String(), "\n"), "\n")
	require.Len(t, lines, 2*len(files), "two lines per frame\nstdout:\n%.2000s\nstderr:\n%s", stdout.String(), stderr.String())
	opts := cppCompare{consts: constantMembers(loadSchema(t, key)), unknownEnumAsNull: readOnly}
	for i, f := range files {
		verdict, text := lines[2*i], lines[2*i+1]
		assert.Equal(t, "ok "+f, verdict)
		got, err := parseCppText(text)
		if !assert.NoError(t, err, "%s: C++ text %.2000s", f, text) {
			continue
		}
		var problems []string
		opts.compare("$", got, docs[f], &problems)
		assert.Empty(t, problems, "%s: C++ printed\n%.2000s", f, text)
	}
	assert.NoError(t, runErr, "stderr: %s", stderr.String())
}

// constantMembers names the constant members of the schema's composites,
// which the C++ codec does not print.
func constantMembers(s *ir.Schema) map[string]bool {
	out := map[string]bool{}
	for _, c := range s.Composites {
		for _, m := range c.Members {
			if e, ok := m.Type.(*ir.Encoded); ok && e.Presence == ir.Constant {
				out[m.Name] = true
			}
		}
	}
	return out
}

var bareSpecial = regexp.MustCompile(`^-?(nan|inf)`)

// parseCppText reads the JSON-like text of SBE's C++ codec printer: JSON
// but for the floats NaN and infinities written as nan, inf and -inf.
func parseCppText(text string) (any, error) {
	var b strings.Builder
	inString := false
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case inString && c == '\\':
			b.WriteByte(c)
			i++
			b.WriteByte(text[i])
			continue
		case c == '"':
			inString = !inString
		case !inString && (c == 'n' || c == 'i' || c == '-'):
			if m := bareSpecial.FindString(text[i:]); m != "" {
				name := map[string]string{"nan": "NaN", "-nan": "NaN", "inf": "Infinity", "-inf": "-Infinity"}[m]
				b.WriteString(`"` + name + `"`)
				i += len(m) - 1
				continue
			}
		}
		b.WriteByte(c)
	}
	return dyn.ParseJSON(strings.NewReader(b.String()))
}

var rawDataText = regexp.MustCompile(`^(\d+) bytes of raw data$`)

// cppCompare holds what compare needs besides the values.
type cppCompare struct {
	consts            map[string]bool // composite constants, which the printer leaves out
	unknownEnumAsNull bool
}

// compare compares what the C++ codec printed with the vector's JSON,
// allowing for the printer's conventions: a leading "Name" and
// "sbeTemplateId", no composite constants, floats printed as doubles with 17
// digits, nulls as the raw null value, set choices with a lower-case first
// letter, binary var data as "N bytes of raw data", other bytes as they are.
func (o cppCompare) compare(at string, got, want any, problems *[]string) {
	fail := func(format string, args ...any) {
		*problems = append(*problems, at+": "+fmt.Sprintf(format, args...))
	}
	switch w := want.(type) {
	case dyn.Object:
		g, ok := got.(dyn.Object)
		if !ok {
			fail("got %v, want an object", got)
			return
		}
		for _, m := range g {
			if m.Name == "Name" || m.Name == "sbeTemplateId" {
				continue
			}
			if _, ok := w.Get(m.Name); !ok {
				fail("unexpected member %s", m.Name)
			}
		}
		for _, m := range w {
			if m.Name == "$message" {
				if name, _ := g.Get("Name"); name != m.Value {
					fail("message %v, want %v", name, m.Value)
				}
				continue
			}
			gv, ok := g.Get(m.Name)
			if !ok {
				if !o.consts[m.Name] {
					fail("member %s missing", m.Name)
				}
				continue
			}
			o.compare(at+"."+m.Name, gv, m.Value, problems)
		}
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			fail("got %v, want %v", got, want)
			return
		}
		for i := range w {
			gi := g[i]
			if s, isString := gi.(string); isString {
				if ws, wantString := w[i].(string); wantString && lowerFirst(ws) == s {
					continue // a set choice
				}
			}
			o.compare(fmt.Sprintf("%s[%d]", at, i), gi, w[i], problems)
		}
	case nil:
		if !isNullPattern(got) {
			fail("got %v, want null (a null value)", got)
		}
	case json.Number:
		if o.unknownEnumAsNull && got == "NULL_VALUE" {
			return // an enum value unknown to the reader (dyn shows its number)
		}
		if !numbersMatch(got, w) {
			fail("got %v, want %v", got, w)
		}
	case string:
		switch g := got.(type) {
		case json.Number:
			if !numbersMatch(g, w) {
				fail("got %v, want %v", g, w)
			}
		case string:
			if g == w {
				return
			}
			raw, err := base64.StdEncoding.DecodeString(w)
			if err != nil {
				fail("got %q, want %q", g, w)
				return
			}
			if m := rawDataText.FindStringSubmatch(g); m != nil && m[1] == fmt.Sprint(len(raw)) {
				return
			}
			if g != validText(raw) {
				fail("got %q, want the bytes of %q", g, w)
			}
		default:
			fail("got %v, want %q", got, w)
		}
	default:
		fail("unexpected JSON value %v", want)
	}
}

func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToLower(r)) + s[n:]
}

// validText is raw as a JSON decoder sees it: invalid UTF-8 bytes become U+FFFD.
func validText(raw []byte) string {
	var b strings.Builder
	for _, r := range string(raw) {
		b.WriteRune(r)
	}
	return b.String()
}

// isNullPattern reports whether a printed value is a null value of SBE's
// primitive types, or an enum's NULL_VALUE, or an array of them.
func isNullPattern(v any) bool {
	switch v := v.(type) {
	case json.Number:
		switch v.String() {
		case "-128", "255", "-32768", "65535", "-2147483648", "4294967295",
			"-9223372036854775808", "18446744073709551615":
			return true
		}
	case string:
		return v == "NULL_VALUE" || v == "NaN"
	case []any:
		for _, e := range v {
			if !isNullPattern(e) {
				return false
			}
		}
		return len(v) > 0
	}
	return false
}

// numbersMatch compares a printed number with the vector's: integers
// exactly, floats as doubles or, for float fields printed via double, as
// float32; NaN and the infinities by name.
func numbersMatch(got any, want any) bool {
	gs, ws := fmt.Sprint(got), fmt.Sprint(want)
	if gs == ws {
		return true
	}
	gi, gok := new(big.Int).SetString(gs, 10)
	wi, wok := new(big.Int).SetString(ws, 10)
	if gok && wok {
		return gi.Cmp(wi) == 0
	}
	gf, gerr := parseFloatName(gs)
	wf, werr := parseFloatName(ws)
	if gerr != nil || werr != nil {
		return false
	}
	if math.IsNaN(gf) || math.IsNaN(wf) {
		return math.IsNaN(gf) && math.IsNaN(wf)
	}
	return gf == wf || float32(gf) == float32(wf)
}

func parseFloatName(s string) (float64, error) {
	switch s {
	case "NaN":
		return math.NaN(), nil
	case "Infinity":
		return math.Inf(1), nil
	case "-Infinity":
		return math.Inf(-1), nil
	}
	var f float64
	_, err := fmt.Sscan(s, &f)
	return f, err
}
