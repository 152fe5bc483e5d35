package schema

import (
	"os"
	"path/filepath"
	"testing"
)

// fuzzSeeds returns the reference schemas and this package's testdata.
func fuzzSeeds(f *testing.F) map[string][]byte {
	seeds := map[string][]byte{}
	for _, pattern := range []string{
		filepath.Join(refDir, "*", "*.xml"),
		filepath.Join("testdata", "*.xml"),
		filepath.Join("testdata", "*", "*.xml"),
	} {
		files, err := filepath.Glob(pattern)
		if err != nil {
			f.Fatal(err)
		}
		for _, file := range files {
			src, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			seeds[filepath.Base(file)] = src
		}
	}
	if len(seeds) < 5 {
		f.Fatalf("only %d seed schemas found", len(seeds))
	}
	return seeds
}

// FuzzParse checks that no input makes the parser panic, and that a
// rejected input always comes with an error and an accepted one with a tree.
func FuzzParse(f *testing.F) {
	seeds := fuzzSeeds(f)
	for _, src := range seeds {
		f.Add(src, []byte(nil))
	}
	f.Add(seeds["example-schema.xml"], seeds["common-types.xml"])
	f.Fuzz(func(t *testing.T, src, included []byte) {
		include := func(name string) ([]byte, error) {
			if included == nil {
				return nil, os.ErrNotExist
			}
			return included, nil
		}
		s, err := Parse("f.xml", src, include)
		if (s == nil) == (err == nil) {
			t.Fatalf("Parse returned schema %v and error %v", s != nil, err)
		}
		if err != nil && err.Error() == "" {
			t.Fatal("empty error message")
		}
	})
}
