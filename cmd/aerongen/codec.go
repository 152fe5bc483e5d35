package main

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/aerongo/aerongo/internal/sbe/dyn"
	"github.com/aerongo/aerongo/internal/sbe/ir"
)

// The on-the-fly codec, driven by the schema alone:
//
//	aerongen decode -schema FILE [-hex] [-compact] < frame.bin > doc.json
//	aerongen encode -schema FILE [-message NAME] [-hex] [-skip-minmax] < doc.json > frame.bin
func init() {
	subcommands["decode"] = runDecode
	subcommands["encode"] = runEncode
}

// runDecode reads one frame from stdin and prints it as JSON.
func runDecode(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("aerongen decode", flag.ContinueOnError)
	fs.SetOutput(stderr)
	schemaFile := fs.String("schema", "", "SBE XML schema file")
	hexIn := fs.Bool("hex", false, "read the frame as hexadecimal text (white space ignored)")
	compact := fs.Bool("compact", false, "print the JSON on one line")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: aerongen decode -schema FILE [-hex] [-compact] < frame.bin")
		fs.PrintDefaults()
	}
	s, err := parseCodecFlags(fs, args, schemaFile)
	if err != nil || s == nil {
		return err
	}
	frame, err := io.ReadAll(stdin)
	if err != nil {
		return err
	}
	if *hexIn {
		if frame, err = decodeHex(frame); err != nil {
			return err
		}
	}
	var doc bytes.Buffer
	if err := dyn.DecodeJSON(s, frame, &doc); err != nil {
		return err
	}
	if !*compact {
		var pretty bytes.Buffer
		if err := json.Indent(&pretty, doc.Bytes(), "", "  "); err != nil {
			return err
		}
		doc = pretty
	}
	_, err = stdout.Write(doc.Bytes())
	return err
}

// runEncode reads one JSON document from stdin and writes the frame.
func runEncode(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("aerongen encode", flag.ContinueOnError)
	fs.SetOutput(stderr)
	schemaFile := fs.String("schema", "", "SBE XML schema file")
	message := fs.String("message", "", `message name (default: the document's "$message")`)
	hexOut := fs.Bool("hex", false, "write the frame as hexadecimal text")
	skipMinMax := fs.Bool("skip-minmax", false, "accept values outside minValue and maxValue that fit the primitive")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: aerongen encode -schema FILE [-message NAME] [-hex] [-skip-minmax] < doc.json")
		fs.PrintDefaults()
	}
	s, err := parseCodecFlags(fs, args, schemaFile)
	if err != nil || s == nil {
		return err
	}
	frame, err := dyn.EncodeOptions{SkipMinMax: *skipMinMax}.EncodeJSON(s, *message, stdin)
	if err != nil {
		return err
	}
	if *hexOut {
		frame = []byte(hex.EncodeToString(frame) + "\n")
	}
	_, err = stdout.Write(frame)
	return err
}

// parseCodecFlags parses args and loads the schema. It returns a nil
// schema and no error when help was asked for.
func parseCodecFlags(fs *flag.FlagSet, args []string, schemaFile *string) (*ir.Schema, error) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, nil
		}
		return nil, err
	}
	if *schemaFile == "" || fs.NArg() > 0 {
		fs.Usage()
		return nil, errors.New("need -schema and no other arguments")
	}
	return ir.Load(*schemaFile)
}

// decodeHex decodes hexadecimal text, ignoring white space.
func decodeHex(text []byte) ([]byte, error) {
	clean := strings.Join(strings.Fields(string(text)), "")
	b, err := hex.DecodeString(clean)
	if err != nil {
		return nil, fmt.Errorf("-hex input: %w", err)
	}
	return b, nil
}
