package ir

import (
	"fmt"
	"io"
	"strings"
)

// Dump writes a deterministic, line-oriented description of the schema:
// every type, message, field, group and var data with its Go names,
// offsets, sizes, presence and versions. It is meant for reviews and golden
// tests; the format is not a stable interface.
func (s *Schema) Dump(w io.Writer) error {
	d := &dumper{w: w}
	d.printf("schema %s (go %s) id=%d version=%d semanticVersion=%q byteOrder=%s file=%s", s.Package, s.GoPackage,
		s.ID, s.Version, s.SemanticVersion, s.ByteOrderName, strings.Join(s.Files, ","))
	if h := s.Header; h != nil {
		d.printf("header %s size=%d blockLength@%d templateId@%d schemaId@%d version@%d extra=%d", h.Composite.Name,
			h.Size, h.BlockLength.Offset, h.TemplateID.Offset, h.SchemaID.Offset, h.Version.Offset, len(h.Extra))
	}
	for _, t := range s.Types {
		d.typ(t, 0)
	}
	for _, m := range s.Messages {
		d.printf("message %s id=%d go=%s/%s/%s blockLength=%d needs=%s since=%d%s%s", m.Name, m.ID, m.GoName, m.EncoderName,
			m.DecoderName, m.BlockLength, needsText(m.BlockNeeds), m.SinceVersion, deprecated(m.IsDeprecated, m.Deprecated),
			semantic(m.SemanticType))
		d.block(1, m.Fields, m.Groups, m.Data)
	}
	return d.err
}

type dumper struct {
	w   io.Writer
	err error
}

func (d *dumper) printf(format string, args ...any) {
	d.indentf(0, format, args...)
}

func (d *dumper) indentf(depth int, format string, args ...any) {
	if d.err != nil {
		return
	}
	_, d.err = fmt.Fprintf(d.w, "%s"+format+"\n", append([]any{strings.Repeat("  ", depth)}, args...)...)
}

func deprecated(is bool, v int) string {
	if !is {
		return ""
	}
	return fmt.Sprintf(" deprecated=%d", v)
}

// needsText formats block needs as version:length pairs ("0:8,1:14").
func needsText(needs []BlockNeed) string {
	var parts []string
	for _, n := range needs {
		parts = append(parts, fmt.Sprintf("%d:%d", n.Version, n.Length))
	}
	return strings.Join(parts, ",")
}

func semantic(s string) string {
	if s == "" {
		return ""
	}
	return fmt.Sprintf(" semanticType=%s", s)
}

func encodedText(e *Encoded) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s", e.Primitive)
	if e.Length != 1 {
		fmt.Fprintf(&b, "[%d]", e.Length)
	}
	fmt.Fprintf(&b, " %s", e.Presence)
	if e.CharacterEncoding != "" {
		fmt.Fprintf(&b, " enc=%s", e.CharacterEncoding)
	}
	if e.Presence == Constant {
		fmt.Fprintf(&b, " const=%q", e.ConstValue)
	}
	if e.CustomNull || e.Presence == Optional {
		fmt.Fprintf(&b, " null=%s", e.NullValue)
	}
	if e.CustomMin {
		fmt.Fprintf(&b, " min=%s", e.MinValue)
	}
	if e.CustomMax {
		fmt.Fprintf(&b, " max=%s", e.MaxValue)
	}
	return b.String()
}

func (d *dumper) typ(t Type, depth int) {
	switch t := t.(type) {
	case *Encoded:
		d.indentf(depth, "type %s go=%s %s since=%d%s", t.Name, t.GoName, encodedText(t), t.SinceVersion, semantic(t.SemanticType))
	case *Enum:
		d.indentf(depth, "enum %s go=%s encoding=%s %s null=%s", t.Name, t.GoName, t.Encoding, t.Presence, t.NullValue)
		for _, v := range t.Values {
			d.indentf(depth+1, "value %s go=%s const=%s literal=%q since=%d%s", v.Name, v.GoName, v.ConstName, v.Literal,
				v.SinceVersion, deprecated(v.IsDeprecated, v.Deprecated))
		}
	case *Set:
		d.indentf(depth, "set %s go=%s encoding=%s", t.Name, t.GoName, t.Encoding)
		for _, c := range t.Choices {
			d.indentf(depth+1, "choice %s go=%s const=%s bit=%d since=%d", c.Name, c.GoName, c.ConstName, c.Bit, c.SinceVersion)
		}
	case *Composite:
		d.indentf(depth, "composite %s go=%s size=%d", t.Name, t.GoName, t.Size)
		for _, m := range t.Members {
			kind := m.Type.Kind().String()
			if m.Ref {
				kind = "ref"
			}
			desc := m.Type.TypeName()
			if e, ok := m.Type.(*Encoded); ok && !m.Ref {
				desc = encodedText(e)
			}
			d.indentf(depth+1, "%s %s go=%s @%d size=%d %s since=%d", kind, m.Name, m.GoName, m.Offset, m.Size(), desc, m.SinceVersion)
		}
	}
}

func (d *dumper) block(depth int, fields []*Field, groups []*Group, data []*Data) {
	for _, f := range fields {
		desc := f.Type.TypeName()
		if e, ok := f.Type.(*Encoded); ok && e.Builtin {
			desc = e.Primitive.String()
		}
		extra := ""
		if f.Presence == Constant {
			extra = fmt.Sprintf(" const=%q", f.ConstValue)
		}
		if f.ValueRef != nil {
			extra += fmt.Sprintf(" valueRef=%s.%s", f.ValueRef.Enum.Name, f.ValueRef.Value.Name)
		}
		d.indentf(depth, "field %s id=%d go=%s @%d size=%d type=%s %s since=%d%s%s", f.Name, f.ID, f.GoName, f.Offset,
			f.Size, desc, f.Presence, f.SinceVersion, extra, deprecated(f.IsDeprecated, f.Deprecated))
	}
	for _, g := range groups {
		maxCount := fmt.Sprint(g.MaxCount)
		if g.HasMaxCount {
			maxCount += "(explicit)"
		}
		d.indentf(depth, "group %s id=%d go=%s type=%s path=%s dimension=%s maxCount=%s blockLength=%d needs=%s since=%d",
			g.Name, g.ID, g.GoName, g.TypeName, g.Path, g.DimensionType.Name, maxCount, g.BlockLength, needsText(g.BlockNeeds),
			g.SinceVersion)
		d.block(depth+1, g.Fields, g.Groups, g.Data)
	}
	for _, v := range data {
		kind := "bytes"
		if v.IsString {
			kind = "string(" + v.CharacterEncoding + ")"
		}
		d.indentf(depth, "data %s id=%d go=%s type=%s length=%s max=%d %s since=%d", v.Name, v.ID, v.GoName, v.Type.Name,
			v.LengthPrimitive, v.MaxLength, kind, v.SinceVersion)
	}
}
