package emit

import (
	"sort"

	"github.com/dave/jennifer/jen"

	"github.com/aerongo/aerongo/internal/sbe/ir"
)

// Variable-length data: per length primitive, one reader and one writer
// helper shared by all decoders and encoders of the schema; per data
// element, a getter returning a view of the bytes and setters from []byte
// and string.

func varReader(p ir.Primitive) string { return "readVar" + capitalize(p.GoType()) }
func varWriter(p ir.Primitive) string { return "writeVar" + capitalize(p.GoType()) }

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

// varHelpers emits the readers and writers for every length primitive the
// schema's var data uses.
//
//	func readVarUint32(buf []byte, pos, lenOff, hdr int, where string) ([]byte, int, error)
//	func writeVarUint32[T ~[]byte | ~string](buf []byte, pos, lenOff, hdr int, max uint64, v T, where string) (int, error)
func (g *gen) varHelpers(prims []ir.Primitive) jen.Code {
	sort.Slice(prims, func(i, j int) bool { return prims[i] < prims[j] })
	out := jen.Null()
	for _, p := range prims {
		out.Comment(varReader(p)+" reads var data with a "+p.String()+" length at buf[pos:]: the data (a view), the position after it, or an error.").Line().
			Func().Id(varReader(p)).Params(
			jen.Id("buf").Index().Byte(), jen.List(jen.Id("pos"), jen.Id("lenOff"), jen.Id("hdr")).Int(), jen.Id("where").String(),
		).Params(jen.Index().Byte(), jen.Int(), jen.Error()).Block(
			jen.If(jen.Len(jen.Id("buf")).Op("-").Id("pos").Op("<").Id("hdr")).Block(
				jen.Return(jen.Nil(), jen.Id("pos"), jen.Qual(pkgRuntime, "ShortBuffer").Call(jen.Id("where"), jen.Id("pos"), jen.Id("hdr"), jen.Len(jen.Id("buf")).Op("-").Id("pos"))),
			),
			jen.Id("n").Op(":=").Uint64().Call(g.read(p, "buf", "pos+lenOff")),
			jen.Id("start").Op(":=").Id("pos").Op("+").Id("hdr"),
			jen.If(jen.Id("n").Op(">").Uint64().Call(jen.Len(jen.Id("buf")).Op("-").Id("start"))).Block(
				jen.Return(jen.Nil(), jen.Id("pos"), jen.Qual(pkgRuntime, "ShortBuffer").Call(jen.Id("where"), jen.Id("start"),
					jen.Int().Call(jen.Min(jen.Id("n"), jen.Lit(1).Op("<<").Lit(31))), jen.Len(jen.Id("buf")).Op("-").Id("start"))),
			),
			jen.Id("end").Op(":=").Id("start").Op("+").Int().Call(jen.Id("n")),
			jen.Return(jen.Id("buf").Index(jen.Id("start"), jen.Id("end"), jen.Id("end")), jen.Id("end"), jen.Nil()),
		).Line().Line()

		out.Comment(varWriter(p)+" writes v as var data with a "+p.String()+" length at buf[pos:] and returns the position after it.").Line().
			Func().Id(varWriter(p)).Types(jen.Id("T").Op("~").Index().Byte().Op("|").Op("~").String()).Params(
			jen.Id("buf").Index().Byte(), jen.List(jen.Id("pos"), jen.Id("lenOff"), jen.Id("hdr")).Int(), jen.Id("max").Uint64(), jen.Id("v").Id("T"), jen.Id("where").String(),
		).Params(jen.Int(), jen.Error()).Block(
			jen.If(jen.Uint64().Call(jen.Len(jen.Id("v"))).Op(">").Id("max")).Block(
				jen.Return(jen.Id("pos"), jen.Qual(pkgRuntime, "OutOfRange").Call(jen.Id("where"), jen.Id("pos"), jen.Id("max"), jen.Uint64().Call(jen.Len(jen.Id("v"))))),
			),
			jen.If(jen.Len(jen.Id("buf")).Op("-").Id("pos").Op("<").Id("hdr").Op("+").Len(jen.Id("v"))).Block(
				jen.Return(jen.Id("pos"), jen.Qual(pkgRuntime, "ShortBuffer").Call(jen.Id("where"), jen.Id("pos"), jen.Id("hdr").Op("+").Len(jen.Id("v")), jen.Len(jen.Id("buf")).Op("-").Id("pos"))),
			),
			jen.Clear(jen.Id("buf").Index(jen.Id("pos"), jen.Id("pos").Op("+").Id("hdr"))),
			g.write(p, "buf", "pos+lenOff", jen.Len(jen.Id("v"))),
			jen.Return(jen.Id("pos").Op("+").Id("hdr").Op("+").Copy(jen.Id("buf").Index(jen.Id("pos").Op("+").Id("hdr"), jen.Empty()), jen.Id("v")), jen.Nil()),
		).Line().Line()
	}
	return out
}

// dataLayout returns the offsets of a var data element's length and bytes.
func dataLayout(d *ir.Data) (lenOff, hdr int) {
	return d.LengthMember.Offset, d.VarDataMember.Offset
}

// dataGetter renders the decoder accessor of var data element k; the read
// is written out in place so that in-order decoding makes no calls.
//
//	func (d *CarDecoder) Manufacturer() []byte
func (g *gen) dataGetter(c *container, k int, d *ir.Data) jen.Code {
	lenOff, hdr := dataLayout(d)
	where := d.Path
	var guard jen.Code = jen.Null()
	if d.SinceVersion > c.since {
		guard = jen.If(jen.Id("d").Dot("ver").Op("<").Lit(d.SinceVersion)).Block(jen.Return(jen.Nil()))
	}
	room := jen.Len(jen.Id("d").Dot("buf")).Op("-").Id("p")
	return jen.Add(doc(d.GoName, d.Description, "returns the var data "+d.Name+", a view into the buffer (nil after an error, see Err).", d.IsDeprecated, d.Deprecated)).
		Func().Params(jen.Id("d").Op("*").Id(c.dec)).Id(d.GoName).Params().Index().Byte().Block(
		guard,
		settleFast(c, k),
		jen.If(jen.Op("!").Id("d").Dot("seek").Call(jen.Lit(k))).Block(jen.Return(jen.Nil())),
		jen.Id("p").Op(":=").Id("d").Dot("pos"),
		jen.If(jen.Add(room).Op("<").Lit(hdr)).Block(
			jen.Id("d").Dot("err").Op("=").Qual(pkgRuntime, "ShortBuffer").Call(jen.Lit(where), jen.Id("p"), jen.Lit(hdr), jen.Len(jen.Id("d").Dot("buf")).Op("-").Id("p")),
			jen.Return(jen.Nil()),
		),
		jen.Id("n").Op(":=").Uint64().Call(g.read(d.LengthPrimitive, "d.buf", at("p", lenOff))),
		jen.Id("p").Op("+=").Lit(hdr),
		jen.If(jen.Id("n").Op(">").Uint64().Call(jen.Len(jen.Id("d").Dot("buf")).Op("-").Id("p"))).Block(
			jen.Id("d").Dot("err").Op("=").Qual(pkgRuntime, "ShortBuffer").Call(jen.Lit(where), jen.Id("p"),
				jen.Int().Call(jen.Min(jen.Id("n"), jen.Lit(1).Op("<<").Lit(31))), jen.Len(jen.Id("d").Dot("buf")).Op("-").Id("p")),
			jen.Return(jen.Nil()),
		),
		jen.Id("d").Dot("pos").Op("=").Id("p").Op("+").Int().Call(jen.Id("n")),
		jen.Id("d").Dot("stage").Op("=").Lit(k+1),
		jen.Return(jen.Id("d").Dot("buf").Index(jen.Id("p"), jen.Id("d").Dot("pos"), jen.Id("d").Dot("pos"))),
	)
}

// dataSetters renders the encoder accessors of var data element k, the
// write in place.
//
//	func (e *CarEncoder) SetManufacturer(v []byte) error
//	func (e *CarEncoder) SetManufacturerString(v string) error
func (g *gen) dataSetters(c *container, k int, d *ir.Data) jen.Code {
	lenOff, hdr := dataLayout(d)
	where := d.Path
	body := func() []jen.Code {
		out := []jen.Code{
			settleFastRecv(c, k, "e"),
			jen.If(jen.Id("err").Op(":=").Id("e").Dot("seek").Call(jen.Lit(k), jen.Lit(where)), jen.Id("err").Op("!=").Nil()).Block(jen.Return(jen.Id("err"))),
			jen.If(jen.Uint64().Call(jen.Len(jen.Id("v"))).Op(">").Add(raw("%d", d.MaxLength))).Block(
				jen.Return(jen.Qual(pkgRuntime, "OutOfRange").Call(jen.Lit(where), jen.Id("e").Dot("pos"), raw("%d", d.MaxLength), jen.Uint64().Call(jen.Len(jen.Id("v"))))),
			),
			jen.Id("p").Op(":=").Id("e").Dot("pos"),
			jen.If(jen.Len(jen.Id("e").Dot("buf")).Op("-").Id("p").Op("<").Lit(hdr).Op("+").Len(jen.Id("v"))).Block(
				jen.Return(jen.Qual(pkgRuntime, "ShortBuffer").Call(jen.Lit(where), jen.Id("p"), jen.Lit(hdr).Op("+").Len(jen.Id("v")), jen.Len(jen.Id("e").Dot("buf")).Op("-").Id("p"))),
			),
		}
		if lenOff != 0 || hdr != d.LengthPrimitive.Size() {
			out = append(out, jen.Clear(jen.Id("e").Dot("buf").Index(jen.Id("p"), jen.Id("p").Op("+").Lit(hdr))))
		}
		return append(out,
			g.write(d.LengthPrimitive, "e.buf", at("p", lenOff), jen.Len(jen.Id("v"))),
			jen.Id("e").Dot("pos").Op("=").Id("p").Op("+").Lit(hdr).Op("+").Copy(jen.Id("e").Dot("buf").Index(jen.Id("p").Op("+").Lit(hdr), jen.Empty()), jen.Id("v")),
			jen.Id("e").Dot("stage").Op("=").Lit(k+1),
			jen.Return(jen.Nil()),
		)
	}
	return jen.Comment(d.SetterName + " writes the var data " + d.Name + " after the elements before it (writing those not written yet as empty).").Line().
		Func().Params(jen.Id("e").Op("*").Id(c.enc)).Id(d.SetterName).Params(jen.Id("v").Index().Byte()).Error().Block(body()...).Line().Line().
		Comment(d.SetStringName + " is " + d.SetterName + " from a string.").Line().
		Func().Params(jen.Id("e").Op("*").Id(c.enc)).Id(d.SetStringName).Params(jen.Id("v").String()).Error().Block(body()...)
}
