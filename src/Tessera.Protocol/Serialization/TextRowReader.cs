namespace Tessera.Protocol.Serialization;

/// Walks the values of a text result row: each a length-encoded string, or 0xFB for NULL
/// (https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_query_response_text_resultset_row.html).
public ref struct TextRowReader
{
    private PayloadReader reader;

    public TextRowReader(ReadOnlySpan<byte> row) => reader = new PayloadReader(row);

    public readonly bool AtEnd => reader.AtEnd;

    /// Reads the next value; false when it is NULL.
    public bool Read(out ReadOnlySpan<byte> value)
    {
        if (!reader.TryReadLengthEncodedIntegerOrNull(out var length))
        {
            value = default;
            return false;
        }
        if (length > (ulong)reader.Remaining) MySqlProtocolException.ThrowMalformed("row value past the end of the packet");
        value = reader.ReadBytes((int)length);
        return true;
    }
}
