namespace Tessera.Binlog.Reading;

/// Where event bytes come from: binlog files on disk, or a replication connection (which sends
/// the same bytes, each behind a 0x00 OK marker). Returns null at the end of the stream.
public interface IBinlogEventSource : IAsyncDisposable
{
    ValueTask<RawEvent?> ReadAsync(CancellationToken cancellationToken = default);
}
