package aeronc

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// TestVersionFollowsAeronVersionFile: AERON_VERSION is where the Aeron
// version is written; the supported major.minor here and the library that
// `make setup` built and linked must both be that version.
func TestVersionFollowsAeronVersionFile(t *testing.T) {
	raw, err := os.ReadFile("../../../AERON_VERSION")
	if err != nil {
		t.Fatal(err)
	}
	want := strings.TrimSpace(string(raw))
	if got := fmt.Sprintf("%d.%d.", VersionMajor, VersionMinor); !strings.HasPrefix(want, got) {
		t.Fatalf("VersionMajor.VersionMinor is %s, AERON_VERSION is %s", got, want)
	}
	major, minor, patch := LinkedVersion()
	if got := fmt.Sprintf("%d.%d.%d", major, minor, patch); got != want {
		t.Fatalf("linked Aeron C library is %s, AERON_VERSION is %s", got, want)
	}
	if err := CheckLinkedVersion(); err != nil {
		t.Fatal(err)
	}
}
