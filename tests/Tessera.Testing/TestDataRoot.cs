using System.Diagnostics;
using System.Globalization;
using Tessera.Mysqlctl;

namespace Tessera.Testing;

/// A throwaway Vitess-style data root (the directory holding vt_<uid> instances) for tests of
/// mysqlctl and of anything that runs its instances (the CLI, later the tablet). Disposing it kills
/// every mariadbd still running under it — found by the pid file of each vt_* directory and checked
/// against /proc, so only our servers are touched — and removes the directory, whether the test
/// passed or not. The path is short on purpose: a Unix socket path must fit in 107 bytes.
public sealed class TestDataRoot : IAsyncDisposable
{
    public TestDataRoot()
    {
        Path = Directory.CreateTempSubdirectory("tsr-").FullName;
    }

    public string Path { get; }

    /// An instance under this root on a free port (not started, not initialised).
    public Mysqld Instance(long tabletUid, int? port = null) => Mysqld.ForTablet(tabletUid, Path, port ?? FreePort.Next());

    /// Every mariadbd currently running under this root, by tablet uid.
    public IReadOnlyDictionary<long, int> RunningServers()
    {
        var running = new Dictionary<long, int>();
        if (!Directory.Exists(Path)) return running;
        foreach (var dir in Directory.EnumerateDirectories(Path, "vt_*"))
        {
            if (!long.TryParse(System.IO.Path.GetFileName(dir)[3..], NumberStyles.None, CultureInfo.InvariantCulture, out var uid) || uid <= 0) continue;
            if (Mysqld.ForTablet(uid, Path).ProcessId is { } pid) running[uid] = pid;
        }
        return running;
    }

    /// Hands every running server to ProcessReaper, so they die with the test host even if this
    /// root is never disposed (a test host killed by a hang timeout). Call after starting servers
    /// from another process (the CLI), whose children the reaper cannot otherwise know.
    public void TrackRunning()
    {
        foreach (var pid in RunningServers().Values)
        {
            try
            {
                ProcessReaper.Track(Process.GetProcessById(pid));
            }
            catch (ArgumentException)
            {
                // Exited in between: nothing to track.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var pid in RunningServers().Values)
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                ProcessReaper.Kill(process);
            }
            catch (ArgumentException)
            {
            }
        }
        await Task.Yield();
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a dying server: the temp directory is cleaned by the OS later.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
