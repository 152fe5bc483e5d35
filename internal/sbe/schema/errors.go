package schema

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Pos is a position in a schema file. File is the base name of the root
// schema file, or for an xi:included file its href joined to the directory
// of the including file's name; never an absolute path. Line and Col are
// 1-based; Col is 0 when unknown.
type Pos struct {
	File string
	Line int
	Col  int
}

// String formats the position as file:line:col (file:line without a column).
func (p Pos) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(p.Line))
		if p.Col > 0 {
			b.WriteByte(':')
			b.WriteString(strconv.Itoa(p.Col))
		}
	}
	return b.String()
}

// Compare orders positions by file, line and column.
func (p Pos) Compare(q Pos) int {
	if c := cmp.Compare(p.File, q.File); c != 0 {
		return c
	}
	if c := cmp.Compare(p.Line, q.Line); c != 0 {
		return c
	}
	return cmp.Compare(p.Col, q.Col)
}

// Error is one schema error: where, which rule of the schema language was
// broken, and a message.
type Error struct {
	Pos  Pos
	Rule string
	Msg  string
}

// Error formats the error as "file:line:col: rule: message".
func (e *Error) Error() string {
	return e.Pos.String() + ": " + e.Rule + ": " + e.Msg
}

// ErrorList collects schema errors.
type ErrorList []*Error

// Add appends an error.
func (l *ErrorList) Add(pos Pos, rule, format string, args ...any) {
	*l = append(*l, &Error{Pos: pos, Rule: rule, Msg: fmt.Sprintf(format, args...)})
}

// Error joins the messages of the errors, one per line.
func (l ErrorList) Error() string {
	var b strings.Builder
	for i, e := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Unwrap returns the errors, for errors.Is and errors.As.
func (l ErrorList) Unwrap() []error {
	errs := make([]error, len(l))
	for i, e := range l {
		errs[i] = e
	}
	return errs
}

// Sort orders the errors by position (stable for equal positions) and
// drops exact duplicates.
func (l *ErrorList) Sort() {
	slices.SortStableFunc(*l, func(a, b *Error) int { return a.Pos.Compare(b.Pos) })
	*l = slices.CompactFunc(*l, func(a, b *Error) bool { return *a == *b })
}

// Err returns nil for an empty list, else the sorted list.
func (l ErrorList) Err() error {
	if len(l) == 0 {
		return nil
	}
	l.Sort()
	return l
}
