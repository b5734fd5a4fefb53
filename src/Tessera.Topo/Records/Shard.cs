using Tessera.Keys;

namespace Tessera.Topo.Records;

// Vitess topodata.Shard (the keyspace and shard name are the node's path).
public sealed record Shard
{
    public TabletAlias? PrimaryAlias { get; init; }

    public DateTimeOffset? PrimaryTermStartTime { get; init; }

    public required KeyRange KeyRange { get; init; }

    // Whether the shard's primary takes writes; a shard created over a serving one starts false
    // and becomes true when traffic is switched to it.
    public bool IsPrimaryServing { get; init; }

    // Where this shard's data is being copied from during a MoveTables / Reshard.
    public IReadOnlyList<SourceShard> SourceShards { get; init; } = [];

    public IReadOnlyList<TabletControl> TabletControls { get; init; } = [];

    // The control for one tablet type, if any (Vitess's ShardInfo.GetTabletControl).
    public TabletControl? GetTabletControl(TabletType type) => TabletControls.FirstOrDefault(c => c.TabletType == type);
}

// Vitess Shard.SourceShard: one VReplication source.
public sealed record SourceShard
{
    public uint Uid { get; init; }

    public required string Keyspace { get; init; }

    public required string Shard { get; init; }

    public KeyRange? KeyRange { get; init; }

    public IReadOnlyList<string> Tables { get; init; } = [];
}

// Vitess Shard.TabletControl: per tablet type, the tables this shard must not serve (during
// MoveTables), optionally limited to some cells.
public sealed record TabletControl
{
    public TabletType TabletType { get; init; }

    public IReadOnlyList<string> Cells { get; init; } = [];

    public IReadOnlyList<string> DeniedTables { get; init; } = [];

    public bool Frozen { get; init; }
}
