using BenchmarkDotNet.Attributes;
using Tessera.Binlog.Events;
using Tessera.Binlog.Reading;
using Tessera.Binlog.Rows;
using Tessera.Binlog.Transactions;

namespace Tessera.Benchmarks.Binlog;

/// Decoded rows per second from a binlog of one million single-row INSERT transactions
/// (issue #9 target: >= 300,000 rows/s). Figures are per row (OperationsPerInvoke).
/// Run: dotnet run -c Release --project bench/Tessera.Benchmarks -- --filter '*BinlogDecode*' --job short
[MemoryDiagnoser]
public class BinlogDecodeBenchmarks
{
    private string file = "";

    [GlobalSetup]
    public void Setup() => file = BenchmarkBinlogFile.Ensure();

    /// The transaction view VReplication consumes: every row decoded into owned values.
    [Benchmark(OperationsPerInvoke = BenchmarkBinlogFile.Rows)]
    public async Task<int> Transactions()
    {
        var rows = 0;
        await using var events = new BinlogEventReader(new BinlogFileSource(file, followRotations: false));
        await foreach (var transaction in new BinlogTransactionReader(events).ReadAllAsync())
            rows += transaction.Changes.Count;
        return Check(rows);
    }

    /// Event level: each row decoded into a reused span of values, nothing kept.
    [Benchmark(OperationsPerInvoke = BenchmarkBinlogFile.Rows)]
    public async Task<int> Events()
    {
        var rows = 0;
        var tables = new TableMapCache();
        var values = new BinlogValue[64];
        await using var events = new BinlogEventReader(new BinlogFileSource(file, followRotations: false));
        while (await events.ReadAsync() is { } e)
        {
            if (e.Type == BinlogEventType.TableMap)
                tables.Add(e, events.Format);
            else if (e.Type == BinlogEventType.WriteRowsV1)
                rows += DecodeRows(e, tables, events.Format, values);
        }
        return Check(rows);
    }

    private static int DecodeRows(BinlogEvent e, TableMapCache tables, FormatDescriptionEvent format, BinlogValue[] values)
    {
        var header = RowsEventHeader.Parse(e.Type, e.Body.Span, format);
        var reader = new RowsEventReader(header, e.Body, tables.Get(header.TableId, e));
        var rows = 0;
        while (reader.ReadRow(values, values))
            rows++;
        return rows;
    }

    private static int Check(int rows) =>
        rows >= BenchmarkBinlogFile.Rows ? rows : throw new InvalidOperationException($"decoded {rows} rows, expected {BenchmarkBinlogFile.Rows}");
}
