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
// table's DML) go to a lookup table of an unsharded keyspace, in the session's transaction, or
// committed on their own for an `autocommit` vindex (Vitess: CommitOrder_AUTOCOMMIT).
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
        var bv = new Dictionary<string, BindValue>(StringComparer.Ordinal);
        for (var r = 0; r < fromRows.Count; r++)
        {
            for (var c = 0; c < table.FromColumns.Count; c++)
            {
                bv[LookupTableSpec.RowVariable(table.FromColumns[c], r)] = BindValue.Of(FromSql(fromRows[r][c]));
            }

            bv[LookupTableSpec.RowVariable(table.ToColumn, r)] = BindValue.Of(FromSql(toValues[r]));
        }

        var spec = table with { Table = TableOnly(table.Table) };
        await WriteAsync(table, spec.InsertQuery(fromRows.Count, ignore), bv, cancellationToken).ConfigureAwait(false);
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
        await WriteAsync(table, spec.DeleteQuery, bv, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask WriteAsync(LookupTableSpec table, string sql, Dictionary<string, BindValue> bv, CancellationToken cancellationToken)
    {
        var resolved = Resolve(table);
        if (resolved.KeyspaceSharded)
        {
            throw GateErrors.UnsupportedError($"writing lookup table {table.Table} of sharded keyspace {resolved.Keyspace}; keep lookup tables in an unsharded keyspace");
        }

        var resolver = await cursor.ResolverAsync(resolved.Keyspace, cancellationToken).ConfigureAwait(false);
        var shard = resolver.Resolve(DestinationAnyShard.Instance)[0];
        var query = new BoundQuery(sql, bv);
        if (table.CommitOrder == LookupCommitOrder.Autocommit)
        {
            await cursor.ExecuteAutocommitAsync(resolved.Keyspace, shard, query, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await cursor.ExecuteMultiShardAsync(resolved.Keyspace, [(shard, query)], isDml: true, cancellationToken).ConfigureAwait(false);
        }
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

    private static Value FromSql(SqlValue v) => v.Kind switch
    {
        SqlValueKind.Null => Value.Null,
        SqlValueKind.Int64 => Value.FromInt64(v.Int64Value),
        SqlValueKind.UInt64 => Value.FromUInt64(v.UInt64Value),
        SqlValueKind.Text => new Value(QType.Varchar, v.ToBytes()),
        _ => new Value(QType.Varbinary, v.ToBytes()),
    };
}
