package dyn

import (
	"bytes"
	"errors"
	"testing"

	"github.com/aerongo/aerongo/internal/sbe/ir"
)

// fuzzSchemas loads every test schema once for the fuzz targets.
func fuzzSchemas(f *testing.F) []*ir.Schema {
	var schemas []*ir.Schema
	for _, file := range allSchemas(f) {
		schemas = append(schemas, loadSchema(f, file))
	}
	return schemas
}

// FuzzDecode feeds arbitrary frames to Decode for each schema: it must not
// panic, and a frame it accepts must encode (with SkipMinMax, so that
// values outside minValue/maxValue are written as read) to a frame that
// decodes to the same document. Without SkipMinMax, encoding either gives
// the same frame or fails with ErrRange.
func FuzzDecode(f *testing.F) {
	schemas := fuzzSchemas(f)
	sm := &sampler{}
	for i, s := range schemas {
		for _, m := range s.Messages {
			for range 2 {
				doc, _ := sm.message(m)
				frame, err := Encode(s, m.Name, doc)
				if err != nil {
					f.Fatalf("seed %s: %v", m.Name, err)
				}
				f.Add(uint8(i), frame)
			}
		}
	}
	f.Add(uint8(len(schemas)-1), mustHex(f, tickFrame))
	f.Fuzz(func(t *testing.T, which uint8, frame []byte) {
		s := schemas[int(which)%len(schemas)]
		doc, err := Decode(s, frame)
		if err != nil {
			var pe *PathError
			if !errors.As(err, &pe) {
				t.Fatalf("Decode error is not a *PathError: %v", err)
			}
			return
		}
		again, err := EncodeOptions{SkipMinMax: true}.Encode(s, "", doc)
		if err != nil {
			t.Fatalf("Encode of the decoded document %s: %v", jsonText(t, doc), err)
		}
		back, err := Decode(s, again)
		if err != nil {
			t.Fatalf("Decode of the re-encoded frame: %v\ndocument %s", err, jsonText(t, doc))
		}
		if !Equal(doc, back) {
			t.Fatalf("round trip changed the document:\nfirst  %s\nsecond %s", jsonText(t, doc), jsonText(t, back))
		}
		strict, err := Encode(s, "", doc)
		switch {
		case err == nil && !bytes.Equal(strict, again):
			t.Fatalf("strict and SkipMinMax encodings differ")
		case err != nil && !errors.Is(err, ErrRange):
			t.Fatalf("strict Encode: %v", err)
		}
	})
}

// FuzzEncodeJSON feeds arbitrary JSON text to EncodeJSON for each schema:
// it must not panic, a frame it writes must decode, and the decoded
// document must encode and decode to itself.
func FuzzEncodeJSON(f *testing.F) {
	schemas := fuzzSchemas(f)
	sm := &sampler{}
	for i, s := range schemas {
		for _, m := range s.Messages {
			doc, want := sm.message(m)
			f.Add(uint8(i), m.Name, jsonText(f, doc))
			f.Add(uint8(i), "", jsonText(f, want))
		}
	}
	f.Fuzz(func(t *testing.T, which uint8, message, text string) {
		s := schemas[int(which)%len(schemas)]
		frame, err := EncodeJSON(s, message, bytes.NewReader([]byte(text)))
		if err != nil {
			var pe *PathError
			if !errors.As(err, &pe) {
				t.Fatalf("EncodeJSON error is not a *PathError: %v", err)
			}
			return
		}
		doc, err := Decode(s, frame)
		if err != nil {
			t.Fatalf("Decode of an encoded frame: %v\ninput %s", err, text)
		}
		again, err := Encode(s, "", doc)
		if err != nil {
			t.Fatalf("Encode of the decoded document %s: %v", jsonText(t, doc), err)
		}
		back, err := Decode(s, again)
		if err != nil {
			t.Fatalf("Decode of the re-encoded frame: %v", err)
		}
		if !Equal(doc, back) {
			t.Fatalf("round trip changed the document:\nfirst  %s\nsecond %s", jsonText(t, doc), jsonText(t, back))
		}
	})
}
