using Tessera.Protocol.Constants;
using Tessera.Protocol.Framing;
using Tessera.Protocol.Payloads;
using Tessera.Protocol.Serialization;

namespace Tessera.Protocol.Tests.Serialization;

public class PacketCodecTests
{
    [Theory]
    [InlineData(0UL, new byte[] { 0x00 })]
    [InlineData(250UL, new byte[] { 0xFA })]
    [InlineData(251UL, new byte[] { 0xFC, 0xFB, 0x00 })]
    [InlineData(65535UL, new byte[] { 0xFC, 0xFF, 0xFF })]
    [InlineData(65536UL, new byte[] { 0xFD, 0x00, 0x00, 0x01 })]
    [InlineData(16777216UL, new byte[] { 0xFE, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00 })]
    public void LengthEncodedInteger_RoundTrips(ulong value, byte[] encoded)
    {
        using var writer = new PacketWriter();
        writer.WriteLengthEncodedInteger(value);
        Assert.Equal(encoded, writer.Written.ToArray());
        var reader = new PayloadReader(encoded);
        Assert.Equal(value, reader.ReadLengthEncodedInteger());
        Assert.True(reader.AtEnd);
    }

    [Fact]
    public void LengthEncodedString_Truncated_ThrowsProtocolException()
    {
        var ex = Assert.Throws<MySqlProtocolException>(() =>
        {
            var reader = new PayloadReader([0x05, (byte)'a', (byte)'b']);
            reader.ReadLengthEncodedString();
        });
        Assert.Equal(ProtocolErrors.MalformedPacketNumber, ex.Error.Number);
    }

    [Fact]
    public void LengthEncodedInteger_0xFF_IsMalformed()
    {
        Assert.Throws<MySqlProtocolException>(() => new PayloadReader([0xFF]).ReadLengthEncodedInteger());
    }

    [Fact]
    public void OkPayload_WithSessionTrack_RoundTrips()
    {
        var ok = new OkPayload(3, 42, ServerStatus.Autocommit | ServerStatus.SessionStateChanged, 2, "Rows matched: 3", [0x01, 0x02]);
        using var writer = new PacketWriter();
        ok.Write(writer, CapabilityFlags.Protocol41 | CapabilityFlags.SessionTrack);
        var parsed = OkPayload.Create(writer.Written.Span, CapabilityFlags.Protocol41 | CapabilityFlags.SessionTrack);
        Assert.Equal(3UL, parsed.AffectedRows);
        Assert.Equal(42UL, parsed.LastInsertId);
        Assert.Equal(ok.Status, parsed.Status);
        Assert.Equal((ushort)2, parsed.Warnings);
        Assert.Equal("Rows matched: 3", parsed.Info);
        Assert.Equal(new byte[] { 0x01, 0x02 }, parsed.SessionStateChanges);
    }

    [Fact]
    public void OkPayload_WithoutSessionTrack_InfoIsRestOfPacket()
    {
        var ok = new OkPayload(1, 0, ServerStatus.InTransaction, 0, "info text");
        using var writer = new PacketWriter();
        ok.Write(writer, CapabilityFlags.Protocol41, asTerminator: true);
        Assert.Equal(0xFE, writer.Written.Span[0]);
        Assert.True(OkPayload.IsResultSetTerminator(writer.Written.Span));
        var parsed = OkPayload.Create(writer.Written.Span, CapabilityFlags.Protocol41);
        Assert.Equal("info text", parsed.Info);
        Assert.Equal(ServerStatus.InTransaction, parsed.Status);
    }

    [Fact]
    public void ErrorPayload_RoundTrips()
    {
        var error = new MySqlError(1146, "42S02", "Table 'x.y' doesn't exist");
        using var writer = new PacketWriter();
        ErrorPayload.Write(writer, error);
        Assert.True(ErrorPayload.IsError(writer.Written.Span));
        Assert.Equal(error, ErrorPayload.Create(writer.Written.Span));
    }

    [Fact]
    public void EofPayload_RoundTrips()
    {
        using var writer = new PacketWriter();
        new EofPayload(7, ServerStatus.MoreResultsExist).Write(writer);
        Assert.True(EofPayload.IsEof(writer.Written.Span));
        Assert.Equal(new EofPayload(7, ServerStatus.MoreResultsExist), EofPayload.Create(writer.Written.Span));
    }

    [Fact]
    public void ColumnDefinition_RoundTrips()
    {
        var column = new ColumnDefinition
        {
            Schema = "commerce",
            Table = "c",
            OrgTable = "customer",
            Name = "id",
            OrgName = "customer_id",
            CharacterSet = Collations.Binary,
            ColumnLength = 20,
            Type = ColumnType.LongLong,
            Flags = ColumnFlags.NotNull | ColumnFlags.PrimaryKey | ColumnFlags.Unsigned,
            Decimals = 0,
        };
        using var writer = new PacketWriter();
        column.Write(writer);
        Assert.Equal(column, ColumnDefinition.Create(writer.Written.Span));
    }

    [Fact]
    public void Handshake_RoundTrips()
    {
        var handshake = new HandshakeV10
        {
            ServerVersion = "8.0.40-Tessera",
            ConnectionId = 77,
            AuthPluginData = AuthScrambleNonce(),
            Capabilities = CapabilityFlags.Protocol41 | CapabilityFlags.SecureConnection | CapabilityFlags.PluginAuth | CapabilityFlags.DeprecateEof,
            AuthPluginName = AuthPluginNames.CachingSha2Password,
        };
        using var writer = new PacketWriter();
        handshake.Write(writer);
        var parsed = HandshakeV10.Create(writer.Written.Span);
        Assert.Equal(handshake.ServerVersion, parsed.ServerVersion);
        Assert.Equal(handshake.AuthPluginData, parsed.AuthPluginData);
        Assert.Equal(handshake.Capabilities, parsed.Capabilities);
        Assert.Equal(handshake.AuthPluginName, parsed.AuthPluginName);
        Assert.Equal(77u, parsed.ConnectionId);
    }

    private static byte[] AuthScrambleNonce() => Tessera.Protocol.Auth.AuthScramble.NewNonce();

    [Fact]
    public void HandshakeResponse_RoundTripsWithAttributes()
    {
        var response = new HandshakeResponse41
        {
            Capabilities = CapabilityFlags.Protocol41 | CapabilityFlags.SecureConnection | CapabilityFlags.PluginAuth |
                           CapabilityFlags.PluginAuthLengthEncodedClientData | CapabilityFlags.ConnectWithDb | CapabilityFlags.ConnectAttrs,
            User = "app",
            AuthResponse = [1, 2, 3],
            Database = "commerce",
            AuthPluginName = AuthPluginNames.NativePassword,
            Attributes = new Dictionary<string, string> { ["_client_name"] = "x" },
        };
        using var writer = new PacketWriter();
        response.Write(writer);
        var parsed = HandshakeResponse41.Create(writer.Written.Span);
        Assert.Equal("app", parsed.User);
        Assert.Equal(new byte[] { 1, 2, 3 }, parsed.AuthResponse);
        Assert.Equal("commerce", parsed.Database);
        Assert.Equal(AuthPluginNames.NativePassword, parsed.AuthPluginName);
        Assert.Equal("x", parsed.Attributes!["_client_name"]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    [InlineData(PacketHeader.MaxChunk - 1)]
    [InlineData(PacketHeader.MaxChunk)]
    [InlineData(PacketHeader.MaxChunk + 1)]
    [InlineData(2 * PacketHeader.MaxChunk + 5)]
    public async Task Framing_SplitsAndJoinsAtSixteenMebibytes(int size)
    {
        var payload = new byte[size];
        new Random(size).NextBytes(payload);
        using var writer = new PacketWriter();
        writer.Sequence = 3;
        writer.BeginPacket();
        writer.Write(payload);
        writer.EndPacket();
        var expectedChunks = size / PacketHeader.MaxChunk + 1;
        Assert.Equal(size + 4 * expectedChunks, writer.Length);
        Assert.Equal((byte)(3 + expectedChunks), writer.Sequence);

        await using var channel = new PacketChannel(new MemoryStream(writer.Written.ToArray()));
        channel.Sequence = 3;
        var read = await channel.ReadPayloadAsync();
        Assert.True(read.Span.SequenceEqual(payload));
        Assert.Equal((byte)(3 + expectedChunks), channel.Sequence);
    }

    [Fact]
    public async Task Framing_WrongSequenceId_Throws()
    {
        await using var channel = new PacketChannel(new MemoryStream([1, 0, 0, 5, 0x0E]));
        var ex = await Assert.ThrowsAsync<MySqlProtocolException>(async () => await channel.ReadPayloadAsync());
        Assert.Equal(ProtocolErrors.PacketsOutOfOrderNumber, ex.Error.Number);
    }

    [Fact]
    public async Task Framing_TruncatedHeader_IsEndOfStream()
    {
        await using var channel = new PacketChannel(new MemoryStream([1, 0]));
        await Assert.ThrowsAsync<EndOfStreamException>(async () => await channel.ReadPayloadAsync());
    }

    [Fact]
    public async Task Framing_OverMaxPacketSize_Throws()
    {
        await using var channel = new PacketChannel(new MemoryStream([0xFF, 0xFF, 0x00, 0, 1, 2, 3])) { MaxPacketSize = 1024 };
        var ex = await Assert.ThrowsAsync<MySqlProtocolException>(async () => await channel.ReadPayloadAsync());
        Assert.Equal(ProtocolErrors.PacketTooLargeNumber, ex.Error.Number);
    }
}
