using System.Globalization;
using System.Runtime.InteropServices;

namespace Tessera.Mysqlctl;

/// What mysqlctl needs to know about other processes, from /proc: whether a pid is a live
/// mariadbd of this instance (a pid file can outlive its server and its pid be reused), and a
/// way to send SIGTERM, which .NET's Process.Kill (SIGKILL) does not offer.
internal static partial class ProcessTable
{
    private const int SigTerm = 15;

    /// True when <paramref name="pid"/> is a running (not zombie) mariadbd whose command line
    /// names <paramref name="mycnfFile"/>; false for any other process or none.
    public static bool IsMariadbdOf(int pid, string mycnfFile)
    {
        if (pid <= 0) return false;
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // "pid (comm) S …": the state letter follows the last ')'; Z and X are dead.
            var close = stat.LastIndexOf(')');
            if (close < 0 || close + 2 >= stat.Length) return false;
            var state = stat[close + 2];
            if (state is 'Z' or 'X') return false;
            var cmdline = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0');
            return cmdline.Length > 0
                && Path.GetFileName(cmdline[0]) is "mariadbd" or "mysqld"
                && cmdline.Contains("--defaults-file=" + mycnfFile);
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

    /// The kernel's start time of a live (not zombie) process, which together with its pid names
    /// it uniquely (a pid can be reused, not with the same start time); null when it is gone.
    /// While a process exits its command line already reads empty, so "still our mariadbd"
    /// cannot answer "has it gone yet"; this can.
    public static long? LiveStartTime(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var close = stat.LastIndexOf(')');
            if (close < 0) return null;
            // After "(comm)": state is field 3 of stat, starttime field 22.
            var fields = stat[(close + 2)..].Split(' ');
            if (fields.Length < 20 || fields[0] is "Z" or "X") return null;
            return long.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out var start) ? start : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    public static int? ReadPidFile(string pidFile)
    {
        try
        {
            var text = File.ReadAllText(pidFile).Trim();
            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 0 ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// Asks the process to stop as a clean shutdown would (mariadbd treats SIGTERM as SHUTDOWN).
    public static bool Terminate(int pid) => Kill(pid, SigTerm) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
