using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Tessera.Testing;

namespace Tessera.EndToEnd;

// What the local-cluster tests share: free ports for a whole cluster, and finding (and, when a
// test fails, killing) every process the cluster started — by its pid file or by the data root
// on its command line, so nothing of anyone else's is touched.
internal static class LocalClusterProcesses
{
    public static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static readonly HashSet<int> Given = [];

    // A base whose web, gRPC and MariaDB ports for every uid (base + uid, + 1000, + 2000) are free,
    // below the kernel's ephemeral range (32768 and up here), so no outgoing connection's local
    // port or FreePort.Next() can take one, above Vitess's default 15000-17999, and none handed to
    // another cluster of this test run (the test classes run in parallel).
    public static int FreeTabletPortBase(IEnumerable<uint> uids)
    {
        var list = uids.ToList();
        lock (Given)
        {
            for (var attempt = 0; attempt < 200; attempt++)
            {
                var b = Random.Shared.Next(18000, 32768 - 2000 - (int)list.Max());
                var ports = list.SelectMany(u => new[] { b + (int)u, b + 1000 + (int)u, b + 2000 + (int)u }).ToList();
                if (ports.Any(Given.Contains) || !ports.All(IsFree)) continue;
                Given.UnionWith(ports);
                return b;
            }
        }

        throw new InvalidOperationException("no free tablet port range");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var l = new TcpListener(IPAddress.Loopback, port);
            l.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public static List<int> RecordedPids(string dataRoot)
    {
        var pidDir = Path.Combine(dataRoot, "pids");
        return Directory.Exists(pidDir)
            ? [.. Directory.EnumerateFiles(pidDir, "*.pid").Select(f => int.Parse(File.ReadAllText(f).Trim(), CultureInfo.InvariantCulture))]
            : [];
    }

    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{Text(pid)}/stat");
            return stat[(stat.LastIndexOf(')') + 2)] is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
    }

    // Every live process whose command line names the data root: the tablets (--data-root),
    // ctld and the gate (--topo-global-root), each mariadbd (--defaults-file).
    public static List<(int Pid, string CommandLine)> ProcessesUnder(string dataRoot)
    {
        var found = new List<(int, string)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid == Environment.ProcessId) continue;
            string cmdline;
            try
            {
                cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }
            if (cmdline.Contains(dataRoot, StringComparison.Ordinal) && IsAlive(pid)) found.Add((pid, cmdline.Trim()));
        }
        return found;
    }

    // The last resort after a failed test: kill what is still running, by pid.
    public static void KillLeftovers(string dataRoot, IEnumerable<int> recorded)
    {
        foreach (var pid in recorded.Concat(ProcessesUnder(dataRoot).Select(p => p.Pid)).Distinct().Where(IsAlive))
        {
            try
            {
                using var p = Process.GetProcessById(pid);
                p.Kill(entireProcessTree: true);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
            }
        }
    }

    public static async Task<TesseraProcess.Result> RunAsync(string file, IEnumerable<string> args, IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment.Remove("TESSERA_DATAROOT");
        info.Environment.Remove("VTDATAROOT");
        foreach (var (name, value) in environment) info.Environment[name] = value;
        using var p = Process.Start(info) ?? throw new InvalidOperationException($"{file} did not start");
        ProcessReaper.Track(p);
        try
        {
            using var cts = new CancellationTokenSource(timeout);
            var stdout = p.StandardOutput.ReadToEndAsync(cts.Token);
            var stderr = p.StandardError.ReadToEndAsync(cts.Token);
            await p.WaitForExitAsync(cts.Token);
            return new TesseraProcess.Result(p.ExitCode, await stdout, await stderr);
        }
        finally
        {
            ProcessReaper.Kill(p);
        }
    }

    public static string Describe(TesseraProcess.Result r) =>
        new StringBuilder().Append("exit ").Append(Text(r.ExitCode)).Append("\n--- stdout\n").Append(r.Stdout).Append("\n--- stderr\n").Append(r.Stderr).ToString();
}
