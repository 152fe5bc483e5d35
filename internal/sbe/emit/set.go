package emit

import (
	"github.com/dave/jennifer/jen"

	"github.com/aerongo/aerongo/internal/sbe/ir"
)

// set emits a Go type for an SBE set (bit choices), with a constant per
// choice, Has/Set accessors and String.
//
//	type OptionalExtras uint8
//
//	const OptionalExtrasSunRoof OptionalExtras = 1 << 0
//
//	func (s OptionalExtras) HasSunRoof() bool
//	func (s *OptionalExtras) SetSunRoof(on bool)
//	func (s OptionalExtras) String() string // "{sunRoof,cruiseControl}"
func (g *gen) set(s *ir.Set) jen.Code {
	name := s.GoName
	out := jen.Add(doc(name, s.Description, "is the SBE set "+s.Name+".", s.IsDeprecated, s.Deprecated)).
		Type().Id(name).Id(s.Encoding.GoType()).Line().Line()
	if len(s.Choices) > 0 {
		consts := make([]jen.Code, 0, len(s.Choices))
		for _, c := range s.Choices {
			consts = append(consts, jen.Add(doc(c.ConstName, c.Description, "", c.IsDeprecated, c.Deprecated)).
				Id(c.ConstName).Id(name).Op("=").Lit(1).Op("<<").Lit(c.Bit))
		}
		out.Const().Defs(consts...).Line().Line()
	}
	for _, c := range s.Choices {
		out.Comment(c.HasName + " reports whether the choice " + c.Name + " is set.").Line().
			Func().Params(jen.Id("s").Id(name)).Id(c.HasName).Params().Bool().Block(
			jen.Return(jen.Id("s").Op("&").Id(c.ConstName).Op("!=").Lit(0)),
		).Line().Line()
		out.Comment(c.SetterName + " sets or clears the choice " + c.Name + ".").Line().
			Func().Params(jen.Id("s").Op("*").Id(name)).Id(c.SetterName).Params(jen.Id("on").Bool()).Block(
			jen.If(jen.Id("on")).Block(
				jen.Op("*").Id("s").Op("|=").Id(c.ConstName),
			).Else().Block(
				jen.Op("*").Id("s").Op("&^=").Id(c.ConstName),
			),
		).Line().Line()
	}
	// String lists the set choices by schema name; bits the schema does not
	// define are shown by number.
	body := []jen.Code{
		jen.Id("b").Op(":=").Make(jen.Index().Byte(), jen.Lit(1), jen.Lit(64)),
		jen.Id("b").Index(jen.Lit(0)).Op("=").LitRune('{'),
		jen.Id("rest").Op(":=").Id("s"),
	}
	for _, c := range s.Choices {
		body = append(body, jen.If(jen.Id("s").Op("&").Id(c.ConstName).Op("!=").Lit(0)).Block(
			jen.If(jen.Len(jen.Id("b")).Op(">").Lit(1)).Block(jen.Id("b").Op("=").Append(jen.Id("b"), jen.LitRune(','))),
			jen.Id("b").Op("=").Append(jen.Id("b"), jen.Lit(c.Name).Op("...")),
			jen.Id("rest").Op("&^=").Id(c.ConstName),
		))
	}
	body = append(body,
		jen.For(jen.Id("i").Op(":=").Lit(0).Op(";").Id("rest").Op("!=").Lit(0).Op(";").Id("i").Op("++")).Block(
			jen.If(jen.Id("rest").Op("&").Parens(jen.Lit(1).Op("<<").Id("i")).Op("!=").Lit(0)).Block(
				jen.If(jen.Len(jen.Id("b")).Op(">").Lit(1)).Block(jen.Id("b").Op("=").Append(jen.Id("b"), jen.LitRune(','))),
				jen.Id("b").Op("=").Qual(pkgStrconv, "AppendInt").Call(jen.Id("b"), jen.Int64().Call(jen.Id("i")), jen.Lit(10)),
				jen.Id("rest").Op("&^=").Lit(1).Op("<<").Id("i"),
			),
		),
		jen.Return(jen.String().Call(jen.Append(jen.Id("b"), jen.LitRune('}')))),
	)
	out.Comment("String lists the choices that are set by schema name, e.g. \"{a,b}\"; undefined bits by number.").Line().
		Func().Params(jen.Id("s").Id(name)).Id("String").Params().String().Block(body...)
	return out
}
