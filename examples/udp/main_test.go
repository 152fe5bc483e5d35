package main

import (
	"bytes"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The test runs the example as two processes: this test binary re-executed
// with UDP_EXAMPLE_ARGS set runs main's code instead of the tests.
func TestMain(m *testing.M) {
	if args := os.Getenv("UDP_EXAMPLE_ARGS"); args != "" {
		if err := run(strings.Fields(args), os.Stdout); err != nil {
			os.Stderr.WriteString("udp: " + err.Error() + "\n")
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// freePort finds a UDP port on 127.0.0.1 whose next port is free too.
func freePort(t *testing.T) int {
	for range 20 {
		c, err := net.ListenPacket("udp", "127.0.0.1:0")
		require.NoError(t, err)
		port := c.LocalAddr().(*net.UDPAddr).Port
		c2, err := net.ListenPacket("udp", "127.0.0.1:"+strconv.Itoa(port+1))
		c.Close()
		if err == nil {
			c2.Close()
			return port
		}
	}
	t.Fatal("no free pair of UDP ports")
	return 0
}

func TestTwoProcessesOverUDP(t *testing.T) {
	out := twoProcesses(t, "")
	t.Logf("sub:\n%s", out) // a loaded machine can drop loopback datagrams too: NAKs then repaired them
}

// TestTwoProcessesOverUDPWithLoss: the subscriber's driver drops 5% of the
// data datagrams; every quote still arrives, in order, and its driver sent
// NAKs for the lost ones.
func TestTwoProcessesOverUDPWithLoss(t *testing.T) {
	out := twoProcesses(t, " -loss 0.05")
	assert.Regexp(t, `sub: the driver sent [1-9][0-9]* NAKs for lost datagrams`, out)
}

// twoProcesses runs the example's subscriber (with subArgs added) and its
// publisher as two processes, checks what each printed and returns the
// subscriber's output.
func twoProcesses(t *testing.T, subArgs string) string {
	port := strconv.Itoa(freePort(t))
	n := "20000"
	start := func(role, extra string) (*exec.Cmd, *bytes.Buffer) {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "UDP_EXAMPLE_ARGS=-role "+role+" -n "+n+" -port "+port+" -timeout 40s"+extra)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		require.NoError(t, cmd.Start())
		return cmd, &out
	}
	sub, subOut := start("sub", subArgs)
	time.Sleep(200 * time.Millisecond)
	pub, pubOut := start("pub", "")
	pubErr := pub.Wait()
	subErr := sub.Wait()
	require.NoError(t, pubErr, "pub:\n%s", pubOut)
	require.NoError(t, subErr, "sub:\n%s", subOut)
	assert.Contains(t, subOut.String(), "sub: received 20000 quotes, 0 gaps, 0 rejected\n")
	assert.Contains(t, pubOut.String(), "pub: sent 20000 quotes to aeron:udp?endpoint=127.0.0.1:"+port+"\n")
	assert.Contains(t, pubOut.String(), "pub: subscriber received 20000 quotes in ")
	return subOut.String()
}
