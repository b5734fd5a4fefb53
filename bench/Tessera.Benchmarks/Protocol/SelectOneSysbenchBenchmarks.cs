using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Tessera.Protocol.Server;

namespace Tessera.Benchmarks.Protocol;

/// End to end with sysbench as the client (a C client in its own process, so the client costs the
/// same against both servers): a custom script runs `select 1` for a fixed number of events against
/// the canned Tessera server (hosted in this process) and against MariaDB (start-mariadb.sh, then
/// TESSERA_BENCH_MARIADB_PORT). One operation = one query: queries per second = 1 s / Mean.
/// The sysbench start-up and connect time is inside each measurement for both targets alike.
public class SelectOneSysbenchBenchmarks
{
    private const int Events = 20_000;
    private const string Script = """
        function thread_init()
          drv = sysbench.sql.driver()
          con = drv:connect()
        end
        function event()
          con:query("select 1")
        end
        function thread_done()
          con:disconnect()
        end
        """;

    private MySqlServer? server;
    private int port;
    private string scriptPath = "";

    [Params("tessera", "mariadb")]
    public string Target { get; set; } = "tessera";

    [Params(1, 16)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        scriptPath = Path.Combine(Path.GetTempPath(), $"tessera-select1-{Environment.ProcessId}.lua");
        File.WriteAllText(scriptPath, Script);
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
    }

    [Benchmark(OperationsPerInvoke = Events)]
    public void SelectOne()
    {
        var info = new ProcessStartInfo("sysbench")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     scriptPath, "--mysql-host=127.0.0.1", $"--mysql-port={port}", "--mysql-user=root", "--mysql-password=", "--mysql-ssl=off",
                     $"--threads={Threads}", $"--events={Events}", "--time=0", "run",
                 })
            info.ArgumentList.Add(arg);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"sysbench failed: {output}{errors}");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        server?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        File.Delete(scriptPath);
    }
}
