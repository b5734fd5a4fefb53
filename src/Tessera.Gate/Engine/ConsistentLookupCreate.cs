using Tessera.Gate.Errors;
using Tessera.Keys;
using Tessera.Protocol;
using Tessera.Vindexes;

namespace Tessera.Gate.Engine;

// Creating lookup rows for an owner table, with the consistent lookups' answer to a duplicate
// (Vitess: consistent_lookup.go Create / handleDup): a lookup row left behind by an owner row that
// no longer exists (a crash between the two writes, a write on a shard target) is taken over
// instead of refusing the value. Per duplicate row: lock the lookup row, lock the owner row it
// points at on that keyspace id's shard; an owner row there means a real duplicate. Vitess runs
// these in a separate pre-committed transaction; here they run in the statement's transaction.
internal static class ConsistentLookupCreate
{
    private const int DuplicateEntry = 1062;

    public static async ValueTask CreateAsync(LookupVindex vindex, IVCursor cursor, string ownerKeyspace, string ownerTable, IReadOnlyList<string> ownerColumns,
        IReadOnlyList<IReadOnlyList<SqlValue>> rowsColValues, IReadOnlyList<KeyspaceId> keyspaceIds, bool ignoreMode, CancellationToken cancellationToken)
    {
        try
        {
            await vindex.CreateAsync(cursor.LookupQuery, rowsColValues, keyspaceIds, ignoreMode, cancellationToken).ConfigureAwait(false);
        }
        catch (MySqlErrorException e) when (vindex.IsConsistent && e.Error.Number == DuplicateEntry && cursor.LookupQuery is Executing.LookupQuery lookup)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < rowsColValues.Count; i++)
            {
                if (rowsColValues[i].Any(v => v.IsNull))
                {
                    continue;
                }

                if (!seen.Add(string.Join("\0", rowsColValues[i])))
                {
                    throw; // the statement itself repeats the value
                }

                if (!await TakeOverAsync(vindex, lookup, cursor, ownerKeyspace, ownerTable, ownerColumns, rowsColValues[i], keyspaceIds[i], cancellationToken).ConfigureAwait(false))
                {
                    throw;
                }
            }
        }
    }

    // False when the value really belongs to a living owner row.
    private static async ValueTask<bool> TakeOverAsync(LookupVindex vindex, Executing.LookupQuery lookup, IVCursor cursor, string ownerKeyspace, string ownerTable,
        IReadOnlyList<string> ownerColumns, IReadOnlyList<SqlValue> from, KeyspaceId keyspaceId, CancellationToken cancellationToken)
    {
        var table = vindex.Table;
        var where = string.Join(" and ", table.FromColumns.Select(c => $"{c} = :{c}"));
        var existing = await lookup.ExecuteAsync(table, $"select {table.ToColumn} from {{table}} where {where} for update", from, null, cancellationToken).ConfigureAwait(false);
        if (existing.Count == 0)
        {
            await lookup.ExecuteAsync(table, $"insert into {{table}}({string.Join(", ", table.FromColumns)}, {table.ToColumn}) values ({string.Join(", ", table.FromColumns.Select(c => ":" + c))}, :{table.ToColumn})",
                from, SqlValue.FromBinary(keyspaceId.ToArray()), cancellationToken).ConfigureAwait(false);
            return true;
        }

        var existingId = new KeyspaceId(existing[0][0].RawArray ?? []);
        var resolver = await cursor.ResolverAsync(ownerKeyspace, cancellationToken).ConfigureAwait(false);
        var bv = new Dictionary<string, BindValue>(StringComparer.Ordinal);
        for (var c = 0; c < from.Count; c++)
        {
            bv[table.FromColumns[c]] = BindValue.Of(Executing.LookupQuery.FromSql(from[c]));
        }

        var ownerWhere = string.Join(" and ", ownerColumns.Select((c, i) => $"{c} = :{table.FromColumns[i]}"));
        var owner = await cursor.ExecuteMultiShardAsync(ownerKeyspace,
            [(resolver.ShardFor(existingId), new BoundQuery($"select {ownerColumns[0]} from {ownerTable} where {ownerWhere} for update", bv))], isDml: true, cancellationToken).ConfigureAwait(false);
        if (owner[0].Rows.Count > 0)
        {
            return false;
        }

        if (existingId == keyspaceId)
        {
            return true;
        }

        await lookup.ExecuteAsync(table, $"update {{table}} set {table.ToColumn} = :{table.ToColumn} where {where}", from, SqlValue.FromBinary(keyspaceId.ToArray()), cancellationToken).ConfigureAwait(false);
        return true;
    }
}
