using System.Runtime.CompilerServices;
using Tessera.Binlog.Events;
using Tessera.Binlog.Positions;
using Tessera.Binlog.Reading;
using Tessera.Binlog.Rows;

namespace Tessera.Binlog.Transactions;

/// Assembles events into committed transactions, whole and in commit (binlog) order.
/// Transactions already covered by `start` are skipped, so a reader can resume from a saved
/// position over files or a stream that begins earlier. An event group that never commits
/// (stream ends, ROLLBACK) is never yielded.
public sealed class BinlogTransactionReader(BinlogEventReader events, MariaDbGtidPosition? start = null)
{
    private readonly TableMapCache tables = new();

    /// Position after the last transaction yielded (or the start).
    public MariaDbGtidPosition Position { get; private set; } = start ?? MariaDbGtidPosition.Empty;

    public async IAsyncEnumerable<BinlogTransaction> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Pending? pending = null;
        while (await events.ReadAsync(cancellationToken) is { } e)
        {
            BinlogTransaction? committed;
            try
            {
                committed = Apply(e, ref pending);
            }
            catch (BinlogException ex) when (ex.File is null)
            {
                throw e.Error(ex.Message, ex);
            }
            if (committed is not null)
                yield return committed;
        }
    }

    private BinlogTransaction? Apply(BinlogEvent e, ref Pending? pending)
    {
        switch (e.Type)
        {
            case BinlogEventType.Gtid:
                {
                    var gtid = GtidEvent.Parse(e.Body.Span, e.Header.ServerId);
                    if (pending is not null && !pending.Skip)
                        throw e.Error($"GTID {gtid.Gtid} begins before {pending.Gtid.Gtid} committed");
                    pending = new Pending(gtid, e.Header.Timestamp, Position.Contains(gtid.Gtid));
                    return null;
                }
            case BinlogEventType.Query or BinlogEventType.QueryCompressed:
                {
                    if (pending is null)
                        return null;
                    var query = QueryEvent.Parse(e.Body.Span, events.Format, e.Type == BinlogEventType.QueryCompressed);
                    if (query.IsBegin)
                        return null;
                    if (query.IsRollback)
                    {
                        pending = null;
                        return null;
                    }
                    if (query.IsCommit)
                        return Commit(e, ref pending);
                    (pending.Statements ??= []).Add(new BinlogStatement(query.Database, query.Sql));
                    return pending.Gtid.IsStandalone ? Commit(e, ref pending) : null;
                }
            case BinlogEventType.Xid or BinlogEventType.XaPrepare:
                return pending is null ? null : Commit(e, ref pending);
            case BinlogEventType.TableMap:
                tables.Add(e, events.Format);
                return null;
            case BinlogEventType.WriteRowsV1 or BinlogEventType.UpdateRowsV1 or BinlogEventType.DeleteRowsV1 or
                BinlogEventType.WriteRowsV2 or BinlogEventType.UpdateRowsV2 or BinlogEventType.DeleteRowsV2 or
                >= BinlogEventType.WriteRowsCompressedV1 and <= BinlogEventType.DeleteRowsCompressed:
                {
                    var header = RowsEventHeader.Parse(e.Type, e.Body.Span, events.Format);
                    var table = tables.Get(header.TableId, e);
                    if (pending is null || pending.Skip)
                        return null;
                    // The reader's buffer is reused: the values of kept rows need their own copy
                    // (an inflated compressed event is already one).
                    var body = e.Type.IsCompressedRows() ? RowsEventHeader.Inflate(e.Type, header, e.Body) : e.Body.ToArray();
                    DecodeRows(header, body, table, pending.Changes);
                    return null;
                }
            default:
                return null; // FORMAT_DESCRIPTION, ROTATE, GTID_LIST, checkpoints, heartbeats, ANNOTATE_ROWS...
        }
    }

    internal static void DecodeRows(RowsEventHeader header, ReadOnlyMemory<byte> body, TableMap table, List<RowChange> changes)
    {
        var reader = new RowsEventReader(header, body, table);
        var count = header.ColumnCount;
        while (reader.HasMore)
        {
            var before = header.Kind == RowChangeKind.Insert ? null : new BinlogValue[count];
            var after = header.Kind == RowChangeKind.Delete ? null : new BinlogValue[count];
            reader.ReadRow(before, after);
            changes.Add(new RowChange(table, header.Kind,
                before is null ? null : new BinlogRow(table, before),
                after is null ? null : new BinlogRow(table, after)));
        }
    }

    private BinlogTransaction? Commit(BinlogEvent e, ref Pending? pending)
    {
        var done = pending!;
        pending = null;
        if (done.Skip)
            return null;
        Position = Position.Advance(done.Gtid.Gtid);
        return new BinlogTransaction
        {
            Gtid = done.Gtid.Gtid,
            Flags = done.Gtid.Flags,
            Timestamp = DateTimeOffset.FromUnixTimeSeconds(done.Timestamp),
            Changes = done.Changes,
            Statements = done.Statements ?? (IReadOnlyList<BinlogStatement>)[],
            Position = Position,
            File = e.File,
            EndPosition = e.Position + e.Header.EventSize,
        };
    }

    private sealed class Pending(GtidEvent gtid, uint timestamp, bool skip)
    {
        public GtidEvent Gtid { get; } = gtid;

        public uint Timestamp { get; } = timestamp;

        public bool Skip { get; } = skip;

        public List<RowChange> Changes { get; } = [];

        /// Most transactions have none: created on the first.
        public List<BinlogStatement>? Statements { get; set; }
    }
}
