#!/usr/bin/env bash
# Builds Aeron's C client and C media driver (static) from the crates.io
# packages that bundle Aeron's C tree, and installs headers, archives and a
# pkg-config file under the ignored prefix .aeron/ in the repository.
#
# Idempotent: each step is skipped when its inputs have not changed, so a run
# with nothing to do takes a few seconds.
#
# A user with Aeron installed elsewhere skips this and builds with
#   PKG_CONFIG_PATH=/their/prefix/lib/pkgconfig go build -tags aeron_pkgconfig ./...
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
version=$(tr -d '[:space:]' < "$root/AERON_VERSION")
prefix="$root/.aeron"
crate="$root/native/aeron-build"
stamp="$prefix/.installed"

log() { printf 'setup-native: %s\n' "$*" >&2; }

# 1. Debian packages: libclang for bindgen, libbsd and uuid which Aeron links,
#    iproute2 and util-linux (ip, unshare) for the tests that make a network namespace.
need=()
for p in libclang-dev libbsd-dev uuid-dev pkg-config python3-venv iproute2 util-linux; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  log "installing Debian packages: ${need[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

# 2. CMake >= 3.30 (Aeron's CMakeLists requires it; Debian 12 has 3.25) from PyPI.
mkdir -p "$prefix"
if ! "$prefix/venv/bin/cmake" --version >/dev/null 2>&1; then
  log "installing cmake from PyPI into $prefix/venv"
  python3 -m venv "$prefix/venv"
  "$prefix/venv/bin/pip" install -q 'cmake>=3.30,<5'
fi

# 3. The cargo build, pinned to the version in AERON_VERSION.
grep -q "libaeron-sys = { version = \"=$version\"" "$crate/Cargo.toml" ||
  { log "native/aeron-build/Cargo.toml does not pin Aeron $version (AERON_VERSION)"; exit 1; }
grep -q "libaeron_driver-sys = { version = \"=$version\"" "$crate/Cargo.toml" ||
  { log "native/aeron-build/Cargo.toml does not pin the Aeron driver $version (AERON_VERSION)"; exit 1; }

key=$(cat "$root/AERON_VERSION" "$crate/Cargo.toml" "$0" | sha256sum | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$key" ] &&
   [ -f "$prefix/lib/libaeron_static.a" ] && [ -f "$prefix/lib/libaeron_driver_static.a" ]; then
  exit 0
fi

# The cargo target directory lives in the user's cache, shared by every
# checkout on the machine, so a fresh clone reuses an earlier native build.
target="${AERON_BUILD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/aerongo/aeron-build-$version}"
log "building Aeron $version (C client and C media driver) with cargo in $target"
(cd "$crate" && PATH="$prefix/venv/bin:$PATH" CARGO_TARGET_DIR="$target" cargo build --release --quiet)

out="$target/release/build"
client_a=$(ls -t "$out"/libaeron-sys-*/out/build/lib/libaeron_static.a | head -1)
driver_a=$(ls -t "$out"/libaeron_driver-sys-*/out/build/lib/libaeron_driver_static.a | head -1)
meta=$(cd "$crate" && cargo metadata --format-version 1 --locked 2>/dev/null || cargo metadata --format-version 1)
src_of() {
  printf '%s' "$meta" | python3 -c 'import json,sys,os
d=json.load(sys.stdin)
for p in d["packages"]:
    if p["name"]==sys.argv[1]: print(os.path.dirname(p["manifest_path"]))' "$1"
}
client_src="$(src_of libaeron-sys)/aeron"
driver_src="$(src_of libaeron_driver-sys)/aeron"
got=$(tr -d '[:space:]' < "$client_src/version.txt")
[ "$got" = "$version" ] || { log "bundled Aeron is $got, want $version"; exit 1; }

rm -rf "$prefix/include" "$prefix/lib"
mkdir -p "$prefix/include" "$prefix/lib/pkgconfig"
# Headers keep Aeron's own tree layout (aeronc.h, concurrent/..., util/...).
(cd "$client_src/aeron-client/src/main/c" && find . -name '*.h' -exec cp --parents {} "$prefix/include/" \;)
(cd "$driver_src/aeron-driver/src/main/c" && find . -name '*.h' -exec cp --parents {} "$prefix/include/" \;)
cp "$client_a" "$driver_a" "$prefix/lib/"
cp "$client_src/version.txt" "$prefix/VERSION"

cat > "$prefix/lib/pkgconfig/aeron.pc" <<PC
prefix=$prefix
includedir=\${prefix}/include
libdir=\${prefix}/lib

Name: aeron
Description: Aeron C client and C media driver (static)
Version: $version
Cflags: -I\${includedir}
Libs: -L\${libdir} -laeron_driver_static -laeron_static -lbsd -luuid -lm -ldl -lpthread -lrt
PC

echo "$key" > "$stamp"
log "installed Aeron $version into $prefix"
