using System.Globalization;
using System.Text.Json.Nodes;
using Tessera.Gate.Errors;
using Tessera.Gate.Evaluation;
using Tessera.Keys;
using Tessera.Vindexes;

namespace Tessera.Gate.Engine;

// Auto-increment from a sequence: one `select next :n values from seq` per statement, for the rows
// whose column is missing or NULL. The rows read their value as `:__seqN`.
internal sealed record SequenceGenerate(string Keyspace, string Query, IReadOnlyList<EvalExpr?> Values)
{
    public const string CountVariable = "n";

    public static string RowVariable(int row) => "__seq" + row.ToString(CultureInfo.InvariantCulture);
}

// INSERT: unsharded as one statement; sharded split by the primary vindex into one statement per
// shard with that shard's rows, in their original order. LAST_INSERT_ID becomes the first id the
// statement generated, as MySQL's does. Vitess: engine.Insert.
internal sealed class Insert(bool sharded, string keyspace, string table, string prefix, IReadOnlyList<string> rows, string suffix) : IPrimitive
{
    public IVindex? Vindex { get; init; }

    // One per row: the primary vindex column's value.
    public IReadOnlyList<EvalExpr> VindexValues { get; init; } = [];

    public SequenceGenerate? Generate { get; init; }

    public async ValueTask<Result> ExecuteAsync(IVCursor cursor, IReadOnlyDictionary<string, BindValue> bindVariables, CancellationToken cancellationToken)
    {
        var bv = ExecutionHelpers.With(bindVariables, rows.Count + 1);
        ulong firstGenerated = 0;
        if (Generate is not null)
        {
            firstGenerated = await GenerateAsync(cursor, bv, cancellationToken).ConfigureAwait(false);
        }

        var resolver = await cursor.ResolverAsync(keyspace, cancellationToken).ConfigureAwait(false);
        List<(string Shard, BoundQuery Query)> queries;
        if (!sharded)
        {
            queries = [(resolver.Resolve(DestinationAnyShard.Instance)[0], new BoundQuery(prefix + string.Join(", ", rows) + suffix, bv))];
        }
        else
        {
            var env = new EvalEnv(null, bv, cursor);
            var values = VindexValues.Select(v => v.Evaluate(env)).ToList();
            var dests = await Vindex!.MapAsync(cursor.LookupQuery, [.. values.Select(v => v.ToSqlValue())], cancellationToken).ConfigureAwait(false);
            var perShard = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            for (var i = 0; i < rows.Count; i++)
            {
                if (dests[i] is not DestinationKeyspaceId id)
                {
                    throw GateErrors.NoKeyspaceId.Create($"could not map {values[i].ToSqlLiteral()} to a keyspace id for table {table} (vindex {Vindex.Name})");
                }

                var shard = resolver.ShardFor(id.Id);
                if (!perShard.TryGetValue(shard, out var list))
                {
                    perShard[shard] = list = [];
                }

                list.Add(rows[i]);
            }

            queries = [.. resolver.Shards.Where(s => perShard.ContainsKey(s.Name))
                .Select(s => (s.Name, new BoundQuery(prefix + string.Join(", ", perShard[s.Name]) + suffix, bv)))];
        }

        var results = await cursor.ExecuteMultiShardAsync(keyspace, queries, isDml: true, cancellationToken).ConfigureAwait(false);
        var insertId = firstGenerated != 0 ? firstGenerated : results.Select(r => r.InsertId).FirstOrDefault(i => i != 0);
        if (insertId != 0)
        {
            cursor.LastInsertId = insertId;
        }

        return new Result { RowsAffected = (ulong)results.Sum(r => (long)r.RowsAffected), InsertId = insertId };
    }

    private async ValueTask<ulong> GenerateAsync(IVCursor cursor, Dictionary<string, BindValue> bv, CancellationToken cancellationToken)
    {
        var g = Generate!;
        var env = new EvalEnv(null, bv, cursor);
        var given = g.Values.Select(v => v?.Evaluate(env) ?? Value.Null).ToList();
        var missing = given.Count(v => v.IsNull);
        long next = 0;
        if (missing > 0)
        {
            var resolver = await cursor.ResolverAsync(g.Keyspace, cancellationToken).ConfigureAwait(false);
            var shard = resolver.Resolve(DestinationAnyShard.Instance)[0];
            var q = new BoundQuery(g.Query, new Dictionary<string, BindValue> { [SequenceGenerate.CountVariable] = BindValue.Of(Value.FromInt64(missing)) });
            var r = await cursor.ExecuteMultiShardAsync(g.Keyspace, [(shard, q)], isDml: false, cancellationToken).ConfigureAwait(false);
            if (r.Count != 1 || r[0].Rows.Count != 1 || !r[0].Rows[0][0].TryGetInt64(out next))
            {
                throw GateErrors.Internal.Create($"sequence query `{g.Query}` did not return one id");
            }
        }

        var first = next;
        for (var i = 0; i < given.Count; i++)
        {
            bv[SequenceGenerate.RowVariable(i)] = BindValue.Of(given[i].IsNull ? Value.FromInt64(next++) : given[i]);
        }

        return missing > 0 ? (ulong)first : 0;
    }

    public JsonObject Describe()
    {
        var o = new JsonObject
        {
            ["OperatorType"] = "Insert",
            ["Variant"] = sharded ? "Sharded" : "Unsharded",
            ["Keyspace"] = keyspace,
            ["Query"] = prefix + string.Join(", ", rows) + suffix,
            ["TableName"] = table,
        };
        if (Vindex is not null)
        {
            o["Vindex"] = Vindex.Name;
            o["VindexValues"] = string.Join(", ", VindexValues);
        }

        if (Generate is not null)
        {
            o["AutoIncrement"] = new JsonObject
            {
                ["Keyspace"] = Generate.Keyspace,
                ["Query"] = Generate.Query,
                ["Values"] = string.Join(", ", Generate.Values.Select(v => v?.ToString() ?? "NULL")),
            };
        }

        return o;
    }
}
