namespace Tessera.Topo.Records;

public enum KeyspaceType
{
    Normal = 0,
    Snapshot = 1,
}

// Vitess topodata.Keyspace (the name is the node's path, as in Vitess).
public sealed record Keyspace
{
    public KeyspaceType KeyspaceType { get; init; } = KeyspaceType.Normal;

    // "none", "semi_sync", ... as Vitess's --durability-policy; null when not set.
    public string? DurabilityPolicy { get; init; }
}
