using Tessera.Binlog.Positions;
using Tessera.Binlog.Replication;
using Tessera.Binlog.Transactions;
using Tessera.Protocol.Client;
using Tessera.Testing;

namespace Tessera.Binlog.Tests;

/// The replication connection against a real MariaDB primary.
public class ReplicaStreamTests
{
    private static BinlogReplicaOptions Options(TestMariaDb db) => new()
    {
        Connection = new MySqlClientOptions { Host = db.Host, Port = db.Port, User = db.User },
        HeartbeatPeriod = TimeSpan.FromMilliseconds(100),
        ReadTimeout = TimeSpan.FromSeconds(2),
        ReconnectDelay = TimeSpan.FromMilliseconds(50),
    };

    private static async Task<TestMariaDb> StartWithTableAsync()
    {
        var db = await BinlogTestServer.StartAsync();
        await db.ExecuteAsync("CREATE DATABASE app");
        await db.ExecuteAsync("CREATE TABLE a (id INT PRIMARY KEY, v VARCHAR(20))", "app");
        return db;
    }

    /// Streams until `count` transactions with row changes arrived, while `write` runs.
    private static async Task<List<BinlogTransaction>> CollectAsync(BinlogReplica replica, MariaDbGtidPosition? start, int count, Func<Task> write)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var collected = new List<BinlogTransaction>();
        Task? writer = null;
        await foreach (var transaction in replica.StreamAsync(start, timeout.Token))
        {
            writer ??= Task.Run(write);
            if (transaction.Changes.Count > 0)
                collected.Add(transaction);
            if (collected.Count == count)
                break;
        }
        await writer!;
        return collected;
    }

    [Fact]
    public async Task Stream_FromNow_DeliversNewTransactionsWithTheirGtids()
    {
        await using var db = await StartWithTableAsync();
        await db.ExecuteAsync("INSERT INTO a VALUES (0, 'old')", "app");
        var replica = new BinlogReplica(Options(db));
        var gtids = new List<string>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var collected = new List<BinlogTransaction>();
        var stream = replica.StreamAsync(null, timeout.Token).GetAsyncEnumerator(timeout.Token);
        var next = stream.MoveNextAsync().AsTask(); // connects and positions at "now"
        while (await DumpThreadCountAsync(db) == 0)
            await Task.Delay(20, timeout.Token);
        for (var i = 1; i <= 3; i++)
        {
            await db.ExecuteAsync($"INSERT INTO a VALUES ({i}, 'v{i}')", "app");
            gtids.Add((string)(await db.ScalarAsync("SELECT @@gtid_binlog_pos"))!);
        }
        while (collected.Count < 3 && await next)
        {
            collected.Add(stream.Current);
            if (collected.Count < 3)
                next = stream.MoveNextAsync().AsTask();
        }
        await stream.DisposeAsync();
        Assert.Equal(gtids, collected.Select(t => t.Gtid.ToString()));
        Assert.Equal(["1", "2", "3"], collected.Select(t => t.Changes.Single().After!["id"].ToString()));
        Assert.Equal(gtids[^1], replica.Position!.ToString());
    }

    [Fact]
    public async Task Stream_FromSavedPosition_ResumesWithNothingLostOrRepeated()
    {
        await using var db = await StartWithTableAsync();
        for (var i = 1; i <= 3; i++)
            await db.ExecuteAsync($"INSERT INTO a VALUES ({i}, 'v')", "app");
        var saved = MariaDbGtidPosition.Parse((string)(await db.ScalarAsync("SELECT @@gtid_binlog_pos"))!);
        for (var i = 4; i <= 6; i++)
            await db.ExecuteAsync($"INSERT INTO a VALUES ({i}, 'v')", "app");
        var collected = await CollectAsync(new BinlogReplica(Options(db)), saved, 4,
            () => db.ExecuteAsync("INSERT INTO a VALUES (7, 'v')", "app"));
        Assert.Equal(["4", "5", "6", "7"], collected.Select(t => t.Changes.Single().After!["id"].ToString()));
    }

    [Fact]
    public async Task Stream_AfterDroppedConnection_ReconnectsAndResumes()
    {
        await using var db = await StartWithTableAsync();
        var replica = new BinlogReplica(Options(db));
        var collected = await CollectAsync(replica, MariaDbGtidPosition.Empty, 10, async () =>
        {
            for (var i = 1; i <= 10; i++)
            {
                await db.ExecuteAsync($"INSERT INTO a VALUES ({i}, 'v')", "app");
                if (i is 3 or 7)
                    await KillDumpThreadsAsync(db);
            }
        });
        Assert.Equal(Enumerable.Range(1, 10).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            collected.Select(t => t.Changes.Single().After!["id"].ToString()));
        Assert.True(replica.Reconnects >= 1, $"expected a reconnect, saw {replica.Reconnects}");
    }

    [Fact]
    public async Task Stream_FollowsRotationAndSurvivesIdleThroughHeartbeats()
    {
        await using var db = await StartWithTableAsync();
        var replica = new BinlogReplica(Options(db));
        var collected = await CollectAsync(replica, MariaDbGtidPosition.Empty, 3, async () =>
        {
            await db.ExecuteAsync("INSERT INTO a VALUES (1, 'v')", "app");
            await db.ExecuteAsync("FLUSH BINARY LOGS");
            await Task.Delay(TimeSpan.FromSeconds(3)); // longer than ReadTimeout: only heartbeats keep it alive
            await db.ExecuteAsync("INSERT INTO a VALUES (2, 'v')", "app");
            await db.ExecuteAsync("INSERT INTO a VALUES (3, 'v')", "app");
        });
        Assert.Equal(["1", "2", "3"], collected.Select(t => t.Changes.Single().After!["id"].ToString()));
        Assert.Equal(["binlog.000001", "binlog.000002", "binlog.000002"], collected.Select(t => t.File));
        Assert.Equal(0, replica.Reconnects);
    }

    [Fact]
    public async Task Stream_FromPurgedPosition_FailsWith1236NamingThePosition()
    {
        await using var db = await StartWithTableAsync();
        await db.ExecuteAsync("INSERT INTO a VALUES (1, 'v')", "app");
        await db.ExecuteAsync("FLUSH BINARY LOGS");
        await db.ExecuteAsync("INSERT INTO a VALUES (2, 'v')", "app");
        await db.ExecuteAsync("PURGE BINARY LOGS TO 'binlog.000002'");
        var start = MariaDbGtidPosition.Parse($"0-{db.ServerId}-1");
        var error = await Assert.ThrowsAsync<BinlogException>(async () =>
        {
            await foreach (var _ in new BinlogReplica(Options(db)).StreamAsync(start))
            {
            }
        });
        Assert.Equal(1236, error.ServerErrorCode);
        Assert.Contains($"0-{db.ServerId}-1", error.Message);
    }

    [Fact]
    public async Task Stream_EventLargerThanOnePacket_ArrivesWhole()
    {
        await using var db = await BinlogTestServer.StartAsync("--max-allowed-packet=64M");
        await db.ExecuteAsync("CREATE DATABASE app");
        await db.ExecuteAsync("CREATE TABLE big (id INT PRIMARY KEY, b LONGBLOB)", "app");
        var blob = new byte[20 << 20]; // a 20 MiB row: its event spans two 16 MiB protocol packets
        new Random(7).NextBytes(blob);
        var collected = await CollectAsync(new BinlogReplica(Options(db)), MariaDbGtidPosition.Empty, 1, async () =>
        {
            await using var connection = await db.OpenAsync("app");
            await using var insert = new MySqlConnector.MySqlCommand("INSERT INTO big VALUES (1, @b)", connection);
            insert.Parameters.AddWithValue("@b", blob);
            await insert.ExecuteNonQueryAsync();
        });
        Assert.Equal(blob, collected.Single().Changes.Single().After!["b"].GetBytes().ToArray());
    }

    [Fact]
    public async Task PrimaryWithoutChecksums_IsReadFromFilesAndTheStream()
    {
        await using var db = await BinlogTestServer.StartAsync("--binlog-checksum=NONE");
        await db.ExecuteAsync("CREATE DATABASE app");
        await db.ExecuteAsync("CREATE TABLE a (id INT PRIMARY KEY, v VARCHAR(20))", "app");
        await db.ExecuteAsync("INSERT INTO a VALUES (1, 'v')", "app");
        await db.ExecuteAsync("FLUSH BINARY LOGS");
        await db.ExecuteAsync("INSERT INTO a VALUES (2, 'v')", "app");

        var fromFiles = (await BinlogTestServer.ReadTransactionsAsync(db)).Where(t => t.Changes.Count > 0).ToList();
        Assert.Equal(["binlog.000001", "binlog.000002"], fromFiles.Select(t => t.File));
        var replica = new BinlogReplica(Options(db));
        var streamed = await CollectAsync(replica, MariaDbGtidPosition.Empty, 3,
            () => db.ExecuteAsync("INSERT INTO a VALUES (3, 'v')", "app"));
        Assert.Equal(["1", "2", "3"], streamed.Select(t => t.Changes.Single().After!["id"].ToString()));
        Assert.Equal(["binlog.000001", "binlog.000002", "binlog.000002"], streamed.Select(t => t.File));
    }

    private static async Task<long> DumpThreadCountAsync(TestMariaDb db) =>
        Convert.ToInt64(await db.ScalarAsync("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE COMMAND LIKE 'Binlog Dump%'"), System.Globalization.CultureInfo.InvariantCulture);

    private static async Task KillDumpThreadsAsync(TestMariaDb db)
    {
        await using var connection = await db.OpenAsync();
        var ids = new List<long>();
        await using (var command = new MySqlConnector.MySqlCommand("SELECT ID FROM information_schema.PROCESSLIST WHERE COMMAND LIKE 'Binlog Dump%'", connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
                ids.Add(Convert.ToInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture));
        }
        foreach (var id in ids)
        {
            await using var kill = new MySqlConnector.MySqlCommand($"KILL {id}", connection);
            await kill.ExecuteNonQueryAsync();
        }
    }
}
