using Tessera.Keys;

namespace Tessera.Topo.Records;

// Vitess topodata.SrvKeyspace: the serving graph of one keyspace in one cell, what gates read to
// route. For each served tablet type, the shards that serve it, sorted by key range.
public sealed record SrvKeyspace
{
    public IReadOnlyList<KeyspacePartition> Partitions { get; init; } = [];

    public KeyspacePartition? PartitionFor(TabletType type)
    {
        foreach (var p in Partitions)
        {
            if (p.ServedType == type)
                return p;
        }
        return null;
    }
}

public sealed record KeyspacePartition
{
    public TabletType ServedType { get; init; }

    public IReadOnlyList<ShardReference> ShardReferences { get; init; } = [];
}

public sealed record ShardReference
{
    public required string Name { get; init; }

    public required KeyRange KeyRange { get; init; }
}
