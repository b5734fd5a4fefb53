using Tessera.Protocol.Constants;
using Tessera.Protocol.Serialization;

namespace Tessera.Protocol.Payloads;

/// EOF_Packet (https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_eof_packet.html),
/// used when CLIENT_DEPRECATE_EOF was not negotiated.
public readonly record struct EofPayload(ushort Warnings, ServerStatus Status)
{
    public static bool IsEof(ReadOnlySpan<byte> payload) => payload.Length is > 0 and < 9 && payload[0] == 0xFE;

    public static EofPayload Create(ReadOnlySpan<byte> payload)
    {
        var reader = new PayloadReader(payload);
        if (reader.ReadByte() != 0xFE) MySqlProtocolException.ThrowMalformed("EOF packet header");
        if (reader.AtEnd) return new EofPayload(0, ServerStatus.None);
        return new EofPayload(reader.ReadUInt16(), (ServerStatus)reader.ReadUInt16());
    }

    internal void Write(PacketWriter writer)
    {
        writer.WriteByte(0xFE);
        writer.WriteUInt16(Warnings);
        writer.WriteUInt16((ushort)Status);
    }
}
