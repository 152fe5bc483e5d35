package transport_test

import (
	"context"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/aerongo/aerongo/gen/market"
	"github.com/aerongo/aerongo/transport"
)

// inNetnsEnv marks a test binary that runInNetns started inside a network
// namespace of its own.
const inNetnsEnv = "AERONGO_TEST_IN_NETNS"

// runInNetns runs the test binary again, with only the tests matching
// pattern, inside a new network namespace whose loopback is up and carries
// multicast (224.0.0.0/4 routed to it), and fails t when that run fails. The
// namespace is made with unshare and configured with ip (both installed by
// make setup); as an unprivileged user it maps the user to root in a new
// user namespace. Where the host refuses new namespaces it skips t, saying
// why.
func runInNetns(t *testing.T, pattern string) {
	t.Helper()
	for _, tool := range []string{"unshare", "ip"} {
		_, err := exec.LookPath(tool)
		require.NoError(t, err, "%s is needed to make the test's network namespace (make setup installs it)", tool)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if out, err := exec.CommandContext(ctx, "unshare", "--net", "--map-root-user", "true").CombinedOutput(); err != nil {
		// Containers and hardened kernels may refuse new user namespaces;
		// that is the host's policy, not something this test can change.
		t.Skipf("this host refuses a new network namespace (unshare --net --map-root-user: %v: %s)", err, out)
	}
	script := `ip link set lo up && ip link set lo multicast on && ip route add 224.0.0.0/4 dev lo && exec "$0" "$@"`
	cmd := exec.CommandContext(ctx, "unshare", "--net", "--map-root-user", "sh", "-c", script,
		os.Args[0], "-test.run", pattern, "-test.v", "-test.count", "1", "-test.timeout", "100s")
	cmd.Env = append(os.Environ(), inNetnsEnv+"=1")
	out, err := cmd.CombinedOutput()
	if err != nil || testing.Verbose() {
		t.Logf("in the network namespace:\n%s", out)
	}
	require.NoError(t, err, "the run in the network namespace failed")
	require.Contains(t, string(out), "--- PASS: ", "the run in the network namespace passed no test")
	require.NotContains(t, string(out), "--- SKIP: ")
}

// TestTypedMulticast publishes a typed Quote stream to a UDP multicast group
// and reads it with two subscribers, each on an embedded driver of its own,
// as two receiving hosts would: both get every Quote once, in order and
// intact. The channel sets min flow control, so that the publisher never
// runs ahead of either receiver's window. It runs in a network namespace of its own (runInNetns), so it
// needs no multicast route on the host and reaches nothing outside.
func TestTypedMulticast(t *testing.T) {
	if os.Getenv(inNetnsEnv) != "1" {
		runInNetns(t, "^TestTypedMulticast$")
		return
	}
	opts := udpDriverOptions(1 << 20)
	var clients [3]*transport.Client
	for i := range clients {
		drv, err := transport.StartEmbeddedDriver(opts)
		require.NoError(t, err)
		t.Cleanup(func() { _ = drv.Close() })
		clients[i] = dirClient(t, drv.Dir())
	}
	const channel = "aeron:udp?endpoint=224.0.1.1:40456|interface=127.0.0.1|fc=min"
	ctx := typedCtx(t, 60*time.Second)
	stream := typedStream()

	subs := make([]*market.QuoteSubscriber, 2)
	for i := range subs {
		sub, err := market.NewQuoteSubscriber(ctx, clients[1+i], channel, stream)
		require.NoError(t, err)
		defer sub.Close()
		subs[i] = sub
	}
	pub, err := market.NewQuotePublisher(ctx, clients[0], channel, stream, transport.WithExclusivePublication())
	require.NoError(t, err)
	defer pub.Close()
	require.NoError(t, pub.Publication().WaitConnected(ctx))
	// Both receivers joined before the first offer, so neither starts late.
	for _, sub := range subs {
		require.NoError(t, sub.Subscription().WaitConnected(ctx))
	}

	n := typedCount / 5
	pubErr := offerQuotes(ctx, pub, n)

	readQuotes(t, ctx, subs, n)
	require.NoError(t, <-pubErr)
}
