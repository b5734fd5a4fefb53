using Tessera.Keys;

namespace Tessera.Vindexes;

// Vitess lookup vindexes: a table maps each `from` value to keyspace ids stored in `to`.
// `lookup` (non-unique, cost 20) and `lookup_unique` (cost 10) read in the user's transaction
// (or autocommitted); the `consistent_` variants read in a pre-committed transaction, which is
// how Vitess keeps the lookup and the owner table consistent without 2PC. `write_only` marks a
// vindex being backfilled: Map then answers "all shards" and Verify always agrees.
// Vitess: go/vt/vtgate/vindexes/lookup.go, consistent_lookup.go, lookup_internal.go.
public sealed class LookupVindex : IVindex
{
    public const string LookupType = "lookup";
    public const string LookupUniqueType = "lookup_unique";
    public const string ConsistentLookupType = "consistent_lookup";
    public const string ConsistentLookupUniqueType = "consistent_lookup_unique";

    private static readonly string[] KnownParams =
    [
        "table", "from", "to", "autocommit", "multi_shard_autocommit", "ignore_nulls",
        "batch_lookup", "read_lock", "write_only", "no_verify",
    ];

    public LookupVindex(string name, string typeName, IReadOnlyDictionary<string, string>? parameters)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(typeName);
        Name = name;
        TypeName = typeName;
        (IsUnique, IsConsistent) = typeName switch
        {
            LookupType => (false, false),
            LookupUniqueType => (true, false),
            ConsistentLookupType => (false, true),
            ConsistentLookupUniqueType => (true, true),
            _ => throw new ArgumentException($"not a lookup vindex type: {typeName}", nameof(typeName)),
        };

        IReadOnlyDictionary<string, string> p = parameters ?? new Dictionary<string, string>();
        string table = Required(p, "table");
        string[] from = Required(p, "from").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        string to = Required(p, "to");
        Autocommit = Bool(p, "autocommit");
        WriteOnly = Bool(p, "write_only");
        NoVerify = Bool(p, "no_verify");
        IgnoreNulls = Bool(p, "ignore_nulls");
        BatchLookup = Bool(p, "batch_lookup");
        MultiShardAutocommit = Bool(p, "multi_shard_autocommit");
        if (p.TryGetValue("read_lock", out string? readLock) && readLock is not ("exclusive" or "shared" or "none"))
        {
            throw new VindexException($"vindex {name} ({typeName}): invalid read_lock value '{readLock}' (exclusive, shared or none)");
        }

        LookupCommitOrder order = Autocommit || MultiShardAutocommit ? LookupCommitOrder.Autocommit
            : IsConsistent ? LookupCommitOrder.Pre
            : LookupCommitOrder.Normal;
        Table = new LookupTableSpec(table, from, to, order) { Upsert = !IsUnique && order == LookupCommitOrder.Autocommit, DeletesOneRow = !IsUnique };
        UnknownParams = [.. p.Keys.Where(k => !KnownParams.Contains(k)).Order(StringComparer.Ordinal)];
    }

    public string Name { get; }

    public string TypeName { get; }

    public int Cost => IsUnique ? 10 : 20;

    public bool IsUnique { get; }

    public bool NeedsVCursor => true;

    public bool IsConsistent { get; }

    public IReadOnlyList<string> UnknownParams { get; }

    public LookupTableSpec Table { get; }

    public bool Autocommit { get; }

    public bool WriteOnly { get; }

    public bool NoVerify { get; }

    public bool IgnoreNulls { get; }

    public bool BatchLookup { get; }

    public bool MultiShardAutocommit { get; }

    public async ValueTask<Destination[]> MapAsync(ILookupQuery? query, IReadOnlyList<SqlValue> values, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var result = new Destination[values.Count];
        var allShards = new DestinationKeyRange(KeyRange.Full);
        if (WriteOnly || (!IsUnique && IgnoreNulls && values.Count == 1 && values[0].IsNull))
        {
            Array.Fill(result, allShards);
            return result;
        }

        ILookupQuery q = query ?? throw new VindexException($"vindex {Name} ({TypeName}) cannot look up values: no query interface given");
        IReadOnlyList<IReadOnlyList<SqlValue>> rows = await q.LookupAsync(Table, values, cancellationToken).ConfigureAwait(false);
        if (rows.Count != values.Count)
        {
            throw new VindexException($"vindex {Name}: lookup of {values.Count} values returned {rows.Count} results");
        }

        for (int i = 0; i < result.Length; i++)
        {
            IReadOnlyList<SqlValue> found = rows[i];
            if (found.Count == 0)
            {
                result[i] = DestinationNone.Instance;
            }
            else if (IsUnique)
            {
                if (found.Count > 1)
                {
                    throw new VindexException(
                        $"vindex {Name} ({TypeName}): {found.Count} keyspace ids for {values[i]} in {Table.Table}, a unique lookup must have at most one");
                }

                result[i] = new DestinationKeyspaceId(new KeyspaceId(found[0].ToBytes()));
            }
            else
            {
                result[i] = new DestinationKeyspaceIds([.. found.Select(v => new KeyspaceId(v.ToBytes()))]);
            }
        }

        return result;
    }

    public async ValueTask<bool[]> VerifyAsync(ILookupQuery? query, IReadOnlyList<SqlValue> values, IReadOnlyList<KeyspaceId> keyspaceIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(keyspaceIds);
        if (values.Count != keyspaceIds.Count)
        {
            throw new ArgumentException($"{values.Count} values but {keyspaceIds.Count} keyspace ids", nameof(keyspaceIds));
        }

        var result = new bool[values.Count];
        if (WriteOnly || NoVerify)
        {
            Array.Fill(result, true);
            return result;
        }

        ILookupQuery q = query ?? throw new VindexException($"vindex {Name} ({TypeName}) cannot verify values: no query interface given");
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = await q.ExistsAsync(Table, values[i], SqlValue.FromBinary(keyspaceIds[i].ToArray()), cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    // The owner table's rows gained these from values at these keyspace ids: one insert of all
    // of them (Vitess: Lookup.Create). A row with a NULL from value is skipped under ignore_nulls
    // and refused otherwise; rows are sent sorted (from values, then keyspace id) so concurrent
    // inserts lock lookup rows in one order. With `ignoreMode` (INSERT IGNORE) duplicates are
    // left as they were.
    public async ValueTask CreateAsync(ILookupQuery? query, IReadOnlyList<IReadOnlyList<SqlValue>> rowsColValues, IReadOnlyList<KeyspaceId> keyspaceIds, bool ignoreMode, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rowsColValues);
        ArgumentNullException.ThrowIfNull(keyspaceIds);
        var rows = new List<(IReadOnlyList<SqlValue> From, byte[] To)>(rowsColValues.Count);
        for (int i = 0; i < rowsColValues.Count; i++)
        {
            IReadOnlyList<SqlValue> row = rowsColValues[i];
            if (row.Count != Table.FromColumns.Count)
            {
                throw new VindexException($"vindex {Name} ({TypeName}): {Table.FromColumns.Count} lookup columns ({string.Join(", ", Table.FromColumns)}) but {row.Count} values in row {i}");
            }

            int nullAt = -1;
            for (int c = 0; c < row.Count && nullAt < 0; c++)
            {
                nullAt = row[c].IsNull ? c : -1;
            }

            if (nullAt >= 0)
            {
                if (!IgnoreNulls)
                {
                    throw new LookupNullException(string.Join(",", Table.FromColumns), i, nullAt);
                }

                continue;
            }

            rows.Add((row, keyspaceIds[i].ToArray()));
        }

        if (rows.Count == 0)
        {
            return;
        }

        rows.Sort(static (a, b) =>
        {
            for (int c = 0; c < a.From.Count; c++)
            {
                int cmp = a.From[c].ToBytes().AsSpan().SequenceCompareTo(b.From[c].ToBytes());
                if (cmp != 0)
                {
                    return cmp;
                }
            }

            return a.To.AsSpan().SequenceCompareTo(b.To);
        });
        ILookupQuery q = query ?? throw new VindexException($"vindex {Name} ({TypeName}) cannot write its lookup rows: no query interface given");
        await q.CreateAsync(Table, [.. rows.Select(r => r.From)], [.. rows.Select(r => SqlValue.FromBinary(r.To))], ignoreMode, cancellationToken).ConfigureAwait(false);
    }

    // The owner table lost rows with these from values at this keyspace id (Vitess: Lookup.Delete).
    // An autocommit lookup never deletes: its rows were committed apart from the owner's, so a
    // row it holds may belong to another, still living, owner row.
    public async ValueTask DeleteAsync(ILookupQuery? query, IReadOnlyList<IReadOnlyList<SqlValue>> rowsColValues, KeyspaceId keyspaceId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rowsColValues);
        if (Table.CommitOrder == LookupCommitOrder.Autocommit || rowsColValues.Count == 0)
        {
            return;
        }

        ILookupQuery q = query ?? throw new VindexException($"vindex {Name} ({TypeName}) cannot delete its lookup rows: no query interface given");
        SqlValue to = SqlValue.FromBinary(keyspaceId.ToArray());
        foreach (IReadOnlyList<SqlValue> row in rowsColValues)
        {
            if (row.Count != Table.FromColumns.Count)
            {
                throw new VindexException($"vindex {Name} ({TypeName}): {Table.FromColumns.Count} lookup columns ({string.Join(", ", Table.FromColumns)}) but {row.Count} values");
            }

            await q.DeleteAsync(Table, row, to, cancellationToken).ConfigureAwait(false);
        }
    }

    // An owner row's lookup columns changed: its old lookup row goes, the new one comes (Vitess:
    // Lookup.Update), both pointing at the row's unchanged keyspace id.
    public async ValueTask UpdateAsync(ILookupQuery? query, IReadOnlyList<SqlValue> oldValues, KeyspaceId keyspaceId, IReadOnlyList<SqlValue> newValues, CancellationToken cancellationToken = default)
    {
        if (!oldValues.Any(v => v.IsNull))
        {
            await DeleteAsync(query, [oldValues], keyspaceId, cancellationToken).ConfigureAwait(false);
        }

        await CreateAsync(query, [newValues], [keyspaceId], ignoreMode: false, cancellationToken).ConfigureAwait(false);
    }

    public override string ToString() => $"{Name} ({TypeName} on {Table.Table})";

    private string Required(IReadOnlyDictionary<string, string> p, string key) =>
        p.TryGetValue(key, out string? v) && !string.IsNullOrWhiteSpace(v)
            ? v
            : throw new VindexException($"vindex {Name} ({TypeName}): missing required param '{key}'");

    private bool Bool(IReadOnlyDictionary<string, string> p, string key)
    {
        if (!p.TryGetValue(key, out string? v) || v.Length == 0)
        {
            return false;
        }

        return v switch
        {
            "true" => true,
            "false" => false,
            _ => throw new VindexException($"vindex {Name} ({TypeName}): {key} value must be 'true' or 'false': '{v}'"),
        };
    }
}
