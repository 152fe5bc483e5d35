// Package emit turns a resolved SBE schema (package ir) into Go source with
// jennifer. It only prints: every name, offset, length, version and null
// value comes from the IR.
//
// One file per construct family: enum.go, set.go, composite.go (composite
// flyweights and the fixed-field accessors they share with blocks),
// message.go, group.go, vardata.go, dispatcher.go and struct.go (plain Go
// structs). generate.go assembles them into the files of one package.
package emit

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/aerongo/aerongo/internal/sbe/ir"
)

// Import paths of generated code. Generated codec files import only the
// standard library and the runtime package.
const (
	pkgBinary  = "encoding/binary"
	pkgBytes   = "bytes"
	pkgFmt     = "fmt"
	pkgIter    = "iter"
	pkgMath    = "math"
	pkgRuntime = "github.com/aerongo/aerongo/runtime"
	pkgSlices  = "slices"
	pkgStrconv = "strconv"
)

// gen holds the schema being emitted and values shared by all emitters.
type gen struct {
	s *ir.Schema
	// order is "LittleEndian" or "BigEndian", the encoding/binary variable.
	order string
}

func newGen(s *ir.Schema) *gen {
	g := &gen{s: s, order: "LittleEndian"}
	if s.BigEndian {
		g.order = "BigEndian"
	}
	return g
}

// raw is an expression or identifier written as Go text (no imports).
func raw(format string, args ...any) *jen.Statement {
	return jen.Id(fmt.Sprintf(format, args...))
}

// at renders an index expression base+offset ("d.off+8", "d.off", or "8"
// with no base).
func at(base string, off int) string {
	if base == "" {
		return strconv.Itoa(off)
	}
	if off == 0 {
		return base
	}
	return base + "+" + strconv.Itoa(off)
}

// read renders the read of one value of p at buf[idx:].
//
//	binary.LittleEndian.Uint16(d.buf[d.off+2:])
func (g *gen) read(p ir.Primitive, buf, idx string) *jen.Statement {
	bo := jen.Qual(pkgBinary, g.order)
	slice := raw("%s[%s:]", buf, idx)
	switch p {
	case ir.Char, ir.Uint8:
		return raw("%s[%s]", buf, idx)
	case ir.Int8:
		return jen.Int8().Call(raw("%s[%s]", buf, idx))
	case ir.Uint16:
		return bo.Dot("Uint16").Call(slice)
	case ir.Int16:
		return jen.Int16().Call(bo.Dot("Uint16").Call(slice))
	case ir.Uint32:
		return bo.Dot("Uint32").Call(slice)
	case ir.Int32:
		return jen.Int32().Call(bo.Dot("Uint32").Call(slice))
	case ir.Uint64:
		return bo.Dot("Uint64").Call(slice)
	case ir.Int64:
		return jen.Int64().Call(bo.Dot("Uint64").Call(slice))
	case ir.Float:
		return jen.Qual(pkgMath, "Float32frombits").Call(bo.Dot("Uint32").Call(slice))
	case ir.Double:
		return jen.Qual(pkgMath, "Float64frombits").Call(bo.Dot("Uint64").Call(slice))
	}
	panic("emit: invalid primitive " + p.String())
}

// write renders the write of v (an expression of a type convertible to p's
// Go type) at buf[idx:].
//
//	binary.LittleEndian.PutUint16(e.buf[e.off+2:], uint16(v))
func (g *gen) write(p ir.Primitive, buf, idx string, v jen.Code) *jen.Statement {
	bo := jen.Qual(pkgBinary, g.order)
	slice := raw("%s[%s:]", buf, idx)
	switch p {
	case ir.Char, ir.Uint8, ir.Int8:
		return raw("%s[%s]", buf, idx).Op("=").Byte().Call(v)
	case ir.Uint16, ir.Int16:
		return bo.Dot("PutUint16").Call(slice, jen.Uint16().Call(v))
	case ir.Uint32, ir.Int32:
		return bo.Dot("PutUint32").Call(slice, jen.Uint32().Call(v))
	case ir.Uint64, ir.Int64:
		return bo.Dot("PutUint64").Call(slice, jen.Uint64().Call(v))
	case ir.Float:
		return bo.Dot("PutUint32").Call(slice, jen.Qual(pkgMath, "Float32bits").Call(v))
	case ir.Double:
		return bo.Dot("PutUint64").Call(slice, jen.Qual(pkgMath, "Float64bits").Call(v))
	}
	panic("emit: invalid primitive " + p.String())
}

// lit renders a value as a Go expression of its primitive's type; floats as
// exact bit patterns (NaN included).
func lit(v ir.Value) *jen.Statement {
	switch {
	case v.Primitive == ir.Float:
		return jen.Qual(pkgMath, "Float32frombits").Call(raw("%s", floatBits(v)))
	case v.Primitive == ir.Double:
		return jen.Qual(pkgMath, "Float64frombits").Call(raw("%s", floatBits(v)))
	case v.Primitive == ir.Char:
		if v.Bits >= 0x20 && v.Bits < 0x7f && v.Bits != '\'' && v.Bits != '\\' {
			return raw("'%c'", rune(v.Bits))
		}
		return raw("%d", v.Bits)
	case v.Primitive.Signed():
		return raw("%d", v.Int())
	}
	return raw("%d", v.Bits)
}

// floatBits formats the bits of a float or double value in hexadecimal
// ("0x7fc00000"); the IR holds NaNs in their canonical form.
func floatBits(v ir.Value) string {
	return "0x" + strconv.FormatUint(v.Bits, 16)
}

// constLit renders a value usable in a const declaration (integers only).
func constLit(v ir.Value) *jen.Statement { return lit(v) }

// goType is the Go type of a fixed value's getter and setter.
func goType(t ir.Type) *jen.Statement {
	switch t := t.(type) {
	case *ir.Encoded:
		return jen.Id(t.Primitive.GoType())
	case *ir.Enum:
		return jen.Id(t.GoName)
	case *ir.Set:
		return jen.Id(t.GoName)
	case *ir.Composite:
		return jen.Id(t.GoName)
	}
	panic("emit: unknown type")
}

// roomAtStart renders the check that buf holds need bytes from its start.
// When it does not, the statements before run and the function returns
// zero (its other results, if any) and runtime.ShortBuffer(where, 0, need,
// len(buf)).
//
//	if len(buf) < 65 {
//		return runtime.ShortBuffer("Quote", 0, 65, len(buf))
//	}
func roomAtStart(buf, where string, need jen.Code, before []jen.Code, zero ...jen.Code) jen.Code {
	short := jen.Qual(pkgRuntime, "ShortBuffer").Call(jen.Lit(where), jen.Lit(0), need, jen.Len(jen.Id(buf)))
	return jen.If(jen.Len(jen.Id(buf)).Op("<").Add(need)).Block(append(before, jen.Return(append(zero, short)...))...)
}

// comment renders text as a comment, its words wrapped at 100 columns.
func comment(text string) *jen.Statement {
	st := jen.Null()
	line := ""
	for _, w := range strings.Fields(text) {
		if line != "" && len(line)+1+len(w) > 97 {
			st = st.Comment(line).Line()
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += w
	}
	if line != "" {
		st = st.Comment(line).Line()
	}
	return st
}

// doc renders a doc comment: "name text" from a description, and a
// Deprecated paragraph.
func doc(name, description, fallback string, deprecated bool, since int) *jen.Statement {
	text := strings.Join(strings.Fields(description), " ")
	var lines []string
	switch {
	case text != "":
		lines = append(lines, name+": "+text)
	case fallback != "":
		lines = append(lines, name+" "+fallback)
	}
	if deprecated {
		if len(lines) > 0 {
			lines = append(lines, "")
		}
		lines = append(lines, fmt.Sprintf("Deprecated: deprecated in the schema since version %d.", since))
	}
	st := jen.Null()
	for _, l := range lines {
		st = st.Comment(l).Line()
	}
	return st
}
