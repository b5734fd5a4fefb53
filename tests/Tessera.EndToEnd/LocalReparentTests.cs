using System.Diagnostics;
using System.Text.RegularExpressions;
using MySqlConnector;
using Tessera.Testing;
using static Tessera.EndToEnd.LocalClusterProcesses;

namespace Tessera.EndToEnd;

// The issue's reparent story on the real local cluster: a client keeps inserting through the
// gate while `tessera ctl PlannedReparentShard commerce/0 --new-primary zone1-101` moves the
// primary; every insert the gate acknowledged is on the new primary afterwards, the gate writes
// to it, and GetTablets, `local status` and the console all name 101 the primary, also after
// `local down` and `local up`.
public sealed class LocalReparentTests : IAsyncLifetime
{
    private readonly TestDataRoot _root = new();
    private readonly int _gatePort = FreePort.Next();
    private readonly int _ctldPort = FreePort.Next();
    private readonly int _ctldGrpcPort = FreePort.Next();
    private readonly string[] _flags;

    public LocalReparentTests()
    {
        _flags = ["--data-root", _root.Path, "--gate-mysql-port", Text(_gatePort), "--gate-web-port", Text(FreePort.Next()), "--ctld-port", Text(_ctldPort),
            "--ctld-grpc-port", Text(_ctldGrpcPort), "--tablet-port-base", Text(FreeTabletPortBase([100, 101, 102]))];
    }

    private Task<TesseraProcess.Result> Local(string verb) => TesseraProcess.RunAsync(["local", verb, .. _flags]);

    private Task<TesseraProcess.Result> Ctl(params string[] args) => TesseraProcess.RunAsync(["ctl", "--server", $"127.0.0.1:{Text(_ctldGrpcPort)}", .. args]);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        var pids = RecordedPids(_root.Path);
        try
        {
            await Local("down");
        }
        finally
        {
            KillLeftovers(_root.Path, pids);
            _root.TrackRunning();
            await _root.DisposeAsync();
        }
    }

    private string GateConnectionString => $"Server=127.0.0.1;Port={Text(_gatePort)};User ID=root;Database=commerce;SslMode=None;Pooling=false;Connection Timeout=5;Default Command Timeout=10";

    // Inserts one row at a time until stopped; a row counts as written only once the gate
    // acknowledged it. Errors (the short pause of the switch) are counted and the insert retried
    // with the next id on a fresh connection.
    private async Task<(List<string> Acknowledged, int Errors, List<string> AfterSwitch)> WriteAsync(Task switched, TaskCompletionSource firstAfterSwitch, CancellationToken stop)
    {
        var acknowledged = new List<string>();
        var afterSwitch = new List<string>();
        var errors = 0;
        var n = 0;
        MySqlConnection? c = null;
        while (!stop.IsCancellationRequested)
        {
            var sku = "W-" + Text(++n);
            try
            {
                if (c is null)
                {
                    c = new MySqlConnection(GateConnectionString);
                    await c.OpenAsync(CancellationToken.None);
                }
                await new MySqlCommand($"insert into product(sku, description, price) values('{sku}', 'writer', {Text(n)})", c).ExecuteNonQueryAsync(CancellationToken.None);
                acknowledged.Add(sku);
                if (switched.IsCompleted)
                {
                    afterSwitch.Add(sku);
                    firstAfterSwitch.TrySetResult();
                }
            }
            catch (MySqlException)
            {
                errors++;
                if (c is not null) await c.DisposeAsync();
                c = null;
                await Task.Delay(50, CancellationToken.None);
            }
        }

        if (c is not null) await c.DisposeAsync();
        return (acknowledged, errors, afterSwitch);
    }

    [Fact]
    public async Task PlannedReparentShard_WhileAClientWrites_MovesThePrimaryTo101_AndLosesNoAcknowledgedRow()
    {
        var up = await Local("up");
        _root.TrackRunning();
        Assert.True(up.ExitCode == 0, Describe(up));

        using var stop = new CancellationTokenSource();
        var switched = new TaskCompletionSource();
        var firstAfterSwitch = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writer = WriteAsync(switched.Task, firstAfterSwitch, stop.Token);
        await Task.Delay(1000);

        var watch = Stopwatch.StartNew();
        var prs = await Ctl("PlannedReparentShard", "commerce/0", "--new-primary", "zone1-101");
        watch.Stop();
        switched.SetResult();
        // Writes after the switch must reach the new primary: wait for the first (an insert that
        // met the switch may be retried on a fresh connection), then write a while longer.
        var untilFirst = Stopwatch.StartNew();
        await Task.WhenAny(firstAfterSwitch.Task, Task.Delay(TimeSpan.FromSeconds(20)));
        untilFirst.Stop();
        await Task.Delay(2000);
        await stop.CancelAsync();
        var (acknowledged, errors, afterSwitch) = await writer;
        Assert.True(prs.ExitCode == 0, Describe(prs));
        Assert.True(afterSwitch.Count > 0,
            $"no insert acknowledged after the reparent ({acknowledged.Count} before it, {errors} errors, PRS took {watch.ElapsedMilliseconds} ms, waited {untilFirst.ElapsedMilliseconds} ms)");

        // Every acknowledged row is on the new primary: read it there through the gate and
        // directly on 101's MariaDB.
        await using (var c = new MySqlConnection(GateConnectionString))
        {
            await c.OpenAsync();
            var rows = new HashSet<string>();
            await using var r = await new MySqlCommand("select sku from product where sku like 'W-%'", c).ExecuteReaderAsync();
            while (await r.ReadAsync()) rows.Add(System.Text.Encoding.UTF8.GetString((byte[])r.GetValue(0)));
            var lost = acknowledged.Where(sku => !rows.Contains(sku)).ToList();
            Assert.True(lost.Count == 0, $"acknowledged but lost: {string.Join(", ", lost)}");
        }

        var socket = Tessera.Mysqlctl.Mysqld.ForTablet(101, _root.Path).Mycnf.SocketFile;
        await using (var direct = new MySqlConnection($"Server={socket};Protocol=Unix;User ID=vt_dba;Database=vt_commerce;Pooling=false"))
        {
            await direct.OpenAsync();
            var count = Convert.ToInt64(await new MySqlCommand("select count(*) from product where sku like 'W-%'", direct).ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(count >= acknowledged.Count, $"101 has {Text((int)count)} writer rows, {Text(acknowledged.Count)} were acknowledged ({Text(errors)} errors, switch took {watch.ElapsedMilliseconds} ms)");
        }

        var tablets = await Ctl("GetTablets", "--format", "awk");
        Assert.True(tablets.ExitCode == 0, Describe(tablets));
        Assert.Contains("zone1-0000000101 commerce 0 primary", tablets.Stdout, StringComparison.Ordinal);
        Assert.Contains("zone1-0000000100 commerce 0 replica", tablets.Stdout, StringComparison.Ordinal);

        // Just after the switch the demoted primary may still report replication lag or a
        // replication thread connecting, or answer slowly on a loaded machine: the status is asked
        // again until it settles.
        const string NewPrimary = @"(?m)^tablet-101 .*commerce/0\s+replica\s+health: serving \(now primary\)$";
        const string NewReplica = @"(?m)^tablet-100 .*commerce/0\s+primary\s+health: serving \(now replica\)$";
        var status = await Local("status");
        for (var settle = Stopwatch.StartNew(); settle.Elapsed < TimeSpan.FromSeconds(20)
            && !(Regex.IsMatch(status.Stdout, NewPrimary) && Regex.IsMatch(status.Stdout, NewReplica)); status = await Local("status"))
        {
            await Task.Delay(500);
        }

        Assert.True(Regex.IsMatch(status.Stdout, NewPrimary) && Regex.IsMatch(status.Stdout, NewReplica), "local status after the reparent:\n" + status.Stdout);

        using var http = new HttpClient();
        var page = await http.GetStringAsync(new Uri($"http://127.0.0.1:{Text(_ctldPort)}/"));
        Assert.Contains("<td>zone1-0000000101</td></tr>", page, StringComparison.Ordinal);
        Assert.Matches("<tr><td>zone1-0000000101</td><td>0</td><td>primary</td><td>[^<]*</td><td>[^<]*</td><td class=\"ok\">serving</td>", page);
        Assert.Matches("<tr><td>zone1-0000000100</td><td>0</td><td>replica</td><td>[^<]*</td><td>[^<]*</td><td class=\"ok\">serving(, lag \\d+s)?</td>", page);

        // down and up again: 101 stays the primary (the shard record says so), 100 replicates from it.
        var down = await Local("down");
        Assert.True(down.ExitCode == 0, Describe(down));
        Assert.Empty(ProcessesUnder(_root.Path));
        var upAgain = await Local("up");
        _root.TrackRunning();
        Assert.True(upAgain.ExitCode == 0, Describe(upAgain));
        var after = await Ctl("GetTablets", "--format", "awk");
        Assert.Contains("zone1-0000000101 commerce 0 primary", after.Stdout, StringComparison.Ordinal);
        Assert.Contains("zone1-0000000100 commerce 0 replica", after.Stdout, StringComparison.Ordinal);
        await using (var c = new MySqlConnection(GateConnectionString))
        {
            await c.OpenAsync();
            Assert.Equal(1, await new MySqlCommand("insert into product(sku, description, price) values('AFTER-RESTART', 'x', 1)", c).ExecuteNonQueryAsync());
            var rows = Convert.ToInt64(await new MySqlCommand("select count(*) from product where sku like 'W-%'", c).ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(rows >= acknowledged.Count, $"{Text((int)rows)} writer rows after the restart, {Text(acknowledged.Count)} were acknowledged");
        }

        var socket100 = Tessera.Mysqlctl.Mysqld.ForTablet(100, _root.Path).Mycnf.SocketFile;
        await using (var old = new MySqlConnection($"Server={socket100};Protocol=Unix;User ID=vt_dba;Database=vt_commerce;Pooling=false"))
        {
            await old.OpenAsync();
            object? found = null;
            for (var i = 0; i < 50 && found is null; i++)
            {
                found = await new MySqlCommand("select sku from product where sku = 'AFTER-RESTART'", old).ExecuteScalarAsync();
                if (found is null) await Task.Delay(100);
            }

            Assert.NotNull(found);
        }
    }
}
