#!/usr/bin/env bash
# Vitess's examples/local 401_teardown.sh on Tessera: stops the gate, every tablet (the initial
# three and those the 30x scripts added), ctld and each MariaDB, then removes ./vtdataroot (only
# that default one: a data root named by $TESSERA_DATAROOT or $VTDATAROOT is left for you to remove).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
source ./env.sh

tessera local down "$@"

if [ -z "${TESSERA_DATAROOT:-}" ] && [ -z "${VTDATAROOT:-}" ] && [ -d vtdataroot ]; then
  rm -rf vtdataroot
  echo "removed $(pwd)/vtdataroot"
fi
