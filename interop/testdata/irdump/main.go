// Command irdump prints the SBE IR files (.sbeir) named on its command line
// as JSON, one document per file: the frame and every token, read with the
// codecs that aerongen generates from SBE's own IR schema (sbe-ir.xml, in
// package irdump/sbeir). It writes every frame and token again with the
// generated encoders and fails unless they give the file's bytes. TestJavaIR
// in package interop builds and runs it.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"

	sbeir "irdump/sbeir"
)

// frame is the FrameCodec at the start of a file.
type frame struct {
	IrID            int32  `json:"irId"`
	IrVersion       int32  `json:"irVersion"`
	SchemaVersion   int32  `json:"schemaVersion"`
	PackageName     string `json:"packageName"`
	NamespaceName   string `json:"namespaceName"`
	SemanticVersion string `json:"semanticVersion"`
}

// token is one TokenCodec. Values (constant, minimum, maximum, null) are
// the bytes of the token's primitive, base64 in JSON; the rest is text.
type token struct {
	Offset              int32                    `json:"offset"`
	Size                int32                    `json:"size"`
	FieldID             int32                    `json:"fieldId"`
	Version             int32                    `json:"version"`
	ComponentTokenCount int32                    `json:"componentTokenCount"`
	Signal              sbeir.SignalCodec        `json:"signal"` // as its name (MarshalText)
	PrimitiveType       sbeir.PrimitiveTypeCodec `json:"primitiveType"`
	ByteOrder           sbeir.ByteOrderCodec     `json:"byteOrder"`
	Presence            sbeir.PresenceCodec      `json:"presence"`
	Deprecated          *int32                   `json:"deprecated,omitempty"`
	Name                string                   `json:"name"`
	ConstValue          []byte                   `json:"constValue,omitempty"`
	MinValue            []byte                   `json:"minValue,omitempty"`
	MaxValue            []byte                   `json:"maxValue,omitempty"`
	NullValue           []byte                   `json:"nullValue,omitempty"`
	CharacterEncoding   string                   `json:"characterEncoding,omitempty"`
	Epoch               string                   `json:"epoch,omitempty"`
	TimeUnit            string                   `json:"timeUnit,omitempty"`
	SemanticType        string                   `json:"semanticType,omitempty"`
	Description         string                   `json:"description,omitempty"`
	ReferencedName      string                   `json:"referencedName,omitempty"`
	PackageName         string                   `json:"packageName,omitempty"`
}

type file struct {
	Frame  frame   `json:"frame"`
	Tokens []token `json:"tokens"`
}

func main() {
	enc := json.NewEncoder(os.Stdout)
	for _, name := range os.Args[1:] {
		f, err := read(name)
		if err != nil {
			fmt.Fprintf(os.Stderr, "irdump: %s: %v\n", name, err)
			os.Exit(1)
		}
		if err := enc.Encode(f); err != nil {
			fmt.Fprintln(os.Stderr, "irdump:", err)
			os.Exit(1)
		}
	}
}

// read decodes a whole IR file: a FrameCodec, then TokenCodecs up to the
// end, each body after the one before with no message header, as SBE's
// IrEncoder writes them.
func read(name string) (*file, error) {
	buf, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	var out file
	var fd sbeir.FrameCodecDecoder
	if err := fd.WrapBody(buf, 0, int(new(sbeir.FrameCodec).SBEBlockLength()), sbeir.SchemaVersion); err != nil {
		return nil, err
	}
	out.Frame = frame{
		IrID:            fd.IrID(),
		IrVersion:       fd.IrVersion(),
		SchemaVersion:   fd.SchemaVersionField(),
		PackageName:     string(fd.PackageName()),
		NamespaceName:   string(fd.NamespaceName()),
		SemanticVersion: string(fd.SemanticVersion()),
	}
	off, err := fd.SBEFrameLength()
	if err != nil {
		return nil, fmt.Errorf("frame: %w", err)
	}
	var fe sbeir.FrameCodecEncoder
	if err := sameBytes(buf[:off], &fe, func() error {
		fe.SetIrID(out.Frame.IrID)
		fe.SetIrVersion(out.Frame.IrVersion)
		fe.SetSchemaVersionField(out.Frame.SchemaVersion)
		return errors.Join(fe.SetPackageNameString(out.Frame.PackageName),
			fe.SetNamespaceNameString(out.Frame.NamespaceName),
			fe.SetSemanticVersionString(out.Frame.SemanticVersion))
	}); err != nil {
		return nil, fmt.Errorf("frame: %w", err)
	}
	blockLength := int(new(sbeir.TokenCodec).SBEBlockLength())
	var td sbeir.TokenCodecDecoder
	var te sbeir.TokenCodecEncoder
	for off < len(buf) {
		if err := td.WrapBody(buf, off, blockLength, sbeir.SchemaVersion); err != nil {
			return nil, fmt.Errorf("token %d at %d: %w", len(out.Tokens), off, err)
		}
		t := token{
			Offset:              td.TokenOffset(),
			Size:                td.TokenSize(),
			FieldID:             td.FieldID(),
			Version:             td.TokenVersion(),
			ComponentTokenCount: td.ComponentTokenCount(),
			Signal:              td.Signal(),
			PrimitiveType:       td.PrimitiveType(),
			ByteOrder:           td.ByteOrder(),
			Presence:            td.Presence(),
			Name:                string(td.Name()),
			ConstValue:          bytes.Clone(td.ConstValue()),
			MinValue:            bytes.Clone(td.MinValue()),
			MaxValue:            bytes.Clone(td.MaxValue()),
			NullValue:           bytes.Clone(td.NullValue()),
			CharacterEncoding:   string(td.CharacterEncoding()),
			Epoch:               string(td.Epoch()),
			TimeUnit:            string(td.TimeUnit()),
			SemanticType:        string(td.SemanticType()),
			Description:         string(td.Description()),
			ReferencedName:      string(td.ReferencedName()),
			PackageName:         string(td.PackageName()),
		}
		if !td.DeprecatedIsNull() {
			d := td.Deprecated()
			t.Deprecated = &d
		}
		// The end of the token's var data, counted from the start of buf.
		end, err := td.SBEFrameLength()
		if err != nil {
			return nil, fmt.Errorf("token %d at %d: %w", len(out.Tokens), off, err)
		}
		if err := sameBytes(buf[off:end], &te, func() error { return encodeToken(&te, &t) }); err != nil {
			return nil, fmt.Errorf("token %d at %d: %w", len(out.Tokens), off, err)
		}
		out.Tokens = append(out.Tokens, t)
		off = end
	}
	return &out, nil
}

// encoder is a generated encoder of the IR schema.
type encoder interface {
	WrapForEncode([]byte) error
	Finish() (int, error)
}

// sameBytes encodes a message with e and fill and fails unless its body
// (the frame after the message header, which IR files leave out) is body.
func sameBytes(body []byte, e encoder, fill func() error) error {
	buf := make([]byte, 8+len(body))
	if err := e.WrapForEncode(buf); err != nil {
		return err
	}
	if err := fill(); err != nil {
		return err
	}
	n, err := e.Finish()
	if err != nil {
		return err
	}
	if !bytes.Equal(buf[8:n], body) {
		return fmt.Errorf("encoded again, it is\n% x\nwhere the file has\n% x", buf[8:n], body)
	}
	return nil
}

// encodeToken writes t with e.
func encodeToken(e *sbeir.TokenCodecEncoder, t *token) error {
	e.SetTokenOffset(t.Offset)
	e.SetTokenSize(t.Size)
	e.SetFieldID(t.FieldID)
	e.SetTokenVersion(t.Version)
	e.SetComponentTokenCount(t.ComponentTokenCount)
	e.SetSignal(t.Signal)
	e.SetPrimitiveType(t.PrimitiveType)
	e.SetByteOrder(t.ByteOrder)
	e.SetPresence(t.Presence)
	if t.Deprecated == nil {
		e.SetDeprecatedNull()
	} else {
		e.SetDeprecated(*t.Deprecated)
	}
	return errors.Join(
		e.SetNameString(t.Name),
		e.SetConstValue(t.ConstValue),
		e.SetMinValue(t.MinValue),
		e.SetMaxValue(t.MaxValue),
		e.SetNullValue(t.NullValue),
		e.SetCharacterEncodingString(t.CharacterEncoding),
		e.SetEpochString(t.Epoch),
		e.SetTimeUnitString(t.TimeUnit),
		e.SetSemanticTypeString(t.SemanticType),
		e.SetDescriptionString(t.Description),
		e.SetReferencedNameString(t.ReferencedName),
		e.SetPackageNameString(t.PackageName))
}
