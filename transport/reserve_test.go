package transport

import (
	"bytes"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TryReserve on both kinds of publication: committed reservations arrive
// in order, each where its publication's position said it ends; an aborted
// one (its bytes written) never arrives and holds nothing up; Commit and
// Abort a second time do nothing; the refusals are TryClaim's.
func TestTryReserve(t *testing.T) {
	for _, exclusive := range []bool{true, false} {
		t.Run(fmt.Sprintf("exclusive=%v", exclusive), func(t *testing.T) {
			cl := newTestClient(t)
			pub, sub := pubSub(t, cl, "aeron:ipc?term-length=64k", exclusive)
			var want, got [][]byte
			var wantPos, gotPos []int64
			handler := func(msg []byte, h *Header) {
				got = append(got, bytes.Clone(msg))
				gotPos = append(gotPos, h.Position())
			}
			rotations := 0
			// Three terms' worth, so that reservations meet the end of a
			// term (refused with ErrAdminAction, then granted in the next).
			deadline := time.Now().Add(time.Minute)
			for i := 0; len(want) < 600; i++ {
				require.True(t, time.Now().Before(deadline), "600 messages not reserved within a minute")
				msg := bytes.Repeat([]byte{byte(i)}, 1+i%300)
				r, err := pub.TryReserve(len(msg))
				if errors.Is(err, ErrBackPressured) {
					// The driver raises the publication's limit as it sees
					// the subscriber move, a little behind it.
					_, err = sub.Poll(handler, 10)
					require.NoError(t, err)
					continue
				}
				if err != nil {
					require.ErrorIs(t, err, ErrAdminAction)
					rotations++
					continue
				}
				require.Len(t, r.Buffer(), len(msg))
				copy(r.Buffer(), msg)
				if i%7 == 3 {
					r.Abort()
					r.Abort()
					assert.Nil(t, r.Buffer())
					continue
				}
				r.Commit()
				r.Commit()
				assert.Nil(t, r.Buffer())
				pos, err := pub.Position()
				require.NoError(t, err)
				want = append(want, msg)
				wantPos = append(wantPos, pos)
				// IPC: the message is there to read at once, and reading it
				// keeps the publication inside its window.
				_, err = sub.Poll(handler, 10)
				require.NoError(t, err)
			}
			pollUntil(t, sub, handler, func() bool { return len(got) >= len(want) }, 10*time.Second)
			assert.Equal(t, want, got)
			assert.Equal(t, wantPos, gotPos)
			assert.Positive(t, rotations, "no reservation met the end of a term")

			_, err := pub.TryReserve(pub.MaxPayloadLength() + 1)
			assert.ErrorIs(t, err, ErrMessageTooLong)
			_, err = pub.TryReserve(-1)
			assert.ErrorIs(t, err, ErrMessageTooLong)
			require.NoError(t, pub.Close())
			_, err = pub.TryReserve(1)
			assert.ErrorIs(t, err, ErrClosed)
		})
	}
}

func TestTryReserveCommitAllocatesNothing(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates on its own; allocation counts are meaningful only without -race")
	}
	cl := newTestClient(t)
	for _, exclusive := range []bool{true, false} {
		pub, sub := pubSub(t, cl, "aeron:ipc?term-length=1m", exclusive)
		handler := func([]byte, *Header) {}
		reserved := 0
		allocs := testing.AllocsPerRun(allocRuns, func() {
			if r, err := pub.TryReserve(32); err == nil {
				r.Buffer()[0] = 1
				r.Commit()
				reserved++
			}
			_, _ = sub.Poll(handler, 10)
		})
		assert.Zero(t, allocs, "TryReserve + Commit allocations per message, exclusive=%v", exclusive)
		require.Positive(t, reserved)
	}
}
