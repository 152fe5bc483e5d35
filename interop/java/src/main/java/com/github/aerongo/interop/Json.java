package com.github.aerongo.interop;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON documents of the cross-language tests: one object per frame, members in schema order.
 * Parsed numbers are {@link Num}; decoded values are {@link BigInteger}, {@link Float} or
 * {@link Double}, written in their shortest exact form (NaN and the infinities as the strings
 * "NaN", "Infinity" and "-Infinity").
 */
final class Json
{
    private Json()
    {
    }

    /** A number as written in the document (so that -0 keeps its sign). */
    record Num(String text)
    {
        BigDecimal decimal()
        {
            return new BigDecimal(text);
        }

        public String toString()
        {
            return text;
        }
    }

    static Object parse(final String text)
    {
        final Parser p = new Parser(text);
        p.skipSpace();
        final Object v = p.value();
        p.skipSpace();
        if (p.pos != text.length())
        {
            throw new IllegalArgumentException("JSON: trailing text at " + p.pos);
        }
        return v;
    }

    static String write(final Object v, final boolean indent)
    {
        final StringBuilder sb = new StringBuilder();
        write(sb, v, indent ? 0 : -1);
        return sb.toString();
    }

    private static void newline(final StringBuilder sb, final int level)
    {
        if (level >= 0)
        {
            sb.append('\n');
            sb.append("  ".repeat(level));
        }
    }

    @SuppressWarnings("unchecked")
    private static void write(final StringBuilder sb, final Object v, final int level)
    {
        final int inner = level < 0 ? -1 : level + 1;
        if (v == null)
        {
            sb.append("null");
        }
        else if (v instanceof String)
        {
            string(sb, (String)v);
        }
        else if (v instanceof Boolean || v instanceof BigInteger || v instanceof BigDecimal || v instanceof Num ||
            v instanceof Long || v instanceof Integer)
        {
            sb.append(v);
        }
        else if (v instanceof Float)
        {
            number(sb, ((Float)v).floatValue(), true);
        }
        else if (v instanceof Double)
        {
            number(sb, ((Double)v).doubleValue(), false);
        }
        else if (v instanceof Map)
        {
            final Map<String, Object> m = (Map<String, Object>)v;
            sb.append('{');
            boolean first = true;
            for (final Map.Entry<String, Object> e : m.entrySet())
            {
                if (!first)
                {
                    sb.append(',');
                }
                first = false;
                newline(sb, inner);
                string(sb, e.getKey());
                sb.append(level < 0 ? ":" : ": ");
                write(sb, e.getValue(), inner);
            }
            if (!m.isEmpty())
            {
                newline(sb, level);
            }
            sb.append('}');
        }
        else if (v instanceof List)
        {
            final List<Object> l = (List<Object>)v;
            final boolean scalars = l.stream().noneMatch((e) -> e instanceof Map || e instanceof List);
            sb.append('[');
            for (int i = 0; i < l.size(); i++)
            {
                if (i > 0)
                {
                    sb.append(scalars && level >= 0 ? ", " : ",");
                }
                if (!scalars)
                {
                    newline(sb, inner);
                }
                write(sb, l.get(i), scalars ? -1 : inner);
            }
            if (!scalars && !l.isEmpty())
            {
                newline(sb, level);
            }
            sb.append(']');
        }
        else
        {
            throw new IllegalArgumentException("JSON: cannot write " + v.getClass());
        }
    }

    /** Shortest decimal that reads back as the same float (or double). */
    static void number(final StringBuilder sb, final double v, final boolean single)
    {
        if (Double.isNaN(v))
        {
            sb.append("\"NaN\"");
            return;
        }
        if (Double.isInfinite(v))
        {
            sb.append(v > 0 ? "\"Infinity\"" : "\"-Infinity\"");
            return;
        }
        if (v == 0)
        {
            sb.append(1 / v < 0 ? "-0" : "0");
            return;
        }
        final BigDecimal exact = new BigDecimal(v);
        for (int digits = 1; digits <= 17; digits++)
        {
            final BigDecimal r = exact.round(new MathContext(digits));
            final boolean same = single ? Float.parseFloat(r.toString()) == (float)v : Double.parseDouble(r.toString()) == v;
            if (same)
            {
                final BigDecimal s = r.stripTrailingZeros();
                final int exp = s.precision() - s.scale() - 1;
                sb.append(exp >= -6 && exp < 21 ? s.toPlainString() : s.toString());
                return;
            }
        }
        sb.append(exact.toString());
    }

    private static void string(final StringBuilder sb, final String s)
    {
        sb.append('"');
        for (int i = 0; i < s.length(); i++)
        {
            final char c = s.charAt(i);
            switch (c)
            {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default ->
                {
                    if (c < 0x20 || c == 0x7f)
                    {
                        sb.append(String.format("\\u%04x", (int)c));
                    }
                    else
                    {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    private static final class Parser
    {
        final String s;
        int pos;

        Parser(final String s)
        {
            this.s = s;
        }

        void skipSpace()
        {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos)))
            {
                pos++;
            }
        }

        IllegalArgumentException error(final String what)
        {
            return new IllegalArgumentException("JSON: " + what + " at offset " + pos);
        }

        void expect(final char c)
        {
            skipSpace();
            if (pos >= s.length() || s.charAt(pos) != c)
            {
                throw error("expected '" + c + "'");
            }
            pos++;
        }

        Object value()
        {
            skipSpace();
            if (pos >= s.length())
            {
                throw error("unexpected end");
            }
            final char c = s.charAt(pos);
            switch (c)
            {
                case '{':
                {
                    pos++;
                    final Map<String, Object> m = new LinkedHashMap<>();
                    skipSpace();
                    if (s.charAt(pos) == '}')
                    {
                        pos++;
                        return m;
                    }
                    while (true)
                    {
                        skipSpace();
                        final String key = str();
                        expect(':');
                        if (m.containsKey(key))
                        {
                            throw error("duplicate name " + key);
                        }
                        m.put(key, value());
                        skipSpace();
                        if (s.charAt(pos) == ',')
                        {
                            pos++;
                            continue;
                        }
                        expect('}');
                        return m;
                    }
                }
                case '[':
                {
                    pos++;
                    final List<Object> l = new ArrayList<>();
                    skipSpace();
                    if (s.charAt(pos) == ']')
                    {
                        pos++;
                        return l;
                    }
                    while (true)
                    {
                        l.add(value());
                        skipSpace();
                        if (s.charAt(pos) == ',')
                        {
                            pos++;
                            continue;
                        }
                        expect(']');
                        return l;
                    }
                }
                case '"':
                    return str();
                case 't':
                    literal("true");
                    return Boolean.TRUE;
                case 'f':
                    literal("false");
                    return Boolean.FALSE;
                case 'n':
                    literal("null");
                    return null;
                default:
                {
                    final int start = pos;
                    while (pos < s.length() && "+-0123456789.eE".indexOf(s.charAt(pos)) >= 0)
                    {
                        pos++;
                    }
                    if (start == pos)
                    {
                        throw error("unexpected '" + c + "'");
                    }
                    final Num n = new Num(s.substring(start, pos));
                    n.decimal();
                    return n;
                }
            }
        }

        void literal(final String word)
        {
            if (!s.startsWith(word, pos))
            {
                throw error("expected " + word);
            }
            pos += word.length();
        }

        String str()
        {
            if (s.charAt(pos) != '"')
            {
                throw error("expected a string");
            }
            pos++;
            final StringBuilder sb = new StringBuilder();
            while (true)
            {
                final char c = s.charAt(pos++);
                if (c == '"')
                {
                    return sb.toString();
                }
                if (c != '\\')
                {
                    sb.append(c);
                    continue;
                }
                final char e = s.charAt(pos++);
                switch (e)
                {
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'u' ->
                    {
                        sb.append((char)Integer.parseInt(s.substring(pos, pos + 4), 16));
                        pos += 4;
                    }
                    default -> sb.append(e);
                }
            }
        }
    }
}
