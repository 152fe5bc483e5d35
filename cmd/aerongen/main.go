// Command aerongen generates Go codecs from SBE XML message schemas:
// zero-allocation flyweights, plain structs and a dispatcher per schema.
//
//	aerongen -schema FILE [-schema FILE...] -out DIR [-package NAME] [-pubsub]
//
// With one schema the package is written to DIR; with several, each goes
// to DIR/<package>. From a go:generate line:
//
//	//go:generate go run github.com/aerongo/aerongo/cmd/aerongen -schema ../schemas/market.xml -out ./market
//
// Other subcommands (aerongen NAME ...) register themselves in subcommands.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/aerongo/aerongo/internal/sbe/emit"
	"github.com/aerongo/aerongo/internal/sbe/ir"
)

// subcommands maps a first argument to its implementation; files of this
// package register theirs from init.
var subcommands = map[string]func(args []string, stdin io.Reader, stdout, stderr io.Writer) error{}

func main() {
	os.Exit(realMain(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// realMain runs a registered subcommand named by args[0], else generation
// with flags, and returns the process exit code.
func realMain(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		if cmd, ok := subcommands[args[0]]; ok {
			if err := cmd(args[1:], stdin, stdout, stderr); err != nil {
				fmt.Fprintf(stderr, "aerongen %s: %v\n", args[0], err)
				return 1
			}
			return 0
		}
	}
	if err := run(args, stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintf(stderr, "aerongen: %v\n", err)
		}
		return 2
	}
	return 0
}

// schemaList collects repeated -schema flags.
type schemaList []string

func (l *schemaList) String() string     { return strings.Join(*l, ",") }
func (l *schemaList) Set(v string) error { *l = append(*l, v); return nil }

// run parses the generation flags, generates every schema in memory and
// writes the files only when all of them rendered.
func run(args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("aerongen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var schemas schemaList
	fs.Var(&schemas, "schema", "SBE XML schema file (repeatable)")
	out := fs.String("out", "", "output directory")
	pkg := fs.String("package", "", "Go package name (default: from the schema's package attribute; only with one schema)")
	pubsub := fs.Bool("pubsub", false, "also write pubsub.go: typed publishers and subscribers over the transport package (needs cgo)")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: aerongen -schema FILE [-schema FILE...] -out DIR [-package NAME] [-pubsub]\n")
		if len(subcommands) > 0 {
			names := make([]string, 0, len(subcommands))
			for n := range subcommands {
				names = append(names, n)
			}
			slices.Sort(names)
			fmt.Fprintf(stderr, "       aerongen {%s} ...\n", strings.Join(names, "|"))
		}
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if len(schemas) == 0 || *out == "" || fs.NArg() > 0 {
		fs.Usage()
		return errors.New("need -schema and -out, and no other arguments")
	}
	if *pkg != "" && len(schemas) > 1 {
		return errors.New("-package applies to a single -schema")
	}
	files, err := generate(schemas, *out, emit.Options{Package: *pkg, PubSub: *pubsub})
	if err != nil {
		return err
	}
	return writeAll(files)
}

// outFile is one file to write.
type outFile struct {
	path    string
	content []byte
}

// generate loads and renders every schema; one package per schema, in
// out itself for a single schema, else in out/<package>.
func generate(schemas []string, out string, opt emit.Options) ([]outFile, error) {
	var files []outFile
	dirs := map[string]string{}
	for _, path := range schemas {
		s, err := ir.Load(path)
		if err != nil {
			return nil, err
		}
		gen, err := emit.Generate(s, opt)
		if err != nil {
			return nil, err
		}
		dir := out
		if len(schemas) > 1 {
			dir = filepath.Join(out, s.GoPackage)
			if prev, ok := dirs[dir]; ok {
				return nil, fmt.Errorf("%s and %s both generate package %s", prev, path, s.GoPackage)
			}
			dirs[dir] = path
		}
		for _, f := range gen {
			files = append(files, outFile{filepath.Join(dir, f.Name), f.Content})
		}
	}
	return files, nil
}

// writeAll writes each file atomically: to a temporary file in the same
// directory, then renamed over the target.
func writeAll(files []outFile) error {
	for _, f := range files {
		dir := filepath.Dir(f.path)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		if old, err := os.ReadFile(f.path); err == nil && string(old) == string(f.content) {
			continue
		}
		tmp, err := os.CreateTemp(dir, ".aerongen-*.tmp")
		if err != nil {
			return err
		}
		_, werr := tmp.Write(f.content)
		cerr := tmp.Close()
		if werr == nil {
			werr = cerr
		}
		if werr == nil {
			werr = os.Chmod(tmp.Name(), 0o644)
		}
		if werr == nil {
			werr = os.Rename(tmp.Name(), f.path)
		}
		if werr != nil {
			os.Remove(tmp.Name())
			return werr
		}
	}
	return nil
}
