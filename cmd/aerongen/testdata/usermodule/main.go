// Command ticks is TestGoGenerateInAUserModule's program: it publishes
// 1,000 Ticks of tick.xml through the publisher that aerongen generated
// into ./ticks and reads them back through the generated subscriber, on a
// media driver in this process.
package main

import (
	"context"
	"fmt"
	"log"
	"time"

	"example.com/ticks/ticks"
	"github.com/aerongo/aerongo/transport"
)

func main() {
	drv, err := transport.StartEmbeddedDriver(transport.DriverOptions{ThreadingMode: transport.ThreadingShared, SparseTermFiles: true})
	if err != nil {
		log.Fatal(err)
	}
	defer drv.Close()
	cl, err := transport.Connect(transport.ClientOptions{Dir: drv.Dir()})
	if err != nil {
		log.Fatal(err)
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	sub, err := ticks.NewTickSubscriber(ctx, cl, "aeron:ipc", 7)
	if err != nil {
		log.Fatal(err)
	}
	pub, err := ticks.NewTickPublisher(ctx, cl, "aeron:ipc", 7)
	if err != nil {
		log.Fatal(err)
	}
	const n = 1000
	go func() {
		for i := range n {
			t := ticks.Tick{Seq: uint64(i), Price: int64(100 + i), Side: ticks.Side(i % 2), Venue: "XCME",
				Fills: []ticks.TickFills{{Qty: uint32(i)}, {Qty: 1}}}
			if err := pub.Offer(ctx, &t); err != nil {
				log.Fatal(err)
			}
		}
	}()
	got := 0
	for t, err := range sub.All(ctx) {
		if err != nil {
			log.Fatal(err)
		}
		if t.Seq != uint64(got) || t.Price != int64(100+got) || t.Venue != "XCME" || len(t.Fills) != 2 || t.Fills[0].Qty != uint32(got) {
			log.Fatalf("tick %d: %+v", got, *t)
		}
		got++
		if got == n {
			break
		}
	}
	fmt.Println("received", got, "ticks")
}
