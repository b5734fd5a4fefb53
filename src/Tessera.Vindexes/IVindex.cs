using Tessera.Keys;

namespace Tessera.Vindexes;

// A vindex maps column values to keyspace ids (Vitess: vindexes.Vindex / SingleColumn).
// Cost orders the choice between vindexes (0 identity, 1 functional, 10 unique lookup,
// 20 non-unique lookup); the primary vindex of a table must be unique.
public interface IVindex
{
    // The name the VSchema gives it ("hash", "customer_email_lookup").
    string Name { get; }

    // The VSchema type ("hash", "lookup_unique").
    string TypeName { get; }

    int Cost { get; }

    bool IsUnique { get; }

    // True when Map/Verify need a query interface (lookup vindexes).
    bool NeedsVCursor { get; }

    // Params the vindex type does not know; Vitess reports them as warnings, not errors.
    IReadOnlyList<string> UnknownParams { get; }

    // One destination per value, in order: DestinationKeyspaceId, DestinationKeyspaceIds
    // (non-unique lookups), DestinationKeyRange (write-only lookups: all shards) or DestinationNone.
    ValueTask<Destination[]> MapAsync(ILookupQuery? query, IReadOnlyList<SqlValue> values, CancellationToken cancellationToken = default);

    // Whether each value maps to the keyspace id beside it. A value that cannot be mapped throws
    // VindexException naming it.
    ValueTask<bool[]> VerifyAsync(ILookupQuery? query, IReadOnlyList<SqlValue> values, IReadOnlyList<KeyspaceId> keyspaceIds, CancellationToken cancellationToken = default);
}

// A vindex computed from the value alone (no I/O): usable synchronously on hot paths such as
// VReplication's key-range filter and single-row routing.
public interface IHashingVindex : IVindex
{
    // The keyspace id of one value, or false with the reason it has none.
    bool TryHash(in SqlValue value, out KeyspaceId keyspaceId, out string? reason);

    Destination Map(in SqlValue value);
}

// A vindex whose keyspace id gives the value back (hash, numeric, binary, reverse_bits).
public interface IReversibleVindex : IVindex
{
    SqlValue ReverseMap(KeyspaceId keyspaceId);
}
