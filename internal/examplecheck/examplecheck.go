// Package examplecheck finds the entry points of a Go package that no
// Example function shows, so that a package's tests can require its
// documentation to carry a runnable example for each.
//
// An entry point is an exported function, or an exported method of an
// exported type that takes arguments or returns an iterator (iter.Seq,
// iter.Seq2), other than Close, String and Error. Methods without arguments
// (Close, accessors, Err, Commit) are not entry points.
package examplecheck

import (
	"fmt"
	"go/ast"
	"go/build"
	"go/doc"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// EntryPoint is one function or method of a package and the names of the
// Example functions that show it (without the "Example" prefix).
type EntryPoint struct {
	Name     string // "Connect" or "Publication.Offer"
	Examples []string
}

// Package is what Read finds in a package: its entry points, sorted by
// name, and the names of all its Example functions (without the "Example"
// prefix), with those that go test does not run (no Output comment).
type Package struct {
	EntryPoints []EntryPoint
	Examples    []string
	NotRun      []string
}

// Read parses the Go files of the package in dir that the build uses, its
// tests included, and returns its entry points, each with the examples go/doc attaches to it,
// and its examples.
func Read(dir string) (*Package, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	fset := token.NewFileSet()
	var files []*ast.File
	pkgName := ""
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".go") {
			continue
		}
		// Only the files go build and go test use here: build constraints,
		// GOOS/GOARCH suffixes, and no names starting with "_" or ".".
		if ok, err := build.Default.MatchFile(dir, name); err != nil {
			return nil, err
		} else if !ok {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.ParseComments)
		if err != nil {
			return nil, err
		}
		if !strings.HasSuffix(name, "_test.go") {
			pkgName = f.Name.Name
		}
		files = append(files, f)
	}
	if pkgName == "" {
		return nil, fmt.Errorf("examplecheck: no package sources in %s", dir)
	}
	// doc.NewFromFiles may edit the files: the examples are read first.
	out := &Package{}
	for _, ex := range doc.Examples(files...) {
		out.Examples = append(out.Examples, ex.Name)
		if ex.Output == "" && !ex.EmptyOutput {
			out.NotRun = append(out.NotRun, ex.Name)
		}
	}
	// NewFromFiles wants one package: the external test package's files are
	// renamed to it, which is how go/doc reads examples from them.
	for _, f := range files {
		f.Name.Name = pkgName
	}
	p, err := doc.NewFromFiles(fset, files, "example/"+pkgName)
	if err != nil {
		return nil, err
	}
	add := func(name string, fn *doc.Func) {
		ep := EntryPoint{Name: name}
		for _, ex := range fn.Examples {
			ep.Examples = append(ep.Examples, ex.Name)
		}
		out.EntryPoints = append(out.EntryPoints, ep)
	}
	for _, fn := range p.Funcs {
		add(fn.Name, fn)
	}
	for _, t := range p.Types {
		for _, fn := range t.Funcs {
			add(fn.Name, fn)
		}
		for _, fn := range t.Methods {
			if isEntryMethod(fn.Decl) {
				add(t.Name+"."+fn.Name, fn)
			}
		}
	}
	sort.Slice(out.EntryPoints, func(i, j int) bool { return out.EntryPoints[i].Name < out.EntryPoints[j].Name })
	sort.Strings(out.Examples)
	sort.Strings(out.NotRun)
	return out, nil
}

// isEntryMethod reports whether a method is an entry point by the package
// doc's rule.
func isEntryMethod(d *ast.FuncDecl) bool {
	switch d.Name.Name {
	case "Close", "String", "Error":
		return false
	}
	if d.Type.Params.NumFields() > 0 {
		return true
	}
	if d.Type.Results == nil {
		return false
	}
	for _, r := range d.Type.Results.List {
		switch t := r.Type.(type) {
		case *ast.IndexExpr:
			if isIter(t.X) {
				return true
			}
		case *ast.IndexListExpr:
			if isIter(t.X) {
				return true
			}
		}
	}
	return false
}

// isIter reports whether x names iter.Seq or iter.Seq2.
func isIter(x ast.Expr) bool {
	sel, ok := x.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	pkg, ok := sel.X.(*ast.Ident)
	return ok && pkg.Name == "iter" && (sel.Sel.Name == "Seq" || sel.Sel.Name == "Seq2")
}
