using Tessera.Topo.Backend;
using Tessera.Topo.Records;

namespace Tessera.Topo;

// The typed operations on the topology (Vitess's topo.Server) over one backend. LocalCell is the
// cell this process lives in: the default for cell-scoped reads.
public sealed partial class TopoServer
{
    public TopoServer(ITopoBackend backend, string localCell)
    {
        ArgumentNullException.ThrowIfNull(backend);
        Backend = backend;
        LocalCell = TopoPaths.Name("cell", localCell);
    }

    public ITopoBackend Backend { get; }

    public string LocalCell { get; }

    // Vitess's --lock-timeout and the lease of a held lock.
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromSeconds(45);

    public TimeSpan LockTtl { get; init; } = TimeSpan.FromSeconds(30);

    // How many times a read-modify-write retries on a version conflict before giving up.
    public int MaxUpdateRetries { get; init; } = 20;

    // ---- cells ----

    public async Task CreateCellInfoAsync(string cell, CellInfo info, CancellationToken ct = default)
    {
        try
        {
            await Backend.CreateAsync(TopoPaths.CellInfo(cell), TopoJson.Serialize(info), ct);
        }
        catch (TopoException e) when (e.Code == TopoErrorCode.NodeExists)
        {
            throw new TopoException(TopoErrorCode.NodeExists, cell, $"cell '{cell}' already exists", e);
        }
    }

    public async Task<CellInfo> GetCellInfoAsync(string cell, CancellationToken ct = default)
    {
        var node = await GetOrNoNodeAsync(TopoPaths.CellInfo(cell), $"cell '{cell}'", ct);
        return TopoJson.Deserialize<CellInfo>(node.Data, TopoPaths.CellInfo(cell));
    }

    // Every cell with anything in it (a CellInfo, tablets or serving records), plus the local one.
    public async Task<IReadOnlyList<string>> GetKnownCellsAsync(CancellationToken ct = default)
    {
        var cells = new SortedSet<string>(await ListOrEmptyAsync(TopoPaths.Cells, ct), StringComparer.Ordinal) { LocalCell };
        return [.. cells];
    }

    // ---- keyspaces ----

    public async Task<KeyspaceInfo> CreateKeyspaceAsync(string keyspace, Keyspace value, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(value);
        var path = TopoPaths.KeyspaceFile(keyspace);
        try
        {
            var version = await Backend.CreateAsync(path, TopoJson.Serialize(value), ct);
            return new KeyspaceInfo(keyspace, value, version);
        }
        catch (TopoException e) when (e.Code == TopoErrorCode.NodeExists)
        {
            throw new TopoException(TopoErrorCode.NodeExists, keyspace, $"keyspace '{keyspace}' already exists", e);
        }
    }

    public async Task<KeyspaceInfo> GetKeyspaceAsync(string keyspace, CancellationToken ct = default)
    {
        var path = TopoPaths.KeyspaceFile(keyspace);
        var node = await GetOrNoNodeAsync(path, $"keyspace '{keyspace}'", ct);
        return new KeyspaceInfo(keyspace, TopoJson.Deserialize<Keyspace>(node.Data, path), node.Version);
    }

    // Fails BadVersion if the keyspace changed since info was read.
    public async Task<KeyspaceInfo> UpdateKeyspaceAsync(KeyspaceInfo info, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(info);
        var version = await Backend.UpdateAsync(TopoPaths.KeyspaceFile(info.Name), TopoJson.Serialize(info.Keyspace), info.Version, ct);
        return info with { Version = version };
    }

    public async Task<IReadOnlyList<string>> GetKeyspaceNamesAsync(CancellationToken ct = default)
    {
        var names = new List<string>();
        foreach (var name in await ListOrEmptyAsync(TopoPaths.Keyspaces, ct))
        {
            if ((await ListOrEmptyAsync(TopoPaths.Keyspace(name), ct)).Contains("Keyspace"))
                names.Add(name);
        }
        return names;
    }

    // Removes the keyspace, its VSchema and its serving records in every cell. Refuses (NodeNotEmpty)
    // while it still has shards, as Vitess does without --recursive.
    public async Task DeleteKeyspaceAsync(string keyspace, CancellationToken ct = default)
    {
        await GetKeyspaceAsync(keyspace, ct);
        var shards = await ListOrEmptyAsync(TopoPaths.Shards(keyspace), ct);
        if (shards.Count > 0)
            throw new TopoException(TopoErrorCode.NodeNotEmpty, keyspace, $"keyspace '{keyspace}' still has shards: {string.Join(", ", shards)}");
        foreach (var cell in await GetKnownCellsAsync(ct))
            await DeleteIfExistsAsync(TopoPaths.SrvKeyspace(cell, keyspace), ct);
        await DeleteIfExistsAsync(TopoPaths.VSchema(keyspace), ct);
        await Backend.DeleteAsync(TopoPaths.KeyspaceFile(keyspace), null, ct);
    }

    public Task<ITopoLock> LockKeyspaceAsync(string keyspace, string action, CancellationToken ct = default) =>
        Backend.LockAsync(TopoPaths.Keyspace(keyspace), action, LockTimeout, LockTtl, ct);

    public Task<ITopoLock> LockShardAsync(string keyspace, string shard, string action, CancellationToken ct = default) =>
        Backend.LockAsync(TopoPaths.Shard(keyspace, shard), action, LockTimeout, LockTtl, ct);

    // ---- helpers ----

    private async Task<TopoNode> GetOrNoNodeAsync(string path, string what, CancellationToken ct)
    {
        try
        {
            return await Backend.GetAsync(path, ct);
        }
        catch (TopoException e) when (e.Code == TopoErrorCode.NoNode)
        {
            throw new TopoException(TopoErrorCode.NoNode, path, $"{what} not found", e);
        }
    }

    private async Task<IReadOnlyList<string>> ListOrEmptyAsync(string dir, CancellationToken ct)
    {
        try
        {
            return await Backend.ListAsync(dir, ct);
        }
        catch (TopoException e) when (e.Code == TopoErrorCode.NoNode)
        {
            return [];
        }
    }

    private async Task DeleteIfExistsAsync(string path, CancellationToken ct)
    {
        try
        {
            await Backend.DeleteAsync(path, null, ct);
        }
        catch (TopoException e) when (e.Code == TopoErrorCode.NoNode)
        {
        }
    }
}
