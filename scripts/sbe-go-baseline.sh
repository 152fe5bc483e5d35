#!/usr/bin/env bash
# Generates the Go code that SBE's own tool (uk.co.real-logic:sbe-tool)
# produces for SBE's Car example, into the ignored folder bench/sbego/: its
# flyweights (bench/sbego/baseline, -Dsbe.go.generate.generate.flyweights=true)
# and its default struct codecs over io.Reader and io.Writer
# (bench/sbego/structs/baseline). The benchmarks in bench/codec compare the
# aerongen output against both.
#
# Idempotent: nothing runs when the output exists and neither the schema
# files, the tool version nor this script changed.
#
# The output is fixed up in two ways: it is gofmt-ed, and every generated
# file gets the build constraint "//go:build sbego", so that a checkout without the
# baseline (or "go vet ./...") never compiles SBE's code; the benchmarks
# that use it carry the same tag:
#   go test -tags sbego -run '^$' -bench . -benchmem ./bench/codec
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
schema_dir=../shared/schemas/sbe-examples
schema=$schema_dir/example-schema.xml
out=bench/sbego
pom=bench/sbe-tool/pom.xml
stamp=$out/.inputs

log() { printf 'sbe-go-baseline: %s\n' "$*" >&2; }

if [ ! -f "$schema" ]; then
  log "schema $schema not found; skipping"
  exit 0
fi

inputs=$(cat "$schema" "$schema_dir/common-types.xml" "$pom" "$0" | sha256sum | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$inputs" ]; then
  exit 0
fi

command -v mvn >/dev/null || { log "mvn not found"; exit 1; }
command -v java >/dev/null || { log "java not found"; exit 1; }

cp_file=$(mktemp)
trap 'rm -f "$cp_file"' EXIT
log "resolving sbe-tool with Maven"
mvn -q -f "$pom" dependency:build-classpath -Dmdep.outputFile="$cp_file" >&2

tmp=$(mktemp -d "$root/bench/.sbego.XXXXXX")
trap 'rm -f "$cp_file"; rm -rf "$tmp"' EXIT
log "generating SBE's Go flyweights for $schema"
java --add-opens java.base/jdk.internal.misc=ALL-UNNAMED \
  -Dsbe.target.language=golang \
  -Dsbe.go.generate.generate.flyweights=true \
  -Dsbe.xinclude.aware=true \
  -Dsbe.output.dir="$tmp" \
  -cp "$(cat "$cp_file")" uk.co.real_logic.sbe.SbeTool "$schema" >&2
log "generating SBE's Go struct codecs for $schema"
java --add-opens java.base/jdk.internal.misc=ALL-UNNAMED \
  -Dsbe.target.language=golang \
  -Dsbe.xinclude.aware=true \
  -Dsbe.output.dir="$tmp/structs" \
  -cp "$(cat "$cp_file")" uk.co.real_logic.sbe.SbeTool "$schema" >&2

# Build constraint on every generated Go file (see the header comment).
find "$tmp" -name '*.go' -print0 | while IFS= read -r -d '' f; do
  { printf '//go:build sbego\n\n'; cat "$f"; } > "$f.tagged" && mv "$f.tagged" "$f"
done

# gofmt, so that the tree stays gofmt-clean with the baseline present.
if command -v gofmt >/dev/null; then gofmt -w "$tmp"; fi

rm -rf "$out"
mv "$tmp" "$out"
printf '%s\n' "$inputs" > "$stamp"
log "wrote $out"
