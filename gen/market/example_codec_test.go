package market_test

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/aerongo/aerongo/gen/market"
	"github.com/aerongo/aerongo/runtime"
)

// MarshalBinary encodes a Quote into a new frame, message header included;
// the frame is always QuoteFrameLength bytes long.
func ExampleQuote_MarshalBinary() {
	q := market.Quote{Symbol: "ESZ6", Venue: market.VenueXcme, Sequence: 1, Bid: 51222500, Ask: 51225000}
	frame, err := q.MarshalBinary()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(frame), len(frame) == market.QuoteFrameLength, len(frame) == q.SBEEncodedLength())
	fmt.Printf("header % x\n", frame[:market.MessageHeaderSize])
	// Output:
	// 65 true true
	// header 39 00 01 00 65 00 00 00
}

// AppendBinary appends frames to a buffer that is reused from one batch to
// the next, so that steady-state encoding allocates nothing.
func ExampleQuote_AppendBinary() {
	buf := make([]byte, 0, 4*market.QuoteFrameLength)
	for batch := 1; batch <= 2; batch++ {
		buf = buf[:0] // reuse the buffer's capacity
		for i := range 3 {
			q := market.Quote{Symbol: "ESZ6", Sequence: uint64(10*batch + i)}
			var err error
			if buf, err = q.AppendBinary(buf); err != nil {
				fmt.Println(err)
				return
			}
		}
		// The frames lie back to back; read the last one.
		var last market.Quote
		if err := last.UnmarshalBinary(buf[len(buf)-market.QuoteFrameLength:]); err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println("batch", batch, "bytes", len(buf), "last sequence", last.Sequence)
	}
	// Output:
	// batch 1 bytes 195 last sequence 12
	// batch 2 bytes 195 last sequence 22
}

// UnmarshalBinary decodes a frame into a Quote. A frame cut short is rejected
// with an error that wraps runtime.ErrShortBuffer.
func ExampleQuote_UnmarshalBinary() {
	frame, err := (&market.Quote{Symbol: "NQZ6", Venue: market.VenueXcme, Sequence: 42, Bid: 2150000, Ask: 2150025}).MarshalBinary()
	if err != nil {
		fmt.Println(err)
		return
	}
	var q market.Quote
	if err := q.UnmarshalBinary(frame); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(q.Symbol, q.Venue, q.Sequence, q.Bid, q.Ask)

	err = q.UnmarshalBinary(frame[:40]) // a truncated frame
	fmt.Println(err)
	fmt.Println(errors.Is(err, runtime.ErrShortBuffer))
	// Output:
	// NQZ6 XCME 42 2150000 2150025
	// sbe: buffer too short in Quote at offset 8: need 57 bytes, have 32
	// true
}

// The flyweight encoder writes a Quote in place into a caller's buffer:
// WrapForEncode writes the message header, the setters write the fields, and
// Finish returns the length of the frame.
func ExampleQuoteEncoder_WrapForEncode() {
	buf := make([]byte, 128)
	var e market.QuoteEncoder
	if err := e.WrapForEncode(buf); err != nil {
		fmt.Println(err)
		return
	}
	e.SetSymbolString("ESZ6")
	e.SetVenue(market.VenueXcme)
	e.SetSequence(7)
	e.SetBid(51222500)
	e.SetBidSize(12)
	e.SetAsk(51225000)
	e.SetAskSize(3)
	n, err := e.Finish()
	if err != nil {
		fmt.Println(err)
		return
	}
	frame := buf[:n]
	fmt.Println("frame length", n)

	var q market.Quote
	if err := q.UnmarshalBinary(frame); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%+v\n", q)

	// A buffer shorter than the frame is refused.
	fmt.Println(e.WrapForEncode(make([]byte, 16)))
	// Output:
	// frame length 65
	// {Symbol:ESZ6 Venue:XCME Sequence:7 Timestamp:0 Bid:51222500 BidSize:12 Ask:51225000 AskSize:3}
	// sbe: buffer too short in Quote at offset 0: need 65 bytes, have 16
}

// Wrap checks a frame's message header (schema, template, block length) and
// reads the fields in place, without copying; Symbol is a view into the frame.
func ExampleQuoteDecoder_Wrap() {
	frame, err := (&market.Quote{Symbol: "ESZ6", Venue: market.VenueXcme, Sequence: 3, Bid: 51222500, Ask: 51225000}).MarshalBinary()
	if err != nil {
		fmt.Println(err)
		return
	}
	var d market.QuoteDecoder
	if err := d.Wrap(frame); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s %v %d %d/%d\n", d.Symbol(), d.Venue(), d.Sequence(), d.Bid(), d.Ask())
	fmt.Println("version", d.SBEActingVersion(), "block", d.SBEActingBlockLength())

	// A frame of another template is refused.
	trade, err := (&market.Trade{Symbol: "ESZ6"}).MarshalBinary()
	if err != nil {
		fmt.Println(err)
		return
	}
	err = d.Wrap(trade)
	fmt.Println(err, errors.Is(err, runtime.ErrUnknownTemplate))
	// Output:
	// ESZ6 XCME 3 51222500/51225000
	// version 0 block 57
	// sbe: unknown template id in Quote at offset 2: want template id 1, got 2 true
}

// WrapBody wraps a message whose header was read elsewhere, the way a
// dispatcher does: read the header, choose the decoder by template id, then
// wrap the body after the header with the header's block length and version.
func ExampleQuoteDecoder_WrapBody() {
	frame, err := (&market.Quote{Symbol: "ESZ6", Sequence: 9, Bid: 100, Ask: 101}).MarshalBinary()
	if err != nil {
		fmt.Println(err)
		return
	}
	h, err := market.WrapMessageHeaderDecoder(frame, market.SchemaVersion)
	if err != nil {
		fmt.Println(err)
		return
	}
	if h.SchemaID() != market.SchemaID {
		fmt.Println("schema", h.SchemaID())
		return
	}
	switch h.TemplateID() {
	case 1: // Quote
		var d market.QuoteDecoder
		if err := d.WrapBody(frame, market.MessageHeaderSize, int(h.BlockLength()), int(h.Version())); err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%s %d %d/%d\n", d.Symbol(), d.Sequence(), d.Bid(), d.Ask())
	default:
		fmt.Println("not a Quote")
	}
	// Output:
	// ESZ6 9 100/101
}

// WrapMessageHeaderDecoder reads the message header at the start of a frame
// on its own, e.g. to route frames by template id before decoding them. A
// buffer shorter than the header is refused.
func ExampleWrapMessageHeaderDecoder() {
	frame, err := (&market.Trade{Symbol: "ESZ6", Price: 101}).MarshalBinary()
	if err != nil {
		fmt.Println(err)
		return
	}
	h, err := market.WrapMessageHeaderDecoder(frame, market.SchemaVersion)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("schema", h.SchemaID(), "version", h.Version(), "template", h.TemplateID(), "block", h.BlockLength())

	_, err = market.WrapMessageHeaderDecoder(frame[:5], market.SchemaVersion)
	fmt.Println(err, errors.Is(err, runtime.ErrShortBuffer))
	// Output:
	// schema 101 version 0 template 2 block 43
	// sbe: buffer too short in messageHeader at offset 0: need 8 bytes, have 5 true
}

// WrapMessageHeaderEncoder writes a message header into a caller's buffer, e.g.
// in front of a body encoded separately or to re-stamp a frame's template id.
func ExampleWrapMessageHeaderEncoder() {
	buf := make([]byte, market.MessageHeaderSize)
	e, err := market.WrapMessageHeaderEncoder(buf)
	if err != nil {
		fmt.Println(err)
		return
	}
	e.SetBlockLength(57)
	e.SetTemplateID(1)
	e.SetSchemaID(market.SchemaID)
	e.SetVersion(market.SchemaVersion)
	fmt.Printf("% x\n", buf)
	// Output:
	// 39 00 01 00 65 00 00 00
}

// A BookSnapshot is encoded in schema order: the fixed fields, then each
// group (its Count, then Next before each entry, nested groups inside an
// entry), then the var data; Finish returns the frame length. The decoder
// reads it back in the same order.
func ExampleBookSnapshotEncoder_BidsCount() {
	buf := make([]byte, 512)
	var e market.BookSnapshotEncoder
	if err := e.WrapForEncode(buf); err != nil {
		fmt.Println(err)
		return
	}
	e.SetSymbolString("ESZ6")
	e.SetVenue(market.VenueXcme)
	e.SetSequence(7)

	type order struct {
		id  uint64
		qty int64 // 0: not disclosed
	}
	type level struct {
		price, qty int64
		orders     []order
	}
	bidLevels := []level{
		{51222500, 15, []order{{101, 10}, {102, 5}}},
		{51220000, 4, []order{{103, 0}}},
	}
	bids, err := e.BidsCount(len(bidLevels))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, l := range bidLevels {
		if err := bids.Next(); err != nil {
			fmt.Println(err)
			return
		}
		bids.SetPrice(l.price)
		bids.SetQuantity(l.qty)
		orders, err := bids.OrdersCount(len(l.orders))
		if err != nil {
			fmt.Println(err)
			return
		}
		for _, o := range l.orders {
			if err := orders.Next(); err != nil {
				fmt.Println(err)
				return
			}
			orders.SetOrderID(o.id)
			if o.qty == 0 {
				orders.SetQuantityNull()
			} else {
				orders.SetQuantity(o.qty)
			}
		}
	}
	asks, err := e.AsksCount(1)
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := asks.Next(); err != nil {
		fmt.Println(err)
		return
	}
	asks.SetPrice(51225000)
	asks.SetQuantity(8) // its orders group is not written: Finish writes it empty
	if err := e.SetSourceString("cme"); err != nil {
		fmt.Println(err)
		return
	}
	n, err := e.Finish()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("frame length", n)

	var d market.BookSnapshotDecoder
	if err := d.Wrap(buf[:n]); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s %v %d\n", d.Symbol(), d.Venue(), d.Sequence())
	for bids := d.Bids(); bids.Next(); {
		fmt.Println("bid", bids.Price(), bids.Quantity())
		for orders := bids.Orders(); orders.Next(); {
			if orders.QuantityIsNull() {
				fmt.Println("  order", orders.OrderID(), "undisclosed")
			} else {
				fmt.Println("  order", orders.OrderID(), orders.Quantity())
			}
		}
	}
	for asks := d.Asks(); asks.Next(); {
		fmt.Println("ask", asks.Price(), asks.Quantity(), "orders", asks.Orders().Count())
	}
	fmt.Printf("source %s\n", d.Source())
	if err := d.Err(); err != nil {
		fmt.Println(err)
		return
	}
	// Output:
	// frame length 156
	// ESZ6 XCME 7
	// bid 51222500 15
	//   order 101 10
	//   order 102 5
	// bid 51220000 4
	//   order 103 undisclosed
	// ask 51225000 8 orders 0
	// source cme
}

// All iterates over the entries of a group with range; each entry's nested
// group has its own All. Check the group's Err after the loop.
func ExampleBookSnapshotBidsDecoder_All() {
	snap := market.BookSnapshot{
		Symbol: "ESZ6",
		Bids: []market.BookSnapshotBids{
			{Price: 51222500, Quantity: 15, Orders: []market.BookSnapshotBidsOrders{{OrderID: 101, Quantity: 10}, {OrderID: 102, Quantity: 5}}},
			{Price: 51220000, Quantity: 4, Orders: []market.BookSnapshotBidsOrders{{OrderID: 103, Quantity: 4}}},
		},
	}
	frame, err := snap.MarshalBinary()
	if err != nil {
		fmt.Println(err)
		return
	}
	var d market.BookSnapshotDecoder
	if err := d.Wrap(frame); err != nil {
		fmt.Println(err)
		return
	}
	bids := d.Bids()
	fmt.Println(bids.Count(), "bids")
	for bid := range bids.All() {
		orders := bid.Orders()
		for o := range orders.All() {
			fmt.Println(bid.Price(), o.OrderID(), o.Quantity())
		}
		if err := orders.Err(); err != nil {
			fmt.Println(err)
			return
		}
	}
	if err := bids.Err(); err != nil {
		fmt.Println(err)
		return
	}
	// Output:
	// 2 bids
	// 51222500 101 10
	// 51222500 102 5
	// 51220000 103 4
}

// Enums marshal as their schema names, so they read well in JSON; a value
// the schema does not define is refused.
func ExampleVenue_MarshalText() {
	text, err := market.VenueXeur.MarshalText()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(string(text))

	b, err := json.Marshal(market.Quote{Symbol: "FDAX", Venue: market.VenueXeur, Bid: 1, Ask: 2})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(string(b))

	_, err = market.Venue('Z').MarshalText()
	fmt.Println(err)
	// Output:
	// XEUR
	// {"Symbol":"FDAX","Venue":"XEUR","Sequence":0,"Timestamp":0,"Bid":1,"BidSize":0,"Ask":2,"AskSize":0}
	// market: invalid Venue Venue(90)
}

// UnmarshalText reads the names MarshalText writes, e.g. from JSON; an
// unknown name is an error.
func ExampleSide_UnmarshalText() {
	var s market.Side
	if err := s.UnmarshalText([]byte("Sell")); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s == market.SideSell)

	var t market.Trade
	if err := json.Unmarshal([]byte(`{"Symbol":"ESZ6","Price":101,"Aggressor":"Buy"}`), &t); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(t.Symbol, t.Price, t.Aggressor)

	fmt.Println(s.UnmarshalText([]byte("Hold")))
	// Output:
	// true
	// ESZ6 101 Buy
	// market: unknown Side "Hold"
}

// A set is a bit set of the schema's choices: Set* sets or clears one, Has*
// tests it, String lists those set.
func ExampleTradeConditions() {
	var c market.TradeConditions
	c.SetOpening(true)
	c.SetAuction(true)
	fmt.Println(c, c.HasAuction(), c.HasClosing())

	c.SetAuction(false)
	fmt.Println(c, c.HasAuction())

	// The constants combine as bits.
	fmt.Println(market.TradeConditionsClosing | market.TradeConditionsOffBook)
	// Output:
	// {Opening,Auction} true false
	// {Opening} false
	// {Closing,OffBook}
}

// Dispatch reads the message header of a frame and hands the message to the
// handler of its template; a nil handler skips its messages. A template id the
// schema does not define is an error, unless OnUnknownTemplate handles it.
func ExampleDispatch() {
	var frames [][]byte
	for _, m := range []runtime.Message{
		&market.Quote{Symbol: "ESZ6", Bid: 100, Ask: 101},
		&market.Trade{Symbol: "ESZ6", Price: 101, Aggressor: market.SideBuy},
		&market.BookSnapshot{Symbol: "ESZ6", Source: "cme"},
	} {
		frame, err := m.MarshalBinary()
		if err != nil {
			fmt.Println(err)
			return
		}
		frames = append(frames, frame)
	}
	// A frame with a template id the schema does not define.
	unknown := append([]byte(nil), frames[0]...)
	binary.LittleEndian.PutUint16(unknown[2:], 9)
	frames = append(frames, unknown)

	h := &market.Handlers{ // reuse it: it holds the decoders it hands out
		OnQuote: func(d *market.QuoteDecoder) error {
			fmt.Println("quote", d.Bid(), d.Ask())
			return nil
		},
		OnTrade: func(d *market.TradeDecoder) error {
			fmt.Println("trade", d.Price(), d.Aggressor())
			return nil
		},
		// OnBookSnapshot is nil: snapshots are skipped.
	}
	for _, frame := range frames {
		if err := market.Dispatch(frame, h); err != nil {
			fmt.Println(err, errors.Is(err, runtime.ErrUnknownTemplate))
		}
	}

	h.OnUnknownTemplate = func(templateID int, frame []byte) error {
		fmt.Println("skipped template", templateID, "of", len(frame), "bytes")
		return nil
	}
	if err := market.Dispatch(unknown, h); err != nil {
		fmt.Println(err)
		return
	}
	// Output:
	// quote 100 101
	// trade 101 Buy
	// sbe: unknown template id in market at offset 2: template id 9 true
	// skipped template 9 of 65 bytes
}

// NewMessage returns a new value of the message a template id names, e.g. to
// decode a frame whose type is known only from its header.
func ExampleNewMessage() {
	frame, err := (&market.Trade{Symbol: "ESZ6", TradeID: 77, Price: 101}).MarshalBinary()
	if err != nil {
		fmt.Println(err)
		return
	}
	templateID := int(binary.LittleEndian.Uint16(frame[2:])) // from the message header
	m := market.NewMessage(templateID)
	if m == nil {
		fmt.Println("unknown template", templateID)
		return
	}
	if err := m.UnmarshalBinary(frame); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%T %+v\n", m, m)
	fmt.Println(market.NewMessage(9) == nil)
	// Output:
	// *market.Trade &{Symbol:ESZ6 Venue:NULL_VAL TradeID:77 Timestamp:0 Price:101 Quantity:0 Aggressor:Buy Conditions:{}}
	// true
}

// TemplateIDs lists the schema's messages, e.g. to register a handler or a
// codec for each.
func ExampleTemplateIDs() {
	for _, id := range market.TemplateIDs() {
		m := market.NewMessage(id)
		fmt.Printf("%d %T block %d\n", id, m, m.SBEBlockLength())
	}
	// Output:
	// 1 *market.Quote block 57
	// 2 *market.Trade block 43
	// 3 *market.BookSnapshot block 25
}
