package gen_test

import (
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aerongo/aerongo/internal/examplecheck"
)

// entryKind is the kind of a generated entry point, the same for every
// message, group, enum or set of a schema: NewQuotePublisher and
// NewTradePublisher are both "New<M>Publisher", BookSnapshotEncoder.BidsCount
// and BookSnapshotBidsEncoder.OrdersCount both "<T>Encoder.<Group>Count".
// Setters of fields and set choices are kinds of their own, shown by the
// examples shownByKind names.
func entryKind(name string) string {
	typ, method, isMethod := strings.Cut(name, ".")
	if !isMethod {
		switch {
		case name == "NewMultiSubscriber", name == "NewMessage":
			return name
		case strings.HasPrefix(name, "New") && strings.HasSuffix(name, "Publisher"):
			return "New<M>Publisher"
		case strings.HasPrefix(name, "New") && strings.HasSuffix(name, "Subscriber"):
			return "New<M>Subscriber"
		case strings.HasPrefix(name, "Wrap") && strings.HasSuffix(name, "Decoder"):
			return "Wrap<T>Decoder"
		case strings.HasPrefix(name, "Wrap") && strings.HasSuffix(name, "Encoder"):
			return "Wrap<T>Encoder"
		}
		return name
	}
	switch {
	case strings.HasSuffix(typ, "Publisher"):
		return "<M>Publisher." + method
	case strings.HasSuffix(typ, "Subscriber"):
		return "<M>Subscriber." + method
	case strings.HasSuffix(typ, "Encoder") && strings.HasPrefix(method, "Set"):
		return "<T>Encoder.Set<Field>"
	case strings.HasSuffix(typ, "Encoder") && strings.HasSuffix(method, "Count"):
		return "<T>Encoder.<Group>Count"
	case strings.HasSuffix(typ, "Encoder"):
		return "<T>Encoder." + method
	case strings.HasSuffix(typ, "Decoder"):
		return "<T>Decoder." + method
	case strings.HasPrefix(method, "Set"):
		return "<Set>.Set<Choice>"
	}
	return "<T>." + method
}

// shownByKind names the example that shows the kinds whose entry points
// have no example of their own.
var shownByKind = map[string]string{
	"<T>Encoder.Set<Field>": "QuoteEncoder_WrapForEncode",
	"<Set>.Set<Choice>":     "TradeConditions",
}

// TestGeneratedExamplesCoverEntryPoints fails when a kind of generated entry
// point (an exported function, or a method that takes arguments or returns
// an iterator: internal/examplecheck) has no runnable Example in gen/market,
// the package of the example schema, so that the documentation of generated
// code shows every kind of its API at work.
func TestGeneratedExamplesCoverEntryPoints(t *testing.T) {
	pkg, err := examplecheck.Read("market")
	require.NoError(t, err)
	require.NotEmpty(t, pkg.EntryPoints)
	shown := map[string]bool{}
	for _, ep := range pkg.EntryPoints {
		kind := entryKind(ep.Name)
		if !shown[kind] {
			ex, ok := shownByKind[kind]
			shown[kind] = len(ep.Examples) > 0 || ok && slices.Contains(pkg.Examples, ex)
		}
	}
	var missing []string
	for kind, ok := range shown {
		if !ok {
			missing = append(missing, kind)
		}
	}
	sort.Strings(missing)
	assert.Empty(t, missing, "kinds of generated entry points without an Example in gen/market")
	assert.Empty(t, pkg.NotRun, "examples without an Output comment, which go test does not run")
}
