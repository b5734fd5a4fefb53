using Tessera.Binlog.Events;
using Tessera.Binlog.Reading;
using Tessera.Binlog.Transactions;
using Tessera.Testing;

namespace Tessera.Binlog.Tests;

/// Corrupt, cut or inconsistent binlogs: an exception naming the file and position, never a
/// wrong value. Works on copies of a real server's binlog.
public sealed class BadInputTests : IAsyncLifetime
{
    private TestMariaDb db = null!;
    private string copyDirectory = null!;
    private List<(BinlogEventType Type, long Position, uint Size)> events = null!;

    public async Task InitializeAsync()
    {
        db = await BinlogTestServer.StartAsync();
        await db.ExecuteAsync("CREATE DATABASE app");
        await db.ExecuteAsync("CREATE TABLE a (id INT PRIMARY KEY, v VARCHAR(100))", "app");
        for (var i = 0; i < 5; i++)
            await db.ExecuteAsync($"INSERT INTO a VALUES ({i}, REPEAT('x', {i * 10}))", "app");
        copyDirectory = Directory.CreateTempSubdirectory("tessera-binlog-bad-").FullName;
        events = [];
        await using var reader = new BinlogEventReader(new BinlogFileSource(BinlogTestServer.FirstBinlog(db)));
        while (await reader.ReadAsync() is { } e)
            events.Add((e.Type, e.Position, e.Header.EventSize));
    }

    public async Task DisposeAsync()
    {
        await db.DisposeAsync();
        Directory.Delete(copyDirectory, recursive: true);
    }

    [Fact]
    public async Task ChecksumMismatch_NamesFileAndPosition()
    {
        var target = events.Where(e => e.Type == BinlogEventType.WriteRowsV1).Skip(2).First();
        var bytes = await File.ReadAllBytesAsync(BinlogTestServer.FirstBinlog(db));
        bytes[target.Position + target.Size - 6] ^= 0x01; // a row byte, not the checksum
        var error = await Assert.ThrowsAsync<BinlogException>(() => ReadAll(bytes));
        Assert.Contains("checksum mismatch", error.Message);
        Assert.Equal("binlog.000001", error.File);
        Assert.Equal(target.Position, error.Position);
    }

    [Fact]
    public async Task TruncatedEvent_NamesFileAndPosition()
    {
        var target = events.Where(e => e.Type == BinlogEventType.WriteRowsV1).Skip(3).First();
        var bytes = await File.ReadAllBytesAsync(BinlogTestServer.FirstBinlog(db));
        var error = await Assert.ThrowsAsync<BinlogException>(() => ReadAll(bytes[..(int)(target.Position + 25)]));
        Assert.Contains("truncated", error.Message);
        Assert.Equal(target.Position, error.Position);
    }

    [Fact]
    public async Task RowsEventWithoutTableMap_NamesFileAndPosition()
    {
        var target = events.First(e => e.Type == BinlogEventType.WriteRowsV1);
        var source = new DroppingSource(new BinlogFileSource(BinlogTestServer.FirstBinlog(db)), BinlogEventType.TableMap);
        await using var reader = new BinlogEventReader(source);
        var error = await Assert.ThrowsAsync<BinlogException>(async () =>
        {
            await foreach (var _ in new BinlogTransactionReader(reader).ReadAllAsync())
            {
            }
        });
        Assert.Contains("no TABLE_MAP", error.Message);
        Assert.Equal(target.Position, error.Position);
    }

    [Fact]
    public async Task NotABinlog_IsRefused()
    {
        var path = Path.Combine(copyDirectory, "binlog.000001");
        await File.WriteAllTextAsync(path, "hello world, not a binlog");
        var error = Assert.Throws<BinlogException>(() => new BinlogFileSource(path));
        Assert.Contains("bad magic", error.Message);
    }

    private async Task ReadAll(byte[] file)
    {
        var path = Path.Combine(copyDirectory, "binlog.000001");
        await File.WriteAllBytesAsync(path, file);
        await using var reader = new BinlogEventReader(new BinlogFileSource(path));
        await foreach (var _ in new BinlogTransactionReader(reader).ReadAllAsync())
        {
        }
    }

    private sealed class DroppingSource(IBinlogEventSource inner, BinlogEventType dropped) : IBinlogEventSource
    {
        public async ValueTask<RawEvent?> ReadAsync(CancellationToken cancellationToken = default)
        {
            while (await inner.ReadAsync(cancellationToken) is { } raw)
            {
                if ((BinlogEventType)raw.Bytes.Span[4] != dropped)
                    return raw;
            }
            return null;
        }

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
