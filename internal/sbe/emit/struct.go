package emit

import (
	"github.com/dave/jennifer/jen"

	"github.com/aerongo/aerongo/internal/sbe/ir"
)

// Plain Go structs: one per message, group entry and composite. They encode
// and decode through the flyweights; decoding into a reused value reuses
// slice capacity and keeps strings whose bytes did not change, so a steady
// stream decodes without allocating.

// structFieldType is the Go type of a fixed value in a plain struct.
func structFieldType(t ir.Type) *jen.Statement {
	if e, ok := t.(*ir.Encoded); ok && e.Array {
		if e.IsString() {
			return jen.String()
		}
		return jen.Index(jen.Lit(e.Length)).Id(e.Primitive.GoType())
	}
	return goType(t)
}

func isStringItem(it item) bool {
	e, ok := it.Type.(*ir.Encoded)
	return ok && e.IsString()
}

func structFields(items []item) []jen.Code {
	var out []jen.Code
	for _, it := range items {
		if it.Presence == ir.Constant {
			continue
		}
		out = append(out, jen.Add(doc(it.GoName, it.Description, "", it.Deprecated, it.DeprecatedSince)).Id(it.GoName).Add(structFieldType(it.Type)))
	}
	return out
}

// decodeItems renders "m.X = d.X()" for each fixed value.
//
//	if v := d.VehicleCode(); string(v) != m.VehicleCode { m.VehicleCode = string(v) }
func decodeItems(items []item) []jen.Code {
	var out []jen.Code
	for _, it := range items {
		if it.Presence == ir.Constant {
			continue
		}
		dst := jen.Id("m").Dot(it.GoName)
		switch {
		case isStringItem(it):
			out = append(out, jen.If(jen.Id("v").Op(":=").Id("d").Dot(it.GoName).Call(), jen.String().Call(jen.Id("v")).Op("!=").Add(dst)).Block(
				jen.Id("m").Dot(it.GoName).Op("=").String().Call(jen.Id("v"))))
		case it.Type.Kind() == ir.KindComposite:
			out = append(out, dst.Dot("decode").Call(jen.Id("d").Dot(it.GoName).Call()))
		default:
			out = append(out, dst.Op("=").Id("d").Dot(it.GoName).Call())
		}
	}
	return out
}

func encodeItems(items []item) []jen.Code {
	var out []jen.Code
	for _, it := range items {
		if it.Presence == ir.Constant {
			continue
		}
		src := jen.Id("m").Dot(it.GoName)
		switch {
		case isStringItem(it):
			out = append(out, jen.Id("e").Dot(it.SetStringName).Call(src))
		case it.Type.Kind() == ir.KindComposite:
			out = append(out, src.Dot("encode").Call(jen.Id("e").Dot(it.GoName).Call()))
		default:
			out = append(out, jen.Id("e").Dot(it.SetterName).Call(src))
		}
	}
	return out
}

// compositeStruct emits the plain struct of a composite.
//
//	type Engine struct { Capacity uint16; ...; Booster Booster }
//	func (m *Engine) decode(d EngineDecoder)
//	func (m *Engine) encode(e EngineEncoder)
func (g *gen) compositeStruct(c *ir.Composite) jen.Code {
	items := make([]item, len(c.Members))
	for i, m := range c.Members {
		items[i] = memberItem(m)
	}
	return jen.Add(doc(c.GoName, c.Description, "is the value of the SBE composite "+c.Name+".", c.IsDeprecated, c.Deprecated)).
		Type().Id(c.GoName).Struct(structFields(items)...).Line().Line().
		Func().Params(jen.Id("m").Op("*").Id(c.GoName)).Id("decode").Params(jen.Id("d").Id(c.DecoderName)).Block(decodeItems(items)...).Line().Line().
		Func().Params(jen.Id("m").Op("*").Id(c.GoName)).Id("encode").Params(jen.Id("e").Id(c.EncoderName)).Block(encodeItems(items)...)
}

// containerStruct emits the plain struct of a message or group entry with
// its decode, encode and encodedLength methods, then the structs of its
// groups.
func (g *gen) containerStruct(c *container, description string, deprecated bool, since int) jen.Code {
	items := make([]item, len(c.fields))
	for i, f := range c.fields {
		items[i] = fieldItem(f)
	}
	fields := structFields(items)
	for _, gr := range c.groups {
		fields = append(fields, jen.Add(doc(gr.GoName, gr.Description, "", gr.IsDeprecated, gr.Deprecated)).Id(gr.GoName).Index().Id(gr.TypeName))
	}
	for _, d := range c.data {
		typ := jen.Index().Byte()
		if d.IsString {
			typ = jen.String()
		}
		fields = append(fields, jen.Add(doc(d.GoName, d.Description, "", d.IsDeprecated, d.Deprecated)).Id(d.GoName).Add(typ))
	}
	fallback := "is one entry of the group " + c.where + "."
	if c.group == nil {
		fallback = "is the message " + c.where + " as a plain Go value."
	}
	out := jen.Add(doc(c.typeName, description, fallback, deprecated, since)).
		Type().Id(c.typeName).Struct(fields...).Line().Line()

	dec := decodeItems(items)
	enc := encodeItems(items)
	length := []jen.Code{jen.Id("n").Op(":=").Lit(c.blockLength)}
	for _, gr := range c.groups {
		dst := jen.Id("m").Dot(gr.GoName)
		dec = append(dec, jen.Block(
			jen.Id("g").Op(":=").Id("d").Dot(gr.GoName).Call(),
			jen.If(jen.Id("n").Op(":=").Id("g").Dot("Count").Call(), jen.Cap(dst).Op("<").Id("n")).Block(
				jen.Id("m").Dot(gr.GoName).Op("=").Make(jen.Index().Id(gr.TypeName), jen.Id("n")),
			).Else().Block(
				jen.Id("m").Dot(gr.GoName).Op("=").Id("m").Dot(gr.GoName).Index(jen.Empty(), jen.Id("n")),
			),
			jen.For(jen.Id("i").Op(":=").Lit(0).Op(";").Id("g").Dot("Next").Call().Op(";").Id("i").Op("++")).Block(
				jen.If(jen.Id("err").Op(":=").Id("m").Dot(gr.GoName).Index(jen.Id("i")).Dot("decode").Call(jen.Id("g")), jen.Id("err").Op("!=").Nil()).Block(jen.Return(jen.Id("err"))),
			),
			jen.If(jen.Id("err").Op(":=").Id("g").Dot("Err").Call(), jen.Id("err").Op("!=").Nil()).Block(jen.Return(jen.Id("err"))),
		))
		enc = append(enc, jen.Block(
			jen.List(jen.Id("g"), jen.Id("err")).Op(":=").Id("e").Dot(gr.CountName).Call(jen.Len(jen.Id("m").Dot(gr.GoName))),
			jen.If(jen.Id("err").Op("!=").Nil()).Block(jen.Return(jen.Id("err"))),
			jen.For(jen.Id("i").Op(":=").Range().Id("m").Dot(gr.GoName)).Block(
				jen.If(jen.Id("err").Op(":=").Id("g").Dot("Next").Call(), jen.Id("err").Op("!=").Nil()).Block(jen.Return(jen.Id("err"))),
				jen.If(jen.Id("err").Op(":=").Id("m").Dot(gr.GoName).Index(jen.Id("i")).Dot("encode").Call(jen.Id("g")), jen.Id("err").Op("!=").Nil()).Block(jen.Return(jen.Id("err"))),
			),
		))
		length = append(length,
			jen.Id("n").Op("+=").Lit(gr.DimensionType.Size),
			jen.For(jen.Id("i").Op(":=").Range().Id("m").Dot(gr.GoName)).Block(
				jen.Id("n").Op("+=").Id("m").Dot(gr.GoName).Index(jen.Id("i")).Dot("encodedLength").Call(),
			))
	}
	for _, d := range c.data {
		_, hdr := dataLayout(d)
		if d.IsString {
			dec = append(dec, jen.If(jen.Id("v").Op(":=").Id("d").Dot(d.GoName).Call(), jen.String().Call(jen.Id("v")).Op("!=").Id("m").Dot(d.GoName)).Block(
				jen.Id("m").Dot(d.GoName).Op("=").String().Call(jen.Id("v"))))
			enc = append(enc, jen.If(jen.Id("err").Op(":=").Id("e").Dot(d.SetStringName).Call(jen.Id("m").Dot(d.GoName)), jen.Id("err").Op("!=").Nil()).Block(jen.Return(jen.Id("err"))))
		} else {
			dec = append(dec, jen.Id("m").Dot(d.GoName).Op("=").Append(jen.Id("m").Dot(d.GoName).Index(jen.Empty(), jen.Lit(0)), jen.Id("d").Dot(d.GoName).Call().Op("...")))
			enc = append(enc, jen.If(jen.Id("err").Op(":=").Id("e").Dot(d.SetterName).Call(jen.Id("m").Dot(d.GoName)), jen.Id("err").Op("!=").Nil()).Block(jen.Return(jen.Id("err"))))
		}
		length = append(length, jen.Id("n").Op("+=").Lit(hdr).Op("+").Len(jen.Id("m").Dot(d.GoName)))
	}
	dec = append(dec, jen.Return(jen.Id("d").Dot("Err").Call()))
	enc = append(enc, jen.Return(jen.Nil()))
	length = append(length, jen.Return(jen.Id("n")))

	out.Func().Params(jen.Id("m").Op("*").Id(c.typeName)).Id("decode").Params(jen.Id("d").Op("*").Id(c.dec)).Error().Block(dec...).Line().Line()
	out.Func().Params(jen.Id("m").Op("*").Id(c.typeName)).Id("encode").Params(jen.Id("e").Op("*").Id(c.enc)).Error().Block(enc...).Line().Line()
	out.Comment("encodedLength is the encoded length of the block, groups and var data of m.").Line().
		Func().Params(jen.Id("m").Op("*").Id(c.typeName)).Id("encodedLength").Params().Int().Block(length...).Line().Line()
	for _, gr := range c.groups {
		out.Add(g.containerStruct(groupContainer(gr), gr.Description, gr.IsDeprecated, gr.Deprecated))
	}
	return out
}

// messageStruct emits the plain struct of a message and its
// encoding.BinaryAppender, BinaryMarshaler and BinaryUnmarshaler methods.
//
//	func (m *Car) AppendBinary(b []byte) ([]byte, error)
//	func (m *Car) MarshalBinary() ([]byte, error)
//	func (m *Car) UnmarshalBinary(data []byte) error
func (g *gen) messageStruct(msg *ir.Message) jen.Code {
	c := messageContainer(msg)
	name := msg.GoName
	recv := jen.Id("m").Op("*").Id(name)
	hs := g.s.Header.Size
	out := jen.Add(g.containerStruct(c, msg.Description, msg.IsDeprecated, msg.Deprecated))
	out.Var().Id("_").Qual(pkgRuntime, "Message").Op("=").Parens(jen.Op("*").Id(name)).Parens(jen.Nil()).Line().Line()
	out.Comment("SBETemplateID is the template id of " + msg.Name + ".").Line().
		Func().Params(recv).Id("SBETemplateID").Params().Uint16().Block(jen.Return(jen.Lit(msg.ID))).Line().Line()
	out.Comment("SBESchemaID is the id of the schema.").Line().
		Func().Params(recv).Id("SBESchemaID").Params().Uint16().Block(jen.Return(jen.Id("SchemaID"))).Line().Line()
	out.Comment("SBESchemaVersion is the schema version the code was generated from.").Line().
		Func().Params(recv).Id("SBESchemaVersion").Params().Uint16().Block(jen.Return(jen.Id("SchemaVersion"))).Line().Line()
	out.Comment("SBEBlockLength is the length of the root block of " + msg.Name + ".").Line().
		Func().Params(recv).Id("SBEBlockLength").Params().Uint16().Block(jen.Return(jen.Lit(msg.BlockLength))).Line().Line()
	out.Comment("SBEEncodedLength is the length of the frame AppendBinary writes for m, message header included.").Line().
		Func().Params(recv).Id("SBEEncodedLength").Params().Int().Block(jen.Return(jen.Lit(hs).Op("+").Id("m").Dot("encodedLength").Call())).Line().Line()
	out.Comment("AppendBinary implements encoding.BinaryAppender: it appends the frame (message header included).").Line().
		Func().Params(recv).Id("AppendBinary").Params(jen.Id("b").Index().Byte()).Params(jen.Index().Byte(), jen.Error()).Block(
		jen.Id("start").Op(":=").Len(jen.Id("b")),
		jen.Id("n").Op(":=").Id("m").Dot("SBEEncodedLength").Call(),
		jen.Id("b").Op("=").Qual(pkgSlices, "Grow").Call(jen.Id("b"), jen.Id("n")).Index(jen.Empty(), jen.Id("start").Op("+").Id("n")),
		jen.Var().Id("e").Id(msg.EncoderName),
		jen.If(jen.Id("err").Op(":=").Id("e").Dot("WrapForEncode").Call(jen.Id("b").Index(jen.Id("start"), jen.Empty())), jen.Id("err").Op("!=").Nil()).Block(
			jen.Return(jen.Id("b").Index(jen.Empty(), jen.Id("start")), jen.Id("err"))),
		jen.If(jen.Id("err").Op(":=").Id("m").Dot("encode").Call(jen.Op("&").Id("e")), jen.Id("err").Op("!=").Nil()).Block(
			jen.Return(jen.Id("b").Index(jen.Empty(), jen.Id("start")), jen.Id("err"))),
		jen.If(jen.List(jen.Id("_"), jen.Id("err")).Op(":=").Id("e").Dot("Finish").Call(), jen.Id("err").Op("!=").Nil()).Block(
			jen.Return(jen.Id("b").Index(jen.Empty(), jen.Id("start")), jen.Id("err"))),
		jen.Return(jen.Id("b"), jen.Nil()),
	).Line().Line()
	out.Comment("MarshalBinary implements encoding.BinaryMarshaler: the frame, message header included.").Line().
		Func().Params(recv).Id("MarshalBinary").Params().Params(jen.Index().Byte(), jen.Error()).Block(
		jen.Return(jen.Id("m").Dot("AppendBinary").Call(jen.Nil())),
	).Line().Line()
	out.Comment("UnmarshalBinary implements encoding.BinaryUnmarshaler over a frame, message header included. It reuses").Line().
		Comment("the capacity of m's slices and keeps strings whose bytes are unchanged.").Line().
		Func().Params(recv).Id("UnmarshalBinary").Params(jen.Id("data").Index().Byte()).Error().Block(
		jen.Var().Id("d").Id(msg.DecoderName),
		jen.If(jen.Id("err").Op(":=").Id("d").Dot("Wrap").Call(jen.Id("data")), jen.Id("err").Op("!=").Nil()).Block(jen.Return(jen.Id("err"))),
		jen.Return(jen.Id("m").Dot("decode").Call(jen.Op("&").Id("d"))),
	).Line().Line()
	return out
}
