package dyn

import (
	"errors"
	"strconv"
	"strings"
)

// Sentinel errors. Every error of Decode, Encode and ParseJSON is a
// *PathError wrapping one of them, so callers can test the kind with
// errors.Is.
var (
	// ErrTruncated: the frame ends before the structure being read.
	ErrTruncated = errors.New("frame truncated")
	// ErrSchemaID: the header's schema id is not the schema's id.
	ErrSchemaID = errors.New("foreign schema id")
	// ErrTemplate: the header's template id names no message of the schema.
	ErrTemplate = errors.New("unknown template id")
	// ErrLength: a block length, group count or var data length is out of range.
	ErrLength = errors.New("length out of range")
	// ErrTrailing: bytes follow the message in a frame that is not newer than the schema.
	ErrTrailing = errors.New("trailing bytes")
	// ErrMessage: the message named for encoding is not in the schema.
	ErrMessage = errors.New("unknown message")
	// ErrMissing: a required value is absent or null in the document.
	ErrMissing = errors.New("missing required field")
	// ErrType: a document value has the wrong JSON type.
	ErrType = errors.New("wrong JSON type")
	// ErrRange: a value does not fit its primitive, its minValue/maxValue or
	// its char array.
	ErrRange = errors.New("out of range")
	// ErrName: an unknown field, enum value or set choice name.
	ErrName = errors.New("unknown name")
	// ErrSyntax: the input is not one well-formed JSON document.
	ErrSyntax = errors.New("invalid JSON")
)

// PathError is an error at one place of a message, named as a JSON path
// such as "$.fuelFigures[1].speed".
type PathError struct {
	Path string
	Err  error
}

// Error returns "path: message".
func (e *PathError) Error() string { return e.Path + ": " + e.Err.Error() }

// Unwrap returns the underlying error, which wraps one of the sentinels.
func (e *PathError) Unwrap() error { return e.Err }

// path is a position in a message, rendered only when an error names it.
type path struct {
	parent  *path
	name    string // member name
	index   int    // array index, when isIndex
	isIndex bool
}

func (p *path) field(name string) *path { return &path{parent: p, name: name} }

func (p *path) elem(i int) *path { return &path{parent: p, index: i, isIndex: true} }

func (p *path) String() string {
	var parts []*path
	for q := p; q != nil; q = q.parent {
		parts = append(parts, q)
	}
	var b strings.Builder
	b.WriteByte('$')
	for i := len(parts) - 1; i >= 0; i-- {
		q := parts[i]
		if q.isIndex {
			b.WriteByte('[')
			b.WriteString(strconv.Itoa(q.index))
			b.WriteByte(']')
		} else {
			b.WriteByte('.')
			b.WriteString(q.name)
		}
	}
	return b.String()
}

// errAt returns a *PathError at p wrapping err.
func errAt(p *path, err error) error {
	return &PathError{Path: p.String(), Err: err}
}

// kindError is a message that wraps one of the sentinel errors.
type kindError struct {
	kind error
	msg  string
}

// Error returns the message, prefixed with the kind for frame errors
// ("frame truncated: ...") where the message alone would not say it.
func (e *kindError) Error() string {
	switch e.kind {
	case ErrTruncated, ErrSchemaID, ErrTemplate, ErrLength, ErrTrailing, ErrSyntax:
		return e.kind.Error() + ": " + e.msg
	}
	return e.msg
}

func (e *kindError) Unwrap() error { return e.kind }

// fail returns a *PathError at p with the given message, wrapping kind.
func fail(p *path, kind error, msg string) error {
	return errAt(p, &kindError{kind: kind, msg: msg})
}
