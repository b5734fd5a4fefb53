#!/usr/bin/env bash
# The seeds' customers and orders, written through the gate into the sharded customer keyspace,
# then each shard's contents as the seeds show them after their horizontal split: customers 1, 2,
# 3 and 5 (and their orders) in -80, customer 4 and order 4 in 80-. The gate routes each row by
# the hash of customer_id. (In the seeds these rows arrive by MoveTables and Reshard from
# commerce; Tessera has no workflows yet, so they are inserted with the ids they had there.)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
source ./env.sh

# Insert once: a second run must not fail on duplicate keys.
if [ "$(mariadb -N -B customer -e 'select count(*) from customer')" = "0" ]; then
  mariadb customer < insert_customer_data.sql
  echo "inserted the customer data (5 customers, 5 orders)"
fi

mariadb --table --unbuffered < select_customer-80_data.sql
mariadb --table --unbuffered < select_customer80-_data.sql
