package com.github.aerongo.interop;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Command line of the Java peer.
 *
 * <pre>
 * vectors DIR              write the golden vectors: DIR/SCHEMA/CASE.bin and CASE.json
 * decode SCHEMA FILE...    print each frame as one line of JSON ({"$error": ...} when it fails)
 * verify SCHEMA DIR        every DIR/X.bin decodes to DIR/X.json, and X.json encodes to X.bin
 * encode SCHEMA IN.json OUT.bin
 * publish | subscribe | driver   Aeron peers, see {@link Wire}
 * aeron-write | aeron-read   Aeron's archive and cluster protocols with Aeron's own codecs, see {@link AeronProtocol}
 * </pre>
 *
 * SCHEMA is the file name of a schema's XML without ".xml" (example-schema, market, ...).
 */
public final class Main
{
    private Main()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        if (args.length == 0)
        {
            usage();
        }
        final String[] rest = Arrays.copyOfRange(args, 1, args.length);
        final int status = switch (args[0])
        {
            case "vectors" -> vectors(rest);
            case "decode" -> decode(rest);
            case "verify" -> verify(rest);
            case "encode" -> encode(rest);
            case "publish" -> Wire.publish(rest);
            case "subscribe" -> Wire.subscribe(rest);
            case "driver" -> Wire.driver(rest);
            case "aeron-write" -> AeronProtocol.write(rest);
            case "aeron-read" -> AeronProtocol.read(rest);
            default ->
            {
                usage();
                yield 2;
            }
        };
        System.out.flush();
        System.exit(status);
    }

    private static void usage()
    {
        System.err.println("usage: vectors DIR | decode SCHEMA FILE... | verify SCHEMA DIR | encode SCHEMA IN OUT");
        System.exit(2);
    }

    @SuppressWarnings("unchecked")
    private static int vectors(final String[] args) throws IOException
    {
        final Path root = Path.of(args[0]);
        int failures = 0;
        for (final Map.Entry<String, Map<String, String>> schema : Cases.all().entrySet())
        {
            final Codec codec = Codec.load(schema.getKey());
            final Path dir = root.resolve(schema.getKey());
            Files.createDirectories(dir);
            for (final Map.Entry<String, String> c : schema.getValue().entrySet())
            {
                final Map<String, Object> values = (Map<String, Object>)Json.parse(c.getValue());
                final byte[] frame = codec.encode(values);
                final Map<String, Object> decoded = codec.decode(frame, 0, frame.length);
                final String problem = Compare.values(decoded, values, true);
                final byte[] again = codec.encode(decoded);
                if (problem != null || !Arrays.equals(frame, again))
                {
                    System.err.println(schema.getKey() + "/" + c.getKey() + ": " +
                        (problem != null ? problem : "re-encoding the decoded values gives other bytes"));
                    failures++;
                    continue;
                }
                Files.write(dir.resolve(c.getKey() + ".bin"), frame);
                Files.writeString(dir.resolve(c.getKey() + ".json"), Json.write(decoded, true) + "\n");
            }
        }
        final String direct = CarDirect.check(root.resolve("example-schema").resolve("car-full.bin"));
        if (direct != null)
        {
            System.err.println(direct);
            failures++;
        }
        return failures == 0 ? 0 : 1;
    }

    private static int decode(final String[] args) throws IOException
    {
        final Codec codec = Codec.load(args[0]);
        for (int i = 1; i < args.length; i++)
        {
            final byte[] frame = Files.readAllBytes(Path.of(args[i]));
            String line;
            try
            {
                line = Json.write(codec.decode(frame, 0, frame.length), false);
            }
            catch (final RuntimeException ex)
            {
                line = Json.write(Map.of("$error", String.valueOf(ex)), false);
            }
            System.out.println(line);
        }
        return 0;
    }

    @SuppressWarnings("unchecked")
    private static int verify(final String[] args) throws IOException
    {
        final Codec codec = Codec.load(args[0]);
        final List<Path> bins = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of(args[1])))
        {
            s.filter((p) -> p.toString().endsWith(".bin")).sorted().forEach(bins::add);
        }
        if (bins.isEmpty())
        {
            System.out.println("FAIL no frames in " + args[1]);
            return 1;
        }
        int failures = 0;
        for (final Path bin : bins)
        {
            final Path json = Path.of(bin.toString().replaceFirst("\\.bin$", ".json"));
            String problem;
            try
            {
                final byte[] frame = Files.readAllBytes(bin);
                final Map<String, Object> want = (Map<String, Object>)Json.parse(Files.readString(json, StandardCharsets.UTF_8));
                final Map<String, Object> got = codec.decode(frame, 0, frame.length);
                problem = Compare.values(got, want, false);
                if (problem == null)
                {
                    final byte[] again = codec.encode(want);
                    if (!Arrays.equals(again, frame))
                    {
                        problem = "encoding the JSON gives other bytes: " + firstDifference(again, frame);
                    }
                }
            }
            catch (final RuntimeException ex)
            {
                problem = String.valueOf(ex);
            }
            System.out.println((problem == null ? "ok " : "FAIL ") + bin.getFileName() + (problem == null ? "" : ": " + problem));
            failures += problem == null ? 0 : 1;
        }
        return failures == 0 ? 0 : 1;
    }

    @SuppressWarnings("unchecked")
    private static int encode(final String[] args) throws IOException
    {
        final Codec codec = Codec.load(args[0]);
        final Map<String, Object> doc = (Map<String, Object>)Json.parse(Files.readString(Path.of(args[1])));
        Files.write(Path.of(args[2]), codec.encode(doc));
        return 0;
    }

    static String firstDifference(final byte[] a, final byte[] b)
    {
        final int n = Math.min(a.length, b.length);
        for (int i = 0; i < n; i++)
        {
            if (a[i] != b[i])
            {
                return String.format("at byte %d: %02x, want %02x (lengths %d and %d)", i, a[i], b[i], a.length, b.length);
            }
        }
        return "lengths " + a.length + " and " + b.length;
    }

    /** Compares decoded values with the values of a JSON document. */
    static final class Compare
    {
        private Compare()
        {
        }

        /**
         * Returns null when got (as Codec decodes) equals want (as Json parses), else where they
         * differ. With partial, members absent from want are constants or nulls and are not compared.
         */
        @SuppressWarnings("unchecked")
        static String values(final Object got, final Object want, final boolean partial)
        {
            return compare("$", got, want, partial);
        }

        @SuppressWarnings("unchecked")
        private static String compare(final String at, final Object got, final Object want, final boolean partial)
        {
            if (got == null || want == null)
            {
                return got == want ? null : at + ": got " + Json.write(got, false) + ", want " + Json.write(want, false);
            }
            if (got instanceof Map)
            {
                if (!(want instanceof Map))
                {
                    return at + ": want " + Json.write(want, false);
                }
                final Map<String, Object> g = (Map<String, Object>)got;
                final Map<String, Object> w = (Map<String, Object>)want;
                if (!partial && !new ArrayList<>(g.keySet()).equals(new ArrayList<>(w.keySet())))
                {
                    return at + ": members " + g.keySet() + ", want " + w.keySet();
                }
                for (final String k : w.keySet())
                {
                    if (!g.containsKey(k))
                    {
                        return at + "." + k + ": missing";
                    }
                    final String p = compare(at + "." + k, g.get(k), w.get(k), partial);
                    if (p != null)
                    {
                        return p;
                    }
                }
                return null;
            }
            if (got instanceof List)
            {
                if (!(want instanceof List) || ((List<Object>)got).size() != ((List<Object>)want).size())
                {
                    return at + ": got " + Json.write(got, false) + ", want " + Json.write(want, false);
                }
                final List<Object> g = (List<Object>)got;
                final List<Object> w = (List<Object>)want;
                for (int i = 0; i < g.size(); i++)
                {
                    final String p = compare(at + "[" + i + "]", g.get(i), w.get(i), partial);
                    if (p != null)
                    {
                        return p;
                    }
                }
                return null;
            }
            final boolean same;
            if (got instanceof BigInteger)
            {
                same = want instanceof Json.Num && ((Json.Num)want).decimal().compareTo(new BigDecimal((BigInteger)got)) == 0;
            }
            else if (got instanceof Float)
            {
                same = isNumber(want) && Float.compare((Float)got, (float)parse(want, true)) == 0;
            }
            else if (got instanceof Double)
            {
                same = isNumber(want) && Double.compare((Double)got, parse(want, false)) == 0;
            }
            else
            {
                same = got.equals(want);
            }
            return same ? null : at + ": got " + Json.write(got, false) + ", want " + Json.write(want, false);
        }

        private static boolean isNumber(final Object v)
        {
            return v instanceof Json.Num || "NaN".equals(v) || "Infinity".equals(v) || "-Infinity".equals(v);
        }

        private static double parse(final Object v, final boolean single)
        {
            return switch (v.toString())
            {
                case "NaN" -> Double.NaN;
                case "Infinity" -> Double.POSITIVE_INFINITY;
                case "-Infinity" -> Double.NEGATIVE_INFINITY;
                default -> single ? Float.parseFloat(v.toString()) : Double.parseDouble(v.toString());
            };
        }
    }
}
