package interop

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"

	"github.com/aerongo/aerongo/internal/sbe/dyn"
	"github.com/aerongo/aerongo/internal/sbe/ir"
	"github.com/stretchr/testify/require"
)

// repoRoot is the module root (the parent of this package's directory).
func repoRoot(t testing.TB) string {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	require.True(t, ok)
	return filepath.Dir(filepath.Dir(file))
}

// schemaFiles maps the schema keys used by the vectors and the peers (the
// file name of the XML without ".xml") to their paths from the module root.
var schemaFiles = map[string]string{
	"example-schema":           "../shared/schemas/sbe-examples/example-schema.xml",
	"example-extension-schema": "../shared/schemas/sbe-examples/example-extension-schema.xml",
	"market":                   "schemas/market.xml",
	"aotelemetry":              "schemas/aotelemetry.xml",
	"evolution-v0":             "schemas/evolution-v0.xml",
	"evolution-v1":             "schemas/evolution-v1.xml",
}

func schemaKeys() []string {
	keys := make([]string, 0, len(schemaFiles))
	for k := range schemaFiles {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

var schemaCache = map[string]*ir.Schema{}

func loadSchema(t testing.TB, key string) *ir.Schema {
	t.Helper()
	if s, ok := schemaCache[key]; ok {
		return s
	}
	rel, ok := schemaFiles[key]
	require.True(t, ok, "unknown schema %s", key)
	s, err := ir.Load(filepath.Join(repoRoot(t), rel))
	require.NoError(t, err, key)
	schemaCache[key] = s
	return s
}

// vector is one golden frame and the JSON of its values.
type vector struct {
	schema, name string
	frame        []byte
	doc          any
	jsonPath     string
}

func goldenDir(t testing.TB) string {
	return filepath.Join(repoRoot(t), "testdata", "golden", "wire")
}

// goldenVectors reads every testdata/golden/wire/<schema>/<case>.bin with its .json.
func goldenVectors(t testing.TB) []vector {
	t.Helper()
	var out []vector
	for _, key := range schemaKeys() {
		dir := filepath.Join(goldenDir(t), key)
		bins, err := filepath.Glob(filepath.Join(dir, "*.bin"))
		require.NoError(t, err)
		require.NotEmpty(t, bins, "no vectors in %s", dir)
		for _, bin := range bins {
			frame, err := os.ReadFile(bin)
			require.NoError(t, err)
			jsonPath := strings.TrimSuffix(bin, ".bin") + ".json"
			text, err := os.ReadFile(jsonPath)
			require.NoError(t, err)
			doc, err := dyn.ParseJSON(bytes.NewReader(text))
			require.NoError(t, err, jsonPath)
			out = append(out, vector{schema: key, name: strings.TrimSuffix(filepath.Base(bin), ".bin"),
				frame: frame, doc: doc, jsonPath: jsonPath})
		}
	}
	return out
}

// javaPeer returns the command line prefix that runs the Java peer's main
// class, or skips the test when java or the built peer is missing.
func javaPeer(t testing.TB) []string {
	t.Helper()
	javaBin, err := exec.LookPath("java")
	if err != nil {
		t.Skip("java not installed; the Java peer cannot run")
	}
	target := filepath.Join(repoRoot(t), "interop", "java", "target")
	jar := filepath.Join(target, "aerongo-interop.jar")
	cp, err := os.ReadFile(filepath.Join(target, "classpath.txt"))
	if _, jerr := os.Stat(jar); jerr != nil || err != nil {
		t.Skip("Java peer not built (run scripts/interop-build.sh or make setup)")
	}
	return []string{javaBin, "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED",
		"-cp", jar + string(os.PathListSeparator) + strings.TrimSpace(string(cp)),
		"com.github.aerongo.interop.Main"}
}

// runJava runs the Java peer with args and returns its standard output; a
// non-zero exit fails the test with both outputs.
func runJava(t testing.TB, args ...string) string {
	t.Helper()
	peer := javaPeer(t)
	cmd := exec.Command(peer[0], append(peer[1:], args...)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	require.NoError(t, err, "java %s\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), stdout.String(), stderr.String())
	return stdout.String()
}

func jsonText(t testing.TB, v any) string {
	t.Helper()
	if o, ok := v.(dyn.Object); ok {
		b, err := o.MarshalJSON()
		require.NoError(t, err)
		return string(b)
	}
	return ""
}
