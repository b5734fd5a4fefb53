using System.Net.Sockets;
using MySqlConnector;
using Tessera.Protocol.Client;
using Tessera.Protocol.Framing;
using Tessera.Protocol.Payloads;
using Tessera.Protocol.Server;

namespace Tessera.Protocol.Tests.Server;

/// Bad bytes close only the connection that sent them, with an ERR packet where the protocol allows;
/// the listener keeps serving everyone else.
public class BadInputTests
{
    // The same tests run again in the server's thread-per-connection mode (the derived class below).
    protected virtual bool ThreadPerConnection => false;

    private TestServer StartServer(MySqlServerOptions? options = null) =>
        TestServer.Start((options ?? new MySqlServerOptions()) with { ThreadPerConnection = ThreadPerConnection });

    /// Reads raw packets until the server closes; returns the payloads.
    private static async Task<List<byte[]>> ReadUntilClosedAsync(Stream stream, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var packets = new List<byte[]>();
        var header = new byte[4];
        try
        {
            while (true)
            {
                await stream.ReadExactlyAsync(header, cts.Token);
                var payload = new byte[PacketHeader.ReadLength(header)];
                await stream.ReadExactlyAsync(payload, cts.Token);
                packets.Add(payload);
            }
        }
        catch (EndOfStreamException)
        {
            return packets;
        }
        catch (IOException)
        {
            return packets;
        }
    }

    private static async Task<NetworkStream> ConnectRawAsync(TestServer server)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync("127.0.0.1", server.Port);
        return new NetworkStream(socket, ownsSocket: true);
    }

    private static async Task AssertServesNormalClientAsync(TestServer server)
    {
        await using var connection = new MySqlConnection(server.ConnectionString());
        await connection.OpenAsync();
        Assert.Equal(1L, await new MySqlCommand("select 1", connection).ExecuteScalarAsync());
    }

    private static MySqlError LastError(List<byte[]> packets)
    {
        Assert.NotEmpty(packets);
        Assert.True(ErrorPayload.IsError(packets[^1]), "last packet should be ERR");
        return ErrorPayload.Create(packets[^1]);
    }

    [Fact]
    public async Task GarbageInsteadOfHandshakeResponse_GetsErrorAndClose()
    {
        await using var server = StartServer();
        await using (var stream = await ConnectRawAsync(server))
        {
            await stream.WriteAsync("GET / HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray());
            var packets = await ReadUntilClosedAsync(stream, TimeSpan.FromSeconds(5));
            Assert.Equal(10, packets[0][0]); // the greeting
            Assert.Equal(ProtocolErrors.PacketsOutOfOrderNumber, LastError(packets).Number);
        }
        await AssertServesNormalClientAsync(server);
    }

    [Fact]
    public async Task HugePacketBeforeAuthentication_IsRefusedWithoutBufferingIt()
    {
        await using var server = StartServer();
        await using (var stream = await ConnectRawAsync(server))
        {
            await stream.WriteAsync(new byte[] { 0xFF, 0xFF, 0xFE, 1 }); // claims ~16 MiB as the handshake response
            var packets = await ReadUntilClosedAsync(stream, TimeSpan.FromSeconds(5));
            Assert.Equal(ProtocolErrors.PacketTooLargeNumber, LastError(packets).Number);
        }
        await AssertServesNormalClientAsync(server);
    }

    [Fact]
    public async Task TruncatedHeader_ClosesConnectionOnly()
    {
        await using var server = StartServer();
        await using var bystander = new MySqlConnection(server.ConnectionString());
        await bystander.OpenAsync();
        await using (var stream = await ConnectRawAsync(server))
        {
            await stream.WriteAsync(new byte[] { 0x20, 0x00 });
            stream.Socket.Shutdown(SocketShutdown.Send);
            var packets = await ReadUntilClosedAsync(stream, TimeSpan.FromSeconds(5));
            Assert.Single(packets); // only the greeting, then close
        }
        Assert.Equal(1L, await new MySqlCommand("select 1", bystander).ExecuteScalarAsync());
        await AssertServesNormalClientAsync(server);
    }

    private static async Task<(MySqlClientConnection Connection, Stream Stream)> ConnectAuthenticatedAsync(TestServer server)
    {
        var connection = await MySqlClientConnection.ConnectAsync(new MySqlClientOptions { Port = server.Port });
        return (connection, connection.Channel.Stream);
    }

    [Theory]
    [InlineData(new byte[] { 1, 0, 0, 5, 0x0E }, ProtocolErrors.PacketsOutOfOrderNumber)] // COM_PING with sequence id 5
    [InlineData(new byte[] { 1, 0, 0, 0, 0x99 }, ProtocolErrors.UnknownCommandNumber)]
    [InlineData(new byte[] { 0, 8, 0, 0, 0x03 }, ProtocolErrors.PacketTooLargeNumber)] // 2 KiB over a 1 KiB limit
    [InlineData(new byte[] { 3, 0, 0, 0, 0x1B, 9, 0 }, ProtocolErrors.WrongArgumentsNumber)] // COM_SET_OPTION 9
    [InlineData(new byte[] { 2, 0, 0, 0, 0x17, 1 }, ProtocolErrors.MalformedPacketNumber)] // truncated COM_STMT_EXECUTE
    [InlineData(new byte[] { 0, 0, 0, 0 }, ProtocolErrors.MalformedPacketNumber)] // empty command
    public async Task BadCommandPacket_GetsErrorAndClose_OthersUnaffected(byte[] packet, int expectedError)
    {
        await using var server = StartServer(new MySqlServerOptions { MaxPacketSize = 1024 });
        await using var bystander = new MySqlConnection(server.ConnectionString());
        await bystander.OpenAsync();
        var (connection, stream) = await ConnectAuthenticatedAsync(server);
        await using (connection)
        {
            await stream.WriteAsync(packet);
            Assert.Equal(expectedError, LastError(await ReadUntilClosedAsync(stream, TimeSpan.FromSeconds(5))).Number);
        }
        Assert.Equal(1L, await new MySqlCommand("select 1", bystander).ExecuteScalarAsync());
        await AssertServesNormalClientAsync(server);
        lock (server.Events) Assert.DoesNotContain(server.Events, e => e.Kind == MySqlServerEventKind.Bug);
    }

    [Fact]
    public async Task HandshakeThatNeverFinishes_TimesOutWithError()
    {
        await using var server = StartServer(new MySqlServerOptions { HandshakeTimeout = TimeSpan.FromMilliseconds(300) });
        await using (var stream = await ConnectRawAsync(server))
        {
            var packets = await ReadUntilClosedAsync(stream, TimeSpan.FromSeconds(5));
            Assert.Equal(ProtocolErrors.ReadTimeoutNumber, LastError(packets).Number);
        }
        await AssertServesNormalClientAsync(server);
        // Every connection task ends (the closed ones are removed shortly after their socket closes).
        for (var i = 0; i < 100 && server.Server.ConnectionCount > 0; i++) await Task.Delay(20);
        Assert.Equal(0, server.Server.ConnectionCount);
    }

    [Fact]
    public async Task Fuzz_RandomAndMutatedPackets_ListenerStillServes()
    {
        await using var server = StartServer(new MySqlServerOptions { MaxPacketSize = 1 << 20, HandshakeTimeout = TimeSpan.FromSeconds(2) });
        var random = new Random(20261123);
        byte[][] seeds =
        [
            [0x03, .. "select 1; select numbers 3"u8],
            [0x16, .. "select ?, ?, ?"u8],
            [0x17, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 8, 0, 0xFD, 0, 12, 0, 7, 0, 0, 0, 0, 0, 0, 0, 2, (byte)'h', (byte)'i', 7, 0xE8, 7, 1, 2, 3, 4, 5],
            [0x18, 1, 0, 0, 0, 0, 0, 1, 2, 3],
            [0x1A, 1, 0, 0, 0],
            [0x04, .. "t\0"u8],
            [0x1B, 0, 0],
            [0x02, .. "db"u8],
            [0x19, 1, 0, 0, 0],
        ];
        for (var round = 0; round < 60; round++)
        {
            var (connection, stream) = await ConnectAuthenticatedAsync(server);
            await using (connection)
            {
                try
                {
                    for (var i = 0; i < 20; i++)
                    {
                        var payload = seeds[random.Next(seeds.Length)].ToArray();
                        switch (random.Next(4))
                        {
                            case 0:
                                payload[random.Next(payload.Length)] = (byte)random.Next(256);
                                break;
                            case 1:
                                payload = payload[..random.Next(payload.Length + 1)];
                                break;
                            case 2:
                                payload = [.. payload, .. Enumerable.Range(0, random.Next(64)).Select(_ => (byte)random.Next(256))];
                                break;
                        }
                        var frame = new byte[4 + payload.Length];
                        PacketHeader.Write(frame, payload.Length, random.Next(10) == 0 ? (byte)random.Next(256) : (byte)0);
                        payload.CopyTo(frame, 4);
                        if (random.Next(15) == 0) frame = Enumerable.Range(0, random.Next(1, 40)).Select(_ => (byte)random.Next(256)).ToArray();
                        await stream.WriteAsync(frame);
                        // Drain whatever the server answered (or notice it closed).
                        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(30));
                        var buffer = new byte[64 * 1024];
                        try
                        {
                            while (await stream.ReadAsync(buffer, cts.Token) > 0)
                            {
                            }
                            break; // closed by the server
                        }
                        catch (OperationCanceledException)
                        {
                        }
                    }
                }
                catch (IOException)
                {
                    // The server closed this connection: expected for bad bytes.
                }
            }
        }
        await AssertServesNormalClientAsync(server);
        lock (server.Events) Assert.DoesNotContain(server.Events, e => e.Kind == MySqlServerEventKind.Bug);
    }
}

public sealed class BadInputTestsInThreadPerConnectionMode : BadInputTests
{
    protected override bool ThreadPerConnection => true;
}
