using Tessera.Keys;
using Tessera.Topo.Backend;
using Tessera.Topo.Records;

namespace Tessera.Topo;

// A record as read, with its name and the version to update it against (Vitess's *Info types).
public sealed record KeyspaceInfo(string Name, Keyspace Keyspace, TopoVersion Version);

public sealed record ShardInfo(string Keyspace, string ShardName, Shard Shard, TopoVersion Version)
{
    public KeyRange KeyRange => Shard.KeyRange;

    public bool IsPrimaryServing => Shard.IsPrimaryServing;

    public override string ToString() => $"{Keyspace}/{ShardName}";
}

public sealed record TabletInfo(Tablet Tablet, TopoVersion Version)
{
    public TabletAlias Alias => Tablet.Alias;
}
