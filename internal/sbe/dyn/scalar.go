package dyn

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/aerongo/aerongo/internal/sbe/ir"
)

// get reads one value of p from the start of b (len(b) >= p.Size()).
// Signed integers are sign-extended into the bits, as ir.Value holds them.
func get(bo binary.ByteOrder, p ir.Primitive, b []byte) ir.Value {
	var bits uint64
	switch p.Size() {
	case 1:
		bits = uint64(b[0])
		if p == ir.Int8 {
			bits = uint64(int64(int8(b[0])))
		}
	case 2:
		bits = uint64(bo.Uint16(b))
		if p == ir.Int16 {
			bits = uint64(int64(int16(bits)))
		}
	case 4:
		bits = uint64(bo.Uint32(b))
		if p == ir.Int32 {
			bits = uint64(int64(int32(bits)))
		}
	case 8:
		bits = bo.Uint64(b)
	}
	return ir.Value{Primitive: p, Bits: bits}
}

// put writes v as p at the start of b (len(b) >= p.Size()).
func put(bo binary.ByteOrder, p ir.Primitive, b []byte, bits uint64) {
	switch p.Size() {
	case 1:
		b[0] = byte(bits)
	case 2:
		bo.PutUint16(b, uint16(bits))
	case 4:
		bo.PutUint32(b, uint32(bits))
	case 8:
		bo.PutUint64(b, bits)
	}
}

// isNull reports whether v is the null value null. Any NaN matches a NaN
// null value.
func isNull(v, null ir.Value) bool {
	if null.IsNaN() {
		return v.IsNaN()
	}
	return v.Bits == null.Bits
}

// number returns the JSON form of a numeric value: a json.Number, or for a
// NaN or infinite float the strings "NaN", "Infinity" and "-Infinity".
func number(v ir.Value) any {
	switch {
	case v.Primitive.Floating():
		f := v.Float()
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return formatSpecial(f)
		}
		return json.Number(strconv.FormatFloat(f, 'g', -1, v.Primitive.Size()*8))
	case v.Primitive.Signed():
		return json.Number(strconv.FormatInt(v.Int(), 10))
	}
	return json.Number(strconv.FormatUint(v.Bits, 10))
}

// numberText returns the decimal text of a document number: a json.Number
// or a Go integer or float.
func numberText(v any) (string, bool) {
	switch v := v.(type) {
	case json.Number:
		return string(v), true
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64), true
	case float32:
		return strconv.FormatFloat(float64(v), 'g', -1, 32), true
	}
	return intText(v)
}

// jsonType names the JSON type of a document value for error messages.
func jsonType(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case string:
		return "string"
	case []any:
		return "array"
	case Object, map[string]any:
		return "object"
	}
	if _, ok := numberText(v); ok {
		return "number"
	}
	return fmt.Sprintf("%T", v)
}

// parseNumber parses a document value as a value of p: a number, or for
// floats also "NaN", "Infinity" and "-Infinity". It checks the primitive's
// range only.
func parseNumber(p ir.Primitive, v any, at *path) (ir.Value, error) {
	if s, ok := v.(string); ok && p.Floating() {
		switch s {
		case "NaN":
			return ir.FloatValue(p, math.NaN()), nil
		case "Infinity":
			return ir.FloatValue(p, math.Inf(1)), nil
		case "-Infinity":
			return ir.FloatValue(p, math.Inf(-1)), nil
		}
		return ir.Value{}, fail(at, ErrType, fmt.Sprintf("string %q is not a number, \"NaN\", \"Infinity\" or \"-Infinity\"", s))
	}
	text, ok := numberText(v)
	if !ok {
		return ir.Value{}, fail(at, ErrType, fmt.Sprintf("want a number for %s, got %s", p, jsonType(v)))
	}
	outOfRange := func() error {
		return fail(at, ErrRange, fmt.Sprintf("value %s out of range for %s", text, p))
	}
	switch {
	case p.Floating():
		f, err := strconv.ParseFloat(text, p.Size()*8)
		if err != nil {
			if errors.Is(err, strconv.ErrRange) && !math.IsInf(f, 0) {
				// Underflow to zero or a subnormal is rounding, not range.
				return ir.FloatValue(p, f), nil
			}
			if errors.Is(err, strconv.ErrRange) {
				return ir.Value{}, outOfRange()
			}
			return ir.Value{}, fail(at, ErrType, fmt.Sprintf("%q is not a number", text))
		}
		return ir.FloatValue(p, f), nil
	case p.Signed():
		n, err := strconv.ParseInt(text, 10, 64)
		if err != nil {
			return ir.Value{}, intError(text, err, at, outOfRange)
		}
		bits := p.Size() * 8
		if n < -1<<(bits-1) || n > 1<<(bits-1)-1 {
			return ir.Value{}, outOfRange()
		}
		return ir.IntValue(p, n), nil
	default:
		if strings.HasPrefix(text, "-") {
			if !isInteger(text) {
				return ir.Value{}, fail(at, ErrType, fmt.Sprintf("value %s is not an integer", text))
			}
			if strings.Trim(text[1:], "0") == "" {
				return ir.UintValue(p, 0), nil
			}
			return ir.Value{}, outOfRange()
		}
		n, err := strconv.ParseUint(text, 10, 64)
		if err != nil {
			return ir.Value{}, intError(text, err, at, outOfRange)
		}
		if bits := p.Size() * 8; bits < 64 && n >= 1<<bits {
			return ir.Value{}, outOfRange()
		}
		return ir.UintValue(p, n), nil
	}
}

// isInteger reports decimal integer syntax: an optional '-' and digits.
func isInteger(s string) bool {
	s = strings.TrimPrefix(s, "-")
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func intError(text string, err error, at *path, outOfRange func() error) error {
	if errors.Is(err, strconv.ErrRange) && isInteger(text) {
		return outOfRange()
	}
	return fail(at, ErrType, fmt.Sprintf("value %s is not an integer", text))
}

// checkMinMax checks v against the type's minValue and maxValue. For floats
// only explicit bounds apply, so NaN and the infinities stay encodable.
func checkMinMax(t *ir.Encoded, v ir.Value, at *path) error {
	lo, hi := t.MinValue, t.MaxValue
	if v.Primitive.Floating() {
		if v.IsNaN() || (!t.CustomMin || !v.Less(lo)) && (!t.CustomMax || !hi.Less(v)) {
			return nil
		}
	} else if !v.Less(lo) && !hi.Less(v) {
		return nil
	}
	name := t.Name
	if t.Builtin {
		name = t.Primitive.String()
	}
	return fail(at, ErrRange, fmt.Sprintf("value %s out of range [%s, %s] of %s", v, lo, hi, name))
}

// isUTF8 reports a characterEncoding naming UTF-8.
func isUTF8(enc string) bool {
	return strings.EqualFold(enc, "UTF-8") || strings.EqualFold(enc, "UTF8")
}

// decodeText turns encoded characters into a string: UTF-8 as is (invalid
// bytes become U+FFFD), any other encoding byte for byte as code points
// U+0000 to U+00FF (exact for US-ASCII and ISO-8859-1).
func decodeText(b []byte, enc string) string {
	if isUTF8(enc) {
		return strings.ToValidUTF8(string(b), "\uFFFD")
	}
	var s strings.Builder
	s.Grow(len(b))
	for _, c := range b {
		s.WriteRune(rune(c))
	}
	return s.String()
}

// encodeText is the inverse of decodeText; a character above U+00FF in a
// single-byte encoding is an error.
func encodeText(s, enc string, at *path) ([]byte, error) {
	if isUTF8(enc) {
		return []byte(s), nil
	}
	b := make([]byte, 0, len(s))
	for _, r := range s {
		if r > 0xff {
			return nil, fail(at, ErrRange, fmt.Sprintf("character %q is not representable in %s", r, enc))
		}
		b = append(b, byte(r))
	}
	return b, nil
}
