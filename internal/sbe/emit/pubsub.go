package emit

import (
	"fmt"

	"github.com/dave/jennifer/jen"

	"github.com/aerongo/aerongo/internal/sbe/ir"
)

// Import paths of the pub/sub glue. Only pubsub.go imports them, so codec
// files stay free of cgo.
const (
	pkgContext   = "context"
	pkgErrors    = "errors"
	pkgTransport = "github.com/aerongo/aerongo/transport"
)

// panicNote is what the generated polls' docs say of a panicking handler.
const panicNote = "A panic in fn propagates out of the poll, and the message it panicked on counts as " +
	"consumed, as for transport.Subscription.Poll."

// pubsubNames are the top-level identifiers the glue declares for message
// m.
func pubsubNames(m *ir.Message) []string {
	return []string{m.GoName + "Publisher", "New" + m.GoName + "Publisher", m.GoName + "Subscriber", "New" + m.GoName + "Subscriber"}
}

// pubsubFile emits the typed publisher and subscriber of every message and
// NewMultiSubscriber over the dispatcher. It panics (reported by Generate
// as an error) when one of its names is taken by a generated codec type.
func (g *gen) pubsubFile(f *jen.File) {
	f.ImportName(pkgTransport, "transport")
	taken := map[string]string{}
	for _, t := range g.s.Types {
		if n := t.TypeGoName(); n != "" {
			taken[n] = "type " + t.TypeName()
		}
		if c, ok := t.(*ir.Composite); ok {
			taken[c.EncoderName] = "composite " + c.Name
			taken[c.DecoderName] = "composite " + c.Name
		}
	}
	for _, m := range g.s.Messages {
		taken[m.GoName] = "message " + m.Name
		taken[m.EncoderName] = "message " + m.Name
		taken[m.DecoderName] = "message " + m.Name
	}
	check := func(name, what string) {
		if by, ok := taken[name]; ok {
			panic(fmt.Sprintf("pub/sub glue name %s of %s collides with %s", name, what, by))
		}
		taken[name] = what
	}
	for _, m := range g.s.Messages {
		for _, n := range pubsubNames(m) {
			check(n, "message "+m.Name)
		}
		if fixedFrame(m) {
			check(m.GoName+"FrameLength", "message "+m.Name)
		}
	}
	check("NewMultiSubscriber", "the schema's dispatcher")

	if len(g.s.Messages) == 0 {
		// A schema of types only has nothing to publish (and no dispatcher).
		return
	}
	for _, m := range g.s.Messages {
		f.Add(g.publisher(m))
		f.Add(g.subscriber(m))
	}
	f.Add(g.multiSubscriber())
}

// fixedFrame reports whether every frame of m has the same length: no
// groups and no var data.
func fixedFrame(m *ir.Message) bool { return len(m.Groups) == 0 && len(m.Data) == 0 }

// ctxParams are the parameters of the glue constructors.
//
//	ctx context.Context, client *transport.Client, channel string, streamID int32, opts ...transport.TypedOption
func ctxParams() []jen.Code {
	return []jen.Code{
		jen.Id("ctx").Qual(pkgContext, "Context"),
		jen.Id("client").Op("*").Qual(pkgTransport, "Client"),
		jen.Id("channel").String(),
		jen.Id("streamID").Int32(),
		jen.Id("opts").Op("...").Qual(pkgTransport, "TypedOption"),
	}
}

// publisher emits the typed publisher of m.
//
//	type QuotePublisher struct {
//		*transport.Publisher[Quote, *Quote]
//		enc    QuoteEncoder
//		fn     func(e *QuoteEncoder) error
//		encode func(buf []byte) error
//	}
//
//	func NewQuotePublisher(ctx, client, channel, streamID, opts...) (*QuotePublisher, error)
//	func (p *QuotePublisher) Offer(ctx context.Context, v *Quote) error
//	func (p *QuotePublisher) TryOffer(v *Quote) error
//	func (p *QuotePublisher) OfferEncoder(ctx context.Context, n int, fn func(e *QuoteEncoder) error) error
//	func (p *QuotePublisher) TryOfferEncoder(n int, fn func(e *QuoteEncoder) error) error
//	func (p *QuotePublisher) encodeFrame(buf []byte) error
//	func (p *QuotePublisher) finish(n int) error
func (g *gen) publisher(m *ir.Message) jen.Code {
	name := m.GoName + "Publisher"
	generic := jen.Qual(pkgTransport, "Publisher").Types(jen.Id(m.GoName), jen.Op("*").Id(m.GoName))
	code := jen.Comment(fmt.Sprintf("%s publishes %s messages (template id %d). Offer, and TryOffer in one attempt, encode a %s", name, m.Name, m.ID, m.GoName)).Line().
		Comment(fmt.Sprintf("straight into the publication's log buffer; OfferEncoder hands a %s over the claimed bytes.", m.EncoderName)).Line().
		Comment("Use it from one goroutine at a time.").Line().
		Type().Id(name).Struct(
		jen.Op("*").Add(generic),
		jen.Line(),
		jen.Id("enc").Id(m.EncoderName),
		jen.Id("fn").Func().Params(jen.Id("e").Op("*").Id(m.EncoderName)).Error(),
		jen.Id("encode").Func().Params(jen.Id("buf").Index().Byte()).Error(),
	).Line().Line()

	code.Comment(fmt.Sprintf("New%s adds a publication on channel and streamID and returns a publisher of %s over it", name, m.GoName)).Line().
		Comment("(WithExclusivePublication for an exclusive publication, WithIdleStrategy for back pressure).").Line().
		Func().Id("New"+name).Params(ctxParams()...).Params(jen.Op("*").Id(name), jen.Error()).Block(
		jen.List(jen.Id("p"), jen.Err()).Op(":=").Qual(pkgTransport, "AddPublisher").Types(jen.Id(m.GoName), jen.Op("*").Id(m.GoName)).
			Call(jen.Id("ctx"), jen.Id("client"), jen.Id("channel"), jen.Id("streamID"), jen.Id("opts").Op("...")),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())),
		jen.Id("q").Op(":=").Op("&").Id(name).Values(jen.Dict{jen.Id("Publisher"): jen.Id("p")}),
		jen.Id("q").Dot("encode").Op("=").Id("q").Dot("encodeFrame"),
		jen.Return(jen.Id("q"), jen.Nil()),
	).Line().Line()

	code.Add(g.offer(m, name, false))
	code.Add(g.offer(m, name, true))

	lengthHint := "the frame length, message header included"
	if fixedFrame(m) {
		lengthHint = "always " + m.GoName + "FrameLength"
	}
	code.Add(g.offerEncoder(m, name, lengthHint, false))
	code.Add(g.offerEncoder(m, name, lengthHint, true))

	code.Func().Params(jen.Id("p").Op("*").Id(name)).Id("encodeFrame").Params(jen.Id("buf").Index().Byte()).Error().Block(
		jen.If(jen.Err().Op(":=").Id("p").Dot("enc").Dot("WrapForEncode").Call(jen.Id("buf")), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
		jen.If(jen.Err().Op(":=").Id("p").Dot("fn").Call(jen.Op("&").Id("p").Dot("enc")), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
		jen.Return(jen.Id("p").Dot("finish").Call(jen.Len(jen.Id("buf")))),
	).Line().Line()

	code.Comment("finish ends the frame p.enc wrote, which was announced as n bytes.").Line().
		Func().Params(jen.Id("p").Op("*").Id(name)).Id("finish").Params(jen.Id("n").Int()).Error().Block(
		jen.List(jen.Id("w"), jen.Err()).Op(":=").Id("p").Dot("enc").Dot("Finish").Call(),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
		jen.If(jen.Id("w").Op("!=").Id("n")).Block(
			jen.Return(jen.Qual(pkgFmt, "Errorf").Call(jen.Lit(m.Name+": %w: announced %d bytes, wrote %d"), jen.Qual(pkgTransport, "ErrEncodedLength"), jen.Id("n"), jen.Id("w"))),
		),
		jen.Return(jen.Nil()),
	)
	if fixedFrame(m) {
		code.Line().Line().
			Comment(fmt.Sprintf("%sFrameLength is the length of every %s frame, message header included.", m.GoName, m.GoName)).Line().
			Const().Id(m.GoName + "FrameLength").Op("=").Lit(g.s.Header.Size + m.BlockLength)
	}
	return code.Line()
}

// offerEncoder emits the generated publisher's OfferEncoder, or with try
// its TryOfferEncoder (one attempt: fn is not called when the claim is
// refused, and the refusal is returned). A claim that succeeds is written
// through p.enc by fn, with encodeFrame's steps written out; a message
// longer than a frame goes to the generic OfferFunc or TryOfferFunc with
// encodeFrame, which calls fn through p.fn.
func (g *gen) offerEncoder(m *ir.Message, name, lengthHint string, try bool) jen.Code {
	generic := []jen.Code{
		jen.Comment("Refused: the generic path retries, fragments or reports it; its encoding"),
		jen.Comment("function, encodeFrame, calls fn."),
		jen.Id("p").Dot("fn").Op("=").Id("fn"),
		jen.Err().Op("=").Id("p").Dot("OfferFunc").Call(jen.Id("ctx"), jen.Id("n"), jen.Id("p").Dot("encode")),
		jen.Id("p").Dot("fn").Op("=").Nil(),
		jen.Return(jen.Err()),
	}
	method := "OfferEncoder"
	params := []jen.Code{jen.Id("ctx").Qual(pkgContext, "Context")}
	doc := fmt.Sprintf("OfferEncoder publishes one %s of n bytes (%s) that fn writes through a %s wrapped "+
		"over the claimed log buffer (over a scratch buffer, offered fragmented, when n exceeds the "+
		"publication's MaxPayloadLength). An error of fn, or a frame of another length than n, aborts the "+
		"claim and is returned; otherwise retries and errors are those of Offer. A panic in fn leaves the "+
		"claim uncommitted, as for transport.Publisher.OfferFunc. It allocates nothing.",
		m.GoName, lengthHint, m.EncoderName)
	if try {
		generic = []jen.Code{
			jen.If(jen.Op("!").Qual(pkgErrors, "Is").Call(jen.Err(), jen.Qual(pkgTransport, "ErrMessageTooLong"))).Block(
				jen.Return(jen.Err()),
			),
			jen.Comment("Longer than a frame: the generic TryOfferFunc offers it fragmented; its"),
			jen.Comment("encoding function, encodeFrame, calls fn."),
			jen.Id("p").Dot("fn").Op("=").Id("fn"),
			jen.Err().Op("=").Id("p").Dot("TryOfferFunc").Call(jen.Id("n"), jen.Id("p").Dot("encode")),
			jen.Id("p").Dot("fn").Op("=").Nil(),
			jen.Return(jen.Err()),
		}
		method = "TryOfferEncoder"
		params = nil
		doc = "TryOfferEncoder is one attempt of OfferEncoder, for event loops that do other work in between: " +
			"fn is not called when the claim is refused, and the refusal is returned as it is " +
			"(ErrBackPressured, ErrNotConnected and ErrAdminAction mean: try again). n beyond the " +
			"publication's MaxPayloadLength goes to the generic TryOfferFunc, which has fn encode into a " +
			"scratch buffer first and then offers it fragmented. A panic in fn leaves the claim uncommitted, " +
			"as for transport.Publisher.OfferFunc. It allocates nothing."
	}
	params = append(params, jen.Id("n").Int(), jen.Id("fn").Func().Params(jen.Id("e").Op("*").Id(m.EncoderName)).Error())
	return comment(doc).Func().Params(jen.Id("p").Op("*").Id(name)).Id(method).Params(params...).Error().Block(
		jen.List(jen.Id("c"), jen.Err()).Op(":=").Id("p").Dot("Publication").Call().Dot("TryClaim").Call(jen.Id("n")),
		jen.If(jen.Err().Op("!=").Nil()).Block(generic...),
		jen.Comment("encodeFrame written out, with fn called directly."),
		jen.If(jen.Err().Op("=").Id("p").Dot("enc").Dot("WrapForEncode").Call(jen.Id("c").Dot("Buffer").Call()), jen.Err().Op("==").Nil()).Block(
			jen.If(jen.Err().Op("=").Id("fn").Call(jen.Op("&").Id("p").Dot("enc")), jen.Err().Op("==").Nil()).Block(
				jen.Err().Op("=").Id("p").Dot("finish").Call(jen.Id("n")),
			),
		),
		jen.If(jen.Err().Op("!=").Nil()).Block(
			jen.Id("c").Dot("Abort").Call(),
			jen.Return(jen.Err()),
		),
		jen.Id("c").Dot("Commit").Call(),
		jen.Return(jen.Nil()),
	).Line().Line()
}

// offer emits the generated publisher's Offer, or with try its TryOffer
// (one attempt, refusals returned): the in-place path with
// concrete types (the generic Publisher's calls through P's methods are
// indirect); everything else (back pressure, fragmentation, a closed
// publication) goes to the generic Offer. The frame goes into a
// reservation (Publication.TryReserve), not a claim: nothing but the
// encoder's straight-line stores runs before its commit, which is what a
// reservation asks, and on an exclusive publication it writes the frame's
// header, length and tail in one call at commit. A direct frame
// (directFrame) is written into it by the statements of putFrame, written
// out here (one call less per message; DESIGN.md has the figures), from
// the last field to the first and the message header last
// (frameWrites with backward).
//
//	func (p *QuotePublisher) Offer(ctx context.Context, v *Quote) error {
//		n := v.SBEEncodedLength()
//		c, err := p.Publication().TryReserve(n)
//		if err != nil {
//			return p.Publisher.Offer(ctx, v)
//		}
//		buf := c.Buffer()
//		if len(buf) < 65 {
//			c.Abort()
//			return runtime.ShortBuffer("Quote", 0, 65, len(buf))
//		}
//		b := (*[57]byte)(buf[8:])
//		binary.LittleEndian.PutUint64(b[49:], uint64(v.AskSize))
//		...
//		runtime.PutChars8((*[8]byte)(b[0:8]), v.Symbol)
//		binary.LittleEndian.PutUint64(buf, 0x6500010039)
//		c.Commit()
//		return nil
//	}
func (g *gen) offer(m *ir.Message, name string, try bool) jen.Code {
	refused := jen.Return(jen.Id("p").Dot("Publisher").Dot("Offer").Call(jen.Id("ctx"), jen.Id("v")))
	if try {
		// One attempt: a refusal is the caller's to handle, except a
		// message too long for one frame, which the generic TryOffer
		// offers fragmented.
		refused = jen.If(jen.Qual(pkgErrors, "Is").Call(jen.Err(), jen.Qual(pkgTransport, "ErrMessageTooLong"))).Block(
			jen.Return(jen.Id("p").Dot("Publisher").Dot("TryOffer").Call(jen.Id("v"))),
		).Line().Return(jen.Err())
	}
	body := []jen.Code{
		jen.Id("n").Op(":=").Id("v").Dot("SBEEncodedLength").Call(),
		jen.List(jen.Id("c"), jen.Err()).Op(":=").Id("p").Dot("Publication").Call().Dot("TryReserve").Call(jen.Id("n")),
		jen.If(jen.Err().Op("!=").Nil()).Block(refused),
	}
	how := fmt.Sprintf("A %s that fits one frame is encoded in place into a reservation of the log buffer (transport.Publication.TryReserve: on an exclusive publication a try-claim whose frame header, length and tail are written at commit)", m.GoName)
	if g.directFrame(m) {
		how = fmt.Sprintf("A %s is written in place into a reservation of the log buffer (transport.Publication.TryReserve: on an exclusive publication a try-claim whose frame header, length and tail are written at commit), the bytes putFrame writes", m.GoName)
		body = append(body,
			jen.Id("buf").Op(":=").Id("c").Dot("Buffer").Call(),
			g.frameRoom(m, jen.Id("c").Dot("Abort").Call()),
		)
		body = append(body, g.frameWrites(m, "v", fieldItems(messageContainer(m)), true)...)
	} else {
		body = append(body,
			jen.Err().Op("=").Id("p").Dot("enc").Dot("WrapForEncode").Call(jen.Id("c").Dot("Buffer").Call()),
			jen.If(jen.Err().Op("==").Nil()).Block(jen.Err().Op("=").Id("v").Dot("encode").Call(jen.Op("&").Id("p").Dot("enc"))),
		)
		if !fixedFrame(m) {
			// A frame with groups or var data is as long as what encode
			// wrote; a fixed frame is the claimed length by construction.
			body = append(body, jen.If(jen.Err().Op("==").Nil()).Block(jen.Err().Op("=").Id("p").Dot("finish").Call(jen.Id("n"))))
		}
		body = append(body, jen.If(jen.Err().Op("!=").Nil()).Block(
			jen.Id("c").Dot("Abort").Call(),
			jen.Return(jen.Err()),
		))
	}
	body = append(body, jen.Id("c").Dot("Commit").Call(), jen.Return(jen.Nil()))
	if try {
		doc := comment("TryOffer makes one attempt to publish v, as transport.Publisher.TryOffer does, for event loops " +
			"that do other work in between. " + how + "; a refused reservation's error is returned as it is " +
			"(ErrBackPressured, ErrNotConnected and ErrAdminAction mean: try again), and a message too long " +
			"for one frame goes to the generic TryOffer, which encodes it into the publisher's scratch buffer " +
			"and offers it fragmented (again on each attempt, so a loop retrying a large message pays its " +
			"encoding each time). It allocates nothing.")
		return doc.Func().Params(jen.Id("p").Op("*").Id(name)).Id("TryOffer").Params(
			jen.Id("v").Op("*").Id(m.GoName),
		).Error().Block(body...).Line().Line()
	}
	doc := comment("Offer publishes v as transport.Publisher.Offer does. " + how + "; when the reservation is refused (back pressure, not connected, too long for one frame, closed) the generic Offer retries, fragments or reports it. It allocates nothing.")
	return doc.Func().Params(jen.Id("p").Op("*").Id(name)).Id("Offer").Params(
		jen.Id("ctx").Qual(pkgContext, "Context"), jen.Id("v").Op("*").Id(m.GoName),
	).Error().Block(body...).Line().Line()
}

// subscriber emits the typed subscriber of m.
//
//	type QuoteSubscriber struct {
//		_ [64]byte // cache lines of its own: a poll writes the fields below (false sharing)
//		*transport.Subscriber[Quote, *Quote]
//		dec      QuoteDecoder
//		fn       func(d *QuoteDecoder)
//		onFrame  transport.FragmentHandler
//		fnH      func(d *QuoteDecoder, h *transport.Header)
//		onFrameH transport.FragmentHandler
//		fnC      func(d *QuoteDecoder, h *transport.Header) transport.ControlledAction
//		onFrameC transport.ControlledFragmentHandler
//
//		val      Quote
//		valFn    func(v *Quote)
//		onValue  transport.FragmentHandler
//		valFnH   func(v *Quote, h *transport.Header)
//		onValueH transport.FragmentHandler
//		_        [64]byte
//	}
//
//	func NewQuoteSubscriber(ctx, client, channel, streamID, opts...) (*QuoteSubscriber, error)
//	func (s *QuoteSubscriber) Poll(fn func(d *QuoteDecoder), limit int) (int, error)
//	func (s *QuoteSubscriber) PollWithHeader(fn func(d *QuoteDecoder, h *transport.Header), limit int) (int, error)
//	func (s *QuoteSubscriber) ControlledPoll(fn func(d *QuoteDecoder, h *transport.Header) transport.ControlledAction, limit int) (int, error)
//	func (s *QuoteSubscriber) PollValues(fn func(v *Quote), limit int) (int, error)
//	func (s *QuoteSubscriber) PollValuesWithHeader(fn func(v *Quote, h *transport.Header), limit int) (int, error)
//
// The fragment handlers onFrame, onFrameH, onFrameC, onValue and onValueH
// are closures over the subscriber, set by the constructor; the header and
// controlled variants have handlers of their own, so that Poll and
// PollValues pay nothing for them. A method value (q.decodeFrame) would
// reach the method through a compiler-generated wrapper: one more call per
// message (DESIGN.md has the figures).
func (g *gen) subscriber(m *ir.Message) jen.Code {
	name := m.GoName + "Subscriber"
	generic := jen.Qual(pkgTransport, "Subscriber").Types(jen.Id(m.GoName), jen.Op("*").Id(m.GoName))
	code := comment(fmt.Sprintf("%s receives %s messages (template id %d): Poll through a %s (no "+
		"copy), PollValues into a reused %s, their WithHeader variants with each message's header too, "+
		"ControlledPoll and ControlledPollValues with flow control by the handler's transport.ControlledAction, "+
		"Take and All blocking. Frames of another schema, another template or an unreadable version are "+
		"counted (Rejections) and reported (WithRejectHandler). Poll it from one goroutine at a time.",
		name, m.Name, m.ID, m.DecoderName, m.GoName)).
		Type().Id(name).Struct(
		jen.Id("_").Index(jen.Lit(64)).Byte().Comment("cache lines of its own: a poll writes the fields below (false sharing)"),
		jen.Op("*").Add(generic),
		jen.Line(),
		jen.Id("dec").Id(m.DecoderName),
		jen.Id("fn").Func().Params(jen.Id("d").Op("*").Id(m.DecoderName)),
		jen.Id("onFrame").Qual(pkgTransport, "FragmentHandler"),
		jen.Id("fnH").Func().Params(jen.Id("d").Op("*").Id(m.DecoderName), headerParam()),
		jen.Id("onFrameH").Qual(pkgTransport, "FragmentHandler"),
		jen.Id("fnC").Func().Params(jen.Id("d").Op("*").Id(m.DecoderName), headerParam()).Qual(pkgTransport, "ControlledAction"),
		jen.Id("onFrameC").Qual(pkgTransport, "ControlledFragmentHandler"),
		jen.Line(),
		jen.Id("val").Id(m.GoName),
		jen.Id("valFn").Func().Params(jen.Id("v").Op("*").Id(m.GoName)),
		jen.Id("onValue").Qual(pkgTransport, "FragmentHandler"),
		jen.Id("valFnH").Func().Params(jen.Id("v").Op("*").Id(m.GoName), headerParam()),
		jen.Id("onValueH").Qual(pkgTransport, "FragmentHandler"),
		jen.Id("_").Index(jen.Lit(64)).Byte(),
	).Line().Line()

	code.Comment(fmt.Sprintf("New%s adds a subscription on channel and streamID and returns a subscriber of %s over it.", name, m.GoName)).Line().
		Func().Id("New"+name).Params(ctxParams()...).Params(jen.Op("*").Id(name), jen.Error()).Block(
		jen.List(jen.Id("s"), jen.Err()).Op(":=").Qual(pkgTransport, "AddSubscriber").Types(jen.Id(m.GoName), jen.Op("*").Id(m.GoName)).
			Call(jen.Id("ctx"), jen.Id("client"), jen.Id("channel"), jen.Id("streamID"), jen.Id("opts").Op("...")),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())),
		jen.Id("q").Op(":=").Op("&").Id(name).Values(jen.Dict{jen.Id("Subscriber"): jen.Id("s")}),
		jen.Id("q").Dot("onFrame").Op("=").Func().Params(frameParams()...).Block(
			g.wrapFrame(m),
			jen.Id("q").Dot("fn").Call(jen.Op("&").Id("q").Dot("dec")),
		),
		jen.Id("q").Dot("onValue").Op("=").Func().Params(frameParams()...).Block(
			g.decodeValue(m),
			jen.Id("q").Dot("valFn").Call(jen.Op("&").Id("q").Dot("val")),
		),
		jen.Id("q").Dot("onFrameH").Op("=").Func().Params(frameParams()...).Block(
			g.wrapFrame(m),
			jen.Id("q").Dot("fnH").Call(jen.Op("&").Id("q").Dot("dec"), jen.Id("h")),
		),
		jen.Id("q").Dot("onValueH").Op("=").Func().Params(frameParams()...).Block(
			g.decodeValue(m),
			jen.Id("q").Dot("valFnH").Call(jen.Op("&").Id("q").Dot("val"), jen.Id("h")),
		),
		jen.Id("q").Dot("onFrameC").Op("=").Func().Params(frameParams()...).Qual(pkgTransport, "ControlledAction").Block(
			g.wrapFrame(m, jen.Qual(pkgTransport, "ActionContinue")),
			jen.Return(jen.Id("q").Dot("fnC").Call(jen.Op("&").Id("q").Dot("dec"), jen.Id("h"))),
		),
		jen.Return(jen.Id("q"), jen.Nil()),
	).Line().Line()

	pollDoc := fmt.Sprintf("wraps a %s over each of up to limit messages (fragments, as for "+
		"transport.Subscription.Poll) and calls fn with it; the decoder reads the log buffer in place and is "+
		"valid only during the call. A frame the decoder cannot wrap is counted and reported through "+
		"Reject. "+panicNote+" It allocates nothing.", m.DecoderName)
	valuesDoc := fmt.Sprintf("decodes each of up to limit messages (fragments, as for "+
		"transport.Subscription.Poll) into one %s the subscriber reuses and calls fn with it: the value, its "+
		"slices and strings are overwritten by the next message, copy what you keep. A frame that does not "+
		"decode is counted and reported through Reject. "+panicNote+" In steady state it allocates nothing.", m.GoName)
	headerDoc := func(of string) string {
		return "is " + of + " with the message's transport.Header passed to fn as well, as a " +
			"transport.FragmentHandler receives it: its session and stream ids, the position after it, " +
			"its flags and reserved value. h is valid only during the call."
	}
	dec := jen.Id("d").Op("*").Id(m.DecoderName)
	val := jen.Id("v").Op("*").Id(m.GoName)
	controlledDoc := "is Poll with flow control by fn's return value, as for " +
		"transport.Subscription.ControlledPoll, and the message's transport.Header: fn returns " +
		"transport.ActionAbort to leave the message in the stream (the poll stops and the next poll " +
		"delivers it again), ActionBreak to stop the poll after it, ActionCommit or ActionContinue to go " +
		"on. A frame the decoder cannot wrap is counted, reported through Reject and consumed. A panic in " +
		"fn propagates out of the poll and the message stays in the stream, as for ActionAbort. It " +
		"allocates nothing."
	for _, p := range []struct {
		method, doc, fnField, handler, poll string
		params                              []jen.Code
		result                              jen.Code
	}{
		{"Poll", pollDoc, "fn", "onFrame", "Poll", []jen.Code{dec}, nil},
		{"PollWithHeader", headerDoc("Poll"), "fnH", "onFrameH", "Poll", []jen.Code{dec, headerParam()}, nil},
		{"ControlledPoll", controlledDoc, "fnC", "onFrameC", "ControlledPoll", []jen.Code{dec, headerParam()}, jen.Qual(pkgTransport, "ControlledAction")},
		{"PollValues", valuesDoc, "valFn", "onValue", "Poll", []jen.Code{val}, nil},
		{"PollValuesWithHeader", headerDoc("PollValues"), "valFnH", "onValueH", "Poll", []jen.Code{val, headerParam()}, nil},
	} {
		fn := jen.Id("fn").Func().Params(p.params...)
		if p.result != nil {
			fn.Add(p.result)
		}
		code.Add(comment(p.method+" "+p.doc)).
			Func().Params(jen.Id("s").Op("*").Id(name)).Id(p.method).Params(
			fn, jen.Id("limit").Int(),
		).Params(jen.Int(), jen.Error()).Block(
			jen.Id("s").Dot(p.fnField).Op("=").Id("fn"),
			jen.List(jen.Id("n"), jen.Err()).Op(":=").Id("s").Dot("Subscription").Call().Dot(p.poll).Call(jen.Id("s").Dot(p.handler), jen.Id("limit")),
			jen.Id("s").Dot(p.fnField).Op("=").Nil(),
			jen.Return(jen.Id("n"), jen.Err()),
		).Line().Line()
	}
	return code.Line()
}

// wrapFrame renders the wrap of the subscriber's decoder q.dec over frame
// in its onFrame handler, rejecting a frame it cannot wrap (the handler
// then returns ret, as rejectUnless). When the
// message has Wrap's fast path (currentFrame), the fast path is written out
// here, one call less per message, and Wrap is called for any other frame
// (DESIGN.md has the figures).
//
//	if len(frame) >= 65 && binary.LittleEndian.Uint64(frame) == 0x6500010039 {
//		q.dec.buf = frame
//		q.dec.off = 8
//		q.dec.blockLength = 57
//		q.dec.ver = 0
//	} else if err := q.dec.Wrap(frame); err != nil {
//		q.Reject(frame, h, err)
//		return
//	}
func (g *gen) wrapFrame(m *ir.Message, ret ...jen.Code) jen.Code {
	wrap := rejectUnless(jen.Id("q").Dot("dec").Dot("Wrap").Call(jen.Id("frame")), ret...)
	same := g.currentFrame(m, "frame")
	if same == nil {
		return wrap
	}
	dec := jen.Id("q").Dot("dec")
	return jen.If(same).Block(g.wrapCurrentState(m, messageContainer(m), dec, jen.Id("frame"))...).Else().Add(wrap)
}

// decodeValue renders the decode of frame into the subscriber's value q.val
// in its onValue handler, rejecting a frame that does not decode. For a
// direct frame (directFrame) that passes Wrap's fast path (currentFrame),
// the fields are read here straight from the frame, as UnmarshalBinary
// would read them, saving its calls to Wrap and decode; any other frame
// goes through UnmarshalBinary.
//
//	if len(frame) >= 65 && binary.LittleEndian.Uint64(frame) == 0x6500010039 {
//		b := (*[57]byte)(frame[8:])
//		q.val.Sequence = binary.LittleEndian.Uint64(b[9:])
//		...
//	} else if err := q.val.UnmarshalBinary(frame); err != nil {
//		q.Reject(frame, h, err)
//		return
//	}
func (g *gen) decodeValue(m *ir.Message) jen.Code {
	decode := rejectUnless(jen.Id("q").Dot("val").Dot("UnmarshalBinary").Call(jen.Id("frame")))
	same := g.currentFrame(m, "frame")
	if same == nil || !g.directFrame(m) {
		return decode
	}
	return jen.If(same).Block(g.frameReads("q.val", "frame", fieldItems(messageContainer(m)))...).Else().Add(decode)
}

// headerParam is a handler's h *transport.Header parameter.
func headerParam() jen.Code { return jen.Id("h").Op("*").Qual(pkgTransport, "Header") }

// frameParams are the parameters of a transport.FragmentHandler.
func frameParams() []jen.Code {
	return []jen.Code{jen.Id("frame").Index().Byte(), jen.Id("h").Op("*").Qual(pkgTransport, "Header")}
}

// rejectUnless is the handler's first statement: when decode (an error
// expression) fails, the frame is rejected (counted and reported) and the
// handler returns ret (a controlled handler's action; nothing for a
// FragmentHandler).
func rejectUnless(decode jen.Code, ret ...jen.Code) jen.Code {
	return jen.If(jen.Err().Op(":=").Add(decode), jen.Err().Op("!=").Nil()).Block(
		jen.Id("q").Dot("Reject").Call(jen.Id("frame"), jen.Id("h"), jen.Err()),
		jen.Return(ret...),
	)
}

// multiSubscriber emits the constructor of a subscriber of every message
// type of the schema.
//
//	func NewMultiSubscriber(ctx, client, channel, streamID, h *Handlers, opts...) (*transport.MultiSubscriber, error) {
//		return transport.AddMultiSubscriber(ctx, client, channel, streamID, func(frame []byte) error {
//			return Dispatch(frame, h)
//		}, opts...)
//	}
func (g *gen) multiSubscriber() jen.Code {
	params := ctxParams()
	params = append(params[:4:4], jen.Id("h").Op("*").Id("Handlers"), params[4])
	return jen.Comment("NewMultiSubscriber adds a subscription on channel and streamID for a stream that carries several").Line().
		Comment("message types of the schema: its Poll and Run hand each message to h through Dispatch. Frames of").Line().
		Comment("another schema or of an unknown template (without h.OnUnknownTemplate), and unreadable frames, are").Line().
		Comment("counted and reported; an error returned by a handler stops the poll and is returned by it.").Line().
		Func().Id("NewMultiSubscriber").Params(params...).Params(jen.Op("*").Qual(pkgTransport, "MultiSubscriber"), jen.Error()).Block(
		jen.Return(jen.Qual(pkgTransport, "AddMultiSubscriber").Call(
			jen.Id("ctx"), jen.Id("client"), jen.Id("channel"), jen.Id("streamID"),
			jen.Func().Params(jen.Id("frame").Index().Byte()).Error().Block(jen.Return(jen.Id("Dispatch").Call(jen.Id("frame"), jen.Id("h")))),
			jen.Id("opts").Op("..."),
		)),
	)
}
