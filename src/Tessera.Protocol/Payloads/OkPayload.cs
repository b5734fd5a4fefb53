using System.Text;
using Tessera.Protocol.Constants;
using Tessera.Protocol.Serialization;

namespace Tessera.Protocol.Payloads;

/// OK_Packet (https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_ok_packet.html).
/// Header 0x00, or 0xFE when it ends a result set under CLIENT_DEPRECATE_EOF.
public readonly struct OkPayload
{
    public OkPayload(ulong affectedRows, ulong lastInsertId, ServerStatus status, ushort warnings, string? info = null, byte[]? sessionStateChanges = null)
    {
        AffectedRows = affectedRows;
        LastInsertId = lastInsertId;
        Status = status;
        Warnings = warnings;
        Info = info;
        SessionStateChanges = sessionStateChanges;
    }

    public ulong AffectedRows { get; }
    public ulong LastInsertId { get; }
    public ServerStatus Status { get; }
    public ushort Warnings { get; }
    public string? Info { get; }

    /// Raw SESSION_TRACK data (present only with CLIENT_SESSION_TRACK and SERVER_SESSION_STATE_CHANGED).
    public byte[]? SessionStateChanges { get; }

    public static bool IsOk(ReadOnlySpan<byte> payload) => payload.Length > 0 && payload[0] == 0x00;

    /// An OK that ends a result set under DEPRECATE_EOF (0xFE header). A row can also begin with 0xFE
    /// (an 8-byte length prefix), but only in a payload of 16 MiB or more.
    public static bool IsResultSetTerminator(ReadOnlySpan<byte> payload) => payload.Length is > 0 and < 0xFF_FFFF && payload[0] == 0xFE;

    public static OkPayload Create(ReadOnlySpan<byte> payload, CapabilityFlags capabilities)
    {
        var reader = new PayloadReader(payload);
        var header = reader.ReadByte();
        if (header is not (0x00 or 0xFE)) MySqlProtocolException.ThrowMalformed($"OK packet header 0x{header:X2}");
        var affectedRows = reader.ReadLengthEncodedInteger();
        var lastInsertId = reader.ReadLengthEncodedInteger();
        var status = (ServerStatus)reader.ReadUInt16();
        var warnings = reader.ReadUInt16();
        string? info = null;
        byte[]? session = null;
        if (!reader.AtEnd)
        {
            if ((capabilities & CapabilityFlags.SessionTrack) != 0)
            {
                var text = reader.ReadLengthEncodedString();
                if (text.Length > 0) info = Encoding.UTF8.GetString(text);
                if ((status & ServerStatus.SessionStateChanged) != 0 && !reader.AtEnd)
                    session = reader.ReadLengthEncodedString().ToArray();
            }
            else
            {
                var text = reader.ReadRemaining();
                if (text.Length > 0) info = Encoding.UTF8.GetString(text);
            }
        }
        return new OkPayload(affectedRows, lastInsertId, status, warnings, info, session);
    }

    internal void Write(PacketWriter writer, CapabilityFlags capabilities, bool asTerminator = false)
    {
        writer.WriteByte(asTerminator ? (byte)0xFE : (byte)0x00);
        writer.WriteLengthEncodedInteger(AffectedRows);
        writer.WriteLengthEncodedInteger(LastInsertId);
        writer.WriteUInt16((ushort)Status);
        writer.WriteUInt16(Warnings);
        if ((capabilities & CapabilityFlags.SessionTrack) != 0)
        {
            if (Info is not null || SessionStateChanges is not null) writer.WriteLengthEncodedString(Info ?? "");
            if (SessionStateChanges is not null && (Status & ServerStatus.SessionStateChanged) != 0)
                writer.WriteLengthEncodedString(SessionStateChanges);
        }
        else if (Info is not null)
        {
            writer.WriteString(Info);
        }
    }
}
