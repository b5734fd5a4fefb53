using MySqlConnector;
using Tessera.Gate.Evaluation;

namespace Tessera.Gate.Tests.EndToEnd;

// @@version and friends are answered by the gate with its own MariaDB-compatible version, never by
// a tablet's MariaDB, whether the query goes to a tablet or not.
[Collection(GateClusterCollection.Name)]
public sealed class GateVersionTests(GateCluster cluster)
{
    private static async Task<(string Name, string Value)> FirstAsync(MySqlConnection c, string sql)
    {
        await using var r = await new MySqlCommand(sql, c).ExecuteReaderAsync();
        Assert.True(await r.ReadAsync());
        return (r.GetName(0), r.GetValue(0) is byte[] b ? System.Text.Encoding.UTF8.GetString(b) : Convert.ToString(r.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
    }

    [Theory]
    [InlineData("", "select @@version", "@@version")]
    [InlineData("customer", "select @@version", "@@version")]
    [InlineData("customer", "select version()", "version()")]
    [InlineData("customer", "select @@session.version", "@@session.version")]
    [InlineData("customer", "select @@version, count(*) from customer", "@@version")]
    [InlineData("commerce", "select @@version, sku from product union all select @@version, 'x'", "@@version")]
    public async Task Version_IsTheGatesOwn_WhereverTheQueryRuns(string db, string sql, string column)
    {
        await using var c = cluster.Connect(db);
        await c.OpenAsync();
        var (name, value) = await FirstAsync(c, sql);
        Assert.Equal(SessionFuncEval.Version, value);
        Assert.Equal(column, name);
        Assert.EndsWith("-MariaDB-Tessera", value, StringComparison.Ordinal);
        Assert.StartsWith(value, c.ServerVersion, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("select @@version_comment limit 1")]
    [InlineData("select @@version_comment, count(*) from corder")]
    public async Task VersionComment_NamesTessera(string sql)
    {
        await using var c = cluster.Connect("customer");
        await c.OpenAsync();
        var (_, value) = await FirstAsync(c, sql);
        Assert.Equal(SessionFuncEval.VersionComment, value);
    }
}
