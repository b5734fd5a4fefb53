using Tessera.Keys;
using Tessera.Topo.Backend;
using Tessera.Topo.Records;

namespace Tessera.Topo;

public sealed partial class TopoServer
{
    // Creates a shard of an existing keyspace, under the keyspace lock. As in Vitess
    // (topo.Server.CreateShard), the first shards covering a range are primary-serving and a
    // shard created over existing ones is not: it waits for SwitchTraffic. Tessera additionally
    // refuses a shard overlapping a serving shard unless force is set, so a typo'd shard name
    // cannot silently shadow live data; resharding passes force for its target shards.
    // A malformed shard name fails with KeyFormatException quoting it.
    public async Task<ShardInfo> CreateShardAsync(string keyspace, string shard, bool force = false, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(shard);
        shard = shard.ToLowerInvariant();
        TopoPaths.Name("shard", shard);
        var keyRange = KeyRange.Parse(shard);
        await GetKeyspaceAsync(keyspace, ct);

        await using var keyspaceLock = await LockKeyspaceAsync(keyspace, $"CreateShard {keyspace}/{shard}", ct);
        var serving = true;
        foreach (var existing in await GetShardsAsync(keyspace, ct))
        {
            if (existing.ShardName == shard)
                throw new TopoException(TopoErrorCode.NodeExists, $"{keyspace}/{shard}", $"shard '{keyspace}/{shard}' already exists");
            if (!existing.KeyRange.Intersects(keyRange))
                continue;
            serving = false;
            if (existing.IsPrimaryServing && !force)
            {
                throw new TopoException(TopoErrorCode.NodeExists, $"{keyspace}/{shard}",
                    $"shard '{keyspace}/{shard}' overlaps serving shard '{keyspace}/{existing.ShardName}'; use force to create it as a non-serving shard");
            }
        }

        var value = new Shard { KeyRange = keyRange, IsPrimaryServing = serving };
        try
        {
            var version = await Backend.CreateAsync(TopoPaths.ShardFile(keyspace, shard), TopoJson.Serialize(value), ct);
            return new ShardInfo(keyspace, shard, value, version);
        }
        catch (TopoException e) when (e.Code == TopoErrorCode.NodeExists)
        {
            throw new TopoException(TopoErrorCode.NodeExists, $"{keyspace}/{shard}", $"shard '{keyspace}/{shard}' already exists", e);
        }
    }

    public async Task<ShardInfo> GetShardAsync(string keyspace, string shard, CancellationToken ct = default)
    {
        var path = TopoPaths.ShardFile(keyspace, shard);
        var node = await GetOrNoNodeAsync(path, $"shard '{keyspace}/{shard}'", ct);
        return new ShardInfo(keyspace, shard, TopoJson.Deserialize<Shard>(node.Data, path), node.Version);
    }

    // The keyspace's shard names, sorted by key range. Fails NoNode for an unknown keyspace.
    public async Task<IReadOnlyList<string>> GetShardNamesAsync(string keyspace, CancellationToken ct = default) =>
        [.. (await GetShardsAsync(keyspace, ct)).Select(s => s.ShardName)];

    // Every shard of the keyspace, sorted by key range (start, then the narrower first).
    public async Task<IReadOnlyList<ShardInfo>> GetShardsAsync(string keyspace, CancellationToken ct = default)
    {
        await GetKeyspaceAsync(keyspace, ct);
        var shards = new List<ShardInfo>();
        foreach (var name in await ListOrEmptyAsync(TopoPaths.Shards(keyspace), ct))
        {
            try
            {
                shards.Add(await GetShardAsync(keyspace, name, ct));
            }
            catch (TopoException e) when (e.Code == TopoErrorCode.NoNode)
            {
                // Deleted while we listed.
            }
        }
        shards.Sort(CompareByKeyRange);
        return shards;
    }

    // Read-modify-write of one shard, retried on version conflicts (Vitess's UpdateShardFields).
    // update returns the new value, or null when nothing needs to change.
    public async Task<ShardInfo> UpdateShardFieldsAsync(string keyspace, string shard, Func<Shard, Shard?> update, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        for (var attempt = 0; ; attempt++)
        {
            var info = await GetShardAsync(keyspace, shard, ct);
            var changed = update(info.Shard);
            if (changed is null)
                return info;
            try
            {
                var version = await Backend.UpdateAsync(TopoPaths.ShardFile(keyspace, shard), TopoJson.Serialize(changed), info.Version, ct);
                return info with { Shard = changed, Version = version };
            }
            catch (TopoException e) when (e.Code == TopoErrorCode.BadVersion && attempt < MaxUpdateRetries)
            {
            }
        }
    }

    public async Task DeleteShardAsync(string keyspace, string shard, CancellationToken ct = default)
    {
        var info = await GetShardAsync(keyspace, shard, ct);
        await Backend.DeleteAsync(TopoPaths.ShardFile(keyspace, shard), info.Version, ct);
    }

    internal static int CompareByKeyRange(ShardInfo a, ShardInfo b)
    {
        var c = KeyRange.CompareByStart(a.KeyRange, b.KeyRange);
        if (c != 0)
            return c;
        // Same start: the one ending first comes first (an open end is the largest).
        c = (a.KeyRange.HasEnd, b.KeyRange.HasEnd) switch
        {
            (true, false) => -1,
            (false, true) => 1,
            (false, false) => 0,
            _ => KeyRange.CompareByStart(KeyRange.Create(a.KeyRange.End, []), KeyRange.Create(b.KeyRange.End, [])),
        };
        return c != 0 ? c : string.CompareOrdinal(a.ShardName, b.ShardName);
    }
}
