using System.Text;
using Tessera.Protocol.Serialization;

namespace Tessera.Protocol.Payloads;

/// ERR_Packet (https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_err_packet.html):
/// 0xFF, error number, '#' and a 5-character SQLSTATE (CLIENT_PROTOCOL_41), message to the end.
public static class ErrorPayload
{
    public static bool IsError(ReadOnlySpan<byte> payload) => payload.Length > 0 && payload[0] == 0xFF;

    public static MySqlError Create(ReadOnlySpan<byte> payload)
    {
        var reader = new PayloadReader(payload);
        if (reader.ReadByte() != 0xFF) MySqlProtocolException.ThrowMalformed("ERR packet header");
        var number = reader.ReadUInt16();
        var state = "HY000";
        if (!reader.AtEnd && reader.PeekByte() == (byte)'#')
        {
            reader.Skip(1);
            state = Encoding.ASCII.GetString(reader.ReadBytes(5));
        }
        return new MySqlError(number, state, Encoding.UTF8.GetString(reader.ReadRemaining()));
    }

    internal static void Write(PacketWriter writer, MySqlError error)
    {
        writer.WriteByte(0xFF);
        writer.WriteUInt16((ushort)error.Number);
        writer.WriteByte((byte)'#');
        Span<byte> state = stackalloc byte[5];
        state.Fill((byte)'0');
        Encoding.ASCII.GetBytes(error.SqlState.AsSpan(0, Math.Min(5, error.SqlState.Length)), state);
        writer.Write(state);
        writer.WriteString(error.Message);
    }
}
