using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Tessera.Binlog.Positions;
using Tessera.Binlog.Reading;
using Tessera.Binlog.Transactions;
using Tessera.Protocol;

namespace Tessera.Binlog.Replication;

/// Committed transactions of a MariaDB primary, streamed as a replica would receive them. After a
/// dropped connection it reconnects and resumes from the last transaction it yielded, so nothing
/// is lost or repeated; a refused start position (error 1236: purged or unknown) is final.
public sealed class BinlogReplica(BinlogReplicaOptions options)
{
    /// ER_CONNECTION_KILLED and server shutdown: the primary dropped us, try again.
    private static readonly int[] TransientServerErrors = [1053, 1927, 2013];

    /// Position after the last transaction yielded.
    public MariaDbGtidPosition? Position { get; private set; }

    /// How many times the stream was re-established after a drop.
    public int Reconnects { get; private set; }

    public async IAsyncEnumerable<BinlogTransaction> StreamAsync(MariaDbGtidPosition? start, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Position = start;
        var failures = 0;
        while (true)
        {
            BinlogNetworkSource? source = null;
            try
            {
                source = await BinlogNetworkSource.ConnectAsync(options, Position, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (IsTransient(e) && failures < options.MaxReconnectAttempts)
            {
                failures++;
                await Task.Delay(options.ReconnectDelay, cancellationToken).ConfigureAwait(false);
                continue;
            }
            Position ??= source.Start;
            Exception? dropped = null;
            await using (var events = new BinlogEventReader(source, source.Checksum))
            {
                var reader = new BinlogTransactionReader(events, Position);
                await using var transactions = reader.ReadAllAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
                while (true)
                {
                    try
                    {
                        if (!await transactions.MoveNextAsync().ConfigureAwait(false))
                            break;
                    }
                    catch (Exception e) when (IsTransient(e) && !cancellationToken.IsCancellationRequested)
                    {
                        dropped = e;
                        break;
                    }
                    failures = 0;
                    Position = transactions.Current.Position;
                    yield return transactions.Current;
                }
            }
            // Dropped, or the primary ended the stream: resume from the last whole transaction.
            if (++failures > options.MaxReconnectAttempts)
                throw new BinlogException($"binlog stream lost {failures} times in a row at position '{Position}'", null, -1, dropped);
            Reconnects++;
            await Task.Delay(options.ReconnectDelay, cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool IsTransient(Exception e) => e switch
    {
        IOException or SocketException or ObjectDisposedException => true,
        BinlogException { ServerErrorCode: var code } when TransientServerErrors.Contains(code) => true,
        MySqlErrorException { Error.Number: var code } when TransientServerErrors.Contains(code) => true,
        _ => false,
    };
}
