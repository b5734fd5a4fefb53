using System.Text;
using Tessera.Protocol.Serialization;

namespace Tessera.Protocol.Payloads;

/// Protocol::AuthSwitchRequest: 0xFE, plugin name, plugin data
/// (https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_packets_protocol_auth_switch_request.html).
public readonly record struct AuthSwitchRequest(string PluginName, byte[] PluginData)
{
    public static AuthSwitchRequest Create(ReadOnlySpan<byte> payload)
    {
        var reader = new PayloadReader(payload);
        if (reader.ReadByte() != 0xFE) MySqlProtocolException.ThrowMalformed("auth switch header");
        var name = Encoding.UTF8.GetString(reader.ReadNullTerminatedOrEnd());
        var data = reader.ReadRemaining();
        if (data.Length > 0 && data[^1] == 0) data = data[..^1];
        return new AuthSwitchRequest(name, data.ToArray());
    }

    internal void Write(PacketWriter writer)
    {
        writer.WriteByte(0xFE);
        writer.WriteNullTerminatedString(PluginName);
        writer.Write(PluginData);
        writer.WriteByte(0);
    }
}
