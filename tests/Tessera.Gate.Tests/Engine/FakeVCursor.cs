using Tessera.Gate.Engine;
using Tessera.Keys;
using Tessera.Vindexes;
using QType = Tessera.Rpc.Query.Type;

namespace Tessera.Gate.Tests.Engine;

// The cursor primitives run against in unit tests (as Vitess's loggingVCursor): shards per
// keyspace, a handler answering each (keyspace, shard, query), and a log of what was sent.
internal sealed class FakeVCursor(Func<string, string, BoundQuery, Result> handler) : IVCursor
{
    public Dictionary<string, string[]> Shards { get; } = new(StringComparer.Ordinal)
    {
        ["commerce"] = ["0"],
        ["customer"] = ["-80", "80-"],
        ["merchant"] = ["-40", "40-80", "80-c0", "c0-"],
    };

    public List<(string Keyspace, string Shard, BoundQuery Query)> Log { get; } = [];

    // Lookup vindexes read and write their tables through this cursor, as in the gate.
    public ILookupQuery? LookupQuery => field ??= new Tessera.Gate.Executing.LookupQuery(this, () => Planning.PlanCaseFile.VSchema);

    public List<(string Keyspace, string Shard, BoundQuery Query)> AutocommitLog { get; } = [];

    public ValueTask<Result> ExecuteAutocommitAsync(string keyspace, string shard, BoundQuery query, CancellationToken cancellationToken)
    {
        AutocommitLog.Add((keyspace, shard, query));
        return ValueTask.FromResult(handler(keyspace, shard, query));
    }

    public string? CurrentKeyspace { get; set; }

    public ulong LastInsertId { get; set; }

    public ValueTask<DestinationResolver> ResolverAsync(string keyspace, CancellationToken cancellationToken) =>
        ValueTask.FromResult(DestinationResolver.FromShardNames(Shards[keyspace]));

    public ValueTask<IReadOnlyList<Result>> ExecuteMultiShardAsync(string keyspace, IReadOnlyList<(string Shard, BoundQuery Query)> queries, bool isDml, CancellationToken cancellationToken)
    {
        var results = new List<Result>();
        foreach (var (shard, q) in queries)
        {
            lock (Log)
            {
                Log.Add((keyspace, shard, q));
            }

            results.Add(handler(keyspace, shard, q));
        }

        return ValueTask.FromResult<IReadOnlyList<Result>>(results);
    }

    public IEnumerable<string> ShardsQueried(string keyspace) => Log.Where(l => l.Keyspace == keyspace).Select(l => l.Shard);

    public static Result Rows(string columns, params object?[][] rows)
    {
        var names = columns.Split(',', StringSplitOptions.TrimEntries);
        var types = new QType[names.Length];
        var list = new List<Value[]>();
        foreach (var r in rows)
        {
            var values = new Value[names.Length];
            for (var i = 0; i < names.Length; i++)
            {
                values[i] = r[i] switch
                {
                    null => Value.Null,
                    long l => Value.FromInt64(l),
                    int n => Value.FromInt64(n),
                    decimal d => Value.FromDecimal(d),
                    string s => Value.FromString(s),
                    _ => throw new ArgumentException("unsupported test value"),
                };
                if (!values[i].IsNull)
                {
                    types[i] = values[i].Type;
                }
            }

            list.Add(values);
        }

        return new Result([.. names.Select((n, i) => new Field(n, types[i] == QType.NullType ? QType.Varchar : types[i]))], list);
    }

    public static string[][] Texts(Result r) => [.. r.Rows.Select(row => row.Select(v => v.ToText() ?? "NULL").ToArray())];
}
