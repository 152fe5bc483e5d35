package interop

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/aerongo/aerongo/internal/sbe/dyn"
	"github.com/aerongo/aerongo/internal/sbe/ir"
	"github.com/aerongo/aerongo/runtime"
	"github.com/aerongo/aerongo/testdata/golden/archive"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// archiveVersion is Aeron 1.51.0 in the archive protocol's semantic
// version form (major << 16 | minor << 8 | patch).
const archiveVersion = 1<<16 | 51<<8

// archiveCases are the messages the Java peer's archive-write writes with
// Aeron's own archive codecs (Archive.java, the same values), as the
// structs aerongen generates from Aeron's archive schema, and the line its
// archive-read prints for them.
var archiveCases = []struct {
	msg  runtime.Message
	line string
}{
	{&archive.ControlResponse{ControlSessionID: -7, CorrelationID: 1_234_567_890_123, RelevantID: 42,
		Code: archive.ControlResponseCodeRecordingUnknown, Version: archiveVersion, ErrorMessage: "unknown recording 42"},
		"ControlResponse controlSessionId=-7 correlationId=1234567890123 relevantId=42 code=RECORDING_UNKNOWN version=78592 errorMessage=unknown recording 42"},
	{&archive.AuthConnectRequest{CorrelationID: 99, ResponseStreamID: 20, Version: archiveVersion,
		ResponseChannel: "aeron:udp?endpoint=localhost:8020", EncodedCredentials: []byte{0, 1, 2, 0xff}, ClientInfo: "aerongo"},
		"AuthConnectRequest correlationId=99 responseStreamId=20 version=78592 responseChannel=aeron:udp?endpoint=localhost:8020 encodedCredentials=000102ff clientInfo=aerongo"},
	{&archive.ReplayRequest{ControlSessionID: 5, CorrelationID: 6, RecordingID: 7, Position: 8192, Length: 1<<63 - 1,
		ReplayStreamID: 101, FileIoMaxLength: 65536, ReplayToken: 31337, ReplayChannel: "aeron:ipc"},
		"ReplayRequest controlSessionId=5 correlationId=6 recordingId=7 position=8192 length=9223372036854775807 replayStreamId=101 fileIoMaxLength=65536 replayToken=31337 replayChannel=aeron:ipc"},
	{&archive.RecordingDescriptor{ControlSessionID: 1, CorrelationID: 2, RecordingID: 3, StartTimestamp: 1_764_633_600_000,
		StopTimestamp: -1, StartPosition: 0, StopPosition: 1 << 20, InitialTermID: -5, SegmentFileLength: 128 << 20,
		TermBufferLength: 64 << 10, MtuLength: 1408, SessionID: -123, StreamID: 1001,
		StrippedChannel: "aeron:udp?endpoint=localhost:40123", OriginalChannel: "aeron:udp?endpoint=localhost:40123|alias=feed",
		SourceIdentity: "127.0.0.1:55555"},
		"RecordingDescriptor controlSessionId=1 correlationId=2 recordingId=3 startTimestamp=1764633600000 stopTimestamp=-1 startPosition=0 stopPosition=1048576 initialTermId=-5 segmentFileLength=134217728 termBufferLength=65536 mtuLength=1408 sessionId=-123 streamId=1001 strippedChannel=aeron:udp?endpoint=localhost:40123 originalChannel=aeron:udp?endpoint=localhost:40123|alias=feed sourceIdentity=127.0.0.1:55555"},
	{&archive.StartRecordingRequest2{ControlSessionID: 11, CorrelationID: 12, StreamID: 1001,
		SourceLocation: archive.SourceLocationRemote, AutoStop: archive.BooleanTypeTrue, Channel: "aeron:udp?endpoint=localhost:40123"},
		"StartRecordingRequest2 controlSessionId=11 correlationId=12 streamId=1001 sourceLocation=REMOTE autoStop=TRUE channel=aeron:udp?endpoint=localhost:40123"},
}

// TestArchiveCodecsWithAeronJava checks the code aerongen generates for
// Aeron's archive control protocol against the codecs compiled into the
// Aeron Java client itself (aeron-all 1.51.0), for a response, a connect
// request with credentials, a replay request with fields added in later
// versions, a recording descriptor and a start-recording request with two
// enums. The generated package is testdata/golden/archive, from the schema
// of a later Aeron (protocol version 14, where the jar speaks 13), so each
// direction also crosses a schema version:
//
//   - Go reads Java's frames into the generated structs with the values
//     Java wrote;
//   - Java reads the frames Go marshals from those structs, and prints the
//     same values as for its own frames;
//   - apart from the header's version, Go's frames are Java's, byte for
//     byte;
//   - dyn, over the schema inside the jar itself, decodes Java's frames and
//     encodes them back to the same bytes.
func TestArchiveCodecsWithAeronJava(t *testing.T) {
	javaDir := t.TempDir()
	runJava(t, "archive-write", javaDir)
	pinned, err := ir.Load(filepath.Join(repoRoot(t), pinnedSchema, "archive", "aeron-archive-codecs.xml"))
	require.NoError(t, err)
	require.Equal(t, 13, pinned.Version, "the archive schema inside aeron-all 1.51.0")

	goDir := t.TempDir()
	var javaFiles, goFiles []string
	for _, c := range archiveCases {
		name := reflect.TypeOf(c.msg).Elem().Name()
		t.Run(name, func(t *testing.T) {
			javaFrame, err := os.ReadFile(filepath.Join(javaDir, name+".bin"))
			require.NoError(t, err)

			// Java to Go: the generated struct reads what Aeron's encoder wrote.
			got := archive.NewMessage(int(binary.LittleEndian.Uint16(javaFrame[2:])))
			require.NotNil(t, got, "template id of %s", name)
			require.NoError(t, got.UnmarshalBinary(javaFrame))
			assert.Equal(t, c.msg, got)

			// Go to Java, and the bytes themselves.
			goFrame, err := c.msg.MarshalBinary()
			require.NoError(t, err)
			require.Equal(t, uint16(14), binary.LittleEndian.Uint16(goFrame[6:]), "the generated code's version")
			require.Equal(t, uint16(13), binary.LittleEndian.Uint16(javaFrame[6:]), "aeron-all's version")
			if assert.Equal(t, javaFrame[:6], goFrame[:6], "block length, template id, schema id") {
				assert.Equal(t, javaFrame[8:], goFrame[8:], "the body")
			}
			path := filepath.Join(goDir, name+".bin")
			require.NoError(t, os.WriteFile(path, goFrame, 0o644))
			javaFiles = append(javaFiles, filepath.Join(javaDir, name+".bin"))
			goFiles = append(goFiles, path)

			// dyn over the jar's own schema: decode and encode back.
			obj, err := dyn.Decode(pinned, javaFrame)
			require.NoError(t, err)
			again, err := dyn.Encode(pinned, name, obj)
			require.NoError(t, err)
			assert.True(t, bytes.Equal(javaFrame, again), "dyn re-encodes %s:\n% x\nwhere Java wrote\n% x", name, again, javaFrame)
		})
	}
	require.Len(t, goFiles, len(archiveCases))

	// Aeron's decoders read Go's frames as they read their own.
	var want []string
	for _, c := range archiveCases {
		want = append(want, c.line)
	}
	assert.Equal(t, want, strings.Split(strings.TrimSpace(runJava(t, append([]string{"archive-read"}, javaFiles...)...)), "\n"),
		"Aeron's decoders on their own frames")
	assert.Equal(t, want, strings.Split(strings.TrimSpace(runJava(t, append([]string{"archive-read"}, goFiles...)...)), "\n"),
		"Aeron's decoders on the frames the generated code wrote")
}
