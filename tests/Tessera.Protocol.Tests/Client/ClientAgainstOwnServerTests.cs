using Tessera.Protocol.Auth;
using Tessera.Protocol.Client;
using Tessera.Protocol.Constants;
using Tessera.Protocol.Payloads;
using Tessera.Protocol.Server;
using Tessera.Protocol.Tests.Server;

namespace Tessera.Protocol.Tests.Client;

/// The client side of the auth methods MariaDB 10.11 does not offer (caching_sha2_password), and
/// the rarer commands, against Tessera's own server.
public class ClientAgainstOwnServerTests
{
    // The same tests run again in the server's thread-per-connection mode (the derived class below).
    protected virtual bool ThreadPerConnection => false;

    private TestServer StartServer(MySqlServerOptions? options = null) =>
        TestServer.Start((options ?? new MySqlServerOptions()) with { ThreadPerConnection = ThreadPerConnection });

    private static readonly StaticAuthenticator Users = StaticAuthenticator.Parse("""{"app": [{"Password": "s3cret", "UserData": "ops"}]}""");

    private static Task<MySqlClientConnection> ConnectAsync(TestServer server, string password = "s3cret", bool tls = false, bool publicKey = false, string? initialPlugin = null) =>
        MySqlClientConnection.ConnectAsync(new MySqlClientOptions
        {
            Port = server.Port,
            User = "app",
            Password = password,
            UseTls = tls,
            AllowPublicKeyRetrieval = publicKey,
            InitialAuthPlugin = initialPlugin,
        });

    [Theory]
    [InlineData(AuthPluginNames.NativePassword, null)]
    [InlineData(AuthPluginNames.CachingSha2Password, null)]
    [InlineData(AuthPluginNames.NativePassword, AuthPluginNames.CachingSha2Password)] // auth switch
    [InlineData(AuthPluginNames.CachingSha2Password, AuthPluginNames.NativePassword)] // auth switch
    public async Task Authenticates_WithEachPlugin_AndAfterAuthSwitch(string serverPlugin, string? clientPlugin)
    {
        await using var server = StartServer(new MySqlServerOptions { Authenticator = Users, DefaultAuthPlugin = serverPlugin });
        await using (var connection = await ConnectAsync(server, initialPlugin: clientPlugin))
        {
            await using var result = await connection.QueryAsync("select 1");
            Assert.Equal(1L, (await result.ReadAllRowsAsync())[0][0]);
        }
        var ex = await Assert.ThrowsAsync<MySqlErrorException>(() => ConnectAsync(server, "wrong", initialPlugin: clientPlugin));
        Assert.Equal(ProtocolErrors.AccessDeniedNumber, ex.Error.Number);
    }

    [Fact]
    public async Task CachingSha2FullAuth_OverRsaPublicKey()
    {
        await using var server = StartServer(new MySqlServerOptions
        {
            Authenticator = Users,
            DefaultAuthPlugin = AuthPluginNames.CachingSha2Password,
            CachingSha2AlwaysFullAuth = true,
        });
        await using (var connection = await ConnectAsync(server, publicKey: true))
            await connection.PingAsync();
        await Assert.ThrowsAsync<MySqlErrorException>(() => ConnectAsync(server, "wrong", publicKey: true));
        // Without TLS and without the key request the client refuses to send the password.
        await Assert.ThrowsAsync<MySqlErrorException>(() => ConnectAsync(server));
    }

    [Fact]
    public async Task CachingSha2FullAuth_OverTls()
    {
        using var certificate = TestCertificates.SelfSigned();
        await using var server = StartServer(new MySqlServerOptions
        {
            Authenticator = Users,
            DefaultAuthPlugin = AuthPluginNames.CachingSha2Password,
            CachingSha2AlwaysFullAuth = true,
            Certificate = certificate,
        });
        await using var connection = await ConnectAsync(server, tls: true);
        Assert.True(connection.IsTls);
        await connection.PingAsync();
    }

    [Fact]
    public async Task StatusFlags_FollowTransactionAndAutocommit()
    {
        await using var server = StartServer();
        await using var connection = await ConnectAsync(server);
        Assert.Equal(ServerStatus.Autocommit, connection.Status);
        await connection.ExecuteAsync("begin");
        Assert.Equal(ServerStatus.Autocommit | ServerStatus.InTransaction, connection.Status);
        await connection.ExecuteAsync("commit");
        await connection.ExecuteAsync("set autocommit=0");
        Assert.Equal(ServerStatus.None, connection.Status);
        await using var result = await connection.QueryAsync("select 1; select 2");
        Assert.True(result.HasRows);
        await result.ReadAllRowsAsync();
        Assert.True(result.HasMoreResults);
        Assert.True(await result.NextResultAsync());
        await result.ReadAllRowsAsync();
        Assert.False(result.HasMoreResults);
    }

    [Fact]
    public async Task OkPacket_CarriesWarningsAffectedRowsAndInsertId()
    {
        await using var server = StartServer();
        await using var connection = await ConnectAsync(server);
        var ok = await connection.ExecuteAsync("insert into t values (1)");
        Assert.Equal(3UL, ok.AffectedRows);
        Assert.Equal(42UL, ok.LastInsertId);
        Assert.Equal((ushort)1, ok.Warnings);
    }

    [Fact]
    public async Task UseStatement_OkCarriesSessionTrackSchema()
    {
        await using var server = StartServer();
        await using var connection = await ConnectAsync(server);
        Assert.True((connection.Capabilities & CapabilityFlags.SessionTrack) != 0);
        var ok = await connection.ExecuteAsync("use commerce");
        Assert.True((ok.Status & ServerStatus.SessionStateChanged) != 0);
        // SESSION_TRACK_SCHEMA (1), data length, lenenc "commerce"
        Assert.Equal([1, 9, 8, .. "commerce"u8.ToArray()], ok.SessionStateChanges!);
    }

    [Fact]
    public async Task RareCommands_FieldListStatisticsSetOption()
    {
        await using var server = StartServer();
        await using var connection = await ConnectAsync(server);

        await connection.SendCommandAsync(CommandKind.FieldList, "customer\0"u8.ToArray());
        var first = ColumnDefinition.Create((await connection.ReadPacketAsync()).Span);
        Assert.Equal("id", first.Name);
        Assert.Equal("customer", first.Table);
        Assert.Equal("name", ColumnDefinition.Create((await connection.ReadPacketAsync()).Span).Name);
        Assert.True(EofPayload.IsEof((await connection.ReadPacketAsync()).Span));

        await connection.SendCommandAsync(CommandKind.Statistics, ReadOnlyMemory<byte>.Empty);
        Assert.StartsWith("Uptime:", System.Text.Encoding.UTF8.GetString((await connection.ReadPacketAsync()).Span), StringComparison.Ordinal);

        // Multi-statements off: the handler sees the whole text as one statement.
        await connection.SendCommandAsync(CommandKind.SetOption, new byte[] { 1, 0 });
        Assert.True(EofPayload.IsEof((await connection.ReadPacketAsync()).Span));
        var ex = await Assert.ThrowsAsync<MySqlErrorException>(() => connection.ExecuteAsync("select 1; select 2"));
        Assert.Equal(1064, ex.Error.Number);
        await connection.PingAsync();
    }

    [Fact]
    public async Task PreparedStatement_ClientAndServer_ShareTheBinaryCodec()
    {
        await using var server = StartServer();
        await using var connection = await ConnectAsync(server);
        var statement = await connection.PrepareAsync("select ?, ?, ?, ?");
        await using var result = await connection.ExecuteAsync(statement, [7L, "x", null, new DateTime(2020, 1, 2, 3, 4, 5)]);
        Assert.Equal(new object?[] { 7L, "x", null, new DateTime(2020, 1, 2, 3, 4, 5) }, (await result.ReadAllRowsAsync()).Single());
        var ex = await Assert.ThrowsAsync<MySqlErrorException>(() => connection.PrepareAsync("bad statement"));
        Assert.Equal(1064, ex.Error.Number);
    }
}

public sealed class ClientAgainstOwnServerTestsInThreadPerConnectionMode : ClientAgainstOwnServerTests
{
    protected override bool ThreadPerConnection => true;
}
