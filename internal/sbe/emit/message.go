package emit

import (
	"encoding/binary"
	"fmt"
	"slices"

	"github.com/dave/jennifer/jen"

	"github.com/aerongo/aerongo/internal/sbe/ir"
)

// container is what a message and a group entry have in common: a block of
// fixed fields followed by groups and then var data ("children", numbered
// in that order). Decoders and encoders walk the children with a cursor
// (pos) and the number of the next child (stage); a group that was handed
// out is "open" until the cursor moves past it.
type container struct {
	where       string // schema path for errors: "Car", "Car.fuelFigures"
	typeName    string // the plain struct
	dec, enc    string // the flyweights
	fields      []*ir.Field
	groups      []*ir.Group
	data        []*ir.Data
	blockLength int
	needs       []ir.BlockNeed
	since       int
	group       *ir.Group   // nil for a message
	msg         *ir.Message // nil for a group
}

func messageContainer(m *ir.Message) *container {
	return &container{where: m.Path, typeName: m.GoName, dec: m.DecoderName, enc: m.EncoderName,
		fields: m.Fields, groups: m.Groups, data: m.Data, blockLength: m.BlockLength, needs: m.BlockNeeds, msg: m}
}

func groupContainer(gr *ir.Group) *container {
	return &container{where: gr.Path, typeName: gr.TypeName, dec: gr.DecoderName, enc: gr.EncoderName,
		fields: gr.Fields, groups: gr.Groups, data: gr.Data, blockLength: gr.BlockLength, needs: gr.BlockNeeds,
		since: gr.SinceVersion, group: gr}
}

func (c *container) children() int { return len(c.groups) + len(c.data) }

// needCheck renders the block-length check of a decoder: the acting block
// must hold every field of the acting version.
//
//	need := 45
//	if ver >= 1 { need = 63 }
//	if blockLength < need { return runtime.BlockTooShort(...) }
func needCheck(c *container, blockLength, ver, pos string, fail func(err jen.Code) []jen.Code) []jen.Code {
	out := []jen.Code{jen.Id("need").Op(":=").Lit(c.needs[0].Length)}
	for _, n := range c.needs[1:] {
		out = append(out, jen.If(jen.Id(ver).Op(">=").Lit(n.Version)).Block(jen.Id("need").Op("=").Lit(n.Length)))
	}
	out = append(out, jen.If(jen.Id(blockLength).Op("<").Id("need")).Block(
		fail(jen.Qual(pkgRuntime, "BlockTooShort").Call(jen.Lit(c.where), raw("%s", pos), jen.Id("need"), jen.Id(blockLength)))...,
	))
	return out
}

// flat reports whether c is a message with no groups and no var data: its
// flyweights keep no walk state (position, stage, error), which saves
// Wrap and WrapForEncode the stores.
func (c *container) flat() bool { return c.group == nil && c.children() == 0 }

// decoderStruct is the struct fields of a decoder, children last.
func (c *container) decoderStruct(extra ...jen.Code) []jen.Code {
	out := []jen.Code{
		jen.Id("buf").Index().Byte(),
		jen.Id("off").Int().Comment("start of the block"),
		jen.Id("blockLength").Int().Comment("acting block length"),
		jen.Id("ver").Int().Comment("acting version"),
	}
	if !c.flat() {
		out = append(out,
			jen.Id("pos").Int().Comment("position of child number stage"),
			jen.Id("stage").Int(),
			jen.Id("open").Bool().Comment("child stage-1 is a group handed out"),
			jen.Id("err").Error(),
		)
	}
	out = append(out, extra...)
	for _, gr := range c.groups {
		out = append(out, jen.Id(gr.ChildName).Id(gr.DecoderName))
	}
	return out
}

// encoderStruct is the struct fields of an encoder, children last.
func (c *container) encoderStruct(extra ...jen.Code) []jen.Code {
	out := []jen.Code{
		jen.Id("buf").Index().Byte(),
		jen.Id("off").Int().Comment("start of the block"),
	}
	if !c.flat() {
		out = append(out,
			jen.Id("pos").Int().Comment("position of child number stage"),
			jen.Id("stage").Int(),
			jen.Id("open").Bool().Comment("child stage-1 is a group handed out"),
		)
	}
	out = append(out, extra...)
	for _, gr := range c.groups {
		out = append(out, jen.Id(gr.ChildName).Id(gr.EncoderName))
	}
	return out
}

// decoderWalk renders settle, seek, the group and var data getters and the
// field getters of a decoder.
func (g *gen) decoderWalk(c *container) jen.Code {
	out := jen.Null()
	recv := jen.Id("d").Op("*").Id(c.dec)
	for _, f := range c.fields {
		for _, code := range g.getters(jen.Id("d").Op("*").Id(c.dec), "d.off", fieldItem(f)) {
			out.Add(code).Line().Line()
		}
	}
	n := c.children()
	if n == 0 {
		return out
	}
	if len(c.groups) > 0 {
		// settle moves the cursor past a group handed out to the caller.
		cases := []jen.Code{}
		for j, gr := range c.groups {
			cases = append(cases, jen.Case(jen.Lit(j+1)).Block(
				jen.List(jen.Id("d").Dot("pos"), jen.Id("d").Dot("err")).Op("=").Id("d").Dot(gr.ChildName).Dot("end").Call()))
		}
		out.Comment("settle moves the cursor past a group handed out by an accessor.").Line().
			Func().Params(recv).Id("settle").Params().Block(
			jen.If(jen.Op("!").Id("d").Dot("open")).Block(jen.Return()),
			jen.Id("d").Dot("open").Op("=").False(),
			jen.Switch(jen.Id("d").Dot("stage")).Block(cases...),
		).Line().Line()
	}
	skip := []jen.Code{}
	for j, gr := range c.groups {
		st := jen.Id("d").Dot(gr.ChildName).Dot("init").Call(jen.Id("d").Dot("buf"), jen.Id("d").Dot("pos"), jen.Id("d").Dot("ver")).Line().
			List(jen.Id("d").Dot("pos"), jen.Id("d").Dot("err")).Op("=").Id("d").Dot(gr.ChildName).Dot("end").Call()
		if gr.SinceVersion > c.since {
			st = jen.If(jen.Id("d").Dot("ver").Op(">=").Lit(gr.SinceVersion)).Block(st)
		}
		skip = append(skip, jen.Case(jen.Lit(j)).Block(st))
	}
	for i, d := range c.data {
		lenOff, hdr := dataLayout(d)
		st := jen.List(jen.Id("_"), jen.Id("d").Dot("pos"), jen.Id("d").Dot("err")).Op("=").Id(varReader(d.LengthPrimitive)).Call(
			jen.Id("d").Dot("buf"), jen.Id("d").Dot("pos"), jen.Lit(lenOff), jen.Lit(hdr), jen.Lit(d.Path))
		if d.SinceVersion > c.since {
			st = jen.If(jen.Id("d").Dot("ver").Op(">=").Lit(d.SinceVersion)).Block(st)
		}
		skip = append(skip, jen.Case(jen.Lit(len(c.groups)+i)).Block(st))
	}
	body := []jen.Code{}
	if len(c.groups) > 0 {
		body = append(body, jen.Id("d").Dot("settle").Call())
	}
	body = append(body,
		jen.If(jen.Id("d").Dot("err").Op("!=").Nil()).Block(jen.Return(jen.False())),
		jen.If(jen.Id("d").Dot("stage").Op(">").Id("k")).Block(
			jen.Id("d").Dot("pos").Op("=").Id("d").Dot("off").Op("+").Id("d").Dot("blockLength"),
			jen.Id("d").Dot("stage").Op("=").Lit(0),
		),
		jen.For(jen.Id("d").Dot("stage").Op("<").Id("k")).Block(
			jen.Switch(jen.Id("d").Dot("stage")).Block(skip...),
			jen.If(jen.Id("d").Dot("err").Op("!=").Nil()).Block(jen.Return(jen.False())),
			jen.Id("d").Dot("stage").Op("++"),
		),
		jen.Return(jen.True()),
	)
	out.Comment("seek moves the cursor to child k; it inlines the common case of reading the children in order.").Line().
		Func().Params(recv).Id("seek").Params(jen.Id("k").Int()).Bool().Block(
		jen.If(jen.Id("d").Dot("stage").Op("==").Id("k").Op("&&").Op("!").Id("d").Dot("open").Op("&&").Id("d").Dot("err").Op("==").Nil()).Block(jen.Return(jen.True())),
		jen.Return(jen.Id("d").Dot("seekSlow").Call(jen.Id("k"))),
	).Line().Line()
	out.Comment("seekSlow moves the cursor to child k, skipping the children before it (from the block's end when k was passed).").Line().
		Func().Params(recv).Id("seekSlow").Params(jen.Id("k").Int()).Bool().Block(body...).Line().Line()

	for j, gr := range c.groups {
		out.Add(g.groupGetter(c, j, gr)).Line().Line()
	}
	for i, d := range c.data {
		out.Add(g.dataGetter(c, len(c.groups)+i, d)).Line().Line()
	}
	return out
}

// encoderWalk renders seek, the group and var data setters and the field
// setters of an encoder.
func (g *gen) encoderWalk(c *container) jen.Code {
	out := jen.Null()
	recv := jen.Id("e").Op("*").Id(c.enc)
	for _, f := range c.fields {
		for _, code := range g.setters(jen.Id("e").Op("*").Id(c.enc), "e.off", fieldItem(f)) {
			out.Add(code).Line().Line()
		}
		if f.Presence == ir.Constant {
			for _, code := range g.getters(jen.Id("d").Op("*").Id(c.enc), "d.off", fieldItem(f)) {
				out.Add(code).Line().Line()
			}
		}
	}
	n := c.children()
	if n == 0 {
		return out
	}
	body := []jen.Code{}
	if len(c.groups) > 0 {
		cases := []jen.Code{}
		for j, gr := range c.groups {
			cases = append(cases, jen.Case(jen.Lit(j+1)).Block(
				jen.List(jen.Id("e").Dot("pos"), jen.Id("err")).Op("=").Id("e").Dot(gr.ChildName).Dot("end").Call()))
		}
		body = append(body, jen.If(jen.Id("e").Dot("open")).Block(
			jen.Id("e").Dot("open").Op("=").False(),
			jen.Var().Id("err").Error(),
			jen.Switch(jen.Id("e").Dot("stage")).Block(cases...),
			jen.If(jen.Id("err").Op("!=").Nil()).Block(jen.Return(jen.Id("err"))),
		))
	}
	fill := []jen.Code{}
	for j, gr := range c.groups {
		fill = append(fill, jen.Case(jen.Lit(j)).Block(
			jen.If(jen.Id("err").Op("=").Id("e").Dot(gr.ChildName).Dot("init").Call(jen.Id("e").Dot("buf"), jen.Id("e").Dot("pos"), jen.Lit(0)), jen.Id("err").Op("==").Nil()).Block(
				jen.List(jen.Id("e").Dot("pos"), jen.Id("err")).Op("=").Id("e").Dot(gr.ChildName).Dot("end").Call(),
			)))
	}
	for i, d := range c.data {
		lenOff, hdr := dataLayout(d)
		fill = append(fill, jen.Case(jen.Lit(len(c.groups)+i)).Block(
			jen.List(jen.Id("e").Dot("pos"), jen.Id("err")).Op("=").Id(varWriter(d.LengthPrimitive)).Call(
				jen.Id("e").Dot("buf"), jen.Id("e").Dot("pos"), jen.Lit(lenOff), jen.Lit(hdr), raw("%d", d.MaxLength), jen.Lit(""), jen.Lit(d.Path))))
	}
	body = append(body,
		jen.If(jen.Id("e").Dot("stage").Op(">").Id("k")).Block(
			jen.Return(jen.Qual(pkgRuntime, "OutOfOrder").Call(jen.Id("where"), jen.Id("e").Dot("pos"))),
		),
		jen.For(jen.Id("e").Dot("stage").Op("<").Id("k")).Block(
			jen.Var().Id("err").Error(),
			jen.Switch(jen.Id("e").Dot("stage")).Block(fill...),
			jen.If(jen.Id("err").Op("!=").Nil()).Block(jen.Return(jen.Id("err"))),
			jen.Id("e").Dot("stage").Op("++"),
		),
		jen.Return(jen.Nil()),
	)
	out.Comment("seek moves the cursor to child k; it inlines the common case of writing the children in order.").Line().
		Func().Params(recv).Id("seek").Params(jen.Id("k").Int(), jen.Id("where").String()).Error().Block(
		jen.If(jen.Id("e").Dot("stage").Op("==").Id("k").Op("&&").Op("!").Id("e").Dot("open")).Block(jen.Return(jen.Nil())),
		jen.Return(jen.Id("e").Dot("seekSlow").Call(jen.Id("k"), jen.Id("where"))),
	).Line().Line()
	out.Comment("seekSlow moves the cursor to child k, closing a group handed out and writing the children before k that were not written as empty.").Line().
		Func().Params(recv).Id("seekSlow").Params(jen.Id("k").Int(), jen.Id("where").String()).Error().Block(body...).Line().Line()
	for j, gr := range c.groups {
		out.Add(g.groupSetter(c, j, gr)).Line().Line()
	}
	for i, d := range c.data {
		out.Add(g.dataSetters(c, len(c.groups)+i, d)).Line().Line()
	}
	return out
}

// headerMember is the primitive and offset of a message header member.
func headerMember(m *ir.Member) (ir.Primitive, int) {
	if e, ok := m.Type.(*ir.Encoded); ok {
		return e.Primitive, m.Offset
	}
	if e, ok := m.Type.(*ir.Enum); ok {
		return e.Encoding, m.Offset
	}
	panic("emit: message header member " + m.Name + " is not a primitive")
}

// message emits the flyweights of a message: the decoder, the encoder and
// the groups under them.
//
//	func (d *CarDecoder) Wrap(buf []byte) error
//	func (d *CarDecoder) WrapBody(buf []byte, off, blockLength, version int) error
//	func (e *CarEncoder) WrapForEncode(buf []byte) error
//	func (e *CarEncoder) Finish() (int, error)
func (g *gen) message(m *ir.Message) jen.Code {
	c := messageContainer(m)
	h := g.s.Header
	hs := h.Size
	out := jen.Add(doc(m.DecoderName, m.Description, "reads a "+m.Name+" message in place.", m.IsDeprecated, m.Deprecated)).
		Comment("").Line().
		Comment("Fixed fields are read with constant offsets; groups and var data must be read in schema order (reading one").Line().
		Comment("skips those before it). After a group or var data accessor returned nothing, Err tells why.").Line().
		Type().Id(c.dec).Struct(c.decoderStruct()...).Line().Line()

	bl, blOff := headerMember(h.BlockLength)
	tid, tidOff := headerMember(h.TemplateID)
	sid, sidOff := headerMember(h.SchemaID)
	ver, verOff := headerMember(h.Version)
	out.Comment("Wrap wraps the frame (message header and message) at the start of buf. It checks the schema id,").Line().
		Comment(fmt.Sprintf("the template id (%d), and that buf holds the block of the frame's version.", m.ID)).Line().
		Func().Params(jen.Id("d").Op("*").Id(c.dec)).Id("Wrap").Params(jen.Id("buf").Index().Byte()).Error().Block(
		append([]jen.Code{
			g.wrapCurrent(m, c),
			roomAtStart("buf", c.where, jen.Lit(hs), nil),
			jen.If(jen.Id("v").Op(":=").Add(g.read(sid, "buf", fmt.Sprint(sidOff))), jen.Id("v").Op("!=").Lit(g.s.ID)).Block(
				jen.Return(jen.Qual(pkgRuntime, "SchemaMismatch").Call(jen.Lit(c.where), jen.Lit(sidOff), jen.Lit(g.s.ID), jen.Uint64().Call(jen.Id("v")))),
			),
			jen.If(jen.Id("v").Op(":=").Add(g.read(tid, "buf", fmt.Sprint(tidOff))), jen.Id("v").Op("!=").Lit(m.ID)).Block(
				jen.Return(jen.Qual(pkgRuntime, "UnknownTemplate").Call(jen.Lit(c.where), jen.Lit(tidOff), jen.Lit(m.ID), jen.Uint64().Call(jen.Id("v")))),
			),
			jen.Id("blockLength").Op(":=").Int().Call(g.read(bl, "buf", fmt.Sprint(blOff))),
			jen.Id("version").Op(":=").Int().Call(g.read(ver, "buf", fmt.Sprint(verOff))),
			jen.Id("off").Op(":=").Lit(hs),
		}, wrapBlock(c)...)...,
	).Line().Line()

	wrapBody := wrapBlock(c)
	out.Comment("WrapBody wraps a message block at buf[off:] whose header was read elsewhere, with the header's").Line().
		Comment("block length and version.").Line().
		Func().Params(jen.Id("d").Op("*").Id(c.dec)).Id("WrapBody").Params(jen.Id("buf").Index().Byte(), jen.List(jen.Id("off"), jen.Id("blockLength"), jen.Id("version")).Int()).Error().Block(wrapBody...).Line().Line()
	return g.messageRest(m, c, out)
}

// wrapBlock renders the checks and assignments of WrapBody (also written
// out in Wrap, which saves a call on every decode).
func wrapBlock(c *container) []jen.Code {
	wrapBody := needCheck(c, "blockLength", "version", "off", func(err jen.Code) []jen.Code { return []jen.Code{jen.Return(err)} })
	wrapBody = append(wrapBody,
		jen.If(jen.Id("off").Op("<").Lit(0).Op("||").Id("off").Op(">").Len(jen.Id("buf")).Op("||").Len(jen.Id("buf")).Op("-").Id("off").Op("<").Id("blockLength")).Block(
			jen.Return(jen.Qual(pkgRuntime, "ShortBuffer").Call(jen.Lit(c.where), jen.Id("off"), jen.Id("blockLength"), jen.Len(jen.Id("buf")).Op("-").Id("off"))),
		),
	)
	return append(wrapBody, wrapState(c, jen.Id("off"), jen.Id("blockLength"), jen.Id("version"))...)
}

// wrapState renders the assignments that end a decoder's wrap: buffer,
// block offset, acting block length and version, and the walk state unless
// c is flat.
func wrapState(c *container, off, blockLength, version jen.Code) []jen.Code {
	return append(wrapFields(c, jen.Id("d"), jen.Id("buf"), off, blockLength, version), jen.Return(jen.Nil()))
}

// wrapFields renders the stores that wrap the decoder d over the frame buf,
// its block at off: the walk state too unless c is flat.
func wrapFields(c *container, d, buf, off, blockLength, version jen.Code) []jen.Code {
	out := []jen.Code{
		jen.Add(d).Dot("buf").Op("=").Add(buf),
		jen.Add(d).Dot("off").Op("=").Add(off),
		jen.Add(d).Dot("blockLength").Op("=").Add(blockLength),
		jen.Add(d).Dot("ver").Op("=").Add(version),
	}
	if !c.flat() {
		out = append(out,
			jen.Add(d).Dot("pos").Op("=").Add(off).Op("+").Add(blockLength),
			jen.Add(d).Dot("stage").Op("=").Lit(0),
			jen.Add(d).Dot("open").Op("=").False(),
			jen.Add(d).Dot("err").Op("=").Nil(),
		)
	}
	return out
}

// messageRest renders the rest of a message's flyweights after Wrap and
// WrapBody.
func (g *gen) messageRest(m *ir.Message, c *container, out *jen.Statement) jen.Code {
	h := g.s.Header
	hs := h.Size

	if c.flat() {
		out.Comment("Err is nil: a " + m.Name + " has no groups or var data to read.").Line().
			Func().Params(jen.Id("d").Op("*").Id(c.dec)).Id("Err").Params().Error().Block(jen.Return(jen.Nil())).Line().Line()
	} else {
		out.Comment("Err reports the first error met while reading groups and var data since Wrap.").Line().
			Func().Params(jen.Id("d").Op("*").Id(c.dec)).Id("Err").Params().Error().Block(jen.Return(jen.Id("d").Dot("err"))).Line().Line()
	}
	out.Comment("SBEActingVersion is the schema version the message was encoded with.").Line().
		Func().Params(jen.Id("d").Op("*").Id(c.dec)).Id("SBEActingVersion").Params().Int().Block(jen.Return(jen.Id("d").Dot("ver"))).Line().Line()
	out.Comment("SBEActingBlockLength is the block length the message was encoded with.").Line().
		Func().Params(jen.Id("d").Op("*").Id(c.dec)).Id("SBEActingBlockLength").Params().Int().Block(jen.Return(jen.Id("d").Dot("blockLength"))).Line().Line()
	frameLen := []jen.Code{}
	if c.children() > 0 {
		frameLen = append(frameLen, jen.If(jen.Op("!").Id("d").Dot("seek").Call(jen.Lit(c.children()))).Block(jen.Return(jen.Lit(0), jen.Id("d").Dot("err"))))
		frameLen = append(frameLen, jen.Return(jen.Id("d").Dot("pos"), jen.Nil()))
	} else {
		frameLen = append(frameLen, jen.Return(jen.Id("d").Dot("off").Op("+").Id("d").Dot("blockLength"), jen.Nil()))
	}
	out.Comment("SBEFrameLength walks the rest of the message and returns the length of the frame from the start of").Line().
		Comment("the wrapped buffer; groups handed out before are consumed.").Line().
		Func().Params(jen.Id("d").Op("*").Id(c.dec)).Id("SBEFrameLength").Params().Params(jen.Int(), jen.Error()).Block(frameLen...).Line().Line()
	out.Add(g.decoderWalk(c)).Line()

	// Encoder.
	out.Add(doc(m.EncoderName, m.Description, "writes a "+m.Name+" message in place.", m.IsDeprecated, m.Deprecated)).
		Comment("").Line().
		Comment("Set fixed fields in any order; write groups and var data in schema order (children skipped are written").Line().
		Comment("empty), then call Finish for the frame length.").Line().
		Type().Id(c.enc).Struct(c.encoderStruct()...).Line().Line()
	blk := m.BlockLength
	var encState jen.Code = jen.Null()
	if !c.flat() {
		encState = jen.List(jen.Id("e").Dot("pos"), jen.Id("e").Dot("stage"), jen.Id("e").Dot("open")).Op("=").List(jen.Lit(hs+blk), jen.Lit(0), jen.False())
	}
	zero, header := g.putHeader(m, make([]bool, hs+blk))
	out.Comment("WrapForEncode starts a frame at the start of buf: it writes the message header and zeroes the block.").Line().
		Func().Params(jen.Id("e").Op("*").Id(c.enc)).Id("WrapForEncode").Params(jen.Id("buf").Index().Byte()).Error().Block(
		slices.Concat([]jen.Code{g.frameRoom(m)}, zero, header, []jen.Code{
			jen.Id("e").Dot("buf").Op("=").Id("buf"),
			jen.Id("e").Dot("off").Op("=").Lit(hs),
			encState,
			jen.Return(jen.Nil()),
		})...,
	).Line().Line()
	finish := []jen.Code{}
	if c.children() > 0 {
		finish = append(finish, jen.If(jen.Id("err").Op(":=").Id("e").Dot("seek").Call(jen.Lit(c.children()), jen.Lit(c.where)), jen.Id("err").Op("!=").Nil()).Block(
			jen.Return(jen.Lit(0), jen.Id("err"))))
	}
	if c.flat() {
		finish = append(finish, jen.Return(jen.Lit(hs+blk), jen.Nil()))
	} else {
		finish = append(finish, jen.Return(jen.Id("e").Dot("pos"), jen.Nil()))
	}
	out.Comment("Finish writes the children not written yet as empty and returns the length of the frame.").Line().
		Func().Params(jen.Id("e").Op("*").Id(c.enc)).Id("Finish").Params().Params(jen.Int(), jen.Error()).Block(finish...).Line().Line()
	out.Add(g.encoderWalk(c)).Line()

	for _, gr := range c.groups {
		out.Add(g.group(c, gr)).Line()
	}
	return out
}

// currentHeader is the message header this code writes for m, as bytes,
// or nil when the header has members besides the four standard ones,
// whose values are not known.
func (g *gen) currentHeader(m *ir.Message) []byte {
	h := g.s.Header
	want := make([]byte, h.Size)
	covered := 0
	put := func(mem *ir.Member, v uint64) {
		p, off := headerMember(mem)
		n := p.Size()
		for i := 0; i < n; i++ {
			shift := 8 * i
			if g.order == "BigEndian" {
				shift = 8 * (n - 1 - i)
			}
			want[off+i] = byte(v >> shift)
		}
		covered += n
	}
	put(h.BlockLength, uint64(m.BlockLength))
	put(h.TemplateID, uint64(m.ID))
	put(h.SchemaID, uint64(g.s.ID))
	put(h.Version, uint64(g.s.Version))
	if covered != h.Size || len(h.Extra) > 0 {
		return nil
	}
	return want
}

// headerWord renders the 8-byte header hdr as one little-endian word
// (the bytes are explicit, whatever the schema's byte order).
func headerWord(hdr []byte) jen.Code {
	return jen.Op(fmt.Sprintf("%#x", binary.LittleEndian.Uint64(hdr)))
}

// putHeader renders the start of a frame at buf: the zeroing of the bytes
// of the frame that nothing writes (written, as long as the frame, marks
// those the caller's code does; putHeader marks the header's), which must
// come before any other write, then the write of m's message header, one
// store for the standard 8-byte header.
func (g *gen) putHeader(m *ir.Message, written []bool) (zero, header []jen.Code) {
	h := g.s.Header
	hdr := g.currentHeader(m)
	var out []jen.Code
	if len(hdr) == 8 {
		out = append(out, jen.Qual(pkgBinary, "LittleEndian").Dot("PutUint64").Call(jen.Id("buf"), headerWord(hdr)))
		markWritten(written, 0, len(hdr))
	} else {
		bl, blOff := headerMember(h.BlockLength)
		tid, tidOff := headerMember(h.TemplateID)
		sid, sidOff := headerMember(h.SchemaID)
		ver, verOff := headerMember(h.Version)
		out = append(out,
			g.write(bl, "buf", fmt.Sprint(blOff), jen.Lit(m.BlockLength)),
			g.write(tid, "buf", fmt.Sprint(tidOff), jen.Lit(m.ID)),
			g.write(sid, "buf", fmt.Sprint(sidOff), jen.Lit(g.s.ID)),
			g.write(ver, "buf", fmt.Sprint(verOff), jen.Lit(g.s.Version)),
		)
		for _, mem := range []*ir.Member{h.BlockLength, h.TemplateID, h.SchemaID, h.Version} {
			p, off := headerMember(mem)
			markWritten(written, off, p.Size())
		}
	}
	// Zero the unwritten bytes: nothing, the block alone, or the frame.
	first := slices.Index(written, false)
	switch {
	case first < 0:
		return nil, out
	case first >= h.Size:
		return []jen.Code{zeroBlock(jen.Id("buf").Index(jen.Lit(h.Size), jen.Lit(len(written))), len(written)-h.Size)}, out
	default:
		return []jen.Code{zeroBlock(jen.Id("buf").Index(jen.Empty(), jen.Lit(len(written))), len(written))}, out
	}
}

// markWritten marks the n bytes at off in written as written.
func markWritten(written []bool, off, n int) {
	for i := off; i < off+n; i++ {
		written[i] = true
	}
}

// wrapCurrent renders Wrap's fast path: a frame whose header is, byte for
// byte, the one this code writes (same template, schema, version and block
// length) and which holds the whole block is wrapped after one comparison.
// Any other frame takes the checks that follow.
//
//	if len(buf) >= 65 && binary.LittleEndian.Uint64(buf) == 0x6500010039 {
//		d.buf = buf
//		d.off = 8
//		d.blockLength = 57
//		d.ver = 0
//		return nil
//	}
func (g *gen) wrapCurrent(m *ir.Message, c *container) jen.Code {
	same := g.currentFrame(m, "buf")
	if same == nil {
		return jen.Null()
	}
	return jen.If(same).Block(append(g.wrapCurrentState(m, c, jen.Id("d"), jen.Id("buf")), jen.Return(jen.Nil()))...)
}

// currentFrame renders the test of Wrap's fast path on the frame named buf:
// it holds the whole block and its header is the one this code writes. It
// is nil when the header has members of unknown value.
//
//	len(buf) >= 65 && binary.LittleEndian.Uint64(buf) == 0x6500010039
func (g *gen) currentFrame(m *ir.Message, buf string) jen.Code {
	hdr := g.currentHeader(m)
	if hdr == nil {
		return nil
	}
	hs, blk := len(hdr), m.BlockLength
	var same jen.Code
	if hs == 8 {
		same = jen.Qual(pkgBinary, "LittleEndian").Dot("Uint64").Call(jen.Id(buf)).Op("==").Add(headerWord(hdr))
	} else {
		lits := make([]jen.Code, hs)
		for i, b := range hdr {
			lits[i] = jen.Lit(int(b))
		}
		arr := jen.Index(jen.Lit(hs)).Byte()
		same = jen.Add(arr.Clone()).Call(jen.Id(buf)).Op("==").Add(arr.Clone()).Values(lits...)
	}
	return jen.Len(jen.Id(buf)).Op(">=").Lit(hs + blk).Op("&&").Add(same)
}

// wrapCurrentState renders the stores of Wrap's fast path, decoder d over
// the frame buf that passed currentFrame.
func (g *gen) wrapCurrentState(m *ir.Message, c *container, d, buf jen.Code) []jen.Code {
	return wrapFields(c, d, buf, jen.Lit(g.s.Header.Size), jen.Lit(m.BlockLength), jen.Lit(g.s.Version))
}
