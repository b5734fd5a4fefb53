using Tessera.Tablet.QueryService;
using Tessera.Topo;
using Tessera.Topo.Backend;
using Tessera.Topo.Records;

namespace Tessera.Tablet.Server;

// The tablet's record in the topo (Vitess's tablet manager init: create the keyspace and shard if
// they are new, then the tablet record) and what it reads back: the shard's tablet controls.
internal sealed class TopoRegistration(TopoServer topo, TabletConfig config, int webPort, int grpcPort, int mysqlPort, int queryPort)
{
    public TopoServer Topo { get; } = topo;

    // The keyspace and shard records, created if they are new.
    private async Task EnsureShardAsync(CancellationToken ct)
    {
        try
        {
            await Topo.CreateKeyspaceAsync(config.Keyspace, new Keyspace(), ct).ConfigureAwait(false);
        }
        catch (TopoException e) when (e.Code == TopoErrorCode.NodeExists)
        {
        }
        try
        {
            await Topo.CreateShardAsync(config.Keyspace, config.Shard, force: true, ct).ConfigureAwait(false);
        }
        catch (TopoException e) when (e.Code == TopoErrorCode.NodeExists)
        {
        }
    }

    // Decides what this tablet starts as (see StartType) and, if that is the primary of a shard
    // with none, names it in the shard record in the same versioned update, so two tablets
    // started as primary at once cannot both take the shard.
    public async Task<(StartType Start, ShardInfo Shard)> DecideStartTypeAsync(CancellationToken ct)
    {
        await EnsureShardAsync(ct).ConfigureAwait(false);
        StartType? start = null;
        var now = DateTimeOffset.UtcNow;
        var shardName = $"{config.Keyspace}/{config.Shard}";
        var info = await Topo.UpdateShardFieldsAsync(config.Keyspace, config.Shard, shard =>
        {
            start = StartType.Decide(config.Alias, config.InitTabletType, shardName, shard, now);
            return start.Claims(config.Alias, shard) ? shard with { PrimaryAlias = config.Alias, PrimaryTermStartTime = start.PrimaryTermStart } : null;
        }, ct).ConfigureAwait(false);
        return (start!, info);
    }

    public async Task RegisterAsync(TabletState state, ShardInfo shard, CancellationToken ct)
    {
        var record = Record(state) with { KeyRange = shard.KeyRange };
        try
        {
            await Topo.CreateTabletAsync(record, ct).ConfigureAwait(false);
        }
        catch (TopoException e) when (e.Code == TopoErrorCode.NodeExists)
        {
            await Topo.UpdateTabletFieldsAsync(config.Alias, existing =>
            {
                if (existing.Keyspace != config.Keyspace || !string.Equals(existing.Shard, config.Shard, StringComparison.OrdinalIgnoreCase))
                    throw new TopoException(TopoErrorCode.NodeExists, config.Alias.ToString(),
                        $"tablet {config.Alias} is already recorded for {existing.Keyspace}/{existing.Shard}, not {config.Keyspace}/{config.Shard}; delete it first");
                return record;
            }, ct).ConfigureAwait(false);
        }
    }

    public Topo.Records.Tablet Record(TabletState state) => new()
    {
        Alias = config.Alias,
        Hostname = config.Hostname,
        PortMap = new Dictionary<string, int> { ["web"] = webPort, ["grpc"] = grpcPort, ["query"] = queryPort },
        Keyspace = config.Keyspace,
        Shard = config.Shard,
        Type = state.Type,
        MysqlHostname = config.Hostname,
        MysqlPort = mysqlPort,
        PrimaryTermStartTime = state.Type == TabletType.Primary ? state.PrimaryTermStart : null,
    };

    public async Task UpdateAsync(TabletState state, CancellationToken ct)
    {
        var record = Record(state);
        await Topo.UpdateTabletFieldsAsync(config.Alias, existing => record with { KeyRange = existing.KeyRange }, ct).ConfigureAwait(false);
    }

    // The shard record names its primary (Vitess's shard.PrimaryAlias), which the gate and the
    // control daemon read.
    public async Task ClaimPrimaryAsync(TabletState state, CancellationToken ct) =>
        await Topo.UpdateShardFieldsAsync(config.Keyspace, config.Shard, shard =>
            shard with { PrimaryAlias = config.Alias, PrimaryTermStartTime = state.PrimaryTermStart }, ct).ConfigureAwait(false);

    public async Task<DeniedTables> DeniedTablesAsync(TabletType type, CancellationToken ct)
    {
        var shard = await Topo.GetShardAsync(config.Keyspace, config.Shard, ct).ConfigureAwait(false);
        var control = shard.Shard.GetTabletControl(type);
        if (control is null || (control.Cells.Count > 0 && !control.Cells.Contains(config.Cell))) return DeniedTables.None;
        return DeniedTables.From(control.DeniedTables);
    }

    public async Task UnregisterAsync(CancellationToken ct)
    {
        try
        {
            await Topo.DeleteTabletAsync(config.Alias, ct).ConfigureAwait(false);
        }
        catch (TopoException e) when (e.Code == TopoErrorCode.NoNode)
        {
        }
    }
}
