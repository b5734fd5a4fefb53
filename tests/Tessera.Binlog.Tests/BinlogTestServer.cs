using Tessera.Binlog.Reading;
using Tessera.Binlog.Transactions;
using Tessera.Testing;

namespace Tessera.Binlog.Tests;

/// Helpers around a throwaway MariaDB whose binlog files the tests read.
internal static class BinlogTestServer
{
    public static Task<TestMariaDb> StartAsync(params string[] extraArgs) =>
        TestMariaDb.StartAsync(new TestMariaDbOptions { ExtraArgs = ["--binlog-row-metadata=FULL", .. extraArgs] });

    public static string FirstBinlog(TestMariaDb db) => Path.Combine(db.DataDirectory, "binlog.000001");

    public static async Task<List<BinlogTransaction>> ReadTransactionsAsync(TestMariaDb db, Positions.MariaDbGtidPosition? start = null)
    {
        await using var events = new BinlogEventReader(new BinlogFileSource(FirstBinlog(db)));
        var reader = new BinlogTransactionReader(events, start);
        var transactions = new List<BinlogTransaction>();
        await foreach (var transaction in reader.ReadAllAsync())
            transactions.Add(transaction);
        return transactions;
    }
}
