using MySqlConnector;
using Tessera.Gate.Engine;
using Tessera.Gate.Executing;
using Tessera.Gate.FrontEnd;
using Tessera.Gate.Tests.Engine;
using Tessera.Gate.Tests.Planning;
using Tessera.Protocol.Server;
using Tessera.Vindexes.VSchemas;

namespace Tessera.Gate.Tests.FrontEnd;

// A real MySQL client (MySqlConnector) against the gate's front end, executor and planner, with
// a fake tablet gateway behind: proves the wiring, sessions, errors and prepared statements.
public sealed class GateFrontEndTests : IAsyncLifetime
{
    private readonly FakeGateway _gateway = new(Answer);
    private MySqlServer? _server;

    public async Task InitializeAsync()
    {
        var holder = new VSchemaHolder();
        holder.Update(PlanCaseFile.VSchema.Source);
        _server = new MySqlServer(new MySqlServerOptions(), new GateHandler(new Executor(holder, _gateway)));
        _server.Start();
        await Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    private static Result Answer(ShardTarget t, BoundQuery q)
    {
        if (q.Sql.StartsWith("select email, customer_id from customer", StringComparison.Ordinal))
        {
            return t.Shard == "-80"
                ? FakeVCursor.Rows("email,customer_id", ["eve", 5], ["charlie", 3], ["bob", 2], ["alice", 1])
                : FakeVCursor.Rows("email,customer_id", ["dan", 4]);
        }

        if (q.Sql.StartsWith("select email from customer where customer_id = ", StringComparison.Ordinal))
        {
            return FakeVCursor.Rows("email", [t.Shard]);
        }

        if (q.Sql.StartsWith("select email, keyspace_id from email_idx where email in ", StringComparison.Ordinal))
        {
            var wanted = q.BindVariables["__lookup"].Values!.Select(v => v.ToText()).ToList();
            var rows = new List<Value[]>();
            if (wanted.Contains("dan@domain.com"))
            {
                rows.Add([Value.FromString("dan@domain.com"), Value.FromBytes(Tessera.Vindexes.HashVindex.Hash(4))]);
            }

            return new Result([new Field("email", Tessera.Rpc.Query.Type.Varbinary), new Field("keyspace_id", Tessera.Rpc.Query.Type.Varbinary)], rows);
        }

        if (q.Sql.StartsWith("select customer_id from customer where email = ", StringComparison.Ordinal)
            || q.Sql.StartsWith("select customer_id from customer where 1 != 1", StringComparison.Ordinal))
        {
            return q.Sql.Contains("1 != 1", StringComparison.Ordinal) ? FakeVCursor.Rows("customer_id") : FakeVCursor.Rows("customer_id", [t.Shard == "80-" ? 4 : -1]);
        }

        if (q.Sql.StartsWith("select next", StringComparison.Ordinal))
        {
            return FakeVCursor.Rows("nextval", [1000]);
        }

        return new Result { RowsAffected = 1 };
    }

    private MySqlConnection Connect(string database = "customer") =>
        new($"Server=127.0.0.1;Port={_server!.Port};User ID=root;Database={database};SslMode=None;Pooling=false;AllowUserVariables=true");

    [Fact]
    public async Task ScatterOrderBy_ComesBackMergedThroughTheProtocol()
    {
        await using var c = Connect();
        await c.OpenAsync();
        await using var cmd = new MySqlCommand("select email from customer order by customer_id desc", c);
        await using var r = await cmd.ExecuteReaderAsync();
        var emails = new List<string>();
        while (await r.ReadAsync())
        {
            emails.Add(r.GetString(0));
        }

        Assert.Equal(["eve", "dan", "charlie", "bob", "alice"], emails);
    }

    [Fact]
    public async Task SessionQueries_AnswerKeyspacesDatabaseAndVersion()
    {
        await using var c = Connect();
        await c.OpenAsync();
        var dbs = new List<string>();
        await using (var r = await new MySqlCommand("show databases", c).ExecuteReaderAsync())
        {
            while (await r.ReadAsync())
            {
                dbs.Add(r.GetString(0));
            }
        }

        Assert.Equal(["commerce", "customer", "merchant"], dbs);
        Assert.Equal("customer", await new MySqlCommand("select database()", c).ExecuteScalarAsync());
        Assert.EndsWith("Tessera", (string)(await new MySqlCommand("select @@version", c).ExecuteScalarAsync())!, StringComparison.Ordinal);
        await new MySqlCommand("use commerce", c).ExecuteNonQueryAsync();
        Assert.Equal("commerce", await new MySqlCommand("select database()", c).ExecuteScalarAsync());
    }

    [Fact]
    public async Task UnsupportedQuery_IsAMySqlErrorWithItsTesseraCode_AndTheSessionGoesOn()
    {
        await using var c = Connect();
        await c.OpenAsync();
        var e = await Assert.ThrowsAsync<MySqlException>(() => new MySqlCommand("select * from customer c where exists (select 1 from corder o where o.customer_id = c.customer_id)", c).ExecuteReaderAsync());
        Assert.Equal(1235, e.Number);
        Assert.Equal("VT12001: unsupported: cross-shard correlated subquery", e.Message);
        var syntax = await Assert.ThrowsAsync<MySqlException>(() => new MySqlCommand("selec 1", c).ExecuteNonQueryAsync());
        Assert.Equal(1064, syntax.Number);
        var unknown = await Assert.ThrowsAsync<MySqlException>(() => new MySqlCommand("use nosuch", c).ExecuteNonQueryAsync());
        Assert.Equal(1049, unknown.Number);
        Assert.Equal(1L, Convert.ToInt64(await new MySqlCommand("select 1", c).ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task RolledBackTransaction_BeginsOnEachShardAndRollsEachBack()
    {
        await using var c = Connect();
        await c.OpenAsync();
        await using (var tx = await c.BeginTransactionAsync())
        {
            await new MySqlCommand("insert into corder(customer_id, sku, price) values (1, 'a', 1), (4, 'b', 2)", c, tx).ExecuteNonQueryAsync();
            await tx.RollbackAsync();
        }

        Assert.Contains(_gateway.Calls, x => x.StartsWith("begin customer/-80", StringComparison.Ordinal));
        Assert.Contains(_gateway.Calls, x => x.StartsWith("begin customer/80-", StringComparison.Ordinal));
        Assert.Contains(_gateway.Calls, x => x.StartsWith("rollback customer/-80", StringComparison.Ordinal));
        Assert.Contains(_gateway.Calls, x => x.StartsWith("rollback customer/80-", StringComparison.Ordinal));
        Assert.DoesNotContain(_gateway.Calls, x => x.StartsWith("commit", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Insert_ReportsTheSequenceIdAsLastInsertId()
    {
        await using var c = Connect();
        await c.OpenAsync();
        await using var cmd = new MySqlCommand("insert into customer(email) values ('x@domain.com')", c);
        await cmd.ExecuteNonQueryAsync();
        Assert.Equal(1000, cmd.LastInsertedId);
        Assert.Equal(1000UL, Convert.ToUInt64(await new MySqlCommand("select last_insert_id()", c).ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task PreparedStatement_RoutesByItsParameter()
    {
        await using var c = Connect();
        await c.OpenAsync();
        await using var cmd = new MySqlCommand("select email from customer where customer_id = @id", c);
        cmd.Parameters.AddWithValue("@id", 4);
        await cmd.PrepareAsync();
        Assert.Equal("80-", await cmd.ExecuteScalarAsync());
        cmd.Parameters["@id"].Value = 1;
        Assert.Equal("-80", await cmd.ExecuteScalarAsync());
    }

    [Fact]
    public async Task LookupVindex_ReadsItsTableThenRoutesToTheShardFound_AndAMissIsAnEmptyResultSet()
    {
        await using var c = Connect();
        await c.OpenAsync();
        Assert.Equal(4L, Convert.ToInt64(await new MySqlCommand("select customer_id from customer where email = 'dan@domain.com'", c).ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains(_gateway.Calls, x => x.StartsWith("execute commerce/0@primary tx=0: select email, keyspace_id from email_idx", StringComparison.Ordinal));
        Assert.Contains(_gateway.Calls, x => x.StartsWith("execute customer/80-@primary tx=0: select customer_id from customer where email", StringComparison.Ordinal));
        await using var r = await new MySqlCommand("select customer_id from customer where email = 'nobody'", c).ExecuteReaderAsync();
        Assert.Equal(1, r.FieldCount);
        Assert.False(await r.ReadAsync());
    }

    [Fact]
    public async Task AutocommitOff_KeepsATransactionOpenUntilCommit_ThenCommitsEachShard()
    {
        await using var c = Connect();
        await c.OpenAsync();
        await new MySqlCommand("set autocommit = 0", c).ExecuteNonQueryAsync();
        await new MySqlCommand("update corder set price = 1 where customer_id in (1, 4)", c).ExecuteNonQueryAsync();
        Assert.Equal(2, _gateway.Calls.Count(x => x.StartsWith("begin customer/", StringComparison.Ordinal)));
        Assert.DoesNotContain(_gateway.Calls, x => x.StartsWith("commit", StringComparison.Ordinal));
        await new MySqlCommand("commit", c).ExecuteNonQueryAsync();
        Assert.Equal(2, _gateway.Calls.Count(x => x.StartsWith("commit customer/", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task MariaDbCommandLineClient_ListsKeyspacesThroughTheGate()
    {
        var psi = new System.Diagnostics.ProcessStartInfo("mariadb", $"-h 127.0.0.1 -P {_server!.Port} -u root --skip-ssl -N -e \"show databases; use customer; select database()\"")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var p = System.Diagnostics.Process.Start(psi)!;
        try
        {
            var output = await p.StandardOutput.ReadToEndAsync();
            var error = await p.StandardError.ReadToEndAsync();
            await p.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
            Assert.True(p.ExitCode == 0, error);
            Assert.Equal(["commerce", "customer", "merchant", "customer"], output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }
        finally
        {
            if (!p.HasExited)
            {
                p.Kill();
            }
        }
    }

    [Fact]
    public async Task VSchemaChange_DropsCachedPlans()
    {
        var holder = new VSchemaHolder();
        holder.Update(PlanCaseFile.VSchema.Source);
        var executor = new Executor(holder, _gateway);
        var session = new GateSession { Keyspace = "customer" };
        await executor.ExecuteAsync(session, "select * from corder where customer_id = 1", null, CancellationToken.None);
        await executor.ExecuteAsync(session, "select * from corder where customer_id = 2", null, CancellationToken.None);
        Assert.Equal(1, executor.Plans.Count);
        Assert.Equal(1, executor.Plans.Hits);
        holder.Update(PlanCaseFile.VSchema.Source);
        await executor.ExecuteAsync(session, "select * from corder where customer_id = 3", null, CancellationToken.None);
        Assert.Equal(2, executor.Plans.Misses);
        Assert.Equal(1, executor.Plans.Count);
    }

    [Fact]
    public async Task ShardTarget_SendsStatementsToThatShardOnly()
    {
        await using var c = Connect("customer/80-");
        await c.OpenAsync();
        await new MySqlCommand("delete from corder", c).ExecuteNonQueryAsync();
        Assert.Contains(_gateway.Calls, x => x.StartsWith("execute customer/80-@primary tx=0: delete from corder", StringComparison.Ordinal));
        Assert.DoesNotContain(_gateway.Calls, x => x.Contains("customer/-80", StringComparison.Ordinal));
    }
}
