#!/usr/bin/env bash
# Vitess's examples/local 301_customer_sharded.sh on Tessera, for a customer keyspace created
# sharded from the start (Tessera has no MoveTables/Reshard yet, so the 20x vertical split is not
# replayed): the sequences customer_seq and order_seq in commerce with the seeds' commerce VSchema,
# then keyspace customer with the seeds' sharded VSchema (hash on customer_id, auto-increment
# from the sequences). Its shards and tablets come in 302.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
source ./env.sh

# The sequence tables live in the unsharded commerce keyspace; one row each, inserted once.
ctl ApplySchema --sql-file create_commerce_seq.sql commerce
if [ "$(mariadb -N -B commerce -e 'select count(*) from customer_seq')" = "0" ]; then
  mariadb commerce < insert_commerce_seq.sql
  echo "created the sequences customer_seq and order_seq in commerce (next id 1000)"
fi
ctl ApplyVSchema --vschema-file vschema_commerce_seq.json commerce

# --force: a keyspace that already exists (a second run) is not an error.
ctl CreateKeyspace --force customer
ctl ApplyVSchema --vschema-file vschema_customer_sharded.json customer
