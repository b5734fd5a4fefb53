using BenchmarkDotNet.Attributes;
using Tessera.Gate.Engine;
using Tessera.Gate.Executing;
using Tessera.Gate.Planning;
using Tessera.Sql;
using Tessera.Sql.Normalizing;
using Tessera.Vindexes.VSchemas;

namespace Tessera.Benchmarks.Gate;

// The gate's own cost for a sysbench-style point select on a 2-shard keyspace, with the tablet
// answered in-process (one canned row): parse + normalize alone, the whole executor path with a
// plan-cache hit, and the cached plan's primitive alone (routing through the hash vindex).
[MemoryDiagnoser]
public class GatePointSelectBenchmarks
{
    private const string Sql = "select c, pad from sbtest1 where id = 4242";

    private Executor _executor = null!;
    private GateSession _session = null!;
    private Plan _plan = null!;
    private Dictionary<string, BindValue> _bind = null!;
    private FakeCursor _cursor = null!;

    [GlobalSetup]
    public void Setup()
    {
        var holder = new VSchemaHolder();
        holder.Update(VSchemaJson.ParseSrvVSchema("""
            {"keyspaces": {"sbtest": {"sharded": true, "vindexes": {"hash": {"type": "hash"}},
              "tables": {"sbtest1": {"column_vindexes": [{"column": "id", "name": "hash"}]}}}}}
            """));
        _executor = new Executor(holder, new OneRowGateway());
        _session = new GateSession { Keyspace = "sbtest" };
        var (stmt, lits) = Normalizer.Normalize(SqlParser.Parse(Sql));
        _plan = PlanBuilder.Build(stmt, new PlanContext(holder.Current, "sbtest"));
        _bind = lits.ToDictionary(kv => kv.Key, kv => BindValue.Of(Tessera.Gate.Evaluation.EvalTranslator.FromLiteral(kv.Value)), StringComparer.Ordinal);
        _cursor = new FakeCursor();
    }

    [Benchmark(Baseline = true)]
    public object ParseAndNormalize() => Normalizer.Normalize(SqlParser.Parse(Sql)).Statement;

    [Benchmark]
    public async Task<Result> ExecutorPlanCacheHit() => await _executor.ExecuteAsync(_session, Sql, null, CancellationToken.None);

    [Benchmark]
    public async Task<Result> CachedPlanExecuteOnly() => await _plan.Instructions.ExecuteAsync(_cursor, _bind, CancellationToken.None);

    private static readonly Result Row = new([new Field("c", Tessera.Rpc.Query.Type.Char), new Field("pad", Tessera.Rpc.Query.Type.Char)],
        [[Value.FromString("c-value"), Value.FromString("pad-value")]]);

    private sealed class OneRowGateway : ITabletGateway
    {
        private static readonly IReadOnlyList<string> Shards = ["-80", "80-"];

        public ValueTask<IReadOnlyList<string>> ServingShardsAsync(string keyspace, string tabletType, CancellationToken cancellationToken) => ValueTask.FromResult(Shards);

        public ValueTask<Result> ExecuteAsync(ShardTarget target, BoundQuery query, long transactionId, CancellationToken cancellationToken) => ValueTask.FromResult(Row);

        public ValueTask<(long TransactionId, Result Result)> BeginExecuteAsync(ShardTarget target, BoundQuery query, CancellationToken cancellationToken) => ValueTask.FromResult((1L, Row));

        public ValueTask CommitAsync(ShardTarget target, long transactionId, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask RollbackAsync(ShardTarget target, long transactionId, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public IReadOnlyList<string[]> DescribeTablets() => [];
    }

    private sealed class FakeCursor : IVCursor
    {
        private static readonly Tessera.Keys.DestinationResolver Resolver = Tessera.Keys.DestinationResolver.FromShardNames(["-80", "80-"]);

        public Tessera.Vindexes.ILookupQuery? LookupQuery => null;

        public string? CurrentKeyspace => "sbtest";

        public ulong LastInsertId { get; set; }

        public ValueTask<Tessera.Keys.DestinationResolver> ResolverAsync(string keyspace, CancellationToken cancellationToken) => ValueTask.FromResult(Resolver);

        public ValueTask<IReadOnlyList<Result>> ExecuteMultiShardAsync(string keyspace, IReadOnlyList<(string Shard, BoundQuery Query)> queries, bool isDml, CancellationToken cancellationToken) =>
            ValueTask.FromResult<IReadOnlyList<Result>>([Row]);
    }
}
