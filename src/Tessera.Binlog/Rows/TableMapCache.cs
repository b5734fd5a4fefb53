using System.Buffers.Binary;
using Tessera.Binlog.Events;

namespace Tessera.Binlog.Rows;

/// Table id → table map, as the row events of a stream need it. A primary repeats the same
/// TABLE_MAP before every transaction; an identical one reuses the decoded map (no re-parse).
public sealed class TableMapCache
{
    private readonly Dictionary<ulong, (byte[] Body, TableMap Map)> maps = [];

    public TableMap Add(BinlogEvent tableMapEvent, FormatDescriptionEvent format)
    {
        var body = tableMapEvent.Body.Span;
        var postHeader = format.PostHeaderLength(BinlogEventType.TableMap, 8);
        if (body.Length < postHeader)
            throw tableMapEvent.Error("TABLE_MAP truncated");
        var tableId = postHeader == 6
            ? BinaryPrimitives.ReadUInt32LittleEndian(body)
            : BinaryPrimitives.ReadUInt32LittleEndian(body) | ((ulong)BinaryPrimitives.ReadUInt16LittleEndian(body[4..]) << 32);
        if (maps.TryGetValue(tableId, out var known) && body.SequenceEqual(known.Body))
            return known.Map;
        TableMap map;
        try
        {
            map = TableMap.Parse(body, format);
        }
        catch (BinlogException e) when (e.File is null)
        {
            throw tableMapEvent.Error(e.Message, e);
        }
        maps[tableId] = (body.ToArray(), map);
        return map;
    }

    public TableMap Get(ulong tableId, BinlogEvent rowsEvent) =>
        maps.TryGetValue(tableId, out var known)
            ? known.Map
            : throw rowsEvent.Error($"{rowsEvent.Type} for table id {tableId}, which no TABLE_MAP defined");
}
