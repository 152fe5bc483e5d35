package ir

import (
	"strconv"
	"strings"
	"unicode"
)

// Go naming rules.
//
// GoName turns a schema name into an exported Go identifier:
//
//   - The name is split into words at characters other than ASCII letters
//     and digits ('_', '-', '.', ...), at lower-to-upper case changes
//     ("sensorId" -> sensor, Id) and before the last capital of a run of
//     capitals followed by a lower-case letter ("HTTPServer" -> HTTP, Server)
//     unless that letter is a plural 's' ("URLs", "sensorIDs" keep "URLs",
//     "IDs").
//     Digits stay attached to the word they follow ("mantissa64").
//   - A name written entirely in capitals (with digits and underscores), as
//     enum values often are, is read as upper-case words: "RECORDING_UNKNOWN"
//     becomes "RecordingUnknown" and "TURBO" becomes "Turbo"; single letters
//     stay as they are ("T").
//   - Each word is capitalised; a word that is a common initialism
//     (Initialisms) is written in capitals: "sensorId" -> "SensorID",
//     "url" -> "URL", "httpApi" -> "HTTPAPI".
//   - A result that does not start with a letter gets an "X" prefix
//     ("1" -> "X1"); an empty result is "X".
//
// Collisions are resolved by the builder, deterministically in document
// order. Within a message, group or composite every member claims its
// GoName together with its derived accessor names (SetterName, AtName,
// IsNullName, CountName, ... as documented on Field, Member, Group and
// Data); the first member keeps its name, and a member one of whose names
// is taken (by an earlier member, or by ReservedMethodNames in a message or
// group and ReservedCompositeMethodNames in a composite) gets its kind
// appended ("Field", "Group", "Data", "Member"), then the smallest numeric
// suffix from 2 up that frees all its names. Set choices do the same
// against ReservedSetMethodNames with the suffix "Choice". Package-level
// names (messages with their encoders, decoders, dispatcher handler fields
// and group entry types first, then types in Schema.Types order with their
// constants) collide with earlier names and with ReservedPackageNames and
// ReservedHandlerNames; a type that collides gets a "Type" suffix, then
// numbers; a constant, and a composite's pair of wrap functions
// ("Wrap"+GoName+"Encoder" and "Decoder"), get a numeric suffix after the
// GoName ("WrapBox2Decoder").
//
// These lists and the names on the model are the only Go identifiers
// generated code declares besides fixed unexported helpers: emitters print
// them and never derive a name of their own.

// Initialisms are the words written in capitals in Go names.
var Initialisms = map[string]bool{
	"ACL": true, "API": true, "ASCII": true, "CPU": true, "CSS": true, "DNS": true,
	"EOF": true, "GUID": true, "HTML": true, "HTTP": true, "HTTPS": true, "ID": true,
	"IP": true, "IPC": true, "JSON": true, "LHS": true, "OK": true, "QPS": true, "RAM": true,
	"RHS": true, "RPC": true, "SLA": true, "SMTP": true, "SQL": true, "SSH": true,
	"TCP": true, "TLS": true, "TTL": true, "UDP": true, "UI": true, "UID": true,
	"UUID": true, "URI": true, "URL": true, "UTF8": true, "VM": true, "XML": true,
	"XMPP": true, "XSRF": true, "XSS": true,
}

// vetMethodNames are the method names whose signature go vet's stdmethods
// check fixes (io.Seeker's Seek, errors' Is, fmt.Formatter's Format, ...):
// an accessor with one of these names would fail vet.
var vetMethodNames = []string{
	"As", "Format", "GobDecode", "GobEncode", "Is", "MarshalJSON", "MarshalXML", "ReadByte",
	"ReadFrom", "ReadRune", "Scan", "Seek", "UnmarshalJSON", "UnmarshalXML", "UnreadByte",
	"UnreadRune", "Unwrap", "WriteByte", "WriteTo",
}

// ReservedMethodNames are the exported methods that the generated
// flyweights and plain structs of messages and groups have besides their
// member accessors, and the methods such types commonly have in Go; a
// message or group member never gets one of these as any of its names.
// Generated code uses Wrap, WrapBody, Err, Count, Next, All, SBE* (decoders),
// WrapForEncode, Finish, Next (encoders), AppendBinary, MarshalBinary,
// UnmarshalBinary and SBE* (plain structs).
var ReservedMethodNames = reserved(vetMethodNames,
	"Wrap", "WrapBody", "WrapForEncode", "WrapForDecode", "Finish", "Encode", "Decode",
	"String", "Bytes", "Buffer", "Offset", "Len", "Size",
	"BlockLength", "TemplateID", "SchemaID", "SchemaVersion",
	"ActingVersion", "ActingBlockLength", "EncodedLength", "Limit",
	"SetLimit", "Reset", "Next", "HasNext", "All", "Count",
	"Err", "Header", "Validate", "AppendBinary", "MarshalBinary",
	"UnmarshalBinary", "MarshalText", "UnmarshalText", "GoString", "Clone", "Equal",
	"SBEActingVersion", "SBEActingBlockLength", "SBEFrameLength", "SBETemplateID", "SBESchemaID",
	"SBESchemaVersion", "SBEBlockLength", "SBEEncodedLength", "SBESemanticType",
	"SbeBlockLength", "SbeTemplateID", "SbeSchemaID", "SbeSchemaVersion", "SbeSemanticType",
	"Init", "Skip", "Raw",
)

// ReservedCompositeMethodNames are the names no composite member gets:
// generated composite flyweights and structs have no exported methods
// besides the member accessors, so only the names go vet fixes are kept
// out (a header's blockLength member reads BlockLength()).
var ReservedCompositeMethodNames = reserved(vetMethodNames)

// ReservedHandlerNames are the fields of a generated dispatcher's Handlers
// besides the On<Message> handlers; no message's HandlerName is one of them.
var ReservedHandlerNames = reserved(nil, "OnUnknownTemplate")

func reserved(base []string, names ...string) map[string]bool {
	m := make(map[string]bool, len(base)+len(names))
	for _, n := range base {
		m[n] = true
	}
	for _, n := range names {
		m[n] = true
	}
	return m
}

// ReservedSetMethodNames are methods of generated set types besides the
// choice accessors; no choice's GoName, HasName or SetterName is one of them.
var ReservedSetMethodNames = map[string]bool{
	"String": true, "Clear": true, "Raw": true, "IsEmpty": true, "Bits": true, "Value": true,
	"MarshalText": true, "UnmarshalText": true, "MarshalJSON": true, "UnmarshalJSON": true,
	"AppendText": true, "Format": true, "GoString": true,
}

// ReservedPackageNames are package-level identifiers of generated packages
// that no type, message or constant gets.
var ReservedPackageNames = reserved(nil,
	"SchemaID", "SchemaVersion", "SchemaPackage", "ByteOrder",
	"Handlers", "Dispatch", "Dispatcher", "DecodeFrame", "TemplateIDs", "NewMessage",
	"Frame", "Message", "Decoder", "Encoder",
)

// GoName returns the exported Go identifier for a schema name.
func GoName(name string) string {
	words := splitWords(name)
	var b strings.Builder
	for _, w := range words {
		up := strings.ToUpper(w)
		switch {
		case Initialisms[up]:
			b.WriteString(up)
		default:
			b.WriteString(up[:1])
			b.WriteString(w[1:])
		}
	}
	s := b.String()
	if s == "" {
		return "X"
	}
	if s[0] < 'A' || s[0] > 'Z' {
		return "X" + s
	}
	return s
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func isUpper(c byte) bool { return c >= 'A' && c <= 'Z' }
func isLower(c byte) bool { return c >= 'a' && c <= 'z' }

// splitWords splits a schema name into words (see GoName); each word is
// returned lower-cased except single letters of an all-capitals name and
// the tails of mixed-case words, which keep their case.
func splitWords(name string) []string {
	allUpper := true
	for i := 0; i < len(name); i++ {
		if isLower(name[i]) {
			allUpper = false
			break
		}
	}
	var words []string
	for _, part := range strings.FieldsFunc(name, func(r rune) bool {
		return r > unicode.MaxASCII || !isAlnum(byte(r))
	}) {
		if allUpper {
			words = append(words, strings.ToLower(part))
			continue
		}
		start := 0
		for i := 1; i < len(part); i++ {
			prev, c := part[i-1], part[i]
			split := false
			switch {
			case isUpper(c) && (isLower(prev) || (prev >= '0' && prev <= '9')):
				split = true
			case isUpper(prev) && isUpper(c) && i+1 < len(part) && isLower(part[i+1]):
				// "HTTPServer" splits before the S, but a plural
				// initialism ("URLs", "IDsByName") stays whole.
				plural := part[i+1] == 's' && (i+2 == len(part) || !isLower(part[i+2]))
				split = !plural
			}
			if split {
				words = append(words, normalizeWord(part[start:i]))
				start = i
			}
		}
		words = append(words, normalizeWord(part[start:]))
	}
	return words
}

// normalizeWord lower-cases a word written in capitals (so "HTTP" can be
// found in Initialisms and "ID" of "sensorID" stays an initialism) and
// leaves mixed-case words alone.
func normalizeWord(w string) string {
	for i := 0; i < len(w); i++ {
		if isLower(w[i]) {
			return strings.ToLower(w[:1]) + w[1:]
		}
	}
	return strings.ToLower(w)
}

var goKeywords = map[string]bool{
	"break": true, "case": true, "chan": true, "const": true, "continue": true, "default": true,
	"defer": true, "else": true, "fallthrough": true, "for": true, "func": true, "go": true,
	"goto": true, "if": true, "import": true, "interface": true, "map": true, "package": true,
	"range": true, "return": true, "select": true, "struct": true, "switch": true, "type": true,
	"var": true,
}

// GoPackageName derives a Go package name from a schema package attribute:
// the last dot-separated element, lower-cased, keeping only ASCII letters,
// digits and '_'; "sbe" when nothing remains or only underscores (a
// package cannot be named with the blank identifier); a leading digit gets
// an "x" prefix and a Go keyword a "pkg" suffix.
func GoPackageName(pkg string) string {
	if i := strings.LastIndexByte(pkg, '.'); i >= 0 {
		pkg = pkg[i+1:]
	}
	var b strings.Builder
	for i := 0; i < len(pkg); i++ {
		c := pkg[i]
		if isAlnum(c) || c == '_' {
			b.WriteByte(c)
		}
	}
	s := strings.ToLower(b.String())
	switch {
	case strings.Trim(s, "_") == "":
		return "sbe"
	case s[0] >= '0' && s[0] <= '9':
		s = "x" + s
	case goKeywords[s]:
		s += "pkg"
	}
	return s
}

// scope is a set of taken Go identifiers.
type scope map[string]bool

// free reports that all names are free.
func (s scope) free(names ...string) bool {
	for _, n := range names {
		if s[n] {
			return false
		}
	}
	return true
}

func (s scope) take(names ...string) {
	for _, n := range names {
		s[n] = true
	}
}

// claim finds the first candidate base name whose derived names are all
// free: base, base+suffix, then base+suffix+"2", "3", ... It takes and
// returns the chosen derived names. derive maps a base to its names.
func (s scope) claim(base, suffix string, derive func(string) []string) []string {
	if names := derive(base); s.free(names...) {
		s.take(names...)
		return names
	}
	base += suffix
	if names := derive(base); s.free(names...) {
		s.take(names...)
		return names
	}
	for i := 2; ; i++ {
		if names := derive(base + strconv.Itoa(i)); s.free(names...) {
			s.take(names...)
			return names
		}
	}
}

func one(base string) []string { return []string{base} }

// accessors derives the names of a field's or composite member's accessors:
// GoName, SetterName, AtName, SetAtName, IsNullName, SetNullName,
// SetStringName, BytesName.
func accessors(base string) []string {
	set := "Set" + base
	return []string{base, set, base + "At", set + "At", base + "IsNull", set + "Null", set + "String", base + "Bytes"}
}

func withCodecs(base string) []string { return []string{base, base + "Encoder", base + "Decoder"} }

// handlerKey is the key of a field of the dispatcher's Handlers struct in
// the package scope: those fields live in a namespace of their own.
func handlerKey(name string) string { return "Handlers." + name }

// messageNames derives a message's type, codec and handler names.
func messageNames(base string) []string {
	return append(withCodecs(base), handlerKey("On"+base))
}

// names assigns every Go identifier of the schema (see the naming rules at
// the top of this file).
func (b *builder) names() {
	pkg := scope{}
	for n := range ReservedPackageNames {
		pkg[n] = true
	}
	for n := range ReservedHandlerNames {
		pkg[handlerKey(n)] = true
	}
	for _, m := range b.s.Messages {
		n := pkg.claim(GoName(m.Name), "Message", messageNames)
		m.GoName, m.EncoderName, m.DecoderName = n[0], n[1], n[2]
		m.HandlerName, m.HandlerDecoderName = "On"+m.GoName, "d"+m.GoName
		memberNames(m.Fields, m.Groups, m.Data)
	}
	for _, m := range b.s.Messages {
		groupTypeNames(pkg, m.GoName, m.Groups)
	}
	for _, t := range b.s.Types {
		switch t := t.(type) {
		case *Composite:
			n := pkg.claim(GoName(t.Name), "Type", func(base string) []string {
				return []string{base, base + "Encoder", base + "Decoder", base + "Size"}
			})
			t.GoName, t.EncoderName, t.DecoderName, t.SizeName = n[0], n[1], n[2], n[3]
			t.NullBlockName = "null" + t.GoName
		case *Enum:
			n := pkg.claim(GoName(t.Name), "Type", func(base string) []string { return []string{base, base + "NullValue"} })
			t.GoName, t.NullName = n[0], n[1]
		case *Set:
			t.GoName = pkg.claim(GoName(t.Name), "Type", one)[0]
		case *Encoded:
			t.GoName = pkg.claim(GoName(t.Name), "Type", one)[0]
		}
	}
	// Constants come after every type so that a type never loses its name
	// to a constant.
	for _, t := range b.s.Types {
		switch t := t.(type) {
		case *Composite:
			w := pkg.claim("Wrap"+t.GoName, "", func(base string) []string { return []string{base + "Encoder", base + "Decoder"} })
			t.WrapEncoderName, t.WrapDecoderName = w[0], w[1]
			ms := scope{}
			for n := range ReservedCompositeMethodNames {
				ms[n] = true
			}
			for _, m := range t.Members {
				n := ms.claim(GoName(m.Name), "Member", accessors)
				m.GoName, m.SetterName, m.AtName, m.SetAtName = n[0], n[1], n[2], n[3]
				m.IsNullName, m.SetNullName, m.SetStringName, m.BytesName = n[4], n[5], n[6], n[7]
			}
		case *Enum:
			local := scope{}
			for _, v := range t.Values {
				v.GoName = local.claim(GoName(v.Name), "Value", one)[0]
				v.ConstName = pkg.claim(t.GoName+v.GoName, "Value", one)[0]
			}
		case *Set:
			local := scope{}
			for n := range ReservedSetMethodNames {
				local[n] = true
			}
			for _, c := range t.Choices {
				n := local.claim(GoName(c.Name), "Choice", func(base string) []string {
					return []string{base, "Has" + base, "Set" + base}
				})
				c.GoName, c.HasName, c.SetterName = n[0], n[1], n[2]
				c.ConstName = pkg.claim(t.GoName+c.GoName, "Choice", one)[0]
			}
		}
	}
}

func reservedScope() scope {
	s := scope{}
	for n := range ReservedMethodNames {
		s[n] = true
	}
	return s
}

// memberNames names the fields, groups and var data of one block.
func memberNames(fields []*Field, groups []*Group, data []*Data) {
	s := reservedScope()
	for _, f := range fields {
		n := s.claim(GoName(f.Name), "Field", accessors)
		f.GoName, f.SetterName, f.AtName, f.SetAtName = n[0], n[1], n[2], n[3]
		f.IsNullName, f.SetNullName, f.SetStringName, f.BytesName = n[4], n[5], n[6], n[7]
	}
	for _, g := range groups {
		n := s.claim(GoName(g.Name), "Group", func(base string) []string {
			return []string{base, "Set" + base, base + "Count"}
		})
		g.GoName, g.CountName, g.ChildName = n[0], n[2], "g"+n[0]
		memberNames(g.Fields, g.Groups, g.Data)
	}
	for _, d := range data {
		n := s.claim(GoName(d.Name), "Data", func(base string) []string {
			return []string{base, "Set" + base, "Set" + base + "String"}
		})
		d.GoName, d.SetterName, d.SetStringName = n[0], n[1], n[2]
	}
}

// groupTypeNames names the entry types of groups: the parent's type name
// followed by the group's GoName.
func groupTypeNames(pkg scope, parent string, groups []*Group) {
	for _, g := range groups {
		n := pkg.claim(parent+g.GoName, "Group", withCodecs)
		g.TypeName, g.EncoderName, g.DecoderName = n[0], n[1], n[2]
		groupTypeNames(pkg, g.TypeName, g.Groups)
	}
}
