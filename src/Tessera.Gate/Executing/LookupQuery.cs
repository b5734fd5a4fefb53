using Tessera.Gate.Engine;
using Tessera.Gate.Errors;
using Tessera.Keys;
using Tessera.Vindexes;
using Tessera.Vindexes.VSchemas;
using QType = Tessera.Rpc.Query.Type;

namespace Tessera.Gate.Executing;

// How lookup vindexes read and write their tables in a session: `select from, to from table where
// from in ::__lookup` on the lookup table's keyspace (its one shard, or every shard of a sharded
// one), through the same cursor and transaction rules as the user's statement. Writes (an owner
// table's DML) go to the lookup table's one shard, or in a sharded keyspace to the shard its
// primary vindex names for each row, in the session's transaction, or committed on their own for
// an `autocommit` vindex (Vitess: CommitOrder_AUTOCOMMIT).
internal sealed class LookupQuery(IVCursor cursor, Func<VSchemaSnapshot> vschema) : ILookupQuery
{
    private const string Values = "__lookup";

    public async ValueTask<IReadOnlyList<IReadOnlyList<SqlValue>>> LookupAsync(LookupTableSpec table, IReadOnlyList<SqlValue> values, CancellationToken cancellationToken)
    {
        if (table.FromColumns.Count != 1)
        {
            throw GateErrors.UnsupportedError($"lookup vindex table {table.Table} with several from columns");
        }

        var from = table.FromColumns[0];
        var rows = await QueryAsync(table, $"select {from}, {table.ToColumn} from {TableOnly(table.Table)} where {from} in ::{Values}", values, cancellationToken).ConfigureAwait(false);
        var result = new List<IReadOnlyList<SqlValue>>(values.Count);
        foreach (var v in values)
        {
            var key = FromSql(v);
            result.Add([.. rows.Where(r => r[0].Equals(key)).Select(r => SqlValue.FromBinary(r[1].RawArray ?? []))]);
        }

        return result;
    }

    public async ValueTask<bool> ExistsAsync(LookupTableSpec table, SqlValue from, SqlValue to, CancellationToken cancellationToken)
    {
        var found = await LookupAsync(table, [from], cancellationToken).ConfigureAwait(false);
        return found[0].Any(t => t.RawBytes.SequenceEqual(to.RawBytes));
    }

    public async ValueTask CreateAsync(LookupTableSpec table, IReadOnlyList<IReadOnlyList<SqlValue>> fromRows, IReadOnlyList<SqlValue> toValues, bool ignore, CancellationToken cancellationToken)
    {
        var spec = table with { Table = TableOnly(table.Table) };
        var (keyspace, shards) = await ShardsForAsync(table, fromRows, toValues, cancellationToken).ConfigureAwait(false);
        var wrote = false;
        foreach (var (shard, rows) in shards)
        {
            var bv = new Dictionary<string, BindValue>(StringComparer.Ordinal);
            for (var r = 0; r < rows.Count; r++)
            {
                for (var c = 0; c < table.FromColumns.Count; c++)
                {
                    bv[LookupTableSpec.RowVariable(table.FromColumns[c], r)] = BindValue.Of(FromSql(fromRows[rows[r]][c]));
                }

                bv[LookupTableSpec.RowVariable(table.ToColumn, r)] = BindValue.Of(FromSql(toValues[rows[r]]));
            }

            try
            {
                await WriteAsync(table, keyspace, shard, new BoundQuery(spec.InsertQuery(rows.Count, ignore), bv), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (wrote)
            {
                throw PartialDmlException.Wrap(e); // another shard's lookup rows are written
            }

            wrote = true;
        }
    }

    public async ValueTask DeleteAsync(LookupTableSpec table, IReadOnlyList<SqlValue> from, SqlValue to, CancellationToken cancellationToken)
    {
        var bv = new Dictionary<string, BindValue>(StringComparer.Ordinal);
        for (var c = 0; c < table.FromColumns.Count; c++)
        {
            bv[table.FromColumns[c]] = BindValue.Of(FromSql(from[c]));
        }

        bv[table.ToColumn] = BindValue.Of(FromSql(to));
        var spec = table with { Table = TableOnly(table.Table) };
        var (keyspace, shards) = await ShardsForAsync(table, [from], [to], cancellationToken).ConfigureAwait(false);
        await WriteAsync(table, keyspace, shards[0].Shard, new BoundQuery(spec.DeleteQuery, bv), cancellationToken).ConfigureAwait(false);
    }

    // Where each lookup row lives: the one shard of an unsharded keyspace, or in a sharded one the
    // shard its primary vindex names for the row's value of that vindex's column (one of the from
    // columns or the to column), rows grouped per shard in the serving order.
    private async ValueTask<(string Keyspace, List<(string Shard, List<int> Rows)> Shards)> ShardsForAsync(
        LookupTableSpec table, IReadOnlyList<IReadOnlyList<SqlValue>> fromRows, IReadOnlyList<SqlValue> toValues, CancellationToken cancellationToken)
    {
        var resolved = Resolve(table);
        var resolver = await cursor.ResolverAsync(resolved.Keyspace, cancellationToken).ConfigureAwait(false);
        if (!resolved.KeyspaceSharded)
        {
            return (resolved.Keyspace, [(resolver.Resolve(DestinationAnyShard.Instance)[0], [.. Enumerable.Range(0, fromRows.Count)])]);
        }

        var primary = resolved.PrimaryVindex is { Columns.Count: 1 } p ? p
            : throw GateErrors.UnsupportedError($"lookup table {table.Table} in sharded keyspace {resolved.Keyspace} without a single-column primary vindex");
        var column = primary.Columns[0];
        var at = table.FromColumns.ToList().FindIndex(c => c.Equals(column, StringComparison.OrdinalIgnoreCase));
        if (at < 0 && !table.ToColumn.Equals(column, StringComparison.OrdinalIgnoreCase))
        {
            throw GateErrors.UnsupportedError($"lookup table {table.Table} is sharded by {column}, which is not one of its lookup columns");
        }

        var values = Enumerable.Range(0, fromRows.Count).Select(i => at >= 0 ? fromRows[i][at] : toValues[i]).ToList();
        var dests = await primary.Vindex.MapAsync(this, values, cancellationToken).ConfigureAwait(false);
        var perShard = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < dests.Length; i++)
        {
            var shard = dests[i] is DestinationKeyspaceId id ? resolver.ShardFor(id.Id)
                : throw GateErrors.NoKeyspaceId.Create($"could not map {values[i]} to a keyspace id for lookup table {table.Table} (vindex {primary.Vindex.Name})");
            if (!perShard.TryGetValue(shard, out var list))
            {
                perShard[shard] = list = [];
            }

            list.Add(i);
        }

        return (resolved.Keyspace, [.. resolver.Shards.Where(s => perShard.ContainsKey(s.Name)).Select(s => (s.Name, perShard[s.Name]))]);
    }

    // A consistent lookup's writes (Vitess: CommitOrder_PRE for creates, POST for deletes, each in
    // a transaction of its own) run in the statement's transaction here, with everything else the
    // statement writes; its duplicate handling (ConsistentLookupCreate) still takes orphans over.
    private async ValueTask WriteAsync(LookupTableSpec table, string keyspace, string shard, BoundQuery query, CancellationToken cancellationToken)
    {
        if (table.CommitOrder == LookupCommitOrder.Autocommit)
        {
            await cursor.ExecuteAutocommitAsync(keyspace, shard, query, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await cursor.ExecuteMultiShardAsync(keyspace, [(shard, query)], isDml: true, cancellationToken).ConfigureAwait(false);
        }
    }

    // One statement on the lookup table's shard for these from values (and `to`, when given),
    // bound as `:<from column>` and `:<to column>`; `{table}` in the text is the table's name.
    // What a consistent lookup's duplicate handling sends (ConsistentLookupCreate).
    public async ValueTask<List<Value[]>> ExecuteAsync(LookupTableSpec table, string sql, IReadOnlyList<SqlValue> from, SqlValue? to, CancellationToken cancellationToken)
    {
        var bv = new Dictionary<string, BindValue>(StringComparer.Ordinal);
        for (var c = 0; c < table.FromColumns.Count; c++)
        {
            bv[table.FromColumns[c]] = BindValue.Of(FromSql(from[c]));
        }

        if (to is { } t)
        {
            bv[table.ToColumn] = BindValue.Of(FromSql(t));
        }

        var (keyspace, shards) = await ShardsForAsync(table, [from], [to ?? SqlValue.Null], cancellationToken).ConfigureAwait(false);
        var query = new BoundQuery(sql.Replace("{table}", TableOnly(table.Table), StringComparison.Ordinal), bv);
        var results = await cursor.ExecuteMultiShardAsync(keyspace, [(shards[0].Shard, query)], isDml: true, cancellationToken).ConfigureAwait(false);
        return [.. results.SelectMany(r => r.Rows)];
    }

    private ResolvedTable Resolve(LookupTableSpec table)
    {
        var dot = table.Table.IndexOf('.', StringComparison.Ordinal);
        return vschema().FindTable(dot < 0 ? null : table.Table[..dot], TableOnly(table.Table));
    }

    private async Task<List<Value[]>> QueryAsync(LookupTableSpec table, string sql, IReadOnlyList<SqlValue> values, CancellationToken cancellationToken)
    {
        var resolved = Resolve(table);
        var resolver = await cursor.ResolverAsync(resolved.Keyspace, cancellationToken).ConfigureAwait(false);
        var shards = resolver.Resolve(resolved.KeyspaceSharded ? DestinationAllShards.Instance : DestinationAnyShard.Instance);
        var bv = new Dictionary<string, BindValue>(StringComparer.Ordinal) { [Values] = BindValue.Tuple([.. values.Select(FromSql)]) };
        var results = await cursor.ExecuteMultiShardAsync(resolved.Keyspace, [.. shards.Select(s => (s, new BoundQuery(sql, bv)))], isDml: false, cancellationToken).ConfigureAwait(false);
        return [.. results.SelectMany(r => r.Rows)];
    }

    private static string TableOnly(string name) => name[(name.IndexOf('.', StringComparison.Ordinal) + 1)..];

    internal static Value FromSql(SqlValue v) => v.Kind switch
    {
        SqlValueKind.Null => Value.Null,
        SqlValueKind.Int64 => Value.FromInt64(v.Int64Value),
        SqlValueKind.UInt64 => Value.FromUInt64(v.UInt64Value),
        SqlValueKind.Text => new Value(QType.Varchar, v.ToBytes()),
        _ => new Value(QType.Varbinary, v.ToBytes()),
    };
}
