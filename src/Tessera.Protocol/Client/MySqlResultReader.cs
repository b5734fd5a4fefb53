using Tessera.Protocol.Constants;
using Tessera.Protocol.Payloads;
using Tessera.Protocol.Serialization;

namespace Tessera.Protocol.Client;

/// Streams the results of one command: for each result either an OK (affected rows, last insert id)
/// or column definitions then rows. Rows are handed out RAW, as the row packet's payload, valid until
/// the next read, so they can be forwarded without re-encoding; GetValues decodes on request.
/// (https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_query_response.html)
public sealed class MySqlResultReader : IAsyncDisposable
{
    private readonly MySqlClientConnection connection;
    private bool rowsDone;
    private bool finished;

    internal MySqlResultReader(MySqlClientConnection connection, bool binary)
    {
        this.connection = connection;
        IsBinary = binary;
    }

    /// Binary protocol rows (COM_STMT_EXECUTE) instead of text rows.
    public bool IsBinary { get; }

    public IReadOnlyList<ColumnDefinition> Columns { get; private set; } = [];

    /// True when the current result is a result set (has columns), false when it is an OK.
    public bool HasRows => Columns.Count > 0;

    /// The OK of the current result when it has no rows; the terminator's values after the rows.
    public OkPayload Ok { get; private set; }

    /// The raw payload of the current row; valid until the next read on this connection.
    public ReadOnlyMemory<byte> CurrentRow { get; private set; }

    public bool HasMoreResults => (Ok.Status & ServerStatus.MoreResultsExist) != 0;

    internal async ValueTask ReadHeaderAsync(CancellationToken cancellationToken)
    {
        rowsDone = false;
        Columns = [];
        var channel = connection.Channel;
        var payload = await channel.ReadPayloadAsync(cancellationToken).ConfigureAwait(false);
        var span = payload.Span;
        if (ErrorPayload.IsError(span))
        {
            Finish();
            throw new MySqlErrorException(ErrorPayload.Create(span));
        }
        if (OkPayload.IsOk(span))
        {
            Ok = OkPayload.Create(span, connection.Capabilities);
            connection.Status = Ok.Status;
            rowsDone = true;
            if (!HasMoreResults) Finish();
            return;
        }
        if (span[0] == 0xFB)
        {
            Finish();
            throw new MySqlErrorException(ProtocolErrors.NotSupportedYet("LOAD DATA LOCAL INFILE"));
        }
        var reader = new PayloadReader(span);
        var count = reader.ReadLengthEncodedInteger();
        if (count == 0 || count > 65535) MySqlProtocolException.ThrowMalformed($"column count {count}");
        var columns = new ColumnDefinition[(int)count];
        for (var i = 0; i < columns.Length; i++)
        {
            payload = await channel.ReadPayloadAsync(cancellationToken).ConfigureAwait(false);
            columns[i] = ColumnDefinition.Create(payload.Span);
        }
        if ((connection.Capabilities & CapabilityFlags.DeprecateEof) == 0)
        {
            payload = await channel.ReadPayloadAsync(cancellationToken).ConfigureAwait(false);
            if (!EofPayload.IsEof(payload.Span)) MySqlProtocolException.ThrowMalformed("EOF expected after column definitions");
        }
        Columns = columns;
    }

    /// Advances to the next row of the current result set; false at its end.
    public async ValueTask<bool> ReadAsync(CancellationToken cancellationToken = default)
    {
        if (rowsDone) return false;
        var payload = await connection.Channel.ReadPayloadAsync(cancellationToken).ConfigureAwait(false);
        var span = payload.Span;
        if (ErrorPayload.IsError(span))
        {
            rowsDone = true;
            Finish();
            throw new MySqlErrorException(ErrorPayload.Create(span));
        }
        if ((connection.Capabilities & CapabilityFlags.DeprecateEof) != 0 ? OkPayload.IsResultSetTerminator(span) : EofPayload.IsEof(span))
        {
            if ((connection.Capabilities & CapabilityFlags.DeprecateEof) != 0)
            {
                Ok = OkPayload.Create(span, connection.Capabilities);
            }
            else
            {
                var eof = EofPayload.Create(span);
                Ok = new OkPayload(0, 0, eof.Status, eof.Warnings);
            }
            connection.Status = Ok.Status;
            rowsDone = true;
            CurrentRow = default;
            if (!HasMoreResults) Finish();
            return false;
        }
        CurrentRow = payload;
        return true;
    }

    /// Moves to the next result of a multi-statement or CALL; false when there is none.
    public async ValueTask<bool> NextResultAsync(CancellationToken cancellationToken = default)
    {
        while (!rowsDone) await ReadAsync(cancellationToken).ConfigureAwait(false);
        if (!HasMoreResults || finished) return false;
        await ReadHeaderAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// Decodes the current row into CLR values (long, ulong, double, decimal, string, byte[], DateTime, TimeSpan, null).
    public object?[] GetValues()
    {
        var values = new object?[Columns.Count];
        if (IsBinary) BinaryRow.Decode(CurrentRow.Span, Columns, values);
        else TextRow.Decode(CurrentRow.Span, Columns, values);
        return values;
    }

    /// Reads all rows of all results; returns the last OK.
    public async Task<OkPayload> DrainAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            while (await ReadAsync(cancellationToken).ConfigureAwait(false))
            {
            }
            if (!await NextResultAsync(cancellationToken).ConfigureAwait(false)) return Ok;
        }
    }

    /// Reads the current result set to its end, returning every row decoded (convenient for tests and admin queries).
    public async Task<List<object?[]>> ReadAllRowsAsync(CancellationToken cancellationToken = default)
    {
        var rows = new List<object?[]>();
        while (await ReadAsync(cancellationToken).ConfigureAwait(false)) rows.Add(GetValues());
        return rows;
    }

    private void Finish()
    {
        finished = true;
        connection.ReaderFinished(this);
    }

    public async ValueTask DisposeAsync()
    {
        if (!finished) await DrainAsync().ConfigureAwait(false);
    }
}
