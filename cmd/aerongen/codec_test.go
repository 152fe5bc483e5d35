package main

import (
	"bytes"
	"encoding/hex"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// runCodec runs a registered subcommand in-process with buffers.
func runCodec(t *testing.T, name string, stdin []byte, args ...string) ([]byte, string, error) {
	t.Helper()
	cmd, ok := subcommands[name]
	require.True(t, ok, "subcommand %q is not registered", name)
	var stdout, stderr bytes.Buffer
	err := cmd(args, bytes.NewReader(stdin), &stdout, &stderr)
	return stdout.Bytes(), stderr.String(), err
}

func codecSchema(name string) string {
	return filepath.Join("..", "..", "schemas", name)
}

// orderV0 is an Order of schemas/evolution-v0.xml.
const orderV0 = `{"$message": "Order", "orderId": 18446744073709551614, "price": -9223372036854775807,
  "quantity": 7, "status": "Halted", "fills": [{"price": 5, "quantity": 1}], "account": "ACC"}`

// orderV0Frame is orderV0 encoded by hand: header (block length 21,
// template 1, schema 103, version 0), the root block, the fills group and
// the account var data, little-endian.
var orderV0Frame = strings.Join([]string{
	"1500" + "0100" + "6700" + "0000",
	"feffffffffffffff" + "0100000000000080" + "07000000" + "01",
	"0c00" + "0100" + "0500000000000000" + "01000000",
	"03000000" + "414343",
}, "")

func TestCodecEncodeKnownBytes(t *testing.T) {
	out, _, err := runCodec(t, "encode", []byte(orderV0), "-schema", codecSchema("evolution-v0.xml"))
	require.NoError(t, err)
	assert.Equal(t, orderV0Frame, hex.EncodeToString(out))

	out, _, err = runCodec(t, "encode", []byte(orderV0), "-schema", codecSchema("evolution-v0.xml"), "-message", "Order", "-hex")
	require.NoError(t, err)
	assert.Equal(t, orderV0Frame+"\n", string(out))
}

func TestCodecDecodeOlderFrameWithNewerSchema(t *testing.T) {
	frame, err := hex.DecodeString(orderV0Frame)
	require.NoError(t, err)
	out, _, err := runCodec(t, "decode", frame, "-schema", codecSchema("evolution-v1.xml"))
	require.NoError(t, err)
	want := `{
  "$message": "Order",
  "orderId": 18446744073709551614,
  "price": -9223372036854775807,
  "quantity": 7,
  "status": "Halted",
  "stopPrice": null,
  "clientTag": null,
  "fills": [
    {
      "price": 5,
      "quantity": 1,
      "venueFee": null
    }
  ],
  "account": "ACC",
  "memo": ""
}
`
	assert.Equal(t, want, string(out))

	hexText := []byte(orderV0Frame[:20] + "\n " + orderV0Frame[20:] + "\n")
	out, _, err = runCodec(t, "decode", hexText, "-schema", codecSchema("evolution-v0.xml"), "-hex", "-compact")
	require.NoError(t, err)
	assert.Equal(t, `{"$message":"Order","orderId":18446744073709551614,"price":-9223372036854775807,"quantity":7,"status":"Halted","fills":[{"price":5,"quantity":1}],"account":"ACC"}`+"\n", string(out))
}

func TestCodecEncodeDecodeCLI(t *testing.T) {
	schema := codecSchema("market.xml")
	doc := `{"$message":"Trade","symbol":"ESZ6","venue":"XCME","tradeId":42,"timestamp":1700000000000000000,
		"price":512225,"quantity":3,"aggressor":"Sell","conditions":["Opening","Auction"]}`
	frame, _, err := runCodec(t, "encode", []byte(doc), "-schema", schema)
	require.NoError(t, err)
	out, _, err := runCodec(t, "decode", frame, "-schema", schema, "-compact")
	require.NoError(t, err)
	assert.JSONEq(t, doc, string(out))
}

func TestCodecErrors(t *testing.T) {
	v0 := codecSchema("evolution-v0.xml")
	frame, err := hex.DecodeString(orderV0Frame)
	require.NoError(t, err)
	tests := []struct {
		name    string
		cmd     string
		stdin   string
		args    []string
		wantErr string
	}{
		{"no schema", "decode", "", nil, "need -schema"},
		{"extra argument", "encode", orderV0, []string{"-schema", v0, "x"}, "need -schema"},
		{"missing schema file", "decode", "", []string{"-schema", codecSchema("nonexistent.xml")}, "nonexistent.xml"},
		{"unknown message", "encode", `{"orderId":1}`, []string{"-schema", v0, "-message", "Quote"}, `no message "Quote"`},
		{"out of range", "encode", `{"$message":"Order","orderId":1,"price":1,"quantity":-1,"status":"Active"}`, []string{"-schema", v0},
			"$.quantity: value -1 out of range for uint32"},
		{"bad group entry", "encode", `{"$message":"Order","orderId":1,"price":1,"quantity":1,"status":"Active","fills":[{"price":1,"quantity":1},{"price":"x","quantity":1}]}`,
			[]string{"-schema", v0}, "$.fills[1].price: want a number for int64, got string"},
		{"truncated frame", "decode", string(frame[:len(frame)-1]), []string{"-schema", v0}, "$.account: frame truncated"},
		{"foreign schema", "decode", string(frame), []string{"-schema", codecSchema("market.xml")}, "foreign schema id"},
		{"bad hex", "decode", "zz", []string{"-schema", v0, "-hex"}, "-hex input"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := runCodec(t, tt.cmd, []byte(tt.stdin), tt.args...)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.wantErr)
		})
	}
}

func TestCodecHelp(t *testing.T) {
	for _, cmd := range []string{"decode", "encode"} {
		_, stderr, err := runCodec(t, cmd, nil, "-h")
		require.NoError(t, err)
		assert.Contains(t, stderr, "usage: aerongen "+cmd)
	}
}
