using System.Net.Sockets;
using Tessera.Rpc.Query;
using Tessera.Rpc.QueryWire;
using static Tessera.Tablet.Tests.Rows;
using TabletType = Tessera.Rpc.Topodata.TabletType;

namespace Tessera.Tablet.Tests;

// The query wire: the same unary calls as gRPC, answered by the same code, over plain framed TCP.
public sealed class QueryWireTests(ShardFixture shard) : IClassFixture<ShardFixture>
{
    private static readonly Target Primary = ShardFixture.Target(TabletType.Primary);

    private QueryWireClient Client() => new("127.0.0.1", shard.Primary.QueryPort);

    [Fact]
    public async Task Execute_OverTheWire_AnswersAsGrpcDoes()
    {
        using var wire = Client();
        var request = new ExecuteRequest { Target = Primary, Query = Query("select :a + 1, 'x'", ("a", Int(41))) };
        var overWire = await wire.CallAsync(QueryWireMethod.Execute, request, ExecuteResponse.Parser, default);
        var overGrpc = await shard.PrimaryQuery.ExecuteAsync(request);
        Assert.Equal(new string?[] { "42", "x" }, Values(Ok(overWire).Rows[0]));
        Assert.Equal(overGrpc.Result, overWire.Result);
    }

    [Fact]
    public async Task Transaction_OverTheWire_RollbackLeavesNothing_CommitKeepsTheRow()
    {
        using var wire = Client();
        Ok(await wire.CallAsync(QueryWireMethod.Execute, new ExecuteRequest { Target = Primary, Query = Query("create table if not exists wire_tx (id bigint primary key)") }, ExecuteResponse.Parser, default));

        var begun = await wire.CallAsync(QueryWireMethod.BeginExecute, new BeginExecuteRequest { Target = Primary, Query = Query("insert into wire_tx values (1)") }, BeginExecuteResponse.Parser, default);
        Assert.Null(begun.Error);
        Assert.Null((await wire.CallAsync(QueryWireMethod.Rollback, new RollbackRequest { Target = Primary, TransactionId = begun.TransactionId }, RollbackResponse.Parser, default)).Error);
        Assert.Equal("0", Scalar(Ok(await wire.CallAsync(QueryWireMethod.Execute, new ExecuteRequest { Target = Primary, Query = Query("select count(*) from wire_tx where id = 1") }, ExecuteResponse.Parser, default))));

        begun = await wire.CallAsync(QueryWireMethod.BeginExecute, new BeginExecuteRequest { Target = Primary, Query = Query("insert into wire_tx values (2)") }, BeginExecuteResponse.Parser, default);
        Assert.Null((await wire.CallAsync(QueryWireMethod.Commit, new CommitRequest { Target = Primary, TransactionId = begun.TransactionId }, CommitResponse.Parser, default)).Error);
        Assert.Equal("1", Scalar(Ok(await wire.CallAsync(QueryWireMethod.Execute, new ExecuteRequest { Target = Primary, Query = Query("select count(*) from wire_tx where id = 2") }, ExecuteResponse.Parser, default))));
    }

    [Fact]
    public async Task QueryErrors_TravelInTheResponse_AndTheConnectionStaysUsable()
    {
        using var wire = Client();
        var wrongShard = new ExecuteRequest { Target = new Target { Keyspace = ShardFixture.Keyspace, Shard = "-80", TabletType = TabletType.Primary }, Query = Query("select 1") };
        var refused = await wire.CallAsync(QueryWireMethod.Execute, wrongShard, ExecuteResponse.Parser, default);
        Assert.NotNull(refused.Error);
        Assert.Contains("-80", refused.Error.Message, StringComparison.Ordinal);

        var bad = await wire.CallAsync(QueryWireMethod.Execute, new ExecuteRequest { Target = Primary, Query = Query("select * from no_such_table") }, ExecuteResponse.Parser, default);
        Assert.Equal(1146u, bad.Error.MysqlErrno);

        Assert.Equal("1", Scalar(Ok(await wire.CallAsync(QueryWireMethod.Execute, new ExecuteRequest { Target = Primary, Query = Query("select 1") }, ExecuteResponse.Parser, default))));
    }

    [Fact]
    public async Task ConcurrentCallers_EachGetTheirOwnAnswer()
    {
        using var wire = Client();
        var answers = await Task.WhenAll(Enumerable.Range(0, 32).Select(async i =>
        {
            var r = await wire.CallAsync(QueryWireMethod.Execute, new ExecuteRequest { Target = Primary, Query = Query("select :i", ("i", Int(i))) }, ExecuteResponse.Parser, default);
            return Scalar(Ok(r));
        }));
        Assert.Equal(Enumerable.Range(0, 32).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), answers);
    }

    [Theory]
    [InlineData(new byte[] { 0xff, 0xff, 0xff, 0x7f, 1 })]       // a length far over the limit
    [InlineData(new byte[] { 0, 0, 0, 0 })]                        // a zero length
    [InlineData(new byte[] { 3, 0, 0, 0, 1, 0xff, 0xff })]        // Execute with a broken protobuf
    [InlineData(new byte[] { 1, 0, 0, 0, 200 })]                   // an unknown method
    public async Task Garbage_ClosesThatConnection_AndTheTabletServesOthers(byte[] garbage)
    {
        using (var socket = new Socket(SocketType.Stream, ProtocolType.Tcp))
        {
            await socket.ConnectAsync("127.0.0.1", shard.Primary.QueryPort);
            await socket.SendAsync(garbage, SocketFlags.None);
            var buffer = new byte[4096];
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            var total = 0;
            while (true)
            {
                var n = await socket.ReceiveAsync(buffer.AsMemory(total), SocketFlags.None, timeout.Token);
                if (n == 0) break;
                total += n;
            }

            // Closed by the tablet; where a frame could be read, a failure answer came first.
            if (total > 0)
            {
                Assert.Equal(QueryWireSocket.ResponseFailure, buffer[4]);
            }
        }

        using var wire = Client();
        Assert.Equal("1", Scalar(Ok(await wire.CallAsync(QueryWireMethod.Execute, new ExecuteRequest { Target = Primary, Query = Query("select 1") }, ExecuteResponse.Parser, default))));
    }

    [Fact]
    public async Task NoTabletListening_IsAClearWireError()
    {
        using var wire = new QueryWireClient("127.0.0.1", Testing.FreePort.Next());
        var e = await Assert.ThrowsAsync<QueryWireException>(async () =>
            await wire.CallAsync(QueryWireMethod.Execute, new ExecuteRequest { Target = Primary, Query = Query("select 1") }, ExecuteResponse.Parser, default));
        Assert.Contains("cannot connect", e.Message, StringComparison.Ordinal);
    }
}
