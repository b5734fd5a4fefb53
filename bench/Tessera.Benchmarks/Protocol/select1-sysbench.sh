#!/bin/bash
# End-to-end `select 1`: the canned Tessera server (SelectOneHandler, in its own process) versus
# MariaDB, both driven by sysbench with 1 and 16 threads. Prints queries per second and the
# server's CPU time per query (from /proc/<pid>/stat), which stays meaningful on a busy machine.
#   usage: select1-sysbench.sh <mariadb-port> <mariadb-pid> [events]
# (start-mariadb.sh prints both). Set DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 in the
# environment to run socket continuations on the epoll thread (see the protocol notes), or
# THREAD_PER_CONNECTION=1 for the server's thread-per-connection mode (blocking I/O).
set -e
mariadb_port=$1; mariadb_pid=$2; events=${3:-100000}
repo=$(cd "$(dirname "$0")/../../.." && pwd)
work=$(mktemp -d /tmp/tessera-select1.XXXXXX)
cat > "$work/select1.csproj" <<CSPROJ
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
    <Configuration>Release</Configuration>
  </PropertyGroup>
  <ItemGroup>
    <ProjectReference Include="$repo/src/Tessera.Protocol/Tessera.Protocol.csproj" />
    <Compile Include="$repo/bench/Tessera.Benchmarks/Protocol/SelectOneHandler.cs" />
  </ItemGroup>
</Project>
CSPROJ
cat > "$work/Program.cs" <<'CS'
using Tessera.Protocol.Server;
var server = new MySqlServer(new MySqlServerOptions { ThreadPerConnection = Environment.GetEnvironmentVariable("THREAD_PER_CONNECTION") == "1" }, new Tessera.Benchmarks.Protocol.SelectOneHandler());
server.Start();
Console.WriteLine(server.Port);
await Task.Delay(Timeout.Infinite);
CS
cat > "$work/select1.lua" <<'LUA'
function thread_init()
  drv = sysbench.sql.driver()
  con = drv:connect()
end
function event()
  con:query("select 1")
end
LUA
dotnet build -c Release "$work/select1.csproj" -o "$work/out" >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
dotnet "$work/out/select1.dll" >"$work/server.out" 2>&1 &
server_pid=$!
trap 'kill $server_pid 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 50); do [ -s "$work/server.out" ] && break; sleep 0.1; done
tessera_port=$(head -1 "$work/server.out")

run() { # name pid port threads events
  local before after out
  before=$(awk '{print $14+$15}' /proc/$2/stat)
  out=$(sysbench "$work/select1.lua" --mysql-host=127.0.0.1 --mysql-port=$3 --mysql-user=root --mysql-password= \
        --mysql-ssl=off --mysql-db=sbtest --threads=$4 --events=$5 --time=0 run)
  after=$(awk '{print $14+$15}' /proc/$2/stat)
  printf '%-8s threads=%-3s qps=%-10s server_cpu_us_per_query=%s\n' "$1" "$4" \
    "$(echo "$out" | grep -E 'queries:' | head -1 | sed -E 's/.*\((.*) per sec.*/\1/')" \
    "$(echo "scale=1; ($after-$before)*1000000/$(getconf CLK_TCK)/$5" | bc)"
}
run tessera $server_pid $tessera_port 4 20000 >/dev/null # warm up the JIT
for threads in 1 16; do
  run tessera $server_pid $tessera_port $threads $events
  run mariadb $mariadb_pid $mariadb_port $threads $events
done
