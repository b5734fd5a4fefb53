using Grpc.Core;
using TopoTabletType = Tessera.Topo.Records.TabletType;

namespace Tessera.Ctld.Tests.Reparent;

// A client inserting rows with ever-growing ids straight to the shard's primary tablet (query
// service, target PRIMARY), as the gate would; when a write fails it looks the primary up in the
// shard record and goes on there with the next id. Only writes the tablet acknowledged count.
internal sealed class ShardWriter : IAsyncDisposable
{
    private readonly TestShard _shard;
    private readonly string _table;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<(long Id, uint Tablet)> _acknowledged = [];
    private readonly Task _loop;
    private int _primary;
    private long _next;

    public ShardWriter(TestShard shard, string table, uint primary)
    {
        _shard = shard;
        _table = table;
        _primary = (int)primary;
        _loop = Task.Run(LoopAsync);
    }

    public int Failures { get; private set; }

    public IReadOnlyList<(long Id, uint Tablet)> Acknowledged
    {
        get
        {
            lock (_acknowledged)
                return [.. _acknowledged];
        }
    }

    public int AcknowledgedBy(uint tablet) => Acknowledged.Count(a => a.Tablet == tablet);

    public async Task WaitForAcknowledgedAsync(uint tablet, int count) =>
        await TestShard.EventuallyAsync(() => Task.FromResult(AcknowledgedBy(tablet) >= count), $"{count} writes acknowledged by {tablet} ({Failures} failed)", 30);

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
            await StopAsync();
        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var id = ++_next;
            var tablet = (uint)Volatile.Read(ref _primary);
            string? error;
            try
            {
                error = (await _shard.ExecuteAsync(tablet, $"insert into {_table} (id) values ({id})", TopoTabletType.Primary)).Error;
            }
            catch (RpcException e)
            {
                error = e.Status.Detail;
            }
            if (error is null)
            {
                lock (_acknowledged)
                    _acknowledged.Add((id, tablet));
                continue;
            }
            Failures++;
            if ((await _shard.Topo.GetShardAsync(TestShard.Keyspace, "0")).Shard.PrimaryAlias is { } primary)
                Volatile.Write(ref _primary, (int)primary.Uid);
            await Task.Delay(10);
        }
    }
}
