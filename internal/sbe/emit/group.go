package emit

import (
	"github.com/dave/jennifer/jen"

	"github.com/aerongo/aerongo/internal/sbe/ir"
)

// groupGetter renders the parent decoder's accessor of child group k.
//
//	func (d *CarDecoder) FuelFigures() *CarFuelFiguresDecoder
func (g *gen) groupGetter(c *container, k int, gr *ir.Group) jen.Code {
	child := jen.Id("d").Dot(gr.ChildName)
	var guard jen.Code = jen.Null()
	if gr.SinceVersion > c.since {
		guard = jen.If(jen.Id("d").Dot("ver").Op("<").Lit(gr.SinceVersion)).Block(
			jen.Id("g").Dot("reset").Call(jen.Id("d").Dot("buf"), jen.Id("d").Dot("ver"), jen.Nil()),
			jen.Return(jen.Id("g")),
		)
	}
	return jen.Add(doc(gr.GoName, gr.Description, "returns the decoder of the group "+gr.Name+", positioned before its first entry.", gr.IsDeprecated, gr.Deprecated)).
		Func().Params(jen.Id("d").Op("*").Id(c.dec)).Id(gr.GoName).Params().Op("*").Id(gr.DecoderName).Block(
		jen.Id("g").Op(":=").Op("&").Add(child),
		guard,
		settleFast(c, k),
		jen.If(jen.Op("!").Id("d").Dot("seek").Call(jen.Lit(k))).Block(
			jen.Id("g").Dot("reset").Call(jen.Id("d").Dot("buf"), jen.Id("d").Dot("ver"), jen.Id("d").Dot("err")),
			jen.Return(jen.Id("g")),
		),
		jen.Add(jen.Block(g.groupDecInit(gr, "g", "d.buf", "d.pos", "d.ver", []jen.Code{
			jen.Id("d").Dot("err").Op("=").Id("g").Dot("err"),
			jen.Return(jen.Id("g")),
		})...)),
		jen.Id("d").Dot("stage").Op("=").Lit(k+1),
		jen.Id("d").Dot("open").Op("=").True(),
		jen.Return(jen.Id("g")),
	)
}

// groupSetter renders the parent encoder's accessor of child group k.
//
//	func (e *CarEncoder) FuelFiguresCount(n int) (*CarFuelFiguresEncoder, error)
func (g *gen) groupSetter(c *container, k int, gr *ir.Group) jen.Code {
	return jen.Comment(gr.CountName+" starts the group "+gr.Name+" with room for n entries (fewer may be written); call Next before each entry.").Line().
		Func().Params(jen.Id("e").Op("*").Id(c.enc)).Id(gr.CountName).Params(jen.Id("n").Int()).Params(jen.Op("*").Id(gr.EncoderName), jen.Error()).Block(
		jen.Id("g").Op(":=").Op("&").Id("e").Dot(gr.ChildName),
		settleFastRecv(c, k, "e"),
		jen.If(jen.Id("err").Op(":=").Id("e").Dot("seek").Call(jen.Lit(k), jen.Lit(gr.Path)), jen.Id("err").Op("!=").Nil()).Block(
			jen.Id("g").Dot("fail").Call(jen.Id("err")),
			jen.Return(jen.Id("g"), jen.Id("err")),
		),
		jen.Add(jen.Block(g.groupEncInit(gr, "g", "e.buf", "e.pos", "n", func(err jen.Code) []jen.Code {
			return []jen.Code{jen.Return(jen.Id("g"), err)}
		})...)),
		jen.Id("e").Dot("stage").Op("=").Lit(k+1),
		jen.Id("e").Dot("open").Op("=").True(),
		jen.Return(jen.Id("g"), jen.Nil()),
	)
}

// group emits the decoder and encoder of a group, then its nested groups.
func (g *gen) group(parent *container, gr *ir.Group) jen.Code {
	c := groupContainer(gr)
	numP, numOff := headerMember(gr.NumInGroupMember)
	n := c.children()
	recv := jen.Id("d").Op("*").Id(c.dec)

	out := jen.Add(doc(c.dec, gr.Description, "iterates over the entries of the group "+c.where+".", gr.IsDeprecated, gr.Deprecated)).
		Comment("").Line().
		Comment("for d.Next() { ... } or for d := range d.All() { ... }; then Err.").Line().
		Type().Id(c.dec).Struct(c.decoderStruct(
		jen.Id("count").Int(),
		jen.Id("index").Int(),
	)...).Line().Line()

	out.Comment("reset makes d an empty group that fails with err (nil: absent in the acting version).").Line().
		Func().Params(recv).Id("reset").Params(jen.Id("buf").Index().Byte(), jen.Id("ver").Int(), jen.Id("err").Error()).Block(
		jen.Id("d").Dot("buf").Op(",").Id("d").Dot("ver").Op(",").Id("d").Dot("err").Op("=").List(jen.Id("buf"), jen.Id("ver"), jen.Id("err")),
		jen.Id("d").Dot("count").Op(",").Id("d").Dot("index").Op(",").Id("d").Dot("stage").Op("=").List(jen.Lit(0), jen.Lit(0), jen.Lit(0)),
		jen.Id("d").Dot("open").Op("=").False(),
	).Line().Line()

	// init reads the dimension header at pos.
	initBody := g.groupDecInit(gr, "d", "buf", "pos", "ver", []jen.Code{jen.Return()})
	out.Comment("init reads the group's dimension header at buf[pos:].").Line().
		Func().Params(recv).Id("init").Params(jen.Id("buf").Index().Byte(), jen.List(jen.Id("pos"), jen.Id("ver")).Int()).Block(initBody...).Line().Line()

	out.Comment("Count is the number of entries in the group.").Line().
		Func().Params(recv).Id("Count").Params().Int().Block(jen.Return(jen.Id("d").Dot("count"))).Line().Line()
	out.Comment("Err reports the first error met while walking the group.").Line().
		Func().Params(recv).Id("Err").Params().Error().Block(jen.Return(jen.Id("d").Dot("err"))).Line().Line()
	out.Comment("SBEActingBlockLength is the block length of one entry as encoded.").Line().
		Func().Params(recv).Id("SBEActingBlockLength").Params().Int().Block(jen.Return(jen.Id("d").Dot("blockLength"))).Line().Line()

	nextBody := []jen.Code{
		jen.If(jen.Id("d").Dot("err").Op("!=").Nil().Op("||").Id("d").Dot("index").Op(">=").Id("d").Dot("count")).Block(jen.Return(jen.False())),
	}
	if n > 0 {
		nextBody = append(nextBody, settleFast(c, n))
		nextBody = append(nextBody, jen.If(jen.Id("d").Dot("index").Op(">").Lit(0).Op("&&").Op("!").Id("d").Dot("seek").Call(jen.Lit(n))).Block(jen.Return(jen.False())))
	}
	nextBody = append(nextBody,
		jen.If(jen.Len(jen.Id("d").Dot("buf")).Op("-").Id("d").Dot("pos").Op("<").Id("d").Dot("blockLength")).Block(
			jen.Id("d").Dot("err").Op("=").Qual(pkgRuntime, "ShortBuffer").Call(jen.Lit(c.where), jen.Id("d").Dot("pos"), jen.Id("d").Dot("blockLength"), jen.Len(jen.Id("d").Dot("buf")).Op("-").Id("d").Dot("pos")),
			jen.Return(jen.False()),
		),
		jen.Id("d").Dot("off").Op("=").Id("d").Dot("pos"),
		jen.Id("d").Dot("pos").Op("+=").Id("d").Dot("blockLength"),
		jen.Id("d").Dot("stage").Op("=").Lit(0),
		jen.Id("d").Dot("open").Op("=").False(),
		jen.Id("d").Dot("index").Op("++"),
		jen.Return(jen.True()),
	)
	out.Comment("Next moves to the next entry; it returns false after the last entry or on an error (see Err).").Line().
		Func().Params(recv).Id("Next").Params().Bool().Block(nextBody...).Line().Line()

	out.Comment("All iterates over the remaining entries: for d := range d.All() { ... }; then check Err. It hands out").Line().
		Comment("the decoder itself, so a message decoder declared on the stack moves to the heap; walk with Next there.").Line().
		Func().Params(recv).Id("All").Params().Qual(pkgIter, "Seq").Types(jen.Op("*").Id(c.dec)).Block(
		jen.Return(jen.Func().Params(jen.Id("yield").Func().Params(jen.Op("*").Id(c.dec)).Bool()).Block(
			jen.For(jen.Id("d").Dot("Next").Call()).Block(
				jen.If(jen.Op("!").Id("yield").Call(jen.Id("d"))).Block(jen.Return()),
			),
		)),
	).Line().Line()

	done := jen.Id("d").Dot("err").Op("==").Nil().Op("&&").Id("d").Dot("index").Op("==").Id("d").Dot("count")
	if n > 0 {
		done = done.Op("&&").Parens(jen.Id("d").Dot("index").Op("==").Lit(0).Op("||").Id("d").Dot("stage").Op("==").Lit(n).Op("&&").Op("!").Id("d").Dot("open"))
	}
	endBody := []jen.Code{
		jen.If(done).Block(jen.Return(jen.Id("d").Dot("pos"), jen.Nil())),
		jen.For(jen.Id("d").Dot("Next").Call()).Block(),
		jen.If(jen.Id("d").Dot("err").Op("!=").Nil()).Block(jen.Return(jen.Id("d").Dot("pos"), jen.Id("d").Dot("err"))),
	}
	if n > 0 {
		endBody = append(endBody, jen.If(jen.Id("d").Dot("index").Op(">").Lit(0).Op("&&").Op("!").Id("d").Dot("seek").Call(jen.Lit(n))).Block(
			jen.Return(jen.Id("d").Dot("pos"), jen.Id("d").Dot("err"))))
	}
	endBody = append(endBody, jen.Return(jen.Id("d").Dot("pos"), jen.Nil()))
	out.Comment("finished returns the position after the group when it was walked to its end.").Line().
		Func().Params(recv).Id("finished").Params().Params(jen.Int(), jen.Bool()).Block(finishedBody(c, "d")...).Line().Line()
	out.Comment("end walks the remaining entries and returns the position after the group.").Line().
		Func().Params(recv).Id("end").Params().Params(jen.Int(), jen.Error()).Block(endBody...).Line().Line()
	out.Add(g.decoderWalk(c)).Line()

	// Encoder.
	erecv := jen.Id("e").Op("*").Id(c.enc)
	out.Add(doc(c.enc, gr.Description, "writes the entries of the group "+c.where+": call Next before each entry.", gr.IsDeprecated, gr.Deprecated)).
		Type().Id(c.enc).Struct(c.encoderStruct(
		jen.Id("hdr").Int().Comment("position of the dimension header"),
		jen.Id("count").Int(),
		jen.Id("index").Int(),
		jen.Id("err").Error(),
	)...).Line().Line()
	out.Comment("fail makes e an encoder whose Next returns err.").Line().
		Func().Params(erecv).Id("fail").Params(jen.Id("err").Error()).Block(
		jen.Id("e").Dot("err").Op(",").Id("e").Dot("count").Op(",").Id("e").Dot("index").Op("=").List(jen.Id("err"), jen.Lit(0), jen.Lit(0)),
	).Line().Line()
	out.Comment("init writes the dimension header at buf[pos:] for n entries.").Line().
		Func().Params(erecv).Id("init").Params(jen.Id("buf").Index().Byte(), jen.List(jen.Id("pos"), jen.Id("n")).Int()).Error().Block(
		append(g.groupEncInit(gr, "e", "buf", "pos", "n", func(err jen.Code) []jen.Code { return []jen.Code{jen.Return(err)} }),
			jen.Return(jen.Nil()))...,
	).Line().Line()

	enext := []jen.Code{
		jen.If(jen.Id("e").Dot("err").Op("!=").Nil()).Block(jen.Return(jen.Id("e").Dot("err"))),
		jen.If(jen.Id("e").Dot("index").Op(">=").Id("e").Dot("count")).Block(
			jen.Return(jen.Qual(pkgRuntime, "OutOfRange").Call(jen.Lit(c.where), jen.Id("e").Dot("pos"), jen.Uint64().Call(jen.Id("e").Dot("count")), jen.Uint64().Call(jen.Id("e").Dot("index").Op("+").Lit(1)))),
		),
	}
	if n > 0 {
		enext = append(enext, settleFastRecv(c, n, "e"))
		enext = append(enext, jen.If(jen.Id("e").Dot("index").Op(">").Lit(0)).Block(
			jen.If(jen.Id("err").Op(":=").Id("e").Dot("seek").Call(jen.Lit(n), jen.Lit(c.where)), jen.Id("err").Op("!=").Nil()).Block(jen.Return(jen.Id("err"))),
		))
	}
	enext = append(enext,
		jen.If(jen.Len(jen.Id("e").Dot("buf")).Op("-").Id("e").Dot("pos").Op("<").Lit(gr.BlockLength)).Block(
			jen.Return(jen.Qual(pkgRuntime, "ShortBuffer").Call(jen.Lit(c.where), jen.Id("e").Dot("pos"), jen.Lit(gr.BlockLength), jen.Len(jen.Id("e").Dot("buf")).Op("-").Id("e").Dot("pos"))),
		),
		jen.Id("e").Dot("off").Op("=").Id("e").Dot("pos"),
		jen.Id("e").Dot("pos").Op("+=").Lit(gr.BlockLength),
		zeroBlock(jen.Id("e").Dot("buf").Index(jen.Id("e").Dot("off"), jen.Id("e").Dot("pos")), gr.BlockLength),
		jen.Id("e").Dot("stage").Op("=").Lit(0),
		jen.Id("e").Dot("open").Op("=").False(),
		jen.Id("e").Dot("index").Op("++"),
		jen.Return(jen.Nil()),
	)
	// Next: the common case (no error, room for the block, the previous
	// entry's children all written in order) in a few statements, the rest
	// in next.
	var fast *jen.Statement
	if n > 0 {
		fast = jen.Parens(jen.Id("e").Dot("index").Op("==").Lit(0).Op("||").Id("e").Dot("stage").Op("==").Lit(n).Op("&&").Op("!").Id("e").Dot("open")).Op("&&")
	} else {
		fast = jen.Null()
	}
	fast = fast.Len(jen.Id("e").Dot("buf")).Op("-").Id("p").Op(">=").Lit(gr.BlockLength)
	fastBody := []jen.Code{
		zeroBlock(jen.Id("e").Dot("buf").Index(jen.Id("p"), jen.Id("p").Op("+").Lit(gr.BlockLength)), gr.BlockLength),
		jen.List(jen.Id("e").Dot("off"), jen.Id("e").Dot("pos")).Op("=").List(jen.Id("p"), jen.Id("p").Op("+").Lit(gr.BlockLength)),
	}
	if n > 0 {
		fastBody = append(fastBody, jen.List(jen.Id("e").Dot("stage"), jen.Id("e").Dot("open")).Op("=").List(jen.Lit(0), jen.False()))
	}
	fastBody = append(fastBody, jen.Id("e").Dot("index").Op("++"), jen.Return(jen.Nil()))
	out.Comment("Next starts the next entry (its block zeroed), closing the previous one.").Line().
		Func().Params(erecv).Id("Next").Params().Error().Block(
		jen.If(jen.Id("e").Dot("err").Op("==").Nil().Op("&&").Id("e").Dot("index").Op("<").Id("e").Dot("count")).Block(
			settleFastRecv(c, n, "e"),
			jen.Id("p").Op(":=").Id("e").Dot("pos"),
			jen.If(fast).Block(fastBody...),
		),
		jen.Return(jen.Id("e").Dot("next").Call()),
	).Line().Line()
	out.Comment("next is Next in every case: errors, no room, children of the previous entry to close or write.").Line().
		Func().Params(erecv).Id("next").Params().Error().Block(enext...).Line().Line()

	eend := []jen.Code{
		jen.If(jen.Id("e").Dot("err").Op("!=").Nil()).Block(jen.Return(jen.Id("e").Dot("pos"), jen.Id("e").Dot("err"))),
	}
	if n > 0 {
		eend = append(eend, jen.If(jen.Id("e").Dot("index").Op(">").Lit(0)).Block(
			jen.If(jen.Id("err").Op(":=").Id("e").Dot("seek").Call(jen.Lit(n), jen.Lit(c.where)), jen.Id("err").Op("!=").Nil()).Block(
				jen.Return(jen.Id("e").Dot("pos"), jen.Id("err")))))
	}
	eend = append(eend,
		jen.If(jen.Id("e").Dot("index").Op("<").Id("e").Dot("count")).Block(
			g.write(numP, "e.buf", at("e.hdr", numOff), jen.Id("e").Dot("index")),
			jen.Id("e").Dot("count").Op("=").Id("e").Dot("index").Comment("a later Next fails instead of writing over what follows"),
		),
		jen.Return(jen.Id("e").Dot("pos"), jen.Nil()),
	)
	out.Comment("finished returns the position after the group when all its entries were written and closed.").Line().
		Func().Params(erecv).Id("finished").Params().Params(jen.Int(), jen.Bool()).Block(finishedBody(c, "e")...).Line().Line()
	out.Comment("end closes the group: the entries written become its count.").Line().
		Func().Params(erecv).Id("end").Params().Params(jen.Int(), jen.Error()).Block(eend...).Line().Line()
	out.Add(g.encoderWalk(c)).Line()

	for _, sub := range gr.Groups {
		out.Add(g.group(c, sub)).Line()
	}
	return out
}

// roomCheck renders "count entries of at least max(blockLength, 1) bytes do
// not fit in room": a multiplication when the product stays below 2^48 (so
// it cannot overflow an int), else a division.
func roomCheck(blockLength, numInGroup ir.Primitive) *jen.Statement {
	if blockLength.Size()+numInGroup.Size() <= 6 {
		return jen.Id("count").Op("*").Max(jen.Id("blockLength"), jen.Lit(1)).Op(">").Id("room")
	}
	return jen.Id("count").Op(">").Id("room").Op("/").Max(jen.Id("blockLength"), jen.Lit(1))
}

// roomNeed renders the bytes count entries take at least, for the error
// that rejects them: the product where roomCheck multiplies, else the
// product saturated at the largest int.
func roomNeed(blockLength, numInGroup ir.Primitive) *jen.Statement {
	if blockLength.Size()+numInGroup.Size() <= 6 {
		return jen.Id("count").Op("*").Max(jen.Id("blockLength"), jen.Lit(1))
	}
	return jen.Qual(pkgRuntime, "MulSat").Call(jen.Id("count"), jen.Max(jen.Id("blockLength"), jen.Lit(1)))
}

// clearDim returns the zeroing of a dimension header when it has bytes
// besides its blockLength and numInGroup members, else nothing.
func clearDim(size int, blockLength, numInGroup ir.Primitive, clear jen.Code) jen.Code {
	if size == blockLength.Size()+numInGroup.Size() {
		return jen.Null()
	}
	return clear
}

// settleFast renders, for child k of c whose predecessor is a group, the
// inline move past that group once it was walked to its end:
//
//	if d.open && d.stage == k {
//		if p, ok := d.gPrev.finished(); ok {
//			d.pos, d.open = p, false
//		}
//	}
func settleFast(c *container, k int) jen.Code { return settleFastRecv(c, k, "d") }

// settleFastRecv is settleFast for the receiver r ("d" or "e").
func settleFastRecv(c *container, k int, r string) jen.Code {
	if k == 0 || k > len(c.groups) {
		return jen.Null()
	}
	prev := c.groups[k-1]
	return jen.If(jen.Id(r).Dot("open").Op("&&").Id(r).Dot("stage").Op("==").Lit(k)).Block(
		jen.If(jen.List(jen.Id("p"), jen.Id("ok")).Op(":=").Id(r).Dot(prev.ChildName).Dot("finished").Call(), jen.Id("ok")).Block(
			jen.List(jen.Id(r).Dot("pos"), jen.Id(r).Dot("open")).Op("=").List(jen.Id("p"), jen.False()),
		),
	)
}

// zeroBlock renders the zeroing of the slice s of constant length n: small
// blocks through an array conversion, which compiles to inline stores.
//
//	*(*[6]byte)(e.buf[e.off:e.pos]) = [6]byte{}
func zeroBlock(s *jen.Statement, n int) jen.Code {
	if n == 0 {
		return jen.Null()
	}
	if n > 128 {
		return jen.Clear(s)
	}
	return jen.Op("*").Parens(jen.Op("*").Index(jen.Lit(n)).Byte()).Parens(s).Op("=").Index(jen.Lit(n)).Byte().Values()
}

// finishedBody renders finished for receiver r: the group was walked to
// its end, its last entry's children too; when the last child is a group
// still handed out, that group decides (and knows the position).
//
//	if d.err != nil || d.index != d.count { return d.pos, false }
//	if d.index == 0 || d.stage == n && !d.open { return d.pos, true }
//	if d.stage == n { return d.gLast.finished() }
//	return d.pos, false
func finishedBody(c *container, r string) []jen.Code {
	n := c.children()
	pos := jen.Id(r).Dot("pos")
	out := []jen.Code{
		jen.If(jen.Id(r).Dot("err").Op("!=").Nil().Op("||").Id(r).Dot("index").Op("!=").Id(r).Dot("count")).Block(jen.Return(pos.Clone(), jen.False())),
	}
	if n == 0 {
		return append(out, jen.Return(pos.Clone(), jen.True()))
	}
	out = append(out, jen.If(jen.Id(r).Dot("index").Op("==").Lit(0).Op("||").Id(r).Dot("stage").Op("==").Lit(n).Op("&&").Op("!").Id(r).Dot("open")).Block(
		jen.Return(pos.Clone(), jen.True())))
	if len(c.data) == 0 {
		last := c.groups[len(c.groups)-1]
		out = append(out, jen.If(jen.Id(r).Dot("stage").Op("==").Lit(n)).Block(
			jen.Return(jen.Id(r).Dot(last.ChildName).Dot("finished").Call())))
	}
	return append(out, jen.Return(pos.Clone(), jen.False()))
}

// groupDecInit renders the group decoder r's read of its dimension header
// at buf[pos:] (the body of init, also written out in the parent's
// accessor so that walking a group costs no call for it); ret ends the
// rendered code after r.err was set.
//
//	r.buf, r.ver, r.err = buf, ver, nil
//	...
//	if len(buf)-pos < 4 { r.err = runtime.ShortBuffer(...); ret }
//	blockLength := int(binary.LittleEndian.Uint16(buf[pos:]))
//	count := int(binary.LittleEndian.Uint16(buf[pos+2:]))
//	need := 6
//	if blockLength < need { r.err = runtime.BlockTooShort(...); ret }
//	r.pos = pos + 4
//	room := len(buf) - r.pos
//	if count < 0 || count*max(blockLength, 1) > room { r.err = runtime.ShortBuffer(...); ret }
//	r.blockLength, r.count = blockLength, count
func (g *gen) groupDecInit(gr *ir.Group, r, buf, pos, ver string, ret []jen.Code) []jen.Code {
	c := groupContainer(gr)
	hdr := gr.DimensionType.Size
	blP, blOff := headerMember(gr.BlockLengthMember)
	numP, numOff := headerMember(gr.NumInGroupMember)
	fail := func(err jen.Code) []jen.Code {
		return append([]jen.Code{jen.Id(r).Dot("err").Op("=").Add(err)}, ret...)
	}
	out := []jen.Code{
		jen.List(jen.Id(r).Dot("buf"), jen.Id(r).Dot("ver"), jen.Id(r).Dot("err")).Op("=").List(raw("%s", buf), raw("%s", ver), jen.Nil()),
		jen.List(jen.Id(r).Dot("count"), jen.Id(r).Dot("index"), jen.Id(r).Dot("stage")).Op("=").List(jen.Lit(0), jen.Lit(0), jen.Lit(0)),
		jen.Id(r).Dot("open").Op("=").False(),
		jen.Id(r).Dot("pos").Op("=").Add(raw("%s", pos)),
		jen.If(jen.Len(raw("%s", buf)).Op("-").Add(raw("%s", pos)).Op("<").Lit(hdr)).Block(
			fail(jen.Qual(pkgRuntime, "ShortBuffer").Call(jen.Lit(c.where), raw("%s", pos), jen.Lit(hdr), jen.Len(raw("%s", buf)).Op("-").Add(raw("%s", pos))))...,
		),
		jen.Id("blockLength").Op(":=").Int().Call(g.read(blP, buf, at(pos, blOff))),
		jen.Id("count").Op(":=").Int().Call(g.read(numP, buf, at(pos, numOff))),
	}
	out = append(out, needCheck(c, "blockLength", ver, pos, fail)...)
	return append(out,
		jen.Id(r).Dot("pos").Op("=").Add(raw("%s", pos)).Op("+").Lit(hdr),
		jen.Comment("Every entry takes at least one byte or its block: a count the buffer cannot hold is rejected"),
		jen.Comment("before any entry is read."),
		jen.Id("room").Op(":=").Len(raw("%s", buf)).Op("-").Id(r).Dot("pos"),
		jen.If(jen.Id("count").Op("<").Lit(0).Op("||").Add(roomCheck(blP, numP))).Block(
			fail(jen.Qual(pkgRuntime, "ShortBuffer").Call(jen.Lit(c.where), jen.Id(r).Dot("pos"), roomNeed(blP, numP), jen.Id("room")))...,
		),
		jen.List(jen.Id(r).Dot("blockLength"), jen.Id(r).Dot("count")).Op("=").List(jen.Id("blockLength"), jen.Id("count")),
	)
}

// groupEncInit renders the group encoder r's write of its dimension header
// for n entries at buf[pos:] (the body of init, also written out in the
// parent's Count); ret ends the rendered code with r.err, once set.
func (g *gen) groupEncInit(gr *ir.Group, r, buf, pos, n string, ret func(err jen.Code) []jen.Code) []jen.Code {
	c := groupContainer(gr)
	hdr := gr.DimensionType.Size
	blP, blOff := headerMember(gr.BlockLengthMember)
	numP, numOff := headerMember(gr.NumInGroupMember)
	maxNum := gr.MaxCount
	room := jen.Len(raw("%s", buf)).Op("-").Add(raw("%s", pos))
	return []jen.Code{
		jen.List(jen.Id(r).Dot("buf"), jen.Id(r).Dot("hdr"), jen.Id(r).Dot("pos")).Op("=").List(raw("%s", buf), raw("%s", pos), raw("%s", pos)),
		jen.List(jen.Id(r).Dot("count"), jen.Id(r).Dot("index"), jen.Id(r).Dot("stage")).Op("=").List(jen.Lit(0), jen.Lit(0), jen.Lit(0)),
		jen.List(jen.Id(r).Dot("open"), jen.Id(r).Dot("err")).Op("=").List(jen.False(), jen.Nil()),
		jen.If(jen.Id(n).Op("<").Lit(0).Op("||").Uint64().Call(jen.Id(n)).Op(">").Add(raw("%d", maxNum))).Block(
			append([]jen.Code{jen.Id(r).Dot("err").Op("=").Qual(pkgRuntime, "OutOfRange").Call(jen.Lit(c.where), raw("%s", pos), raw("%d", maxNum), jen.Uint64().Call(jen.Id(n)))},
				ret(jen.Id(r).Dot("err"))...)...,
		),
		jen.If(room.Clone().Op("<").Lit(hdr)).Block(
			append([]jen.Code{jen.Id(r).Dot("err").Op("=").Qual(pkgRuntime, "ShortBuffer").Call(jen.Lit(c.where), raw("%s", pos), jen.Lit(hdr), room.Clone())},
				ret(jen.Id(r).Dot("err"))...)...,
		),
		clearDim(hdr, blP, numP, jen.Clear(raw("%s", buf).Index(raw("%s", pos), raw("%s", pos).Op("+").Lit(hdr)))),
		g.write(blP, buf, at(pos, blOff), jen.Lit(gr.BlockLength)),
		g.write(numP, buf, at(pos, numOff), jen.Id(n)),
		jen.Id(r).Dot("count").Op("=").Id(n),
		jen.Id(r).Dot("pos").Op("=").Add(raw("%s", pos)).Op("+").Lit(hdr),
	}
}
