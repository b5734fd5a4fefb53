using System.Diagnostics;
using MySqlConnector;

namespace Tessera.Gate.Tests.EndToEnd;

// A session's reserved connection dies with its tablet process; outside a transaction the gate
// reserves a new one with the session's settings, so the client sees neither an error nor the
// server defaults. On its own cluster, since it restarts a tablet.
public sealed class ReservedReconnectTests : IAsyncLifetime
{
    private readonly TabletCluster _cluster = new();

    public async Task InitializeAsync()
    {
        await _cluster.StartShardAsync(100, "commerce", "0", replicas: 0, SeedsSchema.Commerce);
        await _cluster.StartGateAsync("{\"keyspaces\": {\"commerce\": " + SeedsSchema.CommerceVSchema + "}}");
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private static async Task<string?> ScalarAsync(MySqlConnection c, string sql) => (await new MySqlCommand(sql, c).ExecuteScalarAsync())?.ToString();

    [Fact]
    public async Task TabletRestarted_TheSessionsSettingsAreReservedAnew_OutsideATransaction()
    {
        await using var c = _cluster.Connect("commerce");
        await c.OpenAsync();
        await new MySqlCommand("set time_zone = '+05:00', sql_mode = 'ANSI_QUOTES'", c).ExecuteNonQueryAsync();
        Assert.Equal("+05:00", await ScalarAsync(c, "select @@time_zone from dual where 1 = 1 and @@sql_mode = 'ANSI_QUOTES'"));

        await _cluster.RestartTabletAsync(_cluster.Tablets[0]);

        // Another session tells when the gate routes to the restarted tablet again.
        await using (var other = _cluster.Connect("commerce"))
        {
            await other.OpenAsync();
            var clock = Stopwatch.StartNew();
            while (true)
            {
                try
                {
                    await ScalarAsync(other, "select count(*) from product");
                    break;
                }
                catch (MySqlException) when (clock.Elapsed < TimeSpan.FromSeconds(30))
                {
                    await Task.Delay(200);
                }
            }

            Assert.Equal("SYSTEM", await ScalarAsync(other, "select @@time_zone from product union select @@time_zone"));
        }

        Assert.Equal("+05:00", await ScalarAsync(c, "select @@time_zone from dual where @@sql_mode = 'ANSI_QUOTES'"));
        Assert.Equal("0", await ScalarAsync(c, "select count(*) from product"));
        await new MySqlCommand("begin", c).ExecuteNonQueryAsync();
        Assert.Equal("+05:00", await ScalarAsync(c, "select @@time_zone from product union select @@time_zone"));
        await new MySqlCommand("commit", c).ExecuteNonQueryAsync();
    }
}
