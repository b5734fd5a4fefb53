using Tessera.Binlog.Reading;
using Tessera.Binlog.Transactions;
using Tessera.Testing;

namespace Tessera.Binlog.Tests;

/// Helpers around a throwaway MariaDB whose binlog files the tests read.
internal static class BinlogTestServer
{
    /// Each server gets its own tmpdir (see TestEnvironment: a starting server empties its tmpdir
    /// of temporary tables); it lives under the test run's private TMPDIR, removed at exit.
    public static Task<TestMariaDb> StartAsync(params string[] extraArgs)
    {
        var tmp = Directory.CreateTempSubdirectory("tessera-binlog-tmp-").FullName;
        return TestMariaDb.StartAsync(new TestMariaDbOptions { ExtraArgs = ["--binlog-row-metadata=FULL", $"--tmpdir={tmp}", .. extraArgs] });
    }

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
