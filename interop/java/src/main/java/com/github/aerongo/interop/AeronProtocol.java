package com.github.aerongo.interop;

import io.aeron.archive.codecs.AuthConnectRequestDecoder;
import io.aeron.archive.codecs.AuthConnectRequestEncoder;
import io.aeron.archive.codecs.BooleanType;
import io.aeron.archive.codecs.ControlResponseCode;
import io.aeron.archive.codecs.ControlResponseDecoder;
import io.aeron.archive.codecs.ControlResponseEncoder;
import io.aeron.archive.codecs.MessageHeaderDecoder;
import io.aeron.archive.codecs.MessageHeaderEncoder;
import io.aeron.archive.codecs.RecordingDescriptorDecoder;
import io.aeron.archive.codecs.RecordingDescriptorEncoder;
import io.aeron.archive.codecs.ReplayRequestDecoder;
import io.aeron.archive.codecs.ReplayRequestEncoder;
import io.aeron.archive.codecs.SourceLocation;
import io.aeron.archive.codecs.StartRecordingRequest2Decoder;
import io.aeron.archive.codecs.StartRecordingRequest2Encoder;
import io.aeron.cluster.codecs.ClusterMembersExtendedResponseDecoder;
import io.aeron.cluster.codecs.ClusterMembersExtendedResponseEncoder;
import io.aeron.cluster.codecs.ServiceTerminationPositionDecoder;
import io.aeron.cluster.codecs.ServiceTerminationPositionEncoder;
import io.aeron.cluster.codecs.SessionConnectRequestDecoder;
import io.aeron.cluster.codecs.SessionConnectRequestEncoder;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * Frames of Aeron's archive and cluster protocols, written and read with the codecs compiled into
 * aeron-all (Aeron's own, not generated here).
 *
 * <pre>
 * aeron-write DIR      write DIR/NAME.bin, one frame per message below, with fixed values
 * aeron-read FILE...   print each frame as one line: its message name and fields
 * </pre>
 *
 * The values are those of TestAeronCodecsWithAeronJava in package interop.
 */
final class AeronProtocol
{
    private static final int VERSION = (1 << 16) | (51 << 8); // 1.51.0 in the protocol's semantic form

    private AeronProtocol()
    {
    }

    static int write(final String[] args) throws IOException
    {
        if (args.length != 1)
        {
            System.err.println("usage: aeron-write DIR");
            return 2;
        }
        final Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);
        final MessageHeaderEncoder header = new MessageHeaderEncoder();

        final ControlResponseEncoder response = new ControlResponseEncoder();
        response.wrapAndApplyHeader(buffer, 0, header)
            .controlSessionId(-7)
            .correlationId(1_234_567_890_123L)
            .relevantId(42)
            .code(ControlResponseCode.RECORDING_UNKNOWN)
            .version(VERSION)
            .errorMessage("unknown recording 42");
        save(dir, "ControlResponse", buffer, response.encodedLength());

        final AuthConnectRequestEncoder connect = new AuthConnectRequestEncoder();
        final byte[] credentials = {0, 1, 2, (byte)0xff};
        connect.wrapAndApplyHeader(buffer, 0, header)
            .correlationId(99)
            .responseStreamId(20)
            .version(VERSION)
            .responseChannel("aeron:udp?endpoint=localhost:8020")
            .putEncodedCredentials(credentials, 0, credentials.length)
            .clientInfo("aerongo");
        save(dir, "AuthConnectRequest", buffer, connect.encodedLength());

        final ReplayRequestEncoder replay = new ReplayRequestEncoder();
        replay.wrapAndApplyHeader(buffer, 0, header)
            .controlSessionId(5)
            .correlationId(6)
            .recordingId(7)
            .position(8192)
            .length(Long.MAX_VALUE)
            .replayStreamId(101)
            .fileIoMaxLength(65536)
            .replayToken(31337)
            .replayChannel("aeron:ipc");
        save(dir, "ReplayRequest", buffer, replay.encodedLength());

        final RecordingDescriptorEncoder descriptor = new RecordingDescriptorEncoder();
        descriptor.wrapAndApplyHeader(buffer, 0, header)
            .controlSessionId(1)
            .correlationId(2)
            .recordingId(3)
            .startTimestamp(1_764_633_600_000L)
            .stopTimestamp(-1)
            .startPosition(0)
            .stopPosition(1 << 20)
            .initialTermId(-5)
            .segmentFileLength(128 << 20)
            .termBufferLength(64 << 10)
            .mtuLength(1408)
            .sessionId(-123)
            .streamId(1001)
            .strippedChannel("aeron:udp?endpoint=localhost:40123")
            .originalChannel("aeron:udp?endpoint=localhost:40123|alias=feed")
            .sourceIdentity("127.0.0.1:55555");
        save(dir, "RecordingDescriptor", buffer, descriptor.encodedLength());

        final StartRecordingRequest2Encoder start = new StartRecordingRequest2Encoder();
        start.wrapAndApplyHeader(buffer, 0, header)
            .controlSessionId(11)
            .correlationId(12)
            .streamId(1001)
            .sourceLocation(SourceLocation.REMOTE)
            .autoStop(BooleanType.TRUE)
            .channel("aeron:udp?endpoint=localhost:40123");
        save(dir, "StartRecordingRequest2", buffer, start.encodedLength());

        writeCluster(dir, buffer);
        return 0;
    }

    private static void writeCluster(final Path dir, final UnsafeBuffer buffer) throws IOException
    {
        final io.aeron.cluster.codecs.MessageHeaderEncoder header = new io.aeron.cluster.codecs.MessageHeaderEncoder();

        final ServiceTerminationPositionEncoder termination = new ServiceTerminationPositionEncoder();
        termination.wrapAndApplyHeader(buffer, 0, header).logPosition(1L << 30);
        save(dir, "ServiceTerminationPosition", buffer, termination.encodedLength());

        final SessionConnectRequestEncoder connect = new SessionConnectRequestEncoder();
        final byte[] credentials = {'u', 's', 'e', 'r', 0, (byte)0x80};
        connect.wrapAndApplyHeader(buffer, 0, header)
            .correlationId(77)
            .responseStreamId(102)
            .version(VERSION)
            .responseChannel("aeron:udp?endpoint=localhost:9020")
            .putEncodedCredentials(credentials, 0, credentials.length)
            .clientInfo("aerongo client");
        save(dir, "SessionConnectRequest", buffer, connect.encodedLength());

        final ClusterMembersExtendedResponseEncoder members = new ClusterMembersExtendedResponseEncoder();
        members.wrapAndApplyHeader(buffer, 0, header)
            .correlationId(5)
            .currentTimeNs(1_764_633_600_000_000_000L)
            .leaderMemberId(1)
            .memberId(2);
        final ClusterMembersExtendedResponseEncoder.ActiveMembersEncoder active = members.activeMembersCount(2);
        for (int i = 0; i < 2; i++)
        {
            active.next()
                .leadershipTermId(3)
                .logPosition(4096L * (i + 1))
                .timeOfLastAppendNs(1_764_633_600_000_000_000L - i)
                .memberId(i + 1)
                .ingressEndpoint("node" + i + ":9010")
                .consensusEndpoint("node" + i + ":9020")
                .logEndpoint("node" + i + ":9030")
                .catchupEndpoint("node" + i + ":9040")
                .archiveEndpoint("node" + i + ":8010");
        }
        members.passiveMembersCount(1).next()
            .leadershipTermId(-1)
            .logPosition(0)
            .timeOfLastAppendNs(0)
            .memberId(7)
            .ingressEndpoint("passive:9010")
            .consensusEndpoint("")
            .logEndpoint("passive:9030")
            .catchupEndpoint("")
            .archiveEndpoint("passive:8010");
        save(dir, "ClusterMembersExtendedResponse", buffer, members.encodedLength());
    }

    private static void save(final Path dir, final String name, final UnsafeBuffer buffer, final int bodyLength)
        throws IOException
    {
        // Both protocols' message headers are 8 bytes.
        final byte[] frame = new byte[MessageHeaderEncoder.ENCODED_LENGTH + bodyLength];
        buffer.getBytes(0, frame);
        Files.write(dir.resolve(name + ".bin"), frame);
    }

    static int read(final String[] args) throws IOException
    {
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final io.aeron.cluster.codecs.MessageHeaderDecoder clusterHeader =
            new io.aeron.cluster.codecs.MessageHeaderDecoder();
        for (final String file : args)
        {
            final UnsafeBuffer buffer = new UnsafeBuffer(Files.readAllBytes(Path.of(file)));
            header.wrap(buffer, 0);
            if (header.schemaId() == io.aeron.cluster.codecs.MessageHeaderDecoder.SCHEMA_ID)
            {
                clusterHeader.wrap(buffer, 0);
                System.out.println(clusterLine(buffer, clusterHeader));
            }
            else
            {
                System.out.println(line(buffer, header));
            }
        }
        return 0;
    }

    /** The fixed fields and channel of an archive or cluster connect request. */
    private static String connectHead(
        final String name, final long correlationId, final int responseStreamId, final int version, final String channel)
    {
        return name + " correlationId=" + correlationId + " responseStreamId=" + responseStreamId +
            " version=" + version + " responseChannel=" + channel;
    }

    /** The rest of a connect request: its credentials and client info. */
    private static String connectTail(final String head, final byte[] credentials, final String clientInfo)
    {
        return head + " encodedCredentials=" + HexFormat.of().formatHex(credentials) + " clientInfo=" + clientInfo;
    }

    /** One entry of a cluster membership response's groups. */
    private static void member(
        final StringBuilder b,
        final String kind,
        final long leadershipTermId,
        final long logPosition,
        final long timeOfLastAppendNs,
        final int memberId,
        final String... endpoints)
    {
        b.append(' ').append(kind).append("={").append(leadershipTermId)
            .append(' ').append(logPosition)
            .append(' ').append(timeOfLastAppendNs)
            .append(' ').append(memberId);
        for (final String endpoint : endpoints)
        {
            b.append(' ').append(endpoint);
        }
        b.append('}');
    }

    private static String clusterLine(final UnsafeBuffer buffer, final io.aeron.cluster.codecs.MessageHeaderDecoder header)
    {
        switch (header.templateId())
        {
            case ServiceTerminationPositionDecoder.TEMPLATE_ID ->
            {
                final ServiceTerminationPositionDecoder d =
                    new ServiceTerminationPositionDecoder().wrapAndApplyHeader(buffer, 0, header);
                return "ServiceTerminationPosition logPosition=" + d.logPosition();
            }
            case SessionConnectRequestDecoder.TEMPLATE_ID ->
            {
                final SessionConnectRequestDecoder d = new SessionConnectRequestDecoder().wrapAndApplyHeader(buffer, 0, header);
                final String head = connectHead("SessionConnectRequest", d.correlationId(), d.responseStreamId(), d.version(),
                    d.responseChannel());
                final byte[] credentials = new byte[d.encodedCredentialsLength()];
                d.getEncodedCredentials(credentials, 0, credentials.length);
                return connectTail(head, credentials, d.clientInfo());
            }
            case ClusterMembersExtendedResponseDecoder.TEMPLATE_ID ->
            {
                final ClusterMembersExtendedResponseDecoder d =
                    new ClusterMembersExtendedResponseDecoder().wrapAndApplyHeader(buffer, 0, header);
                final StringBuilder b = new StringBuilder("ClusterMembersExtendedResponse correlationId=")
                    .append(d.correlationId())
                    .append(" currentTimeNs=").append(d.currentTimeNs())
                    .append(" leaderMemberId=").append(d.leaderMemberId())
                    .append(" memberId=").append(d.memberId());
                // The two groups' entries have the same fields, in decoders of two types; Java
                // evaluates arguments left to right, so the var data is read in order.
                for (final ClusterMembersExtendedResponseDecoder.ActiveMembersDecoder m : d.activeMembers())
                {
                    member(b, "active", m.leadershipTermId(), m.logPosition(), m.timeOfLastAppendNs(), m.memberId(),
                        m.ingressEndpoint(), m.consensusEndpoint(), m.logEndpoint(), m.catchupEndpoint(), m.archiveEndpoint());
                }
                for (final ClusterMembersExtendedResponseDecoder.PassiveMembersDecoder m : d.passiveMembers())
                {
                    member(b, "passive", m.leadershipTermId(), m.logPosition(), m.timeOfLastAppendNs(), m.memberId(),
                        m.ingressEndpoint(), m.consensusEndpoint(), m.logEndpoint(), m.catchupEndpoint(), m.archiveEndpoint());
                }
                return b.toString();
            }
            default ->
            {
                return "unknown templateId=" + header.templateId() + " schemaId=" + header.schemaId();
            }
        }
    }

    private static String line(final UnsafeBuffer buffer, final MessageHeaderDecoder header)
    {
        // Var data is read in schema order, after the fixed fields, as the codecs require.
        switch (header.templateId())
        {
            case ControlResponseDecoder.TEMPLATE_ID ->
            {
                final ControlResponseDecoder d = new ControlResponseDecoder().wrapAndApplyHeader(buffer, 0, header);
                return "ControlResponse controlSessionId=" + d.controlSessionId() +
                    " correlationId=" + d.correlationId() +
                    " relevantId=" + d.relevantId() +
                    " code=" + d.code() +
                    " version=" + d.version() +
                    " errorMessage=" + d.errorMessage();
            }
            case AuthConnectRequestDecoder.TEMPLATE_ID ->
            {
                final AuthConnectRequestDecoder d = new AuthConnectRequestDecoder().wrapAndApplyHeader(buffer, 0, header);
                final String head = connectHead("AuthConnectRequest", d.correlationId(), d.responseStreamId(), d.version(),
                    d.responseChannel());
                final byte[] credentials = new byte[d.encodedCredentialsLength()];
                d.getEncodedCredentials(credentials, 0, credentials.length);
                return connectTail(head, credentials, d.clientInfo());
            }
            case ReplayRequestDecoder.TEMPLATE_ID ->
            {
                final ReplayRequestDecoder d = new ReplayRequestDecoder().wrapAndApplyHeader(buffer, 0, header);
                return "ReplayRequest controlSessionId=" + d.controlSessionId() +
                    " correlationId=" + d.correlationId() +
                    " recordingId=" + d.recordingId() +
                    " position=" + d.position() +
                    " length=" + d.length() +
                    " replayStreamId=" + d.replayStreamId() +
                    " fileIoMaxLength=" + d.fileIoMaxLength() +
                    " replayToken=" + d.replayToken() +
                    " replayChannel=" + d.replayChannel();
            }
            case RecordingDescriptorDecoder.TEMPLATE_ID ->
            {
                final RecordingDescriptorDecoder d = new RecordingDescriptorDecoder().wrapAndApplyHeader(buffer, 0, header);
                return "RecordingDescriptor controlSessionId=" + d.controlSessionId() +
                    " correlationId=" + d.correlationId() +
                    " recordingId=" + d.recordingId() +
                    " startTimestamp=" + d.startTimestamp() +
                    " stopTimestamp=" + d.stopTimestamp() +
                    " startPosition=" + d.startPosition() +
                    " stopPosition=" + d.stopPosition() +
                    " initialTermId=" + d.initialTermId() +
                    " segmentFileLength=" + d.segmentFileLength() +
                    " termBufferLength=" + d.termBufferLength() +
                    " mtuLength=" + d.mtuLength() +
                    " sessionId=" + d.sessionId() +
                    " streamId=" + d.streamId() +
                    " strippedChannel=" + d.strippedChannel() +
                    " originalChannel=" + d.originalChannel() +
                    " sourceIdentity=" + d.sourceIdentity();
            }
            case StartRecordingRequest2Decoder.TEMPLATE_ID ->
            {
                final StartRecordingRequest2Decoder d =
                    new StartRecordingRequest2Decoder().wrapAndApplyHeader(buffer, 0, header);
                return "StartRecordingRequest2 controlSessionId=" + d.controlSessionId() +
                    " correlationId=" + d.correlationId() +
                    " streamId=" + d.streamId() +
                    " sourceLocation=" + d.sourceLocation() +
                    " autoStop=" + d.autoStop() +
                    " channel=" + d.channel();
            }
            default ->
            {
                return "unknown templateId=" + header.templateId() + " schemaId=" + header.schemaId();
            }
        }
    }
}
