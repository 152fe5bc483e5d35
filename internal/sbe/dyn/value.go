package dyn

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"unicode/utf8"
)

// Object is a JSON object whose members keep their order. Decode returns
// messages, group entries and composites as Objects; their values are nil,
// string, json.Number, []any or Object.
type Object []Member

// Member is one name and value of an Object.
type Member struct {
	Name  string
	Value any
}

// Get returns the value of the member with the given name.
func (o Object) Get(name string) (any, bool) {
	for _, m := range o {
		if m.Name == name {
			return m.Value, true
		}
	}
	return nil, false
}

// MarshalJSON writes the object compactly with its members in order.
func (o Object) MarshalJSON() ([]byte, error) {
	return appendJSON(nil, o)
}

// maxDepth bounds the nesting of documents read by ParseJSON; SBE messages
// nest far less.
const maxDepth = 1000

// appendJSON appends the JSON text of v: nil, bool, string, json.Number,
// a Go integer or float, []any, Object or map[string]any (keys sorted).
func appendJSON(b []byte, v any) ([]byte, error) {
	switch v := v.(type) {
	case nil:
		return append(b, "null"...), nil
	case bool:
		return strconv.AppendBool(b, v), nil
	case string:
		return appendString(b, v), nil
	case json.Number:
		if !isJSONNumber(string(v)) {
			return nil, fmt.Errorf("invalid number %q", string(v))
		}
		return append(b, v...), nil
	case Object:
		b = append(b, '{')
		for i, m := range v {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, m.Name)
			b = append(b, ':')
			var err error
			if b, err = appendJSON(b, m.Value); err != nil {
				return nil, err
			}
		}
		return append(b, '}'), nil
	case []any:
		b = append(b, '[')
		for i, e := range v {
			if i > 0 {
				b = append(b, ',')
			}
			var err error
			if b, err = appendJSON(b, e); err != nil {
				return nil, err
			}
		}
		return append(b, ']'), nil
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return appendString(b, formatSpecial(v)), nil
		}
		return strconv.AppendFloat(b, v, 'g', -1, 64), nil
	}
	if s, ok := intText(v); ok {
		return append(b, s...), nil
	}
	data, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return append(b, data...), nil
}

// isJSONNumber reports whether s is a number in JSON syntax.
func isJSONNumber(s string) bool {
	return s != "" && json.Valid([]byte(s)) && (s[0] == '-' || (s[0] >= '0' && s[0] <= '9'))
}

const hexDigits = "0123456789abcdef"

// appendString appends s as a JSON string; invalid UTF-8 becomes U+FFFD.
// Unlike encoding/json it does not escape <, > and &.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c == '\n':
				b = append(b, '\\', 'n')
			case c == '\r':
				b = append(b, '\\', 'r')
			case c == '\t':
				b = append(b, '\\', 't')
			case c < 0x20 || c == 0x7f:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
		default:
			b = append(b, s[i:i+n]...)
		}
		i += n
	}
	return append(b, '"')
}

// ParseJSON reads exactly one JSON document from r. Objects become Object
// (duplicate names are rejected), arrays []any, numbers json.Number, and
// strings, booleans and null their Go values.
func ParseJSON(r io.Reader) (any, error) {
	dec := json.NewDecoder(r)
	dec.UseNumber()
	v, err := parseValue(dec, nil, 0)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		if err == nil {
			return nil, fail(nil, ErrSyntax, "more than one JSON value in the input")
		}
		return nil, fail(nil, ErrSyntax, err.Error())
	}
	return v, nil
}

// parseValue reads one value from dec; p is its path (nil for the root).
func parseValue(dec *json.Decoder, p *path, depth int) (any, error) {
	if depth > maxDepth {
		return nil, fail(p, ErrSyntax, fmt.Sprintf("nesting deeper than %d", maxDepth))
	}
	tok, err := dec.Token()
	if err != nil {
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		return nil, fail(p, ErrSyntax, err.Error())
	}
	d, ok := tok.(json.Delim)
	if !ok {
		return tok, nil
	}
	switch d {
	case '{':
		obj := Object{}
		for dec.More() {
			tok, err := dec.Token()
			if err != nil {
				return nil, fail(p, ErrSyntax, err.Error())
			}
			name, _ := tok.(string)
			if _, dup := obj.Get(name); dup {
				return nil, fail(p.field(name), ErrSyntax, "duplicate name in object")
			}
			v, err := parseValue(dec, p.field(name), depth+1)
			if err != nil {
				return nil, err
			}
			obj = append(obj, Member{Name: name, Value: v})
		}
		if _, err := dec.Token(); err != nil {
			return nil, fail(p, ErrSyntax, err.Error())
		}
		return obj, nil
	case '[':
		arr := []any{}
		for i := 0; dec.More(); i++ {
			v, err := parseValue(dec, p.elem(i), depth+1)
			if err != nil {
				return nil, err
			}
			arr = append(arr, v)
		}
		if _, err := dec.Token(); err != nil {
			return nil, fail(p, ErrSyntax, err.Error())
		}
		return arr, nil
	}
	return nil, fail(p, ErrSyntax, fmt.Sprintf("unexpected %q", d))
}

// Equal reports whether two documents (as returned by Decode or ParseJSON,
// or built from maps) are the same JSON: objects equal regardless of member
// order, numbers equal by value.
func Equal(a, b any) bool {
	a, b = normalize(a), normalize(b)
	switch a := a.(type) {
	case nil:
		return b == nil
	case bool:
		bb, ok := b.(bool)
		return ok && a == bb
	case string:
		bs, ok := b.(string)
		return ok && a == bs
	case json.Number:
		bn, ok := b.(json.Number)
		return ok && numbersEqual(a, bn)
	case []any:
		ba, ok := b.([]any)
		if !ok || len(a) != len(ba) {
			return false
		}
		for i := range a {
			if !Equal(a[i], ba[i]) {
				return false
			}
		}
		return true
	case map[string]any:
		bm, ok := b.(map[string]any)
		if !ok || len(a) != len(bm) {
			return false
		}
		for k, v := range a {
			w, ok := bm[k]
			if !ok || !Equal(v, w) {
				return false
			}
		}
		return true
	}
	return false
}

// normalize turns Objects into maps and Go numbers into json.Number.
func normalize(v any) any {
	switch v := v.(type) {
	case Object:
		m := make(map[string]any, len(v))
		for _, e := range v {
			m[e.Name] = e.Value
		}
		return m
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return formatSpecial(v)
		}
		return json.Number(strconv.FormatFloat(v, 'g', -1, 64))
	case float32:
		return normalize(float64(v))
	}
	if s, ok := intText(v); ok {
		return json.Number(s)
	}
	return v
}

// numbersEqual compares two numbers exactly when both are 64-bit integers,
// else as float64.
func numbersEqual(a, b json.Number) bool {
	if a == b {
		return true
	}
	if x, err := strconv.ParseInt(string(a), 10, 64); err == nil {
		if y, err := strconv.ParseInt(string(b), 10, 64); err == nil {
			return x == y
		}
	}
	if x, err := strconv.ParseUint(string(a), 10, 64); err == nil {
		if y, err := strconv.ParseUint(string(b), 10, 64); err == nil {
			return x == y
		}
	}
	x, errA := strconv.ParseFloat(string(a), 64)
	y, errB := strconv.ParseFloat(string(b), 64)
	return errA == nil && errB == nil && x == y
}

// intText formats a Go integer in decimal.
func intText(v any) (string, bool) {
	switch v := v.(type) {
	case int:
		return strconv.FormatInt(int64(v), 10), true
	case int8:
		return strconv.FormatInt(int64(v), 10), true
	case int16:
		return strconv.FormatInt(int64(v), 10), true
	case int32:
		return strconv.FormatInt(int64(v), 10), true
	case int64:
		return strconv.FormatInt(v, 10), true
	case uint:
		return strconv.FormatUint(uint64(v), 10), true
	case uint8:
		return strconv.FormatUint(uint64(v), 10), true
	case uint16:
		return strconv.FormatUint(uint64(v), 10), true
	case uint32:
		return strconv.FormatUint(uint64(v), 10), true
	case uint64:
		return strconv.FormatUint(v, 10), true
	}
	return "", false
}

// formatSpecial spells NaN and the infinities as the mapping's strings.
func formatSpecial(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	}
	return "-Infinity"
}
