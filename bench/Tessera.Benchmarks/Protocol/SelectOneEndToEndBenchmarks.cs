using BenchmarkDotNet.Attributes;
using MySqlConnector;
using Tessera.Protocol.Server;

namespace Tessera.Benchmarks.Protocol;

/// End to end: MySqlConnector loops running `select 1` against the canned Tessera server and against
/// MariaDB on the same machine (started by hand: bench/Tessera.Benchmarks/Protocol/start-mariadb.sh,
/// which prints the port to export as TESSERA_BENCH_MARIADB_PORT). One operation = one query, so
/// queries per second = 1 s / Mean.
public class SelectOneEndToEndBenchmarks
{
    private const int QueriesPerInvoke = 3200;
    private MySqlServer? server;
    private MySqlConnection[] connections = [];

    [Params("tessera", "mariadb")]
    public string Target { get; set; } = "tessera";

    [Params(1, 16)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        int port;
        if (Target == "tessera")
        {
            server = new MySqlServer(new MySqlServerOptions(), new SelectOneHandler());
            server.Start();
            port = server.Port;
        }
        else
        {
            port = int.Parse(Environment.GetEnvironmentVariable("TESSERA_BENCH_MARIADB_PORT")
                ?? throw new InvalidOperationException("set TESSERA_BENCH_MARIADB_PORT (start-mariadb.sh prints it)"), System.Globalization.CultureInfo.InvariantCulture);
        }
        connections = Enumerable.Range(0, Threads).Select(_ =>
        {
            var c = new MySqlConnection($"Server=127.0.0.1;Port={port};User ID=root;SslMode=None;Pooling=false");
            c.Open();
            return c;
        }).ToArray();
    }

    [Benchmark(OperationsPerInvoke = QueriesPerInvoke)]
    public Task SelectOne() => Task.WhenAll(connections.Select(c => Task.Run(() => LoopAsync(c, QueriesPerInvoke / connections.Length))));

    private static async Task LoopAsync(MySqlConnection connection, int count)
    {
        using var command = new MySqlCommand("select 1", connection);
        for (var i = 0; i < count; i++) await command.ExecuteScalarAsync();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var c in connections) c.Dispose();
        server?.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
