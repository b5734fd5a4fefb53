#!/bin/sh
# Starts a throwaway MariaDB on a free loopback port for SelectOneEndToEndBenchmarks and prints
#   export TESSERA_BENCH_MARIADB_PORT=<port>   and   kill <pid>   (run the latter when done).
set -e
root=$(mktemp -d /tmp/tessera-bench-mariadb.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mariadb-install-db --no-defaults --datadir="$root/data" --auth-root-authentication-method=normal --skip-test-db --user="$(id -un)" >"$root/install.log" 2>&1
/usr/sbin/mariadbd --no-defaults --datadir="$root/data" --socket="$root/mysql.sock" --port="$port" --bind-address=127.0.0.1 \
  --user="$(id -un)" --skip-name-resolve --log-error="$root/error.log" --max-connections=200 >/dev/null 2>&1 &
pid=$!
for _ in $(seq 1 100); do
  mariadb -h 127.0.0.1 -P "$port" -u root -e 'select 1' >/dev/null 2>&1 && break
  sleep 0.1
done
mariadb -h 127.0.0.1 -P "$port" -u root -e 'create database if not exists sbtest'
echo "export TESSERA_BENCH_MARIADB_PORT=$port"
echo "kill $pid; rm -rf $root"
