using System.Diagnostics;
using System.Text;
using Tessera.Topo.Backend;

namespace Tessera.Topo.Tests.Backend;

// The one contract every backend must honour; each backend runs it through a subclass.
public abstract class TopoBackendContract : IAsyncLifetime
{
    private ITopoBackend? _topo;

    // The test host blocks pool threads of its own; on a 2-core machine the pool then injects a
    // thread only every ~0.5 s, which would stall lock renewals and watch polls far past their
    // sub-second budgets and test the runner instead of the backend.
    static TopoBackendContract() => ThreadPool.SetMinThreads(Math.Max(16, Environment.ProcessorCount), Math.Max(16, Environment.ProcessorCount));

    protected ITopoBackend Topo => _topo ?? throw new InvalidOperationException("not initialised");

    // How long a watch may take to see a change (File polls).
    protected virtual TimeSpan WatchLatency => TimeSpan.FromSeconds(1);

    protected abstract ITopoBackend CreateBackend();

    // A second client of the same store: another instance for File (as another process would
    // have), the same one for Memory.
    protected abstract ITopoBackend SecondClient();

    public virtual Task InitializeAsync()
    {
        _topo = CreateBackend();
        return Task.CompletedTask;
    }

    public virtual async Task DisposeAsync()
    {
        if (_topo is not null)
            await _topo.DisposeAsync();
    }

    protected static byte[] Bytes(string s) => Encoding.UTF8.GetBytes(s);

    protected static string Text(TopoNode n) => Encoding.UTF8.GetString(n.Data);

    [Fact]
    public async Task Create_ThenGet_ReturnsDataAndVersion()
    {
        var v = await Topo.CreateAsync("keyspaces/commerce/Keyspace", Bytes("one"));
        var node = await Topo.GetAsync("keyspaces/commerce/Keyspace");
        Assert.Equal("one", Text(node));
        Assert.Equal(v, node.Version);
    }

    [Fact]
    public async Task Create_ExistingNode_FailsNodeExists()
    {
        await Topo.CreateAsync("a/b", Bytes("1"));
        var e = await Assert.ThrowsAsync<TopoException>(() => Topo.CreateAsync("a/b", Bytes("2")));
        Assert.Equal(TopoErrorCode.NodeExists, e.Code);
        Assert.Contains("a/b", e.Message, StringComparison.Ordinal);
        Assert.Equal("1", Text(await Topo.GetAsync("a/b")));
    }

    [Fact]
    public async Task Get_MissingNode_FailsNoNodeNamingThePath()
    {
        var e = await Assert.ThrowsAsync<TopoException>(() => Topo.GetAsync("keyspaces/nope/Keyspace"));
        Assert.Equal(TopoErrorCode.NoNode, e.Code);
        Assert.Contains("keyspaces/nope/Keyspace", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/abs")]
    [InlineData("a//b")]
    [InlineData("a/../b")]
    [InlineData("a/.data")]
    [InlineData("")]
    public async Task BadPath_FailsInvalidPath(string path)
    {
        var e = await Assert.ThrowsAsync<TopoException>(() => Topo.CreateAsync(path, Bytes("x")));
        Assert.Equal(TopoErrorCode.InvalidPath, e.Code);
    }

    [Fact]
    public async Task Update_WithCurrentVersion_ReplacesDataAndChangesVersion()
    {
        var v1 = await Topo.CreateAsync("n", Bytes("1"));
        var v2 = await Topo.UpdateAsync("n", Bytes("2"), v1);
        Assert.NotEqual(v1, v2);
        var node = await Topo.GetAsync("n");
        Assert.Equal("2", Text(node));
        Assert.Equal(v2, node.Version);
    }

    [Fact]
    public async Task Update_WithStaleVersion_FailsBadVersionAndKeepsData()
    {
        var v1 = await Topo.CreateAsync("n", Bytes("1"));
        await Topo.UpdateAsync("n", Bytes("2"), v1);
        var e = await Assert.ThrowsAsync<TopoException>(() => Topo.UpdateAsync("n", Bytes("3"), v1));
        Assert.Equal(TopoErrorCode.BadVersion, e.Code);
        Assert.Contains("n", e.Message, StringComparison.Ordinal);
        Assert.Equal("2", Text(await Topo.GetAsync("n")));
    }

    [Fact]
    public async Task Update_MissingNodeWithVersion_FailsNoNode()
    {
        var e = await Assert.ThrowsAsync<TopoException>(() => Topo.UpdateAsync("missing", Bytes("1"), new TopoVersion(1)));
        Assert.Equal(TopoErrorCode.NoNode, e.Code);
    }

    [Fact]
    public async Task Update_WithoutVersion_CreatesOrOverwrites()
    {
        await Topo.UpdateAsync("u", Bytes("1"), null);
        await Topo.UpdateAsync("u", Bytes("2"), null);
        Assert.Equal("2", Text(await Topo.GetAsync("u")));
    }

    [Fact]
    public async Task TwoWritersWithSameExpectedVersion_ExactlyOneWins()
    {
        var other = SecondClient();
        for (var round = 0; round < 20; round++)
        {
            var path = $"race/r{round}";
            var v = await Topo.CreateAsync(path, Bytes("start"));
            using var go = new ManualResetEventSlim();
            var writers = new[] { Topo, other }.Select((t, i) => Task.Run(async () =>
            {
                go.Wait();
                try
                {
                    await t.UpdateAsync(path, Bytes($"writer{i}"), v);
                    return $"writer{i}";
                }
                catch (TopoException e) when (e.Code == TopoErrorCode.BadVersion)
                {
                    return null;
                }
            })).ToArray();
            go.Set();
            var results = await Task.WhenAll(writers);
            var winners = results.Where(r => r is not null).ToArray();
            Assert.Single(winners);
            Assert.Equal(winners[0], Text(await Topo.GetAsync(path)));
        }
    }

    [Fact]
    public async Task ManyWritersIncrementingWithRetry_LoseNoUpdate()
    {
        await Topo.CreateAsync("counter", Bytes("0"));
        var clients = new[] { Topo, SecondClient(), Topo, SecondClient() };
        const int perWriter = 25;
        var conflicts = 0;
        await Task.WhenAll(clients.Select(c => Task.Run(async () =>
        {
            for (var i = 0; i < perWriter; i++)
                Interlocked.Add(ref conflicts, await TopoRace.IncrementAsync(c, "counter"));
        })));
        Assert.Equal((clients.Length * perWriter).ToString(System.Globalization.CultureInfo.InvariantCulture), Text(await Topo.GetAsync("counter")));
    }

    [Fact]
    public async Task Delete_RemovesNode_AndRecreationGetsANewVersion()
    {
        var v1 = await Topo.CreateAsync("d/x", Bytes("1"));
        await Topo.DeleteAsync("d/x", v1);
        var e = await Assert.ThrowsAsync<TopoException>(() => Topo.GetAsync("d/x"));
        Assert.Equal(TopoErrorCode.NoNode, e.Code);
        var v2 = await Topo.CreateAsync("d/x", Bytes("2"));
        Assert.NotEqual(v1, v2);
        // An old reader's version must not match the re-created node.
        var bad = await Assert.ThrowsAsync<TopoException>(() => Topo.UpdateAsync("d/x", Bytes("3"), v1));
        Assert.Equal(TopoErrorCode.BadVersion, bad.Code);
    }

    [Fact]
    public async Task Delete_WithStaleVersion_FailsBadVersion_AndMissing_FailsNoNode()
    {
        var v1 = await Topo.CreateAsync("d", Bytes("1"));
        await Topo.UpdateAsync("d", Bytes("2"), v1);
        var bad = await Assert.ThrowsAsync<TopoException>(() => Topo.DeleteAsync("d", v1));
        Assert.Equal(TopoErrorCode.BadVersion, bad.Code);
        await Topo.DeleteAsync("d", null);
        var missing = await Assert.ThrowsAsync<TopoException>(() => Topo.DeleteAsync("d", null));
        Assert.Equal(TopoErrorCode.NoNode, missing.Code);
    }

    [Fact]
    public async Task List_ReturnsDirectChildrenSorted_AndDirectoriesVanishWhenEmptied()
    {
        await Topo.CreateAsync("keyspaces/b/Keyspace", Bytes("b"));
        await Topo.CreateAsync("keyspaces/a/Keyspace", Bytes("a"));
        await Topo.CreateAsync("keyspaces/a/shards/-80/Shard", Bytes("s"));
        await Topo.CreateAsync("keyspaces/a", Bytes("node and directory at once"));
        Assert.Equal(["a", "b"], await Topo.ListAsync("keyspaces"));
        Assert.Equal(["Keyspace", "shards"], await Topo.ListAsync("keyspaces/a"));
        Assert.Equal(["keyspaces"], await Topo.ListAsync(""));

        await Topo.DeleteAsync("keyspaces/a/shards/-80/Shard", null);
        Assert.Equal(["Keyspace"], await Topo.ListAsync("keyspaces/a"));
        var e = await Assert.ThrowsAsync<TopoException>(() => Topo.ListAsync("keyspaces/a/shards"));
        Assert.Equal(TopoErrorCode.NoNode, e.Code);
        Assert.Equal("node and directory at once", Text(await Topo.GetAsync("keyspaces/a")));
    }

    [Fact]
    public async Task List_MissingDirectory_FailsNoNode()
    {
        var e = await Assert.ThrowsAsync<TopoException>(() => Topo.ListAsync("nothing/here"));
        Assert.Equal(TopoErrorCode.NoNode, e.Code);
        Assert.Contains("nothing/here", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_SeesCurrentValue_ThenAnUpdateFromAnotherClient_ThenTheDeletion()
    {
        await Topo.CreateAsync("w", Bytes("1"));
        await using var watch = await Topo.WatchAsync("w");
        Assert.Equal("1", Text(watch.Current));
        await using var changes = watch.Changes.GetAsyncEnumerator();

        var writer = SecondClient();
        var sw = Stopwatch.StartNew();
        var v2 = await writer.UpdateAsync("w", Bytes("2"), watch.Current.Version);
        var next = await NextAsync(changes);
        Assert.True(sw.Elapsed < WatchLatency, $"update seen after {sw.Elapsed}");
        Assert.False(next.Deleted);
        Assert.Equal("2", Text(next.Node!));
        Assert.Equal(v2, next.Node!.Version);

        sw.Restart();
        await writer.DeleteAsync("w", null);
        var gone = await NextAsync(changes);
        Assert.True(sw.Elapsed < WatchLatency, $"deletion seen after {sw.Elapsed}");
        Assert.True(gone.Deleted);
        Assert.False(await changes.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Watch_MissingNode_FailsNoNode()
    {
        var e = await Assert.ThrowsAsync<TopoException>(() => Topo.WatchAsync("nope"));
        Assert.Equal(TopoErrorCode.NoNode, e.Code);
    }

    [Fact]
    public async Task Watch_Disposed_EndsTheStream()
    {
        await Topo.CreateAsync("w", Bytes("1"));
        var watch = await Topo.WatchAsync("w");
        await using var changes = watch.Changes.GetAsyncEnumerator();
        await watch.DisposeAsync();
        Assert.False(await changes.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Lock_IsExclusive_AndTheWaiterGetsItOnRelease()
    {
        var first = await Topo.LockAsync("keyspaces/ks", "first", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
        var second = SecondClient().LockAsync("keyspaces/ks", "second", TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30));
        await Task.Delay(200);
        Assert.False(second.IsCompleted);
        await first.DisposeAsync();
        await using var got = await second.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("second", got.Purpose);
        await got.CheckAsync();
    }

    [Fact]
    public async Task Lock_HeldElsewhere_TimesOutWithTimeoutNamingThePath()
    {
        await using var held = await Topo.LockAsync("keyspaces/ks", "holder", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
        var sw = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<TopoException>(() => SecondClient().LockAsync("keyspaces/ks", "waiter", TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(30)));
        Assert.Equal(TopoErrorCode.Timeout, e.Code);
        Assert.Contains("keyspaces/ks", e.Message, StringComparison.Ordinal);
        Assert.InRange(sw.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Lock_HeldByAHolderThatKeepsRenewing_OutlivesItsTtl()
    {
        await using var held = await Topo.LockAsync("l", "holder", TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(300));
        await Task.Delay(900);
        await held.CheckAsync();
        var e = await Assert.ThrowsAsync<TopoException>(() => SecondClient().LockAsync("l", "waiter", TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1)));
        Assert.Equal(TopoErrorCode.Timeout, e.Code);
    }

    [Fact]
    public async Task Lock_WhoseHolderStoppedRenewing_ExpiresAfterTtl()
    {
        var ttl = TimeSpan.FromMilliseconds(500);
        var dead = await Topo.LockAsync("l", "dies", TimeSpan.FromSeconds(1), ttl);
        await ((RenewingLock)dead).AbandonAsync();
        var sw = Stopwatch.StartNew();
        await using var next = await SecondClient().LockAsync("l", "next", TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30));
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(2), $"took {sw.Elapsed}");
        var lost = await Assert.ThrowsAsync<TopoException>(() => dead.CheckAsync());
        Assert.Equal(TopoErrorCode.LockLost, lost.Code);
    }

    [Fact]
    public async Task Lock_WaitCancelled_FailsInterrupted()
    {
        await using var held = await Topo.LockAsync("l", "holder", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var e = await Assert.ThrowsAsync<TopoException>(() => SecondClient().LockAsync("l", "waiter", TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30), cts.Token));
        Assert.Equal(TopoErrorCode.Interrupted, e.Code);
    }

    [Fact]
    public async Task Lock_DifferentPaths_DoNotExclude()
    {
        await using var a = await Topo.LockAsync("keyspaces/a", "a", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
        await using var b = await SecondClient().LockAsync("keyspaces/b", "b", TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(30));
        await a.CheckAsync();
        await b.CheckAsync();
    }

    private static async Task<TopoWatchEvent> NextAsync(IAsyncEnumerator<TopoWatchEvent> changes)
    {
        Assert.True(await changes.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5)), "watch stream ended");
        return changes.Current;
    }
}
