using Tessera.Gate.Engine;
using Tessera.Gate.Executing;
using Tessera.Gate.Tests.FrontEnd;
using Tessera.Gate.Tests.Planning;
using Tessera.Protocol;
using Tessera.Vindexes.VSchemas;

namespace Tessera.Gate.Tests.Executing;

// DML of a table owning lookup vindexes writes two keyspaces; the executor makes it one
// transaction in autocommit, and in the client's transaction rolls back what a failed statement
// half wrote (Vitess: insideTransaction, rollbackPartialExec).
public sealed class OwnedLookupTransactionTests
{
    private static Executor NewExecutor(FakeGateway gateway)
    {
        var holder = new VSchemaHolder();
        holder.Update(PlanCaseFile.VSchema.Source);
        return new Executor(holder, gateway);
    }

    private static MySqlErrorException Duplicate() => new(new MySqlError(1062, "23000", "Duplicate entry '1' for key 'PRIMARY'"));

    [Fact]
    public async Task Autocommit_OwnerInsert_RunsInOneTransaction_BegunAndCommittedByTheGate()
    {
        var gateway = new FakeGateway((_, _) => new Result { RowsAffected = 1 });
        var session = new GateSession { Keyspace = "customer" };
        await NewExecutor(gateway).ExecuteAsync(session, "insert into customer(customer_id, email) values (1, 'a@x')", null, CancellationToken.None);

        Assert.Collection(gateway.Calls,
            c => Assert.StartsWith("begin commerce/0 tx=101: insert into email_idx", c, StringComparison.Ordinal),
            c => Assert.StartsWith("begin customer/-80 tx=102: insert into customer", c, StringComparison.Ordinal),
            c => Assert.Equal("commit commerce/0 tx=101", c),
            c => Assert.Equal("commit customer/-80 tx=102", c));
        Assert.False(session.InTransaction);
        Assert.Empty(session.ShardSessions);
    }

    [Fact]
    public async Task Autocommit_OwnerRowRefused_RollsTheLookupRowBack_AndReportsTheOwnersError()
    {
        var gateway = new FakeGateway((t, _) => t.Keyspace == "customer" ? throw Duplicate() : new Result { RowsAffected = 1 });
        var session = new GateSession { Keyspace = "customer" };
        var e = await Assert.ThrowsAsync<MySqlErrorException>(() => NewExecutor(gateway).ExecuteAsync(session, "insert into customer(customer_id, email) values (1, 'a@x')", null, CancellationToken.None).AsTask());
        Assert.Equal(1062, e.Error.Number);
        Assert.DoesNotContain("rolled back", e.Error.Message, StringComparison.Ordinal);
        Assert.Contains("rollback commerce/0 tx=101", gateway.Calls);
        Assert.DoesNotContain(gateway.Calls, c => c.StartsWith("commit", StringComparison.Ordinal));
        Assert.False(session.InTransaction);
    }

    [Fact]
    public async Task InTheClientsTransaction_APartialFailure_RollsItBack_AndSaysSo()
    {
        var gateway = new FakeGateway((t, _) => t.Keyspace == "customer" ? throw Duplicate() : new Result { RowsAffected = 1 });
        var executor = NewExecutor(gateway);
        var session = new GateSession { Keyspace = "customer" };
        await executor.ExecuteAsync(session, "begin", null, CancellationToken.None);
        var e = await Assert.ThrowsAsync<MySqlErrorException>(() => executor.ExecuteAsync(session, "insert into customer(customer_id, email) values (1, 'a@x')", null, CancellationToken.None).AsTask());
        Assert.Equal(1062, e.Error.Number);
        Assert.EndsWith("transaction rolled back to reverse changes of partial DML execution", e.Error.Message, StringComparison.Ordinal);
        Assert.Contains("rollback commerce/0 tx=101", gateway.Calls);
        Assert.False(session.InTransaction);
    }

    [Fact]
    public async Task InTheClientsTransaction_AFailureBeforeAnyWrite_KeepsTheTransaction()
    {
        var gateway = new FakeGateway((t, _) => t.Keyspace == "commerce" ? throw Duplicate() : new Result { RowsAffected = 1 });
        var executor = NewExecutor(gateway);
        var session = new GateSession { Keyspace = "customer" };
        await executor.ExecuteAsync(session, "begin", null, CancellationToken.None);
        var e = await Assert.ThrowsAsync<MySqlErrorException>(() => executor.ExecuteAsync(session, "insert into customer(customer_id, email) values (1, 'a@x')", null, CancellationToken.None).AsTask());
        Assert.Equal(1062, e.Error.Number);
        Assert.Contains("email_lookup", e.Error.Message, StringComparison.Ordinal);
        Assert.True(session.InTransaction);
        Assert.DoesNotContain(gateway.Calls, c => c.StartsWith("rollback", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DmlWithoutOwnedLookups_IsNotWrapped()
    {
        var gateway = new FakeGateway((_, _) => new Result { RowsAffected = 1 });
        var session = new GateSession { Keyspace = "customer" };
        await NewExecutor(gateway).ExecuteAsync(session, "update corder set price = 1 where customer_id = 1", null, CancellationToken.None);
        Assert.Equal(["execute customer/-80@primary tx=0: update corder set price = :vtg1 where customer_id = :vtg2"], gateway.Calls);
    }
}
