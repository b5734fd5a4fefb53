using Tessera.Ctld.Admin;

namespace Tessera.Ctld.Tests.Admin;

public class SqlStatementsTests
{
    [Theory]
    [InlineData("create table a (id int); create table b (id int);", new[] { "create table a (id int)", "create table b (id int)" })]
    [InlineData("insert into t values ('x;y', \"p;q\", `c;d`)", new[] { "insert into t values ('x;y', \"p;q\", `c;d`)" })]
    [InlineData("insert into t values ('it''s;', 'back\\';slash')", new[] { "insert into t values ('it''s;', 'back\\';slash')" })]
    [InlineData("-- a comment; with a semicolon\ncreate table a (id int) /* and; here */;\n# another; one\n", new[] { "-- a comment; with a semicolon\ncreate table a (id int) /* and; here */" })]
    [InlineData(" ; ;\n-- only a comment\n", new string[0])]
    [InlineData("select 1--2;select 2", new[] { "select 1--2", "select 2" })]
    public void Split_CutsAtSemicolonsOutsideQuotesAndComments(string sql, string[] expected) =>
        Assert.Equal(expected, SqlStatements.Split(sql));
}

public class GtidSetTests
{
    [Fact]
    public void Contains_ComparesSequenceNumbersDomainByDomain()
    {
        var ahead = GtidSet.Parse("0-100-42,1-200-7");
        var behind = GtidSet.Parse("MariaDB/0-101-40,1-200-7");
        Assert.True(ahead.Contains(behind));
        Assert.False(behind.Contains(ahead));
        Assert.True(ahead.Contains(GtidSet.Parse("")));
        Assert.False(GtidSet.Parse("0-100-42").Contains(ahead));
        Assert.Equal("0-100-42,1-200-7", GtidSet.Parse("1-200-7, 0-100-42").ToString());
    }

    [Fact]
    public void Parse_RefusesWhatIsNotAPosition() =>
        Assert.Contains("is not a MariaDB GTID position", Assert.Throws<CtldException>(() => GtidSet.Parse("mysql-bin.000001:4")).Message, StringComparison.Ordinal);
}
