using System.Buffers.Binary;
using System.Text;
using Tessera.Binlog.Events;
using Tessera.Binlog.Positions;
using Tessera.Binlog.Reading;
using Tessera.Protocol;
using Tessera.Protocol.Client;
using Tessera.Protocol.Constants;

namespace Tessera.Binlog.Replication;

/// Event bytes from a primary over a replication connection: the session variables of the
/// MariaDB GTID protocol, COM_REGISTER_SLAVE, COM_BINLOG_DUMP, then one packet per event
/// (0x00, then the event exactly as in the binlog file). https://mariadb.com/kb/en/com_binlog_dump/
public sealed class BinlogNetworkSource : IBinlogEventSource
{
    private const byte EventMarker = 0x00;
    private readonly MySqlClientConnection connection;
    private readonly BinlogReplicaOptions options;
    private MariaDbGtidPosition start;
    private bool checksummed;
    private bool formatSeen;
    private string file = "";

    private BinlogNetworkSource(MySqlClientConnection connection, BinlogReplicaOptions options, MariaDbGtidPosition start)
    {
        this.connection = connection;
        this.options = options;
        this.start = start;
    }

    /// Algorithm the primary writes its binlog with; the first (artificial) ROTATE comes before
    /// any FORMAT_DESCRIPTION, so the reader must know it from here.
    public ChecksumAlgorithm Checksum => checksummed ? ChecksumAlgorithm.Crc32 : ChecksumAlgorithm.Off;

    /// Where the stream starts: the position given, or the primary's @@gtid_binlog_pos ("from now").
    public MariaDbGtidPosition Start => start;

    /// Connects and asks for every transaction after `start` (null: after what the primary has now).
    public static async Task<BinlogNetworkSource> ConnectAsync(BinlogReplicaOptions options, MariaDbGtidPosition? start, CancellationToken cancellationToken = default)
    {
        var connection = await MySqlClientConnection.ConnectAsync(options.Connection, cancellationToken).ConfigureAwait(false);
        var source = new BinlogNetworkSource(connection, options, start ?? MariaDbGtidPosition.Empty);
        try
        {
            await source.StartDumpAsync(start is null, cancellationToken).ConfigureAwait(false);
            return source;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task StartDumpAsync(bool fromNow, CancellationToken cancellationToken)
    {
        if (fromNow)
            start = MariaDbGtidPosition.Parse(await ScalarAsync("SELECT @@global.gtid_binlog_pos", cancellationToken).ConfigureAwait(false) ?? "");
        checksummed = string.Equals(await ScalarAsync("SELECT @@global.binlog_checksum", cancellationToken).ConfigureAwait(false), "CRC32", StringComparison.OrdinalIgnoreCase);
        var heartbeatNanoseconds = (long)(options.HeartbeatPeriod.TotalMilliseconds * 1_000_000);
        await connection.ExecuteAsync($"SET @master_heartbeat_period = {heartbeatNanoseconds}", cancellationToken).ConfigureAwait(false);
        foreach (var statement in MariaDbFlavor.Instance.StartStreamStatements(start))
            await connection.ExecuteAsync(statement, cancellationToken).ConfigureAwait(false);

        await connection.SendCommandAsync(CommandKind.RegisterSlave, RegisterSlavePayload(), cancellationToken).ConfigureAwait(false);
        var ok = await connection.ReadPacketAsync(cancellationToken).ConfigureAwait(false);
        ThrowIfError(ok.Span);

        await connection.SendCommandAsync(CommandKind.BinlogDump, BinlogDumpPayload(), cancellationToken).ConfigureAwait(false);
    }

    private async Task<string?> ScalarAsync(string sql, CancellationToken cancellationToken)
    {
        await using var result = await connection.QueryAsync(sql, cancellationToken).ConfigureAwait(false);
        var rows = await result.ReadAllRowsAsync(cancellationToken).ConfigureAwait(false);
        return rows.Count == 1 ? rows[0][0]?.ToString() : null;
    }

    /// https://mariadb.com/kb/en/com_register_slave/
    private byte[] RegisterSlavePayload()
    {
        var host = Encoding.UTF8.GetBytes(Environment.MachineName);
        var payload = new byte[4 + 1 + host.Length + 1 + 1 + 2 + 4 + 4];
        var span = payload.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(span, options.ReplicaServerId);
        span[4] = (byte)host.Length;
        host.CopyTo(span[5..]);
        var offset = 5 + host.Length;
        span[offset++] = 0; // user: not reported
        span[offset++] = 0; // password: not reported
        BinaryPrimitives.WriteUInt16LittleEndian(span[offset..], 0);
        // replication rank and master id stay 0
        return payload;
    }

    /// Position 4 of no file: with @slave_connect_state set, MariaDB finds the start from the GTIDs.
    private byte[] BinlogDumpPayload()
    {
        var payload = new byte[4 + 2 + 4];
        BinaryPrimitives.WriteUInt32LittleEndian(payload, 4);
        BinaryPrimitives.WriteUInt16LittleEndian(payload.AsSpan(4), 0); // blocking: wait for new events
        BinaryPrimitives.WriteUInt32LittleEndian(payload.AsSpan(6), options.ReplicaServerId);
        return payload;
    }

    public async ValueTask<RawEvent?> ReadAsync(CancellationToken cancellationToken = default)
    {
        ReadOnlyMemory<byte> packet;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(options.ReadTimeout);
            try
            {
                packet = await connection.ReadPacketAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new IOException($"no event or heartbeat from the primary for {options.ReadTimeout}");
            }
        }
        var span = packet.Span;
        ThrowIfError(span);
        if (span.Length < 9 && span.Length > 0 && span[0] == 0xFE)
            return null; // EOF: the primary ended the stream
        if (span.Length == 0 || span[0] != EventMarker)
            throw new BinlogException($"unexpected packet 0x{(span.Length == 0 ? 0 : span[0]):X2} in the binlog stream", file, -1);
        var bytes = packet[1..];
        var header = bytes.Span;
        if (header.Length < BinlogEventHeader.Size)
            throw new BinlogException($"truncated event packet of {header.Length} bytes", file, -1);
        var type = (BinlogEventType)header[4];
        var size = BinaryPrimitives.ReadUInt32LittleEndian(header[9..]);
        var next = BinaryPrimitives.ReadUInt32LittleEndian(header[13..]);
        var position = next >= size ? next - size : 0;
        var eventFile = file;
        ChecksumAlgorithm? checksum = null;
        if (!formatSeen && type != BinlogEventType.FormatDescription)
        {
            // Before the first FORMAT_DESCRIPTION (the artificial ROTATE): tell by the trailer itself.
            checksum = header.Length >= BinlogEventHeader.Size + 4 &&
                       BinaryPrimitives.ReadUInt32LittleEndian(header[^4..]) == System.IO.Hashing.Crc32.HashToUInt32(header[..^4])
                ? ChecksumAlgorithm.Crc32
                : ChecksumAlgorithm.Off;
        }
        var trailer = (checksum ?? Checksum) == ChecksumAlgorithm.Crc32 ? 4 : 0;
        if (type == BinlogEventType.Rotate && header.Length >= BinlogEventHeader.Size + 8 + trailer)
            file = Encoding.UTF8.GetString(header[(BinlogEventHeader.Size + 8)..^trailer]);
        else if (type == BinlogEventType.FormatDescription && header.Length >= BinlogEventHeader.Size + 5)
        {
            checksummed = header[^5] == (byte)ChecksumAlgorithm.Crc32;
            formatSeen = true;
        }
        return new RawEvent(bytes, eventFile.Length == 0 ? file : eventFile, position, checksum);
    }

    private void ThrowIfError(ReadOnlySpan<byte> payload)
    {
        if (!Tessera.Protocol.Payloads.ErrorPayload.IsError(payload))
            return;
        var error = Tessera.Protocol.Payloads.ErrorPayload.Create(payload);
        throw new BinlogException($"primary refused the binlog stream from position '{start}': {error}", file.Length == 0 ? null : file, -1)
        {
            ServerErrorCode = error.Number,
        };
    }

    public ValueTask DisposeAsync() => connection.DisposeAsync();
}
