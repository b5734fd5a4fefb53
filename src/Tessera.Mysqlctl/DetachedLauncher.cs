using System.Diagnostics;

namespace Tessera.Mysqlctl;

/// Starts mariadbd so that it outlives whoever started it, as Vitess's mysqlctl does (there through
/// mysqld_safe): a new session (setsid), so the shell's Ctrl-C and hang-up never reach it; stdin
/// from /dev/null and stdout/stderr appended to the error log, so it holds no pipe or terminal of
/// the caller (a caller reading our output to its end would otherwise wait for the server to exit).
/// `exec` keeps one pid through sh and setsid (setsid only forks when already a group leader, which
/// a fresh child is not), so the Process returned is mariadbd itself.
internal static class DetachedLauncher
{
    private const string Script =
        "log=\"$1\"; shift; " +
        "if command -v setsid >/dev/null 2>&1; then exec setsid \"$@\" </dev/null >>\"$log\" 2>&1; " +
        "else exec \"$@\" </dev/null >>\"$log\" 2>&1; fi";

    public static Process Start(string program, IEnumerable<string> args, string logFile)
    {
        var info = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(Script);
        info.ArgumentList.Add("sh");
        info.ArgumentList.Add(logFile);
        info.ArgumentList.Add(program);
        foreach (var arg in args) info.ArgumentList.Add(arg);
        return Process.Start(info) ?? throw new MysqlctlException($"could not start {program}");
    }
}
