# Sourced by every script here, as Vitess's examples/common/env.sh: which tessera to run, the
# ports, and the two clients with them filled in. Move the whole cluster by exporting
# TESSERA_GATE_MYSQL_PORT, TESSERA_GATE_WEB_PORT, TESSERA_CTLD_PORT, TESSERA_CTLD_GRPC_PORT or TESSERA_TABLET_PORT_BASE
# (`tessera local` reads the same variables) and the data root with TESSERA_DATAROOT. Once the
# cluster is up, the ports it was started on win (`tessera local env`), so a cluster started with
# `101_initial_cluster.sh --gate-mysql-port 25306` is found by the later scripts too.
examples_local="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
TESSERA="${TESSERA:-$examples_local/../../tessera}"
export TESSERA_GATE_MYSQL_PORT="${TESSERA_GATE_MYSQL_PORT:-15306}"
export TESSERA_GATE_WEB_PORT="${TESSERA_GATE_WEB_PORT:-15001}"
export TESSERA_CTLD_PORT="${TESSERA_CTLD_PORT:-15000}"
export TESSERA_CTLD_GRPC_PORT="${TESSERA_CTLD_GRPC_PORT:-15999}"
export TESSERA_TABLET_PORT_BASE="${TESSERA_TABLET_PORT_BASE:-15000}"

tessera() { "$TESSERA" "$@"; }
eval "$(tessera local env)"
# vtctldclient --server localhost:15999
ctl() { "$TESSERA" ctl --server "127.0.0.1:$TESSERA_CTLD_GRPC_PORT" "$@"; }
# mysql -h 127.0.0.1 -P 15306: the gate
mariadb() { command mariadb -h 127.0.0.1 -P "$TESSERA_GATE_MYSQL_PORT" -u root "$@"; }
