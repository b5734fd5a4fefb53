using Tessera.Gate.Engine;
using Tessera.Gate.Errors;
using Tessera.Gate.Executing;
using Tessera.Gate.Tests.Engine;
using Tessera.Gate.Tests.Planning;
using Tessera.Vindexes.VSchemas;

namespace Tessera.Gate.Tests.FrontEnd;

// The session statements connectors send (SET NAMES, SET TRANSACTION ...) on the executor with a
// fake gateway that cannot reserve connections: what needs none must not try to.
public sealed class SessionSettingsTests
{
    private readonly FakeGateway _gateway = new((_, _) => FakeVCursor.Rows("k", [1]));
    private readonly Executor _executor;

    public SessionSettingsTests()
    {
        var holder = new VSchemaHolder();
        holder.Update(PlanCaseFile.VSchema.Source);
        _executor = new Executor(holder, _gateway);
    }

    private Task<Result> Run(GateSession session, string sql) => _executor.ExecuteAsync(session, sql, null, CancellationToken.None).AsTask();

    [Theory]
    [InlineData("set names utf8mb4")]
    [InlineData("SET NAMES 'utf8mb4' COLLATE 'utf8mb4_general_ci'")]
    [InlineData("set names default")]
    [InlineData("set character set utf8mb4")]
    [InlineData("set charset default")]
    [InlineData("set character_set_results = utf8mb4, character_set_client = 'utf8mb4', @@session.character_set_connection = utf8mb4")]
    [InlineData("set collation_connection = utf8mb4_general_ci")]
    [InlineData("set names utf8mb4, autocommit = 1, sql_select_limit = default")]
    public async Task WhatConnectorsSendAtConnect_NeedsNoReservedConnection(string set)
    {
        var session = new GateSession { Keyspace = "customer" };
        await Run(session, set);
        Assert.Empty(session.PreQueries);
        Assert.True(session.Charsets.IsDefault);

        // The fake gateway refuses reserved connections: this query would fail if one were asked for.
        await Run(session, "select k from customer where customer_id = 1");
        Assert.Single(_gateway.Calls, c => c.StartsWith("execute customer/-80", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SetNames_OtherThanTheDefault_IsCarried_AndSetBackItIsCarriedBack()
    {
        var session = new GateSession(); // no keyspace: nothing to reserve yet
        await Run(session, "set names latin1");
        Assert.Equal("set @@session.character_set_client = 'latin1', @@session.character_set_results = 'latin1', @@session.character_set_connection = 'latin1'", Assert.Single(session.PreQueries).Statement);

        await Run(session, "set names utf8mb4 collate utf8mb4_bin");
        Assert.EndsWith("@@session.character_set_connection = 'utf8mb4', @@session.collation_connection = 'utf8mb4_bin'", Assert.Single(session.PreQueries).Statement);

        // Back to the default: the statement stays, so connections already reserved are set back.
        await Run(session, "set names utf8mb4");
        Assert.True(session.Charsets.IsDefault);
        Assert.Equal("set @@session.character_set_client = 'utf8mb4', @@session.character_set_results = 'utf8mb4', @@session.character_set_connection = 'utf8mb4'", Assert.Single(session.PreQueries).Statement);
    }

    [Theory]
    [InlineData("set names utf8", "utf8mb3", "utf8mb3", "utf8mb3", null)]
    [InlineData("set character set latin1", "latin1", "latin1", "utf8mb4", null)]
    [InlineData("set collation_connection = latin1_swedish_ci", "utf8mb4", "utf8mb4", "latin1", "latin1_swedish_ci")]
    [InlineData("set names koi8r collate koi8r_bin", "koi8r", "koi8r", "koi8r", "koi8r_bin")]
    [InlineData("set character_set_results = NULL", "utf8mb4", null, "utf8mb4", null)]
    [InlineData("set collation_connection = utf8mb4_bin, character_set_connection = latin1", "utf8mb4", "utf8mb4", "latin1", null)]
    public async Task CharsetStatements_ChangeTheVariablesAsMariaDbDoes(string set, string client, string? results, string connection, string? collation)
    {
        var session = new GateSession();
        await Run(session, set);
        Assert.Equal(new ConnectionCharsets(client, results, connection, collation), session.Charsets);
        Assert.False(session.Charsets.IsDefault);
    }

    // The front end reads text as UTF-8: under a latin1 client, non-ASCII text is refused rather
    // than sent on changed; ASCII is the same in both and runs.
    [Fact]
    public async Task NonAsciiText_UnderANonUtf8ClientCharset_IsRefusedByName()
    {
        var session = new GateSession();
        await Run(session, "set names latin1");
        Assert.Equal("abc", (await Run(session, "select 'abc'")).Rows[0][0].ToText());
        var e = await Assert.ThrowsAsync<GateException>(() => Run(session, "select 'caf\u00e9'"));
        Assert.Contains("character_set_client latin1", e.Message, StringComparison.Ordinal);
        await Run(session, "set names utf8mb4");
        Assert.Equal("caf\u00e9", (await Run(session, "select 'caf\u00e9'")).Rows[0][0].ToText());
    }

    private static async Task<GateException> Refused(Func<Task> run) => await Assert.ThrowsAsync<GateException>(run);

    [Theory]
    [InlineData("set session transaction read only")]
    [InlineData("set tx_read_only = 1")]
    [InlineData("set @@session.transaction_read_only = on")]
    public async Task ReadOnlySession_RefusesWritesWithMariaDbsError_BeforeAnyShardIsAsked(string set)
    {
        var session = new GateSession { Keyspace = "customer" };
        await Run(session, set);
        foreach (var write in new[] { "insert into customer(customer_id, email) values (1, 'a')", "update customer set email = 'b' where customer_id = 1", "delete from customer", "select * from customer where customer_id = 1 for update", "drop table customer" })
        {
            var e = await Refused(() => Run(session, write));
            Assert.Equal(1792, e.Code.MySqlNumber);
            Assert.Equal("25006", e.Code.SqlState);
            Assert.Contains("READ ONLY transaction", e.Message, StringComparison.Ordinal);
        }

        Assert.Empty(_gateway.Calls);
        await Run(session, "select k from customer where customer_id = 1");
        Assert.Single(_gateway.Calls);
        Assert.Equal("1", (await Run(session, "select @@tx_read_only")).Rows[0][0].ToText());

        await Run(session, "set session transaction read write");
        await Run(session, "update customer_note set k = 'b' where customer_id = 1");
        Assert.Equal("0", (await Run(session, "select @@transaction_read_only")).Rows[0][0].ToText());
    }

    [Fact]
    public async Task SetTransaction_WithoutSession_GovernsTheNextTransactionOnly_UntilCommitOrRollback()
    {
        var session = new GateSession { Keyspace = "customer" };
        await Run(session, "set transaction read only");
        await Refused(() => Run(session, "update customer_note set k = 'b' where customer_id = 1"));
        await Run(session, "begin");
        await Refused(() => Run(session, "update customer_note set k = 'b' where customer_id = 1"));
        await Run(session, "select k from customer where customer_id = 1");
        Assert.Equal(GateSession.ReadOnlySnapshot, session.BeginIsolation);

        // Characteristics cannot change inside a transaction (MariaDB's 1568).
        var e = await Refused(() => Run(session, "set transaction read write"));
        Assert.Equal(1568, e.Code.MySqlNumber);
        await Run(session, "commit");

        await Run(session, "update customer_note set k = 'b' where customer_id = 1");
        await Run(session, "start transaction read only");
        await Refused(() => Run(session, "delete from customer_note where customer_id = 1"));
        await Run(session, "rollback");
        await Run(session, "delete from customer_note where customer_id = 1");
    }

    [Fact]
    public async Task SetTransactionIsolation_WithoutSession_IsForTheNextTransaction_AndTheSessionLevelStays()
    {
        var session = new GateSession { Keyspace = "customer" };
        await Run(session, "set session transaction isolation level serializable");
        await Run(session, "set transaction isolation level read committed");
        await Run(session, "begin");
        Assert.Equal("read committed", session.BeginIsolation);
        await Run(session, "commit");
        await Run(session, "begin");
        Assert.Equal("serializable", session.BeginIsolation);
        await Run(session, "commit");
        Assert.Equal("SERIALIZABLE", (await Run(session, "select @@tx_isolation")).Rows[0][0].ToText());
    }
}
