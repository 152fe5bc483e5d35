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
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * Frames of Aeron's archive control protocol, written and read with the codecs compiled into
 * aeron-all (Aeron's own, not generated here).
 *
 * <pre>
 * archive-write DIR      write DIR/NAME.bin, one frame per message below, with fixed values
 * archive-read FILE...   print each frame as one line: its message name and fields
 * </pre>
 *
 * The values are those of TestArchiveCodecsWithAeronJava in package interop.
 */
final class Archive
{
    private static final int VERSION = (1 << 16) | (51 << 8); // 1.51.0 in the protocol's semantic form

    private Archive()
    {
    }

    static int write(final String[] args) throws IOException
    {
        if (args.length != 1)
        {
            System.err.println("usage: archive-write DIR");
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
        return 0;
    }

    private static void save(final Path dir, final String name, final UnsafeBuffer buffer, final int bodyLength)
        throws IOException
    {
        final byte[] frame = new byte[MessageHeaderEncoder.ENCODED_LENGTH + bodyLength];
        buffer.getBytes(0, frame);
        Files.write(dir.resolve(name + ".bin"), frame);
    }

    static int read(final String[] args) throws IOException
    {
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        for (final String file : args)
        {
            final UnsafeBuffer buffer = new UnsafeBuffer(Files.readAllBytes(Path.of(file)));
            header.wrap(buffer, 0);
            System.out.println(line(buffer, header));
        }
        return 0;
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
                final String prefix = "AuthConnectRequest correlationId=" + d.correlationId() +
                    " responseStreamId=" + d.responseStreamId() +
                    " version=" + d.version() +
                    " responseChannel=" + d.responseChannel();
                final byte[] credentials = new byte[d.encodedCredentialsLength()];
                d.getEncodedCredentials(credentials, 0, credentials.length);
                return prefix + " encodedCredentials=" + HexFormat.of().formatHex(credentials) +
                    " clientInfo=" + d.clientInfo();
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
