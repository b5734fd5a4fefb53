using Tessera.Gate.Engine;
using Tessera.Gate.Errors;
using Tessera.Gate.Executing;
using Tessera.Gate.Planning;
using Tessera.Gate.Tests.Planning;
using Tessera.Keys;
using Tessera.Sql;
using Tessera.Sql.Normalizing;
using Tessera.Vindexes;
using QType = Tessera.Rpc.Query.Type;

namespace Tessera.Gate.Tests.Engine;

// Owned lookup vindexes written by the owner table's DML, planned against the fixture VSchema and
// run on a fake cursor: what is sent, where, in which order, with which keyspace ids.
public sealed class LookupWriteExecutionTests
{
    private static async Task<Result> Run(string sql, FakeVCursor cursor)
    {
        var (normalized, bind) = Normalizer.Normalize(SqlParser.Parse(sql));
        var plan = PlanBuilder.Build(normalized, PlanCaseTests.Context(null));
        var bv = bind.ToDictionary(kv => kv.Key, kv => BindValue.Of(Evaluation.EvalTranslator.FromLiteral(kv.Value)), StringComparer.Ordinal);
        return await plan.Instructions.ExecuteAsync(cursor, bv, CancellationToken.None);
    }

    private static byte[] Ksid(long id) => HashVindex.Hash((ulong)id);

    private static string Bound(BoundQuery q, string name) => q.BindVariables[name].Value.ToText() ?? "NULL";

    private static byte[] BoundBytes(BoundQuery q, string name) => q.BindVariables[name].Value.RawArray!;

    [Fact]
    public async Task Insert_WritesTheLookupRowsFirst_EachWithItsRowsKeyspaceId()
    {
        var cursor = new FakeVCursor((_, _, _) => new Result { RowsAffected = 1 });
        await Run("insert into customer(customer_id, email) values (4, 'b@x'), (1, 'a@x')", cursor);

        var first = cursor.Log[0];
        Assert.Equal("commerce", first.Keyspace);
        Assert.Equal("insert into email_idx(email, keyspace_id) values (:email_0, :keyspace_id_0), (:email_1, :keyspace_id_1)", first.Query.Sql);
        Assert.Equal("a@x", Bound(first.Query, "email_0")); // sorted by value
        Assert.Equal(Ksid(1), BoundBytes(first.Query, "keyspace_id_0"));
        Assert.Equal("b@x", Bound(first.Query, "email_1"));
        Assert.Equal(Ksid(4), BoundBytes(first.Query, "keyspace_id_1"));
        Assert.Equal(["-80", "80-"], cursor.Log.Skip(1).Select(l => l.Shard).Order(StringComparer.Ordinal));
        Assert.All(cursor.Log.Skip(1), l => Assert.StartsWith("insert into customer", l.Query.Sql, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Insert_NullForALookupWithoutIgnoreNulls_IsRefused_BeforeAnythingIsSent()
    {
        var cursor = new FakeVCursor((_, _, _) => new Result());
        var e = await Assert.ThrowsAsync<GateException>(() => Run("insert into customer(customer_id) values (9)", cursor));
        Assert.Equal(GateErrors.LookupNullValue, e.Code);
        Assert.Contains("email_lookup", e.Message, StringComparison.Ordinal);
        Assert.Empty(cursor.Log);
    }

    [Fact]
    public async Task Insert_IntoASharedLookupTable_GoesToTheShardItsOwnVindexNames()
    {
        var cursor = new FakeVCursor((_, _, _) => new Result { RowsAffected = 1 });
        await Run("insert into customer_phone(customer_id, phone) values (1, '555-0100'), (2, null)", cursor);

        var lookup = cursor.Log.Where(l => l.Keyspace == "merchant").ToList();
        var expected = XxHashShard("555-0100");
        Assert.Equal([expected], lookup.Select(l => l.Shard));
        Assert.Equal("insert into phone_idx(phone, keyspace_id) values (:phone_0, :keyspace_id_0)", lookup[0].Query.Sql); // the NULL row skipped (ignore_nulls)
        Assert.Equal(Ksid(1), BoundBytes(lookup[0].Query, "keyspace_id_0"));
    }

    private static string XxHashShard(string value)
    {
        var v = (IHashingVindex)VindexRegistry.Default.Create("xxhash", "x");
        Assert.True(v.TryHash(SqlValue.FromString(value), out var id, out _));
        return DestinationResolver.FromShardNames(["-40", "40-80", "80-c0", "c0-"]).ShardFor(id);
    }

    [Fact]
    public async Task InsertIgnore_LeavesOutARowWhoseValueBelongsToAnotherRow()
    {
        var cursor = new FakeVCursor((ks, _, q) =>
        {
            if (ks == "commerce" && q.Sql.StartsWith("select", StringComparison.Ordinal))
            {
                // 'taken@x' already points at customer 4's keyspace id.
                var rows = q.BindVariables["__lookup"].Values!.Select(v => v.ToText()).Select(v => v == "taken@x"
                    ? new[] { Value.FromString(v), new Value(QType.Varbinary, Ksid(4)) }
                    : [Value.FromString(v!), new Value(QType.Varbinary, Ksid(5))]).ToList();
                return new Result([new Field("email", QType.Varbinary), new Field("keyspace_id", QType.Varbinary)], rows);
            }

            return new Result { RowsAffected = 1 };
        });
        await Run("insert ignore into customer(customer_id, email) values (1, 'taken@x'), (5, 'mine@x')", cursor);

        Assert.StartsWith("insert ignore into email_idx", cursor.Log[0].Query.Sql, StringComparison.Ordinal);
        var owner = Assert.Single(cursor.Log, l => l.Keyspace == "customer");
        Assert.Equal("insert ignore into customer(customer_id, email) values (:__seq1, :vtg4)", owner.Query.Sql);
    }

    [Fact]
    public async Task Delete_ReadsTheRowsForUpdate_DeletesTheirLookupRows_ThenTheRows()
    {
        var cursor = new FakeVCursor((ks, shard, q) => ks == "customer" && q.Sql.StartsWith("select", StringComparison.Ordinal)
            ? (shard == "-80" ? FakeVCursor.Rows("customer_id,email", [1, "a@x"], [2, null]) : FakeVCursor.Rows("customer_id,email", [4, "d@x"]))
            : new Result { RowsAffected = 1 });
        var r = await Run("delete from customer where customer_id > 0", cursor);

        Assert.Equal(["select customer_id, email from customer where customer_id > :vtg1 for update"], cursor.Log.Take(2).Select(l => l.Query.Sql).Distinct());
        var deletes = cursor.Log.Where(l => l.Keyspace == "commerce").ToList();
        Assert.Equal(2, deletes.Count); // customer 2's NULL email never had a lookup row
        Assert.All(deletes, d => Assert.Equal("delete from email_idx where email = :email and keyspace_id = :keyspace_id", d.Query.Sql));
        Assert.Equal("a@x", Bound(deletes[0].Query, "email"));
        Assert.Equal(Ksid(1), BoundBytes(deletes[0].Query, "keyspace_id"));
        Assert.Equal(Ksid(4), BoundBytes(deletes[1].Query, "keyspace_id"));
        Assert.All(cursor.Log.Skip(4), l => Assert.StartsWith("delete from customer", l.Query.Sql, StringComparison.Ordinal));
        Assert.Equal(2UL, r.RowsAffected);
    }

    [Fact]
    public async Task Update_MovesOnlyTheLookupRowsWhoseValueChanges()
    {
        var cursor = new FakeVCursor((ks, _, q) => ks == "customer" && q.Sql.StartsWith("select", StringComparison.Ordinal)
            ? FakeVCursor.Rows("customer_id,email,new", [1, "old@x", "new@x"], [2, "new@x", "new@x"])
            : new Result { RowsAffected = 1 });
        await Run("update customer set email = 'new@x' where customer_id in (1, 2)", cursor);

        Assert.Equal("select customer_id, email, :vtg1 from customer where customer_id in ::__vals for update", cursor.Log[0].Query.Sql);
        var lookup = cursor.Log.Where(l => l.Keyspace == "commerce").Select(l => l.Query).ToList();
        Assert.Equal(2, lookup.Count);
        Assert.Equal("delete from email_idx where email = :email and keyspace_id = :keyspace_id", lookup[0].Sql);
        Assert.Equal("old@x", Bound(lookup[0], "email"));
        Assert.Equal("insert into email_idx(email, keyspace_id) values (:email_0, :keyspace_id_0)", lookup[1].Sql);
        Assert.Equal("new@x", Bound(lookup[1], "email_0"));
        Assert.Equal(Ksid(1), BoundBytes(lookup[1], "keyspace_id_0"));
        Assert.StartsWith("update customer set email", cursor.Log[^1].Query.Sql, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FailureAfterALookupWrite_IsMarkedPartial_ForTheExecutorToRollBack()
    {
        var cursor = new FakeVCursor((ks, _, _) => ks == "customer"
            ? throw new Protocol.MySqlErrorException(new Protocol.MySqlError(1062, "23000", "Duplicate entry '1' for key 'PRIMARY'"))
            : new Result { RowsAffected = 1 });
        var e = await Assert.ThrowsAsync<PartialDmlException>(() => Run("insert into customer(customer_id, email) values (1, 'a@x')", cursor));
        Assert.Equal(1062, Assert.IsType<Protocol.MySqlErrorException>(e.InnerException).Error.Number);
    }

    [Fact]
    public async Task DuplicateInTheLookupTable_KeepsMySqlsNumber_AndNamesTheVindex()
    {
        var cursor = new FakeVCursor((ks, _, _) => ks == "commerce"
            ? throw new Protocol.MySqlErrorException(new Protocol.MySqlError(1062, "23000", "Duplicate entry 'a@x' for key 'PRIMARY'"))
            : new Result { RowsAffected = 1 });
        var e = await Assert.ThrowsAsync<Protocol.MySqlErrorException>(() => Run("insert into customer(customer_id, email) values (1, 'a@x')", cursor));
        Assert.Equal(1062, e.Error.Number);
        Assert.Equal("23000", e.Error.SqlState);
        Assert.Equal("lookup.Create: Duplicate entry 'a@x' for key 'PRIMARY' (lookup vindex email_lookup, table commerce.email_idx)", e.Error.Message);
        Assert.DoesNotContain(cursor.Log, l => l.Keyspace == "customer");
    }

    [Fact]
    public async Task AutocommitLookupWrites_RunOutsideTheSessionsTransaction()
    {
        var cursor = new FakeVCursor((_, _, _) => new Result());
        var query = new LookupQuery(cursor, () => PlanCaseFile.VSchema);
        var spec = new LookupTableSpec("commerce.email_idx", ["email"], "keyspace_id", LookupCommitOrder.Autocommit);
        await query.CreateAsync(spec, [[SqlValue.FromString("a@x")]], [SqlValue.FromBinary(Ksid(1))], ignore: false, CancellationToken.None);
        Assert.Empty(cursor.Log);
        var (keyspace, shard, q) = Assert.Single(cursor.AutocommitLog);
        Assert.Equal(("commerce", "0"), (keyspace, shard));
        Assert.Equal("insert into email_idx(email, keyspace_id) values (:email_0, :keyspace_id_0)", q.Sql);
    }
}
