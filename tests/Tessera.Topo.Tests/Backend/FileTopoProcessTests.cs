using System.Diagnostics;
using System.Globalization;
using System.Text;
using Tessera.Topo.Backend;
using Tessera.Topo.File;
using Xunit.Abstractions;

namespace Tessera.Topo.Tests.Backend;

// The file backend against real other processes: this test assembly run as a child
// (Program.Main's topo-race mode), and short-lived shell processes whose pids hold locks.
public sealed class FileTopoProcessTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "tessera-topo-" + Guid.NewGuid().ToString("N"));

    static FileTopoProcessTests() => ThreadPool.SetMinThreads(16, 16);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task TwoProcessesAndThisOne_RacingOnOneRecord_LoseNoUpdate_AndAWatchSeesAnotherProcessesWrite()
    {
        var topo = new FileTopo(_root);
        await topo.CreateAsync("keyspaces/ks/counter", Encoding.UTF8.GetBytes("0"));
        await using var watch = await topo.WatchAsync("keyspaces/ks/counter");
        const int perChild = 100;
        var children = new[] { StartRaceChild(perChild), StartRaceChild(perChild) };
        try
        {
            // Race the children from here too until both are done.
            var mine = 0;
            var myConflicts = 0;
            while (children.Any(c => !c.HasExited) || mine == 0)
            {
                myConflicts += await TopoRace.IncrementAsync(topo, "keyspaces/ks/counter");
                mine++;
            }
            foreach (var c in children)
            {
                await c.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
                var stdout = await c.StandardOutput.ReadToEndAsync();
                var stderr = await c.StandardError.ReadToEndAsync();
                Assert.True(c.ExitCode == 0, $"child exited {c.ExitCode}: {stderr}");
                output.WriteLine($"child pid {c.Id}: {perChild} increments, {stdout.Trim()} version conflicts retried");
            }
            output.WriteLine($"this process: {mine} increments, {myConflicts} version conflicts retried");

            var raced = await topo.GetAsync("keyspaces/ks/counter");
            Assert.Equal((2 * perChild + mine).ToString(CultureInfo.InvariantCulture), Encoding.UTF8.GetString(raced.Data));

            // One last write by another process: the watch here must see it within a second.
            using var last = StartRaceChild(1);
            try
            {
                await last.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            }
            finally
            {
                Stop(last);
            }
            var sw = Stopwatch.StartNew();
            var final = await topo.GetAsync("keyspaces/ks/counter");
            Assert.Equal((2 * perChild + mine + 1).ToString(CultureInfo.InvariantCulture), Encoding.UTF8.GetString(final.Data));
            await foreach (var e in watch.Changes.WithCancellation(new CancellationTokenSource(TimeSpan.FromSeconds(5)).Token))
            {
                if (e.Node?.Version == final.Version)
                    break;
            }
            Assert.True(sw.Elapsed < TimeSpan.FromSeconds(1), $"watch reached the final value after {sw.Elapsed}");
        }
        finally
        {
            foreach (var c in children)
                Stop(c);
        }
    }

    [Fact]
    public async Task Lock_HeldByAnotherProcess_Excludes_UntilThatProcessIsKilled()
    {
        var topo = new FileTopo(_root);
        using var child = StartChild("topo-lock", _root, "keyspaces/ks");
        try
        {
            var line = await child.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal("locked", line);
            var e = await Assert.ThrowsAsync<TopoException>(() => topo.LockAsync("keyspaces/ks", "parent", TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(30)));
            Assert.Equal(TopoErrorCode.Timeout, e.Code);
            Assert.Contains($"pid {child.Id}", e.Message, StringComparison.Ordinal);

            // The holder dies without releasing (30 s ttl left): its dead pid frees the lock.
            Stop(child);
            var sw = Stopwatch.StartNew();
            await using var l = await topo.LockAsync("keyspaces/ks", "parent", TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30));
            Assert.True(sw.Elapsed < TimeSpan.FromSeconds(1), $"took {sw.Elapsed}");
            await l.CheckAsync();
        }
        finally
        {
            Stop(child);
        }
    }

    [Fact]
    public async Task Lock_WhoseHolderProcessDied_IsTakenAtOnceThoughNotExpired()
    {
        var topo = new FileTopo(_root);
        int deadPid;
        using (var shell = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", "exit 0"]))!)
        {
            await shell.WaitForExitAsync();
            deadPid = shell.Id;
        }
        WriteForeignLock(topo, "keyspaces/ks", deadPid, DateTimeOffset.UtcNow.AddHours(1));

        var sw = Stopwatch.StartNew();
        await using var l = await topo.LockAsync("keyspaces/ks", "after the dead", TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30));
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(1), $"took {sw.Elapsed}");
        await l.CheckAsync();
    }

    [Fact]
    public async Task Lock_WhoseHolderProcessLives_IsKept_UntilThatProcessIsKilled()
    {
        var topo = new FileTopo(_root);
        using var sleeper = Process.Start(new ProcessStartInfo("/bin/sleep", ["60"]))!;
        try
        {
            WriteForeignLock(topo, "keyspaces/ks", sleeper.Id, DateTimeOffset.UtcNow.AddHours(1));
            var e = await Assert.ThrowsAsync<TopoException>(() => topo.LockAsync("keyspaces/ks", "waiter", TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(30)));
            Assert.Equal(TopoErrorCode.Timeout, e.Code);
            Assert.Contains($"pid {sleeper.Id}", e.Message, StringComparison.Ordinal);

            Stop(sleeper);
            await using var l = await topo.LockAsync("keyspaces/ks", "after the kill", TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30));
            await l.CheckAsync();
        }
        finally
        {
            Stop(sleeper);
        }
    }

    [Fact]
    public async Task Lock_WhoseRecordExpired_IsTakenThoughTheHolderLives()
    {
        var topo = new FileTopo(_root);
        WriteForeignLock(topo, "keyspaces/ks", Environment.ProcessId, DateTimeOffset.UtcNow.AddMilliseconds(-1));
        await using var l = await topo.LockAsync("keyspaces/ks", "after expiry", TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(30));
        await l.CheckAsync();
    }

    private static void WriteForeignLock(FileTopo topo, string path, int pid, DateTimeOffset expires)
    {
        var record = new FileLockRecord("someone-else", pid, Environment.MachineName, "held elsewhere", expires.ToUnixTimeMilliseconds());
        System.IO.File.WriteAllBytes(topo.LockFilePath(path), record.ToBytes());
    }

    private Process StartRaceChild(int count) =>
        StartChild("topo-race", _root, "keyspaces/ks/counter", count.ToString(CultureInfo.InvariantCulture));

    private static Process StartChild(params string[] args)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (string.IsNullOrEmpty(dotnet))
            dotnet = Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";
        var psi = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.ArgumentList.Add(typeof(Program).Assembly.Location);
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        return Process.Start(psi) ?? throw new InvalidOperationException("could not start " + dotnet);
    }

    private static void Stop(Process p)
    {
        try
        {
            if (!p.HasExited)
            {
                p.Kill(entireProcessTree: true);
                p.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
        }
    }
}
