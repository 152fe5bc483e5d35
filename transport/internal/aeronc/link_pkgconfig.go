//go:build aeron_pkgconfig

package aeronc

// With the build tag aeron_pkgconfig, the Aeron C client and media driver
// come from pkg-config (`aeron.pc` on PKG_CONFIG_PATH) instead of the
// repository's .aeron/ prefix. The library must be Aeron 1.51.x: the version
// is checked when a client connects or a driver starts.

/*
#cgo pkg-config: aeron
*/
import "C"
