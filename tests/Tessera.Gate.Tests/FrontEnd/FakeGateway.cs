using Tessera.Gate.Engine;
using Tessera.Gate.Executing;

namespace Tessera.Gate.Tests.FrontEnd;

// A tablet gateway without tablets: serving shards per keyspace, answers from a handler, and a
// log of every call (execute, begin, commit, rollback) for assertions.
internal sealed class FakeGateway(Func<ShardTarget, BoundQuery, Result> answer) : ITabletGateway
{
    private long _nextTx = 100;

    public Dictionary<string, string[]> Shards { get; } = new(StringComparer.Ordinal)
    {
        ["commerce"] = ["0"],
        ["customer"] = ["-80", "80-"],
        ["merchant"] = ["-40", "40-80", "80-c0", "c0-"],
    };

    public List<string> Calls { get; } = [];

    public ValueTask<IReadOnlyList<string>> ServingShardsAsync(string keyspace, string tabletType, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<string>>(Shards.TryGetValue(keyspace, out var s) ? s : []);

    public ValueTask<Result> ExecuteAsync(ShardTarget target, BoundQuery query, long transactionId, CancellationToken cancellationToken)
    {
        Log($"execute {target.Keyspace}/{target.Shard}@{target.TabletType} tx={transactionId}: {query.Sql}");
        return ValueTask.FromResult(answer(target, query));
    }

    public ValueTask<(long TransactionId, Result Result)> BeginExecuteAsync(ShardTarget target, BoundQuery query, CancellationToken cancellationToken)
    {
        var tx = Interlocked.Increment(ref _nextTx);
        Log($"begin {target.Keyspace}/{target.Shard} tx={tx}: {query.Sql}");
        return ValueTask.FromResult((tx, answer(target, query)));
    }

    public ValueTask CommitAsync(ShardTarget target, long transactionId, CancellationToken cancellationToken)
    {
        Log($"commit {target.Keyspace}/{target.Shard} tx={transactionId}");
        return ValueTask.CompletedTask;
    }

    public ValueTask RollbackAsync(ShardTarget target, long transactionId, CancellationToken cancellationToken)
    {
        Log($"rollback {target.Keyspace}/{target.Shard} tx={transactionId}");
        return ValueTask.CompletedTask;
    }

    public IReadOnlyList<string[]> DescribeTablets() =>
        [["zone1", "customer", "-80", "PRIMARY", "SERVING", "zone1-0000000300", "localhost", ""]];

    private void Log(string s)
    {
        lock (Calls)
        {
            Calls.Add(s);
        }
    }
}
