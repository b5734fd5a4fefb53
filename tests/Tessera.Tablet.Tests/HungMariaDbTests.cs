using System.Diagnostics;
using System.Globalization;
using Grpc.Net.Client;
using Tessera.Protocol.Client;
using Tessera.Rpc.Query;
using Tessera.Tablet.Server;
using Tessera.Testing;
using static Tessera.Tablet.Tests.Rows;
using TabletType = Tessera.Rpc.Topodata.TabletType;
using TopoTabletType = Tessera.Topo.Records.TabletType;

namespace Tessera.Tablet.Tests;

// A MariaDB that hangs (SIGSTOP: the process and its sockets stay, nothing answers) under a tablet.
// Without read timeouts the pooled connection's read and the health check's ping would wait forever.
public sealed class HungMariaDbTests : IAsyncLifetime
{
    private static readonly Target Primary = new() { Keyspace = "hung", Shard = "0", TabletType = TabletType.Primary };
    private readonly TestDataRoot root = new();
    private TabletServer tablet = null!;
    private GrpcChannel channel = null!;

    public async Task InitializeAsync()
    {
        tablet = await TabletServer.StartAsync(SoloTablet.Config(root, 240, "hung") with
        {
            HealthCheckInterval = TimeSpan.FromSeconds(1),
            QueryTimeout = TimeSpan.FromSeconds(1),
            QueryKillGrace = TimeSpan.FromSeconds(1),
            MysqlAdminReadTimeout = TimeSpan.FromSeconds(2),
        });
        root.TrackRunning();
        channel = GrpcChannel.ForAddress($"http://127.0.0.1:{tablet.GrpcPort}");
    }

    public async Task DisposeAsync()
    {
        if (tablet?.Mysqld.ProcessId is { } pid) await SignalAsync(pid, "CONT");
        channel?.Dispose();
        if (tablet is not null) await tablet.StopAsync();
        await root.DisposeAsync();
    }

    private static async Task SignalAsync(int pid, string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", pid.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
        Assert.Equal(0, kill.ExitCode);
    }

    // SIGSTOP, then wait until the kernel reports every thread stopped (state T in /proc), so the
    // next query cannot be answered by a thread that had not stopped yet.
    private static async Task StopAsync(int pid)
    {
        await SignalAsync(pid, "STOP");
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Directory.EnumerateDirectories($"/proc/{pid}/task").Any(task => !IsStopped(Path.Combine(task, "stat"))))
        {
            Assert.True(DateTime.UtcNow < deadline, $"mariadbd {pid} did not stop");
            await Task.Delay(20);
        }
    }

    private static bool IsStopped(string statPath)
    {
        try
        {
            var stat = File.ReadAllText(statPath);
            return stat[(stat.LastIndexOf(')') + 2)..].StartsWith('T');
        }
        catch (IOException)
        {
            return true;
        }
    }

    [Fact]
    public async Task ClientReadTimeout_EndsAReadTheServerNeverAnswers()
    {
        await using var connection = await MySqlClientConnection.ConnectAsync(new MySqlClientOptions
        {
            UnixSocket = tablet.Mysqld.Mycnf.SocketFile,
            User = "vt_dba",
            ReadTimeout = TimeSpan.FromMilliseconds(500),
        });
        await connection.ExecuteAsync("select 1");
        var pid = tablet.Mysqld.ProcessId!.Value;
        await StopAsync(pid);
        try
        {
            var watch = Stopwatch.StartNew();
            var error = await Assert.ThrowsAsync<IOException>(() => connection.ExecuteAsync("select 2"));
            Assert.Contains("read timeout", error.Message, StringComparison.Ordinal);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"took {watch.Elapsed}");
            Assert.True(connection.ReadTimedOut);
        }
        finally
        {
            await SignalAsync(pid, "CONT");
        }
    }

    [Fact]
    public async Task HungMariaDb_FailsTheQuery_HealthSaysNotServing_AndServingResumesWhenItAnswersAgain()
    {
        var client = new Rpc.QueryService.Query.QueryClient(channel);
        var select = new ExecuteRequest { Target = Primary, Query = Query("select 1") };
        Assert.Equal("1", Scalar(Ok(await client.ExecuteAsync(select))));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        using var health = client.StreamHealth(new StreamHealthRequest(), cancellationToken: cts.Token);

        var pid = tablet.Mysqld.ProcessId!.Value;
        await StopAsync(pid);
        try
        {
            var watch = Stopwatch.StartNew();
            var hung = await client.ExecuteAsync(select, cancellationToken: cts.Token);
            Assert.Equal((int)VtCode.Unavailable, hung.Error.Code);
            Assert.Contains("MariaDB", hung.Error.Message, StringComparison.Ordinal);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), $"took {watch.Elapsed}");

            StreamHealthResponse down;
            do
            {
                Assert.True(await health.ResponseStream.MoveNext(cts.Token));
                down = health.ResponseStream.Current;
            } while (down.Serving);
            Assert.Contains("MariaDB is unreachable", down.RealtimeStats.HealthError, StringComparison.Ordinal);
        }
        finally
        {
            await SignalAsync(pid, "CONT");
        }

        StreamHealthResponse up;
        do
        {
            Assert.True(await health.ResponseStream.MoveNext(cts.Token));
            up = health.ResponseStream.Current;
        } while (!up.Serving);
        Assert.Equal("1", Scalar(Ok(await client.ExecuteAsync(select))));
    }
}
