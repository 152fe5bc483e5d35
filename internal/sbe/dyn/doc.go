// Package dyn is an on-the-fly SBE codec driven by the resolved schema of
// package ir, not by generated code: it turns a frame into a JSON document
// and a JSON document into a frame. The aerongen decode and encode
// subcommands use it for debugging, and peers in other languages produce
// and compare the same JSON in cross-language tests.
//
// # Frames
//
// A frame is the message header (the schema's header composite, custom
// ones included), the root block, the repeating groups and the var data,
// in the schema's byte order. Decoding honours the header's blockLength and
// version: the extra block bytes of a newer message are skipped, and in an
// older message the fields, groups and var data with a sinceVersion above
// the header's version are absent. Group dimensions and var data lengths
// are read through the schema's dimension and length composites. Bytes
// after the message are rejected unless the header's version is newer than
// the schema's (a newer writer may append groups and var data). Encoding
// writes the schema's id and version and the message's block length; extra
// header members hold their null value when optional, else zero.
//
// # JSON mapping
//
// One object per frame: {"$message": "<message name>", ...}, then the
// fields, groups and var data under the schema's own names, in schema
// order.
//
//   - Integers are JSON numbers, exact for all 64 bits. Floats are numbers;
//     NaN and the infinities are the strings "NaN", "Infinity" and
//     "-Infinity". A single char is a one-character string.
//   - An enum is its value name; a raw value that matches no valid value is
//     the number. Encoding accepts either.
//   - A set is an array of its choice names in bit order (bits without a
//     choice are dropped).
//   - A composite is an object, a group an array of objects.
//   - A char array, or a uint8 array with a characterEncoding, is a string
//     trimmed at the first NUL; var data with a characterEncoding is a
//     string. Other var data and other int8 or uint8 arrays are base64
//     (standard alphabet, padded). Other arrays are arrays of numbers.
//     Text in UTF-8 is taken as is (invalid bytes decode as U+FFFD); text in
//     any other encoding maps each byte to the code point of the same
//     value, which is exact for US-ASCII and ISO-8859-1.
//   - Constants are printed on decode (an enum valueRef as its value name)
//     and ignored on encode.
//
// # Null values
//
// A value is nullable when its field or member is optional, or was added
// after version 0 (sinceVersion > 0; such a value is null in every older
// frame), or belongs to a nullable composite. A nullable value holding its
// null value decodes as null; an array decodes as null when every element
// is null, and an array of numbers shows single null elements as null.
// Encoding writes the null value for a nullable value given as null and for
// an optional value left out; a required value left out (even one added
// after version 0), or null where it is not nullable, is an error.
//
// A field newer than the frame's version decodes as its null value would:
// null for simple values, an object of nulls for a composite, [] for a
// set. A newer group decodes as [] and newer var data as "". Encoding
// accepts an absent or null group as an empty one, and absent or null var
// data as empty, so that encoding a decoded document reproduces it.
//
// # Errors
//
// Every error of Decode, Encode and ParseJSON is a *PathError naming the JSON path of the problem, such as
// "$.fuelFigures[1].speed: value 70000 out of range for uint16", and
// wrapping one of the sentinel errors (ErrTruncated, ErrRange, ...). The
// decoder checks every length against the frame before reading; no input
// makes it panic or read out of bounds. The encoder rejects unknown
// messages and member names, missing required values, values of the wrong
// JSON type, values outside their primitive or their minValue and
// maxValue, unknown enum value and set choice names, and strings longer
// than their char array.
package dyn
