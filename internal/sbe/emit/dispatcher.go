package emit

import (
	"fmt"

	"github.com/dave/jennifer/jen"
)

// dispatcher emits Handlers and Dispatch: a switch on the message header's
// template id that wraps the matching decoder (held in Handlers, so a
// dispatch allocates nothing) and calls its handler.
//
//	type Handlers struct {
//		OnCar             func(d *CarDecoder) error
//		OnUnknownTemplate func(templateID int, frame []byte) error
//	}
//
//	func Dispatch(frame []byte, h *Handlers) error
func (g *gen) dispatcher() jen.Code {
	h := g.s.Header
	hs := h.Size
	tid, tidOff := headerMember(h.TemplateID)
	sid, sidOff := headerMember(h.SchemaID)
	where := g.s.GoPackage
	fields := []jen.Code{}
	cases := []jen.Code{}
	for _, m := range g.s.Messages {
		fields = append(fields, jen.Comment(fmt.Sprintf("%s handles %s (template id %d); nil skips it.", m.HandlerName, m.Name, m.ID)).Line().
			Id(m.HandlerName).Func().Params(jen.Id("d").Op("*").Id(m.DecoderName)).Error())
		cases = append(cases, jen.Case(jen.Lit(m.ID)).Block(
			jen.If(jen.Id("h").Dot(m.HandlerName).Op("==").Nil()).Block(jen.Return(jen.Nil())),
			jen.If(jen.Id("err").Op(":=").Id("h").Dot(m.HandlerDecoderName).Dot("Wrap").Call(jen.Id("frame")), jen.Id("err").Op("!=").Nil()).Block(jen.Return(jen.Id("err"))),
			jen.Return(jen.Id("h").Dot(m.HandlerName).Call(jen.Op("&").Id("h").Dot(m.HandlerDecoderName))),
		))
	}
	fields = append(fields, jen.Comment("OnUnknownTemplate handles a template id the schema does not define; when nil, Dispatch returns").Line().
		Comment("an error wrapping runtime.ErrUnknownTemplate.").Line().
		Id("OnUnknownTemplate").Func().Params(jen.Id("templateID").Int(), jen.Id("frame").Index().Byte()).Error())
	fields = append(fields, jen.Line())
	for _, m := range g.s.Messages {
		fields = append(fields, jen.Id(m.HandlerDecoderName).Id(m.DecoderName))
	}
	news := []jen.Code{}
	ids := []jen.Code{}
	for _, m := range g.s.Messages {
		news = append(news, jen.Case(jen.Lit(m.ID)).Block(jen.Return(jen.New(jen.Id(m.GoName)))))
		ids = append(ids, jen.Lit(m.ID))
	}
	return jen.Comment("TemplateIDs lists the template ids of the schema's messages in schema order.").Line().
		Func().Id("TemplateIDs").Params().Index().Int().Block(jen.Return(jen.Index().Int().Values(ids...))).Line().Line().
		Comment("NewMessage returns a new zero value of the message with the template id, or nil.").Line().
		Func().Id("NewMessage").Params(jen.Id("templateID").Int()).Qual(pkgRuntime, "Message").Block(
		jen.Switch(jen.Id("templateID")).Block(news...),
		jen.Return(jen.Nil()),
	).Line().Line().
		Comment("Handlers receive the messages of a stream that carries several message types of the schema.").Line().
		Comment("A Handlers value holds the decoders it hands out: reuse it, and do not share it between goroutines.").Line().
		Type().Id("Handlers").Struct(fields...).Line().Line().
		Comment("Dispatch reads the message header at the start of frame and calls the handler of its template id.").Line().
		Comment("A frame of another schema fails with runtime.ErrSchemaID.").Line().
		Func().Id("Dispatch").Params(jen.Id("frame").Index().Byte(), jen.Id("h").Op("*").Id("Handlers")).Error().Block(
		roomAtStart("frame", where, jen.Lit(hs), nil),
		jen.If(jen.Id("v").Op(":=").Add(g.read(sid, "frame", fmt.Sprint(sidOff))), jen.Id("v").Op("!=").Id("SchemaID")).Block(
			jen.Return(jen.Qual(pkgRuntime, "SchemaMismatch").Call(jen.Lit(where), jen.Lit(sidOff), jen.Id("SchemaID"), jen.Uint64().Call(jen.Id("v")))),
		),
		jen.Id("id").Op(":=").Add(g.read(tid, "frame", fmt.Sprint(tidOff))),
		jen.Switch(jen.Id("id")).Block(cases...),
		jen.If(jen.Id("h").Dot("OnUnknownTemplate").Op("!=").Nil()).Block(
			jen.Return(jen.Id("h").Dot("OnUnknownTemplate").Call(jen.Int().Call(jen.Id("id")), jen.Id("frame"))),
		),
		jen.Return(jen.Qual(pkgRuntime, "UnknownTemplate").Call(jen.Lit(where), jen.Lit(tidOff), jen.Lit(-1), jen.Uint64().Call(jen.Id("id")))),
	)
}
