using Tessera.Sql.Normalizing;

namespace Tessera.Sql.Tests;

// What the gate and the tablet read from the tree.
public class AstShapeTests
{
    [Fact]
    public void SequenceTable_CommentIsReadableFromTheAst()
    {
        var create = Assert.IsType<CreateTable>(SqlParser.Parse(
            "create table user_seq(id int, next_id bigint, cache bigint, primary key(id)) comment 'vitess_sequence'"));
        Assert.Equal("vitess_sequence", create.Comment);
        Assert.True(create.IsSequence);
        Assert.Equal(["id", "next_id", "cache"], create.Columns.Select(c => c.Name));
        Assert.True(create.Indexes.Single().IsPrimary);
    }

    [Fact]
    public void OrdinaryTable_IsNotASequence()
    {
        var create = Assert.IsType<CreateTable>(SqlParser.Parse("create table t (id int) engine=InnoDB comment='users'"));
        Assert.Equal("users", create.Comment);
        Assert.False(create.IsSequence);
    }

    [Theory]
    [InlineData("use ks", "ks", null, null)]
    [InlineData("use ks/-80", "ks", "-80", null)]
    [InlineData("use ks:-80", "ks", "-80", null)]
    [InlineData("use ks@replica", "ks", null, "replica")]
    [InlineData("use `ks:-80@replica`", "ks", "-80", "replica")]
    [InlineData("use ks:80-c0@rdonly", "ks", "80-c0", "rdonly")]
    public void UseTarget_SplitsIntoKeyspaceShardAndTabletType(string sql, string keyspace, string? shard, string? tabletType)
    {
        var use = Assert.IsType<UseStatement>(SqlParser.Parse(sql));
        Assert.Equal(keyspace, use.Keyspace);
        Assert.Equal(shard, use.Shard);
        Assert.Equal(tabletType, use.TabletType);
    }

    [Fact]
    public void QualifiedTable_KeepsKeyspaceQualifier()
    {
        var select = Assert.IsType<Select>(SqlParser.Parse("select a from ks.t as x join u on x.id = u.id"));
        var join = Assert.IsType<JoinTable>(select.From[0]);
        var left = Assert.IsType<AliasedTable>(join.Left);
        Assert.Equal(new TableName("ks", "t"), left.Name);
        Assert.Equal("x", left.Alias);
        Assert.Equal(new TableName("u"), Assert.IsType<AliasedTable>(join.Right).Name);
    }

    [Fact]
    public void Directives_AreReadFromVitessComments()
    {
        var select = Assert.IsType<Select>(SqlParser.Parse("select /*vt+ QUERY_TIMEOUT_MS=100 SCATTER_ERRORS_AS_WARNINGS */ a from t"));
        Assert.Equal("100", select.Comments!.Directive("QUERY_TIMEOUT_MS"));
        Assert.Equal("", select.Comments.Directive("SCATTER_ERRORS_AS_WARNINGS"));
        Assert.Null(select.Comments.Directive("OTHER"));
    }

    [Fact]
    public void NextValues_IsASequenceRequest()
    {
        var select = Assert.IsType<Select>(SqlParser.Parse("select next 10 values from user_seq"));
        var next = Assert.IsType<NextValExpr>(select.Items[0].Expr);
        Assert.Equal("10", Assert.IsType<Literal>(next.Count).Value);
        Assert.Equal("select next 1 values from user_seq", SqlParser.Parse("select next value from user_seq").ToString());
        Assert.Equal("select next :n values from user_seq", SqlParser.Parse("select next :n values from user_seq").ToString());
    }

    [Fact]
    public void ParseMultiple_SplitsOnSemicolonsOutsideQuotesAndComments()
    {
        var list = SqlParser.ParseMultiple("select ';' from t; /* ; */ insert into t values (1);; update t set a = 'x;y'");
        Assert.Equal(3, list.Count);
        Assert.IsType<Select>(list[0]);
        Assert.IsType<Insert>(list[1]);
        Assert.IsType<Update>(list[2]);
    }

    [Fact]
    public void Parse_RejectsTwoStatements()
    {
        Assert.Throws<SqlSyntaxException>(() => SqlParser.Parse("select 1; select 2"));
    }

    [Fact]
    public void PositionalParameters_AreNumberedInTextOrder()
    {
        var select = Assert.IsType<Select>(SqlParser.Parse("select a from t where b = ? and c in (?, ?) limit ? offset ?"));
        Assert.Equal(new Parameter(3), select.Limit!.Count);
        Assert.Equal(new Parameter(4), select.Limit.Offset);
    }

    [Fact]
    public void Rewriter_CanStripKeyspaceQualifiers()
    {
        var stmt = SqlParser.Parse("select ks.t.a from ks.t join ks.u on t.id = u.id where ks.t.b = 1");
        var stripped = stmt.Rewrite(new StripKeyspace());
        Assert.Equal("select t.a from t join u on t.id = u.id where t.b = 1", stripped.ToString());
    }

    [Fact]
    public void Rewriter_ThatChangesNothing_ReturnsTheSameTree()
    {
        var stmt = SqlParser.Parse("select a, b from t where c = 1 and d in (select e from u) order by a limit 3");
        Assert.Same(stmt, stmt.Rewrite(new StripKeyspace()));
    }

    [Fact]
    public void WhereConjuncts_CanBeSplit()
    {
        var select = Assert.IsType<Select>(SqlParser.Parse("select a from t where id = 5 and (b = 1 or c = 2) and d > 3"));
        var conjuncts = new List<Expression>();
        Split(select.Where!, conjuncts);
        Assert.Equal(["id = 5", "b = 1 or c = 2", "d > 3"], conjuncts.Select(c => c.ToString()));
    }

    [Fact]
    public void Expression_ParsesAlone()
    {
        Assert.Equal("a + 1 > 2 and b is null", SqlParser.ParseExpression("a+1 > 2 AND b IS NULL").ToString());
    }

    [Fact]
    public void Normalizer_KeepsOrdinalsAndLimit()
    {
        var (stmt, binds) = Normalizer.Normalize(SqlParser.Parse("select a, 'x' from t where b = 3 group by 1 order by 2 desc limit 5, 10"));
        Assert.Equal("select a, :vtg1 from t where b = :vtg2 group by 1 order by 2 desc limit 5, 10", stmt.ToString());
        Assert.Equal(2, binds.Count);
    }

    private static void Split(Expression e, List<Expression> into)
    {
        if (e is BinaryExpr { Op: BinaryOp.And } and)
        {
            Split(and.Left, into);
            Split(and.Right, into);
            return;
        }

        into.Add(e);
    }

    private sealed class StripKeyspace : AstRewriter
    {
        public override TableName VisitTableName(TableName name) => name.Qualifier == null ? name : name with { Qualifier = null };

        public override Expression VisitExpression(Expression e) =>
            e is ColumnName { Table.Qualifier: not null } c ? c with { Table = c.Table with { Qualifier = null } } : e;
    }
}

public class TableNamesTests
{
    [Theory]
    [InlineData("select a from ks.t join u on t.id = u.id where b in (select c from v)", "ks.t u v")]
    [InlineData("insert into t(a) select b from ks.u", "t ks.u")]
    [InlineData("update t1 join t2 on t1.id = t2.id set t1.a = 1", "t1 t2")]
    [InlineData("delete t1 from t1 join t2 on t1.id = t2.id", "t1 t1 t2")]
    [InlineData("select * from (select a from t) as x where exists (select 1 from u)", "t u")]
    [InlineData("create table ks.seq (id int) comment 'vitess_sequence'", "ks.seq")]
    [InlineData("drop table if exists a, b", "a b")]
    [InlineData("rename table a to b", "a b")]
    [InlineData("explain select * from t", "t")]
    [InlineData("show create table ks.t", "ks.t")]
    [InlineData("set @a = 1", "")]
    public void TableNames_ListsEveryTableTheStatementTouches(string sql, string expected)
    {
        var names = Analysis.TableNames.Of(SqlParser.Parse(sql)).Select(n => n.ToString());
        Assert.Equal(expected, string.Join(" ", names));
    }
}
