using System.Text;
using Tessera.Protocol.Constants;
using Tessera.Protocol.Serialization;

namespace Tessera.Protocol.Payloads;

/// Protocol::HandshakeV10, the server's greeting
/// (https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_packets_protocol_handshake_v10.html).
public sealed record HandshakeV10
{
    public required string ServerVersion { get; init; }
    public uint ConnectionId { get; init; }
    /// The 20-byte scramble (nonce) for the auth plugins.
    public required byte[] AuthPluginData { get; init; }
    public CapabilityFlags Capabilities { get; init; }
    public byte CharacterSet { get; init; } = (byte)Collations.Utf8mb4GeneralCi;
    public ServerStatus Status { get; init; } = ServerStatus.Autocommit;
    public string AuthPluginName { get; init; } = AuthPluginNames.NativePassword;

    public static HandshakeV10 Create(ReadOnlySpan<byte> payload)
    {
        var reader = new PayloadReader(payload);
        var protocolVersion = reader.ReadByte();
        if (protocolVersion != 10) MySqlProtocolException.Throw(ProtocolErrors.HandshakeError($"protocol version {protocolVersion} is not 10"));
        var version = Encoding.UTF8.GetString(reader.ReadNullTerminated());
        var connectionId = reader.ReadUInt32();
        var part1 = reader.ReadBytes(8);
        reader.Skip(1);
        uint capabilities = reader.ReadUInt16();
        byte charset = 0;
        var status = ServerStatus.None;
        var data = part1.ToArray();
        var plugin = AuthPluginNames.NativePassword;
        if (!reader.AtEnd)
        {
            charset = reader.ReadByte();
            status = (ServerStatus)reader.ReadUInt16();
            capabilities |= (uint)reader.ReadUInt16() << 16;
            var dataLength = reader.ReadByte();
            reader.Skip(10);
            if ((capabilities & (uint)CapabilityFlags.SecureConnection) != 0)
            {
                var part2Length = Math.Max(13, dataLength - 8);
                var part2 = reader.ReadBytes(Math.Min(part2Length, reader.Remaining));
                if (part2.Length > 0 && part2[^1] == 0) part2 = part2[..^1];
                data = [.. part1, .. part2];
            }
            if ((capabilities & (uint)CapabilityFlags.PluginAuth) != 0 && !reader.AtEnd)
                plugin = Encoding.UTF8.GetString(reader.ReadNullTerminatedOrEnd());
        }
        return new HandshakeV10
        {
            ServerVersion = version,
            ConnectionId = connectionId,
            AuthPluginData = data,
            Capabilities = (CapabilityFlags)capabilities,
            CharacterSet = charset,
            Status = status,
            AuthPluginName = plugin,
        };
    }

    internal void Write(PacketWriter writer)
    {
        writer.WriteByte(10);
        writer.WriteNullTerminatedString(ServerVersion);
        writer.WriteUInt32(ConnectionId);
        writer.Write(AuthPluginData.AsSpan(0, 8));
        writer.WriteByte(0);
        writer.WriteUInt16((ushort)Capabilities);
        writer.WriteByte(CharacterSet);
        writer.WriteUInt16((ushort)Status);
        writer.WriteUInt16((ushort)((uint)Capabilities >> 16));
        writer.WriteByte((byte)(AuthPluginData.Length + 1));
        writer.WriteZeros(10);
        writer.Write(AuthPluginData.AsSpan(8));
        writer.WriteByte(0);
        writer.WriteNullTerminatedString(AuthPluginName);
    }
}
