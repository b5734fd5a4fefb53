using System.Buffers.Binary;
using System.IO.Hashing;
using Tessera.Binlog.Reading;

namespace Tessera.Binlog.Tests;

public class UnknownEventTests
{
    [Fact]
    public async Task UnknownEventType_IsSkippedByItsLength()
    {
        await using var db = await BinlogTestServer.StartAsync();
        await db.ExecuteAsync("CREATE DATABASE app");
        await db.ExecuteAsync("CREATE TABLE a (id INT PRIMARY KEY)", "app");
        await db.ExecuteAsync("INSERT INTO a VALUES (1)", "app");
        await db.ExecuteAsync("INSERT INTO a VALUES (2)", "app");

        // An event of a type no reader knows (200), checksummed like the others, before every
        // TABLE_MAP: the transactions must come out unchanged.
        var source = new InjectingSource(new BinlogFileSource(BinlogTestServer.FirstBinlog(db)));
        await using var events = new BinlogEventReader(source);
        var ids = new List<string>();
        await foreach (var transaction in new Transactions.BinlogTransactionReader(events).ReadAllAsync())
            ids.AddRange(transaction.Changes.Select(c => c.After!["id"].ToString()));
        Assert.Equal(["1", "2"], ids);
        Assert.True(source.Injected >= 2);
    }

    private sealed class InjectingSource(IBinlogEventSource inner) : IBinlogEventSource
    {
        private RawEvent? held;

        public int Injected { get; private set; }

        public async ValueTask<RawEvent?> ReadAsync(CancellationToken cancellationToken = default)
        {
            if (held is { } next)
            {
                held = null;
                return next;
            }
            var raw = await inner.ReadAsync(cancellationToken);
            if (raw is not { } value || value.Bytes.Span[4] != 19)
                return raw;
            held = value with { Bytes = value.Bytes.ToArray() };
            Injected++;
            return new RawEvent(Unknown(), value.File, value.Position);
        }

        private static byte[] Unknown()
        {
            var bytes = new byte[19 + 37 + 4];
            bytes[4] = 200;
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(9), (uint)bytes.Length);
            bytes.AsSpan(19, 37).Fill(0xEE);
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(^4), Crc32.HashToUInt32(bytes.AsSpan(0, bytes.Length - 4)));
            return bytes;
        }

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
