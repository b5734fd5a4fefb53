using System.Runtime.CompilerServices;

[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Tessera.Binlog.Tests;

/// A starting mariadbd (mariadb-install-db's bootstrap one too) deletes every "#sql*" file in its
/// tmpdir. On a machine where other test runs start servers with the shared /tmp, that breaks
/// mariadb-install-db halfway ("Unknown table 'mysql.tmp_user_sys'"). So this test run keeps its
/// temp files (and the servers' install step) in a private TMPDIR, and starts one server at a time.
internal static class TestEnvironment
{
    [ModuleInitializer]
    internal static void UsePrivateTempDirectory()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"tessera-binlog-tests-{Environment.ProcessId}");
        Directory.CreateDirectory(directory);
        Environment.SetEnvironmentVariable("TMPDIR", directory);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
            }
        };
    }
}
