# One native step (setup), then plain go build / go test work in the repository.
SHELL := /bin/bash
GO ?= go
# staticcheck, run by `make test` from the Go module proxy (built once, then cached).
STATICCHECK_VERSION ?= v0.8.2

.PHONY: setup test test-go test-race demo bench generate

## setup: Debian packages, CMake from PyPI, Aeron's C client and driver via cargo,
## Go modules, the C benchmark baseline and the Java interop build. Idempotent.
setup:
	@bash scripts/setup-native.sh
	@$(GO) mod download
	@if [ -x scripts/setup-extra.sh ]; then bash scripts/setup-extra.sh; fi

## test: every test: go.mod and go.sum tidy, vet, staticcheck, the Go tests, then again under
## -race everything that runs over the transport (transport, gen, examples, interop).
test: setup
	$(GO) mod tidy -diff
	$(GO) vet ./...
	$(GO) run honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION) ./...
	$(GO) test -count=1 ./...
	$(GO) test -count=1 -race ./transport/... ./gen/... ./examples/... ./interop/...

## demo: in-process driver, publisher and subscriber, a live rate line each second.
demo: setup
	$(GO) run ./examples/marketfeed

## bench: Go and C side by side, interleaved, printing ratios.
bench: setup
	@bash bench/run.sh

## generate: refresh the checked-in generated packages.
generate:
	$(GO) generate ./gen/...
