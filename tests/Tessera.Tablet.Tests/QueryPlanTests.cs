using Tessera.Tablet.QueryService;
using Tessera.Tablet.TabletManager;

namespace Tessera.Tablet.Tests;

public sealed class QueryPlanTests
{
    [Theory]
    [InlineData("select * from a join b on a.id = b.id where a.x = :v", "Select", "a,b")]
    [InlineData("select id from customer where id = 1 for update", "SelectLock", "customer")]
    [InlineData("insert into customer (email) values (:e)", "Insert", "customer")]
    [InlineData("update customer set email = 'x' where id = 1", "Update", "customer")]
    [InlineData("delete from customer where id = 1", "Delete", "customer")]
    [InlineData("select next 5 values from customer_seq", "NextVal", "customer_seq")]
    [InlineData("/* comment */ alter table customer add column x int", "Ddl", "")]
    [InlineData("set @x = 1", "Set", "")]
    [InlineData("create table item (id bigint primary key)", "Ddl", "item")]
    [InlineData("alter table item add column x int", "Ddl", "item")]
    [InlineData("drop table a, b", "Ddl", "a,b")]
    [InlineData("rename table a to b", "Ddl", "a,b")]
    [InlineData("truncate table item", "Ddl", "item")]
    public void Plan_ClassifiesStatementAndTables(string sql, string type, string tables)
    {
        var plan = QueryPlan.Build(sql);
        Assert.Equal(type, plan.Type.ToString());
        if (tables.Length > 0) Assert.Equal(tables.Split(','), plan.Tables);
    }

    [Fact]
    public void Plan_SubqueryTables_AreIncluded() =>
        Assert.Contains("moved", QueryPlan.Build("select * from a where id in (select id from moved)").Tables);

    [Fact]
    public void Writes_AreWrites_AndReadsAreNot()
    {
        Assert.True(QueryPlan.Build("insert into t values (1)").IsWrite);
        Assert.True(QueryPlan.Build("drop table t").IsWrite);
        Assert.False(QueryPlan.Build("select 1").IsWrite);
    }

    [Fact]
    public void GtidPosition_ComparesPerDomain()
    {
        var current = GtidPosition.Parse("0-100-42,1-200-7");
        Assert.True(GtidPosition.Contains(current, GtidPosition.Parse("0-101-40")));
        Assert.True(GtidPosition.Contains(current, GtidPosition.Parse("MariaDB/0-100-42,1-200-7")));
        Assert.False(GtidPosition.Contains(current, GtidPosition.Parse("0-100-43")));
        Assert.False(GtidPosition.Contains(current, GtidPosition.Parse("2-100-1")));
        Assert.True(GtidPosition.Contains(current, GtidPosition.Parse("")));
        Assert.Throws<TabletException>(() => GtidPosition.Parse("0-100"));
    }
}
