#!/usr/bin/env bash
# Vitess's examples/local 101_initial_cluster.sh on Tessera: keyspace commerce (shard 0) with
# tablets 100 (primary), 101 (replica), 102 (rdonly), ctld on 15000/15999 and the gate on 15306,
# then the seeds' data inserted through the gate with the mariadb client.
# The data root is $TESSERA_DATAROOT, else $VTDATAROOT, else ./vtdataroot (here); ports move with
# the variables env.sh names.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
source ./env.sh

tessera local up "$@"
# The gate's port as up used it (flags given to this script included).
eval "$(tessera local env "$@")"

# Insert once: re-running the script on a running cluster must not fail on duplicate keys.
if [ "$(mariadb -N -B commerce -e 'select count(*) from product')" = "0" ]; then
  mariadb commerce < insert_commerce_data.sql
  echo "inserted the commerce data (customers, products, orders)"
fi
mariadb commerce -e 'show tables; select * from product'
