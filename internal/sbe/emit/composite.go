package emit

import (
	"fmt"

	"github.com/dave/jennifer/jen"

	"github.com/aerongo/aerongo/internal/sbe/ir"
)

// item is a fixed-size value inside a block or composite: a message or
// group field, or a composite member, with the names and layout the IR
// resolved for it.
type item struct {
	Name          string
	GoName        string
	SetterName    string
	AtName        string
	SetAtName     string
	IsNullName    string
	SetNullName   string
	SetStringName string
	BytesName     string
	Offset        int
	Type          ir.Type
	Presence      ir.Presence
	SinceVersion  int
	Const         *ir.Value
	ConstValue    string
	ValueRef      *ir.EnumValueRef
	Description   string
	Deprecated    bool
	// DeprecatedSince is the schema version of the deprecated attribute.
	DeprecatedSince int
}

func fieldItem(f *ir.Field) item {
	return item{Name: f.Name, GoName: f.GoName, SetterName: f.SetterName, AtName: f.AtName, SetAtName: f.SetAtName,
		IsNullName: f.IsNullName, SetNullName: f.SetNullName, SetStringName: f.SetStringName, BytesName: f.BytesName,
		Offset: f.Offset, Type: f.Type, Presence: f.Presence, SinceVersion: f.SinceVersion, Const: f.Const,
		ConstValue: f.ConstValue, ValueRef: f.ValueRef, Description: f.Description, Deprecated: f.IsDeprecated,
		DeprecatedSince: f.Deprecated}
}

func memberItem(m *ir.Member) item {
	it := item{Name: m.Name, GoName: m.GoName, SetterName: m.SetterName, AtName: m.AtName, SetAtName: m.SetAtName,
		IsNullName: m.IsNullName, SetNullName: m.SetNullName, SetStringName: m.SetStringName, BytesName: m.BytesName,
		Offset: m.Offset, Type: m.Type, Presence: m.Presence, SinceVersion: m.SinceVersion, Description: m.Description,
		Deprecated: m.IsDeprecated, DeprecatedSince: m.Deprecated}
	if e, ok := m.Type.(*ir.Encoded); ok && m.Presence == ir.Constant {
		it.Const, it.ConstValue, it.ValueRef = e.Const, e.ConstValue, e.ValueRef
	}
	return it
}

// composite emits the flyweights of a composite type. Members are read
// and written in place, at constant offsets from the composite's start.
//
//	type EngineDecoder struct { buf []byte; ver int } // buf starts at the composite
//	func (d EngineDecoder) Capacity() uint16
//	type EngineEncoder struct { buf []byte }
//	func (e EngineEncoder) SetCapacity(v uint16)
func (g *gen) composite(c *ir.Composite) jen.Code {
	out := jen.Add(doc(c.DecoderName, c.Description, "reads the SBE composite "+c.Name+" in place.", c.IsDeprecated, c.Deprecated)).
		Type().Id(c.DecoderName).Struct(
		jen.Id("buf").Index().Byte().Comment("starts at the composite"),
		jen.Id("ver").Int(),
	).Line().Line()
	out.Add(doc(c.EncoderName, c.Description, "writes the SBE composite "+c.Name+" in place.", c.IsDeprecated, c.Deprecated)).
		Type().Id(c.EncoderName).Struct(
		jen.Id("buf").Index().Byte().Comment("starts at the composite"),
	).Line().Line()
	out.Comment(fmt.Sprintf("%s is the encoded size of %s in bytes.", c.SizeName, c.Name)).Line().
		Const().Id(c.SizeName).Op("=").Lit(c.Size).Line().Line()
	out.Add(g.compositeWraps(c)).Line().Line()
	dec := jen.Id("d").Id(c.DecoderName)
	enc := jen.Id("e").Id(c.EncoderName)
	for _, m := range c.Members {
		it := memberItem(m)
		for _, code := range g.getters(dec, "", it) {
			out.Add(code).Line().Line()
		}
		for _, code := range g.setters(enc, "", it) {
			out.Add(code).Line().Line()
		}
	}
	return out
}

// compositeWraps emits the functions that put a composite's flyweights over
// a caller's buffer, such as a message header read or written on its own,
// with the buffer's length checked once so that no accessor reads or writes
// out of it.
//
//	func WrapEngineDecoder(buf []byte, actingVersion int) (EngineDecoder, error)
//	func WrapEngineEncoder(buf []byte) (EngineEncoder, error)
func (g *gen) compositeWraps(c *ir.Composite) jen.Code {
	short := func(zero string) jen.Code {
		return roomAtStart("buf", c.Name, jen.Id(c.SizeName), nil, jen.Id(zero).Values())
	}
	return comment(fmt.Sprintf("%s reads the composite %s at the start of buf through the %s it returns, as version actingVersion of the schema: members newer than that read as null. A buf shorter than %s is refused with an error wrapping runtime.ErrShortBuffer.", c.WrapDecoderName, c.Name, c.DecoderName, c.SizeName)).
		Func().Id(c.WrapDecoderName).Params(jen.Id("buf").Index().Byte(), jen.Id("actingVersion").Int()).Params(jen.Id(c.DecoderName), jen.Error()).Block(
		short(c.DecoderName),
		jen.Return(jen.Id(c.DecoderName).Values(jen.Dict{jen.Id("buf"): jen.Id("buf"), jen.Id("ver"): jen.Id("actingVersion")}), jen.Nil()),
	).Line().Line().
		Add(comment(fmt.Sprintf("%s writes the composite %s at the start of buf through the %s it returns. A buf shorter than %s is refused with an error wrapping runtime.ErrShortBuffer.", c.WrapEncoderName, c.Name, c.EncoderName, c.SizeName))).
		Func().Id(c.WrapEncoderName).Params(jen.Id("buf").Index().Byte()).Params(jen.Id(c.EncoderName), jen.Error()).Block(
		short(c.EncoderName),
		jen.Return(jen.Id(c.EncoderName).Values(jen.Dict{jen.Id("buf"): jen.Id("buf")}), jen.Nil()),
	)
}

// nullBlock emits the encoding of an all-null composite, read by the
// decoder of a composite field that is newer than the acting version.
//
//	var nullEngine = [...]byte{...}
func (g *gen) nullBlock(c *ir.Composite) jen.Code {
	img := c.NullImage(g.s.ByteOrder)
	vals := make([]jen.Code, len(img))
	for i, b := range img {
		vals[i] = raw("0x%02x", b)
	}
	return jen.Comment(c.NullBlockName + " is " + c.Name + " with every member null: fields newer than a message's version read from it.").Line().
		Var().Id(c.NullBlockName).Op("=").Index(jen.Op("...")).Byte().Values(vals...)
}

// itemDoc is the doc comment of an accessor.
func itemDoc(method string, it item, what string) *jen.Statement {
	return doc(method, it.Description, what, it.Deprecated, it.DeprecatedSince)
}

// sinceGuard renders "if d.ver < N { return null }" for a value newer than
// the schema's first version.
func sinceGuard(it item, null ...jen.Code) jen.Code {
	if it.SinceVersion == 0 {
		return jen.Null()
	}
	return jen.If(jen.Id("d").Dot("ver").Op("<").Lit(it.SinceVersion)).Block(jen.Return(null...))
}

// getters renders the decoder accessors of one fixed value; recv is the
// receiver ("d *CarDecoder" or "d EngineDecoder"), with fields buf, off and ver.
func (g *gen) getters(recv *jen.Statement, base string, it item) []jen.Code {
	fn := func(name string) *jen.Statement { return jen.Func().Params(recv).Id(name) }
	idx := at(base, it.Offset)
	if it.Presence == ir.Constant {
		var typ, val jen.Code
		switch {
		case it.ValueRef != nil:
			typ, val = jen.Id(it.ValueRef.Enum.GoName), jen.Id(it.ValueRef.Value.ConstName)
		case it.Const != nil:
			typ, val = goType(it.Type), lit(*it.Const)
			if e, ok := it.Type.(*ir.Enum); ok {
				typ = jen.Id(e.GoName)
			}
		default:
			typ, val = jen.String(), jen.Lit(it.ConstValue)
		}
		return []jen.Code{jen.Add(itemDoc(it.GoName, it, "returns the constant "+it.Name+" (not on the wire).")).
			Add(fn(it.GoName)).Params().Add(typ).Block(jen.Return(val))}
	}
	switch t := it.Type.(type) {
	case *ir.Encoded:
		p := t.Primitive
		if !t.Array {
			out := []jen.Code{jen.Add(itemDoc(it.GoName, it, "returns "+it.Name+".")).
				Add(fn(it.GoName)).Params().Id(p.GoType()).Block(
				sinceGuard(it, lit(t.NullValue)),
				jen.Return(g.read(p, "d.buf", idx)),
			)}
			if it.Presence == ir.Optional {
				var cmp jen.Code
				switch {
				case t.NullValue.IsNaN():
					cmp = jen.Id("v").Op("!=").Id("v")
				case p == ir.Float:
					cmp = jen.Qual(pkgMath, "Float32bits").Call(jen.Id("v")).Op("==").Add(raw("%s", floatBits(t.NullValue)))
				case p == ir.Double:
					cmp = jen.Qual(pkgMath, "Float64bits").Call(jen.Id("v")).Op("==").Add(raw("%s", floatBits(t.NullValue)))
				default:
					cmp = jen.Id("v").Op("==").Add(lit(t.NullValue))
				}
				out = append(out, jen.Comment(it.IsNullName+" reports whether the optional "+it.Name+" holds its null value.").Line().
					Add(fn(it.IsNullName)).Params().Bool().Block(
					jen.Id("v").Op(":=").Id("d").Dot(it.GoName).Call(),
					jen.Return(cmp),
				))
			}
			return out
		}
		if t.IsString() {
			// A view of the bytes up to the first NUL, no copy. Short arrays
			// are scanned in place (the getter inlines), long ones with
			// bytes.IndexByte.
			trim := nulScan(t.Size(), "b", jen.Null(), jen.Return(jen.Id("b").Index(jen.Empty(), jen.Id("i"))))
			return []jen.Code{jen.Add(itemDoc(it.GoName, it, "returns "+it.Name+" up to its first NUL byte, a view into the buffer.")).
				Add(fn(it.GoName)).Params().Index().Byte().Block(
				sinceGuard(it, jen.Nil()),
				jen.Id("b").Op(":=").Add(raw("d.buf[%s : %s : %s]", idx, at(base, it.Offset+t.Size()), at(base, it.Offset+t.Size()))),
				trim,
				jen.Return(jen.Id("b")),
			)}
		}
		n, size := t.Length, p.Size()
		elem := fmt.Sprintf("%s+i*%d", idx, size)
		if size == 1 {
			elem = idx + "+i"
		}
		guard := jen.Uint().Call(jen.Id("i")).Op(">=").Lit(n)
		if it.SinceVersion > 0 {
			guard = guard.Op("||").Id("d").Dot("ver").Op("<").Lit(it.SinceVersion)
		}
		var view jen.Code = jen.Null()
		if p == ir.Uint8 {
			// A byte array is also readable as a view, without a copy.
			view = jen.Comment(it.BytesName+" returns the bytes of "+it.Name+", a view into the buffer.").Line().
				Add(fn(it.BytesName)).Params().Index().Byte().Block(
				sinceGuard(it, jen.Nil()),
				jen.Return(raw("d.buf[%s : %s : %s]", idx, at(base, it.Offset+t.Size()), at(base, it.Offset+t.Size()))),
			)
		}
		return []jen.Code{
			view,
			jen.Add(itemDoc(it.AtName, it, fmt.Sprintf("returns element i of %s (the null value for i outside [0, %d)).", it.Name, n))).
				Add(fn(it.AtName)).Params(jen.Id("i").Int()).Id(p.GoType()).Block(
				jen.If(guard).Block(jen.Return(lit(t.NullValue))),
				jen.Return(g.read(p, "d.buf", elem)),
			),
			jen.Comment(it.GoName+" returns a copy of the array "+it.Name+".").Line().
				Add(fn(it.GoName)).Params().Index(jen.Lit(n)).Id(p.GoType()).Block(
				jen.Var().Id("a").Index(jen.Lit(n)).Id(p.GoType()),
				jen.For(jen.Id("i").Op(":=").Range().Id("a")).Block(
					jen.Id("a").Index(jen.Id("i")).Op("=").Id("d").Dot(it.AtName).Call(jen.Id("i")),
				),
				jen.Return(jen.Id("a")),
			),
		}
	case *ir.Enum:
		return []jen.Code{jen.Add(itemDoc(it.GoName, it, "returns "+it.Name+".")).
			Add(fn(it.GoName)).Params().Id(t.GoName).Block(
			sinceGuard(it, jen.Id(t.NullName)),
			jen.Return(jen.Id(t.GoName).Call(g.read(t.Encoding, "d.buf", idx))),
		)}
	case *ir.Set:
		return []jen.Code{jen.Add(itemDoc(it.GoName, it, "returns "+it.Name+".")).
			Add(fn(it.GoName)).Params().Id(t.GoName).Block(
			sinceGuard(it, jen.Lit(0)),
			jen.Return(jen.Id(t.GoName).Call(g.read(t.Encoding, "d.buf", idx))),
		)}
	case *ir.Composite:
		return []jen.Code{jen.Add(itemDoc(it.GoName, it, "returns a decoder of the composite "+it.Name+".")).
			Add(fn(it.GoName)).Params().Id(t.DecoderName).Block(
			sinceGuard(it, jen.Id(t.DecoderName).Values(jen.Dict{
				jen.Id("buf"): jen.Id(t.NullBlockName).Index(jen.Empty(), jen.Empty()),
				jen.Id("ver"): jen.Id("d").Dot("ver"),
			})),
			jen.Return(jen.Id(t.DecoderName).Values(jen.Dict{
				jen.Id("buf"): raw("d.buf[%s:]", idx),
				jen.Id("ver"): jen.Id("d").Dot("ver"),
			})),
		)}
	}
	return nil
}

// nulScan renders the search of the char array v (of size bytes) for its
// first NUL, running found with the NUL's index in i: a range loop for
// arrays of up to 16 bytes (the accessor stays inlinable), bytes.IndexByte
// for longer ones. In the loop, found is followed by exit (jen.Break() when
// found does not return).
//
//	for i, c := range b { if c == 0 { return b[:i] } }
//	if i := bytes.IndexByte(b, 0); i >= 0 { return b[:i] }
func nulScan(size int, v string, exit jen.Code, found ...jen.Code) jen.Code {
	if size <= 16 {
		return jen.For(jen.List(jen.Id("i"), jen.Id("c")).Op(":=").Range().Id(v)).Block(
			jen.If(jen.Id("c").Op("==").Lit(0)).Block(append(found, exit)...),
		)
	}
	return jen.If(jen.Id("i").Op(":=").Qual(pkgBytes, "IndexByte").Call(jen.Id(v), jen.Lit(0)), jen.Id("i").Op(">=").Lit(0)).Block(found...)
}

// setters renders the encoder accessors of one fixed value; recv has fields
// buf and off. Constants have none.
func (g *gen) setters(recv *jen.Statement, base string, it item) []jen.Code {
	if it.Presence == ir.Constant {
		return nil
	}
	fn := func(name string) *jen.Statement { return jen.Func().Params(recv).Id(name) }
	idx := at(base, it.Offset)
	switch t := it.Type.(type) {
	case *ir.Encoded:
		p := t.Primitive
		if !t.Array {
			out := []jen.Code{jen.Comment(it.SetterName + " writes " + it.Name + ".").Line().
				Add(fn(it.SetterName)).Params(jen.Id("v").Id(p.GoType())).Block(
				g.write(p, "e.buf", idx, jen.Id("v")),
			)}
			if it.Presence == ir.Optional {
				out = append(out, jen.Comment(it.SetNullName+" writes the null value of the optional "+it.Name+".").Line().
					Add(fn(it.SetNullName)).Params().Block(
					jen.Id("e").Dot(it.SetterName).Call(lit(t.NullValue)),
				))
			}
			return out
		}
		end := at(base, it.Offset+t.Size())
		if t.IsString() {
			body := func() []jen.Code {
				return []jen.Code{
					jen.Id("n").Op(":=").Copy(raw("e.buf[%s:%s]", idx, end), jen.Id("v")),
					jen.Clear(raw("e.buf[%s : %s]", plusN(idx), end)),
				}
			}
			fromString := body()
			if t.Size() == 8 {
				fromString = []jen.Code{putChars8(raw("e.buf[%s:%s]", idx, end), jen.Id("v"))}
			}
			return []jen.Code{
				jen.Comment(fmt.Sprintf("%s writes %s: at most %d bytes of v, NUL-padded.", it.SetterName, it.Name, t.Length)).Line().
					Add(fn(it.SetterName)).Params(jen.Id("v").Index().Byte()).Block(body()...),
				jen.Comment(fmt.Sprintf("%s writes %s from a string: at most %d bytes of v, NUL-padded.", it.SetStringName, it.Name, t.Length)).Line().
					Add(fn(it.SetStringName)).Params(jen.Id("v").String()).Block(fromString...),
			}
		}
		n, size := t.Length, p.Size()
		elem := fmt.Sprintf("%s+i*%d", idx, size)
		if size == 1 {
			elem = idx + "+i"
		}
		return []jen.Code{
			jen.Comment(fmt.Sprintf("%s writes element i of %s; it ignores i outside [0, %d).", it.SetAtName, it.Name, n)).Line().
				Add(fn(it.SetAtName)).Params(jen.Id("i").Int(), jen.Id("v").Id(p.GoType())).Block(
				jen.If(jen.Uint().Call(jen.Id("i")).Op("<").Lit(n)).Block(g.write(p, "e.buf", elem, jen.Id("v"))),
			),
			jen.Comment(it.SetterName + " writes the array " + it.Name + ".").Line().
				Add(fn(it.SetterName)).Params(jen.Id("v").Index(jen.Lit(n)).Id(p.GoType())).Block(
				jen.For(jen.List(jen.Id("i"), jen.Id("x")).Op(":=").Range().Id("v")).Block(
					jen.Id("e").Dot(it.SetAtName).Call(jen.Id("i"), jen.Id("x")),
				),
			),
		}
	case *ir.Enum:
		return []jen.Code{jen.Comment(it.SetterName + " writes " + it.Name + ".").Line().
			Add(fn(it.SetterName)).Params(jen.Id("v").Id(t.GoName)).Block(g.write(t.Encoding, "e.buf", idx, jen.Id("v")))}
	case *ir.Set:
		return []jen.Code{jen.Comment(it.SetterName + " writes " + it.Name + ".").Line().
			Add(fn(it.SetterName)).Params(jen.Id("v").Id(t.GoName)).Block(g.write(t.Encoding, "e.buf", idx, jen.Id("v")))}
	case *ir.Composite:
		return []jen.Code{jen.Comment(it.GoName + " returns an encoder of the composite " + it.Name + ".").Line().
			Add(fn(it.GoName)).Params().Id(t.EncoderName).Block(
			jen.Return(jen.Id(t.EncoderName).Values(jen.Dict{
				jen.Id("buf"): raw("e.buf[%s:]", idx),
			})),
		)}
	}
	return nil
}

// plusN renders idx+n ("n" for index 0).
func plusN(idx string) string {
	if idx == "0" {
		return "n"
	}
	return idx + "+n"
}
