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

// An owned lookup vindex of an INSERT's table and its column values in each row (null: the
// column is not given, so NULL).
internal sealed record InsertOwnedVindex(LookupVindex Vindex, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<EvalExpr?>> RowValues);

// INSERT: unsharded as one statement; sharded split by the primary vindex into one statement per
// shard with that shard's rows, in their original order. LAST_INSERT_ID becomes the first id the
// statement generated, as MySQL's does. A table that owns lookup vindexes writes their rows
// (value, keyspace id) first and its own rows after, so a duplicate unique value stops the
// statement before any owner row exists. Vitess: engine.Insert, InsertCommon.processOwned.
internal sealed class Insert(bool sharded, string keyspace, string table, string prefix, IReadOnlyList<string> rows, string suffix) : IPrimitive, INeedsTransaction
{
    public IVindex? Vindex { get; init; }

    // One per row: the primary vindex column's value.
    public IReadOnlyList<EvalExpr> VindexValues { get; init; } = [];

    public SequenceGenerate? Generate { get; init; }

    public IReadOnlyList<InsertOwnedVindex> OwnedVindexes { get; init; } = [];

    // INSERT IGNORE and ON DUPLICATE KEY UPDATE: lookup rows are written with `insert ignore`,
    // and a row whose lookup value turns out to belong to another keyspace id is not inserted
    // (Vitess: InsertCommon.Ignore and processOwned's verify).
    public bool IgnoreMode { get; init; }

    public bool NeedsTransaction => OwnedVindexes.Count > 0;

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
            var ksids = new KeyspaceId[rows.Count];
            var skip = new bool[rows.Count];
            for (var i = 0; i < rows.Count; i++)
            {
                if (dests[i] is not DestinationKeyspaceId id)
                {
                    throw GateErrors.NoKeyspaceId.Create($"could not map {values[i].ToSqlLiteral()} to a keyspace id for table {table} (vindex {Vindex.Name})");
                }

                ksids[i] = id.Id;
            }

            foreach (var owned in OwnedVindexes)
            {
                var rowsColValues = new IReadOnlyList<SqlValue>[rows.Count];
                for (var i = 0; i < rows.Count; i++)
                {
                    rowsColValues[i] = [.. owned.RowValues[i].Select(e => e is null ? SqlValue.Null : e.Evaluate(env).ToSqlValue())];
                }

                try
                {
                    await LookupWrites.RunAsync(owned.Vindex, "Create", () => ConsistentLookupCreate.CreateAsync(owned.Vindex, cursor, keyspace, table, owned.Columns, rowsColValues, ksids, IgnoreMode, cancellationToken)).ConfigureAwait(false);
                    if (IgnoreMode)
                    {
                        await DropUnverifiedAsync(owned.Vindex, cursor, rowsColValues, ksids, skip, cancellationToken).ConfigureAwait(false);
                    }
                }
                catch (Exception e) when (!ReferenceEquals(owned, OwnedVindexes[0]))
                {
                    throw PartialDmlException.Wrap(e);
                }
            }

            for (var i = 0; i < rows.Count; i++)
            {
                if (skip[i])
                {
                    continue;
                }

                var shard = resolver.ShardFor(ksids[i]);
                if (!perShard.TryGetValue(shard, out var list))
                {
                    perShard[shard] = list = [];
                }

                list.Add(rows[i]);
            }

            if (perShard.Count == 0)
            {
                return new Result(); // every row was left out by INSERT IGNORE
            }

            queries = [.. resolver.Shards.Where(s => perShard.ContainsKey(s.Name))
                .Select(s => (s.Name, new BoundQuery(prefix + string.Join(", ", perShard[s.Name]) + suffix, bv)))];
        }

        IReadOnlyList<Result> results;
        try
        {
            results = await cursor.ExecuteMultiShardAsync(keyspace, queries, isDml: true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (OwnedVindexes.Count > 0)
        {
            // Lookup rows (and maybe another shard's rows) are already written.
            throw PartialDmlException.Wrap(e);
        }

        var insertId = firstGenerated != 0 ? firstGenerated : results.Select(r => r.InsertId).FirstOrDefault(i => i != 0);
        if (insertId != 0)
        {
            cursor.LastInsertId = insertId;
        }

        return new Result { RowsAffected = (ulong)results.Sum(r => (long)r.RowsAffected), InsertId = insertId };
    }

    // After `insert ignore` of the lookup rows: a row whose (non-NULL) value does not map to its own
    // keyspace id collided with another owner row's value, so it is left out.
    private static async ValueTask DropUnverifiedAsync(LookupVindex vindex, IVCursor cursor, IReadOnlyList<SqlValue>[] rowsColValues, KeyspaceId[] ksids, bool[] skip, CancellationToken cancellationToken)
    {
        var check = Enumerable.Range(0, ksids.Length).Where(i => !skip[i] && !rowsColValues[i].Any(v => v.IsNull)).ToList();
        if (check.Count == 0)
        {
            return;
        }

        var verified = await vindex.VerifyAsync(cursor.LookupQuery, [.. check.Select(i => rowsColValues[i][0])], [.. check.Select(i => ksids[i])], cancellationToken).ConfigureAwait(false);
        for (var k = 0; k < check.Count; k++)
        {
            skip[check[k]] |= !verified[k];
        }
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

        if (IgnoreMode && OwnedVindexes.Count > 0)
        {
            o["InsertIgnore"] = true;
        }

        if (OwnedVindexes.Count > 0)
        {
            o["OwnedVindexes"] = new JsonArray([.. OwnedVindexes.Select(v => (JsonNode)new JsonObject
            {
                ["Vindex"] = v.Vindex.Name,
                ["Type"] = v.Vindex.TypeName,
                ["Table"] = v.Vindex.Table.Table,
                ["Columns"] = string.Join(", ", v.Columns),
                ["Values"] = string.Join(", ", v.RowValues.Select(r => "(" + string.Join(", ", r.Select(e => e?.ToString() ?? "NULL")) + ")")),
                ["Query"] = v.Vindex.Table.InsertQuery(1, IgnoreMode),
            })]);
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
