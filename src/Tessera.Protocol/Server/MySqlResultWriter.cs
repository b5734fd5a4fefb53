using Tessera.Protocol.Constants;
using Tessera.Protocol.Framing;
using Tessera.Protocol.Payloads;
using Tessera.Protocol.Serialization;

namespace Tessera.Protocol.Server;

/// Writes a command's answer: result sets (column definitions, rows, terminator), OKs, or an error.
/// Everything is buffered and sent when the command ends (or on FlushAsync for long results).
/// Rows are given as text values (the canonical form; converted to binary for COM_STMT_EXECUTE)
/// or as raw text-protocol row payloads forwarded as they are.
/// (https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_query_response.html)
public sealed class MySqlResultWriter
{
    private readonly PacketChannel channel;
    private readonly MySqlSession session;
    private IReadOnlyList<ColumnDefinition> columns = [];
    private bool binary;
    private bool inResultSet;
    private bool inRow;
    private int rowColumn;
    private int nullBitmapAt;

    internal MySqlResultWriter(PacketChannel channel, MySqlSession session)
    {
        this.channel = channel;
        this.session = session;
    }

    /// True once the command has a complete answer (the last result, or an error).
    public bool IsComplete { get; private set; }

    /// True when rows are written in the binary protocol (a prepared statement's execution).
    public bool IsBinary => binary;

    private PacketWriter Writer => channel.Writer;

    private bool DeprecateEof => (session.Capabilities & CapabilityFlags.DeprecateEof) != 0;

    internal void BeginCommand(bool binaryRows)
    {
        binary = binaryRows;
        IsComplete = false;
        inResultSet = false;
        inRow = false;
    }

    /// An OK. schemaChanged (after USE db) sets the session's database and, with CLIENT_SESSION_TRACK,
    /// tells the client (SESSION_TRACK_SCHEMA), so drivers keep their notion of the current database.
    public void WriteOk(ulong affectedRows = 0, ulong lastInsertId = 0, ushort warnings = 0, string? info = null, bool moreResults = false,
        string? schemaChanged = null)
    {
        EnsureOpen();
        if (inResultSet) throw new InvalidOperationException("a result set is open: call EndResultSet first");
        var status = Status(moreResults);
        byte[]? sessionState = null;
        if (schemaChanged is not null)
        {
            session.Database = schemaChanged;
            if ((session.Capabilities & CapabilityFlags.SessionTrack) != 0)
            {
                sessionState = SchemaChange(schemaChanged);
                status |= ServerStatus.SessionStateChanged;
            }
        }
        Writer.BeginPacket();
        new OkPayload(affectedRows, lastInsertId, status, warnings, info, sessionState).Write(Writer, session.Capabilities);
        Writer.EndPacket();
        IsComplete = !moreResults;
    }

    // https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_ok_packet.html: one
    // SESSION_TRACK_SCHEMA entry: type 1, lenenc length of the data, the data a lenenc schema name.
    private static byte[] SchemaChange(string schema)
    {
        using var data = new PacketWriter(64);
        data.WriteLengthEncodedString(schema);
        using var entry = new PacketWriter(80);
        entry.WriteByte(1);
        entry.WriteLengthEncodedString(data.Written.Span);
        return entry.Written.ToArray();
    }

    /// Answers the command with an error. A result set already begun is cut short (clients accept an
    /// ERR in place of a row); anything not yet sent of this command is replaced.
    public void WriteError(MySqlError error)
    {
        if (IsComplete) throw new InvalidOperationException("the command is already answered");
        if (inRow) Writer.CancelPacket();
        inRow = false;
        inResultSet = false;
        Writer.BeginPacket();
        ErrorPayload.Write(Writer, error);
        Writer.EndPacket();
        IsComplete = true;
    }

    public void BeginResultSet(IReadOnlyList<ColumnDefinition> resultColumns)
    {
        EnsureOpen();
        if (inResultSet) throw new InvalidOperationException("a result set is already open");
        if (resultColumns.Count == 0) throw new ArgumentException("a result set needs at least one column", nameof(resultColumns));
        columns = resultColumns;
        inResultSet = true;
        Writer.BeginPacket();
        Writer.WriteLengthEncodedInteger((ulong)resultColumns.Count);
        Writer.EndPacket();
        for (var i = 0; i < resultColumns.Count; i++) // an index loop: no boxed enumerator per result
        {
            Writer.BeginPacket();
            resultColumns[i].Write(Writer);
            Writer.EndPacket();
        }
        if (!DeprecateEof) WriteEof(moreResults: false);
    }

    public void BeginRow()
    {
        if (!inResultSet || inRow) throw new InvalidOperationException("BeginRow needs an open result set and no open row");
        inRow = true;
        rowColumn = 0;
        Writer.BeginPacket();
        if (binary)
        {
            Writer.WriteByte(0);
            nullBitmapAt = Writer.Reserve(BinaryRow.NullBitmapLength(columns.Count));
        }
    }

    /// Appends the next value in its text form (e.g. "42", "2024-02-29 13:14:15", raw string bytes).
    public void AppendValue(ReadOnlySpan<byte> text)
    {
        if (!inRow || rowColumn >= columns.Count) throw new InvalidOperationException("more values than columns");
        if (binary)
        {
            var column = columns[rowColumn];
            BinaryValue.WriteFromText(column.Type, column.IsUnsigned, text, Writer);
        }
        else
        {
            Writer.WriteLengthEncodedString(text);
        }
        rowColumn++;
    }

    public void AppendValue(string text)
    {
        if (!binary)
        {
            if (!inRow || rowColumn >= columns.Count) throw new InvalidOperationException("more values than columns");
            Writer.WriteLengthEncodedString(text);
            rowColumn++;
            return;
        }
        AppendValue(System.Text.Encoding.UTF8.GetBytes(text));
    }

    public void AppendNull()
    {
        if (!inRow || rowColumn >= columns.Count) throw new InvalidOperationException("more values than columns");
        if (binary)
        {
            var bit = rowColumn + 2;
            Writer.Patch(nullBitmapAt + bit / 8, 1)[0] |= (byte)(1 << (bit % 8));
        }
        else
        {
            Writer.WriteByte(0xFB);
        }
        rowColumn++;
    }

    public void EndRow()
    {
        if (!inRow) throw new InvalidOperationException("no open row");
        if (rowColumn != columns.Count) throw new InvalidOperationException($"row has {rowColumn} values for {columns.Count} columns");
        Writer.EndPacket();
        inRow = false;
    }

    /// Writes a row from text values (null = SQL NULL).
    public void WriteRow(params ReadOnlySpan<string?> values)
    {
        BeginRow();
        foreach (var value in values)
        {
            if (value is null) AppendNull();
            else AppendValue(value);
        }
        EndRow();
    }

    /// Forwards a text-protocol row payload as it came from MariaDB (re-encoded only for binary results).
    public void WriteRawRow(ReadOnlySpan<byte> textRow)
    {
        if (!binary)
        {
            if (!inResultSet || inRow) throw new InvalidOperationException("WriteRawRow needs an open result set");
            Writer.BeginPacket();
            Writer.Write(textRow);
            Writer.EndPacket();
            return;
        }
        BeginRow();
        var reader = new TextRowReader(textRow);
        for (var i = 0; i < columns.Count; i++)
        {
            if (reader.Read(out var value)) AppendValue(value);
            else AppendNull();
        }
        EndRow();
    }

    public void EndResultSet(ushort warnings = 0, bool moreResults = false)
    {
        if (!inResultSet || inRow) throw new InvalidOperationException("no result set to end (or a row is open)");
        inResultSet = false;
        if (DeprecateEof)
        {
            Writer.BeginPacket();
            new OkPayload(0, 0, Status(moreResults), warnings).Write(Writer, session.Capabilities, asTerminator: true);
            Writer.EndPacket();
        }
        else
        {
            WriteEof(moreResults, warnings);
        }
        IsComplete = !moreResults;
    }

    /// Sends what is buffered (for long result sets); the command continues.
    public ValueTask FlushAsync(CancellationToken cancellationToken = default) => channel.FlushAsync(cancellationToken);

    internal void WriteEof(bool moreResults, ushort warnings = 0)
    {
        Writer.BeginPacket();
        new EofPayload(warnings, Status(moreResults)).Write(Writer);
        Writer.EndPacket();
    }

    /// After the handler: a missing answer becomes OK; a half-written one is closed cleanly.
    internal void Complete()
    {
        if (IsComplete) return;
        if (inRow) Writer.CancelPacket();
        inRow = false;
        if (inResultSet) EndResultSet();
        else WriteOk();
    }

    private ServerStatus Status(bool moreResults) =>
        session.Status | (moreResults ? ServerStatus.MoreResultsExist : ServerStatus.None);

    private void EnsureOpen()
    {
        if (IsComplete) throw new InvalidOperationException("the command is already answered (pass moreResults: true for multi-statements)");
    }
}
