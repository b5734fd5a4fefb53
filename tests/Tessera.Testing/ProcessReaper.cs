using System.Collections.Concurrent;
using System.Diagnostics;

namespace Tessera.Testing;

/// Remembers every process a test started so that, if the test host exits without the test's own
/// cleanup running (an assertion in a constructor, a crash), the processes still die with it.
/// Only processes we started are ever killed, by their id.
public static class ProcessReaper
{
    private static readonly ConcurrentDictionary<int, Process> Started = new();

    static ProcessReaper()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
    }

    public static void Track(Process process) => Started[process.Id] = process;

    public static void Kill(Process process)
    {
        Started.TryRemove(process.Id, out _);
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone: nothing to stop.
        }
    }

    private static void KillAll()
    {
        foreach (var process in Started.Values) Kill(process);
    }
}
