using System.Diagnostics;
using System.Globalization;
using MySqlConnector;
using Tessera.Rpc.Query;
using Xunit.Abstractions;
using static Tessera.Tablet.Tests.Rows;
using TabletType = Tessera.Rpc.Topodata.TabletType;

namespace Tessera.Tablet.Tests;

// The measured loop: point selects per second with 16 concurrent callers, through the
// tablet's Execute over gRPC and straight to MariaDB (same socket, same user, MySqlConnector), on
// one primary. Figures are printed; the assertion only guards against a collapse, because the
// machine is shared. Run alone for figures:
//   dotnet test tests/Tessera.Tablet.Tests --filter PointSelectThroughput --logger "console;verbosity=detailed"
// It is a measurement, not a behaviour test: ./test leaves the Benchmark category out.
[Trait("Category", "Benchmark")]
public sealed class PointSelectThroughputTests(ShardFixture shard, ITestOutputHelper output) : IClassFixture<ShardFixture>
{
    private const int Callers = 16;
    private const int Rows = 1000;
    // Long enough for the JIT to finish tiering up the hot path of each loop (gRPC's stack is large:
    // with half a second of warm-up, the gRPC loop was measured while still being compiled).
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Measure = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task PointSelectThroughput_ThroughTablet_IsAtLeastHalfOfDirect_OrNear()
    {
        var primary = ShardFixture.Target(TabletType.Primary);
        Ok(await shard.PrimaryQuery.ExecuteAsync(new ExecuteRequest { Target = primary, Query = Query("create table if not exists bench (id bigint primary key, v varchar(32))") }));
        Ok(await shard.PrimaryQuery.ExecuteAsync(new ExecuteRequest
        {
            Target = primary,
            Query = Query("insert ignore into bench (id, v) select seq, concat('value-', seq) from seq_1_to_" + Rows),
        }));

        var direct = await RunAsync("direct", async (stop, random) =>
        {
            await using var connection = new MySqlConnection(new MySqlConnectionStringBuilder
            {
                Server = shard.Primary.Mysqld.Mycnf.SocketFile,
                ConnectionProtocol = MySqlConnectionProtocol.UnixSocket,
                UserID = "vt_app",
                Database = shard.Primary.Config.DbName,
                Pooling = false,
            }.ConnectionString);
            await connection.OpenAsync();
            await using var command = new MySqlCommand("select v from bench where id = @id", connection);
            var id = command.Parameters.Add("@id", MySqlDbType.Int64);
            long count = 0;
            while (!stop.IsCancellationRequested)
            {
                id.Value = random.Next(1, Rows + 1);
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync()) _ = reader.GetString(0);
                count++;
            }
            return count;
        });

        // As the gate opens it (TabletChannel: the tablet's unix socket on this host).
        using var channel = Rpc.Channels.TabletChannel.Create("127.0.0.1", shard.Primary.GrpcPort);
        var client = new Rpc.QueryService.Query.QueryClient(channel);
        var tablet = await RunAsync("gRPC", async (stop, random) =>
        {
            long count = 0;
            while (!stop.IsCancellationRequested)
            {
                var response = await client.ExecuteAsync(new ExecuteRequest { Target = primary, Query = Query("select v from bench where id = :id", ("id", Int(random.Next(1, Rows + 1)))) });
                if (response.Error is not null || response.Result.Rows.Count != 1) throw new InvalidOperationException(response.ToString());
                count++;
            }
            return count;
        });

        // The same Execute over the query wire, the transport the gate uses.
        using var wireClient = new Rpc.QueryWire.QueryWireClient("127.0.0.1", shard.Primary.QueryPort);
        var wire = await RunAsync("query wire", async (stop, random) =>
        {
            long count = 0;
            while (!stop.IsCancellationRequested)
            {
                var request = new ExecuteRequest { Target = primary, Query = Query("select v from bench where id = :id", ("id", Int(random.Next(1, Rows + 1)))) };
                var response = await wireClient.CallAsync(Rpc.QueryWire.QueryWireMethod.Execute, request, ExecuteResponse.Parser, CancellationToken.None);
                if (response.Error is not null || response.Result.Rows.Count != 1) throw new InvalidOperationException(response.ToString());
                count++;
            }
            return count;
        });

        var ratio = tablet / direct;
        var wireRatio = wire / direct;
        output.WriteLine($"point selects/s, {Callers} callers, {Measure.TotalSeconds:0}s: direct MariaDB {direct:0}, through tablet gRPC Execute {tablet:0} (ratio {ratio:0.00}), through the query wire {wire:0} (ratio {wireRatio:0.00})");
        Console.WriteLine($"[tablet throughput] direct {direct:0}/s, tablet gRPC {tablet:0}/s, ratio {ratio:0.00}; query wire {wire:0}/s, ratio {wireRatio:0.00}");
        Assert.True(ratio > 0.15, $"tablet {tablet:0}/s vs direct {direct:0}/s");
        Assert.True(wireRatio > 0.15, $"query wire {wire:0}/s vs direct {direct:0}/s");
    }

    // CPU time of a process so far, in clock ticks (utime + stime of /proc/<pid>/stat).
    private static long CpuTicks(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }

    // Calls per second over the measured window. Also prints the CPU each call cost this process
    // (callers and tablet) and MariaDB: on a busy machine that figure is steadier than the rate.
    private async Task<double> RunAsync(string path, Func<CancellationToken, Random, Task<long>> caller)
    {
        using var warm = new CancellationTokenSource(Warmup);
        await Task.WhenAll(Enumerable.Range(0, Callers).Select(i => Task.Run(() => caller(warm.Token, new Random(i)))));
        using var stop = new CancellationTokenSource(Measure);
        var mariadb = shard.Primary.Mysqld.ProcessId ?? throw new InvalidOperationException("MariaDB is not running");
        var (self0, mariadb0) = (CpuTicks(Environment.ProcessId), CpuTicks(mariadb));
        var watch = Stopwatch.StartNew();
        var counts = await Task.WhenAll(Enumerable.Range(0, Callers).Select(i => Task.Run(() => caller(stop.Token, new Random(100 + i)))));
        var calls = counts.Sum();
        var elapsed = watch.Elapsed.TotalSeconds;
        var (self1, mariadb1) = (CpuTicks(Environment.ProcessId), CpuTicks(mariadb));
        const double MicrosPerTick = 10_000; // USER_HZ is 100 on Linux
        Console.WriteLine($"[tablet throughput] {path}: {calls / elapsed:0}/s, CPU per call: this process {(self1 - self0) * MicrosPerTick / calls:0.0} µs, MariaDB {(mariadb1 - mariadb0) * MicrosPerTick / calls:0.0} µs");
        return calls / elapsed;
    }
}
