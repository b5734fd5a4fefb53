using System.Text;
using Tessera.Topo.Backend;
using Tessera.Topo.Records;

namespace Tessera.Topo;

public sealed partial class TopoServer
{
    // Vitess's empty routing rules, returned when none were saved.
    public const string EmptyRoutingRules = "{\"rules\":[]}";

    // ---- VSchema (raw Vitess JSON; parsed by Tessera.Vindexes, only checked for JSON here) ----

    public async Task SaveVSchemaAsync(string keyspace, string vschemaJson, CancellationToken ct = default)
    {
        await GetKeyspaceAsync(keyspace, ct);
        await SaveJsonTextAsync(TopoPaths.VSchema(keyspace), vschemaJson, ct);
    }

    public async Task<string> GetVSchemaAsync(string keyspace, CancellationToken ct = default)
    {
        var node = await GetOrNoNodeAsync(TopoPaths.VSchema(keyspace), $"vschema for keyspace '{keyspace}'", ct);
        return Encoding.UTF8.GetString(node.Data);
    }

    public Task SaveSrvVSchemaAsync(string cell, string srvVSchemaJson, CancellationToken ct = default) =>
        SaveJsonTextAsync(TopoPaths.SrvVSchema(cell), srvVSchemaJson, ct);

    public async Task<string> GetSrvVSchemaAsync(string cell, CancellationToken ct = default)
    {
        var node = await GetOrNoNodeAsync(TopoPaths.SrvVSchema(cell), $"SrvVSchema for cell '{cell}'", ct);
        return Encoding.UTF8.GetString(node.Data);
    }

    public Task SaveRoutingRulesAsync(string routingRulesJson, CancellationToken ct = default) =>
        SaveJsonTextAsync(TopoPaths.RoutingRules, routingRulesJson, ct);

    public async Task<string> GetRoutingRulesAsync(CancellationToken ct = default)
    {
        try
        {
            return Encoding.UTF8.GetString((await Backend.GetAsync(TopoPaths.RoutingRules, ct)).Data);
        }
        catch (TopoException e) when (e.Code == TopoErrorCode.NoNode)
        {
            return EmptyRoutingRules;
        }
    }

    // ---- SrvKeyspace ----

    public Task SaveSrvKeyspaceAsync(string cell, string keyspace, SrvKeyspace srvKeyspace, CancellationToken ct = default) =>
        Backend.UpdateAsync(TopoPaths.SrvKeyspace(cell, keyspace), TopoJson.Serialize(srvKeyspace), null, ct);

    public async Task<SrvKeyspace> GetSrvKeyspaceAsync(string cell, string keyspace, CancellationToken ct = default)
    {
        var path = TopoPaths.SrvKeyspace(cell, keyspace);
        var node = await GetOrNoNodeAsync(path, $"SrvKeyspace for keyspace '{keyspace}' in cell '{cell}'", ct);
        return TopoJson.Deserialize<SrvKeyspace>(node.Data, path);
    }

    public async Task<IReadOnlyList<string>> GetSrvKeyspaceNamesAsync(string cell, CancellationToken ct = default) =>
        await ListOrEmptyAsync(TopoPaths.CellKeyspaces(cell), ct);

    public async Task<TopoRecordWatch<SrvKeyspace>> WatchSrvKeyspaceAsync(string cell, string keyspace, CancellationToken ct = default)
    {
        var path = TopoPaths.SrvKeyspace(cell, keyspace);
        var watch = await WatchOrNoNodeAsync(path, $"SrvKeyspace for keyspace '{keyspace}' in cell '{cell}'", ct);
        return new TopoRecordWatch<SrvKeyspace>(watch, n => TopoJson.Deserialize<SrvKeyspace>(n.Data, path));
    }

    public async Task<TopoRecordWatch<string>> WatchSrvVSchemaAsync(string cell, CancellationToken ct = default)
    {
        var watch = await WatchOrNoNodeAsync(TopoPaths.SrvVSchema(cell), $"SrvVSchema for cell '{cell}'", ct);
        return new TopoRecordWatch<string>(watch, n => Encoding.UTF8.GetString(n.Data));
    }

    // Rebuilds the keyspace's serving graph in the given cells (default: every known cell), under
    // the keyspace lock, as Vitess's RebuildKeyspaceGraph: for primary, replica and rdonly, the
    // primary-serving shards sorted by key range. Serving shards must not overlap (BadData
    // naming both) - that would send one row to two shards.
    public async Task<SrvKeyspace> RebuildKeyspaceGraphAsync(string keyspace, IEnumerable<string>? cells = null, CancellationToken ct = default)
    {
        await using var keyspaceLock = await LockKeyspaceAsync(keyspace, "RebuildKeyspaceGraph", ct);
        var serving = (await GetShardsAsync(keyspace, ct)).Where(s => s.IsPrimaryServing).ToList();
        for (var i = 1; i < serving.Count; i++)
        {
            if (serving[i - 1].KeyRange.Intersects(serving[i].KeyRange))
            {
                throw new TopoException(TopoErrorCode.BadData, keyspace,
                    $"keyspace '{keyspace}' has overlapping serving shards '{serving[i - 1].ShardName}' and '{serving[i].ShardName}'");
            }
        }
        var references = serving.Select(s => new ShardReference { Name = s.ShardName, KeyRange = s.KeyRange }).ToArray();
        var srv = new SrvKeyspace
        {
            Partitions = [.. ServedTabletTypes.All.Select(t => new KeyspacePartition { ServedType = t, ShardReferences = references })],
        };
        foreach (var cell in cells ?? await GetKnownCellsAsync(ct))
            await SaveSrvKeyspaceAsync(cell, keyspace, srv, ct);
        return srv;
    }

    // All overlapping shard sets of the keyspace (see OverlappingShards.Find).
    public async Task<IReadOnlyList<OverlappingShards>> FindOverlappingShardsAsync(string keyspace, CancellationToken ct = default) =>
        OverlappingShards.Find(await GetShardsAsync(keyspace, ct));

    private async Task<TopoWatch> WatchOrNoNodeAsync(string path, string what, CancellationToken ct)
    {
        try
        {
            return await Backend.WatchAsync(path, ct);
        }
        catch (TopoException e) when (e.Code == TopoErrorCode.NoNode)
        {
            throw new TopoException(TopoErrorCode.NoNode, path, $"{what} not found", e);
        }
    }

    private async Task SaveJsonTextAsync(string path, string json, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(json);
        TopoJson.CheckWellFormed(json, path);
        await Backend.UpdateAsync(path, Encoding.UTF8.GetBytes(json), null, ct);
    }
}
