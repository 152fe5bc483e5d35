package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	carSchema       = "../../../shared/schemas/sbe-examples/example-schema.xml"
	extensionSchema = "../../../shared/schemas/sbe-examples/example-extension-schema.xml"
)

func readDir(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		require.NoError(t, err)
		out[e.Name()] = string(b)
	}
	return out
}

// TestGenerateOneSchema: the CLI writes the same files as the golden
// package of the Car example, and a second run leaves them byte-identical.
func TestGenerateOneSchema(t *testing.T) {
	out := filepath.Join(t.TempDir(), "car")
	var stderr bytes.Buffer
	require.Equal(t, 0, realMain([]string{"-schema", carSchema, "-out", out}, nil, io.Discard, &stderr), stderr.String())
	got := readDir(t, out)
	golden := readDir(t, "../../testdata/golden/baseline")
	assert.Equal(t, golden, got)

	require.Equal(t, 0, realMain([]string{"-schema", carSchema, "-out", out}, nil, io.Discard, &stderr), stderr.String())
	assert.Equal(t, got, readDir(t, out), "no temporary files left, same bytes")
}

func TestGenerateSeveralSchemas(t *testing.T) {
	out := t.TempDir()
	var stderr bytes.Buffer
	require.Equal(t, 0, realMain([]string{"-schema", carSchema, "-schema", extensionSchema, "-out", out}, nil, io.Discard, &stderr), stderr.String())
	for _, pkg := range []string{"baseline", "extension"} {
		files := readDir(t, filepath.Join(out, pkg))
		assert.Contains(t, files["schema.go"], "package "+pkg)
	}
	assert.Equal(t, 2, realMain([]string{"-schema", carSchema, "-schema", extensionSchema, "-out", out, "-package", "x"}, nil, io.Discard, &stderr))
	assert.Contains(t, stderr.String(), "-package applies to a single -schema")
}

func TestPackageFlag(t *testing.T) {
	out := t.TempDir()
	var stderr bytes.Buffer
	require.Equal(t, 0, realMain([]string{"-schema", carSchema, "-out", out, "-package", "cars"}, nil, io.Discard, &stderr), stderr.String())
	assert.True(t, strings.Contains(readDir(t, out)["types.go"], "package cars\n"))
}

// TestNothingWrittenOnError: when one schema fails, no file of any schema
// is written.
func TestNothingWrittenOnError(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.xml")
	require.NoError(t, os.WriteFile(bad, []byte(`<?xml version="1.0"?>
<sbe:messageSchema xmlns:sbe="http://fixprotocol.io/2016/sbe" package="bad" id="1">
  <types/>
  <sbe:message name="M" id="1"><field name="f" id="1" type="NoSuchType"/></sbe:message>
</sbe:messageSchema>`), 0o644))
	out := filepath.Join(dir, "out")
	var stderr bytes.Buffer
	assert.Equal(t, 2, realMain([]string{"-schema", carSchema, "-schema", bad, "-out", out}, nil, io.Discard, &stderr))
	assert.Contains(t, stderr.String(), "bad.xml:4")
	_, err := os.Stat(out)
	assert.True(t, os.IsNotExist(err), "output directory created despite the error")
}

func TestUsageErrors(t *testing.T) {
	var stderr bytes.Buffer
	assert.Equal(t, 2, realMain(nil, nil, io.Discard, &stderr))
	assert.Contains(t, stderr.String(), "usage: aerongen -schema FILE")
	stderr.Reset()
	assert.Equal(t, 2, realMain([]string{"-schema", carSchema}, nil, io.Discard, &stderr))
	assert.Contains(t, stderr.String(), "need -schema and -out")
	assert.Equal(t, 2, realMain([]string{"-schema", "missing.xml", "-out", t.TempDir()}, nil, io.Discard, &stderr))
	// A -package that Go cannot compile is refused in one line, before
	// anything is written.
	for _, name := range []string{"9bad", "func", "_", "my-pkg"} {
		stderr.Reset()
		out := filepath.Join(t.TempDir(), "out")
		assert.Equal(t, 2, realMain([]string{"-schema", carSchema, "-out", out, "-package", name}, nil, io.Discard, &stderr))
		assert.Equal(t, fmt.Sprintf("aerongen: emit example-schema.xml: package name %q is not a Go package name (an identifier, not a keyword or _)\n", name), stderr.String())
		assert.NoDirExists(t, out)
	}
}

func TestSubcommandDispatch(t *testing.T) {
	const name = "test-echo"
	subcommands[name] = func(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
		b, err := io.ReadAll(stdin)
		if err != nil {
			return err
		}
		_, err = io.WriteString(stdout, strings.Join(args, ",")+":"+string(b))
		return err
	}
	defer delete(subcommands, name)
	var stdout bytes.Buffer
	require.Equal(t, 0, realMain([]string{name, "a", "b"}, strings.NewReader("in"), &stdout, io.Discard))
	assert.Equal(t, "a,b:in", stdout.String())
}
