package emit

import (
	"github.com/dave/jennifer/jen"

	"github.com/aerongo/aerongo/internal/sbe/ir"
)

// enum emits a Go type for an SBE enum with its values, its null value,
// IsValid, String, MarshalText and UnmarshalText.
//
//	type Model byte
//
//	const (
//		ModelA         Model = 'A'
//		ModelNullValue Model = 0
//	)
//
//	func (v Model) IsValid() bool
//	func (v Model) String() string
//	func (v Model) MarshalText() ([]byte, error)
//	func (v *Model) UnmarshalText(text []byte) error
func (g *gen) enum(e *ir.Enum) jen.Code {
	name := e.GoName
	out := jen.Add(doc(name, e.Description, "is the SBE enum "+e.Name+".", e.IsDeprecated, e.Deprecated)).
		Type().Id(name).Id(e.Encoding.GoType()).Line().Line()

	consts := make([]jen.Code, 0, len(e.Values)+1)
	for _, v := range e.Values {
		consts = append(consts, jen.Add(doc(v.ConstName, v.Description, "", v.IsDeprecated, v.Deprecated)).
			Id(v.ConstName).Id(name).Op("=").Add(constLit(v.Value)))
	}
	consts = append(consts, jen.Comment(e.NullName+" is the null value of "+name+".").Line().
		Id(e.NullName).Id(name).Op("=").Add(constLit(e.NullValue)))
	out.Const().Defs(consts...).Line().Line()

	var valid []jen.Code
	for _, v := range e.Values {
		valid = append(valid, jen.Id(v.ConstName))
	}
	isValid := []jen.Code{jen.Return(jen.False())}
	if len(valid) > 0 {
		isValid = []jen.Code{
			jen.Switch(jen.Id("v")).Block(jen.Case(valid...).Block(jen.Return(jen.True()))),
			jen.Return(jen.False()),
		}
	}
	out.Comment("IsValid reports whether v is one of the values the schema defines for " + name + ".").Line().
		Func().Params(jen.Id("v").Id(name)).Id("IsValid").Params().Bool().Block(isValid...).Line().Line()

	// String returns the schema name of the value.
	cases := make([]jen.Code, 0, len(e.Values)+1)
	unmarshal := make([]jen.Code, 0, len(e.Values)+1)
	for _, v := range e.Values {
		cases = append(cases, jen.Case(jen.Id(v.ConstName)).Block(jen.Return(jen.Lit(v.Name))))
		unmarshal = append(unmarshal, jen.Case(jen.Lit(v.Name)).Block(
			jen.Op("*").Id("v").Op("=").Id(v.ConstName), jen.Return(jen.Nil())))
	}
	cases = append(cases, jen.Case(jen.Id(e.NullName)).Block(jen.Return(jen.Lit("NULL_VAL"))))
	unmarshal = append(unmarshal, jen.Case(jen.Lit("NULL_VAL")).Block(
		jen.Op("*").Id("v").Op("=").Id(e.NullName), jen.Return(jen.Nil())))
	var number jen.Code
	if e.Encoding.Signed() {
		number = jen.Qual(pkgStrconv, "FormatInt").Call(jen.Int64().Call(jen.Id("v")), jen.Lit(10))
	} else {
		number = jen.Qual(pkgStrconv, "FormatUint").Call(jen.Uint64().Call(jen.Id("v")), jen.Lit(10))
	}
	out.Comment("String returns the schema name of v, or "+name+"(n) for a value the schema does not define.").Line().
		Func().Params(jen.Id("v").Id(name)).Id("String").Params().String().Block(
		jen.Switch(jen.Id("v")).Block(cases...),
		jen.Return(jen.Lit(name+"(").Op("+").Add(number).Op("+").Lit(")")),
	).Line().Line()

	// MarshalText implements encoding.TextMarshaler.
	out.Comment("MarshalText implements encoding.TextMarshaler: the schema name of a defined value or of the null value.").Line().
		Func().Params(jen.Id("v").Id(name)).Id("MarshalText").Params().Params(jen.Index().Byte(), jen.Error()).Block(
		jen.If(jen.Op("!").Id("v").Dot("IsValid").Call().Op("&&").Id("v").Op("!=").Id(e.NullName)).Block(
			jen.Return(jen.Nil(), jen.Qual(pkgFmt, "Errorf").Call(jen.Lit(g.s.GoPackage+": invalid "+name+" %s"), jen.Id("v"))),
		),
		jen.Return(jen.Index().Byte().Call(jen.Id("v").Dot("String").Call()), jen.Nil()),
	).Line().Line()

	out.Comment("UnmarshalText implements encoding.TextUnmarshaler for the names MarshalText writes.").Line().
		Func().Params(jen.Id("v").Op("*").Id(name)).Id("UnmarshalText").Params(jen.Id("text").Index().Byte()).Error().Block(
		jen.Switch(jen.String().Call(jen.Id("text"))).Block(unmarshal...),
		jen.Return(jen.Qual(pkgFmt, "Errorf").Call(jen.Lit(g.s.GoPackage+": unknown "+name+" %q"), jen.Id("text"))),
	)
	return out
}
