using System.Globalization;
using MySqlConnector;

namespace Tessera.Gate.Tests.EndToEnd;

// SET NAMES / SET CHARACTER SET / character_set_* through the gate reach every shard a session's
// later queries run on, as one MariaDB would hold them; a name MariaDB does not know fails the SET.
[Collection(GateClusterCollection.Name)]
public sealed class SessionCharsetTests(GateCluster cluster)
{
    private const string BothShards = "id in (1, 2, 3, 4, 5)";

    private static async Task<List<string?>> RowAsync(MySqlConnection c, string sql)
    {
        await using var r = await new MySqlCommand(sql, c).ExecuteReaderAsync();
        Assert.True(await r.ReadAsync());
        return [.. Enumerable.Range(0, r.FieldCount).Select(i => r.IsDBNull(i) ? null : r.GetValue(i) is byte[] b ? System.Text.Encoding.UTF8.GetString(b) : r.GetValue(i).ToString())];
    }

    private static async Task<HashSet<string>> DistinctRowsAsync(MySqlConnection c, string sql)
    {
        var rows = new HashSet<string>(StringComparer.Ordinal);
        var count = 0;
        await using var r = await new MySqlCommand(sql, c).ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            count++;
            rows.Add(string.Join("|", Enumerable.Range(1, r.FieldCount - 1).Select(i => r.IsDBNull(i) ? "NULL" : r.GetValue(i).ToString())));
        }

        Assert.Equal(5, count);
        return rows;
    }

    [Fact]
    public async Task SetNames_IsSeenOnEveryShard_AndSetBackAsWell()
    {
        await using var c = cluster.Connect("customer");
        await c.OpenAsync();
        await new MySqlCommand("set names latin1", c).ExecuteNonQueryAsync();
        Assert.Equal(["latin1", "latin1", "latin1", "latin1_swedish_ci"], await RowAsync(c, "select @@character_set_client, @@character_set_connection, @@character_set_results, @@collation_connection"));
        Assert.Equal(["latin1|latin1|latin1_swedish_ci"], await DistinctRowsAsync(c, $"select id, @@character_set_client, @@character_set_results, @@collation_connection from sbtest1 where {BothShards}"));

        await new MySqlCommand("set names utf8mb4 collate utf8mb4_bin", c).ExecuteNonQueryAsync();
        Assert.Equal(["utf8mb4|utf8mb4|utf8mb4_bin"], await DistinctRowsAsync(c, $"select id, @@character_set_client, @@character_set_results, @@collation_connection from sbtest1 where {BothShards}"));

        // utf8mb4_bin compares case-sensitively, utf8mb4_general_ci does not: the collation is applied.
        Assert.Equal(["0"], await RowAsync(c, "select 'a' = 'A' from sbtest1 where id = 4"));
        await new MySqlCommand("set names utf8mb4", c).ExecuteNonQueryAsync();
        Assert.Equal(["1"], await RowAsync(c, "select 'a' = 'A' from sbtest1 where id = 4"));
        Assert.Equal(["utf8mb4|utf8mb4|utf8mb4_general_ci"], await DistinctRowsAsync(c, $"select id, @@character_set_client, @@character_set_results, @@collation_connection from sbtest1 where {BothShards}"));
    }

    [Fact]
    public async Task SetCharacterSet_AndSingleVariables_AreSeenOnEveryShard()
    {
        await using var c = cluster.Connect("customer");
        await c.OpenAsync();
        await new MySqlCommand("set character set latin1", c).ExecuteNonQueryAsync();
        Assert.Equal(["latin1|utf8mb4|latin1"], await DistinctRowsAsync(c, $"select id, @@character_set_client, @@character_set_connection, @@character_set_results from sbtest1 where {BothShards}"));

        await new MySqlCommand("set character_set_results = NULL, character_set_client = utf8mb4", c).ExecuteNonQueryAsync();
        Assert.Equal(["utf8mb4|utf8mb4|NULL"], await DistinctRowsAsync(c, $"select id, @@character_set_client, @@character_set_connection, @@character_set_results from sbtest1 where {BothShards}"));
    }

    [Fact]
    public async Task SetNames_OfAnUnknownCharset_FailsWithMariaDbsError_AndTheSessionKeepsWorking()
    {
        await using var c = cluster.Connect("customer");
        await c.OpenAsync();
        var e = await Assert.ThrowsAsync<MySqlException>(() => new MySqlCommand("set names nosuchcharset", c).ExecuteNonQueryAsync());
        Assert.Equal(1115, e.Number); // ER_UNKNOWN_CHARACTER_SET
        Assert.Contains("nosuchcharset", e.Message, StringComparison.Ordinal);
        Assert.Equal(["utf8mb4|utf8mb4|utf8mb4_general_ci"], await DistinctRowsAsync(c, $"select id, @@character_set_client, @@character_set_results, @@collation_connection from sbtest1 where {BothShards}"));
    }

    // The handshake's character set is the session's, as MariaDB takes it: the mariadb CLI asking
    // for latin1 sees latin1 on every shard; asking for utf8mb4 (its default) sees utf8mb4.
    [Theory]
    [InlineData("latin1", "latin1", "latin1_swedish_ci")]
    [InlineData("utf8mb4", "utf8mb4", "utf8mb4_general_ci")]
    public async Task MariadbCli_HandshakeCharset_IsTheSessions(string asked, string charset, string collation)
    {
        var r = await ClientProcess.RunAsync("mariadb", ["-h", "127.0.0.1", "-P", cluster.GatePort.ToString(CultureInfo.InvariantCulture), "-u", "root", "-N", "-B", "--default-character-set=" + asked, "customer",
            "-e", $"select distinct @@character_set_client, @@character_set_results, @@collation_connection from sbtest1 where {BothShards}"], TimeSpan.FromSeconds(60));
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal($"{charset}\t{charset}\t{collation}", r.Stdout.Trim());
    }

    // What PyMySQL sends at connect (RealClientTests runs PyMySQL itself).
    [Fact]
    public async Task ConnectorSetNames_OfTheDefault_KeepTheSessionWorking()
    {
        await using var c = cluster.Connect("customer");
        await c.OpenAsync();
        await new MySqlCommand("SET NAMES utf8mb4 COLLATE utf8mb4_general_ci", c).ExecuteNonQueryAsync();
        await new MySqlCommand("SET NAMES 'utf8mb4'", c).ExecuteNonQueryAsync();
        Assert.Equal(["utf8mb4"], await RowAsync(c, "select @@character_set_results"));
        Assert.Equal(["5"], await RowAsync(c, $"select count(*) from sbtest1 where {BothShards}"));
    }
}
