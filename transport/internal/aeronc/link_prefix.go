//go:build !aeron_pkgconfig

package aeronc

// Link against the Aeron 1.51.0 C client and media driver that `make setup`
// builds into the repository's ignored .aeron/ prefix. Build with the tag
// aeron_pkgconfig to use an Aeron installed elsewhere (see link_pkgconfig.go).

/*
#cgo CFLAGS: -I${SRCDIR}/../../../.aeron/include
#cgo LDFLAGS: -L${SRCDIR}/../../../.aeron/lib -laeron_driver_static -laeron_static -lbsd -luuid -lm -ldl -lpthread -lrt
*/
import "C"
