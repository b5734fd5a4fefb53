#!/usr/bin/env bash
# Vitess's examples/local 302_new_shards.sh on Tessera: shards -80 and 80- of keyspace customer,
# three tablets each (300 and 301 replicas and 302 rdonly on -80; 400, 401, 402 on 80-), each
# shard's first tablet made its primary (InitShardPrimary), the serving graph rebuilt and the
# seeds' sharded customer and corder tables created on both shards (ApplySchema). Both shards
# are empty afterwards, as in the seeds; 303 fills them.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
source ./env.sh

for shard in -80 80-; do
  [ "$shard" = "-80" ] && base=300 || base=400
  for uid in $base $((base + 1)) $((base + 2)); do
    [ "$uid" = "$((base + 2))" ] && type=rdonly || type=replica
    tessera local tablet-up --keyspace customer --shard "$shard" --uid "$uid" --type "$type"
  done
  # A second run finds the shard with its primary and leaves it be (moving a primary is
  # PlannedReparentShard's job, not this script's).
  if ctl GetShard "customer/$shard" | grep -q '"primary_alias"'; then
    echo "customer/$shard already has a primary"
  else
    ctl InitShardPrimary --force "customer/$shard" "zone1-$base"
  fi
done

ctl RebuildKeyspaceGraph customer
# On every shard's primary; the replicas get the tables by replication.
ctl ApplySchema --sql-file create_customer_sharded.sql customer

mariadb --table --unbuffered < select_customer-80_data.sql
mariadb --table --unbuffered < select_customer80-_data.sql
