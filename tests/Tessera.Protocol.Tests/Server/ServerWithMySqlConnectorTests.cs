using MySqlConnector;
using Tessera.Protocol.Auth;
using Tessera.Protocol.Payloads;
using Tessera.Protocol.Server;

namespace Tessera.Protocol.Tests.Server;

public class ServerWithMySqlConnectorTests
{
    // The same tests run again in the server's thread-per-connection mode (the derived class below).
    protected virtual bool ThreadPerConnection => false;

    private TestServer StartServer(MySqlServerOptions? options = null) =>
        TestServer.Start((options ?? new MySqlServerOptions()) with { ThreadPerConnection = ThreadPerConnection });

    private static async Task<MySqlConnection> OpenAsync(TestServer server, string user = "root", string password = "", string extra = "")
    {
        var connection = new MySqlConnection(server.ConnectionString(user, password, extra));
        await connection.OpenAsync();
        return connection;
    }

    [Fact]
    public async Task TextQuery_SelectOne_ReturnsCannedRow()
    {
        await using var server = StartServer();
        await using var connection = await OpenAsync(server);
        Assert.Equal("8.0.40-Tessera", connection.ServerVersion);
        await using var command = new MySqlCommand("select 1", connection);
        Assert.Equal(1L, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task TextQuery_ManyRowsWithNulls_StreamInOrder()
    {
        await using var server = StartServer();
        await using var connection = await OpenAsync(server);
        await using var command = new MySqlCommand("select numbers 1000", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var n = 0;
        while (await reader.ReadAsync())
        {
            Assert.Equal(n, reader.GetInt32(0));
            if (n % 10 == 0) Assert.True(reader.IsDBNull(1));
            else Assert.Equal($"name-{n}", reader.GetString(1));
            n++;
        }
        Assert.Equal(1000, n);
    }

    [Fact]
    public async Task MultiStatements_ReturnEachResult()
    {
        await using var server = StartServer();
        await using var connection = await OpenAsync(server);
        await using var command = new MySqlCommand("select 1; insert into t values (1); select 2", connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(1L, reader.GetInt64(0));
        Assert.True(await reader.NextResultAsync());
        Assert.Equal(3, reader.RecordsAffected);
        Assert.True(await reader.ReadAsync());
        Assert.Equal(2L, reader.GetInt64(0));
        Assert.False(await reader.NextResultAsync());
    }

    [Fact]
    public async Task HandlerError_ReachesClient_AndSessionContinues()
    {
        await using var server = StartServer();
        await using var connection = await OpenAsync(server);
        var ex = await Assert.ThrowsAsync<MySqlException>(() => new MySqlCommand("fail", connection).ExecuteNonQueryAsync());
        Assert.Equal(1146, ex.Number);
        Assert.Equal("42S02", ex.SqlState);
        var bug = await Assert.ThrowsAsync<MySqlException>(() => new MySqlCommand("crash", connection).ExecuteNonQueryAsync());
        Assert.Equal(ProtocolErrors.UnknownErrorNumber, bug.Number);
        Assert.Equal(1L, await new MySqlCommand("select 1", connection).ExecuteScalarAsync());
    }

    [Fact]
    public async Task InsertOk_CarriesAffectedRowsAndLastInsertId()
    {
        await using var server = StartServer();
        await using var connection = await OpenAsync(server);
        await using var command = new MySqlCommand("insert into t values (1),(2),(3)", connection);
        Assert.Equal(3, await command.ExecuteNonQueryAsync());
        Assert.Equal(42, command.LastInsertedId);
    }

    [Fact]
    public async Task ChangeDatabase_PingAndReset_Work()
    {
        await using var server = StartServer();
        await using var connection = await OpenAsync(server, extra: "Database=commerce");
        Assert.Equal("commerce", connection.Database);
        await connection.ChangeDatabaseAsync("customer");
        await using (var command = new MySqlCommand("select database(), user() limit 1", connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            Assert.True(await reader.ReadAsync());
            Assert.Equal("customer", reader.GetString(0));
        }
        var ex = await Assert.ThrowsAsync<MySqlException>(() => connection.ChangeDatabaseAsync("missing"));
        Assert.Equal(1049, ex.Number);
        Assert.True(await connection.PingAsync());
        await connection.ResetConnectionAsync();
        Assert.Equal(1L, await new MySqlCommand("select 1", connection).ExecuteScalarAsync());
    }

    [Fact]
    public async Task UseStatement_TracksSchemaInTheDriver()
    {
        await using var server = StartServer();
        await using var connection = await OpenAsync(server);
        await new MySqlCommand("use customer", connection).ExecuteNonQueryAsync();
        Assert.Equal("customer", connection.Database);
        await using var command = new MySqlCommand("select database(), user() limit 1", connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal("customer", reader.GetString(0));
    }

    [Fact]
    public async Task PreparedStatement_EchoesEveryParameterType()
    {
        await using var server = StartServer();
        await using var connection = await OpenAsync(server, extra: "IgnorePrepare=false");
        await using var command = new MySqlCommand("select ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?", connection);
        var when = new DateTime(2024, 2, 29, 13, 14, 15).AddTicks(1234560);
        object?[] values = [42, -9_000_000_000L, 18_000_000_000_000_000_000UL, 1.5d, 2.25f, "héllo 🐬", new byte[] { 0, 1, 255 }, when,
            new TimeSpan(-1, -2, -3, -4), null, (short)-7, (byte)200];
        foreach (var value in values) command.Parameters.Add(new MySqlParameter { Value = value ?? DBNull.Value });
        await command.PrepareAsync();
        for (var round = 0; round < 2; round++)
        {
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.Equal(42, Convert.ToInt32(reader.GetValue(0)));
            Assert.Equal(-9_000_000_000L, reader.GetInt64(1));
            Assert.Equal(18_000_000_000_000_000_000UL, reader.GetUInt64(2));
            Assert.Equal(1.5d, reader.GetDouble(3));
            Assert.Equal(2.25f, reader.GetFloat(4));
            Assert.Equal("héllo 🐬", reader.GetString(5));
            Assert.Equal(new byte[] { 0, 1, 255 }, (byte[])reader.GetValue(6));
            Assert.Equal(when, reader.GetDateTime(7));
            Assert.Equal(new TimeSpan(-1, -2, -3, -4), reader.GetTimeSpan(8));
            Assert.True(reader.IsDBNull(9));
            Assert.Equal(-7, Convert.ToInt32(reader.GetValue(10)));
            Assert.Equal(200, Convert.ToInt32(reader.GetValue(11)));
        }
    }

    [Fact]
    public async Task TwentyMebibyteBlob_GoesBothWays()
    {
        await using var server = StartServer();
        await using var connection = await OpenAsync(server, extra: "IgnorePrepare=false");
        var blob = new byte[20 * 1024 * 1024];
        new Random(7).NextBytes(blob);
        await using (var insert = new MySqlCommand("insert blob ?", connection))
        {
            insert.Parameters.AddWithValue("@b", blob);
            await insert.PrepareAsync();
            Assert.Equal(1, await insert.ExecuteNonQueryAsync());
        }
        Assert.Equal(blob, server.Handler.StoredBlob);
        // The same blob inlined in a text query: a COM_QUERY of more than 16 MiB, joined by the server.
        await using (var textInsert = new MySqlCommand("insert into t values (@b)", new MySqlConnection(server.ConnectionString())))
        {
            await textInsert.Connection!.OpenAsync();
            textInsert.Parameters.AddWithValue("@b", blob);
            Assert.Equal(3, await textInsert.ExecuteNonQueryAsync());
            await textInsert.Connection.DisposeAsync();
        }
        // Back as a text row, and as a binary row.
        Assert.Equal(blob, (byte[])(await new MySqlCommand("select blob", connection).ExecuteScalarAsync())!);
        await using var prepared = new MySqlCommand("select blob", connection);
        await prepared.PrepareAsync();
        Assert.Equal(blob, (byte[])(await prepared.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task StaticUsers_NativePassword_AcceptsRightPasswordOnly()
    {
        var auth = StaticAuthenticator.Parse("""{"app": [{"Password": "s3cret", "UserData": "group1"}], "empty": [{"Password": ""}]}""");
        await using var server = StartServer(new MySqlServerOptions { Authenticator = auth });
        await using (var connection = await OpenAsync(server, "app", "s3cret"))
            Assert.Equal(1L, await new MySqlCommand("select 1", connection).ExecuteScalarAsync());
        await using (var connection = await OpenAsync(server, "empty", ""))
            Assert.Equal(1L, await new MySqlCommand("select 1", connection).ExecuteScalarAsync());
        var ex = await Assert.ThrowsAsync<MySqlException>(() => OpenAsync(server, "app", "wrong"));
        Assert.Equal(1045, ex.Number);
        Assert.Contains("'app'", ex.Message, StringComparison.Ordinal);
        ex = await Assert.ThrowsAsync<MySqlException>(() => OpenAsync(server, "nobody", "x"));
        Assert.Equal(1045, ex.Number);
    }

    [Fact]
    public async Task StaticUsers_CachingSha2_FastAndFullPath()
    {
        var auth = StaticAuthenticator.Parse("""{"app": [{"Password": "s3cret"}]}""");
        await using (var server = StartServer(new MySqlServerOptions { Authenticator = auth, DefaultAuthPlugin = AuthPluginNames.CachingSha2Password }))
        {
            await using var connection = await OpenAsync(server, "app", "s3cret");
            Assert.Equal(1L, await new MySqlCommand("select 1", connection).ExecuteScalarAsync());
            var ex = await Assert.ThrowsAsync<MySqlException>(() => OpenAsync(server, "app", "wrong"));
            Assert.Equal(1045, ex.Number);
        }
        await using (var server = StartServer(new MySqlServerOptions
        {
            Authenticator = auth,
            DefaultAuthPlugin = AuthPluginNames.CachingSha2Password,
            CachingSha2AlwaysFullAuth = true,
        }))
        {
            await using var connection = await OpenAsync(server, "app", "s3cret", "AllowPublicKeyRetrieval=true");
            Assert.Equal(1L, await new MySqlCommand("select 1", connection).ExecuteScalarAsync());
        }
    }

    [Fact]
    public async Task Tls_WithMySqlConnector_AndRequiredTlsRefusesPlaintext()
    {
        using var certificate = TestCertificates.SelfSigned();
        await using var server = StartServer(new MySqlServerOptions { Certificate = certificate, RequireTls = true });
        var tls = new MySqlConnection($"Server=127.0.0.1;Port={server.Port};User ID=root;SslMode=Required;Pooling=false");
        await tls.OpenAsync();
        Assert.Equal(1L, await new MySqlCommand("select 1", tls).ExecuteScalarAsync());
        await tls.DisposeAsync();
        var ex = await Assert.ThrowsAsync<MySqlException>(() => OpenAsync(server));
        Assert.Equal(ProtocolErrors.SecureTransportRequiredNumber, ex.Number);
    }
}

public sealed class ServerWithMySqlConnectorTestsInThreadPerConnectionMode : ServerWithMySqlConnectorTests
{
    protected override bool ThreadPerConnection => true;
}
