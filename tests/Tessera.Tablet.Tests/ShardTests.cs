using System.Diagnostics;
using Grpc.Core;
using Tessera.Rpc.Query;
using Tessera.Rpc.TabletManager;
using Tessera.Topo;
using static Tessera.Tablet.Tests.Rows;
using TabletType = Tessera.Rpc.Topodata.TabletType;

namespace Tessera.Tablet.Tests;

// A primary and a replica tablet of one shard on real MariaDB, driven through real gRPC channels.
public sealed class ShardTests(ShardFixture shard) : IClassFixture<ShardFixture>
{
    private static readonly Target Primary = ShardFixture.Target(TabletType.Primary);
    private static readonly Target Replica = ShardFixture.Target(TabletType.Replica);

    private async Task<QueryResult> OnPrimary(string sql, long transactionId = 0, params (string, BindVariable)[] bindings) =>
        Ok(await shard.PrimaryQuery.ExecuteAsync(new ExecuteRequest { Target = Primary, Query = Query(sql, bindings), TransactionId = transactionId }));

    private async Task<ExecuteResponse> OnReplica(string sql) =>
        await shard.ReplicaQuery.ExecuteAsync(new ExecuteRequest { Target = Replica, Query = Query(sql) });

    [Fact]
    public async Task WriteOnPrimary_IsReadOnReplica()
    {
        var email = $"replicated-{Guid.NewGuid():N}@example.com";
        await OnPrimary("insert into customer (email) values (:email)", 0, ("email", Text(email)));
        var position = (await shard.PrimaryManager.PrimaryPositionAsync(new PrimaryPositionRequest())).Position;
        await shard.ReplicaManager.WaitForPositionAsync(new WaitForPositionRequest { Position = position, TimeoutMs = 10_000 });

        var read = Ok(await OnReplica($"select email from customer where email = '{email}'"));
        Assert.Equal(email, Scalar(read));
        var status = await shard.ReplicaManager.ReplicationStatusAsync(new ReplicationStatusRequest());
        Assert.True(status.IoRunning && status.SqlRunning, status.ToString());
        Assert.Equal(shard.Primary.Mysqld.Mycnf.Port, status.SourcePort);
    }

    [Fact]
    public async Task Commit_KeepsRows_Rollback_DiscardsThem()
    {
        var kept = $"kept-{Guid.NewGuid():N}";
        var dropped = $"dropped-{Guid.NewGuid():N}";
        var begin = await shard.PrimaryQuery.BeginAsync(new BeginRequest { Target = Primary });
        Assert.Null(begin.Error);
        await OnPrimary("insert into customer (email) values (:e)", begin.TransactionId, ("e", Text(kept)));
        // Not visible outside the transaction before commit.
        Assert.Null(Scalar(await OnPrimary($"select email from customer where email = '{kept}'")));
        var commit = await shard.PrimaryQuery.CommitAsync(new CommitRequest { Target = Primary, TransactionId = begin.TransactionId });
        Assert.Null(commit.Error);
        Assert.Equal(kept, Scalar(await OnPrimary($"select email from customer where email = '{kept}'")));

        var second = await shard.PrimaryQuery.BeginExecuteAsync(new BeginExecuteRequest { Target = Primary, Query = Query("insert into customer (email) values (:e)", ("e", Text(dropped))) });
        Assert.Null(second.Error);
        Assert.Equal(1UL, second.Result.RowsAffected);
        var rollback = await shard.PrimaryQuery.RollbackAsync(new RollbackRequest { Target = Primary, TransactionId = second.TransactionId });
        Assert.Null(rollback.Error);
        Assert.Null(Scalar(await OnPrimary($"select email from customer where email = '{dropped}'")));

        // The id is gone: using it again is refused, naming it.
        var again = await shard.PrimaryQuery.CommitAsync(new CommitRequest { Target = Primary, TransactionId = second.TransactionId });
        Assert.Contains($"transaction {second.TransactionId}", again.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Transaction_PastItsTimeout_IsKilledAndRolledBack()
    {
        var email = $"timeout-{Guid.NewGuid():N}";
        var begin = await shard.PrimaryQuery.BeginExecuteAsync(new BeginExecuteRequest { Target = Primary, Query = Query("insert into customer (email) values (:e)", ("e", Text(email))) });
        Assert.Null(begin.Error);
        var connectionId = Scalar(await OnPrimary("select connection_id()", begin.TransactionId));
        await Task.Delay(shard.Primary.Config.TransactionTimeout + TimeSpan.FromSeconds(1));

        var late = await shard.PrimaryQuery.CommitAsync(new CommitRequest { Target = Primary, TransactionId = begin.TransactionId });
        Assert.NotNull(late.Error);
        Assert.Contains("exceeded timeout", late.Error.Message, StringComparison.Ordinal);
        Assert.Null(Scalar(await OnPrimary($"select email from customer where email = '{email}'")));
        // The MariaDB connection itself was killed, not just forgotten.
        await WaitUntil(async () => Scalar(await OnPrimary($"select count(*) from information_schema.processlist where id = {connectionId}")) == "0");
    }

    [Fact]
    public async Task Query_PastItsTimeout_IsKilledInMariaDb()
    {
        var watch = Stopwatch.StartNew();
        var response = await shard.PrimaryQuery.ExecuteAsync(new ExecuteRequest
        {
            Target = Primary,
            Query = Query("select sleep(20)"),
            Options = new ExecuteOptions { QueryTimeoutMs = 300 },
        });
        watch.Stop();
        Assert.NotNull(response.Error);
        Assert.Equal(1317u, response.Error.MysqlErrno);
        Assert.Contains("timeout of 300 ms", response.Error.Message, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
        // The pool still works afterwards.
        Assert.Equal("1", Scalar(await OnPrimary("select 1")));
    }

    [Fact]
    public async Task MariaDbError_IsRelayedWhole()
    {
        var response = await shard.PrimaryQuery.ExecuteAsync(new ExecuteRequest { Target = Primary, Query = Query("select * from no_such_table") });
        Assert.Equal(1146u, response.Error.MysqlErrno);
        Assert.Equal("42S02", response.Error.Sqlstate);
        Assert.Contains("no_such_table", response.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BindVariables_WithQuotesAndBackslashes_RoundTripUnchanged()
    {
        var nasty = $"o'hara\\\"; drop table customer; -- {Guid.NewGuid():N}";
        await OnPrimary("insert into customer (email) values (:e)", 0, ("e", Text(nasty)));
        var read = await OnPrimary("select email from customer where email = :e", 0, ("e", Text(nasty)));
        Assert.Equal(nasty, Scalar(read));
        var list = new BindVariable { Type = Rpc.Query.Type.Tuple };
        list.Values.Add(new Value { Type = Rpc.Query.Type.Varchar, Value_ = Google.Protobuf.ByteString.CopyFromUtf8(nasty) });
        list.Values.Add(new Value { Type = Rpc.Query.Type.Varchar, Value_ = Google.Protobuf.ByteString.CopyFromUtf8("nobody") });
        Assert.Equal(nasty, Scalar(await OnPrimary("select email from customer where email in ::list", 0, ("list", list))));
    }

    [Fact]
    public async Task Fields_CarryVitessTypes()
    {
        var result = await OnPrimary("select id, email, cast(1.5 as decimal(4,2)) d, null n from customer limit 1");
        Assert.Equal([Rpc.Query.Type.Int64, Rpc.Query.Type.Varchar, Rpc.Query.Type.Decimal, Rpc.Query.Type.NullType], result.Fields.Select(f => f.Type));
    }

    [Fact]
    public async Task Replica_RefusesWrites()
    {
        var response = await OnReplica("insert into customer (email) values ('x')");
        Assert.NotNull(response.Error);
        Assert.Contains("only the PRIMARY accepts writes", response.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongTarget_IsRefused_NamingWhatDiffers()
    {
        var wrongShard = await shard.PrimaryQuery.ExecuteAsync(new ExecuteRequest { Target = new Target { Keyspace = ShardFixture.Keyspace, Shard = "-80", TabletType = TabletType.Primary }, Query = Query("select 1") });
        Assert.Contains("invalid shard: '-80'", wrongShard.Error.Message, StringComparison.Ordinal);
        var wrongType = await shard.PrimaryQuery.ExecuteAsync(new ExecuteRequest { Target = Replica, Query = Query("select 1") });
        Assert.Contains("invalid tablet type: 'REPLICA'", wrongType.Error.Message, StringComparison.Ordinal);
        var wrongKeyspace = await shard.PrimaryQuery.ExecuteAsync(new ExecuteRequest { Target = new Target { Keyspace = "other", Shard = "0", TabletType = TabletType.Primary }, Query = Query("select 1") });
        Assert.Contains("invalid keyspace: 'other'", wrongKeyspace.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeniedTable_IsRefused_WithTheRuleText()
    {
        var topo = new TopoServer(TopoBackendFactory.Open("file", "", shard.TopoRoot), "zone1");
        await topo.UpdateShardFieldsAsync(ShardFixture.Keyspace, ShardFixture.Shard, s => s with
        {
            TabletControls = [new Topo.Records.TabletControl { TabletType = Topo.Records.TabletType.Primary, DeniedTables = ["moved"] }],
        });
        try
        {
            await shard.PrimaryManager.RefreshStateAsync(new RefreshStateRequest());
            var refused = await shard.PrimaryQuery.ExecuteAsync(new ExecuteRequest { Target = Primary, Query = Query("select * from moved where id = 1") });
            Assert.NotNull(refused.Error);
            Assert.Contains("disallowed due to rule: enforce denied tables", refused.Error.Message, StringComparison.Ordinal);
            // Other tables still serve.
            Assert.Null((await shard.PrimaryQuery.ExecuteAsync(new ExecuteRequest { Target = Primary, Query = Query("select count(*) from customer") })).Error);
        }
        finally
        {
            await topo.UpdateShardFieldsAsync(ShardFixture.Keyspace, ShardFixture.Shard, s => s with { TabletControls = [] });
            await shard.PrimaryManager.RefreshStateAsync(new RefreshStateRequest());
        }
        Assert.Null((await shard.PrimaryQuery.ExecuteAsync(new ExecuteRequest { Target = Primary, Query = Query("select * from moved") })).Error);
    }

    [Fact]
    public async Task DeniedTablePattern_RefusesEveryMatchingTable_AndOnlyThose()
    {
        var topo = new TopoServer(TopoBackendFactory.Open("file", "", shard.TopoRoot), "zone1");
        await topo.UpdateShardFieldsAsync(ShardFixture.Keyspace, ShardFixture.Shard, s => s with
        {
            TabletControls = [new Topo.Records.TabletControl { TabletType = Topo.Records.TabletType.Replica, DeniedTables = ["/^mov/", "CUSTOMER_SEQ"] }],
        });
        try
        {
            await shard.ReplicaManager.RefreshStateAsync(new RefreshStateRequest());
            foreach (var sql in new[] { "select * from moved", "select c.id from customer c join moved m on m.id = c.id", "select * from customer_seq" })
            {
                var refused = await OnReplica(sql);
                Assert.NotNull(refused.Error);
                Assert.StartsWith("disallowed due to rule: enforce denied tables", refused.Error.Message, StringComparison.Ordinal);
            }
            Assert.Null((await OnReplica("select count(*) from customer")).Error);
            // The control is for replicas: the primary still serves the table.
            Assert.Null((await shard.PrimaryQuery.ExecuteAsync(new ExecuteRequest { Target = Primary, Query = Query("select * from moved") })).Error);
        }
        finally
        {
            await topo.UpdateShardFieldsAsync(ShardFixture.Keyspace, ShardFixture.Shard, s => s with { TabletControls = [] });
            await shard.ReplicaManager.RefreshStateAsync(new RefreshStateRequest());
        }
        Assert.Null((await OnReplica("select * from moved")).Error);
    }

    [Fact]
    public async Task Sequence_TwoConcurrentCallers_GetDistinctIncreasingIds_AcrossRestart()
    {
        async Task<List<long>> Caller(int count)
        {
            var ids = new List<long>();
            for (var i = 0; i < count; i++)
                ids.Add(long.Parse(Scalar(await OnPrimary("select next 1 values from customer_seq"))!, System.Globalization.CultureInfo.InvariantCulture));
            return ids;
        }
        var results = await Task.WhenAll(Caller(40), Caller(40));
        foreach (var ids in results) Assert.Equal(ids.Order(), ids);
        var all = results.SelectMany(r => r).ToList();
        Assert.Equal(all.Count, all.Distinct().Count());
        var highest = all.Max();

        var block = long.Parse(Scalar(await OnPrimary("select next 3 values from customer_seq"))!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(block > highest);

        await shard.RestartPrimaryAsync();
        var afterRestart = await Caller(3);
        Assert.True(afterRestart[0] > block + 2, $"after restart {afterRestart[0]} must follow {block + 2}");
        Assert.Equal(afterRestart.Order(), afterRestart);
    }

    [Fact]
    public async Task StreamHealth_ReportsServingAndReplicationState()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var stream = shard.ReplicaQuery.StreamHealth(new StreamHealthRequest(), cancellationToken: cts.Token);
        // Replication may still be reconnecting after another test moved it; wait until healthy.
        var first = await NextMatching(stream, h => h.RealtimeStats.HealthError.Length == 0, cts.Token);
        Assert.True(first.Serving);
        Assert.Equal(TabletType.Replica, first.Target.TabletType);
        Assert.Equal(101u, first.TabletAlias.Uid);
        Assert.Equal("", first.RealtimeStats.HealthError);
        Assert.True(first.RealtimeStats.ReplicationLagSeconds < 5);

        await shard.ReplicaManager.StopReplicationAsync(new StopReplicationRequest());
        try
        {
            var stopped = await NextMatching(stream, h => h.RealtimeStats.HealthError.Length > 0, cts.Token);
            Assert.Contains("replication is not running", stopped.RealtimeStats.HealthError, StringComparison.Ordinal);
        }
        finally
        {
            await shard.ReplicaManager.StartReplicationAsync(new StartReplicationRequest());
        }
        var recovered = await NextMatching(stream, h => h.RealtimeStats.HealthError.Length == 0, cts.Token);
        Assert.True(recovered.Serving);

        using var primaryStream = shard.PrimaryQuery.StreamHealth(new StreamHealthRequest(), cancellationToken: cts.Token);
        Assert.True(await primaryStream.ResponseStream.MoveNext(cts.Token));
        Assert.Equal(TabletType.Primary, primaryStream.ResponseStream.Current.Target.TabletType);
        Assert.True(primaryStream.ResponseStream.Current.PrimaryTermStartTimestamp > 0);
    }

    // START SLAVE returns while the IO thread is still connecting; StartReplication and
    // SetReplicationSource wait for it, so what a caller reads next is replication running. The
    // source here is the primary's MariaDB behind a proxy that answers each connection 700 ms late.
    [Fact]
    public async Task StartReplication_And_SetReplicationSource_ReturnWithBothThreadsRunning()
    {
        await using var proxy = SlowProxy.Start(shard.Primary.Mysqld.Mycnf.Port, TimeSpan.FromMilliseconds(700));
        var topo = new TopoServer(TopoBackendFactory.Open("file", "", shard.TopoRoot), "zone1");
        var slowAlias = new Topo.Records.TabletAlias("zone1", 199);
        await topo.CreateTabletAsync(new Topo.Records.Tablet
        {
            Alias = slowAlias,
            Keyspace = "elsewhere",
            Shard = "0",
            Type = Topo.Records.TabletType.Replica,
            MysqlHostname = "127.0.0.1",
            MysqlPort = proxy.Port,
        });
        try
        {
            await shard.ReplicaManager.SetReplicationSourceAsync(new SetReplicationSourceRequest
            {
                Parent = new Rpc.Topodata.TabletAlias { Cell = "zone1", Uid = 199 },
                ForceStartReplication = true,
            });
            var moved = await shard.ReplicaManager.ReplicationStatusAsync(new ReplicationStatusRequest());
            Assert.True(moved.IoRunning && moved.SqlRunning, moved.ToString());
            Assert.Equal(proxy.Port, moved.SourcePort);
            Assert.Equal("", shard.Replica.Health.Current.RealtimeStats.HealthError);

            await shard.ReplicaManager.StopReplicationAsync(new StopReplicationRequest());
            await shard.ReplicaManager.StartReplicationAsync(new StartReplicationRequest());
            var started = await shard.ReplicaManager.ReplicationStatusAsync(new ReplicationStatusRequest());
            Assert.True(started.IoRunning && started.SqlRunning, started.ToString());
            Assert.Equal("", shard.Replica.Health.Current.RealtimeStats.HealthError);
        }
        finally
        {
            await shard.ReplicaManager.SetReplicationSourceAsync(new SetReplicationSourceRequest
            {
                Parent = new Rpc.Topodata.TabletAlias { Cell = "zone1", Uid = 100 },
                ForceStartReplication = true,
            });
            await topo.DeleteTabletAsync(slowAlias);
        }
    }

    [Fact]
    public async Task StreamExecute_SendsFieldsThenRows()
    {
        await OnPrimary("insert into customer (email) values ('stream-a'), ('stream-b')");
        using var call = shard.PrimaryQuery.StreamExecute(new StreamExecuteRequest { Target = Primary, Query = Query("select email from customer where email like 'stream-%' order by email") });
        var responses = new List<StreamExecuteResponse>();
        while (await call.ResponseStream.MoveNext(CancellationToken.None)) responses.Add(call.ResponseStream.Current);
        Assert.All(responses, r => Assert.Null(r.Error));
        Assert.Equal("email", responses[0].Result.Fields[0].Name);
        var rows = responses.SelectMany(r => All(r.Result)).Select(v => v[0]).ToList();
        Assert.Contains("stream-a", rows);
        Assert.Contains("stream-b", rows);
    }

    [Fact]
    public async Task ReserveExecute_KeepsSessionState_UntilRelease()
    {
        var reserve = await shard.PrimaryQuery.ReserveExecuteAsync(new ReserveExecuteRequest { Target = Primary, Query = Query("set @tessera_marker = 42") });
        Assert.Null(reserve.Error);
        var read = await shard.PrimaryQuery.ExecuteAsync(new ExecuteRequest { Target = Primary, Query = Query("select @tessera_marker"), ReservedId = reserve.ReservedId });
        Assert.Equal("42", Scalar(Ok(read)));
        Assert.Null((await shard.PrimaryQuery.ReleaseAsync(new ReleaseRequest { Target = Primary, ReservedId = reserve.ReservedId })).Error);
        var gone = await shard.PrimaryQuery.ExecuteAsync(new ExecuteRequest { Target = Primary, Query = Query("select 1"), ReservedId = reserve.ReservedId });
        Assert.NotNull(gone.Error);
    }

    [Fact]
    public async Task ExecuteBatch_AsTransaction_IsAllOrNothing()
    {
        var email = $"batch-{Guid.NewGuid():N}";
        var request = new ExecuteBatchRequest { Target = Primary, AsTransaction = true };
        request.Queries.Add(Query("insert into customer (email) values (:e)", ("e", Text(email))));
        request.Queries.Add(Query("insert into no_such_table values (1)"));
        var response = await shard.PrimaryQuery.ExecuteBatchAsync(request);
        Assert.Equal(1146u, response.Error.MysqlErrno);
        Assert.Null(Scalar(await OnPrimary($"select email from customer where email = '{email}'")));
    }

    [Fact]
    public async Task TabletManager_GetSchema_And_ExecuteFetchAsDba()
    {
        var schema = await shard.PrimaryManager.GetSchemaAsync(new GetSchemaRequest());
        var customer = Assert.Single(schema.SchemaDefinition.TableDefinitions, t => t.Name == "customer");
        Assert.Equal(["id", "email"], customer.Columns);
        Assert.Equal(["id"], customer.PrimaryKeyColumns);
        var fetched = await shard.ReplicaManager.ExecuteFetchAsDbaAsync(new ExecuteFetchAsDbaRequest { Query = "select @@global.read_only" });
        Assert.Equal("1", Scalar(fetched.Result));
        Assert.Equal("pong", (await shard.PrimaryManager.PingAsync(new PingRequest { Payload = "pong" })).Payload);
    }

    [Fact]
    public async Task StatusPage_And_Metrics_AreServedOnTheWebPort()
    {
        await OnPrimary("select 1");
        using var http = new HttpClient();
        var status = await http.GetStringAsync($"http://127.0.0.1:{shard.Primary.WebPort}/debug/status");
        Assert.Contains("zone1-0000000100", status, StringComparison.Ordinal);
        Assert.Contains("SERVING", status, StringComparison.Ordinal);
        var metrics = await http.GetStringAsync($"http://127.0.0.1:{shard.Primary.WebPort}/metrics");
        Assert.Contains("vttablet_queries_total", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TabletRecord_IsInTheTopo_WithItsPorts()
    {
        var topo = new TopoServer(TopoBackendFactory.Open("file", "", shard.TopoRoot), "zone1");
        var tablets = await topo.GetTabletsByShardAsync(ShardFixture.Keyspace, ShardFixture.Shard);
        var replica = Assert.Single(tablets, t => t.Alias.Uid == 101).Tablet;
        Assert.Equal(Topo.Records.TabletType.Replica, replica.Type);
        Assert.Equal(shard.Replica.GrpcPort, replica.PortMap["grpc"]);
        var shardRecord = await topo.GetShardAsync(ShardFixture.Keyspace, ShardFixture.Shard);
        Assert.Equal(100u, shardRecord.Shard.PrimaryAlias?.Uid);
    }

    [Fact]
    public async Task IdenticalConcurrentReads_AreConsolidated()
    {
        var before = shard.Primary.Engine.Consolidations;
        var sql = $"select sleep(0.5), '{Guid.NewGuid():N}' as marker";
        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => OnPrimary(sql)));
        Assert.All(results, r => Assert.Equal(results[0].Rows[0].Values, r.Rows[0].Values));
        Assert.True(shard.Primary.Engine.Consolidations > before, "no read waited for the identical one running");
    }

    [Fact]
    public async Task ReplicationLag_IsReportedInHealth()
    {
        // MASTER_DELAY holds replicated events back, so Seconds_Behind_Master grows for real.
        await shard.ReplicaManager.ExecuteFetchAsDbaAsync(new ExecuteFetchAsDbaRequest { Query = "STOP SLAVE; CHANGE MASTER TO MASTER_DELAY = 4; START SLAVE" });
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            using var stream = shard.ReplicaQuery.StreamHealth(new StreamHealthRequest(), cancellationToken: cts.Token);
            var writes = Task.Run(async () =>
            {
                while (!cts.IsCancellationRequested)
                {
                    await OnPrimary("insert into customer (email) values ('lag')");
                    await Task.Delay(200);
                }
            });
            var lagging = await NextMatching(stream, h => h.RealtimeStats.ReplicationLagSeconds >= 2, cts.Token);
            Assert.True(lagging.Serving);
            await cts.CancelAsync();
            await writes.ContinueWith(_ => { }, TaskScheduler.Default);
        }
        finally
        {
            await shard.ReplicaManager.ExecuteFetchAsDbaAsync(new ExecuteFetchAsDbaRequest { Query = "STOP SLAVE; CHANGE MASTER TO MASTER_DELAY = 0; START SLAVE" });
        }
    }

    [Fact]
    public async Task ChangeType_UpdatesTargetHealthAndTopoRecord()
    {
        var topo = new TopoServer(TopoBackendFactory.Open("file", "", shard.TopoRoot), "zone1");
        await shard.ReplicaManager.ChangeTypeAsync(new ChangeTypeRequest { TabletType = TabletType.Rdonly });
        try
        {
            var asRdonly = await shard.ReplicaQuery.ExecuteAsync(new ExecuteRequest { Target = ShardFixture.Target(TabletType.Rdonly), Query = Query("select 1") });
            Assert.Null(asRdonly.Error);
            var asReplica = await OnReplica("select 1");
            Assert.Contains("invalid tablet type", asReplica.Error.Message, StringComparison.Ordinal);
            Assert.Equal(TabletType.Rdonly, shard.Replica.Health.Current.Target.TabletType);
            await WaitUntil(async () => (await topo.GetTabletAsync(new Topo.Records.TabletAlias("zone1", 101))).Tablet.Type == Topo.Records.TabletType.Rdonly);
        }
        finally
        {
            await shard.ReplicaManager.ChangeTypeAsync(new ChangeTypeRequest { TabletType = TabletType.Replica });
        }
        Assert.Null((await OnReplica("select 1")).Error);
    }

    [Fact]
    public async Task Sequence_StaysMonotonic_AcrossAPrimaryChange_AndBack()
    {
        static long Id(QueryResult r) => long.Parse(Scalar(r)!, System.Globalization.CultureInfo.InvariantCulture);
        var onOld = Id(await OnPrimary("select next 1 values from customer_seq"));
        var oldAlias = new Rpc.Topodata.TabletAlias { Cell = "zone1", Uid = 100 };
        var newAlias = new Rpc.Topodata.TabletAlias { Cell = "zone1", Uid = 101 };

        // Planned reparent by hand: old primary read-only and caught up, replica promoted, old primary follows it.
        await shard.PrimaryManager.ChangeTypeAsync(new ChangeTypeRequest { TabletType = TabletType.Replica });
        var position = (await shard.PrimaryManager.PrimaryPositionAsync(new PrimaryPositionRequest())).Position;
        await shard.ReplicaManager.WaitForPositionAsync(new WaitForPositionRequest { Position = position, TimeoutMs = 10_000 });
        var newPosition = (await shard.ReplicaManager.InitPrimaryAsync(new InitPrimaryRequest())).Position;
        await shard.PrimaryManager.SetReplicationSourceAsync(new SetReplicationSourceRequest { Parent = newAlias, ForceStartReplication = true });
        try
        {
            var onNew = Id(Ok(await shard.ReplicaQuery.ExecuteAsync(new ExecuteRequest { Target = Primary, Query = Query("select next 1 values from customer_seq") })));
            Assert.True(onNew > onOld, $"new primary gave {onNew} after {onOld}");
            var refused = await shard.PrimaryQuery.ExecuteAsync(new ExecuteRequest { Target = Replica, Query = Query("insert into customer (email) values ('x')") });
            Assert.NotNull(refused.Error);
            onOld = onNew;
        }
        finally
        {
            await shard.ReplicaManager.ChangeTypeAsync(new ChangeTypeRequest { TabletType = TabletType.Replica });
            var back = (await shard.ReplicaManager.PrimaryPositionAsync(new PrimaryPositionRequest())).Position;
            await shard.PrimaryManager.WaitForPositionAsync(new WaitForPositionRequest { Position = back, TimeoutMs = 10_000 });
            await shard.PrimaryManager.InitPrimaryAsync(new InitPrimaryRequest());
            await shard.ReplicaManager.SetReplicationSourceAsync(new SetReplicationSourceRequest { Parent = oldAlias, ForceStartReplication = true });
        }
        var afterBack = Id(await OnPrimary("select next 1 values from customer_seq"));
        Assert.True(afterBack > onOld, $"old primary again gave {afterBack} after {onOld}");
        var status = await shard.ReplicaManager.ReplicationStatusAsync(new ReplicationStatusRequest());
        Assert.True(status.IoRunning && status.SqlRunning, status.ToString());
        _ = newPosition;
    }

    private static async Task<StreamHealthResponse> NextMatching(AsyncServerStreamingCall<StreamHealthResponse> stream, Func<StreamHealthResponse, bool> match, CancellationToken ct)
    {
        while (await stream.ResponseStream.MoveNext(ct))
            if (match(stream.ResponseStream.Current)) return stream.ResponseStream.Current;
        throw new InvalidOperationException("health stream ended");
    }

    private static async Task WaitUntil(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 10 s");
            await Task.Delay(100);
        }
    }
}
