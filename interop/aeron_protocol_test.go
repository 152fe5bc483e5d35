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
	"github.com/aerongo/aerongo/testdata/golden/cluster"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// archiveVersion is Aeron 1.51.0 in the protocols' semantic version form
// (major << 16 | minor << 8 | patch).
const archiveVersion = 1<<16 | 51<<8

// aeronCases are the messages the Java peer's aeron-write writes with
// Aeron's own archive and cluster codecs (AeronProtocol.java, the same
// values), as the structs aerongen generates from Aeron's schemas, and the
// line its aeron-read prints for them. fromJava, when set, is what the
// generated code reads from Java's frame where that differs from msg: a
// field the newer schema added reads as null.
var aeronCases = []struct {
	msg, fromJava runtime.Message
	line          string
}{
	{&archive.ControlResponse{ControlSessionID: -7, CorrelationID: 1_234_567_890_123, RelevantID: 42,
		Code: archive.ControlResponseCodeRecordingUnknown, Version: archiveVersion, ErrorMessage: "unknown recording 42"}, nil,
		"ControlResponse controlSessionId=-7 correlationId=1234567890123 relevantId=42 code=RECORDING_UNKNOWN version=78592 errorMessage=unknown recording 42"},
	{&archive.AuthConnectRequest{CorrelationID: 99, ResponseStreamID: 20, Version: archiveVersion,
		ResponseChannel: "aeron:udp?endpoint=localhost:8020", EncodedCredentials: []byte{0, 1, 2, 0xff}, ClientInfo: "aerongo"}, nil,
		"AuthConnectRequest correlationId=99 responseStreamId=20 version=78592 responseChannel=aeron:udp?endpoint=localhost:8020 encodedCredentials=000102ff clientInfo=aerongo"},
	{&archive.ReplayRequest{ControlSessionID: 5, CorrelationID: 6, RecordingID: 7, Position: 8192, Length: 1<<63 - 1,
		ReplayStreamID: 101, FileIoMaxLength: 65536, ReplayToken: 31337, ReplayChannel: "aeron:ipc"}, nil,
		"ReplayRequest controlSessionId=5 correlationId=6 recordingId=7 position=8192 length=9223372036854775807 replayStreamId=101 fileIoMaxLength=65536 replayToken=31337 replayChannel=aeron:ipc"},
	{&archive.RecordingDescriptor{ControlSessionID: 1, CorrelationID: 2, RecordingID: 3, StartTimestamp: 1_764_633_600_000,
		StopTimestamp: -1, StartPosition: 0, StopPosition: 1 << 20, InitialTermID: -5, SegmentFileLength: 128 << 20,
		TermBufferLength: 64 << 10, MtuLength: 1408, SessionID: -123, StreamID: 1001,
		StrippedChannel: "aeron:udp?endpoint=localhost:40123", OriginalChannel: "aeron:udp?endpoint=localhost:40123|alias=feed",
		SourceIdentity: "127.0.0.1:55555"}, nil,
		"RecordingDescriptor controlSessionId=1 correlationId=2 recordingId=3 startTimestamp=1764633600000 stopTimestamp=-1 startPosition=0 stopPosition=1048576 initialTermId=-5 segmentFileLength=134217728 termBufferLength=65536 mtuLength=1408 sessionId=-123 streamId=1001 strippedChannel=aeron:udp?endpoint=localhost:40123 originalChannel=aeron:udp?endpoint=localhost:40123|alias=feed sourceIdentity=127.0.0.1:55555"},
	{&archive.StartRecordingRequest2{ControlSessionID: 11, CorrelationID: 12, StreamID: 1001,
		SourceLocation: archive.SourceLocationRemote, AutoStop: archive.BooleanTypeTrue, Channel: "aeron:udp?endpoint=localhost:40123"}, nil,
		"StartRecordingRequest2 controlSessionId=11 correlationId=12 streamId=1001 sourceLocation=REMOTE autoStop=TRUE channel=aeron:udp?endpoint=localhost:40123"},
	// ackRequired came with cluster protocol version 17; aeron-all 1.51.0
	// speaks 16, so its frame has the shorter block and its decoder skips
	// the field in Go's.
	{&cluster.ServiceTerminationPosition{LogPosition: 1 << 30, AckRequired: cluster.BooleanTypeTrue},
		&cluster.ServiceTerminationPosition{LogPosition: 1 << 30, AckRequired: cluster.BooleanTypeNullValue},
		"ServiceTerminationPosition logPosition=1073741824"},
	{&cluster.SessionConnectRequest{CorrelationID: 77, ResponseStreamID: 102, Version: archiveVersion,
		ResponseChannel: "aeron:udp?endpoint=localhost:9020", EncodedCredentials: []byte("user\x00\x80"), ClientInfo: "aerongo client"}, nil,
		"SessionConnectRequest correlationId=77 responseStreamId=102 version=78592 responseChannel=aeron:udp?endpoint=localhost:9020 encodedCredentials=757365720080 clientInfo=aerongo client"},
	{&cluster.ClusterMembersExtendedResponse{CorrelationID: 5, CurrentTimeNs: 1_764_633_600_000_000_000, LeaderMemberID: 1, MemberID: 2,
		ActiveMembers: []cluster.ClusterMembersExtendedResponseActiveMembers{
			{LeadershipTermID: 3, LogPosition: 4096, TimeOfLastAppendNs: 1_764_633_600_000_000_000, MemberID: 1,
				IngressEndpoint: "node0:9010", ConsensusEndpoint: "node0:9020", LogEndpoint: "node0:9030", CatchupEndpoint: "node0:9040", ArchiveEndpoint: "node0:8010"},
			{LeadershipTermID: 3, LogPosition: 8192, TimeOfLastAppendNs: 1_764_633_599_999_999_999, MemberID: 2,
				IngressEndpoint: "node1:9010", ConsensusEndpoint: "node1:9020", LogEndpoint: "node1:9030", CatchupEndpoint: "node1:9040", ArchiveEndpoint: "node1:8010"},
		},
		PassiveMembers: []cluster.ClusterMembersExtendedResponsePassiveMembers{
			{LeadershipTermID: -1, MemberID: 7, IngressEndpoint: "passive:9010", LogEndpoint: "passive:9030", ArchiveEndpoint: "passive:8010"},
		}}, nil,
		"ClusterMembersExtendedResponse correlationId=5 currentTimeNs=1764633600000000000 leaderMemberId=1 memberId=2" +
			" active={3 4096 1764633600000000000 1 node0:9010 node0:9020 node0:9030 node0:9040 node0:8010}" +
			" active={3 8192 1764633599999999999 2 node1:9010 node1:9020 node1:9030 node1:9040 node1:8010}" +
			" passive={-1 0 0 7 passive:9010  passive:9030  passive:8010}"},
}

// TestAeronCodecsWithAeronJava checks the code aerongen generates for
// Aeron's archive and cluster protocols against the codecs compiled into the
// Aeron Java client itself (aeron-all 1.51.0). Archive: a response, a
// connect request with credentials, a replay request with fields added in
// later versions, a recording descriptor and a start-recording request with
// two enums. Cluster: a connect request, a membership response with two
// repeating groups of var data, and a message that gained a field after
// 1.51.0. The generated packages are testdata/golden/archive and cluster,
// from the schemas of a later Aeron (protocol versions 14 and 17, where the
// jar speaks 13 and 16), so each direction also crosses a schema version:
//
//   - Go reads Java's frames into the generated structs with the values
//     Java wrote (and null for the field Java's version lacks);
//   - Java reads the frames Go marshals from those structs, and prints the
//     same values as for its own frames;
//   - Go's frames are Java's byte for byte, but for the header's version
//     and the added field's bytes in the block;
//   - dyn, over the schemas inside the jar itself, decodes Java's frames and
//     encodes them back to the same bytes.
func TestAeronCodecsWithAeronJava(t *testing.T) {
	javaDir := t.TempDir()
	runJava(t, "aeron-write", javaDir)
	// The schemas inside the jar, by schema id, with the version the jar speaks.
	pinned := map[uint16]*ir.Schema{}
	for _, c := range []struct {
		file    string
		version int
	}{{"archive/aeron-archive-codecs.xml", 13}, {"cluster/aeron-cluster-codecs.xml", 16}} {
		s, err := ir.Load(filepath.Join(repoRoot(t), pinnedSchema, c.file))
		require.NoError(t, err)
		require.Equal(t, c.version, s.Version, "%s inside aeron-all 1.51.0", c.file)
		pinned[uint16(s.ID)] = s
	}

	goDir := t.TempDir()
	var javaFiles, goFiles []string
	for _, c := range aeronCases {
		name := reflect.TypeOf(c.msg).Elem().Name()
		t.Run(name, func(t *testing.T) {
			javaFrame, err := os.ReadFile(filepath.Join(javaDir, name+".bin"))
			require.NoError(t, err)
			schema := pinned[binary.LittleEndian.Uint16(javaFrame[4:])]
			require.NotNil(t, schema, "schema id of %s", name)
			require.Equal(t, uint16(schema.Version), binary.LittleEndian.Uint16(javaFrame[6:]), "aeron-all's version")

			// Java to Go: the generated struct reads what Aeron's encoder wrote.
			want := c.fromJava
			if want == nil {
				want = c.msg
			}
			got := reflect.New(reflect.TypeOf(c.msg).Elem()).Interface().(runtime.Message)
			require.NoError(t, got.UnmarshalBinary(javaFrame))
			assert.Equal(t, want, got)

			// Go to Java, and the bytes themselves: the same header but
			// for the version, the same block as far as Java's reaches,
			// the same groups and var data after the blocks.
			goFrame, err := c.msg.MarshalBinary()
			require.NoError(t, err)
			require.Equal(t, c.msg.SBESchemaVersion(), binary.LittleEndian.Uint16(goFrame[6:]), "the generated code's version")
			javaBlock, goBlock := int(binary.LittleEndian.Uint16(javaFrame)), int(binary.LittleEndian.Uint16(goFrame))
			assert.Equal(t, javaFrame[2:6], goFrame[2:6], "template id, schema id")
			if assert.GreaterOrEqual(t, goBlock, javaBlock, "block length") {
				assert.Equal(t, javaFrame[8:8+javaBlock], goFrame[8:8+javaBlock], "the block")
				assert.Equal(t, javaFrame[8+javaBlock:], goFrame[8+goBlock:], "after the block")
			}
			path := filepath.Join(goDir, name+".bin")
			require.NoError(t, os.WriteFile(path, goFrame, 0o644))
			javaFiles = append(javaFiles, filepath.Join(javaDir, name+".bin"))
			goFiles = append(goFiles, path)

			// dyn over the jar's own schema: decode and encode back.
			obj, err := dyn.Decode(schema, javaFrame)
			require.NoError(t, err)
			again, err := dyn.Encode(schema, name, obj)
			require.NoError(t, err)
			assert.True(t, bytes.Equal(javaFrame, again), "dyn re-encodes %s:\n% x\nwhere Java wrote\n% x", name, again, javaFrame)
		})
	}
	require.Len(t, goFiles, len(aeronCases))

	// Aeron's decoders read Go's frames as they read their own.
	var want []string
	for _, c := range aeronCases {
		want = append(want, c.line)
	}
	assert.Equal(t, want, strings.Split(strings.TrimSpace(runJava(t, append([]string{"aeron-read"}, javaFiles...)...)), "\n"),
		"Aeron's decoders on their own frames")
	assert.Equal(t, want, strings.Split(strings.TrimSpace(runJava(t, append([]string{"aeron-read"}, goFiles...)...)), "\n"),
		"Aeron's decoders on the frames the generated code wrote")
}
