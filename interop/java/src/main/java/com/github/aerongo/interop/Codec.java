package com.github.aerongo.interop;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import uk.co.real_logic.sbe.PrimitiveType;
import uk.co.real_logic.sbe.PrimitiveValue;
import uk.co.real_logic.sbe.generation.java.JavaUtil;
import uk.co.real_logic.sbe.ir.Ir;
import uk.co.real_logic.sbe.ir.IrDecoder;
import uk.co.real_logic.sbe.ir.Signal;
import uk.co.real_logic.sbe.ir.Token;

/**
 * Converts between frames and the JSON documents of the cross-language tests through the Java
 * codecs that SBE's tool generated for one schema. The schema's IR (written by the same tool run)
 * says which members a message has and in which order; every byte is read and written by the
 * generated flyweights, reached by their generated accessor names.
 */
final class Codec
{
    final String key;
    final Ir ir;
    private final String namespace;
    private final Map<String, Method> methods = new HashMap<>();
    private final ExpandableArrayBuffer scratch = new ExpandableArrayBuffer(1 << 16);

    private Codec(final String key, final Ir ir)
    {
        this.key = key;
        this.ir = ir;
        this.namespace = ir.applicableNamespace();
    }

    /** Loads the IR of a schema (the file name of its XML without ".xml") from the jar. */
    static Codec load(final String key)
    {
        try (InputStream in = Codec.class.getResourceAsStream("/sbeir/" + key + ".sbeir"))
        {
            if (in == null)
            {
                throw new IllegalArgumentException("no generated codecs for schema " + key);
            }
            final byte[] bytes = in.readAllBytes();
            try (IrDecoder d = new IrDecoder(ByteBuffer.wrap(bytes)))
            {
                return new Codec(key, d.decode());
            }
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private Class<?> codecClass(final String simpleName)
    {
        try
        {
            return Class.forName(namespace + "." + simpleName);
        }
        catch (final ClassNotFoundException ex)
        {
            throw new IllegalStateException("generated class missing: " + namespace + "." + simpleName, ex);
        }
    }

    private static Object newInstance(final Class<?> c)
    {
        try
        {
            return c.getConstructor().newInstance();
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    List<Token> messageTokens(final String name)
    {
        for (final List<Token> tokens : ir.messages())
        {
            if (tokens.get(0).name().equals(name))
            {
                return tokens;
            }
        }
        throw new IllegalArgumentException("schema " + key + " has no message " + name);
    }

    // ---------------------------------------------------------------- decoding

    /** Decodes one frame (header included) into its JSON document. */
    Map<String, Object> decode(final byte[] frame, final int offset, final int length)
    {
        return decode(new UnsafeBuffer(frame, offset, length), length);
    }

    Map<String, Object> decode(final DirectBuffer buffer, final int length)
    {
        final Object header = newInstance(codecClass("MessageHeaderDecoder"));
        call(header, "wrap", buffer, 0);
        final int headerLength = ((Number)call(header, "encodedLength")).intValue();
        if (length < headerLength)
        {
            throw new IllegalArgumentException("frame of " + length + " bytes is shorter than the header");
        }
        final int schemaId = ((Number)call(header, "schemaId")).intValue();
        final int templateId = ((Number)call(header, "templateId")).intValue();
        final int version = ((Number)call(header, "version")).intValue();
        if (schemaId != ir.id())
        {
            throw new IllegalArgumentException("schema id " + schemaId + ", want " + ir.id());
        }
        final List<Token> tokens = ir.getMessage(templateId);
        if (tokens == null)
        {
            throw new IllegalArgumentException("unknown template id " + templateId);
        }
        final String name = tokens.get(0).name();
        final Object decoder = newInstance(codecClass(JavaUtil.formatClassName(name) + "Decoder"));
        call(decoder, "wrapAndApplyHeader", buffer, 0, header);

        final Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("$message", name);
        decodeBody(decoder, tokens.subList(1, tokens.size() - 1), doc);
        final int limit = ((Number)call(decoder, "limit")).intValue();
        if (limit > length || (limit < length && version <= ir.version()))
        {
            throw new IllegalArgumentException("message ends at " + limit + " in a frame of " + length + " bytes");
        }
        return doc;
    }

    private void decodeBody(final Object flyweight, final List<Token> body, final Map<String, Object> out)
    {
        for (int i = 0; i < body.size(); )
        {
            final Token t = body.get(i);
            final int n = t.componentTokenCount();
            final List<Token> all = body.subList(i, i + n);
            final String p = JavaUtil.formatPropertyName(t.name());
            switch (t.signal())
            {
                case BEGIN_FIELD -> out.put(t.name(),
                    decodeType(flyweight, p, all.subList(1, n - 1), t, t.isOptionalEncoding() || t.version() > 0));
                case BEGIN_GROUP ->
                {
                    final Object group = call(flyweight, p);
                    final int count = ((Number)call(group, "count")).intValue();
                    final List<Token> entryBody = groupBody(all);
                    final List<Object> entries = new ArrayList<>();
                    for (int k = 0; k < count; k++)
                    {
                        call(group, "next");
                        final Map<String, Object> entry = new LinkedHashMap<>();
                        decodeBody(group, entryBody, entry);
                        entries.add(entry);
                    }
                    out.put(t.name(), entries);
                }
                case BEGIN_VAR_DATA ->
                {
                    final String encoding = varDataEncoding(all);
                    if (encoding != null)
                    {
                        out.put(t.name(), call(flyweight, p));
                    }
                    else
                    {
                        final int len = ((Number)call(flyweight, p + "Length")).intValue();
                        final byte[] bytes = new byte[len];
                        call(flyweight, getter(p), bytes, 0, len);
                        out.put(t.name(), Base64.getEncoder().encodeToString(bytes));
                    }
                }
                default -> throw new IllegalStateException("unexpected token " + t);
            }
            i += n;
        }
    }

    /** The tokens of a group entry: after BEGIN_GROUP and the dimension composite, before END_GROUP. */
    private static List<Token> groupBody(final List<Token> group)
    {
        final int start = 1 + group.get(1).componentTokenCount();
        return group.subList(start, group.size() - 1);
    }

    private static String varDataEncoding(final List<Token> varData)
    {
        for (final Token t : varData)
        {
            if (t.signal() == Signal.ENCODING && t.name().equals("varData"))
            {
                final String e = t.encoding().characterEncoding();
                return e == null || e.isEmpty() ? null : e;
            }
        }
        throw new IllegalStateException("var data without a varData member: " + varData.get(0));
    }

    private static String getter(final String p)
    {
        return "get" + Character.toUpperCase(p.charAt(0)) + p.substring(1);
    }

    /** Decodes one value: tt are the tokens of its type, owner the field or member token. */
    private Object decodeType(
        final Object flyweight, final String p, final List<Token> tt, final Token owner, final boolean nullable)
    {
        final Token t = tt.get(0);
        switch (t.signal())
        {
            case ENCODING:
            {
                if (t.isConstantEncoding() || owner.isConstantEncoding())
                {
                    return constant(t.isConstantEncoding() ? t : owner, t);
                }
                final PrimitiveType pt = t.encoding().primitiveType();
                final boolean isNullable = nullable || t.isOptionalEncoding();
                final Object nullValue = callStatic(flyweight.getClass(), p + "NullValue");
                if (t.arrayLength() <= 1)
                {
                    final Object raw = call(flyweight, p);
                    if (isNullable && raw.equals(nullValue))
                    {
                        return null;
                    }
                    if (pt == PrimitiveType.CHAR)
                    {
                        return String.valueOf((char)(((Byte)raw) & 0xff));
                    }
                    return toJson(raw, pt);
                }
                final int n = t.arrayLength();
                final Object[] raw = new Object[n];
                boolean allNull = true;
                for (int i = 0; i < n; i++)
                {
                    raw[i] = call(flyweight, p, i);
                    allNull &= raw[i].equals(nullValue);
                }
                if (isNullable && allNull)
                {
                    return null;
                }
                final String ce = t.encoding().characterEncoding();
                final boolean text = pt == PrimitiveType.CHAR ||
                    ((pt == PrimitiveType.UINT8 || pt == PrimitiveType.INT8) && ce != null && !ce.isEmpty());
                if (text || pt == PrimitiveType.UINT8 || pt == PrimitiveType.INT8)
                {
                    final byte[] bytes = new byte[n];
                    for (int i = 0; i < n; i++)
                    {
                        bytes[i] = ((Number)raw[i]).byteValue();
                    }
                    if (!text)
                    {
                        return Base64.getEncoder().encodeToString(bytes);
                    }
                    int end = 0;
                    while (end < n && bytes[end] != 0)
                    {
                        end++;
                    }
                    return new String(bytes, 0, end, charset(ce));
                }
                final List<Object> list = new ArrayList<>();
                for (int i = 0; i < n; i++)
                {
                    list.add(isNullable && raw[i].equals(nullValue) ? null : toJson(raw[i], pt));
                }
                return list;
            }
            case BEGIN_ENUM:
            {
                if (owner.isConstantEncoding())
                {
                    final String ref = owner.encoding().constValue().toString();
                    return ref.substring(ref.lastIndexOf('.') + 1);
                }
                final Enum<?> e = (Enum<?>)call(flyweight, p);
                final String name = e.name();
                if (name.equals("NULL_VAL") && (nullable || t.isOptionalEncoding()))
                {
                    return null;
                }
                if (name.equals("NULL_VAL") || name.equals("SBE_UNKNOWN"))
                {
                    return toJson(call(flyweight, p + "Raw"), t.encoding().primitiveType());
                }
                return name;
            }
            case BEGIN_SET:
            {
                final Object set = call(flyweight, p);
                final List<Object> names = new ArrayList<>();
                for (final Token c : choices(tt))
                {
                    if ((Boolean)call(set, JavaUtil.formatPropertyName(c.name())))
                    {
                        names.add(c.name());
                    }
                }
                return names;
            }
            case BEGIN_COMPOSITE:
            {
                final Object composite = call(flyweight, p);
                final Map<String, Object> m = new LinkedHashMap<>();
                for (int j = 1; j < tt.size() - 1; )
                {
                    final Token mt = tt.get(j);
                    final int n = mt.componentTokenCount();
                    m.put(mt.name(), decodeType(composite, JavaUtil.formatPropertyName(mt.name()),
                        tt.subList(j, j + n), mt, nullable));
                    j += n;
                }
                return m;
            }
            default:
                throw new IllegalStateException("unexpected token " + t);
        }
    }

    private static List<Token> choices(final List<Token> set)
    {
        final List<Token> out = new ArrayList<>();
        for (final Token c : set)
        {
            if (c.signal() == Signal.CHOICE)
            {
                out.add(c);
            }
        }
        out.sort(Comparator.comparingLong((c) -> c.encoding().constValue().longValue()));
        return out;
    }

    private static Object constant(final Token holder, final Token type)
    {
        final PrimitiveValue v = holder.encoding().constValue();
        final PrimitiveType pt = type.encoding().primitiveType();
        if (pt == PrimitiveType.CHAR)
        {
            if (v.representation() == PrimitiveValue.Representation.BYTE_ARRAY)
            {
                final byte[] bytes = v.byteArrayValue();
                int end = 0;
                while (end < bytes.length && bytes[end] != 0)
                {
                    end++;
                }
                return new String(bytes, 0, end, charset(v.characterEncoding()));
            }
            return String.valueOf((char)v.longValue());
        }
        return switch (pt)
        {
            case FLOAT -> (float)v.doubleValue();
            case DOUBLE -> v.doubleValue();
            case UINT64 -> new BigInteger(Long.toUnsignedString(v.longValue()));
            default -> BigInteger.valueOf(v.longValue());
        };
    }

    private static Charset charset(final String name)
    {
        if (name != null && (name.equalsIgnoreCase("UTF-8") || name.equalsIgnoreCase("UTF8")))
        {
            return StandardCharsets.UTF_8;
        }
        return StandardCharsets.ISO_8859_1;
    }

    private static Object toJson(final Object raw, final PrimitiveType pt)
    {
        if (raw instanceof Float || raw instanceof Double)
        {
            return raw;
        }
        final long v = ((Number)raw).longValue();
        if (pt == PrimitiveType.UINT64)
        {
            return new BigInteger(Long.toUnsignedString(v));
        }
        return BigInteger.valueOf(v);
    }

    // ---------------------------------------------------------------- encoding

    /** Encodes a JSON document (a Map as {@link Json#parse} returns) into a frame, header included. */
    byte[] encode(final Map<String, Object> doc)
    {
        final int length = encode(doc, scratch);
        final byte[] out = new byte[length];
        scratch.getBytes(0, out);
        return out;
    }

    /** Encodes a JSON document at offset 0 of buffer and returns the frame length. */
    int encode(final Map<String, Object> doc, final MutableDirectBuffer buffer)
    {
        final String name = (String)doc.get("$message");
        final List<Token> tokens = messageTokens(name);
        final Object header = newInstance(codecClass("MessageHeaderEncoder"));
        final Object encoder = newInstance(codecClass(JavaUtil.formatClassName(name) + "Encoder"));
        call(encoder, "wrapAndApplyHeader", buffer, 0, header);
        encodeBody(encoder, tokens.subList(1, tokens.size() - 1), doc, "$");
        return ((Number)call(header, "encodedLength")).intValue() + ((Number)call(encoder, "encodedLength")).intValue();
    }

    @SuppressWarnings("unchecked")
    private void encodeBody(final Object flyweight, final List<Token> body, final Map<String, Object> in, final String path)
    {
        for (final String k : in.keySet())
        {
            if (!k.equals("$message") && body.stream().noneMatch((t) -> t.name().equals(k) &&
                (t.signal() == Signal.BEGIN_FIELD || t.signal() == Signal.BEGIN_GROUP || t.signal() == Signal.BEGIN_VAR_DATA)))
            {
                throw new IllegalArgumentException(path + "." + k + ": unknown member");
            }
        }
        for (int i = 0; i < body.size(); )
        {
            final Token t = body.get(i);
            final int n = t.componentTokenCount();
            final List<Token> all = body.subList(i, i + n);
            final String p = JavaUtil.formatPropertyName(t.name());
            final Object v = in.get(t.name());
            final String at = path + "." + t.name();
            switch (t.signal())
            {
                case BEGIN_FIELD -> encodeType(flyweight, p, all.subList(1, n - 1), t, v, at);
                case BEGIN_GROUP ->
                {
                    final List<Object> entries = v == null ? List.of() : (List<Object>)v;
                    final Object group = call(flyweight, p + "Count", entries.size());
                    final List<Token> entryBody = groupBody(all);
                    for (int k = 0; k < entries.size(); k++)
                    {
                        call(group, "next");
                        encodeBody(group, entryBody, (Map<String, Object>)entries.get(k), at + "[" + k + "]");
                    }
                }
                case BEGIN_VAR_DATA ->
                {
                    final String encoding = varDataEncoding(all);
                    if (encoding != null)
                    {
                        call(flyweight, p, v == null ? "" : (String)v);
                    }
                    else
                    {
                        final byte[] bytes = v == null ? new byte[0] : Base64.getDecoder().decode((String)v);
                        call(flyweight, "put" + Character.toUpperCase(p.charAt(0)) + p.substring(1), bytes, 0, bytes.length);
                    }
                }
                default -> throw new IllegalStateException("unexpected token " + t);
            }
            i += n;
        }
    }

    @SuppressWarnings("unchecked")
    private void encodeType(
        final Object flyweight, final String p, final List<Token> tt, final Token owner, final Object v, final String at)
    {
        final Token t = tt.get(0);
        switch (t.signal())
        {
            case ENCODING:
            {
                if (t.isConstantEncoding() || owner.isConstantEncoding())
                {
                    return;
                }
                final PrimitiveType pt = t.encoding().primitiveType();
                final Object nullValue = callStatic(flyweight.getClass(), p + "NullValue");
                if (t.arrayLength() <= 1)
                {
                    final Method m = method(flyweight.getClass(), p, 1);
                    final Class<?> type = m.getParameterTypes()[0];
                    final Object value;
                    if (v == null)
                    {
                        value = nullValue;
                    }
                    else if (pt == PrimitiveType.CHAR)
                    {
                        final String s = (String)v;
                        if (s.length() != 1)
                        {
                            throw new IllegalArgumentException(at + ": want one character");
                        }
                        value = (byte)s.charAt(0);
                    }
                    else
                    {
                        value = fromJson(v, type, at);
                    }
                    invoke(m, flyweight, value);
                    return;
                }
                final int n = t.arrayLength();
                final Method m = method(flyweight.getClass(), p, 2);
                final Class<?> type = m.getParameterTypes()[1];
                if (v == null)
                {
                    for (int i = 0; i < n; i++)
                    {
                        invoke(m, flyweight, i, nullValue);
                    }
                    return;
                }
                if (v instanceof String)
                {
                    final String ce = t.encoding().characterEncoding();
                    final boolean text = pt == PrimitiveType.CHAR || (ce != null && !ce.isEmpty());
                    final byte[] bytes = text ? ((String)v).getBytes(charset(ce)) : Base64.getDecoder().decode((String)v);
                    if (bytes.length > n)
                    {
                        throw new IllegalArgumentException(at + ": " + bytes.length + " bytes do not fit in " + n);
                    }
                    for (int i = 0; i < n; i++)
                    {
                        invoke(m, flyweight, i, fromJson(new Json.Num(Integer.toString(i < bytes.length ? bytes[i] : 0)), type, at));
                    }
                    return;
                }
                final List<Object> list = (List<Object>)v;
                if (list.size() != n)
                {
                    throw new IllegalArgumentException(at + ": want " + n + " elements");
                }
                for (int i = 0; i < n; i++)
                {
                    invoke(m, flyweight, i, list.get(i) == null ? nullValue : fromJson(list.get(i), type, at + "[" + i + "]"));
                }
                return;
            }
            case BEGIN_ENUM:
            {
                if (owner.isConstantEncoding())
                {
                    return;
                }
                final Method m = method(flyweight.getClass(), p, 1);
                @SuppressWarnings("rawtypes")
                final Class enumClass = m.getParameterTypes()[0];
                final String name = v == null ? "NULL_VAL" : (String)v;
                invoke(m, flyweight, Enum.valueOf(enumClass, name));
                return;
            }
            case BEGIN_SET:
            {
                final Object set = call(flyweight, p);
                call(set, "clear");
                for (final Object name : v == null ? List.of() : (List<Object>)v)
                {
                    call(set, JavaUtil.formatPropertyName((String)name), true);
                }
                return;
            }
            case BEGIN_COMPOSITE:
            {
                final Object composite = call(flyweight, p);
                final Map<String, Object> m = v == null ? Map.of() : (Map<String, Object>)v;
                for (int j = 1; j < tt.size() - 1; )
                {
                    final Token mt = tt.get(j);
                    final int n = mt.componentTokenCount();
                    encodeType(composite, JavaUtil.formatPropertyName(mt.name()), tt.subList(j, j + n), mt,
                        m.get(mt.name()), at + "." + mt.name());
                    j += n;
                }
                return;
            }
            default:
                throw new IllegalStateException("unexpected token " + t);
        }
    }

    private static Object fromJson(final Object v, final Class<?> type, final String at)
    {
        if (type == float.class || type == double.class)
        {
            final double d;
            if (v instanceof String)
            {
                d = switch ((String)v)
                {
                    case "NaN" -> Double.NaN;
                    case "Infinity" -> Double.POSITIVE_INFINITY;
                    case "-Infinity" -> Double.NEGATIVE_INFINITY;
                    default -> throw new IllegalArgumentException(at + ": not a number: " + v);
                };
                return type == float.class ? (Object)(float)d : (Object)d;
            }
            final String text = v.toString();
            return type == float.class ? (Object)Float.parseFloat(text) : (Object)Double.parseDouble(text);
        }
        final BigInteger i;
        if (v instanceof BigInteger)
        {
            i = (BigInteger)v;
        }
        else if (v instanceof Json.Num)
        {
            i = ((Json.Num)v).decimal().toBigIntegerExact();
        }
        else
        {
            throw new IllegalArgumentException(at + ": want an integer, got " + v);
        }
        if (type == long.class)
        {
            return i.longValue();
        }
        if (type == int.class)
        {
            return i.intValue();
        }
        if (type == short.class)
        {
            return i.shortValue();
        }
        if (type == byte.class)
        {
            return i.byteValue();
        }
        throw new IllegalArgumentException(at + ": unexpected parameter type " + type);
    }

    // ---------------------------------------------------------------- reflection

    private Method method(final Class<?> c, final String name, final int arity)
    {
        final String k = c.getName() + "#" + name + "/" + arity;
        Method m = methods.get(k);
        if (m == null)
        {
            for (final Method candidate : c.getMethods())
            {
                if (candidate.getName().equals(name) && candidate.getParameterCount() == arity &&
                    !Modifier.isStatic(candidate.getModifiers()) &&
                    (arity == 0 || candidate.getParameterTypes()[0] != CharSequence.class))
                {
                    m = candidate;
                    break;
                }
            }
            if (m == null)
            {
                throw new IllegalStateException("no method " + name + "/" + arity + " on " + c.getName());
            }
            methods.put(k, m);
        }
        return m;
    }

    private Object call(final Object target, final String name, final Object... args)
    {
        return callOn(target.getClass(), target, name, args);
    }

    /** Calls the public method name of c on target (null for a static method) with args. */
    private Object callStatic(final Class<?> c, final String name)
    {
        return callOn(c, null, name);
    }

    private Object callOn(final Class<?> c, final Object target, final String name, final Object... args)
    {
        final String k = c.getName() + "#" + name + "/" + args.length + (target == null ? "s" : "") +
            (args.length > 0 ? args[0].getClass().getName() : "");
        Method m = methods.get(k);
        if (m == null)
        {
            for (final Method candidate : c.getMethods())
            {
                if (candidate.getName().equals(name) && candidate.getParameterCount() == args.length &&
                    Modifier.isStatic(candidate.getModifiers()) == (target == null) && accepts(candidate, args))
                {
                    m = candidate;
                    break;
                }
            }
            if (m == null)
            {
                throw new IllegalStateException("no method " + name + "/" + args.length + " on " + c.getName());
            }
            methods.put(k, m);
        }
        return invoke(m, target, args);
    }

    private static boolean accepts(final Method m, final Object[] args)
    {
        final Class<?>[] types = m.getParameterTypes();
        for (int i = 0; i < args.length; i++)
        {
            final Class<?> t = types[i];
            final Class<?> a = args[i].getClass();
            final boolean ok = t.isPrimitive() ?
                (t == int.class && a == Integer.class) || (t == boolean.class && a == Boolean.class) :
                t.isAssignableFrom(a) && t != CharSequence.class;
            if (!ok)
            {
                return false;
            }
        }
        return true;
    }

    private static Object invoke(final Method m, final Object target, final Object... args)
    {
        try
        {
            return m.invoke(target, args);
        }
        catch (final InvocationTargetException ex)
        {
            final Throwable cause = ex.getCause();
            if (cause instanceof RuntimeException)
            {
                throw (RuntimeException)cause;
            }
            throw new IllegalStateException(cause);
        }
        catch (final IllegalAccessException ex)
        {
            throw new IllegalStateException(ex);
        }
    }
}
