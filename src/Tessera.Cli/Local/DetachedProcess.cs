using System.Diagnostics;
using System.Globalization;

namespace Tessera.Cli.Local;

// The local cluster's servers outlive `tessera local up`: each runs in its own session (setsid),
// reads nothing, writes to its log file, and its pid sits in a pid file for `status` and `down`.
internal static class DetachedProcess
{
    // The same tessera that is running now: the apphost (./tessera's .tessera/bin/tessera), or
    // `dotnet tessera.dll` when started that way.
    public static IReadOnlyList<string> TesseraCommand()
    {
        var processPath = Environment.ProcessPath ?? "dotnet";
        var name = Path.GetFileNameWithoutExtension(processPath);
        if (name.Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            return [processPath, typeof(DetachedProcess).Assembly.Location];
        }

        return [processPath];
    }

    public static int Start(IEnumerable<string> arguments, string logFile, string pidFile)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(logFile)!);
        Directory.CreateDirectory(Path.GetDirectoryName(pidFile)!);
        // The shell records its own pid and then execs the server, so the pid file names the server.
        var info = new ProcessStartInfo("setsid") { UseShellExecute = false };
        info.ArgumentList.Add("/bin/sh");
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("echo $$ > \"$0\"; log=\"$1\"; shift; exec \"$@\" >> \"$log\" 2>&1 < /dev/null");
        info.ArgumentList.Add(pidFile);
        info.ArgumentList.Add(logFile);
        foreach (var a in TesseraCommand()) info.ArgumentList.Add(a);
        foreach (var a in arguments) info.ArgumentList.Add(a);
        File.Delete(pidFile);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("setsid did not start");
        for (var i = 0; i < 100; i++)
        {
            if (ReadPid(pidFile) is { } pid) return pid;
            Thread.Sleep(50);
        }

        throw new IOException($"no pid written to {pidFile}; see {logFile}");
    }

    public static int? ReadPid(string pidFile)
    {
        try
        {
            return int.TryParse(File.ReadAllText(pidFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 0 ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    // Alive and not a zombie (a reaped-later child still shows in /proc as state Z).
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..];
            return !state.StartsWith('Z') && !state.StartsWith('X');
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    // SIGTERM, then SIGKILL if it has not gone within the grace period.
    public static async Task<bool> StopAsync(int pid, TimeSpan grace)
    {
        if (!IsAlive(pid)) return false;
        Signal(pid, "TERM");
        var deadline = DateTime.UtcNow + grace;
        while (DateTime.UtcNow < deadline)
        {
            if (!IsAlive(pid)) return true;
            await Task.Delay(100).ConfigureAwait(false);
        }

        Signal(pid, "KILL");
        for (var i = 0; i < 50 && IsAlive(pid); i++) await Task.Delay(100).ConfigureAwait(false);
        return true;
    }

    private static void Signal(int pid, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-" + signal, pid.ToString(CultureInfo.InvariantCulture) }, UseShellExecute = false });
        kill?.WaitForExit();
    }
}
