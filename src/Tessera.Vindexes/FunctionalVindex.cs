using Tessera.Keys;

namespace Tessera.Vindexes;

// Shared shape of the functional vindexes: one synchronous hash per value; NULL and values the
// function cannot take map to DestinationNone, and Verify throws naming them. (Vitess differs for
// NULL in binary_md5, xxhash and unicode_loose_*: it hashes NULL as the empty string. Tessera
// gives NULL no shard in every vindex, so a NULL sharding key is refused rather than placed.)
public abstract class FunctionalVindex : IHashingVindex
{
    protected FunctionalVindex(string name, IReadOnlyDictionary<string, string>? parameters)
    {
        ArgumentNullException.ThrowIfNull(name);
        Name = name;
        UnknownParams = parameters is null ? [] : [.. parameters.Keys.Order(StringComparer.Ordinal)];
    }

    public string Name { get; }

    public abstract string TypeName { get; }

    public virtual int Cost => 1;

    public bool IsUnique => true;

    public bool NeedsVCursor => false;

    public IReadOnlyList<string> UnknownParams { get; }

    public abstract bool TryHash(in SqlValue value, out KeyspaceId keyspaceId, out string? reason);

    public Destination Map(in SqlValue value) =>
        TryHash(value, out KeyspaceId id, out _) ? new DestinationKeyspaceId(id) : DestinationNone.Instance;

    public ValueTask<Destination[]> MapAsync(ILookupQuery? query, IReadOnlyList<SqlValue> values, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var result = new Destination[values.Count];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = Map(values[i]);
        }

        return ValueTask.FromResult(result);
    }

    public ValueTask<bool[]> VerifyAsync(ILookupQuery? query, IReadOnlyList<SqlValue> values, IReadOnlyList<KeyspaceId> keyspaceIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(keyspaceIds);
        if (values.Count != keyspaceIds.Count)
        {
            throw new ArgumentException($"{values.Count} values but {keyspaceIds.Count} keyspace ids", nameof(keyspaceIds));
        }

        var result = new bool[values.Count];
        for (int i = 0; i < result.Length; i++)
        {
            if (!TryHash(values[i], out KeyspaceId id, out string? reason))
            {
                throw new VindexException($"vindex {Name} ({TypeName}) cannot map value {values[i]}: {reason}");
            }

            result[i] = id == keyspaceIds[i];
        }

        return ValueTask.FromResult(result);
    }

    public override string ToString() => $"{Name} ({TypeName})";
}
