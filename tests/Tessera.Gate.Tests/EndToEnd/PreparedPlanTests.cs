using MySqlConnector;

namespace Tessera.Gate.Tests.EndToEnd;

// A prepared statement is planned once and then reused; its plan must still follow the session's
// target, which a `use` can change between two executions of the same statement.
public sealed class PreparedPlanTests(GateCluster cluster) : IClassFixture<GateCluster>
{
    [Fact]
    public async Task PreparedStatement_FollowsTheTarget_WhenUseChangesItBetweenExecutions()
    {
        await using var connection = cluster.Connect("customer");
        await connection.OpenAsync();
        await using var command = new MySqlCommand("select count(*) from sbtest1 where id > @min", connection);
        command.Parameters.AddWithValue("@min", 0);
        await command.PrepareAsync();

        var everyShard = Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(GateCluster.SbtestRows, everyShard);

        await connection.ChangeDatabaseAsync("customer/-80");
        var oneShard = Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(oneShard, 1, everyShard - 1);

        await connection.ChangeDatabaseAsync("customer/80-");
        var otherShard = Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(everyShard, oneShard + otherShard);

        await connection.ChangeDatabaseAsync("customer");
        command.Parameters["@min"].Value = GateCluster.SbtestRows - 10;
        Assert.Equal(10L, Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task PreparedStatement_WithDatabaseFunction_NamesTheCurrentKeyspaceEachTime()
    {
        await using var connection = cluster.Connect("commerce");
        await connection.OpenAsync();
        await using var command = new MySqlCommand("select database(), @x", connection);
        command.Parameters.AddWithValue("@x", 1);
        await command.PrepareAsync();
        Assert.Equal("commerce", (await command.ExecuteScalarAsync())?.ToString());
        await connection.ChangeDatabaseAsync("customer");
        Assert.Equal("customer", (await command.ExecuteScalarAsync())?.ToString());
    }
}
