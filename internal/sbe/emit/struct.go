package emit

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/dave/jennifer/jen"

	"github.com/aerongo/aerongo/internal/sbe/ir"
)

// Plain Go structs: one per message, group entry and composite. Their fixed
// fields are read and written through one array view of the block
// (decodeBlock, encodeBlock); composites go through their own codecs, and
// the decoder reads fields that an older acting version may lack through
// its version-guarded getters. A message with neither groups, var data nor
// composites is written by putFrame, header and block in one function with
// no encoder state (the frame zeroed only where nothing else writes). Group
// dimensions, entries and var data are read and written in place, with the
// checks and errors of the flyweights (block length against the acting
// version, counts and lengths against the room left) but without their
// per-call state machine, so the bytes and the errors are the same.
// Decoding into a reused value reuses slice capacity and keeps strings
// whose bytes did not change, so a steady stream decodes without
// allocating.

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

// blockItem reports whether a container's struct codec reads or writes it
// straight in the block (a scalar, array, enum or set field); composites
// go through their own codecs.
func blockItem(it item) bool {
	if it.Presence == ir.Constant {
		return false
	}
	switch it.Type.(type) {
	case *ir.Encoded, *ir.Enum, *ir.Set:
		return true
	}
	return false
}

// blockEnd is the end of the last field among items that pass keep, 0 if none.
func blockEnd(items []item, keep func(item) bool) int {
	end := 0
	for _, it := range items {
		if keep(it) {
			end = max(end, it.Offset+it.Type.EncodedSize())
		}
	}
	return end
}

// blockView renders "b := (*[n]byte)(at)": the block at the slice
// expression at (x.buf[x.off:] for flyweight x) as an array, so that each
// field's read or write at a constant offset needs no bounds check of its
// own. Wrap (and a group's init and entry loop, and putFrame's length
// check) have made sure that the block, at least n bytes, is there.
func blockView(at string, n int) jen.Code {
	return jen.Id("b").Op(":=").Parens(jen.Op("*").Index(jen.Lit(n)).Byte()).Call(raw("%s", at))
}

// decodeBlock renders the decode of a container's fixed values: the fields
// of every version the decoder reads (no version guard, inside the shortest
// acting block) from the block view, the others through the decoder's
// getters.
//
//	b := (*[57]byte)(d.buf[d.off:])
//	m.Sequence = binary.LittleEndian.Uint64(b[9:])
func (g *gen) decodeBlock(c *container, items []item) []jen.Code {
	minBlock := c.needs[0].Length
	direct := func(it item) bool {
		return blockItem(it) && it.SinceVersion == 0 && it.Offset+it.Type.EncodedSize() <= minBlock
	}
	end := blockEnd(items, direct)
	if end == 0 {
		return decodeItems(items)
	}
	out := []jen.Code{blockView("d.buf[d.off:]", end)}
	for _, it := range items {
		if !direct(it) {
			out = append(out, decodeItems([]item{it})...)
			continue
		}
		out = append(out, g.decodeField("m", it))
	}
	return out
}

// decodeField renders the read of the block item it from the block view b
// into the field of the struct named recv (a selector such as q.val).
func (g *gen) decodeField(recv string, it item) jen.Code {
	dst := raw("%s.%s", recv, it.GoName)
	off := strconv.Itoa(it.Offset)
	switch t := it.Type.(type) {
	case *ir.Encoded:
		p := t.Primitive
		switch {
		case !t.Array:
			return dst.Op("=").Add(g.read(p, "b", off))
		case t.IsString():
			// The bytes up to the first NUL; the string is kept when
			// they did not change.
			return jen.Block(
				jen.Id("v").Op(":=").Add(raw("b[%d:%d]", it.Offset, it.Offset+t.Size())),
				nulScan(t.Size(), "v", jen.Break(), jen.Id("v").Op("=").Id("v").Index(jen.Empty(), jen.Id("i"))),
				jen.If(jen.String().Call(jen.Id("v")).Op("!=").Add(dst.Clone())).Block(dst.Clone().Op("=").String().Call(jen.Id("v"))),
			)
		default:
			elem := fmt.Sprintf("%d+i*%d", it.Offset, p.Size())
			return jen.For(jen.Id("i").Op(":=").Range().Add(dst.Clone())).Block(
				dst.Clone().Index(jen.Id("i")).Op("=").Add(g.read(p, "b", elem)),
			)
		}
	case *ir.Enum:
		return dst.Op("=").Id(t.GoName).Call(g.read(t.Encoding, "b", off))
	case *ir.Set:
		return dst.Op("=").Id(t.GoName).Call(g.read(t.Encoding, "b", off))
	}
	panic(fmt.Sprintf("emit: %s is not a block item", it.GoName))
}

// frameReads renders the decode of a direct frame (see directFrame) of the
// current version, its block at buf[hs:], into the struct named recv:
// every block field straight from the block view. It is UnmarshalBinary
// for a frame that passed Wrap's fast path (currentFrame).
func (g *gen) frameReads(recv, buf string, items []item) []jen.Code {
	end := blockEnd(items, blockItem)
	if end == 0 {
		return nil
	}
	out := []jen.Code{blockView(fmt.Sprintf("%s[%d:]", buf, g.s.Header.Size), end)}
	for _, it := range items {
		if blockItem(it) {
			out = append(out, g.decodeField(recv, it))
		}
	}
	return out
}

// encodeBlock renders the encode of a container's fixed values: every
// field into the block view (the encoder always writes its own, whole
// block), composites through their encoders.
//
//	b := (*[57]byte)(e.buf[e.off:])
//	binary.LittleEndian.PutUint64(b[9:], uint64(m.Sequence))
func (g *gen) encodeBlock(c *container, items []item) []jen.Code {
	end := blockEnd(items, blockItem)
	if end == 0 {
		return encodeItems(items)
	}
	return append([]jen.Code{blockView("e.buf[e.off:]", end)}, g.encodeFields("m", items)...)
}

// encodeFields renders the writes of items, fields of the struct named
// recv, into the block view b: the block's own fields straight, composites
// through their encoders.
func (g *gen) encodeFields(recv string, items []item) []jen.Code {
	var out []jen.Code
	for _, it := range items {
		if !blockItem(it) {
			out = append(out, encodeItems([]item{it})...)
			continue
		}
		src := jen.Id(recv).Dot(it.GoName)
		off := strconv.Itoa(it.Offset)
		switch t := it.Type.(type) {
		case *ir.Encoded:
			p := t.Primitive
			switch {
			case !t.Array:
				out = append(out, g.write(p, "b", off, src))
			case t.IsString() && t.Size() == 8:
				// An 8-byte char array: one store, no call.
				out = append(out, putChars8(raw("b[%d:%d]", it.Offset, it.Offset+8), src))
			case t.IsString():
				// At most Length bytes of the string, NUL-padded.
				end := it.Offset + t.Size()
				out = append(out, jen.Block(
					jen.Id("n").Op(":=").Copy(raw("b[%d:%d]", it.Offset, end), src),
					jen.Clear(raw("b[%s:%d]", plusN(strconv.Itoa(it.Offset)), end)),
				))
			default:
				elem := fmt.Sprintf("%d+i*%d", it.Offset, p.Size())
				out = append(out, jen.For(jen.List(jen.Id("i"), jen.Id("x")).Op(":=").Range().Add(src)).Block(
					g.write(p, "b", elem, jen.Id("x")),
				))
			}
		case *ir.Enum:
			out = append(out, g.write(t.Encoding, "b", off, src))
		case *ir.Set:
			out = append(out, g.write(t.Encoding, "b", off, src))
		}
	}
	return out
}

// putChars8 renders the write of string v into the 8-byte char array at
// the slice expression at: runtime.PutChars8((*[8]byte)(at), v).
func putChars8(at, v jen.Code) jen.Code {
	return jen.Qual(pkgRuntime, "PutChars8").Call(jen.Parens(jen.Op("*").Index(jen.Lit(8)).Byte()).Call(at), v)
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
	items := fieldItems(c)
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

	dec := g.decodeBlock(c, items)
	enc := g.encodeBlock(c, items)
	var decKids, encKids []jen.Code // groups and var data, in schema order
	length := []jen.Code{jen.Id("n").Op(":=").Lit(c.blockLength)}
	for _, gr := range c.groups {
		dst := jen.Id("m").Dot(gr.GoName)
		// The group straight from the buffer: init reads and checks the
		// dimension header (block length against the acting version's
		// fields, count against the room left), then each entry is read
		// from its acting block on, its own children recursively.
		droom := jen.Len(jen.Id("d").Dot("buf")).Op("-").Id("pos")
		readBody := append([]jen.Code{jen.Id("g").Op(":=").Op("&").Id("d").Dot(gr.ChildName)},
			g.groupDecInit(gr, "g", "d.buf", "pos", "d.ver", []jen.Code{jen.Return(jen.Id("g").Dot("err"))})...)
		readBody = append(readBody,
			jen.Id("pos").Op("=").Id("g").Dot("pos"),
			jen.If(jen.Id("n").Op(":=").Id("g").Dot("count"), jen.Cap(dst).Op("<").Id("n")).Block(
				jen.Id("m").Dot(gr.GoName).Op("=").Make(jen.Index().Id(gr.TypeName), jen.Id("n")),
			).Else().Block(
				jen.Id("m").Dot(gr.GoName).Op("=").Id("m").Dot(gr.GoName).Index(jen.Empty(), jen.Id("n")),
			),
			jen.For(jen.Id("i").Op(":=").Range().Id("m").Dot(gr.GoName)).Block(
				jen.If(droom.Clone().Op("<").Id("g").Dot("blockLength")).Block(
					jen.Return(jen.Qual(pkgRuntime, "ShortBuffer").Call(jen.Lit(gr.Path), jen.Id("pos"), jen.Id("g").Dot("blockLength"), droom.Clone())),
				),
				jen.List(jen.Id("g").Dot("off"), jen.Id("g").Dot("pos"), jen.Id("g").Dot("stage"), jen.Id("g").Dot("open")).Op("=").
					List(jen.Id("pos"), jen.Id("pos").Op("+").Id("g").Dot("blockLength"), jen.Lit(0), jen.False()),
				jen.If(jen.Id("err").Op(":=").Id("m").Dot(gr.GoName).Index(jen.Id("i")).Dot("decode").Call(jen.Id("g")), jen.Id("err").Op("!=").Nil()).Block(jen.Return(jen.Id("err"))),
				jen.Id("pos").Op("=").Id("g").Dot("pos"),
			),
			jen.Id("g").Dot("index").Op("=").Id("g").Dot("count"),
		)
		read := jen.Block(readBody...)
		if gr.SinceVersion > c.since {
			decKids = append(decKids, jen.If(jen.Id("d").Dot("ver").Op("<").Lit(gr.SinceVersion)).Block(
				jen.Id("m").Dot(gr.GoName).Op("=").Id("m").Dot(gr.GoName).Index(jen.Empty(), jen.Lit(0)),
			).Else().Add(read))
		} else {
			decKids = append(decKids, read)
		}
		// The group straight into the buffer: init writes the dimension
		// header (and checks the count), each entry's block is zeroed and
		// written through the group encoder's setters, its own children
		// recursively; no Next, no state machine.
		gc := groupContainer(gr)
		room := jen.Len(jen.Id("e").Dot("buf")).Op("-").Id("pos")
		head := append([]jen.Code{
			jen.Id("g").Op(":=").Op("&").Id("e").Dot(gr.ChildName),
			jen.Id("n").Op(":=").Len(jen.Id("m").Dot(gr.GoName)),
		}, g.groupEncInit(gr, "g", "e.buf", "pos", "n", func(err jen.Code) []jen.Code { return []jen.Code{jen.Return(err)} })...)
		encKids = append(encKids, jen.Block(append(head,
			jen.Id("pos").Op("=").Id("g").Dot("pos"),
			jen.For(jen.Id("i").Op(":=").Range().Id("m").Dot(gr.GoName)).Block(
				jen.If(jen.Add(room).Op("<").Lit(gr.BlockLength)).Block(
					jen.Return(jen.Qual(pkgRuntime, "ShortBuffer").Call(jen.Lit(gc.where), jen.Id("pos"), jen.Lit(gr.BlockLength), room.Clone())),
				),
				zeroBlock(jen.Id("e").Dot("buf").Index(jen.Id("pos"), jen.Id("pos").Op("+").Lit(gr.BlockLength)), gr.BlockLength),
				jen.List(jen.Id("g").Dot("off"), jen.Id("g").Dot("pos")).Op("=").List(jen.Id("pos"), jen.Id("pos").Op("+").Lit(gr.BlockLength)),
				jen.If(jen.Id("err").Op(":=").Id("m").Dot(gr.GoName).Index(jen.Id("i")).Dot("encode").Call(jen.Id("g")), jen.Id("err").Op("!=").Nil()).Block(jen.Return(jen.Id("err"))),
				jen.Id("pos").Op("=").Id("g").Dot("pos"),
			),
			jen.Id("g").Dot("index").Op("=").Id("g").Dot("count"),
		)...))
		length = append(length,
			jen.Id("n").Op("+=").Lit(gr.DimensionType.Size),
			jen.For(jen.Id("i").Op(":=").Range().Id("m").Dot(gr.GoName)).Block(
				jen.Id("n").Op("+=").Id("m").Dot(gr.GoName).Index(jen.Id("i")).Dot("encodedLength").Call(),
			))
	}
	for _, d := range c.data {
		_, hdr := dataLayout(d)
		decKids = append(decKids, g.takeData(c, d, jen.Id("m").Dot(d.GoName))...)
		encKids = append(encKids, g.putData(d, jen.Id("m").Dot(d.GoName))...)
		length = append(length, jen.Id("n").Op("+=").Lit(hdr).Op("+").Len(jen.Id("m").Dot(d.GoName)))
	}
	if n := c.children(); n > 0 {
		// d reads its children from d.pos (after its acting block) and is
		// left after the last one, all of them read; e writes them from
		// e.pos and is left after the last one with all of them written
		// (Finish and the parent's entry loop read e.pos).
		dec = append(append(append(dec, jen.Id("pos").Op(":=").Id("d").Dot("pos")), decKids...),
			jen.List(jen.Id("d").Dot("pos"), jen.Id("d").Dot("stage"), jen.Id("d").Dot("open")).Op("=").List(jen.Id("pos"), jen.Lit(n), jen.False()))
		enc = append(append(append(enc, jen.Id("pos").Op(":=").Id("e").Dot("pos")), encKids...),
			jen.List(jen.Id("e").Dot("pos"), jen.Id("e").Dot("stage"), jen.Id("e").Dot("open")).Op("=").List(jen.Id("pos"), jen.Lit(n), jen.False()))
	}
	dec = append(dec, jen.Return(jen.Id("d").Dot("Err").Call()))
	enc = append(enc, jen.Return(jen.Nil()))
	length = append(length, jen.Return(jen.Id("n")))

	out.Func().Params(jen.Id("m").Op("*").Id(c.typeName)).Id("decode").Params(jen.Id("d").Op("*").Id(c.dec)).Error().Block(dec...).Line().Line()
	if c.msg == nil || !g.directFrame(c.msg) {
		// A direct frame is written by putFrame instead.
		out.Func().Params(jen.Id("m").Op("*").Id(c.typeName)).Id("encode").Params(jen.Id("e").Op("*").Id(c.enc)).Error().Block(enc...).Line().Line()
	}
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
	var encode []jen.Code // into b[start:], returning b[:start] and the error on failure
	fail := jen.Return(jen.Id("b").Index(jen.Empty(), jen.Id("start")), jen.Id("err"))
	if g.directFrame(msg) {
		out.Add(g.putFrame(msg, fieldItems(c)))
		encode = []jen.Code{
			jen.If(jen.Id("err").Op(":=").Id("m").Dot("putFrame").Call(jen.Id("b").Index(jen.Id("start"), jen.Empty())), jen.Id("err").Op("!=").Nil()).Block(fail),
		}
	} else {
		encode = []jen.Code{
			jen.Var().Id("e").Id(msg.EncoderName),
			jen.If(jen.Id("err").Op(":=").Id("e").Dot("WrapForEncode").Call(jen.Id("b").Index(jen.Id("start"), jen.Empty())), jen.Id("err").Op("!=").Nil()).Block(fail),
			jen.If(jen.Id("err").Op(":=").Id("m").Dot("encode").Call(jen.Op("&").Id("e")), jen.Id("err").Op("!=").Nil()).Block(fail),
			jen.If(jen.List(jen.Id("_"), jen.Id("err")).Op(":=").Id("e").Dot("Finish").Call(), jen.Id("err").Op("!=").Nil()).Block(fail),
		}
	}
	out.Comment("AppendBinary implements encoding.BinaryAppender: it appends the frame (message header included).").Line().
		Func().Params(recv).Id("AppendBinary").Params(jen.Id("b").Index().Byte()).Params(jen.Index().Byte(), jen.Error()).Block(slices.Concat(
		[]jen.Code{
			jen.Id("start").Op(":=").Len(jen.Id("b")),
			jen.Id("n").Op(":=").Id("m").Dot("SBEEncodedLength").Call(),
			jen.Id("b").Op("=").Qual(pkgSlices, "Grow").Call(jen.Id("b"), jen.Id("n")).Index(jen.Empty(), jen.Id("start").Op("+").Id("n")),
		},
		encode,
		[]jen.Code{jen.Return(jen.Id("b"), jen.Nil())},
	)...).Line().Line()
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

// putData renders the write of var data d from v at e.buf[pos:], moving
// pos past it; the length and the room are checked, the header written as
// the encoder's setters write it.
//
//	if uint64(len(v)) > 1073741824 { return runtime.OutOfRange(...) }
//	if len(e.buf)-pos < 4+len(v) { return runtime.ShortBuffer(...) }
//	binary.LittleEndian.PutUint32(e.buf[pos:], uint32(len(v)))
//	pos += 4 + copy(e.buf[pos+4:], v)
func (g *gen) putData(d *ir.Data, v *jen.Statement) []jen.Code {
	lenOff, hdr := dataLayout(d)
	room := jen.Len(jen.Id("e").Dot("buf")).Op("-").Id("pos")
	out := []jen.Code{
		jen.If(jen.Uint64().Call(jen.Len(v.Clone())).Op(">").Add(raw("%d", d.MaxLength))).Block(
			jen.Return(jen.Qual(pkgRuntime, "OutOfRange").Call(jen.Lit(d.Path), jen.Id("pos"), raw("%d", d.MaxLength), jen.Uint64().Call(jen.Len(v.Clone())))),
		),
		jen.If(room.Clone().Op("<").Lit(hdr).Op("+").Len(v.Clone())).Block(
			jen.Return(jen.Qual(pkgRuntime, "ShortBuffer").Call(jen.Lit(d.Path), jen.Id("pos"), jen.Lit(hdr).Op("+").Len(v.Clone()), room.Clone())),
		),
	}
	if lenOff != 0 || hdr != d.LengthPrimitive.Size() {
		out = append(out, jen.Clear(jen.Id("e").Dot("buf").Index(jen.Id("pos"), jen.Id("pos").Op("+").Lit(hdr))))
	}
	return append(out,
		g.write(d.LengthPrimitive, "e.buf", at("pos", lenOff), jen.Len(v.Clone())),
		jen.Id("pos").Op("+=").Lit(hdr).Op("+").Copy(jen.Id("e").Dot("buf").Index(jen.Id("pos").Op("+").Lit(hdr), jen.Empty()), v.Clone()),
	)
}

// takeData renders the read of var data d at d.buf[pos:] into dst, moving
// pos past it, with the checks and errors of the decoder's getter; var data
// newer than the acting version is empty.
//
//	if len(d.buf)-pos < 4 { return runtime.ShortBuffer(...) }
//	n := uint64(binary.LittleEndian.Uint32(d.buf[pos:]))
//	pos += 4
//	if n > uint64(len(d.buf)-pos) { return runtime.ShortBuffer(...) }
//	if v := d.buf[pos : pos+int(n)]; string(v) != m.Model { m.Model = string(v) }
//	pos += int(n)
func (g *gen) takeData(c *container, d *ir.Data, dst *jen.Statement) []jen.Code {
	lenOff, hdr := dataLayout(d)
	room := jen.Len(jen.Id("d").Dot("buf")).Op("-").Id("pos")
	v := jen.Id("d").Dot("buf").Index(jen.Id("pos"), jen.Id("pos").Op("+").Int().Call(jen.Id("n")))
	var set jen.Code
	if d.IsString {
		set = jen.If(jen.Id("v").Op(":=").Add(v), jen.String().Call(jen.Id("v")).Op("!=").Add(dst.Clone())).Block(
			dst.Clone().Op("=").String().Call(jen.Id("v")))
	} else {
		set = dst.Clone().Op("=").Append(dst.Clone().Index(jen.Empty(), jen.Lit(0)), v.Op("..."))
	}
	read := []jen.Code{
		jen.If(room.Clone().Op("<").Lit(hdr)).Block(
			jen.Return(jen.Qual(pkgRuntime, "ShortBuffer").Call(jen.Lit(d.Path), jen.Id("pos"), jen.Lit(hdr), room.Clone())),
		),
		jen.Id("n").Op(":=").Uint64().Call(g.read(d.LengthPrimitive, "d.buf", at("pos", lenOff))),
		jen.Id("pos").Op("+=").Lit(hdr),
		jen.If(jen.Id("n").Op(">").Uint64().Call(room.Clone())).Block(
			jen.Return(jen.Qual(pkgRuntime, "ShortBuffer").Call(jen.Lit(d.Path), jen.Id("pos"),
				jen.Int().Call(jen.Min(jen.Id("n"), jen.Lit(1).Op("<<").Lit(31))), room.Clone())),
		),
		set,
		jen.Id("pos").Op("+=").Int().Call(jen.Id("n")),
	}
	if d.SinceVersion > c.since {
		var empty jen.Code = dst.Clone().Op("=").Lit("")
		if !d.IsString {
			empty = dst.Clone().Op("=").Add(dst.Clone()).Index(jen.Empty(), jen.Lit(0))
		}
		return []jen.Code{jen.If(jen.Id("d").Dot("ver").Op("<").Lit(d.SinceVersion)).Block(empty).Else().Block(read...)}
	}
	return []jen.Code{jen.Block(read...)}
}

// fieldItems are the fixed fields of c as items.
func fieldItems(c *container) []item {
	out := make([]item, len(c.fields))
	for i, f := range c.fields {
		out[i] = fieldItem(f)
	}
	return out
}

// directFrame reports whether the plain struct of m is written without an
// encoder, by putFrame: a fixed frame (no groups, no var data) whose
// fields all lie in the block (no composites).
func (g *gen) directFrame(m *ir.Message) bool {
	if !fixedFrame(m) {
		return false
	}
	for _, f := range m.Fields {
		if it := fieldItem(f); it.Presence != ir.Constant && !blockItem(it) {
			return false
		}
	}
	return true
}

// putFrame emits the write of a direct frame (see directFrame): the
// message header and the block at the start of buf, the same bytes as
// WrapForEncode and encode through an encoder, in one function with no
// encoder state. The frame is zeroed first only when the header and the
// fields leave bytes of it unwritten.
//
//	func (m *Quote) putFrame(buf []byte) error
func (g *gen) putFrame(m *ir.Message, items []item) jen.Code {
	body := append([]jen.Code{g.frameRoom(m)}, g.frameWrites(m, "m", items, false)...)
	body = append(body, jen.Return(jen.Nil()))
	return jen.Comment(fmt.Sprintf("putFrame writes the message header and m at the start of buf (%d bytes), as WrapForEncode", g.s.Header.Size+m.BlockLength)).Line().
		Comment("and the encoder's setters would, without an encoder.").Line().
		Func().Params(jen.Id("m").Op("*").Id(m.GoName)).Id("putFrame").Params(jen.Id("buf").Index().Byte()).Error().Block(body...).Line().Line()
}

// frameWrites renders the writes of a direct frame (see directFrame) at the
// start of buf, which holds at least the frame: the zeroing of what no field
// writes, the message header, then each block field of the struct named
// recv at its constant offset. putFrame is a length check around them, and
// a generated publisher's Offer writes them into its reservation, with
// backward: the fields from the last to the first and the message header
// after them, so that the frame's first cache line, the one a caught-up
// subscriber is spinning on, is written last, right before the commit
// stores the frame header there too. Written first, it was taken back by
// the subscriber's reads in between and had to be fetched again: typed
// Quote throughput with publisher and subscriber on two threads went from
// 0.90x to 0.99x of the raw transport (DESIGN.md).
func (g *gen) frameWrites(m *ir.Message, recv string, items []item, backward bool) []jen.Code {
	hs, blk := g.s.Header.Size, m.BlockLength
	written := make([]bool, hs+blk)
	for _, it := range items {
		if blockItem(it) {
			markWritten(written, hs+it.Offset, it.Type.EncodedSize())
		}
	}
	zero, header := g.putHeader(m, written)
	var fields []jen.Code
	if end := blockEnd(items, blockItem); end > 0 {
		fields = append(fields, blockView(fmt.Sprintf("buf[%d:]", hs), end))
		writes := g.encodeFields(recv, items)
		if backward {
			// One statement per field: a direct frame has only block
			// fields (directFrame).
			slices.Reverse(writes)
		}
		fields = append(fields, writes...)
	}
	if backward {
		return slices.Concat(zero, fields, header)
	}
	return slices.Concat(zero, header, fields)
}

// frameRoom renders the check that buf holds m's message header and block
// (the whole frame of a fixed frame), which returns runtime.ShortBuffer
// when it does not, after the statements before (an Offer's Abort of its
// claim). WrapForEncode, putFrame and a generated Offer start with it.
//
//	if len(buf) < 65 {
//		return runtime.ShortBuffer("Quote", 0, 65, len(buf))
//	}
func (g *gen) frameRoom(m *ir.Message, before ...jen.Code) jen.Code {
	return roomAtStart("buf", m.Path, jen.Lit(g.s.Header.Size+m.BlockLength), before)
}
