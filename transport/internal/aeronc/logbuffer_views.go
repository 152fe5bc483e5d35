package aeronc

/*
#include "logbuffer_views.h"
#include "aeron_publication.h"
#include "aeron_exclusive_publication.h"
#include "aeron_subscription.h"
#include "aeron_image.h"
*/
import "C"

import (
	"errors"
	"sync"
	"time"
	"unsafe"

	"github.com/aerongo/aerongo/transport/internal/logbuffer"
)

// LogView is what the Go log-buffer code needs from a C publication or
// image: the mapped log, the position counter (a publication's limit, an
// image's subscriber position) and the is_closed flag. The pointers stay
// valid while the C client keeps the publication or image (see the lifetime
// rules on LogView and ImagePoller).
type LogView struct {
	Terms      [logbuffer.PartitionCount]unsafe.Pointer
	Metadata   unsafe.Pointer
	TermLength int
	Position   unsafe.Pointer // *int64 in the counters buffer
	Closed     unsafe.Pointer // the C struct's volatile bool is_closed
	SessionID  int32
	StreamID   int32
}

func viewFromC(v *C.aerongo_lb_log_view_t) LogView {
	var lv LogView
	for i := range lv.Terms {
		lv.Terms[i] = unsafe.Pointer(v.terms[i])
	}
	lv.Metadata = unsafe.Pointer(v.meta)
	lv.TermLength = int(v.term_length)
	lv.Position = unsafe.Pointer(v.position)
	lv.Closed = unsafe.Pointer(v.closed)
	lv.SessionID = int32(v.session_id)
	lv.StreamID = int32(v.stream_id)
	return lv
}

// Log builds the Go view of the mapped log.
func (v LogView) Log() (*logbuffer.Log, error) {
	return logbuffer.FromPointers(v.Terms, v.TermLength, v.Metadata)
}

// LogView of the publication (aeron_publication_t or
// aeron_exclusive_publication_t: log_buffer->mapped_raw_log, position_limit,
// is_closed, session_id, stream_id). It is valid until the publication is
// closed: aeron_publication_close hands the publication to the client
// conductor, which unmaps the log and frees the struct with no linger.
func (p *Publication) LogView() LogView {
	var v C.aerongo_lb_log_view_t
	if p.ex != nil {
		C.aerongo_lb_exclusive_publication_view(p.ex, &v)
	} else {
		C.aerongo_lb_publication_view(p.pub, &v)
	}
	return viewFromC(&v)
}

// PublicationParams are the logbuffer appender parameters of the view.
func (v LogView) PublicationParams() logbuffer.PublicationParams {
	return logbuffer.PublicationParams{
		SessionID: v.SessionID,
		StreamID:  v.StreamID,
		Limit:     logbuffer.NewCounter(v.Position),
		Closed:    logbuffer.NewByteFlag(v.Closed),
	}
}

var (
	listLayoutOnce sync.Once
	listLayout     C.aerongo_lb_image_list_layout_t
)

// pollerImage is one image of the current image list.
type pollerImage struct {
	image      unsafe.Pointer
	reader     *logbuffer.Reader
	assembler  *logbuffer.FragmentAssembler
	controlled *logbuffer.ControlledFragmentAssembler
	onCtlFrag  logbuffer.ControlledFragmentHandler // controlled.Handler(), bound once
}

// ImagePoller polls a C subscription's images with the Go term reader and
// fragment assembler: no cgo call per poll or per message. It follows
// aeron_subscription_poll (aeron_subscription.c): it loads the current image
// list with acquire semantics (conductor_fields.image_lists_head.next_list),
// polls the images round-robin, then proposes the list's change number
// (last_image_list_change_number), which is what allows the client conductor
// to release images removed from older lists. An image in the list it polls
// therefore stays mapped until a later Poll has moved on to a newer list.
// Only when the list changes does it call into C, once per new image. One
// goroutine polls at a time, and not after the subscription is closed.
type ImagePoller struct {
	_          logbuffer.CacheLinePad // a poll of several images, or a controlled one, writes current, currentCtl and roundRobin
	head       *unsafe.Pointer
	lastChange *int64
	closed     logbuffer.ByteFlag // the subscription's is_closed
	list       unsafe.Pointer
	change     int64
	images     []*pollerImage
	byImage    map[unsafe.Pointer]*pollerImage
	roundRobin int
	current    logbuffer.FragmentHandler
	currentCtl logbuffer.ControlledFragmentHandler
	_          logbuffer.CacheLinePad
}

// NewImagePoller returns a poller of the subscription's images.
func (s *Subscription) NewImagePoller() *ImagePoller {
	listLayoutOnce.Do(func() { C.aerongo_lb_image_list_layout(&listLayout) })
	p := &ImagePoller{
		head:       (*unsafe.Pointer)(unsafe.Pointer(C.aerongo_lb_subscription_image_list_head(s.sub))),
		lastChange: (*int64)(unsafe.Pointer(C.aerongo_lb_subscription_last_change_number(s.sub))),
		closed:     logbuffer.NewByteFlag(unsafe.Pointer(C.aerongo_lb_subscription_closed(s.sub))),
		change:     -2,
		byImage:    map[unsafe.Pointer]*pollerImage{},
	}
	return p
}

// refresh rebuilds the image slice for a new list; readers of images still
// listed are kept, those of removed images dropped.
func (p *ImagePoller) refresh(list unsafe.Pointer, change int64) {
	length := int(*(*uint32)(unsafe.Add(list, listLayout.length_offset)))
	array := *(*unsafe.Pointer)(unsafe.Add(list, listLayout.array_offset))
	images := make([]*pollerImage, length)
	seen := make(map[unsafe.Pointer]*pollerImage, length)
	for i := range images {
		img := *(*unsafe.Pointer)(unsafe.Add(array, i*int(unsafe.Sizeof(uintptr(0)))))
		if img == nil {
			continue
		}
		pi := p.byImage[img]
		if pi == nil {
			pi = newPollerImage(img)
		}
		images[i] = pi
		seen[img] = pi
	}
	p.images, p.byImage, p.list, p.change = images, seen, list, change
}

// newPollerImage reads img through a Go reader and assemblers, whose
// delegates each poll sets to its handler (no hop per message).
func newPollerImage(img unsafe.Pointer) *pollerImage {
	var v C.aerongo_lb_log_view_t
	C.aerongo_lb_image_view((*C.struct_aeron_image_stct)(img), &v)
	lv := viewFromC(&v)
	log, err := lv.Log()
	if err != nil {
		panic("aeronc: image log: " + err.Error())
	}
	r := logbuffer.NewReader(log, logbuffer.ReaderParams{
		SubscriberPosition: logbuffer.NewCounter(lv.Position),
		Closed:             logbuffer.NewByteFlag(lv.Closed),
		Context:            img,
	})
	a := logbuffer.NewFragmentAssembler(nil)
	ca := logbuffer.NewControlledFragmentAssembler(nil)
	return &pollerImage{image: img, reader: r, assembler: a, controlled: ca, onCtlFrag: ca.Handler()}
}

// pollMode selects how pollImage reads an image.
type pollMode int

const (
	modeAssembled pollMode = iota
	modeFragments
	modeControlled
)

// Poll delivers up to fragmentLimit fragments' worth of whole messages
// (reassembled per image) to handler, round-robin over the images as
// aeron_subscription_poll does, and returns the fragments read. A
// subscription with one image, the common case, is read without the
// round-robin bookkeeping.
func (p *ImagePoller) Poll(handler logbuffer.FragmentHandler, fragmentLimit int) int {
	change := p.sync()
	read := 0
	if len(p.images) == 1 {
		if pi := p.images[0]; pi != nil {
			read = pi.pollAssembled(handler, fragmentLimit)
		}
	} else {
		p.current = handler
		read = p.pollImages(fragmentLimit, modeAssembled)
		p.current = nil
	}
	p.propose(change)
	return read
}

// ControlledPoll is Poll with a controlled handler, reassembling per image
// (aeron_subscription_controlled_poll with an image controlled fragment
// assembler): the handler's action steers each image's reader.
func (p *ImagePoller) ControlledPoll(handler logbuffer.ControlledFragmentHandler, fragmentLimit int) int {
	change := p.sync()
	p.currentCtl = handler
	n := p.pollImages(fragmentLimit, modeControlled)
	p.currentCtl = nil
	p.propose(change)
	return n
}

// PollFragments is Poll without reassembly: handler sees each fragment.
func (p *ImagePoller) PollFragments(handler logbuffer.FragmentHandler, fragmentLimit int) int {
	change := p.sync()
	p.current = handler
	n := p.pollImages(fragmentLimit, modeFragments)
	p.current = nil
	p.propose(change)
	return n
}

// sync loads the current image list (AERON_GET_ACQUIRE of
// conductor_fields.image_lists_head.next_list), rebuilds the image slice
// when it changed, and returns its change number.
func (p *ImagePoller) sync() int64 {
	list := atomicLoadPointer(p.head)
	change := *(*int64)(unsafe.Add(list, listLayout.change_number_offset))
	if list != p.list || change != p.change {
		p.refresh(list, change)
	}
	return change
}

// propose mirrors aeron_subscription_propose_last_image_change_number: once
// a poll is done with a list, the images removed before it may be freed.
func (p *ImagePoller) propose(change int64) {
	if change > atomicLoadInt64(p.lastChange) {
		atomicStoreInt64(p.lastChange, change)
	}
}

// pollImages polls the images round-robin from the next start index.
func (p *ImagePoller) pollImages(fragmentLimit int, mode pollMode) int {
	length := len(p.images)
	start := p.roundRobin
	p.roundRobin++
	if start >= length {
		start, p.roundRobin = 0, 0
	}
	read := 0
	for i := start; i < length && read < fragmentLimit; i++ {
		read += p.pollImage(p.images[i], fragmentLimit-read, mode)
	}
	for i := 0; i < start && read < fragmentLimit; i++ {
		read += p.pollImage(p.images[i], fragmentLimit-read, mode)
	}
	return read
}

func (p *ImagePoller) pollImage(pi *pollerImage, limit int, mode pollMode) int {
	if pi == nil {
		return 0
	}
	switch mode {
	case modeAssembled:
		return pi.pollAssembled(p.current, limit)
	case modeControlled:
		pi.controlled.SetDelegate(p.currentCtl)
		return pi.reader.ControlledPoll(pi.onCtlFrag, limit)
	}
	return pi.reader.Poll(p.current, limit)
}

// pollAssembled reads the image through its assembler with handler as the
// delegate of whole messages.
func (pi *pollerImage) pollAssembled(handler logbuffer.FragmentHandler, limit int) int {
	pi.assembler.SetDelegate(handler)
	return pi.reader.PollAssembled(pi.assembler, limit)
}

// ClosedFlag is the subscription's is_closed flag in C, read without a cgo
// call (its IsSet is AERON_GET_ACQUIRE(subscription->is_closed)). The Go
// transport closes its subscriptions only after their last poll, so while
// they are polled it is set only by the client conductor's forced close of
// every resource when it terminates (a driver timeout, say).
func (p *ImagePoller) ClosedFlag() logbuffer.ByteFlag { return p.closed }

// ImageCount is the number of images in the list last polled.
func (p *ImagePoller) ImageCount() int { return len(p.images) }

// BenchCIPC runs Aeron's C client alone over a concurrent publication and a
// subscription of this process: a C thread offers n messages of size bytes
// while the calling thread polls them through a C fragment assembler, all in
// one cgo call (aerongo_lb_bench_c_ipc). It returns the elapsed time; the
// live Go data-path benchmark compares itself with it.
func BenchCIPC(p *Publication, s *Subscription, size, n, fragmentLimit int) (time.Duration, error) {
	if p.pub == nil {
		return 0, errors.New("aeronc: BenchCIPC needs a concurrent publication")
	}
	ns := int64(C.aerongo_lb_bench_c_ipc(p.pub, s.sub, C.size_t(size), C.int64_t(n), C.int(fragmentLimit)))
	if ns < 0 {
		return 0, errors.New("aeronc: BenchCIPC failed")
	}
	return time.Duration(ns), nil
}

// BenchCPingPong runs Aeron's C client alone for an IPC ping-pong over two
// exclusive publications and two subscriptions of this process
// (aerongo_lb_bench_c_pingpong): a C pong thread echoes, the calling thread
// pings warmup+len(samples) times and records the measured round trips in
// samples (nanoseconds).
func BenchCPingPong(pingPub *Publication, pingSub *Subscription, pongPub *Publication, pongSub *Subscription, size, warmup int, samples []int64) error {
	if pingPub.ex == nil || pongPub.ex == nil || len(samples) == 0 {
		return errors.New("aeronc: BenchCPingPong needs exclusive publications and room for samples")
	}
	rc := C.aerongo_lb_bench_c_pingpong(pingPub.ex, pingSub.sub, pongPub.ex, pongSub.sub, C.size_t(size),
		C.int64_t(warmup), C.int64_t(len(samples)), (*C.int64_t)(unsafe.Pointer(&samples[0])))
	if rc < 0 {
		return errors.New("aeronc: BenchCPingPong failed")
	}
	return nil
}
