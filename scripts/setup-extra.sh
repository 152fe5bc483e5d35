#!/usr/bin/env bash
# Extra set-up steps run by "make setup" after the native build.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/sbe-go-baseline.sh
bash bench/build.sh
bash scripts/interop-build.sh
