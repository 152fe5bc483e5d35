#!/usr/bin/env bash
# Builds the raw C baseline (bench/c) against the Aeron prefix that
# "make setup" installs (.aeron/include, .aeron/lib). Output: bench/build/.
# Idempotent: a program is rebuilt only when a source or a library is newer.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
prefix="$root/.aeron"
out="$root/bench/build"
if [ ! -f "$prefix/lib/libaeron_static.a" ]; then
  echo "bench/build.sh: $prefix/lib/libaeron_static.a missing; run make setup first" >&2
  exit 1
fi
mkdir -p "$out"
CC=${CC:-gcc}
CFLAGS=${CFLAGS:-"-O3 -march=native -g"}
libs=(-L"$prefix/lib" -laeron_driver_static -laeron_static -lbsd -luuid -lm -ldl -lpthread -lrt)
deps=(bench/c/common.c bench/c/common.h "$prefix/lib/libaeron_static.a" "$prefix/lib/libaeron_driver_static.a" bench/build.sh)
for prog in ipc_pub ipc_sub ping pong; do
  bin="$out/c_$prog"
  rebuild=0
  [ -x "$bin" ] || rebuild=1
  for f in "bench/c/$prog.c" "${deps[@]}"; do
    [ "$f" -nt "$bin" ] && rebuild=1
  done
  if [ "$rebuild" = 1 ]; then
    # shellcheck disable=SC2086
    $CC $CFLAGS -std=gnu11 -Wall -Wextra -Wno-unused-parameter -I"$prefix/include" -Ibench/c \
      -o "$bin.tmp" "bench/c/$prog.c" bench/c/common.c "${libs[@]}"
    mv "$bin.tmp" "$bin"
    echo "built $bin"
  fi
done
