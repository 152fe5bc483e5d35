package runtime

// Version handshake between generated code and this package, after
// protobuf-go's protoimpl.EnforceVersion.
//
// Every generated package contains
//
//	const (
//		_ = runtime.EnforceVersion(N - runtime.MinVersion)
//		_ = runtime.EnforceVersion(runtime.MaxVersion - N)
//	)
//
// where N is the GenVersion of the aerongen that wrote it. When this
// package no longer supports N, one of the constants overflows the unsigned
// type and the generated package fails to compile, instead of misbehaving
// at run time. Regenerate the package to fix it.
const (
	// GenVersion is the version of the generated-code contract that the
	// current aerongen emits.
	GenVersion = 1
	// MinVersion is the oldest generated-code version this package supports.
	MinVersion = 1
	// MaxVersion is the newest generated-code version this package supports.
	MaxVersion = GenVersion
)

// EnforceVersion is used by generated code in constant expressions only; a
// negative operand does not compile.
type EnforceVersion uint
