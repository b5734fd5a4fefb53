using Tessera.Topo.Backend;
using Tessera.Topo.Records;

namespace Tessera.Topo;

public sealed partial class TopoServer
{
    // Records a tablet in its cell. Fails NodeExists naming the alias if it is already there.
    public async Task<TabletInfo> CreateTabletAsync(Tablet tablet, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(tablet);
        try
        {
            var version = await Backend.CreateAsync(TopoPaths.Tablet(tablet.Alias), TopoJson.Serialize(tablet), ct);
            return new TabletInfo(tablet, version);
        }
        catch (TopoException e) when (e.Code == TopoErrorCode.NodeExists)
        {
            throw new TopoException(TopoErrorCode.NodeExists, tablet.Alias.ToString(), $"tablet '{tablet.Alias}' already exists", e);
        }
    }

    public async Task<TabletInfo> GetTabletAsync(TabletAlias alias, CancellationToken ct = default)
    {
        var path = TopoPaths.Tablet(alias);
        var node = await GetOrNoNodeAsync(path, $"tablet '{alias}'", ct);
        return new TabletInfo(TopoJson.Deserialize<Tablet>(node.Data, path), node.Version);
    }

    // Writes info.Tablet if the tablet is still at info.Version: fails BadVersion otherwise, NoNode
    // if it was deleted.
    public async Task<TabletInfo> UpdateTabletAsync(TabletInfo info, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(info);
        var version = await Backend.UpdateAsync(TopoPaths.Tablet(info.Alias), TopoJson.Serialize(info.Tablet), info.Version, ct);
        return info with { Version = version };
    }

    // Read-modify-write of one tablet, retried on version conflicts; null from update = no change.
    public async Task<TabletInfo> UpdateTabletFieldsAsync(TabletAlias alias, Func<Tablet, Tablet?> update, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        for (var attempt = 0; ; attempt++)
        {
            var info = await GetTabletAsync(alias, ct);
            var changed = update(info.Tablet);
            if (changed is null)
                return info;
            if (changed.Alias != alias)
                throw new ArgumentException($"update changed the alias of tablet '{alias}'", nameof(update));
            try
            {
                return await UpdateTabletAsync(info with { Tablet = changed }, ct);
            }
            catch (TopoException e) when (e.Code == TopoErrorCode.BadVersion && attempt < MaxUpdateRetries)
            {
            }
        }
    }

    public async Task DeleteTabletAsync(TabletAlias alias, CancellationToken ct = default)
    {
        try
        {
            await Backend.DeleteAsync(TopoPaths.Tablet(alias), null, ct);
        }
        catch (TopoException e) when (e.Code == TopoErrorCode.NoNode)
        {
            throw new TopoException(TopoErrorCode.NoNode, alias.ToString(), $"tablet '{alias}' not found", e);
        }
    }

    // The aliases of the tablets recorded in one cell, sorted by uid.
    public async Task<IReadOnlyList<TabletAlias>> GetTabletAliasesByCellAsync(string cell, CancellationToken ct = default)
    {
        var aliases = (await ListOrEmptyAsync(TopoPaths.Tablets(cell), ct)).Select(TabletAlias.Parse).ToList();
        aliases.Sort();
        return aliases;
    }

    // The tablets of one shard across all known cells (or the given ones), sorted by alias.
    // Fails NoNode naming the shard if it does not exist.
    public async Task<IReadOnlyList<TabletInfo>> GetTabletsByShardAsync(string keyspace, string shard, IEnumerable<string>? cells = null, CancellationToken ct = default)
    {
        await GetShardAsync(keyspace, shard, ct);
        var result = new List<TabletInfo>();
        foreach (var cell in cells ?? await GetKnownCellsAsync(ct))
        {
            foreach (var alias in await GetTabletAliasesByCellAsync(cell, ct))
            {
                TabletInfo info;
                try
                {
                    info = await GetTabletAsync(alias, ct);
                }
                catch (TopoException e) when (e.Code == TopoErrorCode.NoNode)
                {
                    continue;
                }
                if (info.Tablet.Keyspace == keyspace && info.Tablet.Shard == shard)
                    result.Add(info);
            }
        }
        result.Sort((a, b) => a.Alias.CompareTo(b.Alias));
        return result;
    }
}
