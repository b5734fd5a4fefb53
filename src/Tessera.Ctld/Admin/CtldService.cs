using Tessera.Topo;
using Tessera.Topo.Backend;
using Tessera.Topo.Records;

namespace Tessera.Ctld.Admin;

// The control daemon's admin operations (Vitess's grpcvtctldserver), on the topology alone.
// Callable in-process (tests, the web console) and exposed over gRPC by CtldGrpcService. Each
// operation is safe to retry: a repeat either does nothing more or fails naming what is already
// there, and every change that depends on what it read takes the keyspace lock.
public sealed partial class CtldService
{
    public CtldService(TopoServer topo)
    {
        ArgumentNullException.ThrowIfNull(topo);
        Topo = topo;
    }

    public TopoServer Topo { get; }

    // ---- keyspaces ----

    // Creates the keyspace with an empty VSchema and serves it (Vitess also writes the empty
    // VSchema, so gates know the keyspace at once). force: an existing keyspace is not an error.
    public async Task<KeyspaceInfo> CreateKeyspaceAsync(string name, string? durabilityPolicy = null, bool force = false, CancellationToken ct = default)
    {
        RequireName("keyspace", name);
        var value = new Keyspace { DurabilityPolicy = string.IsNullOrEmpty(durabilityPolicy) ? null : durabilityPolicy };
        KeyspaceInfo info;
        try
        {
            info = await Topo.CreateKeyspaceAsync(name, value, ct);
        }
        catch (TopoException e) when (e.Code == TopoErrorCode.NodeExists && force)
        {
            info = await Topo.GetKeyspaceAsync(name, ct);
        }

        try
        {
            await Topo.GetVSchemaAsync(name, ct);
        }
        catch (TopoException e) when (e.Code == TopoErrorCode.NoNode)
        {
            await Topo.SaveVSchemaAsync(name, "{}", ct);
        }
        await RebuildVSchemaGraphAsync(null, ct);
        return info;
    }

    public Task<KeyspaceInfo> GetKeyspaceAsync(string keyspace, CancellationToken ct = default) =>
        Topo.GetKeyspaceAsync(RequireName("keyspace", keyspace), ct);

    public async Task<IReadOnlyList<KeyspaceInfo>> GetKeyspacesAsync(CancellationToken ct = default)
    {
        var result = new List<KeyspaceInfo>();
        foreach (var name in (await Topo.GetKeyspaceNamesAsync(ct)).Order(StringComparer.Ordinal))
        {
            try
            {
                result.Add(await Topo.GetKeyspaceAsync(name, ct));
            }
            catch (TopoException e) when (e.Code == TopoErrorCode.NoNode)
            {
                // Deleted while we listed.
            }
        }
        return result;
    }

    // Without recursive, refuses a keyspace that still has shards (naming them); with it, deletes
    // its shards and their tablets first. The serving VSchema is rebuilt without the keyspace.
    public async Task DeleteKeyspaceAsync(string keyspace, bool recursive = false, CancellationToken ct = default)
    {
        RequireName("keyspace", keyspace);
        await Topo.GetKeyspaceAsync(keyspace, ct);
        var shards = await Topo.GetShardNamesAsync(keyspace, ct);
        if (shards.Count > 0)
        {
            if (!recursive)
            {
                throw new CtldException(CtldErrorCode.FailedPrecondition,
                    $"keyspace '{keyspace}' still has shards ({string.Join(", ", shards)}); use --recursive to delete them too");
            }
            foreach (var shard in shards)
                _ = await DeleteShardAsync(keyspace, shard, recursive: true, evenIfServing: true, ct);
        }
        await Topo.DeleteKeyspaceAsync(keyspace, ct);
        await RebuildVSchemaGraphAsync(null, ct);
    }

    // ---- shards ----

    // force: a shard overlapping serving ones is created non-serving (resharding targets), and an
    // existing shard is answered rather than refused. includeParent creates a missing keyspace.
    public async Task<(KeyspaceInfo Keyspace, ShardInfo Shard, bool AlreadyExisted)> CreateShardAsync(string keyspace, string shard, bool force = false, bool includeParent = false, CancellationToken ct = default)
    {
        RequireName("keyspace", keyspace);
        RequireName("shard", shard);
        KeyspaceInfo ks;
        try
        {
            ks = await Topo.GetKeyspaceAsync(keyspace, ct);
        }
        catch (TopoException e) when (e.Code == TopoErrorCode.NoNode && includeParent)
        {
            ks = await CreateKeyspaceAsync(keyspace, force: true, ct: ct);
        }

        try
        {
            return (ks, await Topo.CreateShardAsync(keyspace, shard, force, ct), false);
        }
        catch (TopoException e) when (e.Code == TopoErrorCode.NodeExists && force)
        {
            // NodeExists also means "overlaps a serving shard"; only an existing one is answered.
            if (!await ShardExistsAsync(keyspace, shard, ct))
                throw;
            return (ks, await Topo.GetShardAsync(keyspace, shard.ToLowerInvariant(), ct), true);
        }
    }

    public Task<ShardInfo> GetShardAsync(string keyspace, string shard, CancellationToken ct = default) =>
        Topo.GetShardAsync(RequireName("keyspace", keyspace), RequireName("shard", shard), ct);

    // Vitess's DeleteShards: refuses a shard that still has tablets unless recursive (then the
    // tablet records go too), and a shard the serving graph still routes to unless evenIfServing.
    public async Task DeleteShardsAsync(IEnumerable<(string Keyspace, string Shard)> shards, bool recursive = false, bool evenIfServing = false, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(shards);
        var stillRouted = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (keyspace, shard) in shards)
        {
            if (await DeleteShardAsync(keyspace, shard, recursive, evenIfServing, ct))
                stillRouted.Add(keyspace);
        }
        // A serving shard deleted anyway must leave the serving graph too, or gates keep routing
        // to it (Vitess removes it from the SrvKeyspace partitions); rebuilt once the lock is free.
        foreach (var keyspace in stillRouted)
            await Topo.RebuildKeyspaceGraphAsync(keyspace, ct: ct);
    }

    // True when the deleted shard was still in a serving graph.
    private async Task<bool> DeleteShardAsync(string keyspace, string shard, bool recursive, bool evenIfServing, CancellationToken ct)
    {
        RequireName("keyspace", keyspace);
        RequireName("shard", shard);
        await using var keyspaceLock = await Topo.LockKeyspaceAsync(keyspace, $"DeleteShard {keyspace}/{shard}", ct);
        await Topo.GetShardAsync(keyspace, shard, ct);
        var routed = false;
        foreach (var cell in await Topo.GetKnownCellsAsync(ct))
        {
            SrvKeyspace srv;
            try
            {
                srv = await Topo.GetSrvKeyspaceAsync(cell, keyspace, ct);
            }
            catch (TopoException e) when (e.Code == TopoErrorCode.NoNode)
            {
                continue;
            }
            if (srv.Partitions.Any(p => p.ShardReferences.Any(r => r.Name == shard)))
            {
                if (!evenIfServing)
                {
                    throw new CtldException(CtldErrorCode.FailedPrecondition,
                        $"shard '{keyspace}/{shard}' is still serving in cell '{cell}'; use --even-if-serving to delete it anyway");
                }
                routed = true;
            }
        }

        var tablets = await Topo.GetTabletsByShardAsync(keyspace, shard, ct: ct);
        if (tablets.Count > 0)
        {
            if (!recursive)
            {
                throw new CtldException(CtldErrorCode.FailedPrecondition,
                    $"shard '{keyspace}/{shard}' still has tablets ({string.Join(", ", tablets.Select(t => t.Alias))}); use --recursive to delete them too");
            }
            foreach (var tablet in tablets)
            {
                try
                {
                    await Topo.DeleteTabletAsync(tablet.Alias, ct);
                }
                catch (TopoException e) when (e.Code == TopoErrorCode.NoNode)
                {
                }
            }
        }
        await Topo.DeleteShardAsync(keyspace, shard, ct);
        return routed;
    }

    private async Task<bool> ShardExistsAsync(string keyspace, string shard, CancellationToken ct)
    {
        try
        {
            await Topo.GetShardAsync(keyspace, shard.ToLowerInvariant(), ct);
            return true;
        }
        catch (TopoException e) when (e.Code == TopoErrorCode.NoNode)
        {
            return false;
        }
    }

    // ---- serving graph ----

    public async Task RebuildKeyspaceGraphAsync(string keyspace, IReadOnlyList<string>? cells = null, CancellationToken ct = default) =>
        await Topo.RebuildKeyspaceGraphAsync(RequireName("keyspace", keyspace), NullIfEmpty(cells), ct);

    // cell -> SrvKeyspace for the cells (default: every known one) that have one.
    public async Task<IReadOnlyDictionary<string, SrvKeyspace>> GetSrvKeyspacesAsync(string keyspace, IReadOnlyList<string>? cells = null, CancellationToken ct = default)
    {
        RequireName("keyspace", keyspace);
        await Topo.GetKeyspaceAsync(keyspace, ct);
        var result = new SortedDictionary<string, SrvKeyspace>(StringComparer.Ordinal);
        foreach (var cell in NullIfEmpty(cells) ?? await Topo.GetKnownCellsAsync(ct))
        {
            try
            {
                result[cell] = await Topo.GetSrvKeyspaceAsync(cell, keyspace, ct);
            }
            catch (TopoException e) when (e.Code == TopoErrorCode.NoNode)
            {
            }
        }
        return result;
    }

    // ---- cells ----

    // The cells registered with a CellInfo (AddCellInfo, or ctld's own cell at start-up).
    public async Task<IReadOnlyList<string>> GetCellInfoNamesAsync(CancellationToken ct = default)
    {
        var names = new List<string>();
        foreach (var cell in await Topo.GetKnownCellsAsync(ct))
        {
            try
            {
                await Topo.GetCellInfoAsync(cell, ct);
                names.Add(cell);
            }
            catch (TopoException e) when (e.Code == TopoErrorCode.NoNode)
            {
            }
        }
        return names;
    }

    public Task AddCellInfoAsync(string cell, CellInfo info, CancellationToken ct = default) =>
        Topo.CreateCellInfoAsync(RequireName("cell", cell), info, ct);

    internal static string RequireName(string kind, string? name) =>
        string.IsNullOrWhiteSpace(name) ? throw new CtldException($"a {kind} name is required") : name;

    private static IReadOnlyList<string>? NullIfEmpty(IReadOnlyList<string>? cells) => cells is { Count: > 0 } ? cells : null;
}
