package transport_test

import (
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/aerongo/aerongo/gen/aotelemetry"
	"github.com/aerongo/aerongo/gen/market"
	"github.com/aerongo/aerongo/transport"
	"github.com/aerongo/aerongo/transport/internal/aeronc"
	"github.com/aerongo/aerongo/transport/internal/logbuffer"
)

// The objects one thread writes on every poll or message keep cache lines
// of their own (logbuffer.CacheLinePad): a cache line of padding first and
// last, so that no neighbouring heap object, written by another thread,
// shares a line with their fields.
func TestHotObjectsHaveCacheLinesOfTheirOwn(t *testing.T) {
	for _, typ := range []reflect.Type{
		reflect.TypeFor[logbuffer.ExclusiveAppender](),
		reflect.TypeFor[logbuffer.Reader](),
		reflect.TypeFor[logbuffer.FragmentAssembler](),
		reflect.TypeFor[logbuffer.ControlledFragmentAssembler](),
		reflect.TypeFor[aeronc.ImagePoller](),
		reflect.TypeFor[transport.Subscriber[market.Quote, *market.Quote]](),
		reflect.TypeFor[market.QuoteSubscriber](),
		reflect.TypeFor[market.BookSnapshotSubscriber](),
		reflect.TypeFor[aotelemetry.WavefrontFrameSubscriber](),
	} {
		first, last := typ.Field(0), typ.Field(typ.NumField()-1)
		assert.True(t, first.Name == "_" && first.Offset == 0 && first.Type.Size() >= 64,
			"%v starts with a cache line of padding (first field %s %v)", typ, first.Name, first.Type)
		assert.True(t, last.Name == "_" && last.Type.Size() >= 64 && last.Offset+last.Type.Size() == typ.Size(),
			"%v ends with a cache line of padding (last field %s %v)", typ, last.Name, last.Type)
	}
}
