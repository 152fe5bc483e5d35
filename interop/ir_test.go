package interop

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aerongo/aerongo/internal/sbe/emit"
	"github.com/aerongo/aerongo/internal/sbe/ir"
	"github.com/stretchr/testify/require"
)

// irCases pairs each IR file that SBE's own tool wrote (paths under
// interop/java/target: the Maven build writes those of the schemas it
// generates Java codecs for, scripts/interop-build.sh the others) with the
// schema it was written from (from the module root).
var irCases = []struct{ name, ir, schema string }{
	{"car", "classes/sbeir/example-schema.sbeir", schemaFiles["example-schema"]},
	{"car-extension", "classes/sbeir/example-extension-schema.sbeir", schemaFiles["example-extension-schema"]},
	{"market", "classes/sbeir/market.sbeir", schemaFiles["market"]},
	{"aotelemetry", "classes/sbeir/aotelemetry.sbeir", schemaFiles["aotelemetry"]},
	{"evolution-v0", "classes/sbeir/evolution-v0.sbeir", schemaFiles["evolution-v0"]},
	{"evolution-v1", "classes/sbeir/evolution-v1.sbeir", schemaFiles["evolution-v1"]},
	{"aeron-archive", "ir/aeron-archive-codecs.sbeir", "../shared/schemas/aeron/aeron-archive-codecs.xml"},
	{"aeron-cluster", "ir/aeron-cluster-codecs.sbeir", "../shared/schemas/aeron/aeron-cluster-codecs.xml"},
	{"kitchen-sink", "ir/kitchen-sink.sbeir", "internal/sbe/ir/testdata/kitchen-sink.xml"},
	{"bigendian", "ir/bigendian.sbeir", "testdata/golden/bigendian/schema.xml"},
	// The golden features schema (custom header and dimensions, explicit
	// offsets and block lengths, custom null values, signed and char
	// enums, sinceVersion on composite members, ...), with the three edits
	// sbe-tool needs (scripts/interop-build.sh): its uint32 enum becomes
	// int32, and a uint32 group block length gets a maxValue.
	{"features", "ir/features-java.sbeir", "interop/java/target/ir/features-java.xml"},
	// The codec schemas inside the aeron-all jar the Java peer pins: the
	// protocol of the Aeron version this project builds.
	{"pinned-archive", "ir/pinned-aeron-archive-codecs.sbeir", pinnedSchema + "archive/aeron-archive-codecs.xml"},
	{"pinned-archive-mark", "ir/pinned-aeron-archive-mark-codecs.sbeir", pinnedSchema + "archive/aeron-archive-mark-codecs.xml"},
	{"pinned-cluster", "ir/pinned-aeron-cluster-codecs.sbeir", pinnedSchema + "cluster/aeron-cluster-codecs.xml"},
	{"pinned-cluster-mark", "ir/pinned-aeron-cluster-mark-codecs.sbeir", pinnedSchema + "cluster/aeron-cluster-mark-codecs.xml"},
	{"pinned-cluster-node-state", "ir/pinned-aeron-cluster-node-state-codecs.sbeir", pinnedSchema + "cluster/aeron-cluster-node-state-codecs.xml"},
}

// pinnedSchema is where scripts/interop-build.sh extracts the schemas of
// the aeron-all jar.
const pinnedSchema = "interop/java/target/ir/aeron-all/"

// TestJavaIR compares the layout this project computes for each schema
// (package ir, from which aerongen generates code) with the one SBE's Java
// tool computes, as it serialises it in its IR files (.sbeir): every
// message, field, group and var data with its id, offset, size, block
// length, presence, sinceVersion, deprecation and valueRef; every type with
// its primitive, size, null, minimum, maximum and constant values,
// character encoding (and a field's semantic type), enum values, set
// choices and composite members with their offsets; the message header and
// the group and var data dimensions.
//
// The IR files are read with the codecs aerongen generates from SBE's own
// IR schema (sbe-ir.xml, taken from the sbe-tool jar), built into the
// program testdata/irdump: a schema that is not this project's, and bytes
// that SBE's Java IrEncoder wrote. irdump also writes every frame and token
// again with the generated encoders and fails unless they give the bytes
// of the file.
func TestJavaIR(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a program over generated code; not in -short")
	}
	javaPeer(t) // skips when the Java side is not built
	target := filepath.Join(repoRoot(t), "interop", "java", "target")
	dump := buildIRDump(t, target)

	var files []string
	for _, c := range irCases {
		path := filepath.Join(target, c.ir)
		_, err := os.Stat(path)
		require.NoError(t, err, "sbe-tool's IR of %s is missing: run make setup (scripts/interop-build.sh)", c.schema)
		files = append(files, path)
	}
	cmd := exec.Command(dump, files...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	require.NoError(t, err, "irdump: %s", stderr.String())
	dec := json.NewDecoder(bytes.NewReader(out))
	for _, c := range irCases {
		var f irFile
		require.NoError(t, dec.Decode(&f), c.name)
		t.Run(c.name, func(t *testing.T) {
			s, err := ir.Load(filepath.Join(repoRoot(t), c.schema))
			require.NoError(t, err)
			java := javaIRFacts(t, &f)
			goFacts := goIRFacts(s)
			require.Greater(t, len(java), 10, "the IR file holds no messages")
			if d := lineDiff(java, goFacts); d != "" {
				t.Errorf("SBE's Java IR (-) and this project's IR (+) of %s differ:\n%s", c.schema, d)
			}
		})
	}
	require.False(t, dec.More(), "irdump printed more documents than it was given files")
}

// buildIRDump generates the codecs of sbe-ir.xml, the schema of SBE's IR
// files, from the sbe-tool jar on the Java peer's classpath, into a
// module of its own with testdata/irdump/main.go, and builds it.
func buildIRDump(t *testing.T, target string) string {
	t.Helper()
	cp, err := os.ReadFile(filepath.Join(target, "classpath.txt"))
	require.NoError(t, err)
	var jar string
	for _, p := range filepath.SplitList(strings.TrimSpace(string(cp))) {
		if strings.HasPrefix(filepath.Base(p), "sbe-tool-") {
			jar = p
		}
	}
	require.NotEmpty(t, jar, "no sbe-tool jar on the Java peer's classpath")
	dir := t.TempDir()
	schemaPath := filepath.Join(dir, "sbe-ir.xml")
	require.NoError(t, os.WriteFile(schemaPath, readZipEntry(t, jar, "sbe-ir.xml"), 0o644))

	s, err := ir.Load(schemaPath)
	require.NoError(t, err)
	gen, err := emit.Generate(s, emit.Options{Package: "sbeir"})
	require.NoError(t, err)
	require.NoError(t, os.Mkdir(filepath.Join(dir, "sbeir"), 0o755))
	for _, f := range gen {
		require.NoError(t, os.WriteFile(filepath.Join(dir, "sbeir", f.Name), f.Content, 0o644))
	}
	root := repoRoot(t)
	main, err := os.ReadFile(filepath.Join(root, "interop", "testdata", "irdump", "main.go"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "main.go"), main, 0o644))
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "go.sum"), sum, 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "go.mod"), []byte(
		"module irdump\n\ngo 1.24\n\nrequire github.com/aerongo/aerongo v0.0.0\n\nreplace github.com/aerongo/aerongo => "+root+"\n"), 0o644))

	bin := filepath.Join(dir, "irdump")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "CGO_ENABLED=0",
		"GOFLAGS="+strings.TrimSpace(os.Getenv("GOFLAGS")+" -mod=mod"))
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "go build irdump:\n%s", out)
	return bin
}

func readZipEntry(t *testing.T, path, name string) []byte {
	t.Helper()
	z, err := zip.OpenReader(path)
	require.NoError(t, err)
	defer z.Close()
	f, err := z.Open(name)
	require.NoError(t, err, "%s in %s", name, path)
	defer f.Close()
	b, err := io.ReadAll(f)
	require.NoError(t, err)
	return b
}

// irFile and irToken are what testdata/irdump prints of an IR file.
type irFile struct {
	Frame struct {
		IrID            int32
		SchemaVersion   int32
		PackageName     string
		SemanticVersion string
	}
	Tokens []irToken
}

type irToken struct {
	Offset, Size, FieldID, Version, ComponentTokenCount int32
	Signal, PrimitiveType, ByteOrder, Presence, Name    string
	Deprecated                                          *int32
	ConstValue, MinValue, MaxValue, NullValue           []byte
	CharacterEncoding, ReferencedName, SemanticType     string
}

// The facts of both sides are lines of text in schema order (messages by
// template id), so that a difference shows as a diff of the two listings. Each line is a path
// ("Car.fuelFigures.speed") and what is known of it there.

func schemaFact(id, version int, pkg, semver, byteOrder string) string {
	return fmt.Sprintf("schema id=%d version=%d package=%s semanticVersion=%q byteOrder=%s", id, version, pkg, semver, byteOrder)
}

func messageFact(name string, id, blockLength, since int, deprecated, semanticType string) string {
	return fmt.Sprintf("message %s id=%d blockLength=%d since=%d%s semanticType=%q", name, id, blockLength, since, deprecated, semanticType)
}

func fieldFact(path string, id, offset, size, since int, presence, valueRef, deprecated string) string {
	return fmt.Sprintf("%s field id=%d offset=%d size=%d since=%d presence=%s valueRef=%s%s", path, id, offset, size, since, presence, valueRef, deprecated)
}

func groupFact(path string, id, blockLength, since int, deprecated string) string {
	return fmt.Sprintf("%s group id=%d blockLength=%d since=%d%s", path, id, blockLength, since, deprecated)
}

func dataFact(path string, id, since int, deprecated string) string {
	return fmt.Sprintf("%s data id=%d since=%d%s", path, id, since, deprecated)
}

func encodingFact(path, name, prim string, size int, presence, null, minV, maxV, constant, charEnc, semanticType string) string {
	return fmt.Sprintf("%s type %s %s size=%d presence=%s null=%s min=%s max=%s const=%q encoding=%s semanticType=%q",
		path, name, prim, size, presence, null, minV, maxV, constant, charEnc, semanticType)
}

func enumFact(path, name, prim, presence, null string) string {
	return fmt.Sprintf("%s enum %s %s presence=%s null=%s", path, name, prim, presence, null)
}

// elementFact is an enum's value (kind "value") or a set's choice and its
// bit number (kind "choice").
func elementFact(path, kind, name, value string, since int) string {
	return fmt.Sprintf("%s %s %s=%s since=%d", path, kind, name, value, since)
}

func setFact(path, name, prim string) string {
	return fmt.Sprintf("%s set %s %s", path, name, prim)
}

func compositeFact(path, name string, size int) string {
	return fmt.Sprintf("%s composite %s size=%d", path, name, size)
}

// varEncodingFact and varMemberFact are a var data's composite and its
// length and data members, whose sizes are left out (the data's varies).
func varEncodingFact(path, name string) string {
	return fmt.Sprintf("%s encoding %s", path, name)
}

func varMemberFact(path string, offset int, prim, maxV, charEnc string) string {
	return fmt.Sprintf("%s offset=%d %s max=%s encoding=%s", path, offset, prim, maxV, charEnc)
}

func memberFact(path string, offset int) string {
	return fmt.Sprintf("%s member offset=%d", path, offset)
}

// fieldOnly is a semantic type of a field's encoding, and "" in a
// composite: SBE's IR gives a member that is a ref no semantic type, and
// the semantic type has no part in the layout.
func fieldOnly(field bool, semanticType string) string {
	if !field {
		return ""
	}
	return semanticType
}

func deprecatedFact(set bool, v int) string {
	if !set {
		return ""
	}
	return fmt.Sprintf(" deprecated=%d", v)
}

// ---------------------------------------------------------------- Java

type javaWalk struct {
	t     *testing.T
	toks  []irToken
	facts []string
}

func javaIRFacts(t *testing.T, f *irFile) []string {
	w := &javaWalk{t: t, toks: f.Tokens}
	require.Equal(t, "BEGIN_COMPOSITE", w.toks[0].Signal, "the IR starts with the message header")
	require.Equal(t, "ENCODING", w.toks[1].Signal, "the message header starts with a number")
	byteOrder := map[string]string{"SBE_LITTLE_ENDIAN": "littleEndian", "SBE_BIG_ENDIAN": "bigEndian"}[w.toks[1].ByteOrder]
	w.add(schemaFact(int(f.Frame.IrID), int(f.Frame.SchemaVersion), f.Frame.PackageName, f.Frame.SemanticVersion, byteOrder))
	i := w.composite("header", 0, "")
	var messages []messageFacts
	for i < len(w.toks) {
		m := w.toks[i]
		require.Equal(t, "BEGIN_MESSAGE", m.Signal, "token %d", i)
		end := i + int(m.ComponentTokenCount) - 1
		require.Equal(t, "END_MESSAGE", w.toks[end].Signal, "token %d", end)
		body := &javaWalk{t: t, toks: w.toks}
		body.add(messageFact(m.Name, int(m.FieldID), int(m.Size), int(m.Version), javaDeprecated(m), m.SemanticType))
		body.members(m.Name, i+1, end, int(m.Version))
		messages = append(messages, messageFacts{int(m.FieldID), body.facts})
		i = end + 1
	}
	return append(w.facts, sortedMessages(messages)...)
}

// messageFacts are the facts of one message.
type messageFacts struct {
	id    int
	facts []string
}

// sortedMessages lists the messages' facts by template id: SBE's IR does
// not keep the schema's order of messages.
func sortedMessages(ms []messageFacts) []string {
	slices.SortStableFunc(ms, func(a, b messageFacts) int { return a.id - b.id })
	var out []string
	for _, m := range ms {
		out = append(out, m.facts...)
	}
	return out
}

func (w *javaWalk) add(s string) { w.facts = append(w.facts, s) }

func javaDeprecated(tok irToken) string {
	if tok.Deprecated == nil {
		return ""
	}
	return deprecatedFact(true, int(*tok.Deprecated))
}

// members walks the fields, groups and var data of a message or group body
// in toks[i:end]. since is the owner's sinceVersion: SBE's IR gives each
// element the version its own schema element declares, where this
// project's IR gives the version from which the element can be present,
// the latest of its own and its owners', so the facts give that.
func (w *javaWalk) members(owner string, i, end, since int) {
	for i < end {
		tok := w.toks[i]
		path := owner + "." + tok.Name
		last := i + int(tok.ComponentTokenCount) - 1
		v := max(since, int(tok.Version))
		switch tok.Signal {
		case "BEGIN_FIELD":
			// A constant field with a valueRef names it as its constant.
			w.add(fieldFact(path, int(tok.FieldID), int(tok.Offset), int(tok.Size), v, javaPresence(tok.Presence), string(tok.ConstValue), javaDeprecated(tok)))
			w.typ(path, i+1, true)
		case "BEGIN_GROUP":
			w.add(groupFact(path, int(tok.FieldID), int(tok.Size), v, javaDeprecated(tok)))
			dim := i + 1
			next := w.composite(path+".dimension", dim, "")
			w.members(path, next, last, v)
		case "BEGIN_VAR_DATA":
			w.add(dataFact(path, int(tok.FieldID), v, javaDeprecated(tok)))
			w.varData(path, i+1)
		default:
			w.t.Fatalf("token %d: unexpected %s in %s", i, tok.Signal, owner)
		}
		i = last + 1
	}
}

// typ adds the facts of the type whose first token is toks[i] and returns
// the index after it. A field's type token carries the type's name; a
// composite member's carries the member's name, which the member fact
// gives instead.
func (w *javaWalk) typ(path string, i int, named bool) int {
	tok := w.toks[i]
	name := ""
	if named {
		name = tok.Name
	}
	prim := javaPrimitive(tok.PrimitiveType)
	switch tok.Signal {
	case "ENCODING":
		constant := ""
		if len(tok.ConstValue) > 0 {
			if prim == ir.Char && (len(tok.ConstValue) != 1 || tok.Size > 1) {
				constant = string(tok.ConstValue)
			} else {
				constant = javaValue(w.t, prim, tok.ConstValue).String()
			}
		}
		w.add(encodingFact(path, name, prim.String(), int(tok.Size), javaPresence(tok.Presence),
			javaValueOr(w.t, prim, tok.NullValue, prim.NullValue()),
			javaValueOr(w.t, prim, tok.MinValue, prim.MinValue()),
			javaValueOr(w.t, prim, tok.MaxValue, prim.MaxValue()),
			constant, tok.CharacterEncoding, fieldOnly(named, tok.SemanticType)))
		return i + 1
	case "BEGIN_ENUM", "BEGIN_SET":
		// An enum's values and a set's choices (its bit numbers) follow.
		kind := "choice"
		if tok.Signal == "BEGIN_ENUM" {
			kind = "value"
			w.add(enumFact(path, name, prim.String(), javaPresence(tok.Presence), javaValueOr(w.t, prim, tok.NullValue, prim.NullValue())))
		} else {
			w.add(setFact(path, name, prim.String()))
		}
		end := i + int(tok.ComponentTokenCount) - 1
		for j := i + 1; j < end; j++ {
			v := w.toks[j]
			w.add(elementFact(path, kind, v.Name, javaValue(w.t, prim, v.ConstValue).String(), int(v.Version)))
		}
		return end + 1
	case "BEGIN_COMPOSITE":
		return w.composite(path, i, name)
	}
	w.t.Fatalf("token %d: %s is not a type", i, tok.Signal)
	return 0
}

// composite adds the facts of the composite at toks[i] and its members.
func (w *javaWalk) composite(path string, i int, name string) int {
	tok := w.toks[i]
	w.add(compositeFact(path, name, int(tok.Size)))
	end := i + int(tok.ComponentTokenCount) - 1
	for j := i + 1; j < end; {
		m := w.toks[j]
		mpath := path + "." + m.Name
		w.add(memberFact(mpath, int(m.Offset)) + javaRef(m))
		j = w.typ(mpath, j, false)
	}
	return end + 1
}

func javaRef(tok irToken) string {
	if tok.ReferencedName == "" {
		return ""
	}
	return " ref=" + tok.ReferencedName
}

// varData adds the facts of a var data's composite: its length and data
// members (the data member's size is variable).
func (w *javaWalk) varData(path string, i int) {
	tok := w.toks[i]
	require.Equal(w.t, "BEGIN_COMPOSITE", tok.Signal)
	w.add(varEncodingFact(path, tok.Name))
	end := i + int(tok.ComponentTokenCount) - 1
	for j := i + 1; j < end; j++ {
		m := w.toks[j]
		prim := javaPrimitive(m.PrimitiveType)
		w.add(varMemberFact(path+"."+m.Name, int(m.Offset), prim.String(),
			javaValueOr(w.t, prim, m.MaxValue, prim.MaxValue()), m.CharacterEncoding))
	}
}

func javaPresence(p string) string {
	return strings.ToLower(strings.TrimPrefix(p, "SBE_"))
}

func javaPrimitive(p string) ir.Primitive {
	if p == "NONE" {
		return ir.InvalidPrimitive
	}
	prim, _ := ir.ParsePrimitive(strings.ToLower(p))
	return prim
}

// javaValue reads a value as IrEncoder writes it: the primitive's bytes,
// little-endian.
func javaValue(t *testing.T, p ir.Primitive, b []byte) ir.Value {
	require.Len(t, b, p.Size(), "a %s value", p)
	var bits uint64
	switch p.Size() {
	case 1:
		bits = uint64(b[0])
		if p.Signed() {
			bits = uint64(int64(int8(b[0])))
		}
	case 2:
		bits = uint64(binary.LittleEndian.Uint16(b))
		if p.Signed() {
			bits = uint64(int64(int16(bits)))
		}
	case 4:
		bits = uint64(binary.LittleEndian.Uint32(b))
		if p.Signed() {
			bits = uint64(int64(int32(bits)))
		}
	case 8:
		bits = binary.LittleEndian.Uint64(b)
	}
	return ir.Value{Primitive: p, Bits: bits}
}

// javaValueOr is the value in b, or def (the primitive's default, which
// the IR leaves out) when b is empty.
func javaValueOr(t *testing.T, p ir.Primitive, b []byte, def ir.Value) string {
	if len(b) == 0 {
		return def.String()
	}
	return javaValue(t, p, b).String()
}

// ---------------------------------------------------------------- Go

type goWalk struct{ facts []string }

func goIRFacts(s *ir.Schema) []string {
	w := &goWalk{}
	w.add(schemaFact(s.ID, s.Version, s.Package, s.SemanticVersion, s.ByteOrderName))
	w.composite("header", s.Header.Composite, "")
	var messages []messageFacts
	for _, m := range s.Messages {
		body := &goWalk{}
		body.add(messageFact(m.Name, m.ID, m.BlockLength, m.SinceVersion, deprecatedFact(m.IsDeprecated, m.Deprecated), m.SemanticType))
		body.members(m.Name, m.Fields, m.Groups, m.Data)
		messages = append(messages, messageFacts{m.ID, body.facts})
	}
	return append(w.facts, sortedMessages(messages)...)
}

func (w *goWalk) add(s string) { w.facts = append(w.facts, s) }

func (w *goWalk) members(owner string, fields []*ir.Field, groups []*ir.Group, data []*ir.Data) {
	for _, f := range fields {
		path := owner + "." + f.Name
		valueRef := ""
		if f.ValueRef != nil {
			valueRef = f.ValueRef.Enum.Name + "." + f.ValueRef.Value.Name
		}
		w.add(fieldFact(path, f.ID, f.Offset, f.Size, f.SinceVersion, f.Presence.String(), valueRef, deprecatedFact(f.IsDeprecated, f.Deprecated)))
		semanticType := f.SemanticType
		if e, ok := f.Type.(*ir.Encoded); ok && semanticType == "" {
			semanticType = e.SemanticType
		}
		w.typ(path, f.Type, f.Type.TypeName(), f.Presence, semanticType)
	}
	for _, g := range groups {
		path := owner + "." + g.Name
		w.add(groupFact(path, g.ID, g.BlockLength, g.SinceVersion, deprecatedFact(g.IsDeprecated, g.Deprecated)))
		w.composite(path+".dimension", g.DimensionType, "")
		w.members(path, g.Fields, g.Groups, g.Data)
	}
	for _, d := range data {
		path := owner + "." + d.Name
		w.add(dataFact(path, d.ID, d.SinceVersion, deprecatedFact(d.IsDeprecated, d.Deprecated)))
		w.add(varEncodingFact(path, d.Type.Name))
		for _, m := range []*ir.Member{d.LengthMember, d.VarDataMember} {
			e := m.Type.(*ir.Encoded)
			w.add(varMemberFact(path+"."+m.Name, m.Offset, e.Primitive.String(), e.MaxValue.String(), e.CharacterEncoding))
		}
	}
}

// typ adds the facts of a type. presence is the field's, which an
// encoding of a field takes in SBE's IR (a field may make a required type
// optional), or the type's own in a composite; so is semanticType, the
// field's or else its type's.
func (w *goWalk) typ(path string, t ir.Type, name string, presence ir.Presence, semanticType string) {
	switch t := t.(type) {
	case *ir.Encoded:
		constant := ""
		if t.Presence == ir.Constant {
			if t.Const != nil {
				constant = t.Const.String()
			} else {
				constant = t.ConstValue
			}
		}
		w.add(encodingFact(path, name, t.Primitive.String(), t.Size(), presence.String(),
			t.NullValue.String(), t.MinValue.String(), t.MaxValue.String(), constant, t.CharacterEncoding, fieldOnly(name != "", semanticType)))
	case *ir.Enum:
		w.add(enumFact(path, name, t.Encoding.String(), t.Presence.String(), t.NullValue.String()))
		for _, v := range t.Values {
			w.add(elementFact(path, "value", v.Name, v.Value.String(), v.SinceVersion))
		}
	case *ir.Set:
		w.add(setFact(path, name, t.Encoding.String()))
		for _, c := range t.Choices {
			w.add(elementFact(path, "choice", c.Name, fmt.Sprint(c.Bit), c.SinceVersion))
		}
	case *ir.Composite:
		w.composite(path, t, name)
	}
}

func (w *goWalk) composite(path string, c *ir.Composite, name string) {
	w.add(compositeFact(path, name, c.Size))
	for _, m := range c.Members {
		mpath := path + "." + m.Name
		ref := ""
		if m.Ref {
			ref = " ref=" + m.Type.TypeName()
		}
		w.add(memberFact(mpath, m.Offset) + ref)
		w.typ(mpath, m.Type, "", m.Presence, "")
	}
}

// lineDiff lists the lines only in want (-) and only in got (+), with a
// line of context before each run, or returns "" when they are equal.
func lineDiff(want, got []string) string {
	// Longest common subsequence, by dynamic programming from the ends.
	n, m := len(want), len(got)
	lcs := make([][]int32, n+1)
	for i := range lcs {
		lcs[i] = make([]int32, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if want[i] == got[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var b strings.Builder
	i, j, last := 0, 0, ""
	same := true
	for i < n || j < m {
		switch {
		case i < n && j < m && want[i] == got[j]:
			last, same = want[i], true
			i++
			j++
			continue
		case j < m && (i == n || lcs[i][j+1] >= lcs[i+1][j]):
			if same {
				fmt.Fprintf(&b, "  %s\n", last)
			}
			fmt.Fprintf(&b, "+ %s\n", got[j])
			j++
		default:
			if same {
				fmt.Fprintf(&b, "  %s\n", last)
			}
			fmt.Fprintf(&b, "- %s\n", want[i])
			i++
		}
		same = false
	}
	return b.String()
}
