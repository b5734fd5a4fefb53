using System.Runtime.CompilerServices;
using Tessera.Gate.Engine;
using Tessera.Gate.Executing;
using Tessera.Gate.Tests.FrontEnd;
using QType = Tessera.Rpc.Query.Type;

namespace Tessera.Gate.Tests.Executing;

// A tablet's stream sends its fields once, first; the gateway then types later rows' values as
// VARBINARY. The session cursor gives them their columns' types back, so the gate compares
// numbers by value (10 after 9) and text by collation while merging streams.
public sealed class SessionCursorStreamingTests
{
    private sealed class StreamingGateway(FakeGateway inner) : ITabletGateway
    {
        public ValueTask<IReadOnlyList<string>> ServingShardsAsync(string keyspace, string tabletType, CancellationToken cancellationToken) => inner.ServingShardsAsync(keyspace, tabletType, cancellationToken);

        public ValueTask<Result> ExecuteAsync(ShardTarget target, BoundQuery query, long transactionId, CancellationToken cancellationToken) => inner.ExecuteAsync(target, query, transactionId, cancellationToken);

        public ValueTask<(long TransactionId, Result Result)> BeginExecuteAsync(ShardTarget target, BoundQuery query, CancellationToken cancellationToken) => inner.BeginExecuteAsync(target, query, cancellationToken);

        public ValueTask CommitAsync(ShardTarget target, long transactionId, CancellationToken cancellationToken) => inner.CommitAsync(target, transactionId, cancellationToken);

        public ValueTask RollbackAsync(ShardTarget target, long transactionId, CancellationToken cancellationToken) => inner.RollbackAsync(target, transactionId, cancellationToken);

        public IReadOnlyList<string[]> DescribeTablets() => inner.DescribeTablets();

        // As GrpcTabletGateway: fields first, then rows whose values carry no type of their own.
        public async IAsyncEnumerable<Result> StreamExecuteAsync(ShardTarget target, BoundQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.Yield();
            yield return new Result([new Field("id", QType.Int64), new Field("name", QType.Varchar)], []);
            yield return new Result([], [[new Value(QType.Varbinary, "9"u8.ToArray()), new Value(QType.Varbinary, "b"u8.ToArray())], [new Value(QType.Varbinary, "10"u8.ToArray()), Value.Null]]);
        }
    }

    [Fact]
    public async Task StreamShard_GivesLaterBatchesTheirColumnsTypes()
    {
        var gateway = new StreamingGateway(new FakeGateway((_, _) => new Result()));
        var cursor = new SessionCursor(new GateSession { Keyspace = "customer" }, gateway);
        var batches = new List<Result>();
        await foreach (var b in cursor.StreamShardAsync("customer", "-80", new BoundQuery("select id, name from t"), CancellationToken.None))
        {
            batches.Add(b);
        }

        var rows = batches[1].Rows;
        Assert.Equal([QType.Int64, QType.Varchar], rows[0].Select(v => v.Type));
        Assert.Equal(QType.Int64, rows[1][0].Type);
        Assert.True(rows[1][1].IsNull);
        Assert.True(Value.Compare(rows[0][0], rows[1][0]) < 0);
        Assert.Equal(0, Value.Compare(rows[0][1], Value.FromString("B")));
    }
}
