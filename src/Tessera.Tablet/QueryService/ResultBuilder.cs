using System.Buffers;
using Google.Protobuf;
using Tessera.Protocol.Client;
using Tessera.Protocol.Payloads;
using Tessera.Protocol.Serialization;
using Tessera.Rpc.Query;

namespace Tessera.Tablet.QueryService;

// Turns MariaDB's text result rows into the RPC's rows: the lengths of the values (-1 for NULL)
// and their bytes back to back. Row bytes are copied once, straight from the packet.
internal static class ResultBuilder
{
    public static Field ToField(ColumnDefinition c, ExecuteOptions.Types.IncludedFields included)
    {
        var field = new Field { Name = c.Name, Type = FieldTypes.ToType(c) };
        if (included == ExecuteOptions.Types.IncludedFields.All)
        {
            field.Table = c.Table;
            field.OrgTable = c.OrgTable;
            field.Database = c.Schema;
            field.OrgName = c.OrgName;
            field.ColumnLength = c.ColumnLength;
            field.Charset = c.CharacterSet;
            field.Decimals = c.Decimals;
            field.Flags = (uint)c.Flags;
        }
        return field;
    }

    public static Row ToRow(ReadOnlySpan<byte> packet, int columns)
    {
        var row = new Row();
        var reader = new TextRowReader(packet);
        // Values are at most as long as the packet; one exact-size copy follows.
        var buffer = ArrayPool<byte>.Shared.Rent(packet.Length);
        try
        {
            var used = 0;
            for (var i = 0; i < columns; i++)
            {
                if (reader.Read(out var value))
                {
                    row.Lengths.Add(value.Length);
                    value.CopyTo(buffer.AsSpan(used));
                    used += value.Length;
                }
                else
                {
                    row.Lengths.Add(-1);
                }
            }
            row.Values = ByteString.CopyFrom(buffer, 0, used);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return row;
    }

    // Reads the whole first result (and drains any further ones) into a QueryResult; more than
    // maxRows rows fail the query once the rest is drained, so the connection stays usable.
    public static async Task<QueryResult> ReadAsync(MySqlResultReader reader, ExecuteOptions? options, int maxRows, CancellationToken ct)
    {
        var result = new QueryResult();
        if (reader.HasRows)
        {
            var included = options?.IncludedFields ?? ExecuteOptions.Types.IncludedFields.TypeAndName;
            foreach (var c in reader.Columns) result.Fields.Add(ToField(c, included));
            var columns = reader.Columns.Count;
            var tooMany = false;
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                if (result.Rows.Count >= maxRows)
                {
                    tooMany = true;
                    continue;
                }
                result.Rows.Add(ToRow(reader.CurrentRow.Span, columns));
            }
            if (tooMany)
            {
                await reader.DrainAsync(ct).ConfigureAwait(false);
                throw TabletErrors.TooManyRows(maxRows);
            }
        }
        var ok = reader.Ok;
        result.RowsAffected = ok.AffectedRows;
        result.InsertId = ok.LastInsertId;
        result.Warnings = ok.Warnings;
        if (ok.Info is { Length: > 0 } info) result.Info = info;
        await reader.DrainAsync(ct).ConfigureAwait(false);
        return result;
    }
}
