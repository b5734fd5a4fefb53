using System.Diagnostics;
using MySqlConnector;

namespace Tessera.Benchmarks.Binlog;

/// A binlog of one million single-row INSERT transactions written by a real MariaDB, generated
/// once and kept under the temp directory (delete it to regenerate).
internal static class BenchmarkBinlogFile
{
    public const int Rows = 1_000_000;

    public static string Directory => Path.Combine(Path.GetTempPath(), "tessera-bench-binlog-1m");

    public static string FirstFile => Path.Combine(Directory, "binlog.000001");

    public static string Ensure()
    {
        if (File.Exists(Path.Combine(Directory, "done")))
            return FirstFile;
        Generate().GetAwaiter().GetResult();
        return FirstFile;
    }

    private static async Task Generate()
    {
        var root = System.IO.Directory.CreateTempSubdirectory("tessera-bench-mariadb-").FullName;
        var data = Path.Combine(root, "data");
        var user = Environment.UserName;
        Run("mariadb-install-db", $"--no-defaults --datadir={data} --auth-root-authentication-method=normal --skip-test-db --user={user}");
        var port = 23000 + Environment.ProcessId % 1000;
        using var server = Process.Start(new ProcessStartInfo("mariadbd",
            $"--no-defaults --datadir={data} --socket={root}/mysql.sock --port={port} --bind-address=127.0.0.1 --user={user} " +
            $"--server-id=1 --log-bin={data}/binlog --binlog-format=ROW --binlog-row-metadata=FULL --log-error={root}/error.log " +
            "--innodb-flush-log-at-trx-commit=0 --sync-binlog=0 --innodb-buffer-pool-size=256M --max-binlog-size=1G")
        { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true })!;
        try
        {
            var connectionString = $"Server=127.0.0.1;Port={port};User ID=root;SslMode=None;Pooling=false;Default Command Timeout=600";
            MySqlConnection? connection = null;
            for (var attempt = 0; connection is null; attempt++)
            {
                try
                {
                    connection = new MySqlConnection(connectionString);
                    await connection.OpenAsync();
                }
                catch (MySqlException) when (attempt < 200)
                {
                    connection = null;
                    await Task.Delay(50);
                }
            }
            await using (connection)
            {
                foreach (var sql in new[]
                {
                    "CREATE DATABASE bench",
                    "CREATE TABLE bench.sbtest (id INT UNSIGNED PRIMARY KEY, k INT NOT NULL, c CHAR(120) NOT NULL, pad CHAR(60) NOT NULL, d DECIMAL(10,2), t DATETIME(6))",
                    "CREATE PROCEDURE bench.fill(n INT) BEGIN DECLARE i INT DEFAULT 0; WHILE i < n DO " +
                    "INSERT INTO bench.sbtest VALUES (i, i * 7, CONCAT('row-', i, '-', REPEAT('c', 40)), 'padding-padding', i / 100, NOW(6)); " +
                    "SET i = i + 1; END WHILE; END",
                    $"CALL bench.fill({Rows})",
                    "FLUSH BINARY LOGS",
                })
                {
                    await using var command = new MySqlCommand(sql, connection);
                    await command.ExecuteNonQueryAsync();
                }
            }
            System.IO.Directory.CreateDirectory(Directory);
            File.Copy(Path.Combine(data, "binlog.000001"), FirstFile, overwrite: true);
            File.WriteAllText(Path.Combine(Directory, "done"), "");
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            server.WaitForExit();
            System.IO.Directory.Delete(root, recursive: true);
        }
    }

    private static void Run(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true })!;
        process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} failed with exit code {process.ExitCode}");
    }
}
