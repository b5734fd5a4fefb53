using System.Diagnostics;
using System.Globalization;
using MySqlConnector;
using Tessera.Rpc.TabletManager;

namespace Tessera.Gate.Tests.EndToEnd;

// `use ks@replica` reads go to a healthy replica of the shard only: a replica whose replication is
// stopped, or that lags past the gate's threshold, is out of rotation while it is; a replica tablet
// that goes away is noticed within seconds; reads keep succeeding throughout. commerce/0 here is a primary (uid 100, MariaDB
// server_id 100) and two replicas (101, 102); every read names the server that answered it.
public sealed class ReplicaRoutingTests : IAsyncLifetime
{
    private const int Rows = 20;
    private const int MaxLagSeconds = 2;
    private static readonly HttpClient Http = new();
    private readonly TabletCluster _cluster = new();
    private IReadOnlyList<Tablet.Server.TabletServer> _shard = [];

    public async Task InitializeAsync()
    {
        _shard = await _cluster.StartShardAsync(100, "commerce", "0", replicas: 2, "create table item(id bigint primary key, name varchar(64)); create table lag_probe(id bigint primary key);");
        await _cluster.StartGateAsync("{\"keyspaces\": {\"commerce\": {\"tables\": {\"item\": {}, \"lag_probe\": {}}}}}", TimeSpan.FromSeconds(MaxLagSeconds), "primary", "replica");
        await using var c = _cluster.Connect("commerce");
        await c.OpenAsync();
        await new MySqlCommand("insert into item(id, name) values " + string.Join(",", Enumerable.Range(1, Rows).Select(i => $"({i}, 'item-{i}')")), c).ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    // Which server answered each of n reads; every read must return all the rows.
    private static async Task<List<long>> ReadAsync(MySqlConnection c, int n)
    {
        var servers = new List<long>();
        for (var i = 0; i < n; i++)
        {
            await using var r = await new MySqlCommand("select @@server_id, count(*) from item", c).ExecuteReaderAsync();
            Assert.True(await r.ReadAsync());
            Assert.Equal(Rows, Convert.ToInt64(r.GetValue(1), CultureInfo.InvariantCulture));
            servers.Add(Convert.ToInt64(r.GetValue(0), CultureInfo.InvariantCulture));
        }

        return servers;
    }

    // The gate's own view (SHOW VITESS_TABLETS): alias → state, polled until it matches or the time is up.
    private static Task<TimeSpan> WaitForStateAsync(MySqlConnection c, string alias, string? state, TimeSpan within) =>
        WaitForAnyStateAsync(c, alias, [state], within);

    // The same, for any of several states (null: the gate no longer lists the tablet).
    private static async Task<TimeSpan> WaitForAnyStateAsync(MySqlConnection c, string alias, string?[] states, TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            string? seen = null;
            await using (var r = await new MySqlCommand("show vitess_tablets", c).ExecuteReaderAsync())
            {
                while (await r.ReadAsync())
                {
                    if (r.GetString(5) == alias)
                    {
                        seen = r.GetString(4);
                    }
                }
            }

            if (states.Contains(seen))
            {
                return clock.Elapsed;
            }

            Assert.True(clock.Elapsed < within, $"{alias} is {seen ?? "gone"} after {clock.Elapsed}, expected {string.Join(" or ", states.Select(s => s ?? "gone"))}");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task ReplicaReads_AvoidAStoppedReplica_AndKeepSucceeding()
    {
        await using var c = _cluster.Connect("commerce@replica");
        await c.OpenAsync();
        await WaitForRowsAsync(c);

        // Both replicas serve, the primary never does.
        var servers = await ReadAsync(c, 40);
        Assert.Equal([101L, 102L], servers.Distinct().Order());

        // Replication stopped on 101: the tablet reports itself unhealthy and the gate drops it.
        await _cluster.Manager(_shard[1]).StopReplicationAsync(new StopReplicationRequest());
        await WaitForStateAsync(c, "zone1-0000000101", "NOT_SERVING", TimeSpan.FromSeconds(5));
        Assert.All(await ReadAsync(c, 40), s => Assert.Equal(102L, s));

        // Replication running again: back in rotation.
        await _cluster.Manager(_shard[1]).StartReplicationAsync(new StartReplicationRequest());
        await WaitForStateAsync(c, "zone1-0000000101", "SERVING", TimeSpan.FromSeconds(5));
        Assert.Contains(101L, await ReadAsync(c, 40));

        // 101 applies the primary's events 8 s late while writes keep coming: its lag passes the
        // gate's 2 s threshold and reads go to 102 only, until it catches up again.
        await Dba(_shard[1], "stop slave; change master to master_delay = 8; start slave");
        using (var writing = new CancellationTokenSource())
        {
            var writer = Task.Run(async () =>
            {
                await using var w = _cluster.Connect("commerce");
                await w.OpenAsync();
                for (var i = 1000; !writing.IsCancellationRequested; i++)
                {
                    await new MySqlCommand($"insert into lag_probe(id) values ({i})", w).ExecuteNonQueryAsync();
                    await Task.Delay(200);
                }
            });
            await WaitForLagAsync(_shard[1], MaxLagSeconds + 1);
            Assert.All(await ReadAsync(c, 40), s => Assert.Equal(102L, s));
            await writing.CancelAsync();
            await writer;
        }

        await Dba(_shard[1], "stop slave; change master to master_delay = 0; start slave");
        await WaitForLagAsync(_shard[1], 0);
        await WaitForStateAsync(c, "zone1-0000000101", "SERVING", TimeSpan.FromSeconds(10));
        Assert.Contains(101L, await ReadAsync(c, 40));

        // Tablet 102 goes away while a second client reads without pause: no read fails, the gate
        // stops sending to it within seconds and forgets it when it leaves the topo.
        using var stop = new CancellationTokenSource();
        var reader = Task.Run(async () =>
        {
            await using var c2 = _cluster.Connect("commerce@replica");
            await c2.OpenAsync();
            var reads = 0;
            while (!stop.IsCancellationRequested)
            {
                await ReadAsync(c2, 1);
                reads++;
            }

            return reads;
        });
        await Task.Delay(200);
        await _shard[2].StopAsync();
        // Noticed: not serving, or already forgotten (a stopping tablet says it is not serving, then
        // leaves the topo; on a loaded machine both can happen between two looks).
        var noticed = await WaitForAnyStateAsync(c, "zone1-0000000102", ["NOT_SERVING", null], TimeSpan.FromSeconds(3));
        Assert.All(await ReadAsync(c, 40), s => Assert.Equal(101L, s));
        await WaitForStateAsync(c, "zone1-0000000102", null, TimeSpan.FromSeconds(10));
        await stop.CancelAsync();
        Assert.True(await reader > 0);
        Assert.True(noticed < TimeSpan.FromSeconds(3), $"noticed after {noticed}");
    }

    private async Task Dba(Tablet.Server.TabletServer tablet, string sql)
    {
        foreach (var statement in sql.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            await _cluster.Manager(tablet).ExecuteFetchAsDbaAsync(new ExecuteFetchAsDbaRequest { Query = statement });
        }
    }

    // The gate's view of the replica's lag (from its health stream, on /metrics) reaches at least
    // (for 0: falls to) the given seconds.
    private async Task WaitForLagAsync(Tablet.Server.TabletServer tablet, uint seconds)
    {
        var clock = Stopwatch.StartNew();
        var prefix = $"vtgate_tablet_replication_lag_seconds{{alias=\"{tablet.Config.Alias}\",";
        while (true)
        {
            var metrics = await Http.GetStringAsync(new Uri($"http://127.0.0.1:{_cluster.Gate!.WebPort}/metrics"));
            var line = metrics.Split('\n').Single(l => l.StartsWith(prefix, StringComparison.Ordinal));
            var lag = uint.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
            if (seconds == 0 ? lag == 0 : lag >= seconds)
            {
                return;
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"lag stayed at {lag}");
            await Task.Delay(100);
        }
    }

    // The rows written through the primary have replicated to both replicas.
    private static async Task WaitForRowsAsync(MySqlConnection c)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var counts = new HashSet<long>();
            for (var i = 0; i < 20; i++)
            {
                counts.Add(Convert.ToInt64(await new MySqlCommand("select count(*) from item", c).ExecuteScalarAsync(), CultureInfo.InvariantCulture));
            }

            if (counts.SetEquals([Rows]))
            {
                return;
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), "the replicas did not catch up");
            await Task.Delay(100);
        }
    }
}
