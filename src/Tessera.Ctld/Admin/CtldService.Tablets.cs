using Tessera.Topo;
using Tessera.Topo.Backend;
using Tessera.Topo.Records;

namespace Tessera.Ctld.Admin;

public sealed partial class CtldService
{
    // Vitess's GetTablets: every tablet of the cells (default: all known), narrowed to a keyspace,
    // a shard of it, and a tablet type; sorted by alias. A shard needs its keyspace.
    public async Task<IReadOnlyList<TabletInfo>> GetTabletsAsync(string? keyspace = null, string? shard = null, TabletType? type = null, IReadOnlyList<string>? cells = null, CancellationToken ct = default)
    {
        if (!string.IsNullOrEmpty(shard) && string.IsNullOrEmpty(keyspace))
            throw new CtldException("--shard needs --keyspace");
        IReadOnlyList<string> cellList = NullIfEmpty(cells) ?? await Topo.GetKnownCellsAsync(ct);

        var result = new List<TabletInfo>();
        if (!string.IsNullOrEmpty(keyspace) && !string.IsNullOrEmpty(shard))
        {
            result.AddRange(await Topo.GetTabletsByShardAsync(keyspace, shard, cellList, ct));
        }
        else
        {
            if (!string.IsNullOrEmpty(keyspace))
                await Topo.GetKeyspaceAsync(keyspace, ct);
            foreach (var cell in cellList)
            {
                foreach (var alias in await Topo.GetTabletAliasesByCellAsync(cell, ct))
                {
                    try
                    {
                        var info = await Topo.GetTabletAsync(alias, ct);
                        if (string.IsNullOrEmpty(keyspace) || info.Tablet.Keyspace == keyspace)
                            result.Add(info);
                    }
                    catch (TopoException e) when (e.Code == TopoErrorCode.NoNode)
                    {
                        // Deleted while we listed.
                    }
                }
            }
        }
        if (type is { } wanted)
            result.RemoveAll(t => t.Tablet.Type != wanted);
        result.Sort((a, b) => a.Alias.CompareTo(b.Alias));
        return result;
    }

    public Task<TabletInfo> GetTabletAsync(string alias, CancellationToken ct = default) =>
        Topo.GetTabletAsync(TabletAlias.Parse(RequireName("tablet alias", alias)), ct);

    // "primary", "REPLICA", "rdonly", ... (and Vitess's old "master") to a tablet type.
    public static TabletType ParseTabletType(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (string.Equals(name, "master", StringComparison.OrdinalIgnoreCase))
            return TabletType.Primary;
        if (Enum.TryParse<TabletType>(name, ignoreCase: true, out var type) && type != TabletType.Unknown && !int.TryParse(name, out _))
            return type;
        throw new CtldException($"unknown tablet type '{name}' (expected one of: {string.Join(", ", Enum.GetNames<TabletType>().Skip(1).Select(n => n.ToLowerInvariant()))})");
    }
}
