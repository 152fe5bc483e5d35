package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestGoGenerateInAUserModule takes the README's steps in a module of its
// own, outside this repository: require this module (replaced by this
// checkout), declare aerongen as a tool, go mod tidy, then go generate over
// a go:generate line with `go tool aerongen` and the module's own schema
// (testdata/usermodule/tick.xml: an enum, a group, var data), gofmt and go
// vet of what it wrote, and go run of a program (testdata/usermodule) that
// publishes 1,000 Ticks through the generated publisher and reads them back
// through the generated subscriber on an in-process media driver.
func TestGoGenerateInAUserModule(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs a module of its own over cgo and the native driver; not in -short")
	}
	root, err := filepath.Abs("../..")
	require.NoError(t, err)
	dir := t.TempDir()
	for _, name := range []string{"tick.xml", "main.go"} {
		b, err := os.ReadFile(filepath.Join("testdata", "usermodule", name))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), b, 0o644))
	}
	require.NoError(t, os.Mkdir(filepath.Join(dir, "ticks"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "ticks", "generate.go"), []byte(
		"package ticks\n\n//go:generate go tool aerongen -schema ../tick.xml -out . -pubsub\n"), 0o644))

	run := func(name string, args ...string) string {
		t.Helper()
		cmd := exec.Command(name, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS="+strings.TrimSpace(os.Getenv("GOFLAGS")+" -mod=mod"))
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "%s %s:\n%s", name, strings.Join(args, " "), out)
		return string(out)
	}
	run("go", "mod", "init", "example.com/ticks")
	run("go", "mod", "edit", "-require=github.com/aerongo/aerongo@v0.0.0",
		"-replace=github.com/aerongo/aerongo="+root, "-tool=github.com/aerongo/aerongo/cmd/aerongen")
	run("go", "mod", "tidy")
	run("go", "generate", "./...")
	for _, f := range []string{"messages.go", "types.go", "structs.go", "schema.go", "pubsub.go"} {
		assert.FileExists(t, filepath.Join(dir, "ticks", f))
	}
	gofmt := filepath.Join(strings.TrimSpace(run("go", "env", "GOROOT")), "bin", "gofmt")
	assert.Empty(t, run(gofmt, "-l", "ticks"), "files gofmt would change")
	run("go", "vet", "./...")
	assert.Equal(t, "received 1000 ticks\n", run("go", "run", "."))
}
