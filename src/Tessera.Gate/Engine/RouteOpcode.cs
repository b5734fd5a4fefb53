namespace Tessera.Gate.Engine;

// How a Route finds its shards (Vitess: engine.Opcode). Ordered best first: the planner prefers
// the lowest opcode it can prove.
internal enum RouteOpcode
{
    // No shard can match (`where id = null`); the query still runs once on any shard for its columns.
    None,

    // The keyspace's only shard.
    Unsharded,

    // A `use ks/shard` target or another explicit destination.
    ByDestination,

    // One value through a unique vindex: one shard.
    EqualUnique,

    // One value through a non-unique (lookup) vindex: the shards it maps to.
    Equal,

    // `col IN (...)`: each shard gets the subset of the values that map to it.
    IN,

    // Reference tables: any one shard holds them all.
    Reference,

    // `select next N values from seq`: the sequence's unsharded keyspace.
    Next,

    // information_schema and other system schemas: any shard of the keyspace.
    DBA,

    // Every shard.
    Scatter,
}

internal static class RouteOpcodes
{
    // Whether the route touches at most one shard (nothing to merge, sort or aggregate in the gate).
    public static bool IsSingleShard(this RouteOpcode op) => op is not (RouteOpcode.Equal or RouteOpcode.IN or RouteOpcode.Scatter);
}
