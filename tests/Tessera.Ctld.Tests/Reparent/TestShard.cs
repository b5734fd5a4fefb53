using Grpc.Net.Client;
using Tessera.Ctld.Admin;
using Tessera.Rpc.Query;
using Tessera.Tablet;
using Tessera.Tablet.Server;
using Tessera.Testing;
using Tessera.Topo;
using TopoTabletType = Tessera.Topo.Records.TabletType;

namespace Tessera.Ctld.Tests.Reparent;

// Real tablets (each over its own MariaDB under a temp data root) of one or more shards, in a
// file topo that a CtldService in this process, or a `tessera ctld` process, shares. Nothing is
// initialised: tablets start as the given types and no primary; tests make one. Disposing stops
// every tablet and kills every mariadbd under the root by pid, whether the test passed or not.
internal sealed class TestShard : IAsyncDisposable
{
    public const string Keyspace = "commerce";

    private readonly TestDataRoot _root = new();
    private readonly Dictionary<uint, TabletServer> _tablets = [];
    private readonly Dictionary<uint, GrpcChannel> _channels = [];

    private TestShard(string topoRoot)
    {
        TopoRoot = topoRoot;
        Directory.CreateDirectory(topoRoot);
        Topo = new TopoServer(TopoBackendFactory.Open(TopoBackendFactory.File, "", topoRoot), "zone1") { LockTimeout = TimeSpan.FromSeconds(20) };
        Admin = new CtldService(Topo);
    }

    public string TopoRoot { get; }

    public TopoServer Topo { get; }

    public CtldService Admin { get; }

    public IReadOnlyDictionary<uint, TabletServer> Tablets => _tablets;

    // Tablets (uid, shard, type) started one after another (the first creates keyspace and shard).
    public static async Task<TestShard> StartAsync(IEnumerable<(uint Uid, string Shard, TopoTabletType Type)> tablets, string? topoRoot = null)
    {
        var shard = new TestShard(topoRoot ?? Path.Combine(Path.GetTempPath(), "tessera-topo-" + Guid.NewGuid().ToString("N")));
        try
        {
            foreach (var (uid, name, type) in tablets)
                await shard.StartTabletAsync(uid, name, type);
            return shard;
        }
        catch
        {
            await shard.DisposeAsync();
            throw;
        }
    }

    public static Task<TestShard> StartAsync(string? topoRoot, params uint[] uids) =>
        StartAsync(uids.Select((uid, i) => (uid, "0", i == uids.Length - 1 && uids.Length > 2 ? TopoTabletType.Rdonly : TopoTabletType.Replica)), topoRoot);

    public async Task StartTabletAsync(uint uid, string shard, TopoTabletType type)
    {
        var tablet = await TabletServer.StartAsync(new TabletConfig
        {
            TabletUid = uid,
            Keyspace = Keyspace,
            Shard = shard,
            InitTabletType = type,
            DataRoot = _root.Path,
            MysqlPort = FreePort.Next(),
            WebPort = FreePort.Next(),
            GrpcPort = FreePort.Next(),
            TopoImplementation = "file",
            TopoGlobalRoot = TopoRoot,
            HealthCheckInterval = TimeSpan.FromMilliseconds(300),
            ShutdownGracePeriod = TimeSpan.FromMilliseconds(200),
        });
        _tablets[uid] = tablet;
        _root.TrackRunning();
        _channels[uid] = GrpcChannel.ForAddress($"http://127.0.0.1:{tablet.GrpcPort}");
    }

    public static string Alias(uint uid) => $"zone1-{uid:D10}";

    public Rpc.QueryService.Query.QueryClient Query(uint uid) => new(_channels[uid]);

    public Rpc.TabletManager.TabletManager.TabletManagerClient Manager(uint uid) => new(_channels[uid]);

    // A statement through the tablet's query service, as the gate sends it; the error, if any.
    public async Task<(QueryResult? Result, string? Error)> ExecuteAsync(uint uid, string sql, TopoTabletType type, string shard = "0")
    {
        var response = await Query(uid).ExecuteAsync(new ExecuteRequest
        {
            Target = new Target { Keyspace = Keyspace, Shard = shard, TabletType = (Rpc.Topodata.TabletType)(int)type },
            Query = new BoundQuery { Sql = sql },
        }, deadline: DateTime.UtcNow.AddSeconds(10));
        return response.Error is { } e ? (null, e.ToString()) : (response.Result, null);
    }

    // A query as vt_dba on the tablet's MariaDB; the rows as strings.
    public async Task<List<string?[]>> DbaAsync(uint uid, string sql)
    {
        var response = await Manager(uid).ExecuteFetchAsDbaAsync(new Rpc.TabletManager.ExecuteFetchAsDbaRequest { Query = sql }, deadline: DateTime.UtcNow.AddSeconds(10));
        Assert.True(response.Error is null, response.Error?.ToString());
        return [.. response.Result.Rows.Select(Values)];
    }

    public async Task<HashSet<long>> IdsAsync(uint uid, string table) =>
        [.. (await DbaAsync(uid, $"select id from {table}")).Select(r => long.Parse(r[0]!, System.Globalization.CultureInfo.InvariantCulture))];

    // Polls until the condition holds (replication is asynchronous), failing after the limit.
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what, int seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"not within {seconds} s: {what}");
            await Task.Delay(100);
        }
    }

    // Kills the tablet's MariaDB by its pid, as a crashed host would leave it.
    public void KillMysql(uint uid)
    {
        var pid = _tablets[uid].Mysqld.ProcessId ?? throw new InvalidOperationException($"tablet {uid} has no running MariaDB");
        using var process = System.Diagnostics.Process.GetProcessById(pid);
        process.Kill();
        process.WaitForExit(10_000);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in _channels.Values)
            channel.Dispose();
        foreach (var tablet in _tablets.Values)
        {
            try
            {
                await tablet.StopAsync();
            }
            catch (Exception e) when (e is InvalidOperationException or IOException or OperationCanceledException or TimeoutException)
            {
                // A tablet whose MariaDB a test killed may fail to stop cleanly; the root kills the rest.
            }
        }
        await _root.DisposeAsync();
        await Topo.Backend.DisposeAsync();
        try
        {
            Directory.Delete(TopoRoot, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string?[] Values(Row row)
    {
        var values = new string?[row.Lengths.Count];
        var offset = 0;
        var bytes = row.Values.Span;
        for (var i = 0; i < values.Length; i++)
        {
            var length = (int)row.Lengths[i];
            if (length < 0)
                continue;
            values[i] = System.Text.Encoding.UTF8.GetString(bytes.Slice(offset, length));
            offset += length;
        }
        return values;
    }
}
