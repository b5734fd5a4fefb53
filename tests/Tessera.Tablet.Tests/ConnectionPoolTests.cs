using System.Diagnostics;
using Tessera.Protocol.Client;
using Tessera.Tablet.Connections;
using Tessera.Testing;

namespace Tessera.Tablet.Tests;

public sealed class ConnectionPoolTests(MariaDbFixture mariadb) : IClassFixture<MariaDbFixture>
{
    private ConnectionPool Pool(int capacity, TimeSpan wait, int queueLimit = 0) =>
        new("query", capacity, wait, queueLimit, ct => MySqlClientConnection.ConnectAsync(new MySqlClientOptions { Port = mariadb.Server.Port, User = "root" }, ct));

    [Fact]
    public async Task Exhausted_WaitsForItsTimeout_ThenRefusesWithTooManyConnections()
    {
        var pool = Pool(1, TimeSpan.FromMilliseconds(300));
        var held = await pool.GetAsync();
        var watch = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<TabletException>(async () => await pool.GetAsync());
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(250), watch.Elapsed.ToString());
        Assert.Equal(1040, e.Error.Number);
        Assert.Contains("pool exhausted", e.Message, StringComparison.Ordinal);
        Assert.Equal(1, pool.Timeouts);
        held.Return();
        (await pool.GetAsync()).Return();
        pool.Close();
    }

    [Fact]
    public async Task QueueLimit_RefusesAtOnce_WhenEnoughAreWaiting()
    {
        var pool = Pool(1, TimeSpan.FromSeconds(5), queueLimit: 1);
        var held = await pool.GetAsync();
        var waiter = pool.GetAsync().AsTask();
        while (pool.Waiting == 0) await Task.Delay(10);
        var e = await Assert.ThrowsAsync<TabletException>(async () => await pool.GetAsync());
        Assert.Contains("queue limit", e.Message, StringComparison.Ordinal);
        held.Return();
        (await waiter).Return();
        pool.Close();
    }

    [Fact]
    public async Task ReturnedConnection_IsReused_UnlessBroken()
    {
        var pool = Pool(2, TimeSpan.FromSeconds(1));
        var first = await pool.GetAsync();
        var id = first.ConnectionId;
        first.Return();
        var again = await pool.GetAsync();
        Assert.Equal(id, again.ConnectionId);
        again.MarkBroken();
        again.Return();
        var fresh = await pool.GetAsync();
        Assert.NotEqual(id, fresh.ConnectionId);
        fresh.Return();
        Assert.Equal(0, pool.InUse);
        pool.Close();
    }
}
