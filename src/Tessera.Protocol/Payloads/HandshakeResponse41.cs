using System.Text;
using Tessera.Protocol.Constants;
using Tessera.Protocol.Serialization;

namespace Tessera.Protocol.Payloads;

/// Protocol::HandshakeResponse41, the client's answer to the greeting
/// (https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_packets_protocol_handshake_response.html).
/// Its first 32 bytes alone, with CLIENT_SSL set, are the SSLRequest.
public sealed record HandshakeResponse41
{
    public const int SslRequestLength = 32;

    public CapabilityFlags Capabilities { get; init; }
    public uint MaxPacketSize { get; init; } = 1 << 30;
    public byte CharacterSet { get; init; } = (byte)Collations.Utf8mb4GeneralCi;
    public string User { get; init; } = "";
    public byte[] AuthResponse { get; init; } = [];
    public string? Database { get; init; }
    public string? AuthPluginName { get; init; }
    public IReadOnlyDictionary<string, string>? Attributes { get; init; }

    public static bool IsSslRequest(ReadOnlySpan<byte> payload) =>
        payload.Length == SslRequestLength && (CapabilityFlags)(payload[0] | payload[1] << 8 | payload[2] << 16 | payload[3] << 24) is var caps && (caps & CapabilityFlags.Ssl) != 0;

    public static HandshakeResponse41 Create(ReadOnlySpan<byte> payload)
    {
        var reader = new PayloadReader(payload);
        var capabilities = (CapabilityFlags)reader.ReadUInt32();
        if ((capabilities & CapabilityFlags.Protocol41) == 0)
            MySqlProtocolException.Throw(ProtocolErrors.HandshakeError("client does not speak protocol 4.1"));
        var maxPacket = reader.ReadUInt32();
        var charset = reader.ReadByte();
        reader.Skip(23);
        var user = Encoding.UTF8.GetString(reader.ReadNullTerminatedOrEnd());
        byte[] auth = [];
        if (!reader.AtEnd)
        {
            if ((capabilities & CapabilityFlags.PluginAuthLengthEncodedClientData) != 0)
                auth = reader.ReadLengthEncodedString().ToArray();
            else if ((capabilities & CapabilityFlags.SecureConnection) != 0)
                auth = reader.ReadBytes(reader.ReadByte()).ToArray();
            else
                auth = reader.ReadNullTerminatedOrEnd().ToArray();
        }
        string? database = null;
        if ((capabilities & CapabilityFlags.ConnectWithDb) != 0 && !reader.AtEnd)
        {
            var db = reader.ReadNullTerminatedOrEnd();
            if (db.Length > 0) database = Encoding.UTF8.GetString(db);
        }
        string? plugin = null;
        if ((capabilities & CapabilityFlags.PluginAuth) != 0 && !reader.AtEnd)
            plugin = Encoding.UTF8.GetString(reader.ReadNullTerminatedOrEnd());
        Dictionary<string, string>? attributes = null;
        if ((capabilities & CapabilityFlags.ConnectAttrs) != 0 && !reader.AtEnd)
        {
            var all = reader.ReadLengthEncodedString();
            var attrReader = new PayloadReader(all);
            attributes = [];
            while (!attrReader.AtEnd)
            {
                var key = Encoding.UTF8.GetString(attrReader.ReadLengthEncodedString());
                attributes[key] = Encoding.UTF8.GetString(attrReader.ReadLengthEncodedString());
            }
        }
        return new HandshakeResponse41
        {
            Capabilities = capabilities,
            MaxPacketSize = maxPacket,
            CharacterSet = charset,
            User = user,
            AuthResponse = auth,
            Database = database,
            AuthPluginName = plugin,
            Attributes = attributes,
        };
    }

    internal void WriteSslRequest(PacketWriter writer)
    {
        writer.WriteUInt32((uint)(Capabilities | CapabilityFlags.Ssl));
        writer.WriteUInt32(MaxPacketSize);
        writer.WriteByte(CharacterSet);
        writer.WriteZeros(23);
    }

    internal void Write(PacketWriter writer)
    {
        writer.WriteUInt32((uint)Capabilities);
        writer.WriteUInt32(MaxPacketSize);
        writer.WriteByte(CharacterSet);
        writer.WriteZeros(23);
        writer.WriteNullTerminatedString(User);
        if ((Capabilities & CapabilityFlags.PluginAuthLengthEncodedClientData) != 0)
        {
            writer.WriteLengthEncodedString(AuthResponse);
        }
        else
        {
            writer.WriteByte((byte)AuthResponse.Length);
            writer.Write(AuthResponse);
        }
        if ((Capabilities & CapabilityFlags.ConnectWithDb) != 0) writer.WriteNullTerminatedString(Database ?? "");
        if ((Capabilities & CapabilityFlags.PluginAuth) != 0) writer.WriteNullTerminatedString(AuthPluginName ?? "");
        if ((Capabilities & CapabilityFlags.ConnectAttrs) != 0)
        {
            using var attrs = new PacketWriter(256);
            foreach (var (key, value) in Attributes ?? new Dictionary<string, string>())
            {
                attrs.WriteLengthEncodedString(key);
                attrs.WriteLengthEncodedString(value);
            }
            writer.WriteLengthEncodedString(attrs.Written.Span);
        }
    }
}
