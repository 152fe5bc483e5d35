#!/usr/bin/env bash
# Regenerates the golden wire vectors testdata/golden/wire/<schema>/<case>.bin
# and .json with the Java peer (interop/java): SBE's generated Java encoders
# write each frame, its generated decoders read it back into the JSON.
# The interop tests fail when the checked-in vectors differ from what this
# writes.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash scripts/interop-build.sh
jar=interop/java/target/aerongo-interop.jar
tmp=$(mktemp -d "$root/testdata/golden/.wire.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
java --add-opens java.base/jdk.internal.misc=ALL-UNNAMED \
  -cp "$jar:$(cat interop/java/target/classpath.txt)" com.github.aerongo.interop.Main vectors "$tmp"
rm -rf testdata/golden/wire
mv "$tmp" testdata/golden/wire
echo "wrote testdata/golden/wire" >&2
