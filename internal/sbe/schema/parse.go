package schema

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// XIncludeNamespace is the namespace of xi:include elements.
const XIncludeNamespace = "http://www.w3.org/2001/XInclude"

// Limits that keep hostile input from exhausting memory or the stack.
const (
	maxDepth    = 64
	maxIncludes = 64
)

// IncludeFunc returns the content of an xi:included file. name is the href
// joined to the directory of the including file's name (slash-separated).
type IncludeFunc func(name string) ([]byte, error)

// ParseFile reads and parses the schema file at path, resolving xi:include
// hrefs relative to the including file. Positions name the file by its base
// name.
func ParseFile(filename string) (*Schema, error) {
	src, err := os.ReadFile(filename)
	if err != nil {
		return nil, ErrorList{{Pos: Pos{File: filepath.Base(filename)}, Rule: "read", Msg: err.Error()}}
	}
	dir := filepath.Dir(filename)
	include := func(name string) ([]byte, error) {
		if filepath.IsAbs(name) || path.IsAbs(name) {
			return os.ReadFile(name)
		}
		return os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
	}
	return Parse(filepath.Base(filename), src, include)
}

// Parse parses schema XML held in memory. name is the file name used in
// positions; include resolves xi:include (nil makes every include an error).
// A malformed schema gives an ErrorList.
func Parse(name string, src []byte, include IncludeFunc) (*Schema, error) {
	p := &parser{include: include}
	root := p.parseFile(name, src, nil)
	if root == nil {
		return nil, p.errs.Err()
	}
	s := p.schema(root)
	if s != nil {
		s.File = name
		s.Includes = p.included
	}
	if err := p.errs.Err(); err != nil {
		return nil, err
	}
	return s, nil
}

// node is one XML element with its attributes (unprefixed and by local
// name), child elements and text.
type node struct {
	pos      Pos
	space    string
	local    string
	attrs    map[string]string
	children []*node
	text     strings.Builder
}

func (n *node) attr(name string) string { return n.attrs[name] }

type parser struct {
	include  IncludeFunc
	included []string
	errs     ErrorList
}

// parseFile parses one file into its root element and expands its
// includes. stack holds the names of the files including it.
func (p *parser) parseFile(name string, src []byte, stack []string) *node {
	d := xml.NewDecoder(bytes.NewReader(src))
	d.CharsetReader = func(charset string, input io.Reader) (io.Reader, error) {
		switch strings.ToLower(charset) {
		case "us-ascii", "ascii", "utf-8", "utf8":
			return input, nil
		}
		return nil, fmt.Errorf("unsupported charset %q", charset)
	}
	var root *node
	var open []*node
	for {
		line, col := d.InputPos()
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			pos := Pos{File: name, Line: line}
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				pos.Line = se.Line
				msg := se.Msg
				p.errs.Add(pos, "xml", "malformed XML: %s", msg)
			} else {
				p.errs.Add(pos, "xml", "malformed XML: %v", err)
			}
			return nil
		}
		switch t := tok.(type) {
		case xml.StartElement:
			n := &node{pos: Pos{File: name, Line: line, Col: col}, space: t.Name.Space, local: t.Name.Local}
			for _, a := range t.Attr {
				if a.Name.Space != "" {
					continue
				}
				if n.attrs == nil {
					n.attrs = make(map[string]string, len(t.Attr))
				}
				n.attrs[a.Name.Local] = a.Value
			}
			if len(open) == 0 {
				if root != nil {
					p.errs.Add(n.pos, "xml", "more than one root element")
					return nil
				}
				root = n
			} else {
				if len(open) >= maxDepth {
					p.errs.Add(n.pos, "xml", "elements nested more than %d deep", maxDepth)
					return nil
				}
				parent := open[len(open)-1]
				parent.children = append(parent.children, n)
			}
			open = append(open, n)
		case xml.EndElement:
			if len(open) > 0 {
				open = open[:len(open)-1]
			}
		case xml.CharData:
			if len(open) > 0 {
				open[len(open)-1].text.Write(t)
			}
		}
	}
	if root == nil {
		p.errs.Add(Pos{File: name, Line: 1}, "xml", "no root element")
		return nil
	}
	p.expandIncludes(root, name, append(stack, name))
	return root
}

func isInclude(n *node) bool {
	return n.local == "include" && (n.space == XIncludeNamespace || n.space == "xi")
}

// expandIncludes replaces every xi:include below n by the root element of
// the included file.
func (p *parser) expandIncludes(n *node, name string, stack []string) {
	for i := 0; i < len(n.children); i++ {
		c := n.children[i]
		if !isInclude(c) {
			p.expandIncludes(c, name, stack)
			continue
		}
		n.children[i] = nil
		if inc := p.includeFile(c, name, stack); inc != nil {
			n.children[i] = inc
		}
	}
	kept := n.children[:0]
	for _, c := range n.children {
		if c != nil {
			kept = append(kept, c)
		}
	}
	n.children = kept
}

func (p *parser) includeFile(inc *node, from string, stack []string) *node {
	href := inc.attr("href")
	switch {
	case href == "":
		p.errs.Add(inc.pos, "xi:include", "include without href")
		return nil
	case inc.attr("parse") != "" && inc.attr("parse") != "xml":
		p.errs.Add(inc.pos, "xi:include", "parse=%q is not supported, only xml", inc.attr("parse"))
		return nil
	case inc.attr("xpointer") != "":
		p.errs.Add(inc.pos, "xi:include", "xpointer is not supported")
		return nil
	case strings.Contains(href, "://"):
		p.errs.Add(inc.pos, "xi:include", "href %q: only local files can be included", href)
		return nil
	}
	name := href
	if !path.IsAbs(href) && !filepath.IsAbs(href) {
		name = path.Join(path.Dir(from), href)
	}
	for _, s := range stack {
		if s == name {
			p.errs.Add(inc.pos, "xi:include", "include cycle: %s includes %s", from, href)
			return nil
		}
	}
	if len(p.included) >= maxIncludes {
		p.errs.Add(inc.pos, "xi:include", "more than %d includes", maxIncludes)
		return nil
	}
	if p.include == nil {
		p.errs.Add(inc.pos, "xi:include", "cannot include %q: no include resolver", href)
		return nil
	}
	src, err := p.include(name)
	if err != nil {
		p.errs.Add(inc.pos, "xi:include", "cannot include %q: %v", href, unwrapPathError(err))
		return nil
	}
	p.included = append(p.included, name)
	return p.parseFile(name, src, stack)
}

// unwrapPathError drops the absolute path of an *fs.PathError so messages
// stay independent of the working directory.
func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func (p *parser) unexpected(n *node, where string) {
	p.errs.Add(n.pos, "structure", "unexpected element <%s> in %s", n.local, where)
}

func (p *parser) schema(root *node) *Schema {
	if root.local != "messageSchema" {
		p.errs.Add(root.pos, "structure", "root element is <%s>, want <messageSchema>", root.local)
		return nil
	}
	s := &Schema{
		Pos:             root.pos,
		Package:         root.attr("package"),
		ID:              root.attr("id"),
		Version:         root.attr("version"),
		SemanticVersion: root.attr("semanticVersion"),
		Description:     root.attr("description"),
		ByteOrder:       root.attr("byteOrder"),
		HeaderType:      root.attr("headerType"),
	}
	for _, c := range root.children {
		switch c.local {
		case "types":
			s.TypesPos = append(s.TypesPos, c.pos)
			s.Types = p.typesChildren(c, s.Types)
		case "message":
			s.Messages = append(s.Messages, p.message(c))
		default:
			p.unexpected(c, "<messageSchema>")
		}
	}
	return s
}

// typesChildren appends the declarations inside a <types> element. A
// <types> element inside <types> (what including a types file from a types
// file produces) contributes its children.
func (p *parser) typesChildren(n *node, out []TypeDecl) []TypeDecl {
	for _, t := range n.children {
		if t.local == "types" {
			out = p.typesChildren(t, out)
			continue
		}
		if d := p.typeDecl(t, false); d != nil {
			out = append(out, d)
		}
	}
	return out
}

// typeDecl converts a child of <types> or <composite>.
func (p *parser) typeDecl(n *node, inComposite bool) TypeDecl {
	switch n.local {
	case "type":
		for _, c := range n.children {
			p.unexpected(c, "<type>")
		}
		return &Type{
			Pos:               n.pos,
			Name:              n.attr("name"),
			PrimitiveType:     n.attr("primitiveType"),
			Length:            n.attr("length"),
			Presence:          n.attr("presence"),
			NullValue:         n.attr("nullValue"),
			MinValue:          n.attr("minValue"),
			MaxValue:          n.attr("maxValue"),
			CharacterEncoding: n.attr("characterEncoding"),
			SemanticType:      n.attr("semanticType"),
			Description:       n.attr("description"),
			SinceVersion:      n.attr("sinceVersion"),
			Deprecated:        n.attr("deprecated"),
			Offset:            n.attr("offset"),
			ValueRef:          n.attr("valueRef"),
			Text:              strings.TrimSpace(n.text.String()),
		}
	case "enum":
		e := &Enum{
			Pos:          n.pos,
			Name:         n.attr("name"),
			EncodingType: n.attr("encodingType"),
			Presence:     n.attr("presence"),
			NullValue:    n.attr("nullValue"),
			SemanticType: n.attr("semanticType"),
			Description:  n.attr("description"),
			SinceVersion: n.attr("sinceVersion"),
			Deprecated:   n.attr("deprecated"),
			Offset:       n.attr("offset"),
		}
		for _, c := range n.children {
			if c.local != "validValue" {
				p.unexpected(c, "<enum>")
				continue
			}
			for _, g := range c.children {
				p.unexpected(g, "<validValue>")
			}
			e.Values = append(e.Values, &ValidValue{
				Pos:          c.pos,
				Name:         c.attr("name"),
				Description:  c.attr("description"),
				SinceVersion: c.attr("sinceVersion"),
				Deprecated:   c.attr("deprecated"),
				Text:         strings.TrimSpace(c.text.String()),
			})
		}
		return e
	case "set":
		s := &Set{
			Pos:          n.pos,
			Name:         n.attr("name"),
			EncodingType: n.attr("encodingType"),
			SemanticType: n.attr("semanticType"),
			Description:  n.attr("description"),
			SinceVersion: n.attr("sinceVersion"),
			Deprecated:   n.attr("deprecated"),
			Offset:       n.attr("offset"),
		}
		for _, c := range n.children {
			if c.local != "choice" {
				p.unexpected(c, "<set>")
				continue
			}
			for _, g := range c.children {
				p.unexpected(g, "<choice>")
			}
			s.Choices = append(s.Choices, &Choice{
				Pos:          c.pos,
				Name:         c.attr("name"),
				Description:  c.attr("description"),
				SinceVersion: c.attr("sinceVersion"),
				Deprecated:   c.attr("deprecated"),
				Text:         strings.TrimSpace(c.text.String()),
			})
		}
		return s
	case "composite":
		c := &Composite{
			Pos:          n.pos,
			Name:         n.attr("name"),
			SemanticType: n.attr("semanticType"),
			Description:  n.attr("description"),
			SinceVersion: n.attr("sinceVersion"),
			Deprecated:   n.attr("deprecated"),
			Offset:       n.attr("offset"),
		}
		for _, m := range n.children {
			if d := p.typeDecl(m, true); d != nil {
				c.Members = append(c.Members, d)
			}
		}
		return c
	case "ref":
		if !inComposite {
			p.unexpected(n, "<types> (a <ref> belongs in a <composite>)")
			return nil
		}
		for _, c := range n.children {
			p.unexpected(c, "<ref>")
		}
		return &Ref{
			Pos:          n.pos,
			Name:         n.attr("name"),
			Type:         n.attr("type"),
			Offset:       n.attr("offset"),
			SinceVersion: n.attr("sinceVersion"),
			Deprecated:   n.attr("deprecated"),
			Description:  n.attr("description"),
		}
	}
	if inComposite {
		p.unexpected(n, "<composite>")
	} else {
		p.unexpected(n, "<types>")
	}
	return nil
}

func (p *parser) message(n *node) *Message {
	m := &Message{
		Pos:          n.pos,
		Name:         n.attr("name"),
		ID:           n.attr("id"),
		BlockLength:  n.attr("blockLength"),
		SemanticType: n.attr("semanticType"),
		Description:  n.attr("description"),
		SinceVersion: n.attr("sinceVersion"),
		Deprecated:   n.attr("deprecated"),
	}
	m.Members = p.members(n, "<message>")
	return m
}

func (p *parser) members(n *node, where string) []Member {
	var out []Member
	for _, c := range n.children {
		switch c.local {
		case "field":
			for _, g := range c.children {
				p.unexpected(g, "<field>")
			}
			out = append(out, &Field{
				Pos:          c.pos,
				Name:         c.attr("name"),
				ID:           c.attr("id"),
				Type:         c.attr("type"),
				Offset:       c.attr("offset"),
				Presence:     c.attr("presence"),
				ValueRef:     c.attr("valueRef"),
				SinceVersion: c.attr("sinceVersion"),
				Deprecated:   c.attr("deprecated"),
				SemanticType: c.attr("semanticType"),
				Description:  c.attr("description"),
				Epoch:        c.attr("epoch"),
				TimeUnit:     c.attr("timeUnit"),
			})
		case "group":
			g := &Group{
				Pos:           c.pos,
				Name:          c.attr("name"),
				ID:            c.attr("id"),
				DimensionType: c.attr("dimensionType"),
				BlockLength:   c.attr("blockLength"),
				SemanticType:  c.attr("semanticType"),
				Description:   c.attr("description"),
				SinceVersion:  c.attr("sinceVersion"),
				Deprecated:    c.attr("deprecated"),
			}
			g.Members = p.members(c, "<group>")
			out = append(out, g)
		case "data":
			for _, g := range c.children {
				p.unexpected(g, "<data>")
			}
			out = append(out, &Data{
				Pos:          c.pos,
				Name:         c.attr("name"),
				ID:           c.attr("id"),
				Type:         c.attr("type"),
				Presence:     c.attr("presence"),
				SemanticType: c.attr("semanticType"),
				Description:  c.attr("description"),
				SinceVersion: c.attr("sinceVersion"),
				Deprecated:   c.attr("deprecated"),
			})
		default:
			p.unexpected(c, where)
		}
	}
	return out
}
