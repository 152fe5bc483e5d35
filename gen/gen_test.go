// Package gen_test checks that the generated packages under gen/ are what
// their go:generate lines produce from schemas/ with the current generator.
package gen_test

import (
	"bufio"
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aerongo/aerongo/internal/sbe/emit"
	"github.com/aerongo/aerongo/internal/sbe/ir"
)

const directive = "//go:generate go run github.com/aerongo/aerongo/cmd/aerongen "

// packages are the generated packages, relative to gen/.
var packages = []string{"market", "aotelemetry", "evolution/v0", "evolution/v1"}

// generateArgs reads the aerongen arguments of dir's go:generate line.
func generateArgs(t *testing.T, dir string) []string {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, "generate.go"))
	require.NoError(t, err)
	defer f.Close()
	var args []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), directive); ok {
			require.Nil(t, args, "%s/generate.go has more than one aerongen line", dir)
			args = strings.Fields(rest)
		}
	}
	require.NoError(t, sc.Err())
	require.NotEmpty(t, args, "%s/generate.go has no aerongen go:generate line", dir)
	return args
}

// TestGeneratedUpToDate regenerates every package in memory, with the
// arguments of its go:generate line, and compares the bytes with the files
// checked in. Run `go generate ./gen/...` when it fails.
func TestGeneratedUpToDate(t *testing.T) {
	for _, pkg := range packages {
		t.Run(pkg, func(t *testing.T) {
			args := generateArgs(t, pkg)
			fs := flag.NewFlagSet("aerongen", flag.ContinueOnError)
			schema := fs.String("schema", "", "")
			out := fs.String("out", "", "")
			name := fs.String("package", "", "")
			pubsub := fs.Bool("pubsub", false, "")
			require.NoError(t, fs.Parse(args))
			require.Equal(t, ".", *out, "%s generates into its own directory", pkg)
			require.True(t, *pubsub, "%s carries the pub/sub glue", pkg)

			s, err := ir.Load(filepath.Join(pkg, *schema))
			require.NoError(t, err)
			files, err := emit.Generate(s, emit.Options{Package: *name, PubSub: *pubsub})
			require.NoError(t, err)

			var want []string
			for _, f := range files {
				want = append(want, f.Name)
				got, err := os.ReadFile(filepath.Join(pkg, f.Name))
				if !assert.NoError(t, err, "generated file missing; run go generate ./gen/...") {
					continue
				}
				assert.True(t, bytes.Equal(f.Content, got), "%s/%s is stale; run go generate ./gen/...", pkg, f.Name)
			}
			// Every other .go file of the package must be the generate.go
			// or a hand-written test, never a leftover generated file.
			entries, err := os.ReadDir(pkg)
			require.NoError(t, err)
			for _, e := range entries {
				n := e.Name()
				if e.IsDir() || !strings.HasSuffix(n, ".go") || n == "generate.go" || strings.HasSuffix(n, "_test.go") {
					continue
				}
				assert.True(t, slices.Contains(want, n), "%s/%s is not generated any more; remove it", pkg, n)
			}
		})
	}
}
